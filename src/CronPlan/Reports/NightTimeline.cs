using System.Globalization;
using System.Net;
using System.Text;
using CronPlan.Analysis;
using CronPlan.Jobs;
using CronPlan.Plans;
using CronPlan.Scheduling;
using CronPlan.Tabs;
using CronPlan.Time;

namespace CronPlan.Reports;

/// <summary>One bar of the night: a job, when it starts (minutes after the evening's midnight), and how long it may run.</summary>
/// <param name="Label">What runs, such as <c>mysql-backup: upload (Sun)</c>.</param>
/// <param name="Start">Start, minutes after the midnight the night begins on (past 1440 is the next morning).</param>
/// <param name="Minutes">Worst-case duration.</param>
/// <param name="Assumed">The duration is an assumed default, not stated anywhere.</param>
internal sealed record TimelineBar(string Label, int Start, int Minutes, bool Assumed)
{
    /// <summary>Where it ends at the latest.</summary>
    public int End => Start + Minutes;
}

/// <summary>The backup night as a chart: each job a bar against the deadline, as text or as an SVG image.</summary>
/// <param name="Zone">The zone the times are in (the host's).</param>
/// <param name="Deadline">The deadline, minutes after the evening's midnight.</param>
/// <param name="Bars">The jobs, in start order.</param>
internal sealed record NightTimeline(string Zone, int Deadline, IReadOnlyList<TimelineBar> Bars)
{
    private const int MinutesPerColumn = 5;

    /// <summary>The night a plan compiles to.</summary>
    public static NightTimeline FromPlan(BackupPlan plan, PlanSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(schedule);
        var bars = schedule.Jobs.Select(j => new TimelineBar((j.Host.Length > 0 ? j.Host + " " : "") + j.Name, j.Start, j.Minutes, false)).ToList();
        return new NightTimeline(NightClock.ZoneName(plan.HostZone), schedule.WindowEnd, bars);
    }

    /// <summary>
    /// The night of the backup jobs in some cron tabs (jobs that run once a day), with stated or assumed durations: a
    /// compiled tab's header states its own.
    /// </summary>
    public static NightTimeline FromTabs(IReadOnlyList<AnalyzedTab> tabs, AnalysisOptions options, IReadOnlyDictionary<string, string>? scripts = null)
    {
        ArgumentNullException.ThrowIfNull(tabs);
        ArgumentNullException.ThrowIfNull(options);
        options = ScheduleAnalyzer.WithCompiledDurations(options, tabs);
        return FromJobs(ScheduleAnalyzer.JobsOf(tabs, options, scripts), options);
    }

    /// <summary>The same for jobs read and timed already (as <c>cronplan check</c> did); <paramref name="options"/> give the zones and the deadline.</summary>
    public static NightTimeline FromJobs(IReadOnlyList<BackupTab> tabs, AnalysisOptions options)
    {
        ArgumentNullException.ThrowIfNull(tabs);
        ArgumentNullException.ThrowIfNull(options);
        var bars = new List<TimelineBar>();
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
                    bars.Add(new TimelineBar($"{Path.GetFileName(tab.Path)}: {Kind(step.Step)}{(days.Length > 0 ? $" ({days})" : "")}", start + step.StartMinute, step.Duration.Minutes, !step.Duration.Stated));
                }
            }
        }

        var deadline = Night(NightClock.MinuteOfDay((options.Deadline ?? 60) + NightClock.WinterShift(options.DeadlineZone, options.HostZone)));
        return new NightTimeline(NightClock.ZoneName(options.HostZone), deadline, [.. bars.OrderBy(b => b.Start).ThenBy(b => b.Label, StringComparer.Ordinal)]);
    }

    /// <summary>The chart as text: a time axis, a row per job, the deadline as a column of '|'.</summary>
    public string ToText()
    {
        var text = new StringBuilder();
        if (Bars.Count == 0)
        {
            return "no backup job runs once a day: nothing to chart\n";
        }

        var (from, to) = Frame();
        var width = Bars.Max(b => b.Label.Length) + 2;
        var columns = (to - from) / MinutesPerColumn;
        text.Append(CultureInfo.InvariantCulture, $"The night in {Zone}: each column is {MinutesPerColumn} minutes, '#' a stated duration, '+' an assumed one, '|' the deadline {NightClock.Format(Deadline)}\n");
        var axis = new StringBuilder(new string(' ', width + columns + 6));
        for (var minute = from; minute <= to; minute += 30)
        {
            var at = width + ((minute - from) / MinutesPerColumn);
            var label = NightClock.Format(minute);
            for (var i = 0; i < label.Length && at + i < axis.Length; i++)
            {
                axis[at + i] = label[i];
            }
        }

        text.Append(axis.ToString().TrimEnd()).Append('\n');
        var deadlineColumn = (Deadline - from) / MinutesPerColumn;
        foreach (var bar in Bars)
        {
            var row = new char[columns + 1];
            Array.Fill(row, ' ');
            for (var c = 0; c <= columns; c++)
            {
                var minute = from + (c * MinutesPerColumn);
                if (minute + MinutesPerColumn > bar.Start && minute < bar.End)
                {
                    row[c] = bar.Assumed ? '+' : '#';
                }
            }

            if (deadlineColumn is >= 0 && deadlineColumn <= columns)
            {
                row[deadlineColumn] = row[deadlineColumn] == ' ' ? '|' : '!';
            }

            text.Append(bar.Label.PadRight(width)).Append(new string(row).TrimEnd()).Append(CultureInfo.InvariantCulture, $"  {NightClock.Format(bar.Start)}-{NightClock.Format(bar.End)}\n");
        }

        return text.ToString();
    }

    /// <summary>The chart as an SVG image.</summary>
    public string ToSvg()
    {
        var (from, to) = Bars.Count == 0 ? (Deadline - 60, Deadline + 30) : Frame();
        const int LabelWidth = 260, RowHeight = 24, Top = 40, PixelsPerMinute = 4;
        var width = LabelWidth + ((to - from) * PixelsPerMinute) + 20;
        var height = Top + (Bars.Count * RowHeight) + 20;
        string X(int minute) => (LabelWidth + ((minute - from) * PixelsPerMinute)).ToString(CultureInfo.InvariantCulture);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.Append(CultureInfo.InvariantCulture, $"  <title>The backup night in {Encode(Zone)}</title>\n");
        svg.Append("  <rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        for (var minute = from - (from % 30) + 30; minute < to; minute += 30)
        {
            svg.Append(CultureInfo.InvariantCulture, $"  <line x1=\"{X(minute)}\" y1=\"{Top - 10}\" x2=\"{X(minute)}\" y2=\"{height - 10}\" stroke=\"#ddd\"/>\n");
            svg.Append(CultureInfo.InvariantCulture, $"  <text x=\"{X(minute)}\" y=\"{Top - 16}\" text-anchor=\"middle\" fill=\"#555\">{NightClock.Format(minute)}</text>\n");
        }

        for (var i = 0; i < Bars.Count; i++)
        {
            var bar = Bars[i];
            var y = Top + (i * RowHeight);
            var late = bar.End > Deadline;
            var fill = late ? "#d9534f" : bar.Assumed ? "#9ecae1" : "#3182bd";
            svg.Append(CultureInfo.InvariantCulture, $"  <text x=\"8\" y=\"{y + 15}\">{Encode(bar.Label)}</text>\n");
            svg.Append(CultureInfo.InvariantCulture, $"  <rect x=\"{X(bar.Start)}\" y=\"{y + 3}\" width=\"{Math.Max(2, bar.Minutes * PixelsPerMinute)}\" height=\"{RowHeight - 6}\" rx=\"3\" fill=\"{fill}\"{(bar.Assumed ? " stroke=\"#3182bd\" stroke-dasharray=\"4 2\"" : "")}>");
            svg.Append(CultureInfo.InvariantCulture, $"<title>{Encode(bar.Label)}: {NightClock.Format(bar.Start)}-{NightClock.Format(bar.End)}{(bar.Assumed ? " (assumed duration)" : "")}</title></rect>\n");
        }

        svg.Append(CultureInfo.InvariantCulture, $"  <line x1=\"{X(Deadline)}\" y1=\"{Top - 10}\" x2=\"{X(Deadline)}\" y2=\"{height - 10}\" stroke=\"#d9534f\" stroke-width=\"2\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"  <text x=\"{X(Deadline)}\" y=\"{height - 2}\" text-anchor=\"middle\" fill=\"#d9534f\">deadline {NightClock.Format(Deadline)}</text>\n");
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private (int From, int To) Frame()
    {
        var from = Math.Min(Bars.Min(b => b.Start), Deadline) - 15;
        var to = Math.Max(Bars.Max(b => b.End), Deadline) + 15;
        from -= ((from % 30) + 30) % 30;
        to += (30 - (((to % 30) + 30) % 30)) % 30;
        return (from, to);
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

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
