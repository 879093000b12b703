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

    /// <summary>Diagnostics in reading order: file, line, column, then ID; equal keys keep their order.</summary>
    public static IReadOnlyList<Diagnostic> InReadingOrder(IEnumerable<Diagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        var list = diagnostics.ToList();
        for (var i = 1; i < list.Count; i++)
        {
            if (Compare(list[i - 1], list[i]) > 0)
            {
                // Stable: equal keys keep the order they were found in.
                var order = Enumerable.Range(0, list.Count).ToArray();
                var items = list.ToArray();
                Array.Sort(order, (a, b) => Compare(items[a], items[b]) is var c && c != 0 ? c : a.CompareTo(b));
                return [.. order.Select(index => items[index])];
            }
        }

        return list;
    }

    private static int Compare(Diagnostic x, Diagnostic y)
    {
        var c = string.CompareOrdinal(x.Location.File, y.Location.File);
        if (c == 0)
        {
            c = x.Location.Line.CompareTo(y.Location.Line);
        }

        if (c == 0)
        {
            c = x.Location.Column.CompareTo(y.Location.Column);
        }

        return c != 0 ? c : string.CompareOrdinal(x.Id, y.Id);
    }
}
