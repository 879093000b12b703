using System.Text;
using System.Text.Json;

namespace CronPlan.Cli.Tests;

[TestFixture]
public sealed class LintCommandTests
{
    private string _previousDirectory = "";

    [OneTimeSetUp]
    public void RunFromTheTestDirectory()
    {
        _previousDirectory = Environment.CurrentDirectory;
        Environment.CurrentDirectory = TestContext.CurrentContext.TestDirectory;
    }

    [OneTimeTearDown]
    public void Restore() => Environment.CurrentDirectory = _previousDirectory;

    private static IEnumerable<TestCaseData> Formats() =>
        new[] { "text", "json", "sarif", "github" }.Select(f => new TestCaseData(f).SetName($"Lint_Output_MatchesGolden_{f}"));

    [TestCaseSource(nameof(Formats))]
    public void Lint_Output_MatchesGolden(string format)
    {
        var result = CliRunner.InProcess("lint", "Golden/lint/mysql-backup.cron", "Golden/lint/influxdb-backup", "--format", format);
        var file = $"lint-{format}.{(format is "json" or "sarif" ? "json" : "txt")}";
        var actual = $"exit {result.ExitCode}\n{result.Stdout}";
        if (Environment.GetEnvironmentVariable("CRONPLAN_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(Path.Combine(CronPlan.Tests.Support.ConformanceVectors.RepositoryRoot, "tests", "CronPlan.Cli.Tests", "Golden", file), actual);
            Assert.Ignore("golden file rewritten");
        }

        actual.Should().Be(File.ReadAllText(Path.Combine("Golden", file)));
    }

    [Test]
    public void Lint_Json_HasTheContractShape()
    {
        var result = CliRunner.InProcess("lint", "Golden/lint/mysql-backup.cron", "--format", "json");
        using var document = JsonDocument.Parse(result.Stdout);
        var root = document.RootElement;

        root.GetProperty("version").GetInt32().Should().Be(1);
        var diagnostics = root.GetProperty("diagnostics").EnumerateArray().ToList();
        diagnostics.Should().NotBeEmpty();
        foreach (var d in diagnostics)
        {
            foreach (var name in new[] { "id", "severity", "message", "file", "line", "column", "endLine", "endColumn" })
            {
                d.TryGetProperty(name, out _).Should().BeTrue($"every diagnostic has '{name}'");
            }

            d.GetProperty("file").GetString().Should().Be("Golden/lint/mysql-backup.cron");
        }

        var summary = root.GetProperty("summary");
        summary.GetProperty("errors").GetInt32().Should().Be(diagnostics.Count(d => d.GetProperty("severity").GetString() == "error"));
    }

    /// <summary>The properties SARIF 2.1.0's schema requires, checked on the output.</summary>
    [Test]
    public void Lint_Sarif_HasTheRequiredProperties()
    {
        var result = CliRunner.InProcess("lint", "Golden/lint/mysql-backup.cron", "--format", "sarif");
        using var document = JsonDocument.Parse(result.Stdout);
        var root = document.RootElement;

        root.GetProperty("version").GetString().Should().Be("2.1.0");
        var runs = root.GetProperty("runs");
        runs.GetArrayLength().Should().Be(1);
        var driver = runs[0].GetProperty("tool").GetProperty("driver");
        driver.GetProperty("name").GetString().Should().Be("cronplan");
        var rules = driver.GetProperty("rules").EnumerateArray().ToList();
        rules.Select(r => r.GetProperty("id").GetString()).Should().Equal(CronPlan.Diagnostics.DiagnosticCatalog.All.Select(d => d.Id));
        rules.Should().OnlyContain(r => r.GetProperty("shortDescription").GetProperty("text").GetString()!.Length > 0 && r.GetProperty("help").GetProperty("text").GetString()!.Length > 0);
        var results = runs[0].GetProperty("results").EnumerateArray().ToList();
        results.Should().NotBeEmpty();
        foreach (var r in results)
        {
            r.GetProperty("message").GetProperty("text").GetString().Should().NotBeNullOrEmpty();
            var id = r.GetProperty("ruleId").GetString();
            rules[r.GetProperty("ruleIndex").GetInt32()].GetProperty("id").GetString().Should().Be(id);
            r.GetProperty("level").GetString().Should().BeOneOf("error", "warning", "note");
            var region = r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region");
            region.GetProperty("startLine").GetInt32().Should().BeGreaterThanOrEqualTo(1);
            region.GetProperty("startColumn").GetInt32().Should().BeGreaterThanOrEqualTo(1);
        }
    }

    [Test]
    public void Lint_CleanFile_ExitsZero() =>
        CliRunner.InProcess("lint", "Golden/lint/influxdb-backup").ExitCode.Should().Be(0);

    [Test]
    public void Lint_BrokenFile_ExitsOne() =>
        CliRunner.InProcess("lint", "Golden/lint/mysql-backup.cron").ExitCode.Should().Be(1);

    [Test]
    public void Lint_Stdin_UserCrontab()
    {
        using var input = new MemoryStream(Encoding.UTF8.GetBytes("MAILTO=\"\"\n0 23 * * * mysqldump agama > /x\n"));
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        CliApp.Run(["lint", "-", "--user-crontab"], stdout, stderr, input).Should().Be(0, stdout.ToString());
    }

    [Test]
    public void Lint_PasswdFile_ReportsUnknownUsers()
    {
        var passwd = Path.GetTempFileName();
        var tab = Path.Combine(Path.GetTempPath(), "cronplan-users-" + Guid.NewGuid().ToString("N"));
        try
        {
            File.WriteAllText(passwd, "root:x:0:0:root:/root:/bin/bash\n");
            File.WriteAllText(tab, "MAILTO=\"\"\n0 2 * * * backup true\n");

            var result = CliRunner.InProcess("lint", tab, "--passwd", passwd);

            result.ExitCode.Should().Be(1);
            result.Stdout.Should().Contain("error CPL2004: the user 'backup' does not exist");
        }
        finally
        {
            File.Delete(passwd);
            File.Delete(tab);
        }
    }

    // Bad input: each gets a diagnostic and a clean exit code, never an exception.
    [TestCase("binary", 2, "CPL9002")]
    [TestCase("invalid-utf8", 2, "CPL9002")]
    [TestCase("nul-in-text", 2, "CPL9002")]
    [TestCase("empty", 0, null)]
    [TestCase("fifty-megabytes", 2, "CPL9002")]
    [TestCase("hundred-thousand-lines", 1, "CPL2009")]
    [TestCase("hundred-thousand-character-line", 1, "CPL2009")]
    [TestCase("crlf", 1, "CPL2008")]
    [TestCase("directory", 2, "CPL9001")]
    [TestCase("missing", 2, "CPL9001")]
    public void Lint_BadInput_GetsADiagnostic_NotAnException(string kind, int exit, string? id)
    {
        var path = Path.Combine(Path.GetTempPath(), $"cronplan-bad-{kind}-{Guid.NewGuid():N}");
        try
        {
            switch (kind)
            {
                case "binary": File.WriteAllBytes(path, [0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00]); break;
                case "invalid-utf8": File.WriteAllBytes(path, [.. Encoding.ASCII.GetBytes("# caf"), 0xE9, .. Encoding.ASCII.GetBytes("\n0 2 * * * root true\n")]); break;
                case "nul-in-text": File.WriteAllText(path, "0 2 * * * root true\n\0\n"); break;
                case "empty": File.WriteAllText(path, ""); break;
                case "fifty-megabytes":
                    using (var stream = File.Create(path))
                    {
                        stream.SetLength(50L * 1024 * 1024);
                    }

                    break;
                case "hundred-thousand-lines": File.WriteAllText(path, "MAILTO=\"\"\n" + string.Concat(Enumerable.Repeat("0 2 * * * root true > /dev/null\n", 100_000))); break;
                case "hundred-thousand-character-line": File.WriteAllText(path, "MAILTO=\"\"\n0 2 * * * root echo " + new string('x', 100_000) + "\n"); break;
                case "crlf": File.WriteAllText(path, "MAILTO=\"\"\r\n0 2 * * * root true\r\n"); break;
                case "directory": Directory.CreateDirectory(path); break;
            }

            var result = CliRunner.InProcess("lint", path, "--format", "json");

            result.ExitCode.Should().Be(exit, result.Stdout + result.Stderr);
            using var document = JsonDocument.Parse(result.Stdout);
            var ids = document.RootElement.GetProperty("diagnostics").EnumerateArray().Select(d => d.GetProperty("id").GetString()).ToList();
            if (id is null)
            {
                ids.Should().BeEmpty();
            }
            else
            {
                ids.Should().Contain(id);
            }
        }
        finally
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path);
            }

            File.Delete(path);
        }
    }

    [Test]
    public void Lint_Suppression_SilencesTheNextLine()
    {
        var tab = Path.Combine(Path.GetTempPath(), "cronplan-suppress-" + Guid.NewGuid().ToString("N"));
        try
        {
            File.WriteAllText(tab, "MAILTO=\"\"\n# cronplan: disable=CPL2005\n0 2 * * * root date +%F > /x\n");

            CliRunner.InProcess("lint", tab).Stdout.Should().NotContain("CPL2005");
        }
        finally
        {
            File.Delete(tab);
        }
    }

    [Test]
    public void Lint_JudgesTheBackupJobsOfAllFilesTogether_OverTheirRuns()
    {
        var directory = Directory.CreateTempSubdirectory("cronplan-lint-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(directory, "mysql-dump"), "MAILTO=\"\"\n10 23 * * * backup mysqldump --no-tablespaces agama > /home/backup/mysql/agama.sql\n");
            File.WriteAllText(Path.Combine(directory, "mysql-upload"), "MAILTO=\"\"\n10 23 * * * backup duplicity --full-if-older-than 7D --no-encryption /home/backup/mysql/ rsync://b/mysql\n");
            var result = CliRunner.InProcess("lint", Path.Combine(directory, "mysql-dump"), Path.Combine(directory, "mysql-upload"));
            result.ExitCode.Should().Be(1);
            result.Stdout.Should().Contain("mysql-upload(2,1): error CPL4001: the upload starts in the same minute as the dump on ").And.Contain("mysql-dump:2 (", "a job in another file is named with its file");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public void Lint_ChecksADeadline_OnlyWhenGivenOne()
    {
        var tab = Path.Combine(Path.GetTempPath(), "cronplan-deadline-" + Guid.NewGuid().ToString("N"));
        try
        {
            File.WriteAllText(tab, "MAILTO=\"\"\n0 2 * * * backup mysqldump --no-tablespaces agama > /home/backup/mysql/agama.sql\n");
            CliRunner.InProcess("lint", tab).Stdout.Should().NotContain("CPL4004", "a cron tab alone says nothing of when its machines go away");
            CliRunner.InProcess("lint", tab, "--deadline", "01:00").Stdout.Should().Contain("error CPL4004").And.Contain("60m after the deadline 01:00 UTC (--deadline)");
            CliRunner.InProcess("lint", tab, "--deadline", "03:00").Stdout.Should().NotContain("CPL4004");
            CliRunner.InProcess("lint", tab, "--deadline", "3am").ExitCode.Should().Be(2);
        }
        finally
        {
            File.Delete(tab);
        }
    }

    [Test]
    public void Lint_Suppression_SilencesARunRuleToo()
    {
        var tab = Path.Combine(Path.GetTempPath(), "cronplan-suppress-" + Guid.NewGuid().ToString("N"));
        try
        {
            File.WriteAllText(tab, "MAILTO=\"\"\n# cronplan: disable=CPL4015\n30 23 * * * backup duplicity --full-if-older-than 7D --no-encryption /home/backup/mysql/ rsync://b/mysql\n");
            CliRunner.InProcess("lint", tab).Stdout.Should().NotContain("CPL4015");
        }
        finally
        {
            File.Delete(tab);
        }
    }

    // The lines run at 00:05 and 00:11 on the host's clock, whatever its zone: the times once came out shifted by the
    // zone's local mean time of the year 57 (Berlin 6 minutes early, Tokyo 18 late, New York 3 late).
    [TestCase("Europe/Berlin",    "Fri 2026-01-02")]
    [TestCase("Asia/Tokyo",       "Fri 2026-01-02")]
    [TestCase("America/New_York", "Thu 2026-01-01")]
    public void Lint_NamesTheRunsOfTheLines_OnTheHostsClock(string zone, string night)
    {
        var tab = Path.Combine(Path.GetTempPath(), "cronplan-times-" + Guid.NewGuid().ToString("N"));
        try
        {
            File.WriteAllText(tab, "MAILTO=\"\"\n"
                + "2 0 * * * backup mysqldump --no-tablespaces agama > /home/backup/mysql/agama.sql\n"
                + "5 0 * * * backup duplicity --full-if-older-than 7D --encrypt-key 0xABCDEF12 /home/backup/mysql/ rsync://b/mysql\n"
                + "11 0 * * * backup duplicity remove-all-but-n-full 4 --force rsync://b/mysql\n");
            var expected = $"on {night} 00:11 this retention run starts while the upload on line 3 (started {night} 00:05)";

            CliRunner.InProcess("lint", tab, "--zone", zone).Stdout.Should().Contain(expected);
            using var json = JsonDocument.Parse(CliRunner.InProcess("lint", tab, "--zone", zone, "--format", "json").Stdout);
            json.RootElement.GetProperty("diagnostics").EnumerateArray().Single(d => d.GetProperty("id").GetString() == "CPL4006")
                .GetProperty("message").GetString().Should().StartWith(expected);
        }
        finally
        {
            File.Delete(tab);
        }
    }
}
