using System.Globalization;
using System.Text.RegularExpressions;
using CronPlan.Cron;
using CronPlan.Diagnostics;
using CronPlan.Text;
using CronPlan.Time;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CronPlan.Plans;

/// <summary>Reads a plan from YAML, collecting every problem with its position (CPL3001-CPL3005).</summary>
internal sealed partial class PlanReader
{
    private static readonly string[] TopKeys = ["version", "host", "user", "env", "window", "deploy", "backup_server", "one_upload_at_a_time", "encryption", "services"];
    private static readonly string[] HostKeys = ["zone", "cron"];
    private static readonly string[] WindowKeys = ["start", "deadline", "zone"];
    private static readonly string[] ServiceKeys = ["hosts", "dump", "upload", "retention", "rpo", "after"];
    private static readonly string[] DumpKeys = ["command", "takes"];
    private static readonly string[] UploadKeys = ["source", "target", "takes", "full", "encryption"];
    private static readonly string[] RetentionKeys = ["keep_full_chains", "older_than", "takes"];

    private readonly string? _path;
    private readonly List<Diagnostic> _diagnostics = [];

    private PlanReader(string? path) => _path = path;

    public static PlanLoadResult Read(string yaml, string? path)
    {
        var reader = new PlanReader(path);
        BackupPlan? plan;
        try
        {
            plan = reader.ReadPlan(yaml);
        }
        catch (RegexMatchTimeoutException)
        {
            reader._diagnostics.Add(DiagnosticCatalog.CPL3001.Create(new SourceLocation(path, 1, 1, 1, 2), "the plan took too long to read (a pattern's time limit): it is not compiled"));
            plan = null;
        }

        var diagnostics = Diagnostic.InReadingOrder(reader._diagnostics);
        return new PlanLoadResult(diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error) ? null : plan, diagnostics);
    }

    private BackupPlan? ReadPlan(string yaml)
    {
        YamlStream stream;
        try
        {
            stream = SafeYaml.Load(yaml);
        }
        catch (YamlException e)
        {
            var line = (int)Math.Max(1, e.Start.Line);
            var column = (int)Math.Max(1, e.Start.Column);
            _diagnostics.Add(DiagnosticCatalog.CPL3001.Create(new SourceLocation(_path, line, column, line, column + 1), "the plan is not valid YAML: " + SafeYaml.Message(e)));
            return null;
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            var at = stream.Documents.Count == 0 ? new SourceLocation(_path, 1, 1, 1, 1) : Location(stream.Documents[0].RootNode);
            _diagnostics.Add(DiagnosticCatalog.CPL3001.Create(at, "the plan must be a YAML mapping with at least 'version' and 'services'"));
            return null;
        }

        if (stream.Documents.Count > 1)
        {
            _diagnostics.Add(DiagnosticCatalog.CPL3001.Create(Location(stream.Documents[1].RootNode), "a plan file holds one YAML document; this second one is not read"));
        }

        var top = Mapping(root, TopKeys, "the plan");
        var plan = new BackupPlan { Path = _path };

        if (Required(root, top, "version", "the plan") is { } versionNode && Scalar(versionNode, "version") is { } version)
        {
            if (version != "1")
            {
                Add(DiagnosticCatalog.CPL3002, versionNode, $"version '{version}' is not known: this CronPlan reads version 1");
            }
        }

        if (top.TryGetValue("host", out var hostNode) && hostNode is YamlMappingNode host)
        {
            var keys = Mapping(host, HostKeys, "host");
            if (keys.TryGetValue("zone", out var zone) && Zone(zone) is { } hostZone)
            {
                plan = plan with { HostZone = hostZone };
            }

            if (keys.TryGetValue("cron", out var cron) && Scalar(cron, "host.cron") is { } dialect)
            {
                switch (dialect)
                {
                    case "debian":
                        break;
                    case "cronie":
                        plan = plan with { Dialect = CronDialect.Cronie };
                        break;
                    default:
                        Add(DiagnosticCatalog.CPL3002, cron, $"host.cron '{dialect}' is not a cron daemon CronPlan compiles for: use debian or cronie");
                        break;
                }
            }
        }
        else if (hostNode is not null)
        {
            WrongType(hostNode, "host", "a mapping (zone, cron)");
        }

        if (top.TryGetValue("user", out var userNode) && Scalar(userNode, "user") is { } user)
        {
            if (!UserName().IsMatch(user))
            {
                Add(DiagnosticCatalog.CPL3002, userNode, $"'{user}' is not a user name the daemon can look up");
            }

            plan = plan with { User = user };
        }
        else
        {
            plan = plan with { User = "root" };
        }

        if (top.TryGetValue("env", out var envNode))
        {
            plan = plan with { Environment = Environment(envNode) };
        }

        if (Required(root, top, "window", "the plan") is { } windowNode)
        {
            if (Window(windowNode) is { } window)
            {
                plan = plan with { Window = window };
            }
        }

        if (top.TryGetValue("deploy", out var deployNode) && Scalar(deployNode, "deploy") is { } deploy)
        {
            if (DateTimeOffset.TryParse(deploy, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var moment))
            {
                if (InputLimits.IsSupported(moment))
                {
                    plan = plan with { Deploy = moment };
                }
                else
                {
                    Add(DiagnosticCatalog.CPL3004, deployNode, $"deploy '{deploy}' is out of range: CronPlan analyses deployments in {InputLimits.SupportedYears}");
                }
            }
            else
            {
                Add(DiagnosticCatalog.CPL3004, deployNode, $"deploy '{deploy}' is not an ISO-8601 moment such as 2026-11-27T10:00:00Z");
            }
        }

        if (top.TryGetValue("backup_server", out var serverNode) && Scalar(serverNode, "backup_server") is { } server)
        {
            if (!server.Contains("://", StringComparison.Ordinal))
            {
                Add(DiagnosticCatalog.CPL3002, serverNode, $"backup_server '{server}' is not a URL duplicity reads, such as rsync://user@backup.example.org");
            }

            plan = plan with { BackupServer = server };
        }

        if (top.TryGetValue("one_upload_at_a_time", out var serialNode) && Boolean(serialNode, "one_upload_at_a_time") is { } serial)
        {
            plan = plan with { OneUploadAtATime = serial };
        }

        string? defaultEncryption = null;
        var hasDefaultEncryption = false;
        if (top.TryGetValue("encryption", out var encryptionNode) && Scalar(encryptionNode, "encryption") is { } encryption)
        {
            hasDefaultEncryption = true;
            defaultEncryption = encryption == "none" ? null : encryption;
        }

        if (Required(root, top, "services", "the plan") is { } servicesNode)
        {
            if (servicesNode is YamlMappingNode services && services.Children.Count > 0)
            {
                var list = new List<PlanService>();
                foreach (var (keyNode, serviceNode) in services.Children)
                {
                    if (keyNode is not YamlScalarNode { Value: { } name })
                    {
                        Add(DiagnosticCatalog.CPL3002, keyNode, "a service name must be a plain word");
                        continue;
                    }

                    if (!PlanValues.IsServiceName(name))
                    {
                        Add(DiagnosticCatalog.CPL3002, keyNode, $"service name '{name}' cannot name a cron tab: use letters, digits, '-' and '_'");
                        continue;
                    }

                    if (Service(name, keyNode, serviceNode, hasDefaultEncryption, defaultEncryption) is { } service)
                    {
                        list.Add(service);
                    }
                }

                plan = plan with { Services = list };
            }
            else
            {
                WrongType(servicesNode, "services", "a mapping of service names to their dump and upload");
            }
        }

        CheckReferences(plan, root);
        return plan;
    }

    private PlanService? Service(string name, YamlNode keyNode, YamlNode node, bool hasDefaultEncryption, string? defaultEncryption)
    {
        if (node is not YamlMappingNode mapping)
        {
            WrongType(node, $"services.{name}", "a mapping (dump, upload, retention, rpo)");
            return null;
        }

        var keys = Mapping(mapping, ServiceKeys, $"services.{name}");
        DumpStep? dump = null;
        if (keys.TryGetValue("dump", out var dumpNode))
        {
            if (dumpNode is YamlMappingNode dumpMap)
            {
                var dumpKeys = Mapping(dumpMap, DumpKeys, $"services.{name}.dump");
                var command = Required(dumpMap, dumpKeys, "command", $"services.{name}.dump") is { } c ? Scalar(c, "command") : null;
                var takes = Required(dumpMap, dumpKeys, "takes", $"services.{name}.dump") is { } t ? Duration(t, $"services.{name}.dump.takes") : null;
                if (command is not null && takes is not null)
                {
                    if (command.Contains('\n', StringComparison.Ordinal))
                    {
                        Add(DiagnosticCatalog.CPL3002, dumpKeys["command"], "a cron job's command is one line: join the steps with && or move them into a script");
                    }
                    else if (command.Trim().Length == 0)
                    {
                        Add(DiagnosticCatalog.CPL3003, dumpKeys["command"], $"services.{name}.dump.command is empty: a cron job needs a command");
                    }
                    else if (command.Trim().Length > Tabs.CronTabParser.MaxCommandLength)
                    {
                        Add(DiagnosticCatalog.CPL3002, dumpKeys["command"], string.Create(CultureInfo.InvariantCulture, $"services.{name}.dump.command is {command.Trim().Length} characters long: the daemon rejects a command longer than {Tabs.CronTabParser.MaxCommandLength}; move it into a script"));
                    }

                    dump = new DumpStep(command.Trim(), takes.Value, Location(dumpNode));
                }
            }
            else
            {
                WrongType(dumpNode, $"services.{name}.dump", "a mapping (command, takes)");
            }
        }

        UploadStep? upload = null;
        if (keys.TryGetValue("upload", out var uploadNode))
        {
            upload = Upload(name, uploadNode, hasDefaultEncryption, defaultEncryption);
        }

        RetentionStep? retention = null;
        if (keys.TryGetValue("retention", out var retentionNode))
        {
            retention = Retention(name, retentionNode);
        }

        TimeSpan? rpo = keys.TryGetValue("rpo", out var rpoNode) ? Duration(rpoNode, $"services.{name}.rpo") : null;
        var hosts = keys.TryGetValue("hosts", out var hostsNode) ? Words(hostsNode, $"services.{name}.hosts") : [];
        foreach (var host in hosts.Where(h => !PlanValues.IsHostName(h)))
        {
            Add(DiagnosticCatalog.CPL3002, hostsNode!, $"host '{host}' in services.{name}.hosts is not a host name (letters, digits, '-', '_' and inner dots): it names a directory under -o and the target URL, never a path");
        }

        var after = keys.TryGetValue("after", out var afterNode) ? Words(afterNode, $"services.{name}.after") : [];
        if (dump is null && upload is null && !keys.ContainsKey("dump") && !keys.ContainsKey("upload"))
        {
            Add(DiagnosticCatalog.CPL3003, keyNode, $"service '{name}' has neither a dump nor an upload: nothing to schedule");
        }

        return new PlanService(name, dump, upload, retention, rpo, hosts, after, Location(keyNode));
    }

    private UploadStep? Upload(string service, YamlNode node, bool hasDefaultEncryption, string? defaultEncryption)
    {
        var where = $"services.{service}.upload";
        if (node is not YamlMappingNode mapping)
        {
            WrongType(node, where, "a mapping (source, target, takes, full, encryption)");
            return null;
        }

        var keys = Mapping(mapping, UploadKeys, where);
        var source = Required(mapping, keys, "source", where) is { } s ? Scalar(s, "source") : null;
        var target = Required(mapping, keys, "target", where) is { } t ? Scalar(t, "target") : null;
        var takes = Required(mapping, keys, "takes", where) is { } d ? Duration(d, where + ".takes") : null;
        var full = FullBackupPolicy.Weekly(DayOfWeek.Sunday);
        if (keys.TryGetValue("full", out var fullNode) && Scalar(fullNode, "full") is { } fullText)
        {
            if (PlanValues.TryParseFullPolicy(fullText, out var policy))
            {
                full = policy;
            }
            else
            {
                Add(DiagnosticCatalog.CPL3004, fullNode, $"full '{fullText}' is not a cadence CronPlan reads: daily, weekly on sunday, every 14 days, if older than 7D");
            }
        }

        string? key = defaultEncryption;
        if (keys.TryGetValue("encryption", out var encryptionNode) && Scalar(encryptionNode, "encryption") is { } encryption)
        {
            key = encryption == "none" ? null : encryption;
        }
        else if (!hasDefaultEncryption)
        {
            Add(DiagnosticCatalog.CPL3003, node, $"{where} does not say how to encrypt: duplicity would ask for a passphrase cron cannot give. Write 'encryption: none' (or a GPG key id) here or at the top of the plan");
        }

        if (key is not null && !GpgKey().IsMatch(key))
        {
            Add(DiagnosticCatalog.CPL3004, encryptionNode ?? node, $"encryption '{key}' is neither 'none' nor a GPG key id (8 to 40 hex digits)");
        }

        if (target is not null && !PlanValues.IsTargetDirectory(target))
        {
            Add(DiagnosticCatalog.CPL3002, keys["target"], $"target '{target}' is not a directory under backup_server: write a relative path without '..' segments (or a whole URL)");
        }

        if (source is not null && !source.StartsWith('/'))
        {
            Add(DiagnosticCatalog.CPL3002, keys["source"], $"source '{source}' is not an absolute path: cron starts jobs in the user's home directory");
        }

        return source is null || target is null || takes is null ? null : new UploadStep(source, target, takes.Value, full, key, Location(node));
    }

    private RetentionStep? Retention(string service, YamlNode node)
    {
        var where = $"services.{service}.retention";
        if (node is not YamlMappingNode mapping)
        {
            WrongType(node, where, "a mapping (keep_full_chains or older_than, takes)");
            return null;
        }

        var keys = Mapping(mapping, RetentionKeys, where);
        int? keep = null;
        if (keys.TryGetValue("keep_full_chains", out var keepNode) && Scalar(keepNode, "keep_full_chains") is { } keepText)
        {
            if (int.TryParse(keepText, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 1000)
            {
                keep = n;
            }
            else
            {
                Add(DiagnosticCatalog.CPL3004, keepNode, $"keep_full_chains '{keepText}' is not a whole number from 1 to 1000");
            }
        }

        TimeSpan? olderThan = keys.TryGetValue("older_than", out var olderNode) ? Duration(olderNode, where + ".older_than") : null;
        var takes = keys.TryGetValue("takes", out var takesNode) ? Duration(takesNode, where + ".takes") : TimeSpan.FromMinutes(2);
        if (keepNode is null && olderNode is null)
        {
            Add(DiagnosticCatalog.CPL3003, node, $"{where} needs keep_full_chains or older_than");
            return null;
        }

        if (keepNode is not null && olderNode is not null)
        {
            Add(DiagnosticCatalog.CPL3002, olderNode, $"{where} has both keep_full_chains and older_than: choose one");
            return null;
        }

        return (keep is null && olderThan is null) || takes is null ? null : new RetentionStep(keep, olderThan, takes.Value, Location(node));
    }

    private PlanWindow? Window(YamlNode node)
    {
        if (node is not YamlMappingNode mapping)
        {
            WrongType(node, "window", "a mapping (start, deadline, zone)");
            return null;
        }

        var keys = Mapping(mapping, WindowKeys, "window");
        int? start = Required(mapping, keys, "start", "window") is { } s ? Clock(s, "window.start") : null;
        int? deadline = keys.TryGetValue("deadline", out var d) ? Clock(d, "window.deadline") : 60;
        var zone = keys.TryGetValue("zone", out var z) ? Zone(z) : TimeZoneInfo.Utc;
        if (start is null || deadline is null || zone is null)
        {
            return null;
        }

        if (start == NightClock.MinuteOfDay(deadline.Value))
        {
            Add(DiagnosticCatalog.CPL3004, d ?? node, "the window's start and deadline are the same time: the window is empty");
            return null;
        }

        return new PlanWindow(start.Value, NightClock.MinuteOfDay(deadline.Value), zone);
    }

    private List<KeyValuePair<string, string>> Environment(YamlNode node)
    {
        var result = new List<KeyValuePair<string, string>>();
        if (node is not YamlMappingNode mapping)
        {
            WrongType(node, "env", "a mapping of variable names to values");
            return result;
        }

        foreach (var (key, value) in mapping.Children)
        {
            if (key is not YamlScalarNode { Value: { } name })
            {
                Add(DiagnosticCatalog.CPL3002, key, "a key in env must be a plain word");
                continue;
            }

            if (!PlanValues.IsVariableName(name))
            {
                Add(DiagnosticCatalog.CPL3002, key, $"'{name}' is not a variable name the daemon reads (letters, digits and '_')");
                continue;
            }

            if (Scalar(value, "env." + name) is { } text)
            {
                if (text.Contains('\n', StringComparison.Ordinal))
                {
                    Add(DiagnosticCatalog.CPL3002, value, $"env.{name} spans lines: a cron tab assignment is one line");
                    continue;
                }

                result.Add(new(name, text));
            }
        }

        return result;
    }

    private void CheckReferences(BackupPlan plan, YamlMappingNode root)
    {
        var jobs = new HashSet<string>(StringComparer.Ordinal);
        foreach (var service in plan.Services)
        {
            jobs.Add(service.Name);
            if (service.Dump is not null)
            {
                jobs.Add(service.Name + ".dump");
            }

            if (service.Upload is not null)
            {
                jobs.Add(service.Name + ".upload");
            }

            if (service.Retention is not null)
            {
                jobs.Add(service.Name + ".retention");
            }
        }

        var servicesNode = root.Children.FirstOrDefault(p => p.Key is YamlScalarNode { Value: "services" }).Value as YamlMappingNode;
        YamlNode NodeOf(PlanService service) =>
            servicesNode?.Children.FirstOrDefault(p => p.Key is YamlScalarNode k && k.Value == service.Name).Value is YamlMappingNode m &&
            m.Children.FirstOrDefault(p => p.Key is YamlScalarNode { Value: "after" }).Value is { } after ? after : root;

        foreach (var service in plan.Services)
        {
            foreach (var reference in service.After)
            {
                if (!jobs.Contains(reference))
                {
                    var known = Suggest(reference, jobs);
                    Add(DiagnosticCatalog.CPL3005, NodeOf(service), $"services.{service.Name}.after names '{reference}', which is not a job of this plan{known}");
                }
            }
        }

        // A cycle through 'after': services that wait for each other never start.
        var byName = plan.Services.ToDictionary(s => s.Name, StringComparer.Ordinal);
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var service in plan.Services)
        {
            var path = new List<string>();
            if (FindCycle(service.Name, byName, state, path))
            {
                Add(DiagnosticCatalog.CPL3005, NodeOf(byName[path[^1]]), $"the services wait for each other in a circle: {string.Join(" -> ", path.AsEnumerable().Reverse())}: none of them can start");
                return;
            }
        }
    }

    private static bool FindCycle(string name, Dictionary<string, PlanService> services, Dictionary<string, int> state, List<string> path)
    {
        if (state.TryGetValue(name, out var mark))
        {
            if (mark == 1)
            {
                path.Add(name);
                return true;
            }

            return false;
        }

        state[name] = 1;
        foreach (var reference in services[name].After)
        {
            var target = reference.Split('.')[0];
            if (services.ContainsKey(target) && FindCycle(target, services, state, path))
            {
                path.Add(name);
                return true;
            }
        }

        state[name] = 2;
        return false;
    }

    private Dictionary<string, YamlNode> Mapping(YamlMappingNode mapping, string[] allowed, string where)
    {
        var result = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in mapping.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key })
            {
                Add(DiagnosticCatalog.CPL3002, keyNode, $"a key in {where} must be a plain word");
                continue;
            }

            if (!allowed.Contains(key))
            {
                Add(DiagnosticCatalog.CPL3002, keyNode, $"unknown key '{key}' in {where}{Suggest(key, allowed)}");
                continue;
            }

            result[key] = value;
        }

        return result;
    }

    private YamlNode? Required(YamlMappingNode mapping, Dictionary<string, YamlNode> keys, string key, string where)
    {
        if (keys.TryGetValue(key, out var node))
        {
            return node;
        }

        Add(DiagnosticCatalog.CPL3003, mapping, $"{where} needs '{key}'");
        return null;
    }

    private string? Scalar(YamlNode node, string what)
    {
        if (node is YamlScalarNode scalar)
        {
            return scalar.Value ?? "";
        }

        WrongType(node, what, "a single value");
        return null;
    }

    private bool? Boolean(YamlNode node, string what) => Scalar(node, what) switch
    {
        null => null,
        "true" or "yes" => true,
        "false" or "no" => false,
        var other => WrongValue(node, $"{what} is '{other}': write true or false"),
    };

    private bool? WrongValue(YamlNode node, string message)
    {
        Add(DiagnosticCatalog.CPL3002, node, message);
        return null;
    }

    private List<string> Words(YamlNode node, string what)
    {
        if (node is YamlScalarNode { Value: { } single })
        {
            return [single];
        }

        if (node is YamlSequenceNode sequence)
        {
            return sequence.Children.Select(c => Scalar(c, what)).OfType<string>().ToList();
        }

        WrongType(node, what, "a list of names");
        return [];
    }

    private TimeSpan? Duration(YamlNode node, string what)
    {
        if (Scalar(node, what) is not { } text)
        {
            return null;
        }

        if (PlanValues.TryParseDuration(text, out var duration) && duration > TimeSpan.Zero)
        {
            var (longest, why) = what.EndsWith(".takes", StringComparison.Ordinal)
                ? (InputLimits.LongestStep, "a step that runs longer than a week cannot run every night")
                : (InputLimits.LongestDuration, "CronPlan reads durations up to ten years");
            if (duration > longest)
            {
                Add(DiagnosticCatalog.CPL3004, node, $"{what} '{text}' is out of range: at most {PlanValues.FormatDuration(longest)}; {why}");
                return null;
            }

            return duration;
        }

        Add(DiagnosticCatalog.CPL3004, node, $"{what} '{text}' is not a duration: write it like 90s, 5m, 1h30m or 7D");
        return null;
    }

    private int? Clock(YamlNode node, string what)
    {
        if (Scalar(node, what) is not { } text)
        {
            return null;
        }

        if (PlanValues.TryParseClock(text, out var minute))
        {
            return minute;
        }

        Add(DiagnosticCatalog.CPL3004, node, $"{what} '{text}' is not a clock time: write it as HH:MM in 24 hours, such as \"22:00\"");
        return null;
    }

    private TimeZoneInfo? Zone(YamlNode node)
    {
        if (Scalar(node, "zone") is not { } name)
        {
            return null;
        }

        if (PlanValues.TryFindZone(name, out var zone))
        {
            return zone;
        }

        Add(DiagnosticCatalog.CPL3004, node, $"'{name}' is not an IANA time zone name such as UTC or Europe/Tallinn");
        return null;
    }

    private void WrongType(YamlNode node, string what, string expected) =>
        Add(DiagnosticCatalog.CPL3002, node, $"{what} must be {expected}");

    private void Add(DiagnosticDescriptor descriptor, YamlNode node, string message) =>
        _diagnostics.Add(descriptor.Create(Location(node), message));

    private SourceLocation Location(YamlNode node)
    {
        var line = (int)Math.Max(1, node.Start.Line);
        var column = (int)Math.Max(1, node.Start.Column);
        var endLine = (int)Math.Max(line, node.End.Line);
        var endColumn = endLine == line ? (int)Math.Max(column + 1, node.End.Column) : (int)Math.Max(1, node.End.Column);
        return new SourceLocation(_path, line, column, endLine, endColumn);
    }

    /// <summary>", did you mean 'x'?" for the closest known word within two edits, or nothing.</summary>
    internal static string Suggest(string word, IEnumerable<string> known)
    {
        var best = known
            .Select(k => (Key: k, Distance: EditDistance(word.ToLowerInvariant(), k.ToLowerInvariant())))
            .Where(p => p.Distance <= Math.Max(2, word.Length / 3))
            .OrderBy(p => p.Distance).ThenBy(p => p.Key, StringComparer.Ordinal)
            .FirstOrDefault();
        return best.Key is null ? "" : $", did you mean '{best.Key}'?";
    }

    private static int EditDistance(string a, string b)
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

    [GeneratedRegex("^[a-z_][a-z0-9_.-]*$", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex UserName();

    [GeneratedRegex("^(0x)?[0-9A-Fa-f]{8,40}$", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex GpgKey();
}
