namespace CronPlan.Tests.RealDaemon;

/// <summary>
/// When the harness's heartbeats show that an observation cannot tell one minute from the next. The window starts at
/// 12:00:30 and lasts three minutes, so the minutes 12:01, 12:02 and 12:03 each need exactly one heartbeat on time.
/// </summary>
[TestFixture]
public sealed class HeartbeatTests
{
    private static readonly DateTimeOffset Start = new(2021, 6, 1, 12, 0, 30, TimeSpan.Zero);

    private static ObservedRun Beat(int minute, double second) =>
        new(RealCronDaemon.HeartbeatTag, new DateTimeOffset(2021, 6, 1, 12, minute, 0, TimeSpan.Zero).AddSeconds(second));

    [Test]
    public void OneBeatAMinuteOnTime_IsAValidObservation() =>
        RealCronDaemon.HeartbeatProblem([Beat(1, 1), Beat(2, 1.4), Beat(3, 12)], Start, 3).Should().BeNull();

    [Test]
    public void OtherJobsDoNotCountAsBeats() =>
        RealCronDaemon.HeartbeatProblem([Beat(1, 1), new ObservedRun("job", Start.AddSeconds(100)), Beat(3, 1)], Start, 3)
            .Should().Be("0 heartbeats in the minute 2021-06-01T12:02Z");

    [Test]
    public void TwoBeatsInOneMinute_MeanTheDaemonCaughtUp() =>
        RealCronDaemon.HeartbeatProblem([Beat(1, 1), Beat(2, 1), Beat(2, 50), Beat(3, 1)], Start, 3)
            .Should().Be("2 heartbeats in the minute 2021-06-01T12:02Z");

    [TestCase(45.0, true)]
    [TestCase(45.5, false)]
    public void ABeatPastTheLagLimit_VoidsTheObservation(double second, bool valid) =>
        (RealCronDaemon.HeartbeatProblem([Beat(1, 1), Beat(2, second), Beat(3, 1)], Start, 3) is null).Should().Be(valid);
}
