using System.Runtime.CompilerServices;
using System.Text;

namespace CronPlan.Repos.Templating;

/// <summary>What a part of the template that stayed opaque was: an <c>{{ }}</c> kept as written, or a statement.</summary>
internal enum UnresolvedKind
{
    Expression,
    Statement,
}

/// <summary>A part of the template that could not be resolved: its text as written (an expression without braces) and its line.</summary>
internal sealed record UnresolvedPart(UnresolvedKind Kind, string Text, int Line, string Reason);

/// <summary>
/// Limits shared by a top-level rendering and every variable template it renders on the way: how deep variable
/// templates nest, how many are rendered, and how much work the whole rendering may do.
/// </summary>
internal sealed class RenderBudget
{
    public const int MaxNesting = 16;
    public const int MaxNestedRenderings = 10_000;
    public const int MaxSteps = 2_000_000;

    public int Nesting { get; set; }

    public int NestedRenderings { get; set; }

    public int Steps { get; set; }

    /// <summary>Variable templates being rendered: meeting one again is a cycle.</summary>
    public HashSet<string> Rendering { get; } = new(StringComparer.Ordinal);

    /// <summary>A variable template renders the same everywhere in one top-level rendering (it sees only the variables).</summary>
    public Dictionary<string, object?> Rendered { get; } = new(StringComparer.Ordinal);
}

/// <summary>Output text with, for each output line, the template line its first character came from.</summary>
internal sealed class OutputWriter
{
    private readonly StringBuilder _text = new();
    private readonly List<int> _lineStarts = [1];
    private bool _atLineStart = true;

    public int Length => _text.Length;

    public List<int> LineStarts => _lineStarts;

    public void Write(string text, int line, bool advancesSource)
    {
        foreach (var c in text)
        {
            if (_atLineStart)
            {
                _lineStarts[^1] = line;
                _atLineStart = false;
            }

            _text.Append(c);
            if (c == '\n')
            {
                line += advancesSource ? 1 : 0;
                _lineStarts.Add(line);
                _atLineStart = true;
            }
        }
    }

    public override string ToString() => _text.ToString();
}

/// <summary>Variables of the template itself (<c>set</c>, loop targets), inner scopes first.</summary>
internal sealed class Scope(Scope? parent)
{
    private readonly Dictionary<string, object?> _values = new(StringComparer.Ordinal);

    public void Set(string name, object? value) => _values[name] = value;

    public bool TryGet(string name, out object? value)
    {
        for (var scope = this; scope is not null; scope = scope.Parent)
        {
            if (scope._values.TryGetValue(name, out value))
            {
                return true;
            }
        }

        value = null;
        return false;
    }

    public Scope? Parent { get; } = parent;
}

/// <summary>The <c>loop</c> variable of a <c>for</c>.</summary>
internal sealed class LoopInfo(IReadOnlyList<object?> items)
{
    public int Index0 { get; set; }

    public object? Attribute(string name) => name switch
    {
        "index" => (long)Index0 + 1,
        "index0" => (long)Index0,
        "revindex" => (long)(items.Count - Index0),
        "revindex0" => (long)(items.Count - Index0 - 1),
        "first" => Index0 == 0,
        "last" => Index0 == items.Count - 1,
        "length" => (long)items.Count,
        "depth" => 1L,
        "depth0" => 0L,
        "previtem" => Index0 > 0 ? items[Index0 - 1] : new Undefined("loop.previtem"),
        "nextitem" => Index0 < items.Count - 1 ? items[Index0 + 1] : new Undefined("loop.nextitem"),
        _ => new Undefined("loop." + name),
    };
}

/// <summary>Renders a statement tree: text, <c>{{ }}</c>, <c>if</c>, <c>for</c>, <c>set</c>, over known and unknown values.</summary>
internal sealed partial class TemplateRenderer
{
    private readonly IReadOnlyDictionary<string, object?> _variables;
    private readonly RenderBudget _budget;
    private readonly List<UnresolvedPart> _unresolved = [];
    private readonly List<string> _gates = [];
    private OutputWriter _out = new();
    private bool _exhaustedReported;

    private TemplateRenderer(IReadOnlyDictionary<string, object?> variables, RenderBudget budget)
    {
        _variables = variables;
        _budget = budget;
    }

    /// <summary>Renders as Ansible's template module does: one trailing line feed dropped by Jinja, then as many added back as the template ended with.</summary>
    public static (string Text, List<int> LineStarts, List<UnresolvedPart> Unresolved, List<string> Gates) Render(string template, IReadOnlyDictionary<string, object?> variables, RenderBudget budget)
    {
        var source = template.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        var trailing = source.Length - source.TrimEnd('\n').Length;
        var renderer = new TemplateRenderer(variables, budget);
        var nodes = TemplateParser.Parse(trailing > 0 ? source[..^1] : source);
        renderer.RenderNodes(nodes, new Scope(null));
        var text = renderer._out.ToString();
        var missing = trailing - (text.Length - text.TrimEnd('\n').Length);
        if (missing > 0)
        {
            renderer._out.Write(new string('\n', missing), renderer._out.LineStarts[^1], advancesSource: true);
            text = renderer._out.ToString();
        }

        return (text, renderer._out.LineStarts, renderer._unresolved, renderer._gates);
    }

    private bool Exhausted()
    {
        if (++_budget.Steps <= RenderBudget.MaxSteps && _out.Length <= PyValue.MaxSize * 4)
        {
            return false;
        }

        if (!_exhaustedReported)
        {
            _exhaustedReported = true;
            _unresolved.Add(new UnresolvedPart(UnresolvedKind.Statement, "", 0, "the template does more work than a check allows: the rest is left out"));
        }

        return true;
    }

    private void RenderNodes(IReadOnlyList<Node> nodes, Scope scope)
    {
        foreach (var node in nodes)
        {
            if (Exhausted())
            {
                return;
            }

            switch (node)
            {
                case TextNode text:
                    _out.Write(text.Text, text.Line, advancesSource: true);
                    break;
                case OutputNode output:
                    RenderOutput(output, scope);
                    break;
                case IfNode conditional:
                    RenderIf(conditional, scope);
                    break;
                case ForNode loop:
                    RenderFor(loop, scope);
                    break;
                case SetNode set:
                    Assign(set, scope);
                    break;
                case SetBlockNode block:
                    var saved = _out;
                    var before = _unresolved.Count;
                    _out = new OutputWriter();
                    RenderNodes(block.Body, scope);
                    var captured = _out.ToString();
                    _out = saved;
                    scope.Set(block.Target, _unresolved.Count > before ? Unknown.Value : captured);
                    break;
                case OpaqueNode opaque:
                    _unresolved.Add(new UnresolvedPart(UnresolvedKind.Statement, opaque.Source, opaque.Line, opaque.Reason));
                    if (opaque.Body is not null)
                    {
                        RenderNodes(opaque.Body, scope);
                    }

                    break;
            }
        }
    }

    private void RenderOutput(OutputNode output, Scope scope)
    {
        if (output.Expression is null)
        {
            _unresolved.Add(new UnresolvedPart(UnresolvedKind.Expression, output.Inner, output.Line, "the expression does not parse"));
            _out.Write(output.Source, output.Line, advancesSource: true);
            return;
        }

        var value = Evaluate(output.Expression, scope);
        if (value is Undefined { Silent: true })
        {
            return;
        }

        if (ContainsUnknown(value, 0) || value is BoundMethod or LoopInfo or NamespaceValue)
        {
            _unresolved.Add(new UnresolvedPart(UnresolvedKind.Expression, output.Inner, output.Line, value is Undefined u ? $"'{u.Name}' is not defined" : "its value is not known before the play runs"));
            _out.Write(output.Source, output.Line, advancesSource: true);
            return;
        }

        // Ansible's finalize: None is written as nothing.
        _out.Write(value is null ? "" : PyValue.Str(value), output.Line, advancesSource: false);
    }

    private static bool ContainsUnknown(object? value, int depth) => value switch
    {
        Unknown or Undefined => true,
        _ when depth > 64 => true,
        IList<object?> list => list.Any(v => ContainsUnknown(v, depth + 1)),
        TupleValue tuple => tuple.Items.Any(v => ContainsUnknown(v, depth + 1)),
        GeneratorValue generator => generator.Items.Any(v => ContainsUnknown(v, depth + 1)),
        IDictionary<string, object?> map => map.Values.Any(v => ContainsUnknown(v, depth + 1)),
        _ => false,
    };

    private void RenderIf(IfNode conditional, Scope scope)
    {
        foreach (var branch in conditional.Branches)
        {
            bool? truth = null;
            if (branch.Condition is null)
            {
                _unresolved.Add(new UnresolvedPart(UnresolvedKind.Statement, "{% if " + branch.ConditionText + " %}", conditional.Line, "the condition does not parse"));
            }
            else
            {
                truth = PyValue.Truth(Evaluate(branch.Condition, scope));
            }

            if (truth is null)
            {
                // A condition on what only the play knows (the host, its facts): keep the body, as the gated hosts see it.
                _gates.Add(branch.ConditionText);
                RenderNodes(branch.Body, scope);
                return;
            }

            if (truth == true)
            {
                RenderNodes(branch.Body, scope);
                return;
            }
        }

        if (conditional.Otherwise is not null)
        {
            RenderNodes(conditional.Otherwise, scope);
        }
    }

    private void RenderFor(ForNode loop, Scope scope)
    {
        var iterable = loop.Iterable is null ? Unknown.Value : Evaluate(loop.Iterable, scope);
        var items = Iterate(iterable);
        var filtered = new List<object?>();
        if (items is not null && loop.Filter is not null)
        {
            foreach (var item in items)
            {
                var filterScope = new Scope(scope);
                if (!Bind(loop.Targets, item, filterScope))
                {
                    items = null;
                    break;
                }

                var keep = PyValue.Truth(Evaluate(loop.Filter, filterScope));
                if (keep is null)
                {
                    items = null;
                    break;
                }

                if (keep == true)
                {
                    filtered.Add(item);
                }
            }

            items = items is null ? null : filtered;
        }

        if (items is null)
        {
            // Over what only the play knows: the body once, with the loop variables unknown.
            _unresolved.Add(new UnresolvedPart(UnresolvedKind.Statement, loop.Source, loop.Line, loop.Iterable is null ? "the loop does not parse" : "what it loops over is not known before the play runs"));
            var unknownScope = new Scope(scope);
            foreach (var target in loop.Targets)
            {
                unknownScope.Set(target, Unknown.Value);
            }

            unknownScope.Set("loop", Unknown.Value);
            RenderNodes(loop.Body, unknownScope);
            return;
        }

        if (items.Count == 0)
        {
            if (loop.Otherwise is not null)
            {
                RenderNodes(loop.Otherwise, scope);
            }

            return;
        }

        var info = new LoopInfo(items);
        for (var i = 0; i < items.Count; i++)
        {
            if (Exhausted())
            {
                return;
            }

            var body = new Scope(scope);
            info.Index0 = i;
            body.Set("loop", info);
            if (!Bind(loop.Targets, items[i], body))
            {
                _unresolved.Add(new UnresolvedPart(UnresolvedKind.Statement, loop.Source, loop.Line, "an item does not unpack into the loop variables"));
            }

            RenderNodes(loop.Body, body);
        }
    }

    /// <summary>Sets one target to the value, or unpacks it into several; false when it does not unpack (the targets are then unknown).</summary>
    private bool Bind(IReadOnlyList<string> targets, object? value, Scope scope)
    {
        if (targets.Count == 1)
        {
            scope.Set(targets[0], value);
            return true;
        }

        var parts = value is string ? null : Iterate(value);
        if (parts is null || parts.Count != targets.Count)
        {
            foreach (var target in targets)
            {
                scope.Set(target, Unknown.Value);
            }

            return value is Unknown;
        }

        for (var i = 0; i < targets.Count; i++)
        {
            scope.Set(targets[i], parts[i]);
        }

        return true;
    }

    private void Assign(SetNode set, Scope scope)
    {
        var value = Evaluate(set.Value, scope);
        if (set.Attribute is not null)
        {
            if (Lookup(set.Targets[0], scope) is NamespaceValue space)
            {
                space.Attributes[set.Attribute] = value;
            }
            else
            {
                _unresolved.Add(new UnresolvedPart(UnresolvedKind.Statement, $"{{% set {set.Targets[0]}.{set.Attribute} = ... %}}", set.Line, "only a namespace() takes attributes"));
            }

            return;
        }

        if (!Bind(set.Targets, value, scope))
        {
            _unresolved.Add(new UnresolvedPart(UnresolvedKind.Statement, $"{{% set {string.Join(", ", set.Targets)} = ... %}}", set.Line, "the value does not unpack into the names"));
        }
    }

    /// <summary>The items of a sequence, a mapping's keys, a string's characters; null when unknown or not iterable.</summary>
    private List<object?>? Iterate(object? value)
    {
        List<object?>? items = value switch
        {
            IList<object?> list => [.. list],
            TupleValue tuple => [.. tuple.Items],
            GeneratorValue generator => generator.Items,
            IDictionary<string, object?> map => [.. map.Keys],
            string text => [.. text.Select(c => (object?)c.ToString())],
            _ => null,
        };
        if (items is null || items.Count > PyValue.MaxSize)
        {
            return null;
        }

        for (var i = 0; i < items.Count; i++)
        {
            items[i] = Materialize(items[i]);
        }

        return items;
    }

    /// <summary>
    /// A variable's value as Ansible sees it: a string holding a template is rendered (lazily, with the variables
    /// only), and a result that reads as a list, a mapping or a boolean becomes one, as Ansible's concatenation does.
    /// </summary>
    private object? Materialize(object? value)
    {
        if (value is not string text || !(text.Contains("{{", StringComparison.Ordinal) || text.Contains("{%", StringComparison.Ordinal) || text.Contains("{#", StringComparison.Ordinal)))
        {
            return value;
        }

        if (_budget.Rendered.TryGetValue(text, out var done))
        {
            return done;
        }

        if (_budget.Rendering.Contains(text) || _budget.Nesting >= RenderBudget.MaxNesting || ++_budget.NestedRenderings > RenderBudget.MaxNestedRenderings ||
            !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            return Unknown.Value;
        }

        _budget.Rendering.Add(text);
        _budget.Nesting++;
        object? result;
        try
        {
            var inner = Render(text, _variables, _budget);
            result = inner.Unresolved.Count > 0 || inner.Gates.Count > 0 ? Unknown.Value : LiteralOrText(inner.Text);
        }
        finally
        {
            _budget.Nesting--;
            _budget.Rendering.Remove(text);
        }

        _budget.Rendered[text] = result;
        return result;
    }

    /// <summary>The value of one expression over the variables; null when it does not parse or is not known.</summary>
    public static object? EvaluateExpression(string expression, IReadOnlyDictionary<string, object?> variables)
    {
        var pieces = TemplateLexer.Split("{{ " + expression + " }}");
        if (pieces is not [{ Kind: PieceKind.Output, Error: null } piece])
        {
            return null;
        }

        try
        {
            var renderer = new TemplateRenderer(variables, new RenderBudget());
            var value = renderer.Evaluate(ExpressionParser.ParseAll(piece.Tokens), new Scope(null));
            return ContainsUnknown(value, 0) ? null : value is GeneratorValue generator ? generator.Items : value;
        }
        catch (TemplateSyntaxException)
        {
            return null;
        }
    }

    private static object? LiteralOrText(string text)
    {
        if (text is "True" or "False")
        {
            return text == "True";
        }

        if (!text.StartsWith('[') && !text.StartsWith('{'))
        {
            return text;
        }

        try
        {
            var pieces = TemplateLexer.Split("{{" + text + "}}");
            if (pieces is not [{ Kind: PieceKind.Output, Error: null } piece])
            {
                return text;
            }

            var expression = ExpressionParser.ParseAll(piece.Tokens);
            return IsLiteral(expression, 0) ? EvaluateLiteral(expression) : text;
        }
        catch (TemplateSyntaxException)
        {
            return text;
        }
    }

    private static bool IsLiteral(Expr expression, int depth) => depth < ExpressionParser.MaxDepth && expression switch
    {
        ConstExpr => true,
        UnaryExpr { Operator: "-" or "+", Operand: ConstExpr { Value: long or double } } => true,
        ListExpr list => list.Items.All(i => IsLiteral(i, depth + 1)),
        TupleExpr tuple => tuple.Items.All(i => IsLiteral(i, depth + 1)),
        DictExpr map => map.Pairs.All(p => p.Key is ConstExpr { Value: string } && IsLiteral(p.Value, depth + 1)),
        _ => false,
    };

    private static object? EvaluateLiteral(Expr expression)
    {
        var renderer = new TemplateRenderer(new Dictionary<string, object?>(StringComparer.Ordinal), new RenderBudget());
        return renderer.Evaluate(expression, new Scope(null));
    }
}
