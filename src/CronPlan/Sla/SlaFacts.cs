using System.Globalization;
using CronPlan.Diagnostics;
using CronPlan.Time;

namespace CronPlan.Sla;

/// <summary>One value an SLA states, with where it stands and how it was written.</summary>
/// <typeparam name="T">The value's type.</typeparam>
/// <param name="Value">The value.</param>
/// <param name="Location">Where it stands.</param>
/// <param name="Text">The words it was read from.</param>
public sealed record Stated<T>(T Value, SourceLocation Location, string Text);

/// <summary>What one fact of an SLA is about.</summary>
public enum SlaFactKind
{
    /// <summary>When the backups start (or are started by).</summary>
    Start,

    /// <summary>When the backups must be finished by.</summary>
    Deadline,

    /// <summary>How often backups are made, at least: a "daily" promise is kept by more frequent jobs too.</summary>
    Frequency,

    /// <summary>When full backups are made: weekdays, or a period.</summary>
    FullCadence,

    /// <summary>How many full backups (chains) are kept.</summary>
    FullChains,

    /// <summary>Recovery point objective.</summary>
    Rpo,

    /// <summary>Recovery time objective.</summary>
    Rto,

    /// <summary>How long backups are kept.</summary>
    Retention,

    /// <summary>How many recovery points are kept.</summary>
    Versions,

    /// <summary>How often a backup is checked by restoring it.</summary>
    Verification,

    /// <summary>How long making and storing one backup takes at worst.</summary>
    Duration,

    /// <summary>A run the SLA describes, held against the cron tabs: what (any, dump, full, incremental, prune), weekdays, time.</summary>
    Run,
}

/// <summary>One thing an SLA document was read to state, for a person or a program to see what CronPlan understood.</summary>
/// <param name="Service">The service's key, or null for a statement that holds for every service.</param>
/// <param name="Kind">What the fact is about.</param>
/// <param name="Value">The value in CronPlan's words: <c>24h</c>, <c>7d</c>, <c>23:10 UTC</c>, <c>Sun</c>, <c>28</c>.</param>
/// <param name="Location">Where it stands (1-based line and column).</param>
/// <param name="Text">The words it was read from.</param>
public sealed record SlaFact(string? Service, SlaFactKind Kind, string Value, SourceLocation Location, string Text)
{
    /// <summary>The kind as written in reports: <c>start</c>, <c>full cadence</c>, <c>RPO</c>...</summary>
    public string KindName => Kind switch
    {
        SlaFactKind.FullCadence => "full cadence",
        SlaFactKind.FullChains => "full chains",
        SlaFactKind.Rpo => "RPO",
        SlaFactKind.Rto => "RTO",
        _ => Kind.ToString().ToLowerInvariant(),
    };

    internal static IEnumerable<SlaFact> Of(string? service, ServiceSla sla)
    {
        if (sla.Start is { } start)
        {
            yield return new(service, SlaFactKind.Start, Clock(start.Value), start.Location, start.Text);
        }

        if (sla.Deadline is { } deadline)
        {
            yield return new(service, SlaFactKind.Deadline, Clock(deadline.Value), deadline.Location, deadline.Text);
        }

        if (sla.Interval is { } interval)
        {
            yield return new(service, SlaFactKind.Frequency, Span(interval.Value), interval.Location, interval.Text);
        }

        if (sla.FullDays is { } days)
        {
            yield return new(service, SlaFactKind.FullCadence, days.Value.Count == 7 ? "daily" : string.Join(",", days.Value.Select(d => d.ToString()[..3])), days.Location, days.Text);
        }
        else if (sla.FullInterval is { } full)
        {
            yield return new(service, SlaFactKind.FullCadence, Span(full.Value), full.Location, full.Text);
        }

        if (sla.FullVersions is { } chains)
        {
            yield return new(service, SlaFactKind.FullChains, chains.Value.ToString(CultureInfo.InvariantCulture), chains.Location, chains.Text);
        }

        foreach (var (kind, value) in new[] { (SlaFactKind.Rpo, sla.Rpo), (SlaFactKind.Rto, sla.Rto), (SlaFactKind.Retention, sla.RetentionPeriod), (SlaFactKind.Verification, sla.UsabilityCheck), (SlaFactKind.Duration, sla.Duration) })
        {
            if (value is not null)
            {
                yield return new(service, kind, Span(value.Value), value.Location, value.Text);
            }
        }

        if (sla.Versions is { } versions)
        {
            yield return new(service, SlaFactKind.Versions, versions.Value.ToString(CultureInfo.InvariantCulture), versions.Location, versions.Text);
        }

        foreach (var run in sla.Schedules)
        {
            yield return new(service, SlaFactKind.Run, run.Value, run.Location, run.Text);
        }
    }

    /// <summary><c>24h</c>, <c>28d</c>, <c>90m</c>, <c>1h30m</c>.</summary>
    internal static string Span(TimeSpan span) => span switch
    {
        { TotalDays: >= 2 } s when s.TotalDays % 1 == 0 => string.Create(CultureInfo.InvariantCulture, $"{s.TotalDays:0}d"),
        { TotalHours: >= 1 } s when s.TotalHours % 1 == 0 => string.Create(CultureInfo.InvariantCulture, $"{s.TotalHours:0}h"),
        { TotalMinutes: > 90 } s => string.Create(CultureInfo.InvariantCulture, $"{(int)s.TotalHours}h{s.Minutes}m"),
        var s => string.Create(CultureInfo.InvariantCulture, $"{s.TotalMinutes:0.#}m"),
    };

    /// <summary><c>23:10 UTC</c>, <c>01:00 Europe/Tallinn</c>, <c>23:10</c> (no zone written).</summary>
    internal static string Clock(SlaTime time)
    {
        var clock = string.Create(CultureInfo.InvariantCulture, $"{time.Minute / 60:00}:{time.Minute % 60:00}");
        return time.Zone is null ? clock : $"{clock} {NightClock.ZoneName(time.Zone)}";
    }
}
