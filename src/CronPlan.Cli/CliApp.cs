using System.CommandLine;
using CronPlan.Cli.Commands;

namespace CronPlan.Cli;

/// <summary>Wires the commands to the library. Exit codes: 0 clean, 1 error-level findings, 2 usage or unreadable input.</summary>
internal static class CliApp
{
    public const int Ok = 0;
    public const int Findings = 1;
    public const int Usage = 2;

    /// <summary>The words of the last-resort message; the contract tests look for them, as no input may reach it.</summary>
    public const string InternalError = "internal error, the input could not be handled";

    /// <summary>
    /// Runs one command line. <paramref name="clock"/> is what <c>next</c> and <c>explain</c> count from without
    /// <c>--from</c> (default: the system's); no other command reads the clock.
    /// </summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, Stream? stdin = null, TimeProvider? clock = null)
    {
        // A named root rather than RootCommand, whose name is the host process's (testhost, CronPlan.Cli).
        var root = new Command("cronplan", "cron schedules as Debian's cron runs them, and backup plans compiled and checked against them")
        {
            new System.CommandLine.Help.HelpOption(),
            new VersionOption(),
            NextCommand.Create(stdout, stderr, clock),
            ExplainCommand.Create(stdout, clock),
            LintCommand.Create(stdout, stdin),
            CompileCommand.Create(stdout, stderr),
            CheckCommand.Create(stdout),
            TimelineCommand.Create(stdout),
            RestoreCommandsCommand.Create(stdout),
        };

        // '@daily' is a cron keyword, never a response file.
        var result = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (result.Errors.Count > 0)
        {
            foreach (var error in result.Errors)
            {
                stderr.WriteLine($"cronplan: {error.Message}");
            }

            stderr.WriteLine("Run 'cronplan --help' for usage.");
            return Usage;
        }

        try
        {
            return result.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (UsageException e)
        {
            stderr.WriteLine($"cronplan: {e.Message}");
            return Usage;
        }
#pragma warning disable CA1031 // The last boundary: whatever the input, the process ends with a message and an exit code, never a stack trace.
        catch (Exception e) when (e is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            stderr.WriteLine($"cronplan: {InternalError} ({e.GetType().Name}: {e.Message}); please report the input to CronPlan's maintainers");
            return Usage;
        }
    }
}

/// <summary>An option value the command cannot use; reported with exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
