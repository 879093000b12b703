using CronPlan.Diagnostics;
using CronPlan.Plans;

namespace CronPlan.Tests.Plans;

[TestFixture]
public sealed class PlanReaderTests
{
    private const string Lab = """
        version: 1
        host: { zone: UTC, cron: debian }
        user: backup
        env: { MAILTO: "" }
        window: { start: "22:00", deadline: "01:00", zone: UTC }
        backup_server: rsync://elvis@backup.example.org
        encryption: none
        services:
          mysql:
            dump: { command: mysqldump agama > /home/backup/mysql/agama.sql, takes: 5m }
            upload: { source: /home/backup/mysql/, target: mysql, takes: 15m, full: weekly on sunday }
            retention: { keep_full_chains: 4 }
            rpo: 24h
        """;

    private static PlanLoadResult Read(string yaml) => BackupPlan.Parse(yaml, "plan.yaml");

    [Test]
    public void Parse_ReadsEveryPartOfTheLabPlan()
    {
        var result = Read(Lab);
        result.Diagnostics.Should().BeEmpty();
        var plan = result.Plan!;
        plan.User.Should().Be("backup");
        plan.Environment.Should().BeEquivalentTo([new KeyValuePair<string, string>("MAILTO", "")]);
        plan.Window.Should().Be(new PlanWindow(22 * 60, 60, TimeZoneInfo.Utc));
        var mysql = plan.Services.Single();
        mysql.Dump!.Takes.Should().Be(TimeSpan.FromMinutes(5));
        mysql.Upload!.Full.Should().Be(FullBackupPolicy.Weekly(DayOfWeek.Sunday));
        mysql.Upload.EncryptKey.Should().BeNull();
        plan.TargetUrl(mysql.Upload).Should().Be("rsync://elvis@backup.example.org/mysql");
        mysql.Retention!.KeepFullChains.Should().Be(4);
        mysql.Rpo.Should().Be(TimeSpan.FromHours(24));
    }

    // Each error with the line and column it points at.
    [TestCase("CPL3001", "version: 1\nservices: [a, b\n",                                                   3, 1)]
    [TestCase("CPL3001", "- just\n- a list\n",                                                                1, 1)]
    [TestCase("CPL3001", "  :\n  :",                                                                          1, 1)]
    [TestCase("CPL3001", "version: 1\nwindow: !![\n",                                                         2, 7)]
    [TestCase("CPL3002", "version: 1\nwindow: { start: \"22:00\" }\nservices: { a: { dump: { command: x, takes: 1m } } }\nbakup_server: x\n", 4, 1)]
    [TestCase("CPL3002", "version: 1\nwindow: { start: \"22:00\" }\nservices:\n  a:\n    dump: { command: x, takes: 1m, take: 2m }\n", 5, 36)]
    [TestCase("CPL3002", "version: 2\nwindow: { start: \"22:00\" }\nservices: { a: { dump: { command: x, takes: 1m } } }\n", 1, 10)]
    [TestCase("CPL3002", "version: 1\nwindow: { start: \"22:00\" }\nservices:\n  ? { a: b }\n  : { dump: { command: x, takes: 1m } }\n", 4, 5)]
    [TestCase("CPL3002", "version: 1\nwindow: { start: \"22:00\" }\nenv: { [A]: x }\nservices: { a: { dump: { command: x, takes: 1m } } }\n", 3, 8)]
    [TestCase("CPL3003", "version: 1\nservices: { a: { dump: { command: x, takes: 1m } } }\n",                 1, 1)]
    [TestCase("CPL3003", "version: 1\nwindow: { start: \"22:00\" }\nservices:\n  a:\n    dump: { command: x }\n", 5, 11)]
    [TestCase("CPL3003", "version: 1\nwindow: { start: \"22:00\" }\nservices:\n  a:\n    upload: { source: /a/, target: a, takes: 1m }\n", 5, 13)]
    [TestCase("CPL3004", "version: 1\nwindow: { start: \"22:00\" }\nservices:\n  a:\n    dump: { command: x, takes: 5 }\n", 5, 32)]
    [TestCase("CPL3004", "version: 1\nwindow: { start: \"25:00\" }\nservices: { a: { dump: { command: x, takes: 1m } } }\n", 2, 18)]
    [TestCase("CPL3004", "version: 1\nhost: { zone: Europe/Talinn }\nwindow: { start: \"22:00\" }\nservices: { a: { dump: { command: x, takes: 1m } } }\n", 2, 15)]
    [TestCase("CPL3004", "version: 1\nwindow: { start: \"22:00\" }\nencryption: none\nservices:\n  a:\n    upload: { source: /a/, target: a, takes: 1m, full: weekly on sundy }\n", 6, 56)]
    [TestCase("CPL3005", "version: 1\nwindow: { start: \"22:00\" }\nservices:\n  a:\n    dump: { command: x, takes: 1m }\n    after: [b.dump]\n", 6, 12)]
    [TestCase("CPL3005", "version: 1\nwindow: { start: \"22:00\" }\nservices:\n  a:\n    dump: { command: x, takes: 1m }\n    after: b\n  b:\n    dump: { command: y, takes: 1m }\n    after: a\n", 6, 12)]
    public void Parse_ReportsTheProblem_WhereItIs(string id, string yaml, int line, int column)
    {
        var result = Read(yaml);
        result.Plan.Should().BeNull();
        var finding = result.Diagnostics.First(d => d.Id == id);
        (finding.Location.File, finding.Location.Line, finding.Location.Column).Should().Be(("plan.yaml", line, column), finding.ToString());
    }

    [TestCase("bakup_server", "backup_server")]
    [TestCase("servces", "services")]
    [TestCase("deadlin", "deadline")]
    public void UnknownKey_SuggestsTheClosestKnownOne(string typo, string meant)
    {
        var yaml = typo is "deadlin"
            ? "version: 1\nwindow: { start: \"22:00\", deadlin: \"01:00\" }\nservices: { a: { dump: { command: x, takes: 1m } } }\n"
            : $"version: 1\nwindow: {{ start: \"22:00\" }}\n{typo}: x\nservices: {{ a: {{ dump: {{ command: x, takes: 1m }} }} }}\n";
        Read(yaml).Diagnostics.Should().Contain(d => d.Id == "CPL3002" && d.Message.Contains($"did you mean '{meant}'?"));
    }

    [Test]
    public void Parse_CollectsEveryProblem_NotOnlyTheFirst()
    {
        var result = Read("version: 1\nwindow: { start: \"2200\" }\nservices:\n  a:\n    dump: { command: x, takes: soon }\n    rpo: daily\n");
        result.Diagnostics.Select(d => d.Id).Should().Equal("CPL3004", "CPL3004", "CPL3004");
    }

    [Test]
    public void Parse_WithoutEncryption_AsksForIt_RatherThanLettingDuplicityPromptForAPassphrase()
    {
        var result = Read("version: 1\nwindow: { start: \"22:00\" }\nservices:\n  a:\n    upload: { source: /a/, target: rsync://b/a, takes: 1m }\n");
        result.Diagnostics.Should().ContainSingle(d => d.Id == "CPL3003" && d.Message.Contains("encryption: none"));
    }

    [Test]
    public void Load_ReportsAMissingFile_AsCpl9001() =>
        BackupPlan.Load("/nonexistent/plan.yaml").Diagnostics.Single().Id.Should().Be("CPL9001");
}

[TestFixture]
public sealed class PlanValuesTests
{
    [TestCase("90s", 90)]
    [TestCase("5m", 300)]
    [TestCase("1h30m", 5400)]
    [TestCase("7D", 604800)]
    [TestCase("7d", 604800)]
    [TestCase("2w", 1209600)]
    [TestCase("1D12h", 129600)]
    public void TryParseDuration_ReadsUnits(string text, int seconds)
    {
        PlanValues.TryParseDuration(text, out var duration).Should().BeTrue();
        duration.Should().Be(TimeSpan.FromSeconds(seconds));
    }

    [TestCase("5")]
    [TestCase("m")]
    [TestCase("30m1h")]
    [TestCase("5 minutes")]
    [TestCase("")]
    [TestCase("-5m")]
    public void TryParseDuration_RejectsWhatIsNotADuration(string text) =>
        PlanValues.TryParseDuration(text, out _).Should().BeFalse();

    [TestCase("22:00", 1320)]
    [TestCase("1:05", 65)]
    [TestCase("24:00", 1440)]
    [TestCase("00:00", 0)]
    public void TryParseClock_ReadsTimes(string text, int minute)
    {
        PlanValues.TryParseClock(text, out var parsed).Should().BeTrue();
        parsed.Should().Be(minute);
    }

    [TestCase("24:01")]
    [TestCase("22")]
    [TestCase("22:60")]
    [TestCase("10pm")]
    public void TryParseClock_RejectsOtherForms(string text) => PlanValues.TryParseClock(text, out _).Should().BeFalse();

    [TestCase("daily", "daily")]
    [TestCase("weekly", "weekly on sunday")]
    [TestCase("weekly on Sat", "weekly on saturday")]
    [TestCase("every 14 days", "if older than 14D")]
    [TestCase("if older than 7D", "if older than 7D")]
    public void TryParseFullPolicy_ReadsCadences(string text, string expected)
    {
        PlanValues.TryParseFullPolicy(text, out var policy).Should().BeTrue();
        policy.ToString().Should().Be(expected);
    }
}
