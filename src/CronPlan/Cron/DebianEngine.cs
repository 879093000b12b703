using CronPlan.Time;

namespace CronPlan.Cron;

/// <summary>
/// When Debian's daemon starts a job, following its main loop in <c>cron.c</c>: it wakes every minute of local
/// wall time and classifies a change of the clock by the difference from the last minute it handled.
/// <list type="bullet">
/// <item>1 minute: the normal case, every job matching the minute.</item>
/// <item>2 to 5 minutes forward: every job for every skipped minute, run at once.</item>
/// <item>6 to 180 minutes forward (spring DST): wildcard jobs for the new minute only; fixed-time jobs for every skipped minute, run at once, duplicates kept.</item>
/// <item>Up to 181 minutes back (autumn DST): wildcard jobs run again; fixed-time jobs wait until the clock passes the minute they already handled.</item>
/// <item>Anything larger is a correction: the new minute is handled normally, nothing is caught up or held back.</item>
/// </list>
/// </summary>
internal static class DebianEngine
{
    // cron.c: "timeDiff > 5" ends the "woke up late" case; "timeDiff > 3*MINUTE_COUNT" (or "< -3*MINUTE_COUNT") is a correction.
    private const int LateWakeupLimit = 5;
    private const int DstJumpLimit = 180;

    public static IEnumerable<CronRun> RunsAfter(ScheduleCalendar calendar, bool isWildcard, ZoneTimeline zone, long afterUtc)
    {
        if (calendar.NeverFires)
        {
            yield break;
        }

        var utc = afterUtc + 1;
        while (utc <= WallClock.MaxMinute)
        {
            var segment = zone.SegmentAt(utc);
            if (segment.StartUtc >= utc)
            {
                foreach (var run in CatchUps(calendar, isWildcard, segment))
                {
                    yield return run;
                }
            }

            var wallFrom = Math.Max(utc, segment.StartUtc) + segment.Offset;
            if (HoldsBackRepeatedMinutes(isWildcard, segment))
            {
                wallFrom = Math.Max(wallFrom, segment.StartUtc + segment.PreviousOffset);
            }

            var wallEnd = segment.EndUtc + segment.Offset;
            for (var wall = calendar.NextMatch(wallFrom); wall is { } w && w < wallEnd; wall = calendar.NextMatch(w + 1))
            {
                // Near year 1 and year 9999 a wall minute may have no instant (or an instant no wall minute): those are skipped.
                if (WallClock.CanRepresent(w - segment.Offset, segment.Offset))
                {
                    yield return Run(w - segment.Offset, segment.Offset, w, isCatchUp: false);
                }
            }

            if (segment.EndUtc > WallClock.MaxMinute || calendar.NextMatch(Math.Max(0, wallEnd - (2 * WallClock.MinutesPerDay))) is null)
            {
                yield break;
            }

            utc = segment.EndUtc;
        }
    }

    /// <summary>The first run after <paramref name="afterUtc"/>; the same answer as the first of <see cref="RunsAfter"/>, without the iterator.</summary>
    public static CronRun? NextRun(ScheduleCalendar calendar, bool isWildcard, ZoneTimeline zone, long afterUtc)
    {
        if (calendar.NeverFires)
        {
            return null;
        }

        var utc = afterUtc + 1;
        while (utc <= WallClock.MaxMinute)
        {
            var segment = zone.SegmentAt(utc);
            if (segment.StartUtc >= utc && CatchesUp(isWildcard, segment) &&
                calendar.NextMatch(segment.StartUtc + segment.PreviousOffset) is { } skipped && skipped < segment.StartUtc + segment.Offset)
            {
                return WallClock.CanRepresent(segment.StartUtc, segment.Offset) ? Run(segment.StartUtc, segment.Offset, skipped, isCatchUp: true) : AtTheEdge(calendar, isWildcard, zone, afterUtc);
            }

            var wallFrom = Math.Max(utc, segment.StartUtc) + segment.Offset;
            if (HoldsBackRepeatedMinutes(isWildcard, segment))
            {
                wallFrom = Math.Max(wallFrom, segment.StartUtc + segment.PreviousOffset);
            }

            var wall = calendar.NextMatch(wallFrom);
            if (wall is null)
            {
                return null;
            }

            if (wall.Value < segment.EndUtc + segment.Offset)
            {
                return WallClock.CanRepresent(wall.Value - segment.Offset, segment.Offset)
                    ? Run(wall.Value - segment.Offset, segment.Offset, wall.Value, isCatchUp: false)
                    : AtTheEdge(calendar, isWildcard, zone, afterUtc);
            }

            utc = segment.EndUtc;
        }

        return null;
    }

    /// <summary>Near year 1 or 9999, where a run's wall time or instant may not exist: the first of the runs that do.</summary>
    private static CronRun? AtTheEdge(ScheduleCalendar calendar, bool isWildcard, ZoneTimeline zone, long afterUtc)
    {
        foreach (var run in RunsAfter(calendar, isWildcard, zone, afterUtc))
        {
            return run;
        }

        return null;
    }

    public static IEnumerable<CronRun> RunsBefore(ScheduleCalendar calendar, bool isWildcard, ZoneTimeline zone, long beforeUtc)
    {
        if (calendar.NeverFires)
        {
            yield break;
        }

        var utc = beforeUtc - 1;
        while (utc >= 0)
        {
            var segment = zone.SegmentAt(utc);
            var wallHigh = utc + segment.Offset;
            var wallLow = segment.StartUtc + segment.Offset;
            if (HoldsBackRepeatedMinutes(isWildcard, segment))
            {
                wallLow = Math.Max(wallLow, segment.StartUtc + segment.PreviousOffset);
            }

            for (var wall = calendar.PreviousMatch(wallHigh); wall is { } w && w >= wallLow; wall = calendar.PreviousMatch(w - 1))
            {
                if (WallClock.CanRepresent(w - segment.Offset, segment.Offset))
                {
                    yield return Run(w - segment.Offset, segment.Offset, w, isCatchUp: false);
                }
            }

            var catchUps = CatchUps(calendar, isWildcard, segment).ToList();
            for (var i = catchUps.Count - 1; i >= 0; i--)
            {
                yield return catchUps[i];
            }

            if (segment.StartUtc <= 0 || calendar.PreviousMatch(wallLow + (2 * WallClock.MinutesPerDay)) is null)
            {
                yield break;
            }

            utc = segment.StartUtc - 1;
        }
    }

    /// <summary>The runs the daemon makes at the first minute after a forward jump for the wall minutes the jump skipped.</summary>
    internal static IEnumerable<CronRun> CatchUps(ScheduleCalendar calendar, bool isWildcard, ZoneSegment segment)
    {
        if (!CatchesUp(isWildcard, segment))
        {
            yield break;
        }

        var skippedFrom = segment.StartUtc + segment.PreviousOffset;
        var skippedEnd = segment.StartUtc + segment.Offset;
        for (var wall = calendar.NextMatch(skippedFrom); wall is { } w && w < skippedEnd && WallClock.CanRepresent(segment.StartUtc, segment.Offset); wall = calendar.NextMatch(w + 1))
        {
            yield return Run(segment.StartUtc, segment.Offset, w, isCatchUp: true);
        }
    }

    /// <summary>Whether the forward jump that starts <paramref name="segment"/> makes the daemon run this kind of job for the skipped minutes.</summary>
    internal static bool CatchesUp(bool isWildcard, ZoneSegment segment)
    {
        var timeDiff = segment.Change + 1;
        return segment.Change > 0 && timeDiff <= DstJumpLimit && (!isWildcard || timeDiff <= LateWakeupLimit);
    }

    /// <summary>
    /// After a backward jump of up to 181 minutes, fixed-time jobs do not run again in the repeated wall-clock minutes
    /// (cron.c: only "timeDiff &lt; -3*MINUTE_COUNT" is a correction, so a timeDiff of -180 still holds them back).
    /// </summary>
    internal static bool HoldsBackRepeatedMinutes(bool isWildcard, ZoneSegment segment) =>
        !isWildcard && segment.Change < 0 && segment.Change + 1 >= -DstJumpLimit;

    private static CronRun Run(long utc, int offset, long scheduledWall, bool isCatchUp) =>
        new(WallClock.ToOffset(utc, offset), WallClock.ToDateTime(scheduledWall), isCatchUp);
}
