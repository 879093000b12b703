using CronPlan.Analysis;
using CronPlan.Diagnostics;
using CronPlan.Tabs;

namespace CronPlan.Tests.Analysis;

[TestFixture]
public sealed class ScheduleAnalyzerTests
{
    private const string Dump = "backup mysqldump --no-tablespaces agama > /home/backup/mysql/agama.sql";
    private const string Full = "backup duplicity full --encrypt-key 0xABCDEF12 /home/backup/mysql/ rsync://b/mysql";
    private const string Auto = "backup duplicity --full-if-older-than 7D --encrypt-key 0xABCDEF12 /home/backup/mysql/ rsync://b/mysql";
    private const string Target = "rsync://b/mysql";

    private static readonly AnalysisOptions Stated = new()
    {
        DumpDurations = new Dictionary<string, TimeSpan> { ["mysqldump --no-tablespaces agama > /home/backup/mysql/agama.sql"] = TimeSpan.FromMinutes(10) },
        UploadDurations = new Dictionary<string, TimeSpan> { [Target] = TimeSpan.FromMinutes(20) },
    };

    private static IReadOnlyList<Diagnostic> Analyze(string tab, AnalysisOptions? options = null) =>
        ScheduleAnalyzer.Analyze([new AnalyzedTab("mysql-backup", CronTab.Parse(tab, path: "mysql-backup"))], options ?? Stated);

    private static string Good => $"10 23 * * * {Dump}\n30 23 * * 0 {Full}\n30 23 * * 1-6 {Auto}\n";

    [Test]
    public void Analyze_ReportsNothingOfErrorOrWarning_ForTheWellOrderedNight() =>
        Analyze(Good).Where(d => d.Severity != DiagnosticSeverity.Info).Should().BeEmpty();

    [TestCase("no final line feed",      $"10 23 * * * {Dump}\n10 23 * * * {Auto}")]
    [TestCase("a line without a user",   $"10 23 * * * {Dump}\n10 23 * * * {Auto}\n* * * * * true\n")]
    [TestCase("an hour of 24",           $"10 23 * * * {Dump}\n10 23 * * * {Auto}\n0 24 * * * backup true\n")]
    public void Analyze_JudgesTheJobsOfATabTheDaemonIgnores_AsMeant_AndSaysSo(string why, string tab)
    {
        var same = Analyze(tab).Where(d => d.Id == "CPL4001").Should().ContainSingle($"the tab with {why} still pairs its dump and upload").Subject;

        same.Severity.Should().Be(DiagnosticSeverity.Error);
        same.Notes.Should().Contain("mysql-backup does not load today (CPL2013): this is what its jobs will do once it does");
        Analyze($"10 23 * * * {Dump}\n10 23 * * * {Auto}\n").Single(d => d.Id == "CPL4001").Notes.Should().NotContain(n => n.Contains("does not load", StringComparison.Ordinal));
    }

    // Every CPL4xxx rule with a hand-written cron tab that breaks it and one that does not.
    [TestCase("CPL4001", $"10 23 * * * {Dump}\n10 23 * * * {Auto}\n",                          $"10 23 * * * {Dump}\n30 23 * * * {Auto}\n")]
    [TestCase("CPL4002", $"10 23 * * 1-6 {Dump}\n30 23 * * * {Auto}\n",                        $"10 23 * * * {Dump}\n30 23 * * * {Auto}\n")]
    [TestCase("CPL4002", $"30 23 * * * {Dump}\n10 23 * * * {Auto}\n",                          $"10 23 * * * {Dump}\n30 23 * * * {Auto}\n")]
    [TestCase("CPL4003", $"10 23 * * * {Dump}\n15 23 * * * {Auto}\n",                          $"10 23 * * * {Dump}\n20 23 * * * {Auto}\n")]
    [TestCase("CPL4004", $"10 0 * * * {Dump}\n45 0 * * * {Auto}\n",                            $"10 23 * * * {Dump}\n30 23 * * * {Auto}\n")]
    [TestCase("CPL4004", $"30 2 * * * {Dump}\n",                                               $"30 23 * * * {Dump}\n")]
    [TestCase("CPL4005", $"10 23 * * * {Dump}\n30 23 * * * backup duplicity incremental --encrypt-key 0xABCDEF12 /home/backup/mysql/ {Target}\n",
                         $"10 23 * * * {Dump}\n30 23 * * * backup duplicity incremental --full-if-older-than 7D --encrypt-key 0xABCDEF12 /home/backup/mysql/ {Target}\n")]
    [TestCase("CPL4006", $"10 23 * * * {Dump}\n30 23 * * 0 {Full}\n40 23 * * * {Auto}\n",     $"10 23 * * * {Dump}\n30 23 * * 0 {Full}\n30 23 * * 1-6 {Auto}\n")]
    [TestCase("CPL4007", $"10 23 * * * {Dump}\n30 23 * * * {Auto}\n0 22 * * * backup duplicity --full-if-older-than 7D --encrypt-key 0xABCDEF12 /etc/ {Target}\n",
                         $"10 23 * * * {Dump}\n30 23 * * * {Auto}\n0 22 * * * backup duplicity --full-if-older-than 7D --encrypt-key 0xABCDEF12 /etc/ rsync://b/etc\n")]
    [TestCase("CPL4008", $"10 23 * * * {Dump}\n30 23 * * * backup duplicity --full-if-older-than 7D --encrypt-key 0xABCDEF12 /srv/backups/ {Target}\n",
                         $"10 23 * * * {Dump}\n30 23 * * * {Auto}\n")]
    [TestCase("CPL4009", $"{"10 23 * * *"} {Dump}\n30 23 * * * {Auto}\n55 23 * * * backup duplicity remove-older-than 30D {Target}\n",
                         $"10 23 * * * {Dump}\n30 23 * * * {Auto}\n55 23 * * * backup duplicity remove-older-than 30D --force {Target}\n")]
    [TestCase("CPL4012", $"10 23 * * * {Dump}\n30 23 1 1 * {Full}\n30 23 2-31 * * backup duplicity incremental --encrypt-key 0xABCDEF12 /home/backup/mysql/ {Target}\n",
                         $"10 23 * * * {Dump}\n30 23 * * 0 {Full}\n30 23 * * 1-6 {Auto}\n")]
    [TestCase("CPL4013", $"10 23 * * * {Dump}\n12 23 * * * {Dump}\n40 23 * * * {Auto}\n",     $"10 23 * * * {Dump}\n40 23 * * * {Auto}\n")]
    [TestCase("CPL4014", $"10 23 * * * backup mysqldump --no-tablespaces agama > /home/backup/mysql/agama.sql; duplicity --full-if-older-than 7D --encrypt-key 0xABCDEF12 /home/backup/mysql/ {Target}\n",
                         $"10 23 * * * backup mysqldump --no-tablespaces agama > /home/backup/mysql/agama.sql && duplicity --full-if-older-than 7D --encrypt-key 0xABCDEF12 /home/backup/mysql/ {Target}\n")]
    [TestCase("CPL4015", $"10 23 * * * {Dump}\n30 23 * * * backup duplicity --full-if-older-than 7D --no-encryption /home/backup/mysql/ {Target}\n",
                         $"10 23 * * * {Dump}\n30 23 * * * {Auto}\n")]
    [TestCase("CPL4016", $"10 23 * * * {Dump}\n30 23 * * 0 {Full}\n30 23 * * 1-6 backup duplicity --full-if-older-than 7D --encrypt-key 0xABCDEF12 /home/backup/mysql/ rsync://b/mysql2\n",
                         $"10 23 * * * {Dump}\n30 23 * * 0 {Full}\n30 23 * * 1-6 {Auto}\n")]
    [TestCase("CPL4017", "10 23 * * * backup mysqldump agama > /home/backup/mysql/agama.sql\n", $"10 23 * * * {Dump}\n")]
    public void Rule_FiresOnTheBadTab_AndNotOnTheGoodOne(string id, string bad, string good)
    {
        Analyze(bad).Select(d => d.Id).Should().Contain(id);
        Analyze(good).Select(d => d.Id).Should().NotContain(id);
    }

    // One target written three ways is one chain: no CPL4016 (one source, several targets) and no CPL4007 (one target, several sources).
    [TestCase("rsync://u@h/mysql",   "rsync://u@h//home/u/mysql/", "CPL4016", false)]
    [TestCase("rsync://u@h/mysql",   "rsync://u@h/mysql/",          "CPL4016", false)]
    [TestCase("rsync://u@h/mysql",   "rsync://u@h/mysql2",          "CPL4016", true)]
    [TestCase("rsync://u@h/mysql",   "rsync://u@g/mysql",           "CPL4016", true)]
    [TestCase("{{ url }}",           "rsync://u@h/mysql",           "CPL4016", false)]
    public void Cpl4016_ComparesTargetsAsDuplicityReadsThem(string full, string incremental, string id, bool fires)
    {
        var tab = $"10 23 * * * {Dump}\n30 23 * * 0 backup duplicity full --encrypt-key 0xABCDEF12 /home/backup/mysql/ {full}\n30 23 * * 1-6 backup duplicity --full-if-older-than 7D --encrypt-key 0xABCDEF12 /home/backup/mysql/ {incremental}\n";
        Analyze(tab).Select(d => d.Id).Contains(id).Should().Be(fires);
    }

    [TestCase("rsync://u@h/mysql", "rsync://u@h//home/u/mysql/", true)]
    [TestCase("rsync://u@h/mysql", "rsync://u@h/etc",            false)]
    public void Cpl4007_ComparesTargetsAsDuplicityReadsThem(string first, string second, bool fires)
    {
        var tab = $"10 23 * * * {Dump}\n30 23 * * * backup duplicity --full-if-older-than 7D --encrypt-key 0xABCDEF12 /home/backup/mysql/ {first}\n0 22 * * * backup duplicity --full-if-older-than 7D --encrypt-key 0xABCDEF12 /etc/ {second}\n";
        Analyze(tab).Select(d => d.Id).Contains("CPL4007").Should().Be(fires);
    }

    [Test]
    public void Cpl4016_RetentionOnAnotherSpellingOfTheUploadTarget_PrunesTheRealBackups()
    {
        var tab = Good + "55 23 * * * backup duplicity remove-all-but-n-full 4 --force rsync://b/mysql/\n";
        Analyze(tab).Select(d => d.Id).Should().NotContain("CPL4016");
        Analyze(Good + "55 23 * * * backup duplicity remove-all-but-n-full 4 --force rsync://c/mysql\n").Select(d => d.Id).Should().Contain("CPL4016");
    }

    [Test]
    public void StatedDurationsAndRpo_FindTheirTarget_HoweverItIsSpelled()
    {
        var options = Stated with
        {
            UploadDurations = new Dictionary<string, TimeSpan> { ["rsync://b/mysql/"] = TimeSpan.FromMinutes(20) },
            Rpo = new Dictionary<string, TimeSpan> { ["rsync://b/mysql/"] = TimeSpan.FromHours(23) },
        };
        var found = Analyze($"10 23 * * * {Dump}\n50 0 * * * {Auto}\n", options);
        found.Should().Contain(d => d.Id == "CPL4004" && d.Severity == DiagnosticSeverity.Error, "the stated 20 minutes of the upload cross 01:00");
        found.Should().Contain(d => d.Id == "CPL4011");
    }

    [TestCase(";",  new[] { "CPL4014" })]
    [TestCase("&&", new string[0])]
    [TestCase("&",  new[] { "CPL4001", "CPL4014" })]
    public void Analyze_OrdersDumpBeforeUpload_WhenChainedInOneLine(string join, string[] expected)
    {
        // After ';' or '&&' the upload starts when the dump ends: no CPL4001, CPL4002 or CPL4003. After '&' it starts with the dump.
        var tab = $"10 23 * * * backup mysqldump --no-tablespaces agama > /home/backup/mysql/agama.sql {join} duplicity --full-if-older-than 7D --encrypt-key 0xABCDEF12 /home/backup/mysql/ {Target}\n";
        Analyze(tab).Where(d => d.Severity != DiagnosticSeverity.Info).Select(d => d.Id).Should().Equal(expected);
    }

    [Test]
    public void Analyze_StartsAChainedUploadAtItsDumpsEnd()
    {
        // The dump's stated 10 minutes put the upload at 00:50, and its stated 20 minutes past 01:00.
        var tab = $"40 0 * * * backup mysqldump --no-tablespaces agama > /home/backup/mysql/agama.sql && duplicity --full-if-older-than 7D --encrypt-key 0xABCDEF12 /home/backup/mysql/ {Target}\n";
        Analyze(tab).Single(d => d.Id == "CPL4004").Message.Should().Contain("starting Thu 2026-01-01 00:50 may run 20m");
    }

    [Test]
    public void Cpl4010_FiresWhenARetentionPeriodIsPromised_AndNoJobPrunesTheTarget()
    {
        var promised = Stated with { RetentionPromised = new HashSet<string> { Target } };
        Analyze(Good, promised).Select(d => d.Id).Should().Contain("CPL4010");
        Analyze(Good + $"55 23 * * * backup duplicity remove-all-but-n-full 4 --force {Target}\n", promised).Select(d => d.Id).Should().NotContain("CPL4010");
    }

    [Test]
    public void Cpl4011_ComparesTheLongestGapBetweenRecoveryPointsWithTheRpo()
    {
        var rpo = Stated with { Rpo = new Dictionary<string, TimeSpan> { [Target] = TimeSpan.FromHours(24) } };
        var weekly = Analyze($"10 23 * * 0 {Dump}\n30 23 * * 0 {Full}\n", rpo).Single(d => d.Id == "CPL4011");
        weekly.Message.Should().Contain("7 days").And.Contain("24 hours");
        Analyze(Good, rpo).Select(d => d.Id).Should().NotContain("CPL4011");
    }

    [Test]
    public void Cpl4011_TakesTheWeeklyFullAndTheOtherNightsAsOneSchedule_ExactOverTheCycle()
    {
        var tight = Stated with { Rpo = new Dictionary<string, TimeSpan> { [Target] = TimeSpan.FromHours(23) } };
        var finding = Analyze(Good, tight).Single(d => d.Id == "CPL4011");
        finding.Message.Should().Contain("is 24 hours").And.Contain("RPO of 23 hours");

        var missingSaturday = $"10 23 * * * {Dump}\n30 23 * * 0 {Full}\n30 23 * * 1-5 {Auto}\n";
        Analyze(missingSaturday, Stated with { Rpo = new Dictionary<string, TimeSpan> { [Target] = TimeSpan.FromHours(24) } })
            .Single(d => d.Id == "CPL4011").Message.Should().Contain("is 2 days");
    }

    // Severity follows certainty (issue 12): what only an assumed duration makes late or early is an info that names the
    // assumption; a stated duration keeps the catalogue's severity; a start after the deadline needs no duration at all.
    private const string OtherUpload = "backup duplicity --full-if-older-than 7D --encrypt-key 0xABCDEF12 /home/backup/other/ rsync://b/other";

    [TestCase("assumed", $"50 0 * * * {OtherUpload}\n",  DiagnosticSeverity.Info,  "may run 30m (assumed default; no duration is stated), past the deadline 01:00 UTC (default: the lab's teardown)")]
    [TestCase("stated",  $"50 0 * * * {Auto}\n",         DiagnosticSeverity.Error, "may run 20m (stated in the analysis options), past the deadline 01:00 UTC (default: the lab's teardown)")]
    [TestCase("no need", $"5 1 * * * {OtherUpload}\n",   DiagnosticSeverity.Error, "starts at Thu 2026-01-01 01:05, 5m after the deadline 01:00 UTC (default: the lab's teardown)")]
    public void Cpl4004_SeverityFollowsHowCertainTheLateEndIs(string duration, string tab, DiagnosticSeverity severity, string words)
    {
        var finding = Analyze(tab).Single(d => d.Id == "CPL4004");
        finding.Severity.Should().Be(severity, $"the duration is {duration}");
        finding.Message.Should().Contain(words);
    }

    [TestCase(null,      DiagnosticSeverity.Info,    "which may take 10m (assumed default; no duration is stated)")]
    [TestCase("stated",  DiagnosticSeverity.Warning, "which may take 10m (stated in the analysis options)")]
    public void Cpl4003_IsAnInfo_WhenTheDumpsDurationIsAssumed(string? stated, DiagnosticSeverity severity, string words)
    {
        var tab = $"10 23 * * * {Dump}\n15 23 * * * {Auto}\n";
        var finding = Analyze(tab, stated is null ? new AnalysisOptions() : Stated).Single(d => d.Id == "CPL4003");
        finding.Severity.Should().Be(severity);
        finding.Message.Should().Contain(words);
    }

    [Test]
    public void Cpl4006_And_Cpl4013_AreInfos_WhenOnlyAnAssumedDurationMakesTheRunsOverlap()
    {
        var assumed = new AnalysisOptions();
        var lockOverlap = Analyze($"10 23 * * * {Dump}\n30 23 * * 0 {Full}\n40 23 * * * {Auto}\n", assumed).Single(d => d.Id == "CPL4006");
        lockOverlap.Severity.Should().Be(DiagnosticSeverity.Info);
        lockOverlap.Message.Should().Contain("30m (assumed default; no duration is stated)");
        Analyze($"10 23 * * * {Dump}\n30 23 * * 0 {Full}\n40 23 * * * {Auto}\n").Single(d => d.Id == "CPL4006").Severity.Should().Be(DiagnosticSeverity.Error, "the 20m upload is stated");

        var sameFile = Analyze($"10 23 * * * {Dump}\n12 23 * * * {Dump}\n40 23 * * * {Auto}\n", assumed).Single(d => d.Id == "CPL4013");
        sameFile.Severity.Should().Be(DiagnosticSeverity.Info);
        sameFile.Message.Should().Contain("10m (assumed default; no duration is stated)");
        Analyze($"10 23 * * * {Dump}\n10 23 * * * {Dump}\n40 23 * * * {Auto}\n", assumed).Single(d => d.Id == "CPL4013").Severity.Should().Be(DiagnosticSeverity.Error, "the same minute needs no duration");
    }

    [Test]
    public void Cpl4004_IsNotChecked_WithoutADeadline()
    {
        Analyze($"30 2 * * * {Dump}\n", Stated with { Deadline = null }).Select(d => d.Id).Should().NotContain("CPL4004");
        Analyze($"30 2 * * * {Dump}\n", Stated with { Deadline = 60, DeadlineSource = "--deadline" }).Single(d => d.Id == "CPL4004").Message
            .Should().Contain("after the deadline 01:00 UTC (--deadline)");
    }

    [Test]
    public void Cpl4004_JudgesAServiceAgainstItsOwnDeadline_AndNamesIt()
    {
        var options = Stated with { ServiceDeadlines = new Dictionary<string, (int, TimeZoneInfo, string)> { ["mysql"] = (5 * 60, TimeZoneInfo.Utc, "backup_sla.md:12") } };
        Analyze($"30 2 * * * {Dump}\n", options).Select(d => d.Id).Should().NotContain("CPL4004", "MySQL's own deadline is 05:00");
        Analyze($"55 4 * * * {Dump}\n", options).Single(d => d.Id == "CPL4004").Message.Should().Contain("past the deadline 05:00 UTC (backup_sla.md:12)");
    }

    [Test]
    public void AServicesDurationFromTheSla_IsStated_AndNamed()
    {
        var options = new AnalysisOptions { ServiceDurations = new Dictionary<string, (TimeSpan, string)> { ["mysql"] = (TimeSpan.FromMinutes(15), "backup_sla.md:11") } };
        var early = Analyze($"10 23 * * * {Dump}\n15 23 * * * {Auto}\n", options).Single(d => d.Id == "CPL4003");
        early.Severity.Should().Be(DiagnosticSeverity.Warning);
        early.Message.Should().Contain("which may take 15m (stated in backup_sla.md:11)");

        var late = Analyze($"50 0 * * * {Auto}\n", options).Single(d => d.Id == "CPL4004");
        late.Severity.Should().Be(DiagnosticSeverity.Error);
        late.Message.Should().Contain("may run 15m (stated in backup_sla.md:11)");
        Analyze($"40 0 * * * {Auto}\n", options).Select(d => d.Id).Should().NotContain("CPL4004", "15 minutes from 00:40 ends before 01:00");
    }

    [Test]
    public void AServicesDurationFromTheSla_BoundsADumpAndUploadChainedInOneLine_Together()
    {
        var options = new AnalysisOptions { ServiceDurations = new Dictionary<string, (TimeSpan, string)> { ["mysql"] = (TimeSpan.FromMinutes(15), "backup_sla.md:11") } };
        var chained = "backup mysqldump --no-tablespaces agama > /home/backup/mysql/agama.sql && duplicity --full-if-older-than 7D --encrypt-key 0xABCDEF12 /home/backup/mysql/ rsync://b/mysql";
        Analyze($"40 0 * * * {chained}\n", options).Select(d => d.Id).Should().NotContain("CPL4004", "making and storing the backup takes 15 minutes in all");
        Analyze($"50 0 * * * {chained}\n", options).Where(d => d.Id == "CPL4004").Should().NotBeEmpty().And.OnlyContain(d => d.Severity == DiagnosticSeverity.Error);
    }

    [Test]
    public void Cpl4005_NamesBothRemedies()
    {
        var finding = Analyze($"10 23 * * * {Dump}\n30 23 * * * backup duplicity incremental --no-encryption /home/backup/mysql/ {Target}\n").Single(d => d.Id == "CPL4005");
        finding.Message.Should().Contain("Old signatures not found");
        finding.Fix.Should().Contain("--full-if-older-than 7D");
        finding.Notes.Should().ContainMatch("*duplicity full --no-encryption /home/backup/mysql/ rsync://b/mysql*");
    }

    [Test]
    public void Cpl4005_IsAWarningNamingTheDocument_WhereTheFirstFullIsDocumentedAsAManualStep()
    {
        var tab = $"10 23 * * * {Dump}\n30 23 * * * backup duplicity incremental --no-encryption /home/backup/mysql/ {Target}\n";
        Analyze(tab).Single(d => d.Id == "CPL4005").Severity.Should().Be(DiagnosticSeverity.Error);

        var documented = Analyze(tab, Stated with { ManualFullDocumentedAt = new SourceLocation("README.md", 12, 5, 12, 20) }).Single(d => d.Id == "CPL4005");
        documented.Severity.Should().Be(DiagnosticSeverity.Warning);
        documented.Message.Should().EndWith("unless the first full is made by hand as README.md:12 says");
    }

    [Test]
    public void Cpl4005_FollowsTheDeployMoment_WhenOneIsGiven()
    {
        var tab = $"10 23 * * * {Dump}\n30 23 * * 0 {Full}\n30 23 * * 1-6 backup duplicity incremental --encrypt-key 0xABCDEF12 /home/backup/mysql/ {Target}\n";
        Analyze(tab).Select(d => d.Id).Should().Contain("CPL4005");

        // Deployed on a Sunday afternoon: the first upload is that night's full.
        Analyze(tab, Stated with { Deploy = new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero) }).Select(d => d.Id).Should().NotContain("CPL4005");

        // Deployed on a Monday: the first upload is an incremental.
        Analyze(tab, Stated with { Deploy = new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero) }).Select(d => d.Id).Should().Contain("CPL4005");
    }

    [Test]
    public void Cpl4002_SeesTheWeekdayShift_OfAnUploadPastMidnight()
    {
        // Dump on Saturday night 23:50, the full for that night's dump at 00:10 on Sunday: the right pairing.
        var shifted = $"50 23 * * * {Dump}\n10 0 * * * {Auto}\n";
        Analyze(shifted, Stated with { Deadline = 120 }).Select(d => d.Id).Should().NotContain("CPL4002");

        // The same upload on weekdays only, while the dump runs Monday to Friday: Saturday's upload ships Thursday's dump.
        var wrongDays = $"50 23 * * 1-5 {Dump}\n10 0 * * 1-6 {Auto}\n";
        Analyze(wrongDays, Stated with { Deadline = 120 }).Select(d => d.Id).Should().Contain("CPL4002");
    }

    [Test]
    public void Analysis_UsesTheHostZone_ForRunsAndTheDeadline()
    {
        // 02:30 in Tallinn is 00:30 UTC in winter and 23:30 UTC in summer: past a 00:00 UTC deadline in winter only.
        var tab = $"30 2 * * * {Dump}\n";
        var options = Stated with { HostZone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Tallinn"), Deadline = 0 };
        Analyze(tab, options).Single(d => d.Id == "CPL4004").Message.Should().Contain("after the deadline 00:00 UTC");
    }
}
