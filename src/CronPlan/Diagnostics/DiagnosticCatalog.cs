namespace CronPlan.Diagnostics;

/// <summary>Every diagnostic ID CronPlan reports. IDs are permanent: never reused, never renumbered.</summary>
internal static class DiagnosticCatalog
{
    /// <summary>CPL1001: A time field does not parse.</summary>
    public static DiagnosticDescriptor CPL1001 { get; } = new("CPL1001", DiagnosticSeverity.Error, "A time field does not parse", "0 0 5L * *");

    /// <summary>CPL1002: Value out of range for its field.</summary>
    public static DiagnosticDescriptor CPL1002 { get; } = new("CPL1002", DiagnosticSeverity.Error, "Value out of range for its field", "0 24 * * *");

    /// <summary>CPL1003: Wrong number of time fields.</summary>
    public static DiagnosticDescriptor CPL1003 { get; } = new("CPL1003", DiagnosticSeverity.Error, "Wrong number of time fields", "0 2 * *");

    /// <summary>CPL1004: Unknown name or @ keyword.</summary>
    public static DiagnosticDescriptor CPL1004 { get; } = new("CPL1004", DiagnosticSeverity.Error, "Unknown name or @ keyword", "@DAILY");

    /// <summary>CPL1005: Step of 0, or N/step without a range.</summary>
    public static DiagnosticDescriptor CPL1005 { get; } = new("CPL1005", DiagnosticSeverity.Error, "Step of 0, or N/step without a range", "5/15 * * * *");

    /// <summary>CPL1010: The schedule never fires.</summary>
    public static DiagnosticDescriptor CPL1010 { get; } = new("CPL1010", DiagnosticSeverity.Error, "The schedule never fires", "0 0 31 4 *");

    /// <summary>CPL1011: Text the daemon silently ignores.</summary>
    public static DiagnosticDescriptor CPL1011 { get; } = new("CPL1011", DiagnosticSeverity.Warning, "Text the daemon silently ignores", "0 0 * * 1#2");

    /// <summary>CPL1012: Day of month and day of week both restricted: cron runs on either.</summary>
    public static DiagnosticDescriptor CPL1012 { get; } = new("CPL1012", DiagnosticSeverity.Warning, "Day of month and day of week both restricted: cron runs on either", "0 0 13 * 5");

    /// <summary>CPL1013: A day field starting with * turns the OR into AND.</summary>
    public static DiagnosticDescriptor CPL1013 { get; } = new("CPL1013", DiagnosticSeverity.Info, "A day field starting with * turns the OR into AND", "0 0 */2 * 0");

    /// <summary>CPL1014: Step larger than the field's span.</summary>
    public static DiagnosticDescriptor CPL1014 { get; } = new("CPL1014", DiagnosticSeverity.Warning, "Step larger than the field's span", "*/60 * * * *");

    /// <summary>CPL1015: Uneven step: the gap at the wrap differs.</summary>
    public static DiagnosticDescriptor CPL1015 { get; } = new("CPL1015", DiagnosticSeverity.Info, "Uneven step: the gap at the wrap differs", "*/7 * * * *");

    /// <summary>CPL1016: Every minute within restricted hours.</summary>
    public static DiagnosticDescriptor CPL1016 { get; } = new("CPL1016", DiagnosticSeverity.Warning, "Every minute within restricted hours", "* 3 * * *");

    /// <summary>CPL1017: Fires inside the zone's DST gap or overlap.</summary>
    public static DiagnosticDescriptor CPL1017 { get; } = new("CPL1017", DiagnosticSeverity.Warning, "Fires inside the zone's DST gap or overlap", "30 3 * * * (Europe/Tallinn)");

    /// <summary>CPL1018: Means something else in another engine.</summary>
    public static DiagnosticDescriptor CPL1018 { get; } = new("CPL1018", DiagnosticSeverity.Info, "Means something else in another engine", "0 0 1 * 1");

    /// <summary>CPL1019: Redundant element.</summary>
    public static DiagnosticDescriptor CPL1019 { get; } = new("CPL1019", DiagnosticSeverity.Info, "Redundant element", "*/1 * * * *");

    /// <summary>CPL1020: Feature of another dialect, unsupported by the target cron.</summary>
    public static DiagnosticDescriptor CPL1020 { get; } = new("CPL1020", DiagnosticSeverity.Error, "Feature of another dialect, unsupported by the target cron", "0 0 L * *");

    /// <summary>CPL1021: A backup job scheduled every few minutes: a leftover test schedule.</summary>
    public static DiagnosticDescriptor CPL1021 { get; } = new("CPL1021", DiagnosticSeverity.Warning, "A backup job scheduled every few minutes: a leftover test schedule", "*/1 * * * * backup mysqldump agama");

    /// <summary>CPL2001: File name the daemon skips.</summary>
    public static DiagnosticDescriptor CPL2001 { get; } = new("CPL2001", DiagnosticSeverity.Error, "File name the daemon skips", "/etc/cron.d/mysql-backup.cron");

    /// <summary>CPL2002: Last line has no newline: the whole file is ignored.</summary>
    public static DiagnosticDescriptor CPL2002 { get; } = new("CPL2002", DiagnosticSeverity.Error, "Last line has no newline: the whole file is ignored", "0 2 * * * root cmd<EOF>");

    /// <summary>CPL2003: No user field in a cron.d line.</summary>
    public static DiagnosticDescriptor CPL2003 { get; } = new("CPL2003", DiagnosticSeverity.Error, "No user field in a cron.d line", "0 2 * * * mysqldump agama");

    /// <summary>CPL2004: User does not exist.</summary>
    public static DiagnosticDescriptor CPL2004 { get; } = new("CPL2004", DiagnosticSeverity.Error, "User does not exist", "0 2 * * * nosuchuser cmd");

    /// <summary>CPL2005: Unescaped % in the command.</summary>
    public static DiagnosticDescriptor CPL2005 { get; } = new("CPL2005", DiagnosticSeverity.Warning, "Unescaped % in the command", "0 2 * * * root date +%F");

    /// <summary>CPL2006: Broken environment line.</summary>
    public static DiagnosticDescriptor CPL2006 { get; } = new("CPL2006", DiagnosticSeverity.Error, "Broken environment line", "FOO=");

    /// <summary>CPL2007: CRON_TZ or TZ set expecting the schedule to follow it.</summary>
    public static DiagnosticDescriptor CPL2007 { get; } = new("CPL2007", DiagnosticSeverity.Warning, "CRON_TZ or TZ set expecting the schedule to follow it", "CRON_TZ=Europe/Tallinn");

    /// <summary>CPL2008: CRLF line endings.</summary>
    public static DiagnosticDescriptor CPL2008 { get; } = new("CPL2008", DiagnosticSeverity.Error, "CRLF line endings", "0 2 * * * root cmd\r");

    /// <summary>CPL2009: Line or file too long for the daemon.</summary>
    public static DiagnosticDescriptor CPL2009 { get; } = new("CPL2009", DiagnosticSeverity.Error, "Line or file too long for the daemon", "a command of 999 characters");

    /// <summary>CPL2010: Owner, mode, type or link count the daemon refuses.</summary>
    public static DiagnosticDescriptor CPL2010 { get; } = new("CPL2010", DiagnosticSeverity.Error, "Owner, mode, type or link count the daemon refuses", "mode 0664");

    /// <summary>CPL2011: A command not on cron's default PATH.</summary>
    public static DiagnosticDescriptor CPL2011 { get; } = new("CPL2011", DiagnosticSeverity.Warning, "A command not on cron's default PATH", "0 2 * * * root mysqladmin ping");

    /// <summary>CPL2012: No MAILTO and output not redirected.</summary>
    public static DiagnosticDescriptor CPL2012 { get; } = new("CPL2012", DiagnosticSeverity.Info, "No MAILTO and output not redirected", "0 2 * * * root cmd");

    /// <summary>CPL2013: One bad line makes the daemon ignore the whole file.</summary>
    public static DiagnosticDescriptor CPL2013 { get; } = new("CPL2013", DiagnosticSeverity.Error, "One bad line makes the daemon ignore the whole file", "a file with one bad line");

    /// <summary>CPL2014: Duplicate job line.</summary>
    public static DiagnosticDescriptor CPL2014 { get; } = new("CPL2014", DiagnosticSeverity.Warning, "Duplicate job line", "the same job twice");

    /// <summary>CPL3001: The plan's YAML does not parse.</summary>
    public static DiagnosticDescriptor CPL3001 { get; } = new("CPL3001", DiagnosticSeverity.Error, "The plan's YAML does not parse", "services: [");

    /// <summary>CPL3002: Unknown key or wrong type.</summary>
    public static DiagnosticDescriptor CPL3002 { get; } = new("CPL3002", DiagnosticSeverity.Error, "Unknown key or wrong type", "servces:");

    /// <summary>CPL3003: Required field missing.</summary>
    public static DiagnosticDescriptor CPL3003 { get; } = new("CPL3003", DiagnosticSeverity.Error, "Required field missing", "a service without dump");

    /// <summary>CPL3004: Bad duration, clock time, time zone or weekday.</summary>
    public static DiagnosticDescriptor CPL3004 { get; } = new("CPL3004", DiagnosticSeverity.Error, "Bad duration, clock time, time zone or weekday", "takes: 5 minutes");

    /// <summary>CPL3005: Dependency cycle or unknown job in after.</summary>
    public static DiagnosticDescriptor CPL3005 { get; } = new("CPL3005", DiagnosticSeverity.Error, "Dependency cycle or unknown job in after", "after: nosuchjob");

    /// <summary>CPL3006: The jobs cannot fit in the window.</summary>
    public static DiagnosticDescriptor CPL3006 { get; } = new("CPL3006", DiagnosticSeverity.Error, "The jobs cannot fit in the window", "jobs longer than the window");

    /// <summary>CPL4001: Upload starts in the same minute as its dump.</summary>
    public static DiagnosticDescriptor CPL4001 { get; } = new("CPL4001", DiagnosticSeverity.Error, "Upload starts in the same minute as its dump", "10 23 dump; 10 23 upload");

    /// <summary>CPL4002: Upload runs before its dump or ships an old dump.</summary>
    public static DiagnosticDescriptor CPL4002 { get; } = new("CPL4002", DiagnosticSeverity.Error, "Upload runs before its dump or ships an old dump", "upload before dump on Sundays");

    /// <summary>CPL4003: Upload starts sooner after the dump than the dump may take.</summary>
    public static DiagnosticDescriptor CPL4003 { get; } = new("CPL4003", DiagnosticSeverity.Warning, "Upload starts sooner after the dump than the dump may take", "upload 1 minute after a 5 minute dump");

    /// <summary>CPL4004: A job runs past the deadline.</summary>
    public static DiagnosticDescriptor CPL4004 { get; } = new("CPL4004", DiagnosticSeverity.Error, "A job runs past the deadline", "0 1 * * * with a 01:00 deadline");

    /// <summary>CPL4005: The first upload after deployment is an incremental.</summary>
    public static DiagnosticDescriptor CPL4005 { get; } = new("CPL4005", DiagnosticSeverity.Error, "The first upload after deployment is an incremental", "duplicity incremental only");

    /// <summary>CPL4006: Two duplicity runs on one target overlap.</summary>
    public static DiagnosticDescriptor CPL4006 { get; } = new("CPL4006", DiagnosticSeverity.Error, "Two duplicity runs on one target overlap", "full and incremental at the same time");

    /// <summary>CPL4007: Two sources upload to one target.</summary>
    public static DiagnosticDescriptor CPL4007 { get; } = new("CPL4007", DiagnosticSeverity.Error, "Two sources upload to one target", "two services to rsync://host/backup");

    /// <summary>CPL4008: The upload's source does not contain what the dump writes.</summary>
    public static DiagnosticDescriptor CPL4008 { get; } = new("CPL4008", DiagnosticSeverity.Error, "The upload's source does not contain what the dump writes", "dump to /home/backup/mysql, upload /srv");

    /// <summary>CPL4009: Retention without --force deletes nothing.</summary>
    public static DiagnosticDescriptor CPL4009 { get; } = new("CPL4009", DiagnosticSeverity.Error, "Retention without --force deletes nothing", "duplicity remove-older-than 30D URL");

    /// <summary>CPL4010: Retention promised but no job prunes the target.</summary>
    public static DiagnosticDescriptor CPL4010 { get; } = new("CPL4010", DiagnosticSeverity.Warning, "Retention promised but no job prunes the target", "SLA keeps 30 days, no remove job");

    /// <summary>CPL4011: The longest gap between recovery points exceeds the RPO.</summary>
    public static DiagnosticDescriptor CPL4011 { get; } = new("CPL4011", DiagnosticSeverity.Error, "The longest gap between recovery points exceeds the RPO", "weekly backups with a 24h RPO");

    /// <summary>CPL4012: Full backups too rare.</summary>
    public static DiagnosticDescriptor CPL4012 { get; } = new("CPL4012", DiagnosticSeverity.Warning, "Full backups too rare", "a full once a year");

    /// <summary>CPL4013: Two jobs write the same dump files at once.</summary>
    public static DiagnosticDescriptor CPL4013 { get; } = new("CPL4013", DiagnosticSeverity.Error, "Two jobs write the same dump files at once", "two mysqldump jobs into one file");

    /// <summary>CPL4014: Dump and upload chained with ;.</summary>
    public static DiagnosticDescriptor CPL4014 { get; } = new("CPL4014", DiagnosticSeverity.Warning, "Dump and upload chained with ;", "mysqldump ... ; duplicity ...");

    /// <summary>CPL4015: Upload without encryption.</summary>
    public static DiagnosticDescriptor CPL4015 { get; } = new("CPL4015", DiagnosticSeverity.Info, "Upload without encryption", "duplicity --no-encryption");

    /// <summary>CPL4016: One source's jobs point at different targets.</summary>
    public static DiagnosticDescriptor CPL4016 { get; } = new("CPL4016", DiagnosticSeverity.Error, "One source's jobs point at different targets", "full to /mysql, incremental to /mysql2");

    /// <summary>CPL4017: mysqldump without --no-tablespaces.</summary>
    public static DiagnosticDescriptor CPL4017 { get; } = new("CPL4017", DiagnosticSeverity.Warning, "mysqldump without --no-tablespaces", "mysqldump agama");

    /// <summary>CPL5001: Unfilled blank in the SLA.</summary>
    public static DiagnosticDescriptor CPL5001 { get; } = new("CPL5001", DiagnosticSeverity.Error, "Unfilled blank in the SLA", "backups are created every _____");

    /// <summary>CPL5002: A service without schedule, RPO, RTO, retention or usability check.</summary>
    public static DiagnosticDescriptor CPL5002 { get; } = new("CPL5002", DiagnosticSeverity.Warning, "A service without schedule, RPO, RTO, retention or usability check", "no RPO for InfluxDB");

    /// <summary>CPL5003: Backup interval longer than the RPO.</summary>
    public static DiagnosticDescriptor CPL5003 { get; } = new("CPL5003", DiagnosticSeverity.Error, "Backup interval longer than the RPO", "weekly backups, RPO 24h");

    /// <summary>CPL5004: The RPO looks like a retention period.</summary>
    public static DiagnosticDescriptor CPL5004 { get; } = new("CPL5004", DiagnosticSeverity.Warning, "The RPO looks like a retention period", "RPO of 28 days with daily backups");

    /// <summary>CPL5005: Retention arithmetic does not add up.</summary>
    public static DiagnosticDescriptor CPL5005 { get; } = new("CPL5005", DiagnosticSeverity.Warning, "Retention arithmetic does not add up", "30 days of daily backups, 7 versions");

    /// <summary>CPL5006: Stated start plus duration ends after the deadline.</summary>
    public static DiagnosticDescriptor CPL5006 { get; } = new("CPL5006", DiagnosticSeverity.Error, "Stated start plus duration ends after the deadline", "starts 00:50, takes 20 minutes");

    /// <summary>CPL5007: The SLA's schedule disagrees with the cron tabs.</summary>
    public static DiagnosticDescriptor CPL5007 { get; } = new("CPL5007", DiagnosticSeverity.Error, "The SLA's schedule disagrees with the cron tabs", "SLA 23:10, cron 0 2");

    /// <summary>CPL5008: Time zone slip.</summary>
    public static DiagnosticDescriptor CPL5008 { get; } = new("CPL5008", DiagnosticSeverity.Error, "Time zone slip", "01:30 EET copied into a UTC cron tab");

    /// <summary>CPL5009: A service without backup job, or a job without SLA.</summary>
    public static DiagnosticDescriptor CPL5009 { get; } = new("CPL5009", DiagnosticSeverity.Warning, "A service without backup job, or a job without SLA", "SLA covers Grafana, no job");

    /// <summary>CPL5010: A statement CronPlan could not read.</summary>
    public static DiagnosticDescriptor CPL5010 { get; } = new("CPL5010", DiagnosticSeverity.Info, "A statement CronPlan could not read", "backups happen nightly-ish");

    /// <summary>CPL6001: .my.cnf readable by others.</summary>
    public static DiagnosticDescriptor CPL6001 { get; } = new("CPL6001", DiagnosticSeverity.Error, ".my.cnf readable by others", "mode 0644 on /home/backup/.my.cnf");

    /// <summary>CPL6002: No task writes the backup user's .my.cnf.</summary>
    public static DiagnosticDescriptor CPL6002 { get; } = new("CPL6002", DiagnosticSeverity.Warning, "No task writes the backup user's .my.cnf", "no .my.cnf task");

    /// <summary>CPL6003: Unquoted three-digit mode.</summary>
    public static DiagnosticDescriptor CPL6003 { get; } = new("CPL6003", DiagnosticSeverity.Error, "Unquoted three-digit mode", "mode: 644");

    /// <summary>CPL6004: Cron tab installed with a bad owner or mode.</summary>
    public static DiagnosticDescriptor CPL6004 { get; } = new("CPL6004", DiagnosticSeverity.Error, "Cron tab installed with a bad owner or mode", "owner: backup");

    /// <summary>CPL6005: cron module without cron_file.</summary>
    public static DiagnosticDescriptor CPL6005 { get; } = new("CPL6005", DiagnosticSeverity.Warning, "cron module without cron_file", "ansible.builtin.cron without cron_file");

    /// <summary>CPL6006: Cron tab installed under an unexpected or skipped name.</summary>
    public static DiagnosticDescriptor CPL6006 { get; } = new("CPL6006", DiagnosticSeverity.Warning, "Cron tab installed under an unexpected or skipped name", "dest: /etc/cron.d/backup.cron");

    /// <summary>CPL6007: A task file does not parse.</summary>
    public static DiagnosticDescriptor CPL6007 { get; } = new("CPL6007", DiagnosticSeverity.Error, "A task file does not parse", "tasks/main.yaml with a tab");

    /// <summary>CPL6008: Restore from the local dump directory.</summary>
    public static DiagnosticDescriptor CPL6008 { get; } = new("CPL6008", DiagnosticSeverity.Error, "Restore from the local dump directory", "mysql agama < /home/backup/mysql/agama.sql");

    /// <summary>CPL6009: InfluxDB restore without stopping Telegraf and dropping the database.</summary>
    public static DiagnosticDescriptor CPL6009 { get; } = new("CPL6009", DiagnosticSeverity.Error, "InfluxDB restore without stopping Telegraf and dropping the database", "influxd restore only");

    /// <summary>CPL6010: No restore document or section.</summary>
    public static DiagnosticDescriptor CPL6010 { get; } = new("CPL6010", DiagnosticSeverity.Error, "No restore document or section", "no backup_restore.md");

    /// <summary>CPL6011: Restore downloads from another target.</summary>
    public static DiagnosticDescriptor CPL6011 { get; } = new("CPL6011", DiagnosticSeverity.Error, "Restore downloads from another target", "restore rsync://other/mysql");

    /// <summary>CPL6012: InfluxDB dump and restore formats differ.</summary>
    public static DiagnosticDescriptor CPL6012 { get; } = new("CPL6012", DiagnosticSeverity.Error, "InfluxDB dump and restore formats differ", "backup without -portable, restore with it");

    /// <summary>CPL6013: Placeholders or unknown commands in the restore document.</summary>
    public static DiagnosticDescriptor CPL6013 { get; } = new("CPL6013", DiagnosticSeverity.Warning, "Placeholders or unknown commands in the restore document", "duplicity restore <args>");

    /// <summary>CPL6014: Credentials of another account readable by others than their owner.</summary>
    public static DiagnosticDescriptor CPL6014 { get; } = new("CPL6014", DiagnosticSeverity.Warning, "Credentials of another account readable by others than their owner", "/var/lib/prometheus/.my.cnf without a mode");

    /// <summary>CPL6015: A key given twice in one YAML mapping: the last one wins.</summary>
    public static DiagnosticDescriptor CPL6015 { get; } = new("CPL6015", DiagnosticSeverity.Warning, "A key given twice in one YAML mapping: the last one wins", "mode: '0600' and later mode: '0644' in one task");

    /// <summary>CPL6016: A secret readable by others until a later task restricts it.</summary>
    public static DiagnosticDescriptor CPL6016 { get; } = new("CPL6016", DiagnosticSeverity.Warning, "A secret readable by others until a later task restricts it", "template .my.cnf without a mode, then file mode: '0600'");

    /// <summary>CPL9001: Input missing or unreadable.</summary>
    public static DiagnosticDescriptor CPL9001 { get; } = new("CPL9001", DiagnosticSeverity.Error, "Input missing or unreadable", "a path that does not exist");

    /// <summary>CPL9002: Input is binary, not UTF-8, or too large.</summary>
    public static DiagnosticDescriptor CPL9002 { get; } = new("CPL9002", DiagnosticSeverity.Error, "Input is binary, not UTF-8, or too large", "a gzip file");

    /// <summary>CPL9003: A template expression CronPlan could not resolve.</summary>
    public static DiagnosticDescriptor CPL9003 { get; } = new("CPL9003", DiagnosticSeverity.Info, "A template expression CronPlan could not resolve", "{{ undefined_var }}");

    /// <summary>CPL9004: A compiled cron tab differs from what the plan compiles to.</summary>
    public static DiagnosticDescriptor CPL9004 { get; } = new("CPL9004", DiagnosticSeverity.Error, "A compiled cron tab differs from what the plan compiles to", "cronplan compile --check after a hand edit");

    /// <summary>CPL9005: CronPlan could not check this file.</summary>
    public static DiagnosticDescriptor CPL9005 { get; } = new("CPL9005", DiagnosticSeverity.Warning, "CronPlan could not check this file", "a template CronPlan fails on");

    /// <summary>All descriptors in ID order.</summary>
    public static IReadOnlyList<DiagnosticDescriptor> All { get; } =
    [
        CPL1001,
        CPL1002,
        CPL1003,
        CPL1004,
        CPL1005,
        CPL1010,
        CPL1011,
        CPL1012,
        CPL1013,
        CPL1014,
        CPL1015,
        CPL1016,
        CPL1017,
        CPL1018,
        CPL1019,
        CPL1020,
        CPL1021,
        CPL2001,
        CPL2002,
        CPL2003,
        CPL2004,
        CPL2005,
        CPL2006,
        CPL2007,
        CPL2008,
        CPL2009,
        CPL2010,
        CPL2011,
        CPL2012,
        CPL2013,
        CPL2014,
        CPL3001,
        CPL3002,
        CPL3003,
        CPL3004,
        CPL3005,
        CPL3006,
        CPL4001,
        CPL4002,
        CPL4003,
        CPL4004,
        CPL4005,
        CPL4006,
        CPL4007,
        CPL4008,
        CPL4009,
        CPL4010,
        CPL4011,
        CPL4012,
        CPL4013,
        CPL4014,
        CPL4015,
        CPL4016,
        CPL4017,
        CPL5001,
        CPL5002,
        CPL5003,
        CPL5004,
        CPL5005,
        CPL5006,
        CPL5007,
        CPL5008,
        CPL5009,
        CPL5010,
        CPL6001,
        CPL6002,
        CPL6003,
        CPL6004,
        CPL6005,
        CPL6006,
        CPL6007,
        CPL6008,
        CPL6009,
        CPL6010,
        CPL6011,
        CPL6012,
        CPL6013,
        CPL6014,
        CPL6015,
        CPL6016,
        CPL9001,
        CPL9002,
        CPL9003,
        CPL9004,
        CPL9005,
    ];

    /// <summary>The descriptor of <paramref name="id"/>, or null when no such ID exists.</summary>
    public static DiagnosticDescriptor? Find(string id) => All.FirstOrDefault(d => string.Equals(d.Id, id, StringComparison.OrdinalIgnoreCase));
}
