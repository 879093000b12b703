using BenchmarkDotNet.Attributes;
using CronPlan.Cron;

namespace CronPlan.Benchmarks;

/// <summary>The next run after a moment, for the same eight pre-parsed expressions, in UTC and in a DST zone.</summary>
[MemoryDiagnoser]
public class NextRunBenchmarks
{
    private static readonly TimeZoneInfo Tallinn = TimeZoneInfo.FindSystemTimeZoneById("Europe/Tallinn");
    private static readonly DateTimeOffset From = new(2021, 3, 27, 21, 17, 0, TimeSpan.Zero);

    private CronSchedule[] _ours = [];
    private global::Cronos.CronExpression[] _cronos = [];
    private global::NCrontab.CrontabSchedule[] _ncrontab = [];

    [GlobalSetup]
    public void Setup()
    {
        _ours = Expressions.Mixed.Select(e => CronSchedule.Parse(e)).ToArray();
        _cronos = Expressions.Mixed.Select(e => global::Cronos.CronExpression.Parse(e)).ToArray();
        _ncrontab = Expressions.Mixed.Select(e => global::NCrontab.CrontabSchedule.Parse(e)).ToArray();
        foreach (var s in _ours)
        {
            s.NextRun(From, Tallinn);
        }
    }

    [Benchmark(Baseline = true, Description = "CronPlan NextRun, UTC")]
    public long CronPlanUtc()
    {
        long sum = 0;
        foreach (var s in _ours)
        {
            sum += s.NextRun(From, TimeZoneInfo.Utc)!.Value.At.Ticks;
        }

        return sum;
    }

    [Benchmark(Description = "Cronos GetNextOccurrence, UTC")]
    public long CronosUtc()
    {
        long sum = 0;
        foreach (var c in _cronos)
        {
            sum += c.GetNextOccurrence(From, TimeZoneInfo.Utc)!.Value.Ticks;
        }

        return sum;
    }

    [Benchmark(Description = "NCrontab GetNextOccurrence, UTC")]
    public long NCrontabUtc()
    {
        long sum = 0;
        foreach (var c in _ncrontab)
        {
            sum += c.GetNextOccurrence(From.UtcDateTime).Ticks;
        }

        return sum;
    }

    [Benchmark(Description = "CronPlan NextRun, Europe/Tallinn")]
    public long CronPlanZoned()
    {
        long sum = 0;
        foreach (var s in _ours)
        {
            sum += s.NextRun(From, Tallinn)!.Value.At.Ticks;
        }

        return sum;
    }

    [Benchmark(Description = "Cronos GetNextOccurrence, Europe/Tallinn")]
    public long CronosZoned()
    {
        long sum = 0;
        foreach (var c in _cronos)
        {
            sum += c.GetNextOccurrence(From, Tallinn)!.Value.Ticks;
        }

        return sum;
    }
}
