using System.Runtime.CompilerServices;

namespace CronPlan.Repos.Templating;

/// <summary>Why a tag's tokens do not form the statement or expression it starts.</summary>
internal sealed class TemplateSyntaxException : Exception
{
    public TemplateSyntaxException()
    {
    }

    public TemplateSyntaxException(string message)
        : base(message)
    {
    }

    public TemplateSyntaxException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

/// <summary>
/// Jinja's expression grammar with its precedence (filters and tests bind tighter than arithmetic, <c>**</c> is left
/// associative), over the tokens of one tag. Nesting deeper than <see cref="MaxDepth"/> is a syntax error.
/// </summary>
internal sealed class ExpressionParser(IReadOnlyList<Token> tokens, int start)
{
    public const int MaxDepth = 200;

    private int _position = start;
    private int _depth;

    public int Position => _position;

    public bool AtEnd => _position >= tokens.Count;

    /// <summary>The whole token list (from <c>start</c>) as one expression or tuple.</summary>
    public static Expr ParseAll(IReadOnlyList<Token> tokens, int start = 0)
    {
        var parser = new ExpressionParser(tokens, start);
        var expression = parser.ParseTuple(allowConditional: true);
        parser.ExpectEnd();
        return expression;
    }

    public void ExpectEnd()
    {
        if (!AtEnd)
        {
            throw new TemplateSyntaxException($"unexpected '{Describe(tokens[_position])}'");
        }
    }

    public Token? Peek(int ahead = 0) => _position + ahead < tokens.Count ? tokens[_position + ahead] : null;

    public bool IsName(string name, int ahead = 0) => Peek(ahead) is { Kind: TokenKind.Name } t && t.Text == name;

    public bool IsOperator(string op, int ahead = 0) => Peek(ahead) is { Kind: TokenKind.Operator } t && t.Text == op;

    public bool TakeName(string name)
    {
        if (!IsName(name))
        {
            return false;
        }

        _position++;
        return true;
    }

    public bool TakeOperator(string op)
    {
        if (!IsOperator(op))
        {
            return false;
        }

        _position++;
        return true;
    }

    public void Expect(string op)
    {
        if (!TakeOperator(op))
        {
            throw new TemplateSyntaxException(AtEnd ? $"expected '{op}' at the end" : $"expected '{op}', not '{Describe(tokens[_position])}'");
        }
    }

    public string ExpectName()
    {
        if (Peek() is not { Kind: TokenKind.Name } token)
        {
            throw new TemplateSyntaxException(AtEnd ? "expected a name at the end" : $"expected a name, not '{Describe(tokens[_position])}'");
        }

        _position++;
        return token.Text;
    }

    private static string Describe(Token token) => token.Kind == TokenKind.String ? "a string" : token.Text;

    /// <summary><c>a, b</c> as a tuple, or a single expression.</summary>
    public Expr ParseTuple(bool allowConditional)
    {
        var first = ParseExpression(allowConditional);
        if (!IsOperator(","))
        {
            return first;
        }

        var items = new List<Expr> { first };
        while (TakeOperator(","))
        {
            if (AtEnd || IsOperator(")") || IsName("if") || IsOperator("="))
            {
                break;
            }

            items.Add(ParseExpression(allowConditional));
        }

        return new TupleExpr(items);
    }

    public Expr ParseExpression(bool allowConditional = true)
    {
        Enter();
        try
        {
            var body = ParseOr();
            if (!allowConditional || !TakeName("if"))
            {
                return body;
            }

            var condition = ParseOr();
            var otherwise = TakeName("else") ? ParseExpression() : null;
            return new ConditionalExpr(body, condition, otherwise);
        }
        finally
        {
            _depth--;
        }
    }

    private void Enter()
    {
        if (++_depth > MaxDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw new TemplateSyntaxException($"the expression nests deeper than {MaxDepth} levels");
        }
    }

    private Expr ParseOr()
    {
        var left = ParseAnd();
        while (TakeName("or"))
        {
            left = new BinaryExpr("or", left, ParseAnd());
        }

        return left;
    }

    private Expr ParseAnd()
    {
        var left = ParseNot();
        while (TakeName("and"))
        {
            left = new BinaryExpr("and", left, ParseNot());
        }

        return left;
    }

    private Expr ParseNot()
    {
        if (!TakeName("not"))
        {
            return ParseCompare();
        }

        Enter();
        try
        {
            return new UnaryExpr("not", ParseNot());
        }
        finally
        {
            _depth--;
        }
    }

    private Expr ParseCompare()
    {
        var first = ParseMath1();
        var rest = new List<(string, Expr)>();
        while (true)
        {
            if (Peek() is { Kind: TokenKind.Operator, Text: "==" or "!=" or "<" or ">" or "<=" or ">=" } op)
            {
                _position++;
                rest.Add((op.Text, ParseMath1()));
            }
            else if (TakeName("in"))
            {
                rest.Add(("in", ParseMath1()));
            }
            else if (IsName("not") && IsName("in", 1))
            {
                _position += 2;
                rest.Add(("not in", ParseMath1()));
            }
            else
            {
                break;
            }
        }

        return rest.Count == 0 ? first : new CompareExpr(first, rest);
    }

    private Expr ParseMath1()
    {
        var left = ParseConcat();
        while (Peek() is { Kind: TokenKind.Operator, Text: "+" or "-" } op)
        {
            _position++;
            left = new BinaryExpr(op.Text, left, ParseConcat());
        }

        return left;
    }

    private Expr ParseConcat()
    {
        var left = ParseMath2();
        while (TakeOperator("~"))
        {
            left = new BinaryExpr("~", left, ParseMath2());
        }

        return left;
    }

    private Expr ParseMath2()
    {
        var left = ParsePow();
        while (Peek() is { Kind: TokenKind.Operator, Text: "*" or "/" or "//" or "%" } op)
        {
            _position++;
            left = new BinaryExpr(op.Text, left, ParsePow());
        }

        return left;
    }

    private Expr ParsePow()
    {
        var left = ParseUnary(withFilter: true);
        while (TakeOperator("**"))
        {
            left = new BinaryExpr("**", left, ParseUnary(withFilter: true));
        }

        return left;
    }

    private Expr ParseUnary(bool withFilter)
    {
        Enter();
        try
        {
            Expr node;
            if (Peek() is { Kind: TokenKind.Operator, Text: "-" or "+" } op)
            {
                _position++;
                node = new UnaryExpr(op.Text, ParseUnary(withFilter: false));
            }
            else
            {
                node = ParsePostfix(ParsePrimary());
            }

            return withFilter ? ParseFilters(node) : node;
        }
        finally
        {
            _depth--;
        }
    }

    private Expr ParsePrimary()
    {
        var token = Peek() ?? throw new TemplateSyntaxException("an expression is missing at the end");
        _position++;
        switch (token.Kind)
        {
            case TokenKind.Name:
                return token.Text switch
                {
                    "true" or "True" => new ConstExpr(true),
                    "false" or "False" => new ConstExpr(false),
                    "none" or "None" => new ConstExpr(null),
                    _ => new NameExpr(token.Text),
                };
            case TokenKind.String:
                var text = (string)token.Value!;
                while (Peek() is { Kind: TokenKind.String } next)
                {
                    text += (string)next.Value!;
                    _position++;
                }

                return new ConstExpr(text);
            case TokenKind.Integer or TokenKind.Float:
                return new ConstExpr(token.Value);
        }

        switch (token.Text)
        {
            case "(":
                if (TakeOperator(")"))
                {
                    return new TupleExpr([]);
                }

                var first = ParseExpression();
                if (TakeOperator(")"))
                {
                    return first;
                }

                var items = new List<Expr> { first };
                while (TakeOperator(",") && !IsOperator(")"))
                {
                    items.Add(ParseExpression());
                }

                Expect(")");
                return new TupleExpr(items);
            case "[":
                var list = new List<Expr>();
                while (!TakeOperator("]"))
                {
                    if (list.Count > 0)
                    {
                        Expect(",");
                        if (TakeOperator("]"))
                        {
                            break;
                        }
                    }

                    list.Add(ParseExpression());
                }

                return new ListExpr(list);
            case "{":
                var pairs = new List<(Expr, Expr)>();
                while (!TakeOperator("}"))
                {
                    if (pairs.Count > 0)
                    {
                        Expect(",");
                        if (TakeOperator("}"))
                        {
                            break;
                        }
                    }

                    var key = ParseExpression();
                    Expect(":");
                    pairs.Add((key, ParseExpression()));
                }

                return new DictExpr(pairs);
            default:
                throw new TemplateSyntaxException($"unexpected '{token.Text}'");
        }
    }

    private Expr ParsePostfix(Expr node)
    {
        while (true)
        {
            if (TakeOperator("."))
            {
                var token = Peek() ?? throw new TemplateSyntaxException("a name is missing after '.'");
                _position++;
                node = token.Kind switch
                {
                    TokenKind.Name => new AttributeExpr(node, token.Text),
                    TokenKind.Integer => new IndexExpr(node, new ConstExpr(token.Value)),
                    _ => throw new TemplateSyntaxException($"unexpected '{Describe(token)}' after '.'"),
                };
            }
            else if (TakeOperator("["))
            {
                node = ParseSubscript(node);
            }
            else if (TakeOperator("("))
            {
                node = new CallExpr(node, ParseArguments());
            }
            else
            {
                return node;
            }
        }
    }

    private Expr ParseSubscript(Expr target)
    {
        Expr? start = null;
        if (!IsOperator(":"))
        {
            start = ParseExpression();
            if (TakeOperator("]"))
            {
                return new IndexExpr(target, start);
            }
        }

        Expect(":");
        Expr? stop = IsOperator(":") || IsOperator("]") ? null : ParseExpression();
        Expr? step = null;
        if (TakeOperator(":") && !IsOperator("]"))
        {
            step = ParseExpression();
        }

        Expect("]");
        return new SliceExpr(target, start, stop, step);
    }

    /// <summary>After <c>(</c>: positional and <c>name=value</c> arguments up to <c>)</c>.</summary>
    private Arguments ParseArguments()
    {
        var positional = new List<Expr>();
        var named = new List<(string, Expr)>();
        while (!TakeOperator(")"))
        {
            if (positional.Count + named.Count > 0)
            {
                Expect(",");
                if (TakeOperator(")"))
                {
                    break;
                }
            }

            if (Peek() is { Kind: TokenKind.Name } name && IsOperator("=", 1))
            {
                _position += 2;
                named.Add((name.Text, ParseExpression()));
            }
            else if (named.Count > 0)
            {
                throw new TemplateSyntaxException("a positional argument follows a named one");
            }
            else
            {
                positional.Add(ParseExpression());
            }
        }

        return new Arguments(positional, named);
    }

    private string ParseDottedName()
    {
        var name = ExpectName();
        while (IsOperator(".") && Peek(1) is { Kind: TokenKind.Name })
        {
            _position++;
            name += "." + ExpectName();
        }

        return name.StartsWith("ansible.builtin.", StringComparison.Ordinal) ? name["ansible.builtin.".Length..] : name;
    }

    private Expr ParseFilters(Expr node)
    {
        while (true)
        {
            if (TakeOperator("|"))
            {
                var name = ParseDottedName();
                node = new FilterExpr(node, name, TakeOperator("(") ? ParseArguments() : Arguments.None);
            }
            else if (TakeName("is"))
            {
                var negated = TakeName("not");
                var name = ParseDottedName();
                Arguments arguments;
                if (TakeOperator("("))
                {
                    arguments = ParseArguments();
                }
                else if (Peek() is { } next && (next.Kind is TokenKind.String or TokenKind.Integer or TokenKind.Float ||
                    (next.Kind == TokenKind.Name && next.Text is not ("else" or "or" or "and" or "is" or "if" or "in" or "not" or "recursive")) ||
                    (next.Kind == TokenKind.Operator && next.Text is "[" or "{")))
                {
                    arguments = new Arguments([ParsePostfix(ParsePrimary())], []);
                }
                else
                {
                    arguments = Arguments.None;
                }

                node = new TestExpr(node, name, arguments, negated);
            }
            else if (TakeOperator("("))
            {
                node = new CallExpr(node, ParseArguments());
            }
            else
            {
                return node;
            }
        }
    }
}
