using BenchmarkDotNet.Attributes;
using CronPlan.Compilation;
using CronPlan.Plans;

namespace CronPlan.Benchmarks;

/// <summary>
/// Compiling a plan and analysing what it wrote (28 years of runs per host): the lab's two services, and a generated
/// fleet of 5 services on 20 and on 200 hosts, to show how the time grows with the fleet.
/// </summary>
[MemoryDiagnoser]
public class CompileBenchmarks
{
    private static readonly string[] Services = ["mysql", "postgres", "influxdb", "files", "mail"];

    private BackupPlan _lab = null!;
    private BackupPlan _fleet = null!;

    [Params(20, 200)]
    public int Hosts { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // The repository: above the benchmark's binaries, or the current directory when run from elsewhere.
        var root = AppContext.BaseDirectory;
        while (root is not null && !File.Exists(Path.Combine(root, "CronPlan.sln")))
        {
            root = Path.GetDirectoryName(root);
        }

        root ??= Directory.GetCurrentDirectory();

        _lab = BackupPlan.Load(Path.Combine(root, "samples", "lab10", "cronplan.yaml")).Plan!;
        var hosts = Enumerable.Range(1, Hosts).Select(i => $"host{i:000}").ToArray();
        var fleet = new BackupPlanBuilder()
            .User("backup")
            .Environment("MAILTO", "ops@example.org")
            .Window("21:00", "05:00")
            .BackupServer("rsync://backups@vault.example.org");
        foreach (var service in Services)
        {
            fleet.Service(service, s => s
                .Hosts(hosts)
                .Dump($"tar -czf /home/backup/{service}/{service}.tar.gz /srv/{service}", TimeSpan.FromMinutes(10))
                .Upload($"/home/backup/{service}/", service, TimeSpan.FromMinutes(20), FullBackupPolicy.Weekly(DayOfWeek.Sunday), encryptKey: "3A8F6C21D0B94E57")
                .KeepFullChains(4)
                .Rpo(TimeSpan.FromHours(24)));
        }

        _fleet = fleet.Build();
    }

    [Benchmark(Description = "lab10 plan: compile and analyse")]
    public int Lab() => Compiler.Compile(_lab).Tabs.Count;

    [Benchmark(Description = "fleet of 5 services per host: compile and analyse")]
    public int Fleet()
    {
        var result = Compiler.Compile(_fleet);
        return result.Succeeded ? result.Tabs.Count : throw new InvalidOperationException(string.Join("\n", result.Diagnostics));
    }
}
