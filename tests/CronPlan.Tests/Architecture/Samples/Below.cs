namespace CronPlan.Tests.Architecture.Samples.Below;

// What Samples.Above uses: the reader of TypeUses is tested on these two namespaces, where every use is known.

[AttributeUsage(AttributeTargets.Class)]
internal sealed class MarkAttribute(Type described) : Attribute
{
    public Type Described { get; } = described;
}

internal interface IShape;

internal class Base;

internal sealed record Reading(int Minute);

internal sealed record Item(string Name);

internal static class Source
{
    public static string Read(string text) => text.Trim();
}
