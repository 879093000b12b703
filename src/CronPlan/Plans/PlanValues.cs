using System.Globalization;

namespace CronPlan.Plans;

/// <summary>The value syntaxes of a plan: durations, clock times, weekdays, full-backup cadences.</summary>
internal static partial class PlanValues
{
    /// <summary>An IANA zone name the host knows (<c>UTC</c>, <c>Europe/Tallinn</c>); abbreviations such as EET are not names.</summary>
    public static bool TryFindZone(string? name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TimeZoneInfo? zone)
    {
        if (name is "UTC" or "Etc/UTC")
        {
            zone = TimeZoneInfo.Utc;
            return true;
        }

        zone = null;
        return name is not null && name.Contains('/', StringComparison.Ordinal) && TimeZoneInfo.TryFindSystemTimeZoneById(name, out zone);
    }

    /// <summary>A name a cron.d file may carry (the service's tab is NAME-backup).</summary>
    public static bool IsServiceName(string? name) => name is not null && ServiceName().IsMatch(name);

    /// <summary>
    /// A host's name: it becomes a directory under the output directory and a segment of the target URL, so it is a name,
    /// never a path (no '/', no '..', no leading dot).
    /// </summary>
    public static bool IsHostName(string? name) => name is { Length: > 0 and <= 253 } && HostName().IsMatch(name) && !name.Contains("..", StringComparison.Ordinal);

    /// <summary>An upload target: a whole URL, or a directory under the backup server that stays under it.</summary>
    public static bool IsTargetDirectory(string target) =>
        target.Contains("://", StringComparison.Ordinal) ||
        (target.Trim('/').Length > 0 && !target.Split('/').Any(segment => segment is "." or "..") && !target.Any(char.IsControl));

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_-])?$", System.Text.RegularExpressions.RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial System.Text.RegularExpressions.Regex HostName();

    /// <summary>A variable name the daemon reads in an assignment.</summary>
    public static bool IsVariableName(string? name) => name is not null && VariableName().IsMatch(name);

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z0-9_-]+$", System.Text.RegularExpressions.RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial System.Text.RegularExpressions.Regex ServiceName();

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$", System.Text.RegularExpressions.RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial System.Text.RegularExpressions.Regex VariableName();

    private static readonly string[] WeekdayNames = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

    /// <summary>
    /// <c>90s</c>, <c>5m</c>, <c>1h30m</c>, <c>7D</c> (or <c>7d</c>), <c>2w</c>: one or more number-unit pairs, largest unit first.
    /// A bare number is not a duration: minutes and days are both common and the plan must say which.
    /// </summary>
    public static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var span = text.AsSpan().Trim();
        if (span.IsEmpty)
        {
            return false;
        }

        var lastRank = int.MaxValue;
        while (!span.IsEmpty)
        {
            var digits = 0;
            while (digits < span.Length && char.IsAsciiDigit(span[digits]))
            {
                digits++;
            }

            if (digits == 0 || digits == span.Length || digits > 6)
            {
                return false;
            }

            var number = int.Parse(span[..digits], NumberStyles.None, CultureInfo.InvariantCulture);
            var (unit, rank) = char.ToLowerInvariant(span[digits]) switch
            {
                'w' => (TimeSpan.FromDays(7), 5),
                'd' => (TimeSpan.FromDays(1), 4),
                'h' => (TimeSpan.FromHours(1), 3),
                'm' => (TimeSpan.FromMinutes(1), 2),
                's' => (TimeSpan.FromSeconds(1), 1),
                _ => (TimeSpan.Zero, 0),
            };
            if (rank == 0 || rank >= lastRank)
            {
                return false;
            }

            lastRank = rank;
            duration += unit * number;
            span = span[(digits + 1)..];
        }

        return true;
    }

    /// <summary>Writes a duration the way a plan does: <c>1h30m</c>, <c>7D</c>.</summary>
    public static string FormatDuration(TimeSpan duration)
    {
        if (duration == TimeSpan.Zero)
        {
            return "0m";
        }

        var text = new System.Text.StringBuilder();
        if (duration.Days > 0)
        {
            text.Append(duration.Days.ToString(CultureInfo.InvariantCulture)).Append('D');
        }

        if (duration.Hours > 0)
        {
            text.Append(duration.Hours.ToString(CultureInfo.InvariantCulture)).Append('h');
        }

        if (duration.Minutes > 0)
        {
            text.Append(duration.Minutes.ToString(CultureInfo.InvariantCulture)).Append('m');
        }

        if (duration.Seconds > 0)
        {
            text.Append(duration.Seconds.ToString(CultureInfo.InvariantCulture)).Append('s');
        }

        return text.ToString();
    }

    /// <summary><c>22:00</c>, <c>1:05</c>, <c>24:00</c> (the end of the day); minutes after midnight.</summary>
    public static bool TryParseClock(string text, out int minuteOfDay)
    {
        minuteOfDay = 0;
        var parts = text.Trim().Split(':');
        if (parts.Length != 2 || parts[0].Length is < 1 or > 2 || parts[1].Length != 2 ||
            !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var hour) ||
            !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minute) ||
            minute > 59 || hour > 24 || (hour == 24 && minute != 0))
        {
            return false;
        }

        minuteOfDay = (hour * 60) + minute;
        return true;
    }

    /// <summary>A weekday by full name or its first three letters, any case.</summary>
    public static bool TryParseWeekday(string text, out DayOfWeek day)
    {
        var word = text.Trim().ToLowerInvariant();
        for (var i = 0; i < WeekdayNames.Length; i++)
        {
            if (word == WeekdayNames[i] || (word.Length == 3 && WeekdayNames[i].StartsWith(word, StringComparison.Ordinal)))
            {
                day = (DayOfWeek)i;
                return true;
            }
        }

        day = DayOfWeek.Sunday;
        return false;
    }

    /// <summary>
    /// <c>daily</c>, <c>weekly</c> (Sunday), <c>weekly on sunday</c>, <c>every 14 days</c>, <c>if older than 7D</c>.
    /// </summary>
    public static bool TryParseFullPolicy(string text, out FullBackupPolicy policy)
    {
        policy = FullBackupPolicy.Weekly(DayOfWeek.Sunday);
        var words = text.Trim().ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        switch (words)
        {
            case ["daily"]:
                policy = FullBackupPolicy.Daily;
                return true;
            case ["weekly"]:
                return true;
            case ["weekly", "on", var day] when TryParseWeekday(day, out var weekday):
                policy = FullBackupPolicy.Weekly(weekday);
                return true;
            case ["every", var n, "days"] when int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var days) && days is >= 1 and <= 366:
                policy = FullBackupPolicy.IfOlderThan(days);
                return true;
            case ["if", "older", "than", var age] when TryParseDuration(age, out var duration) && duration.TotalDays is >= 1 and <= 366 && duration.Ticks % TimeSpan.TicksPerDay == 0:
                policy = FullBackupPolicy.IfOlderThan((int)duration.TotalDays);
                return true;
            default:
                return false;
        }
    }
}
