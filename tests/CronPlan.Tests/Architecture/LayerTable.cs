using System.Globalization;
using System.Text.RegularExpressions;

namespace CronPlan.Tests.Architecture;

/// <summary>A namespace's place: its layer, and the namespaces of its own layer it may use.</summary>
internal sealed record Layer(string Namespace, int Level, IReadOnlySet<string> Beside);

/// <summary>
/// The layer table of docs/architecture.md, the one place the order is written: a namespace may use every namespace
/// of a lower layer, and of its own layer only those its row names.
/// </summary>
internal sealed partial class LayerTable
{
    public const string Header = "| Layer | Namespace | Holds | Uses on its own layer |";

    private readonly Dictionary<string, Layer> _layers;

    private LayerTable(Dictionary<string, Layer> layers) => _layers = layers;

    public IReadOnlyCollection<string> Namespaces => _layers.Keys;

    /// <summary>The table under <see cref="Header"/>; throws when there is none or it contradicts itself.</summary>
    public static LayerTable Parse(string markdown)
    {
        var lines = markdown.Split('\n').Select(l => l.Trim()).ToList();
        var header = lines.IndexOf(Header);
        if (header < 0)
        {
            throw new InvalidDataException($"no layer table: no line '{Header}'");
        }

        var layers = new Dictionary<string, Layer>(StringComparer.Ordinal);
        foreach (var row in lines.Skip(header + 2).TakeWhile(l => l.StartsWith('|')))
        {
            var cells = row.Trim('|').Split('|').Select(c => c.Trim()).ToList();
            var level = int.Parse(cells[0], NumberStyles.None, CultureInfo.InvariantCulture);
            var name = Backticked(cells[1]).Single();
            if (!layers.TryAdd(name, new Layer(name, level, Backticked(cells[^1]).ToHashSet(StringComparer.Ordinal))))
            {
                throw new InvalidDataException($"{name} has two rows");
            }
        }

        foreach (var (name, layer) in layers)
        {
            foreach (var beside in layer.Beside)
            {
                if (!layers.TryGetValue(beside, out var other) || other.Level != layer.Level || other.Beside.Contains(name))
                {
                    throw new InvalidDataException($"{name} may use {beside} only if it is on the same layer and does not use {name} in turn");
                }
            }
        }

        return new LayerTable(layers);
    }

    public bool Allows(string from, string to) =>
        _layers.TryGetValue(from, out var user) && _layers.TryGetValue(to, out var used) && (used.Level < user.Level || user.Beside.Contains(to));

    /// <summary>Every use the table does not allow, one line each: <c>CronPlan.Analysis → CronPlan.Scheduling: ScheduleAnalyzer.Foo references NightWindow</c>.</summary>
    public IReadOnlyList<string> Violations(IEnumerable<TypeUse> uses) =>
    [
        .. uses.Where(u => !Allows(u.From, u.To))
            .Select(u => $"{u.From} → {u.To}: {u.Where} references {u.Type}")
            .Distinct()
            .Order(StringComparer.Ordinal),
    ];

    private static IEnumerable<string> Backticked(string cell) => Code().Matches(cell).Select(m => m.Groups[1].Value);

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Code();
}
