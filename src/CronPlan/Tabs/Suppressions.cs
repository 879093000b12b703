using System.Text.RegularExpressions;
using CronPlan.Diagnostics;

namespace CronPlan.Tabs;

/// <summary><c># cronplan: disable=ID[,ID]</c> silences the next line; <c># cronplan: disable-file=ID[,ID]</c> the whole file.</summary>
internal static partial class Suppressions
{
    public static IEnumerable<Diagnostic> Apply(CronTab tab, IEnumerable<Diagnostic> diagnostics)
    {
        if (!tab.Text.Contains("cronplan:", StringComparison.Ordinal))
        {
            return diagnostics;
        }

        var fileWide = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var byLine = new Dictionary<int, HashSet<string>>();
        foreach (var line in tab.Lines.Where(l => l.Kind == CronTabLineKind.Comment))
        {
            foreach (Match match in Directive().Matches(line.Text))
            {
                var ids = match.Groups["ids"].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                if (match.Groups["scope"].Value == "disable-file")
                {
                    fileWide.UnionWith(ids);
                }
                else
                {
                    var next = tab.Lines.Skip(line.Number).FirstOrDefault(l => l.Kind != CronTabLineKind.Comment);
                    if (next is not null)
                    {
                        if (!byLine.TryGetValue(next.Number, out var set))
                        {
                            byLine[next.Number] = set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                        }

                        set.UnionWith(ids);
                    }
                }
            }
        }

        return diagnostics.Where(d => !fileWide.Contains(d.Id) && !(byLine.TryGetValue(d.Location.Line, out var ids) && ids.Contains(d.Id)));
    }

    [GeneratedRegex(@"cronplan:\s*(?<scope>disable-file|disable)\s*=\s*(?<ids>[A-Za-z0-9, ]+)", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Directive();
}
