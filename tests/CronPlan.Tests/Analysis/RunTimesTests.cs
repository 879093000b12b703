using CronPlan.Analysis;
using CronPlan.Cron;
using CronPlan.Diagnostics;
using CronPlan.Tabs;
using CronPlan.Time;

namespace CronPlan.Tests.Analysis;

/// <summary>
/// Every time a finding names is a run the daemon makes, on the host's clock: the same minute <c>cronplan next</c> shows
/// for that line. The analysis once counted its minutes from 1970 and handed them to the zone's timeline, which counts
/// from year 1: every time came out shifted by the zone's local mean time of the year 57 (Berlin 6 minutes early, Tokyo
/// 18 late, New York 3 late) and a deadline written in a DST zone was judged against that old offset all year.
/// </summary>
[TestFixture]
public sealed class RunTimesTests
{
    private const string Dump = "backup mysqldump --no-tablespaces agama > /home/backup/mysql/agama.sql";
    private const string Upload = "backup duplicity --full-if-older-than 7D --encrypt-key 0xABCDEF12 /home/backup/mysql/ rsync://b/mysql";
    private const string Full = "backup duplicity full --encrypt-key 0xABCDEF12 /home/backup/mysql/ rsync://b/mysql";
    private const string Retention = "backup duplicity remove-all-but-n-full 4 --force rsync://b/mysql";
    private const string Target = "rsync://b/mysql";

    private static TimeZoneInfo Zone(string id) => TimeZoneInfo.FindSystemTimeZoneById(id);

    private static IReadOnlyList<Diagnostic> Analyze(string tab, AnalysisOptions options) =>
        ScheduleAnalyzer.Analyze([new AnalyzedTab("backup", CronTab.Parse(tab, path: "backup"))], options);

    private static string Shown(DateTimeOffset at) => at.ToString("ddd yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    private static AnalysisOptions Lint(string zone) => new() { HostZone = Zone(zone), Deadline = null };

    private static string NightOf(string dump, string upload, string retention) => $"{dump} {Dump}\n{upload} {Upload}\n{retention} {Retention}\n";

    // The analysis starts at 2026-01-01T00:00Z: still New Year's Eve in New York, already past midnight east of Greenwich.
    [TestCase("UTC",              "Thu 2026-01-01")]
    [TestCase("Europe/Berlin",    "Fri 2026-01-02")]
    [TestCase("Asia/Tokyo",       "Fri 2026-01-02")]
    [TestCase("America/New_York", "Thu 2026-01-01")]
    public void Cpl4006_NamesTheRetentionRunAndTheUpload_AtTheMinutesTheirLinesRun(string zone, string night)
    {
        var finding = Analyze(NightOf("2 0 * * *", "5 0 * * *", "11 0 * * *"), Lint(zone)).Single(d => d.Id == "CPL4006");

        finding.Message.Should().StartWith($"on {night} 00:11 this retention run starts while the upload on line 2 (started {night} 00:05) may still hold rsync://b/mysql");
    }

    [TestCase("UTC")]
    [TestCase("Europe/Berlin")]
    [TestCase("Asia/Tokyo")]
    [TestCase("America/New_York")]
    public void NamedTimes_AreTheRunsCronplanNextShows(string zone)
    {
        var host = Zone(zone);
        var finding = Analyze(NightOf("2 0 * * *", "5 0 * * *", "11 0 * * *"), Lint(zone)).Single(d => d.Id == "CPL4006");
        var from = new DateTimeOffset(2025, 12, 31, 23, 59, 0, TimeSpan.Zero);
        var retention = CronSchedule.Parse("11 0 * * *").NextRun(from, host)!.Value.At;
        var upload = CronSchedule.Parse("5 0 * * *").NextRun(from, host)!.Value.At;

        finding.Message.Should().Contain($"on {Shown(retention)} this retention run").And.Contain($"(started {Shown(upload)})");
    }

    // 01:30 UTC on the host's clock, 30 minutes past the default deadline of 01:00 UTC; in New York still the last night of 2025.
    [TestCase("UTC",              "30 1 * * *",  "Thu 2026-01-01 01:30")]
    [TestCase("Europe/Berlin",    "30 2 * * *",  "Thu 2026-01-01 02:30")]
    [TestCase("Asia/Tokyo",       "30 10 * * *", "Thu 2026-01-01 10:30")]
    [TestCase("America/New_York", "30 20 * * *", "Wed 2025-12-31 20:30")]
    public void Cpl4004_NamesTheLateStart_OnTheHostsClock(string zone, string schedule, string start)
    {
        var finding = Analyze($"{schedule} {Dump}\n", new AnalysisOptions { HostZone = Zone(zone) }).Single(d => d.Id == "CPL4004");

        finding.Message.Should().Be($"the dump starts at {start}, 30m after the deadline 01:00 UTC (default: the lab's teardown): the machines are gone by then");
    }

    [Test]
    public void Cpl4004_JudgesADeadlineWrittenInADstZone_ByThatZonesOffsetOfTheDay()
    {
        // 01:30 in Berlin's summer is past a 01:00 Berlin deadline; under the offset of the year 57 (+00:54) it read as 00:24.
        var berlin = new AnalysisOptions { HostZone = Zone("Europe/Berlin"), Deadline = 60, DeadlineZone = Zone("Europe/Berlin"), DeadlineSource = "--deadline" };
        Analyze($"30 1 * 6-8 * {Dump}\n", berlin).Single(d => d.Id == "CPL4004").Message
            .Should().Be("the dump starts at Mon 2026-06-01 01:30, 30m after the deadline 01:00 Europe/Berlin (--deadline): the machines are gone by then");

        // 20 stated minutes from 00:45 end at 01:05, past 01:00: winter and summer alike.
        var stated = berlin with { UploadDurations = new Dictionary<string, TimeSpan> { [Target] = TimeSpan.FromMinutes(20) } };
        Analyze($"45 0 * * * {Upload}\n", stated).Single(d => d.Id == "CPL4004").Message
            .Should().StartWith("the upload starting Fri 2026-01-02 00:45 may run 20m (stated in the analysis options), past the deadline 01:00 Europe/Berlin");
        Analyze($"35 0 * * * {Upload}\n", stated).Select(d => d.Id).Should().NotContain("CPL4004", "00:35 and 20 minutes end at 00:55");
    }

    [Test]
    public void Cpl4001_NamesTheSpringJump_WhereTheDaemonCatchesTheDumpUpWithTheUpload()
    {
        // Berlin 2026-03-29: 02:00 becomes 03:00. The 02:30 dump runs at the jump, in the same minute as the 03:00 upload.
        var finding = Analyze($"30 2 * * * {Dump}\n0 3 * * * {Upload}\n", Lint("Europe/Berlin")).Single(d => d.Id == "CPL4001");

        finding.Message.Should().Contain("(Sun 2026-03-29 03:00)");
    }

    [Test]
    public void Cpl4006_NamesTheOffset_OfTimesInTheHourTheClockShowsTwice()
    {
        // Berlin 2026-10-25: 03:00 becomes 02:00. The fixed-time retention runs once, at 02:50 in the first pass; the
        // wildcard upload runs in both passes, and its 02:00 of the second pass comes 10 minutes after the retention began.
        var tab = $"*/30 2 * * * {Upload}\n50 2 * * * {Retention}\n";
        var options = Lint("Europe/Berlin") with
        {
            UploadDurations = new Dictionary<string, TimeSpan> { [Target] = TimeSpan.FromMinutes(20) },
            RetentionDurations = new Dictionary<string, TimeSpan> { [Target] = TimeSpan.FromMinutes(20) },
        };

        var finding = Analyze(tab, options).Single(d => d.Id == "CPL4006");

        finding.Message.Should().StartWith("on Sun 2026-10-25 02:00+01:00 this upload starts while the retention run on line 2 (started Sun 2026-10-25 02:50+02:00)");
    }

    [TestCase("Asia/Tokyo")]
    [TestCase("Europe/Berlin")]
    public void Cpl4011_NamesARecoveryPoint_ThatIsAnUploadsEnd(string zone)
    {
        var options = new AnalysisOptions
        {
            HostZone = Zone(zone),
            Deadline = null,
            UploadDurations = new Dictionary<string, TimeSpan> { [Target] = TimeSpan.FromMinutes(20) },
            Rpo = new Dictionary<string, TimeSpan> { [Target] = TimeSpan.FromHours(24) },
        };

        var finding = Analyze($"10 23 * * 0 {Dump}\n30 23 * * 0 {Full}\n", options).Single(d => d.Id == "CPL4011");

        finding.Message.Should().MatchRegex(@"is 7 days \(after Sun \d{4}-\d\d-\d\d 23:50\)");
    }

    [Test]
    public void Cpl4005_NamesTheDeploymentInUtc_WhateverOffsetItWasGivenWith()
    {
        var tab = $"10 23 * * * {Dump}\n30 23 * * * backup duplicity incremental --encrypt-key 0xABCDEF12 /home/backup/mysql/ {Target}\n";
        var options = Lint("Europe/Berlin") with { Deploy = new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.FromHours(2)) };

        Analyze(tab, options).Single(d => d.Id == "CPL4005").Message.Should().Contain("after the deployment at 2026-11-30 10:00Z");
    }

    [TestCase("Europe/Berlin",    "2026-01-01T23:11Z", "2026-01-02T00:11:00+01:00")]
    [TestCase("Asia/Tokyo",       "2026-01-01T15:11Z", "2026-01-02T00:11:00+09:00")]
    [TestCase("America/New_York", "2026-01-01T05:11Z", "2026-01-01T00:11:00-05:00")]
    [TestCase("Europe/Berlin",    "2026-07-01T22:11Z", "2026-07-02T00:11:00+02:00")]
    public void ZoneTimeline_At_ShowsTheZonesClock_ForAMinuteCountedAsTheEngineCounts(string zone, string utc, string shown)
    {
        var minute = WallClock.ToUtcMinutes(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture));

        CronRun.Iso(ZoneTimeline.For(Zone(zone)).At(minute)).Should().Be(shown);
    }

    // Berlin 2026-10-25: 01:00Z is 03:00+02 becoming 02:00+01, so 02:00-02:59 is shown from 00:00Z to 01:59Z.
    [TestCase("2026-10-24T23:59Z", false)]
    [TestCase("2026-10-25T00:00Z", true)]
    [TestCase("2026-10-25T00:59Z", true)]
    [TestCase("2026-10-25T01:00Z", true)]
    [TestCase("2026-10-25T01:59Z", true)]
    [TestCase("2026-10-25T02:00Z", false)]
    [TestCase("2026-03-29T01:00Z", false)]
    public void ZoneTimeline_IsRepeated_OnlyInBothPassesOfTheAutumnHour(string utc, bool repeated)
    {
        var minute = WallClock.ToUtcMinutes(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture));

        ZoneTimeline.For(Zone("Europe/Berlin")).IsRepeated(minute).Should().Be(repeated);
        ZoneTimeline.For(TimeZoneInfo.Utc).IsRepeated(minute).Should().BeFalse();
    }
}
