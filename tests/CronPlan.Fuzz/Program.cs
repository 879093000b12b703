using System.Diagnostics;
using System.Text.RegularExpressions;
using CronPlan.Fuzz;
using SharpFuzz;

// fuzz TARGET: under afl-fuzz, the fork server for one target (the fuzzed code in a child process that is restarted
// when it hangs or dies). replay TARGET FILE...: each file through the target once, what escaped printed.
// speed TARGET FILE...: executions per second over the files, uninstrumented, for choosing what a target does.
if (args.Length >= 2 && args[0] == "fuzz" && FuzzTargets.All.TryGetValue(args[1], out var fuzzed))
{
    Fuzzer.OutOfProcess.Run(stream =>
    {
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        fuzzed(memory.ToArray());
    });
    return 0;
}

// Outside afl-fuzz the instrumented library still writes its trace: give it a map of its own.
unsafe
{
    SharpFuzz.Common.Trace.SharedMem = (byte*)System.Runtime.InteropServices.NativeMemory.AllocZeroed(65536);
}

if (args.Length >= 3 && args[0] == "replay" && FuzzTargets.All.TryGetValue(args[1], out var replayed))
{
    var failed = 0;
    foreach (var file in args[2..])
    {
        try
        {
            replayed(File.ReadAllBytes(file));
            Console.WriteLine($"ok\t{file}");
        }
#pragma warning disable CA1031 // Whatever escapes is what this mode reports.
        catch (Exception e)
#pragma warning restore CA1031
        {
            failed++;
            var frame = new StackTrace(e, false).GetFrames().Select(f => f.GetMethod()).FirstOrDefault(m => m?.DeclaringType?.Namespace?.StartsWith("CronPlan", StringComparison.Ordinal) == true && m.DeclaringType.Namespace != "CronPlan.Fuzz");
            var place = e is CaughtInsideException ? Regex.Match(e.Message, @"could not check [^:]*: (.*) failed \((\w+)\)") is { Success: true } caught ? $"{caught.Groups[1].Value} ({caught.Groups[2].Value})" : "" : $"{frame?.DeclaringType?.FullName}.{frame?.Name}";
            Console.WriteLine($"crash\t{file}\t{e.GetType().Name}\t{place}\t{e.Message.ReplaceLineEndings(" ")}");
            if (Environment.GetEnvironmentVariable("CRONPLAN_FUZZ_STACK") == "1")
            {
                Console.Error.WriteLine(e);
            }
        }
    }

    return failed == 0 ? 0 : 1;
}

if (args.Length >= 3 && args[0] == "speed" && FuzzTargets.All.TryGetValue(args[1], out var timed))
{
    var inputs = args[2..].Select(File.ReadAllBytes).ToList();
    var clock = Stopwatch.StartNew();
    var executions = 0;
    while (clock.Elapsed < TimeSpan.FromSeconds(10))
    {
        foreach (var input in inputs)
        {
            try
            {
                timed(input);
            }
#pragma warning disable CA1031 // A crash still counts as an execution here.
            catch (Exception)
#pragma warning restore CA1031
            {
            }

            executions++;
        }
    }

    Console.WriteLine($"{args[1]}: {executions / clock.Elapsed.TotalSeconds:F0} exec/s over {inputs.Count} inputs");
    return 0;
}

Console.Error.WriteLine($"usage: CronPlan.Fuzz fuzz|replay|speed TARGET [FILE...]; targets: {string.Join(", ", FuzzTargets.All.Keys)}");
return 2;
