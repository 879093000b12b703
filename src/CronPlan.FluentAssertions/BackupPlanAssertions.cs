using CronPlan.Compilation;
using CronPlan.Diagnostics;
using CronPlan.Plans;
using FluentAssertions;
using FluentAssertions.Execution;
using FluentAssertions.Primitives;

namespace CronPlan.FluentAssertions;

/// <summary>Assertions on a backup plan.</summary>
public sealed class BackupPlanAssertions : ReferenceTypeAssertions<BackupPlan, BackupPlanAssertions>
{
    /// <summary>Creates the assertions for <paramref name="plan"/>.</summary>
    public BackupPlanAssertions(BackupPlan plan)
        : base(plan)
    {
    }

    /// <inheritdoc/>
    protected override string Identifier => "plan";

    /// <summary>
    /// Asserts that the plan compiles with nothing of <paramref name="atLeast"/> or worse (the compiler analyses its
    /// own output: CPL3xxx and CPL4xxx); the compiled result is available through <c>.Which</c>.
    /// </summary>
    public AndWhichConstraint<BackupPlanAssertions, CompileResult> Compile(DiagnosticSeverity atLeast = DiagnosticSeverity.Error, string because = "", params object[] becauseArgs)
    {
        var result = Compiler.Compile(Subject);
        var found = result.Diagnostics.Where(d => d.Severity >= atLeast).ToList();
        if (found.Count > 0)
        {
            CronTabAssertions.Fail(Execute.Assertion.BecauseOf(because, becauseArgs), "plan", $"to compile without diagnostics of severity {atLeast} or worse", $", but found:{CronTabAssertions.Lines(found.Select(d => d.ToString()))}");
        }
        return new AndWhichConstraint<BackupPlanAssertions, CompileResult>(this, result);
    }
}
