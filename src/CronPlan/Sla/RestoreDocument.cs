using System.Text.RegularExpressions;
using CronPlan.Diagnostics;
using CronPlan.Jobs;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace CronPlan.Sla;

/// <summary>A command a restore document tells the reader to run, the user it runs as, and where it stands.</summary>
/// <param name="Text">The command, without a prompt or a <c>sudo -u USER</c> prefix.</param>
/// <param name="User">The user it runs as: from <c>sudo -u</c>, else root.</param>
/// <param name="Location">Where it stands.</param>
public sealed record RestoreCommand(string Text, string User, SourceLocation Location);

/// <summary>What a backed-up service looks like in the cron tabs: what a restore document must bring back.</summary>
/// <param name="Name">The service key (<c>mysql</c>, <c>influxdb</c>).</param>
/// <param name="Source">The directory the uploads read (the local dumps).</param>
/// <param name="Target">The duplicity URL the uploads go to.</param>
/// <param name="PortableDump">For InfluxDB: the dump uses <c>-portable</c>; null when unknown.</param>
/// <param name="Location">The upload job, for findings about the service as a whole.</param>
public sealed record BackedUpService(string Name, string Source, string Target, bool? PortableDump, SourceLocation Location);

/// <summary>
/// A <c>backup_restore.md</c>: the commands in its code blocks and inline code, in reading order; and CPL6008-CPL6013 on
/// them: each backed-up service downloaded from the target its jobs upload to, imported from the downloaded copy,
/// InfluxDB with Telegraf stopped and the database dropped, in the dump's format, and no placeholders left.
/// </summary>
public static partial class RestoreDocument
{
    /// <summary>The commands of <paramref name="markdown"/>.</summary>
    public static IReadOnlyList<RestoreCommand> Commands(string markdown, string path) => Commands(markdown, path, out _);

    private static List<RestoreCommand> Commands(string markdown, string path, out Diagnostic? skipped)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        markdown = markdown.Replace("\r\n", "\n", StringComparison.Ordinal);
        var lines = markdown.Split('\n');
        var commands = new List<RestoreCommand>();
        var (document, skippedFrom) = MarkdownReader.Parse(markdown, new MarkdownPipelineBuilder().Build());
        var lineOf = MarkdownReader.LineOf(markdown);
        skipped = skippedFrom is { } line0
            ? DiagnosticCatalog.CPL9002.Create(new SourceLocation(path, line0, 1, line0, 2), "nested too deeply to read as Markdown: this line and others nested as deep are skipped")
            : null;
        foreach (var block in document.Descendants<Block>())
        {
            switch (block)
            {
                case CodeBlock code:
                    var last = code.Span.End < 0 ? code.Line : lineOf(code.Span.End);
                    for (var line = code.Line; line <= last && line < lines.Length; line++)
                    {
                        if (code is FencedCodeBlock && (line == code.Line || (line == last && lines[line].TrimStart().StartsWith("```", StringComparison.Ordinal))))
                        {
                            continue;
                        }

                        Add(commands, lines[line], line, path);
                    }

                    break;
                case ParagraphBlock paragraph when paragraph.Inline is not null:
                    // Markdig gives inlines no line of their own unless asked for precise positions: find the paragraph line that holds it.
                    var paragraphEnd = paragraph.Span.End < 0 ? paragraph.Line : lineOf(paragraph.Span.End);
                    foreach (var inline in paragraph.Inline.Descendants<CodeInline>())
                    {
                        if (inline.Content.Contains(' ', StringComparison.Ordinal))
                        {
                            var line = paragraph.Line;
                            while (line < paragraphEnd && line < lines.Length && !lines[line].Contains(inline.Content, StringComparison.Ordinal))
                            {
                                line++;
                            }

                            var column = line < lines.Length ? lines[line].IndexOf(inline.Content, StringComparison.Ordinal) : -1;
                            Add(commands, inline.Content, line, path, Math.Max(0, column));
                        }
                    }

                    break;
            }
        }

        return commands;
    }

    private static void Add(List<RestoreCommand> commands, string raw, int line, string path, int column = -1)
    {
        var text = raw.Trim();
        if (text.Length == 0 || text.StartsWith('#') && !text.StartsWith("# ", StringComparison.Ordinal))
        {
            return;
        }

        var start = column >= 0 ? column : raw.Length - raw.TrimStart().Length;
        text = Prompt().Replace(text, "");
        var user = "root";
        var sudo = Sudo().Match(text);
        if (sudo.Success)
        {
            user = sudo.Groups["user"].Success ? sudo.Groups["user"].Value : "root";
            text = text[sudo.Length..];
        }

        commands.Add(new RestoreCommand(text.Trim(), user, new SourceLocation(path, line + 1, start + 1, line + 1, start + 1 + raw.Trim().Length)));
    }

    /// <summary>CPL6008-CPL6013 for <paramref name="services"/> against the document's commands; CPL6010 when there is no document.</summary>
    public static IReadOnlyList<Diagnostic> Check(string? markdown, string path, IReadOnlyList<BackedUpService> services)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(services);
        var found = new List<Diagnostic>();
        if (markdown is null)
        {
            if (services.Count > 0)
            {
                found.Add(DiagnosticCatalog.CPL6010.Create(new SourceLocation(path, 1, 1, 1, 1), $"no {path}: nobody but its author can restore {string.Join(" and ", services.Select(s => s.Name))} from the backups"));
            }

            return found;
        }

        var commands = Commands(markdown, path, out var skipped);
        if (skipped is not null)
        {
            found.Add(skipped);
        }

        foreach (var command in commands)
        {
            var placeholder = Placeholder().Match(command.Text);
            if (placeholder.Success)
            {
                found.Add(DiagnosticCatalog.CPL6013.Create(command.Location, $"'{placeholder.Value}' is a placeholder: the reader cannot run \"{command.Text}\" as written"));
            }
        }

        foreach (var service in services)
        {
            var target = DuplicityTarget.Parse(service.Target);
            // A download from an unresolved URL (a template, a variable) into this service's directory may be the right one: it counts.
            var downloads = commands.Where(c => DuplicityRestore().Match(c.Text) is { Success: true } m && (Belongs(service, m.Groups["url"].Value) || Unknown(target, m))).ToList();
            var imports = commands.Where(c => Imports(service, c.Text)).ToList();
            if (downloads.Count == 0 && imports.Count == 0)
            {
                var other = commands.Select(c => DuplicityRestore().Match(c.Text)).FirstOrDefault(m => m.Success && Misdirected(target, DuplicityTarget.Parse(m.Groups["url"].Value)));
                found.Add(other is null
                    ? DiagnosticCatalog.CPL6010.Create(new SourceLocation(path, 1, 1, 1, 1), $"{path} has no restore of {service.Name}: no duplicity restore of {service.Target} and no import", notes: [$"download with: sudo -u backup duplicity restore {service.Target} /home/backup/restore/{service.Name}"])
                    : DiagnosticCatalog.CPL6011.Create(Where(commands, other), $"the document downloads {service.Name} from {other.Groups["url"].Value}, but the jobs upload to {service.Target}", $"duplicity restore {service.Target} {other.Groups["dir"].Value}"));
                continue;
            }

            // A download meant for this service (same directory name on the server, or into the service's restore
            // directory) from another URL.
            var misdirected = commands.Where(c => DuplicityRestore().Match(c.Text) is { Success: true } m && DuplicityTarget.Parse(m.Groups["url"].Value) is var url && url.DiffersFrom(target) &&
                (url.LastSegment == target.LastSegment || LastSegment(m.Groups["dir"].Value) == service.Name)).ToList();
            foreach (var download in misdirected)
            {
                var url = DuplicityRestore().Match(download.Text).Groups["url"].Value;
                found.Add(DiagnosticCatalog.CPL6011.Create(download.Location, $"the document downloads {service.Name} from {url}, but the jobs upload to {service.Target}", download.Text.Replace(url, service.Target, StringComparison.Ordinal)));
            }

            downloads.AddRange(misdirected);
            if (downloads.Count == 0)
            {
                found.Add(DiagnosticCatalog.CPL6010.Create(imports[0].Location, $"{service.Name} is imported, but never downloaded from the backup server ({service.Target}): after losing the machine there is nothing to import", notes: [$"first: sudo -u backup duplicity restore {service.Target} /home/backup/restore/{service.Name}"]));
            }

            var restoreDirectories = downloads.Select(d => DuplicityRestore().Match(d.Text).Groups["dir"].Value.TrimEnd('/')).ToList();
            foreach (var import in imports)
            {
                var source = service.Source.TrimEnd('/');
                if (import.Text.Contains(source + "/", StringComparison.Ordinal) || import.Text.TrimEnd().EndsWith(source, StringComparison.Ordinal))
                {
                    if (!restoreDirectories.Any(d => d.Length > 0 && d != source && import.Text.Contains(d, StringComparison.Ordinal)))
                    {
                        var replacement = restoreDirectories.FirstOrDefault(d => d.Length > 0) ?? $"/home/backup/restore/{service.Name}";
                        found.Add(DiagnosticCatalog.CPL6008.Create(
                            import.Location,
                            $"'{import.Text}' imports the local dump in {source}/, which is gone with the machine: restore from the copy downloaded from {service.Target}",
                            import.Text.Replace(source, replacement, StringComparison.Ordinal)));
                    }
                }

                if (downloads.Count > 0 && import.Location.Line < downloads[0].Location.Line)
                {
                    found.Add(DiagnosticCatalog.CPL6008.Create(import.Location, $"'{import.Text}' comes before the download on line {downloads[0].Location.Line}: it imports whatever the restore directory held before"));
                }
            }

            if (service.Name == "influxdb")
            {
                foreach (var restore in imports.Where(c => c.Text.Contains("influxd restore", StringComparison.Ordinal)))
                {
                    var before = commands.TakeWhile(c => c != restore).ToList();
                    var stopped = before.Any(c => TelegrafStop().IsMatch(c.Text));
                    var dropped = before.Any(c => c.Text.Contains("DROP DATABASE", StringComparison.OrdinalIgnoreCase));
                    if (!stopped || !dropped)
                    {
                        found.Add(DiagnosticCatalog.CPL6009.Create(
                            restore.Location,
                            $"influxd restore {(stopped ? "" : "without stopping Telegraf")}{(!stopped && !dropped ? " and " : "")}{(dropped ? "" : "without dropping the telegraf database")} first: the restore refuses an existing database, and Telegraf recreates it",
                            notes: ["service telegraf stop", "influx -execute 'DROP DATABASE telegraf'"]));
                    }

                    var portable = restore.Text.Contains("-portable", StringComparison.Ordinal);
                    if (service.PortableDump is { } dumpPortable && dumpPortable != portable)
                    {
                        found.Add(DiagnosticCatalog.CPL6012.Create(
                            restore.Location,
                            dumpPortable
                                ? "the dump is made with influxd backup -portable, but restored without -portable: influxd restore reads the legacy format and fails"
                                : "the restore uses -portable, but the dump is made without it (legacy format): influxd restore -portable finds no manifest",
                            dumpPortable ? restore.Text.Replace("influxd restore", "influxd restore -portable", StringComparison.Ordinal) : restore.Text.Replace("-portable ", "", StringComparison.Ordinal)));
                    }
                }
            }
        }

        return found;
    }

    private static SourceLocation Where(IReadOnlyList<RestoreCommand> commands, Match match) =>
        commands.First(c => c.Text.Contains(match.Value, StringComparison.Ordinal)).Location;

    /// <summary>The download is from the place the jobs upload to (duplicity's reading of both URLs, not their spelling).</summary>
    private static bool Belongs(BackedUpService service, string url) => DuplicityTarget.Parse(url) == DuplicityTarget.Parse(service.Target);

    /// <summary>A download from another place with the same directory name: meant for this service, sent elsewhere.</summary>
    private static bool Misdirected(DuplicityTarget jobs, DuplicityTarget download) => download.DiffersFrom(jobs) && download.LastSegment == jobs.LastSegment;

    /// <summary>Either URL is a template or a variable, and the download is meant for this service (same directory on either side): no finding can be sure.</summary>
    private static bool Unknown(DuplicityTarget jobs, Match download) =>
        DuplicityTarget.Parse(download.Groups["url"].Value) is var url && (jobs.IsOpaque || url.IsOpaque) && (url.LastSegment == jobs.LastSegment || LastSegment(download.Groups["dir"].Value) == LastSegment(jobs.Text));

    private static string LastSegment(string url) => url.TrimEnd('/').Split('/')[^1];

    private static bool Imports(BackedUpService service, string command) => service.Name switch
    {
        "mysql" => MysqlImport().IsMatch(command),
        "influxdb" => command.Contains("influxd restore", StringComparison.Ordinal),
        "postgres" => command.StartsWith("psql", StringComparison.Ordinal) || command.StartsWith("pg_restore", StringComparison.Ordinal),
        "mongodb" => command.StartsWith("mongorestore", StringComparison.Ordinal),
        _ => false,
    };

    [GeneratedRegex(@"^(?:\$|#)\s+")]
    private static partial Regex Prompt();

    [GeneratedRegex(@"^sudo\s+(?:-u\s+(?<user>\S+)\s+|-i\s+|-E\s+|-H\s+)*")]
    private static partial Regex Sudo();

    [GeneratedRegex(@"duplicity\s+(?:--?\S+(?:\s+(?!restore\b)[^\s-]\S*)?\s+)*restore\s+(?:--?\S+\s+)*(?<url>\S+://\S+)\s+(?<dir>\S+)")]
    private static partial Regex DuplicityRestore();

    [GeneratedRegex(@"^(?:mysql|mariadb)\b[^|]*<\s*\S+")]
    private static partial Regex MysqlImport();

    [GeneratedRegex(@"(?:service\s+telegraf\s+stop|systemctl\s+stop\s+telegraf)")]
    private static partial Regex TelegrafStop();

    [GeneratedRegex(@"<[a-z][a-z -]*>|\bTODO\b|\bFIXME\b|\.\.\.|\bx\.y\b")]
    private static partial Regex Placeholder();
}
