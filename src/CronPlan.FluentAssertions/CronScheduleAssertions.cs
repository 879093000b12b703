using CronPlan.Cron;
using FluentAssertions;
using FluentAssertions.Execution;
using FluentAssertions.Primitives;

namespace CronPlan.FluentAssertions;

/// <summary>Assertions on one schedule, over its whole 400-year cycle.</summary>
public sealed class CronScheduleAssertions : ReferenceTypeAssertions<CronSchedule, CronScheduleAssertions>
{
    /// <summary>Creates the assertions for <paramref name="schedule"/>.</summary>
    public CronScheduleAssertions(CronSchedule schedule)
        : base(schedule)
    {
    }

    /// <inheritdoc/>
    protected override string Identifier => "schedule";

    /// <summary>Asserts that no two consecutive runs, anywhere in the 400-year cycle in <paramref name="zone"/>, are further apart than <paramref name="maximum"/>.</summary>
    public AndConstraint<CronScheduleAssertions> HaveLongestGapAtMost(TimeSpan maximum, TimeZoneInfo? zone = null, string because = "", params object[] becauseArgs)
    {
        var cycle = Subject.AnalyzeCycle(zone ?? TimeZoneInfo.Utc);
        if (cycle.Longest is not { } gap || gap.Length > maximum)
        {
            CronTabAssertions.Fail(
                Execute.Assertion.BecauseOf(because, becauseArgs),
                "schedule",
                $"to run at least every {CronTabAssertions.Minutes(maximum)}",
                cycle.Longest is { } longest ? $", but its longest gap is {longest.LengthText}, from {CronTabAssertions.Moment(longest.After)} to {CronTabAssertions.Moment(longest.Before)}." : ", but it never runs twice.");
        }
        return new AndConstraint<CronScheduleAssertions>(this);
    }
}
