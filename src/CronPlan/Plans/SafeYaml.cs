using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace CronPlan.Plans;

/// <summary>
/// Loads YAML into the representation model only after a streaming pass has shown it to be safe to walk: no deeper
/// than <see cref="MaxDepth"/> (the model is built recursively) and no more than <see cref="MaxExpandedNodes"/>
/// values once every alias is counted as the node it stands for (a "billion laughs" document is a few hundred bytes).
/// </summary>
internal static class SafeYaml
{
    public const int MaxDepth = 128;

    public const long MaxExpandedNodes = 1_000_000;

    /// <summary>The loaded stream; throws <see cref="YamlException"/> (with its position) for invalid or unsafe YAML.</summary>
    public static YamlStream Load(string text)
    {
        Inspect(text);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (ArgumentException e)
        {
            // YamlDotNet's model rejects some event streams its parser accepts ("  :\n  :", two empty keys): found by fuzzing.
            throw new YamlException(Mark.Empty, Mark.Empty, "its structure cannot be loaded (two empty keys in one mapping?)", e);
        }

        return stream;
    }

    /// <summary>
    /// The parser's next event. YamlDotNet throws <see cref="ArgumentException"/> for a tag that is not a URI
    /// (<c>!![</c>, found by fuzzing): that is a syntax error, reported as one, where the previous event ends.
    /// </summary>
    internal static bool MoveNext(IParser parser)
    {
        var at = parser.Current?.End ?? Mark.Empty;
        try
        {
            return parser.MoveNext();
        }
        catch (ArgumentException e)
        {
            throw new YamlException(at, at, "a tag that is not a valid URI", e);
        }
    }

    private static void Inspect(string text)
    {
        var parser = new Parser(new StringReader(text));
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        var open = new Stack<(string? Anchor, long StartedAt)>();
        long total = 0;
        while (MoveNext(parser))
        {
            switch (parser.Current)
            {
                case DocumentStart:
                    sizes.Clear();
                    break;
                case Scalar scalar:
                    total++;
                    if (!scalar.Anchor.IsEmpty)
                    {
                        sizes[scalar.Anchor.Value] = 1;
                    }

                    break;
                case NodeEvent { } start and (SequenceStart or MappingStart):
                    total++;
                    open.Push((start.Anchor.IsEmpty ? null : start.Anchor.Value, total));
                    if (open.Count > MaxDepth)
                    {
                        throw new YamlException(start.Start, start.End, string.Create(CultureInfo.InvariantCulture, $"nested more than {MaxDepth} levels deep"));
                    }

                    break;
                case SequenceEnd or MappingEnd:
                    var (anchor, startedAt) = open.Pop();
                    if (anchor is not null)
                    {
                        sizes[anchor] = total - startedAt + 1;
                    }

                    break;
                case AnchorAlias alias:
                    // An alias of a node still open is a cycle; the model would walk it forever.
                    if (!sizes.TryGetValue(alias.Value.Value, out var size))
                    {
                        throw new YamlException(alias.Start, alias.End, $"the alias *{alias.Value.Value} refers to a node that contains it (or to no anchor)");
                    }

                    total += size;
                    break;
            }

            if (total > MaxExpandedNodes)
            {
                throw new YamlException(parser.Current!.Start, parser.Current.End, string.Create(CultureInfo.InvariantCulture, $"more than {MaxExpandedNodes:N0} values once its aliases are expanded: not read (a YAML bomb?)"));
            }
        }
    }
}
