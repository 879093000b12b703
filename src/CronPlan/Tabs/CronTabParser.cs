using System.Globalization;
using System.Text;
using CronPlan.Cron;
using CronPlan.Diagnostics;

namespace CronPlan.Tabs;

/// <summary>
/// Reads cron tab lines the way Debian's <c>load_env</c> and <c>load_entry</c> do: a line is an environment
/// assignment when the assignment grammar accepts it, otherwise a job; comments and blank lines are skipped.
/// </summary>
internal static class CronTabParser
{
    // MAX_COMMAND is 1000 including the line feed and the terminating NUL.
    public const int MaxCommandLength = 998;

    // Measured on the daemon: a job or assignment on line 10,004 or later makes it ignore the whole file; comments and
    // blank lines after that are harmless.
    public const int LastReadableLine = 10_003;

    // MAX_ENVSTR is 1000: an assignment line of 998 characters or more is cut and misread.
    public const int MaxEnvironmentLineLength = 998;

    public static CronTab Parse(string text, CronTabOptions options, string? path)
    {
        var lines = new List<CronTabLine>(text.AsSpan().Count('\n') + 1);
        var jobs = new List<CronJob>();
        var environment = new Environment();
        var endsWithNewline = text.Length == 0 || text[^1] == '\n';
        var start = 0;
        var number = 0;
        while (start < text.Length)
        {
            var end = text.IndexOf('\n', start);
            var isLast = end < 0;
            var lineText = isLast ? text[start..] : text[start..end];
            number++;
            var line = ParseLine(number, lineText, hasNewline: !isLast, options, path, environment);
            lines.Add(line);
            if (line.Job is { } job)
            {
                jobs.Add(job);
            }

            start = isLast ? text.Length : end + 1;
        }

        return new CronTab(path, text, options, lines, jobs, endsWithNewline);
    }

    private enum UserVerdict
    {
        Known,
        LooksLikeCommand,
        Unknown,
    }

    /// <summary>The assignments in force, with one shared snapshot per stretch of jobs between assignments, and parsed schedules by text.</summary>
    private sealed class Environment
    {
        private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
        private IReadOnlyDictionary<string, string>? _snapshot;

        public Dictionary<string, (CronExpressionSyntax Syntax, CronSchedule? Schedule)> Schedules { get; } = new(StringComparer.Ordinal);

        /// <summary>One string instance per distinct word (schedules, users): a large tab repeats them on every line.</summary>
        public Dictionary<string, string> Words { get; } = new(StringComparer.Ordinal);

        public string Intern(ReadOnlySpan<char> text)
        {
            var lookup = Words.GetAlternateLookup<ReadOnlySpan<char>>();
            if (lookup.TryGetValue(text, out var known))
            {
                return known;
            }

            var word = text.ToString();
            Words[word] = word;
            return word;
        }

        public bool PastLimitReported { get; set; }

        private readonly Dictionary<string, UserVerdict> _users = new(StringComparer.Ordinal);

        /// <summary>What the user column holds, decided once per distinct word (the daemon looks the same name up each time).</summary>
        public UserVerdict UserVerdict(string user, Func<string, bool>? userExists)
        {
            if (!_users.TryGetValue(user, out var verdict))
            {
                var exists = userExists?.Invoke(user);
                verdict = LooksLikeCommand(user) && exists != true ? Tabs.CronTabParser.UserVerdict.LooksLikeCommand
                    : exists == false ? Tabs.CronTabParser.UserVerdict.Unknown
                    : Tabs.CronTabParser.UserVerdict.Known;
                _users[user] = verdict;
            }

            return verdict;
        }

        public void Set(string name, string value)
        {
            _values[name] = value;
            _snapshot = null;
        }

        public IReadOnlyDictionary<string, string> Snapshot() => _snapshot ??= new Dictionary<string, string>(_values, StringComparer.Ordinal);
    }

    private static CronTabLine ParseLine(int number, string text, bool hasNewline, CronTabOptions options, string? path, Environment environment, bool checkLength = true)
    {
        var first = 0;
        while (first < text.Length && text[first] is ' ' or '\t')
        {
            first++;
        }

        if (first == text.Length)
        {
            return new CronTabLine(number, text, CronTabLineKind.Blank, null, null, []);
        }

        if (text[first] == '#')
        {
            return new CronTabLine(number, text, CronTabLineKind.Comment, null, null, []);
        }

        if (checkLength && number > LastReadableLine && !environment.PastLimitReported)
        {
            // The first job or assignment past the limit is enough to make the daemon drop the file.
            environment.PastLimitReported = true;
            var line = ParseLine(number, text, hasNewline, options, path, environment, checkLength: false);
            return line with
            {
                Rejections = [.. line.Rejections, DiagnosticCatalog.CPL2009.Create(
                    Location(path, number, ColumnSpan.Of(first, text.Length - first)),
                    string.Create(CultureInfo.InvariantCulture, $"a job or assignment on line {number}: the daemon ignores the whole file when one stands after line {LastReadableLine}"))],
            };
        }

        if (text.AsSpan(first).Trim(" \t\r").IsEmpty)
        {
            // A line holding only a CR (a CRLF file's blank line) is neither blank nor an assignment to the daemon.
            return new CronTabLine(number, text, CronTabLineKind.Blank, null, null,
                [DiagnosticCatalog.CPL2008.Create(Location(path, number, ColumnSpan.Of(text.Length - 1, 1)), "this blank line ends in a CR (CRLF line endings): the daemon reads it as a bad entry and ignores the whole file", "dos2unix FILE")]);
        }

        if (ReadAssignment(text, first) is { } assignment)
        {
            if (text.Length >= MaxEnvironmentLineLength)
            {
                return new CronTabLine(number, text, CronTabLineKind.Environment, assignment, null,
                    [DiagnosticCatalog.CPL2009.Create(Location(path, number, ColumnSpan.Of(first, text.Length - first)), string.Create(CultureInfo.InvariantCulture, $"the assignment line is {text.Length} characters long: the daemon cuts lines of {MaxEnvironmentLineLength} or more and misreads the rest"))]);
            }

            if (!hasNewline)
            {
                // Proven on the daemon: a last assignment without a line feed kills the file like a last job does.
                return new CronTabLine(number, text, CronTabLineKind.Environment, assignment, null, [MissingNewline(path, number, text)]);
            }

            environment.Set(assignment.Name, assignment.Value);
            return new CronTabLine(number, text, CronTabLineKind.Environment, assignment, null, []);
        }

        if (BrokenAssignment(text, first, path, number) is { } broken)
        {
            return new CronTabLine(number, text, CronTabLineKind.Environment, null, null, [broken]);
        }

        var job = ParseJob(number, text, first, hasNewline, options, path, environment);
        return new CronTabLine(number, text, CronTabLineKind.Job, null, job, job.Rejections);
    }

    private static Diagnostic MissingNewline(string? path, int number, string text) =>
        DiagnosticCatalog.CPL2002.Create(
            Location(path, number, ColumnSpan.Of(text.Length, 0)),
            "the last line has no line feed: the daemon reports \"Missing newline before EOF\" and ignores the whole file",
            fix: "end the file with a line feed (echo >> FILE)");

    /// <summary>A line that was meant as an assignment but that the daemon reads as a (bad) job: why.</summary>
    private static Diagnostic? BrokenAssignment(string text, int first, string? path, int number)
    {
        var i = first;
        while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_'))
        {
            i++;
        }

        if (i == first || char.IsAsciiDigit(text[first]))
        {
            return null;
        }

        var nameEnd = i;
        while (i < text.Length && text[i] is ' ' or '\t')
        {
            i++;
        }

        if (i >= text.Length || text[i] != '=')
        {
            return null;
        }

        var name = text[first..nameEnd];
        var rest = text[(i + 1)..];
        var location = Location(path, number, ColumnSpan.Of(first, text.Length - first));
        if (rest.Trim(' ', '\t').Length == 0)
        {
            return DiagnosticCatalog.CPL2006.Create(location, $"'{text.Trim()}' sets nothing: the daemon does not read an empty unquoted value as an assignment and ignores the whole file", $"{name}=\"\"");
        }

        var trimmed = rest.TrimStart(' ', '\t');
        if (trimmed.Length > 0 && trimmed[0] is '"' or '\'')
        {
            var close = trimmed.IndexOf(trimmed[0], 1);
            if (close > 0)
            {
                return DiagnosticCatalog.CPL2006.Create(location, $"text after the closing quote in '{text.Trim()}': the daemon does not read it as an assignment and ignores the whole file", $"{name}={trimmed[..(close + 1)]}");
            }

            return DiagnosticCatalog.CPL2006.Create(location, $"the quote in '{text.Trim()}' is never closed: the daemon ignores the whole file", $"{name}={trimmed}{trimmed[0]}");
        }

        return DiagnosticCatalog.CPL2006.Create(location, $"'{text.Trim()}' is not an assignment the daemon can read: it ignores the whole file");
    }

    private enum AssignmentState
    {
        NameStart,
        Name,
        BeforeEquals,
        AfterEquals,
        ValueStart,
        Value,
        Finished,
        Error,
    }

    /// <summary>Debian's <c>load_env</c> state machine. An unquoted empty value (<c>FOO=</c>) is not an assignment.</summary>
    internal static CronEnvironmentAssignment? ReadAssignment(string text, int first)
    {
        // Without '=' nothing is an assignment; with a blank-separated word before it, only a quoted name could be.
        var equals = text.IndexOf('=', first);
        if (equals < 0 || (text[first] is not ('"' or '\'') && text.AsSpan(first, equals - first).TrimEnd(" \t").IndexOfAny(' ', '\t') >= 0))
        {
            return null;
        }

        var name = new StringBuilder();
        var value = new StringBuilder();
        var current = name;
        var state = AssignmentState.NameStart;
        var quote = '\0';
        var valueStart = -1;
        var i = first;
        while (state != AssignmentState.Error && i < text.Length)
        {
            var c = text[i];
            switch (state)
            {
                case AssignmentState.NameStart:
                case AssignmentState.ValueStart:
                    if (c is '\'' or '"')
                    {
                        quote = c;
                        i++;
                    }

                    if (state == AssignmentState.ValueStart)
                    {
                        valueStart = i;
                    }

                    state++;
                    break;

                case AssignmentState.Name:
                case AssignmentState.Value:
                    if (quote != '\0')
                    {
                        if (c == quote)
                        {
                            state++;
                            i++;
                            break;
                        }

                        if (state == AssignmentState.Name && c == '=')
                        {
                            state = AssignmentState.Error;
                            break;
                        }
                    }
                    else if (state == AssignmentState.Name)
                    {
                        if (IsSpace(c))
                        {
                            i++;
                            state++;
                            break;
                        }

                        if (c == '=')
                        {
                            state++;
                            break;
                        }
                    }

                    current.Append(c);
                    i++;
                    break;

                case AssignmentState.BeforeEquals:
                    if (c == '=')
                    {
                        state++;
                        current = value;
                        quote = '\0';
                    }
                    else if (!IsSpace(c))
                    {
                        state = AssignmentState.Error;
                    }

                    i++;
                    break;

                case AssignmentState.AfterEquals:
                case AssignmentState.Finished:
                    if (IsSpace(c))
                    {
                        i++;
                    }
                    else
                    {
                        state++;
                    }

                    break;
            }
        }

        // The daemon takes FINI and an unquoted VALUE; an empty unquoted value is the spec's "FOO=" bad line.
        var accepted = state == AssignmentState.Finished || (state == AssignmentState.Value && quote == '\0');
        if (!accepted || name.Length == 0)
        {
            return null;
        }

        var result = value.ToString();
        if (state == AssignmentState.Value)
        {
            result = result.TrimEnd(' ', '\t', '\r', '\f', '\v');
        }

        var span = valueStart < 0 ? ColumnSpan.Of(text.Length, 0) : ColumnSpan.Of(valueStart, Math.Max(result.Length, 1));
        return new CronEnvironmentAssignment(name.ToString(), result, state == AssignmentState.Finished, span);
    }

    private static bool IsSpace(char c) => c is ' ' or '\t' or '\r' or '\f' or '\v';

    private static CronJob ParseJob(int number, string text, int first, bool hasNewline, CronTabOptions options, string? path, Environment environment)
    {
        List<Diagnostic>? rejections = null;
        var fieldCount = text[first] == '@' ? 1 : 5;
        var position = first;
        for (var f = 0; f < fieldCount && position < text.Length; f++)
        {
            while (position < text.Length && text[position] is ' ' or '\t')
            {
                position++;
            }

            while (position < text.Length && text[position] is not (' ' or '\t'))
            {
                position++;
            }
        }

        var scheduleText = environment.Intern(text.AsSpan(first, position - first));
        if (!environment.Schedules.TryGetValue(scheduleText, out var parsed))
        {
            var syntax = CronExpressionParser.Parse(scheduleText, options.Dialect);
            parsed = (syntax, syntax.HasErrors ? null : CronSchedule.FromSyntax(syntax, options.Dialect));
            environment.Schedules[scheduleText] = parsed;
        }

        var schedule = parsed.Schedule;
        var scheduleEnd = position;
        foreach (var d in parsed.Syntax.Diagnostics)
        {
            if (d.Severity == DiagnosticSeverity.Error)
            {
                var location = new SourceLocation(path, number, d.Location.Column + first, number, d.Location.EndColumn + first);
                (rejections ??= []).Add(new Diagnostic(d.Id, d.Severity, d.Message, location, d.Fix is null ? null : text[..first] + d.Fix + text[scheduleEnd..], d.Notes));
            }
        }

        while (position < text.Length && text[position] is ' ' or '\t')
        {
            position++;
        }

        string? user = null;
        var userSpan = ColumnSpan.Of(position, 0);
        if (options.Format == CronTabFormat.System)
        {
            var userStart = position;
            while (position < text.Length && text[position] is not (' ' or '\t'))
            {
                position++;
            }

            user = environment.Intern(text.AsSpan(userStart, position - userStart));
            userSpan = ColumnSpan.Of(userStart, user.Length);
            while (position < text.Length && text[position] is ' ' or '\t')
            {
                position++;
            }

            if (user.Length == 0)
            {
                (rejections ??= []).Add(DiagnosticCatalog.CPL2003.Create(Location(path, number, userSpan), "the line ends after the time fields: no user and no command"));
            }
            else if (user.StartsWith('*') || (schedule is not null && position >= text.Length))
            {
                // entry.c: a user column starting with '*' is a sixth time field; a line with no command is incomplete.
                (rejections ??= []).Add(DiagnosticCatalog.CPL2003.Create(Location(path, number, userSpan), $"'{user}' stands where the user belongs: the line has a sixth time field or no user column", notes: ["a cron.d line is: minute hour day-of-month month day-of-week user command"]));
            }
            else if (schedule is not null && LooksLikeTimeField(user) && NextWord(text, position) is { Length: > 0 } shifted && !LooksLikeCommand(shifted))
            {
                // entry.c reads the sixth word as the user name; getpwnam("0") finds nobody and the file is dropped.
                (rejections ??= []).Add(DiagnosticCatalog.CPL1003.Create(
                    Location(path, number, userSpan),
                    $"six time fields: '{user}' stands where the user belongs, so the daemon looks for a user named '{user}', finds none and ignores the whole file",
                    notes: [$"a cron.d line has five time fields, then the user ('{shifted}'), then the command: fold '{user}' into the day-of-week field or remove it"]));

                // Read the rest as meant (user, then command), so that the jobs can still be judged once the line is fixed.
                var shiftedStart = position;
                position += shifted.Length;
                user = environment.Intern(shifted);
                userSpan = ColumnSpan.Of(shiftedStart, shifted.Length);
                while (position < text.Length && text[position] is ' ' or '\t')
                {
                    position++;
                }
            }
            else if (environment.UserVerdict(user, options.UserExists) is var verdict && verdict == UserVerdict.LooksLikeCommand)
            {
                (rejections ??= []).Add(DiagnosticCatalog.CPL2003.Create(
                    Location(path, number, userSpan),
                    $"no user field: the daemon takes '{user}' as the user name, finds no such user and ignores the whole file",
                    text[..(userSpan.Column - 1)] + "root " + text[(userSpan.Column - 1)..],
                    ["a cron.d line names the user between the time fields and the command; a user crontab line (crontab -e) has none"]));

                // The command is meant to start at that word: read it so, for the judgement of the jobs once the line is fixed.
                user = null;
                position = userSpan.Column - 1;
            }
            else if (verdict == UserVerdict.Unknown)
            {
                (rejections ??= []).Add(DiagnosticCatalog.CPL2004.Create(Location(path, number, userSpan), $"the user '{user}' does not exist: the daemon cannot load this line"));
            }
        }

        var commandLength = text.Length - position;
        var commandSpan = ColumnSpan.Of(position, commandLength);
        if (commandLength == 0 && (options.Format == CronTabFormat.User || user is { Length: > 0 }) && rejections is null)
        {
            (rejections ??= []).Add(DiagnosticCatalog.CPL2003.Create(Location(path, number, commandSpan), "the line has no command"));
        }

        if (commandLength > MaxCommandLength)
        {
            (rejections ??= []).Add(DiagnosticCatalog.CPL2009.Create(
                Location(path, number, commandSpan),
                string.Create(CultureInfo.InvariantCulture, $"the command is {commandLength} characters long: the daemon rejects commands over {MaxCommandLength}")));
        }

        if (!hasNewline)
        {
            (rejections ??= []).Add(MissingNewline(path, number, text));
        }

        return new CronJob
        {
            Line = number,
            LineText = text,
            ScheduleText = scheduleText,
            ScheduleSpan = ColumnSpan.Of(first, scheduleText.Length),
            Schedule = schedule,
            User = user,
            UserSpan = userSpan,
            CommandSpan = commandSpan,
            Environment = environment.Snapshot(),
            Rejections = rejections is null ? [] : rejections,
        };
    }

    private static readonly HashSet<string> CommandWords = new(StringComparer.Ordinal)
    {
        "mysqldump", "mariadb-dump", "mysql", "pg_dump", "pg_dumpall", "psql", "mongodump", "influxd", "influx", "duplicity", "rsync",
        "tar", "gzip", "restic", "borg", "cd", "echo", "test", "[", "sh", "bash", "python", "python3", "perl", "php", "rm", "cp", "mv",
        "find", "curl", "wget", "date", "sleep", "run-parts", "service", "systemctl", "docker", "ansible-playbook", "git", "make",
        "touch", "mkdir", "chmod", "chown", "cat", "true", "false", "exec", "nice", "ionice", "flock", "timeout", "env", "sudo", "su",
        "logrotate", "certbot", "apt", "apt-get", "npm", "node", "java", "ruby", "rclone", "aws", "gsutil", "s3cmd", "zip", "xz",
    };

    /// <summary>A user column that is really the start of a command: a known program, a path or an assignment.</summary>
    private static bool LooksLikeCommand(string user) =>
        CommandWords.Contains(user) || user.Contains('/', StringComparison.Ordinal) || user.Contains('=', StringComparison.Ordinal) ||
        user.Contains('$', StringComparison.Ordinal) || user.Contains('>', StringComparison.Ordinal) || user.Contains(';', StringComparison.Ordinal);

    /// <summary>A word that reads as a time field (<c>0</c>, <c>1-6</c>, <c>*/2</c>, <c>mon-fri</c>) rather than a user name.</summary>
    private static bool LooksLikeTimeField(string word) =>
        (word.Length > 0 && char.IsAsciiDigit(word[0]) && word.All(c => char.IsAsciiDigit(c) || c is ',' or '-' or '/')) ||
        (word.Length >= 3 && word.Split(',', '-').All(part => part.Length == 3 && DayOrMonthNames.Contains(part.ToLowerInvariant())));

    private static readonly HashSet<string> DayOrMonthNames = new(StringComparer.Ordinal)
    {
        "sun", "mon", "tue", "wed", "thu", "fri", "sat", "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    };

    private static string NextWord(string text, int position)
    {
        var end = position;
        while (end < text.Length && text[end] is not (' ' or '\t'))
        {
            end++;
        }

        return text[position..end];
    }

    internal static SourceLocation Location(string? path, int line, ColumnSpan span) =>
        new(path, line, span.Column, line, Math.Max(span.EndColumn, span.Column + 1));

    /// <summary>Splits at the first unescaped '%': the command (with <c>\%</c> and <c>\\</c> unescaped) and its standard input.</summary>
    internal static (string Command, string? Input) SplitCommand(string text)
    {
        if (text.AsSpan().IndexOfAny('%', '\\') < 0)
        {
            return (text, null);
        }

        Span<char> buffer = text.Length <= 512 ? stackalloc char[text.Length] : new char[text.Length];
        var length = 0;
        var inputStart = -1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\\' && i + 1 < text.Length && text[i + 1] is '%' or '\\')
            {
                buffer[length++] = text[++i];
                continue;
            }

            if (c == '%')
            {
                if (inputStart < 0)
                {
                    inputStart = length;
                }
                else
                {
                    buffer[length++] = '\n';
                }

                continue;
            }

            buffer[length++] = c;
        }

        return inputStart < 0
            ? (new string(buffer[..length]), null)
            : (new string(buffer[..inputStart]), new string(buffer[inputStart..length]));
    }

    /// <summary>The index of the first unescaped '%' in a command as written, or -1.</summary>
    internal static int FirstUnescapedPercent(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length)
            {
                i++;
                continue;
            }

            if (text[i] == '%')
            {
                return i;
            }
        }

        return -1;
    }
}
