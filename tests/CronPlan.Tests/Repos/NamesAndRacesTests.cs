using CronPlan.Diagnostics;
using CronPlan.Repos;

namespace CronPlan.Tests.Repos;

/// <summary>A tab named against the repository's own pattern (CPL6006, info) and a job that empties another dump's directory (CPL4013).</summary>
[TestFixture]
public sealed class NamesAndRacesTests
{
    private static readonly CheckOptions Utc = new(TimeZoneInfo.Utc, 60, TimeZoneInfo.Utc);

    private string _root = "";

    [SetUp]
    public void CreateRepository() => _root = Directory.CreateTempSubdirectory("cronplan-names-").FullName;

    [TearDown]
    public void RemoveRepository() => Directory.Delete(_root, recursive: true);

    private void Write(string relative, string text)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    private void Role(string role, string destination, string lines) =>
        Write($"roles/{role}/tasks/main.yaml", $"- name: tab\n  copy:\n    content: \"MAILTO=''\\n{lines.Replace("\n", "\\n", StringComparison.Ordinal)}\"\n    dest: {destination}\n    mode: '0644'\n");

    [TestCase("/etc/cron.d/pg-nightly", true)]
    [TestCase("/etc/cron.d/postgres-backup", false)]
    public void ATabOffTheRepositorysNamingPattern_IsCpl6006_AsInfo(string destination, bool reported)
    {
        Role("mongo", "/etc/cron.d/mongodb-backup", "5 1 * * * backup mongodump --archive=/home/backup/mongo/all.gz\n");
        Role("pg", destination, "0 1 * * * backup pg_dump shop > /home/backup/pg/shop.sql\n");
        var found = Checker.Check(_root, Utc).Diagnostics.Where(d => d.Id == "CPL6006").ToList();
        found.Should().HaveCount(reported ? 1 : 0);
        if (reported)
        {
            found[0].Severity.Should().Be(DiagnosticSeverity.Info, "a name the daemon reads only breaks a convention");
            found[0].Message.Should().Contain("/etc/cron.d/mongodb-backup").And.Contain("/etc/cron.d/postgres-backup");
            found[0].Fix.Should().Be("dest: /etc/cron.d/postgres-backup");
        }
    }

    [Test]
    public void OneTabAlone_HasNoPatternToBreak()
    {
        Role("pg", "/etc/cron.d/pg-nightly", "0 1 * * * backup pg_dump shop > /home/backup/pg/shop.sql\n");
        Checker.Check(_root, Utc).Diagnostics.Should().NotContain(d => d.Id == "CPL6006");
    }

    [TestCase("0 2 * * *", true)]
    [TestCase("30 2 * * *", false)]
    public void AJobEmptyingTheDirectoryAnotherDumpWritesInto_InTheSameMinute_IsCpl4013(string second, bool reported)
    {
        Role("metrics", "/etc/cron.d/metrics-backup",
            "0 2 * * * backup rm -rf /home/backup/metrics/*; influxd backup -portable -db cpu /home/backup/metrics/cpu\n"
            + $"{second} backup rm -rf /home/backup/metrics/*; influxd backup -portable -db disk /home/backup/metrics/disk\n");
        var found = Checker.Check(_root, Utc).Diagnostics.Where(d => d.Id == "CPL4013").ToList();
        found.Should().HaveCount(reported ? 1 : 0);
        if (reported)
        {
            found[0].Severity.Should().Be(DiagnosticSeverity.Error);
            found[0].Message.Should().Contain("empties /home/backup/metrics").And.Contain("/home/backup/metrics/");
        }
    }
}
