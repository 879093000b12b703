namespace CronPlan.Jobs;

/// <summary>
/// A restore procedure read once: the lines a person runs one after the other, each with the steps it takes, read as one
/// session (see <see cref="CommandReader.ReadProcedure"/>). A restore document and a playbook's shell tasks are read
/// through it, and every check of theirs reads the steps it holds.
/// </summary>
/// <param name="Lines">The lines, in the order they are run.</param>
/// <param name="Steps">The steps of each line, offsets within the line.</param>
internal sealed record RestoreProcedure(IReadOnlyList<string> Lines, IReadOnlyList<IReadOnlyList<BackupStep>> Steps)
{
    /// <summary>Reads <paramref name="lines"/> with <paramref name="context"/>: the one place a procedure's text is read.</summary>
    public static RestoreProcedure Read(IReadOnlyList<string> lines, CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(context);
        return new RestoreProcedure(lines, CommandReader.ReadProcedure(lines, context));
    }
}
