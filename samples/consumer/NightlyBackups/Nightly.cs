using CronPlan.Compilation;
using CronPlan.Plans;

namespace NightlyBackups;

/// <summary>A team's backups described in code: PostgreSQL and the uploaded files, shipped to their backup server.</summary>
public static class Nightly
{
    public static BackupPlan Plan() => new BackupPlanBuilder()
        .User("backup")
        .Environment("MAILTO", "ops@example.org")
        .Window("21:30", "01:00", "UTC")
        .BackupServer("rsync://backups@vault.example.org")
        .Service("postgres", s => s
            .Dump("pg_dump -Fc shop > /var/backups/postgres/shop.dump", TimeSpan.FromMinutes(25))
            .Upload("/var/backups/postgres/", "postgres", TimeSpan.FromMinutes(40), FullBackupPolicy.Weekly(DayOfWeek.Saturday), encryptKey: "3A8F6C21D0B94E57")
            .KeepFullChains(6)
            .Rpo(TimeSpan.FromHours(24)))
        .Service("uploads", s => s
            .Dump("tar -czf /var/backups/uploads/uploads.tar.gz /srv/shop/uploads", TimeSpan.FromMinutes(10))
            .Upload("/var/backups/uploads/", "uploads", TimeSpan.FromMinutes(20), FullBackupPolicy.Weekly(DayOfWeek.Saturday), encryptKey: "3A8F6C21D0B94E57")
            .KeepFullChains(6)
            .Rpo(TimeSpan.FromHours(24)))
        .Build();

    /// <summary>The cron tabs to install, by file name.</summary>
    public static IReadOnlyDictionary<string, string> CronTabs()
    {
        var result = Compiler.Compile(Plan());
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, result.Diagnostics));
        }

        return result.Tabs.ToDictionary(t => t.Name, t => t.Text);
    }
}
