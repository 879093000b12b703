using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace CronPlan.Repos.Templating;

internal sealed partial class TemplateRenderer
{
    private static readonly HashSet<string> StringMethods = new(StringComparer.Ordinal)
    {
        "split", "rsplit", "join", "strip", "lstrip", "rstrip", "lower", "upper", "capitalize", "replace", "startswith", "endswith",
        "format", "splitlines", "find", "count",
    };

    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(250);

    private object? Call(object? callee, CallArguments arguments)
    {
        switch (callee)
        {
            case GlobalFunction function:
                return CallGlobal(function.Name, arguments);
            case BoundMethod method when method.Target is LoopInfo loop && method.Name == "cycle":
                return arguments.Positional.Count == 0 ? Unknown.Value : arguments.Positional[(int)PyValue.ToLong(loop.Attribute("index0")) % arguments.Positional.Count];
            case BoundMethod method:
                return arguments.AnyUnknown ? Unknown.Value : CallMethod(method.Target, method.Name, arguments);
            default:
                return Unknown.Value;
        }
    }

    private static object? CallGlobal(string name, CallArguments arguments)
    {
        switch (name)
        {
            case "range":
                if (arguments.AnyUnknown || arguments.Positional.Count is 0 or > 3 || arguments.Positional.Any(a => a is not (long or int or bool)))
                {
                    return Unknown.Value;
                }

                var bounds = arguments.Positional.Select(PyValue.ToLong).ToList();
                var (start, stop, step) = bounds.Count switch
                {
                    1 => (0L, bounds[0], 1L),
                    2 => (bounds[0], bounds[1], 1L),
                    _ => (bounds[0], bounds[1], bounds[2]),
                };
                if (step == 0)
                {
                    return Unknown.Value;
                }

                var count = step > 0 ? (stop - start + step - 1) / step : (start - stop - step - 1) / -step;
                if (count > PyValue.MaxSize)
                {
                    return Unknown.Value;
                }

                var items = new List<object?>();
                for (var i = 0L; i < count; i++)
                {
                    items.Add(start + (i * step));
                }

                var text = step == 1 ? $"range({start}, {stop})" : $"range({start}, {stop}, {step})";
                return new GeneratorValue(items, text: text);
            case "namespace":
                var space = new NamespaceValue();
                foreach (var (key, value) in arguments.Named)
                {
                    space.Attributes[key] = value;
                }

                return space;
            case "dict":
                return arguments.Positional.Count > 0 ? Unknown.Value : new Dictionary<string, object?>(arguments.Named, StringComparer.Ordinal);
            default:
                return Unknown.Value;
        }
    }

    private object? CallMethod(object target, string name, CallArguments arguments)
    {
        var a0 = arguments.Get(0, "", null);
        var a1 = arguments.Get(1, "", null);
        switch (target)
        {
            case IDictionary<string, object?> map:
                return name switch
                {
                    "items" => new GeneratorValue([.. map.Select(p => (object?)new TupleValue([p.Key, Materialize(p.Value)]))], "dict_items"),
                    "keys" => new GeneratorValue([.. map.Keys], "dict_keys"),
                    "values" => new GeneratorValue([.. map.Values.Select(Materialize)], "dict_values"),
                    "get" when a0 is string key => map.TryGetValue(key, out var value) ? Materialize(value) : a1,
                    "get" => a1,
                    _ => Unknown.Value,
                };
            case IList<object?> list:
                var items = Iterate(list) ?? [];
                return name switch
                {
                    "count" => (long)items.Count(i => PyValue.Equal(i, a0) == true),
                    "index" => items.FindIndex(i => PyValue.Equal(i, a0) == true) is var at and >= 0 ? (long)at : Unknown.Value,
                    _ => Unknown.Value,
                };
            case string text:
                return StringMethod(text, name, arguments);
            default:
                return Unknown.Value;
        }
    }

    private object? StringMethod(string text, string name, CallArguments arguments)
    {
        var a0 = arguments.Get(0, "", null);
        var a1 = arguments.Get(1, "", null);
        switch (name)
        {
            case "split" or "rsplit":
                var separator = arguments.Get(0, "sep", null);
                var limit = arguments.Get(1, "maxsplit", -1L);
                return separator is not (null or string) || limit is not (long or int) || separator is "" ? Unknown.Value : Split(text, (string?)separator, PyValue.ToLong(limit), name == "rsplit");
            case "join":
                var parts = Iterate(a0);
                return parts is null || parts.Any(p => p is not string) ? Unknown.Value : Capped(string.Join(text, parts.Cast<string>()));
            case "strip" or "lstrip" or "rstrip":
                if (a0 is not (null or string))
                {
                    return Unknown.Value;
                }

                var chars = (a0 as string)?.ToCharArray();
                return name switch
                {
                    "strip" => chars is null ? text.Trim() : text.Trim(chars),
                    "lstrip" => chars is null ? text.TrimStart() : text.TrimStart(chars),
                    _ => chars is null ? text.TrimEnd() : text.TrimEnd(chars),
                };
            case "lower":
                return text.ToLowerInvariant();
            case "upper":
                return text.ToUpperInvariant();
            case "capitalize":
                return text.Length == 0 ? text : text[..1].ToUpperInvariant() + text[1..].ToLowerInvariant();
            case "replace":
                return a0 is string old && a1 is string replacement && old.Length > 0 ? Replace(text, old, replacement, arguments.Get(2, "count", -1L)) : Unknown.Value;
            case "startswith" or "endswith":
                var candidates = a0 switch { string s => [s], TupleValue t when t.Items.All(i => i is string) => t.Items.Cast<string>().ToList(), _ => null };
                return candidates is null ? Unknown.Value : candidates.Any(c => name == "startswith" ? text.StartsWith(c, StringComparison.Ordinal) : text.EndsWith(c, StringComparison.Ordinal));
            case "format":
                return Format(text, arguments);
            case "splitlines":
                var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n').ToList();
                if (lines.Count > 0 && lines[^1].Length == 0)
                {
                    lines.RemoveAt(lines.Count - 1);
                }

                return lines.Cast<object?>().ToList();
            case "find":
                return a0 is string needle ? (long)text.IndexOf(needle, StringComparison.Ordinal) : Unknown.Value;
            case "count":
                return a0 is string sub && sub.Length > 0 ? (long)((text.Length - text.Replace(sub, "", StringComparison.Ordinal).Length) / sub.Length) : Unknown.Value;
            default:
                return Unknown.Value;
        }
    }

    private static object? Capped(string text) => text.Length > PyValue.MaxSize ? Unknown.Value : text;

    private static object? Replace(string text, string old, string replacement, object? count)
    {
        if (count is not (long or int))
        {
            return Unknown.Value;
        }

        var limit = PyValue.ToLong(count);
        if (limit < 0)
        {
            return Capped(text.Replace(old, replacement, StringComparison.Ordinal));
        }

        var builder = new StringBuilder();
        var position = 0;
        for (var done = 0L; done < limit; done++)
        {
            var at = text.IndexOf(old, position, StringComparison.Ordinal);
            if (at < 0)
            {
                break;
            }

            builder.Append(text, position, at - position).Append(replacement);
            position = at + old.Length;
        }

        return Capped(builder.Append(text, position, text.Length - position).ToString());
    }

    /// <summary>Python's <c>str.split</c> and <c>str.rsplit</c>: no separator splits on runs of whitespace and drops empty parts.</summary>
    private static List<object?> Split(string text, string? separator, long limit, bool fromRight)
    {
        List<string> parts;
        if (separator is null)
        {
            parts = [.. text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)];
            if (limit >= 0 && parts.Count > limit + 1)
            {
                // Rejoin what the limit leaves whole, with the whitespace as written.
                var trimmed = fromRight ? text.TrimEnd() : text.TrimStart();
                var kept = new List<string>();
                var rest = trimmed;
                for (var i = 0; i < limit; i++)
                {
                    if (fromRight)
                    {
                        var end = rest.Length;
                        var start = end;
                        while (start > 0 && !char.IsWhiteSpace(rest[start - 1]))
                        {
                            start--;
                        }

                        kept.Insert(0, rest[start..end]);
                        rest = rest[..start].TrimEnd();
                    }
                    else
                    {
                        var end = 0;
                        while (end < rest.Length && !char.IsWhiteSpace(rest[end]))
                        {
                            end++;
                        }

                        kept.Add(rest[..end]);
                        rest = rest[end..].TrimStart();
                    }
                }

                if (fromRight)
                {
                    kept.Insert(0, rest);
                }
                else
                {
                    kept.Add(rest);
                }

                parts = kept;
            }
        }
        else
        {
            parts = [.. text.Split(separator)];
            if (limit >= 0 && parts.Count > limit + 1)
            {
                var cut = parts.Count - (int)limit;
                parts = fromRight
                    ? [string.Join(separator, parts.Take(cut)), .. parts.Skip(cut)]
                    : [.. parts.Take((int)limit), string.Join(separator, parts.Skip((int)limit))];
            }
        }

        return [.. parts.Cast<object?>()];
    }

    /// <summary><c>"{}-{0}-{name}".format(...)</c> without format specifications.</summary>
    private static object? Format(string format, CallArguments arguments)
    {
        var builder = new StringBuilder();
        var automatic = 0;
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (c == '}' )
            {
                if (i + 1 < format.Length && format[i + 1] == '}')
                {
                    builder.Append('}');
                    i++;
                    continue;
                }

                return Unknown.Value;
            }

            if (c != '{')
            {
                builder.Append(c);
                continue;
            }

            if (i + 1 < format.Length && format[i + 1] == '{')
            {
                builder.Append('{');
                i++;
                continue;
            }

            var close = format.IndexOf('}', i);
            if (close < 0)
            {
                return Unknown.Value;
            }

            var field = format[(i + 1)..close];
            object? value;
            if (field.Length == 0)
            {
                value = automatic < arguments.Positional.Count ? arguments.Positional[automatic++] : Unknown.Value;
            }
            else if (int.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                value = index < arguments.Positional.Count ? arguments.Positional[index] : Unknown.Value;
            }
            else if (field.All(ch => char.IsLetterOrDigit(ch) || ch == '_'))
            {
                value = arguments.Named.TryGetValue(field, out var named) ? named : Unknown.Value;
            }
            else
            {
                return Unknown.Value;
            }

            if (value is Unknown or Undefined)
            {
                return Unknown.Value;
            }

            builder.Append(PyValue.Str(value));
            i = close;
        }

        return Capped(builder.ToString());
    }

    private object? ApplyFilter(string name, object? value, CallArguments arguments)
    {
        if (name is "default" or "d")
        {
            if (value is Undefined)
            {
                return arguments.Get(0, "default_value", "");
            }

            if (value is Unknown)
            {
                return Unknown.Value;
            }

            if (arguments.Get(1, "boolean", false) is var boolean && PyValue.Truth(boolean) == true)
            {
                return PyValue.Truth(value) switch
                {
                    null => Unknown.Value,
                    false => arguments.Get(0, "default_value", ""),
                    true => value,
                };
            }

            return value;
        }

        if (name == "mandatory")
        {
            return value is Undefined ? Unknown.Value : value;
        }

        if (PyValue.IsUnknownOrUndefined(value) || arguments.AnyUnknown)
        {
            return Unknown.Value;
        }

        var a0 = arguments.Get(0, "", null);
        switch (name)
        {
            case "string":
                return PyValue.Str(value);
            case "lower":
                return PyValue.Str(value).ToLowerInvariant();
            case "upper":
                return PyValue.Str(value).ToUpperInvariant();
            case "capitalize":
                return StringMethod(PyValue.Str(value), "capitalize", arguments);
            case "trim":
                var chars = arguments.Get(0, "chars", null);
                return chars is null or string ? StringMethod(PyValue.Str(value), "strip", new CallArguments([chars], [])) : Unknown.Value;
            case "replace":
                return a0 is string old && arguments.Get(1, "new", null) is string replacement && old.Length > 0
                    ? Replace(PyValue.Str(value), old, replacement, arguments.Get(2, "count", -1L) ?? -1L)
                    : Unknown.Value;
            case "split":
                return StringMethod(PyValue.Str(value), "split", arguments);
            case "int":
                return ToInteger(value, arguments.Get(0, "default", 0L), arguments.Get(1, "base", 10L));
            case "float":
                return ToFloat(value) ?? arguments.Get(0, "default", 0.0);
            case "abs":
                return value switch { double d => Math.Abs(d), long l when l != long.MinValue => Math.Abs(l), int or bool => Math.Abs(PyValue.ToLong(value)), _ => Unknown.Value };
            case "bool":
                // Ansible's bool filter: only these words (any case) and 1 are true.
                return value switch
                {
                    bool b => b,
                    string s => s.ToLowerInvariant() is "yes" or "on" or "1" or "true",
                    long or int or double => PyValue.ToDouble(value is double ? value : PyValue.ToLong(value)) == 1,
                    _ => false,
                };
            case "length" or "count":
                return value switch
                {
                    string s => (long)s.Length,
                    IList<object?> l => (long)l.Count,
                    TupleValue t => (long)t.Items.Count,
                    IDictionary<string, object?> m => (long)m.Count,
                    GeneratorValue g => (long)g.Items.Count,
                    _ => Unknown.Value,
                };
            case "first" or "last":
                var sequence = Iterate(value);
                return sequence is null ? Unknown.Value : sequence.Count == 0 ? new Undefined(name) : name == "first" ? sequence[0] : sequence[^1];
            case "list":
                return Iterate(value) is { } listed ? listed : Unknown.Value;
            case "join":
                return Join(value, arguments);
            case "unique":
                return Unique(value);
            case "sort":
                return Sort(value, arguments);
            case "select" or "reject":
                return Select(value, name == "select", arguments);
            case "map":
                return Map(value, arguments);
            case "dict2items":
                if (value is not IDictionary<string, object?> mapping || arguments.Get(0, "key_name", "key") is not string keyName || arguments.Get(1, "value_name", "value") is not string valueName)
                {
                    return Unknown.Value;
                }

                return mapping.Select(p => (object?)new Dictionary<string, object?>(StringComparer.Ordinal) { [keyName] = p.Key, [valueName] = Materialize(p.Value) }).ToList();
            case "combine":
                if (value is not IDictionary<string, object?> first || arguments.Positional.Any(a => a is not IDictionary<string, object?>) || arguments.Named.Count > 0)
                {
                    return Unknown.Value;
                }

                var combined = new Dictionary<string, object?>(first, StringComparer.Ordinal);
                foreach (IDictionary<string, object?> other in arguments.Positional.Cast<IDictionary<string, object?>>())
                {
                    foreach (var (key, item) in other)
                    {
                        combined[key] = item;
                    }
                }

                return combined;
            case "ternary":
                return PyValue.Truth(value) switch
                {
                    null => Unknown.Value,
                    _ when value is null && arguments.Has(2, "none_val") => arguments.Get(2, "none_val", null),
                    true => a0,
                    false => arguments.Get(1, "false_val", null),
                };
            case "basename" or "dirname":
                if (value is not string path)
                {
                    return Unknown.Value;
                }

                var slash = path.LastIndexOf('/');
                if (name == "basename")
                {
                    return path[(slash + 1)..];
                }

                var head = path[..(slash + 1)];
                return head.Length > 0 && head.Trim('/').Length > 0 ? head.TrimEnd('/') : head;
            case "quote":
                return Quote(value is null ? "" : PyValue.Str(value));
            case "regex_replace":
                return RegexReplace(PyValue.Str(value), arguments);
            case "to_json":
                var json = new StringBuilder();
                return arguments.Count == 0 && WriteJson(json, value, 0) ? Capped(json.ToString()) : Unknown.Value;
            default:
                return Unknown.Value;
        }
    }

    private static object? ToInteger(object? value, object? fallback, object? numberBase)
    {
        if (numberBase is not (long or int) || PyValue.ToLong(numberBase) != 10)
        {
            return Unknown.Value;
        }

        switch (value)
        {
            case bool or long or int:
                return PyValue.ToLong(value);
            case double d:
                return double.IsFinite(d) && Math.Abs(d) < 9e18 ? (long)Math.Truncate(d) : Unknown.Value;
            case string text:
                var clean = text.Trim();
                if (clean.Length > 0 && !clean.StartsWith('_') && !clean.EndsWith('_') && !clean.Contains("__", StringComparison.Ordinal))
                {
                    if (long.TryParse(clean.Replace("_", "", StringComparison.Ordinal), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
                    {
                        return parsed;
                    }
                }

                return ToFloat(text) is double f ? ToInteger(f, fallback, numberBase) : fallback;
            default:
                return fallback;
        }
    }

    private static double? ToFloat(object? value)
    {
        switch (value)
        {
            case bool or long or int:
                return PyValue.ToLong(value);
            case double d:
                return d;
            case string text:
                var clean = text.Trim().ToLowerInvariant();
                if (clean is "nan" or "+nan" or "-nan" or "inf" or "+inf" or "-inf" or "infinity" or "+infinity" or "-infinity")
                {
                    return clean.Contains("nan", StringComparison.Ordinal) ? double.NaN : clean.StartsWith('-') ? double.NegativeInfinity : double.PositiveInfinity;
                }

                if (clean.Length == 0 || clean.Contains(',', StringComparison.Ordinal) || clean.Contains("__", StringComparison.Ordinal) || clean.StartsWith('_') || clean.EndsWith('_'))
                {
                    return null;
                }

                return double.TryParse(clean.Replace("_", "", StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
            default:
                return null;
        }
    }

    private object? Join(object? value, CallArguments arguments)
    {
        var items = Iterate(value);
        var separator = arguments.Get(0, "d", "");
        var attribute = arguments.Get(1, "attribute", null);
        if (items is null || separator is not string)
        {
            return Unknown.Value;
        }

        if (attribute is not null)
        {
            items = [.. items.Select(i => GetItem(i, attribute))];
        }

        return items.Any(i => i is Unknown or Undefined) ? Unknown.Value : Capped(string.Join((string)separator, items.Select(PyValue.Str)));
    }

    private static string UniqueKey(object? value) => value switch
    {
        string s => "s" + s.ToLowerInvariant(),
        bool or long or int or double => "n" + PyValue.FormatFloat(PyValue.ToDouble(value)),
        _ => "r" + PyValue.Repr(value),
    };

    private object? Unique(object? value)
    {
        var items = Iterate(value);
        if (items is null || items.Any(i => i is Unknown or Undefined || i is IList<object?> or IDictionary<string, object?>))
        {
            return Unknown.Value;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        return items.Where(i => seen.Add(UniqueKey(i))).ToList();
    }

    private object? Sort(object? value, CallArguments arguments)
    {
        var items = Iterate(value);
        var reverse = PyValue.Truth(arguments.Get(0, "reverse", false));
        var caseSensitive = PyValue.Truth(arguments.Get(1, "case_sensitive", false));
        var attribute = arguments.Get(2, "attribute", null);
        if (items is null || reverse is null || caseSensitive is null || items.Any(i => i is Unknown or Undefined))
        {
            return Unknown.Value;
        }

        object? Key(object? item)
        {
            var key = attribute is null ? item : GetItem(item, attribute);
            return key is string s && caseSensitive == false ? s.ToLowerInvariant() : key;
        }

        var keyed = items.Select(i => (Item: i, Key: Key(i))).ToList();
        if (keyed.Any(k => k.Key is Unknown or Undefined))
        {
            return Unknown.Value;
        }

        var failed = false;
        var comparer = Comparer<object?>.Create((x, y) =>
        {
            var order = PyValue.Compare(x, y);
            failed |= order is null;
            return order ?? 0;
        });
        var sorted = reverse == true ? keyed.OrderByDescending(k => k.Key, comparer).ToList() : keyed.OrderBy(k => k.Key, comparer).ToList();
        return failed ? Unknown.Value : sorted.Select(k => k.Item).ToList();
    }

    private object? Select(object? value, bool keep, CallArguments arguments)
    {
        var items = Iterate(value);
        if (items is null)
        {
            return Unknown.Value;
        }

        var test = arguments.Positional.Count > 0 ? arguments.Positional[0] as string : null;
        if (arguments.Positional.Count > 0 && test is null)
        {
            return Unknown.Value;
        }

        var rest = new CallArguments([.. arguments.Positional.Skip(1)], arguments.Named);
        var kept = new List<object?>();
        foreach (var item in items)
        {
            var passed = test is null ? PyValue.Truth(item) : ApplyTest(test, item, rest);
            if (passed is null)
            {
                return Unknown.Value;
            }

            if (passed == keep)
            {
                kept.Add(item);
            }
        }

        return new GeneratorValue(kept);
    }

    private object? Map(object? value, CallArguments arguments)
    {
        var items = Iterate(value);
        if (items is null)
        {
            return Unknown.Value;
        }

        if (arguments.Named.TryGetValue("attribute", out var attribute))
        {
            var hasDefault = arguments.Named.TryGetValue("default", out var fallback);
            return new GeneratorValue([.. items.Select(i => GetItem(i, attribute) is var found && found is Undefined && hasDefault ? fallback : found)]);
        }

        if (arguments.Positional.Count == 0 || arguments.Positional[0] is not string filter)
        {
            return Unknown.Value;
        }

        var rest = new CallArguments([.. arguments.Positional.Skip(1)], arguments.Named);
        return new GeneratorValue([.. items.Select(i => ApplyFilter(filter, i, rest))]);
    }

    /// <summary>Python's <c>shlex.quote</c>.</summary>
    private static string Quote(string text)
    {
        if (text.Length == 0)
        {
            return "''";
        }

        var safe = text.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '@' or '%' or '+' or '=' or ':' or ',' or '.' or '/' or '-');
        return safe ? text : "'" + text.Replace("'", "'\"'\"'", StringComparison.Ordinal) + "'";
    }

    private static object? RegexReplace(string value, CallArguments arguments)
    {
        var pattern = PythonPattern(arguments.Get(0, "pattern", "") as string);
        var replacement = PythonReplacement(arguments.Get(1, "replacement", "") as string);
        var ignoreCase = PyValue.Truth(arguments.Get(2, "ignorecase", false));
        var multiline = PyValue.Truth(arguments.Get(3, "multiline", false));
        var count = arguments.Get(4, "count", 0L);
        if (pattern is null || replacement is null || ignoreCase is null || multiline is null || count is not (long or int) || arguments.Has(5, "mandatory_count"))
        {
            return Unknown.Value;
        }

        var options = RegexOptions.CultureInvariant | (ignoreCase == true ? RegexOptions.IgnoreCase : 0) | (multiline == true ? RegexOptions.Multiline : 0);
        try
        {
            var regex = new Regex(pattern, options, RegexTimeout);
            var limit = PyValue.ToLong(count);
            return Capped(limit > 0 ? regex.Replace(value, replacement, (int)Math.Min(limit, int.MaxValue)) : regex.Replace(value, replacement));
        }
        catch (Exception e) when (e is ArgumentException or RegexMatchTimeoutException)
        {
            return Unknown.Value;
        }
    }

    /// <summary>A Python pattern in .NET's syntax: named groups and <c>\Z</c> differ; null when it cannot be translated.</summary>
    private static string? PythonPattern(string? pattern)
    {
        if (pattern is null)
        {
            return null;
        }

        var builder = new StringBuilder();
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] == '\\' && i + 1 < pattern.Length)
            {
                builder.Append(pattern[i + 1] == 'Z' ? @"\z" : pattern.Substring(i, 2));
                i++;
            }
            else if (string.CompareOrdinal(pattern, i, "(?P<", 0, 4) == 0)
            {
                builder.Append("(?<");
                i += 3;
            }
            else if (string.CompareOrdinal(pattern, i, "(?P=", 0, 4) == 0)
            {
                var close = pattern.IndexOf(')', i);
                if (close < 0)
                {
                    return null;
                }

                builder.Append(@"\k<").Append(pattern, i + 4, close - i - 4).Append('>');
                i = close;
            }
            else
            {
                builder.Append(pattern[i]);
            }
        }

        return builder.ToString();
    }

    /// <summary>A Python replacement template (<c>\1</c>, <c>\g&lt;name&gt;</c>) in .NET's syntax.</summary>
    private static string? PythonReplacement(string? replacement)
    {
        if (replacement is null)
        {
            return null;
        }

        var builder = new StringBuilder();
        for (var i = 0; i < replacement.Length; i++)
        {
            var c = replacement[i];
            if (c == '$')
            {
                builder.Append("$$");
                continue;
            }

            if (c != '\\' || i + 1 >= replacement.Length)
            {
                builder.Append(c);
                continue;
            }

            var next = replacement[++i];
            switch (next)
            {
                case '\\':
                    builder.Append('\\');
                    break;
                case 'n':
                    builder.Append('\n');
                    break;
                case 't':
                    builder.Append('\t');
                    break;
                case 'r':
                    builder.Append('\r');
                    break;
                case 'g':
                    var close = replacement.IndexOf('>', i);
                    if (i + 1 >= replacement.Length || replacement[i + 1] != '<' || close < 0)
                    {
                        return null;
                    }

                    builder.Append("${").Append(replacement, i + 2, close - i - 2).Append('}');
                    i = close;
                    break;
                case >= '1' and <= '9':
                    var group = next - '0';
                    if (i + 1 < replacement.Length && char.IsAsciiDigit(replacement[i + 1]))
                    {
                        group = (group * 10) + (replacement[++i] - '0');
                    }

                    builder.Append("${").Append(group.ToString(CultureInfo.InvariantCulture)).Append('}');
                    break;
                default:
                    if (char.IsAsciiLetter(next))
                    {
                        return null;
                    }

                    builder.Append('\\').Append(next);
                    break;
            }
        }

        return builder.ToString();
    }

    /// <summary>Python's <c>json.dumps</c> with its defaults (<c>", "</c> and <c>": "</c>, ASCII only).</summary>
    private bool WriteJson(StringBuilder json, object? value, int depth)
    {
        if (depth > 100 || json.Length > PyValue.MaxSize)
        {
            return false;
        }

        switch (value)
        {
            case null:
                json.Append("null");
                return true;
            case bool b:
                json.Append(b ? "true" : "false");
                return true;
            case long or int:
                json.Append(PyValue.Str(value));
                return true;
            case double d:
                json.Append(double.IsNaN(d) ? "NaN" : double.IsPositiveInfinity(d) ? "Infinity" : double.IsNegativeInfinity(d) ? "-Infinity" : PyValue.FormatFloat(d));
                return true;
            case string s:
                json.Append('"');
                foreach (var c in s)
                {
                    switch (c)
                    {
                        case '"':
                            json.Append("\\\"");
                            break;
                        case '\\':
                            json.Append(@"\\");
                            break;
                        case '\n':
                            json.Append(@"\n");
                            break;
                        case '\r':
                            json.Append(@"\r");
                            break;
                        case '\t':
                            json.Append(@"\t");
                            break;
                        case '\b':
                            json.Append(@"\b");
                            break;
                        case '\f':
                            json.Append(@"\f");
                            break;
                        default:
                            if (c < ' ' || c > '~')
                            {
                                json.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
                            }
                            else
                            {
                                json.Append(c);
                            }

                            break;
                    }
                }

                json.Append('"');
                return true;
            case IList<object?> or TupleValue:
                json.Append('[');
                var items = Iterate(value)!;
                for (var i = 0; i < items.Count; i++)
                {
                    json.Append(i > 0 ? ", " : "");
                    if (!WriteJson(json, items[i], depth + 1))
                    {
                        return false;
                    }
                }

                json.Append(']');
                return true;
            case IDictionary<string, object?> map:
                json.Append('{');
                var first = true;
                foreach (var (key, item) in map)
                {
                    json.Append(first ? "" : ", ");
                    first = false;
                    WriteJson(json, key, depth + 1);
                    json.Append(": ");
                    if (!WriteJson(json, Materialize(item), depth + 1))
                    {
                        return false;
                    }
                }

                json.Append('}');
                return true;
            default:
                return false;
        }
    }

    /// <summary>The tests Ansible roles use; null when it cannot be told.</summary>
    private bool? ApplyTest(string name, object? value, CallArguments arguments)
    {
        if (name is "defined" or "undefined")
        {
            return value is Unknown ? null : (value is Undefined) == (name == "undefined");
        }

        if (PyValue.IsUnknownOrUndefined(value) || arguments.AnyUnknown)
        {
            return null;
        }

        var other = arguments.Get(0, "", null);
        var numericText = value is string t && PyValue.NumberFromText(t) is not null;
        switch (name)
        {
            case "none":
                return value is null;
            case "string":
                return numericText ? null : value is string;
            case "number":
                return numericText ? null : PyValue.IsNumber(value);
            case "integer":
                return numericText ? null : value is long or int;
            case "float":
                return numericText ? null : value is double;
            case "boolean":
                return value is bool;
            case "true":
                return value is true;
            case "false":
                return value is false;
            case "mapping":
                return value is IDictionary<string, object?>;
            case "sequence":
                return value is string or IList<object?> or TupleValue or IDictionary<string, object?>;
            case "iterable":
                return value is string or IList<object?> or TupleValue or IDictionary<string, object?> or GeneratorValue;
            case "equalto" or "eq" or "==" or "sameas" when name != "sameas" || value is null or bool:
                return PyValue.Equal(value, other);
            case "ne" or "!=":
                return !PyValue.Equal(value, other);
            case "in":
                return Contains(other, value);
            case "odd" or "even":
                return value is long or int or bool ? (PyValue.ToLong(value) % 2 != 0) == (name == "odd") : null;
            case "divisibleby":
                return value is long or int && other is long or int && PyValue.ToLong(other) != 0 ? PyValue.ToLong(value) % PyValue.ToLong(other) == 0 : null;
            case "lower" or "upper":
                var text = PyValue.Str(value);
                var cased = text.Where(char.IsLetter).ToList();
                return cased.Count > 0 && cased.All(c => name == "lower" ? !char.IsUpper(c) : !char.IsLower(c));
            case "gt" or "greaterthan" or ">" or "lt" or "lessthan" or "<" or "ge" or ">=" or "le" or "<=":
                var order = PyValue.Compare(value, other);
                return order is null ? null : name switch
                {
                    "gt" or "greaterthan" or ">" => order > 0,
                    "lt" or "lessthan" or "<" => order < 0,
                    "ge" or ">=" => order >= 0,
                    _ => order <= 0,
                };
            default:
                return null;
        }
    }
}
