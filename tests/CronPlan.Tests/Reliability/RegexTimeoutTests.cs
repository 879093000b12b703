using System.Reflection;
using System.Text.RegularExpressions;
using CronPlan.Tests.Support;

namespace CronPlan.Tests.Reliability;

/// <summary>Every pattern CronPlan runs on what it reads has a time limit, so no line can make it hang (docs/reliability.md).</summary>
[TestFixture]
public sealed partial class RegexTimeoutTests
{
    private static IEnumerable<MethodInfo> GeneratedRegexMethods() =>
        typeof(CronPlan.Cron.CronSchedule).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Where(m => m.GetCustomAttribute<GeneratedRegexAttribute>() is not null);

    [Test]
    public void EveryGeneratedRegex_HasATimeout_OrDoesNotBacktrack()
    {
        var methods = GeneratedRegexMethods().ToList();
        methods.Should().HaveCountGreaterThan(50, "the library's patterns are found by reflection");
        var unbounded = methods
            .Select(m => (Method: m, Regex: (Regex)m.Invoke(null, null)!))
            .Where(p => p.Regex.MatchTimeout == Regex.InfiniteMatchTimeout && !p.Regex.Options.HasFlag(RegexOptions.NonBacktracking))
            .Select(p => $"{p.Method.DeclaringType!.Name}.{p.Method.Name}: {p.Regex}");
        unbounded.Should().BeEmpty();
    }

    [Test]
    public void EveryRegexBuiltAtRunTime_HasATimeout()
    {
        var source = Path.Combine(ConformanceVectors.RepositoryRoot, "src");
        var offending = new List<string>();
        foreach (var file in Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories).Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i];
                var constructed = line.Contains("new Regex(", StringComparison.Ordinal) && !line.Contains("Timeout", StringComparison.Ordinal) && !line.Contains("TimeSpan.", StringComparison.Ordinal);

                // The static helpers (Regex.IsMatch(input, pattern)) run without a limit unless given one.
                var helper = StaticHelper().IsMatch(line) && !line.Contains("Timeout", StringComparison.Ordinal) && !line.Contains("TimeSpan.", StringComparison.Ordinal);
                if (constructed || helper)
                {
                    offending.Add($"{Path.GetRelativePath(source, file)}:{i + 1}: {line.Trim()}");
                }
            }
        }

        offending.Should().BeEmpty();
    }

    [GeneratedRegex(@"\bRegex\.(?:IsMatch|Match|Matches|Replace|Split|Count|EnumerateMatches)\(", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex StaticHelper();
}
