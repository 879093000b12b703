using CronPlan.Time;

namespace CronPlan.Cron;

/// <summary>A gap between two consecutive runs.</summary>
/// <param name="After">The run that opens the gap.</param>
/// <param name="Before">The next run, which closes it.</param>
public sealed record CronGap(DateTimeOffset After, DateTimeOffset Before)
{
    /// <summary>The time between the two runs.</summary>
    public TimeSpan Length => Before - After;

    /// <summary>The length as days, hours and minutes: <c>6d 23h 30m</c>.</summary>
    public string LengthText => Describer.Duration(Length);
}

/// <summary>Gaps between runs over one 400-year cycle, exact to the minute.</summary>
/// <param name="Start">The cycle's first moment (1 January of its first year, local midnight).</param>
/// <param name="End">The moment 400 years later; the gap from the cycle's last run to the next run counts.</param>
/// <param name="RunCount">How many runs start in the cycle, duplicates included.</param>
/// <param name="Shortest">The shortest gap (the first where several are equally short); null with fewer than two runs.</param>
/// <param name="Longest">The longest gap (the first where several are equally long); null when the schedule never fires.</param>
public sealed record CronCycle(DateTimeOffset Start, DateTimeOffset End, long RunCount, CronGap? Shortest, CronGap? Longest);

/// <summary>Summary of a run sequence: first and last run, count, and the extreme gaps with where they start. Combines associatively.</summary>
internal readonly record struct RunSummary(long Count, long First, long Last, long MinGap, long MinGapAt, long MaxGap, long MaxGapAt)
{
    public static readonly RunSummary Empty = new(0, 0, 0, long.MaxValue, 0, -1, 0);

    public bool IsEmpty => Count == 0;

    public static RunSummary Single(long at) => new(1, at, at, long.MaxValue, 0, -1, 0);

    public RunSummary Then(RunSummary next)
    {
        if (IsEmpty)
        {
            return next;
        }

        if (next.IsEmpty)
        {
            return this;
        }

        var between = next.First - Last;
        var (minGap, minAt) = Pick(MinGap, MinGapAt, between, Last, smaller: true);
        (minGap, minAt) = Pick(minGap, minAt, next.MinGap, next.MinGapAt, smaller: true);
        var (maxGap, maxAt) = Pick(MaxGap, MaxGapAt, between, Last, smaller: false);
        (maxGap, maxAt) = Pick(maxGap, maxAt, next.MaxGap, next.MaxGapAt, smaller: false);
        return new RunSummary(Count + next.Count, First, next.Last, minGap, minAt, maxGap, maxAt);
    }

    private static (long Gap, long At) Pick(long gap, long at, long candidate, long candidateAt, bool smaller) =>
        (smaller ? candidate < gap : candidate > gap) ? (candidate, candidateAt) : (gap, at);

    public RunSummary Shift(long delta) =>
        IsEmpty ? this : new RunSummary(Count, First + delta, Last + delta, MinGap, MinGapAt + delta, MaxGap, MaxGapAt + delta);

    /// <summary>The same number of runs, all started at one moment (DST catch-up).</summary>
    public RunSummary CollapseTo(long at) =>
        IsEmpty ? this : Count == 1 ? Single(at) : new RunSummary(Count, at, at, 0, at, 0, at);
}

/// <summary>
/// Exact gap analysis without enumerating runs: a day's runs are summarised once from the times of day, a month's once
/// per kind of month (length and first weekday), and the zone's constant-offset stretches are combined in order with
/// the daemon's catch-up and hold-back at every offset change.
/// </summary>
internal static class CycleAnalyzer
{
    public const int CycleYears = 400;

    public static CronCycle Analyze(CronSchedule schedule, ZoneTimeline zone, int startYear)
    {
        if (startYear < 1 || startYear > 9999 - CycleYears)
        {
            throw new ArgumentOutOfRangeException(nameof(startYear), startYear, $"the cycle must start between year 1 and {9999 - CycleYears}");
        }

        var startWall = WallClock.YearStart(startYear);
        var endWall = WallClock.YearStart(startYear + CycleYears);
        var startUtc = zone.ToUtc(startWall);
        var endUtc = zone.ToUtc(endWall);
        var start = WallClock.ToOffset(startUtc, zone.OffsetAt(startUtc));
        var end = WallClock.ToOffset(endUtc, zone.OffsetAt(endUtc));
        var calendar = schedule.Calendar;
        if (calendar is null || calendar.NeverFires)
        {
            return new CronCycle(start, end, 0, null, null);
        }

        var days = new DaySummaries(calendar);
        var total = RunSummary.Empty;
        var utc = startUtc;
        while (utc < endUtc)
        {
            var segment = zone.SegmentAt(utc);
            var segmentEnd = Math.Min(segment.EndUtc, endUtc);
            if (segment.StartUtc >= utc && segment.Change > 0)
            {
                var catchUps = DebianEngine.CatchUps(calendar, schedule.IsWildcardTime, segment).LongCount();
                if (catchUps > 0)
                {
                    total = total.Then(new RunSummary(catchUps, 0, 0, long.MaxValue, 0, -1, 0).CollapseTo(segment.StartUtc));
                }
            }

            var wallFrom = Math.Max(utc, segment.StartUtc) + segment.Offset;
            if (DebianEngine.HoldsBackRepeatedMinutes(schedule.IsWildcardTime, segment))
            {
                wallFrom = Math.Max(wallFrom, segment.StartUtc + segment.PreviousOffset);
            }

            total = total.Then(days.Summarize(wallFrom, segmentEnd + segment.Offset).Shift(-segment.Offset));
            utc = segmentEnd;
        }

        var runCount = total.Count;
        if (total.IsEmpty)
        {
            return new CronCycle(start, end, 0, null, null);
        }

        var next = DebianEngine.RunsAfter(calendar, schedule.IsWildcardTime, zone, endUtc - 1).FirstOrDefault();
        if (next != default)
        {
            total = total.Then(RunSummary.Single(WallClock.ToMinutes(next.At.UtcDateTime)));
        }

        CronGap? Gap(long at, long length) =>
            length < 0 || length == long.MaxValue ? null : new CronGap(At(zone, at), At(zone, at + length));

        return new CronCycle(start, end, runCount, Gap(total.MinGapAt, total.MinGap), Gap(total.MaxGapAt, total.MaxGap));
    }

    private static DateTimeOffset At(ZoneTimeline zone, long utc) => WallClock.ToOffset(utc, zone.OffsetAt(utc));

    /// <summary>Summaries of wall-clock stretches, built from cached per-day and per-month-kind summaries.</summary>
    private sealed class DaySummaries
    {
        private readonly ScheduleCalendar _calendar;
        private readonly int[] _times;
        private readonly RunSummary _fullDay;
        private readonly RunSummary?[] _months = new RunSummary?[13 * 7 * 2];
        private readonly RunSummary?[] _years = new RunSummary?[7 * 2];

        public DaySummaries(ScheduleCalendar calendar)
        {
            _calendar = calendar;
            _times = calendar.TimesOfDay;
            _fullDay = PartOfDay(0, 0, (int)WallClock.MinutesPerDay);
        }

        public RunSummary Summarize(long wallFrom, long wallTo)
        {
            var total = RunSummary.Empty;
            var cursor = wallFrom;
            while (cursor < wallTo)
            {
                var dayStart = cursor - (cursor % WallClock.MinutesPerDay);
                var date = WallClock.ToDateTime(dayStart);
                if (cursor == dayStart && date.Day == 1 && date.Month == 1 && date.Year < 9999)
                {
                    var yearEnd = WallClock.YearStart(date.Year + 1);
                    if (yearEnd <= wallTo)
                    {
                        total = total.Then(Year(date.Year).Shift(dayStart));
                        cursor = yearEnd;
                        continue;
                    }
                }

                if (cursor == dayStart && date.Day == 1)
                {
                    var monthEnd = WallClock.ToMinutes(date.AddMonths(1));
                    if (monthEnd <= wallTo)
                    {
                        total = total.Then(Month(date.Year, date.Month).Shift(dayStart));
                        cursor = monthEnd;
                        continue;
                    }
                }

                var dayEnd = Math.Min(dayStart + WallClock.MinutesPerDay, wallTo);
                if (_calendar.MatchesDay(date))
                {
                    total = total.Then(cursor == dayStart && dayEnd == dayStart + WallClock.MinutesPerDay
                        ? _fullDay.Shift(dayStart)
                        : PartOfDay(dayStart, (int)(cursor - dayStart), (int)(dayEnd - dayStart)));
                }

                cursor = dayEnd;
            }

            return total;
        }

        /// <summary>A whole year's runs, relative to 1 January; the same for every year with the same length and first weekday.</summary>
        private RunSummary Year(int year)
        {
            var first = (int)new DateTime(year, 1, 1).DayOfWeek;
            var key = (first * 2) + (DateTime.IsLeapYear(year) ? 1 : 0);
            if (_years[key] is { } cached)
            {
                return cached;
            }

            var summary = RunSummary.Empty;
            var start = WallClock.YearStart(year);
            for (var month = 1; month <= 12; month++)
            {
                summary = summary.Then(Month(year, month).Shift(WallClock.DayStart(year, month, 1) - start));
            }

            _years[key] = summary;
            return summary;
        }

        private RunSummary Month(int year, int month)
        {
            if ((_calendar.Months & (1u << month)) == 0)
            {
                return RunSummary.Empty;
            }

            var length = DateTime.DaysInMonth(year, month);
            var first = (int)new DateTime(year, month, 1).DayOfWeek;
            var key = (((month * 7) + first) * 2) + (length == 29 ? 1 : 0);
            if (_months[key] is { } cached)
            {
                return cached;
            }

            var mask = _calendar.DayMask(length, first);
            var summary = RunSummary.Empty;
            for (var day = 1; day <= length; day++)
            {
                if ((mask & (1u << day)) != 0)
                {
                    summary = summary.Then(_fullDay.Shift((day - 1) * WallClock.MinutesPerDay));
                }
            }

            _months[key] = summary;
            return summary;
        }

        private RunSummary PartOfDay(long dayStart, int fromMinute, int toMinute)
        {
            var summary = RunSummary.Empty;
            foreach (var time in _times)
            {
                if (time >= fromMinute && time < toMinute)
                {
                    summary = summary.Then(RunSummary.Single(dayStart + time));
                }
            }

            return summary;
        }
    }
}
