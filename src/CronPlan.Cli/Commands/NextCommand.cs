using System.CommandLine;
using CronPlan.Cli.Output;
using CronPlan.Cron;
using CronPlan.Diagnostics;

namespace CronPlan.Cli.Commands;

/// <summary><c>cronplan next EXPR</c>: one run per line, exactly as the daemon starts them.</summary>
internal static class NextCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr, TimeProvider? clock = null)
    {
        var arguments = new ScheduleArguments();
        var command = arguments.AddTo(new Command("next", "the next runs of one schedule, one per line; a run the daemon starts twice (DST catch-up) is listed twice"));
        command.SetAction(result => Run(arguments.Read(result, clock ?? TimeProvider.System), stdout, stderr));
        return command;
    }

    private static int Run(ScheduleRequest request, TextWriter stdout, TextWriter stderr)
    {
        var (expression, from, count, zone, dialect, format) = request;
        var parsed = CronSchedule.ParseWithDiagnostics(expression, dialect);
        var diagnostics = parsed.Diagnostics.ToList();
        var runs = new List<CronRun>();
        if (parsed.Schedule is { } schedule)
        {
            diagnostics.AddRange(CronChecks.Check(parsed, new ExpressionCheckOptions(zone, from, CompareWithOtherEngines: false)).Where(d => d.Id == "CPL1010"));
            runs.AddRange(schedule.RunsAfter(from, zone).Take(count));
        }

        var sorted = Diagnostic.InReadingOrder(diagnostics);
        if (format == OutputFormat.Json)
        {
            stdout.Write(DiagnosticFormatter.Json(json =>
            {
                json.WriteStartObject();
                json.WriteString("expression", expression);
                json.WriteString("zone", zone.Id);
                json.WriteString("dialect", Words.Dialect(dialect));
                json.WriteStartArray("runs");
                foreach (var run in runs)
                {
                    json.WriteStringValue(run.ToString());
                }

                json.WriteEndArray();
                DiagnosticFormatter.WriteJsonDiagnostics(json, sorted);
                json.WriteEndObject();
            }));
        }
        else
        {
            foreach (var run in runs)
            {
                stdout.WriteLine(run.ToString());
            }

            if (sorted.Count > 0)
            {
                DiagnosticFormatter.WriteText(stderr, sorted);
                stderr.WriteLine(DiagnosticFormatter.Summary(sorted));
            }
        }

        return sorted.Any(d => d.Severity == DiagnosticSeverity.Error) ? CliApp.Findings : CliApp.Ok;
    }
}
