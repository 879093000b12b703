using System.Globalization;
using CronPlan.Analysis;
using CronPlan.Cron;
using CronPlan.Diagnostics;
using CronPlan.Tabs;
using FluentAssertions;
using FluentAssertions.Execution;
using FluentAssertions.Primitives;

namespace CronPlan.FluentAssertions;

/// <summary>
/// Assertions on a cron tab, judged as Debian's daemon runs it: over <see cref="CycleYears"/> years of runs (every
/// combination of weekday, month, day and leap year) in the zone given, daylight-saving changes included.
/// </summary>
public sealed class CronTabAssertions : ReferenceTypeAssertions<CronTab, CronTabAssertions>
{
    /// <summary>The years of runs the timing assertions examine: the calendar's whole cycle of weekdays and leap years.</summary>
    public const int CycleYears = 28;

    private static readonly DateTime CycleStart = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);

    /// <summary>Creates the assertions for <paramref name="tab"/>.</summary>
    public CronTabAssertions(CronTab tab)
        : base(tab)
    {
    }

    /// <inheritdoc/>
    protected override string Identifier => "cron tab";

    /// <summary>
    /// Asserts that linting the tab (CPL1xxx, CPL2xxx) and analysing its backup jobs (CPL4xxx) finds nothing of
    /// <paramref name="atLeast"/> or worse, exactly as <c>cronplan lint</c> with the same options would.
    /// <paramref name="options"/> says what the analysis cannot see in the tab: the host's zone, the deadline, when the
    /// tab goes live (where the DST checks start), whether the backup user's <c>.my.cnf</c> sets <c>no_tablespaces</c>...
    /// </summary>
    public AndConstraint<CronTabAssertions> HaveNoDiagnostics(DiagnosticSeverity atLeast = DiagnosticSeverity.Warning, AnalysisOptions? options = null, string because = "", params object[] becauseArgs)
    {
        // As cronplan lint judges the tab: DST checks and runs from options.Deploy, else from the start lint, check and
        // compile share; a tab written by cronplan compile is timed by the durations its header states.
        var found = ScheduleAnalyzer.LintAndAnalyze([new AnalyzedTab(Subject.Path ?? "cron tab", Subject)], options ?? new AnalysisOptions())
            .Where(d => d.Severity >= atLeast)
            .ToList();
        if (found.Count > 0)
        {
            Fail(Execute.Assertion.BecauseOf(because, becauseArgs), "cron tab", $"to have no diagnostics of severity {atLeast} or worse", $", but found:{Lines(found.Select(d => d.ToString()))}");
        }
        return new AndConstraint<CronTabAssertions>(this);
    }

    /// <summary>
    /// Asserts that every run of the job whose command contains <paramref name="later"/> starts at least
    /// <paramref name="atLeast"/> after a run of the job whose command contains <paramref name="earlier"/>, one that
    /// came after the later job's previous run: an upload never ships the same dump twice, nor a dump still being
    /// written.
    /// </summary>
    public AndConstraint<CronTabAssertions> RunAlwaysAfter(string later, string earlier, TimeSpan atLeast = default, TimeZoneInfo? zone = null, string because = "", params object[] becauseArgs)
    {
        zone ??= TimeZoneInfo.Utc;
        var scope = Execute.Assertion.BecauseOf(because, becauseArgs);
        if (Find(later, scope) is not { } laterJob || Find(earlier, scope) is not { } earlierJob)
        {
            return new AndConstraint<CronTabAssertions>(this);
        }

        var earlierRuns = Runs(earlierJob, zone).ToList();
        if (earlierRuns.Count == 0)
        {
            Fail(scope, "cron tab", $"to run the job \"{earlierJob.Command}\" (line {earlierJob.Line}) before the job \"{laterJob.Command}\"", ", but it never runs.");
            return new AndConstraint<CronTabAssertions>(this);
        }

        DateTimeOffset? previous = null;
        var index = -1;
        foreach (var run in Runs(laterJob, zone))
        {
            while (index + 1 < earlierRuns.Count && earlierRuns[index + 1] <= run)
            {
                index++;
            }

            // Runs before the earlier job's first run are the cycle's edge, not a fault: a real deployment has run before.
            if (index < 0)
            {
                continue;
            }

            var before = earlierRuns[index];
            var problem = previous is { } last && before <= last ? $"its latest run before, {Moment(before)}, was already followed by the run of {Moment(last)}"
                : run - before < atLeast ? $"it starts only {Minutes(run - before)} after the run of {Moment(before)}"
                : null;
            if (problem is not null)
            {
                Fail(
                    scope,
                    "cron tab",
                    $"to always start the job \"{laterJob.Command}\" (line {laterJob.Line}) at least {Minutes(atLeast)} after the job \"{earlierJob.Command}\" (line {earlierJob.Line})",
                    $", but on {Moment(run)} {problem}.");
                break;
            }

            previous = run;
        }

        return new AndConstraint<CronTabAssertions>(this);
    }

    /// <summary>
    /// Asserts that every running job, taking <paramref name="takes"/>, ends by <paramref name="deadline"/> (a time of
    /// day in <paramref name="zone"/>) of the night it starts in. A run that starts within 6 hours after a deadline is
    /// late for it, not early for the next.
    /// </summary>
    public AndConstraint<CronTabAssertions> FinishBy(TimeOnly deadline, TimeSpan takes, TimeZoneInfo? zone = null, string because = "", params object[] becauseArgs)
    {
        zone ??= TimeZoneInfo.Utc;
        var scope = Execute.Assertion.BecauseOf(because, becauseArgs);
        foreach (var job in Subject.RunningJobs.Where(j => j.Schedule is not null))
        {
            foreach (var run in Runs(job, zone))
            {
                var local = TimeZoneInfo.ConvertTime(run, zone);
                var dueDay = local.TimeOfDay <= deadline.ToTimeSpan() ? local.Date : local.Date.AddDays(1);
                var due = dueDay + deadline.ToTimeSpan();
                var sinceDeadline = local.DateTime - due.AddDays(-1);
                if (sinceDeadline < TimeSpan.FromHours(6) || local.DateTime + takes > due)
                {
                    Fail(
                        scope,
                        "cron tab",
                        $"to finish every job by {deadline.ToString("HH:mm", CultureInfo.InvariantCulture)} {zone.Id}",
                        $", but the job \"{job.Command}\" (line {job.Line}) starting {Moment(TimeZoneInfo.ConvertTime(run, zone))} and taking {Minutes(takes)} ends at {Moment(TimeZoneInfo.ConvertTime(run + takes, zone))}.");
                    return new AndConstraint<CronTabAssertions>(this);
                }
            }
        }

        return new AndConstraint<CronTabAssertions>(this);
    }

    private CronJob? Find(string part, AssertionScope scope)
    {
        var matches = Subject.RunningJobs.Where(j => j.Schedule is not null && j.Command.Contains(part, StringComparison.Ordinal)).ToList();
        if (matches.Count == 1)
        {
            return matches[0];
        }

        Fail(scope, "cron tab", $"to have exactly one running job whose command contains \"{part}\"", $", but found {(matches.Count == 0 ? "none" : string.Join(" and ", matches.Select(j => $"line {j.Line}")))}.");
        return null;
    }

    private static IEnumerable<DateTimeOffset> Runs(CronJob job, TimeZoneInfo zone)
    {
        var end = new DateTimeOffset(CycleStart.AddYears(CycleYears), TimeSpan.Zero);
        return job.Schedule!.RunsAfter(CycleStart, zone).Select(r => r.At).TakeWhile(at => at < end);
    }

    /// <summary>
    /// Fails with "Expected {context} <paramref name="expectation"/>{reason}<paramref name="finding"/>": the values are
    /// written into the text (commands and times read better unquoted), their braces escaped.
    /// </summary>
    internal static void Fail(AssertionScope scope, string context, string expectation, string finding) =>
        scope.FailWith($"Expected {{context:{context}}} {Escape(expectation)}{{reason}}{Escape(finding)}");

    private static string Escape(string text) => text.Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal);

    internal static string Moment(DateTimeOffset at) => at.ToString("ddd yyyy-MM-dd HH:mmzzz", CultureInfo.InvariantCulture);

    /// <summary>
    /// <c>5m</c>, <c>1h 30m</c>, <c>4d</c>: as the library's messages write durations. A copy, not a call: this package
    /// uses only the library's public API, so that it works with any CronPlan of the same major version.
    /// </summary>
    internal static string Minutes(TimeSpan span)
    {
        var parts = new List<string>();
        if (span.Days > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{span.Days}d"));
        }

        if (span.Hours > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{span.Hours}h"));
        }

        if (span.Minutes > 0 || parts.Count == 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{span.Minutes}m"));
        }

        return string.Join(' ', parts);
    }

    internal static string Lines(IEnumerable<string> lines) => string.Concat(lines.Select(l => Environment.NewLine + "    " + l));
}
