using BenchmarkDotNet.Attributes;
using CronPlan.Repos;

namespace CronPlan.Benchmarks;

/// <summary>
/// <c>cronplan check</c> as a library call: the lab's repository (SLA, restore document, three roles), and a generated
/// repository of 500 roles spread over 25 hosts by <c>inventory_hostname</c> gates, each role a dump and a duplicity
/// upload in a template, its variables in <c>defaults</c>, a task file that also installs a <c>.my.cnf</c>.
/// </summary>
[MemoryDiagnoser]
public class CheckBenchmarks
{
    private static readonly CheckOptions Utc = new(TimeZoneInfo.Utc, 60, TimeZoneInfo.Utc);

    private string _lab = "";
    private string _generated = "";

    [GlobalSetup]
    public void Setup()
    {
        var root = AppContext.BaseDirectory;
        while (root is not null && !File.Exists(Path.Combine(root, "CronPlan.sln")))
        {
            root = Path.GetDirectoryName(root);
        }

        _lab = Path.Combine(root ?? Directory.GetCurrentDirectory(), "samples", "lab10");
        _generated = Directory.CreateTempSubdirectory("cronplan-bench-repo-").FullName;
        Generate(_generated, _lab, roles: 500, hosts: 25);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_generated, recursive: true);

    [Benchmark(Description = "check samples/lab10")]
    public int Lab() => Checker.Check(_lab, Utc).Diagnostics.Count;

    [Benchmark(Description = "check a generated repository of 500 roles")]
    public int FiveHundredRoles() => Checker.Check(_generated, Utc).Diagnostics.Count;

    private static void Generate(string root, string lab, int roles, int hosts)
    {
        void Write(string relative, string text)
        {
            var path = Path.Combine(root, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
        }

        File.Copy(Path.Combine(lab, "backup_sla.md"), Path.Combine(root, "backup_sla.md"));
        File.Copy(Path.Combine(lab, "backup_restore.md"), Path.Combine(root, "backup_restore.md"));
        Write("group_vars/all.yaml", "backup_server: rsync://backups@vault.example.org\nbackup_user: backup\n");
        for (var i = 0; i < roles; i++)
        {
            var name = $"svc{i:000}";
            var minute = 10 + (i % 20) * 2;
            Write($"roles/{name}/defaults/main.yaml", $"{name}_host: host{i % hosts:00}\n{name}_dir: /home/backup/{name}\n");
            Write($"roles/{name}/tasks/main.yaml", $"""
                - name: Install the {name} backup jobs
                  template:
                    src: {name}-backup.j2
                    dest: /etc/cron.d/{name}-backup
                    mode: '0644'
                - name: Install the client credentials
                  template:
                    src: my.cnf.j2
                    dest: /home/backup/.my.cnf
                    owner: backup
                    mode: '0600'

                """);
            Write($"roles/{name}/templates/my.cnf.j2", "[client]\nuser = backup\n\n[mysqldump]\nno_tablespaces\n");
            Write($"roles/{name}/templates/{name}-backup.j2", $$$"""
                {% if inventory_hostname == {{{name}}}_host %}
                SHELL=/bin/sh
                MAILTO=""
                {{{minute}}} 23 * * * {{ backup_user }} tar -czf {{ {{{name}}}_dir }}/{{{name}}}.tar.gz /srv/{{{name}}}
                {{{minute + 1}}} 23 * * 0 {{ backup_user }} duplicity full --no-encryption {{ {{{name}}}_dir }}/ {{ backup_server }}/{{{name}}}
                {{{minute + 1}}} 23 * * 1-6 {{ backup_user }} duplicity --full-if-older-than 7D --no-encryption {{ {{{name}}}_dir }}/ {{ backup_server }}/{{{name}}}
                {% endif %}

                """);
        }
    }
}
