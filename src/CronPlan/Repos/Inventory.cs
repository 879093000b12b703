using System.Text.RegularExpressions;

namespace CronPlan.Repos;

/// <summary>
/// The hosts and groups of a repository's inventory (INI or YAML form, <c>[group:children]</c>, <c>[group:vars]</c>,
/// inline host variables) and what each host sees: <c>inventory_hostname</c>, <c>groups</c>, <c>group_names</c> and
/// its variables from the inventory, <c>group_vars/</c> and <c>host_vars/</c>.
/// </summary>
internal sealed partial class Inventory
{
    public static readonly string[] FileNames = ["hosts", "inventory", "inventory.ini", "hosts.ini", "inventory.yaml", "inventory.yml", "hosts.yaml", "hosts.yml"];

    private const int MaxGroupDepth = 32;

    private readonly Dictionary<string, HashSet<string>> _hostsOf = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _children = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, object?>> _groupVars = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, object?>> _hostVars = new(StringComparer.Ordinal);
    private readonly List<string> _hosts = [];

    /// <summary>Every host, in the order the inventory names them.</summary>
    public IReadOnlyList<string> Hosts => _hosts;

    public bool IsEmpty => _hosts.Count == 0;

    /// <summary>Reads the INI form.</summary>
    public void ReadIni(string text)
    {
        var section = "ungrouped";
        var kind = "hosts";
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
            {
                continue;
            }

            if (line[0] == '[' && line.EndsWith(']'))
            {
                var name = line[1..^1].Trim();
                var colon = name.IndexOf(':', StringComparison.Ordinal);
                (section, kind) = colon < 0 ? (name, "hosts") : (name[..colon], name[(colon + 1)..]);
                Group(section);
                continue;
            }

            var words = Words().Matches(line).Select(m => m.Value).ToList();
            switch (kind)
            {
                case "children":
                    Group(words[0]);
                    Group(section).Add(words[0]);
                    break;
                case "vars":
                    if (KeyValue(line) is { } pair)
                    {
                        GroupVariables(section)[pair.Key] = pair.Value;
                    }

                    break;
                default:
                    foreach (var host in Expand(words[0]))
                    {
                        AddHost(host, section);
                        foreach (var word in words.Skip(1))
                        {
                            if (KeyValue(word) is { } variable)
                            {
                                HostVariables(host)[variable.Key] = variable.Value;
                            }
                        }
                    }

                    break;
            }
        }
    }

    /// <summary>Reads the YAML form: <c>all: {hosts, children, vars}</c>, nested.</summary>
    public void ReadYaml(object? root)
    {
        if (root is not Dictionary<string, object?> top)
        {
            return;
        }

        foreach (var (name, body) in top)
        {
            ReadYamlGroup(name, body, 0);
        }
    }

    private void ReadYamlGroup(string name, object? body, int depth)
    {
        Group(name);
        if (body is not Dictionary<string, object?> group || depth > MaxGroupDepth)
        {
            return;
        }

        if (group.GetValueOrDefault("hosts") is Dictionary<string, object?> hosts)
        {
            foreach (var (host, variables) in hosts)
            {
                foreach (var expanded in Expand(host))
                {
                    AddHost(expanded, name);
                    if (variables is Dictionary<string, object?> values)
                    {
                        foreach (var (key, value) in values)
                        {
                            HostVariables(expanded)[key] = value;
                        }
                    }
                }
            }
        }

        if (group.GetValueOrDefault("vars") is Dictionary<string, object?> vars)
        {
            foreach (var (key, value) in vars)
            {
                GroupVariables(name)[key] = value;
            }
        }

        if (group.GetValueOrDefault("children") is Dictionary<string, object?> children)
        {
            foreach (var (child, childBody) in children)
            {
                if (child != name)
                {
                    Group(name).Add(child);
                }

                ReadYamlGroup(child, childBody, depth + 1);
            }
        }
    }

    private HashSet<string> Group(string name)
    {
        if (!_children.TryGetValue(name, out var children))
        {
            children = new HashSet<string>(StringComparer.Ordinal);
            _children[name] = children;
            _hostsOf[name] = new HashSet<string>(StringComparer.Ordinal);
        }

        return children;
    }

    private void AddHost(string host, string group)
    {
        Group(group);
        _hostsOf[group].Add(host);
        if (!_hosts.Contains(host))
        {
            _hosts.Add(host);
        }
    }

    private Dictionary<string, object?> GroupVariables(string group) => Table(_groupVars, group);

    private Dictionary<string, object?> HostVariables(string host) => Table(_hostVars, host);

    private static Dictionary<string, object?> Table(Dictionary<string, Dictionary<string, object?>> tables, string name)
    {
        if (!tables.TryGetValue(name, out var table))
        {
            table = new Dictionary<string, object?>(StringComparer.Ordinal);
            tables[name] = table;
        }

        return table;
    }

    /// <summary>The hosts of a group, its children's included.</summary>
    public IReadOnlyList<string> Members(string group)
    {
        if (group is "all" or "*")
        {
            return _hosts;
        }

        var found = new HashSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>();
        pending.Push(group);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            if (!seen.Add(current) || !_hostsOf.TryGetValue(current, out var hosts))
            {
                continue;
            }

            found.UnionWith(hosts);
            foreach (var child in _children[current])
            {
                pending.Push(child);
            }
        }

        return [.. _hosts.Where(found.Contains)];
    }

    /// <summary>The groups a host is in (its parents' too), <c>all</c> and <c>ungrouped</c> left out, sorted as Ansible sorts <c>group_names</c>.</summary>
    public IReadOnlyList<string> GroupsOf(string host) =>
        [.. _children.Keys.Where(g => g is not "all" and not "ungrouped" && Members(g).Contains(host)).Order(StringComparer.Ordinal)];

    /// <summary>
    /// The hosts a play's <c>hosts:</c> pattern selects (<c>all</c>, groups, hosts, <c>a:b</c>, <c>a,b</c>, <c>!a</c>,
    /// <c>&amp;a</c>, <c>*</c> wildcards); null when a part names nothing the inventory knows (the play cannot be placed).
    /// </summary>
    public IReadOnlyList<string>? Match(string pattern)
    {
        var selected = new List<string>();
        var any = false;
        foreach (var raw in pattern.Split([':', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var exclude = raw.StartsWith('!');
            var intersect = raw.StartsWith('&');
            var name = raw.TrimStart('!', '&');
            IReadOnlyList<string> hosts;
            if (name is "all" or "*")
            {
                hosts = _hosts;
            }
            else if (_children.ContainsKey(name))
            {
                hosts = Members(name);
            }
            else if (_hosts.Contains(name))
            {
                hosts = [name];
            }
            else if (name.Contains('*', StringComparison.Ordinal))
            {
                var wildcard = new Regex("^" + Regex.Escape(name).Replace("\\*", ".*", StringComparison.Ordinal) + "$", RegexOptions.None, TimeSpan.FromSeconds(1));
                hosts = [.. _hosts.Where(h => wildcard.IsMatch(h) || _children.Keys.Any(g => wildcard.IsMatch(g) && Members(g).Contains(h)))];
            }
            else
            {
                return null;
            }

            if (exclude)
            {
                selected.RemoveAll(hosts.Contains);
            }
            else if (intersect)
            {
                selected.RemoveAll(h => !hosts.Contains(h));
            }
            else
            {
                any = true;
                selected.AddRange(hosts.Where(h => !selected.Contains(h)));
            }
        }

        return any ? selected : null;
    }

    /// <summary>
    /// A host's variables, lowest precedence first: inventory <c>all</c> vars, <c>group_vars/all</c>, each group's
    /// inventory vars and <c>group_vars/&lt;group&gt;</c> (parents before children, then by name), inventory host vars,
    /// <c>host_vars/&lt;host&gt;</c>; then the magic variables.
    /// </summary>
    public Dictionary<string, object?> VariablesOf(string host, IReadOnlyDictionary<string, IReadOnlyDictionary<string, object?>> groupFiles, IReadOnlyDictionary<string, IReadOnlyDictionary<string, object?>> hostFiles)
    {
        var variables = new Dictionary<string, object?>(StringComparer.Ordinal);
        void Layer(IReadOnlyDictionary<string, object?>? values)
        {
            foreach (var (key, value) in values ?? new Dictionary<string, object?>())
            {
                variables[key] = value;
            }
        }

        Layer(_groupVars.GetValueOrDefault("all"));
        Layer(groupFiles.GetValueOrDefault("all"));
        foreach (var group in GroupsOf(host).OrderBy(Depth).ThenBy(g => g, StringComparer.Ordinal))
        {
            Layer(_groupVars.GetValueOrDefault(group));
            Layer(groupFiles.GetValueOrDefault(group));
        }

        Layer(_hostVars.GetValueOrDefault(host));
        Layer(hostFiles.GetValueOrDefault(host));
        variables["inventory_hostname"] = host;
        variables["inventory_hostname_short"] = host.Split('.')[0];
        variables["group_names"] = GroupsOf(host).Cast<object?>().ToList();
        variables["groups"] = GroupsTable();
        return variables;
    }

    /// <summary>The <c>groups</c> magic variable: each group's hosts, <c>all</c> included.</summary>
    public Dictionary<string, object?> GroupsTable()
    {
        var groups = new Dictionary<string, object?>(StringComparer.Ordinal) { ["all"] = _hosts.Cast<object?>().ToList() };
        foreach (var group in _children.Keys)
        {
            groups[group] = Members(group).Cast<object?>().ToList();
        }

        return groups;
    }

    private int Depth(string group)
    {
        var depth = 0;
        var current = new List<string> { group };
        while (depth < MaxGroupDepth)
        {
            var parents = _children.Where(p => p.Value.Overlaps(current)).Select(p => p.Key).ToList();
            if (parents.Count == 0)
            {
                break;
            }

            depth++;
            current = parents;
        }

        return depth;
    }

    /// <summary><c>db[01:03].lab</c> is db01.lab, db02.lab and db03.lab.</summary>
    private static IEnumerable<string> Expand(string host)
    {
        var match = HostRange().Match(host);
        if (!match.Success)
        {
            return [host];
        }

        var from = match.Groups["from"].Value;
        var to = match.Groups["to"].Value;
        if (!int.TryParse(from, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var start) || !int.TryParse(to, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var end) || end < start || end - start > 1000)
        {
            return [host];
        }

        return Enumerable.Range(start, end - start + 1).Select(n => host[..match.Index] + n.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(from.Length, '0') + host[(match.Index + match.Length)..]);
    }

    private static (string Key, object? Value)? KeyValue(string text)
    {
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            return null;
        }

        var value = text[(equals + 1)..].Trim();
        if (value.Length >= 2 && value[0] is '"' or '\'' && value[^1] == value[0])
        {
            return (text[..equals].Trim(), value[1..^1]);
        }

        return (text[..equals].Trim(), AnsibleYaml.Resolve(value));
    }

    [GeneratedRegex(@"""[^""]*""|'[^']*'|(?:[^\s""']|""[^""]*""|'[^']*')+", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Words();

    [GeneratedRegex(@"\[(?<from>[0-9]{1,6}):(?<to>[0-9]{1,6})\]", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex HostRange();
}
