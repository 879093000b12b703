using System.Globalization;
using System.Text;
using CronPlan.Analysis;
using CronPlan.Diagnostics;
using CronPlan.Scheduling;
using CronPlan.Tabs;

namespace CronPlan.Plans;

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
}

/// <summary>Turns a plan into <c>/etc/cron.d</c> files, proves them with the run analysis, and writes them atomically.</summary>
public static class Compiler
{
    private static readonly string[] DayNames = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

    /// <summary>Compiles <paramref name="plan"/>; the tabs are empty when the schedule or its analysis finds an error.</summary>
    public static CompileResult Compile(BackupPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var schedule = Scheduler.Schedule(plan);
        if (schedule.Diagnostics.Count > 0)
        {
            return new CompileResult([], schedule, schedule.Diagnostics);
        }

        var planName = plan.Path is null ? "the plan" : Path.GetFileName(plan.Path);
        var tabs = new List<CompiledTab>();
        foreach (var group in schedule.Jobs.GroupBy(j => (j.Host, j.Service.Name)).OrderBy(g => g.Key.Host, StringComparer.Ordinal).ThenBy(g => plan.Services.ToList().FindIndex(s => s.Name == g.Key.Name)))
        {
            var name = group.Key.Name + "-backup";
            var jobs = group.OrderBy(j => j.Kind).ToList();
            var document = new CronTabDocument(Header(plan, planName, name, jobs), plan.Environment, [.. jobs.SelectMany(j => Entries(plan, j))]);
            tabs.Add(new CompiledTab(group.Key.Host, name, CronTabWriter.Write(document)));
        }

        var findings = ScheduleAnalyzer.AnalyzeCompiled(plan, tabs);
        return findings.Any(d => d.Severity == DiagnosticSeverity.Error)
            ? new CompileResult([], schedule, findings)
            : new CompileResult(tabs, schedule, findings);
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

    private static List<string> Header(BackupPlan plan, string planName, string name, List<PlannedJob> jobs)
    {
        var window = $"{NightWindow.Clock(plan.Window.Start)}-{NightWindow.Clock(plan.Window.Deadline)} {Scheduler.ZoneName(plan.Window.Zone)}";
        var header = new List<string>
        {
            $"{name}: written by cronplan compile from {planName}; change the plan and compile again.",
            $"Times are the host's ({Scheduler.ZoneName(plan.HostZone)}). Window {window}; worst-case runs:",
        };
        header.AddRange(jobs.Select(j => $"  {j.Name,-20} {NightWindow.Clock(j.Start)}-{NightWindow.Clock(j.End)}"));
        return header;
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
