using System.Globalization;
using System.Text.RegularExpressions;
using CronPlan.Time;

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
        var shifted = Minute + NightClock.WinterShift(Zone ?? zone, zone);
        var days = (int)Math.Floor(shifted / 1440.0);
        return ((DayOfWeek)((((int)day + days) % 7 + 7) % 7), shifted - (days * 1440));
    }
}


/// <summary>
/// The words SLA documents use for durations, times, zones, weekdays, frequencies and counts. Every number is read with
/// the invariant culture from ASCII digits only and checked against a range: an absurd value reads as nothing.
/// </summary>
internal static partial class SlaValues
{
    /// <summary>Longer than any promise an SLA could make: beyond it a duration is not read.</summary>
    internal static readonly TimeSpan LongestDuration = TimeSpan.FromDays(3660);

    /// <summary>More recovery points than any SLA could keep.</summary>
    internal const int MostVersions = 100_000;

    // Every pattern here is linear in practice; the timeout is the guarantee (generous: a loaded machine is not a hostile input).
    internal const int RegexTimeout = 5000;

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
        ["eight"] = 8, ["nine"] = 9, ["ten"] = 10, ["eleven"] = 11, ["twelve"] = 12, ["fourteen"] = 14, ["fifteen"] = 15,
        ["twenty"] = 20, ["thirty"] = 30, ["forty"] = 40, ["sixty"] = 60, ["ninety"] = 90,
    };

    // Abbreviations name a fixed offset: "EEST" is summer time, UTC+3, whatever the date. EET stays Tallinn's zone.
    private static readonly Dictionary<string, int> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        ["WET"] = 0, ["WEST"] = 60, ["BST"] = 60, ["CET"] = 60, ["CEST"] = 120, ["EEST"] = 180, ["MSK"] = 180,
        ["EST"] = -300, ["EDT"] = -240, ["CST"] = -360, ["CDT"] = -300, ["MST"] = -420, ["MDT"] = -360,
        ["PST"] = -480, ["PDT"] = -420, ["IST"] = 330, ["JST"] = 540,
    };

    /// <summary>A whole number of ASCII digits in range, or null.</summary>
    public static int? Number(string text, int max = MostVersions)
    {
        var trimmed = text.Trim();
        if (trimmed.Length == 0 || trimmed.Length > 9 || !trimmed.All(char.IsAsciiDigit))
        {
            return NumberWords.TryGetValue(trimmed, out var word) && word <= max ? word : null;
        }

        return int.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value <= max ? value : null;
    }

    /// <summary>
    /// <c>24 hours</c>, <c>24h</c>, <c>1 day</c>, <c>a week</c>, <c>half an hour</c>, <c>daily</c>, <c>weekly</c>,
    /// <c>every day</c>, <c>day</c>, <c>1h 30min</c>, <c>two weeks</c>, <c>4 weeks/28 days</c> (the first),
    /// <c>5-6 hours</c> (the worst case).
    /// </summary>
    public static TimeSpan? Duration(string text)
    {
        var words = text.Trim().Trim('.', ',', ';', ':').ToLowerInvariant();

        // "4 weeks/28 days", "7 days (1 week)", "30 days (720h)": the same period said twice.
        var alternative = Alternative().Match(words);
        if (alternative.Success)
        {
            words = alternative.Groups["first"].Value.Trim();
        }

        foreach (var prefix in new[] { "once every ", "every ", "each ", "once a ", "once an ", "up to ", "within ", "maximum of ", "max ", "about ", "around ", "approximately " })
        {
            if (words.StartsWith(prefix, StringComparison.Ordinal) && words.Length > prefix.Length)
            {
                words = words[prefix.Length..];
            }
        }

        switch (words)
        {
            case "hourly" or "every hour" or "hour" or "an hour":
                return TimeSpan.FromHours(1);
            case "daily" or "nightly" or "every day" or "every night" or "day" or "night" or "each day" or "each night" or "a day":
                return TimeSpan.FromDays(1);
            case "weekly" or "every week" or "week" or "each week" or "a week":
                return TimeSpan.FromDays(7);
            case "monthly" or "every month" or "month" or "a month":
                return TimeSpan.FromDays(30);
            case "half an hour" or "half hour":
                return TimeSpan.FromMinutes(30);
        }

        // "5-6 hours", "3 to 5 hours": the worst case is the promise.
        var range = NumberRange().Match(words);
        if (range.Success)
        {
            words = words[..range.Index] + range.Groups["b"].Value + words[(range.Index + range.Length)..];
        }

        var total = TimeSpan.Zero;
        var matched = false;
        foreach (Match match in DurationPart().Matches(words))
        {
            var number = match.Groups["n"].Value;
            double amount = number.Length > 0 && char.IsAsciiDigit(number[0])
                ? (number.Length <= 9 && double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) ? value : -1)
                : NumberWords.TryGetValue(number, out var word) ? word : -1;
            var unitWord = match.Groups["u"].Value;
            var unit = Units.FirstOrDefault(u => unitWord.TrimEnd('s') == u.Word || unitWord == u.Word).Unit;
            if (amount < 0 || unit == TimeSpan.Zero || unit.TotalMinutes * amount > LongestDuration.TotalMinutes)
            {
                return null;
            }

            total += TimeSpan.FromMinutes(unit.TotalMinutes * amount);
            matched = true;
        }

        // Everything must have been read: "24 hours or so" is not a duration.
        var rest = DurationPart().Replace(words, "").Replace("and", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal).Trim();
        return matched && rest.Length == 0 && total > TimeSpan.Zero && total <= LongestDuration ? total : null;
    }

    /// <summary>The first duration written anywhere in <paramref name="text"/>, with where it stands.</summary>
    public static (TimeSpan Value, int Index, int Length)? DurationIn(string text, int from = 0)
    {
        for (var match = DurationPhrase().Match(text, Math.Clamp(from, 0, text.Length)); match.Success; match = match.NextMatch())
        {
            if (Duration(match.Value) is { } value)
            {
                return (value, match.Index, match.Length);
            }
        }

        return null;
    }

    /// <summary>
    /// How often something happens, as the longest wait between two runs: <c>once daily</c>, <c>every 12 hours</c>,
    /// <c>twice a day</c>, <c>once a night</c>, <c>hourly</c>, <c>weekly</c>, <c>every Sunday</c>, <c>Mon-Sat</c>.
    /// </summary>
    public static (TimeSpan Value, int Index, int Length)? Frequency(string text, int from = 0)
    {
        for (var match = FrequencyPhrase().Match(text, Math.Clamp(from, 0, text.Length)); match.Success; match = match.NextMatch())
        {
            if (FrequencyOf(match) is { } frequency)
            {
                return (frequency, match.Index, match.Length);
            }
        }

        return null;
    }

    private static TimeSpan? FrequencyOf(Match match)
    {
        if (match.Groups["twice"].Success)
        {
            return match.Value.EndsWith("week", StringComparison.OrdinalIgnoreCase) ? TimeSpan.FromDays(4) : TimeSpan.FromHours(12);
        }

        if (match.Groups["days"].Success)
        {
            var days = Weekdays(match.Groups["days"].Value);
            return days.Count == 0 ? null : LongestGap(days);
        }

        if (match.Groups["part"].Success)
        {
            return TimeSpan.FromDays(1);
        }

        var unit = match.Groups["unit"].Value;
        if (unit.EndsWith("ly", StringComparison.OrdinalIgnoreCase))
        {
            return Duration(unit);
        }

        var amount = match.Groups["n"].Success ? Number(match.Groups["n"].Value, 10_000) : 1;
        var period = Duration($"{amount} {unit}");
        return amount is null ? null : period;
    }

    /// <summary>The longest wait between two of <paramref name="days"/> in a week.</summary>
    public static TimeSpan LongestGap(IReadOnlyCollection<DayOfWeek> days)
    {
        var sorted = days.Select(d => (int)d).Distinct().Order().ToList();
        if (sorted.Count == 0)
        {
            return TimeSpan.FromDays(7);
        }

        var gap = 7 - sorted[^1] + sorted[0];
        for (var i = 1; i < sorted.Count; i++)
        {
            gap = Math.Max(gap, sorted[i] - sorted[i - 1]);
        }

        return TimeSpan.FromDays(gap);
    }

    /// <summary>
    /// <c>23:10 UTC</c>, <c>11pm UTC</c>, <c>12:00am</c>, <c>00.10 am</c>, <c>20.15 UTC</c>, <c>2:30 AM</c>, <c>24:00</c>,
    /// <c>01:00 EET</c>, <c>1:00 AM(EET)</c>, <c>22:10 (UTC)</c>, <c>03:00 Estonian time</c>, <c>23:00 UTC+2</c>,
    /// <c>21:00 Europe/Tallinn</c>. Null when there is no time in <paramref name="text"/>.
    /// </summary>
    public static (SlaTime Time, int Index, int Length)? Time(string text, int from = 0)
    {
        // A bare number is not a time ("24 hours"): minutes, am/pm or a zone must come with it.
        for (var match = TimePattern().Match(text, Math.Clamp(from, 0, text.Length)); match.Success; match = match.NextMatch())
        {
            var hour = Number(match.Groups["h"].Value, 99) ?? -1;
            if (!(match.Groups["m"].Success || match.Groups["ampm"].Success || match.Groups["zone"].Success) || hour < 0)
            {
                continue;
            }

            var minute = match.Groups["m"].Success ? Number(match.Groups["m"].Value, 99) ?? 99 : 0;
            var half = match.Groups["ampm"].Value.ToLowerInvariant().Replace(".", "", StringComparison.Ordinal);
            if (half.Length > 0)
            {
                // "00.10 am" is written too, and means 00:10.
                if (hour > 12)
                {
                    continue;
                }

                hour = half.StartsWith('p') ? (hour % 12) + 12 : hour % 12;
            }

            if (minute > 59 || hour > 24 || (hour == 24 && minute > 0))
            {
                continue;
            }

            var zoneText = match.Groups["zone"].Value;
            var zone = zoneText.Length == 0 ? null : Zone(zoneText);
            if (zoneText.Length > 0 && zone is null)
            {
                continue;
            }

            var length = match.Length;
            while (length > 0 && char.IsWhiteSpace(text[match.Index + length - 1]))
            {
                length--;
            }

            return (new SlaTime((hour * 60) + minute, zone), match.Index, length);
        }

        return null;
    }

    /// <summary>The zone a heading or column header names ("Schedule (Time in EET)", "Start (UTC)"), if any.</summary>
    public static TimeZoneInfo? ZoneIn(string text)
    {
        var match = ZoneWord().Match(text);

        // "EE (-2H UTC)": an offset written before "UTC" says neither which way nor from what.
        return match.Success && !OffsetBefore().IsMatch(text[..match.Index]) ? Zone(match.Value) : null;
    }

    /// <summary>UTC, GMT, EET, "Estonian time" (Europe/Tallinn), EEST/CET/PST/... (their fixed offsets), UTC+2, IANA names.</summary>
    public static TimeZoneInfo? Zone(string text)
    {
        var word = text.Trim().Trim('(', ')').Trim();
        var upper = word.ToUpperInvariant();
        if (upper.Length == 0)
        {
            return null;
        }

        if (upper is "UTC" or "GMT" or "Z")
        {
            return TimeZoneInfo.Utc;
        }

        if (upper is "EET" or "ESTONIAN TIME" or "TALLINN TIME" || upper.StartsWith("ESTONIAN", StringComparison.Ordinal))
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Europe/Tallinn");
        }

        if (Abbreviations.TryGetValue(upper, out var minutes))
        {
            return Fixed(upper, minutes);
        }

        var offset = OffsetPattern().Match(upper);
        if (offset.Success)
        {
            var hours = Number(offset.Groups["h"].Value, 99);
            var extra = offset.Groups["m"].Success ? Number(offset.Groups["m"].Value, 99) : 0;
            if (hours is null || extra is null || hours > 14 || extra > 59)
            {
                return null;
            }

            var total = ((hours.Value * 60) + extra.Value) * (offset.Groups["sign"].Value == "-" ? -1 : 1);
            var name = extra == 0 ? $"UTC{(total >= 0 ? "+" : "-")}{hours}" : $"UTC{(total >= 0 ? "+" : "-")}{hours}:{extra:00}";
            return Fixed(name, total);
        }

        if (word.Contains('/', StringComparison.Ordinal) && TimeZoneInfo.TryFindSystemTimeZoneById(word, out var named))
        {
            return named;
        }

        return null;
    }

    private static TimeZoneInfo Fixed(string name, int minutes)
    {
        var label = name.StartsWith("UTC", StringComparison.Ordinal) || minutes == 0 && name == "UTC" ? name : $"{name} (UTC{(minutes >= 0 ? "+" : "-")}{Math.Abs(minutes) / 60}{(minutes % 60 == 0 ? "" : $":{Math.Abs(minutes) % 60:00}")})";
        return TimeZoneInfo.CreateCustomTimeZone(label, TimeSpan.FromMinutes(minutes), label, label);
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

    internal static DayOfWeek? Weekday(string word)
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

    private const string NumberWord = "a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|fifteen|twenty|thirty|forty|sixty|ninety";

    private const string UnitWord = "seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|nights?|weeks?|months?|years?|s|m|h|d|w";

    private const string LongUnitWord = "seconds?|minutes?|hours?|days?|nights?|weeks?|months?|years?";

    private const string Day = "(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*";

    // A number word ends at a word boundary: "and" is not "an d(ay)" ("1 hour and 30 minutes" is 90 minutes).
    [GeneratedRegex($@"(?<n>[0-9]+(?:\.[0-9]+)?|(?:{NumberWord})\b)\s*-?\s*(?<u>{UnitWord})\b", RegexOptions.None, RegexTimeout)]
    private static partial Regex DurationPart();

    // Digits may touch their unit ("24h"); a number word needs a space and a whole unit word ("an hour", not "and").
    [GeneratedRegex($@"(?<![\w.])(?:(?:[0-9]+(?:\.[0-9]+)?|(?:{NumberWord})\b)\s*(?:-|to)\s*)?(?:[0-9]+(?:\.[0-9]+)?\s*-?\s*(?:{UnitWord})|(?:{NumberWord}|half\s+an?)\s+(?:{LongUnitWord}))\b(?:\s*(?:and\s+)?[0-9]+\s*(?:minutes?|mins?|m)\b)?", RegexOptions.IgnoreCase, RegexTimeout)]
    private static partial Regex DurationPhrase();

    [GeneratedRegex(@"(?<a>[0-9]+|one|two|three|four|five)\s*(?:-|to)\s*(?<b>[0-9]+|two|three|four|five|six|seven|eight)(?=\s*[a-z])", RegexOptions.None, RegexTimeout)]
    private static partial Regex NumberRange();

    [GeneratedRegex(@"^(?<first>[^/(]+?)\s*(?:/|\().*$", RegexOptions.None, RegexTimeout)]
    private static partial Regex Alternative();

    [GeneratedRegex($@"\b(?:(?:once|one\s+time)\s+(?:a|an|per|every|each)\s+(?<unit>day|night|week|month|hour)|(?<twice>twice)\s+(?:a|per)\s+(?:day|night|week)|(?:every|each)\s+(?:(?<n>[0-9]{{1,5}}|{NumberWord})\s+)?(?<unit>minutes?|hours?|days?|nights?|weeks?|months?)|(?:every|each)\s+(?<part>midnight|evening|morning|night)|(?<unit>hourly|daily|nightly|weekly|monthly)|(?:every|each|on)\s+(?<days>{Day}(?:\s*(?:,|and|or|-|–|to|through|until)\s*{Day})*)|(?<days>{Day}\s*(?:-|–|to|through|until)\s*{Day}))\b", RegexOptions.IgnoreCase, RegexTimeout)]
    private static partial Regex FrequencyPhrase();

    // A time: "23:10", "1:00 AM(EET)", "22:10 (UTC)", "11pm UTC", "00.10 am", "01:00 AM UTC+2", "21:00 Europe/Tallinn".
    [GeneratedRegex(@"(?<![0-9:.])(?<h>[0-2]?[0-9])(?:[:.](?<m>[0-5][0-9]))?(?![0-9])\s*(?<ampm>[ap]\.?m\.?(?![a-z]))?(?:\s*\(?\s*(?<zone>(?:UTC|GMT)\s*[+-]\s*[0-9]{1,2}(?::?[0-9]{2})?|UTC|GMT|(?-i:EEST|EET|CEST|CET|WEST|WET|BST|MSK|PST|PDT|EST|EDT|CST|CDT|MST|MDT|IST|JST)\b|Estonian\s+time|Tallinn\s+time|(?-i:[A-Z][a-z]+/[A-Z][A-Za-z_]+))\s*\)?)?(?![0-9])", RegexOptions.IgnoreCase, RegexTimeout)]
    private static partial Regex TimePattern();

    [GeneratedRegex(@"\b(?:(?i:UTC|GMT)\s*[+-]\s*[0-9]{1,2}(?::?[0-9]{2})?|(?i:UTC|GMT)|EEST|EET|CEST|CET|WEST|WET|BST|MSK|[PECM][SD]T|(?i:Estonian\s+time)|[A-Z][a-z]+/[A-Z][A-Za-z_]+)\b", RegexOptions.None, RegexTimeout)]
    private static partial Regex ZoneWord();

    [GeneratedRegex(@"[+-]\s*[0-9]{1,2}\s*h?\s*$", RegexOptions.IgnoreCase, RegexTimeout)]
    private static partial Regex OffsetBefore();

    /// <summary>A zone other than UTC named anywhere: "EET", "UTC+2", "Estonian time", "local time", "-2H UTC", "Europe/Tallinn".</summary>
    [GeneratedRegex(@"\b(?:EEST|EET|CEST|CET|WEST|WET|BST|MSK|[PECM][SD]T|(?i:estonian\s+time|local\s+time|tallinn\s+time)|(?i:UTC|GMT)\s*[+-]\s*[0-9]|[A-Z][a-z]+/[A-Z][A-Za-z_]+)\b|[+-]\s*[0-9]{1,2}\s*[hH]?\s*(?i:UTC|GMT)\b", RegexOptions.None, RegexTimeout)]
    internal static partial Regex OtherZone();

    [GeneratedRegex(@"^(?:UTC|GMT)\s*(?<sign>[+-])\s*(?<h>[0-9]{1,2})(?::?(?<m>[0-9]{2}))?$", RegexOptions.None, RegexTimeout)]
    private static partial Regex OffsetPattern();

    [GeneratedRegex(@"(?<a>mon|tue|wed|thu|fri|sat|sun)[a-z]*\s*(?:to|-|–|through|until|->)\s*(?<b>mon|tue|wed|thu|fri|sat|sun)[a-z]*", RegexOptions.IgnoreCase, RegexTimeout)]
    private static partial Regex WeekdayRange();

    [GeneratedRegex(@"\b(mon|tue|wed|thu|fri|sat|sun)[a-z]*\b", RegexOptions.IgnoreCase, RegexTimeout)]
    private static partial Regex WeekdayWord();
}
