using System.Globalization;

namespace CronPlan.Time;

/// <summary>
/// Times of day and of the night as the plan, the SLA and the reports state them: minutes after a midnight, where a
/// night's minutes run past 1440 into the next morning and differences wrap around the clock.
/// </summary>
internal static class NightClock
{
    private const int MinutesPerDay = (int)WallClock.MinutesPerDay;

    /// <summary>The minute of the day (0-1439) that <paramref name="minute"/> falls on, before midnight or after it.</summary>
    public static int MinuteOfDay(long minute) => (int)(((minute % MinutesPerDay) + MinutesPerDay) % MinutesPerDay);

    /// <summary>Minutes from the time of day <paramref name="from"/> forward to the next <paramref name="to"/> (0-1439).</summary>
    public static int Forward(int from, int to) => MinuteOfDay(to - from);

    /// <summary>Minutes of the night as <c>HH:MM</c> (with <c>(next day)</c> past midnight when asked).</summary>
    public static string Format(int nightMinute, bool markNextDay = false)
    {
        var minute = MinuteOfDay(nightMinute);
        var text = string.Create(CultureInfo.InvariantCulture, $"{minute / 60:00}:{minute % 60:00}");
        return markNextDay && nightMinute >= MinutesPerDay ? text + " (next day)" : text;
    }

    /// <summary>How messages name a zone: <c>UTC</c>, else its id.</summary>
    public static string ZoneName(TimeZoneInfo zone) => zone == TimeZoneInfo.Utc ? "UTC" : zone.Id;

    /// <summary>
    /// Minutes to add to a time of day in <paramref name="from"/> to get the same moment in <paramref name="to"/>, with both
    /// zones' winter offsets: for reading what documents state, where the run analysis covers both DST offsets itself.
    /// </summary>
    public static int WinterShift(TimeZoneInfo from, TimeZoneInfo to)
    {
        var winter = ReferenceStart.MidWinter;
        return (int)(to.GetUtcOffset(winter) - from.GetUtcOffset(winter)).TotalMinutes;
    }
}
