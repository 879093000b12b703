using CronPlan.Sla;

namespace CronPlan.Tests.Sla;

/// <summary>
/// SLA documents as people write them, each with every fact CronPlan must read from it and nothing more: a value read
/// that the text does not state is as wrong as one missed. Positions are checked where a snippet is about them.
/// </summary>
[TestFixture]
public sealed class SlaSnippetTests
{
    private static readonly TestCaseData[] Snippets =
    [
        Case("template filled", """
            ## Schedule
            MySQL backups are created every 24 hours; it takes up to 20 minutes to create and store the backup.

            All backups are started automatically by 23:10 UTC.
            ## Retention
            MySQL backups are stored for 4 weeks; 28 versions (recovery points) are available to restore.
            ## Usability checks
            MySQL backups are verified every month by the administrator.
            """,
            "all start=23:10 UTC",
            "mysql interval=24h duration=20m retention=28d versions=28 check=30d"),
        Case("template half-filled: what is filled is read, each blank reported", """
            ## Schedule
            MySQL backups are created every _____; it takes up to 20 minutes to create and store the backup.
            InfluxDB backups are created every 24 hours; it takes up to _____ to create and store the backup.
            """,
            "CPL5001 2:33",
            "CPL5001 3:61",
            "influxdb interval=24h",
            "mysql duration=20m"),
        Case("template left blank", """
            ## Schedule
            _____ backups are created every _____; it takes up to _____ to create and store the backup.
            """,
            "CPL5001 2:1", "CPL5001 2:33", "CPL5001 2:55"),
        Case("by cron is who, not when", """
            ## Schedule
            MySQL backups are created every 24 hours.

            All backups are started automatically by cron.
            """,
            "CPL5010 4:42",
            "mysql interval=24h"),
        Case("RPO and RTO bullets under the template's headings", """
            ## RPO
            - 24 hours for MySQL
            - 1 week for InfluxDB
            ## RTO
            - 1 hour for MySQL
            - half an hour for InfluxDB
            """,
            "influxdb rpo=7d rto=30m",
            "mysql rpo=24h rto=1h"),
        Case("bullets introduced by a sentence, not a heading", """
            ## Objectives
            Recovery point objective (RPO):

            - 12 hours for MySQL

            Recovery time objective (RTO):

            - 2 hours for MySQL
            """,
            "mysql rpo=12h rto=2h"),
        Case("own heading per service with key/value lines", """
            ## MySQL
            - Frequency: daily
            - Start: 23:10 UTC
            - Duration: 15 minutes
            - Retention: 30 days
            - Versions: 30
            - RPO: 24h
            - RTO: 1h
            """,
            "mysql interval=24h duration=15m start=23:10 UTC rpo=24h rto=1h retention=30d versions=30"),
        Case("bold labels", """
            ### InfluxDB
            **RPO**: 24 hours
            **Retention:** 2 weeks
            """,
            "influxdb rpo=24h retention=14d"),
        Case("prose with the service named once", """
            ## InfluxDB
            Backups are made daily. RPO: 24h. RTO - 2 hours.
            """,
            "influxdb interval=24h rpo=24h rto=2h"),
        Case("prose: back up ... every night at a time", """
            We back up MySQL every night at 23:10 UTC and keep 14 versions.
            """,
            "mysql interval=24h start=23:10 UTC versions=14"),
        Case("prose: taken daily at a 12-hour time", """
            InfluxDB backups are taken daily at 2:30 AM UTC; they are kept for 2 weeks.
            """,
            "influxdb interval=24h start=02:30 UTC retention=14d"),
        Case("prose: dotted time", """
            MySQL dumps are made nightly.
            Backups start at 20.15 UTC.
            """,
            "all start=20:15 UTC",
            "mysql interval=24h"),
        Case("prose: 11pm", """
            Daily backups of MySQL start at 11pm UTC.
            """,
            "mysql interval=24h start=23:00 UTC"),
        Case("prose: 12:00am is midnight", """
            MySQL backups are created every 24 hours and are started automatically by 12:00am UTC.
            """,
            "mysql interval=24h start=00:00 UTC"),
        Case("prose: 00.10 am", """
            InfluxDB backups are started at 00.10 am UTC.
            """,
            "influxdb start=00:10 UTC"),
        Case("prose: 24:00", """
            All backups are started automatically by 24:00 UTC.
            """,
            "all start=24:00 UTC"),
        Case("a time in EET", """
            All backups are started automatically by 01:00 EET.
            """,
            "all start=01:00 Europe/Tallinn"),
        Case("a time in Estonian time", """
            MySQL backups are created every day at 03:00 Estonian time.
            """,
            "mysql interval=24h start=03:00 Europe/Tallinn"),
        Case("a time with a UTC offset", """
            All backups are started automatically by 22:00 UTC+2.
            """,
            "all start=22:00 UTC+2"),
        Case("UTC and local side by side: the first is read", """
            All backups are started automatically by 23:10 UTC (01:10 EET).
            """,
            "all start=23:10 UTC"),
        Case("no time at all", """
            MySQL backups are created every 24 hours.
            """,
            "mysql interval=24h"),
        Case("full and incremental cadence with weekday ranges", """
            ## MySQL
            Full backup every Sunday at 23:10 UTC, incremental Monday to Saturday.
            """,
            "mysql interval=24h start=23:10 UTC full=Sun"),
        Case("full twice a week", """
            InfluxDB: full backups on Sundays and Wednesdays.
            """,
            "influxdb full=Sun,Wed"),
        Case("a full backup for every service already named", """
            MySQL backups are created every 24 hours.
            InfluxDB backups are created every 24 hours.

            A full backup is uploaded every Sunday night, incremental backups Monday to Saturday.
            """,
            "all interval=24h full=Sun",
            "influxdb interval=24h",
            "mysql interval=24h"),
        Case("two services in one sentence", """
            MySQL and InfluxDB backups are created every 24 hours; it takes up to 10 minutes to create and store the backup.
            """,
            "influxdb interval=24h duration=10m",
            "mysql interval=24h duration=10m"),
        Case("durations in words", """
            MySQL backups are created every day; it takes up to twenty minutes to create and store the backup.
            InfluxDB backups are created every 12 hours; it takes no more than 1 hour 30 minutes to create and store the backup.
            """,
            "influxdb interval=12h duration=90m",
            "mysql interval=24h duration=20m"),
        Case("a table with a row per service", """
            | Service | Interval | Start | RPO | RTO | Retention |
            |---|---|---|---|---|---|
            | MySQL | 24 hours | 23:10 UTC | 24 hours | 1 hour | 28 days |
            | InfluxDB | 24 hours | 23:20 UTC | 24 hours | 2 hours | 4 weeks |
            """,
            "influxdb interval=24h start=23:20 UTC rpo=24h rto=2h retention=28d",
            "mysql interval=24h start=23:10 UTC rpo=24h rto=1h retention=28d"),
        Case("a table whose header gives the zone, with 12-hour times", """
            | Service | Start (UTC) | Full |
            |---|---|---|
            | MySQL | 11:10 pm | Sunday |
            """,
            "mysql start=23:10 UTC full=Sun"),
        Case("a table with a column per service", """
            | | MySQL | InfluxDB |
            |---|---|---|
            | RPO | 24 hours | 1 week |
            | Versions kept | 28 | 4 |
            """,
            "influxdb rpo=7d versions=4",
            "mysql rpo=24h versions=28"),
        Case("a table cell that cannot be read", """
            | Service | RPO |
            |---|---|
            | MySQL | 24 hours-ish |
            """,
            "CPL5010 3:11",
            "mysql"),
        Case("an HTML table", """
            <table>
              <tr><th>Service</th><th>RPO</th><th>Retention</th></tr>
              <tr><td>MySQL</td><td>24 hours</td><td>4 weeks</td></tr>
            </table>
            """,
            "mysql rpo=24h retention=28d"),
        Case("an HTML paragraph", """
            <p>InfluxDB backups are created <b>every 24 hours</b>.</p>
            """,
            "influxdb interval=24h"),
        Case("an HTML comment states nothing", """
            <!-- MySQL backups are created every hour (draft) -->
            MySQL backups are created every 24 hours.
            """,
            "mysql interval=24h"),
        Case("unreadable schedule prose is reported", """
            ## Schedule
            MySQL backups happen when 3 things align.
            """,
            "CPL5010 2:1"),
        Case("RPO and RTO in prose", """
            The recovery point objective (RPO) for InfluxDB is 24 hours, with an RTO of 2 hours.
            """,
            "influxdb rpo=24h rto=2h"),
        Case("Windows line endings", "## Schedule\r\nMySQL backups are created every 24 hours.\r\n",
            "mysql interval=24h"),
    ];

    private static TestCaseData Case(string name, string markdown, params string[] facts) =>
        new TestCaseData(markdown, facts) { TestName = $"Sla_Reads({name})" };

    [TestCaseSource(nameof(Snippets))]
    public void Sla_ReadsWhatIsWritten_AndNothingElse(string markdown, string[] facts) =>
        Facts(SlaDocument.Parse(markdown, "backup_sla.md")).Should().BeEquivalentTo(facts);

    [Test]
    public void Snippets_AreMoreThanThirty() => Snippets.Should().HaveCountGreaterThanOrEqualTo(30);

    [Test]
    public void EveryValue_PointsAtItsWords()
    {
        const string Markdown = "| Service | RPO |\n|---|---|\n| MySQL | 24 hours |\n\n## InfluxDB\n- Start: 23:20 UTC\n";
        var sla = SlaDocument.Parse(Markdown, "backup_sla.md");
        var lines = Markdown.Split('\n');
        string At<T>(Stated<T> stated) => lines[stated.Location.Line - 1][(stated.Location.Column - 1)..];
        At(sla.Services.Single(s => s.Name == "mysql").Rpo!).Should().StartWith("24 hours |");
        At(sla.Services.Single(s => s.Name == "influxdb").Start!).Should().Be("23:20 UTC");
    }

    // Local times cross midnight into another weekday in UTC: "Sunday 01:30 EET" is Saturday 23:30 UTC.
    [TestCase("Full backup every Sunday at 01:30 EET.", DayOfWeek.Saturday, 23 * 60 + 30)]
    [TestCase("Full backup every Sunday at 00:30 Estonian time.", DayOfWeek.Saturday, 22 * 60 + 30)]
    [TestCase("Full backup every Saturday at 23:30 UTC-2.", DayOfWeek.Sunday, 1 * 60 + 30)]
    [TestCase("Full backup every Sunday at 23:10 UTC.", DayOfWeek.Sunday, 23 * 60 + 10)]
    public void LocalTimes_ShiftTheWeekday_InUtc(string sentence, DayOfWeek day, int minute)
    {
        var sla = SlaDocument.Parse("## MySQL\n" + sentence + "\n", "backup_sla.md");
        var mysql = sla.Services.Single();
        mysql.Start!.Value.In(TimeZoneInfo.Utc, mysql.FullDays!.Value.Single()).Should().Be((day, minute));
    }

    /// <summary>Every fact the document states, a line per service ("mysql interval=24h ..."), "all ..." for every service, and diagnostics "ID line:column".</summary>
    private static List<string> Facts(SlaDocument sla)
    {
        static string Name(SlaFact fact) => fact.Kind switch
        {
            SlaFactKind.Frequency => "interval",
            SlaFactKind.Verification => "check",
            SlaFactKind.FullCadence => "full",
            SlaFactKind.FullChains => "chains",
            _ => fact.Kind.ToString().ToLowerInvariant(),
        };

        var order = Enum.GetValues<SlaFactKind>().ToList();
        var facts = new List<string>();
        var services = sla.Facts.Where(f => f.Service is null).Any() ? new List<string?> { null } : [];
        services.AddRange(sla.Services.Select(s => s.Name));
        foreach (var service in services)
        {
            var parts = new List<string> { service ?? "all" };
            // The runs the SLA describes are listed with every fact in SlaFormsTests; these snippets keep to the values.
            parts.AddRange(sla.Facts.Where(f => f.Service == service && f.Kind != SlaFactKind.Run).OrderBy(f => Slot(f.Kind)).Select(f => $"{Name(f)}={f.Value}"));
            facts.Add(string.Join(' ', parts));
        }

        facts.AddRange(sla.Diagnostics.Select(d => $"{d.Id} {d.Location.Line}:{d.Location.Column}"));
        return facts;
    }

    // The order the old expectations list kinds in.
    private static int Slot(SlaFactKind kind) => kind switch
    {
        SlaFactKind.Frequency => 0,
        SlaFactKind.Duration => 1,
        SlaFactKind.Start => 2,
        SlaFactKind.Deadline => 3,
        SlaFactKind.FullCadence => 4,
        SlaFactKind.FullChains => 5,
        SlaFactKind.Rpo => 6,
        SlaFactKind.Rto => 7,
        SlaFactKind.Retention => 8,
        SlaFactKind.Versions => 9,
        _ => 10,
    };
}
