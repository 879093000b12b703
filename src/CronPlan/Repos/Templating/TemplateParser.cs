namespace CronPlan.Repos.Templating;

/// <summary>
/// Builds the statement tree from the lexer's pieces. A tag that does not parse never stops the template: an
/// <c>{{ }}</c> is kept as written, an <c>if</c> or <c>for</c> whose header is broken is treated as unknown, any other
/// statement becomes an <see cref="OpaqueNode"/>.
/// </summary>
internal sealed class TemplateParser
{
    /// <summary>Block statements nested deeper than this are reported instead of parsed.</summary>
    public const int MaxNesting = 200;

    private static readonly Dictionary<string, (string End, bool RendersBody)> OtherBlocks = new(StringComparer.Ordinal)
    {
        ["macro"] = ("endmacro", false),
        ["call"] = ("endcall", false),
        ["filter"] = ("endfilter", true),
        ["block"] = ("endblock", true),
        ["with"] = ("endwith", true),
        ["autoescape"] = ("endautoescape", true),
    };

    private readonly List<TemplatePiece> _pieces;
    private int _index;

    private TemplateParser(List<TemplatePiece> pieces) => _pieces = pieces;

    public static List<Node> Parse(string source)
    {
        var parser = new TemplateParser(TemplateLexer.Split(source));
        var nodes = new List<Node>();
        while (parser._index < parser._pieces.Count)
        {
            nodes.AddRange(parser.ParseBody([], 0, out var stop));
            if (stop is not null)
            {
                nodes.Add(new OpaqueNode(stop.Source, $"'{Keyword(stop)}' has no block to end", null, stop.Line));
            }
        }

        return nodes;
    }

    private static string Keyword(TemplatePiece piece) =>
        piece.Tokens is [{ Kind: TokenKind.Name } first, ..] ? first.Text : piece.Text.Split(' ', 2)[0];

    /// <summary>Nodes up to one of <paramref name="stops"/> (returned in <paramref name="stop"/>) or the end of the template.</summary>
    private List<Node> ParseBody(string[] stops, int depth, out TemplatePiece? stop)
    {
        var nodes = new List<Node>();
        stop = null;
        while (_index < _pieces.Count)
        {
            var piece = _pieces[_index++];
            switch (piece.Kind)
            {
                case PieceKind.Text:
                    nodes.Add(new TextNode(piece.Text, piece.Line));
                    continue;
                case PieceKind.Output:
                    nodes.Add(new OutputNode(TryParse(piece, 0, out _), piece.Text, piece.Source, piece.Line));
                    continue;
            }

            var keyword = Keyword(piece);
            if (stops.Contains(keyword, StringComparer.Ordinal))
            {
                stop = piece;
                return nodes;
            }

            if (keyword is "if" or "for" or "set" || OtherBlocks.ContainsKey(keyword))
            {
                if (depth >= MaxNesting)
                {
                    nodes.Add(new OpaqueNode(piece.Source, $"blocks nest deeper than {MaxNesting} levels", null, piece.Line));
                    continue;
                }
            }

            switch (keyword)
            {
                case "if":
                    nodes.AddRange(ParseIf(piece, depth));
                    break;
                case "for":
                    nodes.AddRange(ParseFor(piece, depth));
                    break;
                case "set":
                    nodes.AddRange(ParseSet(piece, depth));
                    break;
                case var other when OtherBlocks.TryGetValue(other, out var block):
                    var body = ParseBody([block.End], depth + 1, out var end);
                    nodes.Add(new OpaqueNode(piece.Source, $"'{other}' is not evaluated", block.RendersBody ? body : null, piece.Line));
                    if (end is null)
                    {
                        nodes.Add(new OpaqueNode(piece.Source, $"'{other}' is never closed by '{block.End}'", null, piece.Line));
                    }

                    break;
                default:
                    nodes.Add(new OpaqueNode(piece.Source, piece.Error ?? $"'{keyword}' is not evaluated", null, piece.Line));
                    break;
            }
        }

        return nodes;
    }

    private static Expr? TryParse(TemplatePiece piece, int start, out string? error)
    {
        error = piece.Error;
        if (error is not null)
        {
            return null;
        }

        try
        {
            return ExpressionParser.ParseAll(piece.Tokens, start);
        }
        catch (TemplateSyntaxException e)
        {
            error = e.Message;
            return null;
        }
    }

    /// <summary>The condition's text as written, for the gates.</summary>
    private static string ConditionText(TemplatePiece piece)
    {
        var text = piece.Text;
        var space = text.IndexOfAny([' ', '\t', '\n']);
        return space < 0 ? "" : text[(space + 1)..].Trim();
    }

    private IEnumerable<Node> ParseIf(TemplatePiece piece, int depth)
    {
        var branches = new List<IfBranch>();
        IReadOnlyList<Node>? otherwise = null;
        var header = piece;
        while (true)
        {
            var condition = TryParse(header, 1, out _);
            var body = ParseBody(["elif", "else", "endif"], depth + 1, out var stop);
            branches.Add(new IfBranch(condition, ConditionText(header), body));
            if (stop is null)
            {
                return [new IfNode(branches, otherwise, piece.Line), new OpaqueNode(piece.Source, "'if' is never closed by 'endif'", null, piece.Line)];
            }

            if (Keyword(stop) == "elif")
            {
                header = stop;
                continue;
            }

            if (Keyword(stop) == "else")
            {
                otherwise = ParseBody(["endif"], depth + 1, out stop);
                if (stop is null)
                {
                    return [new IfNode(branches, otherwise, piece.Line), new OpaqueNode(piece.Source, "'if' is never closed by 'endif'", null, piece.Line)];
                }
            }

            return [new IfNode(branches, otherwise, piece.Line)];
        }
    }

    private IEnumerable<Node> ParseFor(TemplatePiece piece, int depth)
    {
        var targets = new List<string>();
        Expr? iterable = null;
        Expr? filter = null;
        if (piece.Error is null)
        {
            try
            {
                var parser = new ExpressionParser(piece.Tokens, 1);
                var parenthesized = parser.TakeOperator("(");
                do
                {
                    targets.Add(parser.ExpectName());
                }
                while (parser.TakeOperator(",") && !parser.IsOperator(")") && !parser.IsName("in"));

                if (parenthesized)
                {
                    parser.Expect(")");
                }

                if (!parser.TakeName("in"))
                {
                    throw new TemplateSyntaxException("expected 'in'");
                }

                iterable = parser.ParseTuple(allowConditional: false);
                if (parser.TakeName("if"))
                {
                    filter = parser.ParseExpression(allowConditional: false);
                }

                if (parser.TakeName("recursive"))
                {
                    throw new TemplateSyntaxException("recursive loops are not evaluated");
                }

                parser.ExpectEnd();
            }
            catch (TemplateSyntaxException)
            {
                iterable = null;
                filter = null;
            }
        }

        var body = ParseBody(["else", "endfor"], depth + 1, out var stop);
        IReadOnlyList<Node>? otherwise = null;
        if (stop is not null && Keyword(stop) == "else")
        {
            otherwise = ParseBody(["endfor"], depth + 1, out stop);
        }

        var loop = new ForNode(targets, iterable, filter, body, otherwise, piece.Source, piece.Line);
        return stop is null ? [loop, new OpaqueNode(piece.Source, "'for' is never closed by 'endfor'", null, piece.Line)] : [loop];
    }

    private IEnumerable<Node> ParseSet(TemplatePiece piece, int depth)
    {
        if (piece.Error is not null)
        {
            return [new OpaqueNode(piece.Source, piece.Error, null, piece.Line)];
        }

        try
        {
            var parser = new ExpressionParser(piece.Tokens, 1);
            var targets = new List<string> { parser.ExpectName() };
            string? attribute = null;
            if (parser.TakeOperator("."))
            {
                attribute = parser.ExpectName();
            }

            if (parser.AtEnd && attribute is null)
            {
                var body = ParseBody(["endset"], depth + 1, out var stop);
                return stop is null
                    ? [new SetBlockNode(targets[0], body, piece.Line), new OpaqueNode(piece.Source, "'set' is never closed by 'endset'", null, piece.Line)]
                    : [new SetBlockNode(targets[0], body, piece.Line)];
            }

            while (attribute is null && parser.TakeOperator(","))
            {
                targets.Add(parser.ExpectName());
            }

            parser.Expect("=");
            var value = parser.ParseTuple(allowConditional: true);
            parser.ExpectEnd();
            return [new SetNode(targets, attribute, value, piece.Line)];
        }
        catch (TemplateSyntaxException e)
        {
            // What the broken tag would have set is unknown from here on, not left as it was.
            var opaque = new OpaqueNode(piece.Source, e.Message, null, piece.Line);
            return piece.Tokens is [_, { Kind: TokenKind.Name } target, ..] && !piece.Tokens.Skip(2).Any(t => t.Text == ".")
                ? [opaque, new SetNode([target.Text], null, new ConstExpr(Unknown.Value), piece.Line)]
                : [opaque];
        }
    }
}
