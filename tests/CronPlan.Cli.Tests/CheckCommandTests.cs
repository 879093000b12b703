namespace CronPlan.Cli.Tests;

[TestFixture]
public sealed class CheckCommandTests
{
    private string _root = "";

    [SetUp]
    public void CreateRepository()
    {
        _root = Directory.CreateTempSubdirectory("cronplan-check-").FullName;
        Write("roles/mysql_backup/tasks/main.yaml", "- name: cron tab\n  template:\n    src: mysql-backup.j2\n    dest: /etc/cron.d/mysql-backup\n");
        Write("roles/mysql_backup/templates/mysql-backup.j2", "MAILTO=\"\"\n30 2 * * * backup mysqldump --no-tablespaces agama > /home/backup/mysql/agama.sql\n");
    }

    [TearDown]
    public void RemoveRepository() => Directory.Delete(_root, recursive: true);

    private void Write(string relative, string text)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    [Test]
    public void Check_DefaultsToTheLabsTeardown_AndSaysSo() =>
        CliRunner.InProcess("check", _root).Stdout.Should().Contain("90m after the deadline 01:00 UTC (check's default: the lab's teardown)");

    [Test]
    public void Check_TakesTheSlasDeadline_UnlessADeadlineIsGiven()
    {
        Write("backup_sla.md", "# Backup SLA\n\nMySQL backups are created every 24 hours.\n\nAll backups are started automatically by 01:30 UTC and finish by 05:00 UTC.\n");
        CliRunner.InProcess("check", _root).Stdout.Should().NotContain("CPL4004", "the SLA's deadline is 05:00 UTC");
        CliRunner.InProcess("check", _root, "--deadline", "01:00").Stdout.Should().Contain("90m after the deadline 01:00 UTC (--deadline)", "a deadline given outranks the SLA's, even the default's value");
    }
}
