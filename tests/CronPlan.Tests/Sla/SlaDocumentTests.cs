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

    [Test]
    public void ADurationWrittenWithAnd_IsTheSumOfItsParts()
    {
        var mysql = Read("""
            ## Schedule
            MySQL backups are created every 24 hours; it takes up to 1 hour and 30 minutes to create and store the backup.

            ## RPO
            - 2 hours and 15 minutes for MySQL
            """).Services.Single();

        mysql.Duration!.Value.Should().Be(TimeSpan.FromMinutes(90));
        mysql.Rpo!.Value.Should().Be(TimeSpan.FromMinutes(135));
    }

    // Each check with a document that breaks it.
    [TestCase("CPL5002", "## Schedule\nMySQL backups are created every 24 hours.\n")]
    [TestCase("CPL5003", "## Schedule\nMySQL backups are created every week.\n\n## RPO\n- 24 hours for MySQL\n")]
    [TestCase("CPL5003", "## Schedule\nMySQL backups are created every 24 hours.\n\n## RPO\n- 1 hour and 30 minutes for MySQL\n")]
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

    [TestCase("23:59",            23 * 60 + 59, null)]
    [TestCase("by 23:59 UTC.",    23 * 60 + 59, "UTC")]
    [TestCase("00:00 UTC",        0,            "UTC")]
    [TestCase("12pm",             12 * 60,      null)]
    [TestCase("12:30 a.m.",       30,           null)]
    [TestCase("11.45 PM GMT",     23 * 60 + 45, "UTC")]
    [TestCase("22:10 (UTC)",      22 * 60 + 10, "UTC")]
    [TestCase("1:00 AM(EET)",     60,           "Europe/Tallinn")]
    [TestCase("21:00 Europe/Berlin", 21 * 60,   "Europe/Berlin")]
    [TestCase("02:00 CEST",       120,          "CEST (UTC+2)")]
    [TestCase("02:00 IST",        120,          "IST (UTC+5:30)")]
    [TestCase("02:00 EST",        120,          "EST (UTC-5)")]
    [TestCase("23:00 UTC-3",      23 * 60,      "UTC-3")]
    [TestCase("23:00 UTC+05:30",  23 * 60,      "UTC+5:30")]
    [TestCase("23:00 GMT + 14",   23 * 60,      "UTC+14")]
    public void Time_ReadsEveryMinuteOfTheDay_AndTheZoneItNames(string text, int minute, string? zone)
    {
        var time = SlaValues.Time(text)!.Value.Time;
        time.Minute.Should().Be(minute);
        (time.Zone is null ? null : time.Zone == TimeZoneInfo.Utc ? "UTC" : time.Zone.Id).Should().Be(zone);
    }

    // Not a time of day: a bare number, an hour past 24, 24 with minutes, 13 and more with am/pm, a zone beyond 14 hours.
    [TestCase("24 hours")]
    [TestCase("24:01")]
    [TestCase("25:00 UTC")]
    [TestCase("13pm")]
    [TestCase("12:60")]
    [TestCase("23:10 UTC+15")]
    [TestCase("23:10 UTC+2:75")]
    [TestCase("23:10 Mars/Olympus")]
    public void Time_RefusesWhatNoClockShows(string text) => SlaValues.Time(text).Should().BeNull();

    [Test]
    public void Time_GivesWhereItStands_WithoutTrailingBlanks()
    {
        var (_, index, length) = SlaValues.Time("Backups start at 23:10 UTC  and end by 23:40.")!.Value;
        (index, length).Should().Be((17, "23:10 UTC".Length));
        SlaValues.Time("Backups start at 23:10 UTC and end by 23:40.", from: 27)!.Value.Time.Minute.Should().Be(23 * 60 + 40);
    }

    //   "Sunday 01:30 EET" on the host's clock in UTC is Saturday 23:30 (winter offsets, as the night is planned).
    [TestCase(90,           "Europe/Tallinn", "UTC",            DayOfWeek.Sunday,   DayOfWeek.Saturday, 23 * 60 + 30)]
    [TestCase(23 * 60 + 30, "UTC",            "Europe/Tallinn", DayOfWeek.Saturday, DayOfWeek.Sunday,   90)]
    [TestCase(23 * 60 + 30, null,             "Europe/Tallinn", DayOfWeek.Saturday, DayOfWeek.Saturday, 23 * 60 + 30)]
    [TestCase(60,           "UTC",            "UTC",            DayOfWeek.Wednesday, DayOfWeek.Wednesday, 60)]
    public void SlaTime_In_ShiftsTheWeekdayWithTheClock(int minute, string? writtenIn, string host, DayOfWeek day, DayOfWeek expectedDay, int expectedMinute)
    {
        var written = writtenIn is null ? null : TimeZoneInfo.FindSystemTimeZoneById(writtenIn);
        new SlaTime(minute, written).In(TimeZoneInfo.FindSystemTimeZoneById(host), day).Should().Be((expectedDay, expectedMinute));
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

    [TestCase("5-6 hours",                6 * 60)]
    [TestCase("3 to 5 hours",             5 * 60)]
    [TestCase("4 weeks/28 days",          28 * 24 * 60)]
    [TestCase("7 days (1 week)",          7 * 24 * 60)]
    [TestCase("once every 12 hours",      12 * 60)]
    [TestCase("up to 10 minutes.",        10)]
    [TestCase("within 2 hrs",             2 * 60)]
    [TestCase("approximately 1.5 hours",  90)]
    [TestCase("90 sec",                   1.5)]
    [TestCase("twenty minutes",           20)]
    [TestCase("an hour",                  60)]
    [TestCase("1 hour and 30 minutes",    90)]
    [TestCase("1h, 30m",                  90)]
    [TestCase("two weeks",                14 * 24 * 60)]
    [TestCase("monthly",                  30 * 24 * 60)]
    [TestCase("1 year",                   365 * 24 * 60)]
    [TestCase("3660 days",                3660 * 24 * 60)]
    public void Duration_ReadsRangesAlternativesAndPrefixes(string text, double minutes) =>
        SlaValues.Duration(text).Should().Be(TimeSpan.FromMinutes(minutes));

    [TestCase("3661 days")]
    [TestCase("11 years")]
    [TestCase("0 hours")]
    [TestCase("1234567890 minutes")]
    [TestCase("ten parsecs")]
    [TestCase("")]
    [TestCase("24 hours or so")]
    [TestCase("soon")]
    public void Duration_RefusesToGuess(string text) => SlaValues.Duration(text).Should().BeNull();

    [TestCase("twice a day",        12 * 60)]
    [TestCase("twice a week",       4 * 24 * 60)]
    [TestCase("once a night",       24 * 60)]
    [TestCase("every Sunday",       7 * 24 * 60)]
    [TestCase("Mon-Sat",            2 * 24 * 60)]
    [TestCase("on Monday and Thursday", 4 * 24 * 60)]
    [TestCase("every morning",      24 * 60)]
    [TestCase("hourly",             60)]
    [TestCase("every 12 hours",     12 * 60)]
    [TestCase("each three days",    3 * 24 * 60)]
    [TestCase("every week",         7 * 24 * 60)]
    public void Frequency_IsTheLongestWaitBetweenTwoRuns(string text, int minutes) =>
        SlaValues.Frequency("Backups run " + text + ".")!.Value.Value.Should().Be(TimeSpan.FromMinutes(minutes));

    [TestCase("every 100000 hours")]
    [TestCase("every year")]
    [TestCase("now and then")]
    public void Frequency_IsNothing_WithoutAReadablePeriod(string text) => SlaValues.Frequency(text).Should().BeNull();

    [TestCase("7",          7)]
    [TestCase(" 28 ",       28)]
    [TestCase("seven",      7)]
    [TestCase("100000",     100_000)]
    [TestCase("100001",     null)]
    [TestCase("1234567890", null)]
    [TestCase("-3",         null)]
    [TestCase("\u0663",     null)]
    [TestCase("",           null)]
    public void Number_IsAsciiDigitsOrAWord_InRange(string text, int? expected) => SlaValues.Number(text).Should().Be(expected);

    [TestCase(new DayOfWeek[0],                                     7)]
    [TestCase(new[] { DayOfWeek.Sunday },                           7)]
    [TestCase(new[] { DayOfWeek.Sunday, DayOfWeek.Wednesday },      4)]
    [TestCase(new[] { DayOfWeek.Monday, DayOfWeek.Saturday },       5)]
    [TestCase(new[] { DayOfWeek.Friday, DayOfWeek.Friday, DayOfWeek.Monday }, 4)]
    public void LongestGap_IsTheLongestWaitInTheWeek(DayOfWeek[] days, int expected) =>
        SlaValues.LongestGap(days).Should().Be(TimeSpan.FromDays(expected));

    [TestCase("Tues",    DayOfWeek.Tuesday)]
    [TestCase("sundays", DayOfWeek.Sunday)]
    [TestCase("SAT",     DayOfWeek.Saturday)]
    [TestCase("Mo",      null)]
    [TestCase("Mondays!", null)]
    public void Weekday_ReadsNamesAndTheirShortForms(string word, DayOfWeek? expected) => SlaValues.Weekday(word).Should().Be(expected);

    [TestCase("Schedule (Time in EET)", "Europe/Tallinn")]
    [TestCase("Start (UTC)",            "UTC")]
    [TestCase("Start (UTC+3)",          "UTC+3")]
    [TestCase("EE (-2H UTC)",           null)]
    [TestCase("Start",                  null)]
    public void ZoneIn_ReadsTheZoneAHeaderNames(string header, string? zone)
    {
        var found = SlaValues.ZoneIn(header);
        (found is null ? null : found == TimeZoneInfo.Utc ? "UTC" : found.Id).Should().Be(zone);
    }

    [TestCase("Monday to Saturday", new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday })]
    [TestCase("Sat-Mon", new[] { DayOfWeek.Saturday, DayOfWeek.Sunday, DayOfWeek.Monday })]
    [TestCase("Sundays and Wednesdays", new[] { DayOfWeek.Sunday, DayOfWeek.Wednesday })]
    public void Weekdays_ExpandRanges(string text, DayOfWeek[] days) => SlaValues.Weekdays(text).Should().Equal(days);
}
