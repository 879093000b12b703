namespace CronPlan.Tests.RealDaemon;

/// <summary>
/// When the harness's heartbeats show that an observation cannot tell one minute from the next. The window starts at
/// 12:00:30 and lasts three minutes, so the minutes 12:01, 12:02 and 12:03 each need both heartbeats (the first and
/// the last job of the probe file), the earlier one on time.
/// </summary>
[TestFixture]
public sealed class HeartbeatTests
{
    private static readonly DateTimeOffset Start = new(2021, 6, 1, 12, 0, 30, TimeSpan.Zero);

    private static DateTimeOffset At(int minute, double second) => new DateTimeOffset(2021, 6, 1, 12, minute, 0, TimeSpan.Zero).AddSeconds(second);

    /// <summary>Both heartbeats of a minute, the second a few milliseconds after the first.</summary>
    private static ObservedRun[] Beats(int minute, double second) =>
        [new(RealCronDaemon.HeartbeatTag, At(minute, second)), new(RealCronDaemon.HeartbeatTag, At(minute, second + 0.1))];

    [Test]
    public void BothBeatsEveryMinuteOnTime_IsAValidObservation() =>
        RealCronDaemon.HeartbeatProblem([.. Beats(1, 1), .. Beats(2, 1.4), .. Beats(3, 12)], Start, 3).Should().BeNull();

    [Test]
    public void AMinuteWithoutItsBeats_IsVoid() =>
        RealCronDaemon.HeartbeatProblem([.. Beats(1, 1), new ObservedRun("job", At(2, 10)), .. Beats(3, 1)], Start, 3)
            .Should().Be("0 heartbeats in the minute 2021-06-01T12:02Z, not 2");

    [Test]
    public void FourBeatsInOneMinute_MeanTheDaemonRanTwoBurstsInIt() =>
        RealCronDaemon.HeartbeatProblem([.. Beats(1, 1), .. Beats(2, 1), .. Beats(2, 50), .. Beats(3, 1)], Start, 3)
            .Should().Be("4 heartbeats in the minute 2021-06-01T12:02Z, not 2");

    [TestCase(45.0, true)]
    [TestCase(45.5, false)]
    public void ABurstOpenedPastTheLagLimit_VoidsTheObservation(double second, bool valid) =>
        (RealCronDaemon.HeartbeatProblem([.. Beats(1, 1), .. Beats(2, second), .. Beats(3, 1)], Start, 3) is null).Should().Be(valid);

    [Test]
    public void ABurstStillForkingLateInItsMinute_VoidsTheObservation()
    {
        // A catch-up after a DST jump, forked about 40 ms apart at x60 (2.5 fake seconds): slowed down, it is still
        // forking 47 seconds into its minute and may leave jobs over for the next.
        List<ObservedRun> runs = [.. Beats(1, 1), .. Beats(2, 1), .. Enumerable.Range(0, 20).Select(i => new ObservedRun("catch-up", At(2, 2 + (i * 2.5)))), .. Beats(3, 1)];
        RealCronDaemon.HeartbeatProblem(runs, Start, 3).Should().Be("catch-up was forked 47 fake seconds into 12:02Z: the burst was slowed down");
    }

    [Test]
    public void AJobForkedBeforeItsMinutesHeartbeat_CameFromTheBurstBefore() =>
        RealCronDaemon.HeartbeatProblem([.. Beats(1, 1), .. Beats(2, 1), new ObservedRun("late", At(3, 0.5)), .. Beats(3, 2.5)], Start, 3)
            .Should().Be("late was forked at 12:03:00Z, in the burst before the daemon woke for 12:03Z (at 12:03:02Z)");

    [Test]
    public void JobsBetweenTheTwoBeatsOfTheirMinute_AreFine() =>
        RealCronDaemon.HeartbeatProblem([.. Beats(1, 1), .. Beats(2, 1).Take(1), new ObservedRun("job", At(2, 1.05)), .. Beats(2, 1).Skip(1), .. Beats(3, 1)], Start, 3).Should().BeNull();
}
