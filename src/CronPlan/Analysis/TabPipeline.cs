using System.Text.RegularExpressions;
using CronPlan.Diagnostics;
using CronPlan.Jobs;
using CronPlan.Tabs;

namespace CronPlan.Analysis;

/// <summary>
/// One cron tab going into <see cref="TabPipeline"/>: the path its findings name, its text (or the tab parsed already, or
/// why it could not be read), how to read it, the file it is, and what states its jobs' durations besides its header.
/// </summary>
/// <param name="Path">The path findings name.</param>
internal sealed record TabInput(string Path)
{
    /// <summary>The tab's text; null when <see cref="Parsed"/> or <see cref="Problem"/> is given.</summary>
    public string? Text { get; init; }

    /// <summary>The tab, parsed already (the assertions package's subject).</summary>
    public CronTab? Parsed { get; init; }

    /// <summary>Why the tab could not be read (CPL9001, CPL9002): reported in its place, and the tab is not analysed.</summary>
    public Diagnostic? Problem { get; init; }

    /// <summary>How to read <see cref="Text"/>: system or user format, the daemon, the users that exist.</summary>
    public CronTabOptions Options { get; init; } = new();

    /// <summary>The file's name, owner, mode and type, when the tab is a real file (CPL2001, CPL2010).</summary>
    public CronTabFileFacts? File { get; init; }

    /// <summary>
    /// <see cref="File"/> is the installed copy, judged for its owner, mode, type and links as the daemon judges them;
    /// otherwise it is a file in a working tree, judged for its name only.
    /// </summary>
    public bool Installed { get; init; }

    /// <summary>What the tab's writer states its jobs take, as values (the compiler's own tabs); null: the header is read.</summary>
    public TabDurations? Written { get; init; }

    /// <summary>The scripts deployed beside the tab, by host path, which its jobs may call.</summary>
    public IReadOnlyDictionary<string, string>? Scripts { get; init; }

    /// <summary>The facts linting judges: all of them for an installed file; for a working copy only its name.</summary>
    public CronTabFileFacts? JudgedFile =>
        File is { } facts && !Installed
            // Ownership and mode are properties of the installed copy, not of a file in a working tree.
            ? facts with { OwnerId = 0, Mode = facts.Mode & ~0x12, IsRegularFile = true, IsSymbolicLink = false, HardLinks = 1 }
            : File;

    /// <summary>A tab given as text, named <paramref name="path"/>.</summary>
    public static TabInput OfText(string path, string text, CronTabOptions? options = null) => new(path) { Text = text, Options = options ?? new CronTabOptions() };

    /// <summary>A tab parsed already.</summary>
    public static TabInput Of(AnalyzedTab tab)
    {
        ArgumentNullException.ThrowIfNull(tab);
        return new TabInput(tab.Path) { Parsed = tab.Tab, Options = tab.Tab.Options };
    }

    /// <summary>
    /// Reads the file at <paramref name="path"/> (<c>-</c>: <paramref name="standardInput"/>), named <paramref name="shown"/>
    /// in findings. A system tab read from a file brings its facts; they count as installed when <paramref name="installed"/>
    /// says so or the file lies under <c>/etc/cron.d/</c>.
    /// </summary>
    public static TabInput Read(string path, string shown, CronTabOptions options, bool installed, Stream? standardInput = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(options);
        var source = CronTabSource.Read(path, standardInput);
        if (source.Problem is { } problem)
        {
            return new TabInput(shown) { Problem = new Diagnostic(problem.Id, problem.Severity, problem.Message, problem.Location.InFile(shown), problem.Fix, problem.Notes), Options = options };
        }

        var facts = path != "-" && options.Format == CronTabFormat.System ? CronTabFileFacts.Inspect(path) : null;
        return new TabInput(shown)
        {
            Text = source.Text,
            Options = options,
            File = facts,
            Installed = installed || System.IO.Path.GetFullPath(path).StartsWith("/etc/cron.d/", StringComparison.Ordinal),
        };
    }
}

/// <summary>A tab after the first stages: parsed (null when it could not be read) and linted, with what they found, placed.</summary>
/// <param name="Input">What went in.</param>
/// <param name="Tab">The parsed tab; null when <see cref="TabInput.Problem"/> kept it from being read.</param>
/// <param name="Findings">The problem reading it, or its lint findings (CPL1xxx, CPL2xxx), suppressions applied, in order.</param>
internal sealed record ReadTab(TabInput Input, CronTab? Tab, IReadOnlyList<Diagnostic> Findings)
{
    /// <summary>The path findings name.</summary>
    public string Path => Input.Path;
}

/// <summary>What <see cref="TabPipeline.Run"/> gave: every tab as read, and every finding, in order.</summary>
/// <param name="Tabs">The tabs, in the order given.</param>
/// <param name="Findings">What reading, linting and the run analysis found, placed and in order.</param>
internal sealed record PipelineResult(IReadOnlyList<ReadTab> Tabs, IReadOnlyList<Diagnostic> Findings)
{
    /// <summary>Some tab could not be read at all.</summary>
    public bool Unreadable => Tabs.Any(t => t.Tab is null);
}

/// <summary>
/// Cron tabs from text to findings, the one way for <c>lint</c>, <c>check</c>, the compiler's proof and the assertions
/// package: read, parse and lint each tab (<see cref="Read"/>), build its backup jobs once, judge the jobs of one host
/// over their runs (<see cref="Analyze(IReadOnlyList{ReadTab}, AnalysisOptions)"/>), and place what was found. Every
/// stage takes its zone and its start from the one <see cref="AnalysisOptions"/>: DST checks and runs start at
/// <see cref="AnalysisOptions.Deploy"/>, else at the reference start.
/// </summary>
internal static class TabPipeline
{
    /// <summary>Every stage over the tabs of one host: each read and linted, then their jobs judged together.</summary>
    public static PipelineResult Run(IReadOnlyList<TabInput> inputs, AnalysisOptions options)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(options);
        var read = inputs.Select(input => Read(input, options)).ToList();
        var runs = Analyze([.. read.Where(r => r.Tab is not null)], options);

        // Ties keep the order found: each tab's own findings in the order given, then the runs'.
        return new PipelineResult(read, FindingPlacer.InOrder([.. read.SelectMany(r => r.Findings), .. runs]));
    }

    /// <summary>The first stages on one tab: parse it (unless it is parsed already or unreadable) and lint it.</summary>
    public static ReadTab Read(TabInput input, AnalysisOptions options)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(options);
        if (input.Problem is { } problem)
        {
            return new ReadTab(input, null, [problem]);
        }

        var tab = input.Parsed ?? CronTab.Parse(input.Text ?? "", input.Options, input.Path);
        return new ReadTab(input, tab, CronTabLinter.Lint(tab, options.LintOptions(input.JudgedFile)));
    }

    /// <summary>
    /// The backup jobs of a tab read, built once: timed by what its writer states, else by its header (a tab written by
    /// <c>cronplan compile</c>), else by what <paramref name="durations"/> state, else by the defaults.
    /// </summary>
    public static BackupTab Jobs(ReadTab tab, StatedDurations durations)
    {
        ArgumentNullException.ThrowIfNull(tab);
        var parsed = tab.Tab ?? throw new ArgumentException($"{tab.Path} could not be read: it has no jobs", nameof(tab));
        return BackupJobBuilder.Build(parsed, tab.Path, new JobSources(tab.Input.Scripts, durations, ReadsHeader: true), tab.Input.Written);
    }

    /// <summary>The run analysis (CPL4xxx) of one host's tabs together, their jobs built here; placed and in order.</summary>
    public static IReadOnlyList<Diagnostic> Analyze(IReadOnlyList<ReadTab> tabs, AnalysisOptions options)
    {
        ArgumentNullException.ThrowIfNull(tabs);
        ArgumentNullException.ThrowIfNull(options);
        return Analyze([.. tabs.Select(t => (t.Path, t.Tab!))], () =>
        {
            var durations = ScheduleAnalyzer.StatedDurationsOf(options);
            return [.. tabs.Select(t => Jobs(t, durations))];
        }, options);
    }

    /// <summary>The run analysis of one host's tabs together, their jobs read already; placed and in order.</summary>
    public static IReadOnlyList<Diagnostic> Analyze(IReadOnlyList<BackupTab> tabs, AnalysisOptions options)
    {
        ArgumentNullException.ThrowIfNull(tabs);
        ArgumentNullException.ThrowIfNull(options);
        return Analyze([.. tabs.Select(t => (t.Path, t.Tab))], () => tabs, options);
    }

    /// <summary>The analysis stage: build the jobs (when not built yet) and judge them, then place the findings on the tabs.</summary>
    internal static IReadOnlyList<Diagnostic> Analyze(IReadOnlyList<(string Path, CronTab Tab)> tabs, Func<IReadOnlyList<BackupTab>> jobs, AnalysisOptions options) =>
        FindingPlacer.OnTabs(tabs, Stage(tabs.Count == 0 ? null : tabs[0].Path, "reading the jobs' commands", () => ScheduleAnalyzer.Judge(jobs(), options)));

    /// <summary>
    /// Runs one stage. A pattern that takes too long on the input (a job's command built to make a regular expression
    /// backtrack) ends the stage with CPL9005 at <paramref name="file"/>, and the other stages go on.
    /// </summary>
    private static IReadOnlyList<Diagnostic> Stage(string? file, string what, Func<IReadOnlyList<Diagnostic>> stage)
    {
        try
        {
            return stage();
        }
        catch (RegexMatchTimeoutException)
        {
            return file is null ? [] : [InputLimits.TookTooLong(file, what)];
        }
    }
}

/// <summary>
/// Where the findings of the run analysis land: each on the tab it points at, unless a suppression comment there silences
/// it (<c># cronplan: disable=CPL4xxx</c> works as for every rule on a cron tab), noted when that tab does not load yet;
/// and every finding in the order of files, lines and columns, ties in the order found.
/// </summary>
internal static class FindingPlacer
{
    /// <summary>The findings of one host's analysis, placed on its <paramref name="tabs"/>, in order.</summary>
    public static IReadOnlyList<Diagnostic> OnTabs(IReadOnlyList<(string Path, CronTab Tab)> tabs, IReadOnlyList<Diagnostic> found) =>
        InOrder(tabs.SelectMany(t => Suppressions.Apply(t.Tab, found.Where(d => d.Location.File == t.Path)).Select(d => t.Tab.Loads ? d : OnceItLoads(d, t.Path))));

    /// <summary>Findings in the order of files, lines and columns; ties keep the order found.</summary>
    public static IReadOnlyList<Diagnostic> InOrder(IEnumerable<Diagnostic> found) => Diagnostic.InReadingOrder(found);

    private static Diagnostic OnceItLoads(Diagnostic finding, string path) =>
        new(finding.Id, finding.Severity, finding.Message, finding.Location, finding.Fix, [.. finding.Notes, $"{path} does not load today (CPL2013): this is what its jobs will do once it does"]);
}
