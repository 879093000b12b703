using System.Globalization;
using System.Text;
using CronPlan.Compilation;
using CronPlan.Plans;
using CronPlan.Scheduling;
using CronPlan.Tabs;
using CronPlan.Tests.Support;

namespace CronPlan.Tests.RealDaemon;

/// <summary>
/// The compiled lab10 cron tabs, run by Debian's cron on a fake clock through seven nights in a row (Wednesday to
/// Tuesday, so a Sunday is among them), with each command replaced by a stand-in that logs its start and end and takes
/// its stated worst case. An upload without an explicit action keeps duplicity's rule: a full when the target
/// has no chain yet, else an incremental; the chain state lives on from night to night.
/// </summary>
[TestFixture]
[Category("RealDaemon")]
[NonParallelizable]
public sealed class RealDaemonPlanTests
{
    // Ten fake seconds per real second would make a week take 30 real minutes; at 300 a night of 187 minutes takes 37 s.
    private const int Rate = 300;

    [Test]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void CompiledLabTabs_RunInOrder_FullFirst_AndFinishBeforeTheDeadline_ThroughAWeek()
    {
        RealCronDaemon.RequireOrSkip();
        var plan = BackupPlan.Load(Path.Combine(ConformanceVectors.RepositoryRoot, "samples", "lab10", "cronplan.yaml")).Plan!;
        var compiled = Compiler.Compile(plan);
        compiled.Succeeded.Should().BeTrue();

        var state = Directory.CreateTempSubdirectory("cronplan-chains-");
        File.SetUnixFileMode(state.FullName, (UnixFileMode)0x1FF);
        try
        {
            var files = compiled.Tabs.Select(t => new CronDFile(t.Name, StandIns(t.Text, compiled.Schedule!, state.FullName))).ToList();
            var runs = new List<ObservedRun>();
            var firstNight = new DateTime(2026, 12, 2, 21, 58, 0, DateTimeKind.Unspecified); // a Wednesday
            for (var night = 0; night < 7; night++)
            {
                var start = firstNight.AddDays(night);
                runs.AddRange(RealCronDaemon.ObserveExactly("UTC", start, 187, files, new DateTimeOffset(start, TimeSpan.Zero), Rate));
            }

            var report = string.Join("\n", runs.Select(r => $"{r.Tag} {r.AtUtc:ddd HH:mm:ss}"));
            foreach (var service in plan.Services)
            {
                for (var night = 0; night < 7; night++)
                {
                    var evening = new DateTimeOffset(firstNight.AddDays(night), TimeSpan.Zero);
                    var deadline = evening.Date.AddDays(1).AddHours(1);
                    var tonight = runs.Where(r => r.AtUtc >= evening && r.AtUtc < evening.AddHours(4) && r.Tag.StartsWith(service.Name + ".", StringComparison.Ordinal)).ToList();

                    var dumpEnd = One(tonight, r => r.Tag == $"{service.Name}.dump.end", report).AtUtc;
                    var upload = One(tonight, r => r.Tag.StartsWith($"{service.Name}.upload.", StringComparison.Ordinal) && r.Tag.EndsWith(".start", StringComparison.Ordinal), report);
                    var retention = One(tonight, r => r.Tag == $"{service.Name}.retention.start", report).AtUtc;
                    upload.AtUtc.Should().BeAfter(dumpEnd, $"{service.Name}'s upload follows its dump on {evening:ddd}\n{report}");
                    var uploadEnd = One(tonight, r => r.Tag.StartsWith($"{service.Name}.upload.", StringComparison.Ordinal) && r.Tag.EndsWith(".end", StringComparison.Ordinal), report).AtUtc;
                    retention.Should().BeAfter(uploadEnd, $"{service.Name}'s retention waits for the upload on {evening:ddd}");
                    tonight.Should().OnlyContain(r => r.AtUtc <= deadline, $"nothing of {service.Name} runs past 01:00 after {evening:ddd}\n{report}");
                    if (evening.DayOfWeek == DayOfWeek.Sunday)
                    {
                        upload.Tag.Should().Be($"{service.Name}.upload.full.start", "Sunday night is the weekly full");
                    }
                }

                var uploads = runs.Where(r => r.Tag.StartsWith($"{service.Name}.upload.", StringComparison.Ordinal) && r.Tag.EndsWith(".start", StringComparison.Ordinal)).ToList();
                uploads[0].Tag.Should().Be($"{service.Name}.upload.full.start", $"the first upload after deploying on a Wednesday is a full\n{report}");
                uploads.Skip(1).Where(r => r.AtUtc.DayOfWeek != DayOfWeek.Sunday).Should().OnlyContain(r => r.Tag == $"{service.Name}.upload.incremental.start", report);
            }
        }
        finally
        {
            RealCronDaemon.DeleteWhenQuiet(state);
        }
    }

    private static double Takes(PlannedJob job) => (job.Kind switch
    {
        BackupJobKind.Dump => job.Service.Dump!.Takes,
        BackupJobKind.Upload => job.Service.Upload!.Takes,
        _ => job.Service.Retention!.Takes,
    }).TotalMinutes;

    private static ObservedRun One(List<ObservedRun> runs, Func<ObservedRun, bool> which, string report)
    {
        var found = runs.Where(which).ToList();
        found.Should().HaveCount(1, $"each job runs once a night\n{report}");
        return found[0];
    }

    /// <summary>The compiled tab with every command replaced by a stand-in that logs and sleeps; schedules and users untouched.</summary>
    private static string StandIns(string text, PlanSchedule schedule, string state)
    {
        var tab = CronTab.Parse(text);
        var lines = text.Split('\n');
        foreach (var job in tab.Jobs)
        {
            var command = job.Command;
            var kind = command.Contains("remove-", StringComparison.Ordinal) ? BackupJobKind.Retention
                : command.StartsWith("duplicity", StringComparison.Ordinal) ? BackupJobKind.Upload
                : BackupJobKind.Dump;
            var planned = schedule.Jobs.Single(j => j.Kind == kind && command.Contains(j.Service.Name, StringComparison.Ordinal));
            var tag = planned.Name;
            var seconds = (Takes(planned) * 60.0 / Rate).ToString("0.000", CultureInfo.InvariantCulture);
            var standIn = new StringBuilder();
            if (kind == BackupJobKind.Upload)
            {
                var chain = $"{state}/{planned.Service.Name}";
                standIn.Append(command.Contains(" full ", StringComparison.Ordinal)
                    ? $"k=full; touch {chain}; "
                    : $"if [ -e {chain} ]; then k=incremental; else k=full; touch {chain}; fi; ");
                tag += ".$k";
            }

            // Start and end on the boot clock: the start is the daemon's fork, and the stand-in sleeps until its worst
            // case after that fork, so a shell that waited for a CPU on a busy machine does not make the job longer.
            standIn.Append(CultureInfo.InvariantCulture, $"f=$(cut -d' ' -f22 /proc/$PPID/stat); echo {tag}.start @$f >> {{LOG}}; ");
            standIn.Append(CultureInfo.InvariantCulture, $"sleep $(awk -v f=$f '{{ r = {seconds} - ($1 - f / 100); print (r > 0 ? r : 0) }}' /proc/uptime); ");
            standIn.Append(CultureInfo.InvariantCulture, $"echo {tag}.end @$(awk '{{ print int($1 * 100) }}' /proc/uptime) >> {{LOG}}");
            var line = lines[job.Line - 1];
            lines[job.Line - 1] = line[..(job.CommandSpan.Column - 1)] + standIn;
        }

        return string.Join('\n', lines);
    }
}
