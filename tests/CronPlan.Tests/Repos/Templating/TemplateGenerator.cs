using System.Globalization;

namespace CronPlan.Tests.Repos.Templating;

/// <summary>
/// Random templates over the differential test's variables, typed so that most of them are valid: expressions of
/// every construct the renderer supports, inside loops, conditions, sets, whitespace control and comments.
/// </summary>
internal sealed class TemplateGenerator(int seed)
{
#pragma warning disable CA5394 // a seeded generator for test data, not for security
    private readonly Random _random = new(seed);

    private static readonly string[] StringAtoms =
    [
        "name", "domain", "mixed", "path", "fqdn", "csv", "spaced", "quote_me", "url", "joined", "users[0].name", "users[1]['shell']",
        "backup.schedule", "servers[1]", "servers | first", "servers | last", "'lit'", "\"dq\"", "'a.b.c'", "''", "empty", "missing | default('dflt')",
    ];

    private static readonly string[] IntAtoms = ["port", "backup.hour", "0", "1", "2", "3", "7", "42", "100", "numbers[0]", "users[1].uid", "big", "-5", "true"];

    private static readonly string[] ListAtoms =
    [
        "servers", "numbers", "backup.paths", "['a', 'b']", "[1, 2, 3]", "[]", "csv.split(',')", "fqdn.split('.')", "users | map(attribute='name') | list",
        "range(4) | list", "backup.keys() | list", "as_list", "numbers | sort", "['B', 'a', 'b'] | unique",
    ];

    private static readonly string[] BoolAtoms = ["enabled", "disabled", "flag", "missing is defined", "name is defined", "nothing is none", "backup is mapping", "servers is sequence"];

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private bool Chance(int percent) => _random.Next(100) < percent;

    public IEnumerable<string> Generate(int count)
    {
        for (var i = 0; i < count; i++)
        {
            yield return Template();
        }
    }

    private string Template()
    {
        var parts = new List<string>();
        var pieces = _random.Next(1, 4);
        for (var i = 0; i < pieces; i++)
        {
            parts.Add(_random.Next(9) switch
            {
                0 => $"{{% for s in {List(1)} %}}{Open()}{{{{ loop.index }}}}:{{{{ s }}}}{{% if not loop.last %}},{{% endif %}}{Close()}{{% else %}}none{{% endfor %}}",
                1 => $"{{% for k, v in {Pick(["backup", "users[0]", "{'x': 1, 'y': [2]}"])}.items() %}}\n{{{{ k }}}}={{{{ v }}}} {{{{ loop.revindex0 }}}}\n{{% endfor %}}",
                2 => $"{{% if {Bool(2)} %}}\n{Output()}\n{{%- elif {Bool(1)} %}}\nB\n{{% else -%}}\n  C {Output()}\n{{% endif %}}",
                3 => $"{{% set v = {Any(2)} %}}{{{{ v }}}} {{{{ v is string }}}}",
                4 => $"{{# note #}}\n{Output()}{Pick(["", "\n", "\n\n", "  \n"])}",
                5 => $"{{% for x in {List(1)} if {Pick(["x", "x is string", "x is number", "x != 'db1'"])} %}}{{{{ x }}}}{{{{ ',' if not loop.last }}}}{{% endfor %}}",
                6 => $"{{% set blk -%}}\n  {Output()} \n{{%- endset %}}[{{{{ blk }}}}]",
                _ => Output(),
            });
        }

        return string.Join(Pick(["", "\n", " ", "\n\n"]), parts) + Pick(["", "\n", "\n\n"]);
    }

    private string Open() => Chance(30) ? "\n" : "";

    private string Close() => Chance(30) ? "\n" : "";

    private string Output() => Pick(["{{ ", "{{- ", "{{"]) + Any(3) + Pick([" }}", " -}}", "}}"]);

    private string Any(int depth) => _random.Next(6) switch
    {
        0 or 1 => Text(depth),
        2 => Int(depth),
        3 => Bool(depth),
        4 => List(depth),
        _ => Chance(50) ? Float(depth) : Dict(depth),
    };

    private string Text(int depth)
    {
        if (depth <= 0 || Chance(25))
        {
            return Pick(StringAtoms);
        }

        var d = depth - 1;
        return _random.Next(30) switch
        {
            0 => $"{Text(d)} ~ {Any(d)}",
            1 => $"({Text(d)} + {Text(d)})",
            2 => $"{Text(d)} | upper",
            3 => $"{Text(d)} | lower",
            4 => $"{Text(d)} | trim",
            5 => $"({Text(d)}).upper()",
            6 => $"{Text(d)} | replace('{Pick(["a", "o", ".", "/"])}', '{Pick(["_", "", "XY"])}')",
            7 => $"({Text(d)}).replace('.', '-')",
            8 => $"{Text(d)} | regex_replace('{Pick(["[aeiou]", "^(\\\\w+)", "\\\\.", "(?P<x>b)", "$"])}', '{Pick(["_", "<\\\\1>", "", "\\\\g<0>!"])}')",
            9 => $"{Text(d)} | basename",
            10 => $"{Text(d)} | dirname",
            11 => $"{Text(d)} | quote",
            12 => $"({Text(d)})[{Pick(["1:4", "::-1", "-3:", ":2", "1", "-1", "::2"])}]",
            13 => $"'{Pick(["", "-", ", ", "."])}'.join({List(d)})",
            14 => $"{List(d)} | join('{Pick(["", ",", " "])}')",
            15 => $"{Int(d)} | string",
            16 => $"'{Pick(["{}-{}", "{0}/{1}", "<{}>{}"])}'.format({Text(d)}, {Int(d)})",
            17 => $"{Text(d)} if {Bool(d)} else {Text(d)}",
            18 => $"{Text(d)} | default('x')",
            19 => $"missing | default({Text(d)})",
            20 => $"{Text(d)} | d('e', true)",
            21 => $"({Text(d)}).split('{Pick([".", ",", "/"])}') | last",
            22 => $"{Text(d)} * {Pick(["0", "2", "3"])}",
            23 => $"'%s=%s' % ({Text(d)}, {Int(d)})",
            24 => $"{Any(d)} | to_json",
            25 => $"({Text(d)}).strip('{Pick(["/", " ", "w"])}')",
            26 => $"({Text(d)}).lower().capitalize()",
            27 => $"{List(d)} | first",
            28 => $"{Dict(d)}['{Pick(["schedule", "name", "a", "hour"])}'] | string",
            _ => $"{Text(d)} | string | lower",
        };
    }

    private string Int(int depth)
    {
        if (depth <= 0 || Chance(25))
        {
            return Pick(IntAtoms);
        }

        var d = depth - 1;
        return _random.Next(16) switch
        {
            0 => $"({Int(d)} + {Int(d)})",
            1 => $"({Int(d)} - {Int(d)})",
            2 => $"({Int(d)} * {Int(d)})",
            3 => $"({Int(d)} // {Pick(["2", "3", "-4", "7"])})",
            4 => $"({Int(d)} % {Pick(["2", "3", "-4", "7"])})",
            5 => $"({Int(d)} ** {Pick(["0", "2", "3"])})",
            6 => $"{Text(d)} | length",
            7 => $"{List(d)} | length",
            8 => $"'{Pick(["42", " 7 ", "3.9", "-2", "x", "1_000"])}' | int",
            9 => $"{Int(d)} | abs",
            10 => $"-{Int(d)}",
            11 => $"{Int(d)} if {Bool(d)} else {Int(d)}",
            12 => $"{Float(d)} | int",
            13 => $"({Text(d)}).find('{Pick(["a", "b", "."])}')",
            14 => $"{List(d)}.count({Any(0)})",
            _ => $"range({_random.Next(0, 5)}) | list | length",
        };
    }

    private string Float(int depth)
    {
        if (depth <= 0 || Chance(30))
        {
            return Pick(["ratio", "tiny", "0.5", "1e3", "2.0", "1.25e-5"]);
        }

        var d = depth - 1;
        return _random.Next(6) switch
        {
            0 => $"({Int(d)} / {Pick(["2", "3", "4", "8"])})",
            1 => $"({Float(d)} * {Int(d)})",
            2 => $"({Float(d)} + {Float(d)})",
            3 => $"{Int(d)} | float",
            4 => $"({Float(d)} // 1)",
            _ => $"({Float(d)} % {Pick(["1", "0.3", "-2"])})",
        };
    }

    private string Bool(int depth)
    {
        if (depth <= 0 || Chance(25))
        {
            return Pick(BoolAtoms);
        }

        var d = depth - 1;
        return _random.Next(16) switch
        {
            0 => $"{Int(d)} {Pick(["<", ">", "<=", ">=", "==", "!="])} {Int(d)}",
            1 => $"{Text(d)} == {Text(d)}",
            2 => $"{Text(d)} in {List(d)}",
            3 => $"{Text(d)} in {Text(d)}",
            4 => $"not {Bool(d)}",
            5 => $"({Bool(d)} and {Bool(d)})",
            6 => $"({Bool(d)} or {Bool(d)})",
            7 => $"{Int(d)} is {Pick(["odd", "even", "number", "string", "divisibleby 3"])}",
            8 => $"({Text(d)}).startswith('{Pick(["a", "d", "/", "H"])}')",
            9 => $"'{Pick(["yes", "no", "True", "0", "1"])}' | bool",
            10 => $"{Text(d)} is {Pick(["lower", "upper", "string", "defined"])}",
            11 => $"{List(d)} == {List(d)}",
            12 => $"{Text(d)} not in {List(d)}",
            13 => $"{Text(d)} is equalto {Text(d)}",
            14 => $"{Int(d)} in {List(d)}",
            _ => $"{List(d)}",
        };
    }

    private string List(int depth)
    {
        if (depth <= 0 || Chance(30))
        {
            return Pick(ListAtoms);
        }

        var d = depth - 1;
        return _random.Next(16) switch
        {
            0 => $"{List(d)} | sort",
            1 => $"{List(d)} | unique",
            2 => $"({List(d)} + {List(d)})",
            3 => $"{List(d)}[{Pick(["1:", "::-1", ":2", "-2:"])}]",
            4 => $"{List(d)} | map('{Pick(["upper", "string", "lower", "length"])}') | list",
            5 => $"{List(d)} | select('{Pick(["equalto", "ne"])}', {Text(0)}) | list",
            6 => $"{List(d)} | reject('{Pick(["string", "number", "none"])}') | list",
            7 => $"{Dict(d)} | dict2items | map(attribute='{Pick(["key", "value"])}') | list",
            8 => $"[{Any(d)}, {Any(d)}]",
            9 => $"({Text(d)}).split({Pick(["", "'.'", "',', 1"])})",
            10 => $"{List(d)} | select | list",
            11 => $"{List(d)} | list",
            12 => $"{Text(d)} | list",
            13 => $"{List(d)} | sort(reverse=true)",
            14 => $"({Any(d)}, {Any(d)}) | list",
            _ => $"{List(d)} if {Bool(d)} else {List(d)}",
        };
    }

    private string Dict(int depth)
    {
        if (depth <= 0 || Chance(40))
        {
            return Pick(["backup", "users[0]", "users[1]", "{'a': 1, 'name': 'n'}"]);
        }

        var d = depth - 1;
        return _random.Next(3) switch
        {
            0 => $"{{'a': {Any(d)}, 'b': {Any(d)}}}",
            1 => $"{Dict(d)} | combine({{'{Pick(["a", "z"])}': {Int(d)}}})",
            _ => $"({Dict(d)} if {Bool(d)} else {Dict(d)})",
        };
    }

    public override string ToString() => seed.ToString(CultureInfo.InvariantCulture);
#pragma warning restore CA5394
}
