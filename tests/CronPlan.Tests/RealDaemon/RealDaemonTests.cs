using System.Globalization;
using CronPlan.Cron;

namespace CronPlan.Tests.RealDaemon;

/// <summary>
/// The engine's predictions against Debian's cron itself. Every window starts the daemon in one zone with all of that
/// zone's jobs, so each window checks every job minute by minute, runs that did not happen included.
/// </summary>
[TestFixture]
[Category("RealDaemon")]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
[Parallelizable(ParallelScope.Children)]
public sealed class RealDaemonTests
{
    // Europe/Tallinn: spring 2021-03-28 03:00 -> 04:00 (+02 -> +03); autumn 2021-10-31 04:00 -> 03:00 (+03 -> +02).
    // Includes the expression of every DST row of the conformance vectors (D1-D10).
    private static readonly ProbeJob[] Tallinn =
    [
        new("d1-fixed-0330", "30 3 * * *"),
        new("d2-fixed-0300", "0 3 * * *"),
        new("d3-wild-half-hours-3", "*/30 3 * * *"),
        new("d4-fixed-hours-2-4", "0 2-4 * * *"),
        new("d5-fixed-quarters-3", "0,15,30,45 3 * * *"),
        new("d6-fixed-every-2h", "0 */2 * * *"),
        new("d9-fixed-range-step-3", "0-59/30 3 * * *"),
        new("d10-wild-hourly", "0 * * * *"),
        new("t-wild-every-minute-3", "* 3 * * *"),
        new("t-fixed-0259", "59 2 * * *"),
        new("t-fixed-0400", "0 4 * * *"),
        new("t-keyword-hourly", "@hourly"),
        new("t-fixed-step-20-hours-2-4", "0-59/20 2-4 * * *"),
        new("t-wild-step-20-hours-2-4", "*/20 2-4 * * *"),
        new("t-fixed-sunday-0345", "45 3 * * sun"),
        new("t-fixed-list-hours", "10 2,3,4 * * *"),
    ];

    // America/New_York: spring 2021-03-14 02:00 -> 03:00 (EST -> EDT); autumn 2021-11-07 02:00 -> 01:00 (EDT -> EST).
    private static readonly ProbeJob[] NewYork =
    [
        new("ny-fixed-0230", "30 2 * * *"),
        new("ny-wild-quarters-2", "*/15 2 * * *"),
        new("ny-fixed-0100", "0 1 * * *"),
        new("ny-wild-half-hours-1", "*/30 1 * * *"),
        new("ny-fixed-hours-1-3", "0 1-3 * * *"),
        new("ny-fixed-sunday-0130", "30 1 * * 0"),
        new("ny-wild-hourly", "0 * * * *"),
        new("ny-fixed-0-59-step-30-hour-2", "0-59/30 2 * * *"),
        new("ny-fixed-march-14-0215", "15 2 14 3 *"),
        new("ny-wild-every-minute-1", "* 1 * * *"),
    ];

    // Australia/Lord_Howe moves by half an hour: spring 2021-10-03 02:00 -> 02:30 (+10:30 -> +11), autumn 2021-04-04 02:00 -> 01:30.
    private static readonly ProbeJob[] LordHowe =
    [
        new("lh-fixed-0210", "10 2 * * *"),
        new("lh-fixed-quarter-past-and-to", "15,45 2 * * *"),
        new("lh-wild-every-10-hour-2", "*/10 2 * * *"),
        new("lh-fixed-0230", "30 2 * * *"),
        new("lh-wild-every-10-hour-1", "*/10 1 * * *"),
        new("lh-fixed-0140", "40 1 * * *"),
        new("lh-fixed-range-step-hour-1", "0-59/20 1 * * *"),
    ];

    // America/Santiago changes at midnight: spring 2021-09-05 00:00 -> 01:00 (Sunday's midnight never happens),
    // autumn 2021-04-04 00:00 -> 2021-04-03 23:00 (Saturday's last hour happens twice).
    private static readonly ProbeJob[] Santiago =
    [
        new("scl-fixed-sunday-midnight", "0 0 * * 0"),
        new("scl-fixed-0030", "30 0 * * *"),
        new("scl-wild-quarters-0", "*/15 0 * * *"),
        new("scl-fixed-saturday-2359", "59 23 * * 6"),
        new("scl-fixed-2330", "30 23 * * *"),
        new("scl-wild-half-hours-23", "*/30 23 * * *"),
        new("scl-fixed-saturday-2330", "30 23 * * sat"),
        new("scl-keyword-daily", "@daily"),
        new("scl-fixed-5th-0045", "45 0 5 * *"),
    ];

    // UTC: the day rule, steps, names, month ends and keywords, all firing around midnight.
    private static readonly ProbeJob[] Utc =
    [
        new("or-13th-or-friday", "0 0 13 * 5"),
        new("dom-13th", "0 0 13 * *"),
        new("dow-friday", "0 0 * * 5"),
        new("and-odd-days-sunday", "0 0 */2 * 0"),
        new("or-full-dom-monday", "0 0 1-31 * 1"),
        new("or-1st-or-monday", "0 0 1 * 1"),
        new("weekdays-numbers", "0 0 * * 1-5"),
        new("weekdays-names", "0 0 * * mon-fri"),
        new("names-upper-case", "0 0 * * SAT,SUN"),
        new("months-jan-mar", "0 0 * jan-mar *"),
        new("sunday-as-7", "0 0 * * 7"),
        new("dow-0-7", "0 0 * * 0-7"),
        new("reversed-dow-never", "0 0 * * 5-1"),
        new("reversed-names-never", "0 0 * * fri-mon"),
        new("hash-means-monday", "0 0 * * 1#2"),
        new("mon-sun-is-reversed", "0 0 * * mon-sun"),
        new("names-range-sat-sun-7", "0 0 * * 6-7"),
        new("dom-and-dow-ranges-or", "0 0 1-7 * 1"),
        new("day-31", "0 0 31 * *"),
        new("day-30-feb-never", "0 0 30 2 *"),
        new("leap-day", "0 0 29 2 *"),
        new("days-15-30-31", "0 0 15,30,31 * *"),
        new("every-3rd-day", "0 0 */3 * *"),
        new("step-60-minutes", "*/60 0 * * *"),
        new("range-step-minutes", "1-10/3 0 * * *"),
        new("ignored-text-star", "*x 0 1 * *"),
        new("ignored-semicolon", "5; 0 * * *"),
        new("step-beyond-range", "0 0 */40 * *"),
        new("keyword-yearly", "@yearly"),
        new("keyword-monthly", "@monthly"),
        new("keyword-weekly", "@weekly"),
        new("keyword-daily", "@daily"),
        new("keyword-midnight", "@midnight"),
        new("leading-zeros", "00 00 01 01 *"),
        new("hour-23-last-day", "58 23 31 12 *"),
    ];

    public sealed record Window(string Name, string Zone, string LocalStart, int FakeMinutes, ProbeJob[] Jobs)
    {
        public override string ToString() => Name;
    }

    private static IEnumerable<TestCaseData> Windows()
    {
        Window[] windows =
        [
            new("TallinnSpring2021", "Europe/Tallinn", "2021-03-28 02:55:30", 11, Tallinn),
            new("TallinnAutumn2021", "Europe/Tallinn", "2021-10-31 02:55:30", 131, Tallinn),
            new("NewYorkSpring2021", "America/New_York", "2021-03-14 01:55:30", 11, NewYork),
            new("NewYorkAutumn2021", "America/New_York", "2021-11-07 00:55:30", 131, NewYork),
            new("LordHoweSpring2021", "Australia/Lord_Howe", "2021-10-03 01:55:30", 8, LordHowe),
            new("LordHoweAutumn2021", "Australia/Lord_Howe", "2021-04-04 01:25:30", 70, LordHowe),
            new("SantiagoSpring2021", "America/Santiago", "2021-09-04 23:55:30", 52, Santiago),
            new("SantiagoAutumn2021", "America/Santiago", "2021-04-03 22:55:30", 130, Santiago),
            new("UtcFriday13th", "UTC", "2021-08-12 23:58:30", 12, Utc),
            new("UtcWednesday13th", "UTC", "2021-01-12 23:58:30", 12, Utc),
            new("UtcFridayNot13th", "UTC", "2021-01-14 23:58:30", 12, Utc),
            new("UtcNewYear", "UTC", "2020-12-31 23:56:30", 14, Utc),
            new("UtcSundayOdd31st", "UTC", "2021-01-30 23:58:30", 12, Utc),
            new("UtcSundayEven10th", "UTC", "2021-01-09 23:58:30", 12, Utc),
            new("UtcMonday1stOfMarch", "UTC", "2021-02-28 23:58:30", 12, Utc),
            new("UtcLeapDay", "UTC", "2020-02-28 23:58:30", 12, Utc),
            new("UtcMonday4th", "UTC", "2021-01-03 23:58:30", 12, Utc),
            new("UtcSaturday30thMarch", "UTC", "2024-03-29 23:58:30", 12, Utc),
            new("UtcApril1stAfter31stMarch", "UTC", "2021-03-31 23:58:30", 12, Utc),
        ];
        return windows.Select(w => new TestCaseData(w).SetName($"Daemon_RunsWhatTheEngine_Predicts_{w.Name}"));
    }

    // A DST jump makes the daemon fork twenty jobs at once, which on a busy machine can take a real second: a fake
    // minute at x60. Windows up to an hour, where the jumps are, run at x15; the long autumn windows, which hold runs
    // back rather than bunching them, at x60. The harness makes a void observation again at a quarter of the rate.
    private const int BurstSafeRate = 15;

    private static int RateFor(Window window) => window.FakeMinutes <= 60 ? BurstSafeRate : RealCronDaemon.ClockRate;

    [Test]
    public void Probes_CoverAtLeastFortyExpressions()
    {
        var all = Tallinn.Concat(NewYork).Concat(LordHowe).Concat(Santiago).Concat(Utc).ToList();
        all.Select(j => j.Expression).Distinct().Should().HaveCountGreaterThanOrEqualTo(40);
        all.Select(j => j.Tag).Should().OnlyHaveUniqueItems();
        foreach (var job in all)
        {
            CronSchedule.TryParse(job.Expression, out _).Should().BeTrue($"a bad line would make the daemon ignore the whole probe file ({job.Tag})");
        }
    }

    [TestCaseSource(nameof(Windows))]
    public void Daemon_RunsWhatTheEngine_Predicts(Window window)
    {
        RealCronDaemon.RequireOrSkip();
        var zone = TimeZoneInfo.FindSystemTimeZoneById(window.Zone);
        var localStart = DateTime.ParseExact(window.LocalStart, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        var fakeStart = CronSchedule.LocalToInstant(localStart, zone).AddSeconds(localStart.Second).ToUniversalTime();
        var lastMinute = fakeStart.AddMinutes(window.FakeMinutes);

        var predicted = window.Jobs
            .SelectMany(job => CronSchedule.Parse(job.Expression).RunsAfter(fakeStart, zone)
                .TakeWhile(run => run.At <= lastMinute)
                .Select(run => new ObservedRun(job.Tag, run.At.ToUniversalTime())))
            .OrderBy(run => run.AtUtc).ThenBy(run => run.Tag, StringComparer.Ordinal)
            .Select(run => run.ToString())
            .ToList();

        var observed = RealCronDaemon.Observe(window.Zone, localStart, window.FakeMinutes, window.Jobs, fakeStart, RateFor(window))
            .Select(run => run.ToString())
            .ToList();

        TestContext.Out.WriteLine($"{observed.Count} runs observed:\n{string.Join("\n", observed)}");
        observed.Should().NotBeEmpty("every window contains runs of some probe job");
        observed.Should().Equal(predicted, $"the daemon in {window.Zone} from {window.LocalStart} must start exactly the predicted runs");
    }
}
