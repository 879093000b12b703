using CronPlan.Tabs;

namespace CronPlan.Jobs;

/// <summary>How long a step may run, and whether something states it or it is the assumed default.</summary>
/// <param name="Minutes">Worst case, whole minutes (0 for a step that does no backup work).</param>
/// <param name="Stated">A plan, an SLA or a compiled tab's header states it.</param>
internal readonly record struct StepDuration(int Minutes, bool Stated);

/// <summary>A step of a job, with its duration and when it starts after the job does.</summary>
/// <param name="Step">What it does.</param>
/// <param name="Duration">How long it may take.</param>
/// <param name="StartMinute">
/// Minutes after the job's start: the steps before it run first, each to its worst case (a step after <c>&amp;</c> starts
/// with the one before).
/// </param>
internal sealed record JobStep(BackupStep Step, StepDuration Duration, int StartMinute)
{
    public StepKind Kind => Step.Kind;
}

/// <summary>A cron line that does backup work, read as the shell runs it.</summary>
/// <param name="TabPath">The path of the cron tab it is in.</param>
/// <param name="Cron">The cron line: schedule, user, line, spans.</param>
/// <param name="Runs">The daemon runs it (the tab loads and the line is accepted).</param>
/// <param name="Service">What it backs up (<c>mysql</c>, <c>influxdb</c>...), null when nothing says.</param>
/// <param name="Steps">Its steps in shell order.</param>
internal sealed record BackupJob(string TabPath, CronJob Cron, bool Runs, string? Service, IReadOnlyList<JobStep> Steps)
{
    public IEnumerable<JobStep> Dumps => Steps.Where(s => s.Kind == StepKind.Dump);

    public IEnumerable<JobStep> Uploads => Steps.Where(s => s.Kind == StepKind.Upload);

    public IEnumerable<JobStep> Retention => Steps.Where(s => s.Kind == StepKind.Retention);

    /// <summary>The first upload, or null.</summary>
    public BackupStep? FirstUpload => Uploads.FirstOrDefault()?.Step;
}

/// <summary>
/// Worst-case durations something states: dumps by their command as written (matched by program and output file), uploads
/// and retention runs by duplicity target (matched as <see cref="DuplicityTarget"/>s). Anything else takes the default.
/// </summary>
internal sealed class StatedDurations
{
    /// <summary>Assumed for a dump when nothing states its duration.</summary>
    public static readonly TimeSpan DefaultDump = TimeSpan.FromMinutes(10);

    /// <summary>Assumed for an upload.</summary>
    public static readonly TimeSpan DefaultUpload = TimeSpan.FromMinutes(30);

    /// <summary>Assumed for a retention run.</summary>
    public static readonly TimeSpan DefaultRetention = TimeSpan.FromMinutes(5);

    private readonly List<(string Program, string? Output, TimeSpan Takes)> _dumps = [];
    private readonly Dictionary<DuplicityTarget, TimeSpan> _uploads = [];
    private readonly Dictionary<DuplicityTarget, TimeSpan> _retention = [];

    public StatedDurations(IReadOnlyDictionary<string, TimeSpan>? dumps = null, IReadOnlyDictionary<string, TimeSpan>? uploads = null, IReadOnlyDictionary<string, TimeSpan>? retention = null)
    {
        foreach (var (command, takes) in dumps ?? new Dictionary<string, TimeSpan>())
        {
            if (CommandReader.Read(command).FirstOrDefault(s => s.Kind == StepKind.Dump) is { } dump)
            {
                _dumps.Add((dump.Program, dump.Output, takes));
            }
        }

        foreach (var (target, takes) in uploads ?? new Dictionary<string, TimeSpan>())
        {
            _uploads[DuplicityTarget.Parse(target)] = takes;
        }

        foreach (var (target, takes) in retention ?? new Dictionary<string, TimeSpan>())
        {
            _retention[DuplicityTarget.Parse(target)] = takes;
        }
    }

    /// <summary>Nothing stated: every step takes its default.</summary>
    public static StatedDurations None { get; } = new();

    /// <summary>The duration of <paramref name="step"/>.</summary>
    public StepDuration Of(BackupStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        return step.Kind switch
        {
            StepKind.Dump => _dumps.FirstOrDefault(d => d.Program == step.Program && d.Output == step.Output) is { Program: not null } d ? new(Whole(d.Takes), true) : new(Whole(DefaultDump), false),
            StepKind.Upload => _uploads.TryGetValue(step.Target!, out var u) ? new(Whole(u), true) : new(Whole(DefaultUpload), false),
            StepKind.Retention => _retention.TryGetValue(step.Target!, out var r) ? new(Whole(r), true) : new(Whole(DefaultRetention), false),
            _ => new(0, true),
        };
    }

    private static int Whole(TimeSpan t) => Math.Max(1, (int)Math.Ceiling(t.TotalMinutes));
}

/// <summary>Builds the <see cref="BackupJob"/>s of a cron tab, once per tab.</summary>
internal static class BackupJobBuilder
{
    /// <summary>
    /// The jobs of <paramref name="tab"/> that do backup work (every job line, running or not: see
    /// <see cref="BackupJob.Runs"/>), each read with its user, the tab's environment and the host's
    /// <paramref name="scripts"/>.
    /// </summary>
    public static IReadOnlyList<BackupJob> Build(CronTab tab, string path, IReadOnlyDictionary<string, string>? scripts = null, StatedDurations? durations = null)
    {
        ArgumentNullException.ThrowIfNull(tab);
        ArgumentNullException.ThrowIfNull(path);
        durations ??= StatedDurations.None;
        var jobs = new List<BackupJob>();
        var name = Path.GetFileName(path);
        foreach (var job in tab.Jobs)
        {
            var steps = CommandReader.Read(job.Command, new CommandContext(job.User, job.Environment, scripts));
            if (steps.All(s => s.Kind == StepKind.Other))
            {
                continue;
            }

            var timed = Timed(steps, durations);
            var service = CommandReader.ServiceOf(name, job.Command)
                ?? CommandReader.ServiceOf("", string.Join(' ', steps.Where(s => s.Kind != StepKind.Other).Select(s => $"{s.Program} {s.Output} {s.Source} {s.Target?.Text}")));
            jobs.Add(new BackupJob(path, job, tab.Loads && job.IsAccepted, service, timed));
        }

        return jobs;
    }

    /// <summary>The same jobs with the durations <paramref name="durations"/> states.</summary>
    public static IReadOnlyList<BackupJob> WithDurations(IReadOnlyList<BackupJob> jobs, StatedDurations durations)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        ArgumentNullException.ThrowIfNull(durations);
        return [.. jobs.Select(job => job with { Steps = Timed([.. job.Steps.Select(s => s.Step)], durations) })];
    }

    private static List<JobStep> Timed(IReadOnlyList<BackupStep> steps, StatedDurations durations)
    {
        var timed = new List<JobStep>(steps.Count);
        var (start, previousStart) = (0, 0);
        foreach (var step in steps)
        {
            var duration = durations.Of(step);
            var at = step.Join == StepJoin.Background ? previousStart : start;
            timed.Add(new JobStep(step, duration, at));
            (previousStart, start) = (at, Math.Max(start, at + duration.Minutes));
        }

        return timed;
    }
}
