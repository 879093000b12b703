using CronPlan.Repos;
using CronPlan.Tests.Support;

namespace CronPlan.Tests.Repos;

/// <summary>
/// Small repositories, one per way real ones are written (Fixtures/&lt;form&gt;/), each with exactly the findings it
/// must produce: ID, file and line.
/// </summary>
[TestFixture]
public sealed class RepositoryFormTests
{
    private static readonly CheckOptions Utc = new(TimeZoneInfo.Utc, 60, TimeZoneInfo.Utc);

    private static string Fixture(string form) => Path.Combine(ConformanceVectors.RepositoryRoot, "tests", "CronPlan.Tests", "Repos", "Fixtures", form);

    private static List<string> Findings(CheckResult result) =>
        [.. result.Diagnostics.Select(d => $"{d.Id} {d.Location.File}:{d.Location.Line}").Order(StringComparer.Ordinal)];

    [TestCase("template-then-file", "CPL6016 roles/dumps/tasks/main.yaml:8")]
    [TestCase("source-variable")]
    [TestCase("loop", "CPL2012 roles/dumps/tasks/main.yaml:11", "CPL6002 roles/dumps/tasks/main.yaml:11", "CPL6003 roles/dumps/tasks/main.yaml:5")]
    [TestCase("include-tasks", "CPL6001 roles/dumps/tasks/credentials.yml:2", "CPL6003 roles/dumps/tasks/tab.yaml:5")]
    [TestCase("include-role", "CPL1002 roles/dumps/templates/dumps.j2:2", "CPL2013 roles/dumps/templates/dumps.j2:2")]
    [TestCase("playbook-roles", "CPL4004 roles/dumps/templates/dumps.j2:2")]
    [TestCase("inventory-gate")]
    [TestCase("host-vars", "CPL1002 roles/dumps/templates/dumps.j2:2", "CPL2013 roles/dumps/templates/dumps.j2:2")]
    [TestCase("duplicate-key", "CPL6004 roles/dumps/tasks/main.yaml:2", "CPL6015 roles/dumps/tasks/main.yaml:7")]
    [TestCase("decimal-mode", "CPL6001 roles/dumps/tasks/main.yaml:7", "CPL6003 roles/dumps/tasks/main.yaml:11")]
    [TestCase("exporter-credentials", "CPL6014 roles/mysql_exporter/tasks/main.yaml:8")]

    // A reverse-zone template calling methods on string literals and on facts only the play knows renders without a crash,
    // and since it never becomes a cron tab, what it cannot know is not reported; the cron tab's own filter, method and
    // '~' resolve from group_vars.
    [TestCase("string-method-in-template", "CPL4015 roles/db_backup/templates/db-backup.j2:3", "CPL4015 roles/db_backup/templates/db-backup.j2:4", "CPL6010 backup_restore.md:1")]

    // Dumps chained before their uploads in one line are ordered by construction (no CPL4001/CPL4002/CPL4003); ';' still
    // uploads after a failed dump (CPL4014); the pruning jobs name the uploads' targets in other spellings (no CPL4016).
    [TestCase("chained-line", "CPL4014 roles/backups/templates/nightly.j2:5", "CPL4015 roles/backups/templates/nightly.j2:3", "CPL4015 roles/backups/templates/nightly.j2:5", "CPL6010 backup_restore.md:1")]

    // rsync://u@h/mysql, rsync://u@h//home/u/mysql/ and rsync://u@h/mysql/ are one directory for duplicity's rsync backend:
    // no CPL4016, CPL4007 or CPL6011.
    [TestCase("rsync-target-spellings", "CPL4015 roles/mysql/files/mysql-backup:3", "CPL4015 roles/mysql/files/mysql-backup:4")]
    public void EachForm_HasExactlyItsFindings(string form, params string[] expected)
    {
        Findings(Checker.Check(Fixture(form), Utc)).Should().Equal(expected.Order(StringComparer.Ordinal));
    }

    [Test]
    public void AFileThatFails_IsCpl9005_AndTheRestIsStillChecked()
    {
        var hooks = new ScanHooks
        {
            BeforeStage = (file, _) =>
            {
                if (file == "roles/dumps/templates/dumps.j2")
                {
                    throw new InvalidOperationException("injected");
                }
            },
        };
        var result = Checker.Check(Fixture("boundary"), Utc, hooks);
        Findings(result).Should().Equal("CPL1002 roles/metrics/templates/metrics.j2:2", "CPL2013 roles/metrics/templates/metrics.j2:2", "CPL9005 roles/dumps/templates/dumps.j2:1");
        var failure = result.Diagnostics.Single(d => d.Id == "CPL9005");
        failure.Severity.Should().Be(Diagnostics.DiagnosticSeverity.Warning);
        failure.Message.Should().Contain("rendering the template").And.Contain(nameof(InvalidOperationException)).And.NotContain(" at ");
    }

    [Test]
    public void AFailingStageOfTheChecker_IsCpl9005_OnItsFile()
    {
        var hooks = new ScanHooks { BeforeStage = (file, stage) => { if (stage == "linting the rendered tab" && file.EndsWith("metrics.j2", StringComparison.Ordinal)) { throw new FormatException(); } } };
        var result = Checker.Check(Fixture("boundary"), Utc, hooks);
        Findings(result).Should().Equal("CPL2005 roles/dumps/templates/dumps.j2:3", "CPL9005 roles/metrics/templates/metrics.j2:1");
    }

    [Test]
    public void WithoutTheHook_TheBoundaryFixtureHasItsFindings()
    {
        Findings(Checker.Check(Fixture("boundary"), Utc)).Should().Equal(
            "CPL1002 roles/metrics/templates/metrics.j2:2", "CPL2005 roles/dumps/templates/dumps.j2:3", "CPL2013 roles/metrics/templates/metrics.j2:2");
    }

    [Test]
    public void InventoryGroups_PlaceEachGatedTab_OnItsHost()
    {
        var scan = AnsibleRepository.Scan(Fixture("inventory-gate"));
        scan.Tabs.Should().HaveCount(2);
        scan.Tabs.Single(t => t.Name == "mysql-dumps").Hosts.Should().Equal("db1.lab");
        scan.Tabs.Single(t => t.Name == "mysql-dumps").Gates.Should().BeEmpty("the inventory decides the gate");
        scan.Tabs.Single(t => t.Name == "influx-dumps").Hosts.Should().Equal("tsdb.lab");
    }

    [Test]
    public void HostVars_RenderTheTabPerHost()
    {
        var scan = AnsibleRepository.Scan(Fixture("host-vars"));
        scan.Tabs.Select(t => (t.Hosts.Single(), t.Text.Split('\n')[1][..2])).Should().BeEquivalentTo([("db1", "10"), ("db2", "75")]);
    }

    [Test]
    public void PlayVarsAndRoleParameters_OverGroupVars()
    {
        var tab = AnsibleRepository.Scan(Fixture("playbook-roles")).Tabs.Single();
        tab.Text.Should().Contain("0 2 * * * backup mysqldump --no-tablespaces shop > /home/backup/mysql/shop.sql");
    }

    [Test]
    public void ALoopOverADictionary_RendersOneJobPerItem()
    {
        var tab = AnsibleRepository.Scan(Fixture("loop")).Tabs.Single();
        tab.Text.Should().Be("#Ansible: agama\n0 23 * * * backup mysqldump --no-tablespaces agama > /home/backup/mysql/agama.sql\n#Ansible: telegraf\n30 23 * * * backup influxd backup -portable -database telegraf /home/backup/influxdb\n");
    }

    [Test]
    public void TheTemplateThenFile_EndsOwnedByBackup_InMode0400()
    {
        var file = AnsibleRepository.Scan(Fixture("template-then-file")).Files.Single(f => f.Destination == "/home/backup/.my.cnf");
        (file.Owner, file.Mode).Should().Be(("backup", "0400"));
        file.Text.Should().Contain("password = secret");
    }
}
