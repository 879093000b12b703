using System.Globalization;
using System.Text.RegularExpressions;

namespace CronPlan.Repos;

/// <summary>
/// Decides the host gates of a tab or task (<c>when:</c>, <c>{% if %}</c>) for one host where the inventory answers
/// them: <c>==</c>, <c>!=</c>, <c>in</c>, <c>not in</c>, <c>is defined</c>, <c>not</c>, <c>and</c>, <c>or</c>,
/// parentheses, literals and lookups. Null means the gate cannot be decided (a fact, an unknown filter): it stays a gate.
/// </summary>
internal static partial class Conditions
{
    private const int MaxDepth = 32;

    public static bool? Evaluate(string condition, IReadOnlyDictionary<string, object?> variables)
    {
        var tokens = Tokens().Matches(condition).Select(m => m.Value).ToList();
        if (tokens.Count == 0)
        {
            return null;
        }

        var position = 0;
        var result = Or(tokens, ref position, variables, 0);
        return position == tokens.Count ? result : null;
    }

    private static bool? Or(List<string> tokens, ref int position, IReadOnlyDictionary<string, object?> variables, int depth)
    {
        var left = And(tokens, ref position, variables, depth);
        while (position < tokens.Count && tokens[position] == "or")
        {
            position++;
            var right = And(tokens, ref position, variables, depth);
            left = left == true || right == true ? true : left == false && right == false ? false : null;
        }

        return left;
    }

    private static bool? And(List<string> tokens, ref int position, IReadOnlyDictionary<string, object?> variables, int depth)
    {
        var left = Not(tokens, ref position, variables, depth);
        while (position < tokens.Count && tokens[position] == "and")
        {
            position++;
            var right = Not(tokens, ref position, variables, depth);
            left = left == false || right == false ? false : left == true && right == true ? true : null;
        }

        return left;
    }

    private static bool? Not(List<string> tokens, ref int position, IReadOnlyDictionary<string, object?> variables, int depth)
    {
        if (position < tokens.Count && tokens[position] == "not")
        {
            position++;
            return !Not(tokens, ref position, variables, depth);
        }

        return Comparison(tokens, ref position, variables, depth);
    }

    private static bool? Comparison(List<string> tokens, ref int position, IReadOnlyDictionary<string, object?> variables, int depth)
    {
        if (position < tokens.Count && tokens[position] == "(")
        {
            if (depth >= MaxDepth)
            {
                position = tokens.Count + 1;
                return null;
            }

            position++;
            var inner = Or(tokens, ref position, variables, depth + 1);
            if (position >= tokens.Count || tokens[position] != ")")
            {
                position = tokens.Count + 1;
                return null;
            }

            position++;
            return inner;
        }

        var left = Operand(tokens, ref position);
        if (position >= tokens.Count || tokens[position] is "and" or "or" or ")")
        {
            return Value(left, variables, out var known) is var value && known ? Truthy(value) : null;
        }

        var op = tokens[position++];
        if (op == "not" && position < tokens.Count && tokens[position] == "in")
        {
            op = "not in";
            position++;
        }
        else if (op == "is")
        {
            var negated = position < tokens.Count && tokens[position] == "not";
            position += negated ? 1 : 0;
            var test = position < tokens.Count ? tokens[position++] : "";
            if (test is not ("defined" or "undefined"))
            {
                return null;
            }

            Value(left, variables, out var defined);
            if (!defined && !IsPlainName(left))
            {
                return null;
            }

            return (test == "defined") ^ negated ? defined : !defined;
        }

        var right = Operand(tokens, ref position);
        var l = Value(left, variables, out var leftKnown);
        var r = Value(right, variables, out var rightKnown);
        if (!leftKnown || !rightKnown)
        {
            return null;
        }

        return op switch
        {
            "==" => Text(l) == Text(r),
            "!=" => Text(l) != Text(r),
            "in" => Contains(r, l),
            "not in" => Contains(r, l) is { } contained ? !contained : null,
            _ => null,
        };
    }

    /// <summary>The tokens of one operand: a lookup with its filters, up to the next operator.</summary>
    private static string Operand(List<string> tokens, ref int position)
    {
        var parts = new List<string>();
        while (position < tokens.Count && tokens[position] is not ("==" or "!=" or "in" or "not" or "is" or "and" or "or" or ")" or "("))
        {
            parts.Add(tokens[position++]);
        }

        return string.Concat(parts);
    }

    private static bool IsPlainName(string text) => text.Length > 0 && text.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    private static object? Value(string operand, IReadOnlyDictionary<string, object?> variables, out bool known)
    {
        known = true;
        if (operand.Length >= 2 && operand[0] is '\'' or '"' && operand[^1] == operand[0])
        {
            return operand[1..^1];
        }

        if (operand is "true" or "True")
        {
            return true;
        }

        if (operand is "false" or "False")
        {
            return false;
        }

        if (long.TryParse(operand, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        if (!operand.Contains('|', StringComparison.Ordinal) && Jinja.LookupValue(operand, variables) is { } value)
        {
            return value;
        }

        if (operand.Contains('|', StringComparison.Ordinal) && operand.Length > 0 && (char.IsAsciiLetter(operand[0]) || operand[0] == '_'))
        {
            var text = Jinja.Evaluate(operand, variables, out var resolved);
            if (resolved)
            {
                return text;
            }
        }

        known = false;
        return null;
    }

    private static bool? Contains(object? container, object? item) => container switch
    {
        IList<object?> list => list.Any(v => Text(v) == Text(item)),
        IDictionary<string, object?> map => map.ContainsKey(Text(item)),
        string text => text.Contains(Text(item), StringComparison.Ordinal),
        _ => null,
    };

    private static bool Truthy(object? value) => value switch
    {
        null => false,
        bool flag => flag,
        long number => number != 0,
        string text => text.Length > 0 && text is not ("False" or "false" or "no" or "0"),
        IList<object?> list => list.Count > 0,
        IDictionary<string, object?> map => map.Count > 0,
        _ => true,
    };

    private static string Text(object? value) => AnsibleYaml.Text(value);

    [GeneratedRegex(@"'[^']*'|""[^""]*""|==|!=|\(|\)|\||\[[^\]]*\]|[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*|-?[0-9]+|[^\s]", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Tokens();
}
