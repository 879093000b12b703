using CronPlan.Cron;
using CronPlan.Diagnostics;

namespace CronPlan.Tabs;

/// <summary>How to read a cron tab.</summary>
/// <param name="Format">System (user column) or user crontab.</param>
/// <param name="Dialect">Debian (one bad line kills the file) or cronie (one bad line is skipped).</param>
/// <param name="UserExists">Looks a user up the way the daemon does when it loads the file; null to take every user as existing.</param>
public sealed record CronTabOptions(CronTabFormat Format = CronTabFormat.System, CronDialect Dialect = CronDialect.Debian, Func<string, bool>? UserExists = null);

/// <summary>A cron tab file as the daemon reads it: every line, every job with its environment, and whether it loads.</summary>
public sealed class CronTab
{
    internal CronTab(string? path, string text, CronTabOptions options, IReadOnlyList<CronTabLine> lines, IReadOnlyList<CronJob> jobs, bool endsWithNewline)
    {
        Path = path;
        Text = text;
        Options = options;
        Lines = lines;
        EndsWithNewline = endsWithNewline;
        Jobs = jobs;
    }

    /// <summary>The path the text came from, as given; null for text from elsewhere.</summary>
    public string? Path { get; }

    /// <summary>The whole text.</summary>
    public string Text { get; }

    /// <summary>How it was read.</summary>
    public CronTabOptions Options { get; }

    /// <summary>Every line in order.</summary>
    public IReadOnlyList<CronTabLine> Lines { get; }

    /// <summary>Every job line, accepted or not.</summary>
    public IReadOnlyList<CronJob> Jobs { get; }

    /// <summary>The text ends with a line feed (or is empty).</summary>
    public bool EndsWithNewline { get; }

    /// <summary>Debian ignores the whole file when any line is bad; cronie skips only that line.</summary>
    public bool Loads => _loads ??= Options.Dialect == CronDialect.Cronie || Lines.All(l => l.IsAccepted);

    private bool? _loads;

    /// <summary>The first line that makes a Debian daemon ignore the file, or null.</summary>
    public CronTabLine? FirstRejectedLine => Lines.FirstOrDefault(l => !l.IsAccepted);

    /// <summary>The jobs the daemon will run.</summary>
    public IEnumerable<CronJob> RunningJobs => Loads ? Jobs.Where(j => j.IsAccepted) : [];

    /// <summary>Reads <paramref name="text"/> as a cron tab.</summary>
    public static CronTab Parse(string text, CronTabOptions? options = null, string? path = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return CronTabParser.Parse(text, options ?? new CronTabOptions(), path);
    }
}
