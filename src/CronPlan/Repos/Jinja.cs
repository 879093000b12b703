using System.Globalization;
using System.Text;

namespace CronPlan.Repos;

/// <summary>A rendered template: its text, the source line each output line came from, what could not be resolved, and the host gates.</summary>
/// <param name="Text">The rendered text.</param>
/// <param name="SourceLines">For each output line (0-based), the 1-based template line it started on.</param>
/// <param name="Unresolved">Expressions that stayed opaque, with their template line.</param>
/// <param name="Gates">The <c>{% if %}</c> conditions around the content, as written.</param>
internal sealed record Rendering(string Text, IReadOnlyList<int> SourceLines, IReadOnlyList<(string Expression, int Line)> Unresolved, IReadOnlyList<string> Gates);

/// <summary>
/// The subset of Jinja that cron tab templates and Ansible task arguments use: <c>{{ name }}</c>, dotted and indexed
/// lookups, the filters <c>default</c>, <c>d</c>, <c>first</c>, <c>last</c>, <c>lower</c>, <c>upper</c>, <c>string</c>,
/// <c>int</c>, <c>trim</c>; <c>{% if %}</c> blocks, whose content is kept and whose condition is recorded (a template
/// gated on the host is analysed as the gated hosts see it); comments and whitespace control. Anything else stays as
/// written and is reported, never guessed.
/// </summary>
internal static class Jinja
{
    // Variables whose values are templates themselves are rendered in turn: at most this deep, and this many times
    // per top-level rendering ("a: '{{ b }}{{ b }}'", "b: '{{ c }}{{ c }}'"... would otherwise double at every level).
    private const int MaxNesting = 16;
    private const int MaxNestedRenderings = 10_000;

    [ThreadStatic]
    private static int t_nesting;

    [ThreadStatic]
    private static int t_nestedRenderings;

    /// <summary>Renders <paramref name="template"/> with <paramref name="variables"/> (strings, numbers, lists and mappings from YAML).</summary>
    public static Rendering Render(string template, IReadOnlyDictionary<string, object?> variables)
    {
        if (t_nesting == 0)
        {
            t_nestedRenderings = 0;
        }

        var output = new StringBuilder();
        var lineStarts = new List<int> { 1 };
        var unresolved = new List<(string, int)>();
        var gates = new List<string>();
        var line = 1;
        var i = 0;
        var trimNextLeading = false;

        var atLineStart = true;

        // Each output line remembers the template line its first character came from.
        void Put(char c, bool advancesSource)
        {
            if (atLineStart)
            {
                lineStarts[^1] = line;
                atLineStart = false;
            }

            output.Append(c);
            if (c == '\n')
            {
                if (advancesSource)
                {
                    line++;
                }

                lineStarts.Add(line);
                atLineStart = true;
            }
        }

        void Emit(string text)
        {
            foreach (var c in text)
            {
                Put(c, advancesSource: false);
            }
        }

        while (i < template.Length)
        {
            var open = template.IndexOf('{', i);
            while (open >= 0 && open + 1 < template.Length && template[open + 1] is not ('{' or '%' or '#'))
            {
                open = template.IndexOf('{', open + 1);
            }

            if (open < 0 || open + 1 >= template.Length)
            {
                open = template.Length;
            }

            var literal = template[i..open];
            if (trimNextLeading)
            {
                var trimmed = literal.TrimStart();
                line += CountNewlines(literal[..(literal.Length - trimmed.Length)]);
                literal = trimmed;
                trimNextLeading = false;
            }

            EmitLiteral(literal);
            if (open >= template.Length)
            {
                break;
            }

            var kind = template[open + 1];
            var closer = kind switch { '{' => "}}", '%' => "%}", _ => "#}" };
            var close = template.IndexOf(closer, open + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                unresolved.Add((template[open..], line));
                EmitLiteral(template[open..]);
                break;
            }

            var inner = template[(open + 2)..close];
            var trimBefore = inner.StartsWith('-');
            var trimAfter = inner.EndsWith('-');
            inner = inner.Trim('-').Trim();
            if (trimBefore)
            {
                TrimTrailingWhitespace();
            }

            switch (kind)
            {
                case '{':
                    var value = Evaluate(inner, variables, out var resolved);
                    if (resolved)
                    {
                        Emit(value);
                    }
                    else
                    {
                        unresolved.Add((inner, line));
                        Emit(template[open..(close + 2)]);
                    }

                    break;
                case '%':
                    var words = inner.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
                    switch (words.FirstOrDefault())
                    {
                        case "if" or "elif":
                            gates.Add(words.Length > 1 ? words[1] : "");
                            break;
                        case "else" or "endif":
                            break;
                        default:
                            unresolved.Add(($"{{% {inner} %}}", line));
                            break;
                    }

                    break;
            }

            // Ansible renders with trim_blocks: the line feed right after a block tag or a comment is dropped.
            var end = close + 2;
            if (kind != '{' && end < template.Length && template[end] == '\n')
            {
                end++;
            }

            line += CountNewlines(template[open..end]);
            i = end;
            trimNextLeading = trimAfter;
        }

        return new Rendering(output.ToString(), lineStarts, unresolved, gates);

        void EmitLiteral(string text)
        {
            foreach (var c in text)
            {
                Put(c, advancesSource: true);
            }
        }

        void TrimTrailingWhitespace()
        {
            while (output.Length > 0 && char.IsWhiteSpace(output[^1]))
            {
                if (output[^1] == '\n')
                {
                    lineStarts.RemoveAt(lineStarts.Count - 1);
                    atLineStart = false;
                }

                output.Length--;
            }
        }
    }

    private static int CountNewlines(string text) => text.Count(c => c == '\n');

    /// <summary>Renders a task argument: the same subset, for one value.</summary>
    public static string RenderValue(string text, IReadOnlyDictionary<string, object?> variables, out IReadOnlyList<string> unresolved)
    {
        var rendering = Render(text, variables);
        unresolved = [.. rendering.Unresolved.Select(u => u.Expression)];
        return rendering.Text;
    }

    /// <summary>Evaluates <c>name.key[0] | filter(arg)</c>; false when a part cannot be resolved.</summary>
    internal static string Evaluate(string expression, IReadOnlyDictionary<string, object?> variables, out bool resolved)
    {
        var parts = SplitFilters(expression);
        var found = Lookup(parts[0].Trim(), variables, out var ok);
        foreach (var filter in parts.Skip(1))
        {
            var name = filter.Trim();
            var argument = "";
            var paren = name.IndexOf('(', StringComparison.Ordinal);
            if (paren > 0 && name.EndsWith(')'))
            {
                argument = name[(paren + 1)..^1].Trim();
                name = name[..paren].Trim();
            }

            switch (name)
            {
                case "default" or "d":
                    if (!ok || found is null || (found is string s && s.Length == 0 && argument.EndsWith("true", StringComparison.Ordinal)))
                    {
                        found = Literal(argument.Split(',')[0].Trim(), variables, out ok);
                    }

                    break;
                case "first" when ok && found is IList<object?> { Count: > 0 } list:
                    found = list[0];
                    break;
                case "last" when ok && found is IList<object?> { Count: > 0 } list:
                    found = list[^1];
                    break;
                case "lower" when ok:
                    found = Text(found).ToLowerInvariant();
                    break;
                case "upper" when ok:
                    found = Text(found).ToUpperInvariant();
                    break;
                case "trim" when ok:
                    found = Text(found).Trim();
                    break;
                case "string" or "int" when ok:
                    break;
                default:
                    ok = false;
                    break;
            }
        }

        resolved = ok && found is not null and not IDictionary<string, object?>;
        return resolved ? Text(found) : "";
    }

    private static List<string> SplitFilters(string expression)
    {
        var parts = new List<string>();
        var depth = 0;
        var quote = '\0';
        var start = 0;
        for (var k = 0; k < expression.Length; k++)
        {
            var c = expression[k];
            if (quote != '\0')
            {
                quote = c == quote ? '\0' : quote;
                continue;
            }

            switch (c)
            {
                case '\'' or '"':
                    quote = c;
                    break;
                case '(' or '[':
                    depth++;
                    break;
                case ')' or ']':
                    depth--;
                    break;
                case '|' when depth == 0:
                    parts.Add(expression[start..k]);
                    start = k + 1;
                    break;
            }
        }

        parts.Add(expression[start..]);
        return parts;
    }

    private static object? Literal(string text, IReadOnlyDictionary<string, object?> variables, out bool ok)
    {
        if (text.Length >= 2 && text[0] is '\'' or '"' && text[^1] == text[0])
        {
            ok = true;
            return text[1..^1];
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            ok = true;
            return text;
        }

        return Lookup(text, variables, out ok);
    }

    /// <summary>The value at <paramref name="path"/> (a list, a mapping or text), or null.</summary>
    internal static object? LookupValue(string path, IReadOnlyDictionary<string, object?> variables) =>
        Lookup(path, variables, out var ok) is var value && ok ? value : null;

    /// <summary><c>a.b[0]['c']</c>; a value that is itself a template is rendered too (once).</summary>
    private static object? Lookup(string path, IReadOnlyDictionary<string, object?> variables, out bool ok)
    {
        ok = false;
        if (path.Length == 0)
        {
            return null;
        }

        if (path[0] is '\'' or '"')
        {
            return Literal(path, variables, out ok);
        }

        var segments = new List<string>();
        var current = new StringBuilder();
        for (var k = 0; k < path.Length; k++)
        {
            var c = path[k];
            if (c == '.')
            {
                segments.Add(current.ToString());
                current.Clear();
            }
            else if (c == '[')
            {
                if (current.Length > 0)
                {
                    segments.Add(current.ToString());
                    current.Clear();
                }

                var end = path.IndexOf(']', k);
                if (end < 0)
                {
                    return null;
                }

                segments.Add(path[(k + 1)..end].Trim().Trim('\'', '"'));
                k = end;
            }
            else if (char.IsLetterOrDigit(c) || c is '_' or '-')
            {
                current.Append(c);
            }
            else
            {
                return null;
            }
        }

        if (current.Length > 0)
        {
            segments.Add(current.ToString());
        }

        if (segments.Count == 0 || !variables.TryGetValue(segments[0], out var value))
        {
            return null;
        }

        foreach (var segment in segments.Skip(1))
        {
            switch (value)
            {
                case IDictionary<string, object?> map when map.TryGetValue(segment, out var next):
                    value = next;
                    break;
                case IList<object?> list when int.TryParse(segment, NumberStyles.Integer, CultureInfo.InvariantCulture, out var index) && index >= 0 && index < list.Count:
                    value = list[index];
                    break;
                default:
                    return null;
            }
        }

        if (value is string template && template.Contains("{{", StringComparison.Ordinal))
        {
            if (t_nesting >= MaxNesting || ++t_nestedRenderings > MaxNestedRenderings)
            {
                return null;
            }

            Rendering inner;
            t_nesting++;
            try
            {
                inner = Render(template, variables.Where(p => p.Key != segments[0]).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal));
            }
            finally
            {
                t_nesting--;
            }

            if (inner.Unresolved.Count > 0)
            {
                return null;
            }

            value = inner.Text;
        }

        ok = true;
        return value;
    }

    private static string Text(object? value) => value switch
    {
        null => "",
        bool b => b ? "True" : "False",
        IList<object?> list => "[" + string.Join(", ", list.Select(v => $"'{Text(v)}'")) + "]",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
