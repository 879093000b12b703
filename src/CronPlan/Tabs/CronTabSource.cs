using CronPlan.Diagnostics;
using CronPlan.Text;

namespace CronPlan.Tabs;

/// <summary>Text read from a file or standard input, or why it could not be read (CPL9001, CPL9002).</summary>
/// <param name="Path">The path as given (<c>-</c> for standard input).</param>
/// <param name="Text">The text, or null when it could not be read.</param>
/// <param name="Problem">Why not; null when read.</param>
public sealed record CronTabSource(string Path, string? Text, Diagnostic? Problem)
{
    /// <summary>Larger inputs are refused: the daemon reads 10,000 lines at most, far below this.</summary>
    public const long MaxBytes = SourceText.MaxBytes;

    /// <summary>Reads <paramref name="path"/>; <c>-</c> reads <paramref name="standardInput"/>.</summary>
    public static CronTabSource Read(string path, Stream? standardInput = null) => Of(SourceText.Read(path, standardInput));

    /// <summary>UTF-8 text without NUL bytes; otherwise CPL9002 at the first offending byte.</summary>
    public static CronTabSource Decode(string path, byte[] bytes) => Of(SourceText.Decode(path, bytes));

    private static CronTabSource Of(SourceText read) => new(read.Path, read.Text, read.Problem);
}

/// <summary>User names from a passwd file, for CPL2004.</summary>
public static class PasswdFile
{
    /// <summary>The names in <paramref name="text"/> (<c>name:x:uid:gid:...</c> lines).</summary>
    public static IReadOnlySet<string> Names(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Split('\n')
            .Where(l => l.Length > 0 && !l.StartsWith('#') && l.Contains(':', StringComparison.Ordinal))
            .Select(l => l[..l.IndexOf(':', StringComparison.Ordinal)])
            .ToHashSet(StringComparer.Ordinal);
    }
}
