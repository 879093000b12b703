using CronPlan.Jobs;

namespace CronPlan.Tests.Jobs;

[TestFixture]
public sealed class ShellListTests
{
    private const string Upload = "duplicity --no-encryption /home/backup/mysql/ rsync://b/mysql";

    /// <summary>The steps that do backup work: kind, join, and what a dump writes or an upload reads.</summary>
    private static string Summary(string command, CommandContext? context = null) =>
        string.Join(" ", CommandReader.Read(command, context).Where(s => s.Kind != StepKind.Other).Select(s => $"{s.Kind}/{s.Join}:{s.Output ?? s.Source}"));

    // Lists: each step in shell order with how it is joined to the one before.
    [TestCase("mysqldump agama > /b/a.sql; " + Upload,                          "Dump/First:/b/a.sql Upload/Sequence:/home/backup/mysql/")]
    [TestCase("mysqldump agama > /b/a.sql && " + Upload,                        "Dump/First:/b/a.sql Upload/And:/home/backup/mysql/")]
    [TestCase("mysqldump agama > /b/a.sql || " + Upload,                        "Dump/First:/b/a.sql Upload/Or:/home/backup/mysql/")]
    [TestCase("mysqldump agama > /b/a.sql &&\n" + Upload,                       "Dump/First:/b/a.sql Upload/And:/home/backup/mysql/")]
    [TestCase("mysqldump agama > /b/a.sql & " + Upload,                         "Dump/First:/b/a.sql Upload/Background:/home/backup/mysql/")]
    // Pipes: one step, writing what the pipeline's end writes.
    [TestCase("mysqldump agama | gzip > /b/a.sql.gz && " + Upload,              "Dump/First:/b/a.sql.gz Upload/And:/home/backup/mysql/")]
    [TestCase("mysqldump agama | gzip -9 | tee /b/a.sql.gz >/dev/null",         "Dump/First:/b/a.sql.gz")]
    [TestCase("echo start | logger; mysqldump agama > /b/a.sql",                "Dump/Sequence:/b/a.sql")]
    // Subshells and groups: flattened, the first step inside taking the group's join.
    [TestCase("(mysqldump agama > /b/a.sql) && " + Upload,                      "Dump/First:/b/a.sql Upload/And:/home/backup/mysql/")]
    [TestCase("{ mysqldump agama > /b/a.sql; } && " + Upload,                   "Dump/First:/b/a.sql Upload/And:/home/backup/mysql/")]
    [TestCase("true && (mysqldump agama > /b/a.sql; " + Upload + ")",           "Dump/And:/b/a.sql Upload/Sequence:/home/backup/mysql/")]
    // sh -c, su -c, sudo -u: the command inside is read as the shell reads it.
    [TestCase("sh -c 'mysqldump agama > /b/a.sql && " + Upload + "'",           "Dump/First:/b/a.sql Upload/And:/home/backup/mysql/")]
    [TestCase("bash -ec \"mysqldump agama > /b/a.sql; " + Upload + "\"",        "Dump/First:/b/a.sql Upload/Sequence:/home/backup/mysql/")]
    [TestCase("su - backup -c 'mysqldump agama > /b/a.sql'",                    "Dump/First:/b/a.sql")]
    [TestCase("su backup -s /bin/sh -c 'mysqldump agama > ~/a.sql'",            "Dump/First:/home/backup/a.sql")]
    [TestCase("sudo -u backup mysqldump agama > /b/a.sql",                      "Dump/First:/b/a.sql")]
    [TestCase("sudo -u backup sh -c 'cd ~/mysql && mysqldump agama > a.sql'",   "Dump/And:/home/backup/mysql/a.sql")]
    [TestCase("runuser -u backup -- mysqldump agama --result-file=/b/a.sql",    "Dump/First:/b/a.sql")]
    [TestCase("flock -n /run/backup.lock -c 'mysqldump agama > /b/a.sql'",      "Dump/First:/b/a.sql")]
    [TestCase("timeout 2h nice -n 19 ionice -c3 mysqldump agama > /b/a.sql",    "Dump/First:/b/a.sql")]
    // cd: relative paths are under the directory, and a subshell's cd ends with it.
    [TestCase("cd /home/backup/mysql && mysqldump agama > agama.sql",           "Dump/And:/home/backup/mysql/agama.sql")]
    [TestCase("cd /home/backup && duplicity --no-encryption mysql/ rsync://b/mysql", "Upload/And:/home/backup/mysql/")]
    [TestCase("(cd /tmp && true); mysqldump agama > agama.sql",                 "Dump/Sequence:agama.sql")]
    // Assignments, redirections, quotes, escapes, substitutions.
    [TestCase("HOME=/x MYSQL_PWD=y mysqldump agama > /b/a.sql",                 "Dump/First:/b/a.sql")]
    [TestCase("D=/home/backup/mysql; mysqldump agama > $D/a.sql",               "Dump/First:/home/backup/mysql/a.sql")]
    [TestCase("D=/home/backup/mysql; mysqldump agama > \"${D}/a.sql\"",         "Dump/First:/home/backup/mysql/a.sql")]
    [TestCase("mysqldump agama > '$D/a.sql'",                                   "Dump/First:$D/a.sql")]
    [TestCase("mysqldump agama 2>>/var/log/dump.log >/b/a.sql",                 "Dump/First:/b/a.sql")]
    [TestCase("mysqldump agama >/b/a.sql 2>&1",                                 "Dump/First:/b/a.sql")]
    [TestCase("mysqldump agama > \"/b/my dumps/a.sql\"",                        "Dump/First:/b/my dumps/a.sql")]
    [TestCase("mysqldump agama > /b/my\\ dumps/a.sql",                          "Dump/First:/b/my dumps/a.sql")]
    [TestCase("mysqldump agama > /b/agama-$(date +%F).sql",                     "Dump/First:/b/agama-$(date +%F).sql")]
    [TestCase("mysqldump agama > /b/agama-`date +%F`.sql",                      "Dump/First:/b/agama-`date +%F`.sql")]
    [TestCase("echo 'a; b && mysqldump x > /y' > /tmp/x",                       "")]
    [TestCase("mysqldump agama > /b/a.sql # && duplicity",                      "Dump/First:/b/a.sql")]
    public void Read_FollowsTheShell(string command, string expected) =>
        Summary(command).Should().Be(expected);

    [Test]
    public void Read_OrdersDumpBeforeUpload_WhenChainedInOneLine()
    {
        var steps = CommandReader.Read("mysqldump agama > /home/backup/mysql/agama.sql && " + Upload);
        steps.Select(s => s.Kind).Should().Equal(StepKind.Dump, StepKind.Upload);
        steps[1].Offset.Should().Be("mysqldump agama > /home/backup/mysql/agama.sql && ".Length, "a step points at its own first word");
    }

    [Test]
    public void Read_ResolvesHomeAndVariables_FromTheCronLinesUserAndEnvironment()
    {
        var context = new CommandContext("backup", new Dictionary<string, string> { ["DUMPS"] = "/srv/dumps" });
        Summary("mysqldump agama > $DUMPS/a.sql && duplicity --no-encryption $HOME/mysql/ rsync://b/mysql", context)
            .Should().Be("Dump/First:/srv/dumps/a.sql Upload/And:/home/backup/mysql/");
    }

    [Test]
    public void Read_ExpandsADeployedScript_InOrder_WithItsVariablesAndSetE()
    {
        var scripts = new Dictionary<string, string>
        {
            ["/usr/local/bin/backup.sh"] = "#!/bin/sh\n# nightly dump\nset -e\n\nDIR=/home/backup/mysql\nmysqldump agama > \"$DIR/agama.sql\"\nduplicity --no-encryption ${DIR}/ rsync://b/mysql\n",
        };
        var steps = CommandReader.Read("/usr/local/bin/backup.sh >/dev/null 2>&1", new CommandContext("backup", null, scripts)).Where(s => s.Kind != StepKind.Other).ToList();
        steps.Select(s => (s.Kind, s.Join, s.Output ?? s.Source, s.Script, s.ScriptLine)).Should().Equal(
            (StepKind.Dump, StepJoin.And, "/home/backup/mysql/agama.sql", "/usr/local/bin/backup.sh", 6),
            (StepKind.Upload, StepJoin.And, "/home/backup/mysql/", "/usr/local/bin/backup.sh", 7));
        steps.Should().OnlyContain(s => s.Offset == 0 && s.Length == "/usr/local/bin/backup.sh >/dev/null 2>&1".Length, "a finding on a script's step points at the call");
    }

    [TestCase("bash /home/backup/b.sh")]
    [TestCase("sh -e /home/backup/b.sh")]
    [TestCase(". /home/backup/b.sh")]
    [TestCase("cd /home/backup && ./b.sh")]
    [TestCase("PATH=/home/backup:/usr/bin:/bin b.sh")]
    public void Read_FindsTheScript_HoweverTheLineCallsIt(string command)
    {
        var scripts = new Dictionary<string, string> { ["/home/backup/b.sh"] = "mysqldump agama > /b/a.sql\n" };
        var environment = command.StartsWith("PATH=", StringComparison.Ordinal) ? new Dictionary<string, string> { ["PATH"] = "/home/backup:/usr/bin:/bin" } : null;
        CommandReader.Read(command, new CommandContext("backup", environment, scripts)).Should().Contain(s => s.Kind == StepKind.Dump && s.Output == "/b/a.sql");
    }

    [Test]
    public void Read_SkipsHereDocuments_InAScript()
    {
        var scripts = new Dictionary<string, string> { ["/b.sh"] = "cat <<EOF > /tmp/x\nmysqldump fake > /nope\nEOF\nmysqldump agama > /b/a.sql\n" };
        Summary("/b.sh", new CommandContext(null, null, scripts)).Should().Be("Dump/Sequence:/b/a.sql");
    }

    [Test]
    public void Read_StopsAtAScriptThatCallsItself()
    {
        var scripts = new Dictionary<string, string> { ["/b.sh"] = "mysqldump agama > /b/a.sql\n/b.sh\n" };
        Summary("/b.sh", new CommandContext(null, null, scripts)).Should().Be("Dump/First:/b/a.sql");
    }

    [Test]
    public void Read_StopsAtTheDepthLimit_OfScriptsCallingScripts()
    {
        var scripts = Enumerable.Range(0, 50).ToDictionary(i => $"/s/{i}.sh", i => i == 49 ? "mysqldump agama > /b/a.sql\n" : $"sh -c 'sh /s/{i + 1}.sh'\n");
        var steps = CommandReader.Read("/s/0.sh", new CommandContext(null, null, scripts));
        steps.Should().ContainSingle().Which.Kind.Should().Be(StepKind.Other, "fifty levels of scripts and sh -c pass the limit of {0}", CommandReader.MaxDepth);
    }

    [Test]
    public void Read_FollowsShCNestedAsDeepAsTheLimitAllows()
    {
        var command = "mysqldump agama > /b/a.sql";
        for (var i = 0; i < 7; i++)
        {
            command = "sh -c '" + command.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
        }

        Summary(command).Should().Be("Dump/First:/b/a.sql");
    }

    // Hostile text: every one returns, none throws.
    [TestCase("mysqldump 'agama > /b/a.sql")]
    [TestCase("mysqldump \"agama > /b/a.sql")]
    [TestCase("mysqldump $(date > /b/a.sql")]
    [TestCase("mysqldump ${X > /b/a.sql")]
    [TestCase("mysqldump `date > /b/a.sql")]
    [TestCase("cat <<EOF")]
    [TestCase(";;;&&||| & ) ) ( { } > < >> 2>&")]
    [TestCase("\\")]
    [TestCase("sh -c")]
    [TestCase("su -c")]
    [TestCase("sudo -u")]
    [TestCase("flock -c")]
    [TestCase("duplicity")]
    [TestCase("cd")]
    [TestCase("=x")]
    public void Read_NeverThrows(string command) =>
        FluentActions.Invoking(() => CommandReader.Read(command, new CommandContext("backup"))).Should().NotThrow();

    [Test]
    public void Read_NeverThrows_OnTenThousandNestedParentheses()
    {
        var command = new string('(', 10_000) + "mysqldump agama > /b/a.sql" + new string(')', 10_000);
        CommandReader.Read(command).Should().Contain(s => s.Kind == StepKind.Dump);
        FluentActions.Invoking(() => CommandReader.Read(new string('(', 10_000))).Should().NotThrow();
        FluentActions.Invoking(() => CommandReader.Read("echo $(" + new string('(', 10_000))).Should().NotThrow();
    }

    [Test]
    public void Read_NeverThrows_OnShCNestedFiftyDeep()
    {
        var quoted = string.Concat(Enumerable.Repeat("sh -c \"", 50)) + "mysqldump agama > /b/a.sql" + new string('"', 50);
        FluentActions.Invoking(() => CommandReader.Read(quoted)).Should().NotThrow();
        var escaped = string.Concat(Enumerable.Repeat("sh -c ", 50)) + "mysqldump";
        FluentActions.Invoking(() => CommandReader.Read(escaped)).Should().NotThrow();
    }
}
