namespace CronPlan.Cron;

/// <summary>The <c>@</c> keywords Debian's cron knows (lower case only).</summary>
public enum CronKeyword
{
    /// <summary>No keyword: five time fields.</summary>
    None = 0,

    /// <summary><c>@reboot</c>: once when the daemon starts, never on the clock.</summary>
    Reboot,

    /// <summary><c>@yearly</c>: <c>0 0 1 1 *</c>.</summary>
    Yearly,

    /// <summary><c>@annually</c>: the same as <c>@yearly</c>.</summary>
    Annually,

    /// <summary><c>@monthly</c>: <c>0 0 1 * *</c>.</summary>
    Monthly,

    /// <summary><c>@weekly</c>: <c>0 0 * * 0</c>.</summary>
    Weekly,

    /// <summary><c>@daily</c>: <c>0 0 * * *</c>.</summary>
    Daily,

    /// <summary><c>@midnight</c>: the same as <c>@daily</c>.</summary>
    Midnight,

    /// <summary><c>@hourly</c>: <c>0 * * * *</c>.</summary>
    Hourly,
}

/// <summary>One element of a field's list: <c>*</c>, a value, or a range, with an optional step.</summary>
/// <param name="Start">0-based offset of the element in the expression.</param>
/// <param name="Length">Length of the element's text.</param>
/// <param name="IsStar">The element is <c>*</c> (with or without a step).</param>
/// <param name="From">First value.</param>
/// <param name="To">Last value (equal to <paramref name="From"/> for a single value).</param>
/// <param name="Step">The step; 1 when none was written.</param>
/// <param name="HasStep">A step was written.</param>
/// <param name="IsRange">A range <c>a-b</c> was written.</param>
internal readonly record struct CronElementSyntax(int Start, int Length, bool IsStar, int From, int To, int Step, bool HasStep, bool IsRange);

/// <summary>One time field as written, with the values it selects.</summary>
internal sealed record CronFieldSyntax(
    CronField Field,
    string Text,
    int Start,
    IReadOnlyList<CronElementSyntax> Elements,
    ulong Bits,
    int IgnoredTextStart,
    bool IsValid)
{
    /// <summary>Debian decides the day rule and wildcard jobs on the text: a field is starred when its text starts with <c>*</c>.</summary>
    public bool IsStarred => Text.Length > 0 && Text[0] == '*';

    public string IgnoredText => IgnoredTextStart < 0 ? "" : Text[IgnoredTextStart..];
}

/// <summary>A whole expression as written: either a keyword or five fields, and every problem found in it.</summary>
internal sealed record CronExpressionSyntax(
    string Text,
    CronKeyword Keyword,
    IReadOnlyList<CronFieldSyntax> Fields,
    IReadOnlyList<Diagnostics.Diagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.Severity == CronPlan.Diagnostics.DiagnosticSeverity.Error);

    public CronFieldSyntax? this[CronField field] => Fields.Count == 5 ? Fields[(int)field] : null;
}
