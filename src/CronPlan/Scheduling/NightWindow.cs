namespace CronPlan.Scheduling;

/// <summary>
/// A plan's window as the host's cron sees it: minutes after the host's midnight of the evening the night begins on
/// (past 1440 is the next day), the same on every night of the year, with the host's DST hours left out.
/// </summary>
/// <param name="Start">First minute any job may start.</param>
/// <param name="End">The deadline: every job ends by then.</param>
/// <param name="Forbidden">Minutes of the host's day (0-1439) that a DST change skips or repeats: no job may run in them.</param>
internal sealed record NightWindow(int Start, int End, IReadOnlySet<int> Forbidden)
{
    /// <summary>
    /// Converts the window on every night of <paramref name="year"/>: in a DST zone (the window's or the host's), the
    /// minutes that lie inside the window under every offset pair.
    /// </summary>
    public static NightWindow For(Plans.PlanWindow window, TimeZoneInfo hostZone, int year)
    {
        var start = int.MinValue;
        var end = int.MaxValue;
        var nights = new DateOnly(year, 1, 1);
        for (var night = nights; night.Year == year; night = night.AddDays(1))
        {
            var startInstant = Instant(night, window.Start, window.Zone);
            var deadlineDay = window.Deadline > window.Start ? night : night.AddDays(1);
            var endInstant = Instant(deadlineDay, window.Deadline, window.Zone);
            start = Math.Max(start, HostMinute(night, startInstant, hostZone));
            end = Math.Min(end, HostMinute(night, endInstant, hostZone));
        }

        return new NightWindow(start, end, ForbiddenMinutes(hostZone, year));
    }

    private static DateTimeOffset Instant(DateOnly day, int minuteOfDay, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue).AddMinutes(minuteOfDay);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(1);
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }

    private static int HostMinute(DateOnly night, DateTimeOffset instant, TimeZoneInfo hostZone)
    {
        var local = TimeZoneInfo.ConvertTime(instant, hostZone).DateTime;
        return (int)Math.Round((local - night.ToDateTime(TimeOnly.MinValue)).TotalMinutes);
    }

    private static HashSet<int> ForbiddenMinutes(TimeZoneInfo zone, int year)
    {
        var forbidden = new HashSet<int>();
        if (zone.GetAdjustmentRules().Length == 0)
        {
            return forbidden;
        }

        for (var day = new DateTime(year, 1, 1, 0, 0, 0, DateTimeKind.Unspecified); day.Year == year; day = day.AddDays(1))
        {
            if (zone.GetUtcOffset(day) == zone.GetUtcOffset(day.AddDays(1)) && !zone.IsInvalidTime(day) && !zone.IsAmbiguousTime(day))
            {
                continue;
            }

            for (var minute = 0; minute < 1440; minute++)
            {
                var local = day.AddMinutes(minute);
                if (zone.IsInvalidTime(local) || zone.IsAmbiguousTime(local))
                {
                    forbidden.Add(minute);
                }
            }
        }

        return forbidden;
    }
}
