using CronPlan.Cron;
using CronPlan.Tests.Support;

namespace CronPlan.Tests.Architecture;

/// <summary>
/// docs/architecture.md: the namespaces of src/CronPlan form layers that only point down. The order is read from the
/// document's table and checked against every type the compiled library uses, so the two cannot disagree.
/// </summary>
[TestFixture]
public sealed class LayeringTests
{
    private const string Library = "CronPlan";

    private const string Samples = "CronPlan.Tests.Architecture.Samples";

    private static string LibraryAssembly => typeof(CronSchedule).Assembly.Location;

    private static string TestAssembly => typeof(LayeringTests).Assembly.Location;

    private static LayerTable Documented => LayerTable.Parse(File.ReadAllText(Path.Combine(ConformanceVectors.RepositoryRoot, "docs", "architecture.md")));

    [Test]
    public void EveryNamespace_UsesOnlyLowerLayers_AndTheOnesItsRowNames()
    {
        var uses = TypeUses.Read(LibraryAssembly, Library);

        uses.Should().NotBeEmpty();
        Documented.Violations(uses).Should().BeEmpty("docs/architecture.md allows a namespace the layers below it and, on its own layer, what its row names");
    }

    [Test]
    public void LayerTable_NamesEveryNamespaceOfTheLibrary_AndNoOther()
    {
        Documented.Namespaces.Should().BeEquivalentTo(TypeUses.Namespaces(LibraryAssembly, Library));
    }

    [Test]
    public void Violations_ListEachUseOfAHigherLayer_OfAnUnlistedNeighbour_AndOfANamespaceNotInTheTable()
    {
        var table = LayerTable.Parse($"""
            {LayerTable.Header}
            |---|---|---|---|
            | 0 | `App.Base` | limits | – |
            | 0 | `App.Text` | reading, with `App.Base`'s limits | `App.Base` |
            | 1 | `App.Top` | reports | – |
            """);
        TypeUse[] uses =
        [
            new("App.Top", "Report.Write", "App.Base", "Limits"),
            new("App.Text", "Reader.Read", "App.Base", "Limits"),
            new("App.Base", "Limits.Check", "App.Top", "Report"),
            new("App.Base", "Limits", "App.Text", "Reader"),
            new("App.Top", "Report", "App.Elsewhere", "Thing"),
        ];

        table.Violations(uses).Should().Equal(
            "App.Base → App.Text: Limits references Reader",
            "App.Base → App.Top: Limits.Check references Report",
            "App.Top → App.Elsewhere: Report references Thing");
    }

    [TestCase("| 0 | `App.Base` | limits | `App.Text` |\n| 1 | `App.Text` | reading | – |", TestName = "A neighbour on another layer")]
    [TestCase("| 0 | `App.Base` | limits | `App.Text` |\n| 0 | `App.Text` | reading | `App.Base` |", TestName = "Neighbours that use each other")]
    [TestCase("| 0 | `App.Base` | limits | – |\n| 1 | `App.Base` | again | – |", TestName = "A namespace in two rows")]
    public void LayerTable_IsRefused_WhenItContradictsItself(string rows)
    {
        var parse = () => LayerTable.Parse($"{LayerTable.Header}\n|---|---|---|---|\n{rows}\n");

        parse.Should().Throw<InvalidDataException>();
    }

    [Test]
    public void Uses_AreFound_InSignaturesAttributesAndCompilerGeneratedCode_UnderTheMemberThatWroteThem()
    {
        var uses = TypeUses.Read(TestAssembly, Samples).Select(u => (u.Where, u.Type)).ToList();

        uses.Should().Contain(
        [
            ("User", "Base"),
            ("User", "IShape"),
            ("User", "MarkAttribute"),
            ("User", "Reading"),
            ("User.Last", "Reading"),
            ("User.Items", "Item"),
            ("User.Positive", "Reading"),
            ("User.Captured", "Item"),
            ("User.Names", "Item"),
            ("User.LaterAsync", "Reading"),
            ("User.WithLocal", "Reading"),
            ("User.Inner.Value", "Item"),
        ]);
        uses.Should().NotContain(u => u.Where.Contains('<', StringComparison.Ordinal), "a generated type or method counts as the member it was written in");
    }

    [Test]
    public void Violations_NameTheUsesInCompilerGeneratedCode_OnlyWhenTheyPointUp()
    {
        static LayerTable Order(string bottom, string top) => LayerTable.Parse($"""
            {LayerTable.Header}
            |---|---|---|---|
            | 0 | `{Samples}.{bottom}` | the bottom | – |
            | 1 | `{Samples}.{top}` | the top | – |
            """);
        var uses = TypeUses.Read(TestAssembly, Samples);

        Order("Below", "Above").Violations(uses).Should().BeEmpty();
        Order("Above", "Below").Violations(uses).Should().Contain(
        [
            $"{Samples}.Above → {Samples}.Below: User.Names references Item",
            $"{Samples}.Above → {Samples}.Below: User.Positive references Reading",
        ]);
    }
}
