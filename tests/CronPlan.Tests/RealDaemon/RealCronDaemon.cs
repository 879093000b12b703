using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace CronPlan.Tests.RealDaemon;

/// <summary>A job given to the real daemon: a tag to find it in the log and its schedule.</summary>
public sealed record ProbeJob(string Tag, string Expression);

/// <summary>A file to install in /etc/cron.d: its name, its text (<c>{LOG}</c> stands for the log path) and its mode.</summary>
public sealed record CronDFile(string Name, string Text, string Mode = "0644");

/// <summary>One start of a job seen by the real daemon, mapped back to the fake clock.</summary>
public sealed record ObservedRun(string Tag, DateTimeOffset AtUtc)
{
    public override string ToString() => $"{Tag} {AtUtc:yyyy-MM-ddTHH:mm}Z";
}

/// <summary>
/// Runs Debian's cron on a fake clock (libfaketime) in a private mount namespace, with one /etc/cron.d file whose
/// jobs append their tag and the real time to a log. Jobs do not inherit the fake clock, so each real timestamp is
/// mapped back: fake = start + (real - real start) x rate, rounded down to the minute.
/// </summary>
public static class RealCronDaemon
{
    // One fake minute per real second: fast enough for a 10-minute budget, slow enough that even a burst of
    // catch-up runs after a DST jump starts within its minute.
    public const int ClockRate = 60;

    private const string Cron = "/usr/sbin/cron";

    /// <summary>Why the real daemon cannot run here, or null when it can.</summary>
    public static string? MissingPrerequisite()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "the real-daemon tests need Linux";
        }

        if (Environment.UserName != "root" && Run("id", "-u").Trim() != "0")
        {
            return "the real-daemon tests need root (they mount a private /etc/cron.d and start cron)";
        }

        foreach (var tool in new[] { Cron, "/usr/bin/faketime", "/usr/bin/unshare", "/usr/bin/timeout" })
        {
            if (!File.Exists(tool))
            {
                return $"{tool} is missing: apt-get install -y cron faketime util-linux coreutils";
            }
        }

        return null;
    }

    /// <summary>Skips the calling test with the reason when the daemon cannot run, or fails it when CRONPLAN_REQUIRE_REAL=1.</summary>
    public static void RequireOrSkip()
    {
        if (MissingPrerequisite() is not { } reason)
        {
            return;
        }

        if (Environment.GetEnvironmentVariable("CRONPLAN_REQUIRE_REAL") == "1")
        {
            Assert.Fail($"CRONPLAN_REQUIRE_REAL=1 but {reason}");
        }

        Assert.Ignore(reason);
    }

    /// <summary>
    /// Starts the daemon in <paramref name="zone"/> with its clock at <paramref name="localStart"/> (a wall time, seconds
    /// included) and lets <paramref name="fakeMinutes"/> minutes of fake time pass. Returns every job start.
    /// </summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public static IReadOnlyList<ObservedRun> Observe(string zone, DateTime localStart, int fakeMinutes, IReadOnlyList<ProbeJob> jobs, DateTimeOffset fakeStartUtc, int rate = ClockRate)
    {
        var tab = new StringBuilder("# CronPlan real-daemon probe\nSHELL=/bin/sh\n");
        foreach (var job in jobs)
        {
            tab.Append(CultureInfo.InvariantCulture, $"{job.Expression} root {LogCommand(job.Tag)}\n");
        }

        return ObserveExactly(zone, localStart, fakeMinutes, [new CronDFile("cronplan-probe", tab.ToString())], fakeStartUtc, rate)
            .Select(run => run with { AtUtc = new DateTimeOffset(run.AtUtc.Ticks - (run.AtUtc.Ticks % TimeSpan.TicksPerMinute), TimeSpan.Zero) })
            .OrderBy(run => run.AtUtc).ThenBy(run => run.Tag, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The command a probe job runs: append its tag and the real time to the log.</summary>
    public static string LogCommand(string tag) => $"echo {tag} $(date +\\%s.\\%N) >> {{LOG}}";

    /// <summary>Installs <paramref name="files"/> in a private /etc/cron.d and runs the daemon over them.</summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public static IReadOnlyList<ObservedRun> Observe(string zone, DateTime localStart, int fakeMinutes, IReadOnlyList<CronDFile> files, DateTimeOffset fakeStartUtc) =>
        ObserveExactly(zone, localStart, fakeMinutes, files, fakeStartUtc, ClockRate)
            .Select(run => run with { AtUtc = new DateTimeOffset(run.AtUtc.Ticks - (run.AtUtc.Ticks % TimeSpan.TicksPerMinute), TimeSpan.Zero) })
            .OrderBy(run => run.AtUtc).ThenBy(run => run.Tag, StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// As <see cref="Observe(string, DateTime, int, IReadOnlyList{CronDFile}, DateTimeOffset)"/>, at <paramref name="rate"/> fake
    /// seconds per real second, with each logged moment mapped back to the fake clock to the second rather than the minute.
    /// Jobs do not inherit the fake clock: a job that should take N fake minutes sleeps N x 60 / rate real seconds.
    /// </summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public static IReadOnlyList<ObservedRun> ObserveExactly(string zone, DateTime localStart, int fakeMinutes, IReadOnlyList<CronDFile> files, DateTimeOffset fakeStartUtc, int rate)
    {
        var directory = Directory.CreateTempSubdirectory("cronplan-daemon-");
        try
        {
            var log = Path.Combine(directory.FullName, "log");

            // Jobs of other users (backup, nobody) must be able to log too.
            File.SetUnixFileMode(directory.FullName, (UnixFileMode)0x1FF);
            File.WriteAllText(log, "");
            File.SetUnixFileMode(log, (UnixFileMode)0x1B6);
            var install = new StringBuilder();
            Directory.CreateDirectory(Path.Combine(directory.FullName, "files"));
            foreach (var file in files)
            {
                File.WriteAllText(Path.Combine(directory.FullName, "files", file.Name), file.Text.Replace("{LOG}", log, StringComparison.Ordinal));
                install.Append(CultureInfo.InvariantCulture, $"cp \"$dir/files/{file.Name}\" '/etc/cron.d/{file.Name}'\nchmod {file.Mode} '/etc/cron.d/{file.Name}'\n");
            }

            var realSeconds = fakeMinutes * 60 / rate;
            var script = $$"""
                set -eu
                dir='{{directory.FullName}}'
                mount -t tmpfs tmpfs /etc/cron.d
                mount -t tmpfs tmpfs /run
                if [ -d /var/spool/cron/crontabs ]; then mount -t tmpfs tmpfs /var/spool/cron/crontabs; fi
                : > "$dir/empty-crontab"
                if [ -e /etc/crontab ]; then mount --bind "$dir/empty-crontab" /etc/crontab; fi
                {{install}}
                date +%s.%N > "$dir/real-start"
                status=0
                TZ='{{zone}}' timeout {{realSeconds + 1}} faketime -f '@{{localStart:yyyy-MM-dd HH:mm:ss}} x{{rate}}' {{Cron}} -f -L 0 2> "$dir/cron.err" || status=$?
                echo "$status" > "$dir/cron.status"
                """;
            File.WriteAllText(Path.Combine(directory.FullName, "run.sh"), script);
            RunUntilTimedOut(directory.FullName, log);
            var realStart = double.Parse(File.ReadAllText(Path.Combine(directory.FullName, "real-start")).Trim(), CultureInfo.InvariantCulture);
            var lastMinute = fakeStartUtc.AddMinutes(fakeMinutes);
            return File.ReadAllLines(log)
                .Select(line => line.Split(' '))
                .Select(parts => new ObservedRun(parts[0], fakeStartUtc.AddSeconds((double.Parse(parts[1], CultureInfo.InvariantCulture) - realStart) * rate)))
                .Where(run => run.AtUtc.Ticks - (run.AtUtc.Ticks % TimeSpan.TicksPerMinute) <= lastMinute.Ticks)
                .OrderBy(run => run.AtUtc).ThenBy(run => run.Tag, StringComparer.Ordinal)
                .ToList();
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    // The daemon must still be running when timeout stops it (status 124). If it exits on its own before that, no
    // observation is worth anything: run it once more from a clean log, and fail with its own words if it exits again.
    private static void RunUntilTimedOut(string directory, string log)
    {
        const int TimedOut = 124;
        for (var attempt = 1; ; attempt++)
        {
            File.WriteAllText(log, "");
            Run("/usr/bin/unshare", "--mount", "--propagation", "private", "/bin/sh", Path.Combine(directory, "run.sh"));
            var status = File.ReadAllText(Path.Combine(directory, "cron.status")).Trim();
            if (status == TimedOut.ToString(CultureInfo.InvariantCulture))
            {
                return;
            }

            var error = File.ReadAllText(Path.Combine(directory, "cron.err")).Trim();
            if (attempt == 2)
            {
                throw new InvalidOperationException($"cron exited with status {status} before the fake night was over: {error}");
            }

            TestContext.Out.WriteLine($"cron exited with status {status} before the fake night was over ({error}); running it again");
        }
    }

    private static string Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
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
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited {process.ExitCode}: {error.Result}");
        }

        return output.Result;
    }
}
