using System.CommandLine;
using CronPlan.Analysis;
using CronPlan.Cli.Output;
using CronPlan.Compilation;
using CronPlan.Diagnostics;
using CronPlan.Plans;
using CronPlan.Reports;
using CronPlan.Repos;

namespace CronPlan.Cli.Commands;

/// <summary><c>cronplan timeline PATH</c>: the backup night of a plan or a repository as a chart, in text or SVG.</summary>
internal static class TimelineCommand
{
    public static Command Create(TextWriter stdout)
    {
        var path = new Argument<string>("PATH") { Description = "a plan (YAML), a repository directory, or its backup_sla.md", DefaultValueFactory = _ => "." };
        var svg = new Option<string?>("--svg") { Description = "also write the chart as an SVG image to FILE", HelpName = "FILE" };
        var zone = CommonOptions.Zone();
        var deadline = CommonOptions.Deadline();
        var deadlineZone = CommonOptions.DeadlineZone();
        var command = new Command("timeline", "the backup night of a plan or a repository as a chart: every job against the deadline")
        {
            path, svg, zone, deadline, deadlineZone,
        };
        command.SetAction(result =>
        {
            var given = result.GetValue(path)!;
            BackupNight timeline;
            if (File.Exists(given) && (given.EndsWith(".yaml", StringComparison.Ordinal) || given.EndsWith(".yml", StringComparison.Ordinal)))
            {
                var loaded = BackupPlan.Load(given);
                if (loaded.Plan is null)
                {
                    LintCommand.Write(stdout, OutputFormat.Text, loaded.Diagnostics);
                    return loaded.Diagnostics.Any(d => d.Id is "CPL9001" or "CPL9002") ? CliApp.Usage : CliApp.Findings;
                }

                var compiled = Compiler.Compile(loaded.Plan);
                if (compiled.Night is null)
                {
                    LintCommand.Write(stdout, OutputFormat.Text, compiled.Diagnostics);
                    return CliApp.Findings;
                }

                timeline = compiled.Night;
            }
            else
            {
                var root = CommonOptions.RepositoryRoot(given);
                if (root is null)
                {
                    LintCommand.Write(stdout, OutputFormat.Text, [Problems.Unreadable(new SourceLocation(given, 1, 1, 1, 1), $"'{given}' is neither a plan, a repository directory nor a file in one")]);
                    return CliApp.Usage;
                }

                timeline = Checker.Night(root, new AnalysisOptions
                {
                    HostZone = CommonOptions.ReadZone(result.GetValue(zone)!),
                    Deadline = CommonOptions.ReadDeadline(result.GetValue(deadline)!),
                    DeadlineZone = CommonOptions.ReadZone(result.GetValue(deadlineZone)!),
                });
            }

            stdout.Write(NightChart.ToText(timeline));
            if (result.GetValue(svg) is { } file)
            {
                try
                {
                    File.WriteAllText(file, NightChart.ToSvg(timeline));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new UsageException($"--svg '{file}' cannot be written: {e.Message}");
                }
            }

            return CliApp.Ok;
        });
        return command;
    }
}
