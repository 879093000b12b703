using CronPlan.Jobs;

namespace CronPlan.Tests.Jobs;

[TestFixture]
public sealed class CommandReaderTests
{
    // What each dump command writes.
    [TestCase("mysqldump agama > /home/backup/mysql/agama.sql",                                  "mysqldump", "/home/backup/mysql/agama.sql")]
    [TestCase("mysqldump --no-tablespaces agama >/home/backup/mysql/agama.sql 2>/dev/null",      "mysqldump", "/home/backup/mysql/agama.sql")]
    [TestCase("mariadb-dump --result-file=/srv/dump/all.sql --all-databases",                    "mariadb-dump", "/srv/dump/all.sql")]
    [TestCase("pg_dump -f /var/backups/pg/app.sql app",                                          "pg_dump", "/var/backups/pg/app.sql")]
    [TestCase("pg_dumpall > /var/backups/pg/all.sql",                                            "pg_dumpall", "/var/backups/pg/all.sql")]
    [TestCase("mongodump --out /var/backups/mongo",                                              "mongodump", "/var/backups/mongo")]
    [TestCase("influxd backup -portable -database telegraf /home/backup/influxdb",               "influxd", "/home/backup/influxdb")]
    [TestCase("tar -czf /home/backup/www/www.tar.gz /var/www",                                   "tar", "/home/backup/www/www.tar.gz")]
    [TestCase("tar czf /home/backup/www/www.tar.gz /var/www",                                    "tar", "/home/backup/www/www.tar.gz")]
    [TestCase("rsync -a --delete /var/lib/app/ /home/backup/app/",                               "rsync", "/home/backup/app/")]
    [TestCase("nice -n 19 mysqldump 'agama' > \"/home/backup/mysql/agama.sql\"",                 "mysqldump", "/home/backup/mysql/agama.sql")]
    public void Read_FindsWhatADumpWrites(string command, string program, string output)
    {
        var step = CommandReader.Read(command).Single(s => s.Kind == StepKind.Dump);
        (step.Program, step.Output).Should().Be((program, output));
    }

    // Where a dump's options say it writes, and what it says about tablespaces and credentials.
    [TestCase("mysqldump -r /b/a.sql agama",                                "/b/a.sql", false, null)]
    [TestCase("mysqldump -r/b/a.sql agama",                                 "/b/a.sql", false, null)]
    [TestCase("mysqldump --result-file /b/a.sql agama",                     "/b/a.sql", false, null)]
    [TestCase("mysqldump --no-tablespaces agama > /b/a.sql",                "/b/a.sql", true,  null)]
    [TestCase("mysqldump -y agama > /b/a.sql",                              "/b/a.sql", true,  null)]
    [TestCase("mysqldump --defaults-file=/etc/mysql/backup.cnf agama > /b/a.sql", "/b/a.sql", false, "/etc/mysql/backup.cnf")]
    [TestCase("mysqldump --defaults-extra-file /root/.my.cnf agama > /b/a.sql",   "/b/a.sql", false, "/root/.my.cnf")]
    [TestCase("pg_dump --file=/b/app.sql app",                              "/b/app.sql", false, null)]
    [TestCase("mongodump -o /b/mongo",                                      "/b/mongo", false, null)]
    [TestCase("mongodump --archive=/b/mongo.gz",                            "/b/mongo.gz", false, null)]
    [TestCase("mysqldump agama",                                            null,       false, null)]
    public void Read_FindsADumpsOptions(string command, string? output, bool noTablespaces, string? defaultsFile)
    {
        var dump = CommandReader.Read(command).Single(s => s.Kind == StepKind.Dump);
        (dump.Output, dump.NoTablespaces, dump.DefaultsFile).Should().Be((output, noTablespaces, defaultsFile));
    }

    [TestCase("influxd backup -portable -database telegraf /b/influx",      "/b/influx", true)]
    [TestCase("influxd backup --portable /b/influx",                        "/b/influx", true)]
    [TestCase("influxd backup -database telegraf /b/influx",                "/b/influx", false)]
    [TestCase("tar --create --file /b/www.tar /var/www",                    "/b/www.tar", false)]
    [TestCase("tar -c -f /b/www.tar /var/www",                              "/b/www.tar", false)]
    [TestCase("tar cz /var/www > /b/www.tgz",                               "/b/www.tgz", false)]
    public void Read_FindsWhatAnArchiveWrites(string command, string output, bool portable)
    {
        var dump = CommandReader.Read(command).Single(s => s.Kind == StepKind.Dump);
        (dump.Output, dump.Portable).Should().Be((output, portable));
    }

    [TestCase("influxd restore -portable /b/influx")]
    [TestCase("rsync -a /var/www/ backup@vault:/www/")]
    [TestCase("tar")]
    [TestCase("mysql agama < /b/a.sql")]
    public void Read_FindsNoDump_WhereNothingIsDumpedLocally(string command) =>
        CommandReader.Read(command).Should().NotContain(s => s.Kind == StepKind.Dump);

    // rm -r: the directory whose contents it deletes (a dump directory cleared before or after an upload).
    [TestCase("rm -rf /home/backup/mysql/*",  "/home/backup/mysql")]
    [TestCase("rm -R /home/backup/mysql/",    "/home/backup/mysql")]
    [TestCase("rm -fr /home/backup/mysql",    "/home/backup/mysql")]
    [TestCase("rm -f /home/backup/mysql/a",   null)]
    [TestCase("rm -rf /home/backup/*/old",    null)]
    [TestCase("rm -rf /",                     null)]
    [TestCase("rm -rf /a /b",                 null)]
    [TestCase("rm --recursive /a",            null)]
    public void Read_FindsWhatRmClears(string command, string? cleared) =>
        CommandReader.Read(command).Single().Clears.Should().Be(cleared);

    // duplicity's interval: s, m, h, D, W, M (30 days), Y (365 days), in whole days, at least one.
    [TestCase("7D",    7)]
    [TestCase("2W",    14)]
    [TestCase("1M",    30)]
    [TestCase("1Y",    365)]
    [TestCase("36h",   2)]
    [TestCase("1h30m", 1)]
    [TestCase("90s",   1)]
    [TestCase("1W2D",  9)]
    [TestCase("0D",    null)]
    [TestCase("7",     null)]
    [TestCase("D",     null)]
    [TestCase("7X",    null)]
    [TestCase("1234567890D", null)]
    public void Days_ReadsDuplicitysIntervals(string text, int? days) => CommandReader.Days(text).Should().Be(days);

    // The service a job is for: the tab's name first, then its command.
    [TestCase("mysql-backup",  "duplicity /b rsync://h/x",                 "mysql")]
    [TestCase("nightly",       "mariadb-dump --all-databases > /b/a.sql",  "mysql")]
    [TestCase("nightly",       "influxd backup -portable /b/i",            "influxdb")]
    [TestCase("nightly",       "pg_dump app > /b/app.sql",                 "postgres")]
    [TestCase("Postgres-Dump", "true",                                     "postgres")]
    [TestCase("nightly",       "mongodump -o /b/m",                        "mongodb")]
    [TestCase("prometheus",    "tar czf /b/p.tgz /var/lib/prometheus",     "prometheus")]
    [TestCase("nightly",       "tar czf /b/l.tgz /var/lib/loki",           "loki")]
    [TestCase("nightly",       "tar czf /b/www.tgz /var/www",              null)]
    public void ServiceOf_ReadsTheTabNameAndTheCommand(string tab, string command, string? service) =>
        CommandReader.ServiceOf(tab, command).Should().Be(service);

    // Uploads: the action, the source, the target, and the flags that matter.
    [TestCase("duplicity full --no-encryption /home/backup/mysql/ rsync://u@h/mysql",                       "Full",        null)]
    [TestCase("duplicity incremental --no-encryption /home/backup/mysql/ rsync://u@h/mysql",                "Incremental", null)]
    [TestCase("duplicity inc --full-if-older-than 7D --no-encryption /home/backup/mysql/ rsync://u@h/mysql", "Incremental", 7)]
    [TestCase("duplicity --full-if-older-than=2W --no-encryption /home/backup/mysql/ rsync://u@h/mysql",     "Automatic",   14)]
    [TestCase("duplicity --no-encryption /home/backup/mysql/ rsync://u@h/mysql",                            "Automatic",   null)]
    [TestCase("duplicity backup --no-encryption /home/backup/mysql/ rsync://u@h/mysql >> /var/log/dup.log 2>&1", "Automatic", null)]
    public void Read_FindsAnUpload(string command, string action, int? fullIfOlderThan)
    {
        var step = CommandReader.Read(command).Single(s => s.Kind == StepKind.Upload);
        (step.Action, step.Source, step.Target?.Text, step.FullIfOlderThanDays, step.NoEncryption).Should().Be((Enum.Parse<UploadAction>(action), "/home/backup/mysql/", "rsync://u@h/mysql", fullIfOlderThan, true));
    }

    // duplicity's options that take a value: the value is not the source or the target, even an empty one (a template
    // variable that rendered to nothing: --ssh-options '{{ ssh_options }}').
    private static readonly string[] OptionsWithValues =
    [
        "--encrypt-key 4F2A9C11",
        "--sign-key 4F2A9C11",
        "--archive-dir /var/cache/duplicity",
        "--name mysql",
        "--volsize 250",
        "--exclude /home/backup/mysql/tmp",
        "--include /home/backup/mysql/agama.sql",
        "--tempdir /var/tmp",
        "--log-file /var/log/duplicity.log",
        "--ssh-options ''",
        "--rsync-options ''",
        "--gpg-options ''",
        "--verbosity info",
        "-v 4",
        "--time 2D",
        "-t 2D",
        "--file-to-restore agama.sql",
    ];

    // And those a restore may also give.
    private static readonly string[] RestoreOptionsWithValues =
        [.. OptionsWithValues, "--restore-time 2D", "-r agama.sql", "--full-if-older-than 7D"];

    [TestCaseSource(nameof(OptionsWithValues))]
    public void Read_SkipsTheValueOfADuplicityOption_InAnUpload(string option)
    {
        var steps = CommandReader.Read($"duplicity {option} --no-encryption /home/backup/mysql/ rsync://u@h/mysql");
        var upload = steps.Should().ContainSingle(s => s.Kind == StepKind.Upload).Which;
        (upload.Source, upload.Target?.Text).Should().Be(("/home/backup/mysql/", "rsync://u@h/mysql"));
    }

    [TestCaseSource(nameof(RestoreOptionsWithValues))]
    public void ReadProcedure_SkipsTheValueOfADuplicityOption_InARestore(string option)
    {
        var steps = CommandReader.ReadProcedure([$"duplicity {option} restore rsync://u@h/mysql /home/backup/restore/mysql"], new CommandContext());
        var download = steps.Single().Should().ContainSingle(s => s.Kind == StepKind.Download).Which;
        (download.Target?.Text, download.Output).Should().Be(("rsync://u@h/mysql", "/home/backup/restore/mysql"));
    }

    [TestCase("duplicity remove-older-than 30D --force rsync://u@h/mysql",        "remove-older-than", true)]
    [TestCase("duplicity remove-all-but-n-full 4 rsync://u@h/mysql",              "remove-all-but-n-full", false)]
    [TestCase("duplicity cleanup --force rsync://u@h/mysql",                      "cleanup", true)]
    public void Read_FindsRetention(string command, string action, bool force)
    {
        var step = CommandReader.Read(command).Single(s => s.Kind == StepKind.Retention);
        (step.RetentionAction, step.Target?.Text, step.Force).Should().Be((action, "rsync://u@h/mysql", force));
    }

    [Test]
    public void Read_SplitsChains_AndKnowsHowEachStepIsJoined()
    {
        var steps = CommandReader.Read("cd /tmp && mysqldump agama > /b/a.sql; duplicity --no-encryption /b/ rsync://h/a || echo failed");
        steps.Select(s => (s.Kind, s.Join)).Should().Equal(
            (StepKind.Other, StepJoin.First), (StepKind.Dump, StepJoin.And), (StepKind.Upload, StepJoin.Sequence), (StepKind.Other, StepJoin.Or));
    }

    [Test]
    public void Read_LeavesQuotedSeparatorsAlone() =>
        CommandReader.Read("echo 'a; b && c' > /tmp/x").Should().ContainSingle();
}
