using CronPlan.Repos;

namespace CronPlan.Tests.Repos;

[TestFixture]
public sealed class AnsibleYamlTests
{
    private static object? ValueOf(string yaml)
    {
        var root = (YamlMap)AnsibleYaml.Load("key: " + yaml + "\n", [])!;
        return AnsibleYaml.Plain(root["key"]);
    }

    // Plain scalars as PyYAML's YAML 1.1 resolver types them; quoted ones stay text.
    [TestCase("5",        5L)]
    [TestCase("0600",     384L)]
    [TestCase("644",      644L)]
    [TestCase("0x1F",     31L)]
    [TestCase("1_000",    1000L)]
    [TestCase("1:30",     90L)]
    [TestCase("-3",       -3L)]
    [TestCase("yes",      true)]
    [TestCase("On",       true)]
    [TestCase("TRUE",     true)]
    [TestCase("no",       false)]
    [TestCase("off",      false)]
    [TestCase("'0600'",   "0600")]
    [TestCase("\"yes\"",  "yes")]
    [TestCase("08",       "08")]
    [TestCase("1.5",      1.5)]
    [TestCase("!!str 5",  "5")]
    [TestCase("u=rw,g=,o=", "u=rw,g=,o=")]
    [TestCase("plain text", "plain text")]
    public void PlainScalars_AreTyped_AsAnsibleLoadsThem(string yaml, object expected)
    {
        ValueOf(yaml).Should().Be(expected);
    }

    [TestCase("~")]
    [TestCase("null")]
    [TestCase("")]
    public void NullSpellings_AreNull(string yaml)
    {
        ValueOf(yaml).Should().BeNull();
    }

    [Test]
    public void ATagThatIsNotAUri_IsASyntaxError_NotAnArgumentException()
    {
        var load = () => AnsibleYaml.Load("key: !![\n", []);
        load.Should().Throw<YamlDotNet.Core.YamlException>();
    }

    [Test]
    public void ADuplicateKey_KeepsTheLastValue_AndIsReportedWithBothLines()
    {
        var duplicates = new List<DuplicateKey>();
        var root = (YamlMap)AnsibleYaml.Load("mode: '0600'\nowner: root\nmode: '0644'\n", duplicates)!;
        AnsibleYaml.Plain(root["mode"]).Should().Be("0644");
        duplicates.Should().Equal(new DuplicateKey("mode", 1, 3, 1));
    }

    [Test]
    public void MergeKeys_AreApplied_ExplicitKeysWinning()
    {
        var root = (YamlMap)AnsibleYaml.Load("base: &b\n  hour: 1\n  minute: 5\njob:\n  <<: *b\n  hour: 2\n", [])!;
        AnsibleYaml.Plain(root["job"]).Should().BeEquivalentTo(new Dictionary<string, object?> { ["hour"] = 2L, ["minute"] = 5L });
    }

    [Test]
    public void NestingPastTheLimit_IsAParseError_NotAStackOverflow()
    {
        var deep = new string('[', 5000) + new string(']', 5000);
        var load = () => AnsibleYaml.Load(deep, []);
        load.Should().Throw<YamlDotNet.Core.YamlException>().WithMessage("*nested*");
    }

    [Test]
    public void OnlyTheFirstDocument_IsRead()
    {
        AnsibleYaml.Plain(AnsibleYaml.Load("a: 1\n---\nb: 2\n", [])).Should().BeEquivalentTo(new Dictionary<string, object?> { ["a"] = 1L });
    }
}
