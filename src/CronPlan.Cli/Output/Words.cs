using System.Globalization;
using CronPlan.Cron;

namespace CronPlan.Cli.Output;

/// <summary>How the command line writes and reads dialect names and moments.</summary>
internal static class Words
{
    /// <summary>The lower-case name of <paramref name="dialect"/>, as <c>--dialect</c> takes it.</summary>
    public static string Dialect(CronDialect dialect) => dialect switch
    {
        CronDialect.Cronie => "cronie",
        CronDialect.Cronos => "cronos",
        CronDialect.NCrontab => "ncrontab",
        _ => "debian",
    };

    /// <summary>Reads <c>debian</c>, <c>cronie</c>, <c>cronos</c> or <c>ncrontab</c> (any case).</summary>
    public static bool TryDialect(string? text, out CronDialect dialect)
    {
        foreach (var candidate in Enum.GetValues<CronDialect>())
        {
            if (string.Equals(Dialect(candidate), text, StringComparison.OrdinalIgnoreCase))
            {
                dialect = candidate;
                return true;
            }
        }

        dialect = CronDialect.Debian;
        return false;
    }

    /// <summary>A moment as ISO 8601 with its offset: <c>2026-03-29T03:00:00+03:00</c>.</summary>
    public static string Iso(DateTimeOffset moment) => moment.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);

    /// <summary>The user names in a passwd file's <paramref name="text"/> (<c>name:x:uid:gid:...</c> lines).</summary>
    public static HashSet<string> PasswdNames(string text) =>
        text.Split('\n')
            .Where(l => l.Length > 0 && !l.StartsWith('#') && l.Contains(':', StringComparison.Ordinal))
            .Select(l => l[..l.IndexOf(':', StringComparison.Ordinal)])
            .ToHashSet(StringComparer.Ordinal);
}
