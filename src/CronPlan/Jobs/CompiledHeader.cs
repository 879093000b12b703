using System.Globalization;
using System.Text.RegularExpressions;
using CronPlan.Tabs;
using CronPlan.Time;

namespace CronPlan.Jobs;

/// <summary>
/// The comment <c>cronplan compile</c> writes at the top of a tab, for people: who wrote it, the host's zone and the
/// window, and one line per job with its worst-case run (<c>mysql.dump            23:06-23:11</c>). The model builder
/// reads the durations back from it, once per tab; nothing else parses it.
/// </summary>
internal static partial class CompiledHeader
{
    /// <summary>What the first line says: the tab was written by the compiler.</summary>
    public const string Marker = "written by cronplan compile";

    /// <summary>
    /// The header's lines (without the <c># </c> the writer puts before a comment): <paramref name="jobs"/> each named
    /// <c>service.kind</c> with its start and end in minutes of the night.
    /// </summary>
    public static List<string> Lines(string tabName, string planName, string hostZone, string window, IEnumerable<(string Name, int Start, int End)> jobs)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        var lines = new List<string>
        {
            $"{tabName}: {Marker} from {planName}; change the plan and compile again.",
            $"Times are the host's ({hostZone}). Window {window}; worst-case runs:",
        };
        lines.AddRange(jobs.Select(j => Run(j.Name, j.Start, j.End)));
        return lines;
    }

    /// <summary>
    /// One job's line. A run of a day or more also says how many whole days it lasts beyond what the clock times show
    /// (<c>23:00-00:00 +1d</c> is 25 hours); a shorter one is written as it always was.
    /// </summary>
    private static string Run(string name, int start, int end)
    {
        var days = (end - start) / 1440;
        var line = $"  {name,-20} {NightClock.Format(start)}-{NightClock.Format(end)}";
        return days > 0 ? string.Create(CultureInfo.InvariantCulture, $"{line} +{days}d") : line;
    }

    /// <summary>
    /// The durations the header of <paramref name="tab"/> states for its dumps, uploads and retention runs, each named by
    /// its header line in <paramref name="path"/>; null when the tab was not written by <c>cronplan compile</c>.
    /// </summary>
    public static TabDurations? Read(CronTab tab, string path)
    {
        ArgumentNullException.ThrowIfNull(tab);
        ArgumentNullException.ThrowIfNull(path);
        var lines = tab.Lines;
        if (lines.Count == 0 || !lines[0].Text.Contains(Marker, StringComparison.Ordinal))
        {
            return null;
        }

        var stated = new TabDurations();
        foreach (var line in lines.TakeWhile(l => l.Kind == CronTabLineKind.Comment))
        {
            var match = JobLine().Match(line.Text);
            if (!match.Success)
            {
                continue;
            }

            var days = match.Groups["days"].Success ? int.Parse(match.Groups["days"].Value, NumberStyles.None, CultureInfo.InvariantCulture) : 0;
            var minutes = NightClock.Forward(ClockMinute(match.Groups["a"].Value), ClockMinute(match.Groups["b"].Value)) + (days * 1440L);
            var duration = StepDuration.Of(TimeSpan.FromMinutes(minutes), string.Create(CultureInfo.InvariantCulture, $"the compiled tab's header, {path}:{line.Number}"));
            stated = match.Groups["kind"].Value switch
            {
                "dump" => stated with { Dump = duration },
                "upload" => stated with { Upload = duration },
                _ => stated with { Retention = duration },
            };
        }

        return stated;
    }

    private static int ClockMinute(string clock) => (int.Parse(clock[..2], CultureInfo.InvariantCulture) * 60) + int.Parse(clock[3..], CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^#\s+[\w-]+\.(?<kind>dump|upload|retention)\s+(?<a>[0-9][0-9]:[0-9][0-9])-(?<b>[0-9][0-9]:[0-9][0-9])(?:\s+\+(?<days>[0-9]{1,4})d)?\s*$", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex JobLine();
}
