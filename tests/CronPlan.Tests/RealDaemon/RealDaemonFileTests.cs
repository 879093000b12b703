using System.Text.RegularExpressions;
using CronPlan.Diagnostics;
using CronPlan.Tabs;

namespace CronPlan.Tests.RealDaemon;

/// <summary>
/// Whether Debian's daemon loads a cron.d file, and which of its jobs run, against the linter's verdict. All files are
/// installed side by side and the daemon runs them for a few fake minutes; every job runs every minute and logs its tag.
/// </summary>
[TestFixture]
[Category("RealDaemon")]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed partial class RealDaemonFileTests
{
    private static string Job(string tag, string schedule = "* * * * *", string user = "root") => $"{schedule} {user} {RealCronDaemon.LogCommand(tag)}\n";

    private static readonly CronDFile[] Files =
    [
        new("cp-good", "# a plain file\nSHELL=/bin/sh\nMAILTO=\"\"\n" + Job("good-a") + Job("good-b", user: "backup")),
        new("cp-missing-newline", Job("nonl-canary") + Job("nonl-last").TrimEnd('\n')),
        new("cp-dotted.cron", Job("dotted-canary")),
        new("cp-bad-hour", Job("badhour-canary") + "0 24 * * * root true\n"),
        new("cp-unknown-user", Job("nouser-canary") + Job("nouser-job", user: "nosuchuser4711")),
        new("cp-no-user-column", Job("nocol-canary") + "* * * * * mysqldump agama > /dev/null\n"),
        new("cp-empty-assignment", Job("emptyenv-canary") + "FOO=\n"),
        new("cp-text-after-quote", "FOO=\"x\" # note\n" + Job("quote-canary")),
        new("cp-hash-in-value", "FOO=x # not a comment\n" + Job("hashvalue-canary")),
        new("cp-crlf", Job("crlf-canary").Replace("\n", "; :\r\n", StringComparison.Ordinal) + Job("crlf-b").Replace("\n", "; :\r\n", StringComparison.Ordinal)),
        new("cp-crlf-blank-line", Job("crlfblank-canary").Replace("\n", "; :\r\n", StringComparison.Ordinal) + "\r\n"),
        new("cp-six-fields", Job("six-canary") + "* * * * * * root true\n"),
        new("cp-long-command", Job("long-canary") + "* * * * * root true " + new string('x', 1000) + "\n"),
        new("cp-ignored-text", Job("lenient-star", schedule: "*x * * * *") + Job("lenient-hash", schedule: "* * * * 0-6#9")),
        new("cp-reversed-range", Job("reversed-canary") + Job("reversed-never", schedule: "5-1 * * * *")),
        new("cp-group-writable", Job("writable-canary"), Mode: "0664"),
        new("cp-upper-keyword", Job("upper-canary") + "@DAILY root true\n"),
        new("cp-quartz-l", Job("quartz-canary") + "0 0 L * * root true\n"),
        new("cp-assignment-last-no-newline", Job("envlast-canary") + "FOO=bar"),
        new("cp-comment-last-no-newline", Job("commentlast-canary") + "# the end"),
        new("cp-percent", Job("percent-canary").Replace("\n", " % this goes to stdin\n", StringComparison.Ordinal)),
        new("cp-spaces-in-assignment", "FOO = bar baz  \n" + Job("spaced-canary")),
        new("cp-step-on-value", Job("stepvalue-canary") + "5/15 * * * * root true\n"),
        new("cp-cron-tz", "CRON_TZ=Europe/Tallinn\n" + Job("crontz-canary")),
        new("cp-lines-10003", Job("l10003-canary") + string.Concat(Enumerable.Repeat("# filler\n", 10_001)) + Job("l10003-last")),
        new("cp-lines-10004", Job("l10004-canary") + string.Concat(Enumerable.Repeat("# filler\n", 10_002)) + Job("l10004-last")),
        new("cp-trailing-comments-past-10003", Job("trailing-canary") + string.Concat(Enumerable.Repeat("# filler\n", 10_003))),
        new("cp-blank-and-tabs", "\n\t\n   \n" + Job("blank-canary").Replace(" root ", "\troot\t", StringComparison.Ordinal)),
    ];

    [Test]
    public void Daemon_LoadsExactlyTheFilesAndJobsTheLinterSays()
    {
        RealCronDaemon.RequireOrSkip();
        var users = PasswdFile.Names(File.ReadAllText("/etc/passwd"));
        var start = new DateTime(2021, 6, 1, 11, 59, 30);
        var observed = RealCronDaemon.Observe("UTC", start, 3, Files, new DateTimeOffset(start, TimeSpan.Zero))
            .Select(run => run.Tag).ToHashSet(StringComparer.Ordinal);

        var expected = new HashSet<string>(StringComparer.Ordinal);
        var verdicts = new List<string>();
        foreach (var file in Files)
        {
            var tab = CronTab.Parse(file.Text.Replace("{LOG}", "/tmp/log", StringComparison.Ordinal), new CronTabOptions(UserExists: users.Contains), file.Name);
            var facts = new CronTabFileFacts(file.Name, 0, Convert.ToInt32(file.Mode, 8), true, false, 0, 1);
            var diagnostics = CronTabLinter.Lint(tab, new CronTabLintOptions(TimeZoneInfo.Utc, new DateTimeOffset(start, TimeSpan.Zero), facts));
            var fileSkipped = diagnostics.Any(d => d.Id is "CPL2001" or "CPL2010" && d.Severity == DiagnosticSeverity.Error);
            var running = fileSkipped ? [] : tab.RunningJobs.Where(j => j.Schedule is { NeverFires: false }).Select(j => Tag().Match(j.Command).Groups[1].Value).ToList();
            expected.UnionWith(running);
            verdicts.Add($"{file.Name}: {(fileSkipped ? "skipped" : tab.Loads ? "loads" : "ignored")} -> [{string.Join(", ", running)}]; {string.Join(", ", diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.Id).Distinct())}");
        }

        TestContext.Out.WriteLine(string.Join("\n", verdicts));
        Files.Should().HaveCountGreaterThanOrEqualTo(15);
        observed.Should().NotBeEmpty();
        observed.Should().BeEquivalentTo(expected, "the linter's verdict must match what the daemon ran");
    }

    [GeneratedRegex(@"echo (\S+) ")]
    private static partial Regex Tag();
}
