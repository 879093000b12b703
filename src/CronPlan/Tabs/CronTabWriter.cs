using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CronPlan.Cron;
using CronPlan.Diagnostics;

namespace CronPlan.Tabs;

/// <summary>A job to write: its schedule, user (system tabs), the command the shell runs and its standard input.</summary>
/// <param name="Schedule">Five fields or an @ keyword.</param>
/// <param name="User">The user column; null for a user crontab.</param>
/// <param name="Command">What the shell runs, as it should arrive (no escaping: the writer escapes).</param>
/// <param name="StandardInput">Text fed to the command, or null.</param>
/// <param name="Comment">A comment line written above the job, or null.</param>
public sealed record CronTabEntry(string Schedule, string? User, string Command, string? StandardInput = null, string? Comment = null);

/// <summary>A cron tab to write: header comment lines, assignments in order, jobs in order.</summary>
/// <param name="Header">Comment lines at the top (without '#').</param>
/// <param name="Environment">Assignments, written in this order.</param>
/// <param name="Entries">The jobs.</param>
public sealed record CronTabDocument(IReadOnlyList<string> Header, IReadOnlyList<KeyValuePair<string, string>> Environment, IReadOnlyList<CronTabEntry> Entries);

/// <summary>Writes cron tabs the daemon reads exactly as meant: escaped, aligned, ending in a line feed, installed atomically.</summary>
public static partial class CronTabWriter
{
    /// <summary>The text of <paramref name="document"/>. Throws <see cref="ArgumentException"/> for content no cron tab can hold.</summary>
    public static string Write(CronTabDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var text = new StringBuilder();
        foreach (var line in document.Header)
        {
            RequireOneLine(line, "a header line");
            text.Append(line.Length == 0 ? "#" : "# " + line).Append('\n');
        }

        foreach (var (name, value) in document.Environment)
        {
            text.Append(Assignment(name, value)).Append('\n');
        }

        var scheduleWidth = document.Entries.Select(e => Normalize(e.Schedule).Length).DefaultIfEmpty(0).Max();
        var userWidth = document.Entries.Select(e => e.User?.Length ?? 0).DefaultIfEmpty(0).Max();
        foreach (var entry in document.Entries)
        {
            if (entry.Comment is not null)
            {
                RequireOneLine(entry.Comment, "a comment");
                text.Append("# ").Append(entry.Comment).Append('\n');
            }

            var schedule = Normalize(entry.Schedule);
            if (!CronSchedule.TryParse(schedule, out _))
            {
                throw new ArgumentException($"'{entry.Schedule}' is not a schedule the daemon accepts", nameof(document));
            }

            text.Append(schedule.PadRight(scheduleWidth)).Append("  ");
            if (entry.User is not null)
            {
                if (entry.User.Length == 0 || entry.User.Any(c => c is ' ' or '\t' or '\n' or '\r'))
                {
                    throw new ArgumentException($"'{entry.User}' cannot stand in a user column", nameof(document));
                }

                text.Append(entry.User.PadRight(userWidth)).Append("  ");
            }

            text.Append(EscapeCommand(entry.Command, entry.StandardInput)).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>One space between fields, no blanks around.</summary>
    private static string Normalize(string schedule) =>
        string.Join(' ', schedule.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries));

    private static void RequireOneLine(string text, string what)
    {
        if (text.Contains('\n', StringComparison.Ordinal) || text.Contains('\r', StringComparison.Ordinal))
        {
            throw new ArgumentException($"{what} must be one line: '{text}'");
        }
    }

    private static string Assignment(string name, string value)
    {
        if (!VariableName().IsMatch(name))
        {
            throw new ArgumentException($"'{name}' is not a variable name cron can set");
        }

        RequireOneLine(value, $"the value of {name}");
        var plain = value.Length > 0 && value == value.Trim() && !value.Contains('#', StringComparison.Ordinal) && value[0] is not ('"' or '\'');
        if (plain)
        {
            return $"{name}={value}";
        }

        var quote = !value.Contains('"', StringComparison.Ordinal) ? '"' : !value.Contains('\'', StringComparison.Ordinal) ? '\'' :
            throw new ArgumentException($"the value of {name} holds both kinds of quote; cron cannot set it");
        return $"{name}={quote}{value}{quote}";
    }

    /// <summary>
    /// Escapes a command for the daemon, which unescapes <c>\%</c> and <c>\\</c> and turns the first bare <c>%</c> into the
    /// start of standard input and every later one into a line feed.
    /// </summary>
    public static string EscapeCommand(string command, string? standardInput = null)
    {
        ArgumentNullException.ThrowIfNull(command);
        RequireOneLine(command, "a command");
        if (command.Length == 0)
        {
            throw new ArgumentException("a job needs a command");
        }

        var text = new StringBuilder(command.Length + 8);
        Escape(command, text, followedByPercent: standardInput is not null);
        if (standardInput is not null)
        {
            text.Append('%');
            var lines = standardInput.Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                if (i > 0)
                {
                    text.Append('%');
                }

                RequireOneLine(lines[i], "a line of standard input");
                Escape(lines[i], text, followedByPercent: i < lines.Length - 1);
            }
        }

        if (text.Length > CronTabParser.MaxCommandLength)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"the command is {text.Length} characters long; the daemon rejects more than {CronTabParser.MaxCommandLength}"));
        }

        return text.ToString();
    }

    /// <summary>A backslash is doubled when the daemon would pair it with what follows: '%', '\\' or the separator after the part.</summary>
    private static void Escape(string part, StringBuilder text, bool followedByPercent)
    {
        for (var i = 0; i < part.Length; i++)
        {
            var c = part[i];
            if (c == '%')
            {
                text.Append("\\%");
            }
            else if (c == '\\' && (i + 1 < part.Length ? part[i + 1] is '%' or '\\' : followedByPercent))
            {
                text.Append("\\\\");
            }
            else
            {
                text.Append(c);
            }
        }
    }

    /// <summary>
    /// Writes <paramref name="text"/> to <paramref name="directory"/>/<paramref name="name"/> atomically: a temporary file in the
    /// same directory (whose leading dot keeps the daemon away), mode 0644, then a rename. Refuses names the daemon skips.
    /// </summary>
    public static Diagnostic? Install(string directory, string name, string text)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(text);
        if (!DaemonReadsName().IsMatch(name))
        {
            return DiagnosticCatalog.CPL2001.Create(
                new SourceLocation(Path.Combine(directory, name), 1, 1, 1, 1),
                $"refusing to write '{name}': the daemon skips cron.d files whose names hold anything but letters, digits, '-' and '_'");
        }

        var target = Path.Combine(directory, name);
        var temporary = Path.Combine(directory, $".{name}.{Environment.ProcessId}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                var bytes = new UTF8Encoding(false).GetBytes(text);
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            }

            File.Move(temporary, target, overwrite: true);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            File.Delete(temporary);
            return DiagnosticCatalog.CPL9001.Create(new SourceLocation(target, 1, 1, 1, 1), $"cannot write '{target}': {e.Message}");
        }
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex VariableName();

    [GeneratedRegex("^[A-Za-z0-9_-]+$", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex DaemonReadsName();
}
