using CronPlan.Diagnostics;

namespace CronPlan.Cron;

/// <summary>Everything <c>cronplan explain</c> says about one expression.</summary>
/// <param name="Expression">The expression as given.</param>
/// <param name="Dialect">Whose rules were applied.</param>
/// <param name="Zone">The host's zone.</param>
/// <param name="Description">When it runs, in English.</param>
/// <param name="Notes">Further facts: wildcard or fixed-time behaviour on DST days, and the like.</param>
/// <param name="Runs">The next runs after the starting moment.</param>
/// <param name="Cycle">The gaps over a 400-year cycle, when the dialect is Debian or cronie and the schedule fires.</param>
/// <param name="Diagnostics">Every finding, parse errors and checks alike.</param>
public sealed record ScheduleExplanation(
    string Expression,
    CronDialect Dialect,
    TimeZoneInfo Zone,
    string Description,
    IReadOnlyList<string> Notes,
    IReadOnlyList<CronRun> Runs,
    CronCycle? Cycle,
    IReadOnlyList<Diagnostic> Diagnostics);

/// <summary>Explains a schedule: description, next runs, cycle gaps and diagnostics.</summary>
public static class CronExplainer
{
    /// <summary>Explains <paramref name="expression"/> as the daemon of <paramref name="dialect"/> on a host in <paramref name="zone"/> runs it after <paramref name="from"/>.</summary>
    public static ScheduleExplanation Explain(string expression, CronDialect dialect, TimeZoneInfo zone, DateTimeOffset from, int count = 5)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var parsed = CronSchedule.ParseWithDiagnostics(expression, dialect);
        var diagnostics = new List<Diagnostic>(parsed.Diagnostics);
        var schedule = parsed.Schedule;
        if (schedule is null)
        {
            return new ScheduleExplanation(expression, dialect, zone, "The daemon rejects this line: the job never runs, and in an /etc/cron.d file no job of that file runs.", [], [], null, diagnostics);
        }

        diagnostics.AddRange(CronChecks.Check(parsed, new ExpressionCheckOptions(zone, from)));
        var notes = new List<string>();
        if (schedule.Calendar is not null && !schedule.NeverFires && dialect is CronDialect.Debian or CronDialect.Cronie)
        {
            notes.Add(Describer.Kind(schedule));
        }

        var runs = schedule.NeverFires ? [] : schedule.RunsAfter(from, zone).Take(count).ToList();
        CronCycle? cycle = null;
        if (dialect is CronDialect.Debian or CronDialect.Cronie && !schedule.NeverFires)
        {
            var year = Math.Clamp(TimeZoneInfo.ConvertTime(from, zone).Year, 1, 9999 - CycleAnalyzer.CycleYears);
            cycle = schedule.AnalyzeCycle(zone, year);
        }

        var description = dialect is CronDialect.Cronos or CronDialect.NCrontab && schedule.Calendar is not null
            ? Describer.Describe(schedule) + $" (as Debian reads it; the runs below are {CronDialects.Name(dialect)}'s own)"
            : Describer.Describe(schedule);
        return new ScheduleExplanation(expression, dialect, zone, description, notes, runs, cycle, Diagnostic.InReadingOrder(diagnostics));
    }
}
