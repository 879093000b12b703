using CronPlan.Diagnostics;
using CronPlan.Text;

namespace CronPlan.Repos;

/// <summary>
/// The files of a repository as the scan walks them: directories listed once each (a symbolic link back up the tree is
/// a loop, not more files), unreadable ones reported once, paths relative to the root.
/// </summary>
internal sealed class RepositoryFiles(string root)
{
    private const int MaxDirectoryDepth = 32;

    private readonly HashSet<string> _walked = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _listed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> _texts = new(StringComparer.Ordinal);
    private readonly List<Diagnostic> _problems = [];

    public string Relative(string path) => Path.GetRelativePath(root, path).Replace('\\', '/');

    public IEnumerable<string> VariableFiles(string directory) =>
        FilesUnder(directory).Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal) || !Path.HasExtension(f));

    public IEnumerable<string> YamlFiles(string directory) =>
        FilesUnder(directory).Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal));

    public List<string> Subdirectories(string directory)
    {
        var found = new List<string>();
        foreach (var entry in Entries(directory, directories: true))
        {
            if (RealPath(entry) is { } real && _walked.Add(real))
            {
                found.Add(entry);
            }
        }

        return found;
    }

    /// <summary>Every file below <paramref name="directory"/>, sorted; the same list each time it is asked for.</summary>
    public List<string> FilesUnder(string directory)
    {
        if (_listed.TryGetValue(directory, out var known))
        {
            return known;
        }

        var files = new List<string>();
        _listed[directory] = files;
        if (RealPath(directory) is not { } top || !_walked.Add(top))
        {
            return files;
        }

        var pending = new Stack<(string Directory, int Depth)>();
        pending.Push((directory, 0));
        while (pending.Count > 0)
        {
            var (current, depth) = pending.Pop();
            files.AddRange(Entries(current, directories: false));
            if (depth >= MaxDirectoryDepth)
            {
                continue;
            }

            foreach (var sub in Entries(current, directories: true).AsEnumerable().Reverse())
            {
                if (RealPath(sub) is { } real && _walked.Add(real))
                {
                    pending.Push((sub, depth + 1));
                }
            }
        }

        files.Sort(StringComparer.Ordinal);
        return files;
    }

    public List<string> Entries(string directory, bool directories)
    {
        if (!Directory.Exists(directory))
        {
            return [];
        }

        try
        {
            var entries = directories ? Directory.GetDirectories(directory) : Directory.GetFiles(directory);
            return [.. entries.Order(StringComparer.Ordinal)];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var at = new SourceLocation(Relative(directory), 1, 1, 1, 1);
            if (!_problems.Any(d => d.Id == "CPL9001" && d.Location == at))
            {
                _problems.Add(DiagnosticCatalog.CPL9001.Create(at, $"cannot list {Relative(directory)}: {e.Message}; nothing in it is checked"));
            }

            return [];
        }
    }

    /// <summary>Problems met while listing directories.</summary>
    public IReadOnlyList<Diagnostic> Problems => _problems;

    private static string? RealPath(string directory)
    {
        try
        {
            var info = new DirectoryInfo(directory);
            return (info.LinkTarget is null ? info : info.ResolveLinkTarget(returnFinalTarget: true))?.FullName;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>A file's text, or null with CPL9001/CPL9002 (unreadable, binary, not UTF-8, too large) said once.</summary>
    public string? ReadText(string path, List<Diagnostic> diagnostics)
    {
        if (_texts.TryGetValue(path, out var known))
        {
            return known;
        }

        var source = SourceText.Read(path);
        if (source.Problem is { } problem)
        {
            var relative = Relative(path);
            var at = problem.Location with { File = relative };
            if (!diagnostics.Any(d => d.Location.File == relative && d.Id == problem.Id))
            {
                diagnostics.Add(new Diagnostic(problem.Id, problem.Severity, problem.Message.Replace(path, relative, StringComparison.Ordinal), at, problem.Fix, problem.Notes));
            }
        }

        _texts[path] = source.Text;
        return source.Text;
    }
}
