using System.Diagnostics;
using CronPlan.Diagnostics;
using CronPlan.Repos;
using CronPlan.Sla;

namespace CronPlan.Tests.Sla;

/// <summary>
/// A restore document read as a procedure: every form a command is written in (code blocks, inline code, plain list
/// lines, chains, pipes, a shell opened as another user), and the playbooks and scripts of the repository it runs.
/// Each case names the findings it must produce exactly: ID and line, and the words that show the evidence.
/// </summary>
[TestFixture]
public sealed class RestoreProcedureTests
{
    private const string MysqlUrl = "rsync://nora@vault.example.net/mysql";
    private const string InfluxUrl = "rsync://nora@vault.example.net/influxdb";

    private static readonly SourceLocation Job = new("roles/x/templates/x.j2", 3, 1, 3, 2);

    private static readonly BackedUpService[] Services =
    [
        new("mysql", "/home/backup/mysql/", MysqlUrl, null, Job),
        new("influxdb", "/home/backup/influxdb/", InfluxUrl, true, Job),
    ];

    private static readonly BackedUpService[] MysqlOnly = [Services[0]];
    private static readonly BackedUpService[] InfluxOnly = [Services[1]];

    private string _root = "";

    [SetUp]
    public void CreateRepository() => _root = Directory.CreateTempSubdirectory("cronplan-restore-").FullName;

    [TearDown]
    public void RemoveRepository() => Directory.Delete(_root, recursive: true);

    private static IReadOnlyList<Diagnostic> Check(string markdown, IReadOnlyList<BackedUpService> services, RestoreSources? sources = null) =>
        RestoreDocument.Check(markdown, "backup_restore.md", services, sources);

    private static List<string> Findings(string markdown, IReadOnlyList<BackedUpService> services, RestoreSources? sources = null) =>
        [.. Check(markdown, services, sources).Select(d => $"{d.Id} {d.Location.File}:{d.Location.Line}")];

    private RestoreSources Repository()
    {
        var repository = new RestorePlaybook(_root);
        return new RestoreSources(repository.FindScript, repository.Follow);
    }

    private void Write(string relative, string text)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    [Test]
    public void FencedBlocks_ThatDownloadThenImportTheCopy_HaveNoFinding()
    {
        var document = $"""
            # Bringing the data back

            ```sh
            sudo -u backup duplicity --no-encryption restore {MysqlUrl} /home/backup/restore/mysql
            mysql agama < /home/backup/restore/mysql/agama.sql
            ```

            ```bash
            sudo -u backup duplicity --no-encryption restore {InfluxUrl} /home/backup/restore/influxdb
            systemctl stop telegraf.service
            influx -execute "drop database telegraf"
            influxd restore -portable -db telegraf /home/backup/restore/influxdb
            ```
            """;
        Findings(document, Services).Should().BeEmpty();
    }

    [Test]
    public void InlineCode_ImportingTheDumpDirectory_IsCpl6008_AtTheSpan()
    {
        var document = $"""
            Fetch it as backup: `sudo -u backup duplicity restore {MysqlUrl} /home/backup/restore/mysql`

            Then load it: `mysql agama < /home/backup/mysql/agama.sql`
            """;
        var finding = Check(document, MysqlOnly).Should().ContainSingle().Subject;
        (finding.Id, finding.Location.Line, finding.Location.Column).Should().Be(("CPL6008", 3, 16));
        finding.Message.Should().Contain("backup_restore.md line 3").And.Contain("'mysql agama < /home/backup/mysql/agama.sql'").And.Contain("/home/backup/mysql/");
        finding.Fix.Should().Be("mysql agama < /home/backup/restore/mysql/agama.sql");
    }

    [Test]
    public void PlainNumberedLines_WithASessionAsBackup_AreCommands_RunAsTheSessionsUser()
    {
        var document = $"""
            ## MySQL

            1. sudo su - backup
            2. duplicity --no-encryption restore {MysqlUrl} /home/backup/restore/mysql
            3. exit
            4. mysql agama < /home/backup/restore/mysql/agama.sql
            """;
        Findings(document, MysqlOnly).Should().BeEmpty("the list downloads and imports the copy");
        RestoreDocument.Commands(document, "backup_restore.md").Select(c => (c.Location.Line, c.User, c.Text)).Should().Equal(
            (4, "backup", $"duplicity --no-encryption restore {MysqlUrl} /home/backup/restore/mysql"),
            (6, "root", "mysql agama < /home/backup/restore/mysql/agama.sql"));
    }

    [Test]
    public void NestedListLines_ImportingTheDumpDirectory_AreCpl6008()
    {
        var document = $"""
            - MySQL
              - download: nothing to type here
                1. duplicity restore {MysqlUrl} /home/backup/restore/mysql
                2. mysql agama < /home/backup/mysql/agama.sql
            """;
        Findings(document, MysqlOnly).Should().Equal("CPL6008 backup_restore.md:4");
    }

    [Test]
    public void NumberedLinesInsideACodeBlock_AreReadWithoutTheirNumbers()
    {
        var document = $"""
            Run these on the database host:

                1. sudo -i
                2. sudo -u backup duplicity --no-encryption restore {MysqlUrl} /home/backup/restore/mysql
                3. mysql agama < /home/backup/mysql/agama.sql
            """;
        var finding = Check(document, MysqlOnly).Should().ContainSingle().Subject;
        (finding.Id, finding.Location.Line, finding.Location.Column).Should().Be(("CPL6008", 5, 8));
    }

    [Test]
    public void ACommandChainedWithAnd_IsJudgedPartByPart()
    {
        var document = $"""
                sudo -u backup duplicity restore {MysqlUrl} /home/backup/restore/mysql && mysql agama < /home/backup/mysql/agama.sql
            """;
        var finding = Check(document, MysqlOnly).Should().ContainSingle().Subject;
        finding.Id.Should().Be("CPL6008");
        finding.Location.Column.Should().Be(5 + document.Trim().IndexOf("mysql agama", StringComparison.Ordinal));
        finding.Message.Should().Contain("'mysql agama < /home/backup/mysql/agama.sql'");
    }

    [TestCase("service telegraf stop; influx -execute 'DROP DATABASE telegraf'; ", "")]
    [TestCase("influx -execute 'DROP DATABASE telegraf'; ", "without stopping Telegraf")]
    [TestCase("sudo systemctl stop telegraf && ", "without dropping the telegraf database")]
    [TestCase("", "without stopping Telegraf and without dropping the telegraf database")]
    public void InfluxdRestore_AfterASemicolonChain_NeedsTheStopAndTheDrop(string before, string missing)
    {
        var document = $"""
                sudo -u backup duplicity restore {InfluxUrl} /home/backup/restore/influxdb
                {before}influxd restore -portable -database telegraf /home/backup/restore/influxdb
            """;
        var findings = Check(document, InfluxOnly);
        if (missing.Length == 0)
        {
            findings.Should().BeEmpty();
            return;
        }

        var finding = findings.Should().ContainSingle().Subject;
        (finding.Id, finding.Location.Line).Should().Be(("CPL6009", 2));
        finding.Message.Should().Contain(missing).And.Contain("'influxd restore -portable -database telegraf /home/backup/restore/influxdb'");
    }

    [Test]
    public void TheDropTypedIntoAnInteractiveInfluxShell_Counts()
    {
        var document = $"""
                sudo -u backup duplicity restore {InfluxUrl} /home/backup/restore/influxdb
                service telegraf stop
                influx
                > DROP DATABASE telegraf
                > exit
                influxd restore -portable -database telegraf /home/backup/restore/influxdb
            """;
        Findings(document, InfluxOnly).Should().BeEmpty();
    }

    [TestCase("zcat /home/backup/mysql/agama.sql.gz | mysql agama", true)]
    [TestCase("gunzip -c /home/backup/restore/mysql/agama.sql.gz | sudo mysql agama", false)]
    [TestCase("cat agama.sql | mysql agama", false)]
    public void APipeIntoMysql_ImportsWhatItsFirstCommandReads(string import, bool local)
    {
        var document = $"""
                sudo -u backup duplicity restore {MysqlUrl} /home/backup/restore/mysql
                cd /home/backup/restore/mysql
                {import}
            """;
        Findings(document, MysqlOnly).Should().Equal(local ? ["CPL6008 backup_restore.md:3"] : []);
    }

    [Test]
    public void RelativePathsAfterCd_AreResolved()
    {
        var document = $"""
                sudo -u backup duplicity restore {MysqlUrl} /home/backup/restore/mysql
                cd /home/backup/mysql && mysql agama < agama.sql
            """;
        var finding = Check(document, MysqlOnly).Should().ContainSingle().Subject;
        finding.Id.Should().Be("CPL6008");
        finding.Message.Should().Contain("(/home/backup/mysql/agama.sql)");
    }

    [Test]
    public void SuDashC_DownloadingFromAnotherServer_IsCpl6011_WithTheFix()
    {
        var document = """
                su - backup -c 'duplicity --no-encryption restore rsync://nora@old-vault.example.net/mysql /home/backup/restore/mysql'
                mysql agama < /home/backup/restore/mysql/agama.sql
            """;
        var finding = Check(document, MysqlOnly).Should().ContainSingle().Subject;
        (finding.Id, finding.Location.Line).Should().Be(("CPL6011", 1));
        finding.Message.Should().Contain("rsync://nora@old-vault.example.net/mysql").And.Contain(MysqlUrl).And.Contain("the server (old-vault.example.net, not vault.example.net) differs");
        finding.Fix.Should().Contain("restore " + MysqlUrl + " /home/backup/restore/mysql");
    }

    [TestCase("rsync://nora@vault/mysql", "")]
    [TestCase("rsync://nora@vault.example.net//home/nora/mysql/", "")]
    [TestCase("rsync://nora@vault.example.net//home/nora/", "the directory (/home/nora, not /home/nora/mysql) differs")]
    [TestCase("rsync://Nora@vault.example.net/mysql", "the directory (/home/Nora/mysql, not /home/nora/mysql) differs")]
    public void TheDownloadsUrl_IsComparedAsDuplicityReadsIt_AShortServerNameIsTheSameServer(string url, string difference)
    {
        var document = $"""
                sudo -u backup duplicity restore {url} /home/backup/restore/mysql
                mysql agama < /home/backup/restore/mysql/agama.sql
            """;
        var findings = Check(document, MysqlOnly);
        if (difference.Length == 0)
        {
            findings.Should().BeEmpty();
            return;
        }

        findings.Should().ContainSingle().Which.Message.Should().Contain(difference);
    }

    [Test]
    public void ADownloadFromAParentDirectory_InAMysqlSection_IsMysqlsAndCpl6011()
    {
        var document = """
            # Getting MySQL back

                duplicity restore rsync://nora@vault.example.net//home/nora/ /home/backup/restore/db
                mysql agama < /home/backup/restore/db/mysql/agama.sql
            """;
        Findings(document, Services).Should().Equal("CPL6011 backup_restore.md:3", "CPL6010 backup_restore.md:1");
    }

    [Test]
    public void APlaceholderUrl_IsCpl6013_NotADifferentTarget()
    {
        var document = """
                sudo -u backup duplicity restore rsync://<your-user>@vault.example.net/mysql /home/backup/restore/mysql
                mysql agama < /home/backup/restore/mysql/agama.sql
            """;
        var finding = Check(document, MysqlOnly).Should().ContainSingle().Subject;
        (finding.Id, finding.Location.Line).Should().Be(("CPL6013", 1));
        finding.Message.Should().Contain("'<your-user>'");
    }

    [Test]
    public void AMisspelledProgram_IsCpl6013_WithTheCommandItMeant()
    {
        var document = $"""
                sudo -u backup duplicty restore {MysqlUrl} /home/backup/restore/mysql
                mysql agama < /home/backup/restore/mysql/agama.sql
            """;
        var findings = Check(document, MysqlOnly);
        findings.Select(f => f.Id).Should().Equal("CPL6013", "CPL6010");
        findings[0].Message.Should().Contain("'duplicty'").And.Contain("did you mean duplicity");
        findings[0].Fix.Should().StartWith("sudo -u backup duplicity restore");
    }

    [TestCase("", "CPL6008")]
    [TestCase("--force ", null)]
    public void ADownloadIntoTheDumpDirectoryItself_FailsWithoutForce(string force, string? expected)
    {
        var document = $"""
                sudo -u backup duplicity {force}restore {InfluxUrl} /home/backup/influxdb/
                service telegraf stop
                influx -execute 'DROP DATABASE telegraf'
                influxd restore -portable -database telegraf /home/backup/influxdb
            """;
        var findings = Check(document, InfluxOnly);
        if (expected is null)
        {
            findings.Should().BeEmpty("with --force duplicity overwrites the dumps with the downloaded copy, which is then imported");
            return;
        }

        var finding = findings.Should().ContainSingle().Subject;
        (finding.Id, finding.Location.Line).Should().Be((expected, 4));
        finding.Message.Should().Contain("backup_restore.md line 1 downloads influxdb into /home/backup/influxdb/").And.Contain("not empty without --force");
        finding.Fix.Should().EndWith("/home/backup/restore/influxdb");
    }

    [Test]
    public void TheLocalDumpOfferedBesideARestoreOfTheDownload_IsAnAlternative_NotAnError()
    {
        var document = $"""
            From the backup server:

                sudo -u backup duplicity {MysqlUrl} /home/backup/restore/mysql
                mysql agama < /home/backup/restore/mysql/agama.sql

            When the machine still has last night's dump:

                mysql agama < /home/backup/mysql/agama.sql
            """;
        Findings(document, MysqlOnly).Should().BeEmpty("duplicity URL DIR is a restore too, and the copy is imported");
    }

    [Test]
    public void APlaybookOfTheRepository_IsFollowedIntoItsTasks()
    {
        Write("restore-mysql.yaml", $$$"""
            - hosts: db
              become: true
              tasks:
                - name: fetch the last backup
                  become_user: backup
                  ansible.builtin.shell: duplicity --no-encryption restore {{{MysqlUrl}}} /home/backup/restore/mysql
                - name: load it
                  community.mysql.mysql_db:
                    name: agama
                    state: import
                    target: "{{ dump_dir }}/agama.sql"
              vars:
                dump_dir: /home/backup/mysql
            """);
        var document = """
            Restore MySQL with its playbook:

                ansible-playbook restore-mysql.yaml
            """;
        var finding = Check(document, MysqlOnly, Repository()).Should().ContainSingle().Subject;
        (finding.Id, finding.Location.File, finding.Location.Line).Should().Be(("CPL6008", "restore-mysql.yaml", 7));
        finding.Message.Should().Contain("restore-mysql.yaml line 7 (run by backup_restore.md line 3)").And.Contain("mysql_db: name=agama state=import target=");
    }

    [Test]
    public void APlaybooksRoles_StopTelegrafAndDropTheDatabase_WithModules()
    {
        Write("restore.yml", """
            - hosts: all
              roles:
                - influx_restore
            """);
        Write("roles/influx_restore/tasks/main.yml", $"""
            - ansible.builtin.command: duplicity restore {InfluxUrl} /home/backup/restore/influxdb
              become: true
              become_user: backup
            - include_tasks: load.yml
            """);
        Write("roles/influx_restore/tasks/load.yml", """
            - service: name=telegraf state=stopped
            - community.general.influxdb_database:
                database_name: telegraf
                state: absent
            - shell: |
                influxd restore -portable -database telegraf /home/backup/restore/influxdb
            """);
        Findings("    ansible-playbook -i hosts restore.yml\n", InfluxOnly, Repository()).Should().BeEmpty();

        Write("roles/influx_restore/tasks/load.yml", """
            - shell: |
                influxd restore -portable -database telegraf /home/backup/restore/influxdb
            """);
        var finding = Check("    ansible-playbook -i hosts restore.yml\n", InfluxOnly, Repository()).Should().ContainSingle().Subject;
        (finding.Id, finding.Location.File, finding.Location.Line).Should().Be(("CPL6009", "roles/influx_restore/tasks/load.yml", 2));
        finding.Message.Should().Contain("without stopping Telegraf and without dropping the telegraf database");
    }

    [TestCase("bash scripts/restore.sh")]
    [TestCase("./scripts/restore.sh")]
    [TestCase("sudo sh scripts/restore.sh")]
    public void AScriptOfTheRepository_IsFollowedLineByLine(string call)
    {
        Write("scripts/restore.sh", $"""
            #!/bin/sh
            set -e
            DUMPS=/home/backup/mysql
            sudo -u backup duplicity restore {MysqlUrl} /home/backup/restore/mysql
            mysql agama < "$DUMPS/agama.sql"
            """);
        var finding = Check($"    {call}\n", MysqlOnly, Repository()).Should().ContainSingle().Subject;
        (finding.Id, finding.Location.File, finding.Location.Line).Should().Be(("CPL6008", "scripts/restore.sh", 5));
        finding.Message.Should().Contain("scripts/restore.sh line 5 (run by backup_restore.md line 1)").And.Contain("mysql agama < \"$DUMPS/agama.sql\"");
    }

    [Test]
    public void APlaybookThatCannotBeRead_LeavesNoRestoreUnjudged_RatherThanWrong()
    {
        Findings("    ansible-playbook restore-everything.yaml\n", MysqlOnly, Repository()).Should().BeEmpty("the restore may be in the playbook");
        Findings("    ls /home/backup\n", MysqlOnly, Repository()).Should().Equal("CPL6010 backup_restore.md:1");
    }

    [Test]
    public void ManyRepeatedOptions_ReadInLinearTime()
    {
        var options = string.Concat(Enumerable.Repeat("--name x ", 20_000));
        var document = $"    sudo -u backup duplicity {options}restore {MysqlUrl} /home/backup/restore/mysql {options}\n    mysql agama < /home/backup/restore/mysql/agama.sql\n";
        var clock = Stopwatch.StartNew();
        Findings(document, MysqlOnly).Should().BeEmpty();
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5));
    }
}
