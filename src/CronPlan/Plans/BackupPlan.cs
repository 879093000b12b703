using CronPlan.Cron;
using CronPlan.Diagnostics;
using CronPlan.Text;

namespace CronPlan.Plans;

/// <summary>How often an upload is a full backup; the other uploads are incrementals.</summary>
public sealed record FullBackupPolicy
{
    private FullBackupPolicy(FullBackupCadence cadence, DayOfWeek day, int days)
    {
        Cadence = cadence;
        Day = day;
        Days = days;
    }

    /// <summary>Every upload is a full.</summary>
    public static FullBackupPolicy Daily { get; } = new(FullBackupCadence.Daily, DayOfWeek.Sunday, 1);

    /// <summary>A full on the night of <paramref name="day"/>, incrementals on the others.</summary>
    public static FullBackupPolicy Weekly(DayOfWeek day) => new(FullBackupCadence.Weekly, day, 7);

    /// <summary>An incremental unless the last full is older than <paramref name="days"/> days (duplicity's <c>--full-if-older-than</c>).</summary>
    public static FullBackupPolicy IfOlderThan(int days) => new(FullBackupCadence.IfOlderThan, DayOfWeek.Sunday, days);

    /// <summary>Which kind of policy.</summary>
    public FullBackupCadence Cadence { get; }

    /// <summary>The night of the weekly full.</summary>
    public DayOfWeek Day { get; }

    /// <summary>The longest a chain may run without a new full, in days.</summary>
    public int Days { get; }

    /// <inheritdoc/>
    public override string ToString() => Cadence switch
    {
        FullBackupCadence.Daily => "daily",
        FullBackupCadence.Weekly => $"weekly on {Day.ToString().ToLowerInvariant()}",
        _ => $"if older than {Days}D",
    };
}

/// <summary>The kinds of <see cref="FullBackupPolicy"/>.</summary>
public enum FullBackupCadence
{
    /// <summary>Every upload is a full.</summary>
    Daily,

    /// <summary>One night a week.</summary>
    Weekly,

    /// <summary>When the last full is older than a number of days.</summary>
    IfOlderThan,
}

/// <summary>The window every job must fit in, every night.</summary>
/// <param name="Start">Earliest start, minutes after midnight in <paramref name="Zone"/>.</param>
/// <param name="Deadline">Every job finished by then, minutes after midnight (the next day when not after the start).</param>
/// <param name="Zone">The zone the window is written in; in a DST zone both offsets count.</param>
public sealed record PlanWindow(int Start, int Deadline, TimeZoneInfo Zone)
{
    /// <summary>Minutes from the start to the deadline.</summary>
    public int Length => Deadline > Start ? Deadline - Start : Deadline + 1440 - Start;
}

/// <summary>Making the local dump of a service.</summary>
/// <param name="Command">What the shell runs.</param>
/// <param name="Takes">Its worst-case duration.</param>
/// <param name="Location">Where the plan declares it.</param>
public sealed record DumpStep(string Command, TimeSpan Takes, SourceLocation Location);

/// <summary>Shipping the dump directory to the backup server with duplicity.</summary>
/// <param name="Source">The local directory duplicity reads (the dump's directory).</param>
/// <param name="Target">The target: a directory under the plan's backup server, or a whole URL.</param>
/// <param name="Takes">Worst-case duration of one upload (a full).</param>
/// <param name="Full">When an upload is a full.</param>
/// <param name="EncryptKey">The GPG key to encrypt for, or null for <c>--no-encryption</c>.</param>
/// <param name="Location">Where the plan declares it.</param>
public sealed record UploadStep(string Source, string Target, TimeSpan Takes, FullBackupPolicy Full, string? EncryptKey, SourceLocation Location);

/// <summary>Pruning old backups on the target (duplicity with <c>--force</c>).</summary>
/// <param name="KeepFullChains">Keep this many full chains (<c>remove-all-but-n-full</c>), or null.</param>
/// <param name="OlderThan">Remove backups older than this (<c>remove-older-than</c>), or null.</param>
/// <param name="Takes">Worst-case duration.</param>
/// <param name="Location">Where the plan declares it.</param>
public sealed record RetentionStep(int? KeepFullChains, TimeSpan? OlderThan, TimeSpan Takes, SourceLocation Location);

/// <summary>One service to back up: its dump, its upload, its retention, its recovery point objective.</summary>
/// <param name="Name">The service's name; the cron tab is NAME-backup.</param>
/// <param name="Dump">The dump, or null when the upload ships files that are already there.</param>
/// <param name="Upload">The upload, or null for a dump kept only locally.</param>
/// <param name="Retention">Pruning, or null.</param>
/// <param name="Rpo">The most data the service may lose: the longest allowed gap between recovery points.</param>
/// <param name="Hosts">The hosts that run it; empty means the plan's single host.</param>
/// <param name="After">Jobs (<c>service.step</c>) this service's dump must follow.</param>
/// <param name="Location">Where the plan declares it.</param>
public sealed record PlanService(string Name, DumpStep? Dump, UploadStep? Upload, RetentionStep? Retention, TimeSpan? Rpo, IReadOnlyList<string> Hosts, IReadOnlyList<string> After, SourceLocation Location);

/// <summary>A backup plan: what to back up, how long each step may take, the window it must fit in.</summary>
public sealed record BackupPlan
{
    /// <summary>The plan format version (1).</summary>
    public int Version { get; init; } = 1;

    /// <summary>The zone the cron daemon runs in (the host's <c>/etc/localtime</c>).</summary>
    public TimeZoneInfo HostZone { get; init; } = TimeZoneInfo.Utc;

    /// <summary>The daemon the cron tabs are for.</summary>
    public CronDialect Dialect { get; init; } = CronDialect.Debian;

    /// <summary>The user the jobs run as.</summary>
    public string User { get; init; } = "backup";

    /// <summary>Assignments written at the top of each cron tab.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Environment { get; init; } = [];

    /// <summary>The nightly window.</summary>
    public PlanWindow Window { get; init; } = new(22 * 60, 60, TimeZoneInfo.Utc);

    /// <summary>When the cron tabs go live; null for any moment.</summary>
    public DateTimeOffset? Deploy { get; init; }

    /// <summary>The backup server URL the targets are under (<c>rsync://user@host</c>).</summary>
    public string? BackupServer { get; init; }

    /// <summary>Uploads to one backup server never overlap, across services and hosts.</summary>
    public bool OneUploadAtATime { get; init; }

    /// <summary>The services, in the plan's order.</summary>
    public IReadOnlyList<PlanService> Services { get; init; } = [];

    /// <summary>The file the plan was read from, or null.</summary>
    public string? Path { get; init; }

    /// <summary>Reads a plan from YAML text; every problem is a diagnostic with its line and column (CPL3001-CPL3005).</summary>
    public static PlanLoadResult Parse(string yaml, string? path = null)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        return PlanReader.Read(yaml, path);
    }

    /// <summary>Reads a plan file.</summary>
    public static PlanLoadResult Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var source = SourceText.Read(path);
        return source.Text is null ? new PlanLoadResult(null, [source.Problem!]) : PlanReader.Read(source.Text, path);
    }

    /// <summary>
    /// The full URL of an upload's target: a whole URL as written, or the directory under the backup server; for a service
    /// on several hosts, under a directory per host, so that each host keeps its own duplicity chain.
    /// </summary>
    public string TargetUrl(UploadStep upload, string host = "")
    {
        ArgumentNullException.ThrowIfNull(upload);
        ArgumentNullException.ThrowIfNull(host);
        if (upload.Target.Contains("://", StringComparison.Ordinal) || BackupServer is null)
        {
            return upload.Target;
        }

        var directory = upload.Target.Trim('/');
        return BackupServer.TrimEnd('/') + "/" + (host.Length == 0 ? directory : host + "/" + directory);
    }
}

/// <summary>A plan, or why it could not be read.</summary>
/// <param name="Plan">The plan; null when an error stopped it.</param>
/// <param name="Diagnostics">Everything found, in reading order.</param>
public sealed record PlanLoadResult(BackupPlan? Plan, IReadOnlyList<Diagnostic> Diagnostics);
