using CronPlan.Repos;
using CronPlan.Tests.Support;

namespace CronPlan.Tests.Repos;

/// <summary>
/// Small repositories under <c>Repos/Forms/</c>, each showing one form real repositories use, with the exact findings
/// CronPlan must report on it in <c>expected.txt</c> (one <c>ID file:line</c> a line, <c>#</c> comments saying why).
/// </summary>
[TestFixture]
public sealed class RepositoryFormTests
{
    private static readonly CheckOptions Utc = new(TimeZoneInfo.Utc, 60, TimeZoneInfo.Utc);

    private static string FormsDirectory => Path.Combine(ConformanceVectors.RepositoryRoot, "tests", "CronPlan.Tests", "Repos", "Forms");

    public static IEnumerable<TestCaseData> Forms() =>
        Directory.GetDirectories(Path.Combine(ConformanceVectors.RepositoryRoot, "tests", "CronPlan.Tests", "Repos", "Forms"))
            .Order(StringComparer.Ordinal)
            .Select(d => new TestCaseData(Path.GetFileName(d)).SetName($"Check_ReportsExactlyTheExpectedFindings_On_{Path.GetFileName(d).Replace('-', '_')}"));

    [TestCaseSource(nameof(Forms))]
    public void Check_ReportsExactlyTheExpectedFindings(string form)
    {
        var root = Path.Combine(FormsDirectory, form);
        var expected = File.ReadAllLines(Path.Combine(root, "expected.txt"))
            .Select(l => l.Split('#', 2)[0].Trim())
            .Where(l => l.Length > 0)
            .Order(StringComparer.Ordinal)
            .ToList();

        var found = Checker.Check(root, Utc).Diagnostics
            .Select(d => $"{d.Id} {d.Location.File}:{d.Location.Line}")
            .Order(StringComparer.Ordinal)
            .ToList();

        found.Should().Equal(expected, $"{form}/expected.txt lists every finding on that repository");
    }
}
