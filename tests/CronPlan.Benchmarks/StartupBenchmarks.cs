using System.Diagnostics;
using BenchmarkDotNet.Attributes;

namespace CronPlan.Benchmarks;

/// <summary>
/// The cronplan command as a whole process, as a shell or CI runs it: the NativeAOT binary against the JIT build run
/// with <c>dotnet CronPlan.Cli.dll</c>, for a command that does almost nothing (<c>next</c>) and for <c>check
/// samples/lab10</c>. Both builds are published once, in Release, before the measurements.
/// </summary>
[MemoryDiagnoser(displayGenColumns: false)]
public class StartupBenchmarks
{
    private string _published = "";
    private string _jit = "";
    private string _aot = "";
    private string _lab = "";

    [Params("next", "check")]
    public string Command { get; set; } = "";

    [GlobalSetup]
    public void Publish()
    {
        var root = AppContext.BaseDirectory;
        while (root is not null && !File.Exists(Path.Combine(root, "CronPlan.sln")))
        {
            root = Path.GetDirectoryName(root);
        }

        root ??= Directory.GetCurrentDirectory();
        _lab = Path.Combine(root, "samples", "lab10");
        _published = Directory.CreateTempSubdirectory("cronplan-startup-").FullName;
        var project = Path.Combine(root, "src", "CronPlan.Cli", "CronPlan.Cli.csproj");
        Run("dotnet", "publish", project, "-c", "Release", "-o", Path.Combine(_published, "jit"));
        Run("dotnet", "publish", project, "-c", "Release", "-r", "linux-x64", "-p:PublishAot=true", "-o", Path.Combine(_published, "aot"));
        _jit = Path.Combine(_published, "jit", "CronPlan.Cli.dll");
        _aot = Path.Combine(_published, "aot", "CronPlan.Cli");
    }

    [GlobalCleanup]
    public void Remove() => Directory.Delete(_published, recursive: true);

    [Benchmark(Baseline = true, Description = "dotnet CronPlan.Cli.dll (JIT)")]
    public int Jit() => Run("dotnet", [_jit, .. Arguments()]);

    [Benchmark(Description = "CronPlan.Cli (NativeAOT)")]
    public int Aot() => Run(_aot, Arguments());

    private string[] Arguments() => Command == "next" ? ["next", "30 3 * * *", "--count", "1", "--from", "2021-03-27T00:00"] : ["check", _lab];

    private static int Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited {process.ExitCode}: {error.Result}");
        }

        return output.Result.Length;
    }
}
