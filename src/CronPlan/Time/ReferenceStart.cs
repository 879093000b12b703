namespace CronPlan.Time;

/// <summary>
/// Where an analysis starts when nobody says when the tabs go live: the first minute of <see cref="Year"/>, UTC. One
/// moment for <c>lint</c>, <c>check</c>, <c>compile</c> and the assertions package, so that one tab gives the same
/// findings in each; and a fixed one, not the clock's, so that one input gives the same output on any day (issue 15).
/// </summary>
internal static class ReferenceStart
{
    /// <summary>The year the run analysis, the DST checks and the plan's night window start in.</summary>
    public const int Year = 2026;

    /// <summary>The first minute of <see cref="Year"/>, UTC.</summary>
    public static readonly DateTimeOffset Moment = new(Year, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A winter day of <see cref="Year"/> (no zone of the northern hemisphere keeps summer time on it), as a wall time.</summary>
    public static DateTime MidWinter => new(Year, 1, 15, 0, 0, 0, DateTimeKind.Unspecified);
}
