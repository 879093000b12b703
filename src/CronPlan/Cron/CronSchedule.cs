using System.Diagnostics.CodeAnalysis;
using CronPlan.Diagnostics;
using CronPlan.Time;

namespace CronPlan.Cron;

/// <summary>
/// A cron schedule (five time fields or an <c>@</c> keyword) and when a cron daemon runs it: by default exactly as
/// Debian's cron does, with its day rule and its DST behaviour; optionally as cronie, Cronos or NCrontab would.
/// </summary>
public sealed class CronSchedule : IEquatable<CronSchedule>
{
    private readonly ForeignEngine? _foreign;

    private CronSchedule(string expression, CronDialect dialect, CronKeyword keyword, ScheduleCalendar? calendar, bool minuteStarred, bool hourStarred, ForeignEngine? foreign)
    {
        Expression = expression;
        Dialect = dialect;
        Keyword = keyword;
        Calendar = calendar;
        IsMinuteStarred = minuteStarred;
        IsHourStarred = hourStarred;
        _foreign = foreign;
    }

    /// <summary>The expression as written.</summary>
    public string Expression { get; }

    /// <summary>Whose rules compute the runs.</summary>
    public CronDialect Dialect { get; }

    /// <summary>The <c>@</c> keyword, or <see cref="CronKeyword.None"/>.</summary>
    public CronKeyword Keyword { get; }

    /// <summary><c>@reboot</c>: runs when the daemon starts and never on the clock.</summary>
    public bool IsReboot => Keyword == CronKeyword.Reboot;

    /// <summary>
    /// Debian calls a job whose minute or hour field starts with <c>*</c> (or <c>@hourly</c>) a wildcard job: it is lost in a
    /// spring gap and runs twice in an autumn overlap. Every other job is fixed-time.
    /// </summary>
    public bool IsWildcardTime => IsMinuteStarred || IsHourStarred;

    /// <summary>The schedule is accepted but no minute ever matches it (a reversed range, an impossible date, <c>@reboot</c>).</summary>
    public bool NeverFires => IsReboot || (Calendar?.NeverFires ?? false);

    internal ScheduleCalendar? Calendar { get; }

    internal bool IsMinuteStarred { get; }

    internal bool IsHourStarred { get; }

    /// <summary>Parses <paramref name="expression"/>; throws <see cref="CronFormatException"/> listing every error.</summary>
    public static CronSchedule Parse(string expression, CronDialect dialect = CronDialect.Debian)
    {
        var result = ParseWithDiagnostics(expression, dialect);
        return result.Schedule ?? throw new CronFormatException(expression, result.Diagnostics);
    }

    /// <summary>Parses <paramref name="expression"/> in the Debian dialect; false when the daemon would reject it.</summary>
    public static bool TryParse(string expression, [NotNullWhen(true)] out CronSchedule? schedule)
    {
        schedule = ParseWithDiagnostics(expression).Schedule;
        return schedule is not null;
    }

    /// <summary>
    /// Parses <paramref name="expression"/> and reports every problem: errors (the daemon rejects the line) and the
    /// warnings about text the daemon silently ignores. The schedule is null exactly when an error was found.
    /// </summary>
    public static CronParseResult ParseWithDiagnostics(string expression, CronDialect dialect = CronDialect.Debian)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var syntax = CronExpressionParser.Parse(expression, dialect == CronDialect.Cronie ? CronDialect.Cronie : CronDialect.Debian);
        if (dialect is CronDialect.Cronos or CronDialect.NCrontab)
        {
            var engine = ForeignEngine.Create(expression, dialect, out var foreignProblem);
            if (engine is null)
            {
                return new CronParseResult(null, [foreignProblem!], syntax);
            }

            var (ownCalendar, minuteStar, hourStar) = syntax.HasErrors ? (null, false, false) : BuildCalendar(syntax);
            return new CronParseResult(new CronSchedule(expression, dialect, syntax.Keyword, ownCalendar, minuteStar, hourStar, engine), [], syntax);
        }

        if (syntax.HasErrors)
        {
            return new CronParseResult(null, syntax.Diagnostics, syntax);
        }

        var (calendar, minuteStarred, hourStarred) = BuildCalendar(syntax);
        return new CronParseResult(new CronSchedule(expression, dialect, syntax.Keyword, calendar, minuteStarred, hourStarred, null), syntax.Diagnostics, syntax);
    }

    internal static CronSchedule FromSyntax(CronExpressionSyntax syntax, CronDialect dialect)
    {
        var (calendar, minuteStarred, hourStarred) = BuildCalendar(syntax);
        return new CronSchedule(syntax.Text, dialect, syntax.Keyword, calendar, minuteStarred, hourStarred, null);
    }

    private static (ScheduleCalendar? Calendar, bool MinuteStarred, bool HourStarred) BuildCalendar(CronExpressionSyntax syntax)
    {
        const uint allDays = 0xFFFFFFFEu;
        const uint allMonths = 0x1FFEu;
        const uint allWeekdays = 0x7Fu;
        const uint allHours = 0xFFFFFFu;
        return syntax.Keyword switch
        {
            CronKeyword.Reboot => (null, false, false),
            CronKeyword.Yearly or CronKeyword.Annually => (new ScheduleCalendar(1, 1, 1u << 1, 1u << 1, allWeekdays, false, true), false, false),
            CronKeyword.Monthly => (new ScheduleCalendar(1, 1, 1u << 1, allMonths, allWeekdays, false, true), false, false),
            CronKeyword.Weekly => (new ScheduleCalendar(1, 1, allDays, allMonths, 1, true, false), false, false),
            CronKeyword.Daily or CronKeyword.Midnight => (new ScheduleCalendar(1, 1, allDays, allMonths, allWeekdays, true, true), false, false),
            CronKeyword.Hourly => (new ScheduleCalendar(1, allHours, allDays, allMonths, allWeekdays, true, true), false, true),
            _ => (
                new ScheduleCalendar(
                    syntax.Fields[0].Bits,
                    (uint)syntax.Fields[1].Bits,
                    (uint)(syntax.Fields[2].Bits << 1),
                    (uint)(syntax.Fields[3].Bits << 1),
                    (uint)syntax.Fields[4].Bits,
                    syntax.Fields[2].IsStarred,
                    syntax.Fields[4].IsStarred),
                syntax.Fields[0].IsStarred,
                syntax.Fields[1].IsStarred),
        };
    }

    /// <summary>The runs after <paramref name="from"/> (exclusive), in order, as the daemon on a host in <paramref name="zone"/> starts them; a run started twice is listed twice.</summary>
    public IEnumerable<CronRun> RunsAfter(DateTimeOffset from, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var afterUtc = WallClock.ToMinutes(from.UtcDateTime);
        if (_foreign is not null)
        {
            return _foreign.RunsAfter(from, zone);
        }

        return Calendar is null ? [] : DebianEngine.RunsAfter(Calendar, IsWildcardTime, ZoneTimeline.For(zone), afterUtc);
    }

    /// <summary>The runs after the wall-clock time <paramref name="localFrom"/> in <paramref name="zone"/> (exclusive); see <see cref="LocalToInstant"/>.</summary>
    public IEnumerable<CronRun> RunsAfter(DateTime localFrom, TimeZoneInfo zone) => RunsAfter(LocalToInstant(localFrom, zone), zone);

    /// <summary>
    /// The moment a wall-clock time in <paramref name="zone"/> denotes, to the minute: in an autumn overlap its first pass;
    /// in a spring gap the last minute before the jump, so that the runs the daemon makes at the jump come after it.
    /// </summary>
    public static DateTimeOffset LocalToInstant(DateTime local, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var timeline = ZoneTimeline.For(zone);
        var utc = timeline.ToUtc(WallClock.ToMinutes(local));
        return WallClock.ToOffset(utc, timeline.OffsetAt(utc));
    }

    /// <summary>The runs before <paramref name="before"/> (exclusive), latest first.</summary>
    public IEnumerable<CronRun> RunsBefore(DateTimeOffset before, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        if (_foreign is not null)
        {
            throw new NotSupportedException($"runs before a moment are computed for the debian and cronie dialects only, not {CronDialects.Name(Dialect)}");
        }

        var beforeUtc = WallClock.ToMinutes(before.UtcDateTime) + (before.UtcDateTime.Ticks % TimeSpan.TicksPerMinute == 0 ? 0 : 1);
        return Calendar is null ? [] : DebianEngine.RunsBefore(Calendar, IsWildcardTime, ZoneTimeline.For(zone), beforeUtc);
    }

    /// <summary>The runs from <paramref name="from"/> (inclusive) to <paramref name="to"/> (exclusive).</summary>
    public IEnumerable<CronRun> RunsBetween(DateTimeOffset from, DateTimeOffset to, TimeZoneInfo zone) =>
        RunsAfter(from.AddMinutes(-1), zone).SkipWhile(r => r.At < from).TakeWhile(r => r.At < to);

    /// <summary>The first run after <paramref name="from"/>, or null when none comes before year 10000.</summary>
    public CronRun? NextRun(DateTimeOffset from, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        if (_foreign is not null)
        {
            foreach (var run in _foreign.RunsAfter(from, zone))
            {
                return run;
            }

            return null;
        }

        return Calendar is null ? null : DebianEngine.NextRun(Calendar, IsWildcardTime, ZoneTimeline.For(zone), WallClock.ToMinutes(from.UtcDateTime));
    }

    /// <summary>
    /// The exact shortest and longest gap between consecutive runs over a full 400-year Gregorian cycle starting on
    /// 1 January of <paramref name="startYear"/> in <paramref name="zone"/>, DST days included.
    /// </summary>
    public CronCycle AnalyzeCycle(TimeZoneInfo zone, int startYear = 2000)
    {
        ArgumentNullException.ThrowIfNull(zone);
        if (_foreign is not null)
        {
            throw new NotSupportedException($"cycle analysis is computed for the debian and cronie dialects only, not {CronDialects.Name(Dialect)}");
        }

        return CycleAnalyzer.Analyze(this, ZoneTimeline.For(zone), startYear);
    }

    /// <summary>A canonical expression that parses back to an equal schedule.</summary>
    public override string ToString() => ScheduleFormatter.Format(this);

    /// <summary>Two schedules are equal when the daemon treats them alike: same minutes, day rule and wildcard kind.</summary>
    public bool Equals(CronSchedule? other)
    {
        if (other is null)
        {
            return false;
        }

        if (_foreign is not null || other._foreign is not null)
        {
            return Dialect == other.Dialect && string.Equals(Expression, other.Expression, StringComparison.Ordinal);
        }

        if (IsReboot || other.IsReboot)
        {
            return IsReboot == other.IsReboot;
        }

        var (a, b) = (Calendar!, other.Calendar!);
        return a.Minutes == b.Minutes && a.Hours == b.Hours && a.DaysOfMonth == b.DaysOfMonth && a.Months == b.Months &&
               a.DaysOfWeek == b.DaysOfWeek && a.DayOfMonthStarred == b.DayOfMonthStarred && a.DayOfWeekStarred == b.DayOfWeekStarred &&
               IsMinuteStarred == other.IsMinuteStarred && IsHourStarred == other.IsHourStarred;
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is CronSchedule other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() =>
        Calendar is null ? HashCode.Combine(Expression, IsReboot) : HashCode.Combine(Calendar.Minutes, Calendar.Hours, Calendar.DaysOfMonth, Calendar.Months, Calendar.DaysOfWeek, Calendar.DaysAreAnded);
}

/// <summary>What parsing an expression found: the schedule (null when the daemon would reject it) and every diagnostic.</summary>
public sealed class CronParseResult
{
    internal CronParseResult(CronSchedule? schedule, IReadOnlyList<Diagnostic> diagnostics, CronExpressionSyntax syntax)
    {
        Schedule = schedule;
        Diagnostics = diagnostics;
        Syntax = syntax;
    }

    /// <summary>The schedule, or null when an error was found.</summary>
    public CronSchedule? Schedule { get; }

    /// <summary>Every problem found, errors and warnings, in the order of the text.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    internal CronExpressionSyntax Syntax { get; }
}

/// <summary>Thrown by <see cref="CronSchedule.Parse"/> for an expression the daemon would reject.</summary>
public sealed class CronFormatException : FormatException
{
    /// <summary>Creates the exception for <paramref name="expression"/> with the errors found.</summary>
    public CronFormatException(string expression, IReadOnlyList<Diagnostic> diagnostics)
        : base($"'{expression}' is not a valid cron expression: {string.Join("; ", diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => $"{d.Id} {d.Message}"))}")
    {
        Diagnostics = diagnostics;
    }

    /// <summary>Every problem found.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }
}
