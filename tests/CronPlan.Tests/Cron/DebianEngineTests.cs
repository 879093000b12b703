using CronPlan.Cron;

namespace CronPlan.Tests.Cron;

[TestFixture]
public sealed class DebianEngineTests
{
    private static readonly TimeZoneInfo Tallinn = TimeZoneInfo.FindSystemTimeZoneById("Europe/Tallinn");

    private static List<string> Next(string expression, string zone, string localFrom, int count) =>
        Next(expression, TimeZoneInfo.FindSystemTimeZoneById(zone), localFrom, count);

    private static List<string> Next(string expression, TimeZoneInfo zone, string localFrom, int count) =>
        CronSchedule.Parse(expression)
            .RunsAfter(DateTime.Parse(localFrom, System.Globalization.CultureInfo.InvariantCulture), zone)
            .Take(count).Select(r => r.ToString()).ToList();

    /// <summary>A zone at UTC whose clock moves forward by <paramref name="minutes"/> at 02:00 on 2021-03-28 and back by as much at 12:00 on 2021-10-31.</summary>
    private static TimeZoneInfo JumpingZone(int minutes)
    {
        var rule = TimeZoneInfo.AdjustmentRule.CreateAdjustmentRule(
            new DateTime(2021, 1, 1), new DateTime(2021, 12, 31), TimeSpan.FromMinutes(minutes),
            TimeZoneInfo.TransitionTime.CreateFixedDateRule(new DateTime(1, 1, 1, 2, 0, 0), 3, 28),
            TimeZoneInfo.TransitionTime.CreateFixedDateRule(new DateTime(1, 1, 1, 12, 0, 0), 10, 31));
        var name = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Test/Jump{minutes}");
        return TimeZoneInfo.CreateCustomTimeZone(name, TimeSpan.Zero, name, name, name + " summer", [rule]);
    }

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

    // The daemon classifies a clock change by the minutes between two wake-ups (cron.c: timeDiff = change + 1):
    // up to 5 it woke up late and runs every job for every minute it missed; up to 180 (forward) it runs only the
    // fixed-time jobs of the missed minutes; from -180 to 0 (backward) it holds fixed-time jobs back; beyond, it
    // corrects its clock and catches nothing up. The zones below move their clock by exactly the edge sizes.
    //   Test zone, 2021-03-28:  02:00 +00:00 ──jump N min──▶ 02:00+N
    [TestCase(4,   "* 2 * * *",  6, "2021-03-28T02:04:00+00:04 x5", "2021-03-28T02:05:00+00:04")]
    [TestCase(5,   "* 2 * * *",  2, "2021-03-28T02:05:00+00:05",    "2021-03-28T02:06:00+00:05")]
    [TestCase(179, "30 2 * * *", 2, "2021-03-28T04:59:00+02:59",    "2021-03-29T02:30:00+02:59")]
    [TestCase(180, "30 2 * * *", 1, "2021-03-29T02:30:00+03:00",    null)]
    public void Next_CatchesUpMissedMinutes_OnlyWithinTheDaemonsLimits(int jump, string expression, int count, string first, string? then)
    {
        List<string> expected = first.EndsWith(" x5", StringComparison.Ordinal) ? [.. Enumerable.Repeat(first[..^3], 5)] : [first];
        if (then is not null)
        {
            expected.Add(then);
        }

        Next(expression, JumpingZone(jump), "2021-03-28T00:00", count).Should().Equal(expected);
    }

    //   Test zone, 2021-10-31:  12:00 +N min ──back N min──▶ 12:00-N +00:00   (10:00 happens twice)
    [TestCase(180, 1)]
    [TestCase(181, 1)]
    [TestCase(182, 2)]
    public void Next_HoldsFixedTimeJobsBack_AfterABackwardStepOfUpTo181Minutes(int jump, int runsAtTen)
    {
        var day = Next("0 10 * * *", JumpingZone(jump), "2021-10-31T00:00", 3).Where(r => r.StartsWith("2021-10-31", StringComparison.Ordinal));

        day.Should().HaveCount(runsAtTen).And.OnlyContain(r => r.StartsWith("2021-10-31T10:00:00", StringComparison.Ordinal));
    }

    [Test]
    public void NextRun_HoldsAFixedTimeJobBack_FromInsideTheAutumnRepeat()
    {
        var schedule = CronSchedule.Parse("0-59/30 3 * * *");
        var secondPass = new DateTimeOffset(2021, 10, 31, 3, 10, 0, TimeSpan.FromHours(2));

        schedule.NextRun(secondPass, Tallinn)!.Value.ToString().Should().Be("2021-11-01T03:00:00+02:00");
        CronSchedule.Parse("*/30 3 * * *").NextRun(secondPass, Tallinn)!.Value.ToString().Should().Be("2021-10-31T03:30:00+02:00");
    }

    // NextRun answers without enumerating; from every minute around a change it must say what RunsAfter says first.
    [TestCase("30 3 * * *",      "Europe/Tallinn",      "2021-03-27T23:00")]
    [TestCase("0,15,30,45 3 * * *", "Europe/Tallinn",   "2021-03-27T23:00")]
    [TestCase("*/20 3 * * *",    "Europe/Tallinn",      "2021-03-27T23:00")]
    [TestCase("30 3 * * *",      "Europe/Tallinn",      "2021-10-30T23:00")]
    [TestCase("0-59/30 3 * * *", "Europe/Tallinn",      "2021-10-30T23:00")]
    [TestCase("*/30 3 * * *",    "Europe/Tallinn",      "2021-10-30T23:00")]
    [TestCase("15 2 * * *",      "Australia/Lord_Howe", "2021-10-02T14:00")]
    [TestCase("*/10 1 * * *",    "Australia/Lord_Howe", "2021-04-03T13:00")]
    [TestCase("30 1,3 * * *",    "Europe/Tallinn",      "2021-03-27T23:00")]
    [TestCase("0 4 * * *",       "Europe/Tallinn",      "2021-03-27T23:00")]
    [TestCase("30 2 * * *",      "America/New_York",    "2021-03-14T04:00")]
    [TestCase("0 3 * * *",       "America/New_York",    "2021-03-14T04:00")]
    public void NextRun_IsTheFirstOfRunsAfter_FromEveryMinuteAroundAChange(string expression, string zone, string utcFrom)
    {
        var schedule = CronSchedule.Parse(expression);
        var tz = TimeZoneInfo.FindSystemTimeZoneById(zone);
        var start = new DateTimeOffset(DateTime.Parse(utcFrom, System.Globalization.CultureInfo.InvariantCulture), TimeSpan.Zero);

        for (var minute = 0; minute < 8 * 60; minute++)
        {
            var from = start.AddMinutes(minute);
            var next = schedule.NextRun(from, tz);
            var first = schedule.RunsAfter(from, tz).First();
            next.Should().Be(first, "from {0}", from);
            next?.ToString().Should().Be(first.ToString(), "the offset too, from {0}", from);
        }
    }

    [Test]
    public void RunsBefore_LeavesOutARunAtItsEnd_AndCountsARunInsideItsLastMinute()
    {
        var schedule = CronSchedule.Parse("0 2 * * *");
        var twoOClock = new DateTimeOffset(2021, 6, 10, 2, 0, 0, TimeSpan.Zero);

        schedule.RunsBefore(twoOClock, TimeZoneInfo.Utc).First().ToString().Should().Be("2021-06-09T02:00:00+00:00");
        schedule.RunsBefore(twoOClock.AddSeconds(30), TimeZoneInfo.Utc).First().ToString().Should().Be("2021-06-10T02:00:00+00:00");
        schedule.RunsBefore(twoOClock.AddMinutes(1), TimeZoneInfo.Utc).First().ToString().Should().Be("2021-06-10T02:00:00+00:00");
    }

    [Test]
    public void RunsBetween_IncludesItsStart_AndLeavesOutItsEnd()
    {
        var schedule = CronSchedule.Parse("0 * * * *");
        var from = new DateTimeOffset(2021, 6, 10, 2, 0, 0, TimeSpan.Zero);

        schedule.RunsBetween(from, from.AddHours(3), TimeZoneInfo.Utc).Select(r => r.ToString()).Should().Equal(
            "2021-06-10T02:00:00+00:00", "2021-06-10T03:00:00+00:00", "2021-06-10T04:00:00+00:00");
    }

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

        backward.Should().Equal(forward, "a run read backwards is the same run, catch-up or not");
    }

    [Test]
    public void RunsAndNextRun_ReachTheLastMinuteThereIs_AndStopThere()
    {
        var schedule = CronSchedule.Parse("* * * * *");
        var lastButTwo = new DateTimeOffset(9999, 12, 31, 23, 57, 0, TimeSpan.Zero);

        schedule.RunsAfter(lastButTwo, TimeZoneInfo.Utc).Select(r => r.ToString()).Should().Equal(
            "9999-12-31T23:58:00+00:00", "9999-12-31T23:59:00+00:00");
        schedule.NextRun(lastButTwo.AddMinutes(1), TimeZoneInfo.Utc)!.Value.ToString().Should().Be("9999-12-31T23:59:00+00:00");
        schedule.NextRun(lastButTwo.AddMinutes(2), TimeZoneInfo.Utc).Should().BeNull();
    }

    [Test]
    public void RunsBefore_ReachesTheFirstMinuteThereIs_AndStopsThere()
    {
        var third = new DateTimeOffset(1, 1, 1, 0, 2, 0, TimeSpan.Zero);

        CronSchedule.Parse("* * * * *").RunsBefore(third, TimeZoneInfo.Utc).Select(r => r.ToString()).Should().Equal(
            "0001-01-01T00:01:00+00:00", "0001-01-01T00:00:00+00:00");
    }

    // 22:00 in New York on 9999-12-31 would be 03:00 UTC in year 10000: there is no such run, and no other after it.
    [Test]
    public void NextRun_IsNone_WhenTheWallMinuteFallsAfterTheLastInstant()
    {
        var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var schedule = CronSchedule.Parse("0 22 * * *");
        var evening = new DateTimeOffset(9999, 12, 31, 20, 0, 0, TimeSpan.Zero);

        schedule.NextRun(evening, newYork).Should().BeNull();
        schedule.RunsAfter(evening, newYork).Should().BeEmpty();
        schedule.NextRun(evening.AddDays(-1), newYork)!.Value.ToString().Should().Be("9999-12-30T22:00:00-05:00");
    }

    // At UTC+14 the last wall minutes of 9999-12-31 are instants of that morning: counting back from there finds them.
    [Test]
    public void RunsBefore_FindsTheLastWallMinutes_OfAZoneAheadOfUtc()
    {
        var kiritimati = TimeZoneInfo.FindSystemTimeZoneById("Pacific/Kiritimati");
        var morning = new DateTimeOffset(9999, 12, 31, 9, 59, 0, TimeSpan.Zero);

        CronSchedule.Parse("* * * * *").RunsBefore(morning, kiritimati).Take(2).Select(r => r.ToString()).Should().Equal(
            "9999-12-31T23:58:00+14:00", "9999-12-31T23:57:00+14:00");
    }
}
