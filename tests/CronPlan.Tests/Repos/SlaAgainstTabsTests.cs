using CronPlan.Diagnostics;
using CronPlan.Repos;

namespace CronPlan.Tests.Repos;

/// <summary>
/// The runs an SLA describes held against the cron tabs a repository installs (CPL5007, CPL5008), and its retention
/// promise against the jobs that prune (CPL4010). Each case is one way people write the schedule, in our own words,
/// with a tab that keeps it and one that does not.
/// </summary>
[TestFixture]
public sealed class SlaAgainstTabsTests
{
    private static readonly CheckOptions Utc = new(TimeZoneInfo.Utc, 60, TimeZoneInfo.Utc);

    private string _root = "";

    [SetUp]
    public void CreateRepository() => _root = Directory.CreateTempSubdirectory("cronplan-sla-").FullName;

    [TearDown]
    public void RemoveRepository() => Directory.Delete(_root, recursive: true);

    private void Write(string relative, string text)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    /// <summary>A PostgreSQL role whose tab has the given lines (schedule, then command after the user).</summary>
    private void Tab(params string[] lines)
    {
        Write("roles/pg_backup/tasks/main.yaml", "- name: backup tab\n  copy:\n    src: pg-backup\n    dest: /etc/cron.d/pg-backup\n    mode: '0644'\n");
        Write("roles/pg_backup/files/pg-backup", "MAILTO=\"\"\n" + string.Join("", lines.Select(l => l + "\n")));
    }

    private const string Dump = "backup pg_dump shop > /home/backup/pg/shop.sql";
    private const string Full = "backup duplicity full --no-encryption /home/backup/pg/ rsync://vault.example.net/pg";
    private const string Incremental = "backup duplicity incremental --no-encryption /home/backup/pg/ rsync://vault.example.net/pg";
    private const string Prune = "backup duplicity remove-older-than 21D --force rsync://vault.example.net/pg";

    private List<Diagnostic> Findings(string sla, params string[] ids)
    {
        Write("backup_sla.md", sla);
        return [.. Checker.Check(_root, Utc).Diagnostics.Where(d => ids.Contains(d.Id))];
    }

    [TestCase("00:30", "", "check's default: the lab's teardown", "01:00")]
    [TestCase("23:00", "Every backup is finished by 23:30 UTC.\n", "backup_sla.md:3", "23:30")]
    public void ADurationPastTheDeadline_NamesWhereTheDeadlineCameFrom(string start, string deadline, string source, string clock)
    {
        Tab($"0 22 * * * {Dump}", $"10 22 * * * {Full}");
        var found = Findings($"## PostgreSQL\nBackups start by {start} UTC and take up to 45 minutes.\n{deadline}", "CPL5006");
        found.Should().ContainSingle().Which.Message.Should().Contain($"after the deadline {clock} UTC ({source})");
    }

    [TestCase("10 22 * * 6", false)]
    [TestCase("10 22 * * 0", true)]
    public void AFullWeekday_TheTabDoesNotKeep_IsCpl5007(string fullSchedule, bool disagrees)
    {
        Tab($"0 22 * * * {Dump}", $"{fullSchedule} {Full}", $"10 22 * * 0-5 {Incremental}");
        var found = Findings("## PostgreSQL\nA full backup holds everything. It is made every Saturday at 22:10 UTC.\n", "CPL5007");
        if (disagrees)
        {
            found.Should().ContainSingle().Which.Message.Should().Contain("full backups run on Saturday")
                .And.Contain("It is made every Saturday at 22:10 UTC.").And.Contain("'10 22 * * 0' in /etc/cron.d/pg-backup");
            found[0].Location.Line.Should().Be(2);
        }
        else
        {
            found.Should().BeEmpty("the sentence's 'It' is the full backup of the sentence before, and the tab makes it on Saturday");
        }
    }

    [Test]
    public void AFullOnAnExtraWeekday_IsCpl5007_NamingBothLines()
    {
        Tab($"0 22 * * * {Dump}", $"10 22 * * 0 {Full}", $"30 9 * * 3 {Full}", $"10 22 * * 1-6 {Incremental}");
        Findings("PostgreSQL: full backup once a week, every Sunday at 22:10 UTC, incremental every other night.\n", "CPL5007")
            .Should().ContainSingle().Which.Message.Should().Contain("on Sunday, Wednesday").And.Contain("'30 9 * * 3'");
    }

    [Test]
    public void AFullOnADayOfTheMonth_IsNoWeekly_Full()
    {
        Tab($"0 22 * * * {Dump}", $"10 22 1 * * {Full}", $"10 22 2-31 * * {Incremental}");
        Findings("## PostgreSQL\n- Full backup: every Sunday at 22:10 UTC\n", "CPL5007")
            .Should().ContainSingle().Which.Message.Should().Contain("runs on days of the month");
    }

    [TestCase("15 2 * * 0", true)]
    [TestCase("0 0 * * 0", false)]
    public void AFullTime_IsTheFullUploadsOrItsDumps(string fullSchedule, bool disagrees)
    {
        Tab($"0 2 * * * {Dump}", $"{fullSchedule} {Full}", $"20 2 * * 1-6 {Incremental}");
        var found = Findings("## PostgreSQL\n- Full backup: every Sunday at 0:00\n- Incremental backup: every day at 2:00\n", "CPL5007");
        found.Select(d => d.Location.Line).Should().Equal(disagrees ? [2] : [], "the incremental's 2:00 is its dump's time; the full at 0:00 is kept only by a run at 0:00");
    }

    [Test]
    public void CreatedAtOneTimeAndUploadedAtAnother_IsTheDumpThenTheUpload()
    {
        Tab($"15 21 * * * {Dump}", $"35 21 * * 0 {Full}", $"35 21 * * 1-6 {Incremental}");
        Findings("- PostgreSQL full backups are created every Sunday at 21:15 UTC and uploaded at 21:35 UTC\n- PostgreSQL incremental backups are created every day from Monday to Saturday at 21:15 UTC and uploaded at 21:35 UTC\n", "CPL5007")
            .Should().BeEmpty();
    }

    [TestCase("30 21 * * *", "0 22 * * *", false)]
    [TestCase("0 2 * * *", "20 2 * * *", true)]
    public void BackupsAtATime_HoldWhenTheTimeFallsBetweenTheDumpAndItsUpload(string dump, string upload, bool disagrees)
    {
        Tab($"{dump} {Dump}", $"{upload} backup duplicity --no-encryption /home/backup/pg/ rsync://vault.example.net/pg");
        var found = Findings("PostgreSQL backups are made daily at 21:45 UTC.\n", "CPL5007");
        found.Should().HaveCount(disagrees ? 1 : 0);
        if (disagrees)
        {
            found[0].Message.Should().Contain("start at 21:45 UTC").And.Contain("the nearest").And.Contain("02:");
        }
    }

    [TestCase("45 16 * * *", false)]
    [TestCase("30 19 * * *", true)]
    public void AWindow_HoldsWhenEveryRunStartsInsideIt(string dump, bool disagrees)
    {
        Tab($"{dump} {Dump}", $"55 17 * * * backup duplicity --no-encryption /home/backup/pg/ rsync://vault.example.net/pg");
        var found = Findings("## PostgreSQL\nBackup window: 18:30 - 20:00 UTC+2\n", "CPL5007");
        found.Should().HaveCount(disagrees ? 1 : 0, "18:30-20:00 UTC+2 is 16:30-18:00 UTC");
        if (disagrees)
        {
            found[0].Message.Should().Contain("between 18:30 UTC+2 and 20:00 UTC+2").And.Contain("starts at 19:30");
        }
    }

    [Test]
    public void ATimeWithoutAZone_InADocumentWrittenInOneZone_MayBeInThatZone()
    {
        Tab($"0 23 * * * {Dump}", $"10 23 * * * backup duplicity --no-encryption /home/backup/pg/ rsync://vault.example.net/pg");
        Findings("## PostgreSQL\nDumps are made every day at 01:00 UTC+2.\n\nWe picked the quiet hours 01:00 - 01:30 for backups.\n", "CPL5007").Should().BeEmpty();
    }

    [TestCase(true)]
    [TestCase(false)]
    public void APromisedDeletion_NeedsAJobThatPrunes(bool pruned)
    {
        var lines = new List<string> { $"0 22 * * * {Dump}", $"10 22 * * * backup duplicity --no-encryption /home/backup/pg/ rsync://vault.example.net/pg" };
        if (pruned)
        {
            lines.Add($"40 1 * * 1 {Prune}");
        }

        Tab([.. lines]);
        var found = Findings("## PostgreSQL\nBackups are kept for 3 weeks. Every Monday at 01:40 UTC the backups older than 21 days are deleted.\n", "CPL5007", "CPL4010");
        if (pruned)
        {
            found.Should().BeEmpty();
        }
        else
        {
            found.Select(d => d.Id).Should().BeEquivalentTo(["CPL5007", "CPL4010"]);
            found.Single(d => d.Id == "CPL5007").Message.Should().Contain("old backups of postgres are deleted").And.Contain("no cron job of postgres prunes");
            found.Single(d => d.Id == "CPL4010").Message.Should().Contain("backup_sla.md:2 \"3 weeks\"", "the message names where the retention is promised");
        }
    }

    [Test]
    public void ADeletionOnAnotherDay_IsCpl5007_AndADeletionNotPromised_IsNothing()
    {
        Tab($"0 22 * * * {Dump}", $"10 22 * * * backup duplicity --no-encryption /home/backup/pg/ rsync://vault.example.net/pg", $"40 1 * * 3 {Prune}");
        Findings("## PostgreSQL\nEvery Monday at 01:40 UTC the backups older than 21 days are deleted.\n", "CPL5007")
            .Should().ContainSingle().Which.Message.Should().Contain("run on Monday").And.Contain("no such job of postgres runs on Monday");
        Findings("## PostgreSQL\nNothing is ever deleted from the backup server at 01:40 UTC.\n", "CPL5007").Should().BeEmpty("a negated deletion promises none");
    }

    [TestCase("10 22 * * 1-6", false)]
    [TestCase("10 22 * * 1-5", true)]
    public void IncrementalEveryDayButTheFullsNight_IsKeptWhenTheFullStandsIn(string incremental, bool disagrees)
    {
        Tab($"0 22 * * * {Dump}", $"10 22 * * 0 {Full}", $"{incremental} {Incremental}");
        var found = Findings("## PostgreSQL\nFull backups are uploaded every Sunday at 22:10 UTC and incremental backups every day except Sunday at 22:10 UTC.\n", "CPL5007");
        found.Should().HaveCount(disagrees ? 1 : 0);
        if (disagrees)
        {
            found[0].Message.Should().Contain("runs on Saturday");
        }
    }

    [Test]
    public void ALocalTimeCopiedIntoTheTab_IsCpl5008_NotCpl5007()
    {
        Tab($"0 1 * * * {Dump}", $"10 1 * * * backup duplicity --no-encryption /home/backup/pg/ rsync://vault.example.net/pg");
        Findings("## PostgreSQL\nLocal dumps are made every night at 01:00 EET.\n", "CPL5007", "CPL5008")
            .Should().ContainSingle().Which.Id.Should().Be("CPL5008");
    }

    [Test]
    public void ChecksRestoresAndObjectives_AreNoRuns()
    {
        Tab($"0 22 * * * {Dump}", $"10 22 * * * backup duplicity --no-encryption /home/backup/pg/ rsync://vault.example.net/pg");
        Findings("## PostgreSQL\nThe backups are verified every Wednesday at 09:00 UTC. A restore test is run on Fridays at 10:00 UTC.\n", "CPL5007").Should().BeEmpty();
    }

    [Test]
    public void ACoverageLine_AndANegatedCoverageSentence()
    {
        Tab($"0 22 * * * {Dump}", $"10 22 * * * backup duplicity --no-encryption /home/backup/pg/ rsync://vault.example.net/pg");
        Findings("Services backed up: PostgreSQL database and the Ansible repository\n", "CPL5009").Should().BeEmpty("the line names what is covered");
        Findings("## Coverage\nThe database is **PostgreSQL**. Grafana and Loki do not hold any data of their own.\n", "CPL5009")
            .Should().BeEmpty("Grafana and Loki are said not to need backups, so nobody promised them");
    }

    [TestCase(true)]
    [TestCase(false)]
    public void IncrementalsTheSlaSaysAreNotMade_AreCpl5007WhenCronMakesThem(bool incrementalsInTheTab)
    {
        var lines = new List<string> { $"0 22 * * * {Dump}", $"10 22 * * 0 {Full}" };
        if (incrementalsInTheTab)
        {
            lines.Add($"10 22 * * 1-6 {Incremental}");
        }

        Tab([.. lines]);
        var found = Findings("## PostgreSQL\nIncremental backups are not produced, only weekly full backups.\n", "CPL5007");
        found.Should().HaveCount(incrementalsInTheTab ? 1 : 0);
        if (incrementalsInTheTab)
        {
            found[0].Message.Should().Contain("no incremental backups are made for postgres").And.Contain("'10 22 * * 1-6'");
        }
    }
}
