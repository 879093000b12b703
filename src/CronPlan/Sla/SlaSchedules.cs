using System.Text.RegularExpressions;
using CronPlan.Diagnostics;

namespace CronPlan.Sla;

/// <summary>What a run the SLA describes does.</summary>
internal enum SlaRunKind
{
    /// <summary>"Backups are made daily at 23:00": a dump or an upload, whichever the service has.</summary>
    Any,

    /// <summary>"Local copies of the databases are made at 01:00".</summary>
    Dump,

    /// <summary>"Full backups every Sunday at 22:00".</summary>
    Full,

    /// <summary>"Incremental backups Monday to Saturday".</summary>
    Incremental,

    /// <summary>"Backups older than 28 days are deleted every Monday at 01:40".</summary>
    Prune,
}

/// <summary>
/// One run an SLA describes: what runs, on which weekdays (null: not said; all seven: every day), at what time (null:
/// not said) and whether that time is only the latest start ("started automatically by 23:10 UTC").
/// </summary>
/// <param name="Kind">What runs.</param>
/// <param name="Days">The weekdays it runs on, in the zone the time is written in.</param>
/// <param name="Time">When it starts.</param>
/// <param name="By">The time is the latest start, not the start.</param>
/// <param name="Location">Where it is said.</param>
/// <param name="Text">The words it was read from.</param>
internal sealed record SlaSchedule(SlaRunKind Kind, IReadOnlyList<DayOfWeek>? Days, SlaTime? Time, bool By, SourceLocation Location, string Text)
{
    /// <summary>The end of a window the runs start in ("18:30 - 20:00"), in the zone of <see cref="Time"/>; null for a start time.</summary>
    public SlaTime? Until { get; init; }

    /// <summary>The SLA says this kind of run is not made at all ("incremental backups are not produced").</summary>
    public bool Never { get; init; }

    /// <summary>"full backups", "deletions of old backups"...</summary>
    public string KindName => Kind switch
    {
        SlaRunKind.Dump => "dumps",
        SlaRunKind.Full => "full backups",
        SlaRunKind.Incremental => "incremental backups",
        SlaRunKind.Prune => "deletions of old backups",
        _ => "backups",
    };

    /// <summary>The run in CronPlan's words: <c>full Sun 22:00 UTC</c>, <c>prune Mon 01:40 UTC</c>, <c>any daily 23:10</c>.</summary>
    public string Value
    {
        get
        {
            var kind = Kind switch
            {
                SlaRunKind.Dump => "dump",
                SlaRunKind.Full => "full",
                SlaRunKind.Incremental => "incremental",
                SlaRunKind.Prune => "prune",
                _ => "any",
            };
            var days = Days switch
            {
                null => null,
                { Count: 7 } => "daily",
                _ => string.Join(",", Days.Select(d => d.ToString()[..3])),
            };
            if (Never)
            {
                return kind + " never";
            }

            var time = Time is null ? null : (By ? "by " : "") + SlaFact.Clock(Until is null ? Time : Time with { Zone = null }) + (Until is null ? "" : "-" + SlaFact.Clock(Until));
            return string.Join(" ", new[] { kind, days, time }.Where(p => p is not null));
        }
    }
}

/// <summary>The runs an SLA describes, read from each statement beside its other facts.</summary>
public sealed partial class SlaDocument
{
    /// <summary>
    /// The runs a statement describes: each clause that names a kind of run ("full backups ... and incremental backups
    /// ...") with the weekdays and the time in its own words; a sentence that names none speaks of backups in general, or
    /// of what the sentence before it named ("It is done every Saturday"). Deadlines, checks and restores are not runs.
    /// </summary>
    private void ReadSchedules(Sentence sentence, Context context)
    {
        var text = sentence.Text;
        // "RPO: every Sunday" says when the recovery points are made: a run too.
        if (NotARun().IsMatch(text) || (!RunKindWord().IsMatch(text) && !Pruned().IsMatch(text) && !BackupWord().IsMatch(text) && !RpoWord().IsMatch(text)))
        {
            return;
        }

        // The clauses ("..., while ...", "... and ..."), each with the kind of run it names: a clause that names none goes
        // with the one before it ("every Sunday, 00:01 UTC"), or the one after it at the start; a clause that names two
        // kinds at once cannot say which its days are for.
        var pieces = new List<(int Start, int End, SlaRunKind? Kind, bool Ambiguous, bool Contrast)>();
        var at = 0;
        var contrast = false;
        foreach (var separator in ClauseSeparator().Matches(text).Cast<Match?>().Append(null))
        {
            var end = separator?.Index ?? text.Length;
            var words = text[at..end];
            var kinds = RunKindWord().Matches(words).Select(k => KindOf(k.Value)).Distinct().ToList();
            var pruned = Pruned().IsMatch(words);
            SlaRunKind? kind = pruned ? SlaRunKind.Prune : kinds.Count > 0 ? kinds[0] : null;
            pieces.Add((at, end, kind, !pruned && kinds.Count > 1 || (pruned && NotPruned().IsMatch(words)), contrast));
            contrast = separator is not null && Contrast().IsMatch(separator.Value);
            at = separator is null ? text.Length : separator.Index + separator.Length;
        }

        var clauses = new List<(int Start, int End, SlaRunKind Kind, bool Ambiguous)>();
        SlaRunKind? pending = null;
        for (var i = 0; i < pieces.Count; i++)
        {
            var piece = pieces[i];
            // Looking ahead stops at "while", "whereas", "but": what stands before them is about something else.
            var kind = piece.Kind ?? (clauses.Count > 0 ? clauses[^1].Kind : pieces.Skip(i + 1).TakeWhile(p => !p.Contrast).FirstOrDefault(p => p.Kind is not null).Kind);
            if (kind is null)
            {
                // No clause names a kind: backups in general, or what the sentence before spoke of ("It is done ...").
                pending ??= Pronoun().IsMatch(text[sentence.OwnStart..]) && context.LastKind is { } last ? last : SlaRunKind.Any;
                kind = pending;
            }

            if (clauses.Count > 0 && clauses[^1].Kind == kind && (piece.Kind is null || !clauses[^1].Ambiguous))
            {
                clauses[^1] = (clauses[^1].Start, piece.End, kind.Value, clauses[^1].Ambiguous || piece.Ambiguous);
            }
            else
            {
                clauses.Add((piece.Start, piece.End, kind.Value, piece.Ambiguous));
            }
        }

        if (clauses.LastOrDefault(c => c.Kind != SlaRunKind.Any && !c.Ambiguous) is { Kind: not SlaRunKind.Any } named)
        {
            context.LastKind = named.Kind;
        }

        // "... at 22:00, because backups must be completed before 01:00": what follows a deadline's words is no start.
        var deadline = FinishBy().Match(text);
        foreach (var (start, clauseEnd, kind, ambiguous) in clauses)
        {
            var end = deadline.Success && deadline.Index >= start && deadline.Index < clauseEnd ? deadline.Index : clauseEnd;
            var words = text[start..end];
            if (ambiguous || end <= start)
            {
                continue;
            }

            var days = DaysIn(words);
            var time = sentence.TimeIn(start, end);

            // "around 23:00" is no promise of a minute; "18:30 - 20:00 UTC+2" is a window the runs start in.
            SlaTime? until = null;
            if (time is not null && Approximately().IsMatch(words))
            {
                time = null;
            }
            else if (time is not null && text.IndexOf(time.Text, start, StringComparison.Ordinal) is var t and >= 0
                && Window().Match(text, t + time.Text.Length) is { Success: true } window
                && SlaValues.Time(text, window.Index + window.Length - 1) is { } last && last.Index == window.Index + window.Length - 1)
            {
                var zone = time.Value.Zone ?? last.Time.Zone ?? sentence.Zone;
                time = time with { Value = time.Value with { Zone = zone } };
                until = last.Time with { Zone = zone };
            }

            // "Incremental backups are not produced": a kind of run the SLA says never happens.
            if (kind is SlaRunKind.Full or SlaRunKind.Incremental && NeverMade().IsMatch(words))
            {
                var none = Spaces().Replace(words, " ").Trim().TrimStart('-', '*', '+', '#', ' ').Trim();
                AddRun(sentence.Services, new SlaSchedule(kind, null, null, false, sentence.Whole, none.Length > 120 ? none[..117] + "..." : none) { Never = true }, sentence.Whole);
                continue;
            }

            if (days is null && time is null)
            {
                continue;
            }

            var said = Spaces().Replace(words, " ").Trim().TrimStart('-', '*', '+', '#', ' ').Trim();
            var run = new SlaSchedule(kind, days, time?.Value, StartsBy().IsMatch(words), time?.Location ?? sentence.Whole, said.Length > 120 ? said[..117] + "..." : said) { Until = until };
            AddRun(sentence.Services, run, sentence.Whole);
        }
    }

    /// <summary>A run for the services named, or for every service when none is.</summary>
    private void AddRun(IReadOnlyList<string> services, SlaSchedule run, SourceLocation where)
    {
        if (services.Count == 0)
        {
            _general = _general with { Schedules = [.. _general.Schedules, run] };
        }

        foreach (var name in services)
        {
            var service = Service(name, where);
            _services[name] = service with { Schedules = [.. service.Schedules, run] };
        }
    }

    /// <summary>The weekdays words name: "every day" and "daily" are all seven, "every day except Saturday" six.</summary>
    private static IReadOnlyList<DayOfWeek>? DaysIn(string words)
    {
        var except = ExceptDays().Match(words);
        if (except.Success)
        {
            var left = SlaValues.Weekdays(except.Groups["d"].Value);
            return left.Count == 0 ? null : [.. Enum.GetValues<DayOfWeek>().Except(left)];
        }

        var days = SlaValues.Weekdays(words);
        if (days.Count > 0)
        {
            return days;
        }

        return EveryDayWord().IsMatch(words) ? Enum.GetValues<DayOfWeek>() : null;
    }

    private static SlaRunKind KindOf(string word)
    {
        var lower = word.ToLowerInvariant();
        return lower.StartsWith("full", StringComparison.Ordinal) ? SlaRunKind.Full
            : lower.StartsWith("incr", StringComparison.Ordinal) ? SlaRunKind.Incremental
            : SlaRunKind.Dump;
    }

    [GeneratedRegex(@"\b(?:full|incr(?:emental|ementals|emential)?|increments?|(?:local|database)\s+(?:copies|copy|dumps?)|dumps?|dumped|mysqldump)\b", RegexOptions.IgnoreCase, Timeout)]
    private static partial Regex RunKindWord();

    // A check, a restore or an objective is not a run; nor is what only might happen.
    [GeneratedRegex(@"\b(?:verif\w*|usability|tested|tests?|checked|checks?|restor\w*|recover(?!y\s+point)\w*|RTO|when\s+needed|on\s+demand|manually)\b", RegexOptions.IgnoreCase, Timeout)]
    private static partial Regex NotARun();

    [GeneratedRegex(@",|;|\s+[-–]\s+|\s+(?:and|while|whereas|but)\s+", RegexOptions.IgnoreCase, Timeout)]
    private static partial Regex ClauseSeparator();

    [GeneratedRegex(@"\s+", RegexOptions.None, Timeout)]
    private static partial Regex Spaces();

    [GeneratedRegex(@"\b(?:(?:are|is)\s+not\s+(?:produced|made|created|done|taken|performed|run|scheduled)|(?:are|is)\s+never\s+(?:produced|made|created|done|taken|performed|run)|no\s+(?:incremental|full)\s+backups?\s+(?:are|is)\s+(?:produced|made|created|done|taken|run))\b", RegexOptions.IgnoreCase, Timeout)]
    private static partial Regex NeverMade();

    [GeneratedRegex(@"\b(?:while|whereas|but)\b", RegexOptions.IgnoreCase, Timeout)]
    private static partial Regex Contrast();

    [GeneratedRegex(@"\G\s*(?:-|–|to|until|till)\s*[0-9]", RegexOptions.IgnoreCase, Timeout)]
    private static partial Regex Window();

    [GeneratedRegex(@"\b(?:not|never|no)\b|n't\b", RegexOptions.IgnoreCase, Timeout)]
    private static partial Regex NotPruned();

    [GeneratedRegex(@"^\W*(?:it|they|this|these|those|that)\b", RegexOptions.IgnoreCase, Timeout)]
    private static partial Regex Pronoun();

    [GeneratedRegex(@"\b(?:around|about|approximately|roughly|circa|~)\s*$|\b(?:around|about|approximately|roughly|circa)\s+[0-9]", RegexOptions.IgnoreCase, Timeout)]
    private static partial Regex Approximately();

    [GeneratedRegex(@"\b(?:started|starts?|begins?|begun)\s+(?:automatically\s+)?by\b", RegexOptions.IgnoreCase, Timeout)]
    private static partial Regex StartsBy();

    [GeneratedRegex(@"\b(?:except|but\s+not|excluding|other\s+than)\s+(?:on\s+)?(?<d>(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*(?:\s*(?:,|and|or|-|–|to)\s*(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*)*)", RegexOptions.IgnoreCase, Timeout)]
    private static partial Regex ExceptDays();

    [GeneratedRegex(@"\b(?:every\s*day|each\s+day|daily|nightly|every\s+night|each\s+night|once\s+a\s+(?:day|night)|7\s+days\s+a\s+week)\b", RegexOptions.IgnoreCase, Timeout)]
    private static partial Regex EveryDayWord();
}
