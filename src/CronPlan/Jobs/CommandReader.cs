using System.Globalization;
using System.Text.RegularExpressions;

namespace CronPlan.Jobs;

/// <summary>What a command is read with: who runs it, its environment, and the scripts the host has.</summary>
/// <param name="User">The user the command runs as (the cron line's); null when unknown.</param>
/// <param name="Environment">The variables cron sets for it (the tab's assignments above the line).</param>
/// <param name="Scripts">Scripts deployed to the host, by host path, with their text.</param>
/// <param name="Procedure">
/// The commands are a person's session, a restore procedure: downloads, imports, stops, drops and copies are steps too;
/// <c>sudo su - backup</c>, <c>sudo -i</c> and <c>exit</c> change the user of the commands after them; a script named
/// by a relative path is looked up in the current directory first.
/// </param>
/// <param name="FindScript">Scripts beyond <paramref name="Scripts"/> (a repository's files, by relative path): the text, or null.</param>
/// <param name="FollowPlaybook">The steps of <c>ansible-playbook FILE</c>, or null when the playbook cannot be read.</param>
internal sealed record CommandContext(
    string? User = null,
    IReadOnlyDictionary<string, string>? Environment = null,
    IReadOnlyDictionary<string, string>? Scripts = null,
    bool Procedure = false,
    Func<string, string?>? FindScript = null,
    Func<string, IReadOnlyList<BackupStep>?>? FollowPlaybook = null);

/// <summary>
/// Reads the backup steps of a shell command as the shell runs it: dumps, duplicity uploads and retention runs, in shell
/// order with how each is joined to the one before, through <c>sh -c</c>, <c>su -c</c>, <c>sudo -u</c>, wrappers such
/// as <c>nice</c> and <c>flock</c>, <c>cd</c>, variables, and the scripts the host has.
/// </summary>
internal static partial class CommandReader
{
    /// <summary>How deep <c>sh -c</c> strings and scripts may nest before the rest is read as one opaque step.</summary>
    public const int MaxDepth = 16;

    /// <summary>Which service a backup job is for (<c>mysql</c>, <c>influxdb</c>...), by its cron tab's name and its command; null when neither says.</summary>
    public static string? ServiceOf(string tabName, string command)
    {
        ArgumentNullException.ThrowIfNull(tabName);
        ArgumentNullException.ThrowIfNull(command);
        var text = (tabName + " " + command).ToLowerInvariant();
        return text.Contains("mysql", StringComparison.Ordinal) || text.Contains("mariadb", StringComparison.Ordinal) ? "mysql"
            : text.Contains("influx", StringComparison.Ordinal) ? "influxdb"
            : text.Contains("postgres", StringComparison.Ordinal) || text.Contains("pg_dump", StringComparison.Ordinal) ? "postgres"
            : text.Contains("mongo", StringComparison.Ordinal) ? "mongodb"
            : text.Contains("prometheus", StringComparison.Ordinal) ? "prometheus"
            : text.Contains("loki", StringComparison.Ordinal) ? "loki"
            : null;
    }

    /// <summary>The steps of <paramref name="command"/>; never throws, whatever the text.</summary>
    public static IReadOnlyList<BackupStep> Read(string command, CommandContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(command);
        context ??= new CommandContext();
        var reading = new Reading(context);
        reading.Text(command, 0, Origin.Line, StepJoin.First);
        return reading.Steps;
    }

    /// <summary>
    /// The steps of each of <paramref name="lines"/>, read one after the other as one session (variables, <c>cd</c> and
    /// the user carry over from line to line, but a quote left open ends with its line); offsets are within each line.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<BackupStep>> ReadProcedure(IReadOnlyList<string> lines, CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(context);
        var reading = new Reading(context with { Procedure = true, User = context.User ?? "root" });
        var result = new List<IReadOnlyList<BackupStep>>(lines.Count);
        foreach (var line in lines)
        {
            var before = reading.Steps.Count;
            reading.Text(line, 0, Origin.Line, StepJoin.First);
            result.Add(reading.Steps.GetRange(before, reading.Steps.Count - before));
        }

        return result;
    }

    /// <summary>The home directory assumed for a login: <c>/root</c> for root, else <c>/home/USER</c>.</summary>
    public static string HomeOf(string user) => user == "root" ? "/root" : "/home/" + user;

    /// <summary>
    /// Where a step read from nested text is reported: the call in the cron line, and the script line. <paramref name="Written"/>
    /// tells where a character of the text read is written in the cron command (from its first character to the end of its
    /// last, as an escape takes two): for the command itself, and an <c>sh -c</c> string in it; null in a script.
    /// </summary>
    private readonly record struct Origin(bool Nested, int CallOffset, int CallLength, string? Script, int ScriptLine, int[]? LineStarts, Func<int, (int Start, int End)>? Written)
    {
        public static Origin Line => new(false, 0, 0, null, 0, null, at => (at, at + 1));

        public (int Offset, int Length, string? Script, int Line) Place(int offset, int length) =>
            Nested ? (CallOffset, CallLength, Script, LineStarts is null ? ScriptLine : LineOf(LineStarts, offset)) : (offset, length, null, 0);

        /// <summary>
        /// The origin of text nested in <paramref name="command"/> (an <c>sh -c</c> string), the value of a word whose
        /// characters are <paramref name="word"/> in the text read (null: the text is not one word's value as written).
        /// </summary>
        public Origin Inside(ShellCommand command, IReadOnlyList<(int Start, int End)>? word)
        {
            var written = Written is { } outer && word is not null
                ? at => (outer(word[at].Start).Start, outer(word[at].End - 1).End)
                : (Func<int, (int Start, int End)>?)null;
            return Nested
                ? this with { ScriptLine = LineStarts is null ? ScriptLine : LineOf(LineStarts, command.Offset), LineStarts = null, Written = written }
                : new Origin(true, command.Offset, command.Length, null, 0, null, written);
        }

        /// <summary>The origin of a script's text called by <paramref name="command"/>.</summary>
        public Origin InScript(ShellCommand command, string path, string text) =>
            new(true, Nested ? CallOffset : command.Offset, Nested ? CallLength : command.Length, path, 0, LineStartsOf(text), null);

        /// <summary>Where a word of the text read stands in the cron command, or null.</summary>
        public WordSpan? Place(WordSpan? word)
        {
            if (word is not { Length: > 0 } w || Written is not { } written)
            {
                return null;
            }

            var (start, end) = (written(w.Offset).Start, written(w.End - 1).End);
            return new WordSpan(start, end - start);
        }

        private static int LineOf(int[] starts, int offset)
        {
            var index = Array.BinarySearch(starts, offset);
            return (index >= 0 ? index : ~index - 1) + 1;
        }

        private static int[] LineStartsOf(string text)
        {
            var starts = new List<int> { 0 };
            for (var i = 0; i < text.Length; i++)
            {
                if (text[i] == '\n')
                {
                    starts.Add(i + 1);
                }
            }

            return [.. starts];
        }
    }

    private sealed class Reading
    {
        private static readonly HashSet<string> Shells = new(StringComparer.Ordinal) { "sh", "bash", "dash", "ksh", "zsh" };
        private static readonly HashSet<string> PlainWrappers = new(StringComparer.Ordinal) { "nice", "ionice", "nohup", "exec", "chronic", "time", "command", "nocache", "stdbuf", "builtin" };
        private static readonly HashSet<string> WrapperValues = new(StringComparer.Ordinal) { "-n", "-c", "-p", "-t", "-i", "-o", "-e", "--adjustment", "--class", "--classdata" };
        private static readonly HashSet<string> SudoValues = new(StringComparer.Ordinal) { "-u", "-g", "-C", "-D", "-h", "-p", "-r", "-t", "-U", "-T" };
        private static readonly HashSet<string> TimeoutValues = new(StringComparer.Ordinal) { "-s", "-k", "--signal", "--kill-after" };
        private static readonly HashSet<string> FlockValues = new(StringComparer.Ordinal) { "-w", "-E", "--timeout", "--wait", "--conflict-exit-code" };

        private readonly IReadOnlyDictionary<string, string> _scripts;
        private static readonly HashSet<string> Decompressors = new(StringComparer.Ordinal) { "cat", "zcat", "gzcat", "gunzip", "gzip", "bzcat", "bunzip2", "xzcat", "unxz", "xz", "zstdcat", "pv" };
        private readonly HashSet<string> _openScripts = new(StringComparer.Ordinal);
        private readonly bool _procedure;
        private readonly Func<string, string?>? _findScript;
        private readonly Func<string, IReadOnlyList<BackupStep>?>? _followPlaybook;
        private readonly Dictionary<string, string> _foundScripts = new(StringComparer.Ordinal);
        private readonly Stack<(string? User, string? Directory)> _sessions = new();
        private bool _piped;
        private Dictionary<string, string> _variables;
        private string? _directory;
        private string? _user;
        private bool _errExit;

        public Reading(CommandContext context)
        {
            _scripts = context.Scripts ?? new Dictionary<string, string>();
            _procedure = context.Procedure;
            _findScript = context.FindScript;
            _followPlaybook = context.FollowPlaybook;
            _user = context.User;
            _variables = new Dictionary<string, string>(StringComparer.Ordinal) { ["PATH"] = "/usr/bin:/bin" };
            if (context.User is { } user)
            {
                _variables["HOME"] = HomeOf(user);
                _variables["LOGNAME"] = user;
                _variables["USER"] = user;
            }

            foreach (var (name, value) in context.Environment ?? new Dictionary<string, string>())
            {
                _variables[name] = value;
            }
        }

        public List<BackupStep> Steps { get; } = [];

        public void Text(string text, int depth, Origin origin, StepJoin firstJoin)
        {
            var scopes = new Stack<(string? Directory, Dictionary<string, string> Variables, bool ErrExit)>();
            var first = true;
            foreach (var item in ShellSyntax.Read(text))
            {
                var join = first ? firstJoin : _errExit && item.Join == StepJoin.Sequence ? StepJoin.And : item.Join;
                switch (item.Kind)
                {
                    case ShellItemKind.EnterSubshell:
                        scopes.Push((_directory, new Dictionary<string, string>(_variables, StringComparer.Ordinal), _errExit));
                        break;
                    case ShellItemKind.LeaveSubshell when scopes.Count > 0:
                        (_directory, _variables, _errExit) = scopes.Pop();
                        break;
                    case ShellItemKind.Pipeline:
                        var before = Steps.Count;
                        Pipeline(item, join, depth, origin);
                        first &= Steps.Count == before;
                        break;
                }
            }
        }

        private void Pipeline(ShellItem item, StepJoin join, int depth, Origin origin)
        {
            if (item.Commands.Count == 1)
            {
                Command(item.Commands[0], join, depth, origin, effects: true);
                return;
            }

            // Each part of a pipeline runs in its own subshell: one step for the whole, the first that does backup work.
            var before = Steps.Count;
            for (var c = 0; c < item.Commands.Count; c++)
            {
                _piped = c > 0;
                Command(item.Commands[c], join, depth, origin, effects: false);
            }

            _piped = false;
            var parts = Steps.GetRange(before, Steps.Count - before);
            Steps.RemoveRange(before, parts.Count);
            var chosen = parts.FirstOrDefault(s => s.Kind != StepKind.Other) ?? parts.FirstOrDefault();
            if (chosen is null)
            {
                return;
            }

            if (chosen is { Kind: StepKind.Dump, Output: null })
            {
                // mysqldump | gzip > /x.sql.gz: the dump is what the pipeline's end writes.
                var last = item.Commands[^1];
                var words = last.Words.Select(w => Expand(w.Value)).ToList();
                var written = words.Count > 1 && Path.GetFileName(words[0]) == "tee" ? words.Skip(1).FirstOrDefault(w => !w.StartsWith('-')) : null;
                written ??= last.Redirects.LastOrDefault(r => r.WritesStandardOutput && r.Target.Value != "/dev/null")?.Target.Value;
                chosen = chosen with { Output = written is null ? null : Resolve(Expand(written)) };
            }

            if (chosen is { Kind: StepKind.Import, Input: null } && UpstreamFile(item.Commands[0]) is { } upstream)
            {
                // zcat /restore/agama.sql.gz | mysql agama: the import reads what the pipeline's start reads.
                chosen = chosen with { Input = upstream };
            }

            var (offset, length, script, line) = origin.Place(item.Offset, item.Length);
            Steps.Add(chosen with { Join = join, Offset = offset, Length = length, Script = script, ScriptLine = line });
        }

        /// <summary>The file the first command of a pipeline reads (<c>cat FILE</c>, <c>gunzip -c FILE</c>, <c>&lt; FILE</c>), or null.</summary>
        private string? UpstreamFile(ShellCommand first)
        {
            var words = first.Words.Select(w => Expand(w.Value)).ToList();
            var program = words.Count > 0 ? Path.GetFileName(words[0]) : "";
            var file = Decompressors.Contains(program) ? words.Skip(1).FirstOrDefault(w => !w.StartsWith('-')) : null;
            file ??= first.Redirects.FirstOrDefault(r => r.Operator == "<")?.Target.Value;
            return file is null ? null : Resolve(Expand(file));
        }

        private void Command(ShellCommand command, StepJoin join, int depth, Origin origin, bool effects)
        {
            var words = command.Words.Select(w => Expand(w.Value)).ToList();
            var i = 0;
            while (i < words.Count && ShellSyntax.AssignedName(command.Words[i]) is not null)
            {
                i++;
            }

            if (i == words.Count)
            {
                if (effects)
                {
                    for (var a = 0; a < words.Count; a++)
                    {
                        var name = ShellSyntax.AssignedName(command.Words[a])!;
                        _variables[name] = words[a][(name.Length + 1)..];
                    }
                }

                return;
            }

            var user = _user;
            while (i < words.Count)
            {
                var name = Path.GetFileName(words[i]);
                if (PlainWrappers.Contains(name))
                {
                    i = SkipOptions(words, i + 1, WrapperValues);
                }
                else if (name == "timeout")
                {
                    i = SkipOptions(words, i + 1, TimeoutValues) + 1;
                }
                else if (name == "env")
                {
                    i = SkipOptions(words, i + 1, new HashSet<string>(StringComparer.Ordinal) { "-u", "-C", "--unset", "--chdir" });
                    while (i < words.Count && words[i].Contains('=', StringComparison.Ordinal) && !words[i].StartsWith('-'))
                    {
                        i++;
                    }
                }
                else if (name == "flock")
                {
                    var (next, nested) = Flock(words, i + 1);
                    if (nested is not null)
                    {
                        Nested(nested, command, join, depth, origin, user);
                        return;
                    }

                    i = next;
                }
                else if (name == "sudo")
                {
                    i = Sudo(words, i + 1, ref user, out var login);
                    if (_procedure && i >= words.Count && login is { } shell)
                    {
                        // sudo -i, sudo -iu backup, sudo -u backup -s: a shell as that user; what follows runs in it.
                        Switch(user, shell, command, join, origin);
                        return;
                    }
                }
                else if (name is "su" or "runuser")
                {
                    var nested = Su(words, i + 1, ref user);
                    if (nested is null && _procedure && name == "su")
                    {
                        Switch(user, words.Skip(i + 1).Any(w => w is "-" or "-l" or "--login"), command, join, origin);
                        return;
                    }

                    if (nested is null)
                    {
                        Add(new BackupStep(StepKind.Other, name, join, 0, 0), command, origin);
                    }
                    else
                    {
                        Nested(nested, command, join, depth, origin, user);
                    }

                    return;
                }
                else if (Shells.Contains(name))
                {
                    var (nested, script) = Shell(words, i + 1);
                    if (nested is not null)
                    {
                        Nested(nested, command, join, depth, origin, user);
                    }
                    else if (script is null && _procedure && !words.Skip(i + 1).Any(w => w.StartsWith('-') && w.Contains('c', StringComparison.Ordinal)))
                    {
                        Switch(user, words.Skip(i + 1).Contains("-l") || words.Skip(i + 1).Contains("--login"), command, join, origin);
                    }
                    else if (script is not null && ScriptPath(script, fromDirectory: true) is { } path)
                    {
                        RunScript(path, command, join, depth, origin, user, sourced: false);
                    }
                    else
                    {
                        Add(new BackupStep(StepKind.Other, name, join, 0, 0), command, origin);
                    }

                    return;
                }
                else if (name is "." or "source" && i + 1 < words.Count)
                {
                    if (ScriptPath(words[i + 1], fromDirectory: true) is { } path)
                    {
                        RunScript(path, command, join, depth, origin, user, sourced: true);
                    }
                    else
                    {
                        Add(new BackupStep(StepKind.Other, name, join, 0, 0), command, origin);
                    }

                    return;
                }
                else
                {
                    break;
                }
            }

            if (i >= words.Count)
            {
                Add(new BackupStep(StepKind.Other, "", join, 0, 0), command, origin);
                return;
            }

            var program = Path.GetFileName(words[i]);
            var arguments = words.Skip(i + 1).ToList();
            if (_procedure && program is "exit" or "logout")
            {
                (_user, _directory) = _sessions.Count > 0 ? _sessions.Pop() : (_user, _directory);
                Add(new BackupStep(StepKind.Other, program, join, 0, 0) { Session = true }, command, origin);
                return;
            }

            if (effects && Builtin(program, arguments))
            {
                Add(new BackupStep(StepKind.Other, program, join, 0, 0), command, origin);
                return;
            }

            if (words[i].Length > 0 && ScriptPath(words[i]) is { } called)
            {
                RunScript(called, command, join, depth, origin, user, sourced: false);
                return;
            }

            var stdout = command.Redirects.FirstOrDefault(r => r.WritesStandardOutput)?.Target.Value;
            var recognised = Recognise(program, arguments, stdout is null ? null : Resolve(Expand(stdout)), join, [.. command.Words.Skip(i + 1)]) with { ProgramWord = Span(command.Words[i]) };
            if (_procedure && recognised.Kind == StepKind.Other)
            {
                var stdin = command.Redirects.FirstOrDefault(r => r.Operator == "<")?.Target.Value;
                recognised = RecogniseProcedure(words[i], program, arguments, stdin is null ? null : Resolve(Expand(stdin)), join);
                if (recognised.Unfollowed is { } playbook && program == "ansible-playbook" && _followPlaybook?.Invoke(playbook) is { } tasks)
                {
                    var (offset, length, _, _) = origin.Place(command.Offset, command.Length);
                    foreach (var task in tasks)
                    {
                        Steps.Add(task with { Join = join, Offset = offset, Length = length });
                    }

                    return;
                }
            }

            Add(recognised with { User = user }, command, origin);
        }

        /// <summary>A shell as <paramref name="user"/> (<c>su - backup</c>, <c>sudo -i</c>): the commands after it run as that user, until <c>exit</c>.</summary>
        private void Switch(string? user, bool login, ShellCommand command, StepJoin join, Origin origin)
        {
            _sessions.Push((_user, _directory));
            _user = user ?? "root";
            if (login)
            {
                _directory = HomeOf(_user);
            }

            Add(new BackupStep(StepKind.Other, "su", join, 0, 0) { Session = true }, command, origin);
        }

        /// <summary>The restore side: downloads, imports, stops, drops, copies, playbooks.</summary>
        private BackupStep RecogniseProcedure(string word, string program, List<string> rest, string? stdin, StepJoin join)
        {
            var step = new BackupStep(StepKind.Other, program, join, 0, 0);
            var positional = rest.Where(a => !a.StartsWith('-')).ToList();
            var all = string.Join(' ', rest.Prepend(program));
            if (DroppedDatabase(all) is { } dropped && !(program is "mysql" or "mariadb" && (stdin is not null || _piped)))
            {
                return step with { Kind = StepKind.Drop, Name = dropped };
            }

            switch (program)
            {
                case "duplicity":
                    return DuplicityRestore(step, rest);
                case "mysql" or "mariadb":
                    var sourced = OptionValue(rest, "--execute", "-e") is { } sql && SourcedFile().Match(sql) is { Success: true } m ? m.Groups["file"].Value : null;
                    return stdin is not null || sourced is not null || _piped
                        ? step with { Kind = StepKind.Import, Input = stdin ?? (sourced is null ? null : Resolve(sourced)), Name = positional.FirstOrDefault() }
                        : step;
                case "influxd" when positional.FirstOrDefault() == "restore":
                    var offline = rest.Any(a => a.TrimStart('-') is "metadir" or "datadir" or "newdb" || a.TrimStart('-').StartsWith("newdb=", StringComparison.Ordinal));
                    var database = OptionValue(rest, "-database", "-db") ?? OptionValue(rest, "--database", null) ?? OptionValue(rest, "--db", null);
                    return step with { Kind = StepKind.Import, Input = positional.Count > 1 ? Resolve(positional[^1]) : stdin, Portable = rest.Contains("-portable") || rest.Contains("--portable"), Offline = offline, Name = database };
                case "influx" when positional.FirstOrDefault() == "restore":
                    return step with { Kind = StepKind.Import, Input = positional.Count > 1 ? Resolve(positional[^1]) : null, Portable = true };
                case "psql" when stdin is not null || OptionValue(rest, "--file", "-f") is not null || _piped:
                    return step with { Kind = StepKind.Import, Input = stdin ?? (OptionValue(rest, "--file", "-f") is { } f ? Resolve(f) : null) };
                case "pg_restore" or "mongorestore":
                    var input = OptionValue(rest, "--dir", null) ?? OptionValue(rest, "--archive", null) ?? (positional.Count > 0 ? positional[^1] : stdin);
                    return step with { Kind = StepKind.Import, Input = input is null ? null : Resolve(input) };
                case "service" when positional.Count >= 2 && positional[1] == "stop":
                    return step with { Kind = StepKind.Stop, Name = positional[0] };
                case "systemctl" when positional.Count >= 2 && (positional[0] is "stop" or "kill" || positional[0] is "disable" or "mask" && rest.Contains("--now")):
                    return step with { Kind = StepKind.Stop, Name = string.Join(' ', positional.Skip(1).Select(u => u.EndsWith(".service", StringComparison.Ordinal) ? u[..^".service".Length] : u)) };
                case "pkill" or "killall" when positional.Count > 0:
                    return step with { Kind = StepKind.Stop, Name = positional[^1] };
                case "cp" or "mv" or "rsync" or "install" when positional.Count >= 2 && !positional.Any(p => p.Contains(':', StringComparison.Ordinal)):
                    return step with { Kind = StepKind.Copy, Source = Resolve(positional[0]), Output = Resolve(positional[^1]) };
                case "ansible-playbook":
                    return step with { Unfollowed = positional.FirstOrDefault(p => p.EndsWith(".yml", StringComparison.Ordinal) || p.EndsWith(".yaml", StringComparison.Ordinal)) };
                default:
                    return word.StartsWith("/etc/init.d/", StringComparison.Ordinal) && positional.FirstOrDefault() == "stop" ? step with { Kind = StepKind.Stop, Name = program } : step;
            }
        }

        /// <summary><c>duplicity [options] restore URL DIR</c>, or <c>duplicity [options] URL DIR</c> (a URL first means restore).</summary>
        private BackupStep DuplicityRestore(BackupStep step, List<string> rest)
        {
            var positional = new List<string>();
            for (var i = 0; i < rest.Count; i++)
            {
                if (DuplicityValues.Contains(rest[i]))
                {
                    i++;
                }
                else if (!rest[i].StartsWith('-'))
                {
                    positional.Add(rest[i]);
                }
            }

            var (url, directory) = positional switch
            {
                ["restore", var u, var d, ..] => (u, d),
                [var u, var d] when u.Contains("://", StringComparison.Ordinal) && !d.Contains("://", StringComparison.Ordinal) => (u, d),
                _ => (null, null),
            };
            return url is null || directory is null
                ? step
                : step with { Kind = StepKind.Download, Target = DuplicityTarget.Parse(url), Output = Resolve(directory), Force = rest.Contains("--force") };
        }

        /// <summary><c>cd</c>, <c>set</c>, <c>export</c>: what they change for the commands after them.</summary>
        private bool Builtin(string program, List<string> arguments)
        {
            switch (program)
            {
                case "cd":
                    var target = arguments.FirstOrDefault(a => !a.StartsWith('-'));
                    _directory = target is null or "~" ? (_user is { } u ? HomeOf(u) : null) : Resolve(target);
                    return true;
                case "set":
                    for (var a = 0; a < arguments.Count; a++)
                    {
                        if (arguments[a] == "-o" && a + 1 < arguments.Count && arguments[a + 1] == "errexit"
                            || arguments[a].StartsWith('-') && !arguments[a].StartsWith("--", StringComparison.Ordinal) && arguments[a].Contains('e', StringComparison.Ordinal))
                        {
                            _errExit = true;
                        }
                        else if (arguments[a] == "+e")
                        {
                            _errExit = false;
                        }
                    }

                    return true;
                case "export" or "readonly" or "local" or "declare":
                    foreach (var argument in arguments)
                    {
                        var equals = argument.IndexOf('=', StringComparison.Ordinal);
                        if (equals > 0)
                        {
                            _variables[argument[..equals]] = argument[(equals + 1)..];
                        }
                    }

                    return true;
                default:
                    return false;
            }
        }

        private void Nested(string text, ShellCommand command, StepJoin join, int depth, Origin origin, string? user)
        {
            if (depth + 1 > MaxDepth)
            {
                Add(new BackupStep(StepKind.Other, "sh", join, 0, 0), command, origin);
                return;
            }

            var saved = _user;
            _user = user;
            Text(text, depth + 1, origin.Inside(command, WrittenAs(command, text)), join);
            _user = saved;
        }

        /// <summary>
        /// Where the characters of <paramref name="nested"/> are written, when it is the value of one of
        /// <paramref name="command"/>'s words as the shell reads it, no variable expanded; else null.
        /// </summary>
        private static IReadOnlyList<(int Start, int End)>? WrittenAs(ShellCommand command, string nested) =>
            command.Words.FirstOrDefault(w => w.Written.Count == nested.Length && w.Value.Replace(ShellSyntax.Literal, '$') == nested)?.Written;

        private static WordSpan Span(ShellWord word) => new(word.Offset, word.Length);

        private void RunScript(string path, ShellCommand command, StepJoin join, int depth, Origin origin, string? user, bool sourced)
        {
            if (depth + 1 > MaxDepth || !_openScripts.Add(path))
            {
                // Too deep, or a script that calls itself: one opaque step.
                Add(new BackupStep(StepKind.Other, Path.GetFileName(path), join, 0, 0), command, origin);
                return;
            }

            var text = _foundScripts.TryGetValue(path, out var found) ? found : _scripts[path];
            var saved = (_directory, _variables, _errExit, _user);
            if (!sourced)
            {
                // A script runs in a new shell: what it changes stays there; it starts without set -e unless its #! line says -e.
                _variables = new Dictionary<string, string>(_variables, StringComparer.Ordinal);
                var shebang = text.StartsWith("#!", StringComparison.Ordinal) ? text.Split('\n')[0] : "";
                _errExit = shebang.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Any(o => o.StartsWith('-') && o.Contains('e', StringComparison.Ordinal));
            }

            _user = user;
            var before = Steps.Count;
            Text(text, depth + 1, origin.InScript(command, path, text), join);
            if (Steps.Count == before)
            {
                Add(new BackupStep(StepKind.Other, Path.GetFileName(path), join, 0, 0), command, origin);
            }

            _user = saved._user;
            if (!sourced)
            {
                (_directory, _variables, _errExit) = (saved._directory, saved._variables, saved._errExit);
            }

            _openScripts.Remove(path);
        }

        private void Add(BackupStep step, ShellCommand command, Origin origin)
        {
            var (offset, length, script, line) = origin.Place(command.Offset, command.Length);
            Steps.Add(step with
            {
                Offset = offset,
                Length = length,
                Script = script,
                ScriptLine = line,
                User = step.User ?? (_procedure ? _user : null),
                ProgramWord = origin.Place(step.ProgramWord),
                ActionWord = origin.Place(step.ActionWord),
                TargetWord = origin.Place(step.TargetWord),
            });
        }

        /// <summary>The host path of a deployed script <paramref name="word"/> runs, or null.</summary>
        private string? ScriptPath(string word, bool fromDirectory = false)
        {
            if (_procedure && _findScript is not null && !word.Contains('$', StringComparison.Ordinal) && (fromDirectory || word.Contains('/', StringComparison.Ordinal)))
            {
                // A person runs a script of the repository from its checkout: ./restore.sh, bash scripts/restore.sh.
                var relative = word.StartsWith("./", StringComparison.Ordinal) ? word[2..] : word;
                if (_foundScripts.ContainsKey(relative) || (_findScript(relative) is { } text && _foundScripts.TryAdd(relative, text)))
                {
                    return relative;
                }
            }

            if (_scripts.Count == 0)
            {
                return null;
            }

            if (word.Contains('/', StringComparison.Ordinal))
            {
                var path = Resolve(word);
                return _scripts.ContainsKey(path) ? path : null;
            }

            var searchPath = _variables.TryGetValue("PATH", out var p) ? p : "/usr/bin:/bin";
            return searchPath.Split(':', StringSplitOptions.RemoveEmptyEntries).Select(d => d.TrimEnd('/') + "/" + word).FirstOrDefault(_scripts.ContainsKey);
        }

        private string Expand(string value) => ShellSyntax.Expand(value, _variables);

        /// <summary>A path as the shell finds it: <c>~</c> is the user's home, a relative path is under the <c>cd</c> directory.</summary>
        private string Resolve(string path)
        {
            if ((path == "~" || path.StartsWith("~/", StringComparison.Ordinal)) && _user is { } user)
            {
                return HomeOf(user) + path[1..];
            }

            if (path.StartsWith('/') || path.StartsWith('~') || path.Contains('$', StringComparison.Ordinal) || path.Contains('`', StringComparison.Ordinal) || _directory is null)
            {
                return path;
            }

            var relative = path.StartsWith("./", StringComparison.Ordinal) ? path[2..] : path;
            return relative.Length == 0 || relative == "." ? _directory : _directory.TrimEnd('/') + "/" + relative;
        }

        private static int SkipOptions(List<string> words, int i, HashSet<string> valued)
        {
            while (i < words.Count && words[i].StartsWith('-') && words[i] != "--")
            {
                i += valued.Contains(words[i]) ? 2 : 1;
            }

            return i < words.Count && words[i] == "--" ? i + 1 : i;
        }

        private static (int Next, string? Nested) Flock(List<string> words, int i)
        {
            var lockFile = false;
            while (i < words.Count)
            {
                var word = words[i];
                if (word is "-c" or "--command")
                {
                    return (words.Count, i + 1 < words.Count ? words[i + 1] : "");
                }

                if (word.StartsWith('-'))
                {
                    i += FlockValues.Contains(word) ? 2 : 1;
                }
                else if (!lockFile)
                {
                    lockFile = true;
                    i++;
                }
                else
                {
                    break;
                }
            }

            return (i, null);
        }

        /// <summary>
        /// <c>sudo [-u USER] [options] CMD...</c>: where the command starts; the user is root unless named.
        /// <paramref name="login"/>: <c>-i</c> (true) or <c>-s</c> (false) was given, null when neither.
        /// </summary>
        private static int Sudo(List<string> words, int i, ref string? user, out bool? login)
        {
            string? named = null;
            login = null;
            while (i < words.Count && words[i].StartsWith('-'))
            {
                var word = words[i];
                if (word == "--")
                {
                    i++;
                    break;
                }

                if (word is "--login" or "--shell")
                {
                    login = word == "--login";
                    i++;
                    continue;
                }

                if (word.StartsWith("--user=", StringComparison.Ordinal))
                {
                    named = word["--user=".Length..];
                    i++;
                    continue;
                }

                if (word.StartsWith("--", StringComparison.Ordinal))
                {
                    i++;
                    continue;
                }

                // A bundle of short options (-iu backup, -Hu backup): a letter that takes a value takes the rest, or the next word.
                var next = i + 1;
                for (var c = 1; c < word.Length; c++)
                {
                    var letter = word[c];
                    if (letter is 'i' or 's')
                    {
                        login = letter == 'i' || login == true;
                        continue;
                    }

                    if (SudoValues.Contains("-" + letter))
                    {
                        var value = c + 1 < word.Length ? word[(c + 1)..] : next < words.Count ? words[next++] : null;
                        if (letter == 'u')
                        {
                            named = value;
                        }

                        break;
                    }
                }

                i = next;
            }

            user = named ?? "root";
            return i;
        }

        /// <summary><c>su [-] [-l] [-s SHELL] USER -c 'CMD'</c>, <c>runuser -u USER -- CMD...</c>: the command string, or null.</summary>
        private static string? Su(List<string> words, int i, ref string? user)
        {
            string? command = null;
            var named = false;
            for (; i < words.Count; i++)
            {
                var word = words[i];
                if (word is "-c" or "--command" && i + 1 < words.Count)
                {
                    command = words[++i];
                }
                else if (word.StartsWith("--command=", StringComparison.Ordinal))
                {
                    command = word["--command=".Length..];
                }
                else if (word is "-s" or "--shell" or "-g" or "-G" or "--group")
                {
                    i++;
                }
                else if (word is "-u" or "--user" && i + 1 < words.Count)
                {
                    user = words[++i];
                    named = true;
                }
                else if (word == "--")
                {
                    // runuser -u USER -- CMD ARGS: the rest is the command.
                    return command ?? (i + 1 < words.Count ? string.Join(' ', words.Skip(i + 1).Select(Quote)) : null);
                }
                else if (!word.StartsWith('-') && !named)
                {
                    user = word;
                    named = true;
                }
            }

            if (!named)
            {
                user = "root";
            }

            return command;
        }

        /// <summary><c>sh [-e] -c 'CMD'</c> or <c>bash [-e] SCRIPT</c>.</summary>
        private static readonly HashSet<string> DuplicityValues = new(StringComparer.Ordinal)
        {
            "--encrypt-key", "--sign-key", "--archive-dir", "--name", "--volsize", "--exclude", "--include", "--tempdir", "--log-file", "--ssh-options",
            "--rsync-options", "--gpg-options", "--verbosity", "-v", "--time", "-t", "--restore-time", "--file-to-restore", "-r", "--full-if-older-than",
        };

        /// <summary>The database a <c>DROP DATABASE</c> in <paramref name="text"/> names, or null.</summary>
        private static string? DroppedDatabase(string text)
        {
            var match = DropDatabase().Match(text);
            return match.Success ? match.Groups["name"].Value.ToLowerInvariant() : null;
        }

        private static (string? Nested, string? Script) Shell(List<string> words, int i)
        {
            var command = false;
            for (; i < words.Count; i++)
            {
                var word = words[i];
                if (word == "-o" || word == "+o")
                {
                    i++;
                }
                else if (word.StartsWith('-') && word != "-" && word != "--")
                {
                    command |= !word.StartsWith("--", StringComparison.Ordinal) && word.Contains('c', StringComparison.Ordinal);
                }
                else if (word == "--")
                {
                    continue;
                }
                else
                {
                    return command ? (word, null) : (null, word);
                }
            }

            return (null, null);
        }

        private static string Quote(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

        /// <summary>What <paramref name="program"/> does with <paramref name="rest"/>, its arguments, written as <paramref name="written"/>.</summary>
        private BackupStep Recognise(string program, List<string> rest, string? stdout, StepJoin join, IReadOnlyList<ShellWord> written)
        {
            var positional = rest.Where(a => !a.StartsWith('-')).ToList();
            var step = new BackupStep(StepKind.Other, program, join, 0, 0);
            switch (program)
            {
                case "mysqldump" or "mariadb-dump" or "pg_dump" or "pg_dumpall" or "mongodump":
                    var output = stdout ?? OptionValue(rest, "--result-file", "-r") ?? OptionValue(rest, "--file", "-f") ?? OptionValue(rest, "--out", "-o") ?? OptionValue(rest, "--archive", null);
                    return step with
                    {
                        Kind = StepKind.Dump,
                        Output = output is null ? null : Resolve(output),
                        NoTablespaces = rest.Contains("--no-tablespaces") || rest.Contains("-y"),
                        DefaultsFile = OptionValue(rest, "--defaults-file", null) ?? OptionValue(rest, "--defaults-extra-file", null),
                    };
                case "influxd" when positional.FirstOrDefault() == "backup":
                    return step with { Kind = StepKind.Dump, Output = positional.Count > 1 ? Resolve(positional[^1]) : stdout, Portable = rest.Contains("-portable") || rest.Contains("--portable") };
                case "tar" when rest.Count > 0:
                    var file = OptionValue(rest, "--file", "-f") ?? TarBundledFile(rest);
                    return step with { Kind = StepKind.Dump, Output = file is null ? stdout : Resolve(file) };
                case "rsync" when positional.Count >= 2 && !positional[^1].Contains(':', StringComparison.Ordinal):
                    return step with { Kind = StepKind.Dump, Output = Resolve(positional[^1]) };
                case "duplicity":
                    return Duplicity(step, rest, written);
                case "rm" when rest.Any(a => a.StartsWith('-') && !a.StartsWith("--", StringComparison.Ordinal) && a.Contains('r', StringComparison.OrdinalIgnoreCase)) && positional.Count == 1:
                    var cleared = positional[0].EndsWith("/*", StringComparison.Ordinal) ? positional[0][..^2] : positional[0].TrimEnd('/');
                    return cleared.Length > 1 && !cleared.Contains('*', StringComparison.Ordinal) ? step with { Clears = Resolve(cleared) } : step;
                default:
                    return step;
            }
        }

        private BackupStep Duplicity(BackupStep step, List<string> rest, IReadOnlyList<ShellWord> written)
        {
            // The positional words by their index in rest, which is also their index in written.
            var at = new List<int>();
            int? fullIfOlder = null;
            for (var i = 0; i < rest.Count; i++)
            {
                var word = rest[i];
                if (word == "--full-if-older-than" && i + 1 < rest.Count)
                {
                    fullIfOlder = Days(rest[++i]);
                }
                else if (word.StartsWith("--full-if-older-than=", StringComparison.Ordinal))
                {
                    fullIfOlder = Days(word[(word.IndexOf('=', StringComparison.Ordinal) + 1)..]);
                }
                else if (word is "--encrypt-key" or "--sign-key" or "--archive-dir" or "--name" or "--volsize" or "--exclude" or "--include" or "--tempdir" or "--log-file" or "--ssh-options" or "--rsync-options" or "--gpg-options" or "--verbosity" or "-v" or "--time" or "-t" or "--file-to-restore")
                {
                    i++;
                }
                else if (!word.StartsWith('-'))
                {
                    at.Add(i);
                }
            }

            var positional = at.Select(i => rest[i]).ToList();
            WordSpan? Word(int index) => at[index] < written.Count ? Span(written[at[index]]) : null;
            var noEncryption = rest.Contains("--no-encryption");
            var force = rest.Contains("--force");
            var action = positional.FirstOrDefault();
            switch (action)
            {
                case "full" or "incremental" or "inc" or "backup" when positional.Count >= 3:
                    return step with
                    {
                        Kind = StepKind.Upload,
                        Action = action == "full" ? UploadAction.Full : action == "backup" ? UploadAction.Automatic : UploadAction.Incremental,
                        Source = Resolve(positional[1]),
                        Target = DuplicityTarget.Parse(positional[2]),
                        FullIfOlderThanDays = fullIfOlder,
                        NoEncryption = noEncryption,
                        ActionWord = Word(0),
                        TargetWord = Word(2),
                    };
                case "remove-older-than" or "remove-all-but-n-full" or "remove-all-inc-of-but-n-full" when positional.Count >= 3:
                    return step with { Kind = StepKind.Retention, RetentionAction = action, Target = DuplicityTarget.Parse(positional[2]), Force = force, ActionWord = Word(0), TargetWord = Word(2) };
                case "cleanup" when positional.Count >= 2:
                    return step with { Kind = StepKind.Retention, RetentionAction = action, Target = DuplicityTarget.Parse(positional[1]), Force = force, ActionWord = Word(0), TargetWord = Word(1) };
                case not null when positional.Count == 2 && !positional[0].Contains("://", StringComparison.Ordinal) && positional[1].Contains("://", StringComparison.Ordinal):
                    return step with { Kind = StepKind.Upload, Action = UploadAction.Automatic, Source = Resolve(positional[0]), Target = DuplicityTarget.Parse(positional[1]), FullIfOlderThanDays = fullIfOlder, NoEncryption = noEncryption, TargetWord = Word(1) };
                default:
                    return step;
            }
        }
    }

    /// <summary>
    /// duplicity's interval (<c>7D</c>, <c>2W</c>, <c>1M</c>, <c>1h30m</c>: s, m, h, D, W, M = 30 days, Y = 365 days) in
    /// whole days, at least one; null when it is not one.
    /// </summary>
    internal static int? Days(string text)
    {
        var total = 0.0;
        var number = "";
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                number += c;
                continue;
            }

            if (number.Length == 0 || number.Length > 9)
            {
                return null;
            }

            var value = double.Parse(number, CultureInfo.InvariantCulture);
            total += c switch
            {
                's' => value / 86400,
                'm' => value / 1440,
                'h' => value / 24,
                'D' => value,
                'W' => value * 7,
                'M' => value * 30,
                'Y' => value * 365,
                _ => double.NaN,
            };
            number = "";
        }

        return number.Length > 0 || double.IsNaN(total) || total <= 0 ? null : Math.Max(1, (int)Math.Ceiling(total));
    }

    private static string? OptionValue(List<string> words, string longName, string? shortName)
    {
        for (var i = 0; i < words.Count; i++)
        {
            if (words[i].StartsWith(longName + "=", StringComparison.Ordinal))
            {
                return words[i][(longName.Length + 1)..];
            }

            if ((words[i] == longName || (shortName is not null && words[i] == shortName)) && i + 1 < words.Count)
            {
                return words[i + 1];
            }

            if (shortName is not null && words[i].StartsWith(shortName, StringComparison.Ordinal) && words[i].Length > shortName.Length && shortName.Length == 2)
            {
                return words[i][2..];
            }
        }

        return null;
    }

    /// <summary><c>tar czf FILE</c>: the bundled letters end in f and the file is the next word.</summary>
    private static string? TarBundledFile(List<string> words)
    {
        for (var i = 0; i < words.Count - 1; i++)
        {
            var word = words[i].TrimStart('-');
            if (word.Length > 0 && word.All(char.IsAsciiLetter) && word.EndsWith('f'))
            {
                return words[i + 1];
            }
        }

        return null;
    }

    [GeneratedRegex(@"\bdrop\s+database\s+(?:if\s+exists\s+)?[`'""]?(?<name>[A-Za-z0-9_-]+)", RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 1000)]
    private static partial Regex DropDatabase();

    [GeneratedRegex(@"^\s*(?:source|\\\.)\s+(?<file>\S+?);?\s*$", RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 1000)]
    private static partial Regex SourcedFile();
}
