using System.Globalization;
using System.Text;
using CronPlan.Analysis;
using CronPlan.Diagnostics;
using CronPlan.Jobs;
using CronPlan.Plans;
using CronPlan.Reports;
using CronPlan.Scheduling;
using CronPlan.Tabs;
using CronPlan.Time;

namespace CronPlan.Compilation;

/// <summary>One cron tab the compiler wrote: its host, its file name and its text.</summary>
/// <param name="Host">The host it is for (empty for the plan's single host).</param>
/// <param name="Name">The file name in <c>/etc/cron.d</c>, such as <c>mysql-backup</c>.</param>
/// <param name="Text">The whole file.</param>
public sealed record CompiledTab(string Host, string Name, string Text)
{
    /// <summary>Where it goes under the output directory: <c>NAME</c>, or <c>HOST/NAME</c> for a plan with hosts.</summary>
    public string RelativePath => Host.Length == 0 ? Name : Host + "/" + Name;
}

/// <summary>What compiling a plan gave: the cron tabs (none when there is an error), the schedule, and the findings.</summary>
/// <param name="Tabs">One per service and host, in a stable order.</param>
/// <param name="Schedule">The placed jobs.</param>
/// <param name="Diagnostics">Plan errors, CPL3006, and the analysis of the compiled tabs.</param>
public sealed record CompileResult(IReadOnlyList<CompiledTab> Tabs, PlanSchedule? Schedule, IReadOnlyList<Diagnostic> Diagnostics)
{
    /// <summary>No error: the tabs may be written.</summary>
    public bool Succeeded => Tabs.Count > 0 && !Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);

    /// <summary>The night the schedule places the jobs in, against the plan's deadline; null when the plan could not be scheduled.</summary>
    public BackupNight? Night { get; init; }
}

/// <summary>Turns a plan into <c>/etc/cron.d</c> files, proves them with the run analysis, and writes them atomically.</summary>
public static class Compiler
{
    private static readonly string[] DayNames = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

    /// <summary>Compiles <paramref name="plan"/>; the tabs are empty when the schedule or its analysis finds an error.</summary>
    public static CompileResult Compile(BackupPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var invalid = Problems(plan);
        if (invalid.Count > 0)
        {
            return new CompileResult([], null, invalid);
        }

        var schedule = Scheduler.Schedule(plan);
        if (schedule.Diagnostics.Count > 0)
        {
            return new CompileResult([], schedule, schedule.Diagnostics);
        }

        var night = BackupNight.FromPlan(plan, schedule);

        var planName = plan.Path is null ? "the plan" : Path.GetFileName(plan.Path);
        var tabs = new List<(CompiledTab Tab, TabDurations Durations)>();
        var unwritable = new List<Diagnostic>();
        foreach (var group in schedule.Jobs.GroupBy(j => (j.Host, j.Service.Name)).OrderBy(g => g.Key.Host, StringComparer.Ordinal).ThenBy(g => plan.Services.ToList().FindIndex(s => s.Name == g.Key.Name)))
        {
            var name = group.Key.Name + "-backup";
            var jobs = group.OrderBy(j => j.Kind).ToList();
            var entries = new List<CronTabEntry>();
            foreach (var job in jobs)
            {
                foreach (var entry in Entries(plan, job))
                {
                    if (Unwritable(entry, job) is { } problem)
                    {
                        unwritable.Add(problem);
                    }

                    entries.Add(entry);
                }
            }

            if (unwritable.Count == 0)
            {
                try
                {
                    var text = CronTabWriter.Write(new CronTabDocument(Header(plan, planName, name, jobs), plan.Environment, entries));
                    tabs.Add((new CompiledTab(group.Key.Host, name, text), DurationsOf(jobs)));
                }
                catch (ArgumentException e)
                {
                    unwritable.Add(DiagnosticCatalog.CPL3002.Create(group.First().Service.Location, $"the cron tab {name} cannot be written: {e.Message}"));
                }
            }
        }

        if (unwritable.Count > 0)
        {
            return new CompileResult([], schedule, Diagnostic.InReadingOrder(unwritable)) { Night = night };
        }

        var findings = AnalyzeCompiled(plan, tabs);
        return findings.Any(d => d.Severity == DiagnosticSeverity.Error)
            ? new CompileResult([], schedule, findings) { Night = night }
            : new CompileResult([.. tabs.Select(t => t.Tab)], schedule, findings) { Night = night };
    }

    /// <summary>
    /// The proof the compiler runs on its own output: each host's tabs through the pipeline <c>lint</c> and <c>check</c>
    /// use, with the plan's zone, deadline, deploy moment, RPOs and retention, and its jobs' durations handed to the job
    /// model as the values the schedule placed them by.
    /// </summary>
    private static IReadOnlyList<Diagnostic> AnalyzeCompiled(BackupPlan plan, List<(CompiledTab Tab, TabDurations Durations)> compiled)
    {
        var found = new List<Diagnostic>();
        foreach (var host in compiled.GroupBy(t => t.Tab.Host))
        {
            var options = ScheduleAnalyzer.OptionsFor(plan, host.Key, withDurations: false);
            var tabs = host.Select(t => TabInput.OfText(t.Tab.RelativePath, t.Tab.Text, new CronTabOptions(Dialect: plan.Dialect)) with { Written = t.Durations }).ToList();
            found.AddRange(TabPipeline.Run(tabs, options).Findings);
        }

        return Diagnostic.InReadingOrder(found);
    }

    /// <summary>What a tab's jobs take, as the schedule placed them, each named by the plan line that states it.</summary>
    private static TabDurations DurationsOf(List<PlannedJob> jobs)
    {
        StepDuration? Of(BackupJobKind kind, Func<PlanService, SourceLocation> stated) =>
            jobs.LastOrDefault(j => j.Kind == kind) is { } job ? new StepDuration(job.Minutes, ScheduleAnalyzer.PlanLine(stated(job.Service))) : null;
        return new TabDurations(
            Of(BackupJobKind.Dump, s => s.Dump!.Location),
            Of(BackupJobKind.Upload, s => s.Upload!.Location),
            Of(BackupJobKind.Retention, s => s.Retention!.Location));
    }

    /// <summary>Writes every tab under <paramref name="directory"/>, each atomically; nothing when the result has an error.</summary>
    public static IReadOnlyList<Diagnostic> Write(CompileResult result, string directory)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(directory);
        if (!result.Succeeded)
        {
            return [];
        }

        var problems = new List<Diagnostic>();
        foreach (var tab in result.Tabs)
        {
            var folder = tab.Host.Length == 0 ? directory : Path.Combine(directory, tab.Host);
            if (OutsideOf(directory, tab) is { } outside)
            {
                problems.Add(outside);
                continue;
            }
            try
            {
                Directory.CreateDirectory(folder);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                problems.Add(DiagnosticCatalog.CPL9001.Create(new SourceLocation(folder, 1, 1, 1, 1), $"cannot create '{folder}': {e.Message}"));
                continue;
            }

            if (CronTabWriter.Install(folder, tab.Name, tab.Text) is { } problem)
            {
                problems.Add(problem);
            }
        }

        return problems;
    }

    /// <summary>CPL9004 for every tab under <paramref name="directory"/> that is missing or differs from what the plan compiles to.</summary>
    public static IReadOnlyList<Diagnostic> CheckDrift(CompileResult result, string directory)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(directory);
        var drift = new List<Diagnostic>();
        foreach (var tab in result.Tabs)
        {
            if (OutsideOf(directory, tab) is { } outside)
            {
                drift.Add(outside);
                continue;
            }

            var path = Path.Combine(directory, tab.RelativePath);
            if (!File.Exists(path))
            {
                drift.Add(DiagnosticCatalog.CPL9004.Create(new SourceLocation(path, 1, 1, 1, 1), $"'{tab.RelativePath}' is missing: the plan compiles to it", "cronplan compile PLAN -o DIR"));
                continue;
            }

            var text = File.ReadAllText(path);
            if (text == tab.Text)
            {
                continue;
            }

            var actual = text.Split('\n');
            var expected = tab.Text.Split('\n');
            var line = 0;
            while (line < Math.Min(actual.Length, expected.Length) && actual[line] == expected[line])
            {
                line++;
            }

            var wanted = line < expected.Length ? expected[line] : "(end of file)";
            drift.Add(DiagnosticCatalog.CPL9004.Create(
                new SourceLocation(path, line + 1, 1, line + 1, Math.Max(1, line < actual.Length ? actual[line].Length : 0) + 1),
                $"'{tab.RelativePath}' differs from what the plan compiles to, from line {line + 1} on",
                wanted,
                ["cronplan compile PLAN -o DIR writes it again"]));
        }

        return drift;
    }

    /// <summary>
    /// What no plan may hold, whether read from YAML or built in code: names that are paths, an empty command, a target
    /// that leaves the backup server's directory, a step longer than <see cref="InputLimits.LongestStep"/>.
    /// </summary>
    private static List<Diagnostic> Problems(BackupPlan plan)
    {
        var found = new List<Diagnostic>();
        foreach (var service in plan.Services)
        {
            if (!PlanValues.IsServiceName(service.Name))
            {
                found.Add(DiagnosticCatalog.CPL3002.Create(service.Location, $"service name '{service.Name}' cannot name a cron tab: use letters, digits, '-' and '_'"));
            }

            foreach (var host in service.Hosts.Where(h => !PlanValues.IsHostName(h)))
            {
                found.Add(DiagnosticCatalog.CPL3002.Create(service.Location, $"host '{host}' of service '{service.Name}' is not a host name (letters, digits, '-', '_' and inner dots): it names a directory under -o and the target URL, never a path"));
            }

            if (service.Dump is { } dump && (dump.Command.Trim().Length == 0 || dump.Command.Contains('\n', StringComparison.Ordinal) || dump.Command.Contains('\r', StringComparison.Ordinal)))
            {
                found.Add(DiagnosticCatalog.CPL3003.Create(dump.Location, $"the dump of service '{service.Name}' needs a command of one line"));
            }

            if (service.Upload is { } upload && !PlanValues.IsTargetDirectory(upload.Target))
            {
                found.Add(DiagnosticCatalog.CPL3002.Create(upload.Location, $"target '{upload.Target}' of service '{service.Name}' is not a directory under backup_server: write a relative path without '..' segments (or a whole URL)"));
            }

            var steps = new (TimeSpan? Takes, SourceLocation? At, string Step)[]
            {
                (service.Dump?.Takes, service.Dump?.Location, "dump"),
                (service.Upload?.Takes, service.Upload?.Location, "upload"),
                (service.Retention?.Takes, service.Retention?.Location, "retention"),
            };
            foreach (var (takes, at, step) in steps)
            {
                if (takes is { } t && at is { } location && (t <= TimeSpan.Zero || t > InputLimits.LongestStep))
                {
                    found.Add(DiagnosticCatalog.CPL3004.Create(location, $"the {step} of service '{service.Name}' takes {PlanValues.FormatDuration(t)}: a step takes more than nothing and at most {PlanValues.FormatDuration(InputLimits.LongestStep)}"));
                }
            }
        }

        return found;
    }

    /// <summary>A cron job line the daemon would reject (a command over its length limit), as a finding at the plan's step.</summary>
    private static Diagnostic? Unwritable(CronTabEntry entry, PlannedJob job)
    {
        try
        {
            CronTabWriter.EscapeCommand(entry.Command, entry.StandardInput);
            return null;
        }
        catch (ArgumentException e)
        {
            var step = job.Kind switch
            {
                BackupJobKind.Dump => job.Service.Dump?.Location,
                BackupJobKind.Upload => job.Service.Upload?.Location,
                _ => job.Service.Retention?.Location,
            };
            return DiagnosticCatalog.CPL3002.Create(
                step ?? job.Service.Location,
                $"the {job.Kind.ToString().ToLowerInvariant()} of service '{job.Service.Name}' cannot be a cron job: {e.Message}",
                notes: ["shorten the command, the target or backup_server, or move the command into a script"]);
        }
    }

    /// <summary>CPL3002 for a tab whose host is not a plain name: written, it would land outside <paramref name="directory"/>.</summary>
    private static Diagnostic? OutsideOf(string directory, CompiledTab tab)
    {
        if ((tab.Host.Length == 0 || PlanValues.IsHostName(tab.Host)) && PlanValues.IsServiceName(tab.Name))
        {
            return null;
        }

        return DiagnosticCatalog.CPL3002.Create(
            new SourceLocation(directory, 1, 1, 1, 1),
            $"refusing to write '{tab.RelativePath}': it is not a host name and a file name, and the tab could land outside {directory}");
    }

    private static List<string> Header(BackupPlan plan, string planName, string name, List<PlannedJob> jobs)
    {
        var window = $"{NightClock.Format(plan.Window.Start)}-{NightClock.Format(plan.Window.Deadline)} {NightClock.ZoneName(plan.Window.Zone)}";
        return CompiledHeader.Lines(name, planName, NightClock.ZoneName(plan.HostZone), window, jobs.Select(j => (j.Name, j.Start, j.End)));
    }

    private static IEnumerable<CronTabEntry> Entries(BackupPlan plan, PlannedJob job)
    {
        var service = job.Service;
        switch (job.Kind)
        {
            case BackupJobKind.Dump:
                yield return new CronTabEntry(Schedule(job.Start, AllNights), plan.User, service.Dump!.Command, Comment: $"{service.Name} dump, at most {PlanValues.FormatDuration(service.Dump.Takes)}");
                break;

            case BackupJobKind.Upload:
                var upload = service.Upload!;
                var url = plan.TargetUrl(upload, job.Host);
                var encryption = upload.EncryptKey is null ? "--no-encryption" : "--encrypt-key " + upload.EncryptKey;
                var paths = $"{upload.Source} {url}";
                switch (upload.Full.Cadence)
                {
                    case FullBackupCadence.Daily:
                        yield return new CronTabEntry(Schedule(job.Start, AllNights), plan.User, $"duplicity full {encryption} {paths}", Comment: $"{service.Name} upload, a full every night");
                        break;
                    case FullBackupCadence.Weekly:
                        var fullNight = (int)upload.Full.Day;
                        yield return new CronTabEntry(Schedule(job.Start, [fullNight]), plan.User, $"duplicity full {encryption} {paths}", Comment: $"{service.Name} full upload, {DayNames[fullNight]} nights");
                        yield return new CronTabEntry(
                            Schedule(job.Start, [.. AllNights.Where(n => n != fullNight)]),
                            plan.User,
                            $"duplicity --full-if-older-than {upload.Full.Days}D {encryption} {paths}",
                            Comment: $"{service.Name} incremental upload, other nights; a full when none is younger than {upload.Full.Days} days (a first run, a missed {DayNames[fullNight]})");
                        break;
                    default:
                        yield return new CronTabEntry(Schedule(job.Start, AllNights), plan.User, $"duplicity --full-if-older-than {upload.Full.Days}D {encryption} {paths}", Comment: $"{service.Name} upload: a full when none is younger than {upload.Full.Days} days");
                        break;
                }

                break;

            case BackupJobKind.Retention:
                var retention = service.Retention!;
                var target = plan.TargetUrl(service.Upload!, job.Host);
                var command = retention.KeepFullChains is { } keep
                    ? string.Create(CultureInfo.InvariantCulture, $"duplicity remove-all-but-n-full {keep} --force {target}")
                    : $"duplicity remove-older-than {PlanValues.FormatDuration(retention.OlderThan!.Value)} --force {target}";
                yield return new CronTabEntry(Schedule(job.Start, AllNights), plan.User, command, Comment: $"{service.Name} retention");
                break;
        }
    }

    private static readonly int[] AllNights = [0, 1, 2, 3, 4, 5, 6];

    /// <summary>The cron schedule of a job at <paramref name="nightMinute"/> on the given nights (weekdays of the evening), shifted past midnight.</summary>
    internal static string Schedule(int nightMinute, IReadOnlyList<int> nights)
    {
        var dayShift = (int)Math.Floor(nightMinute / 1440.0);
        var minuteOfDay = nightMinute - (dayShift * 1440);
        var days = nights.Select(n => (((n + dayShift) % 7) + 7) % 7).Distinct().Order().ToList();
        return string.Create(CultureInfo.InvariantCulture, $"{minuteOfDay % 60} {minuteOfDay / 60} * * {Weekdays(days)}");
    }

    private static string Weekdays(List<int> days)
    {
        if (days.Count == 7)
        {
            return "*";
        }

        var parts = new List<string>();
        var i = 0;
        while (i < days.Count)
        {
            var j = i;
            while (j + 1 < days.Count && days[j + 1] == days[j] + 1)
            {
                j++;
            }

            parts.Add(j == i ? days[i].ToString(CultureInfo.InvariantCulture) : j == i + 1 ? $"{days[i]},{days[j]}" : $"{days[i]}-{days[j]}");
            i = j + 1;
        }

        return string.Join(',', parts);
    }
}
