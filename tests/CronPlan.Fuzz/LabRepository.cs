namespace CronPlan.Fuzz;

/// <summary>
/// A small copy of samples/lab10 in a scratch directory, made once per process: what the Ansible target checks with
/// one role's tasks (and optionally its group_vars and cron tab template) replaced by the input.
/// </summary>
internal static class LabRepository
{
    public static readonly object Lock = new();

    public const string GroupVariables = """
        github_username: elvis
        backup_server: backup.example.org
        backup_url: "rsync://{{ github_username }}@{{ backup_server }}"
        mysql_database: agama
        mysql_backup_password: "{{ lookup('env', 'MYSQL_BACKUP_PASSWORD') | default('change-me') }}"

        """;

    public const string MysqlTasks = """
        - name: MySQL dump directory
          ansible.builtin.file:
            path: /home/backup/mysql
            state: directory
            owner: backup
            group: backup
            mode: '0750'

        - name: MySQL client configuration for user backup
          ansible.builtin.template:
            src: my.cnf.j2
            dest: /home/backup/.my.cnf
            owner: backup
            mode: '0600'

        - name: MySQL backup cron tab
          ansible.builtin.template:
            src: mysql-backup.j2
            dest: /etc/cron.d/mysql-backup
            owner: root
            mode: '0644'

        """;

    public const string MysqlTemplate = """
        MAILTO=""
        6 23 * * *     backup  mysqldump agama > /home/backup/mysql/agama.sql
        12 23 * * 0    backup  duplicity full --no-encryption /home/backup/mysql/ {{ backup_url }}/mysql
        12 23 * * 1-6  backup  duplicity --full-if-older-than 7D --no-encryption /home/backup/mysql/ {{ backup_url }}/mysql
        28 23 * * *    backup  duplicity remove-all-but-n-full 4 --force {{ backup_url }}/mysql

        """;

    private const string TasksPath = "roles/mysql_backup/tasks/main.yaml";
    private const string GroupVariablesPath = "group_vars/all.yaml";
    private const string TemplatePath = "roles/mysql_backup/templates/mysql-backup.j2";

    private static readonly Dictionary<string, string> Fixed = new(StringComparer.Ordinal)
    {
        ["infra.yaml"] = """
            - name: Init
              hosts: all
              roles:
                - init

            - name: MySQL servers
              hosts: db_servers
              roles:
                - mysql_backup

            - name: InfluxDB servers
              hosts: influxdb_servers
              roles:
                - influxdb_backup

            """,
        ["roles/init/tasks/main.yaml"] = """
            - name: User backup
              ansible.builtin.user:
                name: backup
                home: /home/backup

            """,
        ["roles/mysql_backup/templates/my.cnf.j2"] = """
            [client]
            user = backup
            password = {{ mysql_backup_password }}

            [mysqldump]
            no_tablespaces

            """,
        ["roles/influxdb_backup/tasks/main.yaml"] = """
            - name: InfluxDB backup cron tab
              ansible.builtin.template:
                src: influxdb-backup.j2
                dest: /etc/cron.d/influxdb-backup
                owner: root
                mode: '0644'

            """,
        ["roles/influxdb_backup/templates/influxdb-backup.j2"] = """
            MAILTO=""
            16 22 * * *    backup  rm -rf /home/backup/influxdb/*; influxd backup -portable -database telegraf /home/backup/influxdb
            19 22 * * 0    backup  duplicity full --no-encryption /home/backup/influxdb/ {{ backup_url }}/influxdb
            19 22 * * 1-6  backup  duplicity --full-if-older-than 7D --no-encryption /home/backup/influxdb/ {{ backup_url }}/influxdb
            25 22 * * *    backup  duplicity remove-all-but-n-full 4 --force {{ backup_url }}/influxdb

            """,
    };

    private static readonly (string Marker, string Path)[] Sections =
    [
        ("#> group_vars", GroupVariablesPath),
        ("#> template", TemplatePath),
    ];

    private static readonly Lazy<string> Created = new(Create);

    /// <summary>The lab's own files, as the repository starts.</summary>
    public static List<(string Path, byte[] Bytes)> Defaults =>
        [(TasksPath, System.Text.Encoding.UTF8.GetBytes(MysqlTasks)), (GroupVariablesPath, System.Text.Encoding.UTF8.GetBytes(GroupVariables)), (TemplatePath, System.Text.Encoding.UTF8.GetBytes(MysqlTemplate))];

    /// <summary>The scratch repository (removed when the process exits).</summary>
    public static string Root => Created.Value;

    /// <summary>
    /// The files an input replaces, with their bytes: the tasks before the first marker line, then each section after
    /// its marker; a file no section gives gets its default text back.
    /// </summary>
    public static List<(string Path, byte[] Bytes)> Split(byte[] input)
    {
        var found = new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            [TasksPath] = input,
            [GroupVariablesPath] = System.Text.Encoding.UTF8.GetBytes(GroupVariables),
            [TemplatePath] = System.Text.Encoding.UTF8.GetBytes(MysqlTemplate),
        };

        var current = TasksPath;
        var start = 0;
        var lineStart = 0;
        while (lineStart <= input.Length)
        {
            var end = Array.IndexOf(input, (byte)'\n', lineStart);
            var lineEnd = end < 0 ? input.Length : end;
            foreach (var (marker, path) in Sections)
            {
                if (lineEnd - lineStart == marker.Length && input.AsSpan(lineStart, marker.Length).SequenceEqual(System.Text.Encoding.ASCII.GetBytes(marker)))
                {
                    found[current] = input[start..lineStart];
                    current = path;
                    start = Math.Min(input.Length, lineEnd + 1);
                }
            }

            if (end < 0)
            {
                break;
            }

            lineStart = end + 1;
        }

        if (current != TasksPath || start > 0)
        {
            found[current] = input[start..];
        }

        return [.. found.Select(f => (f.Key, f.Value))];
    }

    private static string Create()
    {
        var root = Directory.CreateTempSubdirectory("cronplan-fuzz-repo-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
                // A scratch directory left behind is harmless.
            }
        };

        foreach (var (relative, text) in Fixed.Concat([new(TasksPath, MysqlTasks), new(GroupVariablesPath, GroupVariables), new(TemplatePath, MysqlTemplate)]))
        {
            var path = Path.Combine(root, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
        }

        return root;
    }
}
