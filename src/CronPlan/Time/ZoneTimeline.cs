using System.Collections.Concurrent;

namespace CronPlan.Time;

/// <summary>A change of a zone's UTC offset at a moment, in whole minutes.</summary>
internal readonly record struct OffsetTransition(long AtUtc, int Before, int After)
{
    public int Change => After - Before;
}

/// <summary>A stretch of UTC time with one offset, and the offset in force just before it began.</summary>
internal readonly record struct ZoneSegment(long StartUtc, long EndUtc, int Offset, int PreviousOffset)
{
    public int Change => Offset - PreviousOffset;
}

/// <summary>
/// A zone's offset changes, found once per year and cached: the offset is sampled at every day's end and each change
/// is narrowed to its minute. Works for every zone the host knows, with history and future rules alike.
/// </summary>
internal sealed class ZoneTimeline
{
    private static readonly ConcurrentDictionary<string, ZoneTimeline> Cache = new(StringComparer.Ordinal);
    private static readonly ZoneTimeline Utc = new(TimeZoneInfo.Utc);

    private readonly TimeZoneInfo _zone;
    private readonly bool _isFixed;
    private readonly int _fixedOffset;
    private readonly ConcurrentDictionary<int, OffsetTransition[]> _years = new();
    private readonly Func<int, OffsetTransition[]> _findTransitions;

    private ZoneTimeline(TimeZoneInfo zone)
    {
        _zone = zone;
        _isFixed = zone.GetAdjustmentRules().Length == 0;
        _fixedOffset = (int)Math.Floor(zone.BaseUtcOffset.TotalMinutes);
        _findTransitions = FindTransitions;
    }

    public TimeZoneInfo Zone => _zone;

    public static ZoneTimeline For(TimeZoneInfo zone)
    {
        if (ReferenceEquals(zone, TimeZoneInfo.Utc))
        {
            return Utc;
        }

        return Cache.TryGetValue(zone.Id, out var timeline) ? timeline : Cache.GetOrAdd(zone.Id, static (_, z) => new ZoneTimeline(z), zone);
    }

    /// <summary>The zone's offset in whole minutes at <paramref name="utcMinute"/>, counted as <see cref="WallClock"/> counts: since 0001-01-01 UTC.</summary>
    public int OffsetAt(long utcMinute)
    {
        if (_isFixed)
        {
            return _fixedOffset;
        }

        var clamped = Math.Clamp(utcMinute, 0, WallClock.MaxMinute);
        return (int)Math.Floor(_zone.GetUtcOffset(WallClock.ToDateTime(clamped, DateTimeKind.Utc)).TotalMinutes);
    }

    /// <summary>
    /// What the zone's clock shows at <paramref name="utcMinute"/> (minutes since 0001-01-01 UTC, never since 1970: that
    /// moment falls in year 57 here, under the zone's local mean time), the way the engine stamps a run.
    /// </summary>
    public DateTimeOffset At(long utcMinute) => WallClock.ToOffset(utcMinute, OffsetAt(utcMinute));

    /// <summary>Whether the wall-clock minute the zone shows at <paramref name="utcMinute"/> is shown twice, in the first or the second pass of a backward change.</summary>
    public bool IsRepeated(long utcMinute)
    {
        if (_isFixed)
        {
            return false;
        }

        var segment = SegmentAt(utcMinute);
        if (segment.Change < 0 && utcMinute < segment.StartUtc - segment.Change)
        {
            return true;
        }

        var following = SegmentAt(segment.EndUtc);
        return following.StartUtc == segment.EndUtc && following.Change < 0 && utcMinute >= segment.EndUtc + following.Change;
    }

    /// <summary>The offset changes whose moment falls in UTC year <paramref name="year"/>, in order.</summary>
    public OffsetTransition[] TransitionsIn(int year)
    {
        if (_isFixed || year < 1 || year > 9999)
        {
            return [];
        }

        return _years.TryGetValue(year, out var found) ? found : _years.GetOrAdd(year, _findTransitions);
    }

    private OffsetTransition[] FindTransitions(int year)
    {
        var found = new List<OffsetTransition>();
        var start = WallClock.YearStart(year);
        var end = year == 9999 ? WallClock.MaxMinute : WallClock.YearStart(year + 1);
        var probe = start - 1;
        var before = OffsetAt(probe);
        while (probe < end - 1)
        {
            var next = Math.Min(probe + WallClock.MinutesPerDay, end - 1);
            var after = OffsetAt(next);
            if (after != before)
            {
                var (low, high) = (probe, next);
                while (high - low > 1)
                {
                    var middle = low + ((high - low) / 2);
                    if (OffsetAt(middle) == before)
                    {
                        low = middle;
                    }
                    else
                    {
                        high = middle;
                    }
                }

                found.Add(new OffsetTransition(high, before, OffsetAt(high)));
                before = OffsetAt(high);
                if (before != after)
                {
                    // A second change within the same day: look again from just after the first.
                    probe = high;
                    continue;
                }
            }

            probe = next;
        }

        return [.. found];
    }

    /// <summary>The stretch of constant offset that contains <paramref name="utcMinute"/>.</summary>
    public ZoneSegment SegmentAt(long utcMinute)
    {
        if (_isFixed)
        {
            return new ZoneSegment(long.MinValue / 4, long.MaxValue / 4, _fixedOffset, _fixedOffset);
        }

        var year = WallClock.ToDateTime(utcMinute).Year;
        OffsetTransition? previous = null;
        for (var y = year; y >= year - 1 && previous is null; y--)
        {
            foreach (var transition in TransitionsIn(y))
            {
                if (transition.AtUtc <= utcMinute)
                {
                    previous = transition;
                }
            }
        }

        OffsetTransition? following = null;
        for (var y = year; y <= year + 1 && following is null; y++)
        {
            foreach (var transition in TransitionsIn(y))
            {
                if (transition.AtUtc > utcMinute)
                {
                    following = transition;
                    break;
                }
            }
        }

        var offset = previous?.After ?? OffsetAt(utcMinute);
        var start = previous?.AtUtc ?? WallClock.YearStart(year - 1);
        var end = following?.AtUtc ?? WallClock.YearStart(year + 2);
        return new ZoneSegment(start, end, offset, previous?.Before ?? offset);
    }

    /// <summary>
    /// The instant a wall-clock minute denotes: in an overlap the first pass; in a spring gap, the minute just
    /// before the jump (so the runs the daemon makes at the jump count as after it).
    /// </summary>
    public long ToUtc(long wallMinute)
    {
        if (_isFixed)
        {
            return wallMinute - _fixedOffset;
        }

        var candidates = new SortedSet<long>();
        foreach (var guess in new[] { OffsetAt(wallMinute - (2 * WallClock.MinutesPerDay)), OffsetAt(wallMinute), OffsetAt(wallMinute + (2 * WallClock.MinutesPerDay)) })
        {
            var utc = wallMinute - guess;
            if (OffsetAt(utc) == guess)
            {
                candidates.Add(utc);
            }
        }

        if (candidates.Count > 0)
        {
            return candidates.Min;
        }

        var earlier = OffsetAt(wallMinute - (2 * WallClock.MinutesPerDay));
        return SegmentAt(wallMinute - earlier).StartUtc - 1;
    }
}
