namespace CronPlan.Tests.Support;

/// <summary>
/// How much of the slowest tests a build runs. The normal build runs all of it. The <c>Mutation</c> configuration
/// (tests/mutation.sh) runs the covering tests once for every mutant, so there the few properties that take seconds run
/// a sixth of their cases and the multi-megabyte document test is left out (docs/reliability.md, "Mutation scores").
/// </summary>
internal static class TestBudget
{
#if MUTATION
    /// <summary>True in the Mutation configuration.</summary>
    public const bool Reduced = true;
#else
    /// <summary>True in the Mutation configuration.</summary>
    public const bool Reduced = false;
#endif

    /// <summary>The number of cases a slow property checks: <paramref name="cases"/>, or a sixth of it (at least 10) when reduced.</summary>
    public static int SlowPropertyCases(int cases) => Reduced ? Math.Max(10, cases / 6) : cases;

    /// <summary>A count a slow property's cases must reach: <paramref name="count"/>, or a sixth of it when reduced.</summary>
    public static int ExpectedCount(int count) => Reduced ? count / 6 : count;
}
