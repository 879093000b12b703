using CronPlan.Diagnostics;

namespace CronPlan.Cron;

/// <summary>Runs computed by another engine itself (Cronos or NCrontab), to show what a program using it would do.</summary>
internal abstract class ForeignEngine
{
    public static ForeignEngine? Create(string expression, CronDialect dialect, out Diagnostic? problem)
    {
        problem = null;
        var location = SourceLocation.OnLine(null, 1, 1, expression.Length);
        try
        {
            return dialect switch
            {
                CronDialect.Cronos => new CronosEngine(Cronos.CronExpression.Parse(expression.Trim())),
                _ => new NCrontabEngine(NCrontab.CrontabSchedule.Parse(expression.Trim())),
            };
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            problem = DiagnosticCatalog.CPL1001.Create(location, $"{CronDialects.Name(dialect)} rejects '{expression}': {e.Message}");
            return null;
        }
    }

    public abstract IEnumerable<CronRun> RunsAfter(DateTimeOffset from, TimeZoneInfo zone);

    private sealed class CronosEngine(Cronos.CronExpression expression) : ForeignEngine
    {
        public override IEnumerable<CronRun> RunsAfter(DateTimeOffset from, TimeZoneInfo zone)
        {
            var cursor = from;
            while (expression.GetNextOccurrence(cursor, zone) is { } next)
            {
                yield return new CronRun(next, next.DateTime, false);
                cursor = next;
            }
        }
    }

    /// <summary>NCrontab knows wall-clock time only: a wall time in a spring gap never happens, one in an overlap happens at its first pass.</summary>
    private sealed class NCrontabEngine(NCrontab.CrontabSchedule schedule) : ForeignEngine
    {
        public override IEnumerable<CronRun> RunsAfter(DateTimeOffset from, TimeZoneInfo zone)
        {
            var wall = TimeZoneInfo.ConvertTime(from, zone).DateTime;
            while (true)
            {
                var end = wall.Year >= 9899 ? DateTime.MaxValue.AddMinutes(-1) : wall.AddYears(100);
                var next = schedule.GetNextOccurrence(wall, end);
                if (next >= end)
                {
                    yield break;
                }

                wall = next;
                if (zone.IsInvalidTime(next))
                {
                    continue;
                }

                var offset = zone.IsAmbiguousTime(next) ? zone.GetAmbiguousTimeOffsets(next).Max() : zone.GetUtcOffset(next);
                var at = new DateTimeOffset(next, offset);
                if (at > from)
                {
                    yield return new CronRun(at, next, false);
                }
            }
        }
    }
}
