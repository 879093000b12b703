using System.Text;
using System.Text.RegularExpressions;
using CronPlan.Diagnostics;
using CronPlan.Tabs;
using CronPlan.Text;
using YamlDotNet.Core;

namespace CronPlan.Repos;

/// <summary>Test seams of a scan: called as each file enters a stage (relative path, stage), so that a test can make one file fail.</summary>
internal sealed class ScanHooks
{
    public Action<string, string>? BeforeStage { get; init; }
}

/// <summary>
/// Reads a repository as Ansible runs it: the playbooks' plays in order (their <c>hosts:</c>, <c>vars:</c>,
/// <c>vars_files:</c>, <c>pre_tasks:</c>, <c>roles:</c>, <c>tasks:</c>, <c>post_tasks:</c>), each role with its
/// play's and its own variables, includes and imports, loops and <c>when:</c>; then every role under <c>roles/</c>
/// that no play names. With an inventory, each play runs once per host it selects, with that host's variables.
/// Every file is read inside a boundary: what fails in one file is CPL9005 on it, and the scan goes on.
/// </summary>
internal sealed partial class RepositoryReader(string root, ScanHooks? hooks)
{
    private static readonly string[] TemplateModules = ["template", "ansible.builtin.template", "ansible.legacy.template"];
    private static readonly string[] CopyModules = ["copy", "ansible.builtin.copy", "ansible.legacy.copy"];
    private static readonly string[] CronModules = ["cron", "ansible.builtin.cron", "ansible.legacy.cron"];
    private static readonly string[] LineModules = ["lineinfile", "ansible.builtin.lineinfile", "ansible.legacy.lineinfile"];
    private static readonly string[] BlockModules = ["blockinfile", "ansible.builtin.blockinfile", "ansible.legacy.blockinfile"];
    private static readonly string[] IniModules = ["ini_file", "community.general.ini_file"];
    private static readonly string[] FileModules = ["file", "ansible.builtin.file", "ansible.legacy.file"];
    private static readonly string[] UserModules = ["user", "ansible.builtin.user", "ansible.legacy.user"];
    private static readonly string[] IncludeTasks = ["include_tasks", "import_tasks", "include", "ansible.builtin.include_tasks", "ansible.builtin.import_tasks", "ansible.builtin.include", "ansible.legacy.include_tasks", "ansible.legacy.import_tasks"];
    private static readonly string[] IncludeRoles = ["include_role", "import_role", "ansible.builtin.include_role", "ansible.builtin.import_role", "ansible.legacy.include_role", "ansible.legacy.import_role"];
    private static readonly string[] LoopKeys = ["loop", "with_items", "with_list", "with_dict", "with_flattened"];

    // Includes that include themselves, and blocks inside blocks: Ansible has no limit, a scan must.
    private const int MaxIncludeDepth = 16;
    private const int MaxBlockDepth = 32;
    private const int MaxLoopItems = 1000;

    public List<DeployedTab> Tabs { get; } = [];

    public List<FileOperation> Operations { get; } = [];

    public List<Diagnostic> Diagnostics { get; } = [];

    /// <summary>Homes the repository's <c>user:</c> tasks set, by user name.</summary>
    public Dictionary<string, string> Homes { get; } = new(StringComparer.Ordinal);

    private readonly Dictionary<(string Destination, string? Host), CronFileBuilder> _cronFiles = [];
    private readonly HashSet<string> _reportedUnresolved = new(StringComparer.Ordinal);
    private readonly HashSet<string> _reported = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (YamlItem? Root, bool Failed)> _loaded = new(StringComparer.Ordinal);
    private readonly RepositoryFiles _files = new(root);
    private readonly Inventory _inventory = new();
    private readonly Dictionary<string, IReadOnlyDictionary<string, object?>> _groupFiles = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyDictionary<string, object?>> _hostFiles = new(StringComparer.Ordinal);
    private readonly Dictionary<string, object?> _allGroupVariables = new(StringComparer.Ordinal);

    /// <summary>Roles a play runs (listed, included or imported): they run with its hosts and variables, not on their own.</summary>
    private readonly HashSet<string> _reached = new(StringComparer.Ordinal);

    private sealed class CronFileBuilder(SourceLocation task)
    {
        public StringBuilder Text { get; } = new();

        public List<SourceLocation> Lines { get; } = [];

        public SourceLocation Task { get; } = task;

        public List<string> Gates { get; } = [];
    }

    /// <summary>Where a task runs: the host (null when the repository names none) and the variables in scope.</summary>
    private sealed record Context(string? Host, Dictionary<string, object?> Variables, IReadOnlyList<string> Gates, int Depth)
    {
        public Context With(IReadOnlyDictionary<string, object?>? layer, IEnumerable<string>? gates = null, int depth = 0)
        {
            var variables = new Dictionary<string, object?>(Variables, StringComparer.Ordinal);
            foreach (var (key, value) in layer ?? new Dictionary<string, object?>())
            {
                variables[key] = value;
            }

            return this with { Variables = variables, Gates = gates is null ? Gates : [.. Gates, .. gates], Depth = Depth + depth };
        }
    }

    private sealed record RoleCall(string Directory, Dictionary<string, object?> Parameters, string TasksFrom);

    public void Run()
    {
        Guard(root, "reading the inventory", ReadInventory);
        foreach (var file in _files.VariableFiles(Path.Combine(root, "group_vars")))
        {
            var values = VariablesIn(file);
            foreach (var (key, value) in values)
            {
                _allGroupVariables[key] = value;
            }

            Layer(_groupFiles, NameBelow(Path.Combine(root, "group_vars"), file), values);
        }

        foreach (var file in _files.VariableFiles(Path.Combine(root, "host_vars")))
        {
            Layer(_hostFiles, NameBelow(Path.Combine(root, "host_vars"), file), VariablesIn(file));
        }

        var rolesDirectory = Path.Combine(root, "roles");
        var roles = _files.Subdirectories(rolesDirectory);
        foreach (var playbook in Playbooks())
        {
            Guard(playbook, "reading the playbook", () => RunPlaybook(playbook, 0));
        }

        foreach (var role in roles)
        {
            if (!_reached.Contains(Path.GetFullPath(role)))
            {
                RunRole(new RoleCall(role, [], "main"), NoHost(), []);
            }
        }

        foreach (var ((destination, host), builder) in _cronFiles)
        {
            Tabs.Add(new DeployedTab(destination, DeployMethod.CronModule, builder.Text.ToString(), builder.Task, null, builder.Lines, builder.Gates, "root", "0644") { Hosts = host is null ? [] : [host] });
        }

        foreach (var problem in _files.Problems)
        {
            Add(problem);
        }
    }

    private static void Layer(Dictionary<string, IReadOnlyDictionary<string, object?>> tables, string name, Dictionary<string, object?> values)
    {
        var table = tables.TryGetValue(name, out var existing) ? new Dictionary<string, object?>(existing, StringComparer.Ordinal) : new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in values)
        {
            table[key] = value;
        }

        tables[name] = table;
    }

    /// <summary>The group or host a file under group_vars/ or host_vars/ belongs to: <c>db.yaml</c> and <c>db/main.yaml</c> both name db.</summary>
    private static string NameBelow(string directory, string file)
    {
        var relative = Path.GetRelativePath(directory, file).Replace('\\', '/');
        var first = relative.Split('/')[0];
        return relative.Contains('/', StringComparison.Ordinal) ? first : Path.GetFileNameWithoutExtension(first) is var stem && (first.EndsWith(".yaml", StringComparison.Ordinal) || first.EndsWith(".yml", StringComparison.Ordinal) || first.EndsWith(".json", StringComparison.Ordinal)) ? stem : first;
    }

    /// <summary>Without an inventory (or for roles no play names): every group_vars file applies, as before hosts were known.</summary>
    private Context NoHost() => new(null, new Dictionary<string, object?>(_allGroupVariables, StringComparer.Ordinal) { ["groups"] = _inventory.GroupsTable() }, [], 0);

    private void ReadInventory()
    {
        var candidates = Inventory.FileNames.Select(n => Path.Combine(root, n)).ToList();
        if (ConfiguredInventory() is { } configured)
        {
            candidates.Insert(0, Path.Combine(root, configured));
        }

        foreach (var path in candidates.Distinct(StringComparer.Ordinal))
        {
            var files = File.Exists(path) ? [path] : Directory.Exists(path) ? _files.FilesUnder(path).Where(f => !f.Contains("/group_vars/", StringComparison.Ordinal) && !f.Contains("/host_vars/", StringComparison.Ordinal)).ToList() : [];
            foreach (var file in files)
            {
                Guard(file, "reading the inventory", () =>
                {
                    if (file.EndsWith(".yaml", StringComparison.Ordinal) || file.EndsWith(".yml", StringComparison.Ordinal))
                    {
                        _inventory.ReadYaml(AnsibleYaml.Plain(Load(file)));
                    }
                    else if (_files.ReadText(file, Diagnostics) is { } text)
                    {
                        _inventory.ReadIni(text);
                    }
                });
            }

            if (!_inventory.IsEmpty)
            {
                return;
            }
        }
    }

    /// <summary>The <c>inventory =</c> of ansible.cfg, relative to the repository.</summary>
    private string? ConfiguredInventory()
    {
        var cfg = Path.Combine(root, "ansible.cfg");
        if (!File.Exists(cfg) || _files.ReadText(cfg, Diagnostics) is not { } text)
        {
            return null;
        }

        var match = InventorySetting().Match(text);
        return match.Success ? match.Groups["path"].Value.Trim().Split(',')[0].TrimStart('.', '/') : null;
    }

    /// <summary>Top-level playbooks, and those under playbooks/: YAML files whose document is a list of plays.</summary>
    private IEnumerable<string> Playbooks()
    {
        var top = _files.Entries(root, directories: false).Where(IsYaml);
        var nested = _files.Entries(Path.Combine(root, "playbooks"), directories: false).Where(IsYaml);
        return top.Concat(nested);
    }

    private static bool IsYaml(string path) => path.EndsWith(".yaml", StringComparison.Ordinal) || path.EndsWith(".yml", StringComparison.Ordinal);

    private void RunPlaybook(string playbook, int depth)
    {
        if (depth > MaxIncludeDepth || Load(playbook, quiet: true) is not YamlList plays || !plays.Items.All(p => p is YamlMap))
        {
            return;
        }

        foreach (var play in plays.Items.Cast<YamlMap>())
        {
            if ((play["import_playbook"] ?? play["ansible.builtin.import_playbook"]) is YamlText { Value: string imported })
            {
                var path = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(playbook)!, imported));
                if (File.Exists(path))
                {
                    Guard(path, "reading the playbook", () => RunPlaybook(path, depth + 1));
                }

                continue;
            }

            if (play["hosts"] is null)
            {
                continue;
            }

            foreach (var role in PlayRoles(play, playbook))
            {
                _reached.Add(Path.GetFullPath(role.Directory));
            }

            foreach (var context in PlayContexts(play, playbook))
            {
                RunPlay(play, playbook, context);
            }
        }
    }

    /// <summary>One context per host the play selects; one without a host when the inventory cannot place it.</summary>
    private IEnumerable<Context> PlayContexts(YamlMap play, string playbook)
    {
        var pattern = play["hosts"] switch
        {
            YamlText text => AnsibleYaml.Text(text.Value),
            YamlList list => string.Join(",", list.Items.OfType<YamlText>().Select(t => AnsibleYaml.Text(t.Value))),
            _ => "",
        };
        var hosts = _inventory.IsEmpty || pattern.Contains("{{", StringComparison.Ordinal) ? null : _inventory.Match(pattern);
        var contexts = hosts is null
            ? [NoHost()]
            : hosts.Select(h => new Context(h, _inventory.VariablesOf(h, _groupFiles, _hostFiles), [], 0)).ToList();
        foreach (var context in contexts)
        {
            var variables = new Dictionary<string, object?>(StringComparer.Ordinal);
            if (AnsibleYaml.Plain(play["vars"]) is Dictionary<string, object?> vars)
            {
                foreach (var (key, value) in vars)
                {
                    variables[key] = value;
                }
            }

            if (play["vars_files"] is YamlList files)
            {
                foreach (var name in files.Items.OfType<YamlText>())
                {
                    var rendered = Render(name, context.With(variables), Location(playbook, name));
                    var path = rendered is null ? null : Path.Combine(Path.GetDirectoryName(playbook)!, rendered);
                    if (path is not null && File.Exists(path))
                    {
                        foreach (var (key, value) in VariablesIn(path))
                        {
                            variables[key] = value;
                        }
                    }
                }
            }

            yield return context.With(variables);
        }
    }

    private List<RoleCall> PlayRoles(YamlMap play, string playbook)
    {
        var calls = new List<RoleCall>();
        if (play["roles"] is not YamlList roles)
        {
            return calls;
        }

        foreach (var entry in roles.Items)
        {
            var (name, parameters) = entry switch
            {
                YamlText text => (AnsibleYaml.Text(text.Value), new Dictionary<string, object?>(StringComparer.Ordinal)),
                YamlMap map => (AnsibleYaml.Text(((map["role"] ?? map["name"]) as YamlText)?.Value), RoleParameters(map)),
                _ => ("", []),
            };
            if (RoleDirectory(name, playbook) is { } directory)
            {
                calls.Add(new RoleCall(directory, parameters, "main"));
            }
        }

        return calls;
    }

    /// <summary>A role entry's parameters: its <c>vars:</c> and every key that is not a play keyword.</summary>
    private static Dictionary<string, object?> RoleParameters(YamlMap map)
    {
        var parameters = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in map.Entries)
        {
            if (key.Text is "role" or "name" or "when" or "tags" or "become" or "become_user" or "vars" or "delegate_to")
            {
                continue;
            }

            parameters[key.Text] = AnsibleYaml.Plain(value);
        }

        if (AnsibleYaml.Plain(map["vars"]) is Dictionary<string, object?> vars)
        {
            foreach (var (key, value) in vars)
            {
                parameters[key] = value;
            }
        }

        return parameters;
    }

    private string? RoleDirectory(string name, string relativeTo)
    {
        if (name.Length == 0 || name.Contains("{{", StringComparison.Ordinal))
        {
            return null;
        }

        var candidates = new[] { Path.Combine(root, "roles", name), Path.Combine(Path.GetDirectoryName(relativeTo) ?? root, "roles", name), Path.Combine(root, name) };
        return candidates.FirstOrDefault(Directory.Exists);
    }

    private void RunPlay(YamlMap play, string playbook, Context context)
    {
        var gates = Gates(play["when"], context);
        if (gates is null)
        {
            return;
        }

        context = context with { Gates = [.. context.Gates, .. gates] };
        RunTaskList(play["pre_tasks"], playbook, null, context);
        foreach (var role in PlayRoles(play, playbook))
        {
            RunRole(role, context, []);
        }

        RunTaskList(play["tasks"], playbook, null, context);
        RunTaskList(play["post_tasks"], playbook, null, context);
    }

    /// <summary>Runs a role: defaults under the host's variables, the role's vars and parameters over them.</summary>
    private void RunRole(RoleCall role, Context context, IReadOnlyList<string> gates)
    {
        if (context.Depth > MaxIncludeDepth)
        {
            return;
        }

        var variables = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var file in _files.VariableFiles(Path.Combine(role.Directory, "defaults")))
        {
            foreach (var (key, value) in VariablesIn(file))
            {
                variables[key] = value;
            }
        }

        foreach (var (key, value) in context.Variables)
        {
            variables[key] = value;
        }

        foreach (var file in _files.VariableFiles(Path.Combine(role.Directory, "vars")))
        {
            foreach (var (key, value) in VariablesIn(file))
            {
                variables[key] = value;
            }
        }

        foreach (var (key, value) in role.Parameters)
        {
            variables[key] = value;
        }

        var scope = context with { Variables = variables, Gates = [.. context.Gates, .. gates], Depth = context.Depth + 1 };
        var tasks = Path.Combine(role.Directory, "tasks");
        var entry = new[] { ".yaml", ".yml", "" }.Select(e => Path.Combine(tasks, role.TasksFrom + e)).FirstOrDefault(File.Exists);
        if (role.TasksFrom == "main")
        {
            // Every task file of the role is read, included or not: a file nothing includes is still the role's intent.
            var included = new HashSet<string>(StringComparer.Ordinal);
            if (entry is not null)
            {
                RunTaskFile(entry, role.Directory, scope, included);
            }

            foreach (var file in _files.YamlFiles(tasks).Where(f => !included.Contains(Path.GetFullPath(f))))
            {
                RunTaskFile(file, role.Directory, scope, included);
            }
        }
        else if (entry is not null)
        {
            RunTaskFile(entry, role.Directory, scope, []);
        }
    }

    private void RunTaskFile(string path, string? role, Context context, HashSet<string> included)
    {
        included.Add(Path.GetFullPath(path));
        Guard(path, "reading the tasks", () => RunTaskList(Load(path), path, role, context, included));
    }

    private void RunTaskList(YamlItem? tasks, string path, string? role, Context context, HashSet<string>? included = null)
    {
        if (tasks is not YamlList list)
        {
            return;
        }

        foreach (var task in list.Items.OfType<YamlMap>())
        {
            RunTask(task, path, role, context, included ?? [], 0);
        }
    }

    private void RunTask(YamlMap task, string path, string? role, Context context, HashSet<string> included, int blockDepth)
    {
        if (blockDepth > MaxBlockDepth)
        {
            return;
        }

        var taskVariables = AnsibleYaml.Plain(task["vars"]) as Dictionary<string, object?>;
        var scope = taskVariables is null ? context : context.With(taskVariables);
        if (task["block"] is YamlList block)
        {
            var gates = Gates(task["when"], scope);
            if (gates is null)
            {
                return;
            }

            var inner = scope with { Gates = [.. scope.Gates, .. gates] };
            foreach (var key in new[] { "block", "rescue", "always" })
            {
                if (task[key] is YamlList tasks)
                {
                    foreach (var node in tasks.Items.OfType<YamlMap>())
                    {
                        RunTask(node, path, role, inner, included, blockDepth + 1);
                    }
                }
            }

            return;
        }

        // What a task cannot resolve (its loop, its arguments, its template) matters only where it lands in a cron tab or in
        // credentials the dumps read: a DNS zone or a dashboard full of facts is not noise worth reporting.
        var outer = (_pendingUnresolved, _unresolvedMatters);
        (_pendingUnresolved, _unresolvedMatters) = ([], false);
        try
        {
            RunModules(task, path, role, scope, included);
        }
        finally
        {
            var (pending, matters) = (_pendingUnresolved!, _unresolvedMatters);
            (_pendingUnresolved, _unresolvedMatters) = outer;
            if (matters)
            {
                foreach (var (expression, at) in pending)
                {
                    ReportUnresolvedNow(expression, at);
                }
            }
        }
    }

    private void RunModules(YamlMap task, string path, string? role, Context scope, HashSet<string> included)
    {
        var loopVariable = (task["loop_control"] as YamlMap)?["loop_var"] is YamlText { Value: string name } ? name : "item";
        foreach (var item in Items(task, scope, path))
        {
            var itemScope = item is Unset ? scope : scope.With(new Dictionary<string, object?>(StringComparer.Ordinal) { [loopVariable] = item });
            var gates = Gates(task["when"], itemScope);
            if (gates is null)
            {
                continue;
            }

            itemScope = itemScope with { Gates = [.. itemScope.Gates, .. gates] };
            foreach (var (keyNode, value) in task.Entries)
            {
                Dispatch(path, role, keyNode.Text, value, Location(path, keyNode), itemScope, included);
            }
        }
    }

    private List<(string Expression, SourceLocation Location)>? _pendingUnresolved;
    private bool _unresolvedMatters;

    /// <summary><c>~user/...</c> as the path it names (Ansible expands it on the host): the user's home, /home/user (or /root).</summary>
    private string? WithHome(string? destination)
    {
        if (destination is null || !destination.StartsWith('~') || destination.StartsWith("~/", StringComparison.Ordinal) || destination == "~")
        {
            return destination;
        }

        var slash = destination.IndexOf('/', StringComparison.Ordinal);
        var user = slash < 0 ? destination[1..] : destination[1..slash];
        var home = Homes.GetValueOrDefault(user) ?? (user == "root" ? "/root" : "/home/" + user);
        return slash < 0 ? home : home + destination[slash..];
    }

    /// <summary>
    /// A <c>password = {{ ... }}</c> line: secrets come from a vault or the environment, not from the repository, so their
    /// being unknown here is expected and not worth a CPL9003.
    /// </summary>
    private static bool IsSecretLine(string template, int line)
    {
        var lines = template.Split('\n');
        return line >= 1 && line <= lines.Length && SecretAssignment().IsMatch(lines[line - 1]);
    }

    [GeneratedRegex(@"^\s*(password|pass|passwd)\s*=", RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 1000)]
    private static partial Regex SecretAssignment();

    private static bool UnresolvedMattersIn(string? destination) =>
        destination is not null && (IsCronPath(destination) || destination.EndsWith("my.cnf", StringComparison.Ordinal));

    private void Dispatch(string path, string? role, string module, YamlItem value, SourceLocation location, Context itemScope, HashSet<string> included)
    {
        if (TemplateModules.Contains(module) || CopyModules.Contains(module))
        {
            Install(path, role, value, TemplateModules.Contains(module), location, itemScope);
        }
        else if (CronModules.Contains(module))
        {
            _unresolvedMatters = true;
            CronJob(value, location, itemScope);
        }
        else if (LineModules.Contains(module) || BlockModules.Contains(module) || IniModules.Contains(module) || FileModules.Contains(module))
        {
            Touch(path, value, location, itemScope, module);
        }
        else if (UserModules.Contains(module))
        {
            User(value, location, itemScope);
        }
        else if (IncludeTasks.Contains(module))
        {
            Include(value, path, role, location, itemScope, included);
        }
        else if (IncludeRoles.Contains(module))
        {
            IncludeRole(value, path, location, itemScope);
        }
    }

    private void Include(YamlItem argument, string path, string? role, SourceLocation location, Context context, HashSet<string> included)
    {
        if (context.Depth >= MaxIncludeDepth)
        {
            return;
        }

        var file = argument is YamlMap map ? map["file"] : argument;
        var name = Render(file, context, location);
        if (name is null || name.Contains("{{", StringComparison.Ordinal))
        {
            return;
        }

        var parameters = argument is YamlMap withVars && AnsibleYaml.Plain(withVars["vars"]) is Dictionary<string, object?> vars ? vars : null;
        var directories = new List<string> { Path.GetDirectoryName(path)! };
        if (role is not null)
        {
            directories.Insert(0, Path.Combine(role, "tasks"));
        }

        var target = directories.Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
        if (target is null)
        {
            return;
        }

        RunTaskFile(target, role, context.With(parameters, depth: 1), included);
    }

    private void IncludeRole(YamlItem argument, string path, SourceLocation location, Context context)
    {
        if (argument is not YamlMap map || Render(map["name"], context, location) is not { } name || RoleDirectory(name, path) is not { } directory)
        {
            return;
        }

        var tasksFrom = Render(map["tasks_from"], context, location) ?? "main";
        tasksFrom = Path.ChangeExtension(tasksFrom, null) ?? tasksFrom;
        var parameters = AnsibleYaml.Plain(map["vars"]) as Dictionary<string, object?> ?? [];
        _reached.Add(Path.GetFullPath(directory));
        RunRole(new RoleCall(directory, parameters, tasksFrom), context, []);
    }

    /// <summary>
    /// A task's <c>when:</c> for this context: the conditions still open (not decidable here), or null when one is false
    /// for the host, so the task does not run there.
    /// </summary>
    private static List<string>? Gates(YamlItem? when, Context context)
    {
        var conditions = when switch
        {
            null => [],
            YamlText text => [AnsibleYaml.Text(text.Value)],
            YamlList list => list.Items.OfType<YamlText>().Select(t => AnsibleYaml.Text(t.Value)).ToList(),
            _ => new List<string>(),
        };
        var open = new List<string>();
        foreach (var condition in conditions.Where(c => c.Length > 0))
        {
            var decided = context.Host is null ? null : Conditions.Evaluate(StripBraces(condition), context.Variables);
            if (decided == false)
            {
                return null;
            }

            if (decided is null)
            {
                open.Add(condition);
            }
        }

        return open;
    }

    private static string StripBraces(string condition)
    {
        var trimmed = condition.Trim();
        return trimmed.StartsWith("{{", StringComparison.Ordinal) && trimmed.EndsWith("}}", StringComparison.Ordinal) ? trimmed[2..^2].Trim() : trimmed;
    }

    /// <summary>Marks a task without a loop: it runs once, with no loop variable.</summary>
    private sealed class Unset
    {
        public static readonly Unset Value = new();
    }

    /// <summary>The loop's items (<c>loop</c>, <c>with_items</c>, <c>with_list</c>, <c>with_dict</c> as key/value pairs), or one <see cref="Unset"/>.</summary>
    private List<object?> Items(YamlMap task, Context context, string path)
    {
        var key = LoopKeys.FirstOrDefault(k => task[k] is not null);
        if (key is null)
        {
            return [Unset.Value];
        }

        var node = task[key]!;
        object? value = node switch
        {
            YamlList list => list.Items.Select(i => i is YamlText { Value: string text } && text.Contains("{{", StringComparison.Ordinal) ? RenderedValue(text, context) : AnsibleYaml.Plain(i)).ToList(),
            YamlMap map => AnsibleYaml.Plain(map),
            YamlText { Value: string text } => RenderedValue(text, context),
            _ => null,
        };
        if (key == "with_dict" && value is Dictionary<string, object?> dictionary)
        {
            return [.. dictionary.Select(p => (object?)new Dictionary<string, object?>(StringComparer.Ordinal) { ["key"] = p.Key, ["value"] = p.Value }).Take(MaxLoopItems)];
        }

        if (value is not List<object?> items)
        {
            // A loop over something the scan cannot resolve still runs its task: once, with the loop variable unknown.
            if (node is YamlText { Value: string unresolved })
            {
                ReportUnresolved(StripBraces(unresolved), Location(path, node));
            }

            return [Unset.Value];
        }

        if (key is "with_items" or "with_flattened")
        {
            items = [.. items.SelectMany(i => i is List<object?> inner ? inner : [i])];
        }

        return items.Count == 0 ? [] : [.. items.Take(MaxLoopItems)];
    }

    /// <summary><c>"{{ name }}"</c> as the value it names (a list stays a list); other text rendered.</summary>
    private static object? RenderedValue(string text, Context context)
    {
        var trimmed = text.Trim();
        if (trimmed.StartsWith("{{", StringComparison.Ordinal) && trimmed.EndsWith("}}", StringComparison.Ordinal) && trimmed.IndexOf("{{", 2, StringComparison.Ordinal) < 0)
        {
            return Jinja.LookupValue(trimmed[2..^2].Trim(), context.Variables);
        }

        var rendered = Jinja.RenderValue(text, context.Variables, out var unresolved);
        return unresolved.Count == 0 ? rendered : null;
    }

    /// <summary>A module's arguments: a mapping, or the old <c>key=value key=value</c> form (values are then strings).</summary>
    private static Dictionary<string, YamlItem> Arguments(YamlItem node)
    {
        var arguments = new Dictionary<string, YamlItem>(StringComparer.Ordinal);
        if (node is YamlMap mapping)
        {
            foreach (var (key, value) in mapping.Entries)
            {
                arguments[key.Text] = value;
            }
        }
        else if (node is YamlText { Value: string text })
        {
            foreach (Match match in KeyValue().Matches(text))
            {
                var raw = match.Groups["value"].Value;
                var quoted = raw.Length >= 2 && raw[0] is '"' or '\'';
                var value = quoted ? raw[1..^1] : raw;
                arguments[match.Groups["key"].Value] = new YamlText { Text = value, IsPlain = false, Value = value, Line = node.Line, Column = node.Column };
            }
        }

        return arguments;
    }

    /// <summary>A scalar argument as the module receives it: typed values as Python writes them, strings rendered.</summary>
    private string? Render(YamlItem? node, Context context, SourceLocation location)
    {
        if (node is not YamlText scalar || scalar.Value is null)
        {
            return null;
        }

        if (scalar.Value is not string text)
        {
            return AnsibleYaml.Text(scalar.Value);
        }

        var rendered = Jinja.RenderValue(text, context.Variables, out var unresolved);
        foreach (var expression in unresolved)
        {
            ReportUnresolved(expression, location);
        }

        return rendered;
    }

    private void ReportUnresolved(string expression, SourceLocation location)
    {
        if (_pendingUnresolved is { } pending)
        {
            pending.Add((expression, location));
            return;
        }

        ReportUnresolvedNow(expression, location);
    }

    private void ReportUnresolvedNow(string expression, SourceLocation location)
    {
        if (_reportedUnresolved.Add(expression))
        {
            Add(DiagnosticCatalog.CPL9003.Create(location, $"'{{{{ {expression} }}}}' could not be resolved from the inventory, group_vars, host_vars, the play's and role's variables or the loop: it is kept as written"));
        }
    }

    private void Add(Diagnostic diagnostic)
    {
        if (_reported.Add(Boundary.Identity(diagnostic)))
        {
            Diagnostics.Add(diagnostic);
        }
    }

    private void Install(string path, string? role, YamlItem argumentsNode, bool isTemplate, SourceLocation location, Context context)
    {
        var arguments = Arguments(argumentsNode);
        var destination = WithHome(Render(arguments.GetValueOrDefault("dest") ?? arguments.GetValueOrDefault("path"), context, location));
        if (destination is null)
        {
            return;
        }

        _unresolvedMatters |= UnresolvedMattersIn(destination);
        var owner = Render(arguments.GetValueOrDefault("owner"), context, location);
        var mode = Mode(arguments.GetValueOrDefault("mode"), path, context);
        string? text = null;
        string? source = null;
        List<SourceLocation> lines = [];
        var gates = new List<string>(context.Gates);
        string? wholeFileGate = null;
        var rendered = true;
        if (arguments.GetValueOrDefault("content") is YamlText { Value: not null } contentNode)
        {
            // Inline content: each line comes from the task file, below the content key (a block scalar starts on the next line).
            var content = AnsibleYaml.Text(contentNode.Value);
            var rendering = Jinja.Render(content, context.Variables);
            text = rendering.Text;
            wholeFileGate = WholeFileGate(content);
            var first = contentNode.Line + (contentNode.IsBlock ? 1 : 0);
            lines = [.. rendering.SourceLines.Select(l => new SourceLocation(Relative(path), first + l - 1, 1, first + l - 1, 2))];
            gates.AddRange(rendering.Gates);
            foreach (var (expression, line) in rendering.Unresolved)
            {
                if (!IsSecretLine(content, line))
                {
                    ReportUnresolved(expression, location);
                }
            }
        }
        else if (Render(arguments.GetValueOrDefault("src"), context, location) is { } src)
        {
            // A directory as dest (dest: /etc/cron.d, or a trailing slash): the file keeps the source's name there.
            if (destination.EndsWith('/') || destination is "/etc/cron.d")
            {
                destination = destination.TrimEnd('/') + "/" + Path.GetFileName(src);
                _unresolvedMatters |= UnresolvedMattersIn(destination);
            }

            var file = Resolve(role, path, isTemplate ? "templates" : "files", src);
            if (file is null)
            {
                if (IsCronPath(destination) && !src.Contains("{{", StringComparison.Ordinal))
                {
                    Add(DiagnosticCatalog.CPL9001.Create(location, $"the {(isTemplate ? "template" : "file")} '{src}' is not in the role's {(isTemplate ? "templates" : "files")}/ directory: what it installs in {destination} cannot be checked"));
                }

                rendered = false;
            }
            else
            {
                source = Relative(file);
                var sourceName = source;
                Guard(file, isTemplate ? "rendering the template" : "reading the file", () =>
                {
                    if (_files.ReadText(file, Diagnostics) is not { } raw)
                    {
                        rendered = false;
                        return;
                    }

                    if (isTemplate)
                    {
                        var rendering = Jinja.Render(raw, context.Variables);
                        text = rendering.Text;
                        wholeFileGate = WholeFileGate(raw);
                        lines = [.. rendering.SourceLines.Select(l => new SourceLocation(sourceName, l, 1, l, 2))];
                        gates.AddRange(rendering.Gates);
                        foreach (var (expression, line) in rendering.Unresolved)
                        {
                            if (!IsSecretLine(raw, line))
                            {
                                ReportUnresolved(expression, new SourceLocation(sourceName, line, 1, line, 2));
                            }
                        }
                    }
                    else
                    {
                        text = raw;
                        lines = [.. Enumerable.Range(1, raw.Count(c => c == '\n') + 1).Select(l => new SourceLocation(sourceName, l, 1, l, 2))];
                    }
                }, onFailure: () => rendered = false);
            }
        }
        else
        {
            return;
        }

        if (IsCronPath(destination))
        {
            if (!rendered || text is null)
            {
                return;
            }

            var open = OpenGates(gates, wholeFileGate, context);
            if (open is null)
            {
                return;
            }

            Tabs.Add(new DeployedTab(destination, isTemplate ? DeployMethod.Template : DeployMethod.Copy, text, location, source, lines, open, owner, mode?.Text) { Hosts = context.Host is null ? [] : [context.Host] });
        }
        else
        {
            Operations.Add(new FileOperation(destination, location, true, rendered ? text : null, true, owner, mode, false, context.Host));
        }
    }

    /// <summary>
    /// The gates a host cannot decide; null when the task's gate or the one wrapping the whole template is false for it
    /// (the tab is not on this host). An <c>{% if %}</c> around part of a template gates that part only: it stays a gate.
    /// </summary>
    private static List<string>? OpenGates(List<string> gates, string? wholeFileGate, Context context)
    {
        // The renderer decides the conditions it can, so a whole-template gate false on this host leaves nothing of the tab here.
        if (context.Host is not null && wholeFileGate is not null && Conditions.Evaluate(StripBraces(wholeFileGate), context.Variables) == false)
        {
            return null;
        }

        var open = new List<string>();
        foreach (var gate in gates.Distinct(StringComparer.Ordinal))
        {
            var decided = context.Host is null ? null : Conditions.Evaluate(StripBraces(gate), context.Variables);
            var wrapsTheTab = context.Gates.Contains(gate) || gate.Trim() == wholeFileGate;
            if (decided == false && wrapsTheTab)
            {
                return null;
            }

            if (decided is null || !wrapsTheTab)
            {
                open.Add(gate);
            }
        }

        return open;
    }

    /// <summary>The condition of an <c>{% if %}</c> that wraps the whole template (its only one), or null.</summary>
    private static string? WholeFileGate(string template)
    {
        var match = WholeFileIf().Match(template);
        return match.Success && !match.Groups["body"].Value.Contains("{%", StringComparison.Ordinal) ? match.Groups["condition"].Value.Trim() : null;
    }

    private void Touch(string path, YamlItem argumentsNode, SourceLocation location, Context context, string module)
    {
        var arguments = Arguments(argumentsNode);
        var destination = WithHome(Render(arguments.GetValueOrDefault("path") ?? arguments.GetValueOrDefault("dest"), context, location));
        if (destination is null)
        {
            return;
        }

        _unresolvedMatters |= UnresolvedMattersIn(destination);
        var owner = Render(arguments.GetValueOrDefault("owner"), context, location);
        var mode = Mode(arguments.GetValueOrDefault("mode"), path, context);
        var state = Render(arguments.GetValueOrDefault("state"), context, location) ?? "";
        if (LineModules.Contains(module) && IsCronPath(destination) && state != "absent" && Render(arguments.GetValueOrDefault("line"), context, location) is { } line)
        {
            var entry = CronFile(destination, location, context);
            entry.Text.Append(line).Append('\n');
            entry.Lines.Add(location);
            return;
        }

        if (FileModules.Contains(module))
        {
            if (state is "directory" or "link" or "hard")
            {
                return;
            }

            Operations.Add(new FileOperation(destination, location, false, null, false, owner, mode, state == "absent", context.Host));
            return;
        }

        string? added = null;
        if (LineModules.Contains(module))
        {
            added = Render(arguments.GetValueOrDefault("line"), context, location) is { } text ? text + "\n" : null;
        }
        else if (BlockModules.Contains(module))
        {
            added = Render(arguments.GetValueOrDefault("block"), context, location) is { } text ? text + "\n" : null;
        }
        else if (IniModules.Contains(module))
        {
            var section = Render(arguments.GetValueOrDefault("section"), context, location);
            var option = Render(arguments.GetValueOrDefault("option"), context, location);
            var value = Render(arguments.GetValueOrDefault("value"), context, location);
            added = option is null ? null : $"[{section}]\n{option}{(value is null ? "" : " = " + value)}\n";
        }

        Operations.Add(new FileOperation(destination, location, true, state == "absent" ? null : added, false, owner, mode, false, context.Host));
    }

    private void User(YamlItem argumentsNode, SourceLocation location, Context context)
    {
        var arguments = Arguments(argumentsNode);
        if (Render(arguments.GetValueOrDefault("name"), context, location) is { } name && Render(arguments.GetValueOrDefault("home"), context, location) is { } home && !home.Contains("{{", StringComparison.Ordinal))
        {
            Homes[name] = home.TrimEnd('/');
        }
    }

    private void CronJob(YamlItem argumentsNode, SourceLocation location, Context context)
    {
        var arguments = Arguments(argumentsNode);
        string Field(string name, string fallback) => Render(arguments.GetValueOrDefault(name), context, location) ?? fallback;
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
            Add(DiagnosticCatalog.CPL6005.Create(
                location,
                $"the cron module without cron_file puts '{name}' in {user}'s own crontab, not in /etc/cron.d: it is not where the lab (and anyone reading /etc/cron.d) looks for it",
                notes: [$"add cron_file: {Suggest(job)} to install it as /etc/cron.d/{Suggest(job)}"]));
        }

        var destination = cronFile.Length == 0 ? $"crontab of {user}" : cronFile.StartsWith('/') ? cronFile : "/etc/cron.d/" + cronFile;
        var entry = CronFile(destination, location, context);
        foreach (var gate in context.Gates.Where(g => !entry.Gates.Contains(g)))
        {
            entry.Gates.Add(gate);
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

    private CronFileBuilder CronFile(string destination, SourceLocation location, Context context)
    {
        if (!_cronFiles.TryGetValue((destination, context.Host), out var entry))
        {
            entry = new CronFileBuilder(location);
            _cronFiles[(destination, context.Host)] = entry;
        }

        return entry;
    }

    /// <summary>The mode as Ansible applies it; an unquoted <c>644</c> is the decimal integer 644, mode 01204 (CPL6003).</summary>
    private AppliedMode? Mode(YamlItem? node, string path, Context context)
    {
        if (node is not YamlText scalar || scalar.Value is null)
        {
            return null;
        }

        if (scalar.Value is long number)
        {
            var written = scalar.Text;
            if (scalar.IsPlain && written.Length > 0 && written.All(char.IsAsciiDigit) && written[0] != '0')
            {
                var applied = AppliedMode.FromInteger(number);
                Add(DiagnosticCatalog.CPL6003.Create(
                    Location(path, node),
                    $"mode: {written} is the decimal number {written}, which Ansible applies as mode {applied.Text}, not 0{written}",
                    $"mode: '0{written}'",
                    ["quote the mode and give its leading zero"]));
                return applied;
            }

            return AppliedMode.FromInteger(number); // YAML 1.1 octal (0600), as Ansible reads it
        }

        var text = Render(scalar, context, Location(path, node));
        return text is null || text.Contains("{{", StringComparison.Ordinal) ? new AppliedMode(text ?? scalar.Text, null) : AppliedMode.FromText(text);
    }

    private string? Resolve(string? role, string taskFile, string kind, string source)
    {
        if (Path.IsPathRooted(source))
        {
            return File.Exists(source) && source.StartsWith(root, StringComparison.Ordinal) ? source : null;
        }

        var here = Path.GetDirectoryName(taskFile)!;
        var candidates = new List<string>();
        if (role is not null)
        {
            candidates.AddRange([Path.Combine(role, kind, source), Path.Combine(role, source)]);
        }

        candidates.AddRange([Path.Combine(here, kind, source), Path.Combine(here, source), Path.Combine(here, "..", kind, source), Path.Combine(root, kind, source), Path.Combine(root, source)]);
        return candidates.FirstOrDefault(File.Exists);
    }

    private SourceLocation Location(string path, YamlItem node)
    {
        var length = Math.Max(1, (node as YamlText)?.Text.Length ?? 1);
        return new SourceLocation(Relative(path), node.Line, node.Column, node.Line, node.Column + length);
    }

    private string Relative(string path) => _files.Relative(path);

    private Dictionary<string, object?> VariablesIn(string path)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        Guard(path, "reading the variables", () =>
        {
            if (AnsibleYaml.Plain(Load(path)) is Dictionary<string, object?> found)
            {
                foreach (var (key, value) in found)
                {
                    values[key] = value;
                }
            }
        });
        return values;
    }

    /// <summary>A YAML file's first document, parsed once; null (with CPL6007 said once) when it does not parse.</summary>
    private YamlItem? Load(string path, bool quiet = false)
    {
        var full = Path.GetFullPath(path);
        if (_loaded.TryGetValue(full, out var known))
        {
            return known.Root;
        }

        _loaded[full] = (null, true);
        if (_files.ReadText(path, Diagnostics) is not { } text)
        {
            return null;
        }

        try
        {
            var duplicates = new List<DuplicateKey>();
            var node = AnsibleYaml.Load(text, duplicates);
            foreach (var duplicate in duplicates)
            {
                Add(DiagnosticCatalog.CPL6015.Create(
                    new SourceLocation(Relative(path), duplicate.Line, duplicate.Column, duplicate.Line, duplicate.Column + Math.Max(1, duplicate.Key.Length)),
                    $"'{duplicate.Key}' is given twice in one mapping (lines {duplicate.FirstLine} and {duplicate.Line}): Ansible keeps the value of line {duplicate.Line} and ignores the other",
                    notes: ["remove one of them"]));
            }

            _loaded[full] = (node, false);
            return node;
        }
        catch (YamlException e)
        {
            if (!quiet)
            {
                var line = (int)Math.Max(1, e.Start.Line);
                var column = (int)Math.Max(1, e.Start.Column);
                Add(DiagnosticCatalog.CPL6007.Create(
                    new SourceLocation(Relative(path), line, column, line, column + 1),
                    $"{Relative(path)} does not parse ({SafeYaml.Message(e)}): Ansible stops here, and nothing this file sets up is deployed"));
            }

            return null;
        }
    }

    /// <summary>
    /// Runs one stage of one file; an exception it did not expect becomes CPL9005 on the file (the stage and the
    /// exception's type, no stack trace), and the scan goes on with the rest.
    /// </summary>
    private void Guard(string path, string stage, Action work, Action? onFailure = null)
    {
        try
        {
            hooks?.BeforeStage?.Invoke(Relative(path), stage);
            work();
        }
#pragma warning disable CA1031 // The boundary: whatever one file does, the audit of the others goes on.
        catch (Exception e) when (e is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            onFailure?.Invoke();
            Add(Boundary.Failure(Relative(path), stage, e));
        }
    }

    internal static bool IsCronPath(string destination) =>
        destination.StartsWith("/etc/cron.d/", StringComparison.Ordinal) || destination == "/etc/crontab" || destination.StartsWith("/var/spool/cron/", StringComparison.Ordinal);

    [GeneratedRegex(@"(?<key>[A-Za-z_]+)=(?<value>""[^""]*""|'[^']*'|\S+)", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex KeyValue();

    [GeneratedRegex(@"\A\s*\{%-?\s*if\s+(?<condition>.+?)\s*-?%\}(?<body>.*)\{%-?\s*endif\s*-?%\}\s*\z", RegexOptions.Singleline, matchTimeoutMilliseconds: 1000)]
    private static partial Regex WholeFileIf();

    [GeneratedRegex(@"(?m)^\s*inventory\s*=\s*(?<path>\S+)", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex InventorySetting();
}

/// <summary>CPL9005: what one file's failure becomes; and when two findings are one.</summary>
internal static class Boundary
{
    /// <summary>Findings equal in ID, place, message, fix and notes are one finding, however many hosts or loop items produced them.</summary>
    public static string Identity(Diagnostic diagnostic) =>
        string.Join("\u0001", diagnostic.Id, diagnostic.Location.ToString(), diagnostic.Message, diagnostic.Fix ?? "", string.Join("\u0002", diagnostic.Notes));

    public static Diagnostic Failure(string file, string stage, Exception exception) =>
        DiagnosticCatalog.CPL9005.Create(
            new SourceLocation(file, 1, 1, 1, 2),
            $"CronPlan could not check {file}: {stage} failed ({exception.GetType().Name}); the rest of the repository is checked without it",
            notes: ["please report this file to CronPlan's maintainers"]);
}
