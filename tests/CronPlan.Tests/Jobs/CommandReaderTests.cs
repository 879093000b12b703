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
    [TestCase("--encrypt-key 4F2A9C11")]
    [TestCase("--sign-key 4F2A9C11")]
    [TestCase("--archive-dir /var/cache/duplicity")]
    [TestCase("--name mysql")]
    [TestCase("--volsize 250")]
    [TestCase("--exclude /home/backup/mysql/tmp")]
    [TestCase("--include /home/backup/mysql/agama.sql")]
    [TestCase("--tempdir /var/tmp")]
    [TestCase("--log-file /var/log/duplicity.log")]
    [TestCase("--ssh-options ''")]
    [TestCase("--rsync-options ''")]
    [TestCase("--gpg-options ''")]
    [TestCase("--verbosity info")]
    [TestCase("-v 4")]
    [TestCase("--time 2D")]
    [TestCase("-t 2D")]
    [TestCase("--file-to-restore agama.sql")]
    public void Read_SkipsTheValueOfADuplicityOption_InAnUpload(string option)
    {
        var steps = CommandReader.Read($"duplicity {option} --no-encryption /home/backup/mysql/ rsync://u@h/mysql");
        var upload = steps.Should().ContainSingle(s => s.Kind == StepKind.Upload).Which;
        (upload.Source, upload.Target?.Text).Should().Be(("/home/backup/mysql/", "rsync://u@h/mysql"));
    }

    [TestCase("--encrypt-key 4F2A9C11")]
    [TestCase("--sign-key 4F2A9C11")]
    [TestCase("--archive-dir /var/cache/duplicity")]
    [TestCase("--name mysql")]
    [TestCase("--volsize 250")]
    [TestCase("--exclude /home/backup/mysql/tmp")]
    [TestCase("--include /home/backup/mysql/agama.sql")]
    [TestCase("--tempdir /var/tmp")]
    [TestCase("--log-file /var/log/duplicity.log")]
    [TestCase("--ssh-options ''")]
    [TestCase("--rsync-options ''")]
    [TestCase("--gpg-options ''")]
    [TestCase("--verbosity info")]
    [TestCase("-v 4")]
    [TestCase("--time 2D")]
    [TestCase("-t 2D")]
    [TestCase("--restore-time 2D")]
    [TestCase("--file-to-restore agama.sql")]
    [TestCase("-r agama.sql")]
    [TestCase("--full-if-older-than 7D")]
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
