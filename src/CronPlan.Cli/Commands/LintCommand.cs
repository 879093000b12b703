using System.CommandLine;
using CronPlan.Analysis;
using CronPlan.Cli.Output;
using CronPlan.Cron;
using CronPlan.Diagnostics;
using CronPlan.Tabs;

namespace CronPlan.Cli.Commands;

/// <summary><c>cronplan lint FILE...</c>: every rule on cron.d files (or user crontabs), in any output format.</summary>
internal static class LintCommand
{
    public static Command Create(TextWriter stdout, Stream? stdin = null)
    {
        var files = new Argument<string[]>("FILE") { Description = "cron tabs to check; - reads standard input", Arity = ArgumentArity.OneOrMore };
        var dialect = CommonOptions.Dialect();
        var zone = CommonOptions.Zone();
        var userCrontab = new Option<bool>("--user-crontab") { Description = "the per-user format (crontab -e), without a user column" };
        var passwd = new Option<string?>("--passwd") { Description = "check users against this passwd file (CPL2004)", HelpName = "FILE" };
        var hostUsers = new Option<bool>("--host-users") { Description = "check users against this host's /etc/passwd (CPL2004)" };
        var installed = new Option<bool>("--installed") { Description = "the files are installed: also check owner, mode, type and links as the daemon does (CPL2010; implied under /etc/cron.d)" };
        var format = CommonOptions.DiagnosticsFormat();
        var deadline = CommonOptions.Deadline("every backup job finished by this time of day (HH:MM), in --deadline-zone; without it no deadline is checked (CPL4004)");
        var deadlineZone = CommonOptions.DeadlineZone();
        var deploy = CommonOptions.Deploy();
        var command = new Command("lint", "check cron tabs the way the daemon reads them: what it ignores, rejects or runs differently than intended")
        {
            files, dialect, zone, userCrontab, passwd, hostUsers, installed, format, deadline, deadlineZone, deploy,
        };
        command.SetAction(result =>
        {
            var outputFormat = ReadFormat(result.GetValue(format)!);
            var cronDialect = CommonOptions.ReadDialect(result.GetValue(dialect)!);
            if (cronDialect is not (CronDialect.Debian or CronDialect.Cronie))
            {
                throw new UsageException("lint reads cron tabs as a daemon does: use --dialect debian or cronie");
            }

            var users = ReadUsers(result.GetValue(passwd), result.GetValue(hostUsers));
            var tabOptions = new CronTabOptions(
                result.GetValue(userCrontab) ? CronTabFormat.User : CronTabFormat.System,
                cronDialect,
                users is null ? null : users.Contains);

            // The files are one host's: each is linted, then their backup jobs are judged together over their runs (CPL4xxx).
            // A tab knows nothing of the night it runs in: only a --deadline given makes a deadline to check. A tab written by
            // cronplan compile states its durations in its header.
            var hostZone = CommonOptions.ReadZone(result.GetValue(zone)!);
            var given = result.GetValue(deadline);
            int? deadlineMinute = given is null ? null : CommonOptions.ReadDeadline(given);
            var deadlineIn = CommonOptions.ReadZone(result.GetValue(deadlineZone)!);
            var live = CommonOptions.ReadDeploy(result.GetValue(deploy));

            // --deploy starts the DST checks as it starts the runs; without it both start where check's and compile's do.
            var options = AnalysisOptions.From(hostZone, live, deadlineMinute, deadlineIn, "--deadline");
            var inputs = result.GetValue(files)!
                .Select(path => TabInput.Read(path, path == "-" ? "-" : DisplayPath(path), tabOptions, result.GetValue(installed), stdin))
                .ToList();
            var linted = TabPipeline.Run(inputs, options);

            Write(stdout, outputFormat, linted.Findings);
            return linted.Unreadable ? CliApp.Usage : linted.Findings.Any(d => d.Severity == DiagnosticSeverity.Error) ? CliApp.Findings : CliApp.Ok;
        });
        return command;
    }

    internal static OutputFormat ReadFormat(string name) => name.ToLowerInvariant() switch
    {
        "text" => OutputFormat.Text,
        "json" => OutputFormat.Json,
        "sarif" => OutputFormat.Sarif,
        "github" => OutputFormat.GitHub,
        _ => throw new UsageException($"unknown format '{name}': use text, json, sarif or github"),
    };

    private static HashSet<string>? ReadUsers(string? passwd, bool hostUsers)
    {
        var file = passwd ?? (hostUsers ? "/etc/passwd" : null);
        if (file is null)
        {
            return null;
        }

        try
        {
            return Words.PasswdNames(File.ReadAllText(file));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--passwd '{file}' cannot be read: {e.Message}");
        }
    }

    /// <summary>Paths relative to the current directory, with '/' separators, as the output contract says.</summary>
    private static string DisplayPath(string path)
    {
        var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), Path.GetFullPath(path));
        return (relative.StartsWith("..", StringComparison.Ordinal) ? Path.GetFullPath(path) : relative).Replace('\\', '/');
    }

    internal static void Write(TextWriter stdout, OutputFormat format, IReadOnlyList<Diagnostic> all)
    {
        var ordered = Diagnostic.InReadingOrder(all);
        switch (format)
        {
            case OutputFormat.Json:
                stdout.Write(DiagnosticFormatter.Json(json =>
                {
                    json.WriteStartObject();
                    json.WriteNumber("version", 1);
                    DiagnosticFormatter.WriteJsonDiagnostics(json, ordered);
                    json.WriteEndObject();
                }));
                break;
            case OutputFormat.Sarif:
                stdout.Write(DiagnosticFormatter.Sarif(ordered, typeof(LintCommand).Assembly.GetName().Version?.ToString(3) ?? "0.0.0"));
                break;
            case OutputFormat.GitHub:
                DiagnosticFormatter.WriteGitHub(stdout, ordered);
                break;
            default:
                DiagnosticFormatter.WriteText(stdout, ordered);
                stdout.WriteLine(DiagnosticFormatter.Summary(ordered));
                break;
        }
    }
}
