namespace CronPlan.Cli.Tests;

/// <summary>
/// Whole outputs compared with files under Golden/. Set CRONPLAN_UPDATE_GOLDEN=1 to rewrite them after a deliberate
/// change, then review the diff.
/// </summary>
[TestFixture]
public sealed class GoldenTests
{
    internal static IEnumerable<TestCaseData> Cases()
    {
        yield return Case("help.txt", "--help");
        yield return Case("next-help.txt", "next", "--help");
        yield return Case("explain-help.txt", "explain", "--help");
        yield return Case("explain-or-rule.txt", "explain", "0 0 13 * 5", "--from", "2021-01-01T00:00");
        yield return Case("explain-tallinn-spring.txt", "explain", "30 3 * * *", "--zone", "Europe/Tallinn", "--from", "2021-03-27T00:00");
        yield return Case("explain-catch-up.json", "explain", "0 2-4 * * *", "--zone", "Europe/Tallinn", "--from", "2021-03-27T00:00", "--format", "json");
        yield return Case("explain-never.txt", "explain", "0 0 * * fri-mon", "--from", "2021-01-01T00:00");
        yield return Case("explain-rejected.txt", "explain", "0 24 * JANUARY 8", "--from", "2021-01-01T00:00");
        yield return Case("next-autumn.json", "next", "*/30 3 * * *", "--zone", "Europe/Tallinn", "--from", "2021-10-31T00:00", "--count", "4", "--format", "json");
        yield return Case("next-ignored-text.txt", "next", "0 0 * * 1#2", "--from", "2021-01-01T00:00", "--count", "2");
    }

    private static TestCaseData Case(string file, params string[] args) =>
        new TestCaseData(file, args).SetName($"Output_MatchesGolden_{file.Replace('.', '_').Replace('-', '_')}");

    /// <summary>What a golden file holds for one run: the command, its exit code and both streams.</summary>
    internal static string Transcript(string[] args, CliResult result) =>
        $"$ cronplan {string.Join(' ', args.Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"\"{a}\"" : a))}\nexit {result.ExitCode}\n--- stdout\n{result.Stdout}--- stderr\n{result.Stderr}";

    [TestCaseSource(nameof(Cases))]
    public void Output_MatchesGolden(string file, string[] args)
    {
        var result = CliRunner.InProcess(args);
        var actual = Transcript(args, result);
        if (Environment.GetEnvironmentVariable("CRONPLAN_UPDATE_GOLDEN") == "1")
        {
            var source = Path.Combine(CronPlan.Tests.Support.ConformanceVectors.RepositoryRoot, "tests", "CronPlan.Cli.Tests", "Golden", file);
            File.WriteAllText(source, actual);
            Assert.Ignore($"rewrote {source}");
        }

        var path = Path.Combine(TestContext.CurrentContext.TestDirectory, "Golden", file);

        File.Exists(path).Should().BeTrue($"the golden file {file} exists (CRONPLAN_UPDATE_GOLDEN=1 writes it)");
        actual.Should().Be(File.ReadAllText(path));
    }
}
