using BenchmarkDotNet.Attributes;
using CronPlan.Cron;

namespace CronPlan.Benchmarks;

/// <summary>Parsing the same eight expressions with each engine.</summary>
[MemoryDiagnoser]
public class ParseBenchmarks
{
    [Benchmark(Baseline = true, Description = "CronPlan: CronSchedule.Parse")]
    public int CronPlan()
    {
        var n = 0;
        foreach (var e in Expressions.Mixed)
        {
            n += CronSchedule.Parse(e).IsWildcardTime ? 1 : 0;
        }

        return n;
    }

    [Benchmark(Description = "Cronos: CronExpression.Parse")]
    public int Cronos()
    {
        var n = 0;
        foreach (var e in Expressions.Mixed)
        {
            n += global::Cronos.CronExpression.Parse(e).GetHashCode() & 1;
        }

        return n;
    }

    [Benchmark(Description = "NCrontab: CrontabSchedule.Parse")]
    public int NCrontab()
    {
        var n = 0;
        foreach (var e in Expressions.Mixed)
        {
            n += global::NCrontab.CrontabSchedule.Parse(e).GetHashCode() & 1;
        }

        return n;
    }
}
