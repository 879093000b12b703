using System.Globalization;

namespace CronPlan.Diagnostics;

/// <summary>
/// The bounds within which CronPlan reads what it is given; beyond them the input is reported, never computed with
/// (docs/reliability.md, "Hostile-input limits"). DateTime ends at year 9999 and starts at year 1: a moment near either
/// edge, moved by a zone offset or a cycle of analysis, no longer exists.
/// </summary>
internal static class InputLimits
{
    /// <summary>The first year a deployment or a start time may fall in.</summary>
    public const int FirstYear = 1971;

    /// <summary>The last year a deployment or a start time may fall in; the 28-year run analysis still ends before 9999.</summary>
    public const int LastYear = 9000;

    /// <summary>The longest a plan's step may take: a job that runs for a week cannot run every night.</summary>
    public static readonly TimeSpan LongestStep = TimeSpan.FromDays(7);

    /// <summary>The longest duration a plan or SLA may state (an RPO, a retention period): ten years.</summary>
    public static readonly TimeSpan LongestDuration = TimeSpan.FromDays(3660);

    /// <summary>How long one regular expression may take on one input before the text is reported as unreadable.</summary>
    public const int RegexTimeoutMilliseconds = 1000;

    /// <summary>CPL9005 for a file whose reading hit <see cref="RegexTimeoutMilliseconds"/>: what was being read, and that the rest goes on.</summary>
    public static Diagnostic TookTooLong(string? file, string what) =>
        DiagnosticCatalog.CPL9005.Create(
            new SourceLocation(file, 1, 1, 1, 2),
            string.Create(CultureInfo.InvariantCulture, $"CronPlan could not check {file ?? "the input"}: {what} took longer than the {RegexTimeoutMilliseconds} ms a pattern may take on one line; it is checked without it"),
            notes: ["please report this file to CronPlan's maintainers"]);

    /// <summary>Whether <paramref name="moment"/> lies in the years CronPlan computes with.</summary>
    public static bool IsSupported(DateTimeOffset moment) => moment.UtcDateTime.Year is >= FirstYear and <= LastYear;

    /// <summary>Whether a wall-clock <paramref name="local"/> time lies in the years CronPlan computes with.</summary>
    public static bool IsSupported(DateTime local) => local.Year is >= FirstYear and <= LastYear;

    /// <summary>"years 1971 to 9000", for messages.</summary>
    public static string SupportedYears => string.Create(CultureInfo.InvariantCulture, $"years {FirstYear} to {LastYear}");
}
