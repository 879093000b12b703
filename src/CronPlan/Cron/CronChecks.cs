using System.Globalization;
using CronPlan.Diagnostics;
using CronPlan.Time;

namespace CronPlan.Cron;

/// <summary>What to compare a schedule against when checking it.</summary>
/// <param name="Zone">The host's zone, for the DST checks.</param>
/// <param name="From">Where comparisons with other engines start.</param>
/// <param name="CompareWithOtherEngines">Compute cronie's, Cronos' and NCrontab's runs for CPL1018.</param>
public sealed record ExpressionCheckOptions(TimeZoneInfo Zone, DateTimeOffset From, bool CompareWithOtherEngines = true);

/// <summary>
/// The checks on one parsed expression beyond syntax: CPL1010 (never fires), CPL1011 (dead reversed ranges),
/// CPL1012-CPL1019 (day rule, steps, DST, other engines, redundancy).
/// </summary>
public static class CronChecks
{
    private const int ComparedRuns = 8;

    /// <summary>Runs every expression check on <paramref name="parsed"/>; nothing for a rejected expression or a foreign dialect.</summary>
    public static IReadOnlyList<Diagnostic> Check(CronParseResult parsed, ExpressionCheckOptions options)
    {
        var found = new List<Diagnostic>();
        var schedule = parsed.Schedule;
        var syntax = parsed.Syntax;
        if (schedule is null || schedule.Dialect is CronDialect.Cronos or CronDialect.NCrontab)
        {
            return found;
        }

        var whole = Span(syntax, 0, syntax.Text.Length);
        if (schedule.IsReboot)
        {
            found.Add(DiagnosticCatalog.CPL1010.Create(whole, "@reboot runs once when the daemon starts and never on the clock", notes: ["it runs at boot and after every restart of cron, not at a time of day"]));
            return found;
        }

        var fields = syntax.Fields;
        if (fields.Count == 5)
        {
            CheckReversedRanges(fields, schedule, found, syntax);
            if (!schedule.NeverFires)
            {
                CheckDayRule(fields, schedule, found, syntax);
                CheckSteps(fields, found, syntax);
                CheckEveryMinute(fields, found, syntax);
                CheckRedundancy(fields, found, syntax);
            }
        }

        if (schedule.NeverFires)
        {
            if (!found.Any(d => d.Id == "CPL1010"))
            {
                found.Add(DiagnosticCatalog.CPL1010.Create(whole, NeverFiresReason(schedule)));
            }

            return found;
        }

        CheckDst(schedule, options, found, whole);
        if (options.CompareWithOtherEngines)
        {
            CompareEngines(schedule, options, found, whole);
        }

        return found;
    }

    private static string Replaced(string text, int start, int length, string replacement) => text[..start] + replacement + text[(start + length)..];

    private static SourceLocation Span(CronExpressionSyntax syntax, int start, int length) =>
        SourceLocation.OnLine(null, 1, start + 1, Math.Max(length, 1));

    private static SourceLocation FieldSpan(CronFieldSyntax field) => SourceLocation.OnLine(null, 1, field.Start + 1, field.Text.Length);

    private static void CheckReversedRanges(IReadOnlyList<CronFieldSyntax> fields, CronSchedule schedule, List<Diagnostic> found, CronExpressionSyntax syntax)
    {
        foreach (var field in fields)
        {
            foreach (var element in field.Elements.Where(e => e.IsRange && e.From > e.To))
            {
                var text = syntax.Text.Substring(element.Start, element.Length);
                var name = CronFields.Name(field.Field);
                var span = Span(syntax, element.Start, element.Length);
                var low = CronFields.Low(field.Field);
                var high = field.Field == CronField.DayOfWeek ? 6 : CronFields.High(field.Field);
                ulong wrapped = 0;
                for (var v = low; v <= high; v++)
                {
                    if (v >= element.From || v <= element.To % 7 || (field.Field != CronField.DayOfWeek && v <= element.To))
                    {
                        wrapped |= 1UL << (v - low);
                    }
                }

                var wrap = ScheduleFormatter.FormatField(wrapped, low, high, starred: false);
                var endsOnSunday = field.Field == CronField.DayOfWeek && element.To == 0;
                if (endsOnSunday)
                {
                    // 'sun' reads as 0, so 'mon-sun' is 1-0: the range most often meant is 1-7.
                    wrap = string.Create(CultureInfo.InvariantCulture, $"{element.From}-7");
                }

                var fix = Replaced(syntax.Text, element.Start, element.Length, wrap);
                var notes = new List<string> { "Debian cron accepts a reversed range without a word; cronie rejects it" };
                if (endsOnSunday)
                {
                    notes.Add("a Sunday at the end of a range must be written 7 ('sun' and 0 are the start of the week)");
                }

                if (field.Bits == 0)
                {
                    found.Add(DiagnosticCatalog.CPL1010.Create(span, $"the reversed range '{text}' in the {name} field matches nothing: the job never runs", fix, notes));
                }
                else
                {
                    found.Add(DiagnosticCatalog.CPL1011.Create(span, $"the reversed range '{text}' in the {name} field matches nothing and is silently dropped", fix));
                }
            }
        }
    }

    private static string NeverFiresReason(CronSchedule schedule)
    {
        var calendar = schedule.Calendar!;
        if (calendar.TimesOfDay.Length == 0)
        {
            return "no time of day matches: the minute or hour field selects nothing";
        }

        var months = Enumerable.Range(1, 12).Where(m => (calendar.Months & (1u << m)) != 0).Select(m => CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(m)).ToList();
        var days = Enumerable.Range(1, 31).Where(d => (calendar.DaysOfMonth & (1u << d)) != 0).ToList();
        return months.Count == 0
            ? "no month matches: the month field selects nothing"
            : $"no day matches: day {Describer.ListNumbers(days)} never occurs in {Describer.JoinAnd(months)}, so the job never runs";
    }

    private static void CheckDayRule(IReadOnlyList<CronFieldSyntax> fields, CronSchedule schedule, List<Diagnostic> found, CronExpressionSyntax syntax)
    {
        var (dom, dow) = (fields[2], fields[4]);
        var calendar = schedule.Calendar!;
        var domFull = calendar.DaysOfMonth == 0xFFFFFFFEu;
        var dowFull = calendar.DaysOfWeek == 0x7Fu;
        var location = SourceLocation.OnLine(null, 1, dom.Start + 1, dow.Start + dow.Text.Length - dom.Start);
        if (!dom.IsStarred && !dow.IsStarred)
        {
            string message;
            var notes = new List<string> { "cron runs a job on a day when the day-of-month OR the day-of-week matches, unless one of the two fields starts with '*'" };
            if (domFull || dowFull)
            {
                var full = domFull ? $"'{dom.Text}'" : $"'{dow.Text}'";
                message = $"{full} selects every day but does not start with '*': with the other day field it is an OR, so the job runs every day";
            }
            else
            {
                message = $"day-of-month '{dom.Text}' and day-of-week '{dow.Text}' are both restricted: cron runs on either one (OR), not only when both match";
                notes.Add("to run only when both match, keep one field and test the other in the command, e.g. [ \"$(date +\\%u)\" = 5 ] && ...");
            }

            found.Add(DiagnosticCatalog.CPL1012.Create(location, message, notes: notes));
        }
        else if ((dom.IsStarred && !domFull && !dowFull) || (dow.IsStarred && !dowFull && !domFull))
        {
            var starred = dom.IsStarred ? dom : dow;
            found.Add(DiagnosticCatalog.CPL1013.Create(
                location,
                $"'{starred.Text}' starts with '*', so cron requires both day fields to match (AND): day-of-month '{dom.Text}' and day-of-week '{dow.Text}'",
                notes: ["a day field whose text starts with '*' turns cron's OR rule into AND, even when it is restricted like '*/2'"]));
        }
    }

    private static void CheckSteps(IReadOnlyList<CronFieldSyntax> fields, List<Diagnostic> found, CronExpressionSyntax syntax)
    {
        foreach (var field in fields)
        {
            var low = CronFields.Low(field.Field);
            var high = field.Field == CronField.DayOfWeek ? 6 : CronFields.High(field.Field);
            foreach (var element in field.Elements.Where(e => e.HasStep))
            {
                var text = syntax.Text.Substring(element.Start, element.Length);
                var span = Span(syntax, element.Start, element.Length);
                var name = CronFields.Name(field.Field);
                if (element.From + element.Step > element.To && element.Step > 1)
                {
                    found.Add(DiagnosticCatalog.CPL1014.Create(
                        span,
                        string.Create(CultureInfo.InvariantCulture, $"the step {element.Step} in '{text}' is larger than the {name} range: only {element.From} runs"),
                        Replaced(syntax.Text, element.Start, element.Length, element.From.ToString(CultureInfo.InvariantCulture))));
                    continue;
                }

                var wholeField = element.IsStar || (element.From == low && element.To >= high);
                var cycle = field.Field == CronField.DayOfWeek ? 7 : high - low + 1;
                if (wholeField && element.Step > 1 && (field.Field == CronField.DayOfMonth || cycle % element.Step != 0))
                {
                    var last = element.From + ((Math.Min(element.To, high) - element.From) / element.Step * element.Step);
                    var wrapGap = field.Field == CronField.DayOfMonth ? -1 : cycle - last + element.From;
                    var message = field.Field == CronField.DayOfMonth
                        ? string.Create(CultureInfo.InvariantCulture, $"'{text}' restarts at day {element.From} every month: the gap at a month's end differs with its length (after day {last} comes day {element.From})")
                        : string.Create(CultureInfo.InvariantCulture, $"'{text}' is uneven: {element.Step} does not divide {cycle}, so after {last} the next run is {element.From}, {wrapGap} {Describer.Unit(field.Field, wrapGap)} later, not {element.Step}");
                    found.Add(DiagnosticCatalog.CPL1015.Create(span, message));
                }
            }
        }
    }

    private static void CheckEveryMinute(IReadOnlyList<CronFieldSyntax> fields, List<Diagnostic> found, CronExpressionSyntax syntax)
    {
        var (minute, hour) = (fields[0], fields[1]);
        if (minute.Bits == (1UL << 60) - 1 && !hour.IsStarred && hour.Bits != (1UL << 24) - 1)
        {
            var hours = Enumerable.Range(0, 24).Count(h => (hour.Bits & (1UL << h)) != 0);
            found.Add(DiagnosticCatalog.CPL1016.Create(
                FieldSpan(minute),
                string.Create(CultureInfo.InvariantCulture, $"'{minute.Text}' runs every minute of the selected hours: {hours * 60} runs a day; minute 0 is usually meant"),
                "0" + syntax.Text[(minute.Start + minute.Text.Length)..]));
        }
    }

    private static void CheckRedundancy(IReadOnlyList<CronFieldSyntax> fields, List<Diagnostic> found, CronExpressionSyntax syntax)
    {
        foreach (var field in fields)
        {
            var low = CronFields.Low(field.Field);
            for (var i = 0; i < field.Elements.Count; i++)
            {
                var element = field.Elements[i];
                var text = syntax.Text.Substring(element.Start, element.Length);
                var span = Span(syntax, element.Start, element.Length);
                if (element.HasStep && element.Step == 1)
                {
                    found.Add(DiagnosticCatalog.CPL1019.Create(span, $"'{text}' has a step of 1, which is the default", Replaced(syntax.Text, element.Start, element.Length, text[..text.LastIndexOf('/')])));
                    continue;
                }

                ulong others = 0;
                for (var j = 0; j < field.Elements.Count; j++)
                {
                    if (j != i)
                    {
                        others |= Bits(field.Elements[j], low, field.Field);
                    }
                }

                var own = Bits(element, low, field.Field);
                if (own != 0 && (own & ~others) == 0)
                {
                    found.Add(DiagnosticCatalog.CPL1019.Create(span, $"'{text}' adds nothing to the {CronFields.Name(field.Field)} field '{field.Text}': other elements already cover it"));
                }
            }

            if (field.Field == CronField.DayOfWeek && !field.IsStarred && field.Bits == 0xFFUL && field.Elements.Count == 1)
            {
                found.Add(DiagnosticCatalog.CPL1019.Create(
                    FieldSpan(field),
                    $"'{field.Text}' is every day of the week; unlike '*' it keeps cron's OR rule with the day-of-month field",
                    notes: ["write '*' unless the OR with the day of month is what you want"]));
            }
        }
    }

    private static ulong Bits(CronElementSyntax element, int low, CronField field)
    {
        ulong bits = 0;
        for (var v = element.From; v <= element.To; v += element.Step)
        {
            bits |= 1UL << (v - low);
        }

        if (field == CronField.DayOfWeek && (bits & 0x81UL) != 0)
        {
            bits |= 0x81UL;
        }

        return bits;
    }

    private static void CheckDst(CronSchedule schedule, ExpressionCheckOptions options, List<Diagnostic> found, SourceLocation whole)
    {
        var zone = ZoneTimeline.For(options.Zone);
        var calendar = schedule.Calendar!;
        var year = options.From.UtcDateTime.Year;
        var reported = new HashSet<bool>();
        foreach (var transition in Enumerable.Range(year, 2).SelectMany(zone.TransitionsIn))
        {
            if (reported.Contains(transition.Change > 0))
            {
                continue;
            }

            var segment = zone.SegmentAt(transition.AtUtc);
            var wallBefore = transition.AtUtc + transition.Before;
            var wallAfter = transition.AtUtc + transition.After;
            var (from, to) = transition.Change > 0 ? (wallBefore, wallAfter) : (wallAfter, wallBefore);
            var matches = new List<long>();
            for (var wall = calendar.NextMatch(from); wall is { } w && w < to; wall = calendar.NextMatch(w + 1))
            {
                matches.Add(w);
            }

            if (matches.Count == 0)
            {
                continue;
            }

            reported.Add(transition.Change > 0);
            var day = WallClock.ToDateTime(from).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var window = $"{WallClock.ToDateTime(from):HH:mm}-{WallClock.ToDateTime(to):HH:mm}";
            var kind = schedule.IsWildcardTime ? "wildcard job (its minute or hour starts with '*')" : "fixed-time job";
            string message;
            if (transition.Change > 0)
            {
                var catchUps = DebianEngine.CatchUps(calendar, schedule.IsWildcardTime, segment).Count();
                var landing = CronRun.Iso(WallClock.ToOffset(transition.AtUtc, transition.After));
                message = catchUps > 0
                    ? string.Create(CultureInfo.InvariantCulture, $"on {day} the clock in {options.Zone.Id} jumps over {window}: this {kind} is caught up, {catchUps} run(s) at {landing} instead of {Times(matches)}")
                    : string.Create(CultureInfo.InvariantCulture, $"on {day} the clock in {options.Zone.Id} jumps over {window}: this {kind} is skipped, {matches.Count} run(s) at {Times(matches)} are lost");
            }
            else
            {
                message = schedule.IsWildcardTime
                    ? string.Create(CultureInfo.InvariantCulture, $"on {day} the clock in {options.Zone.Id} repeats {window}: this {kind} runs twice at {Times(matches)}, once in each pass")
                    : string.Create(CultureInfo.InvariantCulture, $"on {day} the clock in {options.Zone.Id} repeats {window}: this {kind} runs once at {Times(matches)}, in the first pass only");
            }

            found.Add(DiagnosticCatalog.CPL1017.Create(whole, message, notes: ["the zone's clock changes every year; schedule jobs away from the changed hour, or run the host in UTC"]));
        }
    }

    private static string Times(List<long> walls) =>
        walls.Count > 4
            ? $"{WallClock.ToDateTime(walls[0]):HH:mm} ... {WallClock.ToDateTime(walls[^1]):HH:mm}"
            : Describer.JoinAnd(walls.Select(w => WallClock.ToDateTime(w).ToString("HH:mm", CultureInfo.InvariantCulture)).ToList());

    private static void CompareEngines(CronSchedule schedule, ExpressionCheckOptions options, List<Diagnostic> found, SourceLocation whole)
    {
        var ours = schedule.RunsAfter(options.From, options.Zone).Take(ComparedRuns).Select(r => r.ToString()).ToList();
        var ourName = CronDialects.Name(schedule.Dialect);
        foreach (var dialect in new[] { CronDialect.Debian, CronDialect.Cronie, CronDialect.Cronos, CronDialect.NCrontab })
        {
            if (dialect == schedule.Dialect)
            {
                continue;
            }

            var other = CronSchedule.ParseWithDiagnostics(schedule.Expression, dialect);
            var name = CronDialects.Name(dialect);
            if (other.Schedule is null)
            {
                var reason = other.Diagnostics.FirstOrDefault(d => d.Severity == DiagnosticSeverity.Error)?.Message ?? "it rejects the expression";
                found.Add(DiagnosticCatalog.CPL1018.Create(whole, $"{name} rejects this expression: {reason}"));
                continue;
            }

            var theirs = other.Schedule.RunsAfter(options.From, options.Zone).Take(ComparedRuns).Select(r => r.ToString()).ToList();
            if (!ours.SequenceEqual(theirs, StringComparer.Ordinal))
            {
                found.Add(DiagnosticCatalog.CPL1018.Create(
                    whole,
                    $"{name} runs this expression differently from {ourName}",
                    notes: [$"{ourName}: {Describer.RunList(ours)}", $"{name}: {Describer.RunList(theirs)}"]));
            }
        }
    }
}
