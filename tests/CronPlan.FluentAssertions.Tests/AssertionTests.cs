using CronPlan.Cron;
using CronPlan.Diagnostics;
using CronPlan.FluentAssertions;
using CronPlan.Plans;
using CronPlan.Tabs;

namespace CronPlan.FluentAssertions.Tests;

/// <summary>Each assertion passes where it should, and where it fails, its message names the run that breaks it.</summary>
[TestFixture]
public sealed class AssertionTests
{
    private static string Repository
    {
        get
        {
            var directory = AppContext.BaseDirectory;
            while (!File.Exists(Path.Combine(directory, "CronPlan.sln")))
            {
                directory = Path.GetDirectoryName(directory) ?? throw new InvalidOperationException("CronPlan.sln not found above the tests");
            }

            return directory;
        }
    }

    private static CronTab LabTab(string name) => CronTab.Parse(File.ReadAllText(Path.Combine(Repository, "samples", "lab10", "cron.d", name)), path: name);

    private static CronTab Tab(string jobs) => CronTab.Parse("MAILTO=\"\"\n" + jobs, path: "test-tab");

    [Test]
    public void TheLabsTabs_PassEveryAssertion()
    {
        var mysql = LabTab("mysql-backup");
        // The lab's .my.cnf sets no_tablespaces, which the tab alone cannot show (CPL4017 otherwise).
        mysql.Should().HaveNoDiagnostics(DiagnosticSeverity.Warning, new Analysis.AnalysisOptions { MyCnfNoTablespaces = true });
        mysql.Should().RunAlwaysAfter("duplicity full", "mysqldump", TimeSpan.FromMinutes(5))
            .And.RunAlwaysAfter("--full-if-older-than", "mysqldump", TimeSpan.FromMinutes(5))
            .And.FinishBy(new TimeOnly(1, 0), TimeSpan.FromMinutes(15));
        mysql.Jobs[0].Schedule!.Should().HaveLongestGapAtMost(TimeSpan.FromHours(24));
    }

    [Test]
    public void HaveNoDiagnostics_ListsWhatItFound()
    {
        var act = () => Tab("0 24 * * * root true\n").Should().HaveNoDiagnostics();
        act.Should().Throw<AssertionException>().WithMessage("*no diagnostics of severity Warning or worse*CPL1002*");
    }

    [Test]
    public void RunAlwaysAfter_NamesTheRunThatStartsTooSoon()
    {
        var act = () => Tab("6 23 * * * backup mysqldump agama > /b/agama.sql\n8 23 * * * backup duplicity /b/ rsync://s/x\n")
            .Should().RunAlwaysAfter("duplicity", "mysqldump", TimeSpan.FromMinutes(5));
        act.Should().Throw<AssertionException>().WithMessage("*to always start the job \"duplicity /b/ rsync://s/x\" (line 3) at least 5m after the job \"mysqldump agama > /b/agama.sql\" (line 2)*on Sat 2000-01-01 23:08+00:00 it starts only 2m after the run of Sat 2000-01-01 23:06+00:00*");
    }

    [Test]
    public void RunAlwaysAfter_FailsWhenTheEarlierJobHasNotRunAgain()
    {
        // A weekly dump with a nightly upload: six nights a week the upload ships the same dump again.
        var act = () => Tab("0 22 * * 0 backup mysqldump agama > /b/agama.sql\n0 23 * * * backup duplicity /b/ rsync://s/x\n")
            .Should().RunAlwaysAfter("duplicity", "mysqldump");
        act.Should().Throw<AssertionException>().WithMessage("*on Mon 2000-01-03 23:00+00:00 its latest run before, Sun 2000-01-02 22:00+00:00, was already followed by the run of Sun 2000-01-02 23:00+00:00*");
    }

    [Test]
    public void RunAlwaysAfter_NeedsExactlyOneJobForEachName()
    {
        var act = () => Tab("0 22 * * * backup true\n").Should().RunAlwaysAfter("duplicity", "true");
        act.Should().Throw<AssertionException>().WithMessage("*exactly one running job whose command contains \"duplicity\", but found none*");
    }

    [TestCase("50 0 * * * backup duplicity /b/ rsync://s/x\n", "*starting Sat 2000-01-01 00:50+00:00 and taking 15m ends at Sat 2000-01-01 01:05+00:00*")]
    [TestCase("0 2 * * * backup duplicity /b/ rsync://s/x\n", "*starting Sat 2000-01-01 02:00+00:00*")]
    public void FinishBy_NamesTheRunThatEndsLate(string jobs, string message)
    {
        var act = () => Tab(jobs).Should().FinishBy(new TimeOnly(1, 0), TimeSpan.FromMinutes(15));
        act.Should().Throw<AssertionException>().WithMessage(message);
    }

    [Test]
    public void FinishBy_JudgesLocalNights_AcrossDaylightSavingChanges()
    {
        // 00:30 Tallinn time is fine every night; one that starts at 00:50 and takes 15 minutes is late every night.
        var tallinn = TimeZoneInfo.FindSystemTimeZoneById("Europe/Tallinn");
        Tab("30 0 * * * backup duplicity /b/ rsync://s/x\n").Should().FinishBy(new TimeOnly(1, 0), TimeSpan.FromMinutes(15), tallinn);
        var act = () => Tab("50 0 * * * backup duplicity /b/ rsync://s/x\n").Should().FinishBy(new TimeOnly(1, 0), TimeSpan.FromMinutes(15), tallinn);
        act.Should().Throw<AssertionException>().WithMessage("*to finish every job by 01:00 Europe/Tallinn*");
    }

    [Test]
    public void HaveLongestGapAtMost_NamesTheLongestGap()
    {
        var act = () => CronSchedule.Parse("0 0 29 2 *").Should().HaveLongestGapAtMost(TimeSpan.FromDays(4 * 366));
        act.Should().Throw<AssertionException>().WithMessage("*to run at least every 1464d, but its longest gap is 2921d, from Wed 2096-02-29 00:00+00:00 to Fri 2104-02-29 00:00+00:00*");
    }

    [Test]
    public void APlan_Compiles_AndWhichGivesTheTabs()
    {
        var plan = BackupPlan.Load(Path.Combine(Repository, "samples", "lab10", "cronplan.yaml")).Plan!;
        plan.Should().Compile().Which.Tabs.Should().HaveCount(2);
        var infeasible = BackupPlan.Load(Path.Combine(Repository, "samples", "plans", "infeasible.yaml")).Plan!;
        var act = () => infeasible.Should().Compile();
        act.Should().Throw<AssertionException>().WithMessage("*CPL3006*");
    }
}
