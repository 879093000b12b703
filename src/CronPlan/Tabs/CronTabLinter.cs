using System.Globalization;
using System.Text.RegularExpressions;
using CronPlan.Cron;
using CronPlan.Diagnostics;

namespace CronPlan.Tabs;

/// <summary>What to check a cron tab against.</summary>
/// <param name="Zone">The host's zone (CPL1017).</param>
/// <param name="From">Where DST checks start; they look at this year and the next.</param>
/// <param name="File">The file's owner, mode and type (CPL2001, CPL2010), when linting a real file.</param>
public sealed record CronTabLintOptions(TimeZoneInfo Zone, DateTimeOffset From, CronTabFileFacts? File = null);

/// <summary>Every CPL1xxx and CPL2xxx rule on one cron tab, with suppression comments applied.</summary>
public static partial class CronTabLinter
{
    // Programs in /usr/sbin or /sbin on Debian, which cron's default PATH (/usr/bin:/bin) does not reach.
    private static readonly HashSet<string> SbinPrograms = new(StringComparer.Ordinal)
    {
        "service", "invoke-rc.d", "update-rc.d", "logrotate", "iptables", "ip6tables", "iptables-save", "ip", "ifup", "ifdown",
        "sendmail", "postfix", "postqueue", "nginx", "apache2ctl", "a2ensite", "mysqld", "ntpdate", "reboot", "shutdown", "halt",
        "fsck", "e2fsck", "mkfs", "useradd", "userdel", "usermod", "groupadd", "chpasswd", "sshd", "cron", "ufw", "sysctl",
        "modprobe", "lvcreate", "lvremove", "vgs", "lvs", "pvs", "xfs_freeze", "fstrim", "hwclock", "swapon", "swapoff", "runuser",
        "unbound-control", "named-checkconf", "rndc", "dovecot", "exim4", "haproxy", "slapcat", "smartctl", "zfs", "zpool",
    };

    private static readonly string[] BackupPrograms = ["mysqldump", "mariadb-dump", "pg_dump", "pg_dumpall", "mongodump", "duplicity", "rsync", "tar", "restic", "borg", "influxd"];

    /// <summary>Checks <paramref name="tab"/>; diagnostics in reading order.</summary>
    public static IReadOnlyList<Diagnostic> Lint(CronTab tab, CronTabLintOptions options)
    {
        ArgumentNullException.ThrowIfNull(tab);
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            return LintLines(tab, options);
        }
        catch (RegexMatchTimeoutException)
        {
            return [InputLimits.TookTooLong(tab.Path, "linting the lines")];
        }
    }

    private static IReadOnlyList<Diagnostic> LintLines(CronTab tab, CronTabLintOptions options)
    {
        var found = new List<Diagnostic>();
        CheckFile(tab, options, found);

        // One pass over the lines: a large tab's model does not fit in the cache, and every further pass costs as much.
        var tally = new FileTally();
        foreach (var line in tab.Lines)
        {
            if (line.Rejections.Count > 0)
            {
                found.AddRange(line.Rejections);
                tally.Rejected(line);
            }

            if (line.Kind != CronTabLineKind.Blank && line.Text.EndsWith('\r'))
            {
                tally.CarriageReturn(line);
            }

            if (line.Assignment is { } assignment)
            {
                CheckAssignment(tab, line, assignment, found);
            }

            if (line.Job is { } job)
            {
                CheckJob(tab, job, options, found, tally);
                tally.Job(tab, job, found);
            }
        }

        tally.Finish(tab, found);
        return Diagnostic.InReadingOrder(Suppressions.Apply(tab, found));
    }

    private static void CheckFile(CronTab tab, CronTabLintOptions options, List<Diagnostic> found)
    {
        if (options.File is not { } file)
        {
            return;
        }

        var at = new SourceLocation(tab.Path, 1, 1, 1, 1);
        if (tab.Options.Dialect == CronDialect.Cronie ? CronieSkipsName(file.Name) : !DebianNamePattern().IsMatch(file.Name))
        {
            var suggestion = DebianNamePattern().IsMatch(file.Name) ? null : InvalidNameCharacters().Replace(Path.GetFileNameWithoutExtension(file.Name), "-");
            found.Add(DiagnosticCatalog.CPL2001.Create(
                at,
                tab.Options.Dialect == CronDialect.Cronie
                    ? $"cronie skips the file name '{file.Name}'"
                    : $"the daemon skips '{file.Name}': cron.d file names may hold only letters, digits, '-' and '_' (no dot)",
                string.IsNullOrEmpty(suggestion) ? null : $"mv '{file.Name}' '{suggestion}'",
                ["no job in this file runs, and the daemon logs nothing about it"]));
        }

        var problems = new List<string>();
        if (file.OwnerId != 0)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"owned by uid {file.OwnerId}, not root"));
        }

        if ((file.Mode & 0x12) != 0)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"mode {Convert.ToString(file.Mode, 8).PadLeft(4, '0')} is group- or other-writable"));
        }

        if (!file.IsRegularFile)
        {
            problems.Add("not a regular file");
        }

        if (file.IsSymbolicLink && file.LinkOwnerId != 0)
        {
            problems.Add("a symbolic link not owned by root");
        }

        if (file.HardLinks > 1)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{file.HardLinks} hard links"));
        }

        if (problems.Count > 0)
        {
            found.Add(DiagnosticCatalog.CPL2010.Create(at, $"the daemon refuses '{file.Name}': {string.Join(", ", problems)}", $"chown root:root '{file.Name}' && chmod 0644 '{file.Name}'"));
        }
    }

    private static bool CronieSkipsName(string name) =>
        name.StartsWith('.') || name.StartsWith('#') || name.EndsWith('~') ||
        name.EndsWith(".rpmsave", StringComparison.Ordinal) || name.EndsWith(".rpmorig", StringComparison.Ordinal) || name.EndsWith(".rpmnew", StringComparison.Ordinal);

    private static void CheckAssignment(CronTab tab, CronTabLine line, CronEnvironmentAssignment assignment, List<Diagnostic> found)
    {
        var location = CronTabParser.Location(tab.Path, line.Number, assignment.ValueSpan);
        if (assignment.Name is "CRON_TZ" or "TZ" && !(assignment.Name == "CRON_TZ" && tab.Options.Dialect == CronDialect.Cronie))
        {
            found.Add(DiagnosticCatalog.CPL2007.Create(
                location,
                $"{assignment.Name}={assignment.Value} does not change when Debian's cron runs the jobs: the daemon schedules in the host's zone ({(assignment.Name == "TZ" ? "TZ only reaches the jobs' environment" : "CRON_TZ is a cronie feature")})",
                notes: ["convert the times to the host's zone, or set the host's zone with timedatectl"]));
        }

        if (!assignment.WasQuoted && (assignment.Value.Contains('$', StringComparison.Ordinal) || assignment.Value.StartsWith('~')))
        {
            found.Add(DiagnosticCatalog.CPL2006.Create(
                location,
                $"{assignment.Name}={assignment.Value}: cron does not expand '$' or '~' in assignments; the value is taken literally",
                severity: DiagnosticSeverity.Warning));
        }
    }

    private static void CheckJob(CronTab tab, CronJob job, CronTabLintOptions options, List<Diagnostic> found, FileTally tally)
    {
        var scheduleFindings = tally.ScheduleFindings;
        var line = job.LineText;
        if (job.Schedule is { } schedule)
        {
            // Findings about a schedule depend on its text alone: computed once per distinct text.
            if (!scheduleFindings.TryGetValue(job.ScheduleText, out var findings))
            {
                var parsed = CronSchedule.ParseWithDiagnostics(job.ScheduleText, tab.Options.Dialect);
                var checks = CronChecks.Check(parsed, new ExpressionCheckOptions(options.Zone, options.From, CompareWithOtherEngines: false));
                findings = [.. parsed.Diagnostics.Where(d => d.Severity != DiagnosticSeverity.Error), .. checks];
                scheduleFindings[job.ScheduleText] = findings;
            }

            foreach (var d in findings)
            {
                found.Add(OnLine(tab, job, d, line));
            }

            CheckLeftoverTestSchedule(tab, job, schedule, found);
        }

        var percent = CronTabParser.FirstUnescapedPercent(job.RawCommand);
        if (percent >= 0)
        {
            var column = job.CommandSpan.Column + percent;
            var escaped = EscapePercents(job.CommandText);
            found.Add(DiagnosticCatalog.CPL2005.Create(
                new SourceLocation(tab.Path, job.Line, column, job.Line, column + 1),
                $"unescaped '%' in the command: cron ends the command here and feeds the rest ('{job.StandardInput}') to it as standard input",
                line[..(job.CommandSpan.Column - 1)] + escaped,
                ["write \\% for a literal percent sign, as in date +\\%F"]));
        }

        CheckPath(tab, job, found, tally);
    }

    private static string EscapePercents(string command)
    {
        var result = new System.Text.StringBuilder(command.Length + 4);
        for (var i = 0; i < command.Length; i++)
        {
            if (command[i] == '\\' && i + 1 < command.Length)
            {
                result.Append(command[i]).Append(command[++i]);
                continue;
            }

            if (command[i] == '%')
            {
                result.Append('\\');
            }

            result.Append(command[i]);
        }

        return result.ToString();
    }

    /// <summary>Moves a diagnostic about the schedule text onto the job's line; an expression fix becomes the corrected line.</summary>
    private static Diagnostic OnLine(CronTab tab, CronJob job, Diagnostic d, string line)
    {
        var location = d.Location.Line == job.Line && d.Location.File == tab.Path
            ? d.Location
            : new SourceLocation(tab.Path, job.Line, d.Location.Column + job.ScheduleSpan.Column - 1, job.Line, d.Location.EndColumn + job.ScheduleSpan.Column - 1);
        var fix = d.Fix is null ? null : line[..(job.ScheduleSpan.Column - 1)] + d.Fix + line[(job.ScheduleSpan.EndColumn - 1)..];
        return new Diagnostic(d.Id, d.Severity, d.Message, location, fix, d.Notes);
    }

    private static void CheckLeftoverTestSchedule(CronTab tab, CronJob job, CronSchedule schedule, List<Diagnostic> found)
    {
        var calendar = schedule.Calendar;
        var perHour = calendar is null || calendar.NeverFires ? 0 : BitOperationsCount(calendar.Minutes);
        if (perHour < 6)
        {
            return;
        }

        var program = FirstProgram(job.Command);
        if (BackupPrograms.Any(p => program == p || ContainsWord(job.Command, p)))
        {
            found.Add(DiagnosticCatalog.CPL1021.Create(
                CronTabParser.Location(tab.Path, job.Line, job.ScheduleSpan),
                string.Create(CultureInfo.InvariantCulture, $"the backup command '{program}' runs {perHour} times an hour ('{job.ScheduleText}'): a test schedule left in place?"),
                notes: ["put back the schedule the SLA promises, e.g. 10 23 * * *"]));
        }
    }

    private static bool ContainsWord(string text, string word)
    {
        for (var at = text.IndexOf(word, StringComparison.Ordinal); at >= 0; at = text.IndexOf(word, at + 1, StringComparison.Ordinal))
        {
            var end = at + word.Length;
            if ((at == 0 || text[at - 1] is ' ' or ';' or '&' or '|' or '/') && (end == text.Length || text[end] == ' '))
            {
                return true;
            }
        }

        return false;
    }

    private static int BitOperationsCount(ulong bits) => System.Numerics.BitOperations.PopCount(bits);

    private static void CheckPath(CronTab tab, CronJob job, List<Diagnostic> found, FileTally tally)
    {
        if (tally.SetsPath(job.Environment))
        {
            return;
        }

        var command = job.CommandToRun;
        var (start, length) = FirstProgramRange(command);
        if (length == 0 || !SbinPrograms.GetAlternateLookup<ReadOnlySpan<char>>().Contains(command.Slice(start, length)))
        {
            return;
        }

        var program = command.Slice(start, length).ToString();
        var column = job.CommandSpan.Column + Math.Max(job.RawCommand.IndexOf(program, StringComparison.Ordinal), 0);
        found.Add(DiagnosticCatalog.CPL2011.Create(
            new SourceLocation(tab.Path, job.Line, column, job.Line, column + program.Length),
            $"'{program}' is in /usr/sbin, which is not on cron's default PATH (/usr/bin:/bin): the job fails with 'command not found'",
            $"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            [$"or write the full path, /usr/sbin/{program}"]));
    }

    /// <summary>The first program a command runs: past leading assignments and wrappers such as nice.</summary>
    internal static string FirstProgram(string command)
    {
        var (start, length) = FirstProgramRange(command);
        return command.Substring(start, length);
    }

    private static (int Start, int Length) FirstProgramRange(string command) => FirstProgramRange(command.AsSpan());

    /// <summary>Where the first program of a command stands, without allocating.</summary>
    private static (int Start, int Length) FirstProgramRange(ReadOnlySpan<char> command)
    {
        var position = 0;
        while (position < command.Length)
        {
            while (position < command.Length && command[position] is ' ' or '\t')
            {
                position++;
            }

            var start = position;
            while (position < command.Length && command[position] is not (' ' or '\t'))
            {
                position++;
            }

            if (position == start)
            {
                break;
            }

            var word = command.Slice(start, position - start);
            if ((word.IndexOf('=') > 0) || word is "nice" or "ionice" or "exec" or "nohup" or "timeout" or "flock" || word[0] == '-' || !word.ContainsAnyExcept("0123456789"))
            {
                continue;
            }

            var trimmed = word.TrimStart("({");
            return (start + (word.Length - trimmed.Length), trimmed.Length);
        }

        return (0, 0);
    }

    /// <summary>What the file-wide rules (CPL2008, CPL2012, CPL2013, CPL2014) collect line by line.</summary>
    private sealed class FileTally
    {
        private readonly Dictionary<CronJob, int> _seen = new(SameJob.Instance);
        private readonly List<CronJob> _silent = [];
        private readonly List<string> _lost = [];
        private IReadOnlyDictionary<string, string>? _environment;
        private bool _setsPath;
        private bool _setsMailTo;
        private CronTabLine? _firstCarriageReturn;
        private int _carriageReturns;
        private CronTabLine? _firstRejected;
        private int _rejected;
        private int _goodJobs;

        /// <summary>Findings about a schedule depend on its text alone: computed once per distinct text.</summary>
        public Dictionary<string, List<Diagnostic>> ScheduleFindings { get; } = new(StringComparer.Ordinal);

        public void Rejected(CronTabLine line)
        {
            _firstRejected ??= line;
            _rejected++;
        }

        public void CarriageReturn(CronTabLine line)
        {
            _firstCarriageReturn ??= line;
            _carriageReturns++;
        }

        public bool SetsPath(IReadOnlyDictionary<string, string> environment)
        {
            Remember(environment);
            return _setsPath;
        }

        public void Job(CronTab tab, CronJob job, List<Diagnostic> found)
        {
            if (job.IsAccepted)
            {
                if (++_goodJobs <= 20)
                {
                    _lost.Add(string.Create(CultureInfo.InvariantCulture, $"not run: line {job.Line}: {string.Join(' ', new[] { job.ScheduleText, job.User, job.CommandText }.Where(p => !string.IsNullOrEmpty(p)))}"));
                }

                Remember(job.Environment);
                var command = job.CommandToRun;
                if (!_setsMailTo && !command.Contains('>') && command.IndexOf("logger", StringComparison.Ordinal) < 0)
                {
                    _silent.Add(job);
                }
            }

            if (job.Schedule is null)
            {
                return;
            }

            if (_seen.TryGetValue(job, out var firstLine))
            {
                found.Add(DiagnosticCatalog.CPL2014.Create(
                    CronTabParser.Location(tab.Path, job.Line, ColumnSpan.Of(job.ScheduleSpan.Column - 1, job.LineText.Length - job.ScheduleSpan.Column + 1)),
                    string.Create(CultureInfo.InvariantCulture, $"the same job as line {firstLine}: it runs twice at the same moment")));
            }
            else
            {
                _seen[job] = job.Line;
            }
        }

        public void Finish(CronTab tab, List<Diagnostic> found)
        {
            if (_firstCarriageReturn is { } crlf)
            {
                found.Add(DiagnosticCatalog.CPL2008.Create(
                    new SourceLocation(tab.Path, crlf.Number, crlf.Text.Length, crlf.Number, crlf.Text.Length + 1),
                    string.Create(CultureInfo.InvariantCulture, $"{_carriageReturns} line(s) end in CR (CRLF line endings): each command ends in a CR character the shell passes on ('mysqldump agama\\r')"),
                    "dos2unix FILE"));
            }

            if (tab.Options.Dialect != CronDialect.Cronie && _firstRejected is { } bad)
            {
                var message = _goodJobs == 0
                    ? string.Create(CultureInfo.InvariantCulture, $"the daemon ignores this whole file because of line {bad.Number}: none of its jobs runs")
                    : string.Create(CultureInfo.InvariantCulture, $"the daemon ignores this whole file because of line {bad.Number}{(_rejected > 1 ? $" (and {_rejected - 1} more bad line(s))" : "")}: {_goodJobs} good job(s) will not run either");
                if (_goodJobs > 20)
                {
                    _lost.Add(string.Create(CultureInfo.InvariantCulture, $"... and {_goodJobs - 20} more jobs"));
                }

                _lost.Add("the file stays ignored until its modification time changes");
                found.Add(DiagnosticCatalog.CPL2013.Create(new SourceLocation(tab.Path, bad.Number, 1, bad.Number, Math.Max(bad.Text.Length, 1) + 1), message, notes: _lost));
            }

            if (_silent.Count > 0)
            {
                var first = _silent[0];
                found.Add(DiagnosticCatalog.CPL2012.Create(
                    CronTabParser.Location(tab.Path, first.Line, first.CommandSpan),
                    string.Create(CultureInfo.InvariantCulture, $"no MAILTO and no redirection on {_silent.Count} job(s) (lines {string.Join(", ", _silent.Select(j => j.Line))}): without a mail server their output and errors vanish"),
                    notes: ["set MAILTO=you@example.org above the jobs, or append >> /var/log/NAME.log 2>&1"]));
            }
        }

        /// <summary>Jobs between two assignments share one environment snapshot: PATH and MAILTO are looked up once per snapshot.</summary>
        private void Remember(IReadOnlyDictionary<string, string> environment)
        {
            if (!ReferenceEquals(environment, _environment))
            {
                _environment = environment;
                _setsPath = environment.ContainsKey("PATH");
                _setsMailTo = environment.ContainsKey("MAILTO");
            }
        }
    }

    /// <summary>
    /// Job identity for CPL2014: schedule text and user (interned by the parser) and the command as written, hashed on
    /// its length and its last characters only, which tells the lines of a large generated tab apart cheaply.
    /// </summary>
    private sealed class SameJob : IEqualityComparer<CronJob>
    {
        public static readonly SameJob Instance = new();

        public bool Equals(CronJob? x, CronJob? y) =>
            x is not null && y is not null &&
            string.Equals(x.ScheduleText, y.ScheduleText, StringComparison.Ordinal) && string.Equals(x.User, y.User, StringComparison.Ordinal) &&
            x.RawCommand.SequenceEqual(y.RawCommand);

        public int GetHashCode(CronJob job)
        {
            var command = job.RawCommand;
            return HashCode.Combine(job.ScheduleText.Length, job.User?.Length ?? -1, command.Length, string.GetHashCode(command[Math.Max(0, command.Length - 16)..], StringComparison.Ordinal));
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]+$", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex DebianNamePattern();

    [GeneratedRegex("[^A-Za-z0-9_-]+", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex InvalidNameCharacters();
}
