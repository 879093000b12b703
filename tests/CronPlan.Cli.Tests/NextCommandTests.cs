using System.Globalization;
using System.Text.Json;
using CronPlan.Tests.Support;

namespace CronPlan.Cli.Tests;

[TestFixture]
public sealed class NextCommandTests
{
    // The diagnostic each rejected row of the public vectors must carry; rows not listed here need any CPL1xxx error.
    private static readonly Dictionary<string, string> ExpectedErrorIds = new(StringComparer.Ordinal)
    {
        ["P1"] = "CPL1005",
        ["P2"] = "CPL1005",
        ["P5a"] = "CPL1002",
        ["P5b"] = "CPL1002",
        ["P5c"] = "CPL1002",
        ["P5d"] = "CPL1002",
        ["P5e"] = "CPL1002",
        ["P5f"] = "CPL1002",
        ["P5g"] = "CPL1001",
        ["P8"] = "CPL1004",
        ["P13"] = "CPL1020",
        ["P14b"] = "CPL1004",
        ["P16"] = "CPL1005",
    };

    private static IEnumerable<TestCaseData> Vectors() =>
        ConformanceVectors.DebianPublic().Select(v => new TestCaseData(v).SetName($"Next_PrintsTheDaemonsRuns_{v.Id}"));

    [TestCaseSource(nameof(Vectors))]
    public void Next_PrintsTheDaemonsRuns(ConformanceVector vector)
    {
        var count = Math.Max(vector.ExpectedRuns.Count, 1).ToString(CultureInfo.InvariantCulture);
        var result = CliRunner.InProcess("next", vector.Expression, "--zone", vector.Zone, "--from", vector.Start.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture), "--count", count);

        if (vector.IsError || vector.IsNever)
        {
            result.ExitCode.Should().Be(1, result.Stderr);
            result.Stdout.Should().BeEmpty();
            var id = vector.IsNever ? "CPL1010" : ExpectedErrorIds.GetValueOrDefault(vector.Id, "CPL1");
            result.Stderr.Should().MatchRegex($@"\(1,\d+\): error {id}\d*: ");
            return;
        }

        result.ExitCode.Should().Be(0, result.Stderr);
        result.Stdout.Should().Be(string.Concat(vector.ExpectedRuns.Select(r => r + "\n")));
    }

    [Test]
    public void Next_AsAProcess_PrintsRunsAndExitsZero()
    {
        var result = CliRunner.AsProcess("next", "0 2-4 * * *", "--zone", "Europe/Tallinn", "--from", "2021-03-28T00:00", "--count", "3");

        result.ExitCode.Should().Be(0, result.Stderr);
        result.StdoutLines.Should().Equal("2021-03-28T02:00:00+02:00", "2021-03-28T04:00:00+03:00", "2021-03-28T04:00:00+03:00");
    }

    [Test]
    public void Next_AsAProcess_ExitsOne_ForABadExpression_WithThePosition()
    {
        var result = CliRunner.AsProcess("next", "0 24 * * *");

        result.ExitCode.Should().Be(1);
        result.Stdout.Should().BeEmpty();
        result.Stderr.Should().Contain("<expression>(1,3): error CPL1002: 24 is out of range for the hour field (0-23)");
        result.Stderr.Should().EndWith("1 error, 0 warnings, 0 infos\n");
    }

    [Test]
    public void Next_KeywordStartingWithAt_IsNotReadAsAResponseFile()
    {
        var result = CliRunner.InProcess("next", "@daily", "--from", "2021-01-01T00:00", "--count", "1");

        result.ExitCode.Should().Be(0, result.Stderr);
        result.Stdout.Should().Be("2021-01-02T00:00:00+00:00\n");
    }

    [Test]
    public void Next_AcceptsTheFieldsAsSeparateArguments()
    {
        var result = CliRunner.InProcess("next", "30", "2", "*", "*", "*", "--from", "2021-01-01T00:00", "--count", "1");

        result.Stdout.Should().Be("2021-01-01T02:30:00+00:00\n");
    }

    [Test]
    public void Next_NeverFiring_PrintsNothing_ReportsCpl1010_AndExitsOne()
    {
        var result = CliRunner.InProcess("next", "0 0 31 4 *");

        result.ExitCode.Should().Be(1);
        result.Stdout.Should().BeEmpty();
        result.Stderr.Should().Contain("error CPL1010: no day matches: day 31 never occurs in April");
    }

    [Test]
    public void Next_IgnoredText_RunsButWarnsOnStderr()
    {
        var result = CliRunner.InProcess("next", "*/15; * * * *", "--from", "2021-01-01T00:00", "--count", "2");

        result.ExitCode.Should().Be(0);
        result.Stdout.Should().Be("2021-01-01T00:15:00+00:00\n2021-01-01T00:30:00+00:00\n");
        result.Stderr.Should().Contain("warning CPL1011");
    }

    [Test]
    public void Next_Json_HasTheContractShape()
    {
        var result = CliRunner.InProcess("next", "30 3 * * *", "--zone", "Europe/Tallinn", "--from", "2021-03-28T00:00", "--count", "2", "--format", "json");

        result.ExitCode.Should().Be(0);
        using var document = JsonDocument.Parse(result.Stdout);
        var root = document.RootElement;
        root.GetProperty("expression").GetString().Should().Be("30 3 * * *");
        root.GetProperty("zone").GetString().Should().Be("Europe/Tallinn");
        root.GetProperty("dialect").GetString().Should().Be("debian");
        root.GetProperty("runs").EnumerateArray().Select(r => r.GetString()).Should().Equal("2021-03-28T04:00:00+03:00", "2021-03-29T03:30:00+03:00");
        root.GetProperty("diagnostics").GetArrayLength().Should().Be(0);
    }

    [Test]
    public void NextAndExplain_CountFromTheClockGiven_WithoutFrom()
    {
        var clock = new FixedClock(new DateTimeOffset(2030, 6, 1, 10, 0, 0, TimeSpan.Zero));

        var next = CliRunner.InProcess(clock, "next", "30 2 * * *", "--count", "2", "--format", "json");
        var explain = CliRunner.InProcess(clock, "explain", "30 2 * * *");

        using var document = JsonDocument.Parse(next.Stdout);
        document.RootElement.GetProperty("runs").EnumerateArray().Select(r => r.GetString()).Should().Equal("2030-06-02T02:30:00+00:00", "2030-06-03T02:30:00+00:00");
        explain.StdoutLines.Should().Contain("  2030-06-02T02:30:00+00:00 | 2030-06-02T02:30:00+00:00");
    }

    [Test]
    public void Next_Json_CarriesDiagnosticsWithPositions()
    {
        var result = CliRunner.InProcess("next", "0 0 * JANUARY *", "--format", "json");

        result.ExitCode.Should().Be(1);
        using var document = JsonDocument.Parse(result.Stdout);
        var diagnostic = document.RootElement.GetProperty("diagnostics")[0];
        diagnostic.GetProperty("id").GetString().Should().Be("CPL1004");
        diagnostic.GetProperty("severity").GetString().Should().Be("error");
        diagnostic.GetProperty("line").GetInt32().Should().Be(1);
        diagnostic.GetProperty("column").GetInt32().Should().Be(7);
        diagnostic.GetProperty("endColumn").GetInt32().Should().Be(14);
        diagnostic.GetProperty("fix").GetString().Should().Be("0 0 * jan *");
    }

    [TestCase("--zone", "Mars/Olympus", "unknown time zone 'Mars/Olympus'")]
    [TestCase("--from", "yesterday", "--from 'yesterday' is not a time")]
    [TestCase("--dialect", "vixie", "unknown dialect 'vixie'")]
    [TestCase("--format", "xml", "unknown format 'xml'")]
    [TestCase("--count", "-1", "--count -1 is out of range")]
    public void Next_BadOption_IsAUsageError(string option, string value, string message)
    {
        var result = CliRunner.InProcess("next", "* * * * *", option, value);

        result.ExitCode.Should().Be(2);
        result.Stderr.Should().Contain(message);
    }

    [Test]
    public void UnknownCommandOrMissingArgument_IsAUsageError()
    {
        CliRunner.InProcess("nxet", "* * * * *").ExitCode.Should().Be(2);
        CliRunner.InProcess("next").ExitCode.Should().Be(2);
    }

    [Test]
    public void Next_DialectCronos_ShowsWhatCronosDoes()
    {
        var debian = CliRunner.InProcess("next", "0 0 13 * 5", "--from", "2021-01-01T00:00", "--count", "1");
        var cronos = CliRunner.InProcess("next", "0 0 13 * 5", "--from", "2021-01-01T00:00", "--count", "1", "--dialect", "cronos");

        debian.Stdout.Should().Be("2021-01-01T00:00:00+00:00\n".Replace("01T00", "08T00", StringComparison.Ordinal));
        cronos.Stdout.Should().Be("2021-08-13T00:00:00+00:00\n");
    }

    [Test]
    public void Next_DialectCronie_RejectsAReversedRange()
    {
        var result = CliRunner.InProcess("next", "5-1 * * * *", "--dialect", "cronie");

        result.ExitCode.Should().Be(1);
        result.Stderr.Should().Contain("error CPL1001: cronie rejects the reversed range '5-1'");
    }
}
