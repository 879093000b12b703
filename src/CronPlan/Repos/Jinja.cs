using CronPlan.Repos.Templating;

namespace CronPlan.Repos;

/// <summary>A rendered template: its text, the source line each output line came from, what could not be resolved, and the host gates.</summary>
/// <param name="Text">The rendered text.</param>
/// <param name="SourceLines">For each output line (0-based), the 1-based template line it started on.</param>
/// <param name="Unresolved">Expressions kept as written (without their braces), with their template line.</param>
/// <param name="Gates">The conditions of the <c>{% if %}</c> blocks kept because only the play can decide them, as written.</param>
/// <param name="Parts">Everything left opaque, expressions and statements (a loop over a fact, a <c>{% macro %}</c>, a tag that does not parse).</param>
internal sealed record Rendering(string Text, IReadOnlyList<int> SourceLines, IReadOnlyList<(string Expression, int Line)> Unresolved, IReadOnlyList<string> Gates, IReadOnlyList<UnresolvedPart> Parts);

/// <summary>
/// Jinja as Ansible runs it (<c>trim_blocks</c>, trailing line feeds kept, variables that are templates rendered
/// when used), over what a repository knows. Names only the play knows (facts: <c>ansible_*</c>, <c>hostvars</c>,
/// <c>groups</c>, <c>inventory_hostname</c>...) are unknown: an <c>{{ }}</c> over them is kept as written and
/// reported, an <c>{% if %}</c> over them keeps its first branch and records the condition as a gate, a
/// <c>{% for %}</c> over them renders its body once. Other absent names are undefined, as in Jinja:
/// <c>default()</c> replaces them. The syntax is in <see cref="TemplateParser"/>, the semantics in
/// <see cref="TemplateRenderer"/>.
/// </summary>
internal static class Jinja
{
    /// <summary>Renders <paramref name="template"/> with <paramref name="variables"/> (strings, numbers, booleans, lists and mappings from YAML).</summary>
    public static Rendering Render(string template, IReadOnlyDictionary<string, object?> variables)
    {
        var (text, lines, parts, gates) = TemplateRenderer.Render(template, variables, new RenderBudget());
        var expressions = parts.Where(p => p.Kind == UnresolvedKind.Expression).Select(p => (p.Text, p.Line)).ToList();
        return new Rendering(text, lines, expressions, gates, parts);
    }

    /// <summary>Renders a task argument: the same language, for one value.</summary>
    public static string RenderValue(string text, IReadOnlyDictionary<string, object?> variables, out IReadOnlyList<string> unresolved)
    {
        var rendering = Render(text, variables);
        unresolved = [.. rendering.Unresolved.Select(u => u.Expression)];
        return rendering.Text;
    }

    /// <summary>Evaluates one expression and writes its value as Jinja would; false when it cannot be resolved.</summary>
    internal static string Evaluate(string expression, IReadOnlyDictionary<string, object?> variables, out bool resolved)
    {
        var rendering = Render("{{ " + expression + " }}", variables);
        resolved = rendering.Parts.Count == 0;
        return resolved ? rendering.Text : "";
    }

    /// <summary>The value of an expression (a list, a mapping, text...), or null when it is not known.</summary>
    internal static object? LookupValue(string expression, IReadOnlyDictionary<string, object?> variables) =>
        TemplateRenderer.EvaluateExpression(expression, variables);
}
