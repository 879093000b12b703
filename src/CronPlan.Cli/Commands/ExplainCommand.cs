using System.CommandLine;
using System.Globalization;
using CronPlan.Cli.Output;
using CronPlan.Cron;
using CronPlan.Diagnostics;

namespace CronPlan.Cli.Commands;

/// <summary><c>cronplan explain EXPR</c>: the schedule in English, its next runs, its gaps and its diagnostics.</summary>
internal static class ExplainCommand
{
    public static Command Create(TextWriter stdout, TimeProvider? clock = null)
    {
        var arguments = new ScheduleArguments();
        var command = arguments.AddTo(new Command("explain", "the schedule in English, its next runs in the zone and in UTC, the shortest and longest gap over a 400-year cycle, and its diagnostics"));
        command.SetAction(result =>
        {
            var request = arguments.Read(result, clock ?? TimeProvider.System);
            var explanation = CronExplainer.Explain(request.Expression, request.Dialect, request.Zone, request.From, request.Count);
            if (request.Format == OutputFormat.Json)
            {
                stdout.Write(DiagnosticFormatter.Json(json => WriteJson(json, explanation)));
            }
            else
            {
                WriteText(stdout, explanation);
            }

            return explanation.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error) ? CliApp.Findings : CliApp.Ok;
        });
        return command;
    }

    private static void WriteText(TextWriter output, ScheduleExplanation e)
    {
        output.WriteLine($"{e.Expression}  ({Words.Dialect(e.Dialect)} cron, host zone {e.Zone.Id})");
        output.WriteLine($"  {e.Description}");
        foreach (var note in e.Notes)
        {
            output.WriteLine($"  {note}");
        }

        if (e.Runs.Count > 0)
        {
            output.WriteLine();
            output.WriteLine($"Next runs ({e.Zone.Id} | UTC):");
            foreach (var run in e.Runs)
            {
                var utc = Words.Iso(run.At.ToUniversalTime());
                var catchUp = run.IsCatchUp ? $"  catch-up for {run.Scheduled.ToString("HH:mm", CultureInfo.InvariantCulture)} skipped by the DST jump" : "";
                output.WriteLine($"  {run} | {utc}{catchUp}");
            }
        }

        if (e.Cycle is { } cycle)
        {
            output.WriteLine();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Over 400 years from {cycle.Start:yyyy-MM-dd}: {cycle.RunCount} runs"));
            if (cycle.Shortest is { } shortest)
            {
                output.WriteLine($"  shortest gap: {shortest.LengthText}, first from {Words.Iso(shortest.After)} to {Words.Iso(shortest.Before)}");
            }

            if (cycle.Longest is { } longest)
            {
                output.WriteLine($"  longest gap:  {longest.LengthText}, first from {Words.Iso(longest.After)} to {Words.Iso(longest.Before)}");
            }
        }

        output.WriteLine();
        DiagnosticFormatter.WriteText(output, e.Diagnostics);
        output.WriteLine(DiagnosticFormatter.Summary(e.Diagnostics));
    }

    private static void WriteJson(System.Text.Json.Utf8JsonWriter json, ScheduleExplanation e)
    {
        json.WriteStartObject();
        json.WriteString("expression", e.Expression);
        json.WriteString("zone", e.Zone.Id);
        json.WriteString("dialect", Words.Dialect(e.Dialect));
        json.WriteString("description", e.Description);
        json.WriteStartArray("notes");
        foreach (var note in e.Notes)
        {
            json.WriteStringValue(note);
        }

        json.WriteEndArray();
        json.WriteStartArray("runs");
        foreach (var run in e.Runs)
        {
            json.WriteStartObject();
            json.WriteString("at", run.ToString());
            json.WriteString("utc", Words.Iso(run.At.ToUniversalTime()));
            json.WriteString("scheduled", run.Scheduled.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture));
            json.WriteBoolean("catchUp", run.IsCatchUp);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        if (e.Cycle is { } cycle)
        {
            json.WriteStartObject("cycle");
            json.WriteString("start", Words.Iso(cycle.Start));
            json.WriteString("end", Words.Iso(cycle.End));
            json.WriteNumber("runs", cycle.RunCount);
            WriteGap(json, "shortestGap", cycle.Shortest);
            WriteGap(json, "longestGap", cycle.Longest);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("cycle");
        }

        DiagnosticFormatter.WriteJsonDiagnostics(json, e.Diagnostics);
        json.WriteEndObject();
    }

    private static void WriteGap(System.Text.Json.Utf8JsonWriter json, string name, CronGap? gap)
    {
        if (gap is null)
        {
            json.WriteNull(name);
            return;
        }

        json.WriteStartObject(name);
        json.WriteNumber("minutes", (long)gap.Length.TotalMinutes);
        json.WriteString("after", Words.Iso(gap.After));
        json.WriteString("before", Words.Iso(gap.Before));
        json.WriteEndObject();
    }
}
