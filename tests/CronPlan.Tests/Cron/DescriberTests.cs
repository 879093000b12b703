using CronPlan.Cron;

namespace CronPlan.Tests.Cron;

[TestFixture]
public sealed class DescriberTests
{
    [TestCase("30 2 * * *",       "At 02:30, every day.")]
    [TestCase("* * * * *",        "Every minute, every day.")]
    [TestCase("*/15 * * * *",     "Every 15 minutes of every hour, every day.")]
    [TestCase("*/7 * * * *",      "Every 7 minutes from :00 to :56 of every hour (the last gap before the hour is 4 minutes), every day.")]
    [TestCase("* 3 * * *",        "Every minute during 03:00-03:59, every day.")]
    [TestCase("0 0 13 * 5",       "At 00:00, on day 13 of the month and also on Fridays (either one: cron ORs the two day fields when neither starts with '*').")]
    [TestCase("0 0 */2 * 0",      "At 00:00, on every 2nd day of the month from day 1 (1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31; counting restarts each month), but only when that day is also Sundays (a day field starts with '*', so both must match).")]
    [TestCase("0 0 1-31 * 1",     "At 00:00, every day (day-of-month and day-of-week do not start with '*', so cron ORs them and one of them matches every day).")]
    [TestCase("0 0 * * 1-5",      "At 00:00, on Mondays to Fridays.")]
    [TestCase("0 0 * * 1#2",      "At 00:00, on Mondays.")]
    [TestCase("0 12 * jan-mar,dec 6,0", "At 12:00, on Sundays and Saturdays in January to March and December.")]
    [TestCase("0 0 30 2 *",       "Never: the daemon accepts the line, but no minute matches it.")]
    [TestCase("@reboot",          "Once when the cron daemon starts (at boot and after each restart of cron); never on the clock.")]
    public void Describe_SaysWhenItRuns(string expression, string english) =>
        Describer.Describe(CronSchedule.Parse(expression)).Should().Be(english);
}
