using CronPlan.Diagnostics;
using CronPlan.Sla;
using CronPlan.Tests.Support;

namespace CronPlan.Tests.Sla;

[TestFixture]
public sealed class RestoreDocumentTests
{
    private static readonly SourceLocation Job = new("roles/x/templates/x.j2", 10, 1, 10, 2);

    private static readonly BackedUpService[] Services =
    [
        new("mysql", "/home/backup/mysql/", "rsync://elvis@backup.example.org/mysql", null, Job),
        new("influxdb", "/home/backup/influxdb/", "rsync://elvis@backup.example.org/influxdb", true, Job),
    ];

    private const string MysqlGood = """
        ## MySQL

            sudo -u backup duplicity --no-encryption restore rsync://elvis@backup.example.org/mysql /home/backup/restore/mysql
            mysql agama < /home/backup/restore/mysql/agama.sql

        """;

    private const string InfluxGood = """
        ## InfluxDB

            sudo -u backup duplicity --no-encryption restore rsync://elvis@backup.example.org/influxdb /home/backup/restore/influxdb
            service telegraf stop
            influx -execute 'DROP DATABASE telegraf'
            influxd restore -portable -database telegraf /home/backup/restore/influxdb

        """;

    private static IEnumerable<string> Ids(string? markdown) => RestoreDocument.Check(markdown, "backup_restore.md", Services).Select(d => d.Id);

    // CPL6011 compares the download's URL with the jobs' target as duplicity reads both.
    [TestCase("rsync://elvis@backup.example.org/mysql",                   false)]
    [TestCase("rsync://elvis@backup.example.org//home/elvis/mysql/",      false)]
    [TestCase("rsync://elvis@BACKUP.example.org/mysql/",                  false)]
    [TestCase("rsync://elvis@other.example.org/mysql",                    true)]
    [TestCase("rsync://elvis@backup.example.org//srv/mysql",              true)]
    [TestCase("rsync://elvis@{{backup_server}}/mysql",                    false)]
    [TestCase("rsync://elvis@$SERVER/mysql",                              false)]
    public void Cpl6011_ComparesTargetsAsDuplicityReadsThem(string url, bool fires)
    {
        var document = MysqlGood.Replace("rsync://elvis@backup.example.org/mysql", url, StringComparison.Ordinal) + InfluxGood;
        Ids(document).Contains("CPL6011").Should().Be(fires);
        Ids(document).Should().NotContain("CPL6010", "the document downloads something for MySQL");
    }

    [Test]
    public void TheLabRestoreDocument_RestoresEveryService() =>
        Ids(File.ReadAllText(Path.Combine(ConformanceVectors.RepositoryRoot, "samples", "lab10", "backup_restore.md"))).Should().BeEmpty();

    [Test]
    public void AGoodDocument_HasNoFinding() => Ids(MysqlGood + InfluxGood).Should().BeEmpty();

    // Each finding with a document that has it.
    [TestCase("CPL6008", "/home/backup/restore/mysql/agama.sql", "/home/backup/mysql/agama.sql")]
    [TestCase("CPL6009", "    service telegraf stop\n", "")]
    [TestCase("CPL6010", "## InfluxDB", "## Nothing\n\nnot restored\n\n<!--")]
    [TestCase("CPL6011", "restore rsync://elvis@backup.example.org/mysql", "restore rsync://elvis@backup.other.org/mysql")]
    [TestCase("CPL6012", "influxd restore -portable", "influxd restore")]
    [TestCase("CPL6013", "mysql agama < /home/backup/restore/mysql/agama.sql", "mysql agama < <dump-file>")]
    public void ABrokenDocument_IsFound(string id, string good, string broken)
    {
        var document = MysqlGood + InfluxGood;
        document.Should().Contain(good);
        Ids(document.Replace(good, broken, StringComparison.Ordinal)).Should().Contain(id);
    }

    [Test]
    public void NoDocumentAtAll_IsCpl6010() => Ids(null).Should().Equal("CPL6010");

    [Test]
    public void TheLocalDumpImport_PointsAtItsLine_AndOffersTheDownloadedCopy()
    {
        var finding = RestoreDocument.Check(MysqlGood.Replace("/home/backup/restore/mysql/agama.sql", "/home/backup/mysql/agama.sql", StringComparison.Ordinal), "backup_restore.md", [Services[0]]).Single();
        finding.Id.Should().Be("CPL6008");
        (finding.Location.Line, finding.Location.Column).Should().Be((4, 5));
        finding.Fix.Should().Be("mysql agama < /home/backup/restore/mysql/agama.sql");
    }
}
