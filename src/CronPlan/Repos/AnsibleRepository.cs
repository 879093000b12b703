using CronPlan.Diagnostics;

namespace CronPlan.Repos;

/// <summary>How a cron tab reaches the host.</summary>
public enum DeployMethod
{
    /// <summary>The template module, from the role's templates/.</summary>
    Template,

    /// <summary>The copy module, from the role's files/ or inline content.</summary>
    Copy,

    /// <summary>The cron module (with or without cron_file).</summary>
    CronModule,

    /// <summary>lineinfile into a cron tab.</summary>
    LineInFile,
}

/// <summary>
/// A cron tab an Ansible repository installs, rendered: where it goes, what the daemon will read, and where each of its
/// lines came from.
/// </summary>
/// <param name="Destination">The path on the host, such as <c>/etc/cron.d/mysql-backup</c>; for the cron module without cron_file, the user's crontab.</param>
/// <param name="Method">How it is installed.</param>
/// <param name="Text">The rendered text, as the host gets it.</param>
/// <param name="Task">The task that installs it.</param>
/// <param name="Source">The template or file it was rendered from, relative to the repository; null for inline content and the cron module.</param>
/// <param name="Lines">For each rendered line (0-based), where it came from.</param>
/// <param name="Gates">Conditions around it: <c>{% if %}</c> in the template and the task's <c>when</c>.</param>
/// <param name="Owner">The task's owner, if given.</param>
/// <param name="Mode">The task's mode as Ansible applies it (octal text), if given.</param>
public sealed record DeployedTab(string Destination, DeployMethod Method, string Text, SourceLocation Task, string? Source, IReadOnlyList<SourceLocation> Lines, IReadOnlyList<string> Gates, string? Owner, string? Mode)
{
    /// <summary>The inventory hosts that get this text; empty when the repository does not say (no inventory, or a role no play places).</summary>
    internal IReadOnlyList<string> Hosts { get; init; } = [];

    /// <summary>The file name the daemon sees.</summary>
    public string Name => System.IO.Path.GetFileName(Destination);

    /// <summary>A per-user crontab (the cron module without cron_file): no user column.</summary>
    public bool IsUserCrontab => !Destination.StartsWith("/etc/", StringComparison.Ordinal);
}

/// <summary>A file some tasks write (such as .my.cnf), as it ends once they have all run in order.</summary>
/// <param name="Destination">The path on the host.</param>
/// <param name="Task">The task that writes its content last.</param>
/// <param name="Owner">The owner the last task to set one gives, if any.</param>
/// <param name="Mode">The mode as Ansible applies it (octal text), from the last task to set one, if any.</param>
/// <param name="Text">The content, when the repository holds it.</param>
public sealed record DeployedFile(string Destination, SourceLocation Task, string? Owner, string? Mode, string? Text);

/// <summary>What a repository deploys, and what was wrong with reading it.</summary>
/// <param name="Root">The repository directory.</param>
/// <param name="Tabs">Every cron tab it installs.</param>
/// <param name="Files">Every other file its tasks write.</param>
/// <param name="Diagnostics">CPL6003-CPL6007 and CPL9003, found while reading.</param>
public sealed record RepositoryScan(string Root, IReadOnlyList<DeployedTab> Tabs, IReadOnlyList<DeployedFile> Files, IReadOnlyList<Diagnostic> Diagnostics)
{
    /// <summary>Each written file's end state once its tasks have run in order (per host where the inventory names hosts).</summary>
    internal IReadOnlyList<FileEndState> EndStates { get; init; } = [];

    /// <summary>Home directories the repository's <c>user:</c> tasks set, by user.</summary>
    internal IReadOnlyDictionary<string, string> Homes { get; init; } = new Dictionary<string, string>();
}

/// <summary>
/// Reads an Ansible repository the way it deploys: its playbooks' plays in order on the hosts of its inventory, every
/// role under <c>roles/</c>, with the variables of the inventory, <c>group_vars/</c>, <c>host_vars/</c>, the plays and
/// the roles; every task that puts a cron tab on the host (template, copy, the cron module, lineinfile), rendered with
/// those variables, and the end state of every other file the tasks write.
/// </summary>
public static class AnsibleRepository
{

    /// <summary>Scans the repository at <paramref name="root"/>.</summary>
    public static RepositoryScan Scan(string root) => Scan(root, null);

    internal static RepositoryScan Scan(string root, ScanHooks? hooks)
    {
        ArgumentNullException.ThrowIfNull(root);
        var reader = new RepositoryReader(root, hooks);
        reader.Run();
        var endStates = reader.Operations
            .GroupBy(o => (o.Host, o.Path))
            .Select(g => FileEndState.Of([.. g]))
            .OfType<FileEndState>()
            .DistinctBy(s => (s.Path, s.Task, s.Owner, s.Mode, s.Content, string.Join(";", s.OpenWrites)))
            .ToList();
        var files = endStates.Select(s => new DeployedFile(s.Path, s.Task, s.Owner, s.Mode?.Text, s.Content)).Distinct().ToList();
        return new RepositoryScan(root, MergeHosts(reader.Tabs), files, Diagnostic.InReadingOrder(reader.Diagnostics)) { EndStates = endStates, Homes = reader.Homes };
    }

    /// <summary>One tab for the hosts that get the same text from the same task.</summary>
    private static List<DeployedTab> MergeHosts(List<DeployedTab> tabs)
    {
        var merged = new List<DeployedTab>();
        foreach (var group in tabs.GroupBy(t => (t.Destination, t.Method, t.Text, t.Task, t.Source, Lines: string.Join(";", t.Lines), Gates: string.Join(";", t.Gates), t.Owner, t.Mode)))
        {
            var first = group.First();
            var hosts = group.SelectMany(t => t.Hosts).Distinct(StringComparer.Ordinal).ToList();
            merged.Add(first with { Hosts = group.Any(t => t.Hosts.Count == 0) ? [] : hosts });
        }

        return merged;
    }
}
