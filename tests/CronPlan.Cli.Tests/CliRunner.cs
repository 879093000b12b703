using System.Diagnostics;

namespace CronPlan.Cli.Tests;

/// <summary>What one invocation of cronplan printed and returned.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public IReadOnlyList<string> StdoutLines => Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>Runs cronplan in-process (fast, for tables of cases) or as a real process (exit codes and streams as a shell sees them).</summary>
public static class CliRunner
{
    public static CliResult InProcess(params string[] args) => InProcess(clock: null, args);

    /// <summary>In-process, with <paramref name="clock"/> as the time <c>next</c> and <c>explain</c> count from without <c>--from</c>.</summary>
    public static CliResult InProcess(TimeProvider? clock, params string[] args)
    {
        using var stdout = new StringWriter { NewLine = "\n" };
        using var stderr = new StringWriter { NewLine = "\n" };
        var exit = CliApp.Run(args, stdout, stderr, clock: clock);
        return new CliResult(exit, stdout.ToString(), stderr.ToString());
    }

    public static CliResult AsProcess(params string[] args)
    {
        var dll = Path.Combine(TestContext.CurrentContext.TestDirectory, "CronPlan.Cli.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return new CliResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>
    /// Runs <paramref name="program"/> in <paramref name="directory"/> as a build or a shell would, outside the test
    /// host's MSBuild settings, failing the test if it runs longer than <paramref name="limit"/>.
    /// </summary>
    public static CliResult Program(string program, string directory, TimeSpan limit, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove("MSBuildExtensionsPath");
        start.Environment.Remove("MSBUILD_EXE_PATH");
        start.Environment.Remove("MSBuildSDKsPath");
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{program} {string.Join(' ', arguments)} did not finish within {limit}");
        }

        return new CliResult(process.ExitCode, output.Result, error.Result);
    }
}

/// <summary>A clock that always shows one moment.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
