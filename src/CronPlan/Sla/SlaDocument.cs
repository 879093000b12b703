using System.Globalization;
using System.Text.RegularExpressions;
using CronPlan.Diagnostics;
using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Syntax;

namespace CronPlan.Sla;

/// <summary>One value an SLA states, with where it stands and how it was written.</summary>
/// <typeparam name="T">The value's type.</typeparam>
/// <param name="Value">The value.</param>
/// <param name="Location">Where it stands.</param>
/// <param name="Text">The words it was read from.</param>
public sealed record Stated<T>(T Value, SourceLocation Location, string Text);

/// <summary>What an SLA promises for one service.</summary>
public sealed record ServiceSla
{
    /// <summary>The service's key: <c>mysql</c>, <c>influxdb</c>, <c>postgres</c>...</summary>
    public required string Name { get; init; }

    /// <summary>Where the document first names it.</summary>
    public required SourceLocation Location { get; init; }

    /// <summary>How often a backup is made.</summary>
    public Stated<TimeSpan>? Interval { get; init; }

    /// <summary>How long making and storing one backup takes at worst.</summary>
    public Stated<TimeSpan>? Duration { get; init; }

    /// <summary>When the backups start (or are started by).</summary>
    public Stated<SlaTime>? Start { get; init; }

    /// <summary>The nights of the full backup.</summary>
    public Stated<IReadOnlyList<DayOfWeek>>? FullDays { get; init; }

    /// <summary>Recovery point objective.</summary>
    public Stated<TimeSpan>? Rpo { get; init; }

    /// <summary>Recovery time objective.</summary>
    public Stated<TimeSpan>? Rto { get; init; }

    /// <summary>How long backups are kept.</summary>
    public Stated<TimeSpan>? RetentionPeriod { get; init; }

    /// <summary>How many recovery points are available.</summary>
    public Stated<int>? Versions { get; init; }

    /// <summary>How often a backup is checked by restoring it.</summary>
    public Stated<TimeSpan>? UsabilityCheck { get; init; }
}

/// <summary>
/// A <c>backup_sla.md</c> as CronPlan reads it: the course template's sentences and the free forms real documents use
/// (own headings per service, <c>RPO: 24h</c> lines, tables, prose), every value with its position, and CPL5001 and
/// CPL5010 for what is blank or could not be read.
/// </summary>
public sealed partial class SlaDocument
{
    private static readonly (string Key, Regex Pattern)[] ServiceNames =
    [
        ("mysql", ServiceWord("mysql|mariadb|agama")),
        ("influxdb", ServiceWord("influx ?db|influx|telegraf")),
        ("postgres", ServiceWord("postgres(?:ql)?")),
        ("mongodb", ServiceWord("mongo(?:db)?")),
        ("prometheus", ServiceWord("prometheus")),
        ("loki", ServiceWord("loki")),
        ("grafana", ServiceWord("grafana")),
    ];

    private readonly Dictionary<string, ServiceSla> _services = new(StringComparer.Ordinal);
    private readonly List<Diagnostic> _diagnostics = [];

    private SlaDocument(string path) => Path = path;

    /// <summary>The file's path as reported.</summary>
    public string Path { get; }

    /// <summary>The services the document covers, in the order it names them.</summary>
    public IReadOnlyList<ServiceSla> Services => [.. _services.Values];

    /// <summary>When all backups start, if the document says it once for all.</summary>
    public Stated<SlaTime>? StartAll { get; private set; }

    /// <summary>CPL5001 and CPL5010: what was blank or could not be read.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics => _diagnostics;

    /// <summary>Reads an SLA document.</summary>
    public static SlaDocument Parse(string markdown, string path)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        ArgumentNullException.ThrowIfNull(path);
        var document = new SlaDocument(path);
        document.Read(markdown);
        return document;
    }

    private void Read(string markdown)
    {
        markdown = markdown.Replace("\r\n", "\n", StringComparison.Ordinal);
        var lines = markdown.Split('\n');

        // Markdig lets go of a paragraph's lines once it has read its inlines: the span says where it ends.
        int LastLine(Block block) => block.Span.End < 0 ? block.Line : markdown.AsSpan(0, Math.Min(block.Span.End, markdown.Length)).Count('\n');
        var pipeline = new MarkdownPipelineBuilder().UsePipeTables().Build();
        var parsed = Markdown.Parse(markdown, pipeline);
        string? section = null;
        string? headingService = null;

        // Which objective bare bullets ("- 24 hours for MySQL") state: set by the heading or the sentence that introduces them.
        string? objective = null;
        foreach (var block in parsed.Descendants<Block>())
        {
            switch (block)
            {
                case HeadingBlock heading:
                    var title = Text(lines, heading);
                    section = title.ToLowerInvariant();
                    headingService = ServiceIn(title);
                    objective = Objective(title);
                    if (headingService is not null)
                    {
                        Service(headingService, Location(heading.Line, heading.Column, title));
                    }

                    break;
                case ParagraphBlock paragraph when paragraph.Parent is not TableCell:
                    for (var line = paragraph.Line; line <= LastLine(paragraph) && line < lines.Length; line++)
                    {
                        Statement(lines[line], line, section, headingService, objective);
                        if (paragraph.Parent is not ListItemBlock && Objective(lines[line]) is { } introduced)
                        {
                            objective = introduced;
                        }
                    }

                    break;
                case Table table:
                    ReadTable(table, lines, section);
                    break;
                case HtmlBlock html:
                    for (var line = html.Line; line <= LastLine(html) && line < lines.Length; line++)
                    {
                        Statement(HtmlTag().Replace(lines[line], " "), line, section, headingService, objective);
                    }

                    break;
            }
        }
    }

    private void ReadTable(Table table, string[] lines, string? section)
    {
        var rows = table.OfType<TableRow>().ToList();
        if (rows.Count < 2)
        {
            return;
        }

        var headers = rows[0].OfType<TableCell>().Select(c => Text(lines, c).ToLowerInvariant()).ToList();
        foreach (var row in rows.Skip(1))
        {
            var cells = row.OfType<TableCell>().ToList();
            var service = cells.Select(c => ServiceIn(Text(lines, c))).FirstOrDefault(s => s is not null);
            for (var i = 0; i < cells.Count && i < headers.Count; i++)
            {
                var value = Text(lines, cells[i]);
                if (ServiceIn(value) is not null && i == 0)
                {
                    continue;
                }

                // A table cell reads as "<header>: <value>" would.
                Statement($"{headers[i]}: {value}", cells[i].Line, section, service, null, cells[i].Column - headers[i].Length - 2);
            }
        }
    }

    private static string Text(string[] lines, Block block)
    {
        if (block.Line < 0 || block.Line >= lines.Length)
        {
            return "";
        }

        var line = lines[block.Line];
        if (block is TableCell)
        {
            var start = Math.Clamp(block.Column, 0, line.Length);
            var end = line.IndexOf('|', start);
            return (end < 0 ? line[start..] : line[start..end]).Trim();
        }

        return line.TrimStart('#', ' ').Trim();
    }

    /// <summary>"rpo" or "rto" when the text names exactly one of the two objectives.</summary>
    private static string? Objective(string text)
    {
        var lower = text.ToLowerInvariant();
        var rpo = lower.Contains("rpo", StringComparison.Ordinal) || lower.Contains("recovery point", StringComparison.Ordinal);
        var rto = lower.Contains("rto", StringComparison.Ordinal) || lower.Contains("recovery time", StringComparison.Ordinal);
        return rpo == rto ? null : rpo ? "rpo" : "rto";
    }

    private static string? ServiceIn(string text) => ServiceNames.FirstOrDefault(s => s.Pattern.IsMatch(text)).Key;

    private ServiceSla Service(string name, SourceLocation location)
    {
        if (!_services.TryGetValue(name, out var service))
        {
            service = new ServiceSla { Name = name, Location = location };
            _services[name] = service;
        }

        return service;
    }

    private void Update(string name, SourceLocation location, Func<ServiceSla, ServiceSla> change) =>
        _services[name] = change(Service(name, location));

    private SourceLocation Location(int line, int column, string text) =>
        new(Path, line + 1, column + 1, line + 1, column + 1 + Math.Max(1, text.Length));

    /// <summary>One line of prose, a list item or a table cell, read against every known sentence form.</summary>
    private void Statement(string line, int lineIndex, string? section, string? contextService, string? objective, int columnShift = 0)
    {
        var text = line.TrimEnd();
        if (text.Trim().Length == 0)
        {
            return;
        }

        var at = (int index, int length) => new SourceLocation(Path, lineIndex + 1, Math.Max(1, index + 1 + columnShift), lineIndex + 1, Math.Max(2, index + 1 + columnShift + Math.Max(1, length)));
        var whole = at(text.Length - text.TrimStart().Length, text.Trim().Length);
        var blank = Blank().Match(text);
        if (blank.Success)
        {
            _diagnostics.Add(DiagnosticCatalog.CPL5001.Create(at(blank.Index, blank.Length), $"a blank is still unfilled: \"{text.Trim().TrimStart('-', '*', ' ')}\""));
            return;
        }

        // The coverage section names the services first: each one mentioned there is covered.
        if (section is not null && section.Contains("coverage", StringComparison.Ordinal))
        {
            foreach (var (key, pattern) in ServiceNames)
            {
                if (pattern.Match(text) is { Success: true } mention)
                {
                    Service(key, at(mention.Index, mention.Length));
                }
            }
        }

        var service = ServiceIn(text) ?? contextService;
        var lower = text.ToLowerInvariant();
        var read = false;

        // "... every <interval>; it takes up to <duration> to create and store the backup."
        var interval = Interval().Match(text);
        if (interval.Success && service is not null && SlaValues.Duration(interval.Groups["v"].Value) is { } every)
        {
            Update(service, whole, s => s with { Interval = new(every, at(interval.Groups["v"].Index, interval.Groups["v"].Length), interval.Groups["v"].Value) });
            read = true;
        }

        var duration = TakesUpTo().Match(text);
        if (duration.Success && service is not null && SlaValues.Duration(duration.Groups["v"].Value) is { } takes)
        {
            Update(service, whole, s => s with { Duration = new(takes, at(duration.Groups["v"].Index, duration.Groups["v"].Length), duration.Groups["v"].Value) });
            read = true;
        }

        // "All backups are started automatically by 23:10 UTC." ("by cron" says who, not when.)
        var started = StartedBy().Match(text);
        if (started.Success)
        {
            if (SlaValues.Time(started.Groups["v"].Value) is { } time)
            {
                var stated = new Stated<SlaTime>(time.Time, at(started.Groups["v"].Index + time.Index, time.Length), started.Groups["v"].Value.Substring(time.Index, time.Length));
                if (service is not null && ServiceIn(text) is not null)
                {
                    Update(service, whole, s => s with { Start = stated });
                }
                else
                {
                    StartAll ??= stated;
                }

                read = true;
            }
            else
            {
                _diagnostics.Add(DiagnosticCatalog.CPL5010.Create(at(started.Groups["v"].Index, started.Groups["v"].Length), $"\"{text.Trim()}\" says who starts the backups, not when: no start time can be read", notes: ["write the time and its zone, e.g. \"started automatically by 23:10 UTC\""]));
                return;
            }
        }

        // Full backups: "Full backup every Sunday at 23:10 UTC, incremental Monday to Saturday".
        var full = FullOn().Match(text);
        if (full.Success && SlaValues.Weekdays(full.Groups["v"].Value) is { Count: > 0 } days)
        {
            foreach (var name in service is null ? _services.Keys.ToList() : [service])
            {
                Update(name, whole, s => s with { FullDays = new(days, at(full.Groups["v"].Index, full.Groups["v"].Length), full.Groups["v"].Value) });
            }

            if (SlaValues.Time(text[full.Index..]) is { } fullTime && service is not null)
            {
                Update(service, whole, s => s with { Start = s.Start ?? new(fullTime.Time, at(full.Index + fullTime.Index, fullTime.Length), text.Substring(full.Index + fullTime.Index, fullTime.Length)) });
            }

            read = true;
        }

        // "<Service> backups are stored for <period>; <N> versions (recovery points) are available".
        var stored = StoredFor().Match(text);
        if (stored.Success && service is not null && SlaValues.Duration(stored.Groups["v"].Value) is { } period)
        {
            Update(service, whole, s => s with { RetentionPeriod = new(period, at(stored.Groups["v"].Index, stored.Groups["v"].Length), stored.Groups["v"].Value) });
            read = true;
        }

        var versions = Versions().Match(text);
        if (versions.Success && service is not null)
        {
            var count = int.Parse(versions.Groups["v"].Value, CultureInfo.InvariantCulture);
            Update(service, whole, s => s with { Versions = new(count, at(versions.Groups["v"].Index, versions.Groups["v"].Length), versions.Groups["v"].Value) });
            read = true;
        }

        var verified = Verified().Match(text);
        if (verified.Success && service is not null && SlaValues.Duration(verified.Groups["v"].Value) is { } check)
        {
            Update(service, whole, s => s with { UsabilityCheck = new(check, at(verified.Groups["v"].Index, verified.Groups["v"].Length), verified.Groups["v"].Value) });
            read = true;
        }

        // RPO and RTO: "- 24 hours for MySQL" under an RPO heading, "RPO: 24h", "MySQL RPO is 24 hours", a table column.
        foreach (var (kind, pattern) in new[] { ("rpo", Rpo()), ("rto", Rto()) })
        {
            var inSection = objective == kind;
            var labelled = pattern.Match(text);
            Match? value = labelled.Success ? labelled : null;
            if (value is null && inSection && !lower.Contains(kind == "rpo" ? "rto" : "rpo", StringComparison.Ordinal))
            {
                var bullet = ForService().Match(text);
                value = bullet.Success ? bullet : null;
            }

            if (value is not null && service is not null && SlaValues.Duration(value.Groups["v"].Value) is { } promised)
            {
                var stated = new Stated<TimeSpan>(promised, at(value.Groups["v"].Index, value.Groups["v"].Length), value.Groups["v"].Value);
                Update(service, whole, s => kind == "rpo" ? s with { Rpo = stated } : s with { Rto = stated });
                read = true;
            }
        }

        if (!read && service is not null && section is not null && HasValues().IsMatch(text) && ScheduleSections().IsMatch(section))
        {
            _diagnostics.Add(DiagnosticCatalog.CPL5010.Create(whole, $"could not read \"{text.Trim().TrimStart('-', '*', ' ')}\": no interval, time, duration or count in a form CronPlan knows", notes: ["the template's forms: \"<Service> backups are created every 24 hours\", \"RPO: 24 hours\", \"stored for 4 weeks; 28 versions\""]));
        }
    }

    private static Regex ServiceWord(string words) => new($@"\b(?:{words})\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    [GeneratedRegex(@"_{3,}")]
    private static partial Regex Blank();

    [GeneratedRegex(@"(?:created|made|taken|run|done|performed)\s+(?:once\s+)?(?<v>every\s+\d*\s*[a-z]+|each\s+[a-z]+|daily|nightly|hourly|weekly)", RegexOptions.IgnoreCase)]
    private static partial Regex Interval();

    [GeneratedRegex(@"takes?\s+(?:up\s+to|at\s+most|no\s+more\s+than|about)\s+(?<v>[\w .]+?)\s+to\b", RegexOptions.IgnoreCase)]
    private static partial Regex TakesUpTo();

    [GeneratedRegex(@"started\s+(?:automatically\s+)?(?:by|at)\s+(?<v>[^;]+?)(?:[.;]\s|[.;]?$)", RegexOptions.IgnoreCase)]
    private static partial Regex StartedBy();

    [GeneratedRegex(@"full\s+(?:backups?\s+)?(?:is\s+|are\s+)?(?:\w+\s+)?(?:every|on|each)\s+(?<v>(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*(?:\s*(?:to|-|and|,)\s*(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*)*)", RegexOptions.IgnoreCase)]
    private static partial Regex FullOn();

    [GeneratedRegex(@"stored\s+for\s+(?<v>[\w ]+?)\s*(?:[;,.]|$)", RegexOptions.IgnoreCase)]
    private static partial Regex StoredFor();

    [GeneratedRegex(@"(?<v>\d+)\s+(?:versions|recovery\s+points|backups)\s+(?:\(recovery points\)\s+)?(?:are\s+)?(?:available|kept)", RegexOptions.IgnoreCase)]
    private static partial Regex Versions();

    [GeneratedRegex(@"verified\s+(?<v>every\s+\d*\s*[a-z]+|each\s+[a-z]+|daily|weekly|monthly)", RegexOptions.IgnoreCase)]
    private static partial Regex Verified();

    [GeneratedRegex(@"\bRPO\b[^:\d]*[:=-]?\s*(?:is\s+)?(?<v>\d+\s*[a-z]+|\d+[a-z]+|a\s+[a-z]+|one\s+[a-z]+)", RegexOptions.IgnoreCase)]
    private static partial Regex Rpo();

    [GeneratedRegex(@"\bRTO\b[^:\d]*[:=-]?\s*(?:is\s+)?(?<v>\d+\s*[a-z]+|\d+[a-z]+|a\s+[a-z]+|one\s+[a-z]+)", RegexOptions.IgnoreCase)]
    private static partial Regex Rto();

    [GeneratedRegex(@"^\s*(?:[-*+]\s*)?(?<v>[\w .]+?)\s+(?:for|-|–)\s+\S", RegexOptions.IgnoreCase)]
    private static partial Regex ForService();

    [GeneratedRegex(@"\d|_{3,}")]
    private static partial Regex HasValues();

    [GeneratedRegex(@"schedule|rpo|rto|recovery|retention|storage|usability")]
    private static partial Regex ScheduleSections();

    [GeneratedRegex(@"<[^>]+>")]
    private static partial Regex HtmlTag();
}
