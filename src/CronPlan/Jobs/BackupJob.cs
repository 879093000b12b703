using CronPlan.Diagnostics;
using CronPlan.Tabs;

namespace CronPlan.Jobs;

/// <summary>How long a step may run, and whether something states it or it is the assumed default.</summary>
/// <param name="Minutes">Worst case, whole minutes (0 for a step that does no backup work).</param>
/// <param name="Source">
/// Where it is stated ("the plan", "backup_sla.md:11", "the header of /etc/cron.d/mysql-backup"); null when nothing states
/// it and <paramref name="Minutes"/> is the assumed default.
/// </param>
internal readonly record struct StepDuration(int Minutes, string? Source)
{
    /// <summary>A plan, an SLA or a compiled tab's header states it.</summary>
    public bool Stated => Source is not null;

    /// <summary>"20m (backup_sla.md:11)", or "30m (assumed default; no duration is stated)": the duration with its evidence.</summary>
    public string Words => Source is { } source
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Minutes}m (stated in {source})")
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Minutes}m (assumed default; no duration is stated)");

    /// <summary>
    /// <paramref name="takes"/> in whole minutes, rounded up, stated in <paramref name="source"/> (null: assumed). A
    /// duration beyond a week is read as a week: minutes are ints, and no nightly job runs longer.
    /// </summary>
    public static StepDuration Of(TimeSpan takes, string? source) =>
        new((int)Math.Clamp(Math.Ceiling(takes.TotalMinutes), 1, InputLimits.LongestStep.TotalMinutes), source);
}

/// <summary>
/// What the writer of a cron tab states for its steps of each kind: <c>cronplan compile</c>, from the plan as values, or
/// a compiled tab's header as read back from disk. A null kind states nothing.
/// </summary>
internal sealed record TabDurations(StepDuration? Dump = null, StepDuration? Upload = null, StepDuration? Retention = null)
{
    /// <summary>What is stated for a step of <paramref name="kind"/>, or null.</summary>
    public StepDuration? Of(StepKind kind) => kind switch
    {
        StepKind.Dump => Dump,
        StepKind.Upload => Upload,
        StepKind.Retention => Retention,
        _ => null,
    };
}

/// <summary>A step of a job, with its duration and when it starts after the job does.</summary>
/// <param name="Step">What it does.</param>
/// <param name="Duration">How long it may take.</param>
/// <param name="StartMinute">
/// Minutes after the job's start: the steps before it run first, each to its worst case (a step after <c>&amp;</c> starts
/// with the one before).
/// </param>
internal sealed record JobStep(BackupStep Step, StepDuration Duration, int StartMinute)
{
    public StepKind Kind => Step.Kind;
}

/// <summary>A cron line that does backup work, read as the shell runs it.</summary>
/// <param name="TabPath">The path of the cron tab it is in.</param>
/// <param name="Cron">The cron line: schedule, user, line, spans.</param>
/// <param name="Runs">The daemon runs it (the tab loads and the line is accepted).</param>
/// <param name="Service">What it backs up (<c>mysql</c>, <c>influxdb</c>...), null when nothing says.</param>
/// <param name="Steps">Its steps in shell order, each with its duration and its start after the job's.</param>
internal sealed record BackupJob(string TabPath, CronJob Cron, bool Runs, string? Service, IReadOnlyList<JobStep> Steps)
{
    public IEnumerable<JobStep> Dumps => Steps.Where(s => s.Kind == StepKind.Dump);

    public IEnumerable<JobStep> Uploads => Steps.Where(s => s.Kind == StepKind.Upload);

    public IEnumerable<JobStep> Retention => Steps.Where(s => s.Kind == StepKind.Retention);

    /// <summary>The first upload, or null.</summary>
    public BackupStep? FirstUpload => Uploads.FirstOrDefault()?.Step;

    /// <summary>Where <paramref name="step"/> stands in the tab: its place in the command (for a step in a script, the call).</summary>
    public SourceLocation LocationOf(BackupStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        var column = Cron.CommandSpan.Column + step.Offset;
        return new(TabPath, Cron.Line, column, Cron.Line, column + Math.Max(1, step.Length));
    }

    /// <summary>Where the line's schedule stands.</summary>
    public SourceLocation ScheduleLocation => new(TabPath, Cron.Line, Cron.ScheduleSpan.Column, Cron.Line, Cron.ScheduleSpan.EndColumn);

    /// <summary>
    /// The cron line with <paramref name="insert"/> written before (or, with <paramref name="after"/>, after) the
    /// <paramref name="word"/> the reader read; null when the word is not written as it was read in the line itself (in a
    /// script, or in a quoted string with escapes).
    /// </summary>
    public string? LineWith(WordSpan? word, string insert, bool after = false)
    {
        if (word is not { } at)
        {
            return null;
        }

        var index = Cron.LineIndexOf(after ? at.End : at.Offset);
        return Cron.LineText[..index] + insert + Cron.LineText[index..];
    }
}

/// <summary>
/// A cron tab with its backup jobs, each read once: the model every rule, report and check reads instead of the
/// commands' text.
/// </summary>
/// <param name="Path">The path the tab is reported under.</param>
/// <param name="Tab">The parsed tab.</param>
/// <param name="Jobs">Its lines that do backup work, running or not (see <see cref="BackupJob.Runs"/>).</param>
internal sealed record BackupTab(string Path, CronTab Tab, IReadOnlyList<BackupJob> Jobs);

/// <summary>What a tab's jobs are read with besides the tab itself.</summary>
/// <param name="Scripts">The scripts deployed to the host, by host path, with their text.</param>
/// <param name="Durations">What the analysis options and the SLA state; null: nothing.</param>
/// <param name="ReadsHeader">A tab written by <c>cronplan compile</c> is timed by its header.</param>
internal sealed record JobSources(IReadOnlyDictionary<string, string>? Scripts = null, StatedDurations? Durations = null, bool ReadsHeader = false);

/// <summary>
/// Worst-case durations something states outside a tab: dumps by their command as written (matched by program and output
/// file), uploads and retention runs by duplicity target (matched as <see cref="DuplicityTarget"/>s), and what an SLA
/// states for a service's dumps and uploads. Anything else takes the default, and says so.
/// </summary>
internal sealed class StatedDurations
{
    /// <summary>Assumed for a dump when nothing states its duration.</summary>
    public static readonly TimeSpan DefaultDump = TimeSpan.FromMinutes(10);

    /// <summary>Assumed for an upload.</summary>
    public static readonly TimeSpan DefaultUpload = TimeSpan.FromMinutes(30);

    /// <summary>Assumed for a retention run.</summary>
    public static readonly TimeSpan DefaultRetention = TimeSpan.FromMinutes(5);

    private const string Stated = "the analysis options";

    private readonly List<(string Program, string? Output, TimeSpan Takes, string Source)> _dumps = [];
    private readonly Dictionary<DuplicityTarget, (TimeSpan Takes, string Source)> _uploads = [];
    private readonly Dictionary<DuplicityTarget, (TimeSpan Takes, string Source)> _retention = [];
    private readonly Dictionary<string, (TimeSpan Takes, string Source)> _services = new(StringComparer.Ordinal);

    /// <summary>
    /// The durations stated for dump commands, upload and retention targets (each named in messages by its entry in
    /// <paramref name="sources"/>, keyed as the duration is), and for services' dumps and uploads.
    /// </summary>
    public StatedDurations(
        IReadOnlyDictionary<string, TimeSpan>? dumps = null,
        IReadOnlyDictionary<string, TimeSpan>? uploads = null,
        IReadOnlyDictionary<string, TimeSpan>? retention = null,
        IReadOnlyDictionary<string, string>? sources = null,
        IReadOnlyDictionary<string, (TimeSpan Takes, string Source)>? services = null)
    {
        string SourceOf(string key) => sources?.GetValueOrDefault(key) ?? Stated;
        foreach (var (command, takes) in dumps ?? new Dictionary<string, TimeSpan>())
        {
            if (BackupJobBuilder.DumpOf(command) is { } dump)
            {
                _dumps.Add((dump.Program, dump.Output, takes, SourceOf(command)));
            }
        }

        foreach (var (target, takes) in uploads ?? new Dictionary<string, TimeSpan>())
        {
            _uploads[DuplicityTarget.Parse(target)] = (takes, SourceOf(target));
        }

        foreach (var (target, takes) in retention ?? new Dictionary<string, TimeSpan>())
        {
            _retention[DuplicityTarget.Parse(target)] = (takes, SourceOf(target));
        }

        foreach (var (service, stated) in services ?? new Dictionary<string, (TimeSpan, string)>())
        {
            _services[service] = stated;
        }
    }

    /// <summary>Nothing stated: every step takes its default.</summary>
    public static StatedDurations None { get; } = new();

    /// <summary>
    /// The duration of <paramref name="step"/> of a job backing up <paramref name="service"/>: what is stated for the
    /// command or target first, then what the SLA states for the service's dumps and uploads, else the default.
    /// </summary>
    public StepDuration Of(BackupStep step, string? service = null)
    {
        ArgumentNullException.ThrowIfNull(step);
        (TimeSpan Takes, string Source)? byService = service is not null && step.Kind is StepKind.Dump or StepKind.Upload && _services.TryGetValue(service, out var s) ? s : null;
        return step.Kind switch
        {
            StepKind.Dump => _dumps.FirstOrDefault(d => d.Program == step.Program && d.Output == step.Output) is { Program: not null } d ? StepDuration.Of(d.Takes, d.Source)
                : byService is { } sd ? StepDuration.Of(sd.Takes, sd.Source) : StepDuration.Of(DefaultDump, null),
            StepKind.Upload => _uploads.TryGetValue(step.Target!, out var u) ? StepDuration.Of(u.Takes, u.Source)
                : byService is { } su ? StepDuration.Of(su.Takes, su.Source) : StepDuration.Of(DefaultUpload, null),
            StepKind.Retention => _retention.TryGetValue(step.Target!, out var r) ? StepDuration.Of(r.Takes, r.Source) : StepDuration.Of(DefaultRetention, null),
            _ => new(0, "the job's own steps"),
        };
    }

    /// <summary>What the SLA states for <paramref name="service"/> as a whole (making and storing one backup), or null.</summary>
    public (TimeSpan Takes, string Source)? OfService(string? service) => service is not null && _services.TryGetValue(service, out var s) ? s : null;
}

/// <summary>
/// Builds the <see cref="BackupTab"/> of a cron tab: the one place a job's command is read (and the commands the analysis
/// options state durations for), and the one reader of a compiled tab's header.
/// </summary>
internal static class BackupJobBuilder
{
    /// <summary>
    /// The jobs of <paramref name="tab"/> that do backup work (every job line, running or not: see
    /// <see cref="BackupJob.Runs"/>), each read with its user, the tab's environment and the host's scripts, and timed by
    /// <paramref name="written"/> (what the tab's writer states), else by the tab's header when
    /// <see cref="JobSources.ReadsHeader"/>, then by what <see cref="JobSources.Durations"/> states.
    /// </summary>
    public static BackupTab Build(CronTab tab, string path, JobSources? sources = null, TabDurations? written = null)
    {
        ArgumentNullException.ThrowIfNull(tab);
        ArgumentNullException.ThrowIfNull(path);
        sources ??= new JobSources();
        var durations = sources.Durations ?? StatedDurations.None;
        written ??= sources.ReadsHeader ? CompiledHeader.Read(tab, path) : null;
        var jobs = new List<BackupJob>();
        var name = Path.GetFileName(path);
        foreach (var job in tab.Jobs)
        {
            var steps = Steps(job.Command, new CommandContext(job.User, job.Environment, sources.Scripts));
            if (steps.All(s => s.Kind == StepKind.Other))
            {
                continue;
            }

            var service = CommandReader.ServiceOf(name, job.Command)
                ?? CommandReader.ServiceOf("", string.Join(' ', steps.Where(s => s.Kind != StepKind.Other).Select(s => $"{s.Program} {s.Output} {s.Source} {s.Target?.Text}")));
            var timed = Timed(steps, durations, written, service);
            jobs.Add(new BackupJob(path, job, tab.Loads && job.IsAccepted, service, timed));
        }

        return new BackupTab(path, tab, jobs);
    }

    /// <summary>The first dump of a command the analysis options state a duration for, or null.</summary>
    internal static BackupStep? DumpOf(string command) => Steps(command, new CommandContext()).FirstOrDefault(s => s.Kind == StepKind.Dump);

    private static IReadOnlyList<BackupStep> Steps(string command, CommandContext context) => CommandReader.Read(command, context);

    private static List<JobStep> Timed(IReadOnlyList<BackupStep> steps, StatedDurations durations, TabDurations? written, string? service)
    {
        var timed = new List<JobStep>(steps.Count);
        var (start, previousStart) = (0, 0);

        // The SLA's "takes up to 20 minutes to create and store the backup" bounds the dump and the upload together: a
        // step chained after another the SLA times ends by the first one's start plus the stated time.
        var bySla = durations.OfService(service);
        int? slaEnd = null;
        foreach (var step in steps)
        {
            var duration = written?.Of(step.Kind) ?? durations.Of(step, service);
            var at = step.Join == StepJoin.Background ? previousStart : start;
            if (bySla is { } sla && duration.Source == sla.Source)
            {
                if (slaEnd is { } end)
                {
                    duration = duration with { Minutes = Math.Max(1, end - at) };
                }
                else
                {
                    slaEnd = at + duration.Minutes;
                }
            }

            timed.Add(new JobStep(step, duration, at));
            (previousStart, start) = (at, Math.Max(start, at + duration.Minutes));
        }

        return timed;
    }
}
