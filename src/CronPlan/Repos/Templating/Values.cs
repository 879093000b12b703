using System.Globalization;
using System.Text;

namespace CronPlan.Repos.Templating;

/// <summary>
/// A value the repository cannot know before the play runs (a fact, <c>hostvars</c>, a lookup), or the result of any
/// operation on one. It is never rendered as text: the expression that produced it is kept as written.
/// </summary>
internal sealed class Unknown
{
    public static readonly Unknown Value = new();

    private Unknown()
    {
    }

    public override string ToString() => "<unknown>";
}

/// <summary>
/// A name that is in none of the variables: <c>default()</c> replaces it and <c>is defined</c> is false. A
/// <paramref name="silent"/> one (<c>a if false</c> without <c>else</c>) is written as nothing, even by Ansible.
/// </summary>
internal sealed class Undefined(string name, bool silent = false)
{
    public string Name { get; } = name;

    public bool Silent { get; } = silent;

    public override string ToString() => $"<undefined {Name}>";
}

/// <summary>A Python tuple: <c>(a, b)</c>, <c>dict.items()</c> pairs.</summary>
internal sealed class TupleValue(IReadOnlyList<object?> items)
{
    public IReadOnlyList<object?> Items { get; } = items;
}

/// <summary><c>text.split</c> before it is called.</summary>
internal sealed record BoundMethod(object Target, string Name);

/// <summary>
/// An iterable that is not a list: the result of <c>map</c>, <c>select</c> and <c>reject</c> (a generator in Jinja, a
/// list once Ansible finalizes it), a <c>dict.items()</c> view (<paramref name="view"/> names it), a <c>range</c>
/// (<paramref name="text"/> is how Python prints it).
/// </summary>
internal sealed class GeneratorValue(List<object?> items, string? view = null, string? text = null)
{
    public List<object?> Items { get; } = items;

    public string? View { get; } = view;

    public string? Text { get; } = text;
}

/// <summary>A <c>namespace()</c>: the one object a template may change from inside a loop.</summary>
internal sealed class NamespaceValue
{
    public Dictionary<string, object?> Attributes { get; } = new(StringComparer.Ordinal);
}

/// <summary>Python semantics of the values: truthiness, <c>str()</c>, <c>repr()</c>, equality and ordering.</summary>
internal static class PyValue
{
    /// <summary>Longest text or list a template may build; past it the result is unknown rather than allocated.</summary>
    public const int MaxSize = 1_000_000;

    public static bool IsUnknownOrUndefined(object? value) => value is Unknown or Undefined;

    public static bool IsNumber(object? value) => value is long or int or double or bool;

    public static bool IsSequence(object? value) => value is IList<object?> or TupleValue or GeneratorValue or string;

    public static bool IsMapping(object? value) => value is IDictionary<string, object?> or IReadOnlyDictionary<string, object?>;

    /// <summary>Truthiness; null when it cannot be told (unknown, undefined, or a YAML boolean word the reader passed as text).</summary>
    public static bool? Truth(object? value) => value switch
    {
        null => false,
        bool b => b,
        long l => l != 0,
        int i => i != 0,
        double d => d != 0,
        string s when IsYamlBooleanWord(s) => null,
        string s => s.Length > 0,
        IList<object?> list => list.Count > 0,
        TupleValue tuple => tuple.Items.Count > 0,
        GeneratorValue => true,
        IDictionary<string, object?> map => map.Count > 0,
        Unknown or Undefined => null,
        _ => true,
    };

    // The repository reader may hand over every YAML scalar as text: "false" might have been the boolean or the string.
    private static bool IsYamlBooleanWord(string text) => text.ToUpperInvariant() is "TRUE" or "FALSE" or "YES" or "NO" or "ON" or "OFF";

    /// <summary>A numeric-looking string as the number YAML would have made of it.</summary>
    public static object? NumberFromText(string text)
    {
        if (text.Length == 0 || text.Length > 40 || char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1]))
        {
            return null;
        }

        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) && !(text.TrimStart('-', '+').StartsWith('0') && text.TrimStart('-', '+').Length > 1))
        {
            return l;
        }

        if (text.Contains('.', StringComparison.Ordinal) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            return d;
        }

        return null;
    }

    /// <summary>Python's <c>str()</c>.</summary>
    public static string Str(object? value) => value switch
    {
        string s => s,
        _ => Repr(value),
    };

    /// <summary>Python's <c>repr()</c>; lists and mappings as Python prints them.</summary>
    public static string Repr(object? value)
    {
        var builder = new StringBuilder();
        AppendRepr(builder, value, 0);
        return builder.ToString();
    }

    private static void AppendRepr(StringBuilder builder, object? value, int depth)
    {
        if (depth > 100 || builder.Length > MaxSize)
        {
            builder.Append("...");
            return;
        }

        switch (value)
        {
            case null:
                builder.Append("None");
                break;
            case bool b:
                builder.Append(b ? "True" : "False");
                break;
            case long or int:
                builder.Append(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
            case double d:
                builder.Append(FormatFloat(d));
                break;
            case string s:
                AppendQuoted(builder, s);
                break;
            case IList<object?> list:
                builder.Append('[');
                for (var i = 0; i < list.Count; i++)
                {
                    builder.Append(i > 0 ? ", " : "");
                    AppendRepr(builder, list[i], depth + 1);
                }

                builder.Append(']');
                break;
            case GeneratorValue { Text: { } text }:
                builder.Append(text);
                break;
            case GeneratorValue generator:
                builder.Append(generator.View is null ? "" : generator.View + "(");
                AppendRepr(builder, generator.Items, depth);
                builder.Append(generator.View is null ? "" : ")");
                break;
            case TupleValue tuple:
                builder.Append('(');
                for (var i = 0; i < tuple.Items.Count; i++)
                {
                    builder.Append(i > 0 ? ", " : "");
                    AppendRepr(builder, tuple.Items[i], depth + 1);
                }

                builder.Append(tuple.Items.Count == 1 ? ",)" : ")");
                break;
            case IDictionary<string, object?> map:
                builder.Append('{');
                var first = true;
                foreach (var (key, item) in map)
                {
                    builder.Append(first ? "" : ", ");
                    first = false;
                    AppendQuoted(builder, key);
                    builder.Append(": ");
                    AppendRepr(builder, item, depth + 1);
                }

                builder.Append('}');
                break;
            default:
                builder.Append(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }

    private static void AppendQuoted(StringBuilder builder, string text)
    {
        var quote = text.Contains('\'', StringComparison.Ordinal) && !text.Contains('"', StringComparison.Ordinal) ? '"' : '\'';
        builder.Append(quote);
        foreach (var c in text)
        {
            switch (c)
            {
                case '\\':
                    builder.Append(@"\\");
                    break;
                case '\n':
                    builder.Append(@"\n");
                    break;
                case '\r':
                    builder.Append(@"\r");
                    break;
                case '\t':
                    builder.Append(@"\t");
                    break;
                default:
                    if (c == quote)
                    {
                        builder.Append('\\').Append(c);
                    }
                    else if (c < ' ' || c == '\x7f')
                    {
                        builder.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}");
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        builder.Append(quote);
    }

    /// <summary>Python's <c>repr(float)</c>: the shortest round-trip digits, fixed between 1e-4 and 1e16, else scientific.</summary>
    public static string FormatFloat(double value)
    {
        if (double.IsNaN(value))
        {
            return "nan";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "inf" : "-inf";
        }

        var sign = value < 0 || (value == 0 && double.IsNegative(value)) ? "-" : "";
        if (value == 0)
        {
            return sign + "0.0";
        }

        var shortest = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        var mantissa = shortest.Split('E')[0];
        var digits = mantissa.Replace(".", "", StringComparison.Ordinal).TrimStart('0').TrimEnd('0');
        if (digits.Length == 0)
        {
            digits = "0";
        }

        var exponent = ShortestExponent(shortest);
        if (exponent is >= -4 and < 16)
        {
            if (exponent >= 0)
            {
                var whole = digits.Length > exponent + 1 ? digits[..(exponent + 1)] : digits.PadRight(exponent + 1, '0');
                var fraction = digits.Length > exponent + 1 ? digits[(exponent + 1)..] : "0";
                return sign + whole + "." + fraction;
            }

            return sign + "0." + new string('0', -exponent - 1) + digits;
        }

        var text = digits.Length > 1 ? digits[0] + "." + digits[1..] : digits;
        return sign + text + "e" + (exponent < 0 ? "-" : "+") + Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
    }

    private static int ShortestExponent(string shortest)
    {
        var parts = shortest.Split('E');
        var extra = parts.Length > 1 ? int.Parse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) : 0;
        var mantissa = parts[0];
        var point = mantissa.IndexOf('.', StringComparison.Ordinal);
        var whole = point < 0 ? mantissa : mantissa[..point];
        if (whole.TrimStart('0').Length > 0)
        {
            return whole.TrimStart('0').Length - 1 + extra;
        }

        var fraction = point < 0 ? "" : mantissa[(point + 1)..];
        return -(fraction.Length - fraction.TrimStart('0').Length) - 1 + extra;
    }

    /// <summary>Python's <c>==</c>; null when it cannot be told.</summary>
    public static bool? Equal(object? left, object? right)
    {
        if (left is Unknown or Undefined || right is Unknown or Undefined)
        {
            return null;
        }

        if (IsNumber(left) && IsNumber(right))
        {
            return left is double || right is double ? ToDouble(left) == ToDouble(right) : ToLong(left) == ToLong(right);
        }

        // "5" == 5: the reader may have turned the YAML integer into text, so this cannot be told.
        if ((left is string ls && IsNumber(right) && NumberFromText(ls) is not null) || (right is string rs && IsNumber(left) && NumberFromText(rs) is not null))
        {
            return null;
        }

        switch (left)
        {
            case null:
                return right is null;
            case string s:
                return right is string t && string.Equals(s, t, StringComparison.Ordinal);
            case GeneratorValue or BoundMethod or NamespaceValue:
                return ReferenceEquals(left, right);
            case IList<object?> list when right is IList<object?> other:
                return SequenceEqual(list, other);
            case TupleValue tuple when right is TupleValue other:
                return SequenceEqual(tuple.Items, other.Items);
            case IDictionary<string, object?> map when right is IDictionary<string, object?> other:
                if (map.Count != other.Count)
                {
                    return false;
                }

                foreach (var (key, item) in map)
                {
                    if (!other.TryGetValue(key, out var otherItem))
                    {
                        return false;
                    }

                    var same = Equal(item, otherItem);
                    if (same != true)
                    {
                        return same;
                    }
                }

                return true;
            default:
                return false;
        }
    }

    private static bool? SequenceEqual(IReadOnlyList<object?> left, IReadOnlyList<object?> right)
    {
        if (left.Count != right.Count)
        {
            return false;
        }

        for (var i = 0; i < left.Count; i++)
        {
            var same = Equal(left[i], right[i]);
            if (same != true)
            {
                return same;
            }
        }

        return true;
    }

    private static bool? SequenceEqual(IList<object?> left, IList<object?> right) => SequenceEqual((IReadOnlyList<object?>)[.. left], [.. right]);

    /// <summary>Python's ordering: negative, zero or positive; null when Python raises or it cannot be told.</summary>
    public static int? Compare(object? left, object? right)
    {
        if (left is string ls && IsNumber(right) && NumberFromText(ls) is { } ln)
        {
            left = ln;
        }

        if (right is string rs && IsNumber(left) && NumberFromText(rs) is { } rn)
        {
            right = rn;
        }

        if (IsNumber(left) && IsNumber(right))
        {
            return left is double || right is double ? ToDouble(left).CompareTo(ToDouble(right)) : ToLong(left).CompareTo(ToLong(right));
        }

        if (left is string a && right is string b)
        {
            return Math.Sign(string.CompareOrdinal(a, b));
        }

        var leftItems = left switch { IList<object?> l => (IReadOnlyList<object?>)[.. l], TupleValue t => t.Items, _ => null };
        var rightItems = right switch { IList<object?> l => (IReadOnlyList<object?>)[.. l], TupleValue t => t.Items, _ => null };
        if (leftItems is null || rightItems is null || (left is TupleValue) != (right is TupleValue))
        {
            return null;
        }

        for (var i = 0; i < Math.Min(leftItems.Count, rightItems.Count); i++)
        {
            var same = Equal(leftItems[i], rightItems[i]);
            if (same is null)
            {
                return null;
            }

            if (same == false)
            {
                return Compare(leftItems[i], rightItems[i]);
            }
        }

        return leftItems.Count.CompareTo(rightItems.Count);
    }

    public static long ToLong(object? value) => value switch
    {
        bool b => b ? 1 : 0,
        int i => i,
        long l => l,
        _ => 0,
    };

    public static double ToDouble(object? value) => value switch
    {
        double d => d,
        _ => ToLong(value),
    };
}
