using CronPlan.Cron;

namespace CronPlan.Tests.Architecture;

/// <summary>
/// docs/architecture.md, the Analysis layer: a cron tab goes from text to findings one way, through
/// <c>TabPipeline</c>. The linter and the rules over runs are called by the pipeline only, and the DST checks' start is
/// built in one place, from the analysis options; <c>lint</c>, <c>check</c>, the compiler's proof and the assertions
/// package reach them through it. Checked against every call the compiled library makes, lambdas counted for the member
/// they were written in.
/// </summary>
[TestFixture]
public sealed class PipelineCallsTests
{
    private static readonly (string Type, string Method)[] Stages =
    [
        ("CronTabLinter", "Lint"),
        ("ScheduleAnalyzer", "Analyze"),
        ("ScheduleAnalyzer", "Judge"),
        ("CronTabLintOptions", ".ctor"),
    ];

    [Test]
    public void TheLinterAndTheRulesOverRuns_AreCalledByThePipeline_AndNowhereElse()
    {
        string[] expected =
        [
            // Where lint's DST checks start: the analysis options' start, the deploy moment or the reference start.
            "AnalysisOptions.LintOptions → CronTabLintOptions..ctor",
            "TabPipeline.Analyze → ScheduleAnalyzer.Judge",
            "TabPipeline.Read → CronTabLinter.Lint",
        ];

        var found = TypeUses.Calls(typeof(CronSchedule).Assembly.Location, "CronPlan")
            // A record copying itself (its Clone) is no caller.
            .Where(c => Stages.Contains((c.Type, c.Method)) && !c.Where.StartsWith(c.Type + ".", StringComparison.Ordinal))
            .Select(c => c.ToString())
            .Order(StringComparer.Ordinal)
            .ToList();

        found.Should().Contain(expected, "the pipeline's stages are called where the pipeline runs them: a test that sees none proves nothing");
        found.Should().Equal(expected, "lint, check, the compiler's proof and the assertions package go through the pipeline, not around it");
    }
}
