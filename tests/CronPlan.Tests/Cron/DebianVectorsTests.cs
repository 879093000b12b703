using CronPlan.Cron;
using CronPlan.Tests.Support;

namespace CronPlan.Tests.Cron;

[TestFixture]
public sealed class DebianVectorsTests
{
    private static IEnumerable<TestCaseData> Vectors() =>
        ConformanceVectors.DebianPublic().Select(v => new TestCaseData(v).SetName($"Vector_{v.Id}"));

    [Test]
    public void VectorsFile_IsPresentBesideTheRepository()
    {
        // CI, and anyone who asked for the real components, must not pass without the vectors.
        var required = Environment.GetEnvironmentVariable("CI") == "true" || Environment.GetEnvironmentVariable("CRONPLAN_REQUIRE_REAL") == "1";
        if (ConformanceVectors.SharedSpecDirectory is null && !required)
        {
            Assert.Ignore("../shared/spec is not beside this checkout; the conformance vectors cannot be read");
        }

        ConformanceVectors.DebianPublic().Should().HaveCountGreaterThan(40);
    }

    [TestCaseSource(nameof(Vectors))]
    public void Library_ReproducesTheDaemon(ConformanceVector vector)
    {
        var result = CronSchedule.ParseWithDiagnostics(vector.Expression);
        if (vector.IsError)
        {
            result.Schedule.Should().BeNull();
            result.Diagnostics.Should().Contain(d => d.Severity == CronPlan.Diagnostics.DiagnosticSeverity.Error && d.Id.StartsWith("CPL1", StringComparison.Ordinal));
            return;
        }

        result.Schedule.Should().NotBeNull(string.Join("; ", result.Diagnostics));
        var zone = TimeZoneInfo.FindSystemTimeZoneById(vector.Zone);
        var runs = result.Schedule!.RunsAfter(vector.Start, zone).Take(Math.Max(vector.ExpectedRuns.Count, 1)).Select(r => r.ToString()).ToList();
        if (vector.IsNever)
        {
            result.Schedule.NeverFires.Should().BeTrue();
            runs.Should().BeEmpty();
            return;
        }

        runs.Should().Equal(vector.ExpectedRuns);
    }
}
