using CronPlan.Cron;

namespace CronPlan.Tests.Architecture;

/// <summary>
/// docs/architecture.md, the Jobs layer: a job's command is read once, by the model builder, and a restore procedure
/// once, by the procedure builder; the compiled tab's header is written by the compiler and read back by the model
/// builder only. Everything else reads the model. Checked against every call the compiled library makes, lambdas and
/// iterators counted for the member they were written in.
/// </summary>
[TestFixture]
public sealed class ReadOnceTests
{
    private const string Library = "CronPlan";

    private const string Samples = "CronPlan.Tests.Architecture.Samples";

    private static readonly (string Type, string Method)[] CommandReaders =
    [
        ("CommandReader", "Read"),
        ("CommandReader", "ReadProcedure"),
        ("ShellSyntax", "Read"),
    ];

    private static readonly (string Type, string Method)[] HeaderFormat =
    [
        ("CompiledHeader", "Read"),
        ("CompiledHeader", "Lines"),
    ];

    private static IReadOnlyList<MethodCall> LibraryCalls => TypeUses.Calls(typeof(CronSchedule).Assembly.Location, Library);

    private static List<string> CallsOf(IEnumerable<MethodCall> calls, (string Type, string Method)[] methods) =>
        [.. calls.Where(c => methods.Contains((c.Type, c.Method))).Select(c => c.ToString()).Order(StringComparer.Ordinal)];

    [Test]
    public void CommandText_IsReadByTheModelBuilderAndTheProcedureBuilder_AndNowhereElse()
    {
        string[] expected =
        [
            "BackupJobBuilder.Steps → CommandReader.Read",
            "CommandReader.Reading.Text → ShellSyntax.Read",

            // An Ansible module's free-form key=value arguments, split as the shell splits words: no command to run.
            "RestorePlaybook.Arguments → ShellSyntax.Read",
            "RestoreProcedure.Read → CommandReader.ReadProcedure",
        ];

        var found = CallsOf(LibraryCalls, CommandReaders);

        found.Should().Contain(expected, "the reading entry points are called where the model is built: a test that sees none proves nothing");
        found.Should().Equal(expected, "every other stage reads the BackupTab or RestoreProcedure built once, not the text again");
    }

    [Test]
    public void CompiledHeader_IsWrittenByTheCompiler_AndParsedOnlyByTheModelBuilder()
    {
        string[] expected =
        [
            "BackupJobBuilder.Build → CompiledHeader.Read",
            "Compiler.Header → CompiledHeader.Lines",
        ];

        var found = CallsOf(LibraryCalls, HeaderFormat);

        found.Should().Contain(expected);
        found.Should().Equal(expected, "the durations travel as values; the header is for people, and read back once per tab");
    }

    [Test]
    public void Calls_AreFound_InCompilerGeneratedCode_UnderTheMemberThatWroteThem()
    {
        var calls = TypeUses.Calls(typeof(ReadOnceTests).Assembly.Location, Samples).Where(c => c is { Type: "Source", Method: "Read" }).Select(c => c.Where).ToList();

        calls.Should().BeEquivalentTo(["Caller.Direct", "Caller.InLambda", "Caller.Lazily", "Caller.LaterAsync", "Caller.InLocal", "Caller.AsMethodGroup"]);
    }
}
