using System.CommandLine;
using System.Globalization;
using CronPlan.Cli.Output;
using CronPlan.Diagnostics;
using CronPlan.Sla;

namespace CronPlan.Cli.Commands;

/// <summary>
/// <c>cronplan restore-commands [FILE]</c>: the commands a restore document tells its reader to run, in order, as
/// <c>LINE&lt;TAB&gt;USER&lt;TAB&gt;COMMAND</c> lines: the same reading <c>check</c> judges, for a drill to run them.
/// </summary>
internal static class RestoreCommandsCommand
{
    public static Command Create(TextWriter stdout)
    {
        var path = new Argument<string>("FILE") { Description = "the restore document", DefaultValueFactory = _ => "backup_restore.md" };
        var command = new Command("restore-commands", "the commands of a restore document, in order, one per line: LINE, the user it runs as, the command (tab-separated)")
        {
            path,
        };
        command.SetAction(result =>
        {
            var given = result.GetValue(path)!;
            var commands = RestoreDocument.ReadCommands(given, out var problem);
            if (problem is not null)
            {
                LintCommand.Write(stdout, OutputFormat.Text, [problem]);
                return CliApp.Usage;
            }

            foreach (var restore in commands)
            {
                stdout.Write(string.Create(CultureInfo.InvariantCulture, $"{restore.Location.Line}\t{restore.User}\t{restore.Text}\n"));
            }

            return CliApp.Ok;
        });
        return command;
    }
}
