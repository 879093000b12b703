using CronPlan.Cron;
using CronPlan.Tabs;
using FsCheck;
using FsCheck.Fluent;

namespace CronPlan.Tests.Tabs;

[TestFixture]
public sealed class CronTabWriterTests
{
    private static readonly CronTabDocument Lab = new(
        ["mysql-backup: written by cronplan from cronplan.yaml", "do not edit by hand"],
        [new("MAILTO", ""), new("PATH", "/usr/bin:/bin")],
        [
            new("10 23 * * *", "backup", "mysqldump agama > /home/backup/mysql/agama.sql", Comment: "dump"),
            new("30 23 * * 0", "backup", "duplicity --no-encryption full /home/backup/mysql/ rsync://u@h/mysql"),
            new("30 23 * * 1-6", "backup", "duplicity --no-encryption incremental /home/backup/mysql/ rsync://u@h/mysql"),
            new("@daily", "root", "date +%F > /tmp/stamp"),
        ]);

    [Test]
    public void Write_IsAlignedEscapedAndEndsInALineFeed() =>
        CronTabWriter.Write(Lab).Should().Be(
            "# mysql-backup: written by cronplan from cronplan.yaml\n" +
            "# do not edit by hand\n" +
            "MAILTO=\"\"\n" +
            "PATH=/usr/bin:/bin\n" +
            "# dump\n" +
            "10 23 * * *    backup  mysqldump agama > /home/backup/mysql/agama.sql\n" +
            "30 23 * * 0    backup  duplicity --no-encryption full /home/backup/mysql/ rsync://u@h/mysql\n" +
            "30 23 * * 1-6  backup  duplicity --no-encryption incremental /home/backup/mysql/ rsync://u@h/mysql\n" +
            "@daily         root    date +\\%F > /tmp/stamp\n");

    [Test]
    public void Written_Text_LintsClean_AndLoads()
    {
        var tab = CronTab.Parse(CronTabWriter.Write(Lab), path: "mysql-backup");
        var found = CronTabLinter.Lint(tab, new CronTabLintOptions(TimeZoneInfo.Utc, DateTimeOffset.UnixEpoch));

        tab.Loads.Should().BeTrue();
        found.Should().NotContain(d => d.Severity != CronPlan.Diagnostics.DiagnosticSeverity.Info);
    }

    [TestCase("date +%F", null, @"date +\%F")]
    [TestCase(@"printf '\\%s'", null, @"printf '\\\\\%s'")]
    [TestCase(@"echo a\b", null, @"echo a\b")]
    [TestCase("mail -s hi root", "line 1\nline 2 100%", @"mail -s hi root%line 1%line 2 100\%")]
    public void EscapeCommand_SurvivesTheDaemonsUnescaping(string command, string? input, string written)
    {
        CronTabWriter.EscapeCommand(command, input).Should().Be(written);
        var job = CronTab.Parse($"0 2 * * * root {written}\n").Jobs.Single();
        job.Command.Should().Be(command);
        job.StandardInput.Should().Be(input);
    }

    [TestCase("0 24 * * *", "root", "true")]
    [TestCase("0 2 * * *", "two words", "true")]
    [TestCase("0 2 * * *", "root", "line\nbreak")]
    [TestCase("0 2 * * *", "root", "")]
    public void Write_RefusesWhatNoCronTabCanHold(string schedule, string user, string command)
    {
        var act = () => CronTabWriter.Write(new CronTabDocument([], [], [new(schedule, user, command)]));

        act.Should().Throw<ArgumentException>();
    }

    [Test]
    public void ParseOfWrite_GivesTheModelBack() =>
        Prop.ForAll(Documents(), document =>
        {
            var written = CronTabWriter.Write(document);
            var tab = CronTab.Parse(written);
            var environment = document.Environment.GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value);
            return (tab.Loads &&
                   tab.Jobs.Count == document.Entries.Count &&
                   tab.Jobs.Zip(document.Entries).All(p =>
                       p.First.Schedule!.Equals(CronSchedule.Parse(p.Second.Schedule)) &&
                       p.First.User == p.Second.User &&
                       p.First.Command == p.Second.Command &&
                       p.First.StandardInput == p.Second.StandardInput &&
                       p.First.Environment.Count == environment.Count &&
                       environment.All(e => p.First.Environment.TryGetValue(e.Key, out var v) && v == e.Value)))
                .Label($"written:\n{written}\nentries:\n{string.Join("\n", document.Entries.Select(e => $"[{e.Command}] [{e.StandardInput ?? "<null>"}]"))}\nparsed:\n{string.Join("\n", tab.Jobs.Select(j => $"[{j.Command}] [{j.StandardInput ?? "<null>"}]"))}");
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(500));

    private static Arbitrary<CronTabDocument> Documents()
    {
        var text = Gen.Elements("a", "b", " ", "%", "\\", "\\%", "'", "\"", "#", "$HOME", "~", "x=y", ">", "|", "\t", "é")
            .NonEmptyListOf().Select(parts => string.Concat(parts));
        var command = text.Where(t => t.Trim(' ', '\t').Length > 0 && !t.StartsWith(' ') && !t.StartsWith('\t') && !t.EndsWith(' ') && !t.EndsWith('\t'));
        var schedule = Gen.Elements("0 2 * * *", "*/5 * * * *", "30 23 * * 1-6", "@daily", "0 0 13 * 5", "1,2 3-4 * jan,feb sun");
        var entry =
            from s in schedule
            from u in Gen.Elements("root", "backup", "www-data")
            from c in command
            from input in Gen.OneOf(Gen.Constant<string?>(null), text.Select(t => (string?)t.Replace("\t", "", StringComparison.Ordinal)))
            select new CronTabEntry(s, u, c, input);
        var value = text.Where(v => !(v.Contains('"', StringComparison.Ordinal) && v.Contains('\'', StringComparison.Ordinal)));
        var assignment =
            from name in Gen.Elements("MAILTO", "PATH", "SHELL", "FOO", "_X1")
            from v in value
            select new KeyValuePair<string, string>(name, v);
        var document =
            from env in assignment.ListOf()
            from entries in entry.ListOf()
            select new CronTabDocument([], env.ToList(), entries.ToList());
        return Arb.From(document);
    }

    [Test]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Install_WritesAtomicallyWithMode0644_AndRefusesNamesTheDaemonSkips()
    {
        var directory = Directory.CreateTempSubdirectory("cronplan-install-").FullName;
        try
        {
            CronTabWriter.Install(directory, "mysql-backup", "0 2 * * * root true\n").Should().BeNull();
            File.ReadAllText(Path.Combine(directory, "mysql-backup")).Should().Be("0 2 * * * root true\n");
            File.GetUnixFileMode(Path.Combine(directory, "mysql-backup")).Should().Be((UnixFileMode)0x1A4);

            CronTabWriter.Install(directory, "mysql-backup", "0 3 * * * root true\n").Should().BeNull();
            File.ReadAllText(Path.Combine(directory, "mysql-backup")).Should().Be("0 3 * * * root true\n");

            CronTabWriter.Install(directory, "mysql-backup.cron", "x").Should().NotBeNull().And.Match<CronPlan.Diagnostics.Diagnostic>(d => d.Id == "CPL2001");
            Directory.GetFiles(directory).Select(Path.GetFileName).Should().Equal("mysql-backup");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
