using System.Diagnostics;
using System.Text;
using CronPlan.Analysis;
using CronPlan.Compilation;
using CronPlan.Cron;
using CronPlan.Diagnostics;
using CronPlan.Plans;
using CronPlan.Repos;
using CronPlan.Sla;
using CronPlan.Tabs;
using CronPlan.Tests.Support;
using YamlDotNet.Core;

namespace CronPlan.Tests.Reliability;

/// <summary>
/// The rows of the reliability contract (docs/reliability.md): inputs that once ended the process with an unhandled
/// exception, a write outside the output directory, a silent overflow or a hang, each now a finding with a position.
/// </summary>
[TestFixture]
public sealed class HostileInputTests
{
    private static string LabPlan => File.ReadAllText(Path.Combine(ConformanceVectors.RepositoryRoot, "samples", "lab10", "cronplan.yaml"));

    private static PlanLoadResult Parse(string yaml) => BackupPlan.Parse(yaml, "plan.yaml");

    private static string LabPlanWith(string find, string replace)
    {
        LabPlan.Should().Contain(find);
        return LabPlan.Replace(find, replace, StringComparison.Ordinal);
    }

    // C6: YamlDotNet's scanner throws InvalidOperationException, not YamlException, for an open flow mapping.
    [TestCase("a: {\nb\n")]
    [TestCase("version: 1\nservices: {\nmysql\n")]
    public void C6_AnOpenFlowMapping_IsCPL3001_WithItsPosition(string yaml)
    {
        var loaded = Parse(yaml);
        loaded.Plan.Should().BeNull();
        var error = loaded.Diagnostics.Should().ContainSingle(d => d.Id == "CPL3001").Subject;
        error.Location.Line.Should().BeGreaterThan(1);
        error.Location.Column.Should().BeGreaterThanOrEqualTo(1);
        error.Message.Should().Contain("not valid YAML");
    }

    [Test]
    public void C6_AnsibleYaml_ReportsAnOpenFlowMapping_AsAYamlException()
    {
        var load = () => AnsibleYaml.Load("a: {\nb\n", []);
        load.Should().Throw<YamlException>().Which.Start.Line.Should().BeGreaterThan(1);
    }

    [Test]
    [NonParallelizable]
    public void C6_GroupVarsWithAnOpenFlowMapping_IsCPL6007_NotCPL9005()
    {
        var root = CopyOfTheLab();
        try
        {
            File.WriteAllText(Path.Combine(root, "group_vars", "all.yaml"), "a: {\nb\n");
            var result = Checker.Check(root, new CheckOptions(TimeZoneInfo.Utc, 60, TimeZoneInfo.Utc));
            result.Diagnostics.Should().NotContain(d => d.Id == "CPL9005");
            var error = result.Diagnostics.Should().ContainSingle(d => d.Id == "CPL6007" && d.Location.File == "group_vars/all.yaml").Subject;
            error.Location.Line.Should().BeGreaterThan(1);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    // C7: the writer's ArgumentException for a command the daemon would reject, reached through a plan.
    [Test]
    public void C7_AnEmptyDumpCommand_IsCPL3003()
    {
        var loaded = Parse(LabPlanWith("command: mysqldump agama > /home/backup/mysql/agama.sql", "command: \"\""));
        loaded.Plan.Should().BeNull();
        loaded.Diagnostics.Should().Contain(d => d.Id == "CPL3003" && d.Message.Contains("empty") && d.Location.Line == 19);
    }

    [Test]
    public void C7_ADumpCommandOverTheDaemonsLimit_IsCPL3002()
    {
        var loaded = Parse(LabPlanWith("mysqldump agama >", "mysqldump " + new string('x', 1001) + " agama >"));
        loaded.Plan.Should().BeNull();
        loaded.Diagnostics.Should().Contain(d => d.Id == "CPL3002" && d.Message.Contains("998") && d.Location.Line == 19);
    }

    [Test]
    public void C7_ATargetThatMakesTheUploadLineTooLong_IsCPL3002_AndNothingIsWritten()
    {
        var loaded = Parse(LabPlanWith("target: mysql", "target: " + new string('t', 950)));
        loaded.Diagnostics.Should().NotContain(d => d.Severity == DiagnosticSeverity.Error);
        var compiled = Compiler.Compile(loaded.Plan!);
        compiled.Succeeded.Should().BeFalse();
        compiled.Tabs.Should().BeEmpty();
        compiled.Diagnostics.Should().Contain(d => d.Id == "CPL3002" && d.Message.Contains("upload") && d.Message.Contains("998") && d.Location.File == "plan.yaml");
        var output = Directory.CreateTempSubdirectory("cronplan-c7-").FullName;
        try
        {
            Compiler.Write(compiled, output).Should().BeEmpty();
            Directory.EnumerateFileSystemEntries(output).Should().BeEmpty();
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [Test]
    public void C7_APlanBuiltInCodeWithAnEmptyCommand_IsAFinding()
    {
        var plan = Parse(LabPlan).Plan!;
        var mysql = plan.Services[0];
        var broken = plan with { Services = [mysql with { Dump = mysql.Dump! with { Command = " " } }, plan.Services[1]] };
        var compile = () => Compiler.Compile(broken);
        compile.Should().NotThrow().Which.Diagnostics.Should().Contain(d => d.Id == "CPL3003");
    }

    // C8: a deployment at DateTime's edges; the run analysis covers 28 years from it.
    [TestCase("9999-12-31T23:59:59Z")]
    [TestCase("0001-01-01T00:00:00Z")]
    [TestCase("9001-01-01T00:00:00Z")]
    [TestCase("1970-12-31T23:59:00Z")]
    public void C8_ADeployOutsideTheSupportedYears_IsCPL3004(string deploy)
    {
        var loaded = Parse(LabPlanWith("encryption: none ", $"deploy: {deploy}\nencryption: none "));
        loaded.Plan.Should().BeNull();
        loaded.Diagnostics.Should().ContainSingle(d => d.Id == "CPL3004" && d.Message.Contains("out of range") && d.Location.Line == 15);
    }

    [Test]
    public void C8_ADeployAtTheLimits_Compiles()
    {
        foreach (var deploy in new[] { "1971-01-01T00:00:00Z", "9000-12-31T23:59:00Z" })
        {
            var loaded = Parse(LabPlanWith("encryption: none ", $"deploy: {deploy}\nencryption: none "));
            Compiler.Compile(loaded.Plan!).Succeeded.Should().BeTrue(deploy);
        }
    }

    [TestCase(9999, 12, 31)]
    [TestCase(1, 1, 1)]
    public void C8_TheLibrary_TakesADeployAtTheEdges_AsEveryMoment(int year, int month, int day)
    {
        var plan = Parse(LabPlan).Plan! with { Deploy = new DateTimeOffset(year, month, day, 0, 0, 0, TimeSpan.Zero) };
        var compile = () => Compiler.Compile(plan);
        compile.Should().NotThrow();
        var tabs = new[] { new AnalyzedTab("mysql-backup", CronTab.Parse(File.ReadAllText(Path.Combine(ConformanceVectors.RepositoryRoot, "samples", "lab10", "cron.d", "mysql-backup")))) };
        var options = new AnalysisOptions { Deploy = plan.Deploy, HostZone = TimeZoneInfo.Utc };
        var analyze = () => ScheduleAnalyzer.Analyze(tabs, options);
        analyze.Should().NotThrow();
        var lint = () => CronTabLinter.Lint(tabs[0].Tab, new CronTabLintOptions(TimeZoneInfo.Utc, plan.Deploy!.Value));
        lint.Should().NotThrow();
    }

    // C9: wall times whose instant, moved by the zone's offset, leaves DateTime's range.
    [TestCase("Europe/Berlin", 1, 1, 1)]
    [TestCase("America/New_York", 1, 1, 1)]
    [TestCase("America/New_York", 9999, 12, 31)]
    [TestCase("Asia/Tokyo", 9999, 12, 31)]
    [TestCase("Pacific/Kiritimati", 9999, 12, 31)]
    public void C9_RunsAtDateTimesEdges_StopThere_WithoutThrowing(string zoneName, int year, int month, int day)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneName);
        var local = new DateTime(year, month, day, year == 1 ? 0 : 23, year == 1 ? 0 : 59, 0);
        var schedule = CronSchedule.Parse("* * * * *");
        var runs = () => schedule.RunsAfter(local, zone).Take(3).ToList();
        runs.Should().NotThrow();
        var next = () => schedule.NextRun(CronSchedule.LocalToInstant(local, zone), zone);
        next.Should().NotThrow();
        var before = () => schedule.RunsBefore(CronSchedule.LocalToInstant(local, zone), zone).Take(3).ToList();
        before.Should().NotThrow();
        var explain = () => CronExplainer.Explain("30 2 * * *", CronDialect.Debian, zone, CronSchedule.LocalToInstant(local, zone));
        explain.Should().NotThrow();
    }

    [Test]
    public void C9_RunsNearTheEnd_AreListedUpToTheLastMinuteThatExists()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var runs = CronSchedule.Parse("0 * * * *").RunsAfter(new DateTimeOffset(9999, 12, 31, 12, 30, 0, TimeSpan.Zero), zone).ToList();
        runs.Should().NotBeEmpty();
        runs.Should().OnlyContain(r => r.At.UtcDateTime.Year == 9999);
    }

    // C1-C5: templates and SLA sentences that once threw; kept as rows.
    [TestCase("{{ \".\".join(parts) }}")]
    [TestCase("{{'}}")]
    [TestCase("{{ 'a' ~ b }}")]
    [TestCase("{{ x | default(') }}")]
    public void C1_C2_ACronTemplateThatOnceThrew_RendersOrIsKeptAsWritten(string template)
    {
        var render = () => Jinja.Render("30 23 * * * backup echo " + template + "\n", new Dictionary<string, object?>(StringComparer.Ordinal) { ["parts"] = new List<object?> { "a", "b" }, ["b"] = "B" });
        render.Should().NotThrow();
    }

    [TestCase("## MySQL\nMySQL: 99999999999 versions are kept.\n")]
    [TestCase("## MySQL\nWe keep 99999999999 copies.\n")]
    [TestCase("## MySQL\nRPO: 99999999999999999999 hours\n")]
    [TestCase("## MySQL\nBackups are stored for 99999999999999 weeks.\n")]
    [TestCase("| Service | Versions |\n|---|---|\n| MySQL | 99999999999 |\n")]
    public void C3_AnOutOfRangeNumber_IsNotAFact(string markdown)
    {
        var read = () => SlaDocument.Parse(markdown, "backup_sla.md");
        var sla = read.Should().NotThrow().Subject;
        sla.Facts.Should().NotContain(f => f.Value.Contains("99999"));
        var check = () => SlaChecks.Check(sla, 60, TimeZoneInfo.Utc);
        check.Should().NotThrow();
    }

    [TestCase("## MySQL\nMySQL: \u0663 versions are kept.\n")]
    [TestCase("| Service | Versions |\n|---|---|\n| MySQL | \u0663 |\n")]
    [TestCase("## MySQL\nBackups start at 2\u0663:10 UTC.\n")]
    [TestCase("## MySQL\nBackups start at 23:10 UTC+\u0663.\n")]
    [TestCase("## MySQL\nBackups start at 23:10 UTC+99.\n")]
    public void C4_C5_ArabicIndicDigitsAndImpossibleOffsets_AreNotReadAsNumbers(string markdown)
    {
        var read = () => SlaDocument.Parse(markdown, "backup_sla.md");
        var sla = read.Should().NotThrow().Subject;
        sla.Facts.Should().NotContain(f => f.Value.Contains('\u0663') || f.Value.Contains('+') || f.Value.Contains("99") || f.Value.StartsWith("10", StringComparison.Ordinal));
        var check = () => SlaChecks.Check(sla, 60, TimeZoneInfo.Utc);
        check.Should().NotThrow();
    }

    // A plan's hosts became directories under -o and segments of the target URL.
    [TestCase("../../escaped")]
    [TestCase("/tmp/abs")]
    [TestCase("..")]
    [TestCase(".hidden")]
    [TestCase("a/b")]
    public void Hosts_ThatArePaths_AreCPL3002(string host)
    {
        var loaded = Parse(LabPlanWith("  mysql:\n", $"  mysql:\n    hosts: [\"{host}\"]\n"));
        loaded.Plan.Should().BeNull();
        loaded.Diagnostics.Should().ContainSingle(d => d.Id == "CPL3002" && d.Message.Contains("not a host name") && d.Location.Line == 18);
    }

    [TestCase("db1")]
    [TestCase("db-1.prod.example.org")]
    public void Hosts_ThatAreNames_AreAccepted(string host) =>
        Compiler.Compile(Parse(LabPlanWith("  mysql:\n", $"  mysql:\n    hosts: [\"{host}\"]\n")).Plan!).Tabs.Should().Contain(t => t.Host == host);

    [TestCase("../escaped")]
    [TestCase("mysql/../../x")]
    public void Targets_ThatLeaveTheBackupServersDirectory_AreCPL3002(string target)
    {
        var loaded = Parse(LabPlanWith("target: mysql", $"target: \"{target}\""));
        loaded.Diagnostics.Should().ContainSingle(d => d.Id == "CPL3002" && d.Message.Contains("'..'"));
    }

    [Test]
    public void Hosts_ThatArePaths_InAPlanBuiltInCode_AreRefused_AndNothingIsWrittenOutside()
    {
        var plan = Parse(LabPlan).Plan!;
        var escaping = plan with { Services = [plan.Services[0] with { Hosts = ["../../escaped"] }] };
        Compiler.Compile(escaping).Diagnostics.Should().Contain(d => d.Id == "CPL3002" && d.Message.Contains("not a host name"));

        var parent = Directory.CreateTempSubdirectory("cronplan-confined-").FullName;
        try
        {
            var output = Path.Combine(parent, "out", "deeper");
            var forged = new CompileResult([new CompiledTab("../../escaped", "mysql-backup", "MAILTO=\"\"\n")], null, []);
            Compiler.Write(forged, output).Should().ContainSingle(d => d.Id == "CPL3002" && d.Message.Contains("refusing"));
            Compiler.CheckDrift(forged, output).Should().ContainSingle(d => d.Id == "CPL3002");
            Directory.Exists(Path.Combine(parent, "escaped")).Should().BeFalse();
        }
        finally
        {
            Directory.Delete(parent, recursive: true);
        }
    }

    // 220000 weeks is more than 2^31 minutes: the upload came before the dump and a fix said '-9 -35791372 * * 0'.
    [TestCase("dump", "takes: 5m", "takes: 220000w", 20)]
    [TestCase("upload", "takes: 15m", "takes: 8D", 24)]
    [TestCase("rpo", "rpo: 24h\n  influxdb", "rpo: 999999w\n  influxdb", 27)]
    public void Durations_BeyondTheirLimit_AreCPL3004(string what, string find, string replace, int line)
    {
        var loaded = Parse(LabPlanWith(find, replace));
        loaded.Plan.Should().BeNull(what);
        loaded.Diagnostics.Should().ContainSingle(d => d.Id == "CPL3004" && d.Message.Contains("out of range") && d.Location.Line == line);
    }

    [Test]
    public void Durations_BeyondAWeek_InAPlanBuiltInCode_AreCPL3004_NotAnOverflow()
    {
        var plan = Parse(LabPlan).Plan!;
        var mysql = plan.Services[0];
        var huge = plan with { Services = [mysql with { Dump = mysql.Dump! with { Takes = TimeSpan.FromDays(220000 * 7) } }] };
        var result = Compiler.Compile(huge);
        result.Diagnostics.Should().Contain(d => d.Id == "CPL3004");
        result.Diagnostics.Should().NotContain(d => d.Message.Contains("2147483647") || (d.Fix != null && d.Fix.Contains('-')));
        var schedule = () => Scheduling.Scheduler.Schedule(huge);
        schedule.Should().NotThrow().Which.Diagnostics.Should().Contain(d => d.Id == "CPL3006");
    }

    [Test]
    public void Durations_BeyondAWeek_StatedToTheAnalysis_AreReadAsAWeek()
    {
        var tab = CronTab.Parse(File.ReadAllText(Path.Combine(ConformanceVectors.RepositoryRoot, "samples", "lab10", "cron.d", "mysql-backup")), null, "mysql-backup");
        var options = new AnalysisOptions { HostZone = TimeZoneInfo.Utc, DumpDurations = new Dictionary<string, TimeSpan> { ["mysqldump agama > /home/backup/mysql/agama.sql"] = TimeSpan.FromDays(1_000_000) } };
        var found = ScheduleAnalyzer.Analyze([new AnalyzedTab("mysql-backup", tab)], options);
        found.Should().NotContain(d => d.Message.Contains("2147483647"));
    }

    // 22 to 26 pairs of a repeated option took seconds to minutes through backtracking.
    [TestCase(22)]
    [TestCase(26)]
    [TestCase(2000)]
    public void RepeatedOptions_AreReadInLinearTime(int pairs)
    {
        var line = "duplicity " + string.Concat(Enumerable.Repeat("--opt x ", pairs)) + "restore rsync://backup.example.org/mysql /home/backup/mysql\n";
        var alsoDashed = "duplicity " + string.Concat(Enumerable.Repeat("--opt ", pairs)) + "restore\n";
        var watch = Stopwatch.StartNew();
        RestoreDocument.Commands("## MySQL\n\n" + line + alsoDashed, "backup_restore.md");
        RestoreDocument.Check("## MySQL\n\n" + line + alsoDashed, "backup_restore.md", []);
        ManualFullEvidence.Find("Run the first full by hand:\n\n" + alsoDashed, "docs/backup.md");
        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5));
    }

    internal static string CopyOfTheLab()
    {
        var source = Path.Combine(ConformanceVectors.RepositoryRoot, "samples", "lab10");
        var root = Directory.CreateTempSubdirectory("cronplan-lab-").FullName;
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(root, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return root;
    }
}
