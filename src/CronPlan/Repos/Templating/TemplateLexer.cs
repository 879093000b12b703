using System.Globalization;
using System.Text;

namespace CronPlan.Repos.Templating;

internal enum TokenKind
{
    Name,
    String,
    Integer,
    Float,
    Operator,
}

/// <summary>One token inside a tag, with the template line it starts on.</summary>
internal sealed record Token(TokenKind Kind, string Text, object? Value, int Line);

internal enum PieceKind
{
    Text,
    Output,
    Statement,
}

/// <summary>
/// A stretch of the template: text (already trimmed by whitespace control and <c>trim_blocks</c>), or a tag with its
/// tokens. <paramref name="Source"/> is the tag as written; <paramref name="Error"/> says why its tokens are missing.
/// </summary>
internal sealed record TemplatePiece(PieceKind Kind, string Text, string Source, int Line, IReadOnlyList<Token> Tokens, string? Error);

/// <summary>
/// Splits a template into text and tags the way Jinja's lexer does with Ansible's settings: <c>trim_blocks</c> on
/// (the line feed after a block or comment tag goes), <c>lstrip_blocks</c> off, <c>-</c> strips whitespace on its
/// side, and a tag ends at its closer only outside brackets and strings (<c>{{ {'a': 1}}}</c>, <c>{{ '}}' }}</c>).
/// </summary>
internal static class TemplateLexer
{
    private static readonly string[] Operators =
    [
        "**", "//", "==", "!=", "<=", ">=",
        "+", "-", "/", "*", "%", "~", "[", "]", "(", ")", "{", "}", "<", ">", "=", ".", ":", "|", ",", ";",
    ];

    public static List<TemplatePiece> Split(string source)
    {
        var pieces = new List<TemplatePiece>();
        var position = 0;
        var line = 1;
        var stripNextLeading = false;
        while (position <= source.Length)
        {
            var open = FindOpener(source, position);
            var text = source[position..(open < 0 ? source.Length : open)];
            var textLine = line;
            line += CountNewlines(text);
            if (stripNextLeading)
            {
                var kept = text.TrimStart();
                textLine += CountNewlines(text[..(text.Length - kept.Length)]);
                text = kept;
                stripNextLeading = false;
            }

            if (open < 0)
            {
                AddText(pieces, text, textLine);
                break;
            }

            var kind = source[open + 1];
            var start = open + 2;
            if (start < source.Length && source[start] is '-' or '+')
            {
                if (source[start] == '-')
                {
                    text = text.TrimEnd();
                }

                start++;
            }

            AddText(pieces, text, textLine);
            var tagLine = line;
            int end;
            string? error = null;
            List<Token> tokens = [];
            bool stripAfter;
            bool keepNewline;
            if (kind == '#')
            {
                var close = source.IndexOf("#}", start, StringComparison.Ordinal);
                end = close < 0 ? source.Length : close + 2;
                stripAfter = close > 0 && source[close - 1] == '-' && close - 1 >= start;
                keepNewline = close > 0 && source[close - 1] == '+' && close - 1 >= start;
                if (close < 0)
                {
                    pieces.Add(new TemplatePiece(PieceKind.Statement, source[open..], source[open..], line, [], "the comment is never closed"));
                }
            }
            else
            {
                var closer = kind == '{' ? "}}" : "%}";
                error = Tokenize(source, start, closer, tokens, line, out end, out stripAfter, out keepNewline);
                if (error is not null)
                {
                    var close = source.IndexOf(closer, start, StringComparison.Ordinal);
                    end = close < 0 ? source.Length : close + 2;
                    stripAfter = false;
                    keepNewline = true;
                    tokens = [];
                }
            }

            var tag = source[open..end];
            line = tagLine + CountNewlines(tag);
            if (kind == '%' && error is null && tokens is [{ Kind: TokenKind.Name, Text: "raw" }])
            {
                end = RawBlock(source, end, stripAfter, pieces, ref line, out stripNextLeading);
                position = end;
                continue;
            }

            if (kind != '#')
            {
                var innerEnd = Math.Max(start, end - 2 - (stripAfter || keepNewline ? 1 : 0));
                var inner = end - 2 >= start ? source[start..innerEnd] : source[Math.Min(start, source.Length)..];
                pieces.Add(new TemplatePiece(kind == '{' ? PieceKind.Output : PieceKind.Statement, inner.Trim(), tag, tagLine, tokens, error));
            }

            if (kind != '{' && !stripAfter && !keepNewline && end < source.Length && source[end] == '\n')
            {
                end++;
                line++;
            }

            stripNextLeading = stripAfter;
            position = end;
            if (position >= source.Length)
            {
                break;
            }
        }

        return pieces;
    }

    private static void AddText(List<TemplatePiece> pieces, string text, int line)
    {
        if (text.Length > 0)
        {
            pieces.Add(new TemplatePiece(PieceKind.Text, text, text, line, [], null));
        }
    }

    private static int FindOpener(string source, int from)
    {
        var open = source.IndexOf('{', from);
        while (open >= 0 && open + 1 < source.Length && source[open + 1] is not ('{' or '%' or '#'))
        {
            open = source.IndexOf('{', open + 1);
        }

        return open >= 0 && open + 1 < source.Length ? open : -1;
    }

    public static int CountNewlines(string text)
    {
        var count = 0;
        foreach (var c in text)
        {
            count += c == '\n' ? 1 : 0;
        }

        return count;
    }

    /// <summary><c>{% raw %}...{% endraw %}</c>: the content as written, whitespace control on both tags.</summary>
    private static int RawBlock(string source, int from, bool stripLeading, List<TemplatePiece> pieces, ref int line, out bool stripNextLeading)
    {
        var search = from;
        while (true)
        {
            var open = source.IndexOf("{%", search, StringComparison.Ordinal);
            if (open < 0)
            {
                var rest = source[from..];
                AddText(pieces, stripLeading ? rest.TrimStart() : rest, line + (stripLeading ? CountNewlines(rest[..(rest.Length - rest.TrimStart().Length)]) : 0));
                line += CountNewlines(rest);
                pieces.Add(new TemplatePiece(PieceKind.Statement, "raw", "{% raw %}", line, [], "the raw block is never closed by {% endraw %}"));
                stripNextLeading = false;
                return source.Length;
            }

            var k = open + 2;
            var stripBefore = k < source.Length && source[k] == '-';
            k += k < source.Length && source[k] is '-' or '+' ? 1 : 0;
            while (k < source.Length && char.IsWhiteSpace(source[k]))
            {
                k++;
            }

            if (string.CompareOrdinal(source, k, "endraw", 0, 6) != 0)
            {
                search = open + 2;
                continue;
            }

            k += 6;
            while (k < source.Length && char.IsWhiteSpace(source[k]))
            {
                k++;
            }

            var stripAfter = k < source.Length && source[k] == '-';
            var keepNewline = k < source.Length && source[k] == '+';
            k += stripAfter || keepNewline ? 1 : 0;
            if (string.CompareOrdinal(source, k, "%}", 0, 2) != 0)
            {
                search = open + 2;
                continue;
            }

            var content = source[from..open];
            var contentLine = line;
            if (stripLeading)
            {
                var kept = content.TrimStart();
                contentLine += CountNewlines(content[..(content.Length - kept.Length)]);
                content = kept;
            }

            AddText(pieces, stripBefore ? content.TrimEnd() : content, contentLine);
            line += CountNewlines(source[from..(k + 2)]);
            var end = k + 2;
            if (!stripAfter && !keepNewline && end < source.Length && source[end] == '\n')
            {
                end++;
                line++;
            }

            stripNextLeading = stripAfter;
            return end;
        }
    }

    /// <summary>Reads tokens up to the closer at bracket depth 0; the error, if the tag cannot be read.</summary>
    private static string? Tokenize(string source, int position, string closer, List<Token> tokens, int line, out int end, out bool stripAfter, out bool keepNewline)
    {
        var depth = 0;
        var i = position;
        var tokenLine = line;
        end = source.Length;
        stripAfter = false;
        keepNewline = false;
        while (i < source.Length)
        {
            var c = source[i];
            if (c == '\n')
            {
                tokenLine++;
                i++;
                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            if (depth == 0)
            {
                if (string.CompareOrdinal(source, i, closer, 0, 2) == 0)
                {
                    end = i + 2;
                    return null;
                }

                if (c is '-' or '+' && string.CompareOrdinal(source, i + 1, closer, 0, 2) == 0)
                {
                    stripAfter = c == '-';
                    keepNewline = c == '+' && closer == "%}";
                    if (c == '+' && closer == "}}")
                    {
                        return "unexpected '+'";
                    }

                    end = i + 3;
                    return null;
                }
            }

            if (c is '\'' or '"')
            {
                var value = ReadString(source, ref i, ref tokenLine);
                if (value is null)
                {
                    return "a string is never closed";
                }

                tokens.Add(new Token(TokenKind.String, "", value, tokenLine));
                continue;
            }

            if (char.IsAsciiDigit(c))
            {
                tokens.Add(ReadNumber(source, ref i, tokenLine));
                continue;
            }

            if (char.IsLetter(c) || c == '_')
            {
                var start = i;
                while (i < source.Length && (char.IsLetterOrDigit(source[i]) || source[i] == '_'))
                {
                    i++;
                }

                tokens.Add(new Token(TokenKind.Name, source[start..i], null, tokenLine));
                continue;
            }

            var op = Operators.FirstOrDefault(o => string.CompareOrdinal(source, i, o, 0, o.Length) == 0);
            if (op is null)
            {
                return $"unexpected character '{c}'";
            }

            depth += op is "(" or "[" or "{" ? 1 : op is ")" or "]" or "}" ? -1 : 0;
            if (depth < 0)
            {
                return $"unexpected '{op}'";
            }

            tokens.Add(new Token(TokenKind.Operator, op, null, tokenLine));
            i += op.Length;
        }

        return "the tag is never closed";
    }

    private static Token ReadNumber(string source, ref int i, int line)
    {
        var start = i;
        static bool Digit(char c) => char.IsAsciiDigit(c) || c == '_';
        if (source[i] == '0' && i + 1 < source.Length && source[i + 1] is 'x' or 'X' or 'o' or 'O' or 'b' or 'B')
        {
            var radix = char.ToLowerInvariant(source[i + 1]) switch { 'x' => 16, 'o' => 8, _ => 2 };
            i += 2;
            var digitsStart = i;
            while (i < source.Length && (char.IsAsciiHexDigit(source[i]) || source[i] == '_'))
            {
                i++;
            }

            var digits = source[digitsStart..i].Replace("_", "", StringComparison.Ordinal);
            object? parsed = Unknown.Value;
            try
            {
                parsed = digits.Length is > 0 and < 60 ? Convert.ToInt64(digits, radix) : Unknown.Value;
            }
            catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
            {
                parsed = Unknown.Value;
            }

            return new Token(TokenKind.Integer, source[start..i], parsed, line);
        }

        while (i < source.Length && Digit(source[i]))
        {
            i++;
        }

        var isFloat = false;
        if (i + 1 < source.Length && source[i] == '.' && char.IsAsciiDigit(source[i + 1]))
        {
            isFloat = true;
            i++;
            while (i < source.Length && Digit(source[i]))
            {
                i++;
            }
        }

        if (i < source.Length && source[i] is 'e' or 'E')
        {
            var k = i + 1;
            k += k < source.Length && source[k] is '+' or '-' ? 1 : 0;
            if (k < source.Length && char.IsAsciiDigit(source[k]))
            {
                isFloat = true;
                i = k;
                while (i < source.Length && Digit(source[i]))
                {
                    i++;
                }
            }
        }

        var text = source[start..i].Replace("_", "", StringComparison.Ordinal);
        if (isFloat)
        {
            return new Token(TokenKind.Float, text, double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture), line);
        }

        return new Token(TokenKind.Integer, text, long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var l) ? l : Unknown.Value, line);
    }

    /// <summary>A quoted string with Python's escapes; null when it is never closed.</summary>
    private static string? ReadString(string source, ref int i, ref int line)
    {
        var quote = source[i];
        var builder = new StringBuilder();
        var k = i + 1;
        while (k < source.Length && source[k] != quote)
        {
            var c = source[k];
            if (c == '\n')
            {
                line++;
            }

            if (c != '\\' || k + 1 >= source.Length)
            {
                builder.Append(c);
                k++;
                continue;
            }

            var next = source[k + 1];
            k += 2;
            switch (next)
            {
                case '\\' or '\'' or '"':
                    builder.Append(next);
                    break;
                case '\n':
                    line++;
                    break;
                case 'n':
                    builder.Append('\n');
                    break;
                case 't':
                    builder.Append('\t');
                    break;
                case 'r':
                    builder.Append('\r');
                    break;
                case 'a':
                    builder.Append('\a');
                    break;
                case 'b':
                    builder.Append('\b');
                    break;
                case 'f':
                    builder.Append('\f');
                    break;
                case 'v':
                    builder.Append('\v');
                    break;
                case >= '0' and <= '7':
                    var octal = next - '0';
                    for (var n = 0; n < 2 && k < source.Length && source[k] is >= '0' and <= '7'; n++, k++)
                    {
                        octal = (octal * 8) + (source[k] - '0');
                    }

                    builder.Append((char)octal);
                    break;
                case 'x' or 'u' or 'U':
                    var length = next switch { 'x' => 2, 'u' => 4, _ => 8 };
                    if (k + length <= source.Length && int.TryParse(source.AsSpan(k, length), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code) && code is >= 0 and <= 0x10FFFF)
                    {
                        builder.Append(char.ConvertFromUtf32(code is >= 0xD800 and <= 0xDFFF ? 0xFFFD : code));
                        k += length;
                    }
                    else
                    {
                        builder.Append('\\').Append(next);
                    }

                    break;
                default:
                    builder.Append('\\').Append(next);
                    break;
            }
        }

        if (k >= source.Length)
        {
            return null;
        }

        i = k + 1;
        return builder.ToString();
    }
}
