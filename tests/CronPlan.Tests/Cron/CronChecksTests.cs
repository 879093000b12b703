using CronPlan.Cron;
using CronPlan.Diagnostics;

namespace CronPlan.Tests.Cron;

[TestFixture]
public sealed class CronChecksTests
{
    private static readonly DateTimeOffset From = new(2021, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static IReadOnlyList<Diagnostic> Check(string expression, string zone = "UTC", bool engines = false)
    {
        var parsed = CronSchedule.ParseWithDiagnostics(expression);
        return parsed.Diagnostics.Concat(CronChecks.Check(parsed, new ExpressionCheckOptions(TimeZoneInfo.FindSystemTimeZoneById(zone), From, engines))).ToList();
    }

    // Each check with an expression that trips it and one that does not.
    [TestCase("CPL1010", "0 0 31 4 *",   "0 0 30 4 *")]
    [TestCase("CPL1010", "5-1 * * * *",  "1-5 * * * *")]
    [TestCase("CPL1011", "5-1,3 * * * *", "3 * * * *")]
    [TestCase("CPL1012", "0 0 13 * 5",   "0 0 13 * *")]
    [TestCase("CPL1012", "0 0 1-31 * 1", "0 0 * * 1")]
    [TestCase("CPL1013", "0 0 */2 * 0",  "0 0 */2 * *")]
    [TestCase("CPL1014", "*/60 * * * *", "*/30 * * * *")]
    [TestCase("CPL1014", "0 0 */40 * *", "0 0 */10 * *")]
    [TestCase("CPL1015", "*/7 * * * *",  "*/5 * * * *")]
    [TestCase("CPL1015", "0 */5 * * *",  "0 */6 * * *")]
    [TestCase("CPL1015", "0 0 */2 * *",  "0 0 1 * *")]
    [TestCase("CPL1016", "* 3 * * *",    "0 3 * * *")]
    [TestCase("CPL1019", "*/1 * * * *",  "* * * * *")]
    [TestCase("CPL1019", "1,1-5 * * * *", "1-5 * * * *")]
    [TestCase("CPL1019", "0 0 1 * 0-6",  "0 0 1 * 1-5")]
    public void Check_FiresOnlyWhereItShould(string id, string trips, string passes)
    {
        Check(trips).Should().Contain(d => d.Id == id, string.Join("\n", Check(trips)));
        Check(passes).Should().NotContain(d => d.Id == id, string.Join("\n", Check(passes)));
    }

    [Test]
    public void Cpl1010_MonToSun_IsReversed_AndTheFixWritesSundayAsSeven()
    {
        var found = Check("0 0 * * mon-sun").Single(d => d.Id == "CPL1010");

        found.Location.Column.Should().Be(9);
        found.Fix.Should().Be("0 0 * * 1-7");
    }

    [Test]
    public void Cpl1010_ExplainsReboot()
    {
        Check("@reboot").Should().ContainSingle(d => d.Id == "CPL1010" && d.Message.Contains("daemon starts", StringComparison.Ordinal));
    }

    [TestCase("30 3 * * *",   "caught up, 1 run(s) at 2021-03-28T04:00:00+03:00 instead of 03:30")]
    [TestCase("*/30 3 * * *", "is skipped, 2 run(s) at 03:00 and 03:30 are lost")]
    [TestCase("*/30 3 * * *", "runs twice at 03:00 and 03:30, once in each pass")]
    [TestCase("30 3 * * *",   "runs once at 03:30, in the first pass only")]
    public void Cpl1017_SaysWhatHappensOnTheDstDay(string expression, string says)
    {
        Check(expression, "Europe/Tallinn").Should().Contain(d => d.Id == "CPL1017" && d.Message.Contains(says, StringComparison.Ordinal));
    }

    [Test]
    public void Cpl1017_IsSilentOutsideTheChangedHour_AndInUtc()
    {
        Check("30 1 * * *", "Europe/Tallinn").Should().NotContain(d => d.Id == "CPL1017");
        Check("30 3 * * *", "UTC").Should().NotContain(d => d.Id == "CPL1017");
    }

    [Test]
    public void Cpl1018_ComparesWithTheRealOtherEngines()
    {
        var found = Check("0 0 13 * 5", engines: true).Where(d => d.Id == "CPL1018").ToList();

        found.Should().Contain(d => d.Message.StartsWith("cronos runs", StringComparison.Ordinal));
        found.Should().Contain(d => d.Message.StartsWith("ncrontab runs", StringComparison.Ordinal));
        found.Single(d => d.Message.StartsWith("cronos", StringComparison.Ordinal)).Notes.Should().Contain(n => n.StartsWith("cronos: 2021-08-13T00:00:00+00:00", StringComparison.Ordinal));
        Check("30 2 * * *", engines: true).Should().NotContain(d => d.Id == "CPL1018");
    }
}
