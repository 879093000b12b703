using System.Globalization;
using CronPlan.Cron;
using CronPlan.Diagnostics;
using CronPlan.Jobs;
using CronPlan.Plans;
using CronPlan.Tabs;
using CronPlan.Time;

namespace CronPlan.Analysis;

/// <summary>What the run analysis knows beyond the cron tabs: the host's zone, the deadline, durations and promises.</summary>
public sealed record AnalysisOptions
{
    /// <summary>The zone the daemon runs in.</summary>
    public TimeZoneInfo HostZone { get; init; } = TimeZoneInfo.Utc;

    /// <summary>
    /// Every job finished by this time of day (minutes after midnight in <see cref="DeadlineZone"/>); default 01:00, the
    /// lab's teardown. Null: no deadline applies (<c>lint</c> without <c>--deadline</c>), and CPL4004 is not checked.
    /// </summary>
    public int? Deadline { get; init; } = 60;

    /// <summary>The zone the deadline is written in; default UTC.</summary>
    public TimeZoneInfo DeadlineZone { get; init; } = TimeZoneInfo.Utc;

    /// <summary>
    /// Where the deadline comes from, named in every message about it: "--deadline", "plan", "backup_sla.md:14",
    /// "check's default: the lab's teardown". Default "default: the lab's teardown".
    /// </summary>
    public string DeadlineSource { get; init; } = "default: the lab's teardown";

    /// <summary>
    /// Where the repository's documents tell to make the first full upload by hand (a <c>duplicity full</c> command
    /// shown as a first or manual step); null when nothing does. With it, CPL4005 is a warning naming this place: the
    /// explicit incremental fails only if that step is skipped.
    /// </summary>
    public SourceLocation? ManualFullDocumentedAt { get; init; }

    /// <summary>
    /// Deadlines stated for single services (an SLA's "MySQL backups finish by 05:00 UTC"), by service key: each with
    /// its minute of day, zone and source. A job whose service is listed is judged against its own.
    /// </summary>
    internal IReadOnlyDictionary<string, (int Minute, TimeZoneInfo Zone, string Source)> ServiceDeadlines { get; init; } = new Dictionary<string, (int, TimeZoneInfo, string)>();

    /// <summary>How long making and storing one backup of a service takes (an SLA's "takes up to"), with where it is stated.</summary>
    internal IReadOnlyDictionary<string, (TimeSpan Takes, string Source)> ServiceDurations { get; init; } = new Dictionary<string, (TimeSpan, string)>();

    /// <summary>Where the entries of the duration dictionaries are stated, by the same keys ("the plan", a compiled tab's header).</summary>
    internal IReadOnlyDictionary<string, string> DurationSources { get; init; } = new Dictionary<string, string>();

    /// <summary>When the cron tabs go live; null (or a moment outside the years 1971 to 9000) for every moment of the cycle.</summary>
    public DateTimeOffset? Deploy { get; init; }

    /// <summary>
    /// Where the runs are followed from and the DST checks look (this year and the next): <see cref="Deploy"/> when it
    /// lies in the years CronPlan computes with, else <see cref="ReferenceStart.Moment"/>. The one start of every caller.
    /// </summary>
    internal DateTimeOffset Start => Deploy is { } deploy && InputLimits.IsSupported(deploy) ? deploy : ReferenceStart.Moment;

    /// <summary>
    /// The options every caller of the pipeline starts from, built the same way: the host's zone, when the tabs go live
    /// (null: the reference start), and the deadline with where it comes from (a null deadline: none is checked).
    /// </summary>
    internal static AnalysisOptions From(TimeZoneInfo hostZone, DateTimeOffset? deploy, int? deadline, TimeZoneInfo deadlineZone, string deadlineSource) => new()
    {
        HostZone = hostZone,
        Deploy = deploy,
        Deadline = deadline,
        DeadlineZone = deadlineZone,
        DeadlineSource = deadlineSource,
    };

    /// <summary>What linting a tab of this host checks against: its zone, DST checks from <see cref="Start"/>, and the file's facts.</summary>
    internal CronTabLintOptions LintOptions(CronTabFileFacts? file = null) => new(HostZone, Start, file);

    /// <summary>Worst-case durations of dump commands, by the command as written.</summary>
    public IReadOnlyDictionary<string, TimeSpan> DumpDurations { get; init; } = new Dictionary<string, TimeSpan>();

    /// <summary>Worst-case durations of uploads and retention runs, by duplicity target URL.</summary>
    public IReadOnlyDictionary<string, TimeSpan> UploadDurations { get; init; } = new Dictionary<string, TimeSpan>();

    /// <summary>Worst-case durations of retention runs, by duplicity target URL.</summary>
    public IReadOnlyDictionary<string, TimeSpan> RetentionDurations { get; init; } = new Dictionary<string, TimeSpan>();

    /// <summary>Recovery point objectives, by duplicity target URL (CPL4011).</summary>
    public IReadOnlyDictionary<string, TimeSpan> Rpo { get; init; } = new Dictionary<string, TimeSpan>();

    /// <summary>Targets whose retention period is promised (CPL4010).</summary>
    public IReadOnlySet<string> RetentionPromised { get; init; } = new HashSet<string>();

    /// <summary>Where each promised retention is stated, by target ("backup_sla.md:19 'retained for 4 weeks'"), for CPL4010's message.</summary>
    internal IReadOnlyDictionary<string, string> RetentionEvidence { get; init; } = new Dictionary<string, string>();

    /// <summary>Recovery point objectives by targets the job model has read already: what <see cref="Rpo"/> holds as text.</summary>
    internal IReadOnlyList<(DuplicityTarget Target, TimeSpan Objective)> RpoTargets { get; init; } = [];

    /// <summary>Promised retention by targets the job model has read already, with where each is stated (or null).</summary>
    internal IReadOnlyList<(DuplicityTarget Target, string? Evidence)> RetentionTargets { get; init; } = [];

    /// <summary>The tabs whose header, when <c>cronplan compile</c> wrote it, times their jobs (see <see cref="ScheduleAnalyzer.WithCompiledDurations"/>).</summary>
    internal IReadOnlySet<CronTab> HeaderTabs { get; init; } = new HashSet<CronTab>();

    /// <summary>The backup user's .my.cnf has <c>no_tablespaces</c> (CPL4017); null when unknown.</summary>
    public bool? MyCnfNoTablespaces { get; init; }

    /// <summary>Longest incremental chain before CPL4012 warns; default 35 days.</summary>
    public int FullChainLimitDays { get; init; } = 35;

    /// <summary>
    /// Where a tab's line was written, for messages that point at another job ("the dump on line 4"): a template line
    /// in a repository. Null: the tab's own path and line.
    /// </summary>
    public Func<string, int, SourceLocation>? SourceOf { get; init; }
}

/// <summary>A cron tab to analyse, with the path diagnostics name.</summary>
/// <param name="Path">The path to report.</param>
/// <param name="Tab">The parsed tab.</param>
public sealed record AnalyzedTab(string Path, CronTab Tab);

/// <summary>
/// CPL4001-CPL4017: recognises dump, upload and retention jobs in cron tabs, pairs uploads with dumps by path, and judges
/// them over their real runs (the Debian engine's, in the host's zone) across 28 years: every combination of weekday,
/// day of month, month and leap year, and every DST change of those years.
/// </summary>
public static class ScheduleAnalyzer
{
    /// <summary>Assumed when nothing states a duration; what only an assumption makes late or early is at most an info that names it.</summary>
    public static readonly TimeSpan DefaultDumpDuration = StatedDurations.DefaultDump;

    /// <summary>Assumed upload duration.</summary>
    public static readonly TimeSpan DefaultUploadDuration = StatedDurations.DefaultUpload;

    /// <summary>Assumed retention duration.</summary>
    public static readonly TimeSpan DefaultRetentionDuration = StatedDurations.DefaultRetention;

    private const int DeadZoneMinutes = 6 * 60;
    private const int PeriodYears = 28;
    private const double RunBudget = 4_000_000;

    /// <summary>
    /// Lints each of <paramref name="tabs"/> (CPL1xxx, CPL2xxx) and analyses their backup jobs together (CPL4xxx), as
    /// <c>cronplan lint</c> does with the tabs of one host: the DST checks and the runs start at
    /// <see cref="AnalysisOptions.Deploy"/>, else at the start every caller shares (2026-01-01 UTC); a tab written by
    /// <c>cronplan compile</c> is timed by its header. Suppression comments applied; in the order of files and lines.
    /// </summary>
    public static IReadOnlyList<Diagnostic> LintAndAnalyze(IReadOnlyList<AnalyzedTab> tabs, AnalysisOptions options)
    {
        ArgumentNullException.ThrowIfNull(tabs);
        ArgumentNullException.ThrowIfNull(options);
        return TabPipeline.Run([.. tabs.Select(TabInput.Of)], options).Findings;
    }

    /// <summary>Analyses the tabs of one host together.</summary>
    public static IReadOnlyList<Diagnostic> Analyze(IReadOnlyList<AnalyzedTab> tabs, AnalysisOptions options)
    {
        ArgumentNullException.ThrowIfNull(tabs);
        ArgumentNullException.ThrowIfNull(options);
        return TabPipeline.Analyze([.. tabs.Select(t => (t.Path, t.Tab))], () => JobsOf(tabs, options), options);
    }

    /// <summary>What the rules find over the runs of <paramref name="tabs"/>' jobs, before it is placed on the tabs.</summary>
    internal static IReadOnlyList<Diagnostic> Judge(IReadOnlyList<BackupTab> tabs, AnalysisOptions options) => new Run(tabs, options).Analyze();

    /// <summary>
    /// The backup jobs of <paramref name="tabs"/>, each tab read once, timed by what <paramref name="options"/> state (and
    /// by a compiled tab's header, where <see cref="WithCompiledDurations"/> asked for it), calling <paramref name="scripts"/>.
    /// </summary>
    internal static IReadOnlyList<BackupTab> JobsOf(IReadOnlyList<AnalyzedTab> tabs, AnalysisOptions options, IReadOnlyDictionary<string, string>? scripts = null)
    {
        var durations = StatedDurationsOf(options);
        return [.. tabs.Select(t => BackupJobBuilder.Build(t.Tab, t.Path, new JobSources(scripts, durations, options.HeaderTabs.Contains(t.Tab))))];
    }

    /// <summary>The analysis options a plan implies for one of its hosts: its zone, deadline, durations, RPOs and retention promises.</summary>
    public static AnalysisOptions OptionsFor(BackupPlan plan, string host = "") => OptionsFor(plan, host, withDurations: true);

    /// <summary>
    /// The same; without the durations for the compiler's own proof, which hands its jobs' durations to the job model as
    /// values instead of as text to read again.
    /// </summary>
    internal static AnalysisOptions OptionsFor(BackupPlan plan, string host, bool withDurations)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(plan);
        var dumps = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        var uploads = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        var retention = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        var rpo = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        var promised = new HashSet<string>(StringComparer.Ordinal);
        var sources = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var service in plan.Services)
        {
            if (service.Dump is { } dump)
            {
                dumps[dump.Command] = dump.Takes;
                sources[dump.Command] = PlanLine(dump.Location);
            }

            if (service.Upload is { } upload)
            {
                var url = plan.TargetUrl(upload, host);
                uploads[url] = upload.Takes;
                sources[url] = PlanLine(upload.Location);
                if (service.Rpo is { } objective)
                {
                    rpo[url] = objective;
                }

                if (service.Retention is { } r)
                {
                    retention[url] = r.Takes;
                    promised.Add(url);
                }
            }
        }

        var options = AnalysisOptions.From(plan.HostZone, plan.Deploy, plan.Window.Deadline, plan.Window.Zone, "plan") with
        {
            Rpo = rpo,
            RetentionPromised = promised,
        };
        return withDurations ? options with { DumpDurations = dumps, UploadDurations = uploads, RetentionDurations = retention, DurationSources = sources } : options;
    }

    /// <summary>How messages name where the plan states a duration: <c>plan.yaml:11</c>, or "the plan" for one built in code.</summary>
    internal static string PlanLine(SourceLocation location) =>
        string.IsNullOrEmpty(location.File) ? "the plan" : string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileName(location.File)}:{location.Line}");

    /// <summary>A recognised step of a job with its worst-case duration and its runs.</summary>
    private sealed record StepRuns(BackupTab Tab, BackupJob Owner, BackupStep Step, StepDuration Duration, long[] Starts)
    {
        public int Minutes => Duration.Minutes;

        public bool Stated => Duration.Stated;

        public CronJob Job => Owner.Cron;

        public DuplicityTarget Target => Step.Target!;

        public SourceLocation Location => Owner.LocationOf(Step);

        public SourceLocation ScheduleLocation => Owner.ScheduleLocation;
    }

    /// <summary>
    /// <paramref name="options"/> under which the tabs of <paramref name="tabs"/> that <c>cronplan compile</c> wrote are
    /// judged by the worst-case durations their header states (<c>#   mysql.dump 23:06-23:11</c>), not by assumed ones.
    /// Tabs written by hand are left to the options and the defaults. The header is read once, with the tab's jobs.
    /// </summary>
    public static AnalysisOptions WithCompiledDurations(AnalysisOptions options, IEnumerable<AnalyzedTab> tabs)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(tabs);
        var headed = new HashSet<CronTab>(options.HeaderTabs, ReferenceEqualityComparer.Instance);
        headed.UnionWith(tabs.Select(t => t.Tab));
        return options with { HeaderTabs = headed };
    }

    /// <summary>The durations <paramref name="options"/> state, for the job model.</summary>
    internal static StatedDurations StatedDurationsOf(AnalysisOptions options) => new(options.DumpDurations, options.UploadDurations, options.RetentionDurations, options.DurationSources, options.ServiceDurations);

    /// <summary>The longest gap between the runs of one or more schedules, exact over 400 years when they combine into one; null when they do not.</summary>
    internal static TimeSpan? LongestGap(IReadOnlyList<CronSchedule> schedules, TimeZoneInfo zone)
    {
        var distinct = schedules.Distinct().ToList();
        var single = distinct.Count == 1 ? distinct[0] : Run.Union(distinct);
        return single?.AnalyzeCycle(zone, ReferenceStart.Year).Longest is { } longest ? longest.Before - longest.After : null;
    }

    private sealed class Run(IReadOnlyList<BackupTab> tabs, AnalysisOptions options)
    {
        /// <summary>The deployment moment, when it lies in the years the analysis can compute a cycle from (else every moment counts).</summary>
        private DateTimeOffset? Deploy => options.Deploy is { } deploy && InputLimits.IsSupported(deploy) ? deploy : null;

        private readonly List<Diagnostic> _found = [];
        private readonly ZoneTimeline _host = ZoneTimeline.For(options.HostZone);

        // Every minute of the analysis is a UTC minute as the engine counts it (WallClock: since 0001-01-01), so that the
        // host's timeline names each one as the engine stamps its run.
        private long _periodStart;
        private long _periodEnd;

        /// <summary>"line 4" when <paramref name="other"/> was written in the same file as <paramref name="self"/>, else "file:4".</summary>
        private string LineOf(StepRuns other, StepRuns self)
        {
            SourceLocation Source(StepRuns step) => options.SourceOf?.Invoke(step.Tab.Path, step.Job.Line) ?? step.Location;
            var (there, here) = (Source(other), Source(self));
            return there.File == here.File
                ? string.Create(CultureInfo.InvariantCulture, $"line {there.Line}")
                : string.Create(CultureInfo.InvariantCulture, $"{there.File}:{there.Line}");
        }

        public List<Diagnostic> Analyze()
        {
            var steps = Recognise();
            if (steps.Count == 0)
            {
                return _found;
            }

            var dumps = steps.Where(s => s.Step.Kind == StepKind.Dump).ToList();
            var uploads = steps.Where(s => s.Step.Kind == StepKind.Upload).ToList();
            var retention = steps.Where(s => s.Step.Kind == StepKind.Retention).ToList();
            CheckPairs(dumps, uploads);
            CheckDeadline(steps);
            CheckFirstUpload(uploads);
            CheckTargets(uploads, retention);
            CheckRetention(uploads, retention);
            CheckRecoveryPoints(uploads);
            CheckSameDumpFiles(dumps);
            CheckClearedUnderADump(dumps);
            CheckTablespaces(dumps);
            CheckEncryption(uploads);
            return _found;
        }

        private List<StepRuns> Recognise()
        {
            var start = options.Start.UtcDateTime;
            _periodStart = WallClock.ToMinutes(start);
            var found = new List<StepRuns>();
            var runsPerDay = 0L;
            var jobs = new List<(BackupTab Tab, BackupJob Job)>();
            foreach (var tab in tabs)
            {
                foreach (var job in tab.Jobs)
                {
                    // A tab the daemon ignores (CPL2013) is judged as meant: its syntax fix must not uncover a second failure.
                    var judged = job.Runs || (!tab.Tab.Loads && job.Cron.Command.Length > 0);
                    if (!judged || job.Cron.Schedule is not { NeverFires: false } schedule)
                    {
                        continue;
                    }

                    jobs.Add((tab, job));
                    runsPerDay += (schedule.Calendar is { } c ? c.TimesOfDay.Length : 1) * job.Steps.Count(s => s.Kind != StepKind.Other);
                }
            }

            // 28 years unless the tabs hold so many runs a day that this would pass RunBudget runs: then fewer, but at least
            // eight weeks (every weekday pattern many times over).
            var days = Math.Clamp(RunBudget / Math.Max(1, runsPerDay), 56, PeriodYears * 365.25);
            _periodEnd = WallClock.ToMinutes(days >= PeriodYears * 365 ? start.AddYears(PeriodYears) : start.AddDays(Math.Floor(days)));
            foreach (var (tab, job) in jobs)
            {
                var starts = Starts(job.Cron.Schedule!);
                foreach (var step in job.Steps.Where(s => s.Kind != StepKind.Other))
                {
                    // A step chained after others starts when they end, each at its worst case.
                    found.Add(new StepRuns(tab, job, step.Step, step.Duration, step.StartMinute == 0 ? starts : [.. starts.Select(s => s + step.StartMinute)]));
                }

                CheckChain(tab, job);
            }

            return found;
        }

        /// <summary>Run starts over the period: the Debian engine's runs of the line in the host's zone, catch-ups and repeats as it makes them.</summary>
        private long[] Starts(CronSchedule schedule)
        {
            var starts = new List<long>();
            foreach (var run in schedule.RunsAfter(WallClock.ToOffset(_periodStart - 1, 0), options.HostZone))
            {
                var at = WallClock.ToUtcMinutes(run.At);
                if (at >= _periodEnd)
                {
                    break;
                }

                starts.Add(at);
            }

            return [.. starts];
        }

        private void CheckChain(BackupTab tab, BackupJob owner)
        {
            var job = owner.Cron;
            var steps = owner.Steps.Select(s => s.Step).ToList();
            for (var i = 1; i < steps.Count; i++)
            {
                if (steps[i].Kind == StepKind.Upload && steps[i].Join is StepJoin.Sequence or StepJoin.Or or StepJoin.Background && steps.Take(i).Any(s => s.Kind == StepKind.Dump))
                {
                    var column = job.CommandSpan.Column + steps[i].Offset;
                    var (written, runs) = steps[i].Join switch
                    {
                        StepJoin.Or => ("||", "only when the dump failed"),
                        StepJoin.Background => ("&", "while the dump is still writing"),
                        _ => (";", "even when the dump failed"),
                    };
                    _found.Add(DiagnosticCatalog.CPL4014.Create(
                        new SourceLocation(tab.Path, job.Line, column, job.Line, column + 1),
                        $"the upload follows the dump with '{written}': it runs {runs} and ships the old dump as if it were fresh",
                        notes: steps[i].Script is { } script
                            ? ["join them with && so that a failed dump stops the upload, or start the script with set -e", $"in {script} line {steps[i].ScriptLine}"]
                            : ["join them with && so that a failed dump stops the upload"]));
                }
            }
        }

        private void CheckPairs(List<StepRuns> dumps, List<StepRuns> uploads)
        {
            var merged = new Dictionary<string, (long Start, StepRuns Dump)[]>(StringComparer.Ordinal);
            foreach (var upload in uploads)
            {
                // A dump chained before the upload in the same job runs first by construction: the upload starts at its end.
                if (ChainedDump(upload) is not null)
                {
                    continue;
                }

                var paired = dumps.Where(d => d.Step.Output is { } output && Contains(upload.Step.Source!, output)).ToList();
                if (paired.Count == 0)
                {
                    var sameFile = dumps.FirstOrDefault(d => d.Tab == upload.Tab && d.Step.Output is not null);
                    if (sameFile is not null)
                    {
                        _found.Add(DiagnosticCatalog.CPL4008.Create(
                            upload.Location,
                            $"the upload ships '{upload.Step.Source}', but the dump on {LineOf(sameFile, upload)} writes '{sameFile.Step.Output}': the backups never hold the dump",
                            notes: [$"upload the dump's directory: {DirectoryOf(sameFile.Step.Output!)}/", .. ScriptNote(upload) ?? []]));
                    }

                    continue;
                }

                // Every dump writing into the source counts: "a fresh dump" is any of them. Merged once per source, which keeps
                // a generated tab of thousands of lines linear.
                if (!merged.TryGetValue(Normalize(upload.Step.Source!), out var dumpRuns))
                {
                    dumpRuns = InOrder(paired);
                    merged[Normalize(upload.Step.Source!)] = dumpRuns;
                }

                ComparePairRuns(dumpRuns, upload);
            }
        }

        /// <summary>The dump the upload's own job runs before it into the upload's source, or null.</summary>
        private static BackupStep? ChainedDump(StepRuns upload) =>
            upload.Step.Join == StepJoin.Background ? null
                : upload.Owner.Steps.TakeWhile(s => !ReferenceEquals(s.Step, upload.Step)).Select(s => s.Step)
                    .LastOrDefault(s => s.Kind == StepKind.Dump && s.Output is { } output && Contains(upload.Step.Source!, output));

        private void ComparePairRuns((long Start, StepRuns Dump)[] dumps, StepRuns upload)
        {
            var starts = dumps.Select(d => d.Start).ToArray();
            bool sameMinute = false, stale = false, early = false;
            var previousUpload = long.MinValue;
            foreach (var u in upload.Starts)
            {
                var index = Array.BinarySearch(starts, u);
                if (index >= 0)
                {
                    while (index + 1 < starts.Length && starts[index + 1] == u)
                    {
                        index++;
                    }
                }

                var at = index >= 0 ? index : ~index - 1;
                var latest = at >= 0 ? starts[at] : long.MinValue;
                var dump = at >= 0 ? dumps[at].Dump : dumps[0].Dump;
                var nextIndex = index >= 0 ? index + 1 : ~index;
                long? next = nextIndex < starts.Length ? starts[nextIndex] : null;
                if (latest == u && !sameMinute)
                {
                    sameMinute = true;
                    _found.Add(DiagnosticCatalog.CPL4001.Create(
                        upload.ScheduleLocation,
                        $"the upload starts in the same minute as the dump on {LineOf(dump, upload)} ({Local(u)}): cron starts both at once and duplicity ships the previous dump, or a half-written one",
                        Shifted(upload, dump),
                        [$"start it after the dump's worst case: {dump.Duration.Words}"]));
                }
                else if (latest != u && previousUpload != long.MinValue && latest <= previousUpload && !stale && u > starts[0])
                {
                    stale = true;
                    _found.Add(DiagnosticCatalog.CPL4002.Create(
                        upload.ScheduleLocation,
                        $"on {Local(u)} the upload runs with no dump since the previous upload ({Local(previousUpload)}): it ships an old dump",
                        notes: [$"the dump runs '{dump.Job.ScheduleText}', the upload '{upload.Job.ScheduleText}': give them the same days, the upload after the dump"]));
                }
                else if (latest != u && !stale && next is { } n && (latest == long.MinValue ? n - u < 720 : n - u < u - latest) && u > starts[0])
                {
                    stale = true;
                    var nextDump = dumps[nextIndex].Dump;
                    _found.Add(DiagnosticCatalog.CPL4002.Create(
                        upload.ScheduleLocation,
                        $"on {Local(u)} the upload runs {n - u}m before that night's dump ({LineOf(nextDump, upload)}, {Local(n)}): it ships the dump of the night before",
                        Shifted(upload, nextDump),
                        [$"the dump runs '{nextDump.Job.ScheduleText}', the upload '{upload.Job.ScheduleText}': start the upload after the dump's worst case"]));
                }
                else if (latest != u && latest != long.MinValue && u - latest < dump.Minutes && !early && !sameMinute)
                {
                    early = true;

                    // Only a stated worst case makes this likely; against an assumed default it is worth knowing, no more.
                    _found.Add(DiagnosticCatalog.CPL4003.Create(
                        upload.ScheduleLocation,
                        $"the upload starts {u - latest}m after the dump on {LineOf(dump, upload)}, which may take {dump.Duration.Words}: on a slow night it ships a half-written dump",
                        Shifted(upload, dump),
                        dump.Stated ? null : ["state the dump's worst case (plan, SLA 'takes up to') to have this judged"],
                        severity: dump.Stated ? null : DiagnosticSeverity.Info));
                }

                previousUpload = u;
            }
        }

        /// <summary>
        /// The runs of several steps in start order (ties by line), as a sort of plain numbers: start x 1024 + the step's
        /// place, which a fleet's thousands of runs per target sort much faster than tuples.
        /// </summary>
        private static (long Start, StepRuns Step)[] InOrder(IEnumerable<StepRuns> steps)
        {
            var ordered = steps.OrderBy(s => s.Job.Line).ThenBy(s => s.Tab.Path, StringComparer.Ordinal).ToArray();
            if (ordered.Length >= 1024)
            {
                return [.. ordered.SelectMany(s => s.Starts.Select(start => (start, s))).OrderBy(r => r.start)];
            }

            var keys = new long[ordered.Sum(s => s.Starts.Length)];
            var at = 0;
            for (var i = 0; i < ordered.Length; i++)
            {
                foreach (var start in ordered[i].Starts)
                {
                    keys[at++] = (start * 1024) + i;
                }
            }

            Array.Sort(keys);
            var result = new (long, StepRuns)[keys.Length];
            for (var k = 0; k < keys.Length; k++)
            {
                result[k] = (keys[k] >> 10, ordered[(int)(keys[k] & 1023)]);
            }

            return result;
        }

        private static long[] Sorted(IEnumerable<long> values)
        {
            var array = values.ToArray();
            Array.Sort(array);
            return array;
        }

        /// <summary>The upload's line moved to start right after the dump's worst-case end (same days).</summary>
        private static string? Shifted(StepRuns upload, StepRuns dump)
        {
            if (upload.Job.Schedule?.Calendar is not { } calendar || dump.Job.Schedule?.Calendar is not { } dumpCalendar || dumpCalendar.TimesOfDay.Length != 1 || calendar.TimesOfDay.Length != 1)
            {
                return null;
            }

            var start = dumpCalendar.TimesOfDay[0] + dump.Minutes;
            if (start >= 1440)
            {
                return null;
            }

            var fields = upload.Job.ScheduleText.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length != 5)
            {
                return null;
            }

            var line = upload.Job.LineText;
            var schedule = string.Create(CultureInfo.InvariantCulture, $"{start % 60} {start / 60} {fields[2]} {fields[3]} {fields[4]}");
            return line[..(upload.Job.ScheduleSpan.Column - 1)] + schedule + line[(upload.Job.ScheduleSpan.EndColumn - 1)..];
        }

        private void CheckDeadline(List<StepRuns> steps)
        {
            foreach (var step in steps)
            {
                if (DeadlineOf(step) is not { } deadline)
                {
                    continue;
                }

                var zone = ZoneTimeline.For(deadline.Zone);
                foreach (var start in step.Starts)
                {
                    var sinceDeadline = SinceDeadline(start, deadline.Minute, zone);
                    var startsLate = sinceDeadline < DeadZoneMinutes;
                    var endsLate = !startsLate && sinceDeadline + step.Minutes > 1440;
                    if (!startsLate && !endsLate)
                    {
                        continue;
                    }

                    var named = $"the deadline {NightClock.Format(deadline.Minute)} {NightClock.ZoneName(deadline.Zone)} ({deadline.Source})";

                    // A start after the deadline is certain; an end after it is as certain as the duration: an assumed default
                    // only raises an info that names the assumption.
                    var message = startsLate
                        ? $"the {Kind(step)} starts at {Local(start)}, {sinceDeadline}m after {named}: the machines are gone by then"
                        : $"the {Kind(step)} starting {Local(start)} may run {step.Duration.Words}, past {named}";
                    _found.Add(DiagnosticCatalog.CPL4004.Create(
                        step.ScheduleLocation,
                        message,
                        severity: startsLate || step.Stated ? null : DiagnosticSeverity.Info,
                        notes: step.Stated || startsLate ? null : ["no duration is stated for this job: the assumed default decides; state it in the plan or the SLA ('takes up to')"]));
                    break;
                }
            }
        }

        /// <summary>The deadline a step is judged against: its service's own, else the general one; null when none applies.</summary>
        private (int Minute, TimeZoneInfo Zone, string Source)? DeadlineOf(StepRuns step) =>
            step.Owner.Service is { } service && options.ServiceDeadlines.TryGetValue(service, out var own) ? own
            : options.Deadline is { } minute ? (minute, options.DeadlineZone, options.DeadlineSource)
            : null;

        /// <summary>Minutes from the last deadline (<paramref name="deadline"/> in <paramref name="zone"/>) to <paramref name="utcMinute"/>.</summary>
        private static int SinceDeadline(long utcMinute, int deadline, ZoneTimeline zone)
        {
            var local = utcMinute + zone.OffsetAt(utcMinute);
            return NightClock.Forward(deadline, NightClock.MinuteOfDay(local));
        }

        private void CheckFirstUpload(List<StepRuns> uploads)
        {
            foreach (var target in uploads.GroupBy(u => u.Target))
            {
                var explicitIncrementals = target.Where(u => u.Step.Action == UploadAction.Incremental && u.Step.FullIfOlderThanDays is null).ToList();
                if (explicitIncrementals.Count == 0)
                {
                    continue;
                }

                StepRuns? first = null;
                if (Deploy is { } deploy)
                {
                    var from = WallClock.ToUtcMinutes(deploy);
                    first = target.Select(u => (Step: u, At: u.Starts.FirstOrDefault(s => s >= from, long.MaxValue)))
                        .OrderBy(p => p.At).ThenBy(p => p.Step.Step.Action == UploadAction.Incremental ? 1 : 0).First().Step;
                    if (first.Step.Action != UploadAction.Incremental || first.Step.FullIfOlderThanDays is not null)
                    {
                        continue;
                    }
                }

                var culprit = first ?? explicitIncrementals[0];
                var anyFull = target.Any(u => u.Step.Action != UploadAction.Incremental || u.Step.FullIfOlderThanDays is not null);
                var fix = culprit.Owner.LineWith(culprit.Step.ActionWord, " --full-if-older-than 7D", after: true);

                // Documented as a manual first step, the full is a step someone may skip, not a certain failure.
                var byHand = options.ManualFullDocumentedAt is { } documented
                    ? string.Create(CultureInfo.InvariantCulture, $", unless the first full is made by hand as {documented.File}:{documented.Line} says")
                    : "";
                _found.Add(DiagnosticCatalog.CPL4005.Create(
                    culprit.Location,
                    Deploy is { } d
                        ? $"the first upload to {target.Key} after the deployment at {d.UtcDateTime:yyyy-MM-dd HH:mm}Z is this explicit incremental: duplicity fails with 'Old signatures not found and incremental specified' (exit code 17){byHand}"
                        : anyFull
                            ? $"deployed before a night this incremental runs, the first upload to {target.Key} is an incremental: duplicity fails with 'Old signatures not found and incremental specified' (exit code 17) until the next full{byHand}"
                            : $"no full upload to {target.Key} is ever scheduled: every incremental fails with 'Old signatures not found and incremental specified' (exit code 17){byHand}",
                    fix,
                    [$"or run the full once by hand right after deploying: sudo -u {culprit.Job.User ?? "backup"} duplicity full {(culprit.Step.NoEncryption ? "--no-encryption " : "")}{culprit.Step.Source} {culprit.Target}"],
                    severity: options.ManualFullDocumentedAt is null ? null : DiagnosticSeverity.Warning));
            }
        }

        private void CheckTargets(List<StepRuns> uploads, List<StepRuns> retention)
        {
            foreach (var target in uploads.GroupBy(u => u.Target))
            {
                // An opaque target (a template, a variable) is one place only by the same text: a warning at most.
                var opaque = target.Key.IsOpaque ? DiagnosticSeverity.Warning : (DiagnosticSeverity?)null;
                string[]? opaqueNote = target.Key.IsOpaque ? [$"{target.Key} is not resolved: the same text is taken for the same place"] : null;
                var sources = target.Select(u => Normalize(u.Step.Source!)).Distinct(StringComparer.Ordinal).ToList();
                if (sources.Count > 1)
                {
                    var second = target.First(u => Normalize(u.Step.Source!) == sources[1]);
                    _found.Add(DiagnosticCatalog.CPL4007.Create(second.Location, $"{target.First().Target} receives both {sources[0]}/ and {sources[1]}/: each upload replaces the other's files in the chain, and a restore brings back only one", severity: opaque, notes: ["give each source its own target directory", .. opaqueNote ?? []]));
                }

                // One target's duplicity runs, in start order: a run that starts before the previous ends fails on the lock.
                var runs = InOrder(target.Concat(retention.Where(r => r.Target == target.Key))).Select(r => (r.Start, End: r.Start + r.Step.Minutes, r.Step)).ToList();
                for (var i = 1; i < runs.Count; i++)
                {
                    var previous = runs[i - 1];
                    if (runs[i].Start < previous.End)
                    {
                        _found.Add(DiagnosticCatalog.CPL4006.Create(
                            runs[i].Step.ScheduleLocation,
                            $"on {Local(runs[i].Start)} this {Kind(runs[i].Step)} starts while the {Kind(previous.Step)} on {LineOf(previous.Step, runs[i].Step)} (started {Local(previous.Start)}) may still hold {previous.Step.Target}: that one may run {previous.Step.Duration.Words}, and the second fails on duplicity's lock",
                            severity: runs[i].Start == previous.Start || previous.Step.Stated ? opaque : DiagnosticSeverity.Info,
                            notes: previous.Step.Stated || runs[i].Start == previous.Start
                                ? ["run them one after the other, or on different nights", .. opaqueNote ?? []]
                                : ["no duration is stated for the first run: the assumed default decides; state it in the plan or SLA", .. opaqueNote ?? []]));
                        break;
                    }
                }
            }

            foreach (var source in uploads.GroupBy(u => Normalize(u.Step.Source!), StringComparer.Ordinal))
            {
                var first = source.First().Target;
                var odd = source.FirstOrDefault(u => u.Target.DiffersFrom(first));
                if (odd is not null)
                {
                    _found.Add(DiagnosticCatalog.CPL4016.Create(odd.Location, $"{source.Key}/ goes to {first} and to {odd.Target}: the full and incremental uploads of one source must form one chain on one target", $"use {first}"));
                }
            }

            var uploadTargets = uploads.Select(u => u.Target).ToHashSet();
            foreach (var remove in retention.Where(r => !uploadTargets.Contains(r.Target)))
            {
                var similar = uploadTargets.FirstOrDefault(t => t.LastSegment == remove.Target.LastSegment && t.DiffersFrom(remove.Target));
                if (similar is not null)
                {
                    _found.Add(DiagnosticCatalog.CPL4016.Create(remove.Location, $"the retention job prunes {remove.Target}, but the uploads go to {similar}: the real backups are never pruned", $"use {similar}"));
                }
            }
        }

        private void CheckRetention(List<StepRuns> uploads, List<StepRuns> retention)
        {
            foreach (var remove in retention.Where(r => !r.Step.Force))
            {
                _found.Add(DiagnosticCatalog.CPL4009.Create(
                    remove.Location,
                    $"duplicity {remove.Step.RetentionAction} without --force only lists what it would delete: nothing is ever removed",
                    remove.Owner.LineWith(remove.Step.TargetWord, "--force "),
                    ScriptNote(remove)));
            }

            // Promises given as text are read here, once; those the job model read already come as targets.
            var promises = options.RetentionTargets.Concat(options.RetentionPromised.Select(p => (Target: DuplicityTarget.Parse(p), Evidence: options.RetentionEvidence.GetValueOrDefault(p))));
            foreach (var (target, evidence) in promises)
            {
                if (retention.Any(r => r.Target == target))
                {
                    continue;
                }

                var upload = uploads.FirstOrDefault(u => u.Target == target);
                if (upload is not null)
                {
                    var where = evidence is null ? "" : $" ({evidence})";
                    _found.Add(DiagnosticCatalog.CPL4010.Create(upload.Location, $"a retention period is promised for {target.Text}{where}, but no job prunes it: the backups are never deleted and grow until the disk is full", $"duplicity remove-all-but-n-full 4 --force {upload.Target}"));
                }
            }
        }

        /// <summary>Where in the script a step stands, for a finding reported at the cron line that calls the script.</summary>
        private static string[]? ScriptNote(StepRuns step) => step.Step.Script is { } script ? [$"in {script} line {step.Step.ScriptLine}"] : null;

        private void CheckRecoveryPoints(List<StepRuns> uploads)
        {
            var rpos = new Dictionary<DuplicityTarget, TimeSpan>();
            foreach (var (target, objective) in options.RpoTargets.Concat(options.Rpo.Select(r => (DuplicityTarget.Parse(r.Key), r.Value))))
            {
                rpos[target] = objective;
            }

            foreach (var target in uploads.GroupBy(u => u.Target))
            {
                var points = Sorted(target.SelectMany(u => u.Starts.Select(s => s + u.Minutes)));
                var steps = target.ToList();
                if (rpos.TryGetValue(target.Key, out var rpo))
                {
                    var (gap, after) = LongestGap(steps, points);
                    if (gap > rpo)
                    {
                        _found.Add(DiagnosticCatalog.CPL4011.Create(
                            steps[0].ScheduleLocation,
                            $"the longest gap between recovery points on {target.Key} is {Words(gap)} (after {after}), longer than the RPO of {Words(rpo)}",
                            notes: ["a recovery point is the end of an upload: schedule the uploads at least as often as the RPO"]));
                    }
                }

                CheckChainLength(target.First().Target.Text, steps, points);
            }
        }

        /// <summary>The longest gap: exact over the 400-year cycle for one schedule, over the analysed years for several.</summary>
        private (TimeSpan Gap, string After) LongestGap(List<StepRuns> steps, long[] points)
        {
            var schedules = steps.Select(s => s.Job.Schedule!).Distinct().ToList();
            var single = schedules.Count == 1 ? schedules[0] : Union(schedules);
            if (single is not null && steps.Select(s => s.Minutes).Distinct().Count() == 1)
            {
                var cycle = single.AnalyzeCycle(options.HostZone, WallClock.ToDateTime(_periodStart).Year);
                return cycle.Longest is { } longest ? (longest.Before - longest.After, Local(WallClock.ToUtcMinutes(longest.After) + steps[0].Minutes)) : (TimeSpan.MaxValue, "never");
            }

            var best = (Gap: TimeSpan.Zero, After: "");
            for (var i = 1; i < points.Length; i++)
            {
                var gap = TimeSpan.FromMinutes(points[i] - points[i - 1]);
                if (gap > best.Gap)
                {
                    best = (gap, Local(points[i - 1]));
                }
            }

            return best;
        }

        /// <summary>
        /// One schedule with the runs of all: for schedules that differ only in their weekdays, with the day of month
        /// starred (a weekly full and the incrementals of the other nights), which keeps the gap exact over 400 years.
        /// </summary>
        internal static CronSchedule? Union(List<CronSchedule> schedules)
        {
            var fields = schedules.Select(s => s.Expression.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
            if (fields.Any(f => f.Length != 5 || f[2] != "*") || fields.Select(f => (f[0], f[1], f[3])).Distinct().Count() != 1)
            {
                return null;
            }

            var weekdays = fields.Any(f => f[4] == "*") ? "*" : string.Join(',', fields.Select(f => f[4]));
            return CronSchedule.TryParse($"{fields[0][0]} {fields[0][1]} * {fields[0][3]} {weekdays}", out var union) ? union : null;
        }

        private void CheckChainLength(string target, List<StepRuns> steps, long[] points)
        {
            var limit = TimeSpan.FromDays(options.FullChainLimitDays);
            var fulls = Sorted(steps.Where(s => s.Step.Action == UploadAction.Full).SelectMany(s => s.Starts));
            var forced = steps.Where(s => s.Step.FullIfOlderThanDays is not null).Select(s => s.Step.FullIfOlderThanDays!.Value).DefaultIfEmpty(int.MaxValue).Min();
            TimeSpan longest;
            if (fulls.Length > 0)
            {
                longest = TimeSpan.Zero;
                for (var i = 1; i < fulls.Length; i++)
                {
                    longest = TimeSpan.FromMinutes(Math.Max(longest.TotalMinutes, fulls[i] - fulls[i - 1]));
                }
            }
            else
            {
                longest = TimeSpan.MaxValue;
            }

            if (forced != int.MaxValue)
            {
                var maxGap = TimeSpan.Zero;
                for (var i = 1; i < points.Length; i++)
                {
                    maxGap = TimeSpan.FromMinutes(Math.Max(maxGap.TotalMinutes, points[i] - points[i - 1]));
                }

                var byAge = TimeSpan.FromDays(forced) + maxGap;
                longest = longest < byAge ? longest : byAge;
            }

            if (longest > limit)
            {
                _found.Add(DiagnosticCatalog.CPL4012.Create(
                    steps[0].Location,
                    longest == TimeSpan.MaxValue
                        ? $"no job ever makes a new full on {target}: the incremental chain grows forever, and a restore needs every link of it"
                        : $"a full on {target} comes only every {Words(longest)}: an incremental chain that long is slow to restore and breaks with any lost link",
                    notes: [$"make a full at least every {options.FullChainLimitDays} days (a weekly full, or --full-if-older-than 7D)"]));
            }
        }

        private void CheckSameDumpFiles(List<StepRuns> dumps)
        {
            foreach (var group in dumps.Where(d => d.Step.Output is not null).GroupBy(d => Normalize(d.Step.Output!), StringComparer.Ordinal).Where(g => g.Select(d => d.Job).Distinct().Count() > 1))
            {
                var runs = InOrder(group).Select(r => (r.Start, End: r.Start + r.Step.Minutes, r.Step)).ToList();
                for (var i = 1; i < runs.Count; i++)
                {
                    if (runs[i].Start < runs[i - 1].End && runs[i].Step.Job != runs[i - 1].Step.Job)
                    {
                        _found.Add(DiagnosticCatalog.CPL4013.Create(
                            severity: runs[i].Start == runs[i - 1].Start || runs[i - 1].Step.Stated ? null : DiagnosticSeverity.Info,
                            location: runs[i].Step.ScheduleLocation,
                            message: runs[i].Start == runs[i - 1].Start
                                ? $"on {Local(runs[i].Start)} this dump writes {group.Key} in the same minute as the dump on {LineOf(runs[i - 1].Step, runs[i].Step)}: the file ends up mixed"
                                : $"on {Local(runs[i].Start)} this dump writes {group.Key} while the dump on {LineOf(runs[i - 1].Step, runs[i].Step)} (started {Local(runs[i - 1].Start)}) may still be writing it: that one may run {runs[i - 1].Step.Duration.Words}, and the file ends up mixed",
                            notes: ["give each dump its own file, or run them one after the other"]));
                        break;
                    }
                }
            }
        }

        /// <summary>
        /// CPL4013: a job that empties a directory (<c>rm -rf DIR/*</c>) in the same minute as another job's dump writes
        /// into it: whichever runs second deletes or loses the other's dump.
        /// </summary>
        private void CheckClearedUnderADump(List<StepRuns> dumps)
        {
            foreach (var clearing in dumps.Where(d => d.Owner.Steps.Any(s => s.Step.Clears is not null)).DistinctBy(d => d.Owner))
            {
                foreach (var directory in clearing.Owner.Steps.Select(s => s.Step.Clears).OfType<string>().Distinct(StringComparer.Ordinal))
                {
                    var inside = Normalize(directory).TrimEnd('/') + "/";
                    var other = dumps.FirstOrDefault(d => d.Owner != clearing.Owner && d.Step.Output is { } output
                        && (Normalize(output) + "/").StartsWith(inside, StringComparison.Ordinal) && d.Starts.Intersect(clearing.Owner.Steps.Count > 0 ? clearing.Starts : []).Any());
                    if (other is null || other.Owner.Cron.Line < clearing.Owner.Cron.Line && other.Owner.Steps.Any(s => s.Step.Clears is { } c && Normalize(c) == Normalize(directory)))
                    {
                        // The pair is reported once, at the later line.
                        continue;
                    }

                    var at = other.Starts.Intersect(clearing.Starts).First();
                    _found.Add(DiagnosticCatalog.CPL4013.Create(
                        clearing.ScheduleLocation,
                        $"on {Local(at)} this job empties {directory} in the same minute as the dump on {LineOf(other, clearing)} writes {other.Step.Output} into it: one job deletes the other's dump",
                        notes: ["give each dump its own directory to clear, or run the jobs one after the other"]));
                }
            }
        }

        private void CheckTablespaces(List<StepRuns> dumps)
        {
            if (options.MyCnfNoTablespaces == true)
            {
                return;
            }

            foreach (var dump in dumps.Where(d => d.Step.Program is "mysqldump" or "mariadb-dump" && !d.Step.NoTablespaces))
            {
                _found.Add(DiagnosticCatalog.CPL4017.Create(
                    dump.Location,
                    $"{dump.Step.Program} without --no-tablespaces{(options.MyCnfNoTablespaces == false ? " and no no_tablespaces in the .my.cnf" : "")}: a user with only LOCK TABLES and SELECT gets 'Access denied; you need (at least one of) the PROCESS privilege(s)'",
                    dump.Owner.LineWith(dump.Step.ProgramWord, " --no-tablespaces", after: true),
                    ["or add no_tablespaces under [mysqldump] in the backup user's ~/.my.cnf", .. ScriptNote(dump) ?? []]));
            }
        }

        private void CheckEncryption(List<StepRuns> uploads)
        {
            foreach (var upload in uploads.Where(u => u.Step.NoEncryption))
            {
                _found.Add(DiagnosticCatalog.CPL4015.Create(
                    upload.Location,
                    $"the upload to {upload.Step.Target} is not encrypted (--no-encryption): anyone with access to the backup server reads the data",
                    notes: ["fine for a lab; in production encrypt with --encrypt-key KEYID"]));
            }
        }

        /// <summary>
        /// A moment as the host's clock shows it, the way the engine stamps a run at that minute; in an hour the clock shows
        /// twice, with the offset that tells the two passes apart.
        /// </summary>
        private string Local(long utcMinute)
        {
            var at = _host.At(utcMinute);
            return at.ToString(_host.IsRepeated(utcMinute) ? "ddd yyyy-MM-dd HH:mmzzz" : "ddd yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        }

        private static string Kind(StepRuns step) => step.Step.Kind switch
        {
            StepKind.Dump => "dump",
            StepKind.Upload => step.Step.Action switch { UploadAction.Full => "full upload", UploadAction.Incremental => "incremental upload", _ => "upload" },
            _ => "retention run",
        };

        private static string Normalize(string path) => path.Length > 1 ? path.TrimEnd('/') : path;

        private static bool Contains(string directory, string path)
        {
            var dir = Normalize(directory);
            var file = Normalize(path);
            return file == dir || file.StartsWith(dir + "/", StringComparison.Ordinal);
        }

        private static string DirectoryOf(string path) => Normalize(path).Contains('/', StringComparison.Ordinal) && Path.HasExtension(path) ? Path.GetDirectoryName(path)! : Normalize(path);

        private static string Words(TimeSpan span) =>
            span == TimeSpan.MaxValue ? "forever"
            : span.TotalDays >= 2 ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalDays:0.#} days")
            : span.TotalHours >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalHours:0.#} hours")
            : string.Create(CultureInfo.InvariantCulture, $"{span.TotalMinutes:0} minutes");
    }
}
