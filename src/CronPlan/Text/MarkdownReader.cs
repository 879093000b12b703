using System.Text.RegularExpressions;
using Markdig;
using Markdig.Syntax;

namespace CronPlan.Text;

/// <summary>
/// Markdig with a way out: it slows down and then refuses documents nested beyond its depth limit (thousands of
/// <c>&gt;</c> or list levels). Such lines carry no promise anyone could read; they are blanked (positions kept) and
/// the rest is parsed.
/// </summary>
internal static partial class MarkdownReader
{
    /// <summary>The parsed document, and the first line (1-based) that had to be left out, if any.</summary>
    public static (MarkdownDocument Document, int? SkippedFrom) Parse(string markdown, MarkdownPipeline pipeline)
    {
        // Markdig's time grows with the square of the nesting depth before it gives up: such lines go before it sees them.
        int? first = null;
        if (DeeplyNested().IsMatch(markdown))
        {
            var lineNumber = 0;
            markdown = string.Join('\n', markdown.Split('\n').Select(line =>
            {
                lineNumber++;
                if (!DeeplyNested().IsMatch(line))
                {
                    return line;
                }

                // Spaces, not nothing: every offset after it must stay where it was.
                first ??= lineNumber;
                return new string(' ', line.Length);
            }));
        }

        try
        {
            return (Markdown.Parse(markdown, pipeline), first);
        }
        catch (ArgumentException)
        {
            return (Markdown.Parse("", pipeline), first ?? 1);
        }
    }

    /// <summary>The 0-based line of each offset in <paramref name="text"/>, by binary search over the line starts.</summary>
    public static Func<int, int> LineOf(string text)
    {
        var starts = new List<int> { 0 };
        for (var i = text.IndexOf('\n', StringComparison.Ordinal); i >= 0; i = text.IndexOf('\n', i + 1))
        {
            starts.Add(i + 1);
        }

        return offset =>
        {
            var index = starts.BinarySearch(Math.Clamp(offset, 0, text.Length));
            return index >= 0 ? index : ~index - 1;
        };
    }

    // More than 32 quote markers, or more than 64 columns of indentation before a list marker.
    [GeneratedRegex(@"^(?:[ \t]*>){33}|^[ \t]{65,}(?:[-*+]|\d+[.)])\s", RegexOptions.Multiline, matchTimeoutMilliseconds: 1000)]
    private static partial Regex DeeplyNested();
}
