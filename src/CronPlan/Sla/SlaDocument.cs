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
                    ReadTable(
                        [.. table.OfType<TableRow>().Select(row => (IReadOnlyList<Cell>)[.. row.OfType<TableCell>().Select(cell => CellOf(lines, cell))])],
                        section);
                    break;
                case HtmlBlock html:
                    var fragment = markdown[html.Span.Start..Math.Min(html.Span.End + 1, markdown.Length)];
                    if (HtmlRow().IsMatch(fragment))
                    {
                        ReadTable(HtmlRows(fragment, html.Span.Start, markdown, lineOf), section);
                        break;
                    }

                    for (var line = html.Line; line <= LastLine(html) && line < lines.Length; line++)
                    {
                        Statement(HtmlTag().Replace(lines[line], match => new string(' ', match.Length)), line, section, headingService, objective);
                    }

                    break;
            }
        }
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
                var absolute = offset + row.Groups["row"].Index + content.Index + (content.Value.Length - content.Value.TrimStart().Length);
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
    /// names the services (one column each) reads with the row's first cell as the key.
    /// </summary>
    private void ReadTable(IReadOnlyList<IReadOnlyList<Cell>> rows, string? section)
    {
        if (rows.Count < 2)
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

                Statement($"{key}: {cells[i].Text}", cells[i].Line, section, service, null, cells[i].Column - key.Length - 2, service is not null);
            }
        }
    }

    private static string Text(string[] lines, Block block) =>
        block.Line < 0 || block.Line >= lines.Length ? "" : lines[block.Line].TrimStart('#', ' ').Trim();

    /// <summary>"rpo" or "rto" when the text names exactly one of the two objectives.</summary>
    private static string? Objective(string text)
    {
        var lower = text.ToLowerInvariant();
        var rpo = lower.Contains("rpo", StringComparison.Ordinal) || lower.Contains("recovery point", StringComparison.Ordinal);
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

    /// <summary>One line being read: its text, the services it speaks of, and positions inside it.</summary>
    private sealed class Sentence(SlaDocument document, string text, int lineIndex, int columnShift, IReadOnlyList<string> services)
    {
        public string Text { get; } = text;

        public IReadOnlyList<string> Services { get; } = services;

        public SourceLocation At(int index, int length) =>
            new(document.Path, lineIndex + 1, Math.Max(1, index + 1 + columnShift), lineIndex + 1, Math.Max(2, index + 1 + columnShift + Math.Max(1, length)));

        public SourceLocation Whole => At(Text.Length - Text.TrimStart().Length, Text.Trim().Length);

        /// <summary>The words from <paramref name="index"/> on, as a value stated there.</summary>
        public Stated<T> Stated<T>(T value, int index, int length) => new(value, At(index, length), Text.Substring(index, length));

        /// <summary>Changes what the sentence's services promise; false when it names none.</summary>
        public bool Set(Func<ServiceSla, ServiceSla> change)
        {
            foreach (var name in Services)
            {
                document._services[name] = change(document.Service(name, Whole));
            }

            return Services.Count > 0;
        }
    }

    /// <summary>One line of prose, a list item or a table cell, read against every known sentence form.</summary>
    private void Statement(string line, int lineIndex, string? section, string? contextService, string? objective, int columnShift = 0, bool fromTable = false)
    {
        var text = line.TrimEnd();
        if (text.Trim().Length == 0)
        {
            return;
        }

        var named = ServicesIn(text);
        var probe = new Sentence(this, text, lineIndex, columnShift, named);
        var blanks = Blank().Matches(text);
        foreach (Match blank in blanks)
        {
            _diagnostics.Add(DiagnosticCatalog.CPL5001.Create(probe.At(blank.Index, blank.Length), $"a blank is still unfilled: \"{text.Trim().TrimStart('-', '*', ' ')}\""));
        }

        // What is filled in is still read; the blanks themselves read as nothing.
        text = Blank().Replace(text, blank => new string(' ', blank.Length));

        // The coverage section names the services first: each one mentioned there is covered.
        if (section is not null && section.Contains("coverage", StringComparison.Ordinal))
        {
            foreach (var (key, pattern) in ServiceNames)
            {
                if (pattern.Match(text) is { Success: true } mention)
                {
                    Service(key, probe.At(mention.Index, mention.Length));
                }
            }
        }

        var sentence = new Sentence(this, text, lineIndex, columnShift, named.Count > 0 && !fromTable ? named : contextService is null ? named : [contextService]);
        var keyed = KeyValue().Match(text);
        var read = keyed.Success && Field(keyed.Groups["k"].Value) is { } field
            ? ReadKeyValue(sentence, field, keyed.Groups["k"].Value, keyed.Groups["v"])
            : ReadSentence(sentence, objective);
        if (!read && blanks.Count == 0 && sentence.Services.Count > 0 && section is not null && HasValues().IsMatch(text) && ScheduleSections().IsMatch(section))
        {
            _diagnostics.Add(DiagnosticCatalog.CPL5010.Create(sentence.Whole, $"could not read \"{text.Trim().TrimStart('-', '*', ' ')}\": no interval, time, duration or count in a form CronPlan knows", notes: ["the template's forms: \"<Service> backups are created every 24 hours\", \"RPO: 24 hours\", \"stored for 4 weeks; 28 versions\""]));
        }
    }

    /// <summary>What a labelled value (<c>RPO: 24h</c>, a table cell under its header) states.</summary>
    private enum SlaField
    {
        Interval,
        Start,
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
        (SlaField.Full, LabelWords("full")),
        (SlaField.Duration, LabelWords("duration", "takes", "time to back", "max time", "worst case", "length")),
        (SlaField.Start, LabelWords("start", "time", "begins", "when")),
        (SlaField.Interval, LabelWords("frequency", "interval", "schedule", "how often", "cadence", "backups?")),
    ];

    private static Regex LabelWords(params string[] words) =>
        new($@"\b(?:{string.Join('|', words)})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);

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

    private bool ReadKeyValue(Sentence sentence, SlaField field, string key, Group value)
    {
        var text = value.Value;
        var keyZone = ZoneWord().Match(key) is { Success: true } zoneWord ? SlaValues.Zone(zoneWord.Value) : null;
        Stated<SlaTime>? TimeIn()
        {
            if (SlaValues.Time(text) is not { } time)
            {
                return null;
            }

            var zoned = time.Time.Zone is null && keyZone is not null ? time.Time with { Zone = keyZone } : time.Time;
            return sentence.Stated(zoned, value.Index + time.Index, time.Length);
        }

        // The value alone, or its leading words before " at", "," or "(": "daily at 23:10 UTC", "4 weeks (28 versions)".
        Stated<TimeSpan>? DurationIn()
        {
            var lead = DurationLead().Match(text);
            return SlaValues.Duration(lead.Value) is { } duration ? sentence.Stated(duration, value.Index + lead.Index, lead.Length) : null;
        }

        var read = false;
        switch (field)
        {
            case SlaField.Interval:
                if (DurationIn() is { } every)
                {
                    read = sentence.Set(s => s with { Interval = every });
                }

                if (TimeIn() is { } at)
                {
                    read |= sentence.Set(s => s with { Start = at });
                }

                break;
            case SlaField.Start:
                if (TimeIn() is { } start)
                {
                    read = sentence.Services.Count > 0 ? sentence.Set(s => s with { Start = start }) : (StartAll ??= start) is not null;
                }

                break;
            case SlaField.Duration:
                if (DurationIn() is { } takes)
                {
                    read = sentence.Set(s => s with { Duration = takes });
                }

                break;
            case SlaField.Retention:
                if (DurationIn() is { } kept)
                {
                    read = sentence.Set(s => s with { RetentionPeriod = kept });
                }

                if (CountOf().Match(text) is { Success: true } count)
                {
                    read |= sentence.Set(s => s with { Versions = sentence.Stated(int.Parse(count.Groups["v"].Value, CultureInfo.InvariantCulture), value.Index + count.Groups["v"].Index, count.Groups["v"].Length) });
                }

                break;
            case SlaField.Versions:
                if (FirstNumber().Match(text) is { Success: true } number)
                {
                    read = sentence.Set(s => s with { Versions = sentence.Stated(int.Parse(number.Value, CultureInfo.InvariantCulture), value.Index + number.Index, number.Length) });
                }

                break;
            case SlaField.Full:
                if (SlaValues.Weekdays(text) is { Count: > 0 } days)
                {
                    var stated = sentence.Stated(days, value.Index, text.TrimEnd().Length);
                    read = sentence.Set(s => s with { FullDays = stated });
                }
                else if (SlaValues.Duration(text) is { } cadence && cadence == TimeSpan.FromDays(1))
                {
                    var stated = sentence.Stated<IReadOnlyList<DayOfWeek>>(Enum.GetValues<DayOfWeek>(), value.Index, text.TrimEnd().Length);
                    read = sentence.Set(s => s with { FullDays = stated });
                }

                if (TimeIn() is { } fullAt)
                {
                    read |= sentence.Set(s => s with { Start = s.Start ?? fullAt });
                }

                break;
            case SlaField.Rpo or SlaField.Rto or SlaField.Check:
                if (DurationIn() is { } objective)
                {
                    read = sentence.Set(s => field == SlaField.Rpo ? s with { Rpo = objective } : field == SlaField.Rto ? s with { Rto = objective } : s with { UsabilityCheck = objective });
                }

                break;
        }

        if (!read && sentence.Services.Count > 0 && HasValues().IsMatch(text))
        {
            _diagnostics.Add(DiagnosticCatalog.CPL5010.Create(sentence.At(value.Index, value.Length), $"could not read \"{text.Trim()}\" as the {key.Trim().ToLowerInvariant()}", notes: ["write it as a duration (\"24 hours\"), a time with its zone (\"23:10 UTC\"), weekdays or a count"]));
        }

        return read || !HasValues().IsMatch(text);
    }

    /// <summary>The sentence forms of the course template and of prose.</summary>
    private bool ReadSentence(Sentence sentence, string? objective)
    {
        var text = sentence.Text;
        var lower = text.ToLowerInvariant();
        var read = false;

        // "... every <interval>; it takes up to <duration> ...", "taken daily at 2:30 AM UTC", "Daily backups of MySQL".
        var interval = Interval().Match(text);
        if (interval.Success && SlaValues.Duration(interval.Groups["v"].Value) is { } every)
        {
            read = sentence.Set(s => s with { Interval = sentence.Stated(every, interval.Groups["v"].Index, interval.Groups["v"].Length) });
            if (!StartedBy().IsMatch(text) && SlaValues.Time(text[interval.Index..]) is { } at)
            {
                var start = sentence.Stated(at.Time, interval.Index + at.Index, at.Length);
                sentence.Set(s => s with { Start = start });
            }
        }

        var duration = TakesUpTo().Match(text);
        if (duration.Success && SlaValues.Duration(duration.Groups["v"].Value) is { } takes)
        {
            read |= sentence.Set(s => s with { Duration = sentence.Stated(takes, duration.Groups["v"].Index, duration.Groups["v"].Length) });
        }

        // "All backups are started automatically by 23:10 UTC." ("by cron" says who, not when.)
        var started = StartedBy().Match(text);
        if (started.Success)
        {
            if (SlaValues.Time(started.Groups["v"].Value) is { } time)
            {
                var stated = sentence.Stated(time.Time, started.Groups["v"].Index + time.Index, time.Length);
                if (!sentence.Set(s => s with { Start = stated }))
                {
                    StartAll ??= stated;
                }

                read = true;
            }
            else if (!started.Groups["v"].Value.Contains("up to", StringComparison.OrdinalIgnoreCase))
            {
                _diagnostics.Add(DiagnosticCatalog.CPL5010.Create(sentence.At(started.Groups["v"].Index, started.Groups["v"].Length), $"\"{text.Trim()}\" says who starts the backups, not when: no start time can be read", notes: ["write the time and its zone, e.g. \"started automatically by 23:10 UTC\""]));
                return true;
            }
        }

        // Full backups: "Full backup every Sunday at 23:10 UTC, incremental Monday to Saturday".
        var full = FullOn().Match(text);
        if (full.Success && SlaValues.Weekdays(full.Groups["v"].Value) is { Count: > 0 } days)
        {
            var stated = sentence.Stated(days, full.Groups["v"].Index, full.Groups["v"].Length);
            if (sentence.Services.Count == 0)
            {
                foreach (var name in _services.Keys.ToList())
                {
                    _services[name] = _services[name] with { FullDays = stated };
                }
            }
            else
            {
                sentence.Set(s => s with { FullDays = stated });
            }

            if (SlaValues.Time(text[full.Index..]) is { } fullTime)
            {
                var start = sentence.Stated(fullTime.Time, full.Index + fullTime.Index, fullTime.Length);
                if (!sentence.Set(s => s with { Start = s.Start ?? start }))
                {
                    StartAll ??= start;
                }
            }

            read = true;
        }

        // "<Service> backups are stored for <period>; <N> versions (recovery points) are available".
        var stored = StoredFor().Match(text);
        if (stored.Success && SlaValues.Duration(stored.Groups["v"].Value) is { } period)
        {
            read |= sentence.Set(s => s with { RetentionPeriod = sentence.Stated(period, stored.Groups["v"].Index, stored.Groups["v"].Length) });
        }

        var versions = Versions().Match(text);
        if (versions.Success)
        {
            var count = int.Parse(versions.Groups["v"].Value, CultureInfo.InvariantCulture);
            read |= sentence.Set(s => s with { Versions = sentence.Stated(count, versions.Groups["v"].Index, versions.Groups["v"].Length) });
        }

        var verified = Verified().Match(text);
        if (verified.Success && SlaValues.Duration(verified.Groups["v"].Value) is { } check)
        {
            read |= sentence.Set(s => s with { UsabilityCheck = sentence.Stated(check, verified.Groups["v"].Index, verified.Groups["v"].Length) });
        }

        // RPO and RTO: "- 24 hours for MySQL" under an RPO heading, "MySQL RPO is 24 hours", "RTO of 2 hours".
        foreach (var (kind, pattern) in new[] { ("rpo", Rpo()), ("rto", Rto()) })
        {
            var labelled = pattern.Match(text);
            Match? value = labelled.Success ? labelled : null;
            if (value is null && objective == kind && !lower.Contains(kind == "rpo" ? "rto" : "rpo", StringComparison.Ordinal))
            {
                var bullet = ForService().Match(text);
                value = bullet.Success ? bullet : null;
            }

            if (value is not null && SlaValues.Duration(value.Groups["v"].Value) is { } promised)
            {
                var stated = sentence.Stated(promised, value.Groups["v"].Index, value.Groups["v"].Length);
                read |= sentence.Set(s => kind == "rpo" ? s with { Rpo = stated } : s with { Rto = stated });
            }
        }

        return read;
    }

    private static Regex ServiceWord(string words) => new($@"\b(?:{words})\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    [GeneratedRegex(@"_{3,}")]
    private static partial Regex Blank();

    [GeneratedRegex(@"\b(?:(?:created|made|taken|run|done|performed|backed\s+up|back\s+up|dumped|saved|scheduled)(?:\s+(?!every|each|once|daily|nightly|hourly|weekly)[\w`']+){0,3}?\s+(?:once\s+)?(?<v>every\s+\d*\s*[a-z]+|each\s+[a-z]+|daily|nightly|hourly|weekly)|(?<v>daily|nightly|hourly|weekly)\s+(?:backups?|dumps?|snapshots?)\b)", RegexOptions.IgnoreCase)]
    private static partial Regex Interval();

    [GeneratedRegex(@"takes?\s+(?:up\s+to|at\s+most|no\s+more\s+than|about)\s+(?<v>[\w .]+?)\s+to\b", RegexOptions.IgnoreCase)]
    private static partial Regex TakesUpTo();

    [GeneratedRegex(@"\b(?:started|starts?|begins?)\s+(?:automatically\s+)?(?:by|at)\s+(?<v>[^;]+?)(?:[.;]\s|[.;]?$)", RegexOptions.IgnoreCase)]
    private static partial Regex StartedBy();

    [GeneratedRegex(@"full\s+(?:backups?\s+)?(?:is\s+|are\s+)?(?:\w+\s+)?(?:every|on|each)\s+(?<v>(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*(?:\s*(?:to|-|and|,)\s*(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*)*)", RegexOptions.IgnoreCase)]
    private static partial Regex FullOn();

    [GeneratedRegex(@"(?:stored|kept|retained)\s+for\s+(?<v>[\w ]+?)\s*(?:[;,.(]|\band\b|$)", RegexOptions.IgnoreCase)]
    private static partial Regex StoredFor();

    [GeneratedRegex(@"(?<v>\d+)\s+(?:versions|recovery\s+points|backups|copies)\s+(?:\(recovery points\)\s+)?(?:are\s+)?(?:available|kept)|\b(?:keep|keeps|retain|retains|last)\s+(?<v>\d+)\s+(?:versions|copies|backups|recovery\s+points)", RegexOptions.IgnoreCase)]
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

    [GeneratedRegex(@"<!--.*?-->", RegexOptions.Singleline)]
    private static partial Regex HtmlComment();

    [GeneratedRegex(@"[^\n]")]
    private static partial Regex NotNewline();

    [GeneratedRegex(@"<tr\b[^>]*>(?<row>.*?)</tr\s*>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex HtmlRow();

    [GeneratedRegex(@"<t[dh]\b[^>]*>(?<c>.*?)</t[dh]\s*>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex HtmlCell();

    // "Frequency: daily", "**RPO**: 24h", "- Start (UTC): 23:10": a short label, a colon, a value.
    [GeneratedRegex(@"^\s*(?:[-*+]\s+)?(?:\*\*|__)?(?<k>[A-Za-z][\w ()/+-]{0,40}?)(?:\*\*|__)?\s*(?:\*\*|__)?:(?:\*\*|__)?\s+(?<v>\S.*?)\s*$")]
    private static partial Regex KeyValue();

    [GeneratedRegex(@"\b(?:UTC[+-]\d{1,2}|UTC|GMT|EEST|EET)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ZoneWord();

    [GeneratedRegex(@"^\s*(?:every\s+|each\s+|once\s+(?:a|an|every)\s+)?[\w .]+?(?=\s*(?:$|\bat\b|\bfor\b|[,;(/]|\bfrom\b|\bstarting\b))", RegexOptions.IgnoreCase)]
    private static partial Regex DurationLead();

    [GeneratedRegex(@"(?<v>\d+)\s*(?:versions|copies|backups|recovery\s+points|restore\s+points)", RegexOptions.IgnoreCase)]
    private static partial Regex CountOf();

    [GeneratedRegex(@"\d+")]
    private static partial Regex FirstNumber();
}
