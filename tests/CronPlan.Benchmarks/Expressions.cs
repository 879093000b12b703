namespace CronPlan.Benchmarks;

/// <summary>The same expressions for every engine: all valid in Debian cron, Cronos and NCrontab alike.</summary>
internal static class Expressions
{
    public static readonly string[] Mixed =
    [
        "30 2 * * *",
        "*/5 * * * *",
        "0 0 1 * *",
        "15 3 * * 1-5",
        "0 */2 * * *",
        "10 23 * * 0",
        "0 0 29 2 *",
        "5,35 1-4 * jan-mar *",
    ];
}
