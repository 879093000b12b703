using System.Globalization;
using System.Net;
using System.Text;
using CronPlan.Reports;

namespace CronPlan.Cli.Output;

/// <summary>The backup night drawn: each job a bar against the deadline, as text or as an SVG image.</summary>
internal static class NightChart
{
    private const int MinutesPerColumn = 5;

    /// <summary>The chart as text: a time axis, a row per job, the deadline as a column of '|'.</summary>
    public static string ToText(BackupNight night)
    {
        var text = new StringBuilder();
        if (night.Bars.Count == 0)
        {
            return "no backup job runs once a day: nothing to chart\n";
        }

        var (from, to) = Frame(night);
        var width = night.Bars.Max(b => b.Label.Length) + 2;
        var columns = (to - from) / MinutesPerColumn;
        text.Append(CultureInfo.InvariantCulture, $"The night in {night.Zone}: each column is {MinutesPerColumn} minutes, '#' a stated duration, '+' an assumed one, '|' the deadline {Format(night.Deadline)}\n");
        var axis = new StringBuilder(new string(' ', width + columns + 6));
        for (var minute = from; minute <= to; minute += 30)
        {
            var at = width + ((minute - from) / MinutesPerColumn);
            var label = Format(minute);
            for (var i = 0; i < label.Length && at + i < axis.Length; i++)
            {
                axis[at + i] = label[i];
            }
        }

        text.Append(axis.ToString().TrimEnd()).Append('\n');
        var deadlineColumn = (night.Deadline - from) / MinutesPerColumn;
        foreach (var bar in night.Bars)
        {
            var row = new char[columns + 1];
            Array.Fill(row, ' ');
            for (var c = 0; c <= columns; c++)
            {
                var minute = from + (c * MinutesPerColumn);
                if (minute + MinutesPerColumn > bar.Start && minute < bar.End)
                {
                    row[c] = bar.Assumed ? '+' : '#';
                }
            }

            if (deadlineColumn is >= 0 && deadlineColumn <= columns)
            {
                row[deadlineColumn] = row[deadlineColumn] == ' ' ? '|' : '!';
            }

            text.Append(bar.Label.PadRight(width)).Append(new string(row).TrimEnd()).Append(CultureInfo.InvariantCulture, $"  {Format(bar.Start)}-{Format(bar.End)}\n");
        }

        return text.ToString();
    }

    /// <summary>The chart as an SVG image.</summary>
    public static string ToSvg(BackupNight night)
    {
        var (from, to) = night.Bars.Count == 0 ? (night.Deadline - 60, night.Deadline + 30) : Frame(night);
        const int LabelWidth = 260, RowHeight = 24, Top = 40, PixelsPerMinute = 4;
        var width = LabelWidth + ((to - from) * PixelsPerMinute) + 20;
        var height = Top + (night.Bars.Count * RowHeight) + 20;
        string X(int minute) => (LabelWidth + ((minute - from) * PixelsPerMinute)).ToString(CultureInfo.InvariantCulture);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.Append(CultureInfo.InvariantCulture, $"  <title>The backup night in {Encode(night.Zone)}</title>\n");
        svg.Append("  <rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        for (var minute = from - (from % 30) + 30; minute < to; minute += 30)
        {
            svg.Append(CultureInfo.InvariantCulture, $"  <line x1=\"{X(minute)}\" y1=\"{Top - 10}\" x2=\"{X(minute)}\" y2=\"{height - 10}\" stroke=\"#ddd\"/>\n");
            svg.Append(CultureInfo.InvariantCulture, $"  <text x=\"{X(minute)}\" y=\"{Top - 16}\" text-anchor=\"middle\" fill=\"#555\">{Format(minute)}</text>\n");
        }

        for (var i = 0; i < night.Bars.Count; i++)
        {
            var bar = night.Bars[i];
            var y = Top + (i * RowHeight);
            var late = bar.End > night.Deadline;
            var fill = late ? "#d9534f" : bar.Assumed ? "#9ecae1" : "#3182bd";
            svg.Append(CultureInfo.InvariantCulture, $"  <text x=\"8\" y=\"{y + 15}\">{Encode(bar.Label)}</text>\n");
            svg.Append(CultureInfo.InvariantCulture, $"  <rect x=\"{X(bar.Start)}\" y=\"{y + 3}\" width=\"{Math.Max(2, bar.Minutes * PixelsPerMinute)}\" height=\"{RowHeight - 6}\" rx=\"3\" fill=\"{fill}\"{(bar.Assumed ? " stroke=\"#3182bd\" stroke-dasharray=\"4 2\"" : "")}>");
            svg.Append(CultureInfo.InvariantCulture, $"<title>{Encode(bar.Label)}: {Format(bar.Start)}-{Format(bar.End)}{(bar.Assumed ? " (assumed duration)" : "")}</title></rect>\n");
        }

        svg.Append(CultureInfo.InvariantCulture, $"  <line x1=\"{X(night.Deadline)}\" y1=\"{Top - 10}\" x2=\"{X(night.Deadline)}\" y2=\"{height - 10}\" stroke=\"#d9534f\" stroke-width=\"2\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"  <text x=\"{X(night.Deadline)}\" y=\"{height - 2}\" text-anchor=\"middle\" fill=\"#d9534f\">deadline {Format(night.Deadline)}</text>\n");
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static (int From, int To) Frame(BackupNight night)
    {
        var from = Math.Min(night.Bars.Min(b => b.Start), night.Deadline) - 15;
        var to = Math.Max(night.Bars.Max(b => b.End), night.Deadline) + 15;
        from -= ((from % 30) + 30) % 30;
        to += (30 - (((to % 30) + 30) % 30)) % 30;
        return (from, to);
    }

    private static string Format(int nightMinute)
    {
        var minute = ((nightMinute % 1440) + 1440) % 1440;
        return string.Create(CultureInfo.InvariantCulture, $"{minute / 60:00}:{minute % 60:00}");
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
