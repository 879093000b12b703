using System.Runtime.CompilerServices;
using CronPlan.Analysis;
using CronPlan.Diagnostics;
using CronPlan.Jobs;
using CronPlan.Reports;
using CronPlan.Tabs;
using CronPlan.Text;

namespace CronPlan.Repos;

/// <summary>What <see cref="Checker"/> checks against: the host's zone and the deadline.</summary>
/// <param name="HostZone">The zone the managed hosts' cron runs in.</param>
/// <param name="Deadline">Every job finished by this time of day, minutes after midnight in <paramref name="DeadlineZone"/>.</param>
/// <param name="DeadlineZone">The deadline's zone.</param>
/// <param name="Deploy">When the tabs go live; null for any moment.</param>
/// <param name="DeadlineSource">
/// Where <paramref name="Deadline"/> comes from, named in messages ("--deadline"). Null: it is check's default (the lab's
/// 01:00 UTC teardown), which a deadline the SLA states replaces.
/// </param>
public sealed record CheckOptions(TimeZoneInfo HostZone, int Deadline, TimeZoneInfo DeadlineZone, DateTimeOffset? Deploy = null, string? DeadlineSource = null)
{
    /// <summary>How messages name a deadline nobody gave.</summary>
    public const string DefaultDeadlineSource = "check's default: the lab's teardown";
}

/// <summary>Everything <c>cronplan check</c> found, and what it read.</summary>
/// <param name="Scan">The repository as deployed.</param>
/// <param name="Diagnostics">All findings, in order.</param>
/// <param name="Tabs">The rendered tabs, parsed, named by their destination.</param>
/// <param name="Sla">The SLA document, when there is one.</param>
public sealed record CheckResult(RepositoryScan Scan, IReadOnlyList<Diagnostic> Diagnostics, IReadOnlyList<AnalyzedTab> Tabs, Sla.SlaDocument? Sla)
{
    /// <summary>The options as applied: the deadline the SLA states where none was given, with its source.</summary>
    public CheckOptions? Applied { get; init; }

    /// <summary>The backup jobs of <see cref="Tabs"/>, in the same order, as the audit read and timed them: what the reports show.</summary>
    internal IReadOnlyList<BackupTab> Jobs { get; init; } = [];

    /// <summary>The night of the jobs that run once a day, against the deadline that applies.</summary>
    public BackupNight? Night { get; init; }

    /// <summary>
    /// Per service, what the cron tabs do next to what the SLA promises: the first row names the columns (service, dump,
    /// upload, full, RPO, worst gap, retention, kept by the jobs); empty when neither the SLA nor a job names a service.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<string>> Services { get; init; } = [];
}

/// <summary>
/// Audits a backup setup in a repository: the cron tabs its Ansible roles install (CPL1xxx, CPL2xxx on each rendered
/// tab, reported at the template line they came from), the backup jobs over their runs (CPL4xxx, the tabs of one host
/// together), and how the tabs and the backup user's <c>.my.cnf</c> are installed (CPL6001-CPL6007).
/// </summary>
public static class Checker
{
    /// <summary>Checks the repository at <paramref name="root"/>.</summary>
    public static CheckResult Check(string root, CheckOptions options) => Check(root, options, null);

    /// <summary>
    /// The night of the backup jobs the roles of the repository at <paramref name="root"/> install, as rendered, with the
    /// zones and the deadline of <paramref name="options"/> (a compiled tab's header states its own durations).
    /// </summary>
    public static BackupNight Night(string root, AnalysisOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var scan = AnsibleRepository.Scan(root);
        var tabs = scan.Tabs.Select(t => new AnalyzedTab(t.Destination, CronTab.Parse(t.Text, new CronTabOptions(t.IsUserCrontab ? CronTabFormat.User : CronTabFormat.System), t.Destination))).ToList();
        return BackupNight.FromTabs(tabs, options);
    }

    internal static CheckResult Check(string root, CheckOptions options, ScanHooks? hooks)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(options);
        var scan = AnsibleRepository.Scan(root, hooks);
        var found = new List<Diagnostic>(scan.Diagnostics);
        var texts = new TextLines(root);
        var parsed = new List<(DeployedTab Deployed, CronTab Tab)>();
        var linted = new Dictionary<CronTab, ReadTab>(ReferenceEqualityComparer.Instance);

        // What every stage of the pipeline reads, built as lint and compile build it: the DST checks start where the runs do.
        var analysis = AnalysisOptions.From(options.HostZone, options.Deploy, options.Deadline, options.DeadlineZone, options.DeadlineSource ?? CheckOptions.DefaultDeadlineSource);
        var scripts = ScriptsOf(scan);
        foreach (var deployed in scan.Tabs)
        {
            var at = deployed.Source ?? deployed.Task.File ?? ".";
            Guard(hooks, found, at, "linting the rendered tab", () =>
            {
                var input = TabInput.OfText(deployed.Destination, deployed.Text, new CronTabOptions(deployed.IsUserCrontab ? CronTabFormat.User : CronTabFormat.System)) with { Scripts = scripts };
                var read = TabPipeline.Read(input, analysis);
                var checkedTab = new List<Diagnostic>();
                CheckInstall(deployed, checkedTab);
                checkedTab.AddRange(read.Findings.Select(finding => AtSource(finding, deployed, texts)));
                parsed.Add((deployed, read.Tab!));
                linted[read.Tab!] = read;
                found.AddRange(checkedTab);
            });
        }

        Sla.SlaDocument? sla = null;
        Guard(hooks, found, "backup_sla.md", "checking the SLA", () => sla = ReadSla(root, options, found));

        // Each tab's jobs are read once, with the host's scripts, timed by the tab's compiled header and the SLA's
        // durations: every check below, the analysis of each host and the reports read these.
        var durations = ScheduleAnalyzer.StatedDurationsOf(analysis with { ServiceDurations = ServiceDurations(sla) });
        var read = new Dictionary<CronTab, BackupTab>(ReferenceEqualityComparer.Instance);
        foreach (var (deployed, tab) in parsed)
        {
            Guard(hooks, found, deployed.Source ?? deployed.Task.File ?? ".", "reading the backup jobs", () => read[tab] = TabPipeline.Jobs(linted[tab], durations));
            read.TryAdd(tab, new BackupTab(deployed.Destination, tab, []));
        }

        var jobs = new Dictionary<CronTab, IReadOnlyList<BackupJob>>(ReferenceEqualityComparer.Instance);
        foreach (var (tab, backup) in read)
        {
            jobs[tab] = backup.Jobs;
        }

        Guard(hooks, found, ".", "comparing the tabs' names", () => CheckNames(parsed, jobs, found));
        bool? myCnf = null;
        Guard(hooks, found, ".my.cnf", "judging the .my.cnf files", () => myCnf = CheckMyCnf(scan, parsed, jobs, found));

        Guard(hooks, found, "backup_restore.md", "checking the restore document", () => CheckRestoreDocument(root, parsed, jobs, scripts, found));
        if (sla is not null)
        {
            Guard(hooks, found, "backup_sla.md", "comparing the SLA with the tabs", () => SlaAgainstTabs.Check(sla, parsed, jobs, options, found));
        }

        SourceLocation? manualFull = null;
        Guard(hooks, found, ".", "reading the documents", () => manualFull = ManualFullEvidence.Find(root));
        var applied = Applied(options, sla);
        var serviceDeadlines = ServiceDeadlines(options, sla);
        var hosts = Hosts(parsed);
        if (hosts.Count > 1)
        {
            // The backup server is shared: two hosts' sources in one target clobber each other as surely as two jobs of one host.
            hosts.Add([.. parsed.DistinctBy(p => (p.Deployed.Destination, p.Deployed.Text))]);
        }

        for (var index = 0; index < hosts.Count; index++)
        {
            var host = hosts[index];
            var acrossHosts = index > 0 && index == hosts.Count - 1 && hosts.Count > 2;
            Guard(hooks, found, host.Count == 0 ? "." : host[0].Deployed.Source ?? host[0].Deployed.Task.File ?? ".", "analysing the backup jobs", () =>
            {
                var findings = TabPipeline.Analyze(
                    [.. host.Select(p => read[p.Tab])],
                    AnalysisOptions.From(options.HostZone, options.Deploy, applied.Deadline, applied.DeadlineZone, applied.DeadlineSource!) with
                    {
                        ServiceDeadlines = serviceDeadlines,
                        ManualFullDocumentedAt = manualFull,
                        MyCnfNoTablespaces = myCnf,
                        RpoTargets = sla is null ? [] : RposByTarget(sla, host, jobs),
                        RetentionTargets = sla is null ? [] : RetentionByTarget(sla, host, jobs),
                        SourceOf = (path, line) => SourceOf(new SourceLocation(path, line, 1, line, 2), host.First(p => p.Deployed.Destination == path).Deployed, texts).Location,
                    });
                var atSource = findings.Where(f => !acrossHosts || f.Id == DiagnosticCatalog.CPL4007.Id).Select(finding => AtSource(finding, host.First(p => p.Deployed.Destination == finding.Location.File).Deployed, texts)).ToList();
                found.AddRange(atSource);
            });
        }

        Guard(hooks, found, ".", "comparing the hosts' targets", () => CheckTargetsSharedByHosts(parsed, jobs, texts, found));
        var result = new CheckResult(scan, Diagnostic.InReadingOrder(found.DistinctBy(Boundary.Identity)), [.. parsed.Select(p => new AnalyzedTab(p.Deployed.Destination, p.Tab))], sla)
        {
            Applied = applied,
            Jobs = [.. parsed.Select(p => read[p.Tab])],
        };
        return result with
        {
            Night = BackupNight.FromJobs(result.Jobs, new AnalysisOptions { HostZone = options.HostZone, Deadline = applied.Deadline, DeadlineZone = applied.DeadlineZone }),
            Services = ServiceTable.Rows(result, options.HostZone),
        };
    }

    /// <summary>
    /// The options with the deadline that applies to every job: the one given; else the SLA's deadline for all backups, or
    /// the one every service's deadline agrees on; else check's default.
    /// </summary>
    internal static CheckOptions Applied(CheckOptions options, Sla.SlaDocument? sla)
    {
        if (options.DeadlineSource is not null)
        {
            return options;
        }

        var stated = sla?.DeadlineAll;
        if (stated is null && sla is not null && sla.Services.Count > 0 && sla.Services.All(s => s.Deadline is not null)
            && sla.Services.Select(s => (s.Deadline!.Value.Minute, s.Deadline.Value.Zone)).Distinct().Count() == 1)
        {
            stated = sla.Services[0].Deadline;
        }

        return stated is null
            ? options with { DeadlineSource = CheckOptions.DefaultDeadlineSource }
            : options with { Deadline = stated.Value.Minute, DeadlineZone = stated.Value.Zone ?? options.DeadlineZone, DeadlineSource = SlaLine(sla!, stated.Location) };
    }

    /// <summary>The deadlines the SLA states for single services, unless a deadline was given for all.</summary>
    private static Dictionary<string, (int Minute, TimeZoneInfo Zone, string Source)> ServiceDeadlines(CheckOptions options, Sla.SlaDocument? sla)
    {
        var deadlines = new Dictionary<string, (int, TimeZoneInfo, string)>(StringComparer.Ordinal);
        foreach (var service in options.DeadlineSource is null ? sla?.Services ?? [] : [])
        {
            if (service.Deadline is { } deadline)
            {
                deadlines[service.Name] = (deadline.Value.Minute, deadline.Value.Zone ?? options.DeadlineZone, SlaLine(sla!, deadline.Location));
            }
        }

        return deadlines;
    }

    /// <summary>How long the SLA says making and storing one backup of each service takes ("takes up to 20 minutes").</summary>
    internal static Dictionary<string, (TimeSpan Takes, string Source)> ServiceDurations(Sla.SlaDocument? sla)
    {
        var durations = new Dictionary<string, (TimeSpan, string)>(StringComparer.Ordinal);
        foreach (var service in sla?.Services ?? [])
        {
            if (service.Duration is { } duration)
            {
                durations[service.Name] = (duration.Value, SlaLine(sla!, duration.Location));
            }
        }

        return durations;
    }

    private static string SlaLine(Sla.SlaDocument sla, SourceLocation location) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{sla.Path}:{location.Line}");

    private static string HostList(List<string> hosts) => hosts.Count switch
    {
        2 => $"{hosts[0]} and {hosts[1]} both",
        <= 4 => $"{string.Join(", ", hosts.Take(hosts.Count - 1))} and {hosts[^1]} all",
        _ => $"{string.Join(", ", hosts.Take(3))} and {hosts.Count - 3} more hosts all",
    };

    /// <summary>
    /// CPL4007 across hosts: duplicity keeps one chain per target, so two hosts uploading into one target each take the
    /// other's backups for their own, and a restore brings back a mix. Only tabs whose hosts the inventory decides count.
    /// </summary>
    private static void CheckTargetsSharedByHosts(List<(DeployedTab Deployed, CronTab Tab)> parsed, Dictionary<CronTab, IReadOnlyList<BackupJob>> jobs, TextLines texts, List<Diagnostic> found)
    {
        var uploads = new Dictionary<DuplicityTarget, List<(string Host, DeployedTab Deployed, BackupJob Job)>>();
        foreach (var (deployed, tab) in parsed)
        {
            if (deployed.Gates.Count > 0 || !jobs.TryGetValue(tab, out var tabJobs))
            {
                continue;
            }

            foreach (var job in tabJobs.Where(j => j.Runs || !tab.Loads))
            {
                foreach (var upload in job.Uploads.Where(u => u.Step.Target is { IsOpaque: false }))
                {
                    var target = upload.Step.Target!;
                    if (!uploads.TryGetValue(target, out var list))
                    {
                        uploads[target] = list = [];
                    }

                    list.AddRange(deployed.Hosts.Select(host => (host, deployed, job)));
                }
            }
        }

        foreach (var (target, list) in uploads)
        {
            var hosts = list.Select(u => u.Host).Distinct(StringComparer.Ordinal).ToList();
            if (hosts.Count < 2)
            {
                continue;
            }

            var second = list.First(u => u.Host == hosts[1]);
            var line = second.Job.Cron.Line;
            var at = new SourceLocation(second.Deployed.Destination, line, second.Job.Cron.CommandSpan.Column, line, second.Job.Cron.CommandSpan.EndColumn);
            found.Add(AtSource(
                DiagnosticCatalog.CPL4007.Create(
                    at,
                    $"{HostList(hosts)} upload to {target}: duplicity keeps one chain per target, so each host's run takes the others' backups for its own and a restore brings back a mix",
                    notes: ["give each host its own target directory, e.g. one named after the host"]),
                second.Deployed,
                texts));
        }
    }

    /// <summary>
    /// One stage of the audit on one file: an exception it did not expect becomes CPL9005 on that file, and the audit
    /// goes on with the rest.
    /// </summary>
    private static void Guard(ScanHooks? hooks, List<Diagnostic> found, string file, string stage, Action work)
    {
        try
        {
            hooks?.BeforeStage?.Invoke(file, stage);
            work();
        }
#pragma warning disable CA1031 // The boundary: whatever one file does, the audit of the others goes on.
        catch (Exception e) when (e is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            found.Add(Boundary.Failure(file, stage, e));
        }
    }

    /// <summary>CPL6008-CPL6013: backup_restore.md against what the tabs upload.</summary>
    private static void CheckRestoreDocument(string root, List<(DeployedTab Deployed, CronTab Tab)> tabs, Dictionary<CronTab, IReadOnlyList<BackupJob>> jobs, IReadOnlyDictionary<string, string> scripts, List<Diagnostic> found)
    {
        var services = new List<(Sla.BackedUpService Service, DuplicityTarget Target)>();
        var targets = new List<(string Service, DuplicityTarget Target)>();
        foreach (var (deployed, tab) in tabs)
        {
            // A tab the daemon rejects still says where its jobs are meant to upload: the restore is judged against that.
            foreach (var job in jobs[tab].Where(j => j.Runs || !tab.Loads))
            {
                var upload = job.FirstUpload;
                if (upload?.Target is not { } target || job.Service is not { } service || targets.Contains((service, target)))
                {
                    continue;
                }

                bool? portable = null;
                if (service == "influxdb")
                {
                    portable = tabs.SelectMany(t => jobs[t.Tab]).Where(j => j.Runs).SelectMany(j => j.Dumps).FirstOrDefault(d => d.Step.Program == "influxd")?.Step.Portable;
                }

                targets.Add((service, target));
                services.Add((new Sla.BackedUpService(service, upload.Source!, target.Text, portable, deployed.Task), target));
            }
        }

        var path = Directory.EnumerateFiles(root).FirstOrDefault(f => string.Equals(Path.GetFileName(f), "backup_restore.md", StringComparison.OrdinalIgnoreCase));
        string? text = null;
        if (path is not null)
        {
            var source = SourceText.Read(path);
            if (source.Text is null)
            {
                found.Add(source.Problem!);
                return;
            }

            text = source.Text;
        }

        var repository = new RestorePlaybook(root);
        var sources = new Sla.RestoreSources(repository.FindScript, repository.Follow, scripts);
        found.AddRange(Sla.RestoreDocument.Check(text, path is null ? "backup_restore.md" : Path.GetFileName(path), services, sources));
    }

    /// <summary>backup_sla.md at the root (any case): read, with CPL5001-CPL5006 and CPL5010.</summary>
    private static Sla.SlaDocument? ReadSla(string root, CheckOptions options, List<Diagnostic> found)
    {
        var path = Directory.Exists(root) ? Directory.EnumerateFiles(root).FirstOrDefault(f => string.Equals(Path.GetFileName(f), "backup_sla.md", StringComparison.OrdinalIgnoreCase)) : null;
        if (path is null)
        {
            return null;
        }

        var source = SourceText.Read(path);
        if (source.Text is null)
        {
            found.Add(source.Problem!);
            return null;
        }

        var sla = Sla.SlaDocument.Parse(source.Text, Path.GetFileName(path));
        found.AddRange(sla.Diagnostics);
        var applied = Applied(options, sla);
        found.AddRange(Sla.SlaChecks.Check(sla, applied.Deadline, applied.DeadlineZone, applied.DeadlineSource));
        return sla;
    }

    /// <summary>The scripts the repository deploys with their text, by host path: what cron lines that call them run.</summary>
    internal static IReadOnlyDictionary<string, string> ScriptsOf(RepositoryScan scan)
    {
        ArgumentNullException.ThrowIfNull(scan);
        var scripts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in scan.Files)
        {
            if (file.Text is { } text)
            {
                scripts[file.Destination] = text;
            }
        }

        return scripts;
    }

    /// <summary>The targets whose retention the SLA promises (a period or a number of versions), with where it says so.</summary>
    private static List<(DuplicityTarget Target, string? Evidence)> RetentionByTarget(Sla.SlaDocument sla, List<(DeployedTab Deployed, CronTab Tab)> host, Dictionary<CronTab, IReadOnlyList<BackupJob>> jobs)
    {
        // By the target as written: one promise for each spelling, as the jobs spell it.
        var promised = new Dictionary<string, (DuplicityTarget, string?)>(StringComparer.Ordinal);
        var owner = SlaAgainstTabs.Owners(host.SelectMany(h => jobs[h.Tab]));
        foreach (var (_, tab) in host)
        {
            foreach (var job in jobs[tab])
            {
                if (job.FirstUpload?.Target is { IsOpaque: false } target && owner(job) is { } service && sla.Services.FirstOrDefault(s => s.Name == service) is { } promise)
                {
                    if ((Evidence(promise.RetentionPeriod?.Location, promise.RetentionPeriod?.Text) ?? Evidence(promise.FullVersions?.Location, promise.FullVersions?.Text) ?? Evidence(promise.Versions?.Location, promise.Versions?.Text)) is { } evidence)
                    {
                        promised[target.Text] = (target, evidence);
                    }
                }
            }
        }

        return [.. promised.Values];

        static string? Evidence(SourceLocation? where, string? words) => where is { } at ? $"{at.File}:{at.Line} \"{words}\"" : null;
    }

    private static List<(DuplicityTarget Target, TimeSpan Objective)> RposByTarget(Sla.SlaDocument sla, List<(DeployedTab Deployed, CronTab Tab)> host, Dictionary<CronTab, IReadOnlyList<BackupJob>> jobs)
    {
        var rpos = new Dictionary<string, (DuplicityTarget, TimeSpan)>(StringComparer.Ordinal);
        foreach (var (_, tab) in host)
        {
            foreach (var job in jobs[tab])
            {
                if (job.FirstUpload?.Target is { } target && job.Service is { } service && sla.Services.FirstOrDefault(s => s.Name == service)?.Rpo is { } rpo)
                {
                    rpos[target.Text] = (target, rpo.Value);
                }
            }
        }

        return [.. rpos.Values];
    }

    /// <summary>
    /// The tabs one host gets together. Where the inventory placed tabs on hosts: per host, its tabs and every tab that
    /// goes everywhere. Tabs no inventory host decides are grouped by their gates' text, each with the ungated ones.
    /// </summary>
    private static List<List<(DeployedTab Deployed, CronTab Tab)>> Hosts(List<(DeployedTab Deployed, CronTab Tab)> tabs)
    {
        var everywhere = tabs.Where(t => t.Deployed.Hosts.Count == 0 && t.Deployed.Gates.Count == 0).ToList();
        var hosts = tabs.SelectMany(t => t.Deployed.Hosts).Distinct(StringComparer.Ordinal).ToList();
        var gated = tabs.Where(t => t.Deployed.Hosts.Count == 0 && t.Deployed.Gates.Count > 0).GroupBy(t => string.Join(" and ", t.Deployed.Gates)).ToList();
        var groups = new List<List<(DeployedTab Deployed, CronTab Tab)>>();
        foreach (var host in hosts)
        {
            groups.Add([.. everywhere, .. tabs.Where(t => t.Deployed.Hosts.Contains(host))]);
        }

        foreach (var group in gated)
        {
            groups.Add([.. everywhere, .. group]);
        }

        if (groups.Count == 0)
        {
            groups.Add(everywhere);
        }

        // Hosts that get the same tabs are analysed once: their findings would be the same.
        return [.. groups.DistinctBy(g => string.Join("\n", g.Select(t => RuntimeHelpers.GetHashCode(t.Deployed)).Order()))];
    }

    private static void CheckInstall(DeployedTab deployed, List<Diagnostic> found)
    {
        if (deployed.IsUserCrontab)
        {
            return;
        }

        var problems = new List<string>();
        if (deployed.Owner is { } owner && owner != "root" && owner != "0")
        {
            problems.Add($"owner {owner}");
        }

        if (deployed.Mode is { } mode && ModeBits(mode) is { } bits && (bits & 0x12) != 0)
        {
            problems.Add($"mode {mode} lets others than root write it");
        }

        if (problems.Count > 0)
        {
            found.Add(DiagnosticCatalog.CPL6004.Create(
                deployed.Task,
                $"{deployed.Destination} is installed with {string.Join(" and ", problems)}: the daemon refuses a cron tab that is not root's or that others can write, and runs none of its jobs",
                "owner: root, group: root, mode: '0644'"));
        }

        if (!DaemonReadsName(deployed.Name) && deployed.Destination.StartsWith("/etc/cron.d/", StringComparison.Ordinal))
        {
            var suggestion = string.Concat(deployed.Name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-'));
            found.Add(DiagnosticCatalog.CPL6006.Create(
                deployed.Task,
                $"{deployed.Destination}: the daemon skips cron.d files whose names hold anything but letters, digits, '-' and '_', so none of its jobs runs",
                $"dest: /etc/cron.d/{suggestion}"));
        }
    }

    /// <summary>
    /// CPL6006 (info): where the repository names its backup tabs after their service (<c>mysql-backup</c>), a tab that
    /// backs up one service under another name breaks the pattern a reader, and the lab's instructions, look for.
    /// </summary>
    private static void CheckNames(List<(DeployedTab Deployed, CronTab Tab)> parsed, Dictionary<CronTab, IReadOnlyList<BackupJob>> jobs, List<Diagnostic> found)
    {
        var owned = parsed
            .Where(p => p.Deployed.Destination.StartsWith("/etc/cron.d/", StringComparison.Ordinal) && DaemonReadsName(p.Deployed.Name))
            .Select(p => (p.Deployed, Services: jobs.TryGetValue(p.Tab, out var tabJobs) ? tabJobs.Where(j => j.Dumps.Any() || j.Uploads.Any()).Select(j => j.Service).Distinct().ToList() : []))
            .Where(p => p.Services is [{ }])
            .DistinctBy(p => p.Deployed.Destination)
            .ToList();
        var following = owned.Where(p => p.Deployed.Name == p.Services[0] + "-backup").ToList();
        if (following.Count == 0)
        {
            return;
        }

        foreach (var (deployed, services) in owned.Where(p => p.Deployed.Name != p.Services[0] + "-backup" && following.All(f => f.Services[0] != p.Services[0])))
        {
            found.Add(DiagnosticCatalog.CPL6006.Create(
                deployed.Task,
                $"{deployed.Destination} backs up {services[0]}, but the repository names its other backup tabs after their service ({following[0].Deployed.Destination}): {services[0]}'s is expected at /etc/cron.d/{services[0]}-backup",
                $"dest: /etc/cron.d/{services[0]}-backup",
                severity: DiagnosticSeverity.Info));
        }
    }

    private static bool DaemonReadsName(string name) => name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static int? ModeBits(string mode) =>
        mode.Length > 0 && mode.All(c => c is >= '0' and <= '7') ? Convert.ToInt32(mode, 8) : null;

    /// <summary>
    /// CPL6001/CPL6002/CPL6016 for the credentials the dumps read (the dump user's home <c>.my.cnf</c>, or the
    /// <c>--defaults-file</c> a dump names), judged on each file's end state; CPL6014 for another account's
    /// <c>.my.cnf</c> readable by others than its owner. Returns whether the dumps' file sets no_tablespaces (null when unknown).
    /// </summary>
    private static bool? CheckMyCnf(RepositoryScan scan, List<(DeployedTab Deployed, CronTab Tab)> tabs, Dictionary<CronTab, IReadOnlyList<BackupJob>> jobs, List<Diagnostic> found)
    {
        // The dumps as the job model reads them: in the cron line, chained, or inside a script the line calls.
        var dumps = tabs.SelectMany(t => jobs.GetValueOrDefault(t.Tab, [])
                .SelectMany(j => j.Dumps.Where(d => d.Step.Program is "mysqldump" or "mariadb-dump").Select(d => (t.Deployed, Job: j.Cron, d.Step))))
            .ToList();
        var read = new Dictionary<string, string>(StringComparer.Ordinal); // path the dumps read -> user
        foreach (var (deployed, job, step) in dumps)
        {
            var user = job.User ?? (deployed.IsUserCrontab && deployed.Destination.StartsWith("crontab of ", StringComparison.Ordinal) ? deployed.Destination["crontab of ".Length..] : "backup");
            var home = scan.Homes.GetValueOrDefault(user) ?? (user == "root" ? "/root" : "/home/" + user);
            var path = step.DefaultsFile ?? home + "/.my.cnf";
            read.TryAdd(path.StartsWith("~/", StringComparison.Ordinal) ? home + path[1..] : path, user);
        }

        bool IsUnresolved(FileEndState f) => f.Path.Contains("{{", StringComparison.Ordinal) && f.Path.EndsWith(".my.cnf", StringComparison.Ordinal);
        var theirs = scan.EndStates.Where(f => read.ContainsKey(f.Path) || (read.Count > 0 && IsUnresolved(f))).ToList();
        foreach (var other in scan.EndStates.Where(f => !theirs.Contains(f) && Path.GetFileName(f.Path) == ".my.cnf"))
        {
            if (other.Mode is null || other.Mode.Value.OthersRead == true)
            {
                var owner = other.Owner is { } named ? $"owner {named}" : "owner root: no task sets one";
                var how = other.Mode is { } mode ? $"mode {FileEndState.Describe(mode)} lets the group or others read the password" : "no task sets its mode: the umask decides, usually 0644, readable by every user";
                found.Add(DiagnosticCatalog.CPL6014.Create(other.Task, $"{other.Path} ({owner}) holds database credentials the backup jobs do not use, and {how}", "mode: '0600'", ["only the account it belongs to needs to read it: give the task that account as owner and mode '0600'"]));
            }
        }

        if (dumps.Count == 0)
        {
            return null;
        }

        foreach (var user in read.Values.Distinct(StringComparer.Ordinal))
        {
            var paths = read.Where(p => p.Value == user).Select(p => p.Key).ToList();
            if (!theirs.Any(f => paths.Contains(f.Path) || IsUnresolved(f)))
            {
                found.Add(DiagnosticCatalog.CPL6002.Create(
                    dumps[0].Deployed.Task,
                    $"mysqldump runs as {user}, but no task writes {string.Join(" or ", paths)}: the dump has no credentials and fails with 'Access denied'",
                    notes: [$"write {paths[0]} with the backup user's credentials, owner {user}, mode '0600'"]));
            }
        }

        foreach (var file in theirs)
        {
            var user = read.GetValueOrDefault(file.Path) ?? read.Values.First();
            var problems = new List<string>();
            if (file.Mode is { } mode && mode.OthersAccess == true)
            {
                problems.Add($"mode {FileEndState.Describe(mode)} lets the group or others read the password");
            }
            else if (file.Mode is null)
            {
                problems.Add("no mode: the umask decides, usually 0644, readable by every user");
            }

            if (file.Owner is { } owner && owner != user)
            {
                problems.Add($"owner {owner}, not {user}");
            }

            if (problems.Count > 0)
            {
                found.Add(DiagnosticCatalog.CPL6001.Create(file.Task, $"{file.Path}: {string.Join("; ", problems)}", $"owner: {user}, mode: '0600'"));
                continue;
            }

            foreach (var open in file.OpenWrites)
            {
                found.Add(DiagnosticCatalog.CPL6016.Create(
                    open,
                    $"{file.Path} is written here without a mode that keeps it private: until a later task sets mode {FileEndState.Describe(file.Mode!.Value)}, every user can read the password (and if the play stops in between, it stays so)",
                    $"mode: '{FileEndState.Describe(file.Mode!.Value)}'",
                    ["give the writing task the owner and mode itself"]));
            }
        }

        bool SetsNoTablespaces(string text) => text.Contains("no_tablespaces", StringComparison.Ordinal) || text.Contains("no-tablespaces", StringComparison.Ordinal);
        return theirs.Any(f => f.Content is { } text && SetsNoTablespaces(text)) ? true
            : theirs.Count > 0 && theirs.All(f => f.Content is not null) ? false
            : null;
    }

    /// <summary>Moves a finding on a rendered tab to the template, file or task line it came from.</summary>
    private static Diagnostic AtSource(Diagnostic finding, DeployedTab deployed, TextLines texts)
    {
        var (location, rendered) = SourceOf(finding.Location, deployed, texts);
        var notes = rendered is null ? finding.Notes : [.. finding.Notes, rendered];
        return new Diagnostic(finding.Id, finding.Severity, finding.Message, location, finding.Fix, notes);
    }

    /// <summary>
    /// Where a location in a rendered tab was written: the template's line (same columns when the line rendered
    /// unchanged, with a note quoting the rendered line otherwise), or the installing task.
    /// </summary>
    private static (SourceLocation Location, string? RenderedNote) SourceOf(SourceLocation location, DeployedTab deployed, TextLines texts)
    {
        var line = location.Line;
        if (line < 1 || line > deployed.Lines.Count)
        {
            return (deployed.Task, null);
        }

        var source = deployed.Lines[line - 1];
        var rendered = texts.Rendered(deployed, line);
        var sameText = deployed.Source is not null && texts.Source(deployed.Source, source.Line) == rendered;
        return sameText
            ? (new SourceLocation(source.File, source.Line, location.Column, source.Line + (location.EndLine - location.Line), location.EndColumn), null)
            : (source, deployed.Source is null ? null : $"rendered line {line} of {deployed.Destination}: {rendered}");
    }

    /// <summary>The lines of template files and rendered tabs, each split once however many findings point into them.</summary>
    private sealed class TextLines(string root)
    {
        private readonly Dictionary<string, string[]> _files = new(StringComparer.Ordinal);
        private readonly Dictionary<DeployedTab, string[]> _rendered = new(ReferenceEqualityComparer.Instance);

        public string? Source(string relative, int line)
        {
            if (!_files.TryGetValue(relative, out var lines))
            {
                var path = Path.Combine(root, relative);
                lines = SourceText.Read(path).Text?.Split('\n') ?? [];
                _files[relative] = lines;
            }

            return line >= 1 && line <= lines.Length ? lines[line - 1] : null;
        }

        public string Rendered(DeployedTab tab, int line)
        {
            if (!_rendered.TryGetValue(tab, out var lines))
            {
                lines = tab.Text.Split('\n');
                _rendered[tab] = lines;
            }

            return line >= 1 && line <= lines.Length ? lines[line - 1] : "";
        }
    }
}
