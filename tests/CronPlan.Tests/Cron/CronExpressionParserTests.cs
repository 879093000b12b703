using CronPlan.Cron;
using CronPlan.Diagnostics;

namespace CronPlan.Tests.Cron;

[TestFixture]
public sealed class CronExpressionParserTests
{
    private static IReadOnlyList<Diagnostic> Diagnose(string expression, CronDialect dialect = CronDialect.Debian) =>
        CronSchedule.ParseWithDiagnostics(expression, dialect).Diagnostics;

    // Each rejected form, the ID it must carry and the 1-based column it must point at.
    [TestCase("5L * * * *",        "CPL1020", 1)]
    [TestCase("0 0 L * *",         "CPL1020", 5)]
    [TestCase("0 0 ? * *",         "CPL1020", 5)]
    [TestCase("0 0 * * 5W",        "CPL1020", 9)]
    [TestCase("1,,2 * * * *",      "CPL1001", 3)]
    [TestCase("1, * * * *",        "CPL1001", 2)]
    [TestCase("-1 * * * *",        "CPL1001", 1)]
    [TestCase("1-* * * * *",       "CPL1001", 3)]
    [TestCase("*/5x * * * *",      "CPL1001", 3)]
    [TestCase("0 24 * * *",        "CPL1002", 3)]
    [TestCase("60 * * * *",        "CPL1002", 1)]
    [TestCase("0 0 0 * *",         "CPL1002", 5)]
    [TestCase("0 0 * 13 *",        "CPL1002", 7)]
    [TestCase("0 0 * * 8",         "CPL1002", 9)]
    [TestCase("1-60 * * * *",      "CPL1002", 1)]
    [TestCase("5-64/30 * * * *",   "CPL1002", 1)]
    [TestCase("0 2 * *",           "CPL1003", 8)]
    [TestCase("0 2 * * * *",       "CPL1003", 11)]
    [TestCase("",                  "CPL1003", 1)]
    [TestCase("@DAILY",            "CPL1004", 1)]
    [TestCase("@every_hour",       "CPL1004", 1)]
    [TestCase("0 0 * JANUARY *",   "CPL1004", 7)]
    [TestCase("0 0 * * mond",      "CPL1004", 9)]
    [TestCase("mon * * * *",       "CPL1004", 1)]
    [TestCase("*/0 * * * *",       "CPL1005", 3)]
    [TestCase("5/15 * * * *",      "CPL1005", 1)]
    [TestCase("0 0 1-31/0 * *",    "CPL1005", 10)]
    public void Parse_RejectsWhatDebianRejects(string expression, string id, int column)
    {
        var result = CronSchedule.ParseWithDiagnostics(expression);

        result.Schedule.Should().BeNull();
        result.Diagnostics.Should().Contain(d => d.Id == id && d.Severity == DiagnosticSeverity.Error && d.Location.Column == column,
            string.Join("\n", result.Diagnostics));
    }

    // Debian's leniencies: accepted, the ignored text reported as CPL1011, and the schedule equal to the plain form.
    [TestCase("*x * * * *",    "* * * * *")]
    [TestCase("5; * * * *",    "5 * * * *")]
    [TestCase("*/5/2 * * * *", "*/5 * * * *")]
    [TestCase("0 0 * * 1#2",   "0 0 * * 1")]
    [TestCase("1-5-7 * * * *", "1-5 * * * *")]
    [TestCase("*-5 * * * *",   "* * * * *")]
    public void Parse_AcceptsIgnoredTextAndWarns(string lenient, string plain)
    {
        var result = CronSchedule.ParseWithDiagnostics(lenient);

        result.Schedule.Should().NotBeNull();
        result.Schedule!.Should().Be(CronSchedule.Parse(plain));
        result.Diagnostics.Should().ContainSingle(d => d.Id == "CPL1011" && d.Severity == DiagnosticSeverity.Warning);
    }

    [TestCase("5-1 * * * *")]
    [TestCase("0 0 * * fri-mon")]
    [TestCase("0 0 30 2 *")]
    [TestCase("0 0 31 4,6,9,11 *")]
    [TestCase("@reboot")]
    public void Parse_AcceptsSchedulesThatNeverFire(string expression)
    {
        var schedule = CronSchedule.Parse(expression);

        schedule.NeverFires.Should().BeTrue();
        schedule.RunsAfter(new DateTimeOffset(2021, 1, 1, 0, 0, 0, TimeSpan.Zero), TimeZoneInfo.Utc).Should().BeEmpty();
    }

    [Test]
    public void Parse_CollectsEveryProblem_NotOnlyTheFirst()
    {
        var ids = Diagnose("60 24 0 13 8").Select(d => (d.Id, d.Location.Column));

        ids.Should().Equal(("CPL1002", 1), ("CPL1002", 4), ("CPL1002", 7), ("CPL1002", 9), ("CPL1002", 12));
    }

    [TestCase("0 0 * * 7",       "0 0 * * 0")]
    [TestCase("0 0 * * sun",     "0 0 * * 0")]
    [TestCase("0 0 * * SUN",     "0 0 * * 0")]
    [TestCase("0 0 * Jan-MAR *", "0 0 * 1-3 *")]
    [TestCase("00 02 01 01 *",   "0 2 1 1 *")]
    [TestCase("@daily",          "0 0 * * *")]
    [TestCase("@midnight",       "0 0 * * *")]
    [TestCase("@hourly",         "0 * * * *")]
    [TestCase("@weekly",         "0 0 * * 0")]
    [TestCase("@monthly",        "0 0 1 * *")]
    [TestCase("@yearly",         "0 0 1 1 *")]
    [TestCase("@annually",       "0 0 1 1 *")]
    public void Parse_ReadsEquivalentForms(string written, string plain) =>
        CronSchedule.Parse(written).Should().Be(CronSchedule.Parse(plain));

    [Test]
    public void Parse_StarredIsDecidedOnTheText_NotOnTheValues()
    {
        CronSchedule.Parse("0 0 1-31 * 1").Should().NotBe(CronSchedule.Parse("0 0 * * 1"), "1-31 is not starred, so the OR rule applies");
        CronSchedule.Parse("0 0 * * 0-7").Should().NotBe(CronSchedule.Parse("0 0 * * *"));
    }

    [Test]
    public void Parse_HugeNumbers_WrapLikeGlibcAtoi()
    {
        // atoi("4294967296") is 0 after truncation to int: the daemon reads minute 0.
        CronSchedule.Parse("4294967296 * * * *").Should().Be(CronSchedule.Parse("0 * * * *"));
        Diagnose(new string('1', 100) + " * * * *").Should().Contain(d => d.Id == "CPL1001");
    }

    [TestCase("5/15 * * * *")]
    [TestCase("5; * * * *")]
    [TestCase("0 0 * * 1#2")]
    [TestCase("5-1 * * * *")]
    [TestCase("0 0 * * 5-0")]
    public void Cronie_RejectsWhatDebianAccepts(string expression)
    {
        CronSchedule.ParseWithDiagnostics(expression, CronDialect.Cronie).Schedule.Should().BeNull();
    }

    [Test]
    public void Cronie_ChecksOnlyTheValuesAStepReaches()
    {
        CronSchedule.ParseWithDiagnostics("5-64/30 * * * *", CronDialect.Debian).Schedule.Should().BeNull();
        CronSchedule.ParseWithDiagnostics("5-64/30 * * * *", CronDialect.Cronie).Schedule.Should().Be(CronSchedule.Parse("5,35 * * * *"));
    }

    [Test]
    public void Parse_ThrowingOverload_ListsTheErrors()
    {
        var act = () => CronSchedule.Parse("0 24 * * *");

        act.Should().Throw<CronFormatException>().Which.Diagnostics.Should().ContainSingle(d => d.Id == "CPL1002");
    }

    [Test]
    public void Parse_DiagnosticsCarryFixes()
    {
        Diagnose("@DAILY").Single().Fix.Should().Be("@daily");
        Diagnose("0 0 * JANUARY *").Single().Fix.Should().Be("0 0 * jan *");
        Diagnose("5/15 * * * *").Single().Fix.Should().Be("5-59/15 * * * *");
        Diagnose("0 24 * * *").Single().Fix.Should().Be("0 0 * * *");
        Diagnose("0 0 * * 1#2").Single().Fix.Should().Be("0 0 * * 1");
    }
}
