namespace CronPlan.Tests.Support;

/// <summary>One row of a conformance vectors file: what the real daemon did with an expression.</summary>
public sealed record ConformanceVector(string Id, string Zone, string Expression, DateTime Start, string Expected)
{
    public bool IsError => Expected == "error";

    public bool IsNever => Expected == "never";

    public IReadOnlyList<string> ExpectedRuns => IsError || IsNever ? [] : Expected.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public override string ToString() => $"{Id} [{Expression}] in {Zone}";
}

/// <summary>Finds the shared specification folder that sits beside the repository and reads its vectors.</summary>
public static class ConformanceVectors
{
    public static string RepositoryRoot
    {
        get
        {
            var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "CronPlan.sln")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new InvalidOperationException("CronPlan.sln not found above the test directory");
        }
    }

    public static string? SharedSpecDirectory
    {
        get
        {
            var root = new DirectoryInfo(RepositoryRoot);
            var candidate = Path.Combine(root.Parent!.FullName, "shared", "spec");
            return Directory.Exists(candidate) ? candidate : null;
        }
    }

    public static IEnumerable<ConformanceVector> DebianPublic()
    {
        var directory = SharedSpecDirectory;
        if (directory is null)
        {
            yield break;
        }

        foreach (var line in File.ReadLines(Path.Combine(directory, "vectors", "debian-public.tsv")))
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var columns = line.Split('\t');
            yield return new ConformanceVector(
                columns[0],
                columns[1],
                columns[2],
                DateTime.ParseExact(columns[3], "yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture),
                columns[4]);
        }
    }
}
