using CronPlan.Cron;
using CronPlan.Plans;
using CronPlan.Tabs;

namespace CronPlan.FluentAssertions;

/// <summary>The entry points: <c>tab.Should()</c>, <c>schedule.Should()</c>, <c>plan.Should()</c>.</summary>
public static class CronPlanAssertionExtensions
{
    /// <summary>Assertions on a parsed cron tab.</summary>
    public static CronTabAssertions Should(this CronTab tab) => new(tab);

    /// <summary>Assertions on one schedule.</summary>
    public static CronScheduleAssertions Should(this CronSchedule schedule) => new(schedule);

    /// <summary>Assertions on a backup plan.</summary>
    public static BackupPlanAssertions Should(this BackupPlan plan) => new(plan);
}
