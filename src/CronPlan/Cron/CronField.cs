namespace CronPlan.Cron;

/// <summary>The five time fields of a cron line, in order.</summary>
public enum CronField
{
    /// <summary>Minute, 0-59.</summary>
    Minute = 0,

    /// <summary>Hour, 0-23.</summary>
    Hour = 1,

    /// <summary>Day of month, 1-31.</summary>
    DayOfMonth = 2,

    /// <summary>Month, 1-12 or jan-dec.</summary>
    Month = 3,

    /// <summary>Day of week, 0-7 (0 and 7 are Sunday) or sun-sat.</summary>
    DayOfWeek = 4,
}

internal static class CronFields
{
    public static int Low(CronField field) => field switch
    {
        CronField.DayOfMonth or CronField.Month => 1,
        _ => 0,
    };

    public static int High(CronField field) => field switch
    {
        CronField.Minute => 59,
        CronField.Hour => 23,
        CronField.DayOfMonth => 31,
        CronField.Month => 12,
        _ => 7,
    };

    public static string Name(CronField field) => field switch
    {
        CronField.Minute => "minute",
        CronField.Hour => "hour",
        CronField.DayOfMonth => "day-of-month",
        CronField.Month => "month",
        _ => "day-of-week",
    };

    /// <summary>Debian's name tables: three letters, compared case-insensitively; index plus the field's low bound is the value.</summary>
    public static IReadOnlyList<string>? Names(CronField field) => field switch
    {
        CronField.Month => MonthNames,
        CronField.DayOfWeek => DayNames,
        _ => null,
    };

    public static readonly string[] MonthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    // Debian lists "sun" a second time as 7; the first match (0) wins, which is the same day.
    public static readonly string[] DayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat", "sun"];
}
