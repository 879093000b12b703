using CronPlan.Cron;
using CronPlan.Diagnostics;

namespace CronPlan.Tabs;

/// <summary>Which of the two cron tab formats a file is in.</summary>
public enum CronTabFormat
{
    /// <summary>A system cron tab (<c>/etc/cron.d</c>, <c>/etc/crontab</c>): a user column after the time fields.</summary>
    System = 0,

    /// <summary>A user's crontab (<c>crontab -e</c>): no user column.</summary>
    User = 1,
}

/// <summary>What kind of line the daemon sees.</summary>
public enum CronTabLineKind
{
    /// <summary>Empty or only blanks.</summary>
    Blank,

    /// <summary>First non-blank character is <c>#</c>.</summary>
    Comment,

    /// <summary><c>NAME=value</c>.</summary>
    Environment,

    /// <summary>A job: time fields (or an @ keyword), the user in a system tab, the command.</summary>
    Job,
}

/// <summary>A column range on one line (1-based, end exclusive).</summary>
/// <param name="Column">First column.</param>
/// <param name="EndColumn">Column just after the last character.</param>
public readonly record struct ColumnSpan(int Column, int EndColumn)
{
    internal static ColumnSpan Of(int start, int length) => new(start + 1, start + 1 + length);
}

/// <summary>An environment assignment as the daemon reads it.</summary>
/// <param name="Name">The variable.</param>
/// <param name="Value">The value after quote stripping and right-trimming.</param>
/// <param name="WasQuoted">The value was in quotes.</param>
/// <param name="ValueSpan">Where the value stands.</param>
public sealed record CronEnvironmentAssignment(string Name, string Value, bool WasQuoted, ColumnSpan ValueSpan);

/// <summary>One line of a cron tab.</summary>
/// <param name="Number">1-based line number.</param>
/// <param name="Text">The line without its line feed (a CR stays: the daemon keeps it).</param>
/// <param name="Kind">What the daemon sees.</param>
/// <param name="Assignment">For an environment line, the assignment.</param>
/// <param name="Job">For a job line, the job (also when the daemon rejects it).</param>
/// <param name="Rejections">Why the daemon rejects this line (for a job, the same as <see cref="CronJob.Rejections"/>); empty when it accepts it.</param>
public sealed record CronTabLine(int Number, string Text, CronTabLineKind Kind, CronEnvironmentAssignment? Assignment, CronJob? Job, IReadOnlyList<Diagnostic> Rejections)
{
    /// <summary>The daemon accepts the line.</summary>
    public bool IsAccepted => Rejections.Count == 0;
}

/// <summary>A job line as the daemon reads it.</summary>
public sealed class CronJob
{
    private string? _commandText;
    private (string Command, string? Input)? _split;

    /// <summary>1-based line number.</summary>
    public required int Line { get; init; }

    /// <summary>The whole line as written.</summary>
    public required string LineText { get; init; }

    /// <summary>The time fields or keyword as written.</summary>
    public required string ScheduleText { get; init; }

    /// <summary>Where the schedule stands.</summary>
    public required ColumnSpan ScheduleSpan { get; init; }

    /// <summary>The schedule, or null when the daemon rejects its text.</summary>
    public required CronSchedule? Schedule { get; init; }

    /// <summary>The user column of a system tab; null in a user crontab or when missing.</summary>
    public required string? User { get; init; }

    /// <summary>Where the user stands.</summary>
    public required ColumnSpan UserSpan { get; init; }

    /// <summary>Where the command stands (to the end of the line).</summary>
    public required ColumnSpan CommandSpan { get; init; }

    /// <summary>The command as written, up to the end of the line.</summary>
    public string CommandText => _commandText ??= LineText[(CommandSpan.Column - 1)..];

    /// <summary>What the shell runs: up to the first unescaped <c>%</c>, with <c>\%</c> and <c>\\</c> unescaped.</summary>
    public string Command => Split().Command;

    /// <summary>The job's standard input: after the first unescaped <c>%</c>, each further <c>%</c> a line feed; null when none.</summary>
    public string? StandardInput => Split().Input;

    /// <summary>The environment the file sets for this job (assignments above it).</summary>
    public required IReadOnlyDictionary<string, string> Environment { get; init; }

    /// <summary>The reasons the daemon rejects this line; empty when it accepts it.</summary>
    public required IReadOnlyList<Diagnostic> Rejections { get; init; }

    /// <summary>The daemon accepts the line.</summary>
    public bool IsAccepted => Rejections.Count == 0;

    /// <summary>The command as written, without allocating.</summary>
    internal ReadOnlySpan<char> RawCommand => LineText.AsSpan(CommandSpan.Column - 1);

    /// <summary>The command as written up to its first unescaped '%' (escapes left in), without allocating: enough to find redirections and the program.</summary>
    internal ReadOnlySpan<char> CommandToRun
    {
        get
        {
            var raw = RawCommand;
            var percent = CronTabParser.FirstUnescapedPercent(raw);
            return percent < 0 ? raw : raw[..percent];
        }
    }

    /// <summary>
    /// Where the character at <paramref name="commandOffset"/> of <see cref="Command"/> stands in <see cref="LineText"/>
    /// (0-based): past the command's start and every <c>\%</c> or <c>\\</c> before it, which the command holds as one character.
    /// </summary>
    internal int LineIndexOf(int commandOffset)
    {
        var text = CommandText;
        var raw = 0;
        for (var read = 0; read < commandOffset && raw < text.Length; read++)
        {
            raw += text[raw] == '\\' && raw + 1 < text.Length && text[raw + 1] is '%' or '\\' ? 2 : 1;
        }

        return CommandSpan.Column - 1 + raw;
    }

    private (string Command, string? Input) Split() => _split ??= CronTabParser.SplitCommand(CommandText);
}
