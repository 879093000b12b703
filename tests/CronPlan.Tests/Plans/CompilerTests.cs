using CronPlan.Compilation;
using CronPlan.Diagnostics;
using CronPlan.Plans;
using CronPlan.Scheduling;
using CronPlan.Tabs;
using CronPlan.Time;

namespace CronPlan.Tests.Plans;

[TestFixture]
public sealed class CompilerTests
{
    private static string Samples => Path.Combine(TestContext.CurrentContext.TestDirectory, "..", "..", "..", "..", "..", "samples");

    private static BackupPlan Plan(string yaml)
    {
        var result = BackupPlan.Parse(yaml, "plan.yaml");
        result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Should().BeEmpty();
        return result.Plan!;
    }

    private static string Service(string name, string dump, string upload, string extra = "") =>
        $"  {name}:\n" +
        $"    dump: {{ command: mysqldump {name} > /home/backup/{name}/{name}.sql, takes: {dump} }}\n" +
        $"    upload: {{ source: /home/backup/{name}/, target: {name}, takes: {upload}{extra} }}\n";

    private static string PlanText(string window, string services, string top = "") =>
        $"version: 1\nuser: backup\nwindow: {window}\nbackup_server: rsync://elvis@backup.example.org\nencryption: none\n{top}\nservices:\n{services}";

    [Test]
    public void Compile_TheLabPlan_GivesTheCheckedInCronTabs()
    {
        var loaded = BackupPlan.Load(Path.Combine(Samples, "lab10", "cronplan.yaml"));
        var result = Compiler.Compile(loaded.Plan!);
        result.Succeeded.Should().BeTrue(string.Join("\n", result.Diagnostics));
        result.Tabs.Select(t => t.Name).Should().Equal("mysql-backup", "influxdb-backup");
        foreach (var tab in result.Tabs)
        {
            tab.Text.Should().Be(File.ReadAllText(Path.Combine(Samples, "lab10", "cron.d", tab.Name)), $"samples/lab10/cron.d/{tab.Name} is the golden output");
        }
    }

    [Test]
    public void Compile_PlacesEveryUploadAfterItsDumpsWorstCaseEnd_AndEverythingBeforeTheDeadline()
    {
        var plan = BackupPlan.Load(Path.Combine(Samples, "lab10", "cronplan.yaml")).Plan!;
        var jobs = Compiler.Compile(plan).Schedule!.Jobs;
        foreach (var service in plan.Services)
        {
            var dump = jobs.Single(j => j.Service == service && j.Kind == BackupJobKind.Dump);
            var upload = jobs.Single(j => j.Service == service && j.Kind == BackupJobKind.Upload);
            upload.Start.Should().BeGreaterThan(dump.Start + (int)service.Dump!.Takes.TotalMinutes, "the upload starts in the first minute strictly after the dump's worst-case end");
        }

        jobs.Should().OnlyContain(j => j.Start >= 22 * 60 && j.End <= 25 * 60);
    }

    [Test]
    public void Compile_IsDeterministic_ByteForByte()
    {
        var yaml = File.ReadAllText(Path.Combine(Samples, "lab10", "cronplan.yaml"));
        var first = Compiler.Compile(BackupPlan.Parse(yaml, "cronplan.yaml").Plan!).Tabs.Select(t => t.Text);
        var second = Compiler.Compile(BackupPlan.Parse(yaml, "cronplan.yaml").Plan!).Tabs.Select(t => t.Text);
        first.Should().Equal(second);
    }

    [Test]
    public void Compile_AChainPastMidnight_ShiftsTheWeekdaysSoTheFullFollowsSundaysDump()
    {
        var plan = Plan(PlanText("{ start: \"23:50\", deadline: \"01:00\" }", Service("db", "15m", "15m", ", full: weekly on sunday")));
        var result = Compiler.Compile(plan);
        result.Succeeded.Should().BeTrue(string.Join("\n", result.Diagnostics));
        var upload = result.Schedule!.Jobs.Single(j => j.Kind == BackupJobKind.Upload);
        var lines = CronTab.Parse(result.Tabs.Single().Text).Jobs;
        if (upload.Start >= 1440)
        {
            lines.Single(j => j.Command.Contains("duplicity full")).ScheduleText.Should().EndWith(" * * 1", "the dump of Sunday night is uploaded on Monday morning");
            lines.Single(j => j.Command.Contains("--full-if-older-than")).ScheduleText.Should().EndWith(" * * 0,2-6");
        }
        else
        {
            Assert.Fail($"the upload was expected past midnight, not at {NightClock.Format(upload.Start)}");
        }
    }

    [Test]
    public void Compile_ANightTooShort_ReportsCpl3006_NamingTheConstraint()
    {
        var plan = Plan(PlanText("{ start: \"22:00\", deadline: \"01:00\" }", Service("db", "2h", "2h")));
        var result = Compiler.Compile(plan);
        result.Succeeded.Should().BeFalse();
        result.Tabs.Should().BeEmpty();
        var finding = result.Diagnostics.Single();
        finding.Id.Should().Be("CPL3006");
        finding.Message.Should().Contain("services.db.upload").And.Contain("can start at 00:01 at the earliest (after db.dump, which may run until 00:00)").And.Contain("after the deadline 01:00");
        finding.Location.Line.Should().Be(10, "it points at the upload in the plan");
    }

    [Test]
    public void Compile_OneUploadAtATime_KeepsUploadsToOneServerApart()
    {
        var services = Service("a", "5m", "50m") + Service("b", "5m", "50m") + Service("c", "5m", "50m");
        var plan = Plan(PlanText("{ start: \"22:00\", deadline: \"01:00\" }", services, "one_upload_at_a_time: true"));
        var uploads = Compiler.Compile(plan).Schedule!.Jobs.Where(j => j.Kind == BackupJobKind.Upload).OrderBy(j => j.Start).ToList();
        uploads.Should().HaveCount(3);
        for (var i = 1; i < uploads.Count; i++)
        {
            uploads[i].Start.Should().BeGreaterThan(uploads[i - 1].End - 1);
        }

        var tooMany = Plan(PlanText("{ start: \"22:00\", deadline: \"01:00\" }", services + Service("d", "5m", "50m"), "one_upload_at_a_time: true"));
        Compiler.Compile(tooMany).Diagnostics.Single().Message.Should().Contain("the backup server backup.example.org is busy");
    }

    [Test]
    public void Compile_AWindowInADstZone_FitsBothOffsets()
    {
        // 22:00-01:00 in Tallinn is 20:00-23:00 UTC in winter and 19:00-22:00 UTC in summer: only 20:00-22:00 UTC is always inside.
        var plan = Plan(PlanText("{ start: \"22:00\", deadline: \"01:00\", zone: Europe/Tallinn }", Service("db", "10m", "20m")));
        var result = Compiler.Compile(plan);
        result.Succeeded.Should().BeTrue(string.Join("\n", result.Diagnostics));
        result.Schedule!.Jobs.Should().OnlyContain(j => j.Start >= 20 * 60 && j.End <= 22 * 60);
    }

    [Test]
    public void Compile_AHostInADstZone_KeepsJobsOutOfTheSkippedAndRepeatedHour()
    {
        var plan = Plan(PlanText("{ start: \"02:50\", deadline: \"05:00\", zone: Europe/Tallinn }", Service("db", "20m", "20m"), "host: { zone: Europe/Tallinn }"));
        var jobs = Compiler.Compile(plan).Schedule!.Jobs;
        jobs.Should().OnlyContain(j => j.End <= 3 * 60 || j.Start >= 4 * 60, "03:00-04:00 is skipped in spring and repeated in autumn in Tallinn");
    }

    [Test]
    public void Compile_SpreadsHostsDeterministically_AndWritesOneDirectoryPerHost()
    {
        var yaml = PlanText("{ start: \"22:00\", deadline: \"01:00\" }", """
              db:
                hosts: [db1, db2, db3]
                dump: { command: mysqldump agama > /home/backup/mysql/agama.sql, takes: 5m }
                upload: { source: /home/backup/mysql/, target: mysql, takes: 10m }

            """);
        var result = Compiler.Compile(Plan(yaml));
        result.Tabs.Select(t => t.RelativePath).Should().Equal("db1/db-backup", "db2/db-backup", "db3/db-backup");
        result.Schedule!.Jobs.Where(j => j.Kind == BackupJobKind.Dump).Select(j => j.Start).Distinct().Should().HaveCountGreaterThan(1, "a stable hash spreads the hosts over the window");
    }

    [Test]
    public void Compile_RefusesWhatItsOwnAnalysisRejects()
    {
        // Two services uploading to one target: CPL4007, and nothing is compiled.
        var services = Service("a", "5m", "10m") + Service("b", "5m", "10m").Replace("target: b", "target: a");
        var result = Compiler.Compile(Plan(PlanText("{ start: \"22:00\", deadline: \"01:00\" }", services)));
        result.Succeeded.Should().BeFalse();
        result.Tabs.Should().BeEmpty();
        result.Diagnostics.Select(d => d.Id).Should().Contain("CPL4007");
    }

    [Test]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Write_InstallsEveryTabWithMode0644_AndCheckDriftFindsAHandEdit()
    {
        var directory = Directory.CreateTempSubdirectory("cronplan-compile-").FullName;
        try
        {
            var result = Compiler.Compile(BackupPlan.Load(Path.Combine(Samples, "lab10", "cronplan.yaml")).Plan!);
            Compiler.Write(result, directory).Should().BeEmpty();
            Directory.GetFiles(directory).Select(Path.GetFileName).Should().BeEquivalentTo(["mysql-backup", "influxdb-backup"]);
            File.GetUnixFileMode(Path.Combine(directory, "mysql-backup")).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            Compiler.CheckDrift(result, directory).Should().BeEmpty();

            var edited = File.ReadAllText(Path.Combine(directory, "mysql-backup")).Replace("* * 0", "* * 6");
            File.WriteAllText(Path.Combine(directory, "mysql-backup"), edited);
            var drift = Compiler.CheckDrift(result, directory).Single();
            drift.Id.Should().Be("CPL9004");
            drift.Location.Line.Should().Be(10);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public void Write_WritesNothing_WhenTheResultHasAnError()
    {
        var directory = Directory.CreateTempSubdirectory("cronplan-compile-").FullName;
        try
        {
            var result = Compiler.Compile(Plan(PlanText("{ start: \"22:00\", deadline: \"01:00\" }", Service("db", "2h", "2h"))));
            Compiler.Write(result, directory).Should().BeEmpty();
            Directory.EnumerateFileSystemEntries(directory).Should().BeEmpty();
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}

[TestFixture]
public sealed class BackupPlanBuilderTests
{
    [Test]
    public void Build_TheLabPlanInCode_CompilesToTheSameTabsAsTheYaml()
    {
        var plan = new BackupPlanBuilder()
            .Path("cronplan.yaml")
            .User("backup")
            .Environment("MAILTO", "")
            .Window("22:00", "01:00", "UTC")
            .BackupServer("rsync://elvis@backup.example.org")
            .Service("mysql", s => s
                .Dump("mysqldump agama > /home/backup/mysql/agama.sql", TimeSpan.FromMinutes(5))
                .Upload("/home/backup/mysql/", "mysql", TimeSpan.FromMinutes(15), FullBackupPolicy.Weekly(DayOfWeek.Sunday), encryptKey: null)
                .KeepFullChains(4)
                .Rpo(TimeSpan.FromHours(24)))
            .Service("influxdb", s => s
                .Dump("rm -rf /home/backup/influxdb/*; influxd backup -portable -database telegraf /home/backup/influxdb", TimeSpan.FromMinutes(2))
                .Upload("/home/backup/influxdb/", "influxdb", TimeSpan.FromMinutes(5), FullBackupPolicy.Weekly(DayOfWeek.Sunday), encryptKey: null)
                .KeepFullChains(4)
                .Rpo(TimeSpan.FromHours(24)))
            .Build();

        var samples = Path.Combine(TestContext.CurrentContext.TestDirectory, "..", "..", "..", "..", "..", "samples", "lab10");
        var fromYaml = Compiler.Compile(BackupPlan.Load(Path.Combine(samples, "cronplan.yaml")).Plan!);
        Compiler.Compile(plan).Tabs.Select(t => t.Text).Should().Equal(fromYaml.Tabs.Select(t => t.Text));
    }

    [Test]
    public void Build_RefusesWhatNoCronTabCanCarry()
    {
        var builder = new BackupPlanBuilder();
        FluentActions.Invoking(() => builder.Service("my sql", s => s.Dump("x", TimeSpan.FromMinutes(1)))).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => builder.Window("22:00", "22:00")).Should().Throw<ArgumentException>().WithMessage("*empty*");
        FluentActions.Invoking(() => builder.HostZone("Europe/Talinn")).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => builder.Service("a", s => s.Dump("x", TimeSpan.Zero))).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => new BackupPlanBuilder().Service("a", s => s.Dump("x", TimeSpan.FromMinutes(1)).After("b")).Build())
            .Should().Throw<InvalidOperationException>().WithMessage("*'b'*");
    }
}
