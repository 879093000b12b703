using CronPlan.Fuzz;
using CronPlan.Tests.Support;

namespace CronPlan.Tests.Reliability;

/// <summary>
/// The fuzzers' inputs replayed: every seed and every input a fuzzer found to crash (tests/CronPlan.Fuzz/seeds and
/// regressions, one directory per target) goes through its target, the same code the fuzzer ran, and no exception may
/// escape. A file added to regressions/ is a case the next run picks up.
/// </summary>
[TestFixture]
public sealed class FuzzReplayTests
{
    private static string FuzzDirectory => Path.Combine(ConformanceVectors.RepositoryRoot, "tests", "CronPlan.Fuzz");

    private static IEnumerable<TestCaseData> Inputs()
    {
        foreach (var kind in new[] { "seeds", "regressions" })
        {
            foreach (var target in FuzzTargets.All.Keys)
            {
                var directory = Path.Combine(FuzzDirectory, kind, target);
                if (!Directory.Exists(directory))
                {
                    continue;
                }

                foreach (var file in Directory.EnumerateFiles(directory).Select(Path.GetFileName).Order(StringComparer.Ordinal))
                {
                    var relative = $"{kind}/{target}/{file}";
                    var data = new TestCaseData(target, relative).SetName($"Replay({relative})");
                    yield return data;
                }
            }
        }
    }

    [TestCaseSource(nameof(Inputs))]
    public void Replay_LetsNoExceptionEscape(string target, string relative)
    {
        var input = File.ReadAllBytes(Path.Combine(FuzzDirectory, relative));
        var replay = () => FuzzTargets.All[target](input);
        replay.Should().NotThrow();
    }

    [Test]
    public void EveryTarget_HasSeeds()
    {
        FuzzTargets.All.Keys.Should().OnlyContain(target => Directory.EnumerateFiles(Path.Combine(FuzzDirectory, "seeds", target)).Any());
    }
}
