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
/// Runs Debian's cron on a fake clock (libfaketime) in a private mount namespace, with /etc/cron.d files whose jobs
/// append their tag and a moment to a log. Jobs do not inherit the fake clock, so each moment is mapped back:
/// fake = start + (real - real start) x rate, rounded down to the minute. A probe job logs the moment the daemon
/// forked the process that runs it (its parent's start time in /proc), not the moment its own shell got a CPU: on a
/// busy machine a shell may wait seconds for one, which at x60 is minutes, while the fork is the daemon's decision.
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
        // The heartbeat is both the first and the last job of the file, so whichever order the daemon forks a file's jobs
        // in, one of the two opens every burst.
        var heartbeat = $"* * * * * root {LogCommand(HeartbeatTag)}\n";
        var tab = new StringBuilder("# CronPlan real-daemon probe\nSHELL=/bin/sh\n").Append(heartbeat);
        foreach (var job in jobs)
        {
            tab.Append(CultureInfo.InvariantCulture, $"{job.Expression} root {LogCommand(job.Tag)}\n");
        }

        var files = new[] { new CronDFile("cronplan-probe", tab.Append(heartbeat).ToString()) };
        var slowest = Math.Max(rate / 4, 1);
        for (var attempt = rate; ; attempt = slowest)
        {
            var raw = ObserveExactly(zone, localStart, fakeMinutes, files, fakeStartUtc, attempt);

            // The fake clock starts when libfaketime wakes up inside the daemon, a moment after the harness noted the
            // real start: on a busy machine tenths of a second, which at x60 are tens of fake seconds. The daemon wakes
            // one second into each of its minutes, so the earliest heartbeat shows how late its clock started.
            var lateStart = raw.Where(run => run.Tag == HeartbeatTag).Select(run => SecondsIntoMinute(run.AtUtc) - 1).DefaultIfEmpty(0).Min();
            var runs = raw.Select(run => run with { AtUtc = run.AtUtc.AddSeconds(-Math.Max(lateStart, 0)) }).ToList();
            if (HeartbeatProblem(runs, fakeStartUtc, fakeMinutes) is not { } problem)
            {
                var lags = runs.Where(run => run.Tag == HeartbeatTag).Select(run => SecondsIntoMinute(run.AtUtc)).DefaultIfEmpty().ToList();
                TestContext.Out.WriteLine($"at x{attempt} the fake clock started {Math.Max(lateStart, 0):0.0} fake seconds late; then the daemon started each minute {lags.Min():0.0}-{lags.Max():0.0} fake seconds in");
                return [.. ToMinutes(runs.Where(run => run.Tag != HeartbeatTag))];
            }

            if (attempt == slowest)
            {
                throw new InvalidOperationException($"the machine was too busy to time the daemon even at x{attempt}: {problem}");
            }

            TestContext.Out.WriteLine($"observation at x{attempt} void ({problem}); running it again at x{slowest}");
        }
    }

    /// <summary>
    /// The command a probe job runs: append its tag and, after an '@', the start of its parent (the daemon's child that
    /// runs the job) in clock ticks since boot, field 22 of /proc/PID/stat.
    /// </summary>
    public static string LogCommand(string tag) => $"echo {tag} @$(cut -d' ' -f22 /proc/$PPID/stat) >> {{LOG}}";

    /// <summary>The tag of the job the harness adds, first and last, to a probe file to time the daemon itself.</summary>
    public const string HeartbeatTag = "cronplan-heartbeat";

    /// <summary>How late the daemon may start a minute's first job, in fake seconds, before the observation is void.</summary>
    public const int HeartbeatLagLimit = 45;

    /// <summary>
    /// Installs <paramref name="files"/> in a private /etc/cron.d and runs the daemon over them at x60: which jobs ran, to
    /// the minute, without the heartbeat's checks (for files whose text is itself under test).
    /// </summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public static IReadOnlyList<ObservedRun> Observe(string zone, DateTime localStart, int fakeMinutes, IReadOnlyList<CronDFile> files, DateTimeOffset fakeStartUtc) =>
        [.. ToMinutes(ObserveExactly(zone, localStart, fakeMinutes, files, fakeStartUtc, ClockRate))];

    private static IEnumerable<ObservedRun> ToMinutes(IEnumerable<ObservedRun> runs) =>
        runs.Select(run => run with { AtUtc = Minute(run.AtUtc) })
            .OrderBy(run => run.AtUtc).ThenBy(run => run.Tag, StringComparer.Ordinal);

    private static double SecondsIntoMinute(DateTimeOffset moment) => (moment.Ticks % TimeSpan.TicksPerMinute) / (double)TimeSpan.TicksPerSecond;

    /// <summary>
    /// Why the heartbeats (two a minute, the first and the last job of the probe file) show that runs cannot be told apart
    /// by minute, or null: each minute needs both, the first of them at most <see cref="HeartbeatLagLimit"/> fake seconds
    /// in, and no job of that minute forked before it or more than that limit into the minute. The daemon forks a
    /// minute's jobs in one burst after it wakes, so a job forked before the burst's opening heartbeat came from the burst
    /// before, which the machine slowed down so much that it ran on into the next minute; on a calm machine it would
    /// have fitted into its own.
    /// </summary>
    public static string? HeartbeatProblem(IReadOnlyList<ObservedRun> runs, DateTimeOffset fakeStartUtc, int fakeMinutes)
    {
        var opening = new Dictionary<DateTimeOffset, ObservedRun>();
        var firstMinute = Minute(fakeStartUtc.AddTicks(TimeSpan.TicksPerMinute - 1));
        for (var minute = firstMinute; minute < fakeStartUtc.AddMinutes(fakeMinutes); minute = minute.AddMinutes(1))
        {
            var these = runs.Where(run => run.Tag == HeartbeatTag && Minute(run.AtUtc) == minute).OrderBy(run => run.AtUtc).ToList();
            if (these.Count != 2)
            {
                return $"{these.Count} heartbeats in the minute {minute:yyyy-MM-ddTHH:mm}Z, not 2";
            }

            var lag = SecondsIntoMinute(these[0].AtUtc);
            if (lag > HeartbeatLagLimit)
            {
                return $"the minute {minute:yyyy-MM-ddTHH:mm}Z started {lag:0} fake seconds late";
            }

            opening[minute] = these[0];
        }

        foreach (var run in runs.Where(run => run.Tag != HeartbeatTag))
        {
            if (opening.TryGetValue(Minute(run.AtUtc), out var beat) && run.AtUtc < beat.AtUtc)
            {
                return $"{run.Tag} was forked at {run.AtUtc:HH:mm:ss}Z, in the burst before the daemon woke for {beat.AtUtc:HH:mm}Z (at {beat.AtUtc:HH:mm:ss}Z)";
            }

            // A burst still forking this late may not finish in its minute: what it leaves over, the daemon forks after
            // the next minute's heartbeats, where no rule can tell it from that minute's own jobs.
            if (SecondsIntoMinute(run.AtUtc) > HeartbeatLagLimit)
            {
                return $"{run.Tag} was forked {SecondsIntoMinute(run.AtUtc):0} fake seconds into {run.AtUtc:HH:mm}Z: the burst was slowed down";
            }
        }

        return null;
    }

    private static DateTimeOffset Minute(DateTimeOffset moment) => new(moment.Ticks - (moment.Ticks % TimeSpan.TicksPerMinute), TimeSpan.Zero);

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
                cut -d' ' -f1 /proc/uptime > "$dir/uptime-start"
                getconf CLK_TCK > "$dir/clock-ticks"
                status=0
                TZ='{{zone}}' timeout {{realSeconds + 1}} faketime -f '@{{localStart:yyyy-MM-dd HH:mm:ss}} x{{rate}}' {{Cron}} -f -L 0 2> "$dir/cron.err" || status=$?
                echo "$status" > "$dir/cron.status"
                """;
            File.WriteAllText(Path.Combine(directory.FullName, "run.sh"), script);
            RunUntilTimedOut(directory.FullName, log);
            double Number(string file) => double.Parse(File.ReadAllText(Path.Combine(directory.FullName, file)).Trim(), CultureInfo.InvariantCulture);
            var realStart = Number("real-start");
            var uptimeStart = Number("uptime-start");
            var ticksPerSecond = Number("clock-ticks");

            // "@ticks" is a fork moment on the boot clock; anything else a job's own `date +%s.%N` on the wall clock.
            double SecondsSinceStart(string stamp) => stamp.StartsWith('@')
                ? (double.Parse(stamp[1..], CultureInfo.InvariantCulture) / ticksPerSecond) - uptimeStart
                : double.Parse(stamp, CultureInfo.InvariantCulture) - realStart;
            var lastMinute = fakeStartUtc.AddMinutes(fakeMinutes);
            return File.ReadAllLines(log)
                .Select(line => line.Split(' '))
                .Select(parts => new ObservedRun(parts[0], fakeStartUtc.AddSeconds(SecondsSinceStart(parts[1]) * rate)))
                .Where(run => run.AtUtc.Ticks - (run.AtUtc.Ticks % TimeSpan.TicksPerMinute) <= lastMinute.Ticks)
                .OrderBy(run => run.AtUtc).ThenBy(run => run.Tag, StringComparer.Ordinal)
                .ToList();
        }
        finally
        {
            DeleteWhenQuiet(directory);
        }
    }

    /// <summary>
    /// Removes a directory the daemon's jobs wrote into. Jobs it forked outlive it by as long as a busy machine makes them
    /// wait, and a job that writes its line while the directory is being removed makes the removal fail ("Directory not
    /// empty"): try again for a while, then leave the directory to the system's temp cleaning. The observation was read
    /// before, so a late writer changes nothing the test asserts.
    /// </summary>
    public static void DeleteWhenQuiet(DirectoryInfo directory)
    {
        for (var attempt = 1; attempt <= 40; attempt++)
        {
            try
            {
                directory.Delete(recursive: true);
                return;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                if (!Directory.Exists(directory.FullName))
                {
                    return;
                }

                Thread.Sleep(250);
            }
        }

        TestContext.Out.WriteLine($"{directory.FullName} is still being written to; left for the temp cleaning");
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
