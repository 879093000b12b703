using CronPlan.Tests.Support;

namespace CronPlan.Cli.Tests;

/// <summary>
/// <c>check --sla</c> on the lab sample: the usual report, then every fact read from backup_sla.md, compared with
/// Golden/check-lab10-sla.txt (CRONPLAN_UPDATE_GOLDEN=1 rewrites it; review the diff).
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class SlaGoldenTests
{
    private const string File = "check-lab10-sla.txt";

    [Test]
    public void CheckSla_OnLab10_MatchesGolden()
    {
        var previous = Directory.GetCurrentDirectory();
        try
        {
            // Run from the repository root so that the paths in the report are the same wherever the tests run.
            Directory.SetCurrentDirectory(ConformanceVectors.RepositoryRoot);
            string[] args = ["check", "samples/lab10", "--sla"];
            var actual = GoldenTests.Transcript(args, CliRunner.InProcess(args));
            if (Environment.GetEnvironmentVariable("CRONPLAN_UPDATE_GOLDEN") == "1")
            {
                System.IO.File.WriteAllText(Path.Combine(ConformanceVectors.RepositoryRoot, "tests", "CronPlan.Cli.Tests", "Golden", File), actual);
                Assert.Ignore("rewrote " + File);
            }

            var path = Path.Combine(TestContext.CurrentContext.TestDirectory, "Golden", File);
            System.IO.File.Exists(path).Should().BeTrue($"the golden file {File} exists (CRONPLAN_UPDATE_GOLDEN=1 writes it)");
            actual.Should().Be(System.IO.File.ReadAllText(path));
        }
        finally
        {
            Directory.SetCurrentDirectory(previous);
        }
    }

    [Test]
    public void CheckJson_CarriesTheSlaFacts()
    {
        var result = CliRunner.InProcess("check", Path.Combine(ConformanceVectors.RepositoryRoot, "samples", "lab10"), "--format", "json");
        using var json = System.Text.Json.JsonDocument.Parse(result.Stdout);
        var facts = json.RootElement.GetProperty("sla").EnumerateArray().ToList();
        facts.Should().Contain(f => f.GetProperty("kind").GetString() == "deadline" && f.GetProperty("value").GetString() == "01:00 UTC" && f.GetProperty("line").GetInt32() == 14);
        facts.Should().OnlyContain(f => f.GetProperty("file").GetString() == "backup_sla.md");
    }
}
