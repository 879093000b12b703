namespace CronPlan.Diagnostics;

/// <summary>Where a finding is: a file (or none) and a 1-based range of lines and columns.</summary>
/// <param name="File">The path as the user gave it, with '/' separators; null for text given on the command line.</param>
/// <param name="Line">1-based first line.</param>
/// <param name="Column">1-based first column.</param>
/// <param name="EndLine">1-based last line.</param>
/// <param name="EndColumn">1-based column just after the last character.</param>
public readonly record struct SourceLocation(string? File, int Line, int Column, int EndLine, int EndColumn)
{
    /// <summary>A location on one line, from <paramref name="column"/> for <paramref name="length"/> characters.</summary>
    public static SourceLocation OnLine(string? file, int line, int column, int length) =>
        new(file, line, column, line, column + Math.Max(length, 1));

    /// <summary>The same range in another file.</summary>
    public SourceLocation InFile(string? file) => this with { File = file };

    /// <summary>The same range moved down by <paramref name="lines"/> and, on its first line, right by <paramref name="columns"/>.</summary>
    public SourceLocation Shift(int lines, int columns) =>
        new(File, Line + lines, Line == 1 ? Column + columns : Column, EndLine + lines, EndLine == 1 ? EndColumn + columns : EndColumn);
}
