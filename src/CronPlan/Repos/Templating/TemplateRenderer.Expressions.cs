using System.Runtime.CompilerServices;
using System.Text;

namespace CronPlan.Repos.Templating;

/// <summary>A global function: <c>range</c>, <c>namespace</c>, <c>dict</c>, or one whose result only the play knows (<c>lookup</c>).</summary>
internal sealed record GlobalFunction(string Name);

/// <summary>Evaluated arguments of a call, a filter or a test.</summary>
internal sealed class CallArguments(List<object?> positional, Dictionary<string, object?> named)
{
    public List<object?> Positional { get; } = positional;

    public Dictionary<string, object?> Named { get; } = named;

    public int Count => Positional.Count + Named.Count;

    public object? Get(int index, string name, object? fallback) =>
        index < Positional.Count ? Positional[index] : Named.TryGetValue(name, out var value) ? value : fallback;

    public bool Has(int index, string name) => index < Positional.Count || Named.ContainsKey(name);

    public bool AnyUnknown => Positional.Any(PyValue.IsUnknownOrUndefined) || Named.Values.Any(PyValue.IsUnknownOrUndefined);
}

internal sealed partial class TemplateRenderer
{
    private static readonly HashSet<string> Globals = new(StringComparer.Ordinal) { "range", "namespace", "dict", "lookup", "query", "q", "now", "lipsum", "cycler", "joiner", "undef" };

    // Names only the play knows: facts, the inventory, magic variables. Absent from the variables they are unknown;
    // any other absent name is undefined, which default() replaces and "is defined" tests.
    private static readonly HashSet<string> PlayNames = new(StringComparer.Ordinal)
    {
        "hostvars", "groups", "group_names", "inventory_hostname", "inventory_hostname_short", "inventory_dir", "inventory_file",
        "play_hosts", "playbook_dir", "role_path", "role_name", "role_names", "omit", "item", "vars", "environment", "facts",
    };

    public static bool IsPlayName(string name) =>
        PlayNames.Contains(name) || name.StartsWith("ansible_", StringComparison.Ordinal) || name.StartsWith("template_", StringComparison.Ordinal);

    private object? Lookup(string name, Scope scope)
    {
        if (scope.TryGet(name, out var local))
        {
            return local;
        }

        if (_variables.TryGetValue(name, out var value))
        {
            return Materialize(value);
        }

        if (Globals.Contains(name))
        {
            return new GlobalFunction(name);
        }

        return IsPlayName(name) ? Unknown.Value : new Undefined(name);
    }

    private object? Evaluate(Expr expression, Scope scope)
    {
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack() || Exhausted())
        {
            return Unknown.Value;
        }

        switch (expression)
        {
            case ConstExpr constant:
                return constant.Value;
            case NameExpr name:
                return Lookup(name.Name, scope);
            case ListExpr list:
                return list.Items.Select(i => Evaluate(i, scope)).ToList();
            case TupleExpr tuple:
                return new TupleValue([.. tuple.Items.Select(i => Evaluate(i, scope))]);
            case DictExpr dict:
                var map = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var (keyExpression, valueExpression) in dict.Pairs)
                {
                    if (Evaluate(keyExpression, scope) is not string key)
                    {
                        return Unknown.Value;
                    }

                    map[key] = Evaluate(valueExpression, scope);
                }

                return map;
            case AttributeExpr attribute:
                return GetAttribute(Evaluate(attribute.Target, scope), attribute.Name);
            case IndexExpr index:
                return GetItem(Evaluate(index.Target, scope), Evaluate(index.Index, scope));
            case SliceExpr slice:
                return Slice(Evaluate(slice.Target, scope), Optional(slice.Start, scope), Optional(slice.Stop, scope), Optional(slice.Step, scope));
            case CallExpr call:
                return Call(Evaluate(call.Callee, scope), EvaluateArguments(call.Arguments, scope));
            case FilterExpr filter:
                return ApplyFilter(filter.Name, Evaluate(filter.Target, scope), EvaluateArguments(filter.Arguments, scope));
            case TestExpr test:
                var passed = ApplyTest(test.Name, Evaluate(test.Target, scope), EvaluateArguments(test.Arguments, scope));
                return passed is null ? Unknown.Value : passed != test.Negated;
            case UnaryExpr unary:
                return Unary(unary.Operator, Evaluate(unary.Operand, scope));
            case BinaryExpr { Operator: "and" or "or" } logical:
                var left = Evaluate(logical.Left, scope);
                var truth = PyValue.Truth(left);
                if (truth is null)
                {
                    return Unknown.Value;
                }

                return truth == (logical.Operator == "or") ? left : Evaluate(logical.Right, scope);
            case BinaryExpr binary:
                return Arithmetic(binary.Operator, Evaluate(binary.Left, scope), Evaluate(binary.Right, scope));
            case CompareExpr compare:
                return CompareChain(compare, scope);
            case ConditionalExpr conditional:
                var condition = PyValue.Truth(Evaluate(conditional.Condition, scope));
                return condition switch
                {
                    null => Unknown.Value,
                    true => Evaluate(conditional.Body, scope),
                    false => conditional.Otherwise is null ? new Undefined("", silent: true) : Evaluate(conditional.Otherwise, scope),
                };
            default:
                return Unknown.Value;
        }
    }

    private object? Optional(Expr? expression, Scope scope) => expression is null ? null : Evaluate(expression, scope);

    private CallArguments EvaluateArguments(Arguments arguments, Scope scope) =>
        new([.. arguments.Positional.Select(a => Evaluate(a, scope))], arguments.Named.ToDictionary(a => a.Name, a => Evaluate(a.Value, scope), StringComparer.Ordinal));

    private object? CompareChain(CompareExpr compare, Scope scope)
    {
        var left = Evaluate(compare.First, scope);
        var unknown = false;
        foreach (var (op, operand) in compare.Rest)
        {
            var right = Evaluate(operand, scope);
            bool? result = op switch
            {
                "==" => PyValue.Equal(left, right),
                "!=" => !PyValue.Equal(left, right),
                "in" => Contains(right, left),
                "not in" => !Contains(right, left),
                _ when PyValue.IsUnknownOrUndefined(left) || PyValue.IsUnknownOrUndefined(right) => null,
                _ => PyValue.Compare(left, right) is { } order ? op switch
                {
                    "<" => order < 0,
                    ">" => order > 0,
                    "<=" => order <= 0,
                    _ => order >= 0,
                }
                : null,
            };
            if (result == false)
            {
                return false;
            }

            unknown |= result is null;
            left = right;
        }

        return unknown ? Unknown.Value : true;
    }

    /// <summary>Python's <c>item in container</c>; null when it cannot be told or Python raises.</summary>
    private bool? Contains(object? container, object? item)
    {
        if (PyValue.IsUnknownOrUndefined(container) || PyValue.IsUnknownOrUndefined(item))
        {
            return null;
        }

        switch (container)
        {
            case string text:
                return item is string part ? text.Contains(part, StringComparison.Ordinal) : null;
            case IDictionary<string, object?> map:
                return item is string key && map.ContainsKey(key);
        }

        var items = Iterate(container);
        if (items is null)
        {
            return null;
        }

        var unknown = false;
        foreach (var candidate in items)
        {
            var same = PyValue.Equal(candidate, item);
            if (same == true)
            {
                return true;
            }

            unknown |= same is null;
        }

        return unknown ? null : false;
    }

    private static object? Unary(string op, object? operand)
    {
        if (op == "not")
        {
            return PyValue.Truth(operand) is { } truth ? !truth : Unknown.Value;
        }

        if (operand is string text && PyValue.NumberFromText(text) is { } number)
        {
            operand = number;
        }

        return operand switch
        {
            double d => op == "-" ? -d : d,
            long or int or bool when PyValue.ToLong(operand) is var l => op == "+" ? l : l == long.MinValue ? Unknown.Value : -l,
            _ => Unknown.Value,
        };
    }

    private static object? Arithmetic(string op, object? left, object? right)
    {
        if (PyValue.IsUnknownOrUndefined(left) || PyValue.IsUnknownOrUndefined(right))
        {
            return Unknown.Value;
        }

        if (op == "~")
        {
            var joined = PyValue.Str(left) + PyValue.Str(right);
            return joined.Length > PyValue.MaxSize ? Unknown.Value : joined;
        }

        if (op == "%" && left is string format)
        {
            return Printf(format, right);
        }

        if (op == "*" && (left is string || right is string))
        {
            // "5" * 2 is "55" for a string and 10 for the integer the reader may have turned into text.
            var text = left as string ?? right as string;
            var count = left is string ? right : left;
            return PyValue.NumberFromText(text!) is not null || count is not (long or int or bool) ? Unknown.Value : Repeat(text!, PyValue.ToLong(count));
        }

        if (op == "+" && left is string a && right is string b)
        {
            return a.Length + (long)b.Length > PyValue.MaxSize ? Unknown.Value : a + b;
        }

        if (op is "+" or "*" && (left is IList<object?> || right is IList<object?> || left is TupleValue || right is TupleValue))
        {
            return SequenceArithmetic(op, left, right);
        }

        if (left is string ls && PyValue.IsNumber(right))
        {
            left = PyValue.NumberFromText(ls);
        }

        if (right is string rs && PyValue.IsNumber(left))
        {
            right = PyValue.NumberFromText(rs);
        }

        if (!PyValue.IsNumber(left) || !PyValue.IsNumber(right))
        {
            return Unknown.Value;
        }

        try
        {
            return left is double || right is double || op == "/" ? FloatArithmetic(op, PyValue.ToDouble(left), PyValue.ToDouble(right)) : IntegerArithmetic(op, PyValue.ToLong(left), PyValue.ToLong(right));
        }
        catch (OverflowException)
        {
            return Unknown.Value;
        }
    }

    private static object? Repeat(string text, long count)
    {
        if (count <= 0)
        {
            return "";
        }

        return text.Length * count > PyValue.MaxSize ? Unknown.Value : new StringBuilder(text.Length * (int)count).Insert(0, text, (int)count).ToString();
    }

    private static object? SequenceArithmetic(string op, object? left, object? right)
    {
        if (op == "+")
        {
            return (left, right) switch
            {
                (IList<object?> a, IList<object?> b) when a.Count + (long)b.Count <= PyValue.MaxSize => a.Concat(b).ToList(),
                (TupleValue a, TupleValue b) when a.Items.Count + (long)b.Items.Count <= PyValue.MaxSize => new TupleValue([.. a.Items.Concat(b.Items)]),
                _ => Unknown.Value,
            };
        }

        var (sequence, count) = left is long or int or bool ? (right, PyValue.ToLong(left)) : (left, right is long or int or bool ? PyValue.ToLong(right) : -1);
        var items = sequence switch { IList<object?> l => (IReadOnlyList<object?>)[.. l], TupleValue t => t.Items, _ => null };
        if (items is null || count < 0 && right is not (long or int or bool) && left is not (long or int or bool))
        {
            return Unknown.Value;
        }

        if (count <= 0)
        {
            return sequence is TupleValue ? new TupleValue([]) : new List<object?>();
        }

        if (items.Count * count > PyValue.MaxSize)
        {
            return Unknown.Value;
        }

        var repeated = new List<object?>();
        for (var i = 0; i < count; i++)
        {
            repeated.AddRange(items);
        }

        return sequence is TupleValue ? new TupleValue(repeated) : repeated;
    }

    private static object? IntegerArithmetic(string op, long a, long b)
    {
        checked
        {
            switch (op)
            {
                case "+":
                    return a + b;
                case "-":
                    return a - b;
                case "*":
                    return a * b;
                case "//":
                    if (b == 0)
                    {
                        return Unknown.Value;
                    }

                    var quotient = a / b;
                    return (a % b != 0) && ((a < 0) != (b < 0)) ? quotient - 1 : quotient;
                case "%":
                    if (b == 0)
                    {
                        return Unknown.Value;
                    }

                    var remainder = a % b;
                    return remainder != 0 && ((remainder < 0) != (b < 0)) ? remainder + b : remainder;
                case "**":
                    if (b < 0)
                    {
                        return a == 0 ? Unknown.Value : Math.Pow(a, b);
                    }

                    long result = 1;
                    var power = a;
                    var exponent = b;
                    while (exponent > 0)
                    {
                        if ((exponent & 1) == 1)
                        {
                            result *= power;
                        }

                        exponent >>= 1;
                        if (exponent > 0)
                        {
                            power *= power;
                        }
                    }

                    return result;
                default:
                    return Unknown.Value;
            }
        }
    }

    private static object? FloatArithmetic(string op, double a, double b)
    {
        object? result = op switch
        {
            "+" => a + b,
            "-" => a - b,
            "*" => a * b,
            "/" => b == 0 ? Unknown.Value : a / b,
            "//" => b == 0 ? Unknown.Value : Math.Floor(a / b),
            "%" => b == 0 ? Unknown.Value : PythonFloatModulo(a, b),
            "**" => (a == 0 && b < 0) || (a < 0 && b != Math.Floor(b)) ? Unknown.Value : Math.Pow(a, b),
            _ => Unknown.Value,
        };
        return result is double d && (double.IsInfinity(d) || double.IsNaN(d)) && !double.IsInfinity(a) && !double.IsInfinity(b) ? Unknown.Value : result;
    }

    private static double PythonFloatModulo(double a, double b)
    {
        // Python's float modulo takes the divisor's sign, a zero result included.
        var remainder = a % b;
        return remainder == 0 ? Math.CopySign(0.0, b) : (remainder < 0) != (b < 0) ? remainder + b : remainder;
    }

    /// <summary><c>"%s:%d" % (a, b)</c> for the conversions Ansible roles use; anything else is unknown.</summary>
    private static object? Printf(string format, object? arguments)
    {
        var values = arguments is TupleValue tuple ? tuple.Items : [arguments];
        if (values.Any(v => v is Unknown or Undefined))
        {
            return Unknown.Value;
        }

        var builder = new StringBuilder();
        var next = 0;
        for (var i = 0; i < format.Length; i++)
        {
            if (format[i] != '%')
            {
                builder.Append(format[i]);
                continue;
            }

            if (++i >= format.Length)
            {
                return Unknown.Value;
            }

            switch (format[i])
            {
                case '%':
                    builder.Append('%');
                    break;
                case 's' when next < values.Count:
                    builder.Append(PyValue.Str(values[next++]));
                    break;
                case 'r' when next < values.Count:
                    builder.Append(PyValue.Repr(values[next++]));
                    break;
                case 'd' or 'i' when next < values.Count && values[next] is long or int or bool or double:
                    var number = values[next++];
                    builder.Append(PyValue.Str(number is double d ? (object)(long)Math.Truncate(d) : PyValue.ToLong(number)));
                    break;
                default:
                    return Unknown.Value;
            }
        }

        return next == values.Count || arguments is IDictionary<string, object?> ? builder.ToString() : Unknown.Value;
    }

    private object? GetAttribute(object? target, string name)
    {
        switch (target)
        {
            case Unknown:
                return Unknown.Value;
            case Undefined undefined:
                return new Undefined(undefined.Name + "." + name);
            case LoopInfo loop:
                return name == "cycle" ? new BoundMethod(loop, name) : loop.Attribute(name);
            case NamespaceValue space:
                return space.Attributes.TryGetValue(name, out var attribute) ? attribute : new Undefined(name);
            case IDictionary<string, object?> map:
                if (name is "items" or "keys" or "values" or "get")
                {
                    return new BoundMethod(map, name);
                }

                return map.TryGetValue(name, out var value) ? Materialize(value) : new Undefined(name);
            case string text when StringMethods.Contains(name):
                return new BoundMethod(text, name);
            case IList<object?> list when name is "index" or "count":
                return new BoundMethod(list, name);
            default:
                return new Undefined(name);
        }
    }

    private object? GetItem(object? target, object? key)
    {
        if (target is Unknown || key is Unknown or Undefined)
        {
            return Unknown.Value;
        }

        if (target is Undefined undefined)
        {
            return new Undefined(undefined.Name + "[]");
        }

        switch (target)
        {
            case IDictionary<string, object?> map when key is string name:
                return map.TryGetValue(name, out var value) ? Materialize(value) : GetAttribute(map, name);
            case IDictionary<string, object?> map when key is long or int && map.ContainsKey(PyValue.Str(key)):
                return Unknown.Value;
            case IList<object?> or TupleValue or string when key is long or int or bool:
                var items = target switch { IList<object?> l => (IReadOnlyList<object?>)[.. l], TupleValue t => t.Items, _ => null };
                var length = items?.Count ?? ((string)target).Length;
                var index = PyValue.ToLong(key);
                index += index < 0 ? length : 0;
                if (index < 0 || index >= length)
                {
                    return new Undefined("[" + PyValue.Str(key) + "]");
                }

                return items is null ? ((string)target)[(int)index].ToString() : Materialize(items[(int)index]);
            case LoopInfo or NamespaceValue when key is string name:
                return GetAttribute(target, name);
            default:
                return key is string attribute ? GetAttribute(target, attribute) : new Undefined("[]");
        }
    }

    private static object? Slice(object? target, object? start, object? stop, object? step)
    {
        if (PyValue.IsUnknownOrUndefined(target) || PyValue.IsUnknownOrUndefined(start) || PyValue.IsUnknownOrUndefined(stop) || PyValue.IsUnknownOrUndefined(step))
        {
            return Unknown.Value;
        }

        if ((start is not (null or long or int or bool)) || (stop is not (null or long or int or bool)) || (step is not (null or long or int or bool)))
        {
            return Unknown.Value;
        }

        var items = target switch { IList<object?> l => (IReadOnlyList<object?>)[.. l], TupleValue t => t.Items, string s => [.. s.Select(c => (object?)c.ToString())], _ => null };
        if (items is null)
        {
            return Unknown.Value;
        }

        var stride = step is null ? 1 : PyValue.ToLong(step);
        if (stride == 0)
        {
            return Unknown.Value;
        }

        long length = items.Count;
        long Clamp(object? bound, long forMissing)
        {
            if (bound is null)
            {
                return forMissing;
            }

            var value = PyValue.ToLong(bound);
            value += value < 0 ? length : 0;
            return stride > 0 ? Math.Clamp(value, 0, length) : Math.Clamp(value, -1, length - 1);
        }

        var from = Clamp(start, stride > 0 ? 0 : length - 1);
        var to = Clamp(stop, stride > 0 ? length : -1);
        var picked = new List<object?>();
        for (var i = from; stride > 0 ? i < to : i > to; i += stride)
        {
            picked.Add(items[(int)i]);
        }

        return target switch
        {
            string => string.Concat(picked.Cast<string>()),
            TupleValue => new TupleValue(picked),
            _ => picked,
        };
    }
}
