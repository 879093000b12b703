using System.Text;
using CronPlan.Tests.Support;

namespace CronPlan.Cli.Tests;

/// <summary>
/// The reliability contract for the command line (docs/reliability.md): whatever file or argument a command is given,
/// it ends with exit code 0, 1 or 2 and a message, never an unhandled exception or a stack trace, never a write
/// outside -o.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class HostileInputTests
{
    private static readonly string MegabyteLine = new('a', 1 << 20);

    private string _directory = "";

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("cronplan-hostile-").FullName;

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_directory, recursive: true);

    private static string LabPlan => File.ReadAllText(Path.Combine(ConformanceVectors.RepositoryRoot, "samples", "lab10", "cronplan.yaml"));

    private static string LabPlanWith(string find, string replace) => LabPlan.Replace(find, replace, StringComparison.Ordinal);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private static CliResult Run(params string[] args)
    {
        var result = CliRunner.InProcess(args);
        result.ExitCode.Should().BeOneOf([0, 1, 2], string.Join(' ', args));
        result.Stderr.Should().NotContain("Unhandled exception").And.NotContain(CliApp.InternalError).And.NotContainAny("   at ", "Exception:");
        result.Stdout.Should().NotContain("   at CronPlan");
        return result;
    }

    /// <summary>The hostile texts every command that reads a file is given.</summary>
    public static IEnumerable<TestCaseData> Texts()
    {
        var rows = new (string Name, string Text)[]
        {
            ("empty", ""),
            ("NUL bytes", "\0\0\0 * * * * root \0\n"),
            ("huge numbers", "99999999999999999999 99999999999 * * * root echo 1\nversion: 99999999999999999999\n"),
            ("deep brackets", new string('[', 20_000)),
            ("deep quotes", string.Concat(Enumerable.Repeat("> ", 20_000)) + "x\n"),
            ("deep parentheses", "{{ " + new string('(', 20_000) + " }}\n"),
            ("a 1 MB line", "* * * * * root " + MegabyteLine + "\n"),
            ("C1 C2 templates", "30 23 * * * backup echo {{ \".\".join(parts) }} {{'}} {{ x | default(') }} {{ 'a' ~ b }}\n"),
            ("C3 C4 C5 SLA numbers", "## MySQL\nMySQL: 99999999999 versions are kept.\nMySQL: \u0663 versions are kept.\nBackups start at 2\u0663:10 UTC.\n23:10 UTC+\u0663\n23:10 UTC+99\nRPO: 99999999999999999999 hours\n"),
            ("C6 open flow mapping", "a: {\nb\n"),
            ("C8 deploy", "version: 1\ndeploy: 9999-12-31T23:59:59Z\nwindow: { start: \"22:00\" }\nencryption: none\nservices:\n  s:\n    dump: { command: x, takes: 5m }\n"),
        };
        return rows.Select(r => new TestCaseData(r.Text).SetArgDisplayNames(r.Name));
    }

    [TestCaseSource(nameof(Texts))]
    public void EveryCommandThatReadsAFile_EndsWithAnExitCode_NeverAStackTrace(string text)
    {
        var file = Write("input", text);
        var bytes = Path.Combine(_directory, "binary");
        File.WriteAllBytes(bytes, [0xC3, 0x28, 0xFF, 0xFE, 0x00, 0x0A]);
        foreach (var path in new[] { file, bytes })
        {
            Run("lint", path);
            Run("lint", "--user-crontab", path, "--format", "json");
            Run("compile", path);
            Run("compile", path, "-o", Path.Combine(_directory, "out"));
            Run("timeline", path);
            Run("restore-commands", path);
            Run("check", path);
        }

        var repository = Path.Combine(_directory, "repo");
        foreach (var name in new[] { "group_vars/all.yaml", "roles/r/tasks/main.yaml", "roles/r/templates/r.j2", "backup_sla.md", "backup_restore.md" })
        {
            Write(Path.Combine("repo", name), text);
        }

        Run("check", repository);
        Run("check", repository, "--format", "sarif");
        Run("timeline", repository);
    }

    [TestCase("* * * * *")]
    [TestCase("")]
    [TestCase("\0")]
    [TestCase("99999999999999999999 * * * *")]
    [TestCase("@every_hour")]
    [TestCase("0 0 31 2 *")]
    public void NextAndExplain_OnAnyExpression_EndWithAnExitCode(string expression)
    {
        Run("next", expression, "--from", "2026-01-01T00:00");
        Run("explain", expression, "--from", "2026-01-01T00:00");
        Run("next", expression, "--dialect", "cronos", "--format", "json");
    }

    // C6
    [Test]
    public void C6_Compile_APlanWithAnOpenFlowMapping_IsCPL3001_WithItsLine()
    {
        var result = Run("compile", Write("bad.yaml", "a: {\nb\n"), "-o", Path.Combine(_directory, "out"));
        result.ExitCode.Should().Be(1);
        result.Stdout.Should().MatchRegex(@"bad\.yaml\([2-9],[0-9]+\): error CPL3001: the plan is not valid YAML");
        Directory.Exists(Path.Combine(_directory, "out")).Should().BeFalse();
    }

    [Test]
    public void C6_Check_GroupVarsWithAnOpenFlowMapping_IsCPL6007_WithItsLine()
    {
        var repository = Path.Combine(_directory, "lab");
        foreach (var source in Directory.EnumerateFiles(Path.Combine(ConformanceVectors.RepositoryRoot, "samples", "lab10"), "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(repository, Path.GetRelativePath(Path.Combine(ConformanceVectors.RepositoryRoot, "samples", "lab10"), source));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(source, target);
        }

        File.WriteAllText(Path.Combine(repository, "group_vars", "all.yaml"), "a: {\nb\n");
        var result = Run("check", repository);
        result.ExitCode.Should().Be(1);
        result.Stdout.Should().MatchRegex(@"group_vars/all\.yaml\([2-9],[0-9]+\): error CPL6007").And.NotContain("CPL9005");
    }

    // C7
    public static IEnumerable<TestCaseData> UnwritableCommands() =>
    [
        new TestCaseData("command: mysqldump agama > /home/backup/mysql/agama.sql", "command: \"\"", "CPL3003").SetArgDisplayNames("an empty command"),
        new TestCaseData("mysqldump agama >", "mysqldump " + new string('x', 1001) + " >", "CPL3002").SetArgDisplayNames("a 1001-character command"),
        new TestCaseData("target: mysql", "target: " + new string('t', 950), "CPL3002").SetArgDisplayNames("a 950-character target"),
    ];

    [TestCaseSource(nameof(UnwritableCommands))]
    public void C7_Compile_ACommandTheDaemonRejects_IsAPlanFinding_AndNothingIsWritten(string find, string replace, string id)
    {
        var output = Path.Combine(_directory, "out");
        var result = Run("compile", Write("plan.yaml", LabPlanWith(find, replace)), "-o", output);
        result.ExitCode.Should().Be(1);
        result.Stdout.Should().MatchRegex($@"plan\.yaml\([0-9]+,[0-9]+\): error {id}");
        Directory.Exists(output).Should().BeFalse();
    }

    // C8
    [TestCase("lint", "samples/lab10/cron.d/mysql-backup", "9999-12-31T23:59:00Z")]
    [TestCase("lint", "samples/lab10/cron.d/mysql-backup", "0001-01-01T00:00:00Z")]
    [TestCase("check", "samples/lab10", "9999-12-31T23:59:00Z")]
    [TestCase("check", "samples/lab10", "0001-01-01T00:00:00Z")]
    public void C8_ADeployAtDateTimesEdges_IsAUsageError(string command, string path, string deploy)
    {
        var result = Run(command, Path.Combine(ConformanceVectors.RepositoryRoot, path), "--deploy", deploy);
        result.ExitCode.Should().Be(2);
        result.Stderr.Should().Contain($"--deploy '{deploy}' is out of range").And.Contain("1971 to 9000");
    }

    [Test]
    public void C8_Compile_APlanDeployedAtDateTimesEnd_IsCPL3004()
    {
        var result = Run("compile", Write("plan.yaml", LabPlanWith("encryption: none ", "deploy: 9999-12-31T23:59:59Z\nencryption: none ")), "-o", Path.Combine(_directory, "out"));
        result.ExitCode.Should().Be(1);
        result.Stdout.Should().Contain("plan.yaml(15,").And.Contain("error CPL3004: deploy '9999-12-31T23:59:59Z' is out of range");
    }

    // C9
    [TestCase("Europe/Berlin", "0001-01-01T00:00")]
    [TestCase("America/New_York", "9999-12-31T23:59")]
    [TestCase("UTC", "1970-01-01T00:00")]
    [TestCase("UTC", "9999-12-31T23:59:00Z")]
    public void C9_Next_FromDateTimesEdges_IsAUsageError(string zone, string from)
    {
        var result = Run("next", "* * * * *", "--zone", zone, "--from", from);
        result.ExitCode.Should().Be(2);
        result.Stderr.Should().Be($"cronplan: --from '{from}' is out of range: CronPlan lists runs in years 1971 to 9000\n");
        Run("explain", "* * * * *", "--zone", zone, "--from", from).ExitCode.Should().Be(2);
    }

    [Test]
    public void C9_Next_AtTheLastSupportedYear_ListsRuns()
    {
        var result = Run("next", "0 0 * * *", "--zone", "America/New_York", "--from", "9000-12-31T00:00", "--count", "2");
        result.ExitCode.Should().Be(0);
        result.StdoutLines.Should().Equal("9001-01-01T00:00:00-05:00", "9001-01-02T00:00:00-05:00");
    }

    // Hosts are names: a plan could write outside -o and put '..' into the target URL.
    [TestCase("../../escaped")]
    [TestCase("/tmp/cronplan-absolute-host")]
    public void Compile_HostsThatArePaths_AreCPL3002_AndNothingIsWrittenOutsideTheOutput(string host)
    {
        var output = Path.Combine(_directory, "a", "b", "out");
        var result = Run("compile", Write("plan.yaml", LabPlanWith("  mysql:\n", $"  mysql:\n    hosts: [\"{host}\"]\n")), "-o", output);
        result.ExitCode.Should().Be(1);
        result.Stdout.Should().Contain("plan.yaml(18,").And.Contain("error CPL3002").And.Contain("not a host name");
        Directory.EnumerateFileSystemEntries(_directory, "*", SearchOption.AllDirectories).Should().OnlyContain(p => p.EndsWith("plan.yaml", StringComparison.Ordinal));
        Directory.Exists("/tmp/cronplan-absolute-host").Should().BeFalse();
    }

    // 220000 weeks is more than 2^31 minutes: silently, the upload came before the dump.
    [Test]
    public void Compile_ADurationBeyondAWeek_IsCPL3004()
    {
        var result = Run("compile", Write("plan.yaml", LabPlanWith("takes: 5m", "takes: 220000w")));
        result.ExitCode.Should().Be(1);
        result.Stdout.Should().Contain("plan.yaml(20,").And.Contain("error CPL3004: services.mysql.dump.takes '220000w' is out of range: at most 7D")
            .And.NotContain("2147483647").And.NotContain("-35791372");
    }

    [Test]
    public void Lint_InvalidUtf8OnStandardInput_IsCPL9002()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var stdin = new MemoryStream([0xC3, 0x28, 0xFF, 0x0A]);
        CliApp.Run(["lint", "-"], stdout, stderr, stdin).Should().Be(2);
        (stdout.ToString() + stderr.ToString()).Should().Contain("CPL9002").And.NotContain("Unhandled");
    }

    [Test]
    public void AsAProcess_ACrashingInputOfOld_ExitsWithACode_NotAnAbort()
    {
        var result = CliRunner.AsProcess("compile", Write("bad.yaml", "a: {\nb\n"), "-o", Path.Combine(_directory, "out"));
        result.ExitCode.Should().Be(1);
        result.Stderr.Should().BeEmpty();
        Encoding.UTF8.GetByteCount(result.Stdout).Should().BeGreaterThan(0);
    }
}
