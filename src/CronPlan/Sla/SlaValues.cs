using System.Globalization;
using System.Text.RegularExpressions;

namespace CronPlan.Sla;

/// <summary>A time of day as an SLA states it: minutes after midnight, and the zone it is written in (null when none is named).</summary>
/// <param name="Minute">Minutes after midnight (0-1440).</param>
/// <param name="Zone">The zone, or null.</param>
public sealed record SlaTime(int Minute, TimeZoneInfo? Zone)
{
    /// <summary>
    /// This time, stated on <paramref name="day"/>, as the weekday and minute of day it is in <paramref name="zone"/>
    /// (standard-time offsets, as the night's planning uses them). "Sunday 01:30 EET" is Saturday 23:30 in UTC.
    /// A time written without a zone is taken to be in <paramref name="zone"/> already.
    /// </summary>
    public (DayOfWeek Day, int Minute) In(TimeZoneInfo zone, DayOfWeek day = DayOfWeek.Sunday)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var shifted = Minute + Scheduling.NightWindow.WinterShift(Zone ?? zone, zone);
        var days = (int)Math.Floor(shifted / 1440.0);
        return ((DayOfWeek)((((int)day + days) % 7 + 7) % 7), shifted - (days * 1440));
    }
}

/// <summary>The words SLA documents use for durations, times and weekdays.</summary>
internal static partial class SlaValues
{
    private static readonly (string Word, TimeSpan Unit)[] Units =
    [
        ("second", TimeSpan.FromSeconds(1)), ("sec", TimeSpan.FromSeconds(1)), ("s", TimeSpan.FromSeconds(1)),
        ("minute", TimeSpan.FromMinutes(1)), ("min", TimeSpan.FromMinutes(1)), ("m", TimeSpan.FromMinutes(1)),
        ("hour", TimeSpan.FromHours(1)), ("hr", TimeSpan.FromHours(1)), ("h", TimeSpan.FromHours(1)),
        ("day", TimeSpan.FromDays(1)), ("d", TimeSpan.FromDays(1)), ("night", TimeSpan.FromDays(1)),
        ("week", TimeSpan.FromDays(7)), ("w", TimeSpan.FromDays(7)),
        ("month", TimeSpan.FromDays(30)), ("year", TimeSpan.FromDays(365)),
    ];

    private static readonly Dictionary<string, int> NumberWords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["a"] = 1, ["an"] = 1, ["one"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["six"] = 6, ["seven"] = 7,
        ["eight"] = 8, ["nine"] = 9, ["ten"] = 10, ["twelve"] = 12, ["fifteen"] = 15, ["twenty"] = 20, ["thirty"] = 30, ["half"] = 0,
    };

    /// <summary>
    /// <c>24 hours</c>, <c>24h</c>, <c>1 day</c>, <c>a week</c>, <c>half an hour</c>, <c>daily</c>, <c>weekly</c>,
    /// <c>every day</c>, <c>day</c>, <c>1h 30min</c>.
    /// </summary>
    public static TimeSpan? Duration(string text)
    {
        var words = text.Trim().Trim('.', ',', ';', ':').ToLowerInvariant();
        foreach (var prefix in new[] { "once every ", "every ", "each ", "once a ", "once an " })
        {
            if (words.StartsWith(prefix, StringComparison.Ordinal) && words.Length > prefix.Length && char.IsAsciiDigit(words[prefix.Length]))
            {
                words = words[prefix.Length..];
                break;
            }
        }

        switch (words)
        {
            case "hourly" or "every hour" or "hour" or "an hour":
                return TimeSpan.FromHours(1);
            case "daily" or "nightly" or "every day" or "every night" or "day" or "night" or "each day" or "each night":
                return TimeSpan.FromDays(1);
            case "weekly" or "every week" or "week" or "each week":
                return TimeSpan.FromDays(7);
            case "monthly" or "every month" or "month":
                return TimeSpan.FromDays(30);
            case "half an hour" or "half hour":
                return TimeSpan.FromMinutes(30);
        }

        var total = TimeSpan.Zero;
        var matched = false;
        foreach (Match match in DurationPart().Matches(words))
        {
            var number = match.Groups["n"].Value;
            double amount = double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value
                : NumberWords.TryGetValue(number, out var word) ? word : -1;
            var unit = Units.FirstOrDefault(u => match.Groups["u"].Value.TrimEnd('s') == u.Word || match.Groups["u"].Value == u.Word).Unit;
            if (amount < 0 || unit == TimeSpan.Zero)
            {
                return null;
            }

            total += unit * amount;
            matched = true;
        }

        // Everything must have been read: "24 hours or so" is not a duration.
        var rest = DurationPart().Replace(words, "").Replace("and", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal).Trim();
        return matched && rest.Length == 0 && total > TimeSpan.Zero ? total : null;
    }

    /// <summary>
    /// <c>23:10 UTC</c>, <c>11pm UTC</c>, <c>12:00am</c>, <c>00.10 am</c>, <c>20.15 UTC</c>, <c>2:30 AM</c>, <c>24:00</c>,
    /// <c>01:00 EET</c>, <c>03:00 Estonian time</c>, <c>23:00 UTC+2</c>. Null when there is no time in <paramref name="text"/>.
    /// </summary>
    public static (SlaTime Time, int Index, int Length)? Time(string text)
    {
        // A bare number is not a time ("24 hours"): minutes, am/pm or a zone must come with it.
        var match = TimePattern().Matches(text).FirstOrDefault(m => m.Groups["m"].Success || m.Groups["ampm"].Success || m.Groups["zone"].Success);
        if (match is null)
        {
            return null;
        }

        var hour = int.Parse(match.Groups["h"].Value, CultureInfo.InvariantCulture);
        var minute = match.Groups["m"].Success ? int.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture) : 0;
        var half = match.Groups["ampm"].Value.ToLowerInvariant().Replace(".", "", StringComparison.Ordinal);
        if (half.Length > 0)
        {
            // "00.10 am" is written too, and means 00:10.
            if (hour > 12)
            {
                return null;
            }

            hour = half.StartsWith('p') ? (hour % 12) + 12 : hour % 12;
        }

        if (minute > 59 || hour > 24 || (hour == 24 && minute > 0))
        {
            return null;
        }

        return (new SlaTime((hour * 60) + minute, Zone(match.Groups["zone"].Value)), match.Index, match.Length);
    }

    /// <summary>UTC, GMT, EET/EEST, "Estonian time" (Europe/Tallinn), UTC+2.</summary>
    public static TimeZoneInfo? Zone(string text)
    {
        var word = text.Trim().ToUpperInvariant();
        if (word.Length == 0)
        {
            return null;
        }

        if (word is "UTC" or "GMT" or "Z")
        {
            return TimeZoneInfo.Utc;
        }

        if (word is "EET" or "EEST" or "ESTONIAN TIME" or "TALLINN TIME" || word.StartsWith("ESTONIAN", StringComparison.Ordinal))
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Europe/Tallinn");
        }

        var offset = OffsetPattern().Match(word);
        if (offset.Success)
        {
            var hours = int.Parse(offset.Groups["h"].Value, CultureInfo.InvariantCulture) * (offset.Groups["sign"].Value == "-" ? -1 : 1);
            return TimeZoneInfo.CreateCustomTimeZone($"UTC{(hours >= 0 ? "+" : "-")}{Math.Abs(hours)}", TimeSpan.FromHours(hours), $"UTC{hours:+0;-0}", $"UTC{hours:+0;-0}");
        }

        return null;
    }

    /// <summary>Weekdays named in <paramref name="text"/>, with ranges (<c>Monday to Saturday</c>, <c>Mon-Sat</c>) expanded.</summary>
    public static IReadOnlyList<DayOfWeek> Weekdays(string text)
    {
        var days = new List<DayOfWeek>();
        var range = WeekdayRange().Match(text);
        if (range.Success && Weekday(range.Groups["a"].Value) is { } from && Weekday(range.Groups["b"].Value) is { } to)
        {
            for (var d = (int)from; ; d = (d + 1) % 7)
            {
                days.Add((DayOfWeek)d);
                if (d == (int)to)
                {
                    break;
                }
            }

            return days;
        }

        foreach (Match match in WeekdayWord().Matches(text))
        {
            if (Weekday(match.Value) is { } day && !days.Contains(day))
            {
                days.Add(day);
            }
        }

        return days;
    }

    private static DayOfWeek? Weekday(string word)
    {
        var lower = word.ToLowerInvariant();
        foreach (var day in Enum.GetValues<DayOfWeek>())
        {
            var name = day.ToString().ToLowerInvariant();
            if (lower == name || lower == name + "s" || (lower.Length >= 3 && name.StartsWith(lower, StringComparison.Ordinal)))
            {
                return day;
            }
        }

        return null;
    }

    [GeneratedRegex(@"(?<n>\d+(?:\.\d+)?|a|an|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty)\s*-?\s*(?<u>seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|nights?|weeks?|months?|years?|s|m|h|d|w)\b")]
    private static partial Regex DurationPart();

    [GeneratedRegex(@"(?<![\d:.])(?<h>[0-2]?\d)(?:[:.](?<m>[0-5]\d))?\s*(?<ampm>[ap]\.?m\.?)?(?:\s*(?<zone>UTC[+-]\d{1,2}|UTC|GMT|EEST|EET|Estonian time|Tallinn time))?(?![\d])", RegexOptions.IgnoreCase)]
    private static partial Regex TimePattern();

    [GeneratedRegex(@"^UTC(?<sign>[+-])(?<h>\d{1,2})$")]
    private static partial Regex OffsetPattern();

    [GeneratedRegex(@"(?<a>mon|tue|wed|thu|fri|sat|sun)[a-z]*\s*(?:to|-|–|through|until)\s*(?<b>mon|tue|wed|thu|fri|sat|sun)[a-z]*", RegexOptions.IgnoreCase)]
    private static partial Regex WeekdayRange();

    [GeneratedRegex(@"\b(mon|tue|wed|thu|fri|sat|sun)[a-z]*\b", RegexOptions.IgnoreCase)]
    private static partial Regex WeekdayWord();
}
