namespace CronPlan.Cron;

/// <summary>Which cron implementation's rules to apply.</summary>
public enum CronDialect
{
    /// <summary>Debian's cron 3.0pl1 (Debian and Ubuntu hosts): the default and the reference.</summary>
    Debian = 0,

    /// <summary>cronie (Fedora, RHEL, Arch): strict number terminators, reversed ranges rejected, one bad line skipped alone.</summary>
    Cronie = 1,

    /// <summary>The Cronos .NET library: runs computed by Cronos itself.</summary>
    Cronos = 2,

    /// <summary>The NCrontab .NET library: runs computed by NCrontab itself, on wall-clock time.</summary>
    NCrontab = 3,
}

/// <summary>Reading dialect names as the command line and plans write them.</summary>
public static class CronDialects
{
    /// <summary>The lower-case name of <paramref name="dialect"/>.</summary>
    public static string Name(CronDialect dialect) => dialect switch
    {
        CronDialect.Cronie => "cronie",
        CronDialect.Cronos => "cronos",
        CronDialect.NCrontab => "ncrontab",
        _ => "debian",
    };

    /// <summary>Reads <c>debian</c>, <c>cronie</c>, <c>cronos</c> or <c>ncrontab</c> (any case).</summary>
    public static bool TryParse(string? text, out CronDialect dialect)
    {
        foreach (var candidate in Enum.GetValues<CronDialect>())
        {
            if (string.Equals(Name(candidate), text, StringComparison.OrdinalIgnoreCase))
            {
                dialect = candidate;
                return true;
            }
        }

        dialect = CronDialect.Debian;
        return false;
    }
}
