using System.Diagnostics;
using System.Text.Json;
using CronPlan.Sla;
using CronPlan.Tests.Support;

namespace CronPlan.Cli.Tests;

/// <summary>
/// The restore drill of <c>samples/restore-drill/drill.sh</c> with the real stack: MariaDB, InfluxDB 1.x, sshd on
/// loopback, duplicity, and Debian's cron on a fake clock running what <c>cronplan compile</c> wrote for the lab. The
/// script prints each step; this test then checks what it recorded, on its own terms.
/// </summary>
[TestFixture]
[Category("RestoreDrill")]
[NonParallelizable]
public sealed class RestoreDrillTests
{
    private const int Missing = 3;

    [Test]
    public void TheLabsBackups_RestoreByItsDocument_Twice_AndAnIncrementalFirstIsRefused()
    {
        var required = Environment.GetEnvironmentVariable("CRONPLAN_REQUIRE_REAL") == "1";
        if (!required && Environment.GetEnvironmentVariable("CRONPLAN_DRILL") != "1")
        {
            Assert.Ignore("the restore drill changes this machine (users backup and elvis, MariaDB's agama, InfluxDB's telegraf, sshd on 127.0.0.1:2222): set CRONPLAN_DRILL=1 or CRONPLAN_REQUIRE_REAL=1 to run it");
        }

        var root = ConformanceVectors.RepositoryRoot;
        var work = Directory.CreateTempSubdirectory("cronplan-drill-").FullName;
        var (status, output) = RunDrill(root, work);
        TestContext.Out.WriteLine(output);
        if (status == Missing)
        {
            if (required)
            {
                Assert.Fail($"CRONPLAN_REQUIRE_REAL=1 but {output}");
            }

            Assert.Ignore(output);
        }

        status.Should().Be(0, "every step of the drill passes");

        // The data that came back is the data of the last backup: Monday's changes, carried by the incremental, included.
        var before = File.ReadAllText(Path.Combine(work, "before.mysql"));
        before.Should().Contain("Peeter").And.Contain("mari@example.com");
        File.ReadAllText(Path.Combine(work, "before.influx")).Should().Contain("55.5");
        foreach (var round in new[] { 1, 2 })
        {
            File.ReadAllText(Path.Combine(work, $"restore-{round}.mysql")).Should().Be(before, $"restore {round} brings agama back");
            File.ReadAllText(Path.Combine(work, $"restore-{round}.influx")).Should().Be(File.ReadAllText(Path.Combine(work, "before.influx")), $"restore {round} brings telegraf back");
        }

        // What ran is what the document says, read by the same code check judges it with.
        var document = Path.Combine(root, "samples", "lab10", "backup_restore.md");
        var commands = RestoreDocument.Commands(File.ReadAllText(document), document);
        commands.Should().Contain(c => c.User == "backup" && c.Text.StartsWith("duplicity --no-encryption restore rsync://elvis@backup.example.org/mysql", StringComparison.Ordinal));
        foreach (var command in commands.Where(c => !c.Text.StartsWith("ansible-playbook", StringComparison.Ordinal) && !c.Text.StartsWith("service telegraf", StringComparison.Ordinal)))
        {
            Count(output, $"as {command.User}: {command.Text}\n").Should().Be(2, $"line {command.Location.Line} runs once per restore");
        }

        // The mistake: check names the incremental-first upload, and real duplicity refuses to run it.
        using var check = JsonDocument.Parse(File.ReadAllText(Path.Combine(work, "mistakes-check.json")));
        var flagged = check.RootElement.GetProperty("diagnostics").EnumerateArray().Where(d => d.GetProperty("id").GetString() == "CPL4005").ToList();
        flagged.Should().NotBeEmpty();
        flagged[0].GetProperty("file").GetString().Should().Be("roles/influxdb_backup/templates/influxdb-backup.j2");
        File.ReadAllText(Path.Combine(work, "incremental-first.log")).Should().Contain("Old signatures not found");
        Directory.Delete(work, recursive: true);
    }

    private static int Count(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static (int Status, string Output) RunDrill(string root, string work)
    {
        var start = new ProcessStartInfo("/bin/bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = root };
        start.ArgumentList.Add(Path.Combine(root, "samples", "restore-drill", "drill.sh"));
        start.Environment["CRONPLAN"] = $"dotnet {Path.Combine(AppContext.BaseDirectory, "CronPlan.Cli.dll")}";
        start.Environment["DRILL_WORK"] = work;
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(20)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("the drill did not finish within 20 minutes:\n" + output);
        }

        return (process.ExitCode, output + error.Result);
    }
}
