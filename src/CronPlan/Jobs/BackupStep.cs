namespace CronPlan.Jobs;

/// <summary>What one step of a job's command does for backups.</summary>
internal enum StepKind
{
    Other,
    Dump,
    Upload,
    Retention,

    /// <summary>A procedure step (read only for a restore procedure): <c>duplicity restore</c> into a local directory.</summary>
    Download,

    /// <summary>A procedure step: a database loaded from a file or directory (<c>mysql db &lt; file</c>, <c>influxd restore</c>, <c>mysql_db state=import</c>).</summary>
    Import,

    /// <summary>A procedure step: a service stopped (<c>service telegraf stop</c>).</summary>
    Stop,

    /// <summary>A procedure step: a database dropped (<c>DROP DATABASE telegraf</c>).</summary>
    Drop,

    /// <summary>A procedure step: files copied (<c>cp</c>, <c>mv</c>, a local <c>rsync</c>, Ansible's <c>copy</c> with <c>remote_src</c>).</summary>
    Copy,
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

/// <summary>Where a word the reader read stands in the cron command, as written there: 0-based offset and length.</summary>
internal readonly record struct WordSpan(int Offset, int Length)
{
    public int End => Offset + Length;
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

    /// <summary>For <c>rm -r DIR/*</c> or <c>rm -r DIR</c>: the directory whose contents it deletes.</summary>
    public string? Clears { get; init; }

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

    /// <summary>For an import: the file or directory it reads; null when not known.</summary>
    public string? Input { get; init; }

    /// <summary>For a stop: the service; for an import or a drop: the database.</summary>
    public string? Name { get; init; }

    /// <summary>An offline <c>influxd restore</c> (<c>-metadir</c>/<c>-datadir</c>), or one into a new database (<c>-newdb</c>): no database is replaced live.</summary>
    public bool Offline { get; init; }

    /// <summary>In a procedure: the user the step runs as.</summary>
    public string? User { get; init; }

    /// <summary>In a procedure: the step only changes the session's user (<c>sudo su - backup</c>, <c>sudo -i</c>, <c>exit</c>).</summary>
    public bool Session { get; init; }

    /// <summary>The step as written where it is not a shell command of its own (an Ansible task: its module and arguments).</summary>
    public string? Evidence { get; init; }

    /// <summary>For <c>ansible-playbook</c> and a script that could not be followed: the file it names.</summary>
    public string? Unfollowed { get; init; }

    /// <summary>The script (host path) the step was written in; null when it is in the cron line itself.</summary>
    public string? Script { get; init; }

    /// <summary>Its 1-based line in <see cref="Script"/>.</summary>
    public int ScriptLine { get; init; }

    /// <summary>
    /// The word that names the program, where the cron command holds it as it was read; null for a step in a script or in
    /// a string the shell unquotes differently than it reads (the same for the other words below).
    /// </summary>
    public WordSpan? ProgramWord { get; init; }

    /// <summary>For an upload or retention: duplicity's action word (<c>incremental</c>, <c>remove-older-than</c>...).</summary>
    public WordSpan? ActionWord { get; init; }

    /// <summary>For an upload or retention: the target URL's word.</summary>
    public WordSpan? TargetWord { get; init; }

    /// <summary>The step is written in the cron line (directly, or in an <c>sh -c</c> string there), not in a script.</summary>
    public bool InLine => Script is null;
}
