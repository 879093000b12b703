using System.Globalization;
using CronPlan.Analysis;
using CronPlan.Jobs;
using CronPlan.Plans;
using CronPlan.Scheduling;
using CronPlan.Tabs;
using CronPlan.Time;

namespace CronPlan.Reports;

/// <summary>One bar of the night: a step of a job, when it starts and how long it may run.</summary>
public sealed class NightBar
{
    internal NightBar(string label, int start, int minutes, bool assumed) => (Label, Start, Minutes, Assumed) = (label, start, minutes, assumed);

    /// <summary>What runs, such as <c>mysql-backup: upload (Sun)</c>.</summary>
    public string Label { get; }

    /// <summary>Start, minutes after the midnight the night begins on (past 1440 is the next morning).</summary>
    public int Start { get; }

    /// <summary>Worst-case duration in minutes.</summary>
    public int Minutes { get; }

    /// <summary>The duration is an assumed default, not stated anywhere.</summary>
    public bool Assumed { get; }

    /// <summary>Where it ends at the latest: <see cref="Start"/> plus <see cref="Minutes"/>.</summary>
    public int End => Start + Minutes;
}

/// <summary>The backup night: each step of a job that runs once a day, as a bar against the deadline.</summary>
public sealed class BackupNight
{
    internal BackupNight(string zone, int deadline, IReadOnlyList<NightBar> bars) => (Zone, Deadline, Bars) = (zone, deadline, bars);

    /// <summary>The zone the times are in (the host's): <c>UTC</c> or a zone id.</summary>
    public string Zone { get; }

    /// <summary>The deadline, minutes after the midnight the night begins on.</summary>
    public int Deadline { get; }

    /// <summary>The bars, in start order.</summary>
    public IReadOnlyList<NightBar> Bars { get; }

    /// <summary>The night a plan compiles to.</summary>
    internal static BackupNight FromPlan(BackupPlan plan, PlanSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(schedule);
        var bars = schedule.Jobs.Select(j => new NightBar((j.Host.Length > 0 ? j.Host + " " : "") + j.Name, j.Start, j.Minutes, false)).ToList();
        return new BackupNight(NightClock.ZoneName(plan.HostZone), schedule.WindowEnd, bars);
    }

    /// <summary>
    /// The night of the backup jobs in some cron tabs (jobs that run once a day), with stated or assumed durations: a
    /// compiled tab's header states its own.
    /// </summary>
    internal static BackupNight FromTabs(IReadOnlyList<AnalyzedTab> tabs, AnalysisOptions options, IReadOnlyDictionary<string, string>? scripts = null)
    {
        ArgumentNullException.ThrowIfNull(tabs);
        ArgumentNullException.ThrowIfNull(options);
        options = ScheduleAnalyzer.WithCompiledDurations(options, tabs);
        return FromJobs(ScheduleAnalyzer.JobsOf(tabs, options, scripts), options);
    }

    /// <summary>The same for jobs read and timed already (as <c>cronplan check</c> did); <paramref name="options"/> give the zones and the deadline.</summary>
    internal static BackupNight FromJobs(IReadOnlyList<BackupTab> tabs, AnalysisOptions options)
    {
        ArgumentNullException.ThrowIfNull(tabs);
        ArgumentNullException.ThrowIfNull(options);
        var bars = new List<NightBar>();
        foreach (var tab in tabs)
        {
            foreach (var job in tab.Jobs.Where(j => j.Runs))
            {
                if (job.Cron.Schedule?.Calendar is not { TimesOfDay.Length: 1 } calendar)
                {
                    continue;
                }

                var start = Night(calendar.TimesOfDay[0]);
                var days = Days(calendar.DaysOfWeek);
                foreach (var step in job.Steps.Where(s => s.Kind != StepKind.Other))
                {
                    bars.Add(new NightBar($"{Path.GetFileName(tab.Path)}: {Kind(step.Step)}{(days.Length > 0 ? $" ({days})" : "")}", start + step.StartMinute, step.Duration.Minutes, !step.Duration.Stated));
                }
            }
        }

        var deadline = Night(NightClock.MinuteOfDay((options.Deadline ?? 60) + NightClock.WinterShift(options.DeadlineZone, options.HostZone)));
        return new BackupNight(NightClock.ZoneName(options.HostZone), deadline, [.. bars.OrderBy(b => b.Start).ThenBy(b => b.Label, StringComparer.Ordinal)]);
    }

    /// <summary>Morning times belong to the night before.</summary>
    private static int Night(int minuteOfDay) => minuteOfDay < 12 * 60 ? minuteOfDay + 1440 : minuteOfDay;

    private static string Kind(BackupStep step) => step.Kind switch
    {
        StepKind.Dump => "dump",
        StepKind.Upload => step.Action == UploadAction.Full ? "full upload" : "upload",
        _ => "retention",
    };

    private static string Days(uint mask)
    {
        var days = Enumerable.Range(0, 7).Where(d => (mask & (1u << d)) != 0).ToList();
        if (days.Count is 0 or 7)
        {
            return "";
        }

        var names = days.Select(d => ((DayOfWeek)d).ToString()[..3]).ToList();
        var contiguous = days.Zip(days.Skip(1)).All(p => p.Second == p.First + 1);
        return contiguous && days.Count > 2 ? $"{names[0]}-{names[^1]}" : string.Join(",", names);
    }

}
