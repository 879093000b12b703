using Mono.Cecil;
using Mono.Cecil.Cil;

namespace CronPlan.Tests.Architecture;

/// <summary>One use of a type of another namespace: from where (a type and member) to which type.</summary>
/// <param name="From">The namespace of the using code.</param>
/// <param name="Where">The using type and member, <c>ScheduleAnalyzer.Run.CheckDeadline</c>.</param>
/// <param name="To">The namespace of the used type.</param>
/// <param name="Type">The used type, <c>NightWindow</c> or <c>BackupPlanBuilder.ServiceBuilder</c>.</param>
internal sealed record TypeUse(string From, string Where, string To, string Type);

/// <summary>One call of a method of the assembly's own namespaces (or a delegate made from it), and where it is written.</summary>
/// <param name="Where">The calling type and member, <c>BackupJobBuilder.Build</c>; code the compiler generates counts for the member it was written in.</param>
/// <param name="Type">The called method's type, <c>CommandReader</c> or <c>CommandReader.Reading</c>.</param>
/// <param name="Method">The called method, <c>Read</c>.</param>
internal sealed record MethodCall(string Where, string Type, string Method)
{
    public override string ToString() => $"{Where} → {Type}.{Method}";
}

/// <summary>
/// Every type of the assembly's own namespaces that its code names, read from the compiled assembly so that nothing
/// hides behind <c>var</c>: signatures, base types, interfaces, attributes, generic arguments and the operands of the
/// IL. What the compiler generates (lambdas, closures, iterators, async state machines, <c>&lt;&gt;c</c>) counts for
/// the type and member it was written in.
/// </summary>
internal static class TypeUses
{
    /// <summary>The references between different namespaces starting with <paramref name="prefix"/> in the assembly at <paramref name="path"/>.</summary>
    public static IReadOnlyList<TypeUse> Read(string path, string prefix)
    {
        var found = new HashSet<TypeUse>();
        Walk(path, prefix, found, null);
        return [.. found];
    }

    /// <summary>
    /// Every call from code of the namespaces starting with <paramref name="prefix"/> to a method of those namespaces
    /// (the same namespace included) in the assembly at <paramref name="path"/>: <c>call</c>, <c>callvirt</c>,
    /// <c>newobj</c> and the <c>ldftn</c> of a method group.
    /// </summary>
    public static IReadOnlyList<MethodCall> Calls(string path, string prefix)
    {
        var calls = new HashSet<MethodCall>();
        Walk(path, prefix, [], calls);
        return [.. calls];
    }

    private static void Walk(string path, string prefix, HashSet<TypeUse> found, HashSet<MethodCall>? calls)
    {
        using var resolver = new DefaultAssemblyResolver();
        resolver.AddSearchDirectory(Path.GetDirectoryName(path)!);
        resolver.AddSearchDirectory(Path.GetDirectoryName(typeof(object).Assembly.Location)!);
        using var module = ModuleDefinition.ReadModule(path, new ReaderParameters { AssemblyResolver = resolver });
        foreach (var type in module.Types.Where(t => IsOwn(t.Namespace, prefix)))
        {
            new Walker(type.Namespace, prefix, found, calls).Type(type, [Plain(type.Name)], null);
        }
    }

    /// <summary>The namespaces of the assembly at <paramref name="path"/> that start with <paramref name="prefix"/>.</summary>
    public static IReadOnlySet<string> Namespaces(string path, string prefix)
    {
        using var module = ModuleDefinition.ReadModule(path);
        return module.Types.Select(t => t.Namespace).Where(n => IsOwn(n, prefix)).ToHashSet(StringComparer.Ordinal);
    }

    private static bool IsOwn(string name, string prefix) => name == prefix || name.StartsWith(prefix + ".", StringComparison.Ordinal);

    /// <summary>What a generated name was made from: <c>Check</c> for <c>&lt;Check&gt;b__5_0</c> or <c>&lt;Check&gt;d__3</c>; null for <c>&lt;&gt;c</c>.</summary>
    private static string? Origin(string name)
    {
        if (!name.StartsWith('<'))
        {
            return null;
        }

        var close = name.IndexOf('>', StringComparison.Ordinal);
        return close > 1 ? name[1..close] : null;
    }

    /// <summary>A type's name as written: without its generic arity (<c>`1</c>) or a file-local type's prefix (<c>&lt;File&gt;F1A2B__</c>).</summary>
    private static string Plain(string name)
    {
        if (name.StartsWith('<') && name.IndexOf(">F", StringComparison.Ordinal) > 0 && name.LastIndexOf("__", StringComparison.Ordinal) is var mangled and > 0)
        {
            name = name[(mangled + 2)..];
        }

        return name.IndexOf('`', StringComparison.Ordinal) is var tick and > 0 ? name[..tick] : name;
    }

    private sealed class Walker(string from, string prefix, HashSet<TypeUse> found, HashSet<MethodCall>? calls)
    {
        /// <summary>
        /// A type and its nested types. <paramref name="path"/> holds the type names as written; <paramref name="origin"/>
        /// is set inside a generated type: the member it was made for, or null when it serves the whole type (<c>&lt;&gt;c</c>).
        /// </summary>
        public void Type(TypeDefinition type, List<string> path, string? origin, bool generated = false)
        {
            var self = string.Join('.', path);
            string Member(string? name) => name is null ? self : string.Join('.', path.Append(name));
            var inType = Member(origin);
            Uses(type.BaseType, inType);
            foreach (var implemented in type.Interfaces)
            {
                Uses(implemented.InterfaceType, inType);
                Attributes(implemented, inType);
            }

            Attributes(type, inType);
            GenericParameters(type, inType);
            foreach (var field in type.Fields)
            {
                // A closure's or a state machine's fields are its member's; a backing field is its property's.
                var where = generated ? inType : Member(Origin(field.Name) ?? field.Name);
                Uses(field.FieldType, where);
                Attributes(field, where);
            }

            foreach (var property in type.Properties)
            {
                var where = Member(property.Name);
                Uses(property.PropertyType, where);
                Attributes(property, where);
                property.Parameters.ToList().ForEach(p => Parameter(p, where));
            }

            foreach (var @event in type.Events)
            {
                Uses(@event.EventType, Member(@event.Name));
                Attributes(@event, Member(@event.Name));
            }

            foreach (var method in type.Methods)
            {
                var written = method.IsGetter || method.IsSetter ? method.Name[4..] : method.Name;
                Method(method, Member(Origin(method.Name) ?? (generated ? origin : written)));
            }

            foreach (var nested in type.NestedTypes)
            {
                if (nested.Name.StartsWith('<'))
                {
                    Type(nested, path, Origin(nested.Name) ?? origin, generated: true);
                }
                else
                {
                    Type(nested, [.. path, Plain(nested.Name)], null);
                }
            }
        }

        private void Method(MethodDefinition method, string where)
        {
            Uses(method.ReturnType, where);
            Attributes(method.MethodReturnType, where);
            Attributes(method, where);
            GenericParameters(method, where);
            method.Parameters.ToList().ForEach(p => Parameter(p, where));
            method.Overrides.ToList().ForEach(o => Uses(o, where));
            if (!method.HasBody)
            {
                return;
            }

            method.Body.Variables.ToList().ForEach(v => Uses(v.VariableType, where));
            method.Body.ExceptionHandlers.ToList().ForEach(h => Uses(h.CatchType, where));
            foreach (var instruction in method.Body.Instructions)
            {
                switch (instruction.Operand)
                {
                    case TypeReference type:
                        Uses(type, where);
                        break;
                    case MethodReference called:
                        Uses(called, where);
                        Called(called, where);
                        break;
                    case FieldReference field:
                        Uses(field.DeclaringType, where);
                        Uses(field.FieldType, where);
                        break;
                    case CallSite site:
                        Signature(site, where);
                        break;
                }
            }
        }

        private void Called(MethodReference method, string where)
        {
            var element = method is GenericInstanceMethod generic ? generic.ElementMethod : method;
            if (calls is not null && Named(element.DeclaringType) is { } type && IsOwn(type.Namespace, prefix))
            {
                calls.Add(new MethodCall(where, type.Name, element.Name));
            }
        }

        private void Parameter(ParameterDefinition parameter, string where)
        {
            Uses(parameter.ParameterType, where);
            Attributes(parameter, where);
        }

        private void GenericParameters(IGenericParameterProvider provider, string where)
        {
            foreach (var parameter in provider.GenericParameters)
            {
                Attributes(parameter, where);
                foreach (var constraint in parameter.Constraints)
                {
                    Uses(constraint.ConstraintType, where);
                    Attributes(constraint, where);
                }
            }
        }

        private void Uses(MethodReference method, string where)
        {
            if (method is GenericInstanceMethod generic)
            {
                generic.GenericArguments.ToList().ForEach(a => Uses(a, where));
                Uses(generic.ElementMethod, where);
                return;
            }

            Uses(method.DeclaringType, where);
            Signature(method, where);
        }

        /// <summary>The return and parameter types of a method, a <c>calli</c> site or a function pointer.</summary>
        private void Signature(IMethodSignature signature, string where)
        {
            Uses(signature.ReturnType, where);
            signature.Parameters.ToList().ForEach(p => Uses(p.ParameterType, where));
        }

        private void Attributes(ICustomAttributeProvider provider, string where)
        {
            foreach (var attribute in provider.CustomAttributes)
            {
                Uses(attribute.AttributeType, where);
                var arguments = attribute.ConstructorArguments
                    .Concat(attribute.Fields.Select(f => f.Argument))
                    .Concat(attribute.Properties.Select(p => p.Argument));
                foreach (var argument in arguments)
                {
                    Argument(argument, where);
                }
            }
        }

        private void Argument(CustomAttributeArgument argument, string where)
        {
            Uses(argument.Type, where);
            switch (argument.Value)
            {
                case TypeReference type:
                    Uses(type, where);
                    break;
                case CustomAttributeArgument boxed:
                    Argument(boxed, where);
                    break;
                case CustomAttributeArgument[] items:
                    items.ToList().ForEach(i => Argument(i, where));
                    break;
            }
        }

        private void Uses(TypeReference? type, string where)
        {
            switch (type)
            {
                case null or GenericParameter:
                    return;
                case GenericInstanceType generic:
                    generic.GenericArguments.ToList().ForEach(a => Uses(a, where));
                    Uses(generic.ElementType, where);
                    return;
                case FunctionPointerType pointer:
                    Signature(pointer, where);
                    return;
                case IModifierType modified:
                    Uses(modified.ModifierType, where);
                    Uses(modified.ElementType, where);
                    return;
                case TypeSpecification specification:
                    Uses(specification.ElementType, where);
                    return;
            }

            if (Named(type) is { } named && IsOwn(named.Namespace, prefix) && named.Namespace != from)
            {
                found.Add(new TypeUse(from, where, named.Namespace, named.Name));
            }
        }

        /// <summary>A type's namespace (its outermost type's) and its name as written with the types it is nested in; null for a generic instance or parameter.</summary>
        private static (string Namespace, string Name)? Named(TypeReference type)
        {
            if (type is TypeSpecification or GenericParameter)
            {
                return type is GenericInstanceType generic ? Named(generic.ElementType) : null;
            }

            var outermost = type;
            var names = new List<string> { Plain(type.Name) };
            while (outermost.DeclaringType is { } declaring)
            {
                outermost = declaring;
                names.Insert(0, Plain(declaring.Name));
            }

            return (outermost.Namespace, string.Join('.', names));
        }
    }
}
