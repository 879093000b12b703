using CronPlan.Analysis;
using CronPlan.Diagnostics;
using CronPlan.Jobs;
using CronPlan.Tabs;
using CronPlan.Time;

namespace CronPlan.Tests.Analysis;

/// <summary>
/// The one pipeline from cron tab text to findings (issue 15): each stage, where findings land, their order, how the
/// options default, and that the DST checks and the runs both start at the deploy moment.
/// </summary>
[TestFixture]
public sealed class TabPipelineTests
{
    private const string Quiet = "MAILTO=\"\"\n";
    private const string Dump = "backup mysqldump --no-tablespaces agama > /home/backup/mysql/agama.sql";
    private const string OtherDump = "backup mysqldump --no-tablespaces --single-transaction agama > /home/backup/mysql/agama.sql";
    private const string Upload = "backup duplicity --full-if-older-than 7D --encrypt-key 0xABCDEF12 /home/backup/mysql/ rsync://b/mysql";

    private static readonly TimeZoneInfo Tallinn = TimeZoneInfo.FindSystemTimeZoneById("Europe/Tallinn");

    private static AnalysisOptions Options(TimeZoneInfo? zone = null, DateTimeOffset? deploy = null) =>
        AnalysisOptions.From(zone ?? TimeZoneInfo.Utc, deploy, null, TimeZoneInfo.Utc, "--deadline");

    private static PipelineResult Run(string text, AnalysisOptions? options = null) =>
        TabPipeline.Run([TabInput.OfText("mysql-backup", text)], options ?? Options());

    // --- reading and linting ---

    [Test]
    public void Read_ParsesAndLintsTheTab()
    {
        var read = TabPipeline.Read(TabInput.OfText("mysql-backup", Quiet + "0 24 * * * root true\n"), Options());

        read.Tab.Should().NotBeNull();
        read.Tab!.Path.Should().Be("mysql-backup");
        read.Findings.Should().ContainSingle(d => d.Id == "CPL1002").Which.Location.Should().Be(read.Findings.Single(d => d.Id == "CPL1002").Location with { File = "mysql-backup", Line = 2 });
    }

    [Test]
    public void Read_TakesATabParsedAlready_AsItIs()
    {
        var tab = CronTab.Parse(Quiet + "0 24 * * * root true\n", path: "mine");

        var read = TabPipeline.Read(TabInput.Of(new AnalyzedTab("mine", tab)), Options());

        read.Tab.Should().BeSameAs(tab);
        read.Findings.Should().Contain(d => d.Id == "CPL1002" && d.Location.File == "mine");
    }

    [Test]
    public void Run_ReportsATabThatCannotBeRead_UnderTheNameShown_AndGoesOnWithTheOthers()
    {
        var missing = TabInput.Read(Path.Combine(Path.GetTempPath(), "cronplan-no-such-dir", "tab"), "shown/tab", new CronTabOptions(), installed: false);
        var readable = TabInput.OfText("mysql-backup", Quiet + "0 24 * * * root true\n");

        var result = TabPipeline.Run([missing, readable], Options());

        result.Unreadable.Should().BeTrue();
        result.Tabs.Select(t => t.Tab is null).Should().Equal(true, false);
        result.Findings.Should().Contain(d => d.Id == "CPL9001" && d.Location.File == "shown/tab");
        result.Findings.Should().Contain(d => d.Id == "CPL1002" && d.Location.File == "mysql-backup");
    }

    [TestCase(false, false, TestName = "Read_JudgesAWorkingCopyByItsName_NotByItsOwnerOrMode")]
    [TestCase(true,  true,  TestName = "Read_JudgesAnInstalledFileByItsOwnerAndMode")]
    public void Read_JudgesTheFileFacts_AsInstalledOnlyWhenTheFileIs(bool installed, bool ownershipJudged)
    {
        var facts = new CronTabFileFacts("mysql.backup", 1000, 0x1B4, true, false, 1000, 1);
        var input = TabInput.OfText("mysql.backup", Quiet) with { File = facts, Installed = installed };

        var found = TabPipeline.Read(input, Options()).Findings;

        found.Should().Contain(d => d.Id == "CPL2001", "a file name the daemon skips is wrong wherever the file lies");
        found.Any(d => d.Id == "CPL2010").Should().Be(ownershipJudged);
    }

    [Test]
    public void Read_FindsTheFactsOfARealFile_AndTakesAFileUnderEtcCronDAsInstalled()
    {
        var directory = Directory.CreateTempSubdirectory("cronplan-pipeline-");
        try
        {
            var path = Path.Combine(directory.FullName, "mysql.backup");
            File.WriteAllText(path, Quiet);

            var input = TabInput.Read(path, "mysql.backup", new CronTabOptions(), installed: false);
            var user = TabInput.Read(path, "mysql.backup", new CronTabOptions(CronTabFormat.User), installed: false);

            input.Text.Should().Be(Quiet);
            input.Installed.Should().BeFalse("a file in a working tree is not installed unless it lies under /etc/cron.d");
            TabPipeline.Read(input, Options()).Findings.Should().Contain(d => d.Id == "CPL2001");
            user.File.Should().BeNull("a user crontab has no cron.d file name to judge");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    // --- lint and analysis in one call ---

    [Test]
    public void Run_LintsAndAnalyses_InOneListInTheOrderOfTheLines()
    {
        // Line 2: CPL4001 (the upload starts with the dump); line 4: CPL1002 (an hour of 24).
        var result = Run($"{Quiet}10 23 * * * {Dump}\n10 23 * * * {Upload}\n0 24 * * * root true\n");

        result.Findings.Select(d => d.Id).Should().Contain(["CPL4001", "CPL1002"]);
        result.Findings.Should().BeInAscendingOrder(d => d.Location.Line);
        ScheduleAnalyzer.LintAndAnalyze([new AnalyzedTab("mysql-backup", result.Tabs[0].Tab!)], Options()).Should().BeEquivalentTo(result.Findings, o => o.WithStrictOrdering(), "the public entry point is the pipeline");
    }

    [Test]
    public void Run_AnalysesTheTabsOfOneHostTogether()
    {
        var dumps = TabInput.OfText("dumps", $"{Quiet}10 23 * * * {Dump}\n");
        var uploads = TabInput.OfText("uploads", $"{Quiet}10 23 * * * {Upload}\n");

        var found = TabPipeline.Run([dumps, uploads], Options()).Findings;

        found.Should().Contain(d => d.Id == "CPL4001" && d.Location.File == "uploads", "the upload in one tab starts with the dump in the other");
    }

    [Test]
    public void Run_TimesACompiledTabByWhatItsWriterStates_OverItsHeader()
    {
        // The header says the dump ends 23:11; the writer says it takes 30 minutes: the upload at 23:12 starts too soon.
        var text = "# mysql-backup: written by cronplan compile from plan.yaml; change the plan and compile again.\n" +
                   "# Times are the host's (UTC). Window 22:00-01:00 UTC; worst-case runs:\n#   mysql.dump           23:06-23:11\n" +
                   $"{Quiet}6 23 * * * {Dump}\n12 23 * * * {Upload}\n";
        var byHeader = TabPipeline.Run([TabInput.OfText("mysql-backup", text)], Options()).Findings;
        var byWriter = TabPipeline.Run([TabInput.OfText("mysql-backup", text) with { Written = new TabDurations(new StepDuration(30, "plan.yaml:9")) }], Options()).Findings;

        byHeader.Should().NotContain(d => d.Id == "CPL4003");
        byWriter.Should().Contain(d => d.Id == "CPL4003" && d.Message.Contains("plan.yaml:9", StringComparison.Ordinal));
    }

    // --- where findings land ---

    [Test]
    public void Run_AppliesSuppressionComments_ToLintAndAnalysisFindingsAlike()
    {
        var loud = Run($"{Quiet}10 23 * * * {Dump}\n10 23 * * * {Upload}\n0 24 * * * root true\n").Findings;
        var quiet = Run($"{Quiet}# cronplan: disable-file=CPL1002\n10 23 * * * {Dump}\n# cronplan: disable=CPL4001\n10 23 * * * {Upload}\n0 24 * * * root true\n").Findings;

        loud.Select(d => d.Id).Should().Contain(["CPL4001", "CPL1002"]);
        quiet.Select(d => d.Id).Should().NotContain("CPL4001").And.NotContain("CPL1002");
    }

    [Test]
    public void Run_NotesOnTheAnalysisOfATabThatDoesNotLoad_WhatItsJobsWillDoOnceItDoes()
    {
        var found = Run($"{Quiet}10 23 * * * {Dump}\n10 23 * * * {Upload}").Findings;

        found.Should().Contain(d => d.Id == "CPL2002", "the last line has no newline");
        found.Single(d => d.Id == "CPL4001").Notes.Should().Contain("mysql-backup does not load today (CPL2013): this is what its jobs will do once it does");
        found.Where(d => d.Id.StartsWith("CPL2", StringComparison.Ordinal)).SelectMany(d => d.Notes).Should().NotContain(n => n.Contains("once it does", StringComparison.Ordinal));
    }

    [Test]
    public void FindingPlacer_KeepsTheOrderFound_ForFindingsAtOnePlace()
    {
        var at = new SourceLocation("tab", 2, 1, 2, 5);
        var lint = DiagnosticCatalog.CPL2014.Create(at, "first");
        var runs = DiagnosticCatalog.CPL4013.Create(at, "second");
        var earlier = DiagnosticCatalog.CPL4015.Create(at with { Line = 1, EndLine = 1 }, "third");

        FindingPlacer.InOrder([lint, runs, earlier]).Should().Equal(earlier, lint, runs);
    }

    // --- one start, defaulting the same way ---

    [Test]
    public void Options_StartAtTheReferenceMoment_WhenNoDeployIsGiven()
    {
        ReferenceStart.Moment.Should().Be(new DateTimeOffset(ReferenceStart.Year, 1, 1, 0, 0, 0, TimeSpan.Zero));
        new AnalysisOptions().Start.Should().Be(ReferenceStart.Moment);
        Options().Start.Should().Be(ReferenceStart.Moment);
        Options().LintOptions().From.Should().Be(ReferenceStart.Moment, "lint's DST checks start where the runs do");
    }

    [TestCase("2030-06-01T10:00:00Z", "2030-06-01T10:00:00Z", TestName = "Options_StartAtTheDeployMoment")]
    [TestCase("1900-06-01T10:00:00Z", "2026-01-01T00:00:00Z", TestName = "Options_StartAtTheReferenceMoment_ForADeployOutsideTheYearsComputedWith")]
    public void Options_Start(string deploy, string start)
    {
        var options = Options(Tallinn, DateTimeOffset.Parse(deploy, System.Globalization.CultureInfo.InvariantCulture));

        options.Start.Should().Be(DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture));
        options.LintOptions().From.Should().Be(options.Start);
        options.LintOptions().Zone.Should().Be(Tallinn);
    }

    [Test]
    public void From_BuildsTheOptionsEveryCallerShares()
    {
        var deploy = new DateTimeOffset(2030, 6, 1, 10, 0, 0, TimeSpan.Zero);

        var options = AnalysisOptions.From(Tallinn, deploy, 120, TimeZoneInfo.Utc, "plan");

        options.Should().BeEquivalentTo(new AnalysisOptions { HostZone = Tallinn, Deploy = deploy, Deadline = 120, DeadlineZone = TimeZoneInfo.Utc, DeadlineSource = "plan" });
    }

    [Test]
    public void Run_StartsTheDstChecksAtTheReferenceYear_WithoutADeploy()
    {
        var found = Run($"{Quiet}30 3 * * * {Dump}\n", Options(Tallinn)).Findings;

        found.Should().Contain(d => d.Id == "CPL1017" && d.Message.StartsWith("on 2026-03-29 the clock in Europe/Tallinn jumps over 03:00-04:00", StringComparison.Ordinal));
    }

    [Test]
    public void Run_StartsTheDstChecksAndTheRuns_AtTheDeployMoment()
    {
        var deploy = new DateTimeOffset(2030, 6, 1, 10, 0, 0, TimeSpan.Zero);
        var text = $"{Quiet}30 3 * * * {Dump}\n30 3 * * * {OtherDump}\n";

        var then = Run(text, Options(Tallinn, deploy)).Findings;
        var now = Run(text, Options(Tallinn)).Findings;

        then.Should().Contain(d => d.Id == "CPL1017" && d.Message.StartsWith("on 2030-03-31 the clock in Europe/Tallinn", StringComparison.Ordinal), "lint's DST checks look at the deploy year");
        then.Should().Contain(d => d.Id == "CPL4013" && d.Message.StartsWith("on Sun 2030-06-02 03:30 this dump writes", StringComparison.Ordinal), "the runs are followed from the deploy moment");
        now.Should().Contain(d => d.Id == "CPL1017" && d.Message.StartsWith("on 2026-03-29 ", StringComparison.Ordinal));
        now.Should().Contain(d => d.Id == "CPL4013" && d.Message.StartsWith("on Thu 2026-01-01 03:30 ", StringComparison.Ordinal));
    }
}
