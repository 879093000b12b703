using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using CronPlan.Cron;

namespace CronPlan.Benchmarks;

/// <summary>
/// Shortest and longest gap over the 400-year cycle: CronPlan's exact analysis against the obvious alternative,
/// enumerating every run and comparing neighbours.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 2, iterationCount: 5)]
public class CycleBenchmarks
{
    private static readonly DateTimeOffset CycleStart = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset CycleEnd = new(2400, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Params("30 2 * * *", "* * * * *")]
    public string Expression { get; set; } = "";

    private CronSchedule _schedule = null!;

    [GlobalSetup]
    public void Setup() => _schedule = CronSchedule.Parse(Expression);

    [Benchmark(Baseline = true, Description = "CronPlan AnalyzeCycle (400 years, UTC)")]
    public TimeSpan Analyze() => _schedule.AnalyzeCycle(TimeZoneInfo.Utc, 2000).Longest!.Length;

    [Benchmark(Description = "Enumerate every run and compare neighbours")]
    public TimeSpan Enumerate()
    {
        var longest = TimeSpan.Zero;
        var shortest = TimeSpan.MaxValue;
        DateTimeOffset? previous = null;
        foreach (var run in _schedule.RunsAfter(CycleStart.AddMinutes(-1), TimeZoneInfo.Utc))
        {
            if (previous is { } p)
            {
                var gap = run.At - p;
                longest = gap > longest ? gap : longest;
                shortest = gap < shortest ? gap : shortest;
            }

            if (run.At >= CycleEnd)
            {
                break;
            }

            previous = run.At;
        }

        return longest;
    }
}
