using CronPlan.Jobs;

namespace CronPlan.Tests.Jobs;

[TestFixture]
public sealed class DuplicityTargetTests
{
    // One place, however it is written.
    [TestCase("rsync://u@h/mysql",                  "rsync://u@h//home/u/mysql")]
    [TestCase("rsync://u@h/mysql",                  "rsync://u@h/mysql/")]
    [TestCase("rsync://u@h//home/u/mysql/",         "rsync://u@h/mysql")]
    [TestCase("rsync://root@h/mysql",               "rsync://root@h//root/mysql")]
    [TestCase("rsync://u@H.Example.ORG/mysql",      "RSYNC://u@h.example.org/mysql")]
    [TestCase("rsync://u@h/a/./b/../mysql",         "rsync://u@h/a/mysql")]
    [TestCase("rsync://u@h/my%20sql",               "rsync://u@h/my sql")]
    [TestCase("rsync://u@h::/backups/mysql",        "rsync://u@h::backups/mysql/")]
    [TestCase("rsync://h::backups",                 "rsync://other@h::/backups")]
    [TestCase("sftp://u@h/mysql",                   "sftp://u@h//home/u/mysql")]
    [TestCase("sftp://u@h:22/mysql",                "sftp://u@h/mysql")]
    [TestCase("scp://u@h/mysql",                    "sftp://u@h/mysql")]
    [TestCase("paramiko+scp://u@h/mysql",           "ssh://u@h/mysql")]
    [TestCase("pexpect+sftp://u@h//srv/b",          "rsync://u@h//srv/b")]
    [TestCase("file:///var/backups/mysql",          "file:///var/backups/mysql/")]
    [TestCase("file://backups/mysql",               "file://backups//mysql")]
    [TestCase("{{ backup_url }}/mysql",             "{{ backup_url }}/mysql")]
    public void Equal_WhenDuplicityReachesTheSameDirectory(string a, string b)
    {
        var (left, right) = (DuplicityTarget.Parse(a), DuplicityTarget.Parse(b));
        left.Should().Be(right);
        left.GetHashCode().Should().Be(right.GetHashCode());
        left.DiffersFrom(right).Should().BeFalse();
    }

    // Different places.
    [TestCase("rsync://u@h/mysql",                  "rsync://u@h/influxdb")]
    [TestCase("rsync://u@h/mysql",                  "rsync://v@h/mysql")]
    [TestCase("rsync://u@h/mysql",                  "rsync://u@g/mysql")]
    [TestCase("rsync://u@h/mysql",                  "rsync://u@h//mysql")]
    [TestCase("rsync://u@h/mysql",                  "rsync://u@h::mysql")]
    [TestCase("rsync://h::a",                       "rsync://h:8873::a")]
    [TestCase("sftp://u@h:2222/mysql",              "sftp://u@h/mysql")]
    [TestCase("file:///backups/mysql",              "file://backups/mysql")]
    [TestCase("s3://bucket/mysql",                  "s3://bucket/influxdb")]
    public void Differ_WhenTheDirectoriesDiffer(string a, string b)
    {
        var (left, right) = (DuplicityTarget.Parse(a), DuplicityTarget.Parse(b));
        left.Should().NotBe(right);
        left.DiffersFrom(right).Should().BeTrue();
    }

    [TestCase("{{ backup_url }}/mysql",             "rsync://u@h/mysql")]
    [TestCase("rsync://u@{{ server }}/mysql",       "rsync://u@h/mysql")]
    [TestCase("$TARGET",                            "rsync://u@h/mysql")]
    [TestCase("{{ a }}",                            "{{ b }}")]
    [TestCase("rsync://h/mysql",                    "rsync://u@h/mysql")]
    [TestCase("rsync://h/mysql",                    "sftp://u@h//srv/mysql")]
    public void AnOpaqueTargetOrAnUnknownHome_EqualsOnlyItsOwnText_AndNeverDiffersForAFinding(string a, string b)
    {
        var (left, right) = (DuplicityTarget.Parse(a), DuplicityTarget.Parse(b));
        left.Should().NotBe(right);
        left.DiffersFrom(right).Should().BeFalse();
    }

    [TestCase("rsync://u@h//home/u/mysql/",         "/home/u/mysql", "mysql")]
    [TestCase("rsync://h/mysql",                    "~/mysql",       "mysql")]
    [TestCase("rsync://u@h::backups/mysql",         "/backups/mysql", "mysql")]
    [TestCase("file://rel/dir",                     "~/rel/dir",     "dir")]
    [TestCase("sftp://u@h",                         "/home/u",       "u")]
    [TestCase("not a url",                          "~/not a url",   "not a url")]
    [TestCase("",                                   "~",             "~")]
    public void Parse_KeepsTheTextAndNormalisesThePath(string text, string path, string last)
    {
        var target = DuplicityTarget.Parse(text);
        (target.Text, target.Path, target.LastSegment, target.ToString()).Should().Be((text, path, last, text));
    }
}
