namespace CronPlan.Cron;

/// <summary>One start of a job by the daemon.</summary>
/// <param name="At">When the daemon starts the job, with the zone's offset at that moment.</param>
/// <param name="Scheduled">The wall-clock minute the schedule matched. It differs from <see cref="At"/> only for a catch-up run.</param>
/// <param name="IsCatchUp">The matched minute was skipped by a spring-forward jump and the daemon ran the job right after the jump.</param>
public readonly record struct CronRun(DateTimeOffset At, DateTime Scheduled, bool IsCatchUp)
{
    /// <summary>ISO-8601 with offset, to the second: <c>2021-03-28T04:00:00+03:00</c>.</summary>
    public override string ToString() => Iso(At);

    /// <summary>The form every CronPlan output uses for a moment: ISO-8601 with seconds and offset.</summary>
    public static string Iso(DateTimeOffset moment) => moment.ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);
}
