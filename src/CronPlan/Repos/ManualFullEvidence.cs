using System.Text.RegularExpressions;
using CronPlan.Diagnostics;
using CronPlan.Text;

namespace CronPlan.Repos;

/// <summary>
/// Where a repository's documents tell a person to make the first full upload by hand, the remedy CPL4005 names: then an
/// explicit incremental first is a step someone may skip, not a certain failure. What counts as documented:
/// <list type="bullet">
/// <item>a <c>duplicity full</c> command (not a cron line) with "first", "initial", "manually", "by hand", "once",
/// "bootstrap" or "after deploying" on its own line, the four lines before it, or its section's heading;</item>
/// <item>a sentence saying the first (or initial) full, backup or upload is made manually or by hand.</item>
/// </list>
/// Read: README*.md and docs/*.md, backup_restore.md and backup_sla.md at the root; the first match counts.
/// </summary>
internal static partial class ManualFullEvidence
{
    private const int ContextLines = 4;

    /// <summary>The first place in the documents under <paramref name="root"/> that says so, or null.</summary>
    public static SourceLocation? Find(string root)
    {
        ArgumentNullException.ThrowIfNull(root);
        foreach (var (path, shown) in Documents(root))
        {
            var text = SourceText.Read(path).Text;
            if (text is not null && Find(text, shown) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>The first place in one document's <paramref name="text"/> that says so, or null.</summary>
    internal static SourceLocation? Find(string text, string shown)
    {
        var lines = text.Split('\n');
        var heading = "";
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.StartsWith('#'))
            {
                heading = line;
            }

            if (ManualSentence().Match(line) is { Success: true } sentence)
            {
                return At(shown, i, sentence);
            }

            if (FullCommand().Match(line) is { Success: true } command && !CronLine().IsMatch(line))
            {
                var context = string.Join('\n', lines.Skip(Math.Max(0, i - ContextLines)).Take(Math.Min(i, ContextLines) + 1).Prepend(heading));
                if (FirstOrManual().IsMatch(context))
                {
                    return At(shown, i, command);
                }
            }
        }

        return null;
    }

    private static SourceLocation At(string file, int index, Match match) =>
        new(file, index + 1, match.Index + 1, index + 1, match.Index + match.Length + 1);

    private static IEnumerable<(string Path, string Shown)> Documents(string root)
    {
        if (!Directory.Exists(root))
        {
            yield break;
        }

        bool Named(string path, string name) => string.Equals(Path.GetFileName(path), name, StringComparison.OrdinalIgnoreCase);
        var top = Directory.EnumerateFiles(root).Order(StringComparer.Ordinal).ToList();
        foreach (var path in top.Where(p => Path.GetFileName(p).StartsWith("README", StringComparison.OrdinalIgnoreCase) && p.EndsWith(".md", StringComparison.OrdinalIgnoreCase)))
        {
            yield return (path, Path.GetFileName(path));
        }

        foreach (var path in top.Where(p => Named(p, "backup_restore.md") || Named(p, "backup_sla.md")))
        {
            yield return (path, Path.GetFileName(path));
        }

        var docs = Path.Combine(root, "docs");
        if (Directory.Exists(docs))
        {
            foreach (var path in Directory.EnumerateFiles(docs, "*.md").Order(StringComparer.Ordinal))
            {
                yield return (path, "docs/" + Path.GetFileName(path));
            }
        }
    }

    [GeneratedRegex(@"\bduplicity\s+(?:--?\w[\w-]*(?:=\S+)?\s+)*full\b", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex FullCommand();

    [GeneratedRegex(@"^\s*(?:@\w+|[\d*][\d*/,-]*\s+[\d*][\d*/,-]*\s+\S+\s+\S+\s+\S+)\s", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex CronLine();

    [GeneratedRegex(@"\b(?:first|initial(?:ly)?|manual(?:ly)?|by hand|once|bootstrap\w*|after deploy\w*)\b", RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 1000)]
    private static partial Regex FirstOrManual();

    [GeneratedRegex(
        @"\b(?:first|initial)\s+(?:full\b|(?:full\s+)?(?:backup|upload)s?\b)[^.]*?\b(?:manual(?:ly)?|by hand)\b|\b(?:manual(?:ly)?|by hand)\b[^.]*?\b(?:first|initial)\s+(?:full\b|(?:full\s+)?(?:backup|upload)\b)",
        RegexOptions.IgnoreCase,
        matchTimeoutMilliseconds: 1000)]
    private static partial Regex ManualSentence();
}
