using System.CommandLine;
using CronPlan.Cli.Output;
using CronPlan.Compilation;
using CronPlan.Diagnostics;
using CronPlan.Plans;

namespace CronPlan.Cli.Commands;

/// <summary><c>cronplan compile PLAN.yaml</c>: the plan's cron tabs, proven by the run analysis, written atomically or compared.</summary>
internal static class CompileCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var planFile = new Argument<string>("PLAN") { Description = "the plan (YAML)" };
        var output = new Option<string?>("--output", "-o") { Description = "write the cron tabs into this directory (one per service: NAME-backup)", HelpName = "DIR" };
        var check = new Option<bool>("--check") { Description = "compare DIR with what the plan compiles to; exit 1 on any difference (CPL9004)" };
        var format = CommonOptions.DiagnosticsFormat();
        var command = new Command("compile", "turn a backup plan into /etc/cron.d files whose runs are checked before anything is written")
        {
            planFile, output, check, format,
        };
        command.SetAction(result =>
        {
            var outputFormat = LintCommand.ReadFormat(result.GetValue(format)!);
            var directory = result.GetValue(output);
            var compare = result.GetValue(check);
            if (compare && directory is null)
            {
                throw new UsageException("--check compares a directory: give it with -o DIR");
            }

            var path = result.GetValue(planFile)!;
            var loaded = BackupPlan.Load(path);
            if (loaded.Plan is null)
            {
                LintCommand.Write(stdout, outputFormat, loaded.Diagnostics);
                return loaded.Diagnostics.Any(d => d.Id is "CPL9001" or "CPL9002") ? CliApp.Usage : CliApp.Findings;
            }

            var compiled = Compiler.Compile(loaded.Plan);
            var findings = new List<Diagnostic>(loaded.Diagnostics);
            findings.AddRange(compiled.Diagnostics);
            if (!compiled.Succeeded)
            {
                LintCommand.Write(stdout, outputFormat, findings);
                return CliApp.Findings;
            }

            if (directory is null)
            {
                // The tabs go to standard output; the findings (warnings, infos) to standard error.
                foreach (var tab in compiled.Tabs)
                {
                    stdout.Write($"==> {tab.RelativePath} <==\n{tab.Text}");
                }

                if (findings.Count > 0)
                {
                    LintCommand.Write(stderr, OutputFormat.Text, findings);
                }

                return CliApp.Ok;
            }

            findings.AddRange(compare ? Compiler.CheckDrift(compiled, directory) : Compiler.Write(compiled, directory));
            LintCommand.Write(stdout, outputFormat, findings);
            return findings.Any(d => d.Severity == DiagnosticSeverity.Error) ? CliApp.Findings : CliApp.Ok;
        });
        return command;
    }
}
