using CronPlan.Diagnostics;
using CronPlan.Jobs;
using CronPlan.Repos;
using CronPlan.Tests.Support;

namespace CronPlan.Tests.Repos;

[TestFixture]
public sealed class CheckerTests
{
    private static readonly CheckOptions Utc = new(TimeZoneInfo.Utc, 60, TimeZoneInfo.Utc);

    private string _root = "";

    [SetUp]
    public void CreateRepository() => _root = Directory.CreateTempSubdirectory("cronplan-repo-").FullName;

    [TearDown]
    public void RemoveRepository() => Directory.Delete(_root, recursive: true);

    private void Write(string relative, string text)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    [Test]
    public void TheLabSample_HasNoError_AndItsTabsAreTheCompiledOnes()
    {
        var lab = Path.Combine(ConformanceVectors.RepositoryRoot, "samples", "lab10");
        var result = Checker.Check(lab, Utc);
        result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Should().BeEmpty();
        result.Scan.Tabs.Select(t => t.Destination).Should().BeEquivalentTo(["/etc/cron.d/mysql-backup", "/etc/cron.d/influxdb-backup"]);
        foreach (var tab in result.Scan.Tabs)
        {
            tab.Text.Should().Be(File.ReadAllText(Path.Combine(lab, "cron.d", tab.Name)), "the role's template renders to what cronplan compile wrote");
        }

        result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Warning).Should().BeEmpty("the compiled tabs' headers state the plan's durations, so nothing rests on an assumed one");
    }

    [Test]
    public void TheResult_CarriesTheJobsTheAuditRead_TimedByTheCompiledHeaders()
    {
        var result = Checker.Check(Path.Combine(ConformanceVectors.RepositoryRoot, "samples", "lab10"), Utc);

        result.Jobs.Select(j => j.Tab).Should().Equal(result.Tabs.Select(t => t.Tab), (a, b) => ReferenceEquals(a, b));
        result.Jobs.SelectMany(t => t.Jobs).SelectMany(j => j.Steps).Where(s => s.Kind != StepKind.Other)
            .Should().NotBeEmpty().And.OnlyContain(s => s.Duration.Source != null && s.Duration.Source.StartsWith("the compiled tab's header, /etc/cron.d/", StringComparison.Ordinal));
    }

    [Test]
    public void AFindingOnARenderedTab_PointsAtTheTemplateLine()
    {
        Write("group_vars/all.yaml", "server: backup.example.org\n");
        Write("roles/mysql_backup/tasks/main.yaml", "- name: cron tab\n  template:\n    src: mysql-backup.j2\n    dest: /etc/cron.d/mysql-backup\n");
        Write("roles/mysql_backup/templates/mysql-backup.j2", "{% if inventory_hostname == 'db' %}\nMAILTO=\"\"\n0 2 * * * backup mysqldump agama > /home/backup/mysql/agama.sql\n0 3 * * * backup date +%F > /tmp/x\n{% endif %}\n");
        var result = Checker.Check(_root, Utc);
        var percent = result.Diagnostics.Single(d => d.Id == "CPL2005");
        (percent.Location.File, percent.Location.Line, percent.Location.Column).Should().Be(("roles/mysql_backup/templates/mysql-backup.j2", 4, 24));
        result.Diagnostics.Should().Contain(d => d.Id == "CPL4004" && d.Location.Line == 3);
        result.Scan.Tabs.Single().Gates.Should().Equal("inventory_hostname == 'db'");
    }

    private void WriteLateDump(string minuteHour)
    {
        Write("roles/mysql_backup/tasks/main.yaml", "- name: cron tab\n  template:\n    src: mysql-backup.j2\n    dest: /etc/cron.d/mysql-backup\n");
        Write("roles/mysql_backup/templates/mysql-backup.j2", $"MAILTO=\"\"\n{minuteHour} * * * backup mysqldump --no-tablespaces agama > /home/backup/mysql/agama.sql\n");
    }

    [Test]
    public void TheDeadline_IsTheSlas_WhenNoneIsGiven_AndTheMessageNamesItsLine()
    {
        WriteLateDump("30 2");
        Checker.Check(_root, Utc).Diagnostics.Single(d => d.Id == "CPL4004").Message.Should().Contain("after the deadline 01:00 UTC (check's default: the lab's teardown)");

        Write("backup_sla.md", "# Backup SLA\n\nMySQL backups are created every 24 hours.\n\nAll backups are started automatically by 01:30 UTC and finish by 05:00 UTC.\n");
        var result = Checker.Check(_root, Utc);
        result.Diagnostics.Select(d => d.Id).Should().NotContain("CPL4004", "the SLA's deadline is 05:00 UTC");
        result.Applied!.DeadlineSource.Should().Be("backup_sla.md:5");

        WriteLateDump("30 5");
        Checker.Check(_root, Utc).Diagnostics.Single(d => d.Id == "CPL4004").Message.Should().Contain("after the deadline 05:00 UTC (backup_sla.md:5)");

        // A deadline given outranks the SLA's.
        WriteLateDump("30 2");
        Checker.Check(_root, Utc with { DeadlineSource = "--deadline" }).Diagnostics.Single(d => d.Id == "CPL4004").Message.Should().Contain("after the deadline 01:00 UTC (--deadline)");
    }

    [Test]
    public void TheSlasDuration_IsTheServicesStatedDuration()
    {
        WriteLateDump("55 0");
        var assumed = Checker.Check(_root, Utc).Diagnostics.Single(d => d.Id == "CPL4004");
        assumed.Severity.Should().Be(DiagnosticSeverity.Info);
        assumed.Message.Should().Contain("may run 10m (assumed default; no duration is stated)");

        Write("backup_sla.md", "# Backup SLA\n\nMySQL backups are created every 24 hours; it takes up to 15 minutes to create and store the backup.\n");
        var stated = Checker.Check(_root, Utc).Diagnostics.Single(d => d.Id == "CPL4004");
        stated.Severity.Should().Be(DiagnosticSeverity.Error);
        stated.Message.Should().Contain("may run 15m (stated in backup_sla.md:3)");
    }

    [Test]
    public void Cpl4005_IsAWarning_WhereTheReadmeDocumentsTheFirstFullByHand()
    {
        Write("roles/mysql_backup/tasks/main.yaml", "- name: cron tab\n  template:\n    src: mysql-backup.j2\n    dest: /etc/cron.d/mysql-backup\n");
        Write("roles/mysql_backup/templates/mysql-backup.j2", "MAILTO=\"\"\n10 23 * * * backup mysqldump --no-tablespaces agama > /home/backup/mysql/agama.sql\n40 23 * * * backup duplicity incremental --no-encryption /home/backup/mysql/ rsync://b/mysql\n");
        Checker.Check(_root, Utc).Diagnostics.Single(d => d.Id == "CPL4005").Severity.Should().Be(DiagnosticSeverity.Error);

        Write("README.md", "# Backups\n\n## After deploying\n\nMake the first full once:\n\n    sudo -u backup duplicity full --no-encryption /home/backup/mysql/ rsync://b/mysql\n");
        var documented = Checker.Check(_root, Utc).Diagnostics.Single(d => d.Id == "CPL4005");
        documented.Severity.Should().Be(DiagnosticSeverity.Warning);
        documented.Message.Should().Contain("as README.md:7 says");
    }

    [Test]
    public void AFindingThatNamesAnotherJob_NamesItsTemplateLine()
    {
        Write("roles/mysql_backup/tasks/main.yaml", "- name: cron tab\n  template:\n    src: mysql-backup.j2\n    dest: /etc/cron.d/mysql-backup\n");
        Write("roles/mysql_backup/templates/mysql-backup.j2", "{% if inventory_hostname == 'db' %}\nMAILTO=\"\"\n10 23 * * * backup mysqldump agama > /home/backup/mysql/agama.sql\n12 23 * * * backup duplicity --no-encryption /home/backup/mysql/ rsync://b/mysql\n{% endif %}\n");
        var early = Checker.Check(_root, Utc).Diagnostics.Single(d => d.Id == "CPL4003");
        early.Location.Line.Should().Be(4);
        early.Message.Should().Contain("after the dump on line 3,", "line 3 of the template, not line 2 of the rendered tab");
    }

    [Test]
    public void AScriptTheRepositoryDeploys_IsReadWhereCronCallsIt()
    {
        var fixture = Path.Combine(ConformanceVectors.RepositoryRoot, "tests", "CronPlan.Tests", "Repos", "Fixtures", "script-called-from-cron");
        var found = Checker.Check(fixture, Utc).Diagnostics;

        // The MySQL script dumps and then uploads under set -e: ordered by construction, and its target is the full's,
        // spelled another way (no CPL4016), the one the restore document downloads from (no CPL6011). The InfluxDB script
        // uploads after its dump on a new line without set -e (CPL4014), only ever incrementally (CPL4005, CPL4012).
        found.Select(d => d.Id).Distinct().Should().BeEquivalentTo(["CPL4005", "CPL4012", "CPL4014", "CPL4015"]);
        found.Where(d => d.Id == "CPL4015").Should().HaveCount(3, "each of the three uploads is unencrypted");
        var chained = found.Single(d => d.Id == "CPL4014");
        (chained.Location.File, chained.Location.Line).Should().Be(("roles/x/tasks/main.yaml", 31), "the cron line that calls the script");
        chained.Notes.Should().Contain("in /home/backup/influxdb-backup.sh line 5");
    }

    [Test]
    public void AnIfAroundPartOfATemplate_GatesThatPart_NotTheWholeTab_AndADirectoryDestKeepsTheSourceName()
    {
        Write("hosts", "[db]\ndb1\n[metrics]\nm1\n");
        Write("site.yaml", "- hosts: all\n  roles: [backup]\n");
        Write("roles/backup/tasks/main.yaml", "- template:\n    src: backup\n    dest: /etc/cron.d\n");
        Write("roles/backup/templates/backup", "MAILTO=\"\"\n{% if inventory_hostname in groups['db'] %}\n0 1 * * * backup mysqldump agama > /home/backup/a.sql\n{% endif %}\n{% if inventory_hostname in groups['metrics'] %}\n0 2 * * * backup influxd backup /home/backup/i\n{% endif %}\n");
        var scan = AnsibleRepository.Scan(_root);

        // Rendered per host, each if decided: every host gets the same file with its own part of the template.
        scan.Tabs.Should().HaveCount(2).And.OnlyContain(t => t.Destination == "/etc/cron.d/backup" && t.Gates.Count == 0);
        scan.Tabs.Single(t => t.Hosts.SequenceEqual(new[] { "db1" })).Text.Should().Contain("mysqldump").And.NotContain("influxd");
        scan.Tabs.Single(t => t.Hosts.SequenceEqual(new[] { "m1" })).Text.Should().Contain("influxd").And.NotContain("mysqldump");
    }

    [Test]
    public void WhatATaskCannotResolve_IsReported_OnlyWhereItReachesACronTabOrTheCredentials_ButNotTheirPassword()
    {
        Write("roles/r/tasks/main.yaml", "- template:\n    src: t.j2\n    dest: /etc/cron.d/t\n- template:\n    src: z.j2\n    dest: /etc/bind/zone\n- template:\n    src: c.j2\n    dest: /home/backup/.my.cnf\n    mode: '0600'\n");
        Write("roles/r/templates/t.j2", "MAILTO=\"\"\n0 1 * * * backup duplicity --no-encryption /home/backup/x/ rsync://{{ ansible_hostname }}@b/x\n");
        Write("roles/r/templates/z.j2", "{{ ansible_default_ipv4.address }} IN A {{ zone_serial }}\n");
        Write("roles/r/templates/c.j2", "[client]\nuser={{ backup_db_user }}\npassword={{ vault_backup_password }}\n");

        Checker.Check(_root, Utc).Diagnostics.Where(d => d.Id == "CPL9003").Select(d => $"{d.Location.File}:{d.Location.Line} {d.Message.Split(' ')[0]}")
            .Should().BeEquivalentTo(["roles/r/templates/t.j2:2 '{{", "roles/r/templates/c.j2:2 '{{"], "a password is expected to come from a vault or the environment");
    }

    [Test]
    public void ADumpInsideAScriptCronCalls_NeedsTheBackupUsersCredentials()
    {
        Write("roles/db/tasks/main.yaml", "- copy:\n    src: dump.sh\n    dest: /usr/local/bin/dump.sh\n    mode: '0755'\n- copy:\n    content: \"MAILTO=''\\n10 22 * * * backup /usr/local/bin/dump.sh\\n\"\n    dest: /etc/cron.d/db-dump\n    mode: '0644'\n");
        Write("roles/db/files/dump.sh", "#!/bin/sh\nset -e\nmysqldump --no-tablespaces shop > /home/backup/mysql/shop.sql\n");

        Checker.Check(_root, Utc).Diagnostics.Should().ContainSingle(d => d.Id == "CPL6002")
            .Which.Message.Should().Contain("/home/backup/.my.cnf", "the dump in the script runs as the cron line's user, backup");

        Write("roles/db/tasks/credentials.yaml", "- copy:\n    content: \"[mysqldump]\\nno_tablespaces\\n\"\n    dest: /home/backup/.my.cnf\n    owner: backup\n    mode: '0600'\n");
        File.AppendAllText(Path.Combine(_root, "roles/db/tasks/main.yaml"), "- include_tasks: credentials.yaml\n");
        Checker.Check(_root, Utc).Diagnostics.Should().NotContain(d => d.Id == "CPL6002" || d.Id == "CPL6001");
    }

    [Test]
    public void EachDump_ReadsTheCredentialsItsOwnCommandNames()
    {
        Write("roles/db/tasks/main.yaml", "- copy:\n    src: dumps\n    dest: /etc/cron.d/dumps\n");
        Write("roles/db/files/dumps", "MAILTO=\"\"\n10 22 * * * backup mysqldump --defaults-file=/etc/backup/shop.cnf --no-tablespaces shop > /b/shop.sql; mysqldump --no-tablespaces blog > /b/blog.sql\n");

        Checker.Check(_root, Utc).Diagnostics.Should().ContainSingle(d => d.Id == "CPL6002")
            .Which.Message.Should().Contain("/etc/backup/shop.cnf or /home/backup/.my.cnf", "the second dump names no file: it reads the user's own .my.cnf");
    }

    private void MysqlRole(string schedule, string fullSchedule)
    {
        Write("roles/mysql_backup/tasks/main.yaml", "- name: tab\n  copy:\n    src: mysql-backup\n    dest: /etc/cron.d/mysql-backup\n    mode: '0644'\n");
        Write("roles/mysql_backup/files/mysql-backup", $"MAILTO=\"\"\n{schedule} backup mysqldump --no-tablespaces agama > /home/backup/mysql/agama.sql\n{fullSchedule} backup duplicity full --no-encryption /home/backup/mysql/ rsync://b/mysql\n");
    }

    private List<string> SlaFindings(string sla)
    {
        Write("backup_sla.md", sla);
        return [.. Checker.Check(_root, Utc).Diagnostics.Where(d => d.Id is "CPL5007" or "CPL5008" or "CPL5009").Select(d => $"{d.Id} {d.Location.File}:{d.Location.Line}")];
    }

    [TestCase("10 23 * * *", "All backups are started automatically by 23:00 UTC.\n", "CPL5007 backup_sla.md:2")]
    [TestCase("50 22 * * *", "All backups are started automatically by 23:00 UTC.\n", null)]
    [TestCase("0 23 * * *", "All backups are started automatically by 23:00 UTC.\n", null)]
    [TestCase("0 1 * * *", "All backups are started automatically by 01:00 EET.\n", "CPL5008 backup_sla.md:2")]
    [TestCase("0 23 * * *", "All backups are started automatically by 01:00 EET.\n", null)]
    public void SlaStartTimes_AgainstTheDump(string dump, string sentence, string? expected)
    {
        MysqlRole(dump, "20 23 * * 0");
        var found = SlaFindings("MySQL backups are created every 24 hours.\n" + sentence);
        if (expected is null)
        {
            found.Should().BeEmpty();
        }
        else
        {
            found.Should().Equal(expected);
        }
    }

    [TestCase("30 23 * * 0", true)]
    [TestCase("30 23 * * 6", false)]
    public void AFullNightInLocalTime_MovesItsWeekdayInUtc(string full, bool unshifted)
    {
        MysqlRole("10 23 * * *", full);
        var found = SlaFindings("## MySQL\nMySQL backups are created every 24 hours.\n\nFull backup every Sunday at 01:30 EET.\n");
        found.Contains("CPL5008 backup_sla.md:4").Should().Be(unshifted, "Sunday 01:30 EET is Saturday 23:30 UTC");
    }

    [Test]
    public void Coverage_BothWays_IsCpl5009()
    {
        MysqlRole("10 23 * * *", "20 23 * * 0");
        SlaFindings("InfluxDB backups are created every 24 hours.\n").Should().BeEquivalentTo(
            ["CPL5009 backup_sla.md:1", "CPL5009 roles/mysql_backup/tasks/main.yaml:2"], "InfluxDB is promised but not dumped; MySQL is dumped but not promised");
        SlaFindings("MySQL backups are created every 24 hours.\n").Should().BeEmpty();
    }

    [Test]
    public void InstallProblems_AreFoundInTheTasks()
    {
        Write("roles/backup/tasks/main.yml", """
            - name: tab
              copy:
                content: |
                  MAILTO=""
                  10 23 * * * backup mysqldump agama > /home/backup/mysql/agama.sql
                dest: /etc/cron.d/mysql.backup
                mode: 664
            - name: my.cnf
              template: src=my.cnf.j2 dest=/home/backup/.my.cnf mode=0644 owner=backup
            - name: upload
              cron:
                name: upload
                minute: "30"
                hour: "23"
                user: backup
                job: duplicity --full-if-older-than 7D --no-encryption /home/backup/mysql/ rsync://b/mysql
            """);
        Write("roles/backup/templates/my.cnf.j2", "[client]\nuser=backup\n");
        Write("roles/broken/tasks/main.yaml", "- name: x\n  copy: {src: a, dest: /etc/cron.d/x\n");
        var ids = Checker.Check(_root, Utc).Diagnostics.Select(d => (d.Id, d.Location.File, d.Location.Line)).ToList();
        ids.Should().Contain(("CPL6003", "roles/backup/tasks/main.yml", 7), "mode: 664 unquoted is the decimal 664");
        ids.Should().Contain(d => d.Id == "CPL6004", "mode 01230 (decimal 664) lets others write the tab");
        ids.Should().Contain(d => d.Id == "CPL6006", "the daemon skips a name with a dot");
        ids.Should().Contain(d => d.Id == "CPL6001", ".my.cnf readable by everyone");
        ids.Should().Contain(("CPL6005", "roles/backup/tasks/main.yml", 11));
        ids.Should().Contain(d => d.Id == "CPL6007" && d.File == "roles/broken/tasks/main.yaml");
        ids.Should().Contain(d => d.Id == "CPL4017", "the .my.cnf has no no_tablespaces");
    }

    [Test]
    public void AMysqlDumpWithoutAnyMyCnfTask_IsCpl6002()
    {
        Write("roles/mysql_backup/tasks/main.yaml", "- name: tab\n  copy:\n    src: mysql-backup\n    dest: /etc/cron.d/mysql-backup\n");
        Write("roles/mysql_backup/files/mysql-backup", "MAILTO=\"\"\n10 23 * * * backup mysqldump --no-tablespaces agama > /home/backup/mysql/agama.sql\n");
        Checker.Check(_root, Utc).Diagnostics.Select(d => d.Id).Should().Contain("CPL6002");
    }
}
