using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CronPlan.Diagnostics;
using CronPlan.Tabs;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CronPlan.Repos;

/// <summary>How a cron tab reaches the host.</summary>
public enum DeployMethod
{
    /// <summary>The template module, from the role's templates/.</summary>
    Template,

    /// <summary>The copy module, from the role's files/ or inline content.</summary>
    Copy,

    /// <summary>The cron module (with or without cron_file).</summary>
    CronModule,

    /// <summary>lineinfile into a cron tab.</summary>
    LineInFile,
}

/// <summary>
/// A cron tab an Ansible repository installs, rendered: where it goes, what the daemon will read, and where each of its
/// lines came from.
/// </summary>
/// <param name="Destination">The path on the host, such as <c>/etc/cron.d/mysql-backup</c>; for the cron module without cron_file, the user's crontab.</param>
/// <param name="Method">How it is installed.</param>
/// <param name="Text">The rendered text, as the host gets it.</param>
/// <param name="Task">The task that installs it.</param>
/// <param name="Source">The template or file it was rendered from, relative to the repository; null for inline content and the cron module.</param>
/// <param name="Lines">For each rendered line (0-based), where it came from.</param>
/// <param name="Gates">Conditions around it: <c>{% if %}</c> in the template and the task's <c>when</c>.</param>
/// <param name="Owner">The task's owner, if given.</param>
/// <param name="Mode">The task's mode as Ansible applies it (octal text), if given.</param>
public sealed record DeployedTab(string Destination, DeployMethod Method, string Text, SourceLocation Task, string? Source, IReadOnlyList<SourceLocation> Lines, IReadOnlyList<string> Gates, string? Owner, string? Mode)
{
    /// <summary>The file name the daemon sees.</summary>
    public string Name => System.IO.Path.GetFileName(Destination);

    /// <summary>A per-user crontab (the cron module without cron_file): no user column.</summary>
    public bool IsUserCrontab => !Destination.StartsWith("/etc/", StringComparison.Ordinal);
}

/// <summary>A file some task writes (for .my.cnf and directories): its destination, owner and mode.</summary>
/// <param name="Destination">The path on the host.</param>
/// <param name="Task">The task.</param>
/// <param name="Owner">The owner, if given.</param>
/// <param name="Mode">The mode as Ansible applies it (octal text), if given.</param>
/// <param name="Text">The content, when the repository holds it.</param>
public sealed record DeployedFile(string Destination, SourceLocation Task, string? Owner, string? Mode, string? Text);

/// <summary>What a repository deploys, and what was wrong with reading it.</summary>
/// <param name="Root">The repository directory.</param>
/// <param name="Tabs">Every cron tab it installs.</param>
/// <param name="Files">Every other file its tasks write.</param>
/// <param name="Diagnostics">CPL6003-CPL6007 and CPL9003, found while reading.</param>
public sealed record RepositoryScan(string Root, IReadOnlyList<DeployedTab> Tabs, IReadOnlyList<DeployedFile> Files, IReadOnlyList<Diagnostic> Diagnostics);

/// <summary>
/// Reads an Ansible repository the way it deploys: every task file under <c>roles/</c> (and playbooks), the variables
/// of <c>group_vars/</c> and the roles' <c>defaults/</c> and <c>vars/</c>, and every task that puts a cron tab on the
/// host (template, copy, the cron module, lineinfile), rendered with those variables.
/// </summary>
public static partial class AnsibleRepository
{
    private static readonly string[] TemplateModules = ["template", "ansible.builtin.template", "ansible.legacy.template"];
    private static readonly string[] CopyModules = ["copy", "ansible.builtin.copy", "ansible.legacy.copy"];
    private static readonly string[] CronModules = ["cron", "ansible.builtin.cron", "ansible.legacy.cron"];
    private static readonly string[] LineModules = ["lineinfile", "ansible.builtin.lineinfile"];
    private static readonly string[] FileModules = ["file", "ansible.builtin.file"];

    /// <summary>Scans the repository at <paramref name="root"/>.</summary>
    public static RepositoryScan Scan(string root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var reader = new Reader(root);
        reader.Run();
        return new RepositoryScan(root, reader.Tabs, reader.Files, DiagnosticFormatter.InOrder(reader.Diagnostics));
    }

    /// <summary>YAML as plain values: mappings, lists and strings.</summary>
    internal static object? Plain(YamlNode node) => node switch
    {
        YamlMappingNode mapping => mapping.Children.Where(p => p.Key is YamlScalarNode).GroupBy(p => ((YamlScalarNode)p.Key).Value ?? "").ToDictionary(g => g.Key, g => Plain(g.Last().Value), StringComparer.Ordinal),
        YamlSequenceNode sequence => sequence.Children.Select(Plain).ToList(),
        YamlScalarNode scalar => scalar.Value,
        _ => null,
    };

    private sealed class Reader(string root)
    {
        public List<DeployedTab> Tabs { get; } = [];

        public List<DeployedFile> Files { get; } = [];

        public List<Diagnostic> Diagnostics { get; } = [];

        private readonly Dictionary<string, (StringBuilder Text, List<SourceLocation> Lines, SourceLocation Task, List<string> Gates)> _cronFiles = new(StringComparer.Ordinal);
        private readonly HashSet<string> _reportedUnresolved = new(StringComparer.Ordinal);

        public void Run()
        {
            var globals = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var file in VariableFiles(Path.Combine(root, "group_vars")))
            {
                Merge(globals, file);
            }

            var rolesDirectory = Path.Combine(root, "roles");
            var roles = Subdirectories(rolesDirectory);
            foreach (var role in roles)
            {
                var variables = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var file in VariableFiles(Path.Combine(role, "defaults")))
                {
                    Merge(variables, file);
                }

                foreach (var (key, value) in globals)
                {
                    variables[key] = value;
                }

                foreach (var file in VariableFiles(Path.Combine(role, "vars")))
                {
                    Merge(variables, file);
                }

                foreach (var tasks in YamlFiles(Path.Combine(role, "tasks")))
                {
                    ReadTasks(tasks, role, variables);
                }
            }

            foreach (var (destination, (text, lines, task, gates)) in _cronFiles)
            {
                Tabs.Add(new DeployedTab(destination, DeployMethod.CronModule, text.ToString(), task, null, lines, gates, "root", "0644"));
            }
        }

        private IEnumerable<string> VariableFiles(string directory) =>
            FilesUnder(directory).Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal) || !Path.HasExtension(f));

        private IEnumerable<string> YamlFiles(string directory) =>
            FilesUnder(directory).Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal));

        // Symbolic links are followed (shared roles are often linked in), each real directory once: a link back up the
        // tree is a loop, not more files.
        private const int MaxDirectoryDepth = 32;

        private readonly HashSet<string> _walked = new(StringComparer.Ordinal);

        private List<string> Subdirectories(string directory)
        {
            var found = new List<string>();
            foreach (var entry in Entries(directory, directories: true))
            {
                if (RealPath(entry) is { } real && _walked.Add(real))
                {
                    found.Add(entry);
                }
            }

            return found;
        }

        private List<string> FilesUnder(string directory)
        {
            var files = new List<string>();
            if (RealPath(directory) is not { } top || !_walked.Add(top))
            {
                return files;
            }

            var pending = new Stack<(string Directory, int Depth)>();
            pending.Push((directory, 0));
            while (pending.Count > 0)
            {
                var (current, depth) = pending.Pop();
                files.AddRange(Entries(current, directories: false));
                if (depth >= MaxDirectoryDepth)
                {
                    continue;
                }

                foreach (var sub in Entries(current, directories: true).AsEnumerable().Reverse())
                {
                    if (RealPath(sub) is { } real && _walked.Add(real))
                    {
                        pending.Push((sub, depth + 1));
                    }
                }
            }

            return [.. files.Order(StringComparer.Ordinal)];
        }

        private List<string> Entries(string directory, bool directories)
        {
            if (!Directory.Exists(directory))
            {
                return [];
            }

            try
            {
                var entries = directories ? Directory.GetDirectories(directory) : Directory.GetFiles(directory);
                return [.. entries.Order(StringComparer.Ordinal)];
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                var at = new SourceLocation(Relative(directory), 1, 1, 1, 1);
                if (!Diagnostics.Any(d => d.Id == "CPL9001" && d.Location == at))
                {
                    Diagnostics.Add(DiagnosticCatalog.CPL9001.Create(at, $"cannot list {Relative(directory)}: {e.Message}; nothing in it is checked"));
                }

                return [];
            }
        }

        private static string? RealPath(string directory)
        {
            try
            {
                var info = new DirectoryInfo(directory);
                return (info.LinkTarget is null ? info : info.ResolveLinkTarget(returnFinalTarget: true))?.FullName;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return null;
            }
        }

        /// <summary>A file's text, or null with CPL9001/CPL9002 (unreadable, binary, not UTF-8, too large) said once.</summary>
        private string? ReadText(string path)
        {
            var source = CronTabSource.Read(path);
            if (source.Problem is { } problem)
            {
                var relative = Relative(path);
                var at = problem.Location with { File = relative };
                if (!Diagnostics.Any(d => d.Location.File == relative && d.Id == problem.Id))
                {
                    Diagnostics.Add(new Diagnostic(problem.Id, problem.Severity, problem.Message.Replace(path, relative, StringComparison.Ordinal), at, problem.Fix, problem.Notes));
                }
            }

            return source.Text;
        }

        private string Relative(string path) => Path.GetRelativePath(root, path).Replace('\\', '/');

        private YamlNode? Load(string path)
        {
            if (ReadText(path) is not { } text)
            {
                return null;
            }

            try
            {
                var stream = Plans.SafeYaml.Load(text);
                return stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
            }
            catch (YamlException e)
            {
                var line = (int)Math.Max(1, e.Start.Line);
                var column = (int)Math.Max(1, e.Start.Column);
                Diagnostics.Add(DiagnosticCatalog.CPL6007.Create(
                    new SourceLocation(Relative(path), line, column, line, column + 1),
                    $"{Relative(path)} does not parse ({Plans.PlanReader.ParserMessage(e)}): Ansible stops here, and nothing this file sets up is deployed"));
                return null;
            }
        }

        private void Merge(Dictionary<string, object?> variables, string path)
        {
            if (Load(path) is YamlMappingNode mapping && Plain(mapping) is Dictionary<string, object?> values)
            {
                foreach (var (key, value) in values)
                {
                    variables[key] = value;
                }
            }
        }

        private void ReadTasks(string path, string role, Dictionary<string, object?> variables)
        {
            if (Load(path) is not YamlSequenceNode tasks)
            {
                return;
            }

            foreach (var node in tasks.Children.OfType<YamlMappingNode>())
            {
                ReadTask(path, role, node, variables);
            }
        }

        private void ReadTask(string path, string role, YamlMappingNode task, Dictionary<string, object?> variables)
        {
            // Blocks hold tasks of their own.
            foreach (var key in new[] { "block", "rescue", "always" })
            {
                if (Child(task, key) is YamlSequenceNode inner)
                {
                    foreach (var node in inner.Children.OfType<YamlMappingNode>())
                    {
                        ReadTask(path, role, node, variables);
                    }
                }
            }

            var when = Child(task, "when") is YamlScalarNode { Value: { } condition } ? condition : null;
            var items = Items(task, variables);
            foreach (var item in items)
            {
                var scope = item is null ? variables : new Dictionary<string, object?>(variables, StringComparer.Ordinal) { ["item"] = item };
                foreach (var (keyNode, value) in task.Children)
                {
                    if (keyNode is not YamlScalarNode { Value: { } module })
                    {
                        continue;
                    }

                    var location = Location(path, keyNode);
                    if (TemplateModules.Contains(module) || CopyModules.Contains(module))
                    {
                        Install(path, role, task, value, module, location, scope, when);
                    }
                    else if (CronModules.Contains(module))
                    {
                        CronJob(path, value, location, scope, when);
                    }
                    else if (LineModules.Contains(module) || FileModules.Contains(module))
                    {
                        Touch(path, value, location, scope, module);
                    }
                }

                if (item is null)
                {
                    break;
                }
            }
        }

        private static YamlNode? Child(YamlMappingNode mapping, string key) =>
            mapping.Children.FirstOrDefault(p => p.Key is YamlScalarNode k && k.Value == key).Value;

        /// <summary>loop: / with_items: over a literal list or a variable; one null item for a task without a loop.</summary>
        private static List<object?> Items(YamlMappingNode task, Dictionary<string, object?> variables)
        {
            var loop = Child(task, "loop") ?? Child(task, "with_items");
            return loop switch
            {
                YamlSequenceNode sequence => sequence.Children.Select(Plain).ToList(),
                YamlScalarNode { Value: { } text } when text.Trim() is var t && t.StartsWith("{{", StringComparison.Ordinal) && t.EndsWith("}}", StringComparison.Ordinal) &&
                    Jinja.LookupValue(t[2..^2].Trim(), variables) is IList<object?> list => [.. list],
                _ => [null],
            };
        }

        /// <summary>A module's arguments: a mapping, or the old <c>key=value key=value</c> form.</summary>
        private static Dictionary<string, YamlNode> Arguments(YamlNode node)
        {
            var arguments = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
            if (node is YamlMappingNode mapping)
            {
                foreach (var (key, value) in mapping.Children)
                {
                    if (key is YamlScalarNode { Value: { } name })
                    {
                        arguments[name] = value;
                    }
                }
            }
            else if (node is YamlScalarNode { Value: { } text })
            {
                foreach (Match match in KeyValue().Matches(text))
                {
                    arguments[match.Groups["key"].Value] = new YamlScalarNode(match.Groups["value"].Value.Trim('"', '\'')) { Style = ScalarStyle.DoubleQuoted };
                }
            }

            return arguments;
        }

        private string? Render(YamlNode? node, Dictionary<string, object?> scope, SourceLocation location)
        {
            if (node is not YamlScalarNode { Value: { } text })
            {
                return null;
            }

            var rendered = Jinja.RenderValue(text, scope, out var unresolved);
            foreach (var expression in unresolved)
            {
                ReportUnresolved(expression, location);
            }

            return rendered;
        }

        private void ReportUnresolved(string expression, SourceLocation location)
        {
            if (_reportedUnresolved.Add(expression))
            {
                Diagnostics.Add(DiagnosticCatalog.CPL9003.Create(location, $"'{{{{ {expression} }}}}' could not be resolved from group_vars, the role's defaults and vars or the loop: it is kept as written"));
            }
        }

        private void Install(string path, string role, YamlMappingNode task, YamlNode argumentsNode, string module, SourceLocation location, Dictionary<string, object?> scope, string? when)
        {
            var arguments = Arguments(argumentsNode);
            var destination = Render(arguments.GetValueOrDefault("dest") ?? arguments.GetValueOrDefault("path"), scope, location);
            if (destination is null)
            {
                return;
            }

            var owner = Render(arguments.GetValueOrDefault("owner"), scope, location);
            var mode = Mode(arguments.GetValueOrDefault("mode"), path);
            var isTemplate = TemplateModules.Contains(module);
            string? text = null;
            string? source = null;
            List<SourceLocation> lines;
            var gates = new List<string>();
            if (when is not null)
            {
                gates.Add(when);
            }

            if (arguments.GetValueOrDefault("content") is YamlScalarNode { Value: { } content } contentNode)
            {
                // Inline content: each line comes from the task file, below the content key (a block scalar starts on the next line).
                var rendering = Jinja.Render(content, scope);
                text = rendering.Text;
                var first = (int)contentNode.Start.Line + (contentNode.Style is ScalarStyle.Literal or ScalarStyle.Folded ? 1 : 0);
                lines = [.. rendering.SourceLines.Select(l => new SourceLocation(Relative(path), first + l - 1, 1, first + l - 1, 2))];
                gates.AddRange(rendering.Gates);
                foreach (var (expression, _) in rendering.Unresolved)
                {
                    ReportUnresolved(expression, location);
                }
            }
            else if (Render(arguments.GetValueOrDefault("src"), scope, location) is { } src)
            {
                var file = Resolve(role, isTemplate ? "templates" : "files", src);
                if (file is null)
                {
                    if (IsCronPath(destination))
                    {
                        Diagnostics.Add(DiagnosticCatalog.CPL9001.Create(location, $"the {(isTemplate ? "template" : "file")} '{src}' is not in the role's {(isTemplate ? "templates" : "files")}/ directory: what it installs in {destination} cannot be checked"));
                    }

                    return;
                }

                source = Relative(file);
                if (ReadText(file) is not { } raw)
                {
                    return;
                }

                if (isTemplate)
                {
                    var rendering = Jinja.Render(raw, scope);
                    text = rendering.Text;
                    lines = [.. rendering.SourceLines.Select(l => new SourceLocation(source, l, 1, l, 2))];
                    gates.AddRange(rendering.Gates);
                    foreach (var (expression, line) in rendering.Unresolved)
                    {
                        ReportUnresolved(expression, new SourceLocation(source, line, 1, line, 2));
                    }
                }
                else
                {
                    text = raw;
                    lines = [.. Enumerable.Range(1, raw.Count(c => c == '\n') + 1).Select(l => new SourceLocation(source, l, 1, l, 2))];
                }
            }
            else
            {
                return;
            }

            if (IsCronPath(destination))
            {
                Tabs.Add(new DeployedTab(destination, isTemplate ? DeployMethod.Template : DeployMethod.Copy, text, location, source, lines, gates, owner, mode));
            }
            else
            {
                Files.Add(new DeployedFile(destination, location, owner, mode, text));
            }
        }

        private void Touch(string path, YamlNode argumentsNode, SourceLocation location, Dictionary<string, object?> scope, string module)
        {
            var arguments = Arguments(argumentsNode);
            var destination = Render(arguments.GetValueOrDefault("path") ?? arguments.GetValueOrDefault("dest"), scope, location);
            if (destination is null)
            {
                return;
            }

            var owner = Render(arguments.GetValueOrDefault("owner"), scope, location);
            var mode = Mode(arguments.GetValueOrDefault("mode"), path);
            if (LineModules.Contains(module) && IsCronPath(destination) && Render(arguments.GetValueOrDefault("line"), scope, location) is { } line)
            {
                var entry = CronFile(destination, location);
                entry.Text.Append(line).Append('\n');
                entry.Lines.Add(location);
                return;
            }

            Files.Add(new DeployedFile(destination, location, owner, mode, null));
        }

        private void CronJob(string path, YamlNode argumentsNode, SourceLocation location, Dictionary<string, object?> scope, string? when)
        {
            var arguments = Arguments(argumentsNode);
            string Field(string name, string fallback) => Render(arguments.GetValueOrDefault(name), scope, location) ?? fallback;
            var job = Field("job", "");
            if (job.Length == 0 || Field("state", "present") == "absent")
            {
                return;
            }

            var name = Field("name", "");
            var user = Field("user", "root");
            var special = Field("special_time", "");
            var schedule = special.Length > 0 ? "@" + special : $"{Field("minute", "*")} {Field("hour", "*")} {Field("day", "*")} {Field("month", "*")} {Field("weekday", "*")}";
            var cronFile = Field("cron_file", "");
            if (cronFile.Length == 0)
            {
                Diagnostics.Add(DiagnosticCatalog.CPL6005.Create(
                    location,
                    $"the cron module without cron_file puts '{name}' in {user}'s own crontab, not in /etc/cron.d: it is not where the lab (and anyone reading /etc/cron.d) looks for it",
                    notes: [$"add cron_file: {Suggest(job)} to install it as /etc/cron.d/{Suggest(job)}"]));
            }

            var destination = cronFile.Length == 0 ? $"crontab of {user}" : cronFile.StartsWith('/') ? cronFile : "/etc/cron.d/" + cronFile;
            var entry = CronFile(destination, location);
            if (when is not null && !entry.Gates.Contains(when))
            {
                entry.Gates.Add(when);
            }

            entry.Text.Append("#Ansible: ").Append(name).Append('\n');
            entry.Lines.Add(location);
            entry.Text.Append(schedule).Append(' ');
            if (cronFile.Length > 0)
            {
                entry.Text.Append(user).Append(' ');
            }

            entry.Text.Append(job).Append('\n');
            entry.Lines.Add(location);
        }

        private static string Suggest(string job) =>
            job.Contains("influx", StringComparison.Ordinal) ? "influxdb-backup" : job.Contains("mysql", StringComparison.Ordinal) ? "mysql-backup" : "backup";

        private (StringBuilder Text, List<SourceLocation> Lines, SourceLocation Task, List<string> Gates) CronFile(string destination, SourceLocation location)
        {
            if (!_cronFiles.TryGetValue(destination, out var entry))
            {
                entry = (new StringBuilder(), [], location, []);
                _cronFiles[destination] = entry;
            }

            return entry;
        }

        /// <summary>The mode as Ansible applies it; an unquoted <c>644</c> is the decimal integer 644 (CPL6003).</summary>
        private string? Mode(YamlNode? node, string path)
        {
            if (node is not YamlScalarNode { Value: { } text } scalar)
            {
                return null;
            }

            if (scalar.Style == ScalarStyle.Plain && text.Length > 0 && text.All(char.IsAsciiDigit) && text[0] != '0')
            {
                var value = int.Parse(text, CultureInfo.InvariantCulture);
                var octal = Convert.ToString(value, 8);
                Diagnostics.Add(DiagnosticCatalog.CPL6003.Create(
                    Location(path, node),
                    $"mode: {text} is the decimal number {text}, which Ansible applies as mode 0{octal}, not 0{text}",
                    $"mode: '0{text}'",
                    ["quote the mode and give its leading zero"]));
                return "0" + octal;
            }

            if (scalar.Style == ScalarStyle.Plain && text.StartsWith('0') && text.All(char.IsAsciiDigit))
            {
                return text; // YAML 1.1 octal, as Ansible reads it
            }

            return text;
        }

        private string? Resolve(string role, string kind, string source)
        {
            if (Path.IsPathRooted(source))
            {
                return File.Exists(source) ? source : null;
            }

            foreach (var candidate in new[] { Path.Combine(role, kind, source), Path.Combine(role, source), Path.Combine(root, kind, source), Path.Combine(root, source) })
            {
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }

            return null;
        }

        private SourceLocation Location(string path, YamlNode node)
        {
            var line = (int)Math.Max(1, node.Start.Line);
            var column = (int)Math.Max(1, node.Start.Column);
            return new SourceLocation(Relative(path), line, column, line, column + Math.Max(1, (node as YamlScalarNode)?.Value?.Length ?? 1));
        }
    }

    private static bool IsCronPath(string destination) =>
        destination.StartsWith("/etc/cron.d/", StringComparison.Ordinal) || destination == "/etc/crontab" || destination.StartsWith("/var/spool/cron/", StringComparison.Ordinal);

    [GeneratedRegex(@"(?<key>[A-Za-z_]+)=(?<value>""[^""]*""|'[^']*'|\S+)")]
    private static partial Regex KeyValue();
}
