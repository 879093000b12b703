using CronPlan.FluentAssertions;
using CronPlan.Tabs;
using FluentAssertions;
using NUnit.Framework;

namespace NightlyBackups.Tests;

[TestFixture]
public sealed class NightlyTests
{
    [Test]
    public void ThePlan_Compiles() =>
        Nightly.Plan().Should().Compile().Which.Tabs.Select(t => t.Name).Should().BeEquivalentTo(["postgres-backup", "uploads-backup"]);

    [TestCase("postgres-backup", "pg_dump")]
    [TestCase("uploads-backup", "tar -czf")]
    public void EachUpload_FollowsItsDump_AndAllIsDoneBy01(string name, string dump)
    {
        var tab = CronTab.Parse(Nightly.CronTabs()[name], path: name);
        tab.Should().HaveNoDiagnostics()
            .And.RunAlwaysAfter("duplicity full", dump, TimeSpan.FromMinutes(10))
            .And.RunAlwaysAfter("--full-if-older-than", dump, TimeSpan.FromMinutes(10))
            .And.FinishBy(new TimeOnly(1, 0), TimeSpan.FromMinutes(40));
    }

    [Test]
    public void AHandEditedTab_IsCaught()
    {
        var edited = Nightly.CronTabs()["postgres-backup"].Replace("duplicity full", "duplicity incremental", StringComparison.Ordinal);
        var act = () => CronTab.Parse(edited, path: "postgres-backup").Should().HaveNoDiagnostics(CronPlan.Diagnostics.DiagnosticSeverity.Error);
        act.Should().Throw<AssertionException>().WithMessage("*CPL4005*");
    }
}
