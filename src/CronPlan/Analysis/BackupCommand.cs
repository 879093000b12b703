namespace CronPlan.Analysis;

/// <summary>What one step of a job's command does for backups.</summary>
internal enum StepKind
{
    Other,
    Dump,
    Upload,
    Retention,
}

/// <summary>duplicity's action for an upload.</summary>
internal enum UploadAction
{
    /// <summary>No action word: a full when no chain exists, else an incremental.</summary>
    Automatic,
    Full,
    Incremental,
}

/// <summary>How a step is joined to the one before it.</summary>
internal enum StepJoin
{
    First,
    And,
    Sequence,
    Or,
}

/// <summary>One step of a command (commands chained with &amp;&amp;, ; and || have several).</summary>
internal sealed record BackupStep(StepKind Kind, string Program, StepJoin Join, int Offset, int Length)
{
    /// <summary>For a dump: the file or directory it writes.</summary>
    public string? Output { get; init; }

    /// <summary>For an upload: the local directory.</summary>
    public string? Source { get; init; }

    /// <summary>For an upload or retention: the duplicity target URL.</summary>
    public string? Target { get; init; }

    public UploadAction Action { get; init; }

    /// <summary><c>--full-if-older-than</c> in days, or null.</summary>
    public int? FullIfOlderThanDays { get; init; }

    public bool NoEncryption { get; init; }

    /// <summary>A retention step has <c>--force</c>.</summary>
    public bool Force { get; init; }

    /// <summary>The retention action word (<c>remove-older-than</c>, ...).</summary>
    public string? RetentionAction { get; init; }

    /// <summary>mysqldump with <c>--no-tablespaces</c> (or <c>-y</c>).</summary>
    public bool NoTablespaces { get; init; }
}

/// <summary>Reads backup steps out of a shell command: dumps, duplicity uploads and retention runs, and how they are chained.</summary>
internal static class BackupCommand
{
    private static readonly HashSet<string> Wrappers = new(StringComparer.Ordinal) { "nice", "ionice", "nohup", "exec", "sudo", "flock", "timeout", "env", "chronic" };

    /// <summary>Which service a backup job is for (<c>mysql</c>, <c>influxdb</c>...), by its cron tab's name and its command; null when neither says.</summary>
    public static string? ServiceOf(string tabName, string command)
    {
        var text = (tabName + " " + command).ToLowerInvariant();
        return text.Contains("mysql", StringComparison.Ordinal) || text.Contains("mariadb", StringComparison.Ordinal) ? "mysql"
            : text.Contains("influx", StringComparison.Ordinal) ? "influxdb"
            : text.Contains("postgres", StringComparison.Ordinal) || text.Contains("pg_dump", StringComparison.Ordinal) ? "postgres"
            : text.Contains("mongo", StringComparison.Ordinal) ? "mongodb"
            : text.Contains("prometheus", StringComparison.Ordinal) ? "prometheus"
            : text.Contains("loki", StringComparison.Ordinal) ? "loki"
            : null;
    }

    public static IReadOnlyList<BackupStep> Read(string command)
    {
        var steps = new List<BackupStep>();
        foreach (var (text, join, offset) in Split(command))
        {
            steps.Add(Step(text, join, offset));
        }

        return steps;
    }

    /// <summary>Splits at top-level <c>&amp;&amp;</c>, <c>||</c> and <c>;</c>, outside quotes.</summary>
    private static List<(string Text, StepJoin Join, int Offset)> Split(string command)
    {
        var parts = new List<(string, StepJoin, int)>();
        var quote = '\0';
        var start = 0;
        var join = StepJoin.First;
        for (var i = 0; i < command.Length; i++)
        {
            var c = command[i];
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }

                continue;
            }

            if (c is '\'' or '"')
            {
                quote = c;
                continue;
            }

            if (c == '\\')
            {
                i++;
                continue;
            }

            var next = i + 1 < command.Length ? command[i + 1] : '\0';
            StepJoin? found = c == ';' ? StepJoin.Sequence : c == '&' && next == '&' ? StepJoin.And : c == '|' && next == '|' ? StepJoin.Or : null;
            if (found is { } kind)
            {
                parts.Add((command[start..i], join, start));
                join = kind;
                start = i + (kind == StepJoin.Sequence ? 1 : 2);
                i = start - 1;
            }
        }

        parts.Add((command[start..], join, start));
        return parts.Where(p => p.Item1.Trim().Length > 0).ToList();
    }

    private static BackupStep Step(string text, StepJoin join, int offset)
    {
        var words = Words(text);
        var redirect = RedirectTarget(words);
        var arguments = new List<string>();
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            if (word is ">" or ">>" or "1>" or "2>" or "2>>" or "1>>")
            {
                i++;
            }
            else if (!word.StartsWith('>') && !word.StartsWith("2>", StringComparison.Ordinal) && !word.StartsWith("1>", StringComparison.Ordinal))
            {
                arguments.Add(word);
            }
        }

        var index = 0;
        while (index < arguments.Count && (arguments[index].Contains('=', StringComparison.Ordinal) && !arguments[index].StartsWith('-') || Wrappers.Contains(arguments[index]) || arguments[index].StartsWith('-') || arguments[index].All(char.IsAsciiDigit)))
        {
            index++;
        }

        if (index >= arguments.Count)
        {
            return new BackupStep(StepKind.Other, "", join, offset, text.Length);
        }

        var program = Path.GetFileName(arguments[index]);
        var rest = arguments.Skip(index + 1).ToList();
        var positional = rest.Where(a => !a.StartsWith('-')).ToList();
        var step = new BackupStep(StepKind.Other, program, join, offset, text.Length);
        switch (program)
        {
            case "mysqldump" or "mariadb-dump" or "pg_dump" or "pg_dumpall" or "mongodump":
                return step with
                {
                    Kind = StepKind.Dump,
                    Output = redirect ?? OptionValue(rest, "--result-file", "-r") ?? OptionValue(rest, "--file", "-f") ?? OptionValue(rest, "--out", "-o") ?? OptionValue(rest, "--archive", null),
                    NoTablespaces = rest.Contains("--no-tablespaces") || rest.Contains("-y"),
                };
            case "influxd" when positional.FirstOrDefault() == "backup":
                return step with { Kind = StepKind.Dump, Output = positional.Count > 1 ? positional[^1] : redirect };
            case "tar" when rest.Count > 0:
                var fileOption = OptionValue(rest, "--file", "-f") ?? TarBundledFile(rest);
                return step with { Kind = StepKind.Dump, Output = fileOption ?? redirect };
            case "rsync" when positional.Count >= 2 && !positional[^1].Contains(':', StringComparison.Ordinal):
                return step with { Kind = StepKind.Dump, Output = positional[^1] };
            case "duplicity":
                return Duplicity(step, rest);
            default:
                return step;
        }
    }

    private static BackupStep Duplicity(BackupStep step, List<string> rest)
    {
        var positional = new List<string>();
        int? fullIfOlder = null;
        for (var i = 0; i < rest.Count; i++)
        {
            var word = rest[i];
            if (word == "--full-if-older-than" && i + 1 < rest.Count)
            {
                fullIfOlder = Days(rest[++i]);
            }
            else if (word.StartsWith("--full-if-older-than=", StringComparison.Ordinal))
            {
                fullIfOlder = Days(word[(word.IndexOf('=', StringComparison.Ordinal) + 1)..]);
            }
            else if (word is "--encrypt-key" or "--sign-key" or "--archive-dir" or "--name" or "--volsize" or "--exclude" or "--include" or "--tempdir" or "--log-file" or "--ssh-options" or "--rsync-options" or "--gpg-options" or "--verbosity" or "-v" or "--time" or "-t" or "--file-to-restore")
            {
                i++;
            }
            else if (!word.StartsWith('-'))
            {
                positional.Add(word);
            }
        }

        var noEncryption = rest.Contains("--no-encryption");
        var force = rest.Contains("--force");
        var action = positional.FirstOrDefault();
        switch (action)
        {
            case "full" or "incremental" or "inc" or "backup" when positional.Count >= 3:
                return step with
                {
                    Kind = StepKind.Upload,
                    Action = action == "full" ? UploadAction.Full : action == "backup" ? UploadAction.Automatic : UploadAction.Incremental,
                    Source = positional[1],
                    Target = positional[2],
                    FullIfOlderThanDays = fullIfOlder,
                    NoEncryption = noEncryption,
                };
            case "remove-older-than" or "remove-all-but-n-full" or "remove-all-inc-of-but-n-full" when positional.Count >= 3:
                return step with { Kind = StepKind.Retention, RetentionAction = action, Target = positional[2], Force = force };
            case "cleanup" when positional.Count >= 2:
                return step with { Kind = StepKind.Retention, RetentionAction = action, Target = positional[1], Force = force };
            case not null when positional.Count == 2 && !positional[0].Contains("://", StringComparison.Ordinal) && positional[1].Contains("://", StringComparison.Ordinal):
                return step with { Kind = StepKind.Upload, Action = UploadAction.Automatic, Source = positional[0], Target = positional[1], FullIfOlderThanDays = fullIfOlder, NoEncryption = noEncryption };
            default:
                return step;
        }
    }

    private static int? Days(string text) =>
        Plans.PlanValues.TryParseDuration(text, out var duration) ? Math.Max(1, (int)Math.Ceiling(duration.TotalDays)) : null;

    private static string? OptionValue(List<string> words, string longName, string? shortName)
    {
        for (var i = 0; i < words.Count; i++)
        {
            if (words[i].StartsWith(longName + "=", StringComparison.Ordinal))
            {
                return words[i][(longName.Length + 1)..];
            }

            if ((words[i] == longName || (shortName is not null && words[i] == shortName)) && i + 1 < words.Count)
            {
                return words[i + 1];
            }

            if (shortName is not null && words[i].StartsWith(shortName, StringComparison.Ordinal) && words[i].Length > shortName.Length && shortName.Length == 2)
            {
                return words[i][2..];
            }
        }

        return null;
    }

    /// <summary><c>tar czf FILE</c>: the bundled letters end in f and the file is the next word.</summary>
    private static string? TarBundledFile(List<string> words)
    {
        for (var i = 0; i < words.Count - 1; i++)
        {
            var word = words[i].TrimStart('-');
            if (word.Length > 0 && word.All(char.IsAsciiLetter) && word.EndsWith('f'))
            {
                return words[i + 1];
            }
        }

        return null;
    }

    private static string? RedirectTarget(List<string> words)
    {
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            if (word is ">" or ">>" or "1>" or "1>>" && i + 1 < words.Count)
            {
                return words[i + 1];
            }

            if (word.StartsWith('>') && !word.StartsWith(">&", StringComparison.Ordinal) && word.TrimStart('>').Length > 0)
            {
                return word.TrimStart('>');
            }
        }

        return null;
    }

    /// <summary>Shell words with quotes removed; redirections split from their word (<c>a&gt;b</c> gives <c>a</c>, <c>&gt;b</c>).</summary>
    private static List<string> Words(string text)
    {
        var words = new List<string>();
        var current = new System.Text.StringBuilder();
        var quote = '\0';
        var any = false;
        void Flush()
        {
            if (any)
            {
                words.Add(current.ToString());
            }

            current.Clear();
            any = false;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
                else
                {
                    current.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '\'' or '"':
                    quote = c;
                    any = true;
                    break;
                case ' ' or '\t':
                    Flush();
                    break;
                case '>':
                    if (!(current.Length is 1 && current[0] is '1' or '2'))
                    {
                        Flush();
                    }

                    current.Append(c);
                    any = true;
                    if (i + 1 < text.Length && text[i + 1] is '>' or '&')
                    {
                        current.Append(text[++i]);
                    }

                    if (current.ToString() is ">" or ">>" or "2>" or "1>" or "2>>")
                    {
                        // the target follows, perhaps after blanks: keep it in the same word when it is glued on
                        if (i + 1 < text.Length && text[i + 1] is not (' ' or '\t'))
                        {
                            break;
                        }

                        Flush();
                    }

                    break;
                case '\\' when i + 1 < text.Length:
                    current.Append(text[++i]);
                    any = true;
                    break;
                default:
                    current.Append(c);
                    any = true;
                    break;
            }
        }

        Flush();
        return words;
    }
}
