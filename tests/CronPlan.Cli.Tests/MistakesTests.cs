using System.Text.Json;
using System.Text.RegularExpressions;
using CronPlan.Tests.Support;

namespace CronPlan.Cli.Tests;

/// <summary>Each samples/mistakes/* repository reports what its README lists, at that file and line, and no other error.</summary>
[TestFixture]
[NonParallelizable]
public sealed partial class MistakesTests
{
    private static string Mistakes => Path.Combine(ConformanceVectors.RepositoryRoot, "samples", "mistakes");

    private static IEnumerable<string> Cases() =>
        Directory.GetDirectories(Mistakes).Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    [Test]
    public void ThereAreMistakeFamilies() => Cases().Should().HaveCountGreaterThanOrEqualTo(5);

    [TestCaseSource(nameof(Cases))]
    public void Check_ReportsWhatTheReadmeLists_AndNoOtherError(string family)
    {
        var directory = Path.Combine(Mistakes, family);
        var expected = Listed().Matches(File.ReadAllText(Path.Combine(directory, "README.md")))
            .Select(m => (Id: m.Groups["id"].Value, File: m.Groups["file"].Value, Line: int.Parse(m.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();
        expected.Should().NotBeEmpty($"{family}/README.md lists its findings");

        var result = CliRunner.InProcess("check", directory, "--format", "json");
        result.ExitCode.Should().Be(expected.Any(e => e.Id is not ("CPL2005" or "CPL4012" or "CPL4017" or "CPL5002" or "CPL5005" or "CPL5009" or "CPL6006")) ? 1 : 0);
        using var json = JsonDocument.Parse(result.Stdout);
        var reported = json.RootElement.GetProperty("diagnostics").EnumerateArray()
            .Select(d => (Id: d.GetProperty("id").GetString()!, File: d.GetProperty("file").GetString()!, Line: d.GetProperty("line").GetInt32(), Severity: d.GetProperty("severity").GetString()!))
            .ToList();

        foreach (var finding in expected)
        {
            reported.Should().Contain(r => r.Id == finding.Id && r.File.EndsWith(finding.File, StringComparison.Ordinal) && r.Line == finding.Line, $"{family} reports {finding.Id} at {finding.File}:{finding.Line}\n{result.Stdout}");
        }

        reported.Where(r => r.Severity == "error")
            .Should().OnlyContain(r => expected.Any(e => e.Id == r.Id && r.File.EndsWith(e.File, StringComparison.Ordinal) && e.Line == r.Line), $"{family} reports no error its README does not list");
    }

    [GeneratedRegex(@"^- (?<id>CPL\d{4}) (?<file>\S+):(?<line>\d+)\s*$", RegexOptions.Multiline)]
    private static partial Regex Listed();
}
