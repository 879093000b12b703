using CronPlan.Jobs;
using CronPlan.Text;
using YamlDotNet.Core;

namespace CronPlan.Repos;

/// <summary>
/// What a restore document runs in the repository: its scripts (by relative path) and the steps of its playbooks
/// (<c>ansible-playbook restore-mysql.yaml</c>): each play's pre-tasks, roles, tasks and post-tasks, through blocks,
/// <c>include_tasks</c>/<c>import_tasks</c>, <c>include_role</c>/<c>import_role</c> and <c>import_playbook</c>.
/// <c>shell</c>, <c>command</c>, <c>raw</c> and <c>script</c> tasks are read by the job model as the user they become;
/// the modules a restore uses are steps of their own: <c>mysql_db</c> with <c>state: import</c> (or <c>absent</c>),
/// <c>service</c>/<c>systemd</c> with <c>state: stopped</c>, <c>influxdb_database</c> with <c>state: absent</c>, and
/// <c>copy</c> with <c>remote_src</c>. Variables come from <c>group_vars/all</c>, the play's <c>vars</c> and the roles'
/// defaults and vars; what cannot be resolved stays as written.
/// </summary>
internal sealed class RestorePlaybook(string root)
{
    private const int MaxDepth = 16;

    private static readonly HashSet<string> TaskKeywords = new(StringComparer.Ordinal)
    {
        "name", "when", "become", "become_user", "become_method", "become_flags", "tags", "register", "loop", "loop_control", "vars", "args", "notify", "ignore_errors",
        "changed_when", "failed_when", "delegate_to", "delegate_facts", "environment", "no_log", "until", "retries", "delay", "run_once", "check_mode", "diff",
        "listen", "any_errors_fatal", "collections", "debugger", "throttle", "timeout", "connection", "remote_user", "module_defaults", "ignore_unreachable",
        "with_items", "with_list", "with_dict", "with_fileglob", "local_action", "async", "poll",
    };

    private readonly Dictionary<string, IReadOnlyList<BackupStep>?> _followed = new(StringComparer.Ordinal);
    private Dictionary<string, object?>? _globals;

    /// <summary>A file of the repository by relative path (no <c>..</c>, not absolute): its text, or null.</summary>
    public string? FindScript(string relative)
    {
        ArgumentNullException.ThrowIfNull(relative);
        var full = Inside(relative);
        return full is not null && File.Exists(full) ? SourceText.Read(full).Text : null;
    }

    /// <summary>The steps of the playbook at <paramref name="relative"/>, or null when it is not a readable playbook of the repository.</summary>
    public IReadOnlyList<BackupStep>? Follow(string relative)
    {
        ArgumentNullException.ThrowIfNull(relative);
        if (_followed.TryGetValue(relative, out var known))
        {
            return known;
        }

        _followed[relative] = null;
        var steps = new List<BackupStep>();
        var result = Playbook(relative, steps, 0) ? steps : null;
        _followed[relative] = result;
        return result;
    }

    private string? Inside(string relative)
    {
        var clean = relative.StartsWith("./", StringComparison.Ordinal) ? relative[2..] : relative;
        if (clean.Length == 0 || Path.IsPathRooted(clean) || clean.Split('/').Any(s => s == ".."))
        {
            return null;
        }

        return Path.Combine(root, clean);
    }

    private YamlItem? Load(string relative)
    {
        if (FindScript(relative) is not { } text)
        {
            return null;
        }

        try
        {
            return AnsibleYaml.Load(text, []);
        }
        catch (YamlException)
        {
            return null;
        }
    }

    private Dictionary<string, object?> Globals()
    {
        if (_globals is not null)
        {
            return _globals;
        }

        _globals = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var name in new[] { "group_vars/all.yaml", "group_vars/all.yml", "group_vars/all/main.yaml", "group_vars/all/main.yml", "group_vars/all/vars.yaml", "group_vars/all/vars.yml" })
        {
            Merge(_globals, Load(name));
        }

        return _globals;
    }

    private static void Merge(Dictionary<string, object?> into, YamlItem? node)
    {
        if (AnsibleYaml.Plain(node) is IDictionary<string, object?> values)
        {
            foreach (var (key, value) in values)
            {
                into[key] = value;
            }
        }
    }

    private bool Playbook(string relative, List<BackupStep> steps, int depth)
    {
        if (depth > MaxDepth || Load(relative) is not YamlList plays)
        {
            return false;
        }

        var directory = Path.GetDirectoryName(relative)?.Replace('\\', '/') ?? "";
        foreach (var play in plays.Items.OfType<YamlMap>())
        {
            if (play["import_playbook"] is YamlText { Value: string imported })
            {
                Playbook(Join(directory, imported), steps, depth + 1);
                continue;
            }

            var variables = new Dictionary<string, object?>(Globals(), StringComparer.Ordinal);
            Merge(variables, play["vars"]);
            var user = BecomeUser(play, null);
            Tasks(play["pre_tasks"], directory, relative, variables, user, steps, depth + 1);
            if (play["roles"] is YamlList roles)
            {
                foreach (var role in roles.Items)
                {
                    var name = role is YamlText { Value: string plain } ? plain : role is YamlMap map ? (map["role"] ?? map["name"]) is YamlText { Value: string named } ? named : null : null;
                    if (name is not null)
                    {
                        Role(name, directory, variables, role is YamlMap m ? BecomeUser(m, user) : user, steps, depth + 1);
                    }
                }
            }

            Tasks(play["tasks"], directory, relative, variables, user, steps, depth + 1);
            Tasks(play["post_tasks"], directory, relative, variables, user, steps, depth + 1);
        }

        return true;
    }

    private void Role(string name, string directory, Dictionary<string, object?> variables, string? user, List<BackupStep> steps, int depth)
    {
        foreach (var roles in new[] { Join(directory, "roles"), "roles" }.Distinct(StringComparer.Ordinal))
        {
            var roleDirectory = Join(roles, name);
            var main = new[] { "tasks/main.yaml", "tasks/main.yml" }.Select(f => Join(roleDirectory, f)).FirstOrDefault(f => FindScript(f) is not null);
            if (main is null)
            {
                continue;
            }

            var scoped = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var file in new[] { "defaults/main.yaml", "defaults/main.yml" })
            {
                Merge(scoped, Load(Join(roleDirectory, file)));
            }

            foreach (var (key, value) in variables)
            {
                scoped[key] = value;
            }

            foreach (var file in new[] { "vars/main.yaml", "vars/main.yml" })
            {
                Merge(scoped, Load(Join(roleDirectory, file)));
            }

            Tasks(Load(main), Join(roleDirectory, "tasks"), main, scoped, user, steps, depth + 1);
            return;
        }
    }

    private void Tasks(YamlItem? node, string directory, string file, Dictionary<string, object?> variables, string? user, List<BackupStep> steps, int depth)
    {
        if (depth > MaxDepth || node is not YamlList tasks)
        {
            return;
        }

        foreach (var task in tasks.Items.OfType<YamlMap>())
        {
            var become = BecomeUser(task, user);
            var scoped = variables;
            if (task["vars"] is YamlMap)
            {
                scoped = new Dictionary<string, object?>(variables, StringComparer.Ordinal);
                Merge(scoped, task["vars"]);
            }

            if (task["block"] is YamlList)
            {
                foreach (var part in new[] { "block", "rescue", "always" })
                {
                    Tasks(task[part], directory, file, scoped, become, steps, depth + 1);
                }

                continue;
            }

            var (module, value) = Module(task);
            if (module is null || value is null)
            {
                continue;
            }

            var arguments = Arguments(value, scoped);
            switch (module)
            {
                case "include_tasks" or "import_tasks":
                    var included = value is YamlText { Value: string path } ? Render(path, scoped) : arguments.GetValueOrDefault("file");
                    if (included is not null)
                    {
                        var target = Join(directory, included);
                        Tasks(Load(target), Path.GetDirectoryName(target)?.Replace('\\', '/') ?? "", target, scoped, become, steps, depth + 1);
                    }

                    break;
                case "include_role" or "import_role":
                    if (arguments.GetValueOrDefault("name") is { } role)
                    {
                        Role(role, RoleBase(directory), scoped, become, steps, depth + 1);
                    }

                    break;
                case "shell" or "command" or "raw":
                    var text = value is YamlText { Value: string free } ? Render(free, scoped) : arguments.GetValueOrDefault("cmd") ?? (value is YamlMap map && map["argv"] is YamlList argv ? string.Join(' ', argv.Items.OfType<YamlText>().Select(a => "'" + a.Text.Replace("'", "'\\''", StringComparison.Ordinal) + "'")) : null);
                    if (text is not null)
                    {
                        var chdir = (task["args"] is YamlMap args ? Arguments(args, scoped).GetValueOrDefault("chdir") : null) ?? arguments.GetValueOrDefault("chdir");
                        var first = value is YamlText { IsBlock: true } ? value.Line + 1 : value.Line;
                        Shell(text, chdir, become, file, first, $"{module}: ", steps);
                    }

                    break;
                case "script":
                    var call = value is YamlText { Value: string s } ? Render(s, scoped) : arguments.GetValueOrDefault("cmd");
                    var scriptName = call?.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
                    if (scriptName is not null)
                    {
                        var script = new[] { Join(Join(RoleOf(directory), "files"), scriptName), Join(directory, scriptName), Join(Join(directory, "files"), scriptName) }.FirstOrDefault(f => FindScript(f) is not null);
                        if (script is not null)
                        {
                            Shell(FindScript(script)!, null, become, script, 1, "", steps);
                        }
                    }

                    break;
                case "mysql_db" when arguments.GetValueOrDefault("state") is "import" or "absent":
                    var import = arguments["state"] == "import";
                    steps.Add(Step(import ? StepKind.Import : StepKind.Drop, "mysql_db", file, task, become, value) with
                    {
                        Input = import ? arguments.GetValueOrDefault("target") : null,
                        Name = arguments.GetValueOrDefault("name") ?? arguments.GetValueOrDefault("db"),
                    });
                    break;
                case "service" or "systemd" or "systemd_service" or "sysvinit" when arguments.GetValueOrDefault("state") == "stopped":
                    steps.Add(Step(StepKind.Stop, module, file, task, become, value) with { Name = arguments.GetValueOrDefault("name") });
                    break;
                case "influxdb_database" when arguments.GetValueOrDefault("state") == "absent":
                    steps.Add(Step(StepKind.Drop, module, file, task, become, value) with { Name = arguments.GetValueOrDefault("database_name") });
                    break;
                case "copy" when arguments.GetValueOrDefault("remote_src") is "True" or "true" or "yes" && arguments.GetValueOrDefault("src") is { } src && arguments.GetValueOrDefault("dest") is { } dest:
                    steps.Add(Step(StepKind.Copy, module, file, task, become, value) with { Source = src, Output = dest });
                    break;
            }
        }
    }

    /// <summary>A shell task's text read by the job model: each step placed at its line of the task.</summary>
    private static void Shell(string text, string? chdir, string? user, string file, int firstLine, string prefix, List<BackupStep> steps)
    {
        var lines = new List<string>();
        if (chdir is not null)
        {
            lines.Add("cd '" + chdir.Replace("'", "'\\''", StringComparison.Ordinal) + "'");
        }

        lines.Add(text);
        var read = RestoreProcedure.Read(lines, new CommandContext(User: user ?? "root"));
        var textLines = text.Split('\n');
        foreach (var step in read.Steps[^1])
        {
            var index = text.AsSpan(0, Math.Clamp(step.Offset, 0, text.Length)).Count('\n');
            var written = index < textLines.Length ? textLines[index].Trim() : text.Trim();
            steps.Add(step with { Script = file, ScriptLine = firstLine + index, Evidence = prefix + written });
        }
    }

    private static BackupStep Step(StepKind kind, string module, string file, YamlMap task, string? user, YamlItem value) =>
        new(kind, module, StepJoin.Sequence, 0, 0)
        {
            Script = file,
            ScriptLine = task.Line,
            User = user ?? "root",
            Evidence = module + ": " + Describe(value),
        };

    private static string Describe(YamlItem value) => value switch
    {
        YamlText text => text.Text,
        YamlMap map => string.Join(' ', map.Entries.Select(e => e.Key.Text + "=" + (e.Value is YamlText t ? t.Text : "..."))),
        _ => "",
    };

    /// <summary>The module a task runs (its short name: <c>community.mysql.mysql_db</c> is <c>mysql_db</c>) and its arguments.</summary>
    private static (string? Module, YamlItem? Value) Module(YamlMap task)
    {
        foreach (var (key, value) in task.Entries)
        {
            if (!TaskKeywords.Contains(key.Text))
            {
                var dot = key.Text.LastIndexOf('.');
                return (dot >= 0 ? key.Text[(dot + 1)..] : key.Text, value);
            }
        }

        return (null, null);
    }

    /// <summary>A module's arguments, rendered: a mapping, or the <c>key=value</c> form.</summary>
    private static Dictionary<string, string> Arguments(YamlItem value, Dictionary<string, object?> variables)
    {
        var arguments = new Dictionary<string, string>(StringComparer.Ordinal);
        if (value is YamlMap map)
        {
            foreach (var (key, item) in map.Entries)
            {
                if (item is YamlText { Value: { } scalar })
                {
                    arguments[key.Text] = scalar is string text ? Render(text, variables) : AnsibleYaml.Text(scalar);
                }
            }
        }
        else if (value is YamlText { Value: string free } && free.Contains('=', StringComparison.Ordinal))
        {
            foreach (var item in ShellSyntax.Read(free).SelectMany(i => i.Commands).SelectMany(c => c.Words))
            {
                var equals = item.Value.IndexOf('=', StringComparison.Ordinal);
                if (equals > 0)
                {
                    arguments[item.Value[..equals]] = Render(item.Value[(equals + 1)..].Replace(ShellSyntax.Literal, '$'), variables);
                }
            }
        }

        return arguments;
    }

    private static string Render(string text, Dictionary<string, object?> variables) =>
        text.Contains("{{", StringComparison.Ordinal) || text.Contains("{%", StringComparison.Ordinal) ? Jinja.RenderValue(text, variables, out _) : text;

    private static string? BecomeUser(YamlMap node, string? inherited) =>
        node["become_user"] is YamlText { Value: string user } ? user : node["become"] is YamlText { Value: true } && inherited is null ? "root" : inherited;

    private static string Join(string directory, string path)
    {
        var relative = path.StartsWith("./", StringComparison.Ordinal) ? path[2..] : path;
        return path.StartsWith('/') || directory.Length == 0 ? relative : directory.TrimEnd('/') + "/" + relative;
    }

    /// <summary>The role directory a tasks directory belongs to (<c>roles/x</c> for <c>roles/x/tasks</c>).</summary>
    private static string RoleOf(string directory) => directory.EndsWith("/tasks", StringComparison.Ordinal) ? directory[..^"/tasks".Length] : directory;

    /// <summary>Where the roles of a tasks file are looked up: beside the playbook, which is above <c>roles/</c>.</summary>
    private static string RoleBase(string directory)
    {
        var at = directory.IndexOf("roles/", StringComparison.Ordinal);
        return at < 0 ? directory : directory[..at].TrimEnd('/');
    }
}
