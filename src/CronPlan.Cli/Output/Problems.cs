using CronPlan.Diagnostics;

namespace CronPlan.Cli.Output;

/// <summary>Findings the command line makes itself, with the library's IDs.</summary>
internal static class Problems
{
    private static readonly DiagnosticDescriptor Cpl9001 = DiagnosticDescriptor.Find("CPL9001")!;

    /// <summary>CPL9001: an input or output path that cannot be used.</summary>
    public static Diagnostic Unreadable(SourceLocation location, string message) => Cpl9001.Create(location, message);
}
