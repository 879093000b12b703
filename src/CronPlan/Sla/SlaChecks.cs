using System.Globalization;
using CronPlan.Diagnostics;
using CronPlan.Time;

namespace CronPlan.Sla;

/// <summary>CPL5002-CPL5006: an SLA document's promises checked against each other and the deadline.</summary>
public static class SlaChecks
{
    /// <summary>Checks <paramref name="sla"/>; the deadline is minutes after midnight in <paramref name="deadlineZone"/>.</summary>
    public static IReadOnlyList<Diagnostic> Check(SlaDocument sla, int deadline, TimeZoneInfo deadlineZone) => Check(sla, deadline, deadlineZone, null);

    /// <summary>
    /// Checks <paramref name="sla"/>; the deadline is minutes after midnight in <paramref name="deadlineZone"/>, and
    /// <paramref name="deadlineSource"/> says where it came from ("backup_sla.md:12", "--deadline") in the messages.
    /// </summary>
    public static IReadOnlyList<Diagnostic> Check(SlaDocument sla, int deadline, TimeZoneInfo deadlineZone, string? deadlineSource)
    {
        ArgumentNullException.ThrowIfNull(sla);
        ArgumentNullException.ThrowIfNull(deadlineZone);
        var found = new List<Diagnostic>();
        foreach (var service in sla.Services)
        {
            // What the document says for every service counts for each one: only what nothing states is missing.
            var missing = new List<string>();
            if (service.Interval is null && service.FullDays is null && service.FullInterval is null && service.RunDays is null)
            {
                missing.Add("how often backups are made");
            }

            if (service.Start is null && service.Deadline is null)
            {
                missing.Add("at what time of day they run");
            }

            if (service.Rpo is null)
            {
                missing.Add("an RPO");
            }

            if (service.Rto is null)
            {
                missing.Add("an RTO");
            }

            if (service.RetentionPeriod is null && service.Versions is null)
            {
                missing.Add("how long backups are kept");
            }

            if (service.UsabilityCheck is null)
            {
                missing.Add("how often a backup is verified");
            }

            if (missing.Count > 0)
            {
                found.Add(DiagnosticCatalog.CPL5002.Create(service.Location, $"the SLA covers {service.Name} but does not say {Join(missing)}"));
            }

            if (service.Interval is { } interval && service.Rpo is { } rpo)
            {
                if (interval.Value > rpo.Value)
                {
                    found.Add(DiagnosticCatalog.CPL5003.Create(
                        interval.Location,
                        $"{service.Name} backups are made every {Words(interval.Value)}, but the RPO is {Words(rpo.Value)}: a failure just before the next backup loses more than the RPO allows",
                        notes: [$"the RPO is stated at line {rpo.Location.Line}"]));
                }
                else if (rpo.Value >= TimeSpan.FromDays(7) && interval.Value <= TimeSpan.FromDays(1))
                {
                    found.Add(DiagnosticCatalog.CPL5004.Create(
                        rpo.Location,
                        $"an RPO of {Words(rpo.Value)} with backups every {Words(interval.Value)} looks like a retention period: the RPO is the most data a failure may lose, here about {Words(interval.Value)}"));
                }
            }

            if (Arithmetic(service) is { } contradiction)
            {
                found.Add(contradiction);
            }

            var start = service.Start ?? sla.StartAll;
            if (start is not null && service.Duration is { } duration)
            {
                var end = start.Value.Minute + (int)Math.Ceiling(duration.Value.TotalMinutes);
                var deadlineHere = new SlaTime(deadline, deadlineZone).In(start.Value.Zone ?? deadlineZone).Minute;
                var sinceDeadline = NightClock.Forward(deadlineHere, end);
                if (sinceDeadline is > 0 and < 360)
                {
                    found.Add(DiagnosticCatalog.CPL5006.Create(
                        duration.Location,
                        string.Create(CultureInfo.InvariantCulture, $"{service.Name} starts by {NightClock.Format(start.Value.Minute)} and may take {Words(duration.Value)}: it ends at {NightClock.Format(end)}, after the deadline {NightClock.Format(deadline)} {NightClock.ZoneName(deadlineZone)}{(deadlineSource is null ? "" : $" ({deadlineSource})")}")));
                }
            }
        }

        return found;
    }

    /// <summary>
    /// CPL5005: N recovery points made every I cover N*I, which should be the period they are kept for, give or take one
    /// interval; the same for N full chains made every full cadence.
    /// </summary>
    private static Diagnostic? Arithmetic(ServiceSla service)
    {
        if (service.RetentionPeriod is not { } period)
        {
            return null;
        }

        // Backups on named weekdays come as often as those days do on average; a frequency is the longest wait.
        var runDays = service.RunDays is { Count: > 0 } days ? days.Union(service.FullDays?.Value ?? []).ToList() : null;
        var every = runDays is not null && service.Interval?.Value == SlaValues.LongestGap(runDays)
            ? TimeSpan.FromDays(7.0 / runDays.Count)
            : service.Interval?.Value;
        if (service.Versions is { } versions && every is { } interval && interval > TimeSpan.Zero)
        {
            var covered = interval * versions.Value;
            if ((covered - period.Value).Duration() > interval)
            {
                return DiagnosticCatalog.CPL5005.Create(
                    versions.Location,
                    string.Create(CultureInfo.InvariantCulture, $"{service.Name}: {versions.Value} recovery points made every {Words(interval)} cover {Words(covered)}, but backups are kept for {Words(period.Value)}"),
                    notes: [$"the retention period is stated at line {period.Location.Line}: one of the two is not what happens"]);
            }
        }

        var cadence = service.FullInterval?.Value ?? (service.FullDays is { Value.Count: > 0 } fullDays ? TimeSpan.FromDays(7.0 / fullDays.Value.Count) : null);
        if (service.FullVersions is { } chains && cadence is { } fullEvery && fullEvery > TimeSpan.Zero)
        {
            var covered = fullEvery * chains.Value;
            if ((covered - period.Value).Duration() > fullEvery)
            {
                return DiagnosticCatalog.CPL5005.Create(
                    chains.Location,
                    string.Create(CultureInfo.InvariantCulture, $"{service.Name}: {chains.Value} full chains made every {Words(fullEvery)} cover {Words(covered)}, but backups are kept for {Words(period.Value)}"),
                    notes: [$"the retention period is stated at line {period.Location.Line}: one of the two is not what happens"]);
            }
        }

        return null;
    }

    private static string Join(List<string> parts) => parts.Count == 1 ? parts[0] : string.Join(", ", parts[..^1]) + " or " + parts[^1];

    internal static string Words(TimeSpan span) =>
        span.TotalDays >= 1 && span.TotalDays % 7 == 0 && span.TotalDays >= 7 ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalDays / 7:0} week{(span.TotalDays == 7 ? "" : "s")}")
        : span.TotalHours >= 48 ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalDays:0.#} days")
        : span.TotalHours >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalHours:0.#} hours")
        : string.Create(CultureInfo.InvariantCulture, $"{span.TotalMinutes:0} minutes");
}
