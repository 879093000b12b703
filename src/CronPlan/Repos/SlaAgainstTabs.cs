using CronPlan.Cron;
using CronPlan.Diagnostics;
using CronPlan.Jobs;
using CronPlan.Sla;
using CronPlan.Tabs;
using CronPlan.Time;

namespace CronPlan.Repos;

/// <summary>
/// The SLA held against the cron tabs the repository installs: CPL5007 (the runs it describes are not the runs cron
/// makes: time, weekday, a promised deletion job), CPL5008 (a local time copied into the tab unconverted, or converted
/// without moving the weekday) and CPL5009 (services without jobs, jobs without a service).
/// </summary>
internal static class SlaAgainstTabs
{
    /// <summary>A cron line of one service with what it does, read as it is meant (a tab that does not load included).</summary>
    private sealed record Run(DeployedTab Deployed, CronJob Job, ScheduleCalendar Calendar, bool Dump, bool Full, bool Incremental, bool Automatic, bool Prune)
    {
        public bool Uploads => Full || Incremental || Automatic;

        public string Where => $"'{Job.ScheduleText}' in {Deployed.Destination}";

        /// <summary>Runs on weekdays (every date of every month), not on days of the month.</summary>
        public bool ByWeekday => Calendar.DayOfMonthStarred && (Calendar.Months & 0x1FFE) == 0x1FFE;

        public HashSet<DayOfWeek> Weekdays => [.. Enumerable.Range(0, 7).Where(d => (Calendar.DaysOfWeek & (1u << d)) != 0).Select(d => (DayOfWeek)d)];

        public bool StartsAt(int minute) => Array.BinarySearch(Calendar.TimesOfDay, minute) >= 0;
    }

    public static void Check(SlaDocument sla, List<(DeployedTab Deployed, CronTab Tab)> tabs, Dictionary<CronTab, IReadOnlyList<BackupJob>> backupJobs, CheckOptions options, List<Diagnostic> found)
    {
        var dumps = tabs.SelectMany(t => backupJobs[t.Tab]
                .Where(j => j.Runs && j.Dumps.Any())
                .Select(j => (t.Deployed, Job: j.Cron, j.Service)))
            .ToList();
        // A document that writes its times in one zone may leave it off some of them: "01:10 - 01:30" among "01:00 UTC+2".
        var zones = sla.Services.SelectMany(s => s.Schedules).Select(s => s.Time?.Zone).OfType<TimeZoneInfo>().DistinctBy(z => z.Id).ToList();
        var writtenIn = zones.Count == 1 ? zones[0] : null;
        foreach (var service in sla.Services)
        {
            var jobs = dumps.Where(d => d.Service == service.Name).ToList();
            var runs = RunsOf(service.Name, tabs, backupJobs);
            if (jobs.Count == 0)
            {
                found.Add(DiagnosticCatalog.CPL5009.Create(service.Location, $"the SLA promises backups of {service.Name}, but no cron tab the repository installs dumps it{(runs.Any(r => r.Dump) ? " (one is meant to, but the daemon does not load it)" : "")}"));
                if (!runs.Any(r => r.Dump))
                {
                    continue;
                }
            }

            var timed = false;
            foreach (var schedule in service.Schedules)
            {
                timed |= schedule.Time is not null && schedule.Kind != SlaRunKind.Prune;
                if (CompareEitherWay(service.Name, schedule, runs, options.HostZone, writtenIn, sla.NamesOtherZones) is { } finding)
                {
                    found.Add(finding);
                }
            }

            // A start time stated only as a value ("Start time: 23:10 UTC") is a latest start for the dumps.
            if (!timed && (service.Start ?? sla.StartAll) is { } start)
            {
                var startedBy = new SlaSchedule(SlaRunKind.Any, null, start.Value, true, start.Location, start.Text);
                if (Compare(service.Name, startedBy, runs, options.HostZone) is { } finding)
                {
                    found.Add(finding);
                }
            }
        }

        CheckWeekdayShift(sla, tabs, backupJobs, options, found);
        foreach (var group in dumps.Where(d => d.Service is not null && sla.Services.All(s => s.Name != d.Service)).GroupBy(d => d.Service))
        {
            var first = group.First();
            found.Add(DiagnosticCatalog.CPL5009.Create(
                first.Deployed.Task,
                $"{first.Deployed.Destination} backs up {group.Key}, which the SLA does not cover: nobody has promised anything about it"));
        }
    }

    /// <summary>
    /// The service each job works for: its own words, or for an upload whose words do not name one the dump directory it
    /// ships, or for a prune the target it prunes.
    /// </summary>
    internal static Func<BackupJob, string?> Owners(IEnumerable<BackupJob> jobs)
    {
        // An upload whose words do not name the service ships a dump directory that does; a prune, a target that does.
        var all = jobs.ToList();
        var directories = all.Where(j => j.Service is not null).SelectMany(j => j.Dumps.Select(d => d.Step.Output).OfType<string>().Select(o => (Directory: Directory(o), j.Service)))
            .Concat(all.Where(j => j.Service is not null).SelectMany(j => j.Uploads.Select(u => u.Step.Source).OfType<string>().Select(s => (Directory: s.TrimEnd('/'), j.Service))))
            .ToLookup(p => p.Directory, p => p.Service, StringComparer.Ordinal);
        string? ServiceOf(BackupJob job) => job.Service
            ?? job.Uploads.Select(u => u.Step.Source).OfType<string>().SelectMany(s => directories[s.TrimEnd('/')]).Distinct().SingleOrDefaultIfMany();
        var targets = all.SelectMany(j => j.Uploads.Where(u => u.Step.Target is not null).Select(u => (u.Step.Target!, Service: ServiceOf(j))))
            .Where(p => p.Service is not null).ToLookup(p => p.Item1, p => p.Service);
        return job => ServiceOf(job)
            ?? job.Retention.Select(r => r.Step.Target).OfType<DuplicityTarget>().SelectMany(t => targets[t]).Distinct().SingleOrDefaultIfMany();
    }

    private static List<Run> RunsOf(string service, List<(DeployedTab Deployed, CronTab Tab)> tabs, Dictionary<CronTab, IReadOnlyList<BackupJob>> backupJobs)
    {
        var owner = Owners(tabs.SelectMany(t => backupJobs[t.Tab]));
        var runs = new List<Run>();
        foreach (var (deployed, tab) in tabs)
        {
            // A line with a sixth time field is read as meant elsewhere; which day it meant is a guess, so it is not held to the SLA.
            foreach (var job in backupJobs[tab].Where(j => (j.Runs || !tab.Loads) && owner(j) == service && j.Cron.Rejections.All(r => r.Id != DiagnosticCatalog.CPL1003.Id)))
            {
                if (job.Cron.Schedule?.Calendar is not { NeverFires: false } calendar)
                {
                    continue;
                }

                var actions = job.Uploads.Select(u => u.Step.Action).ToList();
                runs.Add(new Run(
                    deployed,
                    job.Cron,
                    calendar,
                    job.Dumps.Any(),
                    actions.Contains(UploadAction.Full),
                    actions.Contains(UploadAction.Incremental),
                    actions.Contains(UploadAction.Automatic),
                    job.Retention.Any()));
            }
        }

        return runs;
    }

    private static string Directory(string path) => path.LastIndexOf('/') is var slash and > 0 ? path[..slash] : path;

    /// <summary>A time written without its zone disagrees only when it disagrees read in the host's zone and in the document's.</summary>
    private static Diagnostic? CompareEitherWay(string service, SlaSchedule said, List<Run> runs, TimeZoneInfo host, TimeZoneInfo? writtenIn, bool namesOtherZones)
    {
        var finding = Compare(service, said, runs, host);
        if (finding is null || said.Time is not { Zone: null } time)
        {
            return finding;
        }

        if (writtenIn is null)
        {
            // The document names another zone than the host's somewhere, but not for this time: which one it means is a guess.
            return namesOtherZones ? null : finding;
        }

        var zoned = said with { Time = time with { Zone = writtenIn }, Until = said.Until is { } until ? until with { Zone = writtenIn } : null };
        return Compare(service, zoned, runs, host) is null ? null : finding;
    }

    /// <summary>The first way the runs disagree with what the SLA says of them, or null.</summary>
    private static Diagnostic? Compare(string service, SlaSchedule said, List<Run> runs, TimeZoneInfo host)
    {
        var quote = $"(\"{said.Text}\", line {said.Location.Line})";
        var selected = runs.Where(r => said.Kind switch
        {
            SlaRunKind.Dump => r.Dump,
            SlaRunKind.Full => r.Full,
            SlaRunKind.Incremental => r.Incremental || r.Automatic,
            SlaRunKind.Prune => r.Prune,
            _ => r.Dump || r.Uploads,
        }).ToList();
        if (selected.Count == 0)
        {
            return said.Kind == SlaRunKind.Prune && runs.Any(r => r.Uploads)
                ? DiagnosticCatalog.CPL5007.Create(
                    said.Location,
                    $"the SLA says old backups of {service} are deleted {quote}, but no cron job of {service} prunes its target: nothing runs duplicity remove-older-than or remove-all-but-n-full",
                    notes: [$"add the job, e.g. '{Example(said, host)} backup duplicity remove-older-than 28D --force TARGET', or take the promise out of the SLA"])
                : null;
        }

        if (said.Never)
        {
            // Only an explicit action contradicts it: duplicity without one may make either.
            var made = selected.Where(r => said.Kind == SlaRunKind.Full ? r.Full : r.Incremental).ToList();
            return made.Count == 0
                ? null
                : DiagnosticCatalog.CPL5007.Create(
                    said.Location,
                    $"the SLA says no {said.KindName} are made for {service} {quote}, but cron makes them: {string.Join(", ", made.Select(r => r.Where).Distinct())}",
                    notes: ["change the cron tab or the SLA so that they agree"]);
        }

        // duplicity without an action decides full or incremental itself: the SLA's word for it cannot be checked.
        if (said.Kind is SlaRunKind.Full or SlaRunKind.Incremental && runs.Any(r => r.Automatic))
        {
            return null;
        }

        return DaysDisagree(service, said, quote, selected, runs, host) ?? TimeDisagrees(service, said, quote, selected, runs, host);
    }

    private static Diagnostic? DaysDisagree(string service, SlaSchedule said, string quote, List<Run> selected, List<Run> runs, TimeZoneInfo host)
    {
        if (said.Days is not { Count: > 0 } days)
        {
            return null;
        }

        // The SLA's weekdays as the host counts them: "Sunday 01:30 EET" is Saturday in UTC.
        var expected = said.Time is { } time ? days.Select(d => time.In(host, d).Day).ToHashSet() : [.. days];
        var byDate = selected.FirstOrDefault(r => !r.ByWeekday);
        if (said.Kind == SlaRunKind.Full)
        {
            if (byDate is not null)
            {
                return said.Days.Count == 7 ? null : Mismatch($"the SLA says {service}'s full backups run on {Days(expected)} {quote}, but the full upload {byDate.Where} runs on days of the month, not on weekdays");
            }

            var fullDays = selected.SelectMany(r => r.Weekdays).ToHashSet();
            if (fullDays.SetEquals(expected) || (fullDays.SetEquals(days) && !expected.SetEquals(days)))
            {
                // The second case is the weekday left unshifted: CPL5008 says so.
                return null;
            }

            return Mismatch($"the SLA says {service}'s full backups run on {Days(expected)} {quote}, but cron makes them on {Days(fullDays)} ({string.Join(", ", selected.Select(r => r.Where).Distinct())})");
        }

        if (byDate is not null)
        {
            return null;
        }

        var made = selected.SelectMany(r => r.Weekdays).ToHashSet();
        if (said.Kind == SlaRunKind.Incremental)
        {
            // On the full's night the full stands in for the incremental.
            made.UnionWith(runs.Where(r => r.Full && r.ByWeekday).SelectMany(r => r.Weekdays));
        }

        var missing = expected.Except(made).ToList();
        return missing.Count == 0
            ? null
            : Mismatch($"the SLA says {service}'s {said.KindName} run on {Days(expected)} {quote}, but no such job of {service} runs on {Days(missing)} ({string.Join(", ", selected.Select(r => r.Where).Distinct())})");

        Diagnostic Mismatch(string message) => DiagnosticCatalog.CPL5007.Create(said.Location, message, notes: ["change the cron tab or the SLA so that they agree"]);
    }

    private static Diagnostic? TimeDisagrees(string service, SlaSchedule said, string quote, List<Run> selected, List<Run> runs, TimeZoneInfo host)
    {
        if (said.Time is not { } time)
        {
            return null;
        }

        var promised = time.In(host).Minute;
        var written = NightClock.MinuteOfDay(time.Minute);
        var onHost = time.Zone is null || promised == written ? "" : $" = {NightClock.Format(promised)} {NightClock.ZoneName(host)}";
        if (said.Until is { } until)
        {
            // "Backup window 18:30 - 20:00": every run of the kind starts inside it.
            var length = NightClock.Forward(time.Minute, until.Minute);
            var outside = selected.SelectMany(r => r.Calendar.TimesOfDay.Select(t => (Run: r, At: t))).FirstOrDefault(p => NightClock.Forward(promised, p.At) > length);
            return outside.Run is null
                ? null
                : DiagnosticCatalog.CPL5007.Create(
                    said.Location,
                    $"the SLA says {service}'s {said.KindName} start between {SlaFact.Clock(time)} and {SlaFact.Clock(until)}{onHost} {quote}, but {outside.Run.Where} starts at {NightClock.Format(outside.At)}",
                    notes: ["change the cron tab or the SLA so that they agree"]);
        }

        if (said.By)
        {
            // "Started by 23:10": each dump (or, without dumps, each upload) starts then or before.
            var first = said.Kind == SlaRunKind.Any && selected.Any(r => r.Dump) ? selected.Where(r => r.Dump).ToList() : selected;
            foreach (var run in first.Where(r => r.Calendar.TimesOfDay.Length == 1))
            {
                var actual = run.Calendar.TimesOfDay[0];
                if (time.Zone is not null && promised != written && actual == written)
                {
                    return Copied(run, actual);
                }

                var late = NightClock.Forward(promised, actual);
                if (late is > 0 and < 720)
                {
                    return DiagnosticCatalog.CPL5007.Create(
                        said.Location,
                        $"the SLA says backups start by {SlaFact.Clock(time)}{onHost} {quote}, but {service}'s {(run.Dump ? "dump" : "upload")} ({run.Where}) starts {late} minutes later",
                        notes: ["change the schedule or the SLA so that they agree"]);
                }
            }

            return null;
        }

        // "Full backups are created at 21:15 and uploaded at 21:35": the time of a full or incremental backup may be its dump's.
        if (said.Kind is SlaRunKind.Full or SlaRunKind.Incremental)
        {
            selected = [.. selected, .. runs.Where(r => r.Dump && !selected.Contains(r))];
        }

        if (selected.Any(r => r.StartsAt(promised)) || (said.Kind == SlaRunKind.Any && InsideTheNight(promised, runs)))
        {
            return null;
        }

        if (time.Zone is not null && promised != written && selected.FirstOrDefault(r => r.StartsAt(written)) is { } copied)
        {
            return Copied(copied, written);
        }

        var (nearest, at) = selected.SelectMany(r => r.Calendar.TimesOfDay.Select(t => (Run: r, At: t))).MinBy(p => Distance(p.At, promised));
        return DiagnosticCatalog.CPL5007.Create(
            said.Location,
            $"the SLA says {service}'s {said.KindName} start at {SlaFact.Clock(time)}{onHost} {quote}, but none of {service}'s does: the nearest, {nearest.Where}, starts at {NightClock.Format(at)}",
            notes: ["change the cron tab or the SLA so that they agree"]);

        Diagnostic Copied(Run run, int actual) => DiagnosticCatalog.CPL5008.Create(
            said.Location,
            $"the SLA's {SlaFact.Clock(time)} {quote} is {NightClock.Format(promised)} on the host ({NightClock.ZoneName(host)}), but {service}'s {(run.Dump ? "dump" : "upload")} runs at {NightClock.Format(actual)} ({run.Where}): the local time was copied into the cron tab unconverted",
            notes: [$"write {NightClock.Format(promised)} in the cron tab, or say the time in {NightClock.ZoneName(host)} in the SLA ({NightClock.ZoneName(time.Zone!)} differs from it)"]);
    }

    /// <summary>"Backups at 22:00" holds when 22:00 falls between a dump and the upload after it the same night.</summary>
    private static bool InsideTheNight(int minute, List<Run> runs)
    {
        foreach (var dump in runs.Where(r => r.Dump).SelectMany(r => r.Calendar.TimesOfDay))
        {
            foreach (var upload in runs.Where(r => r.Uploads).SelectMany(r => r.Calendar.TimesOfDay))
            {
                var span = NightClock.Forward(dump, upload);
                if (span < 720 && NightClock.Forward(dump, minute) <= span)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static int Distance(int a, int b) => Math.Min(NightClock.Forward(a, b), NightClock.Forward(b, a));

    private static string Example(SlaSchedule said, TimeZoneInfo host)
    {
        var (day, minute) = said.Time is { } time ? time.In(host, said.Days is { Count: 1 } one ? one[0] : DayOfWeek.Sunday) : (DayOfWeek.Sunday, 90);
        var weekday = said.Days is { Count: 1 } ? ((int)day).ToString(System.Globalization.CultureInfo.InvariantCulture) : "*";
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{minute % 60} {minute / 60} * * {weekday}");
    }

    private static string Days(IEnumerable<DayOfWeek> days)
    {
        var list = days.Distinct().Order().ToList();
        return list.Count == 7 ? "every day" : string.Join(", ", list.Select(d => d.ToString()));
    }

    /// <summary>CPL5008: a full night stated in a local zone whose time lands on the other side of midnight on the host, with the weekday left unshifted in the tab.</summary>
    private static void CheckWeekdayShift(SlaDocument sla, List<(DeployedTab Deployed, CronTab Tab)> tabs, Dictionary<CronTab, IReadOnlyList<BackupJob>> jobs, CheckOptions options, List<Diagnostic> found)
    {
        foreach (var service in sla.Services)
        {
            if (service.FullDays is not { } days || (service.Start ?? sla.StartAll) is not { Value.Zone: not null } start)
            {
                continue;
            }

            var onHost = days.Value.Select(d => start.Value.In(options.HostZone, d)).ToList();
            if (onHost.Select(d => d.Day).SequenceEqual(days.Value))
            {
                continue;
            }

            var stated = days.Value.Select(d => (int)d).ToHashSet();
            var expected = onHost.Select(d => (int)d.Day).ToHashSet();
            foreach (var (deployed, tab) in tabs)
            {
                foreach (var job in jobs[tab].Where(j => j.Runs && j.Service == service.Name && j.Uploads.Any(s => s.Step.Action == UploadAction.Full)).Select(j => j.Cron))
                {
                    if (job.Schedule?.Calendar is not { } calendar)
                    {
                        continue;
                    }

                    var runs = Enumerable.Range(0, 7).Where(d => (calendar.DaysOfWeek & (1u << d)) != 0).ToHashSet();
                    if (runs.SetEquals(stated) && !runs.SetEquals(expected))
                    {
                        found.Add(DiagnosticCatalog.CPL5008.Create(
                            days.Location,
                            $"the SLA's full on {days.Text} at {start.Text} is on {string.Join(", ", expected.Order().Select(d => (DayOfWeek)d))} at {NightClock.Format(onHost[0].Minute)} on the host ({NightClock.ZoneName(options.HostZone)}), but the full upload ('{job.ScheduleText}' in {deployed.Destination}) keeps the SLA's weekday",
                            notes: ["converting a time across midnight moves the weekday too"]));
                    }
                }
            }
        }
    }
}

/// <summary>One element of a sequence, or null when it has none or several.</summary>
file static class SingleExtensions
{
    public static string? SingleOrDefaultIfMany(this IEnumerable<string?> items)
    {
        var list = items.Take(2).ToList();
        return list.Count == 1 ? list[0] : null;
    }
}
