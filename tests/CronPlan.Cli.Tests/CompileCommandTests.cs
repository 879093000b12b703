using CronPlan.Tests.Support;

namespace CronPlan.Cli.Tests;

[TestFixture]
[NonParallelizable]
public sealed class CompileCommandTests
{
    private string _previousDirectory = "";

    [SetUp]
    public void EnterRepository()
    {
        _previousDirectory = Environment.CurrentDirectory;
        Environment.CurrentDirectory = ConformanceVectors.RepositoryRoot;
    }

    [TearDown]
    public void Restore() => Environment.CurrentDirectory = _previousDirectory;

    [Test]
    public void Compile_TheLabPlan_MatchesGolden()
    {
        var result = CliRunner.InProcess("compile", "samples/lab10/cronplan.yaml");
        var actual = $"$ cronplan compile samples/lab10/cronplan.yaml\nexit {result.ExitCode}\n--- stdout\n{result.Stdout}--- stderr\n{result.Stderr}";
        var golden = Path.Combine(ConformanceVectors.RepositoryRoot, "tests", "CronPlan.Cli.Tests", "Golden", "compile-lab10.txt");
        if (Environment.GetEnvironmentVariable("CRONPLAN_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(golden, actual);
            Assert.Ignore($"rewrote {golden}");
        }

        actual.Should().Be(File.ReadAllText(golden));
    }

    [Test]
    public void Check_AgainstTheCheckedInTabs_ExitsZero() =>
        CliRunner.InProcess("compile", "samples/lab10/cronplan.yaml", "-o", "samples/lab10/cron.d", "--check").ExitCode.Should().Be(0);

    [Test]
    public void Check_ReportsDrift_AndExitsOne()
    {
        var directory = Directory.CreateTempSubdirectory("cronplan-drift-").FullName;
        try
        {
            File.Copy("samples/lab10/cron.d/mysql-backup", Path.Combine(directory, "mysql-backup"));
            var result = CliRunner.InProcess("compile", "samples/lab10/cronplan.yaml", "-o", directory, "--check");
            result.ExitCode.Should().Be(1);
            result.Stdout.Should().Contain("error CPL9004: 'influxdb-backup' is missing");
            Directory.GetFiles(directory).Should().HaveCount(1, "--check writes nothing");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public void Output_WritesTheTabs_AndExitsZero()
    {
        var directory = Path.Combine(Directory.CreateTempSubdirectory("cronplan-out-").FullName, "cron.d");
        try
        {
            var result = CliRunner.InProcess("compile", "samples/plans/shared-backup-server.yaml", "-o", directory);
            result.ExitCode.Should().Be(0, result.Stdout);
            Directory.GetFiles(directory, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(directory, f).Replace('\\', '/'))
                .Should().BeEquivalentTo(["db1/mysql-backup", "db1/influxdb-backup", "db2/mysql-backup", "db2/influxdb-backup", "db3/mysql-backup", "db3/influxdb-backup"]);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(directory)!, recursive: true);
        }
    }

    [Test]
    public void CompiledTabs_LintWithoutError_AndCheckFindsAnEditedLine()
    {
        var directory = Directory.CreateTempSubdirectory("cronplan-out-").FullName;
        try
        {
            CliRunner.InProcess("compile", "samples/lab10/cronplan.yaml", "-o", directory).ExitCode.Should().Be(0);
            var tabs = Directory.GetFiles(directory).Order(StringComparer.Ordinal).ToArray();
            var lint = CliRunner.InProcess(["lint", .. tabs]);
            lint.ExitCode.Should().Be(0, lint.Stdout);
            lint.Stdout.Should().Contain("0 errors");

            CliRunner.InProcess("compile", "samples/lab10/cronplan.yaml", "-o", directory, "--check").ExitCode.Should().Be(0);
            var mysql = Path.Combine(directory, "mysql-backup");
            File.WriteAllText(mysql, File.ReadAllText(mysql).Replace("* * 0 ", "* * 6 ", StringComparison.Ordinal));
            var check = CliRunner.InProcess("compile", "samples/lab10/cronplan.yaml", "-o", directory, "--check");
            check.ExitCode.Should().Be(1);
            check.Stdout.Should().Contain("mysql-backup(10,1): error CPL9004: 'mysql-backup' differs from what the plan compiles to, from line 10 on");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [TestCase("samples/lab10/cronplan.yaml")]
    [TestCase("samples/plans/shared-backup-server.yaml")]
    [TestCase("samples/plans/tallinn-window.yaml")]
    [TestCase("samples/plans/daily-full.yaml")]
    public void EverySamplePlan_Compiles(string plan) =>
        CliRunner.InProcess("compile", plan).ExitCode.Should().Be(0);

    [Test]
    public void TheInfeasibleSample_ReportsCpl3006_AndWritesNothing()
    {
        var directory = Directory.CreateTempSubdirectory("cronplan-none-").FullName;
        try
        {
            var result = CliRunner.InProcess("compile", "samples/plans/infeasible.yaml", "-o", directory);
            result.ExitCode.Should().Be(1);
            result.Stdout.Should().StartWith("samples/plans/infeasible.yaml(11,13): error CPL3006: services.warehouse.upload does not fit");
            Directory.EnumerateFileSystemEntries(directory).Should().BeEmpty();
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public void BadYaml_GetsADiagnosticWithItsPosition_NotAStackTrace()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "version: 1\nservices: [a, b\n");
            var result = CliRunner.InProcess("compile", file, "--format", "json");
            result.ExitCode.Should().Be(1);
            result.Stdout.Should().Contain("\"id\": \"CPL3001\"").And.Contain("\"line\": 3");
            result.Stderr.Should().BeEmpty();
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    public void AMissingPlan_ExitsTwo() =>
        CliRunner.InProcess("compile", "no-such-plan.yaml").ExitCode.Should().Be(2);

    [Test]
    public void CheckWithoutADirectory_IsAUsageError()
    {
        var result = CliRunner.InProcess("compile", "samples/lab10/cronplan.yaml", "--check");
        result.ExitCode.Should().Be(2);
        result.Stderr.Should().Contain("-o DIR");
    }

    [Test]
    public void Check_TheLabRepository_ExitsZero_WithPathsRelativeToIt()
    {
        var result = CliRunner.InProcess("check", "samples/lab10");
        result.ExitCode.Should().Be(0, result.Stdout);
        result.Stdout.Should().Contain("roles/mysql_backup/templates/mysql-backup.j2(").And.Contain("0 errors");
        result.Stdout.Should().StartWith("Services (cron tabs against the SLA):");
        result.Stdout.Split('\n').Should().Contain(l => l.StartsWith("  mysql ", StringComparison.Ordinal) && l.Contains("weekly (Sun)", StringComparison.Ordinal) && l.Contains("24 hours   24 hours", StringComparison.Ordinal));
        result.Stdout.Should().Contain("The night in UTC");
        CliRunner.InProcess("check", "samples/lab10/backup_sla.md").ExitCode.Should().Be(0);
    }

    [Test]
    public void Check_AMissingPath_ExitsTwo() =>
        CliRunner.InProcess("check", "no/such/repository").ExitCode.Should().Be(2);

    [Test]
    public void Timeline_OfThePlan_ShowsEveryJobAgainstTheDeadline_AndWritesAnSvg()
    {
        var svg = Path.GetTempFileName();
        try
        {
            var result = CliRunner.InProcess("timeline", "samples/lab10/cronplan.yaml", "--svg", svg);
            result.ExitCode.Should().Be(0);
            var lines = result.Stdout.Split('\n');
            lines[0].Should().Contain("the deadline 01:00");
            lines.Should().Contain(l => l.StartsWith("mysql.upload ", StringComparison.Ordinal) && l.EndsWith("23:12-23:27", StringComparison.Ordinal));
            lines.Skip(2).Where(l => l.Length > 0).Should().OnlyContain(l => l.Contains('|', StringComparison.Ordinal), "the deadline column crosses every row");

            var image = System.Xml.Linq.XDocument.Load(svg);
            System.Xml.Linq.XNamespace ns = "http://www.w3.org/2000/svg";
            image.Root!.Name.Should().Be(ns + "svg");
            image.Descendants(ns + "rect").Should().HaveCount(1 + 6, "a background and a bar per job");
            image.Descendants(ns + "text").Select(t => t.Value).Should().Contain("deadline 01:00");
        }
        finally
        {
            File.Delete(svg);
        }
    }

    [Test]
    public void Timeline_OfARepository_TakesCompiledTabsDurations_AndShowsWhatRunsAfterTheDeadline()
    {
        var result = CliRunner.InProcess("timeline", "samples/mistakes/schedule");
        result.ExitCode.Should().Be(0);
        result.Stdout.Split('\n').Single(l => l.StartsWith("influxdb-backup: retention", StringComparison.Ordinal)).Should().EndWith("02:25-02:27", "the compiled header states 2 minutes");
        result.Stdout.Split('\n').Single(l => l.StartsWith("mysql-backup: dump", StringComparison.Ordinal)).Should().Contain("##").And.NotContain("+");
    }

    [Test]
    public void Timeline_OfHandWrittenTabs_MarksAssumedDurations()
    {
        var root = Directory.CreateTempSubdirectory("cronplan-timeline-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "roles", "db", "tasks"));
            Directory.CreateDirectory(Path.Combine(root, "roles", "db", "files"));
            File.WriteAllText(Path.Combine(root, "roles", "db", "tasks", "main.yaml"), "- copy: { src: db-backup, dest: /etc/cron.d/db-backup }\n");
            File.WriteAllText(Path.Combine(root, "roles", "db", "files", "db-backup"), "MAILTO=\"\"\n10 23 * * * backup mysqldump --no-tablespaces agama > /home/backup/mysql/agama.sql\n");
            var result = CliRunner.InProcess("timeline", root);
            result.Stdout.Split('\n').Single(l => l.StartsWith("db-backup: dump", StringComparison.Ordinal)).Should().Contain("++").And.EndWith("23:10-23:20");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Test]
    public void RestoreCommands_ListTheDocumentsCommands_InOrder_WithTheirUsers()
    {
        var result = CliRunner.InProcess("restore-commands", "samples/lab10/backup_restore.md");
        result.ExitCode.Should().Be(0);
        var lines = result.StdoutLines.Select(l => l.Split('\t')).ToList();
        lines.Should().OnlyContain(parts => parts.Length == 3);
        lines.Select(p => p[2]).Should().ContainInOrder(
            "rm -rf /home/backup/restore/mysql",
            "duplicity --no-encryption restore rsync://elvis@backup.example.org/mysql /home/backup/restore/mysql",
            "mysql agama < /home/backup/restore/mysql/agama.sql",
            "influxd restore -portable -database telegraf /home/backup/restore/influxdb");
        lines.Single(p => p[2].StartsWith("duplicity --no-encryption restore rsync://elvis@backup.example.org/mysql", StringComparison.Ordinal))[1].Should().Be("backup", "sudo -u backup is taken off and becomes the user");
        lines.Single(p => p[2].StartsWith("mysql agama <", StringComparison.Ordinal))[1].Should().Be("root");
        var document = File.ReadAllLines("samples/lab10/backup_restore.md");
        lines.Should().OnlyContain(p => document[int.Parse(p[0], System.Globalization.CultureInfo.InvariantCulture) - 1].Contains(p[2], StringComparison.Ordinal), "each line number points at its command");
    }

    [Test]
    public void RestoreCommands_OfAMissingFile_ExitsTwo() =>
        CliRunner.InProcess("restore-commands", "no/such/backup_restore.md").Should().Match<CliResult>(r => r.ExitCode == 2 && r.Stdout.Contains("CPL9001"));

    [Test]
    public void Check_Rendered_WritesEachTabAsTheRolesRenderIt()
    {
        var directory = Directory.CreateTempSubdirectory("cronplan-rendered-").FullName;
        try
        {
            CliRunner.InProcess("check", "samples/lab10", "--rendered", directory).ExitCode.Should().Be(0);
            Directory.GetFiles(directory).Select(Path.GetFileName).Should().BeEquivalentTo(["mysql-backup", "influxdb-backup"]);
            foreach (var name in new[] { "mysql-backup", "influxdb-backup" })
            {
                File.ReadAllText(Path.Combine(directory, name)).Should().Be(File.ReadAllText(Path.Combine("samples", "lab10", "cron.d", name)));
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
