using System.Globalization;
using System.Text;
using CronPlan.Analysis;
using CronPlan.Compilation;
using CronPlan.Diagnostics;
using CronPlan.Plans;
using CronPlan.Scheduling;
using CronPlan.Tabs;
using CronPlan.Tests.Support;
using FsCheck;
using FsCheck.Fluent;

namespace CronPlan.Tests.Plans;

/// <summary>Compiling random plans: what fits compiles and passes the analysis again when read back; what cannot fit writes nothing.</summary>
[TestFixture]
public sealed class CompilerPropertiesTests
{
    private sealed record Sketch(string Zone, int Start, int Length, bool OneAtATime, IReadOnlyList<(int Dump, int Upload, string Full, int? Keep)> Services)
    {
        /// <summary>Every chain one after the other, each step in its own slot (duration + 1 minute).</summary>
        public int SerialMinutes => Services.Sum(s => s.Dump + 1 + s.Upload + 1 + (s.Keep is null ? 0 : 3));

        public string Yaml()
        {
            var yaml = new StringBuilder().Append(CultureInfo.InvariantCulture, $"version: 1\nhost: {{ zone: {Zone} }}\nuser: backup\nenv: {{ MAILTO: \"\" }}\n");
            yaml.Append(CultureInfo.InvariantCulture, $"window: {{ start: \"{Clock(Start)}\", deadline: \"{Clock(Start + Length)}\", zone: {Zone} }}\n");
            yaml.Append(CultureInfo.InvariantCulture, $"backup_server: rsync://elvis@backup.example.org\none_upload_at_a_time: {(OneAtATime ? "true" : "false")}\nencryption: none\nservices:\n");
            for (var i = 0; i < Services.Count; i++)
            {
                var (dump, upload, full, keep) = Services[i];
                yaml.Append(CultureInfo.InvariantCulture, $"  s{i}:\n    dump: {{ command: mysqldump --no-tablespaces db{i} > /home/backup/s{i}/db.sql, takes: {dump}m }}\n");
                yaml.Append(CultureInfo.InvariantCulture, $"    upload: {{ source: /home/backup/s{i}/, target: s{i}, takes: {upload}m, full: {full} }}\n");
                if (keep is { } k)
                {
                    yaml.Append(CultureInfo.InvariantCulture, $"    retention: {{ keep_full_chains: {k} }}\n");
                }
            }

            return yaml.ToString();
        }

        private static string Clock(int minute) => string.Create(CultureInfo.InvariantCulture, $"{minute % 1440 / 60:00}:{minute % 60:00}");
    }

    private static Gen<Sketch> Sketches(bool feasible) =>
        from zone in Gen.Elements("UTC", "Europe/Tallinn", "America/New_York")
        from start in Gen.Choose(18 * 6, 22 * 6).Select(t => t * 10)
        from count in Gen.Choose(1, 4)
        from services in (from dump in Gen.Choose(1, 40)
                          from upload in Gen.Choose(1, 40)
                          from full in Gen.Elements("daily", "weekly on sunday", "weekly on wednesday", "every 10 days")
                          from keep in Gen.OneOf(Gen.Constant<int?>(null), Gen.Choose(1, 8).Select(k => (int?)k))
                          select (dump, upload, full, keep)).ListOf(count)
        from oneAtATime in Gen.Elements(true, false)
        let sketch = new Sketch(zone, start, 0, oneAtATime, [.. services])
        // Feasible: the window holds every chain run one after the other and ends by 01:00 (clear of DST hours).
        // Infeasible: the window is shorter than the longest chain.
        let longest = sketch.Services.Max(s => s.Dump + 1 + s.Upload + 1 + (s.Keep is null ? 0 : 3))
        where feasible ? sketch.SerialMinutes <= 25 * 60 - start : longest > 20
        select sketch with { Length = feasible ? 25 * 60 - start : longest - 10 };

    [Test]
    public void AFeasiblePlan_Compiles_AndItsWrittenTabsPassTheAnalysisAgain() =>
        Prop.ForAll(Arb.From(Sketches(feasible: true)), sketch =>
        {
            var plan = BackupPlan.Parse(sketch.Yaml(), "plan.yaml").Plan!;
            var result = Compiler.Compile(plan);
            if (!result.Succeeded)
            {
                return false.Label($"{sketch.Yaml()}\n{string.Join("\n", result.Diagnostics)}");
            }

            var tabs = result.Tabs.Select(t => new AnalyzedTab(t.Name, CronTab.Parse(t.Text, path: t.Name))).ToList();
            var again = ScheduleAnalyzer.Analyze(tabs, ScheduleAnalyzer.OptionsFor(plan));
            var ordered = plan.Services.All(s =>
            {
                var jobs = result.Schedule!.Jobs.Where(j => j.Service == s).OrderBy(j => j.Kind).ToList();
                return jobs.Zip(jobs.Skip(1)).All(p => p.Second.Start > p.First.End - 1 && p.Second.Start >= p.First.Start + (int)Math.Floor((p.First.Kind == BackupJobKind.Dump ? s.Dump!.Takes : s.Upload!.Takes).TotalMinutes) + 1);
            });
            return (tabs.All(t => t.Tab.Loads) && !again.Any(d => d.Severity == DiagnosticSeverity.Error) && ordered)
                .Label($"{sketch.Yaml()}\n{string.Join("\n", again)}\n{string.Join("\n", result.Tabs.Select(t => t.Text))}");
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(TestBudget.SlowPropertyCases(60)));

    [Test]
    public void AnInfeasiblePlan_ReportsCpl3006_AndWritesNothing() =>
        Prop.ForAll(Arb.From(Sketches(feasible: false)), sketch =>
        {
            var result = Compiler.Compile(BackupPlan.Parse(sketch.Yaml(), "plan.yaml").Plan!);
            var directory = Directory.CreateTempSubdirectory("cronplan-infeasible-");
            try
            {
                Compiler.Write(result, directory.FullName);
                return (!result.Succeeded && result.Diagnostics.Select(d => d.Id).SequenceEqual(["CPL3006"]) && !directory.EnumerateFileSystemInfos().Any())
                    .Label($"{sketch.Yaml()}\n{string.Join("\n", result.Diagnostics)}");
            }
            finally
            {
                directory.Delete(recursive: true);
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(60));
}
