namespace CronPlan.Jobs;

/// <summary>What one step of a job's command does for backups.</summary>
internal enum StepKind
{
    Other,
    Dump,
    Upload,
    Retention,
}

/// <summary>duplicity's action for an upload.</summary>
internal enum UploadAction
{
    /// <summary>No action word: a full when no chain exists, else an incremental.</summary>
    Automatic,
    Full,
    Incremental,
}

/// <summary>How a step is joined to the one before it.</summary>
internal enum StepJoin
{
    First,

    /// <summary><c>&amp;&amp;</c>, or a new line or <c>;</c> under <c>set -e</c>: runs only when the one before succeeded.</summary>
    And,

    /// <summary><c>;</c>, a new line or <c>&amp;</c>: runs whatever the one before did.</summary>
    Sequence,

    /// <summary><c>||</c>: runs only when the one before failed.</summary>
    Or,

    /// <summary>After a subshell or group piped into it.</summary>
    Pipe,

    /// <summary>After <c>&amp;</c>: the step before runs in the background, and this one starts with it.</summary>
    Background,
}

/// <summary>One step of a job (commands chained with &amp;&amp;, ; and ||, nested in <c>sh -c</c> or a script, have several).</summary>
/// <param name="Kind">What it does.</param>
/// <param name="Program">The program it runs (file name only).</param>
/// <param name="Join">How it is joined to the step before.</param>
/// <param name="Offset">Where it stands in the cron command (0-based); for a step inside <c>sh -c</c> or a script, where the call stands.</param>
/// <param name="Length">How long that is.</param>
internal sealed record BackupStep(StepKind Kind, string Program, StepJoin Join, int Offset, int Length)
{
    /// <summary>For a dump: the file or directory it writes.</summary>
    public string? Output { get; init; }

    /// <summary>For an upload: the local directory.</summary>
    public string? Source { get; init; }

    /// <summary>For an upload or retention: the duplicity target, normalised, with its text as written.</summary>
    public DuplicityTarget? Target { get; init; }

    public UploadAction Action { get; init; }

    /// <summary><c>--full-if-older-than</c> in days, or null.</summary>
    public int? FullIfOlderThanDays { get; init; }

    public bool NoEncryption { get; init; }

    /// <summary>A retention step has <c>--force</c>.</summary>
    public bool Force { get; init; }

    /// <summary>The retention action word (<c>remove-older-than</c>, ...).</summary>
    public string? RetentionAction { get; init; }

    /// <summary>mysqldump with <c>--no-tablespaces</c> (or <c>-y</c>).</summary>
    public bool NoTablespaces { get; init; }

    /// <summary><c>influxd backup -portable</c>: the dump is in the portable format.</summary>
    public bool Portable { get; init; }

    /// <summary>A dump's <c>--defaults-file</c> or <c>--defaults-extra-file</c>.</summary>
    public string? DefaultsFile { get; init; }

    /// <summary>The script (host path) the step was written in; null when it is in the cron line itself.</summary>
    public string? Script { get; init; }

    /// <summary>Its 1-based line in <see cref="Script"/>.</summary>
    public int ScriptLine { get; init; }

    /// <summary>The step is written in the cron line (directly, or in an <c>sh -c</c> string there), not in a script.</summary>
    public bool InLine => Script is null;
}
