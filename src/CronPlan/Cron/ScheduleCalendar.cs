using System.Numerics;
using CronPlan.Time;

namespace CronPlan.Cron;

/// <summary>
/// The matching rule of one schedule on wall-clock minutes: bit sets per field and Debian's day rule.
/// Searches skip whole months, days and hours with bit operations, never stepping minute by minute.
/// </summary>
internal sealed class ScheduleCalendar
{
    private const int MaxSearchYears = 500;

    private readonly uint[] _dayOfWeekPatterns = new uint[7];
    private readonly Lazy<int[]> _timesOfDay;

    public ScheduleCalendar(ulong minutes, uint hours, uint daysOfMonth, uint months, uint daysOfWeek, bool dayOfMonthStarred, bool dayOfWeekStarred)
    {
        Minutes = minutes;
        Hours = hours;
        DaysOfMonth = daysOfMonth;
        Months = months;
        DaysOfWeek = daysOfWeek & 0x7F;
        DayOfMonthStarred = dayOfMonthStarred;
        DayOfWeekStarred = dayOfWeekStarred;
        for (var first = 0; first < 7; first++)
        {
            uint pattern = 0;
            for (var day = 1; day <= 31; day++)
            {
                if ((DaysOfWeek & (1u << ((first + day - 1) % 7))) != 0)
                {
                    pattern |= 1u << day;
                }
            }

            _dayOfWeekPatterns[first] = pattern;
        }

        _timesOfDay = new Lazy<int[]>(BuildTimesOfDay);
        NeverFires = (Minutes & ((1UL << 60) - 1)) == 0 || (Hours & 0xFFFFFFu) == 0 || !AnyDayCanMatch();
    }

    /// <summary>Bit m set for minute m (0-59).</summary>
    public ulong Minutes { get; }

    /// <summary>Bit h set for hour h (0-23).</summary>
    public uint Hours { get; }

    /// <summary>Bit d set for day d (1-31).</summary>
    public uint DaysOfMonth { get; }

    /// <summary>Bit m set for month m (1-12).</summary>
    public uint Months { get; }

    /// <summary>Bit d set for weekday d (0 = Sunday .. 6).</summary>
    public uint DaysOfWeek { get; }

    public bool DayOfMonthStarred { get; }

    public bool DayOfWeekStarred { get; }

    /// <summary>Debian's rule: AND when either day field is starred, OR when both are restricted.</summary>
    public bool DaysAreAnded => DayOfMonthStarred || DayOfWeekStarred;

    /// <summary>Every matching minute of a day, ascending, as minutes after midnight.</summary>
    public int[] TimesOfDay => _timesOfDay.Value;

    public bool NeverFires { get; }

    private int[] BuildTimesOfDay()
    {
        var times = new List<int>();
        for (var h = 0; h < 24; h++)
        {
            if ((Hours & (1u << h)) == 0)
            {
                continue;
            }

            for (var m = 0; m < 60; m++)
            {
                if ((Minutes & (1UL << m)) != 0)
                {
                    times.Add((h * 60) + m);
                }
            }
        }

        return [.. times];
    }

    private bool AnyDayCanMatch()
    {
        // Over the 400-year Gregorian cycle every month (February of leap years too) starts on every weekday.
        for (var month = 1; month <= 12; month++)
        {
            if ((Months & (1u << month)) == 0)
            {
                continue;
            }

            for (var first = 0; first < 7; first++)
            {
                if (DayMask(month == 2 ? 29 : DateTime.DaysInMonth(2001, month), first) != 0 ||
                    (month == 2 && DayMask(28, first) != 0))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Bit d set for each day d of a month with <paramref name="daysInMonth"/> days whose 1st is weekday <paramref name="firstDayOfWeek"/>.</summary>
    public uint DayMask(int daysInMonth, int firstDayOfWeek)
    {
        var lengthMask = (uint)((2UL << daysInMonth) - 2);
        var byWeek = _dayOfWeekPatterns[firstDayOfWeek];
        var mask = DaysAreAnded ? DaysOfMonth & byWeek : DaysOfMonth | byWeek;
        return mask & lengthMask;
    }

    public uint DayMaskOf(int year, int month) =>
        DayMask(WallClock.DaysInMonth(year, month), WallClock.DayOfWeek(WallClock.DayNumber(year, month, 1)));

    public bool MatchesDay(DateTime day) => (DayMaskOf(day.Year, day.Month) & (1u << day.Day)) != 0 && (Months & (1u << day.Month)) != 0;

    public bool Matches(long wallMinute)
    {
        var time = WallClock.ToDateTime(wallMinute);
        return (Minutes & (1UL << time.Minute)) != 0 && (Hours & (1u << time.Hour)) != 0 && MatchesDay(time);
    }

    /// <summary>The first matching wall minute at or after <paramref name="wallMinute"/>, or null when none comes before year 10000.</summary>
    public long? NextMatch(long wallMinute)
    {
        if (NeverFires || wallMinute > WallClock.MaxMinute)
        {
            return null;
        }

        var start = Math.Max(wallMinute, 0);
        WallClock.ToDateTime(start).Deconstruct(out int year, out int month, out int day);
        var minuteOfDay = (int)(start % WallClock.MinutesPerDay);
        int hour = minuteOfDay / 60, minute = minuteOfDay % 60;
        var limit = year + MaxSearchYears;
        while (year <= 9999 && year <= limit)
        {
            var monthsLeft = Months & ~((1u << month) - 1);
            if (monthsLeft == 0)
            {
                (year, month, day, hour, minute) = (year + 1, 1, 1, 0, 0);
                continue;
            }

            var nextMonth = BitOperations.TrailingZeroCount(monthsLeft);
            if (nextMonth != month)
            {
                (month, day, hour, minute) = (nextMonth, 1, 0, 0);
            }

            var daysLeft = DayMaskOf(year, month) & ~((1u << day) - 1);
            if (daysLeft == 0)
            {
                (day, hour, minute) = (1, 0, 0);
                if (++month > 12)
                {
                    (year, month) = (year + 1, 1);
                }

                continue;
            }

            var nextDay = BitOperations.TrailingZeroCount(daysLeft);
            if (nextDay != day)
            {
                (day, hour, minute) = (nextDay, 0, 0);
            }

            var hoursLeft = hour > 23 ? 0 : Hours & ~((1u << hour) - 1);
            if (hoursLeft == 0)
            {
                (day, hour, minute) = (day + 1, 0, 0);
                if (day > WallClock.DaysInMonth(year, month))
                {
                    day = 1;
                    if (++month > 12)
                    {
                        (year, month) = (year + 1, 1);
                    }
                }

                continue;
            }

            var nextHour = BitOperations.TrailingZeroCount(hoursLeft);
            if (nextHour != hour)
            {
                (hour, minute) = (nextHour, 0);
            }

            var minutesLeft = minute > 59 ? 0 : Minutes & ~((1UL << minute) - 1);
            if (minutesLeft == 0)
            {
                (hour, minute) = (hour + 1, 0);
                continue;
            }

            return (WallClock.DayNumber(year, month, day) * WallClock.MinutesPerDay) + (hour * 60) + BitOperations.TrailingZeroCount(minutesLeft);
        }

        return null;
    }

    /// <summary>The last matching wall minute at or before <paramref name="wallMinute"/>, or null when none comes after year 1.</summary>
    public long? PreviousMatch(long wallMinute)
    {
        if (NeverFires || wallMinute < 0)
        {
            return null;
        }

        var start = Math.Min(wallMinute, WallClock.MaxMinute);
        WallClock.ToDateTime(start).Deconstruct(out int year, out int month, out int day);
        var minuteOfDay = (int)(start % WallClock.MinutesPerDay);
        int hour = minuteOfDay / 60, minute = minuteOfDay % 60;
        var limit = year - MaxSearchYears;
        while (year >= 1 && year >= limit)
        {
            var monthsLeft = Months & (uint)((2UL << month) - 1);
            if (monthsLeft == 0)
            {
                (year, month) = (year - 1, 12);
                (day, hour, minute) = (31, 23, 59);
                continue;
            }

            var previousMonth = 31 - BitOperations.LeadingZeroCount(monthsLeft);
            if (previousMonth != month)
            {
                (month, day, hour, minute) = (previousMonth, 31, 23, 59);
            }

            if (year < 1)
            {
                break;
            }

            day = Math.Min(day, WallClock.DaysInMonth(year, month));
            var daysLeft = DayMaskOf(year, month) & (uint)((2UL << day) - 1);
            if (daysLeft == 0)
            {
                (day, hour, minute) = (31, 23, 59);
                if (--month < 1)
                {
                    (year, month) = (year - 1, 12);
                }

                continue;
            }

            var previousDay = 31 - BitOperations.LeadingZeroCount(daysLeft);
            if (previousDay != day)
            {
                (day, hour, minute) = (previousDay, 23, 59);
            }

            var hoursLeft = hour < 0 ? 0 : Hours & (uint)((2UL << hour) - 1);
            if (hoursLeft == 0)
            {
                (day, hour, minute) = (day - 1, 23, 59);
                if (day < 1)
                {
                    day = 31;
                    if (--month < 1)
                    {
                        (year, month) = (year - 1, 12);
                    }
                }

                continue;
            }

            var previousHour = 31 - BitOperations.LeadingZeroCount(hoursLeft);
            if (previousHour != hour)
            {
                (hour, minute) = (previousHour, 59);
            }

            var minutesLeft = minute < 0 ? 0 : Minutes & (minute >= 63 ? ulong.MaxValue : (2UL << minute) - 1);
            if (minutesLeft == 0)
            {
                (hour, minute) = (hour - 1, 59);
                continue;
            }

            return (WallClock.DayNumber(year, month, day) * WallClock.MinutesPerDay) + (hour * 60) + (63 - BitOperations.LeadingZeroCount(minutesLeft));
        }

        return null;
    }
}
