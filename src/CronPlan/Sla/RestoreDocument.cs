using System.Text.RegularExpressions;
using CronPlan.Diagnostics;
using CronPlan.Jobs;
using CronPlan.Text;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace CronPlan.Sla;

/// <summary>A command a restore document tells the reader to run, the user it runs as, and where it stands.</summary>
/// <param name="Text">The command, without a prompt or a <c>sudo -u USER</c> prefix.</param>
/// <param name="User">The user it runs as: from <c>sudo -u</c>, or the shell the reader was told to open (<c>sudo su - backup</c> until <c>exit</c>), else root.</param>
/// <param name="Location">Where it stands.</param>
public sealed record RestoreCommand(string Text, string User, SourceLocation Location);

/// <summary>What a backed-up service looks like in the cron tabs: what a restore document must bring back.</summary>
/// <param name="Name">The service key (<c>mysql</c>, <c>influxdb</c>).</param>
/// <param name="Source">The directory the uploads read (the local dumps).</param>
/// <param name="Target">The duplicity URL the uploads go to.</param>
/// <param name="PortableDump">For InfluxDB: the dump uses <c>-portable</c>; null when unknown.</param>
/// <param name="Location">The upload job, for findings about the service as a whole.</param>
public sealed record BackedUpService(string Name, string Source, string Target, bool? PortableDump, SourceLocation Location);

/// <summary>Where a restore procedure leads beyond its document: the repository's scripts and playbooks.</summary>
/// <param name="FindScript">A file of the repository by its relative path (<c>scripts/restore.sh</c>): its text, or null.</param>
/// <param name="FollowPlaybook">The steps of a playbook of the repository, each placed at its task; null when it cannot be read.</param>
/// <param name="Scripts">Scripts the repository deploys to the hosts, by host path.</param>
internal sealed record RestoreSources(Func<string, string?>? FindScript, Func<string, IReadOnlyList<BackupStep>?>? FollowPlaybook, IReadOnlyDictionary<string, string>? Scripts = null);

/// <summary>
/// A <c>backup_restore.md</c> read as a procedure: the commands in its code blocks (fenced or indented, in lists too),
/// inline code and plain lines that start with a command, in reading order, each read by the job model's shell reader
/// (<c>&amp;&amp;</c>, <c>;</c>, pipes, <c>sudo -u</c>, <c>su -c</c>, the shell opened by <c>sudo su - backup</c> until
/// <c>exit</c>, <c>cd</c>, variables) and followed into the repository's scripts and playbooks; then CPL6008-CPL6013 on
/// the steps: each backed-up service downloaded from the target its jobs upload to, imported from the downloaded copy,
/// InfluxDB with Telegraf stopped and the database dropped, in the dump's format, and no placeholders left.
/// </summary>
public static partial class RestoreDocument
{
    private static readonly HashSet<string> ProseCommands = new(StringComparer.Ordinal)
    {
        "sudo", "su", "duplicity", "mysql", "mariadb", "influx", "influxd", "service", "systemctl", "ansible-playbook", "rm", "ls", "cd", "exit", "logout",
        "bash", "sh", "cat", "zcat", "gunzip", "psql", "pg_restore", "mongorestore", "mkdir", "chown", "cp", "mv",
    };

    private static readonly string[] KnownPrograms = ["duplicity", "influxd", "systemctl", "service", "ansible-playbook", "mysqldump"];

    /// <summary>A line of the document to be run: its text without a prompt, where that text starts, and the service the section around it is about.</summary>
    private sealed record DocumentLine(string Text, SourceLocation Location, string? Section, bool Prose);

    /// <summary>A step of the procedure, the document line that runs it, and its place in reading order.</summary>
    private sealed record Evidence(BackupStep Step, DocumentLine Line, int Order);

    /// <summary>A document read once: the lines it tells the reader to run, and the procedure they make.</summary>
    /// <param name="Lines">The lines, in reading order.</param>
    /// <param name="Skipped">CPL9002 when part of the document is nested too deeply to read; else null.</param>
    /// <param name="Procedure">The steps of each line.</param>
    private sealed record ReadDocument(List<DocumentLine> Lines, Diagnostic? Skipped, RestoreProcedure Procedure);

    /// <summary>A service the jobs back up, with its target as the job model read it.</summary>
    private sealed record Uploaded(BackedUpService Service, DuplicityTarget Target)
    {
        public string Name => Service.Name;
    }

    /// <summary>
    /// The commands of the restore document at <paramref name="path"/>, in order; none, and the reason in
    /// <paramref name="problem"/> (CPL9001, CPL9002), when it cannot be read.
    /// </summary>
    public static IReadOnlyList<RestoreCommand> ReadCommands(string path, out Diagnostic? problem)
    {
        var source = SourceText.Read(path);
        problem = source.Problem;
        return source.Text is null ? [] : Commands(source.Text, path);
    }

    /// <summary>The commands of <paramref name="markdown"/>.</summary>
    public static IReadOnlyList<RestoreCommand> Commands(string markdown, string path)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            return ReadCommands(markdown, path);
        }
        catch (RegexMatchTimeoutException)
        {
            return [];
        }
    }

    private static List<RestoreCommand> ReadCommands(string markdown, string path)
    {
        var document = Read(markdown, path, null);
        var (lines, steps) = (document.Lines, document.Procedure.Steps);
        var commands = new List<RestoreCommand>();
        for (var i = 0; i < lines.Count; i++)
        {
            if (steps[i].Count > 0 && steps[i].All(s => s.Session))
            {
                continue;
            }

            var text = lines[i].Text;
            var sudo = Sudo().Match(text);
            if (sudo.Success)
            {
                text = text[sudo.Length..];
            }

            commands.Add(new RestoreCommand(text.Trim(), steps[i].FirstOrDefault(s => !s.Session)?.User ?? "root", lines[i].Location));
        }

        return commands;
    }

    /// <summary>The runnable lines of <paramref name="markdown"/> and their steps, following scripts and playbooks into <paramref name="sources"/>.</summary>
    private static ReadDocument Read(string markdown, string path, RestoreSources? sources)
    {
        var lines = Lines(markdown, path, out var skipped);
        var procedure = RestoreProcedure.Read([.. lines.Select(l => l.Text)], new CommandContext(Scripts: sources?.Scripts, FindScript: sources?.FindScript, FollowPlaybook: sources?.FollowPlaybook));
        return new ReadDocument(lines, skipped, procedure);
    }

    private static List<DocumentLine> Lines(string markdown, string path, out Diagnostic? skipped)
    {
        markdown = markdown.Replace("\r\n", "\n", StringComparison.Ordinal);
        var lines = markdown.Split('\n');
        var found = new List<DocumentLine>();
        var (document, skippedFrom) = MarkdownReader.Parse(markdown, new MarkdownPipelineBuilder().Build());
        var lineOf = MarkdownReader.LineOf(markdown);
        skipped = skippedFrom is { } line0
            ? DiagnosticCatalog.CPL9002.Create(new SourceLocation(path, line0, 1, line0, 2), "nested too deeply to read as Markdown: this line and others nested as deep are skipped")
            : null;
        string? section = null;
        foreach (var block in document.Descendants<Block>())
        {
            var end = block.Span.End < 0 ? block.Line : lineOf(block.Span.End);
            switch (block)
            {
                case HeadingBlock:
                    section = SectionOf(string.Join(' ', lines.Skip(block.Line).Take(end - block.Line + 1)), section);
                    break;
                case CodeBlock code:
                    for (var line = code.Line; line <= end && line < lines.Length; line++)
                    {
                        if (code is FencedCodeBlock && (line == code.Line || (line == end && lines[line].TrimStart().StartsWith("```", StringComparison.Ordinal))))
                        {
                            continue;
                        }

                        // A line ending in a backslash goes on on the next one: one command, placed at its first line.
                        var first = line;
                        var text = lines[line];
                        while (text.TrimEnd().EndsWith('\\') && line + 1 <= end && line + 1 < lines.Length && !(code is FencedCodeBlock && lines[line + 1].TrimStart().StartsWith("```", StringComparison.Ordinal)))
                        {
                            text = text.TrimEnd()[..^1] + " " + lines[++line].Trim();
                        }

                        Add(found, text, first, path, -1, section, prose: false);
                    }

                    break;
                case ParagraphBlock paragraph when paragraph.Inline is not null:
                    var pieces = new List<(int Line, int Column, string Text, bool Prose)>();
                    foreach (var inline in paragraph.Inline.Descendants<CodeInline>())
                    {
                        if (inline.Content.Contains(' ', StringComparison.Ordinal) || inline.Content.Trim() is "exit" or "logout")
                        {
                            // Markdig gives inlines no line of their own unless asked for precise positions: find the paragraph line that holds it.
                            var line = paragraph.Line;
                            while (line < end && line < lines.Length && !lines[line].Contains(inline.Content, StringComparison.Ordinal))
                            {
                                line++;
                            }

                            var column = line < lines.Length ? lines[line].IndexOf(inline.Content, StringComparison.Ordinal) : -1;
                            pieces.Add((line, Math.Max(0, column), inline.Content, false));
                        }
                    }

                    for (var line = paragraph.Line; line <= end && line < lines.Length; line++)
                    {
                        // A plain line that starts with a command, in a list item or not: "2. duplicity restore ...", "sudo su - backup".
                        if (lines[line].Contains('`', StringComparison.Ordinal) || ProseLine().Match(lines[line]) is not { Success: true } prose)
                        {
                            continue;
                        }

                        var command = prose.Groups["command"];
                        var word = command.Value.Split(' ', 2)[0];
                        if (ProseCommands.Contains(word) || word.StartsWith("./", StringComparison.Ordinal))
                        {
                            pieces.Add((line, command.Index, command.Value, true));
                        }
                    }

                    if (pieces.Count == 0)
                    {
                        section = SectionOf(string.Join(' ', lines.Skip(paragraph.Line).Take(end - paragraph.Line + 1)), section);
                    }

                    foreach (var (line, column, text, isProse) in pieces.OrderBy(p => p.Line).ThenBy(p => p.Column))
                    {
                        Add(found, text, line, path, column, section, isProse);
                    }

                    break;
            }
        }

        return found;
    }

    private static void Add(List<DocumentLine> lines, string raw, int line, string path, int column, string? section, bool prose)
    {
        var text = raw.Trim();
        if (text.Length == 0 || text.StartsWith('#') && !text.StartsWith("# ", StringComparison.Ordinal))
        {
            return;
        }

        var start = column >= 0 ? column : raw.Length - raw.TrimStart().Length;
        var prompt = Prompt().Match(text);
        if (prompt.Success)
        {
            start += prompt.Length;
            text = text[prompt.Length..];
        }

        if (!prose && ListMarker().Match(text) is { Success: true } marker)
        {
            // "1. sudo -i" in a code block: the number is the writer's, not the shell's.
            start += marker.Length;
            text = text[marker.Length..];
        }

        text = text.TrimEnd();
        if (text.EndsWith('`') && text.Count(c => c == '`') % 2 == 1)
        {
            // A backtick left over from Markdown ("service telegraf stop`"): no reader types it.
            text = text[..^1].TrimEnd();
        }

        lines.Add(new DocumentLine(text, new SourceLocation(path, line + 1, start + 1, line + 1, start + 1 + text.Length), section, prose));
    }

    /// <summary>The service a heading or a sentence is about, when it names exactly one; <paramref name="current"/> when it names none.</summary>
    private static string? SectionOf(string text, string? current)
    {
        var named = ServicesNamed(text);
        return named.Count switch
        {
            0 => current,
            1 => named[0],
            _ => null,
        };
    }

    /// <summary>The services a text names (<c>MySQL</c>, <c>mariadb</c>, <c>InfluxDB</c>, <c>telegraf</c>...).</summary>
    private static List<string> ServicesNamed(string text)
    {
        var lower = text.ToLowerInvariant();
        var named = new List<string>();
        if (lower.Contains("mysql", StringComparison.Ordinal) || lower.Contains("mariadb", StringComparison.Ordinal))
        {
            named.Add("mysql");
        }

        if (lower.Contains("influx", StringComparison.Ordinal) || lower.Contains("telegraf", StringComparison.Ordinal))
        {
            named.Add("influxdb");
        }

        if (lower.Contains("postgres", StringComparison.Ordinal))
        {
            named.Add("postgres");
        }

        if (lower.Contains("mongo", StringComparison.Ordinal))
        {
            named.Add("mongodb");
        }

        return named;
    }

    /// <summary>CPL6008-CPL6013 for <paramref name="services"/> against the document's commands; CPL6010 when there is no document.</summary>
    public static IReadOnlyList<Diagnostic> Check(string? markdown, string path, IReadOnlyList<BackedUpService> services) => Check(markdown, path, services, null);

    /// <summary>The same, following the scripts and playbooks the document runs into <paramref name="sources"/>.</summary>
    internal static IReadOnlyList<Diagnostic> Check(string? markdown, string path, IReadOnlyList<BackedUpService> services, RestoreSources? sources)
    {
        ArgumentNullException.ThrowIfNull(services);
        return Check(markdown, path, [.. services.Select(s => (s, DuplicityTarget.Parse(s.Target)))], sources);
    }

    /// <summary>The same, for services whose targets the job model has read already.</summary>
    internal static IReadOnlyList<Diagnostic> Check(string? markdown, string path, IReadOnlyList<(BackedUpService Service, DuplicityTarget Target)> services, RestoreSources? sources)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(services);
        try
        {
            return CheckProcedure(markdown, path, [.. services.Select(s => new Uploaded(s.Service, s.Target))], sources);
        }
        catch (RegexMatchTimeoutException)
        {
            return [InputLimits.TookTooLong(path, "reading the restore procedure")];
        }
    }

    private static IReadOnlyList<Diagnostic> CheckProcedure(string? markdown, string path, List<Uploaded> services, RestoreSources? sources)
    {
        var found = new List<Diagnostic>();
        if (markdown is null)
        {
            if (services.Count > 0)
            {
                found.Add(DiagnosticCatalog.CPL6010.Create(new SourceLocation(path, 1, 1, 1, 1), $"no {path}: nobody but its author can restore {string.Join(" and ", services.Select(s => s.Name).Distinct(StringComparer.Ordinal))} from the backups"));
            }

            return found;
        }

        var document = Read(markdown, path, sources);
        if (document.Skipped is { } skipped)
        {
            found.Add(skipped);
        }

        var (lines, perLine) = (document.Lines, document.Procedure.Steps);
        var steps = new List<Evidence>();
        for (var i = 0; i < lines.Count; i++)
        {
            steps.AddRange(perLine[i].Select(s => new Evidence(s, lines[i], steps.Count)));
        }

        for (var i = 0; i < steps.Count; i++)
        {
            steps[i] = steps[i] with { Order = i };
        }

        foreach (var line in lines)
        {
            var placeholder = Placeholder().Match(line.Text);
            if (placeholder.Success)
            {
                found.Add(DiagnosticCatalog.CPL6013.Create(line.Location, $"'{placeholder.Value}' is a placeholder: the reader cannot run \"{line.Text}\" as written"));
            }
        }

        foreach (var step in steps.Where(s => s.Step is { Kind: StepKind.Other, Session: false, Script: null } && !s.Line.Prose))
        {
            if (Misspelled(step.Step.Program) is { } meant)
            {
                found.Add(DiagnosticCatalog.CPL6013.Create(At(step), $"'{step.Step.Program}' is no command (did you mean {meant}?): \"{step.Line.Text}\" fails as written", step.Line.Text.Replace(step.Step.Program, meant, StringComparison.Ordinal)));
            }
        }

        var names = services.Select(s => s.Name).Distinct(StringComparer.Ordinal).ToList();
        var owners = steps.Where(s => s.Step.Kind == StepKind.Download).ToDictionary(d => d, d => Owners(d, services, names, steps));
        foreach (var name in names)
        {
            var mine = services.Where(s => s.Name == name).ToList();
            CheckService(found, path, mine, owners, steps, sources);
        }

        return found;
    }

    private static void CheckService(List<Diagnostic> found, string path, List<Uploaded> service, Dictionary<Evidence, List<string>> owners, List<Evidence> steps, RestoreSources? sources)
    {
        var name = service[0].Name;
        var targets = service.Select(s => s.Target).ToList();
        var shown = service[0].Service.Target;
        var imports = steps.Where(s => s.Step.Kind == StepKind.Import && ServiceOfImport(s.Step) == name).ToList();
        var mine = owners.Where(o => o.Value.Contains(name)).Select(o => o.Key).OrderBy(d => d.Order).ToList();
        var downloads = mine.Where(d => targets.Any(t => SamePlace(t, d.Step.Target!)) || Uncertain(targets, d)).ToList();
        var misdirected = mine.Except(downloads).ToList();
        foreach (var download in misdirected)
        {
            var url = download.Step.Target!.Text;
            found.Add(DiagnosticCatalog.CPL6011.Create(
                At(download),
                $"{Where(download, path)} downloads {name} from {url} ({Quote(download, sources)}), but the jobs upload to {shown}: {Difference(download.Step.Target!, targets[0])}",
                download.Step.Script is null ? download.Line.Text.Replace(url, shown, StringComparison.Ordinal) : null));
        }

        if (downloads.Count == 0 && misdirected.Count == 0 && imports.Count == 0)
        {
            var unfollowed = steps.Where(s => s.Step.Unfollowed is not null).Select(s => s.Step.Unfollowed!).Distinct(StringComparer.Ordinal).ToList();
            if (unfollowed.Count > 0 && sources is not null)
            {
                // The restore may be in what could not be read: no error can be sure.
                return;
            }

            found.Add(DiagnosticCatalog.CPL6010.Create(
                new SourceLocation(path, 1, 1, 1, 1),
                $"{path} has no restore of {name}: none of its {steps.Count(s => !s.Step.Session)} commands downloads {shown} with duplicity or imports {name}",
                notes: [$"download with: sudo -u backup duplicity restore {shown} /home/backup/restore/{name}"]));
            return;
        }

        if (downloads.Count == 0 && misdirected.Count == 0)
        {
            found.Add(DiagnosticCatalog.CPL6010.Create(
                At(imports[0]),
                $"{name} is imported ({Quote(imports[0], sources)}), but never downloaded from the backup server ({shown}): after losing the machine there is nothing to import",
                notes: [$"first: sudo -u backup duplicity restore {shown} /home/backup/restore/{name}"]));
        }

        downloads.AddRange(misdirected);
        var sourceDirectories = service.Select(s => Directory(s.Service.Source)).Distinct(StringComparer.Ordinal).ToList();
        var readsDownload = new List<Evidence>();
        var fromLocal = new List<(Evidence Import, string Input, string Dump)>();
        foreach (var import in imports)
        {
            var input = Through(import, steps);
            if (input is null)
            {
                continue;
            }

            var dump = sourceDirectories.FirstOrDefault(d => Under(input, d));
            var into = downloads.Where(d => d.Order < import.Order && Under(input, Directory(d.Step.Output!))).OrderByDescending(d => d.Order).FirstOrDefault();
            if (dump is null || into is not null && Directory(into.Step.Output!) != dump && !Under(dump, Directory(into.Step.Output!)))
            {
                // From the restore directory, or from a directory of its own under the dump directory.
                if (into is not null || dump is null && downloads.Any(d => Under(input, Directory(d.Step.Output!))))
                {
                    readsDownload.Add(import);
                }

                continue;
            }

            if (into is not null && Directory(into.Step.Output!) == dump)
            {
                if (!into.Step.Force)
                {
                    found.Add(DiagnosticCatalog.CPL6008.Create(
                        At(import),
                        $"{Where(into, path)} downloads {name} into {dump}/, the directory the backup jobs dump to ({Quote(into, sources)}), and {Quote(import, sources)} imports from there: duplicity refuses to restore into a directory that is not empty without --force, so once a dump is there the download fails and the import reads the local dump",
                        Quote(into, sources).Replace(" " + into.Step.Output, $" /home/backup/restore/{name}", StringComparison.Ordinal),
                        notes: [$"download into a directory of its own, then import from it: sudo -u backup duplicity restore {shown} /home/backup/restore/{name}"]));
                }

                readsDownload.Add(import);
                continue;
            }

            fromLocal.Add((import, input, dump));
        }

        if (readsDownload.Count == 0)
        {
            // A document that also imports the downloaded copy offers the local dump as an alternative: only a restore that never reads the download is wrong.
            foreach (var (import, input, dump) in fromLocal)
            {
                var replacement = downloads.Select(d => Directory(d.Step.Output!)).FirstOrDefault(d => d != dump && !Under(dump, d)) ?? $"/home/backup/restore/{name}";
                var quote = Quote(import, sources);
                found.Add(DiagnosticCatalog.CPL6008.Create(
                    At(import),
                    $"{Where(import, path)}: '{quote}' imports the local dump in {dump}/ ({input}), which is gone with the machine: restore from the copy downloaded from {shown}",
                    quote.Replace(dump, replacement, StringComparison.Ordinal)));
            }
        }

        foreach (var import in readsDownload)
        {
            var input = Through(import, steps)!;
            var later = downloads.Where(d => d.Order > import.Order && Under(input, Directory(d.Step.Output!))).ToList();
            if (later.Count > 0 && !downloads.Any(d => d.Order < import.Order && Under(input, Directory(d.Step.Output!))))
            {
                found.Add(DiagnosticCatalog.CPL6008.Create(At(import), $"'{Quote(import, sources)}' comes before the download on {Where(later[0], path)}: it imports whatever the restore directory held before"));
            }
        }

        if (name == "influxdb")
        {
            CheckInflux(found, path, service, imports, steps, sources);
        }
    }

    private static void CheckInflux(List<Diagnostic> found, string path, List<Uploaded> service, List<Evidence> imports, List<Evidence> steps, RestoreSources? sources)
    {
        foreach (var restore in imports.Where(i => i.Step.Program is "influxd" or "influx"))
        {
            var quote = Quote(restore, sources);
            if (restore.Step is { Program: "influxd", Offline: false })
            {
                var database = restore.Step.Name ?? "telegraf";
                var before = steps.Take(restore.Order).ToList();
                var stopped = before.Any(s => s.Step.Kind == StepKind.Stop && s.Step.Name is { } n && n.Split(' ').Contains("telegraf"));
                var dropped = before.Any(s => s.Step.Kind == StepKind.Drop && string.Equals(s.Step.Name, database, StringComparison.OrdinalIgnoreCase));
                if (!stopped || !dropped)
                {
                    var missing = string.Join(" and ", new[] { stopped ? null : "without stopping Telegraf", dropped ? null : $"without dropping the {database} database" }.Where(m => m is not null));
                    found.Add(DiagnosticCatalog.CPL6009.Create(
                        At(restore),
                        $"{Where(restore, path)}: '{quote}' runs {missing} first: the restore refuses an existing database, and Telegraf recreates it",
                        notes: [.. new[] { stopped ? null : "service telegraf stop", dropped ? null : $"influx -execute 'DROP DATABASE {database}'" }.Where(n => n is not null).Select(n => n!)]));
                }
            }

            var portable = restore.Step.Portable;
            if (service.FirstOrDefault(s => s.Service.PortableDump is not null)?.Service.PortableDump is { } dumpPortable && dumpPortable != portable && restore.Step.Program == "influxd")
            {
                found.Add(DiagnosticCatalog.CPL6012.Create(
                    At(restore),
                    dumpPortable
                        ? $"the dump is made with influxd backup -portable, but '{quote}' restores without -portable: influxd restore reads the legacy format and fails"
                        : $"'{quote}' uses -portable, but the dump is made without it (legacy format): influxd restore -portable finds no manifest",
                    dumpPortable ? quote.Replace("influxd restore", "influxd restore -portable", StringComparison.Ordinal) : quote.Replace("-portable ", "", StringComparison.Ordinal)));
            }
        }
    }

    /// <summary>Which service an import loads.</summary>
    private static string? ServiceOfImport(BackupStep step) => step.Program switch
    {
        "mysql" or "mariadb" or "mysql_db" => "mysql",
        "influxd" or "influx" => "influxdb",
        "psql" or "pg_restore" or "postgresql_db" => "postgres",
        "mongorestore" => "mongodb",
        _ => null,
    };

    /// <summary>The file an import reads, through the copies made before it (<c>cp /home/backup/mysql/agama.sql /tmp/</c>).</summary>
    private static string? Through(Evidence import, List<Evidence> steps)
    {
        var input = import.Step.Input;
        if (input is null)
        {
            return null;
        }

        foreach (var copy in steps.Take(import.Order).Where(s => s.Step.Kind == StepKind.Copy).Reverse())
        {
            var output = Directory(copy.Step.Output!);
            if (Under(input, output) && copy.Step.Source is { } source)
            {
                input = input == output ? source : Directory(source) + input[output.Length..];
            }
        }

        return input;
    }

    /// <summary>
    /// The services a download is meant for: those the jobs upload to its URL; else the one its URL or local directory
    /// names, the one whose target ends in the same directory, the one its section is about, or the one imported from
    /// where it downloads to; none when nothing says.
    /// </summary>
    private static List<string> Owners(Evidence download, List<Uploaded> services, List<string> names, List<Evidence> steps)
    {
        var url = download.Step.Target!;
        var exact = services.Where(s => SamePlace(s.Target, url)).Select(s => s.Name).Distinct(StringComparer.Ordinal).ToList();
        if (exact.Count > 0)
        {
            return exact;
        }

        var directory = Directory(download.Step.Output!);
        List<string>[] clues =
        [
            [.. ServicesNamed(url.Path + " " + directory).Where(names.Contains)],
            [.. services.Where(s => s.Target.LastSegment == url.LastSegment).Select(s => s.Name).Distinct(StringComparer.Ordinal)],
            download.Line.Section is { } section && names.Contains(section) ? [section] : [],
            [.. steps.Where(s => s.Step.Kind == StepKind.Import && s.Step.Input is { } input && Under(input, directory)).Select(s => ServiceOfImport(s.Step)).OfType<string>().Where(names.Contains).Distinct(StringComparer.Ordinal)],
        ];
        return clues.FirstOrDefault(c => c.Count == 1) ?? [];
    }

    /// <summary>The same place, or one server written as a short name and as its full name (<c>backup</c>, <c>backup.example.org</c>).</summary>
    private static bool SamePlace(DuplicityTarget jobs, DuplicityTarget download) =>
        jobs == download || (jobs.Host != download.Host && ShortName(jobs.Host, download.Host) is { } shortName && jobs.Key.Replace("|" + jobs.Host + "|", "|" + shortName + "|", StringComparison.Ordinal) == download.Key.Replace("|" + download.Host + "|", "|" + shortName + "|", StringComparison.Ordinal));

    private static string? ShortName(string a, string b)
    {
        var (shorter, longer) = a.Length < b.Length ? (a, b) : (b, a);
        return shorter.Length > 0 && !shorter.Contains('.', StringComparison.Ordinal) && longer.StartsWith(shorter + ".", StringComparison.Ordinal) && longer.Length > shorter.Length + 1 && !longer.EndsWith('.') ? shorter : null;
    }

    /// <summary>Either side is a template, a variable or a placeholder: no finding can be sure.</summary>
    private static bool Uncertain(List<DuplicityTarget> targets, Evidence download) =>
        download.Step.Target!.IsOpaque || Placeholder().IsMatch(download.Step.Target.Text) || (download.Step.Script is null && Placeholder().IsMatch(download.Line.Text)) || targets.All(t => t.IsOpaque);

    private static string Difference(DuplicityTarget download, DuplicityTarget jobs)
    {
        var parts = new List<string>();
        if (download.Host != jobs.Host && ShortName(download.Host, jobs.Host) is null)
        {
            parts.Add($"the server ({download.Host}, not {jobs.Host})");
        }

        if (download.Path != jobs.Path)
        {
            parts.Add($"the directory ({download.Path}, not {jobs.Path})");
        }

        return parts.Count == 0 ? "the login or the port differs" : string.Join(" and ", parts) + " differ" + (parts.Count == 1 ? "s" : "");
    }

    private static bool Under(string path, string directory) =>
        directory.Length > 0 && (path.TrimEnd('/') == directory || path.StartsWith(directory + "/", StringComparison.Ordinal) || directory == "/");

    private static string Directory(string path) => path.Length > 1 ? path.TrimEnd('/') : path;

    private static string LastSegment(string path) => path.TrimEnd('/').Split('/')[^1];

    /// <summary>Where a step stands: in the document, or at its line of a script or playbook the document runs.</summary>
    private static SourceLocation At(Evidence evidence)
    {
        var step = evidence.Step;
        if (step.Script is { } script)
        {
            return new SourceLocation(script, Math.Max(1, step.ScriptLine), 1, Math.Max(1, step.ScriptLine), 2);
        }

        var line = evidence.Line.Location;
        var column = line.Column + Math.Clamp(step.Offset, 0, evidence.Line.Text.Length);
        return line with { Column = column, EndColumn = column + Math.Max(1, Math.Min(step.Length, evidence.Line.Text.Length - step.Offset)) };
    }

    /// <summary>"line 12" of the document, or "line 4 of restore.yaml (run by line 12)".</summary>
    private static string Where(Evidence evidence, string path) =>
        evidence.Step.Script is { } script
            ? $"{script} line {evidence.Step.ScriptLine} (run by {path} line {evidence.Line.Location.Line})"
            : $"{path} line {evidence.Line.Location.Line}";

    /// <summary>The command as written.</summary>
    private static string Quote(Evidence evidence, RestoreSources? sources)
    {
        var step = evidence.Step;
        if (step.Evidence is { } written)
        {
            return written;
        }

        if (step.Script is { } script)
        {
            var text = sources?.FindScript?.Invoke(script)?.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
            return text is not null && step.ScriptLine >= 1 && step.ScriptLine <= text.Length ? text[step.ScriptLine - 1].Trim() : evidence.Line.Text;
        }

        var line = evidence.Line.Text;
        return step.Offset >= 0 && step.Length > 0 && step.Offset + step.Length <= line.Length ? line.Substring(step.Offset, step.Length) : line;
    }

    /// <summary>A program name one or two letters away from one a restore needs (<c>duplicty</c>), or null.</summary>
    private static string? Misspelled(string program)
    {
        if (program.Length < 5 || KnownPrograms.Contains(program) || program is "influx" or "mysqld" or "mysql" or "services" or "servicectl")
        {
            return null;
        }

        return KnownPrograms.FirstOrDefault(known => Math.Abs(known.Length - program.Length) <= 2 && Distance(known, program) is > 0 and <= 2);
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    // "$ ", "# ", "user@host:~$ ", "> " (an interactive shell), "mysql> ".
    [GeneratedRegex(@"^(?:[\w.-]+@[\w.-]+(?::[^\s$#]*)?[$#]|\$|#|>|mysql>|MariaDB \[[^\]\s]*\]>)[ \t]+", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Prompt();

    [GeneratedRegex(@"^sudo[ \t]+(?:-u[ \t]*(?<user>\S+)[ \t]+|-[iEH][ \t]+)*", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Sudo();

    // A plain line, maybe in a list item or a quote: the markers, then the text.
    [GeneratedRegex(@"^[ \t]*(?:>[ \t]*)*(?:(?:\d{1,3}[.)]|[-*+])[ \t]+)?(?:\$[ \t]+)?(?<command>\S(?:.*\S)?)[ \t]*$", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex ProseLine();

    [GeneratedRegex(@"^(?:\d{1,3}[.)]|[-*+])[ \t]+(?=\S)", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex ListMarker();

    [GeneratedRegex(@"<[a-z][a-z -]*>|\bTODO\b|\bFIXME\b|\.\.\.|\bx\.y\b", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Placeholder();
}
