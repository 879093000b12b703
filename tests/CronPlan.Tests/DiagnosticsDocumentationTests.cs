using CronPlan.Diagnostics;
using CronPlan.Tests.Support;

namespace CronPlan.Tests;

[TestFixture]
public sealed class DiagnosticsDocumentationTests
{
    [Test]
    public void DocsTable_ListsEveryIdOfTheCatalogue_WithItsSeverity()
    {
        var table = File.ReadAllLines(Path.Combine(ConformanceVectors.RepositoryRoot, "docs", "diagnostics.md"))
            .Where(l => l.StartsWith("| CPL", StringComparison.Ordinal))
            .Select(l => l.Split('|', StringSplitOptions.TrimEntries))
            .ToDictionary(c => c[1], c => c[2]);

        foreach (var descriptor in DiagnosticCatalog.All)
        {
            table.Should().ContainKey(descriptor.Id);
            table[descriptor.Id].Should().Be(Diagnostic.SeverityName(descriptor.Severity));
        }

        table.Keys.Should().BeEquivalentTo(DiagnosticCatalog.All.Select(d => d.Id));
    }

    [Test]
    public void Catalogue_IdsAreUnique_AndInTheirRanges()
    {
        DiagnosticCatalog.All.Select(d => d.Id).Should().OnlyHaveUniqueItems();
        DiagnosticCatalog.All.Should().OnlyContain(d => System.Text.RegularExpressions.Regex.IsMatch(d.Id, "^CPL[1-69][0-9]{3}$"));
    }
}
