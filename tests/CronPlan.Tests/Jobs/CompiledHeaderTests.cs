using CronPlan.Jobs;
using CronPlan.Tabs;

namespace CronPlan.Tests.Jobs;

[TestFixture]
public sealed class CompiledHeaderTests
{
    private static CronTab Tab(IEnumerable<string> header) =>
        CronTab.Parse(string.Concat(header.Select(l => "# " + l + "\n")) + "6 23 * * * backup mysqldump agama > /home/backup/mysql/agama.sql\n", path: "mysql-backup");

    private static List<string> Header(params (string Name, int Start, int End)[] jobs) => CompiledHeader.Lines("mysql-backup", "plan.yaml", "UTC", "23:00-01:00 UTC", jobs);

    [Test]
    public void Lines_WriteAJobOfLessThanADay_AsTheyAlwaysWere()
    {
        Header(("mysql.dump", 1386, 1391), ("mysql.upload", 1392, 1452)).Should().Equal(
            "mysql-backup: written by cronplan compile from plan.yaml; change the plan and compile again.",
            "Times are the host's (UTC). Window 23:00-01:00 UTC; worst-case runs:",
            "  mysql.dump           23:06-23:11",
            "  mysql.upload         23:12-00:12");
    }

    [TestCase(5, "23:06-23:11")]
    [TestCase(1439, "23:06-23:05")]
    [TestCase(1440, "23:06-23:06 +1d")]
    [TestCase(1500, "23:06-00:06 +1d")]
    [TestCase(10080, "23:06-23:06 +7d")]
    public void ADuration_RoundTripsThroughTheHeader_ADayOrLongerToo(int minutes, string written)
    {
        var header = Header(("mysql.dump", 1386, 1386 + minutes));
        header[^1].Should().EndWith(written);

        var stated = CompiledHeader.Read(Tab(header), "mysql-backup")!;

        stated.Dump.Should().Be(new StepDuration(minutes, "the compiled tab's header, mysql-backup:3"));
        (stated.Upload, stated.Retention).Should().Be(((StepDuration?)null, (StepDuration?)null));
    }

    [Test]
    public void Read_StatesNothing_ForATabNotWrittenByTheCompiler()
    {
        CompiledHeader.Read(Tab(["mysql-backup, by hand", "  mysql.dump           23:06-23:11"]), "mysql-backup").Should().BeNull();
    }

    [Test]
    public void TheModel_TimesACompiledTabByItsHeader_OnlyWhenAskedTo()
    {
        var tab = Tab(Header(("mysql.dump", 1386, 1386 + 25)));

        BackupJobBuilder.Build(tab, "mysql-backup", new JobSources(ReadsHeader: true)).Jobs.Single().Dumps.Single().Duration.Should().Be(new StepDuration(25, "the compiled tab's header, mysql-backup:3"));
        BackupJobBuilder.Build(tab, "mysql-backup").Jobs.Single().Dumps.Single().Duration.Stated.Should().BeFalse();
    }

    [Test]
    public void TheModel_TakesTheDurationsItIsGiven_BeforeTheHeader()
    {
        var tab = Tab(Header(("mysql.dump", 1386, 1386 + 25)));
        var given = new TabDurations(Dump: new StepDuration(7, "plan.yaml:4"));

        BackupJobBuilder.Build(tab, "mysql-backup", new JobSources(ReadsHeader: true), given).Jobs.Single().Dumps.Single().Duration.Should().Be(new StepDuration(7, "plan.yaml:4"));
    }
}
