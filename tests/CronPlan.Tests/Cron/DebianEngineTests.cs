using CronPlan.Cron;

namespace CronPlan.Tests.Cron;

[TestFixture]
public sealed class DebianEngineTests
{
    private static readonly TimeZoneInfo Tallinn = TimeZoneInfo.FindSystemTimeZoneById("Europe/Tallinn");

    private static List<string> Next(string expression, string zone, string localFrom, int count) =>
        CronSchedule.Parse(expression)
            .RunsAfter(DateTime.Parse(localFrom, System.Globalization.CultureInfo.InvariantCulture), TimeZoneInfo.FindSystemTimeZoneById(zone))
            .Take(count).Select(r => r.ToString()).ToList();

    //   Tallinn, 2021-03-28:   02:59 +02:00 ──jump──▶ 04:00 +03:00   (03:00-03:59 never happens)
    //   fixed-time jobs in the gap run once per matching minute at 04:00; wildcard jobs there are lost.
    [Test]
    public void Next_RunsCatchUpTwice_WhenSpringGapSkipsAFixedHour() =>
        Next("0 2-4 * * *", "Europe/Tallinn", "2021-03-28T00:00", 3).Should().Equal(
            "2021-03-28T02:00:00+02:00", "2021-03-28T04:00:00+03:00", "2021-03-28T04:00:00+03:00");

    [Test]
    public void Next_MarksCatchUpRuns_WithTheMinuteTheyStandFor()
    {
        var run = CronSchedule.Parse("30 3 * * *").RunsAfter(new DateTime(2021, 3, 28), Tallinn).First();

        run.IsCatchUp.Should().BeTrue();
        run.Scheduled.Should().Be(new DateTime(2021, 3, 28, 3, 30, 0));
        run.At.Should().Be(new DateTimeOffset(2021, 3, 28, 4, 0, 0, TimeSpan.FromHours(3)));
    }

    //   Tallinn, 2021-10-31:   03:59 +03:00 ──back──▶ 03:00 +02:00   (03:00-03:59 happens twice)
    [Test]
    public void Next_RunsWildcardJobsInBothPasses_AndFixedJobsOnce_InTheAutumnOverlap()
    {
        Next("*/30 3 * * *", "Europe/Tallinn", "2021-10-31T00:00", 4).Should().Equal(
            "2021-10-31T03:00:00+03:00", "2021-10-31T03:30:00+03:00", "2021-10-31T03:00:00+02:00", "2021-10-31T03:30:00+02:00");
        Next("0-59/30 3 * * *", "Europe/Tallinn", "2021-10-31T00:00", 3).Should().Equal(
            "2021-10-31T03:00:00+03:00", "2021-10-31T03:30:00+03:00", "2021-11-01T03:00:00+02:00");
    }

    //   Lord Howe, 2021-10-03: 02:00 +10:30 ──jump 30 min──▶ 02:30 +11:00
    [Test]
    public void Next_CatchesUp_AfterAHalfHourJump()
    {
        Next("15 2 * * *", "Australia/Lord_Howe", "2021-10-03T00:00", 1).Should().Equal("2021-10-03T02:30:00+11:00");
        Next("*/15 2 * * *", "Australia/Lord_Howe", "2021-10-03T00:00", 2).Should().Equal("2021-10-03T02:30:00+11:00", "2021-10-03T02:45:00+11:00");
    }

    [Test]
    public void Next_FromInsideTheGap_IncludesTheRunsAtTheJump() =>
        Next("30 3 * * *", "Europe/Tallinn", "2021-03-28T03:10", 1).Should().Equal("2021-03-28T04:00:00+03:00");

    [Test]
    public void Next_SkipsYears_ForRareSchedules() =>
        Next("0 0 29 2 1", "UTC", "2021-01-01T00:00", 2).Should().Equal("2021-02-01T00:00:00+00:00", "2021-02-08T00:00:00+00:00");

    [Test]
    public void Next_AndedLeapDayOnAMonday_FindsTheRareYears() =>
        Next("0 0 29 2 */7", "UTC", "2001-01-01T00:00", 2).Should().Equal("2004-02-29T00:00:00+00:00", "2032-02-29T00:00:00+00:00");

    [Test]
    public void Next_EndsAtYear9999_WithoutHanging() =>
        Next("0 0 29 2 *", "UTC", "9995-01-01T00:00", 5).Should().Equal("9996-02-29T00:00:00+00:00");

    [TestCase("*/7 * * * *", "Europe/Tallinn", "2021-03-27T22:00")]
    [TestCase("0 2-4 * * *", "Europe/Tallinn", "2021-03-20T00:00")]
    [TestCase("*/30 3 * * *", "Europe/Tallinn", "2021-10-25T00:00")]
    [TestCase("0-59/30 3 * * *", "Europe/Tallinn", "2021-10-25T00:00")]
    [TestCase("0 1-3 * * *", "America/New_York", "2021-11-01T00:00")]
    [TestCase("30 2 * * *", "America/New_York", "2021-03-10T00:00")]
    [TestCase("0 0 13 * 5", "UTC", "2021-01-01T00:00")]
    public void RunsBefore_IsRunsAfterReversed(string expression, string zone, string localFrom)
    {
        var schedule = CronSchedule.Parse(expression);
        var tz = TimeZoneInfo.FindSystemTimeZoneById(zone);
        var forward = schedule.RunsAfter(DateTime.Parse(localFrom, System.Globalization.CultureInfo.InvariantCulture), tz).Take(200).ToList();
        var end = forward[^1].At.AddMinutes(1);

        var backward = schedule.RunsBefore(end, tz).Take(200).Reverse().ToList();

        backward.Select(r => (r.At, r.Scheduled)).Should().Equal(forward.Select(r => (r.At, r.Scheduled)));
    }
}
