using CronPlan.Cron;
using FsCheck;
using FsCheck.Fluent;

namespace CronPlan.Tests.Cron;

/// <summary>Properties over generated input: nothing makes the parser or the engine throw, and formatting round-trips.</summary>
[TestFixture]
public sealed class CronPropertiesTests
{
    private static readonly string[] Zones = ["UTC", "Europe/Tallinn", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata"];

    // Pieces that hit every branch of the grammar, glued into five-ish fields.
    private static readonly string[] Pieces =
    [
        "*", "*/", "/", "-", ",", ",,", "0", "1", "5", "7", "12", "13", "23", "24", "29", "30", "31", "59", "60", "99",
        "4294967296", "jan", "JAN", "dec", "sun", "mon", "fri", "sat", "January", "L", "W", "#", "?", "x", ";", "@", "@daily",
        "@DAILY", "@reboot", "\t", "\r", "\0", "é", "%", "\\", "\"",
    ];

    private static Arbitrary<string> CronLike()
    {
        var field = Gen.Elements(Pieces).ArrayOf().Select(parts => string.Concat(parts));
        var line = field.ArrayOf().Select(fields => string.Join(' ', fields));
        return Arb.From(Gen.OneOf(line, ArbMap.Default.ArbFor<string>().Generator.Where(s => s is not null)));
    }

    private static Arbitrary<string> ValidExpression()
    {
        Gen<string> Field(int low, int high, string[] names)
        {
            var value = Gen.OneOf(Gen.Choose(low, high).Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)), Gen.Elements(names.Length == 0 ? ["*"] : names));
            var element = Gen.OneOf(
                Gen.Constant("*"),
                value,
                Gen.Choose(1, high + 2).Select(step => $"*/{step}"),
                Gen.Choose(low, high).SelectMany(a => Gen.Choose(low, high).Select(b => $"{a}-{b}")),
                Gen.Choose(low, high).SelectMany(a => Gen.Choose(low, high).SelectMany(b => Gen.Choose(1, 9).Select(s => $"{a}-{b}/{s}"))));
            return element.NonEmptyListOf().Select(list => string.Join(',', list.Take(4)));
        }

        var expression =
            from minute in Field(0, 59, [])
            from hour in Field(0, 23, [])
            from dom in Field(1, 31, [])
            from month in Field(1, 12, ["jan", "feb", "Mar", "DEC"])
            from dow in Field(0, 7, ["sun", "mon", "FRI", "sat"])
            select $"{minute} {hour} {dom} {month} {dow}";
        return Arb.From(Gen.OneOf(expression, Gen.Elements("@daily", "@hourly", "@weekly", "@monthly", "@yearly", "@annually", "@midnight", "@reboot")));
    }

    private static Config Config(int tests) => FsCheck.Config.QuickThrowOnFailure.WithMaxTest(tests);

    [Test]
    public void Parse_NeverThrows_OnAnyString() =>
        Prop.ForAll(CronLike(), text =>
        {
            var result = CronSchedule.ParseWithDiagnostics(text);
            return (result.Schedule is null) == result.Diagnostics.Any(d => d.Severity == CronPlan.Diagnostics.DiagnosticSeverity.Error);
        }).Check(Config(3000));

    [Test]
    public void ParseAndChecks_NeverThrow_InAnyDialect() =>
        Prop.ForAll(CronLike(), Gen.Elements(Enum.GetValues<CronDialect>()).ToArbitrary(), (text, dialect) =>
        {
            var result = CronSchedule.ParseWithDiagnostics(text, dialect);
            CronChecks.Check(result, new ExpressionCheckOptions(TimeZoneInfo.Utc, new DateTimeOffset(2021, 1, 1, 0, 0, 0, TimeSpan.Zero), CompareWithOtherEngines: false));
            return true;
        }).Check(Config(1000));

    [Test]
    public void Next_NeverThrows_AndRunsAreInOrder() =>
        Prop.ForAll(ValidExpression(), Gen.Elements(Zones).ToArbitrary(), Gen.Choose(1970, 2060).ToArbitrary(), (text, zone, year) =>
        {
            var schedule = CronSchedule.Parse(text);
            var runs = schedule.RunsAfter(new DateTime(year, 3, 1), TimeZoneInfo.FindSystemTimeZoneById(zone)).Take(20).ToList();
            return runs.Zip(runs.Skip(1), (a, b) => a.At <= b.At).All(ordered => ordered) && (schedule.NeverFires == (runs.Count == 0));
        }).Check(Config(500));

    [Test]
    public void NextRun_IsTheFirstOfRunsAfter() =>
        Prop.ForAll(ValidExpression(), Gen.Elements(Zones).ToArbitrary(), Gen.Choose(0, 3000).ToArbitrary(), (text, zone, days) =>
        {
            var schedule = CronSchedule.Parse(text);
            var tz = TimeZoneInfo.FindSystemTimeZoneById(zone);
            var from = new DateTimeOffset(2019, 1, 1, 0, 0, 0, TimeSpan.Zero).AddDays(days).AddMinutes(days * 7);
            return Nullable.Equals(schedule.NextRun(from, tz), schedule.RunsAfter(from, tz).Select(r => (CronRun?)r).FirstOrDefault());
        }).Check(Config(1000));

    [Test]
    public void ParseFormatParse_RoundTrips() =>
        Prop.ForAll(ValidExpression(), text =>
        {
            var schedule = CronSchedule.Parse(text);
            var again = CronSchedule.Parse(schedule.ToString());
            return again.Equals(schedule) && again.ToString() == schedule.ToString();
        }).Check(Config(3000));

    [Test]
    public void Formatting_KeepsTheRuns() =>
        Prop.ForAll(ValidExpression(), text =>
        {
            var schedule = CronSchedule.Parse(text);
            var again = CronSchedule.Parse(schedule.ToString());
            var from = new DateTimeOffset(2021, 3, 27, 0, 0, 0, TimeSpan.Zero);
            var tallinn = TimeZoneInfo.FindSystemTimeZoneById("Europe/Tallinn");
            return schedule.RunsAfter(from, tallinn).Take(30).SequenceEqual(again.RunsAfter(from, tallinn).Take(30));
        }).Check(Config(500));
}
