namespace CronPlan.Cron;

/// <summary>Wall-clock and UTC moments as whole minutes since 0001-01-01T00:00, the unit the daemon thinks in.</summary>
internal static class WallClock
{
    public const long MinutesPerDay = 1440;

    public static readonly long MaxMinute = DateTime.MaxValue.Ticks / TimeSpan.TicksPerMinute;

    public static long ToMinutes(DateTime time) => time.Ticks / TimeSpan.TicksPerMinute;

    public static DateTime ToDateTime(long minutes, DateTimeKind kind = DateTimeKind.Unspecified) =>
        new(Math.Clamp(minutes, 0, MaxMinute) * TimeSpan.TicksPerMinute, kind);

    public static DateTimeOffset ToOffset(long utcMinutes, int offsetMinutes) =>
        new(ToDateTime(utcMinutes + offsetMinutes), TimeSpan.FromMinutes(offsetMinutes));

    public static long DayStart(int year, int month, int day) => ToMinutes(new DateTime(year, month, day));

    public static long YearStart(int year) =>
        year < 1 ? 0 : year > 9999 ? MaxMinute + 1 : ToMinutes(new DateTime(year, 1, 1));
}
