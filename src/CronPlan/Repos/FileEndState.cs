using CronPlan.Diagnostics;

namespace CronPlan.Repos;

/// <summary>
/// A mode as Ansible applies it (<c>module_utils/common/file.py</c>): an integer is the mode itself (so an unquoted
/// <c>644</c> is 0o1204), a string of octal digits is read as octal, anything else is symbolic (<c>u=rw,g=,o=</c>).
/// </summary>
/// <param name="Text">The octal text when the bits are known (<c>0600</c>), the symbolic text otherwise.</param>
/// <param name="Bits">The permission bits, when known.</param>
internal readonly record struct AppliedMode(string Text, int? Bits)
{
    /// <summary>Readable by the group or others: null when the mode does not say.</summary>
    public bool? OthersRead => Bits is { } bits ? (bits & 0x24) != 0 : null;

    /// <summary>Any group or other bit set.</summary>
    public bool? OthersAccess => Bits is { } bits ? (bits & 0x3F) != 0 : null;

    public static AppliedMode FromInteger(long value) => new(Octal((int)(value & 0xFFF)), (int)(value & 0xFFF));

    public static AppliedMode FromText(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length > 0 && trimmed.All(c => c is >= '0' and <= '7'))
        {
            var bits = Convert.ToInt32(trimmed, 8) & 0xFFF;
            return new AppliedMode(Octal(bits), bits);
        }

        return Symbolic(trimmed) is { } symbolic ? new AppliedMode(Octal(symbolic), symbolic) : new AppliedMode(trimmed, null);
    }

    public static string Octal(int bits) => "0" + Convert.ToString(bits, 8).PadLeft(3, '0');

    /// <summary>A symbolic mode that assigns (<c>=</c>) user, group and other: the bits it sets; null when any class is left as it was.</summary>
    private static int? Symbolic(string text)
    {
        var value = 0;
        var known = 0;
        foreach (var clause in text.Split(','))
        {
            var op = clause.IndexOfAny(['=', '+', '-']);
            if (op < 0)
            {
                return null;
            }

            var who = clause[..op];
            if (who.Any(c => c is not ('u' or 'g' or 'o' or 'a')))
            {
                return null;
            }

            var classes = who.Length == 0 || who.Contains('a', StringComparison.Ordinal) ? "ugo" : who;
            var rest = clause[(op + 1)..];
            var ops = new List<(char Op, string Perms)>();
            var start = 0;
            var currentOp = clause[op];
            for (var i = 0; i <= rest.Length; i++)
            {
                if (i == rest.Length || rest[i] is '=' or '+' or '-')
                {
                    ops.Add((currentOp, rest[start..i]));
                    if (i < rest.Length)
                    {
                        currentOp = rest[i];
                        start = i + 1;
                    }
                }
            }

            foreach (var (sign, perms) in ops)
            {
                var permission = 0;
                foreach (var p in perms)
                {
                    permission |= p switch { 'r' => 4, 'w' => 2, 'x' or 'X' => 1, 's' or 't' => 0, _ => -1 };
                    if (permission < 0)
                    {
                        return null;
                    }
                }

                foreach (var c in classes)
                {
                    var shift = c switch { 'u' => 6, 'g' => 3, _ => 0 };
                    var mask = 7 << shift;
                    switch (sign)
                    {
                        case '=':
                            value = (value & ~mask) | (permission << shift);
                            known |= mask;
                            break;
                        case '+':
                            value |= permission << shift;
                            break;
                        default:
                            value &= ~(permission << shift);
                            break;
                    }
                }
            }
        }

        return known == 0x1FF ? value : null;
    }
}

/// <summary>One task's effect on a path on the host, in the order the play runs it.</summary>
/// <param name="Path">The destination.</param>
/// <param name="Task">Where the task is written.</param>
/// <param name="WritesContent">Template, copy, lineinfile, blockinfile, ini_file: the file's content is (re)written.</param>
/// <param name="Content">The whole content when known (template, copy); for line-editing modules the text they add.</param>
/// <param name="Replaces">The content replaces the file's (template, copy) rather than being added to it.</param>
/// <param name="Owner">The owner the task sets, if any.</param>
/// <param name="Mode">The mode the task sets, if any.</param>
/// <param name="Absent">The task removes the path.</param>
/// <param name="Host">The inventory host it runs on; null when the repository names none.</param>
internal sealed record FileOperation(string Path, SourceLocation Task, bool WritesContent, string? Content, bool Replaces, string? Owner, AppliedMode? Mode, bool Absent, string? Host);

/// <summary>
/// The state a path ends in once every task that touches it has run, and the moments between: the owner, mode and
/// content the last task to set each leaves, and each content write that left the file without a restricting mode.
/// </summary>
/// <param name="Path">The destination.</param>
/// <param name="Task">The task that wrote its content last (or touched it last, when none writes content).</param>
/// <param name="Owner">The owner at the end, when a task sets one.</param>
/// <param name="Mode">The mode at the end, when a task sets one.</param>
/// <param name="Content">The content at the end, when known.</param>
/// <param name="OpenWrites">Content writes after which the file was readable by others (created without a mode) before a later task restricted it.</param>
internal sealed record FileEndState(string Path, SourceLocation Task, string? Owner, AppliedMode? Mode, string? Content, IReadOnlyList<SourceLocation> OpenWrites)
{
    /// <summary>Folds the operations of one path (in execution order) into its end state; null when the last one removes it.</summary>
    public static FileEndState? Of(IReadOnlyList<FileOperation> operations)
    {
        string? owner = null;
        AppliedMode? mode = null;
        string? content = null;
        var contentKnown = true;
        SourceLocation? task = null;
        var open = new List<SourceLocation>();
        var exists = false;
        foreach (var operation in operations)
        {
            if (operation.Absent)
            {
                owner = null;
                mode = null;
                content = null;
                contentKnown = true;
                exists = false;
                open.Clear();
                task = null;
                continue;
            }

            owner = operation.Owner ?? owner;
            mode = operation.Mode ?? mode;
            if (operation.WritesContent)
            {
                if (operation.Replaces)
                {
                    content = operation.Content;
                    contentKnown = operation.Content is not null;
                }
                else if (operation.Content is not null && contentKnown)
                {
                    content = (content ?? "") + operation.Content;
                }
                else
                {
                    contentKnown = false;
                    content = null;
                }

                // A file created with no mode gets the umask's (usually 0644): readable by everyone until restricted.
                if (mode is null || mode.Value.OthersRead == true)
                {
                    open.Add(operation.Task);
                }

                task = operation.Task;
                exists = true;
            }
            else
            {
                task ??= operation.Task;
                exists = true;
            }
        }

        if (!exists || task is null)
        {
            return null;
        }

        // The open moments that matter are those a later task closes; an end state left open is judged as the end state.
        var endOpen = mode is null || mode.Value.OthersRead == true;
        return new FileEndState(operations[0].Path, task.Value, owner, mode, contentKnown ? content : null, endOpen ? [] : open);
    }

    /// <summary>The octal text of a mode, for messages.</summary>
    public static string Describe(AppliedMode mode) => mode.Bits is { } bits ? AppliedMode.Octal(bits) : mode.Text;
}
