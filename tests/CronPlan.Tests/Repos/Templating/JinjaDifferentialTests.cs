using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CronPlan.Repos;

namespace CronPlan.Tests.Repos.Templating;

/// <summary>
/// Our renderer against the real Jinja2 (Debian's python3-jinja2, set up as Ansible sets it up, see
/// jinja_render.py): every template we resolve fully and Jinja2 renders without an error must come out the same.
/// </summary>
[TestFixture]
public sealed class JinjaDifferentialTests
{
    private const string Python = "/usr/bin/python3";

    private const string VariablesJson = """
        {
          "name": "web01", "domain": "example.org", "port": 5432, "ratio": 2.5, "enabled": true, "disabled": false,
          "nothing": null, "empty": "", "servers": ["db1", "db2", "db3"], "numbers": [3, 1, 2, 10],
          "backup": {"schedule": "10 23 * * *", "hour": 23, "paths": ["/var/lib/mysql", "/etc"]},
          "users": [{"name": "alice", "uid": 1001, "shell": "/bin/bash"}, {"name": "Bob", "uid": 1002, "shell": "/bin/sh"}],
          "mixed": "Hello World", "path": "/var/backups/db.sql.gz", "fqdn": "db1.prod.example.org", "csv": "a,b,,c",
          "spaced": "  padded  ", "quote_me": "it's here", "tiny": 0.1, "big": 12345678901,
          "url": "rsync://{{ name }}@backup.{{ domain }}", "joined": "{{ servers | join(',') }}",
          "as_list": "{{ servers[:2] }}", "flag": "{{ port > 1000 }}"
        }
        """;

    private static readonly string[] HandWritten =
    [
        "{{ name }}", "{{ port }}", "{{ ratio }}", "{{ enabled }}", "{{ nothing }}", "{{ servers }}", "{{ backup }}", "{{ users[1] }}",
        "{{ \".\".join(fqdn.split('.')[-2:][::-1]) }}", "{{ 'a' ~ name }}", "{{ missing | default('x') }}", "{{ empty | default('e', true) }}",
        "{{ empty | d('e') }}", "{{ missing.attr | default('chained') }}", "{{ url }}", "{{ joined }}", "{{ as_list | length }}", "{{ as_list[1] }}",
        "{{ flag }}", "{{ flag and 'yes' }}", "{{ 7 // 2 }} {{ -7 // 2 }} {{ 7 % -3 }} {{ 7 / 2 }} {{ 2 ** 10 }} {{ 2 ** -1 }} {{ 2 ** 3 ** 2 }}",
        "{{ 1e20 }} {{ 1.5e-7 }} {{ 0.1 + 0.2 }} {{ 1e16 }} {{ 123456789012345.6 }} {{ -0.0 }} {{ 10 / 4 }}", "{{ tiny * 3 }}", "{{ big * 1000 }}",
        "{{ (1, 2) }} {{ (1,) }} {{ () }}", "{{ {'a': 1, 'b': [1, 'x', none, true]} }}", "{{ \"it's\" }} {{ ['it\\'s', \"q\\\"d\"] }}", "{{ quote_me | quote }}",
        "{% for s in servers %}{{ loop.index }}/{{ loop.length }}:{{ s }}{% if not loop.last %},{% endif %}{% endfor %}",
        "{% for s in servers %}\n{{ loop.index0 }} {{ loop.first }} {{ loop.last }} {{ loop.revindex }}\n{% endfor %}\n",
        "{% for k, v in backup.items() %}\n{{ k }}={{ v }}\n{% endfor %}", "{% for x in [] %}a{% else %}empty{% endfor %}",
        "{% for u in users if u.uid > 1001 %}{{ u.name }} {{ loop.length }}{% endfor %}", "{% for a, b in [(1, 2), (3, 4)] %}{{ a + b }}{% endfor %}",
        "{% if port > 1000 %}\nhigh\n{% elif port > 10 %}\nmid\n{% else %}\nlow\n{% endif %}\n", "{% if disabled %}A{% elif empty %}B{% else %}C{% endif %}",
        "{% set v = servers | map('upper') | list %}{{ v }}", "{% set a, b = 1, 2 %}{{ a }}{{ b }}", "{% set blk %}\nx {{ name }}\n{% endset %}{{ blk | upper }}",
        "{% raw %}{{ not rendered }}{% endraw %}\n", "a {# comment #}\nb", "a  {%- if enabled %} b {%- endif %}\n", "{% if enabled -%}\n   x\n{%- endif %}",
        "{{- name -}}\n  \n{{ port }}", "  {{ name }}  \n", "{%+ if enabled +%}\nkeep\n{% endif %}", "line1\nline2\n\n\n", "{% if enabled %}\n\n{% endif %}\n\n",
        "{{ users | map(attribute='name') | join(', ') }}", "{{ users | selectattr('uid') | list | length }}", "{{ numbers | sort }} {{ numbers | sort(reverse=true) }}",
        "{{ ['b', 'A', 'a', 'B'] | unique }} {{ ['b', 'A', 'c'] | sort }}", "{{ backup | dict2items }}", "{{ servers | select('equalto', 'db2') | list }}",
        "{{ servers | reject('in', ['db1']) | list }}", "{{ numbers | select('odd') | list }}", "{{ path | basename }} {{ path | dirname }} {{ '/' | dirname }}",
        "{{ csv.split(',') }} {{ mixed.split() }} {{ csv.split(',', 1) }} {{ csv.rsplit(',', 1) }}", "{{ spaced.strip() }}|{{ spaced | trim }}|{{ 'xxaxx'.strip('x') }}",
        "{{ mixed.replace('o', '0') }} {{ mixed | replace('l', 'L', 2) }}", "{{ mixed.startswith('He') }} {{ mixed.endswith(('x', 'ld')) }}",
        "{{ '{}-{}'.format(name, port) }} {{ '{1}{0}'.format('a', 'b') }} {{ '{n}'.format(n=3) }}", "{{ '%s:%d' % (name, port) }}",
        "{{ fqdn | regex_replace('\\\\.', '-') }} {{ fqdn | regex_replace('^(\\\\w+)\\\\.(?P<rest>.*)$', '\\\\g<rest>/\\\\1') }}",
        "{{ mixed | regex_replace('WORLD', 'there', ignorecase=true) }}", "{{ 'yes' | bool }} {{ 'off' | bool }} {{ 1 | bool }}", "{{ backup | to_json }}",
        "{{ users[0] | to_json }}", "{{ ['a', 1, 2.5, none, true] | to_json }}", "{{ '42' | int + 1 }} {{ '3.7' | int }} {{ 'x' | int }} {{ 'x' | int(7) }} {{ 3.9 | int }}",
        "{{ port | string | length }}", "{{ servers | first }} {{ servers | last }} {{ 'abc' | first }}", "{{ range(3) | list }} {{ range(1, 10, 3) | list }}",
        "{{ name if enabled else 'no' }} {{ 'x' if disabled }}|", "{{ 'db2' in servers }} {{ 'zz' not in servers }} {{ 'ell' in mixed }} {{ 'hour' in backup }}",
        "{{ 1 < 2 < 3 }} {{ 3 > 2 > 5 }} {{ 1 == 1.0 }} {{ true == 1 }} {{ [1, 2] == [1, 2] }} {{ [1, 2] < [1, 3] }}", "{{ port is number }} {{ name is string }} {{ backup is mapping }} {{ servers is sequence }} {{ nothing is none }} {{ missing is defined }} {{ missing is undefined }}",
        "{{ 3 is odd }} {{ 4 is even }} {{ 'x' is equalto 'x' }} {{ 'db1' is in servers }}", "{{ servers | length }} {{ backup | count }}",
        "{{ 'abc'[1] }} {{ 'abcdef'[1:4] }} {{ 'abcdef'[::-2] }} {{ servers[-1] }} {{ numbers[1:] }}", "{{ mixed | lower }} {{ mixed | upper }} {{ mixed.lower() }}",
        "{{ servers + ['x'] }} {{ 'ab' * 3 }} {{ [0] * 3 }}", "{{ -port }} {{ +ratio }} {{ not enabled }}", "{{ enabled and disabled }} {{ enabled or disabled }} {{ empty or 'fallback' }}",
        "{% set ns = namespace(found=false) %}{% for s in servers %}{% if s == 'db2' %}{% set ns.found = true %}{% endif %}{% endfor %}{{ ns.found }}",
        "{{ backup.get('hour') }} {{ backup.get('nope', 'dflt') }} {{ backup.keys() | list }} {{ backup.values() | list | length }}", "{{ backup['paths'][0] }}",
        "{{ users | map(attribute='uid') | list | sort | first }}", "{{ servers | join }} {{ numbers | join('-') }}", "{{ {'b': 1} | combine({'c': 2}) }}",
        "{{ enabled | ternary('on', 'off') }}", "{{ 'a,b' | split(',') }}", "{{ backup.paths | map('basename') | list }}", "{{ loop is defined }}",
        "{{ 'a\\tb' }} {{ '\\x41' }} {{ ['\\n'] }}", "{{ (port * 2) | string }}",
    ];

    [Test]
    public void Render_MatchesJinja2_WhereEverythingIsKnown()
    {
        if (!JinjaIsInstalled(out var reason))
        {
            if (Environment.GetEnvironmentVariable("CRONPLAN_REQUIRE_REAL") == "1")
            {
                Assert.Fail($"CRONPLAN_REQUIRE_REAL=1 but {reason}");
            }

            Assert.Ignore(reason);
        }

        var variables = (JsonObject)JsonNode.Parse(VariablesJson)!;
        var dotnetVariables = (Dictionary<string, object?>)FromJson(variables)!;
        var templates = HandWritten.Concat(new TemplateGenerator(20240611).Generate(400)).ToList();
        var theirs = RenderWithJinja2(templates, variables);

        var compared = 0;
        var mismatches = new List<string>();
        for (var i = 0; i < templates.Count; i++)
        {
            var ours = Jinja.Render(templates[i], dotnetVariables);
            if (ours.Parts.Count > 0 || theirs[i]!["text"] is not { } text)
            {
                continue;
            }

            compared++;
            if (ours.Text != text.GetValue<string>())
            {
                mismatches.Add($"template: {Show(templates[i])}\n  ours:   {Show(ours.Text)}\n  jinja2: {Show(text.GetValue<string>())}");
            }
        }

        TestContext.Out.WriteLine($"{templates.Count} templates, {compared} compared (both resolved), {mismatches.Count} differ");
        mismatches.Should().BeEmpty($"{mismatches.Count} of {compared} templates render differently; the first ones:\n{string.Join("\n", mismatches.Take(15))}");
        compared.Should().BeGreaterThan(templates.Count * 6 / 10, "most templates are over known variables and must be compared, not skipped");
    }

    private static string Show(string text) => JsonSerializer.Serialize(text);

    private static bool JinjaIsInstalled(out string reason)
    {
        reason = "";
        if (!File.Exists(Python))
        {
            reason = $"{Python} is not installed";
            return false;
        }

        using var process = Process.Start(new ProcessStartInfo(Python, ["-c", "import jinja2"]) { RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        reason = $"{Python} cannot import jinja2 (apt-get install python3-jinja2): {error.Trim()}";
        return process.ExitCode == 0;
    }

    private static JsonArray RenderWithJinja2(List<string> templates, JsonObject variables)
    {
        var batch = new JsonArray([.. templates.Select(t => (JsonNode)new JsonObject { ["template"] = t, ["variables"] = variables.DeepClone() })]);
        var driver = Path.Combine(TestContext.CurrentContext.TestDirectory, "Repos", "Templating", "jinja_render.py");
        using var process = Process.Start(new ProcessStartInfo(Python, [driver])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
        })!;
        var error = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(batch.ToJsonString());
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        process.ExitCode.Should().Be(0, error.Result);
        return (JsonArray)JsonNode.Parse(output)!;
    }

    /// <summary>JSON as the repository reader hands YAML over: mappings, lists, long, double, bool, string, null.</summary>
    private static object? FromJson(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => o.ToDictionary(p => p.Key, p => FromJson(p.Value), StringComparer.Ordinal),
        JsonArray a => a.Select(FromJson).ToList(),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>(),
        _ => node.ToJsonString() is var raw && raw.IndexOfAny(['.', 'e', 'E']) >= 0
            ? (object)double.Parse(raw, CultureInfo.InvariantCulture)
            : long.Parse(raw, CultureInfo.InvariantCulture),
    };
}
