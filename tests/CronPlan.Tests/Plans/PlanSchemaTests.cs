using System.Text.Json;
using System.Text.Json.Nodes;
using CronPlan.Plans;
using CronPlan.Tests.Support;
using Json.Schema;
using YamlDotNet.RepresentationModel;

namespace CronPlan.Tests.Plans;

/// <summary>The published JSON Schema (schemas/cronplan-plan.schema.json) agrees with the plans CronPlan reads.</summary>
[TestFixture]
public sealed class PlanSchemaTests
{
    private static readonly JsonSchema Schema = JsonSchema.FromText(File.ReadAllText(Path.Combine(ConformanceVectors.RepositoryRoot, "schemas", "cronplan-plan.schema.json")));

    private static IEnumerable<string> SamplePlans() =>
        Directory.EnumerateFiles(Path.Combine(ConformanceVectors.RepositoryRoot, "samples"), "*.yaml", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}roles{Path.DirectorySeparatorChar}", StringComparison.Ordinal) && File.ReadAllText(f).Contains("services:", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(ConformanceVectors.RepositoryRoot, f))
            .Order(StringComparer.Ordinal);

    [TestCaseSource(nameof(SamplePlans))]
    public void EverySamplePlan_IsValidAgainstTheSchema(string plan)
    {
        var results = Evaluate(File.ReadAllText(Path.Combine(ConformanceVectors.RepositoryRoot, plan)));
        results.IsValid.Should().BeTrue(Describe(results));
    }

    [Test]
    public void TheSamples_IncludeTheLabPlan() => SamplePlans().Should().Contain("samples/lab10/cronplan.yaml");

    // What the reader rejects, the schema rejects too.
    [TestCase("unknown key", "bakup_server: x\n")]
    [TestCase("bare number as a duration", "services:\n  a:\n    dump: { command: x, takes: 5 }\n")]
    [TestCase("clock time out of range", "window: { start: \"25:00\" }\n")]
    [TestCase("retention with both forms", "services:\n  a:\n    dump: { command: x, takes: 5m }\n    retention: { keep_full_chains: 4, older_than: 30D }\n")]
    [TestCase("service with neither dump nor upload", "services:\n  a:\n    rpo: 24h\n")]
    public void TheSchema_RejectsWhatTheReaderRejects(string what, string change)
    {
        var yaml = Merge("version: 1\nwindow: { start: \"22:00\" }\nservices:\n  a:\n    dump: { command: x, takes: 5m }\n", change);
        BackupPlan.Parse(yaml).Plan.Should().BeNull($"the reader rejects {what}");
        Evaluate(yaml).IsValid.Should().BeFalse($"the schema rejects {what}");
    }

    /// <summary>Later top-level keys replace earlier ones.</summary>
    private static string Merge(string basis, string change)
    {
        var keys = change.Split('\n').Where(l => l.Length > 0 && !l.StartsWith(' ')).Select(l => l.Split(':')[0]).ToHashSet();
        var kept = new List<string>();
        var skipping = false;
        foreach (var line in basis.Split('\n'))
        {
            if (line.Length > 0 && !line.StartsWith(' '))
            {
                skipping = keys.Contains(line.Split(':')[0]);
            }

            if (!skipping && line.Length > 0)
            {
                kept.Add(line);
            }
        }

        return string.Join('\n', kept) + "\n" + change;
    }

    private static EvaluationResults Evaluate(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var json = ToJson(stream.Documents[0].RootNode);
        using var document = JsonDocument.Parse(json!.ToJsonString());
        return Schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
    }

    /// <summary>YAML to JSON with YAML's core schema for plain scalars: integers and booleans are typed, the rest are strings.</summary>
    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode mapping => new JsonObject(mapping.Children.Select(p => KeyValuePair.Create(((YamlScalarNode)p.Key).Value!, ToJson(p.Value)))),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(ToJson)]),
        YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: var v } when long.TryParse(v, out var n) => JsonValue.Create(n),
        YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: "true" or "false" } scalar => JsonValue.Create(scalar.Value == "true"),
        YamlScalarNode scalar => JsonValue.Create(scalar.Value ?? ""),
        _ => null,
    };

    private static string Describe(EvaluationResults results) =>
        string.Join("\n", (results.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key} {e.Value}")));
}
