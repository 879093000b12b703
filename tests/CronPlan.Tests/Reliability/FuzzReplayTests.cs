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
    private const string ScannerCrash = "YamlDotNet's scanner throws InvalidOperationException: fixed on branch crash";

    // Crashes whose fix is under way on another branch: ignored here until it lands, then replayed like the rest.
    private static readonly Dictionary<string, string> FixedElsewhere = new(StringComparer.Ordinal)
    {
        ["regressions/ansible/group-vars-flow-sequence-after-empty-key"] = ScannerCrash,
        ["regressions/ansible/tasks-flow-mapping-after-empty-key.yaml"] = ScannerCrash,
        ["regressions/ansible/unclosed-flow-sequence-in-tasks.yaml"] = ScannerCrash,
        ["regressions/jinja/variables-explicit-key-then-flow-mapping"] = ScannerCrash,
        ["regressions/plan/flow-mapping-after-empty-key.yaml"] = ScannerCrash,
    };

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
                    yield return FixedElsewhere.TryGetValue(relative, out var reason) ? data.Ignore(reason) : data;
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

    [Test]
    public void EveryIgnoredCase_StillExists()
    {
        FixedElsewhere.Keys.Should().OnlyContain(relative => File.Exists(Path.Combine(FuzzDirectory, relative)), "a case fixed elsewhere leaves this list when its file goes");
    }
}
