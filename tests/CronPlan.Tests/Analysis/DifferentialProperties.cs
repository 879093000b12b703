using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using CronPlan.Analysis;
using CronPlan.Cli.Output;
using CronPlan.Cron;
using CronPlan.Diagnostics;
using CronPlan.Tabs;
using CronPlan.Tests.Support;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;

namespace CronPlan.Tests.Analysis;

/// <summary>
/// The run analysis against the Debian engine, on generated backup nights: every time a finding names, in the text and
/// in the JSON output, is a run the engine makes for the line it names it for; and on the DST days of Tallinn, New York,
/// Lord Howe and Berlin the analysis puts two lines in the order and at the distance the engine's runs have. The engine
/// is asked through the public <see cref="CronSchedule"/> API and the times are shown with .NET's own zone conversion,
/// so the analysis's clock is checked against two others. The seed is fixed: a failure replays as it is; set
/// CRONPLAN_PROPERTY_SEED to explore others.
/// </summary>
[TestFixture]
public sealed partial class DifferentialProperties
{
    private const string DumpCommand = "mysqldump --no-tablespaces agama > /home/backup/mysql/agama.sql";
    private const string Target = "rsync://b/mysql";
    private const string Source = "/home/backup/mysql/";

    private static readonly string[] Zones = ["Europe/Tallinn", "America/New_York", "Australia/Lord_Howe", "Asia/Tokyo", "Europe/Berlin", "UTC"];
    private static readonly string[] DstZones = ["Europe/Tallinn", "America/New_York", "Australia/Lord_Howe", "Europe/Berlin"];
    private static readonly DateTimeOffset DefaultStart = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Each zone's offset changes in 2026-2035, found with .NET's conversion, not the engine's timeline.</summary>
    private static readonly Dictionary<string, DateTimeOffset[]> Changes = DstZones.ToDictionary(id => id, id => ChangesOf(Zone(id), 2026, 2035));

    private static Config Config(int tests)
    {
        var seed = ulong.TryParse(Environment.GetEnvironmentVariable("CRONPLAN_PROPERTY_SEED"), NumberStyles.None, CultureInfo.InvariantCulture, out var given) ? given : 20261127UL;
        return FsCheck.Config.QuickThrowOnFailure.WithMaxTest(tests).WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(seed), FSharpOption<int>.None)));
    }

    [Test]
    public void EveryTimeAFindingNames_IsARunTheEngineMakesForThatLine()
    {
        var (named, onDstDays, withOffset) = (0, 0, 0);
        Prop.ForAll(Nights().ToArbitrary(), night =>
        {
            var found = ScheduleAnalyzer.Analyze([new AnalyzedTab("backup", CronTab.Parse(night.Text, path: "backup"))], night.Options);
            foreach (var (output, findings) in new[] { ("text", FromText(found)), ("json", FromJson(found)) })
            {
                foreach (var (line, id, message) in findings)
                {
                    foreach (var (owner, time) in NamedTimes(line, message))
                    {
                        named++;
                        onDstDays += IsDstDay(night.Zone, time.Wall) ? 1 : 0;
                        withOffset += time.Offset is null ? 0 : 1;
                        var why = $"{output}: {id} on line {owner} names '{time.Text}' in '{message}'";
                        time.Weekday.Should().Be(time.Wall.DayOfWeek, why);
                        if (time.Offset is null)
                        {
                            night.Zone.IsAmbiguousTime(time.Wall).Should().BeFalse($"{why}: the clock shows that minute twice and the message does not say which");
                        }

                        if (id == "CPL4011")
                        {
                            // "after X": the recovery point an upload's end makes.
                            night.Lines.Where(l => l.Kind is LineKind.Upload or LineKind.Full)
                                .Any(l => IsRunOf(l.Schedule, night.Zone, time, DateTimeOffset.MinValue, night.UploadMinutes))
                                .Should().BeTrue($"{why}: no upload of the target ends then");
                        }
                        else
                        {
                            IsRunOf(night.Lines[owner - 1].Schedule, night.Zone, time, night.Start, 0).Should().BeTrue($"{why}: the engine makes no run of line {owner} then");
                        }
                    }
                }
            }
        }).Check(Config(TestBudget.SlowPropertyCases(60)));

        named.Should().BeGreaterThan(TestBudget.ExpectedCount(200), "the nights must make findings that name times");
        onDstDays.Should().BeGreaterThan(TestBudget.ExpectedCount(10), "times on DST days must be among them");
        withOffset.Should().BeGreaterThan(0, "times in an hour the clock shows twice must be among them");
    }

    [Test]
    public void OnDstDays_TheOrderAndGapOfTwoLines_AreTheEngines()
    {
        var (onDstDays, findings) = (0, 0);
        Prop.ForAll(DstNights().ToArbitrary(), night =>
        {
            var found = ScheduleAnalyzer.Analyze([new AnalyzedTab("backup", CronTab.Parse(night.Text, path: "backup"))], night.Options);
            var expected = Expected(night);
            foreach (var id in new[] { "CPL4001", "CPL4002", "CPL4003", "CPL4006" })
            {
                var actual = found.Where(d => d.Id == id).Select(d => d.Message).ToList();
                if (expected.TryGetValue(id, out var words))
                {
                    findings++;
                    onDstDays += words.OnDstDay ? 1 : 0;
                    actual.Should().ContainSingle($"the engine's runs make {id}: {words.Text}").Which.Should().StartWith(words.Text);
                }
                else
                {
                    actual.Should().BeEmpty($"the engine's runs make no {id}");
                }
            }
        }).Check(Config(TestBudget.SlowPropertyCases(60)));

        findings.Should().BeGreaterThan(TestBudget.ExpectedCount(30), "the nights must put lines close together");
        onDstDays.Should().BeGreaterThan(TestBudget.ExpectedCount(10), "the DST days must decide some of them");
    }

    /// <summary>What the engine's runs of a dump, an upload and a retention run (lines 1-3) make the analysis say, and whether a DST day decides it.</summary>
    private static Dictionary<string, (string Text, bool OnDstDay)> Expected(Night night)
    {
        var expected = new Dictionary<string, (string, bool)>();
        var end = night.Start.AddYears(28);
        var dumps = Runs(night.Lines[0].Schedule, night.Zone, night.Start, end);
        var uploads = Runs(night.Lines[1].Schedule, night.Zone, night.Start, end);
        var retention = Runs(night.Lines[2].Schedule, night.Zone, night.Start, end);

        // The upload against the latest dump that started at or before it.
        var (sameMinute, early, at) = (false, false, -1);
        foreach (var upload in uploads)
        {
            while (at + 1 < dumps.Count && dumps[at + 1] <= upload)
            {
                at++;
            }

            if (at < 0)
            {
                continue;
            }

            var gap = (int)(upload - dumps[at]).TotalMinutes;
            if (gap == 0 && !sameMinute)
            {
                sameMinute = true;
                expected["CPL4001"] = ($"the upload starts in the same minute as the dump on line 1 ({Shown(upload, night.Zone)})", IsDstDay(night.Zone, upload));
            }
            else if (gap > 0 && gap < night.DumpMinutes && !early && !sameMinute)
            {
                early = true;
                expected["CPL4003"] = ($"the upload starts {gap}m after the dump on line 1, which may take", IsDstDay(night.Zone, upload));
            }
        }

        // One target's duplicity runs in start order, ties by line: the first that starts before the previous one may end.
        var runs = uploads.Select(s => (Start: s, Line: 2, Kind: "upload", Minutes: night.UploadMinutes))
            .Concat(retention.Select(s => (Start: s, Line: 3, Kind: "retention run", Minutes: night.RetentionMinutes)))
            .OrderBy(r => r.Start).ThenBy(r => r.Line).ToList();
        for (var i = 1; i < runs.Count; i++)
        {
            if (runs[i].Start < runs[i - 1].Start.AddMinutes(runs[i - 1].Minutes))
            {
                var (previous, current) = (runs[i - 1], runs[i]);
                expected["CPL4006"] = (
                    $"on {Shown(current.Start, night.Zone)} this {current.Kind} starts while the {previous.Kind} on line {previous.Line} (started {Shown(previous.Start, night.Zone)})",
                    IsDstDay(night.Zone, current.Start) || IsDstDay(night.Zone, previous.Start));
                break;
            }
        }

        return expected;
    }

    private static List<DateTimeOffset> Runs(CronSchedule schedule, TimeZoneInfo zone, DateTimeOffset from, DateTimeOffset to) =>
        [.. schedule.RunsAfter(from.AddMinutes(-1), zone).Select(r => r.At).TakeWhile(at => at < to)];

    /// <summary>Whether the engine starts the line at <paramref name="time"/> less <paramref name="minutesLater"/> minutes, not before <paramref name="notBefore"/>.</summary>
    private static bool IsRunOf(CronSchedule schedule, TimeZoneInfo zone, NamedTime time, DateTimeOffset notBefore, int minutesLater)
    {
        foreach (var run in schedule.RunsAfter(new DateTimeOffset(time.Wall.AddDays(-2), TimeSpan.Zero), zone))
        {
            var shown = TimeZoneInfo.ConvertTime(run.At.AddMinutes(minutesLater), zone);
            if (shown.DateTime > time.Wall.AddDays(2))
            {
                return false;
            }

            if (shown.DateTime == time.Wall && (time.Offset is null || shown.Offset == time.Offset) && run.At >= notBefore)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A moment as a finding should name it: the host's clock, with the offset in an hour the clock shows twice.</summary>
    private static string Shown(DateTimeOffset at, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(at, zone);
        return local.ToString(zone.IsAmbiguousTime(local) ? "ddd yyyy-MM-dd HH:mmzzz" : "ddd yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
    }

    private static bool IsDstDay(TimeZoneInfo zone, DateTimeOffset at) => IsDstDay(zone, TimeZoneInfo.ConvertTime(at, zone).DateTime);

    private static bool IsDstDay(TimeZoneInfo zone, DateTime wall) =>
        Changes.TryGetValue(zone.Id, out var changes) && changes.Any(c => TimeZoneInfo.ConvertTime(c, zone).Date == wall.Date);

    private static DateTimeOffset[] ChangesOf(TimeZoneInfo zone, int firstYear, int lastYear)
    {
        var changes = new List<DateTimeOffset>();
        for (var day = new DateTimeOffset(firstYear, 1, 1, 0, 0, 0, TimeSpan.Zero); day.Year <= lastYear; day = day.AddDays(1))
        {
            if (zone.GetUtcOffset(day) == zone.GetUtcOffset(day.AddDays(1)))
            {
                continue;
            }

            // Every zone here changes on a whole or half hour.
            var at = day;
            while (zone.GetUtcOffset(at.AddMinutes(30)) == zone.GetUtcOffset(day))
            {
                at = at.AddMinutes(30);
            }

            changes.Add(at.AddMinutes(30));
        }

        return [.. changes];
    }

    private static TimeZoneInfo Zone(string id) => TimeZoneInfo.FindSystemTimeZoneById(id);

    // ---- Reading the outputs back -----------------------------------------------------------------------------------

    private static List<(int Line, string Id, string Message)> FromText(IReadOnlyList<Diagnostic> found)
    {
        var text = new StringWriter(CultureInfo.InvariantCulture);
        DiagnosticFormatter.WriteText(text, Diagnostic.InReadingOrder(found));
        return [.. TextLine().Matches(text.ToString()).Select(m => (int.Parse(m.Groups["line"].Value, CultureInfo.InvariantCulture), m.Groups["id"].Value, m.Groups["message"].Value))];
    }

    private static List<(int Line, string Id, string Message)> FromJson(IReadOnlyList<Diagnostic> found)
    {
        var json = DiagnosticFormatter.Json(writer =>
        {
            writer.WriteStartObject();
            DiagnosticFormatter.WriteJsonDiagnostics(writer, Diagnostic.InReadingOrder(found));
            writer.WriteEndObject();
        });
        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.GetProperty("diagnostics").EnumerateArray()
            .Select(d => (d.GetProperty("line").GetInt32(), d.GetProperty("id").GetString()!, d.GetProperty("message").GetString()!))];
    }

    private sealed record NamedTime(string Text, DayOfWeek Weekday, DateTime Wall, TimeSpan? Offset);

    /// <summary>The times a message names, each with the line it belongs to: the finding's own until the message names another ("on line 4").</summary>
    private static IEnumerable<(int Line, NamedTime Time)> NamedTimes(int line, string message)
    {
        var owner = line;
        foreach (Match match in LineOrTime().Matches(message))
        {
            if (match.Groups["other"].Success)
            {
                owner = int.Parse(match.Groups["other"].Value, CultureInfo.InvariantCulture);
                continue;
            }

            var wall = DateTime.ParseExact(match.Groups["wall"].Value, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
            var weekday = (DayOfWeek)Array.IndexOf(CultureInfo.InvariantCulture.DateTimeFormat.AbbreviatedDayNames, match.Groups["weekday"].Value);
            TimeSpan? offset = match.Groups["offset"].Success ? TimeSpan.Parse(match.Groups["offset"].Value.TrimStart('+'), CultureInfo.InvariantCulture) : null;
            yield return (owner, new NamedTime(match.Value, weekday, wall, offset));
        }
    }

    [GeneratedRegex(@"^backup\((?<line>\d+),\d+\): \w+ (?<id>CPL\d{4}): (?<message>.*)$", RegexOptions.Multiline)]
    private static partial Regex TextLine();

    [GeneratedRegex(@"\bline (?<other>\d+)|(?<weekday>Mon|Tue|Wed|Thu|Fri|Sat|Sun) (?<wall>\d{4}-\d\d-\d\d \d\d:\d\d)(?<offset>[+-]\d\d:\d\d)?")]
    private static partial Regex LineOrTime();

    // ---- Generated nights --------------------------------------------------------------------------------------------

    private enum LineKind
    {
        Dump,
        Upload,
        Full,
        Retention,
    }

    private sealed record TabLine(LineKind Kind, string ScheduleText, string Command)
    {
        public CronSchedule Schedule { get; } = CronSchedule.Parse(ScheduleText);

        public override string ToString() => $"{ScheduleText} {Command}";
    }

    private sealed record Night(TimeZoneInfo Zone, DateTimeOffset? Deploy, IReadOnlyList<TabLine> Lines, int? Deadline, bool DeadlineInHostZone, int DumpMinutes, int UploadMinutes, int RetentionMinutes, bool Stated, int? RpoHours)
    {
        public string Text => string.Concat(Lines.Select(l => $"{l}\n"));

        public DateTimeOffset Start => Deploy ?? DefaultStart;

        public AnalysisOptions Options => new()
        {
            HostZone = Zone,
            Deploy = Deploy,
            Deadline = Deadline,
            DeadlineZone = DeadlineInHostZone ? Zone : TimeZoneInfo.Utc,
            DumpDurations = Stated ? new Dictionary<string, TimeSpan> { [DumpCommand] = TimeSpan.FromMinutes(DumpMinutes) } : new Dictionary<string, TimeSpan>(),
            UploadDurations = Stated ? new Dictionary<string, TimeSpan> { [Target] = TimeSpan.FromMinutes(UploadMinutes) } : new Dictionary<string, TimeSpan>(),
            RetentionDurations = Stated ? new Dictionary<string, TimeSpan> { [Target] = TimeSpan.FromMinutes(RetentionMinutes) } : new Dictionary<string, TimeSpan>(),
            Rpo = RpoHours is { } hours ? new Dictionary<string, TimeSpan> { [Target] = TimeSpan.FromHours(hours) } : new Dictionary<string, TimeSpan>(),
        };

        public override string ToString() =>
            $"{Zone.Id}, deploy {(Deploy is { } d ? CronRun.Iso(d) : "none")}, deadline {Deadline?.ToString(CultureInfo.InvariantCulture) ?? "none"}{(DeadlineInHostZone ? " host" : " UTC")}, " +
            $"{(Stated ? "stated" : "assumed")} {DumpMinutes}/{UploadMinutes}/{RetentionMinutes}m, RPO {RpoHours?.ToString(CultureInfo.InvariantCulture) ?? "none"}h:\n{Text}";
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Schedules around the night's DST hours (00:00-04:59 and 22:00-23:59), fixed-time and wildcard, on every kind of day
    /// set; at most a few runs a night, which keeps 28 years of runs quick to make.
    /// </summary>
    private static Gen<string> NightSchedule()
    {
        var minute = Gen.Choose(0, 59).Select(Number);
        var hour = Gen.Elements(0, 1, 2, 3, 4, 22, 23).Select(Number);
        var times = Gen.Frequency(
            (6, from m in minute from h in hour select $"{m} {h}"),
            (2, from m in minute from h in Gen.Elements("1-3", "2,3", "2-4", "0-4/2") select $"{m} {h}"),
            (2, from m in Gen.Elements("*/15", "*/30", "0,30", "5-25/10", "*/20") from h in hour select $"{m} {h}"),
            (1, from m in minute from h in Gen.Elements("*/6", "*/8") select $"{m} {h}"));
        var days = Gen.Frequency(
            (6, Gen.Constant("* * *")),
            (1, Gen.Elements("* * 0", "* * 1-6", "* * 1-5", "1,15 * *", "* 3,10 *", "*/2 * *", "* * sat,sun")));
        return Gen.Frequency(
            (20, from t in times from d in days select $"{t} {d}"),
            (1, Gen.Elements("@daily", "@weekly")));
    }

    /// <summary>A deploy moment: none (the analysis starts 2026-01-01), any minute of 2026-2030, or up to two days before one of the zone's offset changes.</summary>
    private static Gen<DateTimeOffset?> DeployIn(string zone)
    {
        var any = from day in Gen.Choose(0, (5 * 365) - 1)
                  from minute in Gen.Choose(0, 1439)
                  select (DateTimeOffset?)DefaultStart.AddDays(day).AddMinutes(minute);
        if (!Changes.TryGetValue(zone, out var changes))
        {
            return Gen.Frequency((1, Gen.Constant<DateTimeOffset?>(null)), (3, any));
        }

        var beforeAChange = from change in Gen.Elements(changes)
                            from before in Gen.Choose(0, 48 * 60)
                            select (DateTimeOffset?)change.AddMinutes(-before);
        return Gen.Frequency((1, Gen.Constant<DateTimeOffset?>(null)), (2, any), (4, beforeAChange));
    }

    private static Gen<Night> Nights() =>
        from zone in Gen.Elements(Zones)
        from deploy in DeployIn(zone)
        from dump in NightSchedule()
        from upload in NightSchedule()
        from uploadVerb in Gen.Elements("--full-if-older-than 7D", "incremental", "incremental --full-if-older-than 7D", "")
        from full in Gen.OneOf(Gen.Constant<string?>(null), NightSchedule().Select(s => (string?)s))
        from retention in Gen.OneOf(Gen.Constant<string?>(null), NightSchedule().Select(s => (string?)s))
        from retentionVerb in Gen.Elements("remove-all-but-n-full 4", "remove-older-than 30D")
        from secondDump in Gen.Frequency((3, Gen.Constant<string?>(null)), (1, NightSchedule().Select(s => (string?)s)))
        from order in Gen.Choose(0, 1000).ArrayOf(5)
        from deadline in Gen.Frequency((1, Gen.Constant<int?>(null)), (2, Gen.Choose(0, 1439).Select(m => (int?)m)))
        from deadlineInHostZone in Gen.Elements(false, true)
        from minutes in Gen.Choose(1, 90).ArrayOf(3)
        from stated in Gen.Elements(false, true)
        from rpo in Gen.Frequency((1, Gen.Constant<int?>(null)), (1, Gen.Choose(6, 200).Select(h => (int?)h)))
        let lines = new[]
        {
            new TabLine(LineKind.Dump, dump, $"backup {DumpCommand}"),
            new TabLine(LineKind.Upload, upload, $"backup duplicity {uploadVerb} --encrypt-key 0xABCDEF12 {Source} {Target}".Replace("  ", " ", StringComparison.Ordinal)),
            full is null ? null : new TabLine(LineKind.Full, full, $"backup duplicity full --encrypt-key 0xABCDEF12 {Source} {Target}"),
            retention is null ? null : new TabLine(LineKind.Retention, retention, $"backup duplicity {retentionVerb} --force {Target}"),
            secondDump is null ? null : new TabLine(LineKind.Dump, secondDump, $"backup {DumpCommand}"),
        }
        select new Night(
            TimeZoneInfo.FindSystemTimeZoneById(zone),
            deploy,
            [.. lines.Select((l, i) => (Line: l, Key: order[i])).Where(p => p.Line is not null).OrderBy(p => p.Key).Select(p => p.Line!)],
            deadline,
            deadlineInHostZone,
            minutes[0],
            stated ? minutes[1] : (int)ScheduleAnalyzer.DefaultUploadDuration.TotalMinutes,
            stated ? minutes[2] : (int)ScheduleAnalyzer.DefaultRetentionDuration.TotalMinutes,
            stated,
            rpo);

    /// <summary>
    /// A daily dump (line 1) and a daily upload after it (line 2), both at fixed times in the hours the zones change their
    /// clocks, and a retention run on the upload's target (line 3), fixed-time or wildcard; deployed up to a day and a half
    /// before an offset change, so that the DST day comes first.
    /// </summary>
    private static Gen<Night> DstNights() =>
        from zone in Gen.Elements(DstZones)
        from change in Gen.Elements(Changes[zone])
        from before in Gen.Choose(0, 36 * 60)
        from dump in Gen.Choose(0, 5 * 60)
        from after in Gen.Frequency((1, Gen.Constant(0)), (6, Gen.Choose(1, 150)))
        from retention in Gen.Frequency(
            (4, from m in Gen.Choose(0, 59) from h in Gen.Choose(0, 5) select $"{m} {h}"),
            (1, from m in Gen.Elements("*/15", "*/30", "0,30") from h in Gen.Choose(0, 5) select $"{m} {h}"),
            (1, from m in Gen.Choose(0, 59) from h in Gen.Elements("1-3", "*/6") select $"{m} {h}"))
        from minutes in Gen.Choose(1, 90).ArrayOf(3)
        let upload = dump + after
        select new Night(
            TimeZoneInfo.FindSystemTimeZoneById(zone),
            change.AddMinutes(-before),
            [
                new TabLine(LineKind.Dump, $"{dump % 60} {dump / 60} * * *", $"backup {DumpCommand}"),
                new TabLine(LineKind.Upload, $"{upload % 60} {upload / 60} * * *", $"backup duplicity --full-if-older-than 7D --encrypt-key 0xABCDEF12 {Source} {Target}"),
                new TabLine(LineKind.Retention, $"{retention} * * *", $"backup duplicity remove-all-but-n-full 4 --force {Target}"),
            ],
            null,
            false,
            minutes[0],
            minutes[1],
            minutes[2],
            true,
            null);
}
