using System.CommandLine;
using CronPlan.Cron;
using CronPlan.Diagnostics;

namespace CronPlan.Cli.Commands;

/// <summary><c>cronplan next EXPR</c>: one run per line, exactly as the daemon starts them.</summary>
internal static class NextCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr, TimeProvider? clock = null)
    {
        var expression = CommonOptions.Expression();
        var from = CommonOptions.From();
        var count = CommonOptions.Count(5);
        var zone = CommonOptions.Zone();
        var dialect = CommonOptions.Dialect();
        var format = CommonOptions.Format();
        var command = new Command("next", "the next runs of one schedule, one per line; a run the daemon starts twice (DST catch-up) is listed twice")
        {
            expression, from, count, zone, dialect, format,
        };
        command.SetAction(result => Run(
            string.Join(' ', result.GetValue(expression)!),
            result.GetValue(from),
            CommonOptions.ReadCount(result.GetValue(count)),
            CommonOptions.ReadZone(result.GetValue(zone)!),
            CommonOptions.ReadDialect(result.GetValue(dialect)!),
            CommonOptions.ReadFormat(result.GetValue(format)!),
            clock ?? TimeProvider.System,
            stdout,
            stderr));
        return command;
    }

    private static int Run(string expression, string? fromText, int count, TimeZoneInfo zone, CronDialect dialect, OutputFormat format, TimeProvider clock, TextWriter stdout, TextWriter stderr)
    {
        var from = CommonOptions.ReadFrom(fromText, zone, clock);
        var parsed = CronSchedule.ParseWithDiagnostics(expression, dialect);
        var diagnostics = parsed.Diagnostics.ToList();
        var runs = new List<CronRun>();
        if (parsed.Schedule is { } schedule)
        {
            diagnostics.AddRange(CronChecks.Check(parsed, new ExpressionCheckOptions(zone, from, CompareWithOtherEngines: false)).Where(d => d.Id == "CPL1010"));
            runs.AddRange(schedule.RunsAfter(from, zone).Take(count));
        }

        var sorted = DiagnosticFormatter.InOrder(diagnostics);
        if (format == OutputFormat.Json)
        {
            stdout.Write(DiagnosticFormatter.Json(json =>
            {
                json.WriteStartObject();
                json.WriteString("expression", expression);
                json.WriteString("zone", zone.Id);
                json.WriteString("dialect", CronDialects.Name(dialect));
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
