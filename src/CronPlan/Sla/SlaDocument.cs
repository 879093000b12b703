using System.Text.RegularExpressions;
using CronPlan.Diagnostics;
using CronPlan.Text;
using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Syntax;

namespace CronPlan.Sla;

/// <summary>What an SLA promises for one service (statements made for every service included).</summary>
public sealed record ServiceSla
{
    /// <summary>The service's key: <c>mysql</c>, <c>influxdb</c>, <c>postgres</c>...</summary>
    public required string Name { get; init; }

    /// <summary>Where the document first names it.</summary>
    public required SourceLocation Location { get; init; }

    /// <summary>
    /// The longest wait between two backups: a frequency is a minimum ("daily" is kept by hourly jobs too), and weekdays
    /// ("Mon-Sat") wait as long as their longest gap.
    /// </summary>
    public Stated<TimeSpan>? Interval { get; init; }

    /// <summary>How long making and storing one backup takes at worst.</summary>
    public Stated<TimeSpan>? Duration { get; init; }

    /// <summary>When the backups start (or are started by).</summary>
    public Stated<SlaTime>? Start { get; init; }

    /// <summary>When the backups must be finished by ("finish by 05:00 UTC"); null when the SLA names no deadline.</summary>
    public Stated<SlaTime>? Deadline { get; init; }

    /// <summary>The nights of the full backup.</summary>
    public Stated<IReadOnlyList<DayOfWeek>>? FullDays { get; init; }

    /// <summary>How often a full backup is made, when it is said as a period rather than weekdays ("every 4 weeks").</summary>
    public Stated<TimeSpan>? FullInterval { get; init; }

    /// <summary>How many full backups (chains) are kept.</summary>
    public Stated<int>? FullVersions { get; init; }

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

    /// <summary>The weekdays backups of any kind run on, when the SLA names them (full and incremental together).</summary>
    internal IReadOnlyList<DayOfWeek>? RunDays { get; init; }

    /// <summary>The runs the SLA describes (what runs, on which days, at what time), to hold the cron tabs against.</summary>
    internal IReadOnlyList<SlaSchedule> Schedules { get; init; } = [];

    /// <summary>This service's own statements, with what is said for every service filling the gaps.</summary>
    internal ServiceSla With(ServiceSla general) => this with
    {
        Interval = Interval ?? general.Interval,
        Duration = Duration ?? general.Duration,
        Start = Start ?? general.Start,
        Deadline = Deadline ?? general.Deadline,
        FullDays = FullDays ?? general.FullDays,
        FullInterval = FullInterval ?? general.FullInterval,
        FullVersions = FullVersions ?? general.FullVersions,
        Rpo = Rpo ?? general.Rpo,
        Rto = Rto ?? general.Rto,
        RetentionPeriod = RetentionPeriod ?? general.RetentionPeriod,
        Versions = Versions ?? general.Versions,
        UsabilityCheck = UsabilityCheck ?? general.UsabilityCheck,
        RunDays = RunDays ?? general.RunDays,
        Schedules = [.. general.Schedules.Where(g => Schedules.All(own => own.Kind != g.Kind)), .. Schedules],
    };
}

/// <summary>
/// A <c>backup_sla.md</c> as CronPlan reads it: sections per service and general sections whose statements hold for
/// every service; the course template's sentences, lists, key/value lines, prose, tables either way round (weekday
/// columns too), HTML and code blocks; every value with its position (<see cref="Facts"/>), and CPL5001 and CPL5010
/// for what is blank or could not be read.
/// </summary>
public sealed partial class SlaDocument
{
    private static readonly (string Key, Regex Pattern)[] ServiceNames =
    [
        ("mysql", ServiceWord("mysql|mariadb|agama|database\\s+servers?")),
        ("influxdb", ServiceWord("influx ?db|influx|telegraf")),
        ("postgres", ServiceWord("postgres(?:ql)?")),
        ("mongodb", ServiceWord("mongo(?:db)?")),
        ("prometheus", ServiceWord("prometheus")),
        ("loki", ServiceWord("loki")),
        ("grafana", ServiceWord("grafana")),
    ];

    private readonly Dictionary<string, ServiceSla> _services = new(StringComparer.Ordinal);
    private readonly List<Diagnostic> _diagnostics = [];
    private ServiceSla _general;

    private SlaDocument(string path)
    {
        Path = path;
        _general = new ServiceSla { Name = "all", Location = new SourceLocation(path, 1, 1, 1, 2) };
    }

    /// <summary>The file's path as reported.</summary>
    public string Path { get; }

    /// <summary>The services the document covers, in the order it names them, each with what is said for every service.</summary>
    public IReadOnlyList<ServiceSla> Services => [.. _services.Values.Select(s => s.With(_general))];

    /// <summary>When all backups start, if the document says it once for all.</summary>
    public Stated<SlaTime>? StartAll => _general.Start;

    /// <summary>When all backups must be finished by, if the document says it once for all.</summary>
    public Stated<SlaTime>? DeadlineAll => _general.Deadline;

    /// <summary>Everything the document was read to state, in the order it stands: general statements have no service.</summary>
    public IReadOnlyList<SlaFact> Facts =>
    [
        .. SlaFact.Of(null, _general).Concat(_services.Values.SelectMany(s => SlaFact.Of(s.Name, s)))
            .OrderBy(f => f.Location.Line).ThenBy(f => f.Location.Column).ThenBy(f => f.Service, StringComparer.Ordinal),
    ];

    /// <summary>The document names a zone other than UTC somewhere: a time written without its zone may be in it.</summary>
    internal bool NamesOtherZones { get; private set; }

    /// <summary>CPL5001 and CPL5010: what was blank or could not be read.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics => _diagnostics;

    /// <summary>Reads an SLA document.</summary>
    public static SlaDocument Parse(string markdown, string path)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        ArgumentNullException.ThrowIfNull(path);
        var document = new SlaDocument(path);
        try
        {
            document.Read(markdown);
        }
        catch (RegexMatchTimeoutException)
        {
            document._diagnostics.Add(DiagnosticCatalog.CPL5010.Create(new SourceLocation(path, 1, 1, 1, 2), "the document took too long to read: what was read up to here is kept"));
        }

        document.Finish();
        return document;
    }

    /// <summary>Weekdays said for full and incremental backups apart make the interval when none is said.</summary>
    private void Finish()
    {
        foreach (var name in _services.Keys.ToList())
        {
            _services[name] = WithRunDays(_services[name]);
        }

        _general = WithRunDays(_general);

        static ServiceSla WithRunDays(ServiceSla s) =>
            s.Interval is null && s.RunDays is { Count: > 0 } days && s.FullDays is { } full
                ? s with { Interval = new Stated<TimeSpan>(SlaValues.LongestGap([.. days.Union(full.Value)]), full.Location, full.Text) }
                : s;
    }

    private void Read(string markdown)
    {
        markdown = markdown.Replace("\r\n", "\n", StringComparison.Ordinal);
        NamesOtherZones = SlaValues.OtherZone().IsMatch(markdown);

        // A comment states nothing: blank it out, keeping every other position where it is.
        markdown = HtmlComment().Replace(markdown, comment => NotNewline().Replace(comment.Value, " "));
        var lines = markdown.Split('\n');

        // Markdig lets go of a paragraph's lines once it has read its inlines: the span says where it ends.
        var lineOf = MarkdownReader.LineOf(markdown);
        int LastLine(Block block) => block.Span.End < 0 ? block.Line : lineOf(block.Span.End);
        var pipeline = new MarkdownPipelineBuilder().UsePipeTables().Build();
        var (parsed, skippedFrom) = MarkdownReader.Parse(markdown, pipeline);
        if (skippedFrom is { } skipped)
        {
            _diagnostics.Add(DiagnosticCatalog.CPL9002.Create(Location(skipped - 1, 0, lines[skipped - 1]), "nested too deeply to read as Markdown: this line and others nested as deep are skipped"));
        }

        var context = new Context();
        foreach (var block in parsed.Descendants<Block>())
        {
            switch (block)
            {
                case HeadingBlock heading:
                    EndSection(context);
                    var title = Text(lines, heading);
                    context.Heading(heading.Level, title, ServiceIn(title), SlaValues.ZoneIn(title));
                    if (ServiceIn(title) is { } headingService)
                    {
                        Service(headingService, Location(heading.Line, heading.Column, title));
                    }

                    // A heading is sometimes a sentence: "Full backups are made every Sunday at:".
                    var headingLine = heading.Line < lines.Length ? lines[heading.Line] : "";
                    Statement(new([new(headingLine, heading.Line, 0)]), context, quiet: true);
                    context.Intro = headingLine.TrimEnd().EndsWith(':') ? new(headingLine, heading.Line, 0) : null;
                    break;
                case ParagraphBlock paragraph when paragraph.Parent is not TableCell:
                    var inList = paragraph.Parent is ListItemBlock;
                    var leads = inList ? Leads(paragraph, lines, context) : [];
                    for (var line = paragraph.Line; line <= LastLine(paragraph) && line < lines.Length; line++)
                    {
                        var own = new Segment(lines[line], line, 0);
                        if (!inList && Label(lines[line]) is { } labelled)
                        {
                            EndSection(context);
                            context.Label = labelled;
                            context.PendingEmpty = context.Objective is null ? null : (labelled, Location(line, 0, lines[line].Trim()));
                            Service(labelled, Location(line, lines[line].Length - lines[line].TrimStart().Length, lines[line].Trim()));
                            continue;
                        }

                        // "Backup coverage -", "VERSIONING AND RETENTION", "RPO (Recovery Point Objective)": a title in plain text.
                        if (!inList && PlainHeading().IsMatch(lines[line]) && line + 1 < lines.Length && !ListItem().IsMatch(lines[line + 1]))
                        {
                            EndSection(context);
                            context.Heading(7, lines[line].Trim(), ServiceIn(lines[line]), SlaValues.ZoneIn(lines[line]));
                            context.Intro = null;
                            continue;
                        }

                        Statement(new([.. leads, own]), context);
                        if (!inList)
                        {
                            if (lines[line].TrimEnd().EndsWith(':') && Objective(lines[line]) is { } introduced)
                            {
                                context.Objective = introduced;
                            }

                            context.Intro = lines[line].TrimEnd().EndsWith(':') ? own : null;
                        }
                    }

                    break;
                case CodeBlock code when code is not FencedCodeBlock:
                    // Indented text is prose set off by accident; a fenced block is code, and states nothing.
                    for (var line = code.Line; line <= LastLine(code) && line < lines.Length; line++)
                    {
                        Statement(new([new(lines[line], line, 0)]), context, quiet: true);
                    }

                    break;
                case Table table:
                    ReadTable(
                        [.. table.OfType<TableRow>().Select(row => (IReadOnlyList<Cell>)[.. row.OfType<TableCell>().Select(cell => CellOf(lines, cell))])],
                        context);
                    break;
                case HtmlBlock html:
                    var fragment = markdown[html.Span.Start..Math.Min(html.Span.End + 1, markdown.Length)];
                    if (HtmlRow().IsMatch(fragment))
                    {
                        ReadTable(HtmlRows(fragment, html.Span.Start, markdown, lineOf), context);
                        break;
                    }

                    for (var line = html.Line; line <= LastLine(html) && line < lines.Length; line++)
                    {
                        var text = HtmlTag().Replace(lines[line], match => new string(' ', match.Length));
                        if (HtmlHeading().IsMatch(lines[line]))
                        {
                            EndSection(context);
                            context.Heading(1, text.Trim(), ServiceIn(text), SlaValues.ZoneIn(text));
                        }

                        Statement(new([new(text, line, 0)]), context);
                    }

                    break;
            }
        }

        EndSection(context);
    }

    /// <summary>Where the reader is: the headings above, the service a label or heading names, the list's introduction.</summary>
    private sealed class Context
    {
        private readonly List<(int Level, string Title, string? Service, TimeZoneInfo? Zone)> _headings = [];

        public string? Section => _headings.Count == 0 ? null : _headings[^1].Title;

        public string? HeadingService => _headings.Select(h => h.Service).LastOrDefault(s => s is not null);

        public TimeZoneInfo? Zone => _headings.Select(h => h.Zone).LastOrDefault(z => z is not null);

        public string? Label { get; set; }

        /// <summary>"rpo" or "rto" when the heading or an introducing sentence names one of the two objectives.</summary>
        public string? Objective { get; set; }

        /// <summary>The line that introduces the next list ("Full backups are made every Sunday at:").</summary>
        public Segment? Intro { get; set; }

        /// <summary>What the last sentence that named a kind of run spoke of, for "It is done every Saturday".</summary>
        public SlaRunKind? LastKind { get; set; }

        /// <summary>A service label under an objective with nothing stated after it yet.</summary>
        public (string Service, SourceLocation Location)? PendingEmpty { get; set; }

        public void Heading(int level, string title, string? service, TimeZoneInfo? zone)
        {
            _headings.RemoveAll(h => h.Level >= level);
            _headings.Add((level, title.ToLowerInvariant(), service, zone));
            Label = null;
            LastKind = null;
            Objective = SlaDocument.Objective(title);
        }

        public bool In(Regex section) => Section is { } title && section.IsMatch(title);
    }

    private void EndSection(Context context)
    {
        if (context.PendingEmpty is { } empty)
        {
            _diagnostics.Add(DiagnosticCatalog.CPL5001.Create(empty.Location, $"the {context.Objective?.ToUpperInvariant()} of {empty.Service} is left empty: a value is missing"));
            context.PendingEmpty = null;
        }
    }

    /// <summary>A list item reads with what introduces it: the sentence before the list, and the items it is nested in.</summary>
    private static List<Segment> Leads(ParagraphBlock paragraph, string[] lines, Context context)
    {
        var leads = new List<Segment>();
        for (var item = paragraph.Parent?.Parent?.Parent; item is ListItemBlock parent; item = parent.Parent?.Parent)
        {
            if (parent.OfType<ParagraphBlock>().FirstOrDefault() is { } first && first.Line >= 0 && first.Line < lines.Length)
            {
                leads.Insert(0, new(lines[first.Line], first.Line, 0));
            }
        }

        if (context.Intro is { } intro)
        {
            leads.Insert(0, intro);
        }

        return leads;
    }

    /// <summary>A line that only names a service ("MySQL backups:", "**Grafana**"): what follows is about it.</summary>
    private static string? Label(string line)
    {
        var bare = Emphasis().Replace(line, " ").Trim().TrimEnd(':').Trim();
        if (bare.Length == 0 || bare.Length > 40 || ServicesIn(bare) is not [var service] || !LabelShape().IsMatch(bare))
        {
            return null;
        }

        return line.TrimEnd().EndsWith(':') || line.Contains("**", StringComparison.Ordinal) ? service : null;
    }

    /// <summary>A table cell's text, its line (0-based) and the column (0-based) its text starts at.</summary>
    private sealed record Cell(string Text, int Line, int Column);

    private static Cell CellOf(string[] lines, TableCell cell)
    {
        if (cell.Line < 0 || cell.Line >= lines.Length)
        {
            return new("", Math.Max(0, cell.Line), 0);
        }

        var line = lines[cell.Line];
        var start = Math.Clamp(cell.Column, 0, line.Length);
        var end = line.IndexOf('|', start);
        var raw = end < 0 ? line[start..] : line[start..end];
        return new(raw.Trim(), cell.Line, start + (raw.Length - raw.TrimStart().Length));
    }

    private static List<IReadOnlyList<Cell>> HtmlRows(string fragment, int offset, string markdown, Func<int, int> lineOf)
    {
        var rows = new List<IReadOnlyList<Cell>>();
        foreach (Match row in HtmlRow().Matches(fragment))
        {
            var cells = new List<Cell>();
            foreach (Match cell in HtmlCell().Matches(row.Groups["row"].Value))
            {
                var content = cell.Groups["c"];
                var text = HtmlTag().Replace(content.Value, "");
                var stripped = HtmlTag().Replace(content.Value, match => new string('\0', match.Length));
                var lead = stripped.Length - stripped.TrimStart('\0', ' ', '\t', '\n').Length;
                var absolute = offset + row.Groups["row"].Index + content.Index + lead;
                var line = lineOf(absolute);
                var column = absolute - (markdown.LastIndexOf('\n', Math.Max(0, absolute - 1)) + 1);
                cells.Add(new(System.Net.WebUtility.HtmlDecode(text).Trim(), line, column));
            }

            rows.Add(cells);
        }

        return rows;
    }

    /// <summary>
    /// A table reads as its cells would as "<c>header: value</c>" lines of the service its row names; a table whose header
    /// names the services (one column each) reads with the row's first cell as the key; a table with a column per
    /// weekday (or a row per weekday) reads each row as a kind of backup on the days it has a time.
    /// </summary>
    private void ReadTable(IReadOnlyList<IReadOnlyList<Cell>> rows, Context context)
    {
        if (rows.Count < 2)
        {
            return;
        }

        if (IsWeekdayTable(rows, context))
        {
            return;
        }

        var headers = rows[0].Select(c => c.Text.ToLowerInvariant()).ToList();
        var servicesAcross = headers.Skip(1).Any(h => ServiceIn(h) is not null) && rows.Skip(1).All(r => r.Count == 0 || ServiceIn(r[0].Text) is null);
        foreach (var cells in rows.Skip(1))
        {
            var rowService = cells.Select(c => ServiceIn(c.Text)).FirstOrDefault(s => s is not null);
            var first = cells.FirstOrDefault(c => ServiceIn(c.Text) is not null);
            if (!servicesAcross && rowService is not null && first is not null)
            {
                // A row given to a service covers it, even when none of its cells can be read.
                Service(rowService, Location(first.Line, first.Column, first.Text));
            }

            for (var i = 0; i < cells.Count && i < headers.Count; i++)
            {
                var (key, service) = servicesAcross ? (cells[0].Text.ToLowerInvariant(), ServiceIn(headers[i])) : (headers[i], rowService);
                if (i == 0 && (servicesAcross || ServiceIn(cells[i].Text) is not null))
                {
                    continue;
                }

                var keyed = new Segment($"{key}: {cells[i].Text}", cells[i].Line, cells[i].Column - key.Length - 2);
                Statement(new([keyed]) { Only = service }, context, fromTable: true);
            }
        }
    }

    private bool IsWeekdayTable(IReadOnlyList<IReadOnlyList<Cell>> rows, Context context)
    {
        static bool IsDay(string text) => SlaValues.Weekday(text.Trim()) is not null;
        var across = rows[0].Count(c => IsDay(c.Text)) >= 2;
        var down = !across && rows.Skip(1).Count(r => r.Count > 0 && IsDay(r[0].Text)) >= 2;
        if (!across && !down)
        {
            return false;
        }

        // Days as rows: the same table turned round.
        var grid = across ? rows : Enumerable.Range(0, rows.Max(r => r.Count)).Select(c => (IReadOnlyList<Cell>)[.. rows.Select(r => c < r.Count ? r[c] : new Cell("", r[0].Line, 0))]).ToList();
        var zone = SlaValues.ZoneIn(grid[0].Count > 0 ? grid[0][0].Text : "") ?? context.Zone;
        foreach (var row in grid.Skip(1))
        {
            if (row.Count == 0)
            {
                continue;
            }

            var label = row[0].Text.ToLowerInvariant();
            var days = new List<DayOfWeek>();
            Cell? firstTime = null;
            SlaTime? time = null;
            for (var i = 1; i < row.Count && i < grid[0].Count; i++)
            {
                if (SlaValues.Weekday(grid[0][i].Text.Trim()) is { } day && SlaValues.Time(row[i].Text) is { } at)
                {
                    days.Add(day);
                    if (firstTime is null)
                    {
                        firstTime = row[i];
                        time = at.Time.Zone is null && zone is not null ? at.Time with { Zone = zone } : at.Time;
                    }
                }
            }

            if (firstTime is null || time is null)
            {
                continue;
            }

            var service = ServiceIn(label) ?? context.Label ?? context.HeadingService;
            var sentence = new Sentence(this, new([new(firstTime.Text, firstTime.Line, firstTime.Column)]), service is null ? [] : [service]);
            var where = sentence.At(0, firstTime.Text.Length);
            var stated = new Stated<SlaTime>(time, where, firstTime.Text);
            var onDays = new Stated<IReadOnlyList<DayOfWeek>>(days, where, firstTime.Text);
            var kind = label.Contains("full", StringComparison.Ordinal) ? SlaRunKind.Full
                : label.Contains("incr", StringComparison.Ordinal) ? SlaRunKind.Incremental
                : label.Contains("dump", StringComparison.Ordinal) ? SlaRunKind.Dump
                : SlaRunKind.Any;
            AddRun(service is null ? [] : [service], new SlaSchedule(kind, days, time, false, where, firstTime.Text), where);
            if (label.Contains("full", StringComparison.Ordinal))
            {
                sentence.Set(SlaFactKind.FullCadence, s => s with { FullDays = onDays });
                sentence.Set(SlaFactKind.Start, s => s.Start is null ? s with { Start = stated } : s);
            }
            else if (label.Contains("incr", StringComparison.Ordinal))
            {
                sentence.Set(SlaFactKind.Frequency, s => s with { RunDays = [.. (s.RunDays ?? []).Union(days)] });
            }
            else
            {
                sentence.Set(SlaFactKind.Start, s => s with { Start = stated });
                sentence.Set(SlaFactKind.Frequency, s => s with { Interval = new(SlaValues.LongestGap(days), where, firstTime.Text) });
            }
        }

        return true;
    }

    private static string Text(string[] lines, Block block) =>
        block.Line < 0 || block.Line >= lines.Length ? "" : lines[block.Line].TrimStart('#', ' ').Trim();

    /// <summary>"rpo" or "rto" when the text names exactly one of the two objectives.</summary>
    private static string? Objective(string text)
    {
        var lower = text.ToLowerInvariant();
        var rpo = lower.Contains("rpo", StringComparison.Ordinal) || (lower.Contains("recovery point", StringComparison.Ordinal) && !lower.Contains("recovery points", StringComparison.Ordinal));
        var rto = lower.Contains("rto", StringComparison.Ordinal) || lower.Contains("recovery time", StringComparison.Ordinal);
        return rpo == rto ? null : rpo ? "rpo" : "rto";
    }

    private static string? ServiceIn(string text) => ServiceNames.FirstOrDefault(s => s.Pattern.IsMatch(text)).Key;

    private static List<string> ServicesIn(string text) => [.. ServiceNames.Where(s => s.Pattern.IsMatch(text)).Select(s => s.Key)];

    private ServiceSla Service(string name, SourceLocation location)
    {
        if (!_services.TryGetValue(name, out var service))
        {
            service = new ServiceSla { Name = name, Location = location };
            _services[name] = service;
        }

        return service;
    }

    private SourceLocation Location(int line, int column, string text) =>
        new(Path, line + 1, column + 1, line + 1, column + 1 + Math.Max(1, text.Length));

    /// <summary>A piece of a line: its text, its line (0-based) and how far its first character is from the line's start.</summary>
    private sealed record Segment(string Text, int Line, int Shift);

    /// <summary>What a statement is made of: its own words, after the words that introduce it.</summary>
    private sealed record Words(IReadOnlyList<Segment> Segments)
    {
        /// <summary>The service a table row or column gives the statement, whatever its words name.</summary>
        public string? Only { get; init; }

        public Segment Own => Segments[^1];
    }

    /// <summary>One statement being read: its text, the services it speaks of, and positions inside it.</summary>
    private sealed class Sentence
    {
        private readonly SlaDocument _document;
        private readonly List<(int Start, Segment Segment)> _pieces = [];

        public Sentence(SlaDocument document, Words words, IReadOnlyList<string> services)
        {
            _document = document;
            var text = new System.Text.StringBuilder();
            foreach (var segment in words.Segments)
            {
                if (text.Length > 0)
                {
                    text.Append(' ');
                }

                _pieces.Add((text.Length, segment));
                text.Append(segment.Text);
            }

            Text = text.ToString();
            OwnStart = _pieces[^1].Start;
            Services = services;
        }

        public string Text { get; set; }

        public int OwnStart { get; }

        public IReadOnlyList<string> Services { get; }

        public TimeZoneInfo? Zone { get; init; }

        /// <summary>The kinds of fact this statement has stated so far.</summary>
        public HashSet<SlaFactKind> Read { get; } = [];

        public SourceLocation At(int index, int length)
        {
            var (start, segment) = _pieces.LastOrDefault(p => p.Start <= index, _pieces[0]);
            var column = index - start + segment.Shift;
            return new(_document.Path, segment.Line + 1, Math.Max(1, column + 1), segment.Line + 1, Math.Max(2, column + 1 + Math.Max(1, length)));
        }

        public SourceLocation Whole => At(OwnStart + (Text.Length - OwnStart - Text[OwnStart..].TrimStart().Length), Text[OwnStart..].Trim().Length);

        /// <summary>The words from <paramref name="index"/> on, as a value stated there.</summary>
        public Stated<T> Stated<T>(T value, int index, int length) => new(value, At(index, length), Text.Substring(index, length).Trim());

        /// <summary>A time read here, in the zone its heading or column names when it names none itself.</summary>
        public Stated<SlaTime>? TimeIn(int from = 0, int to = -1)
        {
            var end = to < 0 ? Text.Length : to;
            if (SlaValues.Time(Text[..end], from) is not { } time)
            {
                return null;
            }

            var zoned = time.Time.Zone is null && Zone is not null ? time.Time with { Zone = Zone } : time.Time;
            return Stated(zoned, time.Index, time.Length);
        }

        /// <summary>Changes what the sentence's services promise, or what every service is promised when it names none.</summary>
        public bool Set(SlaFactKind kind, Func<ServiceSla, ServiceSla> change)
        {
            if (Services.Count == 0)
            {
                _document._general = change(_document._general);
            }

            foreach (var name in Services)
            {
                _document._services[name] = change(_document.Service(name, Whole));
            }

            Read.Add(kind);
            return true;
        }
    }

    /// <summary>One line of prose, a list item, a code line or a table cell, read against every known statement form.</summary>
    private void Statement(Words words, Context context, bool fromTable = false, bool quiet = false)
    {
        var own = words.Own;
        if (own.Text.Trim().Length == 0)
        {
            return;
        }

        // Blanks are reported where they stand, in the statement's own words.
        var blanks = Blank().Matches(own.Text);
        var ownSentence = new Sentence(this, new([own]), []);
        foreach (Match blank in blanks)
        {
            _diagnostics.Add(DiagnosticCatalog.CPL5001.Create(ownSentence.At(blank.Index, blank.Length), $"a blank is still unfilled: \"{own.Text.Trim().TrimStart('-', '*', '+', ' ')}\""));
        }

        // What is filled in is still read; the blanks and the emphasis read as nothing (positions kept).
        static string Clean(string text) => Emphasis().Replace(Blank().Replace(text, b => new string(' ', b.Length)), e => new string(' ', e.Length));
        var cleaned = words with { Segments = [.. words.Segments.Select(s => s with { Text = Clean(s.Text) })] };
        var ownText = cleaned.Own.Text;

        // The coverage section names the services first: each one mentioned there is covered, unless it is said not to be.
        // Anywhere, a line whose label says it lists what is covered ("Services backed up: MySQL, InfluxDB") does the same.
        // A sentence that says what is not covered ("Nginx and Bind do not store any data") covers nothing.
        var coverageLine = KeyValue().Match(ownText) is { Success: true } coverageKey && CoverageSection().IsMatch(coverageKey.Groups["k"].Value.ToLowerInvariant());
        // Under "Services which are not backed up:" (a heading or the line introducing a list) nothing is covered.
        var notCoveredHere = (context.Section is { } section && NotCovered().IsMatch(section)) || (context.Intro is { } intro && NotCovered().IsMatch(intro.Text));
        if ((context.In(CoverageSection()) || coverageLine) && !notCoveredHere)
        {
            var at = 0;
            foreach (var clause in ClauseBreak().Split(ownText))
            {
                var start = ownText.IndexOf(clause, at, StringComparison.Ordinal);
                at = start + clause.Length;
                if (NotCovered().IsMatch(clause))
                {
                    continue;
                }

                foreach (var (key, pattern) in ServiceNames)
                {
                    if (pattern.Match(clause) is { Success: true } mention)
                    {
                        Service(key, ownSentence.At(start + mention.Index, mention.Length));
                    }
                }
            }
        }

        // Each sentence of the line on its own: "... at 00:35. Incremental backups ..." are two statements.
        var offset = 0;
        foreach (var part in SentenceBreak().Split(ownText))
        {
            var index = ownText.IndexOf(part, offset, StringComparison.Ordinal);
            offset = index + part.Length;
            if (part.Trim().Length == 0)
            {
                continue;
            }

            var piece = cleaned with { Segments = [.. cleaned.Segments.Take(cleaned.Segments.Count - 1), cleaned.Own with { Text = new string(' ', index) + part }] };
            ReadOne(piece, context, fromTable, quiet || blanks.Count > 0);
        }

        if (context.PendingEmpty is not null && HasValues().IsMatch(ownText))
        {
            context.PendingEmpty = null;
        }
    }

    private void ReadOne(Words words, Context context, bool fromTable, bool quiet)
    {
        var whole = new Sentence(this, words, []);
        var ownText = whole.Text[whole.OwnStart..];
        var named = ServicesIn(ownText);
        var leadNamed = ServicesIn(whole.Text[..whole.OwnStart]);
        IReadOnlyList<string> services = words.Only is { } only ? [only]
            : named.Count > 0 ? named
            : leadNamed.Count > 0 ? leadNamed
            : context.Label is { } label ? [label]
            : context.HeadingService is { } heading ? [heading]
            : [];
        var sentence = new Sentence(this, words, services) { Zone = context.Zone };

        var keyed = KeyValue().Match(sentence.Text, sentence.OwnStart);
        var field = keyed.Success ? Field(keyed.Groups["k"].Value) : null;

        // "- MySQL: 24 hours" under an RPO heading: the key names the service, the heading the objective.
        if (keyed.Success && field is null && ServiceIn(keyed.Groups["k"].Value) is not null && context.Objective is { } objective)
        {
            field = objective == "rpo" ? SlaField.Rpo : SlaField.Rto;
        }

        if (keyed.Success && field is { } known)
        {
            ReadKeyValue(sentence, known, keyed.Groups["k"].Value, keyed.Groups["v"]);
        }

        // A table cell is a value under its header: it is read as one, or not at all.
        if (!(fromTable && field is not null))
        {
            ReadSentence(sentence, context);
            ReadLoosely(sentence, context);
        }

        ReadSchedules(sentence, context);
        if (quiet || sentence.Read.Count > 0 || sentence.Services.Count == 0 || !HasValues().IsMatch(ownText))
        {
            return;
        }

        if (keyed.Success && field is not null)
        {
            var value = keyed.Groups["v"];
            _diagnostics.Add(DiagnosticCatalog.CPL5010.Create(sentence.At(value.Index, value.Length), $"could not read \"{value.Value.Trim()}\" as the {keyed.Groups["k"].Value.Trim().ToLowerInvariant()}", notes: ["write it as a duration (\"24 hours\"), a time with its zone (\"23:10 UTC\"), weekdays or a count"]));
        }
        else if (fromTable || (context.Section is not null && ScheduleSections().IsMatch(context.Section)))
        {
            _diagnostics.Add(DiagnosticCatalog.CPL5010.Create(sentence.Whole, $"could not read \"{ownText.Trim().TrimStart('-', '*', '+', ' ')}\": no interval, time, duration or count in a form CronPlan knows", notes: ["the template's forms: \"<Service> backups are created every 24 hours\", \"RPO: 24 hours\", \"stored for 4 weeks; 28 versions\""]));
        }
    }

    /// <summary>What a labelled value (<c>RPO: 24h</c>, a table cell under its header) states.</summary>
    private enum SlaField
    {
        Interval,
        Start,
        Deadline,
        Duration,
        Retention,
        Versions,
        Full,
        Rpo,
        Rto,
        Check,
    }

    // A label's words, in the order they are tried: "Recovery points" is a count, "Recovery point objective" the RPO.
    private static readonly (SlaField Field, Regex Words)[] Labels =
    [
        (SlaField.Rto, LabelWords("rto", "recovery time", "restore time", "time to restore")),
        (SlaField.Versions, LabelWords("versions?", "copies", "recovery points", "restore points")),
        (SlaField.Rpo, LabelWords("rpo", "recovery point", "data loss")),
        (SlaField.Check, LabelWords("verif", "usability", "restore test", "tested", "checked")),
        (SlaField.Retention, LabelWords("retention", "kept", "keep", "stored", "history")),
        (SlaField.Deadline, LabelWords("deadline", "finish", "done by", "complete")),
        (SlaField.Full, LabelWords("full")),
        (SlaField.Duration, LabelWords("duration", "takes", "time to back", "max time", "worst case", "length")),
        (SlaField.Start, LabelWords("start", "time", "begins", "when")),
        (SlaField.Interval, LabelWords("frequency", "interval", "schedule", "how often", "cadence", "backups?")),
    ];

    private static Regex LabelWords(params string[] words) =>
        new($@"\b(?:{string.Join('|', words)})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled, TimeSpan.FromMilliseconds(SlaValues.RegexTimeout));

    private static SlaField? Field(string key)
    {
        foreach (var (field, words) in Labels)
        {
            if (words.IsMatch(key))
            {
                return field;
            }
        }

        return null;
    }

    private static int? Count(string text) => SlaValues.Number(text);

    private void ReadKeyValue(Sentence sentence, SlaField field, string key, Group value)
    {
        var text = value.Value;
        var keyZone = SlaValues.ZoneIn(key);
        Stated<SlaTime>? TimeIn()
        {
            if (sentence.TimeIn(value.Index) is not { } time)
            {
                return null;
            }

            return time.Value.Zone is null && keyZone is not null ? time with { Value = time.Value with { Zone = keyZone } } : time;
        }

        // The value alone, or its leading words before " at", "," or "(": "daily at 23:10 UTC", "4 weeks (28 versions)".
        Stated<TimeSpan>? DurationIn()
        {
            var lead = DurationLead().Match(text);
            return SlaValues.Duration(lead.Value) is { } duration ? sentence.Stated(duration, value.Index + lead.Index, lead.Length) : null;
        }

        switch (field)
        {
            case SlaField.Interval:
                if (DurationIn() is { } every)
                {
                    sentence.Set(SlaFactKind.Frequency, s => s with { Interval = every });
                }
                else if (SlaValues.Frequency(text) is { } often)
                {
                    sentence.Set(SlaFactKind.Frequency, s => s with { Interval = sentence.Stated(often.Value, value.Index + often.Index, often.Length) });
                }

                if (TimeIn() is { } at)
                {
                    sentence.Set(SlaFactKind.Start, s => s with { Start = at });
                }

                break;
            case SlaField.Start:
                if (TimeIn() is { } start)
                {
                    sentence.Set(SlaFactKind.Start, s => s with { Start = start });
                }

                break;
            case SlaField.Deadline:
                if (TimeIn() is { } deadline)
                {
                    sentence.Set(SlaFactKind.Deadline, s => s with { Deadline = deadline });
                }

                break;
            case SlaField.Duration:
                if (DurationIn() is { } takes)
                {
                    sentence.Set(SlaFactKind.Duration, s => s with { Duration = takes });
                }

                break;
            case SlaField.Retention:
                if (DurationIn() is { } kept)
                {
                    sentence.Set(SlaFactKind.Retention, s => s with { RetentionPeriod = kept });
                }

                break;
            case SlaField.Versions:
                if (IncrementalKey().IsMatch(key))
                {
                    // Incremental versions alone are not the recovery points of the whole chain.
                    sentence.Read.Add(SlaFactKind.Versions);
                }
                else if (FirstNumber().Match(text) is { Success: true } number && Count(number.Value) is { } count)
                {
                    var stated = sentence.Stated(count, value.Index + number.Index, number.Length);
                    sentence.Set(SlaFactKind.Versions, FullKey().IsMatch(key) ? s => s with { FullVersions = stated } : s => s with { Versions = stated });
                }

                break;
            case SlaField.Full:
                if (SlaValues.Weekdays(text) is { Count: > 0 } days)
                {
                    var stated = sentence.Stated(days, value.Index, text.TrimEnd().Length);
                    sentence.Set(SlaFactKind.FullCadence, s => s with { FullDays = stated });
                }
                else if (SlaValues.Duration(text) is { } cadence && cadence == TimeSpan.FromDays(1))
                {
                    var stated = sentence.Stated<IReadOnlyList<DayOfWeek>>(Enum.GetValues<DayOfWeek>(), value.Index, text.TrimEnd().Length);
                    sentence.Set(SlaFactKind.FullCadence, s => s with { FullDays = stated });
                }

                if (TimeIn() is { } fullAt)
                {
                    sentence.Set(SlaFactKind.Start, s => s with { Start = s.Start ?? fullAt });
                }

                break;
            case SlaField.Rpo or SlaField.Rto or SlaField.Check:
                var promised = DurationIn();
                if (promised is null && field == SlaField.Check && SlaValues.Frequency(text) is { } checkedEvery)
                {
                    promised = sentence.Stated(checkedEvery.Value, value.Index + checkedEvery.Index, checkedEvery.Length);
                }

                if (promised is { } objective)
                {
                    sentence.Set(
                        field == SlaField.Rpo ? SlaFactKind.Rpo : field == SlaField.Rto ? SlaFactKind.Rto : SlaFactKind.Verification,
                        s => field == SlaField.Rpo ? s with { Rpo = objective } : field == SlaField.Rto ? s with { Rto = objective } : s with { UsabilityCheck = objective });
                }

                break;
        }
    }

    /// <summary>The sentence forms of the course template and of prose.</summary>
    private void ReadSentence(Sentence sentence, Context context)
    {
        // The words that introduce a list item are part of what it says: "created every day at:" + "01:00 for MySQL".
        var text = sentence.Text;
        const int from = 0;
        var lower = text.ToLowerInvariant();

        // "... every <interval>; it takes up to <duration> ...", "taken daily at 2:30 AM UTC", "Daily backups of MySQL".
        var interval = Interval().Match(text, from);
        if (interval.Success && !sentence.Read.Contains(SlaFactKind.Frequency) && SlaValues.Duration(interval.Groups["v"].Value) is { } every && !FullWord().IsMatch(text[from..]))
        {
            sentence.Set(SlaFactKind.Frequency, s => s with { Interval = sentence.Stated(every, interval.Groups["v"].Index, interval.Groups["v"].Length) });
            if (!StartedBy().IsMatch(text, from) && sentence.TimeIn(interval.Index) is { } at)
            {
                sentence.Set(SlaFactKind.Start, s => s with { Start = at });
            }
        }

        var duration = TakesUpTo().Match(text, from);
        if (duration.Success && SlaValues.Duration(duration.Groups["v"].Value) is { } takes)
        {
            sentence.Set(SlaFactKind.Duration, s => s with { Duration = sentence.Stated(takes, duration.Groups["v"].Index, duration.Groups["v"].Length) });
        }

        // "All backups are started automatically by 23:10 UTC." ("by cron" says who, not when.)
        var started = StartedBy().Match(text, from);
        if (started.Success && !sentence.Read.Contains(SlaFactKind.Start))
        {
            var until = started.Groups["v"];
            var finish = FinishBy().Match(text, until.Index);
            if (sentence.TimeIn(until.Index, finish.Success ? finish.Index : until.Index + until.Length) is { } time)
            {
                sentence.Set(SlaFactKind.Start, s => s with { Start = time });
            }
            else if (!until.Value.Contains("up to", StringComparison.OrdinalIgnoreCase) && !until.Value.Contains(':', StringComparison.Ordinal))
            {
                _diagnostics.Add(DiagnosticCatalog.CPL5010.Create(sentence.At(until.Index, until.Length), $"\"{text[from..].Trim()}\" says who starts the backups, not when: no start time can be read", notes: ["write the time and its zone, e.g. \"started automatically by 23:10 UTC\""]));
                sentence.Read.Add(SlaFactKind.Start);
            }
        }

        // "... and finish by 01:00 UTC", "must be completed before 01:00 UTC": a deadline, not a start.
        var finished = FinishBy().Match(text, from);
        if (finished.Success && sentence.TimeIn(finished.Index + finished.Length) is { } by && by.Location.Line == sentence.At(finished.Index, 1).Line)
        {
            sentence.Set(SlaFactKind.Deadline, s => s with { Deadline = by });
        }

        // Full backups: "Full backup every Sunday at 23:10 UTC, incremental Monday to Saturday".
        var full = FullOn().Match(text, from);
        if (full.Success && SlaValues.Weekdays(full.Groups["v"].Value) is { Count: > 0 } days)
        {
            var stated = sentence.Stated(days, full.Groups["v"].Index, full.Groups["v"].Length);
            sentence.Set(SlaFactKind.FullCadence, s => s with { FullDays = stated });
            if (sentence.TimeIn(full.Index) is { } start)
            {
                sentence.Set(SlaFactKind.Start, s => s with { Start = s.Start ?? start });
            }
        }

        // "<Service> backups are stored for <period>; <N> versions (recovery points) are available".
        var stored = StoredFor().Match(text, from);
        if (stored.Success && SlaValues.Duration(stored.Groups["v"].Value) is { } period)
        {
            sentence.Set(SlaFactKind.Retention, s => s with { RetentionPeriod = sentence.Stated(period, stored.Groups["v"].Index, stored.Groups["v"].Length) });
        }
        else if (stored.Success && BareNumber().IsMatch(stored.Groups["v"].Value))
        {
            // "stored for 30;": the template's sentence with its unit left out.
            _diagnostics.Add(DiagnosticCatalog.CPL5001.Create(sentence.At(stored.Groups["v"].Index, stored.Groups["v"].Length), $"\"{stored.Value.Trim()}\" has no unit: 30 what? a value is missing from the sentence", notes: ["write the period with its unit, e.g. \"stored for 30 days\""]));
            sentence.Read.Add(SlaFactKind.Retention);
        }

        var verified = Verified().Match(text, from);
        if (verified.Success && SlaValues.Frequency(verified.Groups["v"].Value) is { } check)
        {
            sentence.Set(SlaFactKind.Verification, s => s with { UsabilityCheck = sentence.Stated(check.Value, verified.Groups["v"].Index + check.Index, check.Length) });
        }

        // RPO and RTO: "- 24 hours for MySQL" under an RPO heading, "MySQL RPO is 24 hours", "RTO of 2 hours".
        foreach (var (kind, pattern) in new[] { (SlaFactKind.Rpo, Rpo()), (SlaFactKind.Rto, Rto()) })
        {
            if (sentence.Read.Contains(kind))
            {
                continue;
            }

            var labelled = pattern.Match(text, from);
            Match? value = labelled.Success ? labelled : null;
            var name = kind == SlaFactKind.Rpo ? "rpo" : "rto";
            if (value is null && context.Objective == name && !lower.Contains(kind == SlaFactKind.Rpo ? "rto" : "rpo", StringComparison.Ordinal))
            {
                var bullet = ForService().Match(text, from);
                value = bullet.Success ? bullet : null;
            }

            if (value is not null && SlaValues.Duration(value.Groups["v"].Value) is { } promised)
            {
                var stated = sentence.Stated(promised, value.Groups["v"].Index, value.Groups["v"].Length);
                sentence.Set(kind, s => kind == SlaFactKind.Rpo ? s with { Rpo = stated } : s with { Rto = stated });
            }
        }
    }

    /// <summary>
    /// What the loose forms of prose say, for each kind no stricter form has read: a keyword ("RPO", "acceptable data
    /// loss", "kept", "verified", "full") and the nearest duration, frequency, time or count after it.
    /// </summary>
    private void ReadLoosely(Sentence sentence, Context context)
    {
        var text = sentence.Text;
        const int from = 0;
        var own = text;
        bool Missing(SlaFactKind kind) => !sentence.Read.Contains(kind);

        // RPO: a keyword and the duration after it; in an RPO section, any sentence about loss.
        var rpoWord = RpoWord().Match(text);
        var lossInSection = context.Objective == "rpo" && (LossWord().IsMatch(own) || (ServicesIn(own).Count > 0 && SlaValues.Time(own) is null && SlaValues.Frequency(own) is null));
        if (Missing(SlaFactKind.Rpo) && (rpoWord.Success || lossInSection) && SlaValues.DurationIn(text, Math.Max(from, rpoWord.Success ? rpoWord.Index : from)) is { } rpo)
        {
            sentence.Set(SlaFactKind.Rpo, s => s with { Rpo = sentence.Stated(rpo.Value, rpo.Index, rpo.Length) });
            return;
        }

        // RTO: a keyword and the duration after it; in an RTO section, the first duration of the sentence.
        var rtoWord = RtoWord().Match(text);
        if (Missing(SlaFactKind.Rto) && (rtoWord.Success || context.Objective == "rto") && SlaValues.DurationIn(text, Math.Max(from, rtoWord.Success ? rtoWord.Index : from)) is { } rto)
        {
            sentence.Set(SlaFactKind.Rto, s => s with { Rto = sentence.Stated(rto.Value, rto.Index, rto.Length) });
            return;
        }

        if (context.Objective == "rto" || rtoWord.Success)
        {
            return;
        }

        // Usability checks: "checked every 7 days", "tests backups every Monday", or any frequency in their section.
        var checkWord = CheckWord().Match(text, from);
        if (checkWord.Success || context.In(UsabilitySection()))
        {
            if (Missing(SlaFactKind.Verification) && SlaValues.Frequency(text, checkWord.Success ? checkWord.Index : from) is { } check)
            {
                sentence.Set(SlaFactKind.Verification, s => s with { UsabilityCheck = sentence.Stated(check.Value, check.Index, check.Length) });
            }

            return;
        }

        // Retention: "kept for 30 days", "held for a maximum of 35 days", "the last 7 daily backups are retained".
        var count = VersionCount().Match(text, from);
        if (count.Success && Missing(SlaFactKind.Versions) && Count(count.Groups["n"].Value) is { } versions && !count.Groups["incr"].Success)
        {
            var stated = sentence.Stated(versions, count.Groups["n"].Index, count.Groups["n"].Length);
            sentence.Set(SlaFactKind.Versions, count.Groups["full"].Success ? s => s with { FullVersions = stated } : s => s with { Versions = stated });
            if (count.Groups["daily"].Success && Missing(SlaFactKind.Frequency))
            {
                var daily = sentence.Stated(TimeSpan.FromDays(1), count.Groups["daily"].Index, count.Groups["daily"].Length);
                sentence.Set(SlaFactKind.Frequency, s => s.Interval is null ? s with { Interval = daily } : s);
            }
        }

        var keptWord = KeptWord().Match(text, from);
        if (keptWord.Success && Missing(SlaFactKind.Retention) && !Pruned().IsMatch(own) && SlaValues.DurationIn(text, keptWord.Index) is { } kept && !text[keptWord.Index..kept.Index].Contains("every", StringComparison.OrdinalIgnoreCase))
        {
            sentence.Set(SlaFactKind.Retention, s => s with { RetentionPeriod = sentence.Stated(kept.Value, kept.Index, kept.Length) });
        }

        if (Pruned().IsMatch(own) || !BackupWord().IsMatch(own))
        {
            return;
        }

        // The schedule: how often, on which days, full or not, and when.
        var isFull = FullWord().IsMatch(own);
        var isIncremental = IncrementalWord().IsMatch(own);
        // "Full every Sunday, incremental Monday to Saturday": the incremental days come after their word.
        var startAt = from;
        if (isFull && isIncremental)
        {
            if (sentence.Read.Contains(SlaFactKind.FullCadence))
            {
                startAt = IncrementalWord().Match(text, from).Index;
                isFull = false;
            }
            else
            {
                isIncremental = false;
            }
        }

        if (SlaValues.Frequency(text, startAt) is { } often)
        {
            var phrase = text.Substring(often.Index, often.Length);
            var days = SlaValues.Weekdays(phrase);
            var stated = sentence.Stated(often.Value, often.Index, often.Length);
            if (isFull && !isIncremental && Missing(SlaFactKind.FullCadence))
            {
                if (days.Count > 0 && !EveryDay().IsMatch(phrase))
                {
                    var onDays = sentence.Stated(days, often.Index, often.Length);
                    sentence.Set(SlaFactKind.FullCadence, s => s with { FullDays = onDays });
                }
                else
                {
                    sentence.Set(SlaFactKind.FullCadence, s => s with { FullInterval = stated });
                }
            }
            else if (!isFull || isIncremental)
            {
                if (days.Count > 0 && !EveryDay().IsMatch(phrase))
                {
                    sentence.Set(SlaFactKind.Frequency, s => s with { RunDays = [.. (s.RunDays ?? []).Union(days)] });
                }
                else if (Missing(SlaFactKind.Frequency))
                {
                    sentence.Set(SlaFactKind.Frequency, s => s with { Interval = stated });
                }
            }
        }

        // "uploaded at 23:47" is when the copy leaves, not when the backup starts.
        var upload = UploadAt().Match(text, from);
        var deadline = FinishBy().Match(text, from);
        if (Missing(SlaFactKind.Start) && sentence.TimeIn(from, deadline.Success ? deadline.Index : -1) is { } time && !(upload.Success && text.IndexOf(time.Text, from, StringComparison.Ordinal) > upload.Index))
        {
            sentence.Set(SlaFactKind.Start, s => s.Start is null ? s with { Start = time } : s);
        }
    }

    private static Regex ServiceWord(string words) => new($@"\b(?:{words})\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(SlaValues.RegexTimeout));

    private const int Timeout = SlaValues.RegexTimeout;

    [GeneratedRegex(@"_{3,}", RegexOptions.None, Timeout)]
    private static partial Regex Blank();

    [GeneratedRegex(@"\*\*|__|`", RegexOptions.None, Timeout)]
    private static partial Regex Emphasis();

    [GeneratedRegex(@"(?<=[.!?;])\s+", RegexOptions.None, Timeout)]
    private static partial Regex ClauseBreak();

    [GeneratedRegex(@"(?<=[a-z0-9)][.!?])\s+(?=[A-Z])", RegexOptions.None, Timeout)]
    private static partial Regex SentenceBreak();

    [GeneratedRegex(@"\b(?:(?:created|made|taken|run|done|performed|backed\s+up|back\s+up|dumped|saved|scheduled)(?:\s+(?!every|each|once|daily|nightly|hourly|weekly)[\w`']+){0,3}?\s+(?:once\s+)?(?<v>every\s+[0-9]*\s*[a-z]+|each\s+[a-z]+|daily|nightly|hourly|weekly)|(?<v>daily|nightly|hourly|weekly)\s+(?:backups?|dumps?|snapshots?)\b)", RegexOptions.IgnoreCase, Timeout)]
    private static partial Regex Interval();

    [GeneratedRegex(@"takes?\s+(?:up\s+to|at\s+most|no\s+more\s+than|about)\s+(?<v>[\w .]+?)(?:\s+to\b|\s*[.;,)]|\s*$)", RegexOptions.IgnoreCase | RegexOptions.Multiline, Timeout)]
    private static partial Regex TakesUpTo();

    [GeneratedRegex(@"\b(?:started|starts?|begins?)\s+(?:automatically\s+)?(?:by|at)\s+(?<v>[^;]+?)(?:[.;]\s|[.;]?$)", RegexOptions.IgnoreCase, Timeout)]
    private static partial Regex StartedBy();

    [GeneratedRegex(@"\b(?:finish(?:ed|es)?|complete[sd]?|ready|end(?:s|ed)?|done)\s+(?:by|before|until|no\s+later\s+than)\s+", RegexOptions.IgnoreCase, Timeout)]
    private static partial Regex FinishBy();

    [GeneratedRegex(@"full\s+(?:backups?\s+)?(?:is\s+|are\s+)?(?:\w+\s+)?(?:every|on|each)\s+(?<v>(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*(?:\s*(?:to|-|and|,)\s*(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*)*)", RegexOptions.IgnoreCase, Timeout)]
    private static partial Regex FullOn();

    [GeneratedRegex(@"(?:stored|kept|retained|held)\s+for\s+(?:a\s+maximum\s+of\s+|up\s+to\s+|at\s+least\s+)?(?<v>[\w ]+?)\s*(?:[;,.(]|\band\b|$)", RegexOptions.IgnoreCase, Timeout)]
    private static partial Regex StoredFor();

    [GeneratedRegex(@"^\s*[0-9]+\s*$", RegexOptions.None, Timeout)]
    private static partial Regex BareNumber();

    [GeneratedRegex(@"verified\s+(?<v>every\s+[0-9]*\s*[a-z]+|each\s+[a-z]+|daily|weekly|monthly|on\s+[a-z]+)", RegexOptions.IgnoreCase, Timeout)]
    private static partial Regex Verified();

    [GeneratedRegex(@"\bRPO\b[^:0-9]*[:=-]?\s*(?:is\s+)?(?<v>[0-9]+\s*[a-z]+|[0-9]+[a-z]+|a\s+[a-z]+|one\s+[a-z]+)", RegexOptions.IgnoreCase, Timeout)]
    private static partial Regex Rpo();

    [GeneratedRegex(@"\bRTO\b[^:0-9]*[:=-]?\s*(?:is\s+)?(?<v>[0-9]+\s*[a-z]+|[0-9]+[a-z]+|a\s+[a-z]+|one\s+[a-z]+)", RegexOptions.IgnoreCase, Timeout)]
    private static partial Regex Rto();

    [GeneratedRegex(@"\G\s*(?:[-*+]\s*)?(?<v>[\w .]+?)\s+(?:for|-|–)\s+\S", RegexOptions.IgnoreCase, Timeout)]
    private static partial Regex ForService();

    [GeneratedRegex(@"[0-9]|_{3,}", RegexOptions.None, Timeout)]
    private static partial Regex HasValues();

    [GeneratedRegex(@"schedule|rpo|rto|recovery|retention|storage|usability", RegexOptions.None, Timeout)]
    private static partial Regex ScheduleSections();

    [GeneratedRegex(@"cover|backed\s*up|scope", RegexOptions.None, Timeout)]
    private static partial Regex CoverageSection();

    [GeneratedRegex(@"usability|verif|check|test", RegexOptions.None, Timeout)]
    private static partial Regex UsabilitySection();

    [GeneratedRegex(@"\bnot\b|n't\b|\bexcept|\bexclu", RegexOptions.IgnoreCase, Timeout)]
    private static partial Regex NotCovered();

    [GeneratedRegex(@"\b(?:RPO|recovery\s+point\s+objective|(?:acceptable|maximum|max|allowed)(?:\s+potential)?(?:\s+amount\s+of)?\s+data\s+loss)\b", RegexOptions.IgnoreCase, Timeout)]
    private static partial Regex RpoWord();

    [GeneratedRegex(@"\b(?:los[st]|lose|loss)\b", RegexOptions.IgnoreCase, Timeout)]
    private static partial Regex LossWord();

    [GeneratedRegex(@"\b(?:RTO|recovery\s+time(?:\s+objective)?|time\s+to\s+(?:restore|recover))\b", RegexOptions.IgnoreCase, Timeout)]
    private static partial Regex RtoWord();

    [GeneratedRegex(@"\b(?:verif\w*|usability|tested|tests?|checked|checks?)\b", RegexOptions.IgnoreCase, Timeout)]
    private static partial Regex CheckWord();

    [GeneratedRegex(@"\b(?:retain(?:ed|s)?|kept|keeps?|stored?|held|saved?|retention)\b", RegexOptions.IgnoreCase, Timeout)]
    private static partial Regex KeptWord();

    [GeneratedRegex(@"\b(?:delet\w*|remov\w*|prun\w*|older\s+than|purg\w*)\b", RegexOptions.IgnoreCase, Timeout)]
    private static partial Regex Pruned();

    [GeneratedRegex(@"\b(?:backups?|backed|dumps?|snapshots?|copies|copied|creat\w*|made|done|performed|taken|issued|upload\w*)\b", RegexOptions.IgnoreCase, Timeout)]
    private static partial Regex BackupWord();

    [GeneratedRegex(@"\bfull\b", RegexOptions.IgnoreCase, Timeout)]
    private static partial Regex FullWord();

    [GeneratedRegex(@"\bincrement\w*", RegexOptions.IgnoreCase, Timeout)]
    private static partial Regex IncrementalWord();

    [GeneratedRegex(@"^\s*(?:every|each)\s+(?:day|night)", RegexOptions.IgnoreCase, Timeout)]
    private static partial Regex EveryDay();

    [GeneratedRegex(@"\bupload(?:ed|s)?\s+(?:at|by)\b", RegexOptions.IgnoreCase, Timeout)]
    private static partial Regex UploadAt();

    [GeneratedRegex(@"incremental", RegexOptions.IgnoreCase, Timeout)]
    private static partial Regex IncrementalKey();

    [GeneratedRegex(@"\bfull\b", RegexOptions.IgnoreCase, Timeout)]
    private static partial Regex FullKey();

    // "3 full backup versions", "the last 7 daily backups", "seven (7) incremental backups", "10 versions", "3 full chains".
    [GeneratedRegex(@"(?<![0-9.:])(?<n>[0-9]{1,9}|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fourteen|thirty)\s+(?:\([0-9]+\)\s+)?(?:(?<full>full)\s+|(?<incr>incremental)\s+|(?<daily>daily|nightly)\s+)?(?:(?:backup|database|recovery|restore)\s+)?(?:versions?|copies|backups|recovery\s+points|restore\s+points|chains?)\b", RegexOptions.IgnoreCase, Timeout)]
    private static partial Regex VersionCount();

    // A label is a service's name and few other words: "MySQL backups", "MySql Agama", "InfluxDB (System data)".
    [GeneratedRegex(@"^[\w ()/-]{1,40}$", RegexOptions.None, Timeout)]
    private static partial Regex LabelShape();

    [GeneratedRegex(@"^\s*(?:[0-9]{1,2}\.\s*)?[A-Za-z][A-Za-z ()/&]{2,50}?[\s:-]*$", RegexOptions.None, Timeout)]
    private static partial Regex PlainHeading();

    [GeneratedRegex(@"^\s*(?:[-*+]|[0-9]{1,2}[.)])\s", RegexOptions.None, Timeout)]
    private static partial Regex ListItem();

    [GeneratedRegex(@"<[^<>]*>", RegexOptions.None, Timeout)]
    private static partial Regex HtmlTag();

    [GeneratedRegex(@"^\s*<h[1-6]\b", RegexOptions.IgnoreCase, Timeout)]
    private static partial Regex HtmlHeading();

    [GeneratedRegex(@"<!--.*?-->", RegexOptions.Singleline, Timeout)]
    private static partial Regex HtmlComment();

    [GeneratedRegex(@"[^\n]", RegexOptions.None, Timeout)]
    private static partial Regex NotNewline();

    [GeneratedRegex(@"<tr\b[^>]*>(?<row>.*?)(?=</tr\s*>|<tr\b|</t(?:body|able)\b)", RegexOptions.Singleline | RegexOptions.IgnoreCase, Timeout)]
    private static partial Regex HtmlRow();

    [GeneratedRegex(@"<t[dh]\b[^>]*>(?<c>.*?)</t[dh]\s*>", RegexOptions.Singleline | RegexOptions.IgnoreCase, Timeout)]
    private static partial Regex HtmlCell();

    // "Frequency: daily", "**RPO**: 24h", "- Start (UTC): 23:10": a short label, a colon, a value.
    [GeneratedRegex(@"\G\s*(?:[-*+]\s+|[0-9]{1,2}\.\s*)?(?<k>[A-Za-z][\w ()/+-]{0,50}?)\s*(?:-\s*)?:\s+(?<v>\S.*?)\s*$", RegexOptions.None, Timeout)]
    private static partial Regex KeyValue();

    [GeneratedRegex(@"^\s*(?:every\s+|each\s+|once\s+(?:a|an|every)\s+)?[\w .]+?(?=\s*(?:$|\bat\b|\bfor\b|[,;(/]|\bfrom\b|\bstarting\b))", RegexOptions.IgnoreCase, Timeout)]
    private static partial Regex DurationLead();

    [GeneratedRegex(@"[0-9]+", RegexOptions.None, Timeout)]
    private static partial Regex FirstNumber();
}
