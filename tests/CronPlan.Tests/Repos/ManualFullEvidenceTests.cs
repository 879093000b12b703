using CronPlan.Repos;

namespace CronPlan.Tests.Repos;

[TestFixture]
public sealed class ManualFullEvidenceTests
{
    // What counts as documenting the first full as a manual step (CPL4005 becomes a warning naming it), and what does not.
    [TestCase("## First backup\n\nAfter deploying, run once:\n\n    sudo -u backup duplicity full /home/backup/mysql/ rsync://b/mysql\n", 5)]
    [TestCase("Make the initial backup:\n\n```\nduplicity --no-encryption full /home/backup/mysql/ rsync://b/mysql\n```\n",        4)]
    [TestCase("Run the first full backup manually before cron takes over.\n",                                                        1)]
    [TestCase("Intro\n\nThe initial upload is made by hand (see below).\n",                                                            3)]
    [TestCase("Cron makes the backups; you may run the first full by hand.\n",                                                         1)]
    public void Find_NamesTheLine_WhereTheDocumentSaysSo(string text, int line) =>
        ManualFullEvidence.Find(text, "README.md")!.Value.Line.Should().Be(line);

    [TestCase("## Schedule\n\n    0 23 * * 0 backup duplicity full /home/backup/mysql/ rsync://b/mysql\n",  "a cron line is the schedule, not a manual step")]
    [TestCase("## Restore\n\n    duplicity restore rsync://b/mysql /tmp/mysql\n",                          "a restore is not a full backup")]
    [TestCase("Weekly, cron runs duplicity full to start a new chain.\n",                                     "a full nothing calls first or manual")]
    [TestCase("Backups are made automatically every night.\n",                                                "nothing about a full")]
    public void Find_IgnoresWhatDoesNotDocumentAManualFirstFull(string text, string why) =>
        ManualFullEvidence.Find(text, "README.md").Should().BeNull(why);
}
