using CronPlan.Repos;

namespace CronPlan.Tests.Repos;

[TestFixture]
public sealed class JinjaTests
{
    private static readonly Dictionary<string, object?> Variables = new(StringComparer.Ordinal)
    {
        ["github_username"] = "elvis",
        ["domain_name"] = "example.org",
        ["backup_url"] = "rsync://{{ github_username }}@backup.{{ domain_name }}",
        ["servers"] = new List<object?> { "db1", "db2" },
        ["backup"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["schedule"] = "10 23 * * *" },
        ["empty"] = "",
    };

    [TestCase("{{ github_username }}", "elvis")]
    [TestCase("{{github_username}}", "elvis")]
    [TestCase("rsync://{{ github_username }}@backup.{{ domain_name }}/mysql", "rsync://elvis@backup.example.org/mysql")]
    [TestCase("{{ backup_url }}/mysql", "rsync://elvis@backup.example.org/mysql")]
    [TestCase("{{ backup.schedule }}", "10 23 * * *")]
    [TestCase("{{ backup['schedule'] }}", "10 23 * * *")]
    [TestCase("{{ servers[1] }}", "db2")]
    [TestCase("{{ servers | first }}", "db1")]
    [TestCase("{{ missing | default('backup') }}", "backup")]
    [TestCase("{{ missing | d(\"x\") }}", "x")]
    [TestCase("{{ github_username | upper }}", "ELVIS")]
    public void Render_ResolvesTheSubsetCronTabsUse(string template, string expected)
    {
        var rendering = Jinja.Render(template, Variables);
        rendering.Unresolved.Should().BeEmpty();
        rendering.Text.Should().Be(expected);
    }

    [Test]
    public void Render_KeepsWhatItCannotResolve_AndSaysWhere()
    {
        var rendering = Jinja.Render("a\n{{ groups['db'] | map('x') }}\n", Variables);
        rendering.Text.Should().Be("a\n{{ groups['db'] | map('x') }}\n");
        rendering.Unresolved.Should().Equal(("groups['db'] | map('x')", 2));
    }

    [Test]
    public void Render_KeepsTheBodyOfAHostGate_RecordsItsCondition_AndMapsEachLineToItsSource()
    {
        var template = "{% if inventory_hostname == mysql_host %}\nMAILTO=\"\"\n10 23 * * * backup mysqldump agama > /x\n{% endif %}";
        var rendering = Jinja.Render(template, Variables);
        rendering.Text.Should().Be("MAILTO=\"\"\n10 23 * * * backup mysqldump agama > /x\n", "Ansible's trim_blocks drops the line feed after each block tag");
        rendering.Gates.Should().Equal("inventory_hostname == mysql_host");
        rendering.SourceLines.Take(2).Should().Equal(2, 3);
    }

    [Test]
    public void Render_TrimsAroundDashedTags()
    {
        Jinja.Render("a  {%- if x %} b {%- endif %}\n", Variables).Text.Should().Be("a b\n", "Jinja drops the final line feed, and Ansible's template module puts back as many as the template ended with");
    }
}
