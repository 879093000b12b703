using CronPlan.Tests.Architecture.Samples.Below;

namespace CronPlan.Tests.Architecture.Samples.Above;

/// <summary>Uses Samples.Below in every way the compiler hides a use: each member names its type in one place only.</summary>
[Mark(typeof(Reading))]
internal sealed class User : Base, IShape
{
    public Reading? Last { get; set; }

    public static List<Item> Items() => [];

    public static int Positive(IEnumerable<int> minutes) => minutes.Count(m => new Reading(m).Minute > 0);

    public static Func<string> Captured(string name) => () => new Item(name).Name;

    public static IEnumerable<string> Names(int count)
    {
        for (var i = 0; i < count; i++)
        {
            yield return new Item("x").Name;
        }
    }

    public static async Task<int> LaterAsync()
    {
        await Task.Yield();
        return new Reading(1).Minute;
    }

    public static int WithLocal()
    {
        return Local();

        static int Local() => new Reading(2).Minute;
    }

    internal sealed class Inner
    {
        public Item? Value { get; init; }
    }
}

/// <summary>Calls Samples.Below's <c>Source.Read</c> once from each place the compiler moves code to: the calls count for the member written.</summary>
internal static class Caller
{
    public static string Direct(string text) => Source.Read(text);

    public static Func<string, string> InLambda() => text => Source.Read(text);

    public static IEnumerable<string> Lazily(IEnumerable<string> texts)
    {
        foreach (var text in texts)
        {
            yield return Source.Read(text);
        }
    }

    public static async Task<string> LaterAsync(string text)
    {
        await Task.Yield();
        return Source.Read(text);
    }

    public static string InLocal(string text)
    {
        return Local();

        string Local() => Source.Read(text);
    }

    public static IEnumerable<string> AsMethodGroup(IEnumerable<string> texts) => texts.Select(Source.Read);
}
