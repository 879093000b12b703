using System.Globalization;
using CronPlan.Analysis;
using CronPlan.Cron;
using CronPlan.Jobs;

namespace CronPlan.Repos;

/// <summary>The short report of <c>cronplan check</c>: per service, what the cron tabs do next to what the SLA promises.</summary>
internal static class ServiceTable
{
    /// <summary>
    /// A table, one row per service: dump and upload schedules, full cadence, RPO against the worst gap, retention. The
    /// first row names the columns; there are no rows at all when neither the SLA nor a job names a service.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<string>> Rows(CheckResult result, TimeZoneInfo hostZone)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(hostZone);
        var jobs = result.Jobs
            .SelectMany(t => t.Jobs.Where(j => j.Runs))
            .Where(j => j.Service is not null)
            .Select(j => (j.Service, Job: j.Cron, Steps: j.Steps.Select(s => s.Step).ToList()))
            .ToList();
        var names = (result.Sla?.Services.Select(s => s.Name) ?? []).Concat(jobs.Select(j => j.Service!)).Distinct().ToList();
        if (names.Count == 0)
        {
            return [];
        }

        var rows = new List<IReadOnlyList<string>> { new[] { "service", "dump", "upload", "full", "RPO (SLA)", "worst gap", "retention (SLA)", "kept by the jobs" } };
        foreach (var name in names)
        {
            var mine = jobs.Where(j => j.Service == name).ToList();
            var dumps = mine.Where(j => j.Steps.Any(s => s.Kind == StepKind.Dump)).Select(j => j.Job.ScheduleText).Distinct().ToList();
            var uploads = mine.Where(j => j.Steps.Any(s => s.Kind == StepKind.Upload)).ToList();
            var retention = mine.SelectMany(j => j.Steps.Where(s => s.Kind == StepKind.Retention)).ToList();
            var sla = result.Sla?.Services.FirstOrDefault(s => s.Name == name);
            var gap = uploads.Count == 0 ? null : ScheduleAnalyzer.LongestGap([.. uploads.Select(u => u.Job.Schedule!)], hostZone);
            var full = uploads.SelectMany(u => u.Steps.Where(s => s.Kind == StepKind.Upload).Select(s => (u.Job, Step: s))).ToList();
            var forced = full.Select(f => f.Step.FullIfOlderThanDays).FirstOrDefault(d => d is not null);
            var fullText = full.Where(f => f.Step.Action == UploadAction.Full).Select(f => Weekdays(f.Job.ScheduleText)).FirstOrDefault()
                ?? (forced is { } days ? $"if older than {days}D" : uploads.Count == 0 ? "-" : "never");
            rows.Add(
            [
                name,
                dumps.Count == 0 ? "-" : string.Join(" / ", dumps),
                uploads.Count == 0 ? "-" : string.Join(" / ", uploads.Select(u => u.Job.ScheduleText).Distinct()),
                fullText,
                sla?.Rpo?.Text ?? "-",
                gap is { } g ? Words(g) + (sla?.Rpo is { } rpo && g > rpo.Value ? " (over)" : "") : uploads.Count == 0 ? "-" : "see CPL4011",
                sla?.RetentionPeriod is { } period ? period.Text + (sla.Versions is { } v ? $", {v.Value} versions" : "") : "-",
                retention.Count == 0 ? "nothing pruned" : string.Join(" / ", retention.Select(r => r.RetentionAction + (r.Force ? "" : " (no --force)"))),
            ]);
        }

        return rows;
    }

    private static string Weekdays(string schedule)
    {
        var fields = schedule.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5 || fields[4] == "*")
        {
            return "daily";
        }

        var names = fields[4].Split(',').Select(d => int.TryParse(d, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 0 and <= 7 ? ((DayOfWeek)(n % 7)).ToString()[..3] : d);
        return "weekly (" + string.Join(",", names) + ")";
    }

    private static string Words(TimeSpan span) =>
        span.TotalHours >= 48 ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalDays:0.#} days") : string.Create(CultureInfo.InvariantCulture, $"{span.TotalHours:0.#} hours");
}
