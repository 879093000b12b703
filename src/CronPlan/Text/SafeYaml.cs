using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace CronPlan.Text;

/// <summary>
/// Loads YAML into the representation model only after a streaming pass has shown it to be safe to walk: no deeper
/// than <see cref="MaxDepth"/> (the model is built recursively) and no more than <see cref="MaxExpandedNodes"/>
/// values once every alias is counted as the node it stands for (a "billion laughs" document is a few hundred bytes).
/// </summary>
internal static partial class SafeYaml
{
    public const int MaxDepth = 128;

    public const long MaxExpandedNodes = 1_000_000;

    /// <summary>The loaded stream; throws <see cref="YamlException"/> (with its position) for invalid or unsafe YAML.</summary>
    public static YamlStream Load(string text)
    {
        Inspect(text);
        var stream = new YamlStream();
        var parser = new PositionedParser(text);
        try
        {
            stream.Load(parser);
        }
        catch (ArgumentException e)
        {
            // The parser accepts a mapping with one key twice ("  :\n  :", two empty keys); the model cannot hold it.
            throw new YamlException(Mark.Empty, Mark.Empty, "a mapping has the same key twice (two empty keys?)", e);
        }
        catch (Exception e) when (e is not (YamlException or OutOfMemoryException))
        {
            throw parser.Failure(e);
        }

        return stream;
    }

    /// <summary>The YAML parser's message without its position prefix (the diagnostic carries the position).</summary>
    public static string Message(YamlException e)
    {
        var message = e.InnerException is YamlException inner ? inner.Message : e.Message;
        return MarkPrefix().Replace(message, "").Trim();
    }

    private static void Inspect(string text)
    {
        var parser = new PositionedParser(text);
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        var open = new Stack<(string? Anchor, long StartedAt)>();
        long total = 0;
        while (parser.MoveNext())
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

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\):", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex MarkPrefix();
}

/// <summary>
/// YamlDotNet's parser, whose every failure is a <see cref="YamlException"/> with a position: its scanner throws
/// <see cref="InvalidOperationException"/> for some malformed flow collections (<c>a: {</c> and a plain word on the next
/// line), and those must be reported like any other syntax error, not end the program.
/// </summary>
internal sealed class PositionedParser : IParser
{
    private readonly Scanner _scanner;
    private readonly Parser _parser;

    public PositionedParser(string text)
    {
        _scanner = new Scanner(new StringReader(text));
        _parser = new Parser(_scanner);
    }

    public ParsingEvent? Current => _parser.Current;

    public bool MoveNext()
    {
        var previousEnd = _parser.Current?.End;
        try
        {
            return _parser.MoveNext();
        }
        catch (ArgumentException e)
        {
            // YamlDotNet's parser throws this for a tag that is not a URI ("!![", found by fuzzing): reported where the
            // previous event ends, just before the tag.
            var at = previousEnd ?? _scanner.CurrentPosition;
            throw new YamlException(at, at, "a tag that is not a valid URI", e);
        }
        catch (Exception e) when (e is not (YamlException or OutOfMemoryException))
        {
            throw Failure(e);
        }
    }

    /// <summary>The syntax error at the scanner's position for an exception YamlDotNet threw without one.</summary>
    public YamlException Failure(Exception cause)
    {
        var at = _scanner.CurrentPosition;
        return new YamlException(at, at, "malformed YAML here: a flow mapping or sequence ('{', '[') is not closed, or a value cannot stand where it is", cause);
    }
}
