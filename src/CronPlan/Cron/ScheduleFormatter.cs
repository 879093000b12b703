using System.Globalization;
using System.Text;

namespace CronPlan.Cron;

/// <summary>Writes a schedule back as the shortest plain expression that the daemon reads the same way.</summary>
internal static class ScheduleFormatter
{
    public static string Format(CronSchedule schedule)
    {
        if (schedule.Keyword != CronKeyword.None || schedule.Calendar is null)
        {
            return schedule.Keyword == CronKeyword.None ? schedule.Expression : "@" + schedule.Keyword.ToString().ToLowerInvariant();
        }

        var c = schedule.Calendar;
        return string.Join(
            ' ',
            FormatField(c.Minutes, 0, 59, schedule.IsMinuteStarred),
            FormatField(c.Hours, 0, 23, schedule.IsHourStarred),
            FormatField(c.DaysOfMonth >> 1, 1, 31, c.DayOfMonthStarred),
            FormatField(c.Months >> 1, 1, 12, starred: false),
            FormatField(c.DaysOfWeek, 0, 6, c.DayOfWeekStarred));
    }

    /// <summary>Formats a set of values (bit 0 is <paramref name="low"/>). A starred field must start with '*', which always selects <paramref name="low"/>.</summary>
    internal static string FormatField(ulong bits, int low, int high, bool starred)
    {
        var values = Enumerable.Range(low, high - low + 1).Where(v => (bits & (1UL << (v - low))) != 0).ToList();
        var span = high - low + 1;
        if (values.Count == span)
        {
            return starred ? "*" : string.Create(CultureInfo.InvariantCulture, $"{low}-{high}");
        }

        var text = new StringBuilder();
        var rest = values;
        if (starred)
        {
            var bestStep = span;
            var bestCovered = 1;
            for (var step = 2; step < span; step++)
            {
                var covered = 0;
                var all = true;
                for (var v = low; v <= high; v += step)
                {
                    all &= values.Contains(v);
                    covered++;
                }

                if (all && covered > bestCovered)
                {
                    (bestStep, bestCovered) = (step, covered);
                }
            }

            text.Append(CultureInfo.InvariantCulture, $"*/{bestStep}");
            var taken = new HashSet<int>();
            for (var v = low; v <= high; v += bestStep)
            {
                taken.Add(v);
            }

            rest = values.Where(v => !taken.Contains(v)).ToList();
        }
        else if (values.Count == 0)
        {
            // An empty set only comes from a reversed range; write one back.
            return string.Create(CultureInfo.InvariantCulture, $"{low + 1}-{low}");
        }

        foreach (var (from, to) in Describer.Ranges(rest))
        {
            if (text.Length > 0)
            {
                text.Append(',');
            }

            text.Append(from == to
                ? from.ToString(CultureInfo.InvariantCulture)
                : to == from + 1 ? string.Create(CultureInfo.InvariantCulture, $"{from},{to}") : string.Create(CultureInfo.InvariantCulture, $"{from}-{to}"));
        }

        return text.ToString();
    }
}
