namespace CronPlan.Time;

/// <summary>Wall-clock and UTC moments as whole minutes since 0001-01-01T00:00, the unit the daemon thinks in.</summary>
internal static class WallClock
{
    public const long MinutesPerDay = 1440;

    public static readonly long MaxMinute = DateTime.MaxValue.Ticks / TimeSpan.TicksPerMinute;

    public static long ToMinutes(DateTime time) => time.Ticks / TimeSpan.TicksPerMinute;

    /// <summary>The UTC minute of <paramref name="moment"/>, seconds dropped: the unit of every UTC minute the engine and the run analysis pass around.</summary>
    public static long ToUtcMinutes(DateTimeOffset moment) => ToMinutes(moment.UtcDateTime);

    public static DateTime ToDateTime(long minutes, DateTimeKind kind = DateTimeKind.Unspecified) =>
        new(Math.Clamp(minutes, 0, MaxMinute) * TimeSpan.TicksPerMinute, kind);

    /// <summary>
    /// The moment at <paramref name="utcMinutes"/> seen with <paramref name="offsetMinutes"/>; near year 1 and year 9999,
    /// where the offset would move the wall time or the instant off DateTime's range, the nearest moment that exists.
    /// </summary>
    public static DateTimeOffset ToOffset(long utcMinutes, int offsetMinutes)
    {
        var utc = Math.Clamp(utcMinutes, Math.Max(0, -offsetMinutes), MaxMinute - Math.Max(0, offsetMinutes));
        return new(ToDateTime(utc + offsetMinutes), TimeSpan.FromMinutes(offsetMinutes));
    }

    /// <summary>Whether both the instant and its wall time lie within DateTime's range.</summary>
    public static bool CanRepresent(long utcMinutes, int offsetMinutes) =>
        utcMinutes >= 0 && utcMinutes <= MaxMinute && utcMinutes + offsetMinutes >= 0 && utcMinutes + offsetMinutes <= MaxMinute;

    public static long DayStart(int year, int month, int day) => ToMinutes(new DateTime(year, month, day));

    private static readonly int[] DaysToMonth365 = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365];
    private static readonly int[] DaysToMonth366 = [0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335, 366];

    public static bool IsLeapYear(int year) => (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);

    public static int DaysInMonth(int year, int month)
    {
        var table = IsLeapYear(year) ? DaysToMonth366 : DaysToMonth365;
        return table[month] - table[month - 1];
    }

    /// <summary>Days since 0001-01-01 of a valid date, without building a DateTime.</summary>
    public static long DayNumber(int year, int month, int day)
    {
        var y = year - 1L;
        var table = IsLeapYear(year) ? DaysToMonth366 : DaysToMonth365;
        return (y * 365) + (y / 4) - (y / 100) + (y / 400) + table[month - 1] + day - 1;
    }

    /// <summary>0 = Sunday .. 6 = Saturday; 0001-01-01 was a Monday.</summary>
    public static int DayOfWeek(long dayNumber) => (int)((dayNumber + 1) % 7);

    public static long YearStart(int year) =>
        year < 1 ? 0 : year > 9999 ? MaxMinute + 1 : ToMinutes(new DateTime(year, 1, 1));
}
