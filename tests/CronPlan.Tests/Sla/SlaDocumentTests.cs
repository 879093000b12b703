using CronPlan.Sla;
using CronPlan.Tests.Support;

namespace CronPlan.Tests.Sla;

[TestFixture]
public sealed class SlaDocumentTests
{
    private static SlaDocument Read(string markdown) => SlaDocument.Parse(markdown, "backup_sla.md");

    [Test]
    public void TheLabSla_ReadsEveryPromise_WithItsPosition()
    {
        var path = Path.Combine(ConformanceVectors.RepositoryRoot, "samples", "lab10", "backup_sla.md");
        var sla = Read(File.ReadAllText(path));
        sla.Diagnostics.Should().BeEmpty();
        sla.Services.Select(s => s.Name).Should().Equal("mysql", "influxdb");
        var mysql = sla.Services[0];
        mysql.Interval!.Value.Should().Be(TimeSpan.FromHours(24));
        mysql.Duration!.Value.Should().Be(TimeSpan.FromMinutes(20));
        mysql.Rpo!.Value.Should().Be(TimeSpan.FromHours(24));
        mysql.Rto!.Value.Should().Be(TimeSpan.FromHours(1));
        mysql.RetentionPeriod!.Value.Should().Be(TimeSpan.FromDays(28));
        mysql.Versions!.Value.Should().Be(28);
        mysql.UsabilityCheck!.Value.Should().Be(TimeSpan.FromDays(30));
        mysql.FullDays!.Value.Should().Equal(DayOfWeek.Sunday);
        sla.StartAll!.Value.Should().Be(new SlaTime(23 * 60 + 10, TimeZoneInfo.Utc));
        var line = File.ReadAllLines(path)[mysql.Interval.Location.Line - 1];
        line[(mysql.Interval.Location.Column - 1)..].Should().StartWith("every 24 hours");
        SlaChecks.Check(sla, 60, TimeZoneInfo.Utc).Should().BeEmpty();
    }

    [Test]
    public void AnUnfilledTemplate_ReportsEachBlank_AndByCronAsUnreadable()
    {
        var sla = Read("""
            # Backup SLA
            ## Schedule
            MySQL backups are created every _____; it takes up to 10 minutes to create and store the backup.

            All backups are started automatically by cron.
            """);
        var blank = sla.Diagnostics.Single(d => d.Id == "CPL5001");
        (blank.Location.Line, blank.Location.Column).Should().Be((3, 33));
        sla.Diagnostics.Should().ContainSingle(d => d.Id == "CPL5010" && d.Message.Contains("who starts the backups, not when"));
    }

    [Test]
    public void FreeForms_HeadingsPerService_KeyValueLines_TablesAndProse()
    {
        var sla = Read("""
            # Backups

            ## InfluxDB
            Backups are made daily. RPO: 24h. RTO - 2 hours.

            ## MySQL
            Full backup every Sunday at 23:10 UTC, incremental Monday to Saturday.

            | Service | RPO | Retention |
            |---|---|---|
            | MySQL | 12 hours | 30 days |
            """);
        var influx = sla.Services.Single(s => s.Name == "influxdb");
        influx.Interval!.Value.Should().Be(TimeSpan.FromDays(1));
        influx.Rpo!.Value.Should().Be(TimeSpan.FromHours(24));
        influx.Rto!.Value.Should().Be(TimeSpan.FromHours(2));
        var mysql = sla.Services.Single(s => s.Name == "mysql");
        mysql.FullDays!.Value.Should().Equal(DayOfWeek.Sunday);
        mysql.Start!.Value.Should().Be(new SlaTime(23 * 60 + 10, TimeZoneInfo.Utc));
        mysql.Rpo!.Value.Should().Be(TimeSpan.FromHours(12));
        mysql.Rpo.Location.Line.Should().Be(11);
    }

    // Each check with a document that breaks it.
    [TestCase("CPL5002", "## Schedule\nMySQL backups are created every 24 hours.\n")]
    [TestCase("CPL5003", "## Schedule\nMySQL backups are created every week.\n\n## RPO\n- 24 hours for MySQL\n")]
    [TestCase("CPL5004", "## Schedule\nMySQL backups are created every 24 hours.\n\n## RPO\n- 28 days for MySQL\n")]
    [TestCase("CPL5005", "MySQL backups are created every 24 hours.\n\nMySQL backups are stored for 4 weeks; 7 versions (recovery points) are available to restore.\n")]
    [TestCase("CPL5006", "MySQL backups are created every 24 hours; it takes up to 30 minutes to create and store the backup.\n\nAll backups are started automatically by 00:45 UTC.\n")]
    public void SlaChecks_FindTheBrokenPromise(string id, string markdown) =>
        SlaChecks.Check(Read(markdown), 60, TimeZoneInfo.Utc).Select(d => d.Id).Should().Contain(id);
}

[TestFixture]
public sealed class SlaValuesTests
{
    [TestCase("23:10 UTC", 23 * 60 + 10, "UTC")]
    [TestCase("11pm UTC", 23 * 60, "UTC")]
    [TestCase("12:00am", 0, null)]
    [TestCase("00.10 am", 10, null)]
    [TestCase("20.15 UTC", 20 * 60 + 15, "UTC")]
    [TestCase("2:30 AM", 150, null)]
    [TestCase("24:00", 1440, null)]
    [TestCase("01:00 EET", 60, "Europe/Tallinn")]
    [TestCase("03:00 Estonian time", 180, "Europe/Tallinn")]
    [TestCase("by 22:00 UTC+2", 22 * 60, "UTC+2")]
    public void Time_ReadsTheFormsDocumentsUse(string text, int minute, string? zone)
    {
        var time = SlaValues.Time(text)!.Value.Time;
        time.Minute.Should().Be(minute);
        (time.Zone is null ? null : time.Zone == TimeZoneInfo.Utc ? "UTC" : time.Zone.Id).Should().Be(zone);
    }

    [TestCase("24 hours", 24 * 60)]
    [TestCase("24h", 24 * 60)]
    [TestCase("1 day", 24 * 60)]
    [TestCase("a week", 7 * 24 * 60)]
    [TestCase("half an hour", 30)]
    [TestCase("daily", 24 * 60)]
    [TestCase("every night", 24 * 60)]
    [TestCase("1 hour 30 minutes", 90)]
    public void Duration_ReadsWordsAndUnits(string text, int minutes) =>
        SlaValues.Duration(text).Should().Be(TimeSpan.FromMinutes(minutes));

    [TestCase("24 hours or so")]
    [TestCase("soon")]
    public void Duration_RefusesToGuess(string text) => SlaValues.Duration(text).Should().BeNull();

    [TestCase("Monday to Saturday", new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday })]
    [TestCase("Sat-Mon", new[] { DayOfWeek.Saturday, DayOfWeek.Sunday, DayOfWeek.Monday })]
    [TestCase("Sundays and Wednesdays", new[] { DayOfWeek.Sunday, DayOfWeek.Wednesday })]
    public void Weekdays_ExpandRanges(string text, DayOfWeek[] days) => SlaValues.Weekdays(text).Should().Equal(days);
}
