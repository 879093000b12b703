using System.Globalization;
using CronPlan.Diagnostics;

namespace CronPlan.Cron;

/// <summary>
/// Reads the five time fields (or an <c>@</c> keyword) the way Debian's <c>entry.c</c> does, leniencies included,
/// while keeping a span for every element and collecting every problem instead of stopping at the first.
/// </summary>
internal sealed class CronExpressionParser
{
    // Debian's get_number gives up on a token of MAX_TEMPSTR (100) characters or more.
    private const int MaxTokenLength = 99;

    private static readonly Dictionary<string, CronKeyword> Keywords = new(StringComparer.Ordinal)
    {
        ["reboot"] = CronKeyword.Reboot,
        ["yearly"] = CronKeyword.Yearly,
        ["annually"] = CronKeyword.Annually,
        ["monthly"] = CronKeyword.Monthly,
        ["weekly"] = CronKeyword.Weekly,
        ["daily"] = CronKeyword.Daily,
        ["midnight"] = CronKeyword.Midnight,
        ["hourly"] = CronKeyword.Hourly,
    };

    private readonly string _text;
    private readonly CronDialect _dialect;
    private readonly SourceLocation _origin;
    private readonly List<Diagnostic> _diagnostics = [];

    private CronExpressionParser(string text, CronDialect dialect, SourceLocation origin)
    {
        _text = text;
        _dialect = dialect;
        _origin = origin;
    }

    private bool IsCronie => _dialect == CronDialect.Cronie;

    private string DialectName => IsCronie ? "cronie" : "Debian cron";

    /// <summary>Parses <paramref name="text"/>; <paramref name="origin"/> says where its first character stands (line and column) for diagnostics.</summary>
    public static CronExpressionSyntax Parse(string text, CronDialect dialect = CronDialect.Debian, SourceLocation? origin = null) =>
        new CronExpressionParser(text, dialect, origin ?? new SourceLocation(null, 1, 1, 1, 1)).Parse();

    private CronExpressionSyntax Parse()
    {
        var tokens = SplitFields();
        if (tokens.Count == 0)
        {
            Report(DiagnosticCatalog.CPL1003, 0, Math.Max(_text.Length, 1), "the expression is empty: expected five time fields or an @ keyword", "0 2 * * *");
            return Result(CronKeyword.None, []);
        }

        if (_text.Contains('\n', StringComparison.Ordinal))
        {
            var at = _text.IndexOf('\n', StringComparison.Ordinal);
            Report(DiagnosticCatalog.CPL1001, at, 1, "a cron expression is one line; it contains a line break");
        }

        if (_text[tokens[0].Start] == '@')
        {
            return ParseKeyword(tokens);
        }

        var fields = new List<CronFieldSyntax>(5);
        for (var i = 0; i < Math.Min(tokens.Count, 5); i++)
        {
            fields.Add(ParseField((CronField)i, tokens[i].Start, tokens[i].Length));
        }

        if (tokens.Count != 5)
        {
            ReportFieldCount(tokens);
        }

        return Result(CronKeyword.None, fields);
    }

    private void ReportFieldCount(List<(int Start, int Length)> tokens)
    {
        if (tokens.Count < 5)
        {
            var last = tokens[^1];
            Report(
                DiagnosticCatalog.CPL1003,
                last.Start + last.Length,
                1,
                string.Create(CultureInfo.InvariantCulture, $"expected 5 time fields, found {tokens.Count}: the {CronFields.Name((CronField)tokens.Count)} field is missing"),
                notes: ["the fields are: minute hour day-of-month month day-of-week"]);
            return;
        }

        var extra = tokens[5];
        var notes = new List<string> { "the fields are: minute hour day-of-month month day-of-week" };
        if (tokens.Count == 6)
        {
            notes.Add("in an /etc/cron.d line a sixth field shifts the user column: the daemon takes it as the user name and ignores the whole file");
            notes.Add("a leading seconds field is a Quartz/Cronos feature; Debian cron has no seconds");
        }

        Report(
            DiagnosticCatalog.CPL1003,
            extra.Start,
            _text.TrimEnd().Length - extra.Start,
            string.Create(CultureInfo.InvariantCulture, $"expected 5 time fields, found {tokens.Count}"),
            notes: notes);
    }

    private CronExpressionSyntax ParseKeyword(List<(int Start, int Length)> tokens)
    {
        var (start, length) = tokens[0];
        var word = _text.Substring(start + 1, length - 1);
        var keyword = CronKeyword.None;
        if (Keywords.TryGetValue(word, out var known))
        {
            keyword = known;
        }
        else
        {
            var sameLetters = Keywords.Keys.FirstOrDefault(k => string.Equals(k, word, StringComparison.OrdinalIgnoreCase));
            var message = sameLetters is not null
                ? $"the keyword '@{word}' must be written in lower case: '@{sameLetters}'"
                : $"unknown keyword '@{word}'";
            var fix = sameLetters is not null ? "@" + sameLetters : SuggestKeyword(word);
            Report(
                DiagnosticCatalog.CPL1004,
                start,
                length,
                message,
                fix,
                ["Debian cron knows @reboot, @yearly, @annually, @monthly, @weekly, @daily, @midnight and @hourly, lower case only"]);
        }

        if (tokens.Count > 1)
        {
            var extra = tokens[1];
            Report(DiagnosticCatalog.CPL1003, extra.Start, _text.TrimEnd().Length - extra.Start, $"unexpected text after '@{word}': a keyword replaces all five time fields");
        }

        return Result(keyword, []);
    }

    private static string? SuggestKeyword(string word)
    {
        var lower = word.ToLowerInvariant();
        return lower switch
        {
            _ when lower.Contains("hour", StringComparison.Ordinal) => "@hourly",
            _ when lower.Contains("day", StringComparison.Ordinal) || lower.Contains("night", StringComparison.Ordinal) => "@daily",
            _ when lower.Contains("week", StringComparison.Ordinal) => "@weekly",
            _ when lower.Contains("month", StringComparison.Ordinal) => "@monthly",
            _ when lower.Contains("year", StringComparison.Ordinal) || lower.Contains("annual", StringComparison.Ordinal) => "@yearly",
            _ when lower.Contains("boot", StringComparison.Ordinal) || lower.Contains("start", StringComparison.Ordinal) => "@reboot",
            _ => null,
        };
    }

    private CronExpressionSyntax Result(CronKeyword keyword, IReadOnlyList<CronFieldSyntax> fields) =>
        new(_text, keyword, fields, _diagnostics);

    private List<(int Start, int Length)> SplitFields()
    {
        var tokens = new List<(int, int)>();
        var i = 0;
        while (i < _text.Length)
        {
            while (i < _text.Length && IsBlank(_text[i]))
            {
                i++;
            }

            var start = i;
            while (i < _text.Length && !IsBlank(_text[i]))
            {
                i++;
            }

            if (i > start)
            {
                tokens.Add((start, i - start));
            }
        }

        return tokens;
    }

    // Debian's Skip_Blanks skips spaces and tabs only; a line break ends the line.
    private static bool IsBlank(char c) => c is ' ' or '\t' or '\n';

    private CronFieldSyntax ParseField(CronField field, int start, int length)
    {
        var text = _text.Substring(start, length);
        var low = CronFields.Low(field);
        var high = CronFields.High(field);
        var elements = new List<CronElementSyntax>();
        ulong bits = 0;
        var valid = true;
        var pos = 0;

        while (true)
        {
            var element = ParseElement(field, text, start, ref pos, low, high);
            if (element is null)
            {
                valid = false;
                var comma = text.IndexOf(',', pos);
                if (comma < 0)
                {
                    pos = text.Length;
                    break;
                }

                pos = comma + 1;
                continue;
            }

            var e = element.Value;
            elements.Add(e);
            for (var v = e.From; v <= e.To; v += e.Step)
            {
                bits |= 1UL << (v - low);
            }

            if (pos < text.Length && text[pos] == ',')
            {
                pos++;
                continue;
            }

            break;
        }

        var ignoredStart = -1;
        if (pos < text.Length)
        {
            ignoredStart = pos;
            if (valid)
            {
                ReportIgnoredText(field, text, start, pos, elements);
            }
        }

        if (field == CronField.DayOfWeek && (bits & 0x81UL) != 0)
        {
            // entry.c: "make sundays equivalent".
            bits |= 0x81UL;
        }

        return new CronFieldSyntax(field, text, start, elements, bits, ignoredStart, valid);
    }

    private void ReportIgnoredText(CronField field, string text, int start, int pos, List<CronElementSyntax> elements)
    {
        var ignored = text[pos..];
        var kept = text[..pos];
        var message = $"the daemon ignores '{ignored}' in the {CronFields.Name(field)} field and reads it as '{kept}'";
        var notes = new List<string>();
        if (field == CronField.DayOfWeek && ignored.StartsWith('#') && elements.Count > 0)
        {
            var day = elements[^1].From;
            message = $"'{text}' runs on every {DayName(day)}, not the {Ordinal(ignored[1..])} {DayName(day)} of the month: Debian cron ignores '{ignored}'";
            notes.Add("Debian cron has no nth-weekday syntax; restrict the day of month instead, e.g. '8-14' with a test in the command");
        }

        Report(DiagnosticCatalog.CPL1011, start + pos, ignored.Length, message, Replaced(start + pos, ignored.Length, ""), notes);
    }

    private static string Ordinal(string digits) => digits switch
    {
        "1" => "first",
        "2" => "second",
        "3" => "third",
        "4" => "fourth",
        "5" => "fifth",
        _ => digits + "th",
    };

    internal static string DayName(int day) => CultureInfo.InvariantCulture.DateTimeFormat.GetDayName((DayOfWeek)(day % 7));

    private CronElementSyntax? ParseElement(CronField field, string text, int fieldStart, ref int pos, int low, int high)
    {
        var elementStart = pos;
        int from, to;
        var isStar = false;
        var isRange = false;
        if (pos < text.Length && text[pos] == '*')
        {
            isStar = true;
            from = low;
            to = high;
            pos++;
        }
        else
        {
            if (!ReadValue(field, text, fieldStart, ref pos, low, names: true, out from, IsCronie ? ",- \t" : null))
            {
                return null;
            }

            if (pos < text.Length && text[pos] == '-')
            {
                isRange = true;
                pos++;
                if (!ReadValue(field, text, fieldStart, ref pos, low, names: true, out to, IsCronie ? "/, \t" : null))
                {
                    return null;
                }

                if (IsCronie && from > to)
                {
                    Report(
                        DiagnosticCatalog.CPL1001,
                        fieldStart + elementStart,
                        pos - elementStart,
                        string.Create(CultureInfo.InvariantCulture, $"cronie rejects the reversed range '{text[elementStart..pos]}' in the {CronFields.Name(field)} field"),
                        notes: ["Debian cron accepts a reversed range and never matches it"]);
                    return null;
                }
            }
            else
            {
                if (pos < text.Length && text[pos] == '/')
                {
                    var stepEnd = pos + 1;
                    while (stepEnd < text.Length && char.IsAsciiLetterOrDigit(text[stepEnd]))
                    {
                        stepEnd++;
                    }

                    var written = text[elementStart..stepEnd];
                    var fix = string.Create(CultureInfo.InvariantCulture, $"{text[elementStart..pos]}-{high}{text[pos..stepEnd]}");
                    Report(
                        DiagnosticCatalog.CPL1005,
                        fieldStart + elementStart,
                        stepEnd - elementStart,
                        $"'{written}' puts a step on a single value: Debian cron rejects it (write a range, '{fix}')",
                        Replaced(fieldStart + elementStart, stepEnd - elementStart, fix),
                        ["Cronos, NCrontab and Quartz read 'N/step' as 'N-max/step'; Debian's entry.c refuses it"]);
                    pos = stepEnd;
                    return null;
                }

                if (!CheckInRange(field, text, fieldStart, elementStart, pos, from, low, high))
                {
                    return null;
                }

                return new CronElementSyntax(fieldStart + elementStart, pos - elementStart, false, from, from, 1, false, false);
            }
        }

        var step = 1;
        var hasStep = false;
        if (pos < text.Length && text[pos] == '/')
        {
            hasStep = true;
            pos++;
            var stepStart = pos;
            if (!ReadValue(field, text, fieldStart, ref pos, 0, names: false, out step, IsCronie ? ", \t" : null))
            {
                return null;
            }

            if (step <= 0)
            {
                Report(
                    DiagnosticCatalog.CPL1005,
                    fieldStart + stepStart,
                    pos - stepStart,
                    $"a step of {text[stepStart..pos]} in the {CronFields.Name(field)} field: the step must be 1 or more",
                    Replaced(fieldStart + stepStart, pos - stepStart, "1"));
                return null;
            }
        }

        if (_dialect == CronDialect.Debian)
        {
            // Debian checks both ends of a range against the field's bounds even when the step never reaches the end.
            if (!CheckInRange(field, text, fieldStart, elementStart, pos, from, low, high) ||
                !CheckInRange(field, text, fieldStart, elementStart, pos, to, low, high))
            {
                return null;
            }
        }
        else
        {
            // cronie checks only the values the step reaches (set_element in the loop).
            for (var v = from; v <= to; v += step)
            {
                if (!CheckInRange(field, text, fieldStart, elementStart, pos, v, low, high))
                {
                    return null;
                }
            }
        }

        return new CronElementSyntax(fieldStart + elementStart, pos - elementStart, isStar, from, to, step, hasStep, isRange);
    }

    private bool CheckInRange(CronField field, string text, int fieldStart, int elementStart, int pos, int value, int low, int high)
    {
        if (value >= low && value <= high)
        {
            return true;
        }

        var notes = new List<string> { string.Create(CultureInfo.InvariantCulture, $"the {CronFields.Name(field)} field takes {low}-{high}") };
        string? fix = null;
        if (field == CronField.Hour && value == 24)
        {
            notes.Add("midnight is hour 0 of the next day; move the day fields by one if they are restricted");
            fix = Replaced(fieldStart + elementStart, pos - elementStart, text[elementStart..pos].Replace("24", "0", StringComparison.Ordinal));
        }
        else if (field == CronField.DayOfWeek && value > 7)
        {
            notes.Add("0 and 7 are both Sunday; names sun-sat work too");
        }
        else if (field == CronField.DayOfMonth && value == 0)
        {
            notes.Add("days of the month start at 1");
        }

        Report(
            DiagnosticCatalog.CPL1002,
            fieldStart + elementStart,
            Math.Max(pos - elementStart, 1),
            string.Create(CultureInfo.InvariantCulture, $"{value} is out of range for the {CronFields.Name(field)} field ({low}-{high}) in '{text[elementStart..pos]}'"),
            fix,
            notes);
        return false;
    }

    /// <summary>Debian's get_number: a run of letters and digits that is a name of the field or all digits. cronie instead wants digits or letters followed by one of <paramref name="cronieTerminators"/>.</summary>
    private bool ReadValue(CronField field, string text, int fieldStart, ref int pos, int low, bool names, out int value, string? cronieTerminators)
    {
        value = 0;
        var start = pos;
        var nameTable = names ? CronFields.Names(field) : null;
        if (IsCronie)
        {
            while (pos < text.Length && char.IsAsciiDigit(text[pos]))
            {
                pos++;
            }

            if (pos == start && nameTable is not null)
            {
                while (pos < text.Length && char.IsAsciiLetter(text[pos]))
                {
                    pos++;
                }
            }

            if (pos == start && pos < text.Length && char.IsAsciiLetterOrDigit(text[pos]))
            {
                var end = pos;
                while (end < text.Length && char.IsAsciiLetterOrDigit(text[end]))
                {
                    end++;
                }

                ReportBadToken(field, text, fieldStart, start, end, nameTable, afterValue: false);
                pos = end;
                return false;
            }

            if (pos > start && pos < text.Length && !cronieTerminators!.Contains(text[pos], StringComparison.Ordinal))
            {
                var end = pos;
                while (end < text.Length && text[end] != ',')
                {
                    end++;
                }

                ReportBadToken(field, text, fieldStart, start, end, nameTable, afterValue: true);
                pos = end;
                return false;
            }
        }
        else
        {
            while (pos < text.Length && char.IsAsciiLetterOrDigit(text[pos]))
            {
                pos++;
            }
        }

        var token = text[start..pos];
        if (token.Length == 0)
        {
            ReportBadToken(field, text, fieldStart, start, start, nameTable, afterValue: false);
            return false;
        }

        if (token.Length > MaxTokenLength)
        {
            Report(DiagnosticCatalog.CPL1001, fieldStart + start, token.Length, $"a value of {token.Length} characters in the {CronFields.Name(field)} field: the daemon gives up on 100 or more");
            return false;
        }

        if (nameTable is not null)
        {
            for (var i = 0; i < nameTable.Count; i++)
            {
                if (string.Equals(nameTable[i], token, StringComparison.OrdinalIgnoreCase))
                {
                    value = i + low;
                    return true;
                }
            }
        }

        if (token.All(char.IsAsciiDigit))
        {
            value = Atoi(token);
            return true;
        }

        ReportBadToken(field, text, fieldStart, start, pos, nameTable, afterValue: false);
        return false;
    }

    /// <summary>glibc's atoi: strtol saturating at the 64-bit limits, then truncated to int.</summary>
    private static int Atoi(string digits)
    {
        long result = 0;
        foreach (var c in digits)
        {
            if (result > (long.MaxValue - (c - '0')) / 10)
            {
                result = long.MaxValue;
                break;
            }

            result = (result * 10) + (c - '0');
        }

        return unchecked((int)result);
    }

    private void ReportBadToken(CronField field, string text, int fieldStart, int start, int end, IReadOnlyList<string>? nameTable, bool afterValue)
    {
        var fieldName = CronFields.Name(field);
        if (end == start)
        {
            var at = start < text.Length ? text[start] : '\0';
            if (at is '?' or '#')
            {
                Report(DiagnosticCatalog.CPL1020, fieldStart + start, 1, $"'{at}' in the {fieldName} field is a Quartz/Cronos feature that {DialectName} rejects", fix: Replaced(fieldStart + start, 1, "*"));
            }
            else if (at == '-')
            {
                Report(DiagnosticCatalog.CPL1001, fieldStart + start, 1, $"a negative value in the {fieldName} field: cron values are never negative");
            }
            else if (start >= text.Length)
            {
                var what = start > 0 ? $" after '{text[start - 1]}'" : "";
                Report(DiagnosticCatalog.CPL1001, fieldStart + Math.Max(start - 1, 0), 1, $"a value is missing{what} in the {fieldName} field '{text}'", notes: ["a list is values or ranges separated by single commas, with no comma at the end"]);
            }
            else if (at == ',')
            {
                Report(DiagnosticCatalog.CPL1001, fieldStart + start, 1, $"empty element in the {fieldName} field '{text}': two commas in a row or a leading comma");
            }
            else
            {
                Report(DiagnosticCatalog.CPL1001, fieldStart + start, 1, $"unexpected '{at}' in the {fieldName} field: expected a number{(nameTable is null ? "" : " or a name")} or '*'");
            }

            return;
        }

        var token = text[start..end];
        var upper = token.ToUpperInvariant();
        if (upper is "L" or "LW" or "W" || (upper.Length > 1 && (upper.EndsWith('L') || upper.EndsWith('W')) && upper[..^1].All(char.IsAsciiDigit)) || token.Contains('#', StringComparison.Ordinal))
        {
            Report(
                DiagnosticCatalog.CPL1020,
                fieldStart + start,
                token.Length,
                $"'{token}' in the {fieldName} field is a Quartz/Cronos feature (L, W, #, ?) that {DialectName} rejects",
                notes: ["for the last day of the month, run on days 28-31 and test in the command: [ \"$(date -d tomorrow +\\%d)\" = 01 ] && ..."]);
            return;
        }

        if (afterValue)
        {
            Report(DiagnosticCatalog.CPL1001, fieldStart + start, token.Length, $"cronie rejects '{token}' in the {fieldName} field: a value must end at ',', '-', '/' or a blank");
            return;
        }

        if (token.All(char.IsAsciiLetter))
        {
            if (nameTable is null)
            {
                Report(DiagnosticCatalog.CPL1004, fieldStart + start, token.Length, $"'{token}' is not a number: the {fieldName} field takes numbers only");
                return;
            }

            var prefix = token.Length >= 3 ? token[..3] : token;
            var match = nameTable.FirstOrDefault(n => string.Equals(n, prefix, StringComparison.OrdinalIgnoreCase));
            Report(
                DiagnosticCatalog.CPL1004,
                fieldStart + start,
                token.Length,
                match is not null
                    ? $"unknown {fieldName} name '{token}': names are exactly three letters ('{match}')"
                    : $"unknown {fieldName} name '{token}'",
                match is null ? null : Replaced(fieldStart + start, token.Length, match),
                [$"the {fieldName} names are {string.Join(", ", nameTable.Distinct())}"]);
            return;
        }

        Report(DiagnosticCatalog.CPL1001, fieldStart + start, token.Length, $"'{token}' is not a number{(nameTable is null ? "" : " or a name")} in the {fieldName} field");
    }

    /// <summary>The whole expression with one span replaced: fixes are complete lines, ready to paste.</summary>
    private string Replaced(int start, int length, string replacement) => _text[..start] + replacement + _text[(start + length)..];

    private void Report(DiagnosticDescriptor descriptor, int start, int length, string message, string? fix = null, IReadOnlyList<string>? notes = null)
    {
        var location = new SourceLocation(_origin.File, _origin.Line, _origin.Column + start, _origin.Line, _origin.Column + start + Math.Max(length, 1));
        _diagnostics.Add(descriptor.Create(location, message, fix, notes));
    }
}
