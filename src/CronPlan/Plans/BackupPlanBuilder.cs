using System.Text.RegularExpressions;
using CronPlan.Cron;
using CronPlan.Diagnostics;
using CronPlan.Time;

namespace CronPlan.Plans;

/// <summary>
/// Builds a <see cref="BackupPlan"/> in code, with the same defaults and the same checks as the YAML reader. Invalid
/// arguments (a service name no cron tab can carry, an unknown zone, an empty window) throw
/// <see cref="ArgumentException"/> at once; whether the jobs fit is the compiler's to say (CPL3006).
/// </summary>
public sealed partial class BackupPlanBuilder
{
    private static readonly SourceLocation InCode = new(null, 1, 1, 1, 2);

    private readonly List<PlanService> _services = [];
    private readonly List<KeyValuePair<string, string>> _environment = [];
    private BackupPlan _plan = new() { User = "root" };

    /// <summary>The zone the cron daemon runs in (IANA name); default UTC.</summary>
    public BackupPlanBuilder HostZone(string zone)
    {
        _plan = _plan with { HostZone = FindZone(zone) };
        return this;
    }

    /// <summary>The daemon the tabs are for; default Debian.</summary>
    public BackupPlanBuilder Dialect(CronDialect dialect)
    {
        if (dialect is not (CronDialect.Debian or CronDialect.Cronie))
        {
            throw new ArgumentException("plans compile for a cron daemon: Debian or Cronie", nameof(dialect));
        }

        _plan = _plan with { Dialect = dialect };
        return this;
    }

    /// <summary>The user the jobs run as; default root.</summary>
    public BackupPlanBuilder User(string user)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(user);
        _plan = _plan with { User = user };
        return this;
    }

    /// <summary>An assignment written at the top of each tab.</summary>
    public BackupPlanBuilder Environment(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!PlanValues.IsVariableName(name))
        {
            throw new ArgumentException($"'{name}' is not a variable name the daemon reads", nameof(name));
        }

        _environment.Add(new(name!, value));
        return this;
    }

    /// <summary>The nightly window: <paramref name="start"/> and <paramref name="deadline"/> as <c>HH:MM</c> in <paramref name="zone"/>.</summary>
    public BackupPlanBuilder Window(string start, string deadline, string zone = "UTC")
    {
        if (!PlanValues.TryParseClock(start ?? "", out var from) || !PlanValues.TryParseClock(deadline ?? "", out var to))
        {
            throw new ArgumentException("the window's start and deadline are HH:MM times, such as 22:00 and 01:00");
        }

        if (NightClock.MinuteOfDay(from) == NightClock.MinuteOfDay(to))
        {
            throw new ArgumentException("the window's start and deadline are the same time: the window is empty");
        }

        _plan = _plan with { Window = new PlanWindow(NightClock.MinuteOfDay(from), NightClock.MinuteOfDay(to), FindZone(zone)) };
        return this;
    }

    /// <summary>When the tabs go live (for the first-upload analysis).</summary>
    public BackupPlanBuilder Deploy(DateTimeOffset moment)
    {
        _plan = _plan with { Deploy = moment };
        return this;
    }

    /// <summary>The duplicity URL the targets are under, and whether it takes one upload at a time.</summary>
    public BackupPlanBuilder BackupServer(string url, bool oneUploadAtATime = false)
    {
        if (url is null || !url.Contains("://", StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{url}' is not a URL duplicity reads, such as rsync://user@backup.example.org", nameof(url));
        }

        _plan = _plan with { BackupServer = url, OneUploadAtATime = oneUploadAtATime };
        return this;
    }

    /// <summary>The file name the compiled tabs' header names.</summary>
    public BackupPlanBuilder Path(string path)
    {
        _plan = _plan with { Path = path };
        return this;
    }

    /// <summary>Adds a service, described by <paramref name="describe"/>.</summary>
    public BackupPlanBuilder Service(string name, Action<ServiceBuilder> describe)
    {
        ArgumentNullException.ThrowIfNull(describe);
        if (!PlanValues.IsServiceName(name) || _services.Any(s => s.Name == name))
        {
            throw new ArgumentException($"'{name}' cannot name a cron tab, or is already a service: use letters, digits, '-' and '_'", nameof(name));
        }

        var service = new ServiceBuilder(name!);
        describe(service);
        _services.Add(service.Build());
        return this;
    }

    /// <summary>The plan.</summary>
    public BackupPlan Build()
    {
        if (_services.Count == 0)
        {
            throw new InvalidOperationException("a plan needs at least one service");
        }

        var jobs = _services.SelectMany(s => new[] { s.Name, s.Name + ".dump", s.Name + ".upload", s.Name + ".retention" }).ToHashSet(StringComparer.Ordinal);
        foreach (var reference in _services.SelectMany(s => s.After))
        {
            if (!jobs.Contains(reference))
            {
                throw new InvalidOperationException($"'after' names '{reference}', which is not a job of this plan");
            }
        }

        return _plan with { Environment = [.. _environment], Services = [.. _services] };
    }

    private static TimeZoneInfo FindZone(string zone)
    {
        return PlanValues.TryFindZone(zone, out var found)
            ? found
            : throw new ArgumentException($"'{zone}' is not an IANA time zone name such as UTC or Europe/Tallinn", nameof(zone));
    }

    /// <summary>One service of a <see cref="BackupPlanBuilder"/>.</summary>
    public sealed class ServiceBuilder
    {
        private readonly string _name;
        private readonly List<string> _hosts = [];
        private readonly List<string> _after = [];
        private DumpStep? _dump;
        private UploadStep? _upload;
        private RetentionStep? _retention;
        private TimeSpan? _rpo;

        internal ServiceBuilder(string name) => _name = name;

        /// <summary>The dump command and its worst-case duration.</summary>
        public ServiceBuilder Dump(string command, TimeSpan takes)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(command);
            if (command.Contains('\n', StringComparison.Ordinal))
            {
                throw new ArgumentException("a cron job's command is one line", nameof(command));
            }

            _dump = new DumpStep(command.Trim(), Positive(takes), InCode);
            return this;
        }

        /// <summary>The duplicity upload: source directory, target, worst case, full policy and GPG key (null for none).</summary>
        public ServiceBuilder Upload(string source, string target, TimeSpan takes, FullBackupPolicy full, string? encryptKey)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(target);
            ArgumentNullException.ThrowIfNull(full);
            if (source is null || !source.StartsWith('/'))
            {
                throw new ArgumentException("the source is an absolute path: cron starts jobs in the user's home directory", nameof(source));
            }

            _upload = new UploadStep(source, target, Positive(takes), full, encryptKey, InCode);
            return this;
        }

        /// <summary>Keep this many full chains (<c>remove-all-but-n-full</c>).</summary>
        public ServiceBuilder KeepFullChains(int count, TimeSpan? takes = null)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
            _retention = new RetentionStep(count, null, takes ?? TimeSpan.FromMinutes(2), InCode);
            return this;
        }

        /// <summary>Remove backups older than <paramref name="age"/> (<c>remove-older-than</c>).</summary>
        public ServiceBuilder RemoveOlderThan(TimeSpan age, TimeSpan? takes = null)
        {
            _retention = new RetentionStep(null, Positive(age), takes ?? TimeSpan.FromMinutes(2), InCode);
            return this;
        }

        /// <summary>The recovery point objective.</summary>
        public ServiceBuilder Rpo(TimeSpan rpo)
        {
            _rpo = Positive(rpo);
            return this;
        }

        /// <summary>The hosts that run this service.</summary>
        public ServiceBuilder Hosts(params string[] hosts)
        {
            _hosts.AddRange(hosts);
            return this;
        }

        /// <summary>Jobs (<c>service</c> or <c>service.step</c>) this service waits for.</summary>
        public ServiceBuilder After(params string[] jobs)
        {
            _after.AddRange(jobs);
            return this;
        }

        internal PlanService Build() =>
            _dump is null && _upload is null
                ? throw new InvalidOperationException($"service '{_name}' has neither a dump nor an upload")
                : new PlanService(_name, _dump, _upload, _upload is null ? null : _retention, _rpo, [.. _hosts], [.. _after], InCode);

        private static TimeSpan Positive(TimeSpan span) =>
            span > TimeSpan.Zero ? span : throw new ArgumentOutOfRangeException(nameof(span), span, "a duration is positive");
    }
}
