using CronPlan.Cron;
using CronPlan.Tabs;

namespace CronPlan.Tests.Tabs;

[TestFixture]
public sealed class CronTabParserTests
{
    private static CronTab Parse(string text, CronTabFormat format = CronTabFormat.System, CronDialect dialect = CronDialect.Debian) =>
        CronTab.Parse(text, new CronTabOptions(format, dialect), "tab");

    [TestCase("",                      CronTabLineKind.Blank)]
    [TestCase(" \t ",                  CronTabLineKind.Blank)]
    [TestCase("# comment",             CronTabLineKind.Comment)]
    [TestCase("   # indented comment", CronTabLineKind.Comment)]
    [TestCase("FOO=bar",               CronTabLineKind.Environment)]
    [TestCase("0 2 * * * root true",   CronTabLineKind.Job)]
    [TestCase("@daily root true",      CronTabLineKind.Job)]
    public void Lines_AreClassifiedAsTheDaemonDoes(string line, CronTabLineKind kind) =>
        Parse(line + "\n").Lines.Single().Kind.Should().Be(kind);

    // The assignment grammar of Debian's load_env.
    [TestCase("FOO=bar",            "FOO", "bar")]
    [TestCase("FOO = bar",          "FOO", "bar")]
    [TestCase("FOO=bar  ",          "FOO", "bar")]
    [TestCase("FOO=x # c",          "FOO", "x # c")]
    [TestCase("FOO=\"a b \"",       "FOO", "a b ")]
    [TestCase("FOO='x'",            "FOO", "x")]
    [TestCase("FOO=\"\"",           "FOO", "")]
    [TestCase("MAILTO=\"\"",        "MAILTO", "")]
    [TestCase("PATH=$PATH:/x",      "PATH", "$PATH:/x")]
    public void Assignments_ReadLikeLoadEnv(string line, string name, string value)
    {
        var assignment = Parse(line + "\n").Lines.Single().Assignment;

        assignment.Should().NotBeNull();
        assignment!.Name.Should().Be(name);
        assignment.Value.Should().Be(value);
    }

    [TestCase("FOO=")]
    [TestCase("FOO=   ")]
    [TestCase("FOO=\"x\" # c")]
    [TestCase("FOO=\"x")]
    public void BrokenAssignments_KillTheFile(string line)
    {
        var tab = Parse(line + "\n0 2 * * * root true\n");

        tab.Loads.Should().BeFalse();
        tab.Lines[0].Rejections.Should().ContainSingle(d => d.Id == "CPL2006");
        tab.RunningJobs.Should().BeEmpty();
    }

    [Test]
    public void Jobs_SeeTheAssignmentsAboveThem()
    {
        var tab = Parse("A=1\n0 1 * * * root one\nA=2\nB=3\n0 2 * * * root two\n");

        tab.Jobs[0].Environment.Should().Equal(new Dictionary<string, string> { ["A"] = "1" });
        tab.Jobs[1].Environment.Should().Equal(new Dictionary<string, string> { ["A"] = "2", ["B"] = "3" });
    }

    [TestCase(@"date +\%F",                "date +%F",        null)]
    [TestCase(@"mail -s hi root%line 1%line 2", "mail -s hi root", "line 1\nline 2")]
    [TestCase(@"echo a\\b",                @"echo a\b",       null)]
    [TestCase(@"echo \x",                  @"echo \x",        null)]
    [TestCase("echo 100%",                 "echo 100",        "")]
    public void Command_IsSplitAtTheFirstBarePercent(string written, string command, string? input)
    {
        var job = Parse($"0 2 * * * root {written}\n").Jobs.Single();

        job.Command.Should().Be(command);
        job.StandardInput.Should().Be(input);
    }

    [Test]
    public void Job_KeepsEveryPart_WithColumns()
    {
        var job = Parse("30 23 * * 1-6  backup\tduplicity incremental /home/backup/mysql/ rsync://h/mysql\n").Jobs.Single();

        job.ScheduleText.Should().Be("30 23 * * 1-6");
        job.ScheduleSpan.Should().Be(new ColumnSpan(1, 14));
        job.User.Should().Be("backup");
        job.UserSpan.Should().Be(new ColumnSpan(16, 22));
        job.CommandText.Should().StartWith("duplicity incremental");
        job.CommandSpan.Column.Should().Be(23);
        job.Schedule.Should().Be(CronSchedule.Parse("30 23 * * 1-6"));
    }

    [Test]
    public void UserCrontab_HasNoUserColumn()
    {
        var job = Parse("0 2 * * * mysqldump agama > /x\n", CronTabFormat.User).Jobs.Single();

        job.User.Should().BeNull();
        job.Command.Should().Be("mysqldump agama > /x");
        job.IsAccepted.Should().BeTrue();
    }

    [Test]
    public void Debian_IgnoresTheWholeFile_ForOneBadLine_ButCronieSkipsOnlyThatLine()
    {
        const string text = "0 2 * * * root good\n0 24 * * * root bad\n";

        Parse(text).RunningJobs.Should().BeEmpty();
        Parse(text, dialect: CronDialect.Cronie).RunningJobs.Select(j => j.Command).Should().Equal("good");
    }

    [Test]
    public void MissingFinalNewline_OnAJobOrAssignment_KillsTheFile_ButNotOnAComment()
    {
        Parse("0 2 * * * root true").Loads.Should().BeFalse();
        Parse("0 2 * * * root true\nFOO=bar").Loads.Should().BeFalse();
        Parse("0 2 * * * root true\n# end").Loads.Should().BeTrue();
    }

    [Test]
    public void CrLf_BlankLine_KillsTheFile_AndCommandsKeepTheirCr()
    {
        var tab = Parse("0 2 * * * root true\r\n\r\n");

        tab.Jobs.Single().Command.Should().Be("true\r");
        tab.Loads.Should().BeFalse();
        tab.Lines[1].Rejections.Should().ContainSingle(d => d.Id == "CPL2008");
    }

    [Test]
    public void SixTimeFields_AreAShiftedUserColumn() =>
        Parse("0 2 * * * * root true\n").Jobs.Single().Rejections.Should().ContainSingle(d => d.Id == "CPL2003");

    [TestCase("42 1 * * * 0 backup duplicity full /d file:///t\n",    "0",       "backup", "duplicity full /d file:///t")]
    [TestCase("42 1 * * * 1-6 backup duplicity inc /d file:///t\n",   "1-6",     "backup", "duplicity inc /d file:///t")]
    [TestCase("0 2 * * * mon-fri root true\n",                        "mon-fri", "root",   "true")]
    public void SixTimeFields_WithADigitSixth_AreReportedAsSix_AndTheRestIsReadAsMeant(string line, string sixth, string user, string command)
    {
        var job = Parse(line).Jobs.Single();

        job.Rejections.Should().ContainSingle(d => d.Id == "CPL1003").Which.Message.Should().Contain($"'{sixth}' stands where the user belongs");
        job.User.Should().Be(user);
        job.Command.Should().Be(command);
    }

    [Test]
    public void UserlessLine_IsRejected_AndItsCommandStartsAtTheFirstWord()
    {
        var job = Parse("* * * * * rm -rf /x/*; influxd backup -portable /x\n").Jobs.Single();

        job.Rejections.Should().ContainSingle(d => d.Id == "CPL2003");
        job.User.Should().BeNull();
        job.Command.Should().Be("rm -rf /x/*; influxd backup -portable /x");
    }

    [Test]
    public void UnknownUser_IsRejected_WhenUsersAreKnown()
    {
        var tab = CronTab.Parse("0 2 * * * nobody true\n0 2 * * * ghost true\n", new CronTabOptions(UserExists: u => u == "nobody"));

        tab.Jobs[0].IsAccepted.Should().BeTrue();
        tab.Jobs[1].Rejections.Should().ContainSingle(d => d.Id == "CPL2004");
    }

    [Test]
    public void JobsPastLine10003_KillTheFile_TrailingCommentsDoNot()
    {
        var filler = string.Concat(Enumerable.Repeat("#\n", 10_001));
        Parse("0 2 * * * root a\n" + filler + "0 2 * * * root b\n").Loads.Should().BeTrue();
        Parse("0 2 * * * root a\n" + filler + "#\n0 2 * * * root b\n").Loads.Should().BeFalse();
        Parse("0 2 * * * root a\n" + filler + "#\n#\n").Loads.Should().BeTrue();
    }
}
