using CronPlan.Cron;

namespace CronPlan.Tests.Cron;

[TestFixture]
public sealed class CycleAnalysisTests
{
    [Test]
    public void Cycle_Daily_IsOneDayEverywhere()
    {
        var cycle = CronSchedule.Parse("30 23 * * *").AnalyzeCycle(TimeZoneInfo.Utc, 2000);

        cycle.RunCount.Should().Be(146097);
        cycle.Shortest!.Length.Should().Be(TimeSpan.FromDays(1));
        cycle.Longest!.Length.Should().Be(TimeSpan.FromDays(1));
    }

    [Test]
    public void Cycle_LeapDay_LongestGapIsEightYears_AcrossACenturyThatIsNotLeap()
    {
        var cycle = CronSchedule.Parse("0 0 29 2 *").AnalyzeCycle(TimeZoneInfo.Utc, 2000);

        cycle.RunCount.Should().Be(97);
        cycle.Longest!.After.Should().Be(new DateTimeOffset(2096, 2, 29, 0, 0, 0, TimeSpan.Zero));
        cycle.Longest.Before.Should().Be(new DateTimeOffset(2104, 2, 29, 0, 0, 0, TimeSpan.Zero));
        cycle.Shortest!.Length.Should().Be(TimeSpan.FromDays((365 * 4) + 1));
    }

    [Test]
    public void Cycle_EveryMinute_IsOneMinute_AndCountsEveryMinute()
    {
        var cycle = CronSchedule.Parse("* * * * *").AnalyzeCycle(TimeZoneInfo.Utc, 2000);

        cycle.RunCount.Should().Be(146097L * 1440);
        cycle.Shortest!.Length.Should().Be(TimeSpan.FromMinutes(1));
        cycle.Longest!.Length.Should().Be(TimeSpan.FromMinutes(1));
    }

    [Test]
    public void Cycle_DstZone_SeesTheShortAndLongDays()
    {
        var cycle = CronSchedule.Parse("30 2 * * *").AnalyzeCycle(TimeZoneInfo.FindSystemTimeZoneById("Europe/Tallinn"), 2021);

        cycle.Shortest!.Length.Should().Be(TimeSpan.FromHours(23));
        cycle.Longest!.Length.Should().Be(TimeSpan.FromHours(25));
    }

    [Test]
    public void Cycle_CatchUpRuns_MakeAZeroGap()
    {
        var cycle = CronSchedule.Parse("0 2-4 * * *").AnalyzeCycle(TimeZoneInfo.FindSystemTimeZoneById("Europe/Tallinn"), 2021);

        cycle.Shortest!.Length.Should().Be(TimeSpan.Zero);
        cycle.Shortest.After.Should().Be(new DateTimeOffset(2021, 3, 28, 4, 0, 0, TimeSpan.FromHours(3)));
    }

    [Test]
    public void Cycle_EqualGaps_NameTheFirst()
    {
        var cycle = CronSchedule.Parse("30 23 * * *").AnalyzeCycle(TimeZoneInfo.Utc, 2000);

        (cycle.Shortest!.After, cycle.Shortest.Before).Should().Be((new DateTimeOffset(2000, 1, 1, 23, 30, 0, TimeSpan.Zero), new DateTimeOffset(2000, 1, 2, 23, 30, 0, TimeSpan.Zero)));
        (cycle.Longest!.After, cycle.Longest.Before).Should().Be((cycle.Shortest.After, cycle.Shortest.Before));
        cycle.Longest.LengthText.Should().Be("1d");
    }

    [TestCase("UTC",              2000, "2000-01-01T00:00:00+00:00", "2400-01-01T00:00:00+00:00")]
    [TestCase("Europe/Tallinn",   2021, "2021-01-01T00:00:00+02:00", "2421-01-01T00:00:00+02:00")]
    [TestCase("America/New_York", 1,    "0001-01-01T00:00:00-04:57", "0401-01-01T00:00:00-04:57")]
    [TestCase("UTC",              9599, "9599-01-01T00:00:00+00:00", "9999-01-01T00:00:00+00:00")]
    public void Cycle_SpansFourHundredYears_FromLocalMidnight(string zone, int startYear, string start, string end)
    {
        var cycle = CronSchedule.Parse("0 12 1 1 *").AnalyzeCycle(TimeZoneInfo.FindSystemTimeZoneById(zone), startYear);

        (CronRun.Iso(cycle.Start), CronRun.Iso(cycle.End)).Should().Be((start, end));
        cycle.RunCount.Should().Be(400);
    }

    [TestCase(0)]
    [TestCase(9600)]
    public void Cycle_MustFitBetweenYear1AndYear9999(int startYear) =>
        FluentActions.Invoking(() => CronSchedule.Parse("0 0 * * *").AnalyzeCycle(TimeZoneInfo.Utc, startYear)).Should().Throw<ArgumentOutOfRangeException>();

    [Test]
    public void Cycle_NeverFiring_HasNoGaps()
    {
        var cycle = CronSchedule.Parse("0 0 30 2 *").AnalyzeCycle(TimeZoneInfo.Utc, 2000);

        cycle.RunCount.Should().Be(0);
        cycle.Longest.Should().BeNull();
        cycle.Shortest.Should().BeNull();
        (cycle.End - cycle.Start).Should().Be(TimeSpan.FromDays(146097));
    }

    // The exact analysis against plain enumeration of every run, over a whole cycle, in zones with and without DST.
    [TestCase("0 0 13 * 5", "UTC")]
    [TestCase("15 3 */2 * 0", "UTC")]
    [TestCase("0 0 29 2 1", "UTC")]
    [TestCase("30 3 * * *", "Europe/Tallinn")]
    [TestCase("0 2-4 * * 0", "Europe/Tallinn")]
    [TestCase("0 1 1-7 * 0", "America/New_York")]
    [TestCase("*/30 1 * * 0", "America/New_York")]
    [TestCase("10 2 * 3,10,11 *", "Australia/Lord_Howe")]
    public void Cycle_EqualsEnumeratingEveryRun(string expression, string zoneId)
    {
        var schedule = CronSchedule.Parse(expression);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var cycle = schedule.AnalyzeCycle(zone, 2001);

        var runs = schedule.RunsAfter(cycle.Start.AddMinutes(-1), zone).TakeWhile(r => r.At < cycle.End).Select(r => r.At).ToList();
        runs.Add(schedule.NextRun(cycle.End.AddMinutes(-1), zone)!.Value.At);
        var gaps = runs.Zip(runs.Skip(1), (a, b) => (After: a, Length: b - a)).ToList();

        cycle.RunCount.Should().Be(runs.Count - 1);
        cycle.Shortest!.Length.Should().Be(gaps.Min(g => g.Length));
        cycle.Longest!.Length.Should().Be(gaps.Max(g => g.Length));
        cycle.Longest.After.Should().Be(gaps.First(g => g.Length == cycle.Longest.Length).After);
        cycle.Shortest.After.Should().Be(gaps.First(g => g.Length == cycle.Shortest.Length).After);
    }
}
