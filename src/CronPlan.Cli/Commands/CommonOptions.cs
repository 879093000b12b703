using System.CommandLine;
using System.Globalization;
using CronPlan.Cli.Output;
using CronPlan.Cron;
using CronPlan.Diagnostics;

namespace CronPlan.Cli.Commands;

/// <summary>What <c>next</c> and <c>explain</c> are given, read and checked.</summary>
internal sealed record ScheduleRequest(string Expression, DateTimeOffset From, int Count, TimeZoneInfo Zone, CronDialect Dialect, OutputFormat Format);

/// <summary>The argument and options of a command about one schedule.</summary>
internal sealed class ScheduleArguments
{
    private readonly Argument<string[]> _expression = CommonOptions.Expression();
    private readonly Option<string?> _from = CommonOptions.From();
    private readonly Option<int> _count = CommonOptions.Count(5);
    private readonly Option<string> _zone = CommonOptions.Zone();
    private readonly Option<string> _dialect = CommonOptions.Dialect();
    private readonly Option<string> _format = CommonOptions.Format();

    public Command AddTo(Command command)
    {
        command.Arguments.Add(_expression);
        foreach (var option in new Option[] { _from, _count, _zone, _dialect, _format })
        {
            command.Options.Add(option);
        }

        return command;
    }

    public ScheduleRequest Read(ParseResult result, TimeProvider clock)
    {
        var zone = CommonOptions.ReadZone(result.GetValue(_zone)!);
        return new ScheduleRequest(
            string.Join(' ', result.GetValue(_expression)!),
            CommonOptions.ReadFrom(result.GetValue(_from), zone, clock),
            CommonOptions.ReadCount(result.GetValue(_count)),
            zone,
            CommonOptions.ReadDialect(result.GetValue(_dialect)!),
            CommonOptions.ReadFormat(result.GetValue(_format)!));
    }
}

/// <summary>The options several commands share, and reading their values.</summary>
internal static class CommonOptions
{
    public static Argument<string[]> Expression() => new("EXPR")
    {
        Description = "the schedule: five time fields in one quoted argument (\"30 2 * * *\") or an @ keyword",
        Arity = ArgumentArity.OneOrMore,
    };

    public static Option<string> Zone() => new("--zone")
    {
        Description = "the host's time zone (IANA name), where the daemon runs",
        DefaultValueFactory = _ => "UTC",
        HelpName = "ZONE",
    };

    public static Option<string> Dialect() => new("--dialect")
    {
        Description = "whose cron: debian, cronie, cronos or ncrontab",
        DefaultValueFactory = _ => "debian",
        HelpName = "DIALECT",
    };

    public static Option<string> Format() => new("--format")
    {
        Description = "output format: text or json",
        DefaultValueFactory = _ => "text",
        HelpName = "FORMAT",
    };

    public static Option<string> DiagnosticsFormat() => new("--format")
    {
        Description = "output format: text, json, sarif or github",
        DefaultValueFactory = _ => "text",
        HelpName = "FORMAT",
    };

    /// <summary>A repository directory, or the directory of a file in it (such as its backup_sla.md); null when neither exists.</summary>
    public static string? RepositoryRoot(string given) =>
        Directory.Exists(given) ? given : File.Exists(given) ? Path.GetDirectoryName(Path.GetFullPath(given)) : null;

    public static Option<string> Deadline() => new("--deadline")
    {
        Description = "every backup job finished by this time of day (HH:MM), in --deadline-zone",
        DefaultValueFactory = _ => "01:00",
        HelpName = "HH:MM",
    };

    /// <summary>--deadline without a value of its own: the command says in <paramref name="description"/> what applies without it.</summary>
    public static Option<string?> Deadline(string description) => new("--deadline")
    {
        Description = description,
        HelpName = "HH:MM",
    };

    public static Option<string> DeadlineZone() => new("--deadline-zone")
    {
        Description = "the zone --deadline is written in (IANA name)",
        DefaultValueFactory = _ => "UTC",
        HelpName = "ZONE",
    };

    public static Option<string?> Deploy() => new("--deploy")
    {
        Description = "when the cron tabs go live (ISO-8601), for the first-upload check; default: every moment of the cycle",
        HelpName = "MOMENT",
    };

    public static int ReadDeadline(string text) =>
        TimeOnly.TryParseExact(text, ["HH:mm", "H:mm"], System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var time)
            ? (time.Hour * 60) + time.Minute
            : throw new UsageException($"--deadline '{text}' is not a time of day such as 01:00");

    public static DateTimeOffset? ReadDeploy(string? text) =>
        text is null ? null
        : !DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var moment)
            ? throw new UsageException($"--deploy '{text}' is not an ISO-8601 moment such as 2026-11-27T10:00:00Z")
        : !InputLimits.IsSupported(moment) ? throw new UsageException($"--deploy '{text}' is out of range: CronPlan analyses deployments in {InputLimits.SupportedYears}")
        : moment;

    public static Option<string?> From() => new("--from")
    {
        Description = "start after this local wall time in --zone (2021-03-28T00:00), exclusive; default now",
        HelpName = "LOCAL",
    };

    public static Option<int> Count(int defaultCount) => new("--count")
    {
        Description = "how many runs to list",
        DefaultValueFactory = _ => defaultCount,
        HelpName = "N",
    };

    public static TimeZoneInfo ReadZone(string name)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(name);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new UsageException($"unknown time zone '{name}': give an IANA name such as UTC or Europe/Tallinn");
        }
    }

    public static CronDialect ReadDialect(string name) =>
        Words.TryDialect(name, out var dialect) ? dialect : throw new UsageException($"unknown dialect '{name}': use debian, cronie, cronos or ncrontab");

    public static OutputFormat ReadFormat(string name) => name.ToLowerInvariant() switch
    {
        "text" => OutputFormat.Text,
        "json" => OutputFormat.Json,
        _ => throw new UsageException($"unknown format '{name}' for this command: use text or json"),
    };

    public static int ReadCount(int count) =>
        count is >= 0 and <= 100_000 ? count : throw new UsageException($"--count {count} is out of range: give 0 to 100000");

    private static readonly string[] LocalFormats =
    [
        "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd",
    ];

    /// <summary>Reads --from: a local wall time in <paramref name="zone"/>, or an instant when it carries an offset or Z.</summary>
    public static DateTimeOffset ReadFrom(string? text, TimeZoneInfo zone, TimeProvider clock)
    {
        if (text is null)
        {
            return clock.GetUtcNow();
        }

        if (DateTime.TryParseExact(text, LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return InputLimits.IsSupported(local) ? CronSchedule.LocalToInstant(local, zone) : throw OutOfRange(text);
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant) &&
            (text.EndsWith('Z') || text.Contains('+', StringComparison.Ordinal) || text.LastIndexOf('-') > 9))
        {
            return InputLimits.IsSupported(instant) ? instant : throw OutOfRange(text);
        }

        static UsageException OutOfRange(string text) =>
            new($"--from '{text}' is out of range: CronPlan lists runs in {InputLimits.SupportedYears}");

        throw new UsageException($"--from '{text}' is not a time: write a local wall time such as 2021-03-28T00:00, or an instant with an offset");
    }
}
