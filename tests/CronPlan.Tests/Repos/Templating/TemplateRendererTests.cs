using System.Text;
using CronPlan.Repos;
using CronPlan.Repos.Templating;

namespace CronPlan.Tests.Repos.Templating;

[TestFixture]
public sealed class TemplateRendererTests
{
    private static readonly Dictionary<string, object?> Variables = new(StringComparer.Ordinal)
    {
        ["fqdn"] = "db1.prod.example.org",
        ["b"] = "B",
        ["port"] = "5432",
        ["servers"] = new List<object?> { "db1", "db2" },
        ["backup"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["hour"] = 23L, ["minute"] = 10L },
        ["cycle_a"] = "{{ cycle_b }}",
        ["cycle_b"] = "{{ cycle_a }}",
        ["hosts_line"] = "{{ servers | join(' ') }}",
    };

    private static Rendering Render(string template) => Jinja.Render(template, Variables);

    [TestCase("{{ \".\".join(fqdn.split('.')[-2:][::-1]) }}", "org.example")]
    [TestCase("{{ 'a' ~ b }}",                                  "aB")]
    [TestCase("{{ missing | default('x') }}",                   "x")]
    [TestCase("{{ port }}",                                     "5432")]
    [TestCase("{{ port | int + 1 }}",                           "5433")]
    [TestCase("{{ port + 1 }}",                                 "5433")]
    [TestCase("{{ hosts_line }}",                               "db1 db2")]
    [TestCase("{{ backup.hour * 60 + backup.minute }}",         "1390")]
    [TestCase("{{ '100.' + b }}",                               "100.B")]
    [TestCase("{{ 'OFF' if 'db1' in servers else 'ON' }}",     "OFF")]
    [TestCase("{{ 'OFF' if 'db9' in servers else 'ON' }}",     "ON")]
    public void Render_ResolvesExpressions(string template, string expected)
    {
        var rendering = Render(template);
        rendering.Parts.Should().BeEmpty();
        rendering.Text.Should().Be(expected);
    }

    [TestCase("{{'}}")]
    [TestCase("{{ x | default(') }}")]
    [TestCase("{{ '100.' + }}")]
    [TestCase("{{ 1 + }}")]
    [TestCase("{{ a b }}")]
    [TestCase("{{ ) }}")]
    public void Render_KeepsATagThatDoesNotParse_AsWritten(string template)
    {
        var rendering = Render("before\n" + template + "\nafter {{ b }}");
        rendering.Text.Should().Be("before\n" + template + "\nafter B");
        rendering.Unresolved.Should().ContainSingle().Which.Line.Should().Be(2);
    }

    [Test]
    public void Render_KeepsAnExpressionOverAFact_AsWritten_AndSaysWhere()
    {
        var rendering = Render("x\n{{ \".\".join(ansible_fqdn.split('.')[-2:][::-1]) }}\n");
        rendering.Text.Should().Be("x\n{{ \".\".join(ansible_fqdn.split('.')[-2:][::-1]) }}\n");
        rendering.Unresolved.Should().Equal(("\".\".join(ansible_fqdn.split('.')[-2:][::-1])", 2));
    }

    [TestCase("{{ ansible_default_ipv4.address | default('x') }}")]
    [TestCase("{{ hostvars[inventory_hostname].port + 1 }}")]
    [TestCase("{{ groups['db'] | first | upper }}")]
    [TestCase("{{ 'a' if ansible_os_family == 'Debian' else 'b' }}")]
    [TestCase("{{ [ansible_hostname, 'x'] }}")]
    [TestCase("{{ servers[ansible_processor_count] }}")]
    [TestCase("{{ undefined_name | upper }}")]
    public void Render_PropagatesUnknown_ThroughEveryOperation(string template)
    {
        var rendering = Render(template);
        rendering.Text.Should().Be(template);
        rendering.Unresolved.Should().ContainSingle();
    }

    [TestCase("{{ false and ansible_x }}",   "False")]
    [TestCase("{{ true or ansible_x }}",     "True")]
    [TestCase("{{ ansible_x is defined or true }}", "{{ ansible_x is defined or true }}")]
    [TestCase("{{ missing is defined }}",    "False")]
    [TestCase("{{ ansible_x | default }}",   "{{ ansible_x | default }}")]
    public void Render_ShortCircuits_OnlyOnTheKnownSide(string template, string expected) => Render(template).Text.Should().Be(expected);

    [Test]
    public void Render_TreatsACyclicVariable_AsUnknown()
    {
        var rendering = Render("{{ cycle_a }}");
        rendering.Text.Should().Be("{{ cycle_a }}");
        rendering.Unresolved.Should().ContainSingle();
    }

    [Test]
    public void Render_ExpandsLoopIndex_WhenForHasElse()
    {
        Render("{% for s in servers %}{{ loop.index }}/{{ loop.length }} {{ s }}{{ ',' if not loop.last }}{% else %}none{% endfor %}").Text.Should().Be("1/2 db1,2/2 db2");
        Render("{% for s in [] %}x{% else %}none{% endfor %}").Text.Should().Be("none");
    }

    [Test]
    public void Render_UnpacksItems_AndMapsRepeatedLinesToTheBody()
    {
        var rendering = Render("# header\n{% for k, v in backup.items() %}\n{{ k }}={{ v }}\n{% endfor %}\nend\n");
        rendering.Text.Should().Be("# header\nhour=23\nminute=10\nend\n");
        rendering.SourceLines.Take(4).Should().Equal(1, 3, 3, 5);
    }

    [Test]
    public void Render_RendersTheBodyOnce_ForALoopOverAFact_AndReportsItAsAStatement()
    {
        var rendering = Render("{% for h in groups['db'] %}\n10 2 * * * root ping {{ h }}\n{% endfor %}\n");
        rendering.Text.Should().Be("10 2 * * * root ping {{ h }}\n");
        rendering.Parts.Should().Contain(p => p.Kind == UnresolvedKind.Statement && p.Text == "{% for h in groups['db'] %}" && p.Line == 1);
        rendering.Unresolved.Should().Equal(("h", 2));
    }

    [Test]
    public void Render_KeepsOnlyTheBranchTaken_WhenTheConditionIsKnown()
    {
        var rendering = Render("{% if port | int > 1000 %}\nhigh\n{% elif port %}\nset\n{% else %}\nlow\n{% endif %}\n");
        rendering.Text.Should().Be("high\n");
        rendering.Gates.Should().BeEmpty();
        Render("{% if servers | length > 5 %}\nmany\n{% else %}\nfew\n{% endif %}\n").Text.Should().Be("few\n");
    }

    [Test]
    public void Render_KeepsTheFirstBranch_AndRecordsTheGate_WhenTheConditionIsUnknown()
    {
        var rendering = Render("{% if inventory_hostname == servers[0] %}\nA\n{% else %}\nB\n{% endif %}\n");
        rendering.Text.Should().Be("A\n");
        rendering.Gates.Should().Equal("inventory_hostname == servers[0]");
    }

    [Test]
    public void Render_SetsVariables_InLineAndAsABlock()
    {
        Render("{% set x = servers | join(',') %}{{ x }}").Text.Should().Be("db1,db2");
        Render("{% set a, b = servers %}{{ b }}{{ a }}").Text.Should().Be("db2db1");
        Render("{% set blk %}\n{{ b }} x\n{% endset %}[{{ blk | trim }}]").Text.Should().Be("[B x]");
        Render("{% for s in servers %}{% set x = s %}{% endfor %}{{ x | default('scoped') }}").Text.Should().Be("scoped");
    }

    [Test]
    public void Render_NeverWritesStatements_AndReportsThoseItCannotEvaluate()
    {
        var rendering = Render("a\n{% include 'x.j2' %}\n{% macro m() %}M{% endmacro %}\nb{% endif %}\n");
        rendering.Text.Should().Be("a\nb\n");
        rendering.Text.Should().NotContain("{%");
        rendering.Parts.Should().HaveCount(3).And.OnlyContain(p => p.Kind == UnresolvedKind.Statement);
        rendering.Unresolved.Should().BeEmpty("statements are not expressions to report");
    }

    [Test]
    public void Render_KeepsRawBlocks_AndDropsComments()
    {
        Render("{% raw %}{{ x }}{% endraw %}\n{# gone #}\nkept").Text.Should().Be("{{ x }}kept", "trim_blocks drops the line feed after endraw and after the comment");
    }

    [TestCase("{{ 'x' * 10**9 }}")]
    [TestCase("{{ range(10**9) | list | length }}")]
    [TestCase("{{ 2 ** 64 }}")]
    [TestCase("{{ 9223372036854775807 + 1 }}")]
    [TestCase("{{ 1 / 0 }}")]
    [TestCase("{{ 'abc' | regex_replace('(', 'x') }}")]
    [TestCase("{{ 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!' | regex_replace('(a+)+$', 'x') }}")]
    public void Render_TreatsRunawayOrFailingOperations_AsUnknown(string template)
    {
        var rendering = Render(template);
        rendering.Text.Should().Be(template);
        rendering.Unresolved.Should().ContainSingle();
    }

    [TestCase("(", ")")]
    [TestCase("[", "]")]
    [TestCase("{'a': ", "}")]
    public void Render_SurvivesDeepNesting(string open, string close)
    {
        var deep = "{{ " + string.Concat(Enumerable.Repeat(open, 100_000)) + "1" + string.Concat(Enumerable.Repeat(close, 100_000)) + " }}";
        var rendering = Render(deep + "\nafter {{ b }}");
        rendering.Text.Should().EndWith("\nafter B");
        rendering.Unresolved.Should().ContainSingle();
        Render("{{ " + string.Concat(Enumerable.Repeat("(", 50)) + "1" + string.Concat(Enumerable.Repeat(")", 50)) + " }}").Text.Should().Be("1");
    }

    [Test]
    public void Render_SurvivesDeeplyNestedBlocks_AndLongNotChains()
    {
        var blocks = string.Concat(Enumerable.Repeat("{% if true %}", 5000)) + "x" + string.Concat(Enumerable.Repeat("{% endif %}", 5000));
        Render(blocks + "after").Text.Should().EndWith("after");
        Render("{{ " + string.Concat(Enumerable.Repeat("not ", 100_000)) + "true }}").Unresolved.Should().ContainSingle();
        Render("{{ " + string.Concat(Enumerable.Repeat("-", 100_000)) + "1 }}").Unresolved.Should().ContainSingle();
    }

    [Test]
    public void Render_StopsVariableTemplates_ThatDoubleAtEveryLevel()
    {
        var variables = new Dictionary<string, object?>(StringComparer.Ordinal) { ["v0"] = "x" };
        for (var i = 1; i <= 40; i++)
        {
            variables[$"v{i}"] = $"{{{{ v{i - 1} }}}}{{{{ v{i - 1} }}}}";
        }

        Jinja.Render("{{ v40 }}", variables).Unresolved.Should().ContainSingle();
        Jinja.Render("{{ v10 | length }}", variables).Text.Should().Be("1024");
    }

    [Test]
    public void Render_StopsNestedLoopsThatWouldRunForever()
    {
        var rendering = Render("{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}");
        rendering.Text.Length.Should().BeLessThan(10_000_000);
        rendering.Parts.Should().NotBeEmpty();
    }

    [Test]
    public void Render_ReadsVariableTemplatesThatLookLikeLists_AsLists()
    {
        var variables = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["hosts"] = new List<object?> { "a", "b" },
            ["first_two"] = "{{ hosts[:2] }}",
        };
        Jinja.Render("{{ first_two | join('+') }}", variables).Text.Should().Be("a+b");
        Jinja.LookupValue("first_two", variables).Should().BeEquivalentTo(new List<object?> { "a", "b" });
    }

    [Test]
    public void Render_KeepsTheTrailingLineFeeds_AsAnsiblesTemplateModuleDoes()
    {
        Render("{{ b }}\n").Text.Should().Be("B\n");
        Render("x\n\n\n").Text.Should().Be("x\n\n\n");
        Render("{% if true %}\nA\n{% endif %}").Text.Should().Be("A\n");
        Render("a\r\nb\r\n").Text.Should().Be("a\nb\n");
    }

    [Test]
    public void Render_FinishesQuickly_OnARandomTemplateOfBraces()
    {
        var random = new Random(7);
        var alphabet = "{}%#-+'\"()[]|.~ \nabc1";
        for (var i = 0; i < 300; i++)
        {
#pragma warning disable CA5394 // test data
            var text = new StringBuilder();
            for (var k = 0; k < 200; k++)
            {
                text.Append(alphabet[random.Next(alphabet.Length)]);
            }
#pragma warning restore CA5394

            var rendering = Render(text.ToString());
            rendering.Text.Should().NotBeNull();
        }
    }
}
