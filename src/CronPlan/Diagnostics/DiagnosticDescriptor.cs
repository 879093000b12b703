namespace CronPlan.Diagnostics;

/// <summary>What one diagnostic ID means: its default severity, a title, help and an example that triggers it.</summary>
/// <param name="Id">The permanent ID.</param>
/// <param name="Severity">The default severity.</param>
/// <param name="Title">A short title.</param>
/// <param name="Example">Input that triggers it.</param>
public sealed record DiagnosticDescriptor(string Id, DiagnosticSeverity Severity, string Title, string Example)
{
    /// <summary>Creates a finding of this kind at <paramref name="location"/>.</summary>
    public Diagnostic Create(SourceLocation location, string message, string? fix = null, IReadOnlyList<string>? notes = null, DiagnosticSeverity? severity = null) =>
        new(Id, severity ?? Severity, message, location, fix, notes);

    /// <summary>Every kind of finding, in ID order: the catalogue of docs/rules.md.</summary>
    public static IReadOnlyList<DiagnosticDescriptor> All => DiagnosticCatalog.All;

    /// <summary>The kind of finding with <paramref name="id"/> (any case), or null.</summary>
    public static DiagnosticDescriptor? Find(string id) => DiagnosticCatalog.Find(id);
}
