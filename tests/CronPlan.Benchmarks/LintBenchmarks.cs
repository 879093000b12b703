using BenchmarkDotNet.Attributes;
using CronPlan.Tabs;

namespace CronPlan.Benchmarks;

/// <summary>
/// Linting a large cron tab against merely reading it and splitting it into lines, at two sizes to show that the
/// time grows linearly.
/// </summary>
[MemoryDiagnoser]
[GcConcurrent(false)] // as the cronplan tool runs (CronPlan.Cli.csproj); both methods are measured alike
public class LintBenchmarks
{
    private static readonly string[] Schedules =
    [
        "10 23 * * *", "15 23 * * *", "30 23 * * 0", "30 23 * * 1-6", "45 23 * * 0", "*/5 * * * *", "0 */2 * * *",
        "0 0 1 * *", "@daily", "@hourly", "5 4 * * sun", "0 12 * jan-mar mon-fri", "20 2 1,15 * *", "0 0 13 * 5",
    ];

    private static readonly string[] Commands =
    [
        "mysqldump agama > /home/backup/mysql/agama.sql",
        "duplicity --no-encryption incremental /home/backup/mysql/ rsync://elvis@backup.example.org/mysql",
        "rm -rf /home/backup/influxdb/*; influxd backup -portable -database telegraf /home/backup/influxdb",
        "date +\\%F >> /var/log/stamp.log 2>&1",
        "/usr/local/bin/report --quiet",
    ];

    [Params(10_000, 100_000)]
    public int Lines { get; set; }

    private string _path = "";

    [GlobalSetup]
    public void Setup()
    {
        _path = Path.Combine(Path.GetTempPath(), $"cronplan-bench-{Lines}");
        var text = new System.Text.StringBuilder("SHELL=/bin/sh\nMAILTO=\"\"\n");
        for (var i = 2; i < Lines; i++)
        {
            text.Append(i % 50 == 0 ? "# section\n" : $"{Schedules[i % Schedules.Length]} backup {Commands[i % Commands.Length]} --run {i}\n");
        }

        File.WriteAllText(_path, text.ToString());
    }

    [GlobalCleanup]
    public void Cleanup() => File.Delete(_path);

    [Benchmark(Baseline = true, Description = "read the file and split it into lines")]
    public int ReadAndSplit() => File.ReadAllText(_path).Split('\n').Length;

    [Benchmark(Description = "CronPlan: read, parse and lint")]
    public int Lint()
    {
        var source = CronTabSource.Read(_path);
        var tab = CronTab.Parse(source.Text!, new CronTabOptions(), _path);
        return CronTabLinter.Lint(tab, new CronTabLintOptions(TimeZoneInfo.Utc, DateTimeOffset.UnixEpoch)).Count;
    }
}
