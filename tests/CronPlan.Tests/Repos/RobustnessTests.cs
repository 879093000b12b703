using System.Diagnostics;
using System.Text;
using CronPlan.Diagnostics;
using CronPlan.Plans;
using CronPlan.Repos;

namespace CronPlan.Tests.Repos;

/// <summary>
/// Repositories no one should have to check, checked anyway: every case ends with diagnostics, within a time and an
/// allocation bound, and without an exception. Each also has one good role, which must still be found.
/// </summary>
[TestFixture]
[NonParallelizable]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class RobustnessTests
{
    private static readonly CheckOptions Utc = new(TimeZoneInfo.Utc, 60, TimeZoneInfo.Utc);

    private string _root = "";

    [SetUp]
    public void CreateRepository()
    {
        _root = Directory.CreateTempSubdirectory("cronplan-robust-").FullName;
        Write("roles/good/tasks/main.yml", "- name: tab\n  copy:\n    src: good\n    dest: /etc/cron.d/good\n    mode: '0644'\n");
        Write("roles/good/files/good", "MAILTO=\"\"\n10 23 * * * backup echo good\n");
    }

    [TearDown]
    public void RemoveRepository()
    {
        foreach (var path in Directory.EnumerateFileSystemEntries(_root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint }))
        {
            if (!File.GetAttributes(path).HasFlag(FileAttributes.ReparsePoint))
            {
                File.SetUnixFileMode(path, File.GetAttributes(path).HasFlag(FileAttributes.Directory) ? (UnixFileMode)0x1FF : (UnixFileMode)0x1B6);
            }
        }

        Directory.Delete(_root, recursive: true);
    }

    private string Write(string relative, string text) => WriteBytes(relative, Encoding.UTF8.GetBytes(text));

    private string WriteBytes(string relative, byte[] bytes)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private string Link(string relative, string target)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.CreateSymbolicLink(path, target);
        return path;
    }

    /// <summary>Runs check with a time limit (a hang fails the test instead of the run) and reports what it allocated.</summary>
    private CheckResult CheckWithin(TimeSpan limit, out long allocated)
    {
        long before = 0, after = 0;
        var task = Task.Run(() =>
        {
            before = GC.GetAllocatedBytesForCurrentThread();
            var result = Checker.Check(_root, Utc);
            after = GC.GetAllocatedBytesForCurrentThread();
            return result;
        });
        task.Wait(limit).Should().BeTrue($"check must finish within {limit}");
        allocated = after - before;
        TestContext.Out.WriteLine($"allocated {allocated / (1024 * 1024)} MiB");
        var result = task.Result;
        result.Scan.Tabs.Should().Contain(t => t.Destination == "/etc/cron.d/good", "one bad file must not stop the scan");
        return result;
    }

    private static IEnumerable<(string Id, string? File)> Found(CheckResult result) => result.Diagnostics.Select(d => (d.Id, d.Location.File));

    [Test]
    public void HundredsOfRoles_AreAllScanned()
    {
        for (var i = 0; i < 400; i++)
        {
            Write($"roles/svc{i:000}/tasks/main.yml", $"- name: tab\n  template:\n    src: tab.j2\n    dest: /etc/cron.d/svc{i:000}\n    mode: '0644'\n");
            Write($"roles/svc{i:000}/defaults/main.yml", $"minute: {i % 60}\n");
            Write($"roles/svc{i:000}/templates/tab.j2", $"{{% if inventory_hostname == 'host{i % 20}' %}}\nMAILTO=\"\"\n{{{{ minute }}}} 2 * * * backup echo svc{i:000}\n{{% endif %}}\n");
        }

        var result = CheckWithin(TimeSpan.FromMinutes(2), out var allocated);
        result.Scan.Tabs.Should().HaveCount(401);
        result.Scan.Tabs.Single(t => t.Destination == "/etc/cron.d/svc123").Text.Should().Contain("3 2 * * * backup echo svc123");
        result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Should().BeEmpty();
        allocated.Should().BeLessThan(1024L * 1024 * 1024);
    }

    [Test]
    public void UnreadableFiles_AreReported_AndTheScanGoesOn()
    {
        Link("roles/dangling/tasks/main.yml", "/nonexistent/cronplan/main.yml");
        Directory.CreateDirectory(Path.Combine(_root, "roles/dir/tasks/main.yml"));
        var fifo = Path.Combine(_root, "roles/fifo/tasks/main.yml");
        Directory.CreateDirectory(Path.GetDirectoryName(fifo)!);
        Process.Start("mkfifo", fifo)!.WaitForExit();
        var locked = Write("roles/locked/tasks/main.yml", "- name: tab\n  copy: {content: \"* * * * * root true\\n\", dest: /etc/cron.d/locked}\n");
        File.SetUnixFileMode(locked, UnixFileMode.None);
        var lockedDirectory = Path.Combine(_root, "roles/lockeddir/tasks");
        Write("roles/lockeddir/tasks/main.yml", "- name: x\n  debug: {msg: hi}\n");
        File.SetUnixFileMode(lockedDirectory, UnixFileMode.None);

        var result = CheckWithin(TimeSpan.FromSeconds(30), out _);
        Found(result).Should().Contain(("CPL9001", "roles/dangling/tasks/main.yml"));
        if (Environment.UserName != "root")
        {
            // Root reads a file of mode 0000 anyway; everyone else is told it cannot be read.
            Found(result).Should().Contain(("CPL9001", "roles/locked/tasks/main.yml"));
            Found(result).Should().Contain(("CPL9001", "roles/lockeddir/tasks"));
        }
        else
        {
            result.Scan.Tabs.Should().Contain(t => t.Destination == "/etc/cron.d/locked");
        }
    }

    [Test]
    public void BinaryAndNonUtf8Files_AreCpl9002_AtTheirPath()
    {
        var random = new Random(4711);
        var binary = new byte[4096];
        random.NextBytes(binary);
        binary[10] = 0;
        WriteBytes("roles/binary/tasks/main.yml", binary);
        Write("roles/latin/tasks/main.yml", "- name: tab\n  template: {src: tab.j2, dest: /etc/cron.d/latin}\n");
        WriteBytes("roles/latin/templates/tab.j2", [.. "# caf"u8, 0xE9, .. "\n* * * * * root true\n"u8]);
        WriteBytes("backup_sla.md", [.. "# SLA\n"u8, 0x00, 0x01]);

        var result = CheckWithin(TimeSpan.FromSeconds(30), out _);
        Found(result).Should().Contain(("CPL9002", "roles/binary/tasks/main.yml"));
        Found(result).Should().Contain(("CPL9002", "roles/latin/templates/tab.j2"));
        result.Diagnostics.Should().Contain(d => d.Id == "CPL9002" && d.Location.File!.EndsWith("backup_sla.md", StringComparison.Ordinal));
    }

    [Test]
    public void SymlinkLoops_AreWalkedOnce()
    {
        Link("roles/good/tasks/up", "..");
        Link("roles/good/tasks/self", ".");
        Link("roles/again", Path.Combine(_root, "roles"));
        Link("roles/linked", Path.Combine(_root, "roles", "good"));
        Link("group_vars/loop", Path.Combine(_root, "group_vars"));

        var result = CheckWithin(TimeSpan.FromSeconds(30), out _);
        result.Scan.Tabs.Where(t => t.Destination == "/etc/cron.d/good").Should().ContainSingle("a role reached twice through links is still one role");
    }

    [Test]
    public void YamlBombs_AreRefused_WithTheParserPosition()
    {
        var laughs = new StringBuilder("a0: &a0 [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n");
        for (var i = 1; i < 10; i++)
        {
            laughs.Append($"a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))}]\n");
        }

        Write("group_vars/all.yml", laughs.ToString());
        Write("roles/deep/tasks/main.yml", new string('[', 100_000) + new string(']', 100_000) + "\n");
        Write("roles/deepmap/defaults/main.yml", string.Concat(Enumerable.Range(0, 5000).Select(i => new string(' ', i) + "k:\n")));

        var result = CheckWithin(TimeSpan.FromSeconds(30), out var allocated);
        var bomb = result.Diagnostics.Single(d => d.Location.File == "group_vars/all.yml");
        bomb.Id.Should().Be("CPL6007");
        bomb.Message.Should().Contain("aliases are expanded");
        bomb.Location.Line.Should().BeGreaterThan(1);
        Found(result).Should().Contain(("CPL6007", "roles/deep/tasks/main.yml"));
        result.Diagnostics.Single(d => d.Location.File == "roles/deep/tasks/main.yml").Message.Should().Contain("nested more than");
        Found(result).Should().Contain(("CPL6007", "roles/deepmap/defaults/main.yml"));
        allocated.Should().BeLessThan(512L * 1024 * 1024);
    }

    [Test]
    public void AYamlBombPlan_IsCpl3001()
    {
        var yaml = "version: 1\nx0: &x0 [a, a, a, a, a, a, a, a, a, a]\n" + string.Concat(Enumerable.Range(1, 9).Select(i => $"x{i}: &x{i} [{string.Join(", ", Enumerable.Repeat($"*x{i - 1}", 10))}]\n"));
        var result = BackupPlan.Parse(yaml, "bomb.yaml");
        result.Plan.Should().BeNull();
        result.Diagnostics.Should().ContainSingle(d => d.Id == "CPL3001").Which.Message.Should().Contain("aliases are expanded");
    }

    [Test]
    public void TemplateVariables_ThatDoubleAtEveryLevel_AreCutShort()
    {
        var vars = new StringBuilder("v0: x\n");
        for (var i = 1; i <= 40; i++)
        {
            vars.Append($"v{i}: \"{{{{ v{i - 1} }}}}{{{{ v{i - 1} }}}}\"\n");
        }

        Write("group_vars/all.yml", vars.ToString());
        Write("roles/bomb/tasks/main.yml", "- name: tab\n  template: {src: tab.j2, dest: /etc/cron.d/bomb}\n");
        Write("roles/bomb/templates/tab.j2", "MAILTO=\"\"\n0 2 * * * backup echo {{ v40 }}\n");

        var result = CheckWithin(TimeSpan.FromSeconds(30), out var allocated);
        Found(result).Should().Contain(("CPL9003", "roles/bomb/templates/tab.j2"));
        allocated.Should().BeLessThan(512L * 1024 * 1024);
    }

#if !MUTATION // seconds for every SLA-reader mutant; the normal build runs it (TestBudget)
    [Test]
    public void HugeMarkdown_IsReadToTheEnd()
    {
        var sla = new StringBuilder("# Backup SLA\n\n## Schedule\n\n");
        for (var i = 0; i < 100_000; i++)
        {
            sla.Append("Nothing in this paragraph states a value; it only goes on and on about backups.\n");
        }

        sla.Append('\n').Append(new string('>', 5000)).Append(" quoted\n\n");
        sla.Append(string.Concat(Enumerable.Range(0, 2000).Select(i => new string(' ', i * 2) + "- item\n")));
        sla.Append("\n## RPO\n\nRPO: 24 hours for MySQL, which nobody dumps.\n");
        var path = Write("backup_sla.md", sla.ToString());
        Write("backup_restore.md", string.Concat(Enumerable.Repeat("Restore from the backup server.\n", 100_000)));
        TestContext.Out.WriteLine($"backup_sla.md: {new FileInfo(path).Length / (1024 * 1024)} MiB");

        var result = CheckWithin(TimeSpan.FromMinutes(1), out var allocated);
        result.Sla!.Services.Should().ContainSingle(s => s.Name == "mysql").Which.Rpo!.Location.Line.Should().Be(sla.ToString().Split('\n').Length - 1);
        Found(result).Should().Contain(("CPL5009", "backup_sla.md"));
        result.Diagnostics.Should().ContainSingle(d => d.Id == "CPL9002").Which.Location.Line.Should().Be(100_006, "the quote nested 5,000 deep is the first line left out");
        allocated.Should().BeLessThan(1536L * 1024 * 1024);
    }
#endif

    [Test]
    public void OversizedFiles_AreRefused_NotRead()
    {
        var path = Path.Combine(_root, "backup_sla.md");
        using (var stream = File.Create(path))
        {
            stream.SetLength(CronPlan.Tabs.CronTabSource.MaxBytes + 1);
        }

        var result = CheckWithin(TimeSpan.FromSeconds(30), out var allocated);
        result.Diagnostics.Should().Contain(d => d.Id == "CPL9002" && d.Message.Contains("larger than"));
        allocated.Should().BeLessThan(64L * 1024 * 1024);
    }
}
