using System.Text;
using CronPlan.Diagnostics;
using CronPlan.Plans;
using CronPlan.Time;

namespace CronPlan.Scheduling;

/// <summary>What a planned job does.</summary>
public enum BackupJobKind
{
    /// <summary>Writes the local dump.</summary>
    Dump,

    /// <summary>Ships the dump directory with duplicity.</summary>
    Upload,

    /// <summary>Prunes old backups on the target.</summary>
    Retention,
}

/// <summary>A job with its start: minutes after the host's midnight of the evening its night begins (past 1440 is the next day).</summary>
/// <param name="Host">The host that runs it (empty for the plan's single host).</param>
/// <param name="Service">The service.</param>
/// <param name="Kind">Dump, upload or retention.</param>
/// <param name="Start">Its start minute in the night.</param>
/// <param name="Minutes">Its worst-case duration, rounded up to whole minutes.</param>
public sealed record PlannedJob(string Host, PlanService Service, BackupJobKind Kind, int Start, int Minutes)
{
    /// <summary>The minute by which it has ended at the latest.</summary>
    public int End => Start + Minutes;

    /// <summary><c>service.kind</c>, as <c>after:</c> names it.</summary>
    public string Name => $"{Service.Name}.{Kind.ToString().ToLowerInvariant()}";
}

/// <summary>Start minutes for every job of a plan, or why there are none (CPL3006).</summary>
/// <param name="Jobs">Every job, in start order.</param>
/// <param name="WindowStart">The window's start in the host's minutes (the first night).</param>
/// <param name="WindowEnd">The window's end in the host's minutes; past 1440 when it crosses midnight.</param>
/// <param name="Diagnostics">CPL3006 when nothing fits.</param>
public sealed record PlanSchedule(IReadOnlyList<PlannedJob> Jobs, int WindowStart, int WindowEnd, IReadOnlyList<Diagnostic> Diagnostics);

/// <summary>
/// Orders and places a plan's jobs: every upload after its dump's worst-case end, retention after the upload, every
/// job inside the window in every offset, one duplicity run per target at a time (and one upload per backup server
/// when the plan says so), chains spread over the window by a stable hash of host and service, like Jenkins' H.
/// </summary>
public static class Scheduler
{
    /// <summary>Places the jobs of <paramref name="plan"/>; the year picks the DST rules (default: the deploy year, else the year analyses start in when no deploy is given).</summary>
    public static PlanSchedule Schedule(BackupPlan plan, int? year = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var window = NightWindow.For(plan.Window, plan.HostZone, Math.Clamp(year ?? plan.Deploy?.Year ?? ReferenceStart.Year, InputLimits.FirstYear, InputLimits.LastYear));
        if (window.End - window.Start <= 0)
        {
            return new PlanSchedule([], window.Start, window.End, [DiagnosticCatalog.CPL3006.Create(
                plan.Services.FirstOrDefault()?.Location ?? new SourceLocation(plan.Path, 1, 1, 1, 1),
                $"the window {Describe(plan)} has no minute that lies inside it under every UTC offset of its zone and the host's")]);
        }

        var chains = Chains(plan);
        var spread = Place(plan, window, chains, spreadChains: true);
        if (spread.Failure is null)
        {
            return new PlanSchedule(spread.Jobs, window.Start, window.End, []);
        }

        var packed = Place(plan, window, chains, spreadChains: false);
        return packed.Failure is null
            ? new PlanSchedule(packed.Jobs, window.Start, window.End, [])
            : new PlanSchedule([], window.Start, window.End, [packed.Failure]);
    }

    private sealed record Chain(string Host, PlanService Service, IReadOnlyList<(BackupJobKind Kind, int Minutes, int Slot, SourceLocation Location)> Steps);

    private static List<Chain> Chains(BackupPlan plan)
    {
        var chains = new List<Chain>();
        foreach (var service in plan.Services)
        {
            var steps = new List<(BackupJobKind, int, int, SourceLocation)>();
            if (service.Dump is { } dump)
            {
                steps.Add((BackupJobKind.Dump, Minutes(dump.Takes), Slot(dump.Takes), dump.Location));
            }

            if (service.Upload is { } upload)
            {
                steps.Add((BackupJobKind.Upload, Minutes(upload.Takes), Slot(upload.Takes), upload.Location));
                if (service.Retention is { } retention)
                {
                    steps.Add((BackupJobKind.Retention, Minutes(retention.Takes), Slot(retention.Takes), retention.Location));
                }
            }

            foreach (var host in service.Hosts.Count == 0 ? [""] : service.Hosts)
            {
                chains.Add(new Chain(host, service, steps));
            }
        }

        return chains;
    }

    private static int Minutes(TimeSpan takes) => (int)Math.Clamp(Math.Ceiling(takes.TotalMinutes), 1, InputLimits.LongestStep.TotalMinutes);

    /// <summary>
    /// Minutes from a step's start to the first minute strictly after its worst-case end: what follows it (the next step,
    /// the next duplicity run on the target) starts then. Cron starts a job a moment into its minute, so a 5-minute dump
    /// started at 22:00 may still be writing at 22:05:00; its upload starts at 22:06.
    /// </summary>
    private static int Slot(TimeSpan takes) => (int)Math.Clamp(Math.Floor(takes.TotalMinutes), 0, InputLimits.LongestStep.TotalMinutes) + 1;

    private sealed record Placement(List<PlannedJob> Jobs, Diagnostic? Failure);

    private static Placement Place(BackupPlan plan, NightWindow window, List<Chain> chains, bool spreadChains)
    {
        var length = window.End - window.Start;

        // Chains that others wait for ('after') go first; then by their spread start, host and service: deterministic.
        var preferred = chains.ToDictionary(c => c, c =>
        {
            var slack = length - c.Steps.Sum(s => s.Slot);
            return spreadChains && slack > 1 ? (int)(StableHash(c.Host + "/" + c.Service.Name) % (uint)((slack / 2) + 1)) : 0;
        });
        var ordered = TopologicalOrder(chains).ThenBy(c => preferred[c]).ThenBy(c => c.Host, StringComparer.Ordinal).ThenBy(c => c.Service.Name, StringComparer.Ordinal).ToList();

        var busy = new Dictionary<string, List<(int Start, int End, string Who)>>(StringComparer.Ordinal);
        var placed = new List<PlannedJob>();
        var ends = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var chain in ordered)
        {
            var earliest = window.Start + preferred[chain];
            var reason = preferred[chain] == 0 ? $"the window starts at {NightClock.Format(window.Start)}" : $"the spread start of {Label(chain)} is {NightClock.Format(earliest)}";
            foreach (var reference in chain.Service.After)
            {
                var key = chain.Host + "|" + reference;
                var end = ends.TryGetValue(key, out var e) ? e : ends.Where(p => p.Key.EndsWith("|" + reference, StringComparison.Ordinal)).Select(p => p.Value).DefaultIfEmpty(int.MinValue).Max();
                if (end > earliest)
                {
                    earliest = end;
                    reason = $"it waits for {reference}, which ends at {NightClock.Format(end)}";
                }
            }

            foreach (var (kind, minutes, slot, location) in chain.Steps)
            {
                var resources = Resources(plan, chain.Service, kind, chain.Host);
                var start = earliest;
                var why = reason;
                while (true)
                {
                    var conflict = Conflict(busy, resources, start, start + slot) ?? Forbidden(window, start, start + minutes);
                    if (conflict is null)
                    {
                        break;
                    }

                    start = conflict.Value.Until;
                    why = conflict.Value.Why;
                }

                if (start + minutes > window.End)
                {
                    var name = $"services.{chain.Service.Name}.{kind.ToString().ToLowerInvariant()}";
                    return new Placement(placed, DiagnosticCatalog.CPL3006.Create(
                        location,
                        $"{name}{(chain.Host.Length > 0 ? $" on {chain.Host}" : "")} does not fit: it can start at {NightClock.Format(start)} at the earliest ({why}) and takes {minutes}m, so it ends at {NightClock.Format(start + minutes)}, after the deadline {NightClock.Format(window.End)} (window {Describe(plan)})",
                        notes: [
                            $"the window holds {length} minutes in the host's zone; this service's chain needs {chain.Steps.Sum(s => s.Minutes)}",
                            "shorten a worst-case duration, move the window's start earlier, or let uploads run side by side (one_upload_at_a_time: false)",
                        ]));
                }

                var job = new PlannedJob(chain.Host, chain.Service, kind, start, minutes);
                placed.Add(job);
                foreach (var resource in resources)
                {
                    if (!busy.TryGetValue(resource, out var list))
                    {
                        busy[resource] = list = [];
                    }

                    list.Add((start, start + slot, job.Name + (chain.Host.Length > 0 ? " on " + chain.Host : "")));
                }

                ends[chain.Host + "|" + job.Name] = start + slot;
                ends[chain.Host + "|" + chain.Service.Name] = start + slot;
                earliest = start + slot;
                reason = $"after {job.Name}, which may run until {NightClock.Format(job.End)}";
            }
        }

        return new Placement([.. placed.OrderBy(j => j.Start).ThenBy(j => j.Host, StringComparer.Ordinal).ThenBy(j => j.Service.Name, StringComparer.Ordinal).ThenBy(j => j.Kind)], null);
    }

    /// <summary>Chains in an order where every chain comes after those its 'after' names (the plan reader rejects cycles).</summary>
    private static IOrderedEnumerable<Chain> TopologicalOrder(List<Chain> chains)
    {
        var depth = new Dictionary<string, int>(StringComparer.Ordinal);
        var byName = chains.GroupBy(c => c.Service.Name).ToDictionary(g => g.Key, g => g.First().Service, StringComparer.Ordinal);
        int Depth(PlanService service, int guard)
        {
            if (depth.TryGetValue(service.Name, out var known))
            {
                return known;
            }

            var value = guard > byName.Count ? 0 : service.After.Select(a => byName.TryGetValue(a.Split('.')[0], out var s) ? Depth(s, guard + 1) + 1 : 0).DefaultIfEmpty(0).Max();
            depth[service.Name] = value;
            return value;
        }

        return chains.OrderBy(c => Depth(c.Service, 0));
    }

    private static List<string> Resources(BackupPlan plan, PlanService service, BackupJobKind kind, string host)
    {
        if (kind == BackupJobKind.Dump || service.Upload is null)
        {
            return [];
        }

        var url = plan.TargetUrl(service.Upload, host);
        var resources = new List<string> { "target " + url };
        if (plan.OneUploadAtATime && Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            resources.Add("server " + uri.Host);
        }

        return resources;
    }

    private static (int Until, string Why)? Conflict(Dictionary<string, List<(int Start, int End, string Who)>> busy, List<string> resources, int start, int end)
    {
        foreach (var resource in resources)
        {
            if (busy.TryGetValue(resource, out var list))
            {
                foreach (var (s, e, who) in list)
                {
                    if (s < end && start < e)
                    {
                        var what = resource.StartsWith("server", StringComparison.Ordinal) ? $"the backup server {resource[7..]} is busy with {who}" : $"duplicity's target is locked by {who}";
                        return (e, $"{what} until {NightClock.Format(e)}");
                    }
                }
            }
        }

        return null;
    }

    private static (int Until, string Why)? Forbidden(NightWindow window, int start, int end)
    {
        for (var minute = start; minute < end; minute++)
        {
            if (window.Forbidden.Contains(NightClock.MinuteOfDay(minute)))
            {
                var until = minute + 1;
                while (window.Forbidden.Contains(NightClock.MinuteOfDay(until)))
                {
                    until++;
                }

                return (until, $"the host's clock skips or repeats {NightClock.Format(minute)}-{NightClock.Format(until)} on its DST days");
            }
        }

        return null;
    }

    private static string Label(Chain chain) => chain.Host.Length > 0 ? $"{chain.Service.Name} on {chain.Host}" : chain.Service.Name;

    private static string Describe(BackupPlan plan) =>
        $"{NightClock.Format(plan.Window.Start)}-{NightClock.Format(plan.Window.Deadline)} {NightClock.ZoneName(plan.Window.Zone)}, cron in {NightClock.ZoneName(plan.HostZone)}";

    /// <summary>FNV-1a over UTF-8: the same on every machine and every run, unlike string.GetHashCode.</summary>
    internal static uint StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = (hash ^ b) * 16777619u;
        }

        return hash;
    }
}
