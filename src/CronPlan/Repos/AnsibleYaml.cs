using System.Globalization;
using System.Text.RegularExpressions;
using CronPlan.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace CronPlan.Repos;

/// <summary>A YAML node as Ansible loads it, with the 1-based position it starts at.</summary>
internal abstract class YamlItem
{
    public int Line { get; init; }

    public int Column { get; init; }
}

/// <summary>A scalar: its text as written, how it was written, and the value Ansible's YAML 1.1 loader gives it.</summary>
internal sealed class YamlText : YamlItem
{
    public required string Text { get; init; }

    /// <summary>Plain (unquoted, not a block scalar): the only style YAML types implicitly.</summary>
    public bool IsPlain { get; init; }

    /// <summary>A literal or folded block scalar (<c>|</c>, <c>&gt;</c>): its content starts on the next line.</summary>
    public bool IsBlock { get; init; }

    /// <summary>A <see cref="string"/>, <see cref="long"/>, <see cref="double"/>, <see cref="bool"/> or null.</summary>
    public object? Value { get; init; }
}

/// <summary>A mapping: its pairs in order; a key given twice is looked up as its last value, as Ansible keeps it.</summary>
internal sealed class YamlMap : YamlItem
{
    public List<(YamlText Key, YamlItem Value)> Pairs { get; } = [];

    public YamlItem? this[string key]
    {
        get
        {
            for (var i = Pairs.Count - 1; i >= 0; i--)
            {
                if (Pairs[i].Key.Text == key)
                {
                    return Pairs[i].Value;
                }
            }

            return null;
        }
    }

    /// <summary>Each key once, with its last value, in the order of first appearance.</summary>
    public IEnumerable<(YamlText Key, YamlItem Value)> Entries =>
        Pairs.GroupBy(p => p.Key.Text, StringComparer.Ordinal).Select(g => (g.First().Key, g.Last().Value));
}

/// <summary>A sequence.</summary>
internal sealed class YamlList : YamlItem
{
    public List<YamlItem> Items { get; } = [];
}

/// <summary>A key given twice in one mapping: the key, the line of its first and of its last appearance.</summary>
internal sealed record DuplicateKey(string Key, int FirstLine, int Line, int Column);

/// <summary>
/// Loads YAML the way Ansible's loader does (PyYAML's YAML 1.1 resolver): plain scalars are typed (<c>5</c> an
/// integer, <c>yes</c>/<c>on</c>/<c>true</c> booleans, <c>0600</c> an octal integer, <c>~</c> null), quoted ones are
/// strings; a key given twice keeps its last value (Ansible warns, it does not fail); merge keys (<c>&lt;&lt;</c>) are
/// applied. The tree is built without recursion; depth and alias expansion are bounded as in
/// <see cref="SafeYaml"/>.
/// </summary>
internal static partial class AnsibleYaml
{
    /// <summary>The first document's root, or null for an empty stream; throws <see cref="YamlException"/> with its position.</summary>
    public static YamlItem? Load(string text, List<DuplicateKey> duplicates)
    {
        var parser = new PositionedParser(text);
        var anchors = new Dictionary<string, (YamlItem Node, long Size)>(StringComparer.Ordinal);
        var open = new Stack<(YamlItem Node, YamlText? PendingKey, string? Anchor, long StartedAt)>();
        YamlItem? root = null;
        long total = 0;
        var documents = 0;
        while (parser.MoveNext())
        {
            var current = parser.Current!;
            YamlItem? completed = null;
            long completedSize = 1;
            string? completedAnchor = null;
            switch (current)
            {
                case DocumentStart:
                    documents++;
                    anchors.Clear();
                    break;
                case Scalar scalar:
                    total++;
                    completed = Scalar(scalar);
                    completedAnchor = scalar.Anchor.IsEmpty ? null : scalar.Anchor.Value;
                    break;
                case AnchorAlias alias:
                    if (!anchors.TryGetValue(alias.Value.Value, out var target))
                    {
                        throw new YamlException(alias.Start, alias.End, $"the alias *{alias.Value.Value} refers to a node that contains it (or to no anchor)");
                    }

                    total += target.Size;
                    completed = target.Node;
                    break;
                case SequenceStart sequence:
                    total++;
                    open.Push((new YamlList { Line = Line(sequence.Start), Column = Column(sequence.Start) }, null, sequence.Anchor.IsEmpty ? null : sequence.Anchor.Value, total));
                    break;
                case MappingStart mapping:
                    total++;
                    open.Push((new YamlMap { Line = Line(mapping.Start), Column = Column(mapping.Start) }, null, mapping.Anchor.IsEmpty ? null : mapping.Anchor.Value, total));
                    break;
                case SequenceEnd or MappingEnd:
                    var (node, _, anchor, startedAt) = open.Pop();
                    if (node is YamlMap map)
                    {
                        ApplyMergeKeys(map);
                        ReportDuplicates(map, duplicates);
                    }

                    completed = node;
                    completedAnchor = anchor;
                    completedSize = total - startedAt + 1;
                    break;
            }

            if (open.Count > SafeYaml.MaxDepth)
            {
                throw new YamlException(current.Start, current.End, string.Create(CultureInfo.InvariantCulture, $"nested more than {SafeYaml.MaxDepth} levels deep"));
            }

            if (total > SafeYaml.MaxExpandedNodes)
            {
                throw new YamlException(current.Start, current.End, string.Create(CultureInfo.InvariantCulture, $"more than {SafeYaml.MaxExpandedNodes:N0} values once its aliases are expanded: not read (a YAML bomb?)"));
            }

            if (completed is null)
            {
                continue;
            }

            if (completedAnchor is not null)
            {
                anchors[completedAnchor] = (completed, completedSize);
            }

            if (open.Count == 0)
            {
                if (documents <= 1)
                {
                    root ??= completed;
                }

                continue;
            }

            var (parent, pendingKey, parentAnchor, parentStart) = open.Pop();
            switch (parent)
            {
                case YamlList list:
                    list.Items.Add(completed);
                    open.Push((parent, null, parentAnchor, parentStart));
                    break;
                case YamlMap map when pendingKey is null:
                    // Complex (non-scalar) keys are rare in Ansible and name nothing a task uses: they become an unmatched key.
                    var key = completed as YamlText ?? new YamlText { Text = "\0", Line = completed.Line, Column = completed.Column };
                    open.Push((parent, key, parentAnchor, parentStart));
                    break;
                case YamlMap map:
                    map.Pairs.Add((pendingKey, completed));
                    open.Push((parent, null, parentAnchor, parentStart));
                    break;
            }
        }

        return root;
    }

    private static void ApplyMergeKeys(YamlMap map)
    {
        if (!map.Pairs.Any(p => p.Key is { Text: "<<", IsPlain: true }))
        {
            return;
        }

        var merged = new List<(YamlText, YamlItem)>();
        foreach (var (key, value) in map.Pairs.Where(p => p.Key is { Text: "<<", IsPlain: true }))
        {
            var sources = value switch
            {
                YamlMap one => [one],
                YamlList many => many.Items.OfType<YamlMap>().ToList(),
                _ => [],
            };
            foreach (var source in sources)
            {
                foreach (var pair in source.Entries)
                {
                    if (map[pair.Key.Text] is null && merged.All(m => m.Item1.Text != pair.Key.Text))
                    {
                        merged.Add(pair);
                    }
                }
            }
        }

        map.Pairs.RemoveAll(p => p.Key is { Text: "<<", IsPlain: true });
        map.Pairs.InsertRange(0, merged);
    }

    private static void ReportDuplicates(YamlMap map, List<DuplicateKey> duplicates)
    {
        var first = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (key, _) in map.Pairs)
        {
            if (key.Text == "\0")
            {
                continue;
            }

            if (first.TryGetValue(key.Text, out var line))
            {
                duplicates.Add(new DuplicateKey(key.Text, line, key.Line, key.Column));
            }
            else
            {
                first[key.Text] = key.Line;
            }
        }
    }

    private static YamlText Scalar(Scalar scalar)
    {
        var plain = scalar.Style == ScalarStyle.Plain;
        var tag = scalar.Tag.IsEmpty ? null : scalar.Tag.Value;
        return new YamlText
        {
            Text = scalar.Value,
            IsPlain = plain,
            IsBlock = scalar.Style is ScalarStyle.Literal or ScalarStyle.Folded,
            Value = tag is not null ? Tagged(scalar.Value, tag) : plain ? Resolve(scalar.Value) : scalar.Value,
            Line = Line(scalar.Start),
            Column = Column(scalar.Start),
        };
    }

    private static object? Tagged(string text, string tag) => tag switch
    {
        "tag:yaml.org,2002:int" or "!!int" => Resolve(text) is long number ? number : text,
        "tag:yaml.org,2002:bool" or "!!bool" => Resolve(text) is bool flag ? flag : text,
        "tag:yaml.org,2002:float" or "!!float" => Resolve(text) is double or long ? Resolve(text) : text,
        "tag:yaml.org,2002:null" or "!!null" => null,
        _ => text, // !!str, !unsafe, !vault: the text (a vaulted value stays opaque)
    };

    /// <summary>The value PyYAML's YAML 1.1 resolver gives a plain scalar.</summary>
    internal static object? Resolve(string text)
    {
        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "yes" or "Yes" or "YES" or "true" or "True" or "TRUE" or "on" or "On" or "ON":
                return true;
            case "no" or "No" or "NO" or "false" or "False" or "FALSE" or "off" or "Off" or "OFF":
                return false;
        }

        if (IntegerPattern().IsMatch(text))
        {
            return Integer(text) ?? (object)text;
        }

        if (FloatPattern().IsMatch(text) && double.TryParse(text.Replace("_", "", StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out var real))
        {
            return real;
        }

        return text;
    }

    private static long? Integer(string text)
    {
        var digits = text.Replace("_", "", StringComparison.Ordinal);
        var sign = 1L;
        if (digits[0] is '+' or '-')
        {
            sign = digits[0] == '-' ? -1 : 1;
            digits = digits[1..];
        }

        try
        {
            if (digits.Contains(':', StringComparison.Ordinal))
            {
                // Sexagesimal (YAML 1.1): 1:30 is 90.
                return sign * digits.Split(':').Aggregate(0L, (sum, part) => checked((sum * 60) + long.Parse(part, CultureInfo.InvariantCulture)));
            }

            return sign * (digits switch
            {
                ['0', 'b', .. var rest] => Convert.ToInt64(rest, 2),
                ['0', 'x', .. var rest] => Convert.ToInt64(rest, 16),
                ['0', _, ..] => Convert.ToInt64(digits[1..], 8),
                _ => long.Parse(digits, CultureInfo.InvariantCulture),
            });
        }
        catch (Exception e) when (e is OverflowException or FormatException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>A node as plain values for Jinja: dictionaries, lists, strings, integers, booleans.</summary>
    public static object? Plain(YamlItem? node) => Plain(node, new Dictionary<YamlItem, object?>(ReferenceEqualityComparer.Instance));

    private static object? Plain(YamlItem? node, Dictionary<YamlItem, object?> done)
    {
        if (node is null)
        {
            return null;
        }

        if (done.TryGetValue(node, out var known))
        {
            return known; // an alias: the same value, not a copy
        }

        object? value;
        switch (node)
        {
            case YamlText text:
                value = text.Value;
                break;
            case YamlList list:
                var items = new List<object?>(list.Items.Count);
                done[node] = items;
                items.AddRange(list.Items.Select(i => Plain(i, done)));
                return items;
            case YamlMap map:
                var entries = new Dictionary<string, object?>(StringComparer.Ordinal);
                done[node] = entries;
                foreach (var (key, item) in map.Entries)
                {
                    entries[key.Text] = Plain(item, done);
                }

                return entries;
            default:
                value = null;
                break;
        }

        done[node] = value;
        return value;
    }

    /// <summary>A value as Python's <c>str()</c> writes it, which is what Ansible puts in a module argument.</summary>
    public static string Text(object? value) => value switch
    {
        null => "",
        bool flag => flag ? "True" : "False",
        long number => number.ToString(CultureInfo.InvariantCulture),
        double real => real.ToString("R", CultureInfo.InvariantCulture),
        string text => text,
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    private static int Line(Mark mark) => (int)Math.Max(1, mark.Line);

    private static int Column(Mark mark) => (int)Math.Max(1, mark.Column);

    [GeneratedRegex(@"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*)$", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex FloatPattern();
}
