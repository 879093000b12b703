using CronPlan.Analysis;
using CronPlan.Tabs;

namespace CronPlan.Tests.Analysis;

/// <summary>
/// A fix edits the word the job model read, where the line holds it: in the command, in an <c>sh -c</c> or <c>su -c</c>
/// string (quoted and escaped as written), after a <c>\%</c>; never the same text elsewhere in the line.
/// </summary>
[TestFixture]
public sealed class FixPlacementTests
{
    private const string Prune = "duplicity remove-older-than 4W rsync://b/mysql";

    private static string? FixOf(string id, string line) =>
        ScheduleAnalyzer.Analyze([new AnalyzedTab("backup", CronTab.Parse(line + "\n", path: "backup"))], new AnalysisOptions { Deadline = null }).Single(d => d.Id == id).Fix;

    [TestCase($"30 2 * * * backup {Prune}",                                    "30 2 * * * backup duplicity remove-older-than 4W --force rsync://b/mysql")]
    [TestCase($"30 2 * * * backup su backup -c '{Prune}'",                     "30 2 * * * backup su backup -c 'duplicity remove-older-than 4W --force rsync://b/mysql'")]
    [TestCase($"30 2 * * * root sh -c \"echo \\\"x\\\" && {Prune}\"",         "30 2 * * * root sh -c \"echo \\\"x\\\" && duplicity remove-older-than 4W --force rsync://b/mysql\"")]
    [TestCase($"30 2 * * * root sh -c \"sh -c '{Prune}'\"",                    "30 2 * * * root sh -c \"sh -c 'duplicity remove-older-than 4W --force rsync://b/mysql'\"")]
    [TestCase($"30 2 * * * backup date +\\%F >> /tmp/p.log; {Prune}",          "30 2 * * * backup date +\\%F >> /tmp/p.log; duplicity remove-older-than 4W --force rsync://b/mysql")]
    [TestCase("30 2 * * * backup duplicity remove-older-than 4W \"rsync://b/mysql\"", "30 2 * * * backup duplicity remove-older-than 4W --force \"rsync://b/mysql\"")]
    public void Cpl4009_PutsForceBeforeTheTargetTheModelRead(string line, string fixedLine) =>
        FixOf("CPL4009", line).Should().Be(fixedLine);

    [Test]
    public void Cpl4009_EditsTheWordAsWritten_NotTheSameTextElsewhere() =>
        FixOf("CPL4009", "30 2 * * * backup T=rsync://b/mysql; duplicity remove-older-than 4W $T").Should().Be("30 2 * * * backup T=rsync://b/mysql; duplicity remove-older-than 4W --force $T");

    [Test]
    public void Cpl4009_HasNoFix_WhenTheStringTheShellRunsIsNotTheOneWritten() =>
        FixOf("CPL4009", "30 2 * * * backup T=mysql; sh -c \"duplicity remove-older-than 4W rsync://b/$T\"").Should().BeNull("$T is expanded in the string before sh reads it");

    [TestCase("10 2 * * * backup cd /var/backups/mysqldump && mysqldump agama > agama.sql",  "10 2 * * * backup cd /var/backups/mysqldump && mysqldump --no-tablespaces agama > agama.sql")]
    [TestCase("10 2 * * * backup /usr/bin/mysqldump agama > /b/agama.sql",                 "10 2 * * * backup /usr/bin/mysqldump --no-tablespaces agama > /b/agama.sql")]
    public void Cpl4017_PutsTheOptionAfterTheProgramWord(string line, string fixedLine) =>
        FixOf("CPL4017", line).Should().Be(fixedLine);

    [TestCase("incremental")]
    [TestCase("inc")]
    public void Cpl4005_AddsAFullIfOlderThan_AfterTheActionWord(string action) =>
        FixOf("CPL4005", $"30 2 * * * backup duplicity {action} --no-encryption /b/ rsync://b/mysql")
            .Should().Be($"30 2 * * * backup duplicity {action} --full-if-older-than 7D --no-encryption /b/ rsync://b/mysql");
}
