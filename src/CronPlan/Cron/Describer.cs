using System.Globalization;
using System.Text;

namespace CronPlan.Cron;

/// <summary>Says in English when a schedule runs, true to Debian's day rule and its quirks.</summary>
internal static class Describer
{
    public static string Describe(CronSchedule schedule)
    {
        if (schedule.IsReboot)
        {
            return "Once when the cron daemon starts (at boot and after each restart of cron); never on the clock.";
        }

        var c = schedule.Calendar;
        if (c is null)
        {
            return $"As {CronDialects.Name(schedule.Dialect)} reads '{schedule.Expression}'.";
        }

        if (c.NeverFires)
        {
            return "Never: the daemon accepts the line, but no minute matches it.";
        }

        var text = new StringBuilder();
        text.Append(Times(c)).Append(", ").Append(Days(c)).Append(Months(c)).Append('.');
        var sentence = text.ToString();
        return char.ToUpperInvariant(sentence[0]) + sentence[1..];
    }

    public static string Kind(CronSchedule schedule) =>
        schedule.IsWildcardTime
            ? "Wildcard job (its minute or hour field starts with '*'): on a spring-forward day the runs in the skipped hour are lost; on a fall-back day it runs in both passes of the repeated hour."
            : "Fixed-time job: on a spring-forward day every run in the skipped hour happens right after the jump; on a fall-back day it runs once, in the first pass.";

    private static string Times(ScheduleCalendar c)
    {
        var minutes = Values(c.Minutes, 0, 59);
        var hours = Values(c.Hours, 0, 23);
        if (minutes.Count == 60 && hours.Count == 24)
        {
            return "every minute";
        }

        if (minutes.Count == 60)
        {
            return $"every minute {HourRange(hours)}";
        }

        if (c.TimesOfDay.Length <= 6)
        {
            return "at " + JoinAnd(c.TimesOfDay.Select(Clock).ToList());
        }

        var minuteText = Step(minutes, 60) is { } step
            ? (60 % step == 0 || minutes[0] != 0
                ? string.Create(CultureInfo.InvariantCulture, $"every {step} minutes{(minutes[0] == 0 ? "" : $" from minute {minutes[0]}")}")
                : string.Create(CultureInfo.InvariantCulture, $"every {step} minutes from :00 to :{minutes[^1]:00}"))
            : minutes.Count == 1 ? string.Create(CultureInfo.InvariantCulture, $"at minute {minutes[0]}") : $"at minutes {ListNumbers(minutes)}";
        var wrap = Step(minutes, 60) is { } s && 60 % s != 0 && minutes[0] == 0
            ? string.Create(CultureInfo.InvariantCulture, $" (the last gap before the hour is {60 - minutes[^1]} minutes)")
            : "";
        return hours.Count == 24 ? $"{minuteText} of every hour{wrap}" : $"{minuteText} {HourRange(hours)}{wrap}";
    }

    private static string HourRange(List<int> hours)
    {
        if (Step(hours, 24) is { } step && hours.Count > 2)
        {
            return string.Create(CultureInfo.InvariantCulture, $"of every {OrdinalNumber(step)} hour ({JoinAnd(hours.Select(h => Clock(h * 60)).ToList())})");
        }

        return "during " + JoinAnd(Ranges(hours).Select(r => r.From == r.To
            ? $"{Clock(r.From * 60)}-{Clock((r.From * 60) + 59)}"
            : $"{Clock(r.From * 60)}-{Clock((r.To * 60) + 59)}").ToList());
    }

    private static string Days(ScheduleCalendar c)
    {
        var doms = Values(c.DaysOfMonth >> 1, 1, 31);
        var dows = Values(c.DaysOfWeek, 0, 6);
        var domAll = doms.Count == 31;
        var dowAll = dows.Count == 7;
        var domText = DayOfMonthText(doms);
        var dowText = WeekdayText(dows);
        if (c.DaysAreAnded)
        {
            return (domAll, dowAll) switch
            {
                (true, true) => "every day",
                (true, false) => $"on {dowText}",
                (false, true) => $"on {domText}",
                _ => $"on {domText}, but only when that day is also {dowText} (a day field starts with '*', so both must match)",
            };
        }

        if (domAll || dowAll)
        {
            return $"every day (day-of-month and day-of-week do not start with '*', so cron ORs them and one of them matches every day)";
        }

        return $"on {domText} and also on {dowText} (either one: cron ORs the two day fields when neither starts with '*')";
    }

    private static string Months(ScheduleCalendar c)
    {
        var months = Values(c.Months >> 1, 1, 12);
        return months.Count == 12 ? "" : " in " + JoinAnd(Ranges(months).Select(r => r.From == r.To ? MonthName(r.From) : $"{MonthName(r.From)} to {MonthName(r.To)}").ToList());
    }

    private static string DayOfMonthText(List<int> days)
    {
        if (Step(days, 31) is { } step && days.Count > 2)
        {
            return string.Create(CultureInfo.InvariantCulture, $"every {OrdinalNumber(step)} day of the month from day {days[0]} ({ListNumbers(days)}; counting restarts each month)");
        }

        return days.Count == 1
            ? string.Create(CultureInfo.InvariantCulture, $"day {days[0]} of the month")
            : $"days {ListNumbers(days)} of the month";
    }

    private static string WeekdayText(List<int> days) =>
        JoinAnd(Ranges(days).Select(r => r.From == r.To
            ? Plural(r.From)
            : r.To == r.From + 1 ? $"{Plural(r.From)} and {Plural(r.To)}" : $"{Plural(r.From)} to {Plural(r.To)}").ToList());

    private static string Plural(int day) => CronExpressionParser.DayName(day) + "s";

    private static string MonthName(int month) => CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(month);

    public static string OrdinalNumber(int n)
    {
        var suffix = (n % 100) is 11 or 12 or 13 ? "th" : (n % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" };
        return n.ToString(CultureInfo.InvariantCulture) + suffix;
    }

    public static string Clock(int minuteOfDay) => string.Create(CultureInfo.InvariantCulture, $"{minuteOfDay / 60:00}:{minuteOfDay % 60:00}");

    public static List<int> Values(ulong bits, int low, int high) =>
        Enumerable.Range(low, high - low + 1).Where(v => (bits & (1UL << (v - low))) != 0).ToList();

    private static int? Step(List<int> values, int span)
    {
        if (values.Count < 2)
        {
            return null;
        }

        var step = values[1] - values[0];
        for (var i = 2; i < values.Count; i++)
        {
            if (values[i] - values[i - 1] != step)
            {
                return null;
            }
        }

        return step > 1 && values[^1] + step >= span + (span == 31 ? 1 : 0) ? step : null;
    }

    public static IEnumerable<(int From, int To)> Ranges(List<int> values)
    {
        for (var i = 0; i < values.Count;)
        {
            var j = i;
            while (j + 1 < values.Count && values[j + 1] == values[j] + 1)
            {
                j++;
            }

            yield return (values[i], values[j]);
            i = j + 1;
        }
    }

    public static string ListNumbers(List<int> values) =>
        string.Join(", ", Ranges(values).Select(r => r.From == r.To
            ? r.From.ToString(CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"{r.From}-{r.To}")));

    public static string JoinAnd(IReadOnlyList<string> items) => items.Count switch
    {
        0 => "",
        1 => items[0],
        _ => string.Join(", ", items.Take(items.Count - 1)) + " and " + items[^1],
    };

    public static string Unit(CronField field, int count) => field switch
    {
        CronField.Minute => count == 1 ? "minute" : "minutes",
        CronField.Hour => count == 1 ? "hour" : "hours",
        CronField.Month => count == 1 ? "month" : "months",
        _ => count == 1 ? "day" : "days",
    };

    public static string RunList(IReadOnlyList<string> runs) => runs.Count == 0 ? "(no runs)" : string.Join(" ", runs);

    public static string Duration(TimeSpan span)
    {
        var parts = new List<string>();
        if (span.Days > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{span.Days}d"));
        }

        if (span.Hours > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{span.Hours}h"));
        }

        if (span.Minutes > 0 || parts.Count == 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{span.Minutes}m"));
        }

        return string.Join(' ', parts);
    }
}
