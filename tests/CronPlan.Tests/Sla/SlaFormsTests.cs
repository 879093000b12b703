using CronPlan.Sla;

namespace CronPlan.Tests.Sla;

/// <summary>
/// The forms real SLA documents use, one snippet each (in our own words), with the complete list of facts read from it:
/// "service kind value line:column" ("all" for a statement that holds for every service) and the diagnostics
/// "ID line:column". A fact read that the text does not state is as wrong as one missed.
/// </summary>
[TestFixture]
public sealed class SlaFormsTests
{
    private static readonly TestCaseData[] Forms =
    [
        Form("plain list under a service heading", """
            ## PostgreSQL
            - Full backup: once a day at 16:00
            - Retention: full backups are kept a week
            """,
            "postgres full cadence 24h 2:16", "postgres start 16:00 2:30", "postgres retention 7d 3:36", "postgres run full daily 16:00 2:30"),
        Form("weekday table under a heading that carries the zone", """
            ### Nightly plan (Time in EET)
            | Kind        | Mon  | Tue  | Wed  | Thu  | Fri  | Sat  | Sun  |
            |-------------|------|------|------|------|------|------|------|
            | Dump        | 2:00 | 2:00 | 2:00 | 2:00 | 2:00 | 2:00 | 2:00 |
            | Full        |      |      |      |      |      |      | 2:30 |
            """,
            "all start 02:00 Europe/Tallinn 4:17", "all frequency 24h 4:17", "all full cadence Sun 5:59", "all run dump daily 02:00 Europe/Tallinn 4:17", "all run full Sun 02:30 Europe/Tallinn 5:59"),
        Form("weekdays as rows", """
            | Day     | MySQL dump |
            |---------|------------|
            | Monday  | 21:00 UTC  |
            | Friday  | 21:00 UTC  |
            """,
            "mysql start 21:00 UTC 3:13", "mysql frequency 4d 3:13", "mysql run dump Mon,Fri 21:00 UTC 3:13"),
        Form("time glued to its zone", """
            The Mongo dump runs once a day at 3:00 AM(EET).
            """,
            "mongodb frequency 24h 1:21", "mongodb start 03:00 Europe/Tallinn 1:35", "mongodb run dump daily 03:00 Europe/Tallinn 1:35"),
        Form("zone in parentheses after the time", """
            Loki snapshots are taken every night at 22:40 (UTC).
            """,
            "loki frequency 24h 1:26", "loki start 22:40 UTC 1:41", "loki run any daily 22:40 UTC 1:41"),
        Form("copies counted next to a period that disagrees", """
            ## Grafana
            We keep the last seven nightly copies. Copies are kept for 30 days.
            """,
            "grafana versions 7 2:18", "grafana frequency 24h 2:24", "grafana retention 30d 2:60", "grafana run any daily 2:1"),
        Form("an RPO in a general section holds for every service", """
            ## Services
            - MySQL
            - InfluxDB

            ## Objectives
            RPO: 24 hours
            """,
            "all RPO 24h 6:6"),
        Form("services listed together", """
            MySQL Databases, Influx Databases: backed up daily, kept for two weeks.
            """,
            "influxdb frequency 24h 1:46", "mysql frequency 24h 1:46", "influxdb retention 14d 1:62", "mysql retention 14d 1:62", "influxdb run any daily 1:1", "mysql run any daily 1:1"),
        Form("coverage that names only some services", """
            ## Coverage
            This plan covers only InfluxDB and MySQL.
            """),
        Form("a start and a deadline in one sentence", """
            Backups are started automatically by 01:30 UTC and finish by 05:00 UTC.
            """,
            "all start 01:30 UTC 1:38", "all deadline 05:00 UTC 1:62", "all run any by 01:30 UTC 1:38"),
        Form("a deadline alone", """
            Every backup must be completed before 04:00 UTC.
            """,
            "all deadline 04:00 UTC 1:39"),
        Form("CET is UTC+1", """
            Prometheus backups start at 21:00 CET.
            """,
            "prometheus start 21:00 CET (UTC+1) 1:29", "prometheus run any 21:00 CET (UTC+1) 1:29"),
        Form("PST is UTC-8", """
            Prometheus backups start at 21:00 PST.
            """,
            "prometheus start 21:00 PST (UTC-8) 1:29", "prometheus run any 21:00 PST (UTC-8) 1:29"),
        Form("an IANA zone name", """
            Prometheus backups start at 21:00 Europe/Tallinn.
            """,
            "prometheus start 21:00 Europe/Tallinn 1:29", "prometheus run any 21:00 Europe/Tallinn 1:29"),
        Form("a summer abbreviation is the summer offset", """
            Full backup every Sunday at 23:10 EEST.
            """,
            "all full cadence Sun 1:19", "all start 23:10 EEST (UTC+3) 1:29", "all run full Sun 23:10 EEST (UTC+3) 1:29"),
        Form("once a night", """
            The Loki index is copied once a night.
            """,
            "loki frequency 24h 1:26", "loki run any daily 1:1"),
        Form("backups once a night", """
            Loki backups are made once a night.
            """,
            "loki frequency 24h 1:23", "loki run any daily 1:1"),
        Form("RTO glued to its hours", """
            ## MySQL
            RTO 2h
            """,
            "mysql RTO 2h 2:5"),
        Form("full chains", """
            ## InfluxDB
            We keep 3 full chains; a full backup is made every week.
            """,
            "influxdb full chains 3 2:9", "influxdb full cadence 7d 2:46"),
        Form("full chains that disagree with the retention period", """
            ## InfluxDB
            - Retention period: 60 days
            - 2 full chains are kept, a full backup every Sunday.
            """,
            "influxdb retention 60d 2:21", "influxdb full chains 2 3:3", "influxdb full cadence Sun 3:47", "influxdb run full Sun 3:1"),
        Form("twice a day", """
            MySQL dumps run twice a day.
            """,
            "mysql frequency 12h 1:17"),
        Form("every 12 hours", """
            InfluxDB backups are done every 12 hours.
            """,
            "influxdb frequency 12h 1:27"),
        Form("hourly", """
            Grafana backups are made hourly.
            """,
            "grafana frequency 1h 1:26"),
        Form("weekly", """
            Postgres backups are made weekly at 03:00 UTC.
            """,
            "postgres frequency 7d 1:27", "postgres start 03:00 UTC 1:37", "postgres run any 03:00 UTC 1:37"),
        Form("Mon-Sat incremental with a Sunday full", """
            ## MySQL
            Full backup on Sunday at 23:00 UTC.
            Incremental backups Mon-Sat at 23:00 UTC.
            """,
            "mysql full cadence Sun 2:16", "mysql start 23:00 UTC 2:26", "mysql frequency 24h 2:16", "mysql run full Sun 23:00 UTC 2:26", "mysql run incremental Mon,Tue,Wed,Thu,Fri,Sat 23:00 UTC 3:32"),
        Form("daily is a minimum", """
            ## MySQL
            Backup frequency: at least daily
            """,
            "mysql frequency 24h 2:28", "mysql run any daily 2:1"),
        Form("durations in words", """
            InfluxDB backups are stored for two weeks.
            """,
            "influxdb retention 14d 1:33"),
        Form("a month", """
            Grafana backups are kept for a month.
            """,
            "grafana retention 30d 1:30"),
        Form("a period said twice", """
            Loki backups are retained for 4 weeks/28 days.
            """,
            "loki retention 28d 1:31"),
        Form("RTO as a range takes the worst case", """
            ## RTO
            Restoring takes 3 to 5 hours.
            """,
            "all RTO 5h 2:17"),
        Form("acceptable data loss is the RPO", """
            Acceptable data loss - 12h after the last backup.
            """,
            "all RPO 12h 1:24"),
        Form("RPO that looks like a retention period", """
            ## MySQL
            Backups are made every day at 00:40 UTC. RPO is 4 weeks.
            """,
            "mysql frequency 24h 2:18", "mysql start 00:40 UTC 2:31", "mysql run any daily 00:40 UTC 2:31", "mysql RPO 28d 2:49"),
        Form("key/value per service under an RPO heading", """
            ## RPO
            - MySQL: 24 hours
            - InfluxDB: 12 hours
            """,
            "mysql RPO 24h 2:10", "influxdb RPO 12h 3:13"),
        Form("service label line", """
            InfluxDB backups:

            Dump is created at 22:15 (UTC) or 0:15 (EET)
            """,
            "influxdb start 22:15 UTC 3:20", "influxdb run dump 22:15 UTC 3:20"),
        Form("bullets introduced by a sentence ending in a colon", """
            Local dumps are created every day at:
            + 01:00 AM UTC+2 for MySQL
            + 01:15 AM UTC+2 for InfluxDB
            """,
            "all frequency 24h 1:25", "influxdb frequency 24h 1:25", "mysql frequency 24h 1:25", "mysql start 01:00 UTC+2 2:3", "influxdb start 01:15 UTC+2 3:3", "all run dump daily 1:1", "mysql run dump daily 01:00 UTC+2 2:3", "influxdb run dump daily 01:15 UTC+2 3:3"),
        Form("nested list under a service item", """
            - **Grafana**:
              - **Daily backup** every day at 2:30 AM
            """,
            "grafana frequency 24h 2:7", "grafana start 02:30 2:35", "grafana run any daily 02:30 2:35"),
        Form("HTML heading and paragraph", """
            <h3>Grafana</h3>
            <p>Backups are kept for 14 days.</p>
            """,
            "grafana retention 14d 2:25"),
        Form("template: stored for a number without its unit", """
            MySQL backups are stored for 30; 30 versions are available to restore.
            """,
            "mysql versions 30 1:34", "CPL5001 1:30"),
        Form("an objective label left empty", """
            # Backup RPO

            **Grafana**

            # RTO
            """,
            "CPL5001 3:1"),
        Form("verification on a weekday", """
            ## Usability checks
            The team restores a backup every Monday.
            """,
            "all verification 7d 2:28"),
        Form("verification twice a week", """
            ## Usability checks
            Twice a week, on Tuesdays and Saturdays.
            """,
            "all verification 4d 2:1"),
        Form("duration of the backup", """
            A full backup may take up to 1 hour to create and store.
            """,
            "all duration 1h 1:30"),
        Form("indented prose is read as prose", """
            # Retention

                Full backup - kept for 40 days. Store 5 versions.
            """,
            "all retention 40d 3:28", "all versions 5 3:43"),
        Form("a code block states nothing", """
            ```
            RPO: 1 hour
            ```
            """),
        Form("a plain-text title makes a section", """
            Backup coverage -
            We back up MySQL and InfluxDB.

            RPO -
            Acceptable data loss - 12h after the last backup.
            """,
            "all RPO 12h 5:24"),
        Form("a service and a dash under a plain RPO title", """
            Backup RPO (Recovery Point Objective)

            MySQL – 7 days (1 week)
            """,
            "mysql RPO 7d 3:9"),
        Form("upload time is not the start", """
            InfluxDB backups are created every day at 21:15 UTC and uploaded at 21:35 UTC.
            """,
            "influxdb frequency 24h 1:30", "influxdb start 21:15 UTC 1:43", "influxdb run any daily 21:15 UTC 1:43"),
    ];

    private static TestCaseData Form(string name, string markdown, params string[] facts) =>
        new TestCaseData(markdown, facts) { TestName = $"Sla_ReadsForm({name})" };

    [TestCaseSource(nameof(Forms))]
    public void Sla_ReadsEveryFactOfTheForm_AndNothingElse(string markdown, string[] facts) =>
        Read(markdown).Should().BeEquivalentTo(facts);

    [Test]
    public void Forms_AreMoreThanForty() => Forms.Should().HaveCountGreaterThanOrEqualTo(40);

    // Numbers nobody means: read as nothing (or reported), never an exception, whatever the digits.
    [TestCase("## MySQL\nWe keep 99999999999 versions.\n")]
    [TestCase("## MySQL\nRPO: 99999999999999999999 hours\n")]
    [TestCase("## MySQL\nBackups start at 2\u0663:10 UTC.\n")]
    [TestCase("## MySQL\nBackups start at 23:10 UTC+99.\n")]
    [TestCase("## MySQL\nRetention: 999999999 years\n")]
    [TestCase("## MySQL\nVersions: 99999999999999999999999\n")]
    [TestCase("## MySQL\nBackups are created every 99999999999 hours.\n")]
    [TestCase("## MySQL\nRPO: \u0662\u0664 hours\n")]
    public void HostileNumbers_ReadAsNothing_WithoutThrowing(string markdown)
    {
        var read = () => SlaDocument.Parse(markdown, "backup_sla.md");
        read.Should().NotThrow();
        var sla = read();
        sla.Facts.Should().BeEmpty();
        SlaChecks.Check(sla, 60, TimeZoneInfo.Utc).Should().NotBeNull();
    }

    [Test]
    public void LongHostileLine_IsReadInLinearTime()
    {
        var markdown = "## MySQL\n" + string.Concat(Enumerable.Repeat("every 1 2 3 4 5 a an kept for - : ", 4000)) + "\n";
        var watch = System.Diagnostics.Stopwatch.StartNew();
        SlaDocument.Parse(markdown, "backup_sla.md");
        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10));
    }

    [Test]
    public void RetentionContradiction_IsCPL5005_WhenCopiesAndPeriodDisagreeByMoreThanAnInterval()
    {
        var sla = SlaDocument.Parse("## Grafana\nWe keep the last seven nightly copies. Copies are kept for 30 days.\n", "backup_sla.md");
        SlaChecks.Check(sla, 60, TimeZoneInfo.Utc).Select(d => d.Id).Should().Contain("CPL5005");
        var agrees = SlaDocument.Parse("## Grafana\nWe keep the last seven nightly copies. Copies are kept for 8 days.\n", "backup_sla.md");
        SlaChecks.Check(agrees, 60, TimeZoneInfo.Utc).Select(d => d.Id).Should().NotContain("CPL5005");
    }

    [Test]
    public void FullChains_AgainstThePeriod_AreCPL5005()
    {
        var sla = SlaDocument.Parse("## InfluxDB\n- Retention period: 60 days\n- 2 full chains are kept, a full backup every Sunday.\n", "backup_sla.md");
        SlaChecks.Check(sla, 60, TimeZoneInfo.Utc).Select(d => d.Id).Should().Contain("CPL5005");
    }

    [Test]
    public void GeneralStatements_CountForEveryService_SoCPL5002ListsOnlyWhatNothingStates()
    {
        const string Markdown = """
            ## Coverage
            - MySQL
            - InfluxDB

            ## Schedule
            Backups are made every day at 23:00 UTC.

            ## Objectives
            RPO: 24 hours. RTO: 2 hours.
            Backups are kept for 7 days; 7 versions are available.
            Backups are verified every week.
            """;
        SlaChecks.Check(SlaDocument.Parse(Markdown, "backup_sla.md"), 60, TimeZoneInfo.Utc).Should().BeEmpty();
    }

    [Test]
    public void RpoLikeARetentionPeriod_IsCPL5004()
    {
        var sla = SlaDocument.Parse("## MySQL\nBackups are made every day at 00:40 UTC. RPO is 4 weeks.\n", "backup_sla.md");
        SlaChecks.Check(sla, 60, TimeZoneInfo.Utc).Select(d => d.Id).Should().Contain("CPL5004");
    }

    [Test]
    public void Deadline_IsAFactOfEveryService()
    {
        var sla = SlaDocument.Parse("## Coverage\n- MySQL\n\nBackups are started automatically by 01:30 UTC and finish by 05:00 UTC.\n", "backup_sla.md");
        sla.Services.Single().Deadline!.Value.Minute.Should().Be(5 * 60);
        sla.DeadlineAll!.Value.Zone.Should().Be(TimeZoneInfo.Utc);
    }

    /// <summary>The facts and diagnostics of <paramref name="markdown"/>, one string each.</summary>
    internal static List<string> Read(string markdown)
    {
        var sla = SlaDocument.Parse(markdown, "backup_sla.md");
        return
        [
            .. sla.Facts.Select(f => $"{f.Service ?? "all"} {f.KindName} {f.Value} {f.Location.Line}:{f.Location.Column}"),
            .. sla.Diagnostics.Select(d => $"{d.Id} {d.Location.Line}:{d.Location.Column}"),
        ];
    }
}
