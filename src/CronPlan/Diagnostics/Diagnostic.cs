using System.Globalization;

namespace CronPlan.Diagnostics;

/// <summary>One finding: a permanent ID, a severity, a message naming the concrete values, where it is, and how to fix it.</summary>
public sealed record Diagnostic
{
    /// <summary>Creates a finding.</summary>
    public Diagnostic(string id, DiagnosticSeverity severity, string message, SourceLocation location, string? fix = null, IReadOnlyList<string>? notes = null)
    {
        Id = id;
        Severity = severity;
        Message = message;
        Location = location;
        Fix = fix;
        Notes = notes ?? [];
    }

    /// <summary>The permanent ID, such as <c>CPL1002</c>.</summary>
    public string Id { get; }

    /// <summary>Error, warning or info.</summary>
    public DiagnosticSeverity Severity { get; }

    /// <summary>One line naming the values involved.</summary>
    public string Message { get; }

    /// <summary>Where the finding is.</summary>
    public SourceLocation Location { get; }

    /// <summary>The corrected text or the command to run, when there is one.</summary>
    public string? Fix { get; }

    /// <summary>Further explanation lines.</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>The canonical compiler form: <c>path(line,col): error CPL1002: message</c>.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Location.File ?? "<expr>"}({Location.Line},{Location.Column}): {SeverityName(Severity)} {Id}: {Message}");

    /// <summary>The lower-case name used in every output format.</summary>
    public static string SeverityName(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => "error",
        DiagnosticSeverity.Warning => "warning",
        _ => "info",
    };
}
