using CronPlan.Cron;
using CronPlan.Diagnostics;
using CronPlan.Tabs;

namespace CronPlan.Tests.Tabs;

[TestFixture]
public sealed class CronTabLinterTests
{
    private static readonly DateTimeOffset From = new(2021, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static IReadOnlyList<Diagnostic> Lint(string text, string zone = "UTC", CronTabFileFacts? facts = null, Func<string, bool>? users = null, CronDialect dialect = CronDialect.Debian) =>
        CronTabLinter.Lint(
            CronTab.Parse(text, new CronTabOptions(Dialect: dialect, UserExists: users), "tab"),
            new CronTabLintOptions(TimeZoneInfo.FindSystemTimeZoneById(zone), From, facts));

    private const string Quiet = "MAILTO=ops@example.org\n";

    // Every rule with a cron tab that breaks it and one that does not.
    [TestCase("CPL1001", Quiet + "0 2 * * 1,,2 root true\n",            Quiet + "0 2 * * 1,2 root true\n")]
    [TestCase("CPL1002", Quiet + "0 24 * * * root true\n",              Quiet + "0 0 * * * root true\n")]
    [TestCase("CPL1003", Quiet + "0 2 * *\n",                           Quiet + "0 2 * * * root true\n")]
    [TestCase("CPL1004", Quiet + "@DAILY root true\n",                  Quiet + "@daily root true\n")]
    [TestCase("CPL1005", Quiet + "5/15 * * * * root true\n",            Quiet + "5-59/15 * * * * root true\n")]
    [TestCase("CPL1010", Quiet + "0 0 31 4 * root true\n",              Quiet + "0 0 30 4 * root true\n")]
    [TestCase("CPL1011", Quiet + "0 0 * * 1#2 root true\n",             Quiet + "0 0 * * 1 root true\n")]
    [TestCase("CPL1012", Quiet + "0 0 13 * 5 root true\n",              Quiet + "0 0 13 * * root true\n")]
    [TestCase("CPL1013", Quiet + "0 0 */2 * 0 root true\n",             Quiet + "0 0 */2 * * root true\n")]
    [TestCase("CPL1014", Quiet + "*/60 * * * * root true\n",            Quiet + "0 * * * * root true\n")]
    [TestCase("CPL1015", Quiet + "*/7 * * * * root true\n",             Quiet + "*/5 * * * * root true\n")]
    [TestCase("CPL1016", Quiet + "* 3 * * * root true\n",               Quiet + "0 3 * * * root true\n")]
    [TestCase("CPL1019", Quiet + "*/1 * * * * root true\n",             Quiet + "* * * * * root true\n")]
    [TestCase("CPL1020", Quiet + "0 0 L * * root true\n",               Quiet + "0 0 28-31 * * root true\n")]
    [TestCase("CPL1021", Quiet + "*/2 * * * * backup mysqldump agama > /x\n", Quiet + "10 23 * * * backup mysqldump agama > /x\n")]
    [TestCase("CPL2002", Quiet + "0 2 * * * root true",                 Quiet + "0 2 * * * root true\n")]
    [TestCase("CPL2003", Quiet + "0 2 * * * mysqldump agama > /x\n",    Quiet + "0 2 * * * backup mysqldump agama > /x\n")]
    [TestCase("CPL2005", Quiet + "0 2 * * * root date +%F > /x\n",      Quiet + "0 2 * * * root date +\\%F > /x\n")]
    [TestCase("CPL2006", Quiet + "FOO=\n0 2 * * * root true\n",         Quiet + "FOO=\"\"\n0 2 * * * root true\n")]
    [TestCase("CPL2006", Quiet + "FOO=\"a\" # c\n",                     Quiet + "FOO=a # c\n")]
    [TestCase("CPL2006", Quiet + "PATH=$PATH:/opt/bin\n",               Quiet + "PATH=/usr/bin:/bin:/opt/bin\n")]
    [TestCase("CPL2007", Quiet + "CRON_TZ=Europe/Tallinn\n",            Quiet + "# host runs in UTC\n")]
    [TestCase("CPL2007", Quiet + "TZ=Europe/Tallinn\n",                 Quiet + "LANG=C.UTF-8\n")]
    [TestCase("CPL2008", Quiet + "0 2 * * * root true\r\n",             Quiet + "0 2 * * * root true\n")]
    [TestCase("CPL2011", Quiet + "0 2 * * * root service nginx reload\n", Quiet + "0 2 * * * root /usr/sbin/service nginx reload\n")]
    [TestCase("CPL2011", Quiet + "0 2 * * * root logrotate /etc/x\n",   Quiet + "PATH=/usr/sbin:/usr/bin:/bin\n0 2 * * * root logrotate /etc/x\n")]
    [TestCase("CPL2012", "0 2 * * * root mysqldump agama\n",            "0 2 * * * root mysqldump agama > /x 2>&1\n")]
    [TestCase("CPL2013", Quiet + "0 2 * * * root good\n0 24 * * * root bad\n", Quiet + "0 2 * * * root good\n0 23 * * * root fine\n")]
    [TestCase("CPL2014", Quiet + "0 2 * * * root a\n0 2 * * * root a\n", Quiet + "0 2 * * * root a\n0 3 * * * root a\n")]
    public void Rule_FiresOnlyWhereItShould(string id, string trips, string passes)
    {
        Lint(trips).Should().Contain(d => d.Id == id, string.Join("\n", Lint(trips)));
        Lint(passes).Should().NotContain(d => d.Id == id, string.Join("\n", Lint(passes)));
    }

    // A finding about the schedule is found on the expression alone, then moved onto the job's line: its columns follow
    // the schedule wherever the line starts it, and its fix is the whole corrected line.
    [TestCase("  */1 * * * * root true > /x\n",             "CPL1019", 1, 3, 6,   "  * * * * * root true > /x")]
    [TestCase(Quiet + "  0 0 * * 1#2 root true\n",          "CPL1011", 2, 12, 14, "  0 0 * * 1 root true")]
    [TestCase(Quiet + "\t*/60 * * * * root true\n",         "CPL1014", 2, 2, 6,   "\t0 * * * * root true")]
    [TestCase(Quiet + " 0 0 13 * 5 root true\n",            "CPL1012", 2, 6, 12,  null)]
    public void ScheduleFinding_PointsIntoItsLine_AndFixesTheWholeLine(string text, string id, int line, int column, int endColumn, string? fix)
    {
        var found = Lint(text).Single(d => d.Id == id);

        (found.Location.File, found.Location.Line, found.Location.Column, found.Location.EndLine, found.Location.EndColumn).Should().Be(("tab", line, column, line, endColumn));
        found.Fix.Should().Be(fix);
    }

    [Test]
    public void ScheduleFinding_OnEveryLineWithThatSchedule()
    {
        var found = Lint(Quiet + "*/7 * * * * root a > /x\n  */7 * * * * root b > /x\n").Where(d => d.Id == "CPL1015").ToList();

        found.Select(d => (d.Location.Line, d.Location.Column)).Should().Equal((2, 1), (3, 3));
    }

    // CPL1021: a backup program six or more times an hour is a test schedule left behind; five is a schedule.
    [TestCase("*/10 * * * * backup mysqldump agama > /x",              "the backup command 'mysqldump' runs 6 times an hour ('*/10 * * * *')")]
    [TestCase("0,10,20,30,40,50 * * * * backup mysqldump agama > /x",  "the backup command 'mysqldump' runs 6 times an hour ('0,10,20,30,40,50 * * * *')")]
    [TestCase("* 3 * * * backup /usr/bin/mysqldump agama > /x",        "the backup command '/usr/bin/mysqldump' runs 60 times an hour ('* 3 * * *')")]
    [TestCase("*/5 * * * * backup cd /srv && tar czf /b/www.tgz www",  "the backup command 'cd' runs 12 times an hour ('*/5 * * * *')")]
    [TestCase("*/5 * * * * backup nice -n 19 duplicity --no-encryption /b rsync://h/b", "the backup command 'duplicity' runs 12 times an hour ('*/5 * * * *')")]
    [TestCase("*/12 * * * * backup mysqldump agama > /x",              null)]
    [TestCase("*/10 * * * * backup /usr/local/bin/check-mysqldump",    null)]
    [TestCase("*/10 * * * * backup echo restic-forget > /x",           null)]
    [TestCase("*/10 * * * * backup logrotate /etc/tar.conf",           null)]
    public void Cpl1021_FromSixRunsAnHour_OfABackupProgram(string job, string? message)
    {
        var found = Lint(Quiet + job + "\n").Where(d => d.Id == "CPL1021").Select(d => (d.Location.Line, d.Location.Column, d.Location.EndColumn, d.Message));
        var scheduleEnd = job.IndexOf(" backup ", StringComparison.Ordinal) + 1;

        found.Should().Equal(message is null ? [] : [(2, 1, scheduleEnd, message + ": a test schedule left in place?")]);
    }

    // CPL2012: output with nowhere to go. MAILTO above a job, a redirection or logger gives it somewhere.
    [TestCase("MAILTO=ops@example.org\n0 2 * * * root mysqldump agama\n",                          null)]
    [TestCase("MAILTO=ops@example.org\n0 2 * * * root a\nMAILTO=dba@example.org\n0 3 * * * root b\n", null)]
    [TestCase("0 2 * * * root mysqldump agama 2>&1 | logger -t dump\n",                           null)]
    [TestCase("0 2 * * * root mysqldump agama > /b/a.sql\n",                                      null)]
    [TestCase("0 2 * * * root mysqldump agama\n",                                                "(1,16): no MAILTO and no redirection on 1 job(s) (lines 1)")]
    [TestCase("0 2 * * * root a\n0 3 * * * root b > /x\n0 4 * * * root c\n",                     "(1,16): no MAILTO and no redirection on 2 job(s) (lines 1, 3)")]
    [TestCase("0 2 * * * root a\nMAILTO=ops@example.org\n0 3 * * * root b\n",                    "(1,16): no MAILTO and no redirection on 1 job(s) (lines 1)")]
    [TestCase("PATH=/usr/bin:/bin\n0 2 * * * root a\n",                                          "(2,16): no MAILTO and no redirection on 1 job(s) (lines 2)")]
    public void Cpl2012_JobsWhoseOutputVanishes(string text, string? finding)
    {
        var found = Lint(text).Where(d => d.Id == "CPL2012").Select(d => $"({d.Location.Line},{d.Location.Column}): {d.Message}");

        found.Should().Equal(finding is null ? [] : [finding + ": without a mail server their output and errors vanish"]);
    }

    [Test]
    public void Cpl1017_PointsAtTheJob_InTheHostZone()
    {
        var found = Lint(Quiet + "30 3 * * * root true\n", "Europe/Tallinn");

        found.Should().Contain(d => d.Id == "CPL1017" && d.Location.Line == 2 && d.Location.Column == 1);
        Lint(Quiet + "30 3 * * * root true\n").Should().NotContain(d => d.Id == "CPL1017");
    }

    [Test]
    public void Cpl2001_FileNameWithADot()
    {
        var facts = new CronTabFileFacts("mysql-backup.cron", 0, 0x1A4, true, false, 0, 1);

        Lint(Quiet, facts: facts).Should().ContainSingle(d => d.Id == "CPL2001").Which.Fix.Should().Be("mv 'mysql-backup.cron' 'mysql-backup'");
        Lint(Quiet, facts: facts with { Name = "mysql-backup" }).Should().NotContain(d => d.Id == "CPL2001");
    }

    [Test]
    public void Cpl2001_Cronie_SkipsBackupFilesNotDots()
    {
        var facts = new CronTabFileFacts("mysql.backup", 0, 0x1A4, true, false, 0, 1);

        Lint(Quiet, facts: facts, dialect: CronDialect.Cronie).Should().NotContain(d => d.Id == "CPL2001");
        Lint(Quiet, facts: facts with { Name = "mysql~" }, dialect: CronDialect.Cronie).Should().Contain(d => d.Id == "CPL2001");
    }

    [TestCase(1000, 0x1A4, true, 1)]
    [TestCase(0, 0x1B4, true, 1)]
    [TestCase(0, 0x1A6, true, 1)]
    [TestCase(0, 0x1A4, false, 1)]
    [TestCase(0, 0x1A4, true, 2)]
    public void Cpl2010_OwnerModeTypeAndLinks(long owner, int mode, bool regular, long links)
    {
        var bad = new CronTabFileFacts("backup", owner, mode, regular, false, 0, links);
        var good = new CronTabFileFacts("backup", 0, 0x1A4, true, false, 0, 1);

        Lint(Quiet, facts: bad).Should().ContainSingle(d => d.Id == "CPL2010");
        Lint(Quiet, facts: good).Should().NotContain(d => d.Id == "CPL2010");
    }

    [Test]
    public void Cpl2004_UnknownUser_WithAPasswdFile()
    {
        Lint(Quiet + "0 2 * * * ghost true\n", users: u => u == "root").Should().Contain(d => d.Id == "CPL2004" && d.Location.Column == 11);
        Lint(Quiet + "0 2 * * * root true\n", users: u => u == "root").Should().NotContain(d => d.Id == "CPL2004");
    }

    [Test]
    public void Cpl2009_LongCommandAndLongAssignment()
    {
        Lint(Quiet + "0 2 * * * root echo " + new string('x', 1000) + "\n").Should().Contain(d => d.Id == "CPL2009");
        Lint(Quiet + "FOO=" + new string('x', 1000) + "\n").Should().Contain(d => d.Id == "CPL2009");
        Lint(Quiet + "0 2 * * * root echo " + new string('x', 900) + "\n").Should().NotContain(d => d.Id == "CPL2009");
    }

    [Test]
    public void Cpl2013_NamesEveryJobThatWillNotRun()
    {
        var found = Lint(Quiet + "0 1 * * * root one\n0 2 * * * root two\nFOO=\n").Single(d => d.Id == "CPL2013");

        found.Location.Line.Should().Be(4);
        found.Notes.Should().Contain("not run: line 2: 0 1 * * * root one").And.Contain("not run: line 3: 0 2 * * * root two");
    }

    [Test]
    public void Cpl2013_CountsTheOtherBadLines_AndNamesTwentyJobsAtMost()
    {
        Lint(Quiet + "0 2 * * * root a\n0 24 * * * root b\n0 25 * * * root c\n").Single(d => d.Id == "CPL2013").Message
            .Should().Be("the daemon ignores this whole file because of line 3 (and 1 more bad line(s)): 1 good job(s) will not run either");

        var jobs = string.Concat(Enumerable.Range(0, 22).Select(i => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{i} 1 * * * root job{i}\n")));
        var found = Lint(Quiet + jobs + "FOO=\n").Single(d => d.Id == "CPL2013");

        found.Message.Should().Be("the daemon ignores this whole file because of line 24: 22 good job(s) will not run either");
        found.Notes.Should().HaveCount(22).And.EndWith(["not run: line 21: 19 1 * * * root job19", "... and 2 more jobs", "the file stays ignored until its modification time changes"]);
    }

    [Test]
    public void Cpl2013_IsNotReportedForCronie_WhichSkipsOnlyTheBadLine() =>
        Lint(Quiet + "0 2 * * * root a\n0 24 * * * root b\n", dialect: CronDialect.Cronie).Should().NotContain(d => d.Id == "CPL2013");

    [Test]
    public void Cpl2008_PointsAtTheFirstCarriageReturn_AndCountsTheLines()
    {
        var found = Lint(Quiet + "0 2 * * * root a\r\n# note\r\n0 3 * * * root b\r\n").Single(d => d.Id == "CPL2008");

        (found.Location.Line, found.Location.Column, found.Location.EndColumn).Should().Be((2, 17, 18));
        found.Message.Should().StartWith("3 line(s) end in CR");
    }

    [Test]
    public void Cpl2014_SameScheduleUserAndCommand_FromTheScheduleToTheLineEnd()
    {
        var found = Lint(Quiet + "0 2 * * * root a > /x\n 0 2 * * * root a > /x\n0 2 * * * backup a > /x\n0 2 * * * root a  > /x\n").Where(d => d.Id == "CPL2014").ToList();

        found.Select(d => (d.Location.Line, d.Location.Column, d.Location.EndColumn, d.Message)).Should().Equal((3, 2, 23, "the same job as line 2: it runs twice at the same moment"));
    }

    // CPL2011: the first program the command runs, past assignments, wrappers and a subshell's parenthesis.
    [TestCase("0 2 * * * root service nginx reload",          "service", 16)]
    [TestCase("0 2 * * * root FOO=1 nice -n 5 service x",     "service", 32)]
    [TestCase("0 2 * * * root timeout 60 ip a",               "ip",      27)]
    [TestCase("0 2 * * * root (ip a) > /x",                   "ip",      17)]
    [TestCase("0 2 * * * root /bin/echo x; service x",        null,      0)]
    [TestCase("0 2 * * * root ./service",                     null,      0)]
    public void Cpl2011_TheFirstProgram_IsLookedUpOnCronsPath(string job, string? program, int column)
    {
        var found = Lint(Quiet + job + " > /x\n").Where(d => d.Id == "CPL2011").Select(d => (d.Location.Column, d.Location.EndColumn, d.Notes.Single()));

        found.Should().Equal(program is null ? [] : [(column, column + program.Length, $"or write the full path, /usr/sbin/{program}")]);
    }

    [Test]
    public void Cpl2005_PointsAtTheFirstUnescapedPercent_AndEscapesEveryOne()
    {
        var found = Lint(Quiet + "0 2 * * * root date +\\%F-%H:%M > /x\n").Single(d => d.Id == "CPL2005");

        (found.Location.Column, found.Location.EndColumn).Should().Be((26, 27));
        found.Fix.Should().Be("0 2 * * * root date +\\%F-\\%H:\\%M > /x");
        found.Message.Should().Contain("('H:\nM > /x')", "each further '%' is a newline");
    }

    [TestCase(CronDialect.Debian, "CRON_TZ=UTC\n",            "CRON_TZ=UTC does not change when Debian's cron runs the jobs: the daemon schedules in the host's zone (CRON_TZ is a cronie feature)")]
    [TestCase(CronDialect.Debian, "TZ=\"Europe/Tallinn\"\n",  "TZ=Europe/Tallinn does not change when Debian's cron runs the jobs: the daemon schedules in the host's zone (TZ only reaches the jobs' environment)")]
    [TestCase(CronDialect.Cronie, "CRON_TZ=UTC\n",            null)]
    [TestCase(CronDialect.Cronie, "TZ=Europe/Tallinn\n",      "TZ=Europe/Tallinn does not change when Debian's cron runs the jobs: the daemon schedules in the host's zone (TZ only reaches the jobs' environment)")]
    [TestCase(CronDialect.Debian, "LANG=C.UTF-8\n",           null)]
    public void Cpl2007_ZoneAssignments(CronDialect dialect, string assignment, string? message) =>
        Lint(Quiet + assignment, dialect: dialect).Where(d => d.Id == "CPL2007").Select(d => d.Message).Should().Equal(message is null ? [] : [message]);

    [TestCase("HOME=~/x\n",        "HOME=~/x: cron does not expand '$' or '~' in assignments; the value is taken literally")]
    [TestCase("P=/x:$PATH\n",      "P=/x:$PATH: cron does not expand '$' or '~' in assignments; the value is taken literally")]
    [TestCase("P=\"$HOME\"\n",     null)]
    [TestCase("P=/opt/~x\n",       null)]
    public void Cpl2006_UnexpandedVariablesAndTilde(string assignment, string? message) =>
        Lint(Quiet + assignment).Where(d => d.Id == "CPL2006").Select(d => d.Message).Should().Equal(message is null ? [] : [message]);

    [Test]
    public void ChkcrontabFalseAlarm_HashInAnUnquotedValue_IsLegal() =>
        Lint(Quiet + "FOO=x # c\n0 2 * * * root true\n").Should().NotContain(d => d.Severity == DiagnosticSeverity.Error);

    [Test]
    public void Fixes_AreWholeCorrectedLines()
    {
        Lint(Quiet + "0 24 * * * root true\n").Single(d => d.Id == "CPL1002").Fix.Should().Be("0 0 * * * root true");
        Lint(Quiet + "0 2 * * * root date +%F > /x\n").Single(d => d.Id == "CPL2005").Fix.Should().Be("0 2 * * * root date +\\%F > /x");
        Lint(Quiet + "0 2 * * * mysqldump agama > /x\n").Single(d => d.Id == "CPL2003").Fix.Should().Be("0 2 * * * root mysqldump agama > /x");
    }

    [Test]
    public void Suppression_ForTheNextLine_AndForTheFile()
    {
        const string line = "0 2 * * * root date +%F > /x\n";

        Lint(Quiet + "# cronplan: disable=CPL2005\n" + line).Should().NotContain(d => d.Id == "CPL2005");
        Lint(Quiet + "# cronplan: disable=CPL2005\n" + line + line.Replace("0 2", "0 3", StringComparison.Ordinal)).Count(d => d.Id == "CPL2005").Should().Be(1);
        Lint("# cronplan: disable-file=CPL2012,CPL2005\n" + line).Should().BeEmpty();
    }
}
