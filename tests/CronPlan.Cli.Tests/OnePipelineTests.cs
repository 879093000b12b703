using System.Text.Json;
using System.Text.RegularExpressions;
using CronPlan.Analysis;
using CronPlan.Diagnostics;
using CronPlan.FluentAssertions;
using CronPlan.Tabs;

namespace CronPlan.Cli.Tests;

/// <summary>
/// Issue 15, "one pipeline": <c>cronplan lint</c>, <c>cronplan check</c>, the compiler's proof and the assertions package
/// read a cron tab the same way. Given one tab and one set of options (zone, deadline, deploy moment) they report the same
/// findings, lint's and the run analysis's, suppressions applied, in the same order, with the DST checks starting at the
/// deploy moment in each.
/// </summary>
[TestFixture]
public sealed class OnePipelineTests
{
    /// <summary>
    /// Lint findings (CPL1017 in Tallinn's DST changes, CPL2011 for a program off cron's PATH) and run findings (CPL4003,
    /// CPL4017), with one of each silenced by a comment.
    /// </summary>
    private const string Tab =
        "MAILTO=\"\"\n" +
        "30 3 * * * backup mysqldump agama > /home/backup/mysql/agama.sql\n" +
        "# cronplan: disable=CPL4015\n" +
        "35 3 * * * backup duplicity --full-if-older-than 7D --no-encryption /home/backup/mysql/ rsync://b/mysql\n" +
        "# cronplan: disable=CPL2012\n" +
        "0 4 * * * root logrotate /etc/logrotate.conf\n";

    private static readonly TimeZoneInfo Tallinn = TimeZoneInfo.FindSystemTimeZoneById("Europe/Tallinn");

    private static readonly DateTimeOffset Deploy = new(2030, 6, 1, 10, 0, 0, TimeSpan.Zero);

    private static readonly string[] CliOptions = ["--zone", "Europe/Tallinn", "--deadline", "05:00", "--deadline-zone", "Europe/Tallinn", "--deploy", "2030-06-01T10:00:00Z"];

    private static readonly AnalysisOptions Options = new()
    {
        HostZone = Tallinn,
        Deadline = 5 * 60,
        DeadlineZone = Tallinn,
        DeadlineSource = "--deadline",
        Deploy = Deploy,
    };

    private DirectoryInfo _directory = null!;

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("cronplan-one-pipeline-");

    [TearDown]
    public void DeleteDirectory() => _directory.Delete(recursive: true);

    [Test]
    public void LintCheckAndTheAssertions_FindTheSame_InTheSameOrder()
    {
        var lint = Lint(Tab, CliOptions);

        lint.Should().Contain(f => f.Contains(" CPL1017: on 2030-03-31 the clock in Europe/Tallinn", StringComparison.Ordinal), "lint's DST checks start at --deploy");
        lint.Should().Contain(f => f.Contains(" CPL2011: ", StringComparison.Ordinal));
        lint.Should().Contain(f => f.Contains(" CPL4017: ", StringComparison.Ordinal));
        lint.Should().Contain(f => f.Contains(" CPL4003: ", StringComparison.Ordinal));
        lint.Should().NotContain(f => f.Contains(" CPL4015: ", StringComparison.Ordinal) || f.Contains(" CPL2012: ", StringComparison.Ordinal), "both are silenced by a comment");
        Check(Tab, CliOptions).Should().Equal(lint, "check reads a rendered tab as lint reads the file");
        Assertions(Tab, Options).Should().Equal(lint, "HaveNoDiagnostics lists what lint prints");
    }

    [Test]
    public void WithoutADeployMoment_EveryCaller_StartsTheDstChecksAtTheSameDefault_WhateverTheClockSays()
    {
        string[] options = ["--zone", "Europe/Tallinn"];
        var lint = Lint(Tab, options, new FixedClock(new DateTimeOffset(2031, 7, 1, 0, 0, 0, TimeSpan.Zero)));

        lint.Should().Contain(f => f.Contains(" CPL1017: on 2026-03-29 the clock in Europe/Tallinn", StringComparison.Ordinal), "lint does not read the clock: its DST checks start where check's and the assertions' do");
        Check(Tab, [.. options, "--deadline", "01:00"]).Where(f => !f.Contains(" CPL4004: ", StringComparison.Ordinal)).Should().Equal(lint);
        Assertions(Tab, new AnalysisOptions { HostZone = Tallinn, Deadline = null }).Should().Equal(lint);
    }

    [Test]
    public void TheCompilersProof_FindsWhatLintCheckAndTheAssertionsFindInTheTabItWrote()
    {
        var plan = Path.Combine(_directory.FullName, "plan.yaml");
        File.WriteAllText(plan, """
            version: 1
            host: { zone: Europe/Tallinn, cron: debian }
            user: backup
            env: { MAILTO: "" }
            window: { start: "03:00", deadline: "06:00", zone: Europe/Tallinn }
            deploy: 2030-06-01T10:00:00Z
            backup_server: rsync://elvis@backup.example.org
            encryption: none
            services:
              ldap:
                dump: { command: slapcat -n 1 > /home/backup/ldap/ldap.ldif, takes: 5m }
                upload: { source: /home/backup/ldap/, target: ldap, takes: 10m, full: weekly on sunday }
                retention: { keep_full_chains: 4 }
            """);
        var written = Path.Combine(_directory.FullName, "out");

        var compile = CliRunner.InProcess("compile", plan, "-o", written, "--format", "json");
        var proof = Findings(compile.Stdout, "ldap-backup");
        var tab = File.ReadAllText(Path.Combine(written, "ldap-backup"));
        string[] options = ["--zone", "Europe/Tallinn", "--deadline", "06:00", "--deadline-zone", "Europe/Tallinn", "--deploy", "2030-06-01T10:00:00Z"];

        compile.ExitCode.Should().Be(0, compile.Stdout);
        proof.Should().Contain(f => f.Contains(" CPL2011: ", StringComparison.Ordinal), "the proof lints the tabs it wrote (slapcat is not on cron's PATH)");
        proof.Should().Contain(f => f.Contains(" CPL4015: ", StringComparison.Ordinal), "and analyses their runs");
        Lint(tab, options).Should().Equal(proof);
        Check(tab, options).Should().Equal(proof);
        Assertions(tab, new AnalysisOptions { HostZone = Tallinn, Deadline = 6 * 60, DeadlineZone = Tallinn, DeadlineSource = "--deadline", Deploy = Deploy }).Should().Equal(proof);
    }

    /// <summary>What <c>cronplan lint</c> prints for <paramref name="text"/> as a file, one line per finding.</summary>
    private List<string> Lint(string text, string[] options, TimeProvider? clock = null)
    {
        var path = Path.Combine(_directory.FullName, "lint", "mysql-backup");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        var result = CliRunner.InProcess(clock, ["lint", path, "--format", "json", .. options]);
        result.ExitCode.Should().BeOneOf([0, 1], result.Stderr);
        return Findings(result.Stdout, null);
    }

    /// <summary>
    /// What <c>cronplan check</c> reports on <paramref name="text"/> installed by a role as a file: the findings at the
    /// file (the installation's own, CPL6xxx, and the documents', are check's alone).
    /// </summary>
    private List<string> Check(string text, string[] options)
    {
        var root = Path.Combine(_directory.FullName, "repository");
        Directory.CreateDirectory(Path.Combine(root, "roles", "backup", "tasks"));
        Directory.CreateDirectory(Path.Combine(root, "roles", "backup", "files"));
        File.WriteAllText(Path.Combine(root, "roles", "backup", "files", "mysql-backup"), text);
        File.WriteAllText(Path.Combine(root, "roles", "backup", "tasks", "main.yaml"), """
            - name: Backup tab
              ansible.builtin.copy:
                src: mysql-backup
                dest: /etc/cron.d/mysql-backup
                owner: root
                mode: '0644'
            """);
        var result = CliRunner.InProcess(["check", root, "--format", "json", .. options]);
        result.ExitCode.Should().BeOneOf([0, 1], result.Stderr);
        return Findings(result.Stdout, "roles/backup/files/mysql-backup").Where(f => Regex.IsMatch(f, " CPL[124][0-9]{3}: ")).ToList();
    }

    /// <summary>What <c>HaveNoDiagnostics</c> lists for <paramref name="text"/>, one line per finding; none when it passes.</summary>
    private static List<string> Assertions(string text, AnalysisOptions options)
    {
        var tab = CronTab.Parse(text, path: "mysql-backup");
        try
        {
            tab.Should().HaveNoDiagnostics(DiagnosticSeverity.Info, options);
            return [];
        }
        catch (AssertionException e)
        {
            // "    mysql-backup(2,1): warning CPL1017: on ..." after "but found:".
            return [.. e.Message.Split('\n').Select(l => Regex.Match(l.TrimEnd('\r'), @"^    mysql-backup\((\d+),(\d+)\): (.*)$")).Where(m => m.Success).Select(m => $"{m.Groups[1].Value},{m.Groups[2].Value}: {m.Groups[3].Value}")];
        }
    }

    /// <summary>The findings of a JSON report as <c>LINE,COLUMN: SEVERITY ID: MESSAGE</c>, of one file when <paramref name="file"/> is given.</summary>
    private static List<string> Findings(string json, string? file)
    {
        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.GetProperty("diagnostics").EnumerateArray()
            .Where(d => file is null || d.GetProperty("file").GetString() == file)
            .Select(d => $"{d.GetProperty("line").GetInt32()},{d.GetProperty("column").GetInt32()}: {d.GetProperty("severity").GetString()} {d.GetProperty("id").GetString()}: {d.GetProperty("message").GetString()}")];
    }
}
