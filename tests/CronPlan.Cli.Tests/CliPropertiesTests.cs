using FsCheck;
using FsCheck.Fluent;

namespace CronPlan.Cli.Tests;

[TestFixture]
public sealed class CliPropertiesTests
{
    private static readonly string[] Pieces = ["*", "*/", "-", ",", "0", "5", "24", "60", "jan", "mon", "L", "#", "?", "x", "@", "@daily", "@DAILY", "é", "\t"];

    [Test]
    public void NextAndExplain_NeverThrow_AndExitWithAContractCode()
    {
        var field = Gen.Elements(Pieces).NonEmptyListOf().Select(parts => string.Concat(parts));
        var expression = field.NonEmptyListOf().Select(fields => string.Join(' ', fields));
        Prop.ForAll(Arb.From(expression), Gen.Elements("next", "explain").ToArbitrary(), (text, command) =>
        {
            var result = CliRunner.InProcess(command, text, "--from", "2021-03-27T00:00", "--zone", "Europe/Tallinn", "--count", "3");
            return result.ExitCode is 0 or 1 or 2 && !result.Stderr.Contains("Exception", StringComparison.Ordinal);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }
}
