namespace CronPlan.Repos.Templating;

/// <summary>An expression inside <c>{{ }}</c> or a statement.</summary>
internal abstract record Expr;

internal sealed record ConstExpr(object? Value) : Expr;

internal sealed record NameExpr(string Name) : Expr;

internal sealed record ListExpr(IReadOnlyList<Expr> Items) : Expr;

internal sealed record TupleExpr(IReadOnlyList<Expr> Items) : Expr;

internal sealed record DictExpr(IReadOnlyList<(Expr Key, Expr Value)> Pairs) : Expr;

internal sealed record AttributeExpr(Expr Target, string Name) : Expr;

internal sealed record IndexExpr(Expr Target, Expr Index) : Expr;

internal sealed record SliceExpr(Expr Target, Expr? Start, Expr? Stop, Expr? Step) : Expr;

internal sealed record Arguments(IReadOnlyList<Expr> Positional, IReadOnlyList<(string Name, Expr Value)> Named)
{
    public static readonly Arguments None = new([], []);
}

internal sealed record CallExpr(Expr Callee, Arguments Arguments) : Expr;

internal sealed record FilterExpr(Expr Target, string Name, Arguments Arguments) : Expr;

internal sealed record TestExpr(Expr Target, string Name, Arguments Arguments, bool Negated) : Expr;

/// <summary><c>-x</c>, <c>+x</c>, <c>not x</c>.</summary>
internal sealed record UnaryExpr(string Operator, Expr Operand) : Expr;

/// <summary>Arithmetic, <c>~</c>, <c>and</c>, <c>or</c>.</summary>
internal sealed record BinaryExpr(string Operator, Expr Left, Expr Right) : Expr;

/// <summary><c>a &lt; b &lt;= c</c>, <c>a in b</c>, <c>a not in b</c>: Python's chained comparison.</summary>
internal sealed record CompareExpr(Expr First, IReadOnlyList<(string Operator, Expr Operand)> Rest) : Expr;

/// <summary><c>a if c else b</c>; without <c>else</c> the value is undefined when the condition is false.</summary>
internal sealed record ConditionalExpr(Expr Body, Expr Condition, Expr? Otherwise) : Expr;

/// <summary>A statement or a stretch of text in the template body; every node knows its template line.</summary>
internal abstract record Node(int Line);

internal sealed record TextNode(string Text, int Line) : Node(Line);

/// <summary><c>{{ expression }}</c>; <paramref name="Expression"/> is null when the tag does not parse.</summary>
internal sealed record OutputNode(Expr? Expression, string Inner, string Source, int Line) : Node(Line);

internal sealed record IfBranch(Expr? Condition, string ConditionText, IReadOnlyList<Node> Body);

internal sealed record IfNode(IReadOnlyList<IfBranch> Branches, IReadOnlyList<Node>? Otherwise, int Line) : Node(Line);

/// <summary><c>{% for a, b in items if condition %}</c>; a null iterable is a header that did not parse.</summary>
internal sealed record ForNode(IReadOnlyList<string> Targets, Expr? Iterable, Expr? Filter, IReadOnlyList<Node> Body, IReadOnlyList<Node>? Otherwise, string Source, int Line) : Node(Line);

/// <summary><c>{% set a = x %}</c>, <c>{% set a, b = x %}</c>, <c>{% set ns.attribute = x %}</c>.</summary>
internal sealed record SetNode(IReadOnlyList<string> Targets, string? Attribute, Expr Value, int Line) : Node(Line);

/// <summary><c>{% set a %}...{% endset %}</c>.</summary>
internal sealed record SetBlockNode(string Target, IReadOnlyList<Node> Body, int Line) : Node(Line);

/// <summary>
/// A statement this renderer does not evaluate or that does not parse: reported, and nothing is written for the tag.
/// <paramref name="Body"/>, when there is one to render (<c>block</c>, <c>with</c>), is rendered as it stands.
/// </summary>
internal sealed record OpaqueNode(string Source, string Reason, IReadOnlyList<Node>? Body, int Line) : Node(Line);
