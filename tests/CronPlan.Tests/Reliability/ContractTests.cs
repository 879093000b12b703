using System.Text;
using CronPlan.Analysis;
using CronPlan.Compilation;
using CronPlan.Cron;
using CronPlan.Diagnostics;
using CronPlan.Plans;
using CronPlan.Repos;
using CronPlan.Sla;
using CronPlan.Tabs;

namespace CronPlan.Tests.Reliability;

/// <summary>
/// The contract of docs/reliability.md: no public entry point lets an exception escape for any text it reads. Each
/// hostile input goes through every reader; the answer is diagnostics, never a throw.
/// </summary>
[TestFixture]
public sealed class ContractTests
{
    private static readonly string MegabyteLine = new('a', 1 << 20);

    /// <summary>The hostile inputs, by name: what no reader may throw on.</summary>
    public static IEnumerable<TestCaseData> Inputs()
    {
        var rows = new (string Name, string Text)[]
        {
            ("empty", ""),
            ("NUL bytes", "\0\0\0 * * * * root \0\n"),
            ("invalid UTF-8 decoded", Encoding.UTF8.GetString([0xC3, 0x28, 0xFF, 0xFE, 0x0A, 0xED, 0xA0, 0x80])),
            ("a lone surrogate", "30 2 * * * root echo \uD800\n"),
            ("huge numbers", "99999999999999999999 99999999999 * * * root echo 99999999999\nversion: 99999999999999999999\n"),
            ("negative numbers", "-1 -2 -3 -4 -5 root x\n"),
            ("deep brackets", new string('[', 20_000) + new string(']', 20_000)),
            ("deep braces", new string('{', 20_000)),
            ("deep quotes", string.Concat(Enumerable.Repeat("> ", 20_000)) + "x\n"),
            ("deep lists", string.Concat(Enumerable.Range(0, 2_000).Select(i => new string(' ', i * 2) + "- x\n"))),
            ("deep parentheses", "{{ " + new string('(', 20_000) + "1" + new string(')', 20_000) + " }}\n"),
            ("deep if", string.Concat(Enumerable.Repeat("{% if x %}", 5_000)) + string.Concat(Enumerable.Repeat("{% endif %}", 5_000))),
            ("a 1 MB line", MegabyteLine + "\n"),
            ("a 1 MB cron line", "* * * * * root " + MegabyteLine + "\n"),
            ("C1 join", "30 23 * * * backup echo {{ \".\".join(parts) }}\n"),
            ("C2 open quote", "30 23 * * * backup echo {{'}}\n{{ x | default(') }}\n{{ 'a' ~ b }}\n"),
            ("C3 huge versions", "## MySQL\nMySQL: 99999999999 versions are kept.\nWe keep 99999999999 copies.\nRPO: 99999999999999999999 hours\nstored for 99999999999999 weeks\n"),
            ("C4 Arabic-Indic digits", "## MySQL\nMySQL: \u0663 versions are kept.\n| Service | Versions |\n|---|---|\n| MySQL | \u0663 |\nBackups start at 2\u0663:10 UTC.\n23:10 UTC+\u0663\n"),
            ("C5 offsets", "Backups start at 23:10 UTC+99.\n23:10 UTC-\u0663\n"),
            ("C6 open flow mapping", "a: {\nb\n"),
            ("C7 empty command", "version: 1\nwindow: { start: \"22:00\" }\nencryption: none\nservices:\n  s:\n    dump: { command: \"\", takes: 5m }\n"),
            ("C8 deploy", "version: 1\ndeploy: 9999-12-31T23:59:59Z\nwindow: { start: \"22:00\" }\nencryption: none\nservices:\n  s:\n    dump: { command: x, takes: 5m }\n"),
            ("hosts as paths", "version: 1\nwindow: { start: \"22:00\" }\nencryption: none\nservices:\n  s:\n    hosts: [\"../../escaped\", \"/tmp/abs\"]\n    dump: { command: x, takes: 220000w }\n"),
            ("repeated options", "duplicity " + string.Concat(Enumerable.Repeat("--opt x ", 26)) + "restore\nduplicity " + string.Concat(Enumerable.Repeat("--opt ", 26)) + "full\n"),
            ("a YAML bomb", "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\ng: [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n"),
        };
        return rows.Select(r => new TestCaseData(r.Text).SetArgDisplayNames(r.Name));
    }

    [TestCaseSource(nameof(Inputs))]
    public void CronSchedule_NeverThrows_ButThroughParse(string text)
    {
        var expression = text.Length > 4096 ? text[..4096] : text;
        foreach (var dialect in Enum.GetValues<CronDialect>())
        {
            var parsed = CronSchedule.ParseWithDiagnostics(expression, dialect);
            CronSchedule.TryParse(expression, out _);
            if (parsed.Schedule is { } schedule)
            {
                schedule.RunsAfter(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), TimeZoneInfo.Utc).Take(3).ToList();
            }

            CronChecks.Check(parsed, new ExpressionCheckOptions(TimeZoneInfo.Utc, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)));
            CronExplainer.Explain(expression, dialect, TimeZoneInfo.Utc, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        }

        var thrown = TryInvoke(() => CronSchedule.Parse(expression));
        (thrown is null or CronFormatException).Should().BeTrue($"Parse throws CronFormatException and nothing else, not {thrown}");
    }

    [TestCaseSource(nameof(Inputs))]
    public void CronTab_ParseLintAndAnalyse_NeverThrow(string text)
    {
        foreach (var format in Enum.GetValues<CronTabFormat>())
        {
            var tab = CronTab.Parse(text, new CronTabOptions(format), "input");
            CronTabLinter.Lint(tab, new CronTabLintOptions(TimeZoneInfo.Utc, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)));
            ScheduleAnalyzer.Analyze([new AnalyzedTab("input", tab)], new AnalysisOptions { HostZone = TimeZoneInfo.Utc, Deadline = 60 });
        }

        CronTabSource.Decode("input", Encoding.UTF8.GetBytes(text)).Should().NotBeNull();
        CronTabSource.Decode("input", [0xC3, 0x28, 0xFF, 0x00, 0x0A]).Problem.Should().NotBeNull();
    }

    [TestCaseSource(nameof(Inputs))]
    public void Plans_ParseAndCompile_NeverThrow(string text)
    {
        var loaded = BackupPlan.Parse(text, "plan.yaml");
        if (loaded.Plan is { } plan)
        {
            var compiled = Compiler.Compile(plan);
            Scheduling.Scheduler.Schedule(plan);
            var output = Directory.CreateTempSubdirectory("cronplan-contract-").FullName;
            try
            {
                Compiler.Write(compiled, Path.Combine(output, "out"));
                Compiler.CheckDrift(compiled, Path.Combine(output, "out"));
                Directory.EnumerateFileSystemEntries(output).Should().OnlyContain(p => Path.GetFileName(p) == "out");
            }
            finally
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }

    [TestCaseSource(nameof(Inputs))]
    public void Documents_SlaAndRestore_NeverThrow(string text)
    {
        var sla = SlaDocument.Parse(text, "backup_sla.md");
        SlaChecks.Check(sla, 60, TimeZoneInfo.Utc);
        RestoreDocument.Commands(text, "backup_restore.md");
        RestoreDocument.Check(text, "backup_restore.md", [new BackedUpService("mysql", "/home/backup/mysql/", "rsync://backup.example.org/mysql", null, new SourceLocation("x", 1, 1, 1, 2))]);
        Jinja.Render(text, new Dictionary<string, object?>(StringComparer.Ordinal) { ["parts"] = new List<object?> { "a" }, ["b"] = "B" });
        AnsibleYamlLoads(text);
    }

    [TestCaseSource(nameof(Inputs))]
    [NonParallelizable]
    public void Checker_OnARepositoryMadeOfTheInput_NeverThrows(string text)
    {
        var root = HostileInputTests.CopyOfTheLab();
        try
        {
            foreach (var file in new[] { "group_vars/all.yaml", "roles/mysql_backup/tasks/main.yaml", "roles/mysql_backup/templates/mysql-backup.j2", "backup_sla.md", "backup_restore.md", "infra.yaml" })
            {
                File.WriteAllText(Path.Combine(root, file), text, new UTF8Encoding(false));
            }

            var result = Checker.Check(root, new CheckOptions(TimeZoneInfo.Utc, 60, TimeZoneInfo.Utc));
            result.Diagnostics.Should().NotContain(d => d.Id == "CPL9005" && d.Message.Contains("failed ("));

            File.WriteAllBytes(Path.Combine(root, "group_vars", "all.yaml"), [0xC3, 0x28, 0xFF, 0xFE, 0x00, 0x0A]);
            Checker.Check(root, new CheckOptions(TimeZoneInfo.Utc, 60, TimeZoneInfo.Utc, Deploy: DateTimeOffset.MaxValue));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static void AnsibleYamlLoads(string text)
    {
        try
        {
            AnsibleYaml.Load(text, []);
        }
        catch (YamlDotNet.Core.YamlException)
        {
            // The documented failure: a syntax error with its position, reported by the caller as CPL6007.
        }
    }

    private static Exception? TryInvoke(Func<CronSchedule> parse)
    {
        try
        {
            parse();
            return null;
        }
#pragma warning disable CA1031 // The test looks at what escapes.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return e;
        }
    }
}
