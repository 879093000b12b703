using System.CommandLine;
using CronPlan.Cli.Output;
using CronPlan.Diagnostics;
using CronPlan.Repos;

namespace CronPlan.Cli.Commands;

/// <summary><c>cronplan check [PATH]</c>: audit the backup setup of a repository (or the one a backup_sla.md is in).</summary>
internal static class CheckCommand
{
    public static Command Create(TextWriter stdout)
    {
        var path = new Argument<string>("PATH") { Description = "a repository directory, or its backup_sla.md", DefaultValueFactory = _ => "." };
        var zone = CommonOptions.Zone();
        var deadline = CommonOptions.Deadline("every backup job finished by this time of day (HH:MM), in --deadline-zone; default: the deadline backup_sla.md states, else 01:00 UTC, the lab's teardown");
        var deadlineZone = CommonOptions.DeadlineZone();
        var deploy = CommonOptions.Deploy();
        var format = CommonOptions.DiagnosticsFormat();
        var rendered = new Option<string?>("--rendered") { Description = "also write each cron tab as the roles render it into DIR (one file per tab)", HelpName = "DIR" };
        var sla = new Option<bool>("--sla") { Description = "also print every fact read from backup_sla.md (service, kind, value, where, the words) as a table" };
        var command = new Command("check", "audit a backup setup: what the SLA promises, the cron tabs the Ansible roles install and their runs, and the restore document")
        {
            path, zone, deadline, deadlineZone, deploy, format, rendered, sla,
        };
        command.SetAction(result =>
        {
            var outputFormat = LintCommand.ReadFormat(result.GetValue(format)!);
            var given = result.GetValue(path)!;
            var root = CommonOptions.RepositoryRoot(given);
            if (root is null)
            {
                var missing = Problems.Unreadable(new SourceLocation(given, 1, 1, 1, 1), $"'{given}' is neither a repository directory nor a file");
                LintCommand.Write(stdout, outputFormat, [missing]);
                return CliApp.Usage;
            }

            // Only a --deadline given on the command line outranks the SLA's; without it, check's default applies where the SLA states none.
            var deadlineGiven = result.GetValue(deadline);
            var options = new CheckOptions(
                CommonOptions.ReadZone(result.GetValue(zone)!),
                deadlineGiven is null ? 60 : CommonOptions.ReadDeadline(deadlineGiven),
                CommonOptions.ReadZone(result.GetValue(deadlineZone)!),
                CommonOptions.ReadDeploy(result.GetValue(deploy)),
                deadlineGiven is null ? null : "--deadline");
            var checkResult = Checker.Check(root, options);
            var applied = checkResult.Applied ?? options;
            if (result.GetValue(rendered) is { } directory && WriteRendered(checkResult, directory) is { } failed)
            {
                LintCommand.Write(stdout, outputFormat, [failed]);
                return CliApp.Usage;
            }

            // For a person, the short report first: the services, then the night against the deadline.
            if (outputFormat == OutputFormat.Text)
            {
                stdout.Write(ServiceTableText(checkResult.Services));
                stdout.Write('\n');
                stdout.Write(NightChart.ToText(checkResult.Night!));
                stdout.Write('\n');
            }

            // Paths are relative to the directory given, with '/' separators.
            if (outputFormat == OutputFormat.Json)
            {
                WriteJson(stdout, checkResult);
            }
            else
            {
                LintCommand.Write(stdout, outputFormat, checkResult.Diagnostics);
            }

            if (outputFormat == OutputFormat.Text && result.GetValue(sla))
            {
                stdout.Write('\n');
                stdout.Write(SlaTable(checkResult.Sla));
            }

            return checkResult.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error) ? CliApp.Findings : CliApp.Ok;
        });
        return command;
    }

    // The report's JSON with what the SLA was read to state beside the findings.
    private static void WriteJson(TextWriter stdout, CheckResult result)
    {
        var ordered = Diagnostic.InReadingOrder(result.Diagnostics);
        stdout.Write(DiagnosticFormatter.Json(json =>
        {
            json.WriteStartObject();
            json.WriteNumber("version", 1);
            DiagnosticFormatter.WriteJsonDiagnostics(json, ordered);
            json.WriteStartArray("sla");
            foreach (var fact in result.Sla?.Facts ?? [])
            {
                json.WriteStartObject();
                if (fact.Service is null)
                {
                    json.WriteNull("service");
                }
                else
                {
                    json.WriteString("service", fact.Service);
                }

                json.WriteString("kind", fact.KindName);
                json.WriteString("value", fact.Value);
                json.WriteString("file", fact.Location.File);
                json.WriteNumber("line", fact.Location.Line);
                json.WriteNumber("column", fact.Location.Column);
                json.WriteString("text", fact.Text);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }));
    }

    /// <summary>The services table, its columns aligned, or nothing when it has no rows.</summary>
    private static string ServiceTableText(IReadOnlyList<IReadOnlyList<string>> rows)
    {
        if (rows.Count == 0)
        {
            return "";
        }

        var widths = Enumerable.Range(0, rows[0].Count).Select(c => rows.Max(r => r[c].Length)).ToArray();
        var text = new System.Text.StringBuilder("Services (cron tabs against the SLA):\n");
        foreach (var row in rows)
        {
            text.Append("  ").Append(string.Join("  ", row.Select((cell, c) => cell.PadRight(widths[c]))).TrimEnd()).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>The facts as a table: a line each, "all" for what the SLA says of every service.</summary>
    internal static string SlaTable(Sla.SlaDocument? sla)
    {
        if (sla is null)
        {
            return "SLA: no backup_sla.md\n";
        }

        var rows = sla.Facts.Select(f => (Service: f.Service ?? "all", Kind: f.KindName, f.Value, Where: $"{f.Location.File}:{f.Location.Line}:{f.Location.Column}", Text: f.Text)).ToList();
        if (rows.Count == 0)
        {
            return $"SLA ({sla.Path}): nothing could be read\n";
        }

        var header = (Service: "service", Kind: "kind", Value: "value", Where: "where", Text: "text");
        var all = rows.Prepend(header).ToList();
        int Width(Func<(string Service, string Kind, string Value, string Where, string Text), string> column) => all.Max(r => column(r).Length);
        var widths = (Width(r => r.Service), Width(r => r.Kind), Width(r => r.Value), Width(r => r.Where));
        var text = new System.Text.StringBuilder();
        text.Append(System.Globalization.CultureInfo.InvariantCulture, $"SLA ({sla.Path}): {rows.Count} facts\n");
        foreach (var row in all)
        {
            text.Append($"  {row.Service.PadRight(widths.Item1)}  {row.Kind.PadRight(widths.Item2)}  {row.Value.PadRight(widths.Item3)}  {row.Where.PadRight(widths.Item4)}  {row.Text}".TrimEnd()).Append('\n');
        }

        return text.ToString();
    }

    // The tabs exactly as the roles render them (a gated tab as its hosts get it), for a person or a drill to run.
    private static Diagnostic? WriteRendered(CheckResult result, string directory)
    {
        try
        {
            Directory.CreateDirectory(directory);
            foreach (var tab in result.Scan.Tabs)
            {
                var name = tab.IsUserCrontab ? "crontab-" + tab.Destination.Replace("crontab of ", "", StringComparison.Ordinal) : tab.Name;
                var temporary = Path.Combine(directory, $".{name}.tmp");
                File.WriteAllText(temporary, tab.Text);
                File.Move(temporary, Path.Combine(directory, name), overwrite: true);
            }

            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Problems.Unreadable(new SourceLocation(directory, 1, 1, 1, 1), $"cannot write the rendered tabs to '{directory}': {e.Message}");
        }
    }
}
