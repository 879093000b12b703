using System.Globalization;
using System.Text;
using CronPlan.Analysis;
using CronPlan.Cli.Output;
using CronPlan.Compilation;
using CronPlan.Cron;
using CronPlan.Diagnostics;
using CronPlan.Jobs;
using CronPlan.Plans;
using CronPlan.Reports;
using CronPlan.Repos;
using CronPlan.Sla;
using CronPlan.Tabs;
using YamlDotNet.Core;

namespace CronPlan.Fuzz;

/// <summary>
/// One fuzz target per reader: each takes the bytes of one input and calls the library as the CLI does. The contract
/// under test is that no public entry point lets an exception escape for any input, so whatever escapes a target is a
/// finding; so is CPL9005, the repository audit's own word that an exception was caught inside it. The fuzzer
/// (Program) and the replay test (CronPlan.Tests) compile this same file. Nothing of the library runs before a target
/// does: the fuzzer's fork server must not reach instrumented code before AFL's shared memory is attached.
/// </summary>
internal static class FuzzTargets
{
    /// <summary>The targets by name, in the order fuzz.sh runs them.</summary>
    public static IReadOnlyDictionary<string, Action<byte[]>> All { get; } = new Dictionary<string, Action<byte[]>>(StringComparer.Ordinal)
    {
        ["cron"] = CronExpression,
        ["crontab"] = CronTabFile,
        ["plan"] = Plan,
        ["sla"] = SlaMarkdown,
        ["restore"] = RestoreMarkdown,
        ["jinja"] = JinjaTemplate,
        ["ansible"] = AnsibleTasks,
    };

    // A zone with DST, so that the gap and overlap paths are reached; the deadline in UTC as check's default.
    private static readonly TimeZoneInfo HostZone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Tallinn");
    private static readonly DateTimeOffset From = new(2026, 3, 1, 0, 0, 0, TimeSpan.FromHours(2));

    /// <summary>
    /// <c>next</c> and <c>explain</c>: the first line is the expression, as one command-line argument. An optional
    /// <c>dialect:</c> prefix (<c>cronie:</c>, <c>cronos:</c>, <c>ncrontab:</c>) picks the dialect, and an optional
    /// second line is <c>--from</c> (an instant, as the CLI reads one with an offset).
    /// </summary>
    public static void CronExpression(byte[] input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var text = Encoding.UTF8.GetString(input);
        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        var expression = newline < 0 ? text : text[..newline];
        var from = From;
        if (newline >= 0 && DateTimeOffset.TryParse(text[(newline + 1)..].Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var given))
        {
            from = given;
        }

        var dialect = CronDialect.Debian;
        var colon = expression.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && CronDialects.TryParse(expression[..colon], out var named))
        {
            dialect = named;
            expression = expression[(colon + 1)..];
        }

        _ = CronSchedule.TryParse(expression, out _);
        var parsed = CronSchedule.ParseWithDiagnostics(expression, dialect);
        var diagnostics = parsed.Diagnostics.ToList();
        if (parsed.Schedule is { } schedule)
        {
            // next: the never-fires check, then the runs.
            diagnostics.AddRange(CronChecks.Check(parsed, new ExpressionCheckOptions(HostZone, from, CompareWithOtherEngines: false)));
            foreach (var run in schedule.RunsAfter(from, HostZone).Take(5))
            {
                _ = run.ToString();
            }
        }

        var explanation = CronExplainer.Explain(expression, dialect, HostZone, from, 5);
        foreach (var run in explanation.Runs)
        {
            _ = CronRun.Iso(run.At.ToUniversalTime());
        }

        diagnostics.AddRange(explanation.Diagnostics);
        Format(diagnostics);
    }

    /// <summary>
    /// <c>lint</c> on one file, through the pipeline lint uses: the tab read as the daemon reads it, every rule, and the
    /// run analysis of its backup jobs (with a deadline, as <c>--deadline 01:00</c>). A first line <c># user crontab</c> reads it in the per-user format.
    /// </summary>
    public static void CronTabFile(byte[] input)
    {
        var source = CronTabSource.Decode("fuzz", input);
        if (source.Text is null)
        {
            Format([source.Problem!]);
            return;
        }

        var format = source.Text.StartsWith("# user crontab", StringComparison.Ordinal) ? CronTabFormat.User : CronTabFormat.System;
        var tab = TabInput.OfText("fuzz", source.Text, new CronTabOptions(format, CronDialect.Debian, user => user != "nobody-here"));
        Format(TabPipeline.Run([tab], AnalysisOptions.From(HostZone, null, 60, TimeZoneInfo.Utc, "--deadline")).Findings);
    }

    /// <summary><c>compile</c> and <c>timeline</c> on one plan file: read, compiled (scheduled and proven), charted.</summary>
    public static void Plan(byte[] input)
    {
        var source = CronTabSource.Decode("plan.yaml", input);
        if (source.Text is null)
        {
            Format([source.Problem!]);
            return;
        }

        var loaded = BackupPlan.Parse(source.Text, "plan.yaml");
        var all = new List<Diagnostic>(loaded.Diagnostics);
        if (loaded.Plan is { } plan)
        {
            var compiled = Compiler.Compile(plan);
            all.AddRange(compiled.Diagnostics);
            foreach (var tab in compiled.Tabs)
            {
                _ = tab.RelativePath + tab.Text;
            }

            var schedule = Scheduling.Scheduler.Schedule(plan);
            if (schedule.Diagnostics.Count == 0)
            {
                var timeline = BackupNight.FromPlan(plan, schedule);
                _ = NightChart.ToText(timeline);
                _ = NightChart.ToSvg(timeline);
            }
        }

        Format(all);
    }

    /// <summary>
    /// <c>check</c>'s reading of backup_sla.md: the facts, the SLA's own checks, the deadline it states, and the SLA held
    /// against the lab's two cron tabs.
    /// </summary>
    public static void SlaMarkdown(byte[] input)
    {
        var source = CronTabSource.Decode("backup_sla.md", input);
        if (source.Text is null)
        {
            Format([source.Problem!]);
            return;
        }

        var sla = SlaDocument.Parse(source.Text, "backup_sla.md");
        var options = new CheckOptions(TimeZoneInfo.Utc, 60, TimeZoneInfo.Utc);
        var applied = Checker.Applied(options, sla);
        var all = new List<Diagnostic>(sla.Diagnostics);
        all.AddRange(SlaChecks.Check(sla, applied.Deadline, applied.DeadlineZone, applied.DeadlineSource));
        _ = Checker.ServiceDurations(sla);
        var (tabs, jobs) = LabTabs.Value;
        SlaAgainstTabs.Check(sla, tabs, jobs, options, all);
        foreach (var fact in sla.Facts)
        {
            _ = $"{fact.Service ?? "all"} {fact.KindName} {fact.Value} {fact.Location} {fact.Text}";
        }

        Format(all);
    }

    /// <summary><c>restore-commands</c> and <c>check</c>'s judgement of backup_restore.md against the lab's two services.</summary>
    public static void RestoreMarkdown(byte[] input)
    {
        var source = CronTabSource.Decode("backup_restore.md", input);
        if (source.Text is null)
        {
            Format([source.Problem!]);
            return;
        }

        foreach (var command in RestoreDocument.Commands(source.Text, "backup_restore.md"))
        {
            _ = string.Create(CultureInfo.InvariantCulture, $"{command.Location.Line}\t{command.User}\t{command.Text}");
        }

        var at = new SourceLocation("/etc/cron.d/mysql-backup", 10, 1, 10, 2);
        BackedUpService[] services =
        [
            new("mysql", "/home/backup/mysql/", "rsync://elvis@backup.example.org/mysql", null, at),
            new("influxdb", "/home/backup/influxdb/", "rsync://elvis@backup.example.org/influxdb", true, at with { File = "/etc/cron.d/influxdb-backup" }),
        ];
        Format(RestoreDocument.Check(source.Text, "backup_restore.md", services));
    }

    /// <summary>
    /// A role's template rendered with variables, as the scan renders one. The input is the variables (YAML, as in
    /// group_vars), a line <c>%%</c>, and the template; without that line it is all template, with the lab's variables.
    /// </summary>
    public static void JinjaTemplate(byte[] input)
    {
        var source = CronTabSource.Decode("template.j2", input);
        if (source.Text is null)
        {
            return;
        }

        var text = source.Text;
        var split = text.StartsWith("%%\n", StringComparison.Ordinal) ? 0 : text.IndexOf("\n%%\n", StringComparison.Ordinal);
        var variables = LabVariables.Value;
        if (split >= 0)
        {
            variables = Variables(text[..split]);
            text = text[(split + (split == 0 ? 3 : 4))..];
        }

        var rendering = Jinja.Render(text, variables);
        _ = rendering.SourceLines.Count + rendering.Unresolved.Count + rendering.Gates.Count;
        _ = Jinja.RenderValue(text, variables, out _);
    }

    /// <summary>
    /// <c>check</c> on a repository whose role tasks are the input: the lab's repository (playbook, group_vars, roles
    /// with their templates) with <c>roles/mysql_backup/tasks/main.yaml</c> replaced. A line <c>#> group_vars</c> or
    /// <c>#> template</c> starts what replaces group_vars/all.yaml or the role's cron tab template. Every stage of the
    /// audit runs but the 28-year run analysis, which costs a hundred times the rest and which the crontab and plan
    /// targets reach; it is skipped through the audit's test seam.
    /// </summary>
    public static void AnsibleTasks(byte[] input)
    {
        ArgumentNullException.ThrowIfNull(input);
        lock (LabRepository.Lock)
        {
            var root = LabRepository.Root;
            foreach (var (relative, bytes) in LabRepository.Split(input))
            {
                File.WriteAllBytes(Path.Combine(root, relative), bytes);
            }

            var result = Checker.Check(root, new CheckOptions(TimeZoneInfo.Utc, 60, TimeZoneInfo.Utc), SkipAnalysis.Value);
            _ = NightChart.ToText(result.Night!);
            Format([.. result.Diagnostics.Where(d => !d.Message.Contains(SkippedStage, StringComparison.Ordinal))]);
        }
    }

    private const string AnalysisStage = "analysing the backup jobs";
    private static readonly string SkippedStage = $"{AnalysisStage} failed ({nameof(AnalysisSkippedException)})";
    private static readonly Lazy<ScanHooks> SkipAnalysis = new(() => new() { BeforeStage = (_, stage) => { if (stage == AnalysisStage) { throw new AnalysisSkippedException(); } } });

    /// <summary>The output every command ends with; and CPL9005, an exception the audit caught, is a finding.</summary>
    private static void Format(IReadOnlyList<Diagnostic> diagnostics)
    {
        var ordered = Diagnostic.InReadingOrder(diagnostics);
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        DiagnosticFormatter.WriteText(text, ordered);
        _ = DiagnosticFormatter.Summary(ordered);
        _ = DiagnosticFormatter.Json(json =>
        {
            json.WriteStartObject();
            DiagnosticFormatter.WriteJsonDiagnostics(json, ordered);
            json.WriteEndObject();
        });
        _ = DiagnosticFormatter.Sarif(ordered, "0.0.0");
        DiagnosticFormatter.WriteGitHub(text, ordered);
        if (ordered.FirstOrDefault(d => d.Id == DiagnosticCatalog.CPL9005.Id) is { } caught)
        {
            throw new CaughtInsideException(caught.ToString());
        }
    }

    private static IReadOnlyDictionary<string, object?> Variables(string yaml)
    {
        try
        {
            return AnsibleYaml.Plain(AnsibleYaml.Load(yaml, [])) is Dictionary<string, object?> found ? found : new Dictionary<string, object?>();
        }
        catch (YamlException)
        {
            // CPL6007 in a scan: the file does not parse, and its variables are not set.
            return new Dictionary<string, object?>();
        }
    }

    private static readonly Lazy<IReadOnlyDictionary<string, object?>> LabVariables = new(() => Variables(LabRepository.GroupVariables));

    /// <summary>The lab's tabs as check reads them, with their backup jobs: what the SLA target holds an SLA against.</summary>
    private static readonly Lazy<(List<(DeployedTab Deployed, CronTab Tab)> Tabs, Dictionary<CronTab, IReadOnlyList<BackupJob>> Jobs)> LabTabs = new(() =>
    {
        lock (LabRepository.Lock)
        {
            var root = LabRepository.Root;
            foreach (var (relative, bytes) in LabRepository.Defaults)
            {
                File.WriteAllBytes(Path.Combine(root, relative), bytes);
            }

            var scan = AnsibleRepository.Scan(root);
            var scripts = Checker.ScriptsOf(scan);
            var tabs = new List<(DeployedTab, CronTab)>();
            var jobs = new Dictionary<CronTab, IReadOnlyList<BackupJob>>(ReferenceEqualityComparer.Instance);
            foreach (var deployed in scan.Tabs)
            {
                var tab = CronTab.Parse(deployed.Text, new CronTabOptions(deployed.IsUserCrontab ? CronTabFormat.User : CronTabFormat.System), deployed.Destination);
                tabs.Add((deployed, tab));
                jobs[tab] = BackupJobBuilder.Build(tab, deployed.Destination, new JobSources(scripts)).Jobs;
            }

            return (tabs, jobs);
        }
    });
}

/// <summary>Thrown into the audit's analysis stage to skip it.</summary>
internal sealed class AnalysisSkippedException : Exception;

/// <summary>A CPL9005: the audit caught an exception of its own and went on; the fuzzer reports it like one that escaped.</summary>
internal sealed class CaughtInsideException(string message) : Exception(message);
