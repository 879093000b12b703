using System.Text;

namespace CronPlan.Jobs;

/// <summary>A shell word: its value with quotes and escapes removed, and where it stands.</summary>
/// <param name="Value">
/// The value. A <c>$</c> the shell does not expand (single-quoted or escaped) is held as <see cref="ShellSyntax.Literal"/>
/// until <see cref="ShellSyntax.Expand"/> has replaced the variables; substitutions (<c>$(...)</c>, backquotes) are kept as
/// written, opaque.
/// </param>
/// <param name="Offset">Where the word starts in the text.</param>
/// <param name="Length">How long it is as written.</param>
/// <param name="Plain">No quote, escape or expansion in it: it may be a reserved word (<c>{</c>, <c>}</c>) or an assignment.</param>
internal sealed record ShellWord(string Value, int Offset, int Length, bool Plain)
{
    /// <summary>
    /// Where each character of <see cref="Value"/> is written in the text: from its first character (the backslash of an
    /// escape) to the end of its last; empty for a word that holds none.
    /// </summary>
    public IReadOnlyList<(int Start, int End)> Written { get; init; } = [];
}

/// <summary>A redirection: the operator (<c>&gt;</c>, <c>&gt;&gt;</c>, <c>2&gt;</c>, <c>&lt;</c>, ...) and its target word.</summary>
internal sealed record ShellRedirect(string Operator, ShellWord Target)
{
    /// <summary>It sends standard output to a file (<c>&gt;</c>, <c>&gt;&gt;</c>, <c>1&gt;</c>, <c>&amp;&gt;</c>, <c>&gt;|</c>).</summary>
    public bool WritesStandardOutput => Operator is ">" or ">>" or "1>" or "1>>" or "&>" or "&>>" or ">|";
}

/// <summary>A simple command: its words (assignments included) and its redirections.</summary>
internal sealed record ShellCommand(IReadOnlyList<ShellWord> Words, IReadOnlyList<ShellRedirect> Redirects, int Offset, int Length);

/// <summary>What one item of a flattened shell list is.</summary>
internal enum ShellItemKind
{
    /// <summary>A pipeline of one or more simple commands.</summary>
    Pipeline,

    /// <summary><c>(</c>: a subshell starts; <c>cd</c> and assignments inside do not outlive it.</summary>
    EnterSubshell,

    /// <summary><c>)</c>: the subshell ends.</summary>
    LeaveSubshell,
}

/// <summary>One item of a shell list in the order the shell runs it, with how it is joined to the one before.</summary>
internal sealed record ShellItem(ShellItemKind Kind, IReadOnlyList<ShellCommand> Commands, StepJoin Join, int Offset, int Length);

/// <summary>
/// Reads shell text (a cron command, a script) into a flat list of pipelines in execution order: lists joined with
/// <c>;</c>, <c>&amp;&amp;</c>, <c>||</c>, <c>&amp;</c> and newlines, pipes, subshells and <c>{ ...; }</c> groups
/// (flattened, the first command inside taking the group's join), quotes, backslash escapes, comments, here-documents
/// (skipped) and substitutions (kept opaque). Iterative: any nesting depth reads without recursion, and nothing throws.
/// </summary>
internal static class ShellSyntax
{
    /// <summary>Stands for a <c>$</c> the shell leaves alone, until variables are expanded.</summary>
    public const char Literal = '\uE000';

    /// <summary>The items of <paramref name="text"/>.</summary>
    public static IReadOnlyList<ShellItem> Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new Reader(text).Read();
    }

    /// <summary>
    /// <paramref name="value"/> with <c>$NAME</c>, <c>${NAME}</c> and <c>${NAME:-default}</c> replaced where
    /// <paramref name="variables"/> knows the name (left as written where not), and literal dollars restored.
    /// </summary>
    public static string Expand(string value, IReadOnlyDictionary<string, string> variables)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(variables);
        if (!value.Contains('$', StringComparison.Ordinal))
        {
            return value.Replace(Literal, '$');
        }

        var text = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c != '$' || i + 1 >= value.Length)
            {
                text.Append(c == Literal ? '$' : c);
                continue;
            }

            if (value[i + 1] == '{')
            {
                var close = value.IndexOf('}', i + 2);
                if (close > 0)
                {
                    var inside = value[(i + 2)..close];
                    var dash = inside.IndexOf(":-", StringComparison.Ordinal);
                    var name = dash >= 0 ? inside[..dash] : inside;
                    if (IsName(name) && variables.TryGetValue(name, out var known))
                    {
                        text.Append(known);
                        i = close;
                        continue;
                    }

                    if (dash >= 0 && IsName(name))
                    {
                        text.Append(inside[(dash + 2)..].Replace(Literal, '$'));
                        i = close;
                        continue;
                    }
                }
            }
            else if (char.IsAsciiLetter(value[i + 1]) || value[i + 1] == '_')
            {
                var end = i + 1;
                while (end < value.Length && (char.IsAsciiLetterOrDigit(value[end]) || value[end] == '_'))
                {
                    end++;
                }

                if (variables.TryGetValue(value[(i + 1)..end], out var known))
                {
                    text.Append(known);
                    i = end - 1;
                    continue;
                }
            }

            text.Append(c);
        }

        return text.ToString().Replace(Literal, '$');
    }

    /// <summary><c>NAME=value</c> with a shell name: the name, else null.</summary>
    public static string? AssignedName(ShellWord word)
    {
        ArgumentNullException.ThrowIfNull(word);
        var equals = word.Value.IndexOf('=', StringComparison.Ordinal);
        return equals > 0 && IsName(word.Value[..equals]) ? word.Value[..equals] : null;
    }

    private static bool IsName(string name) =>
        name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    private sealed class Reader(string text)
    {
        private readonly List<ShellItem> _items = [];
        private readonly List<ShellCommand> _pipeline = [];
        private readonly List<ShellWord> _words = [];
        private readonly List<ShellRedirect> _redirects = [];
        private readonly List<(string Delimiter, bool StripTabs)> _hereDocuments = [];
        private StepJoin _join = StepJoin.First;
        private int _commandStart = -1;
        private int _pipelineStart = -1;
        private int _position;

        public List<ShellItem> Read()
        {
            while (_position < text.Length)
            {
                var c = text[_position];
                switch (c)
                {
                    case ' ' or '\t' or '\r':
                        _position++;
                        break;
                    case '\\' when Next('\n'):
                        _position += 2;
                        break;
                    case '\n':
                        EndPipeline(StepJoin.Sequence);
                        _position++;
                        SkipHereDocuments();
                        break;
                    case '#' when _words.Count == 0 || (_position > 0 && text[_position - 1] is ' ' or '\t'):
                        while (_position < text.Length && text[_position] != '\n')
                        {
                            _position++;
                        }

                        break;
                    case ';':
                        EndPipeline(StepJoin.Sequence);
                        _position += Next(';') ? 2 : 1;
                        break;
                    case '&' when Next('&'):
                        EndPipeline(StepJoin.And);
                        _position += 2;
                        break;
                    case '&' when Next('>'):
                        Redirect();
                        break;
                    case '&':
                        // Run in the background: the next command does not wait for it.
                        EndPipeline(StepJoin.Background);
                        _position++;
                        break;
                    case '|' when Next('|'):
                        EndPipeline(StepJoin.Or);
                        _position += 2;
                        break;
                    case '|':
                        EndCommand();
                        _position += Next('&') ? 2 : 1;
                        break;
                    case '(' when _words.Count == 0 && _redirects.Count == 0:
                        EndPipeline(null);
                        _items.Add(new ShellItem(ShellItemKind.EnterSubshell, [], _join, _position, 1));
                        _position++;
                        break;
                    case ')':
                        EndPipeline(null);
                        _items.Add(new ShellItem(ShellItemKind.LeaveSubshell, [], StepJoin.Sequence, _position, 1));
                        _position++;
                        break;
                    case '<' or '>':
                        Redirect();
                        break;
                    case >= '0' and <= '9' when RedirectAfterDigits():
                        Redirect();
                        break;
                    default:
                        var word = Word();
                        if (word.Plain && _words.Count == 0 && _redirects.Count == 0 && word.Value is "{" or "}" or "then" or "do" or "else" or "elif" or "fi" or "done" or "esac" or "!")
                        {
                            // Group braces and compound keywords: the commands inside run in order, as if listed.
                            break;
                        }

                        if (_commandStart < 0)
                        {
                            _commandStart = word.Offset;
                        }

                        _words.Add(word);
                        break;
                }
            }

            EndPipeline(null);
            return _items;
        }

        private bool Next(char c) => _position + 1 < text.Length && text[_position + 1] == c;

        private bool RedirectAfterDigits()
        {
            if (_position > 0 && text[_position - 1] is not (' ' or '\t' or ';' or '&' or '|' or '(' or '\n'))
            {
                return false;
            }

            var end = _position;
            while (end < text.Length && char.IsAsciiDigit(text[end]))
            {
                end++;
            }

            return end < text.Length && text[end] is '<' or '>';
        }

        private void Redirect()
        {
            var start = _position;
            while (_position < text.Length && char.IsAsciiDigit(text[_position]))
            {
                _position++;
            }

            if (_position < text.Length && text[_position] == '&')
            {
                _position++;
            }

            var op = new StringBuilder();
            while (_position < text.Length && text[_position] is '<' or '>' && op.Length < 3)
            {
                op.Append(text[_position++]);
            }

            if (_position < text.Length && text[_position] is '&' or '|' or '-' && !(op.ToString() == "<<" && text[_position] != '-'))
            {
                op.Append(text[_position++]);
            }

            var name = text[start.._position];
            if (name.EndsWith('&'))
            {
                // 2>&1, >&2: a descriptor, not a file; the target word follows glued on.
                name = name[..^1] + "&";
            }

            while (_position < text.Length && text[_position] is ' ' or '\t')
            {
                _position++;
            }

            if (_commandStart < 0)
            {
                _commandStart = start;
            }

            if (_position >= text.Length || text[_position] is '\n' or ';' or '|' or '&' or ')' or '(')
            {
                return;
            }

            var target = Word();
            if (name.StartsWith("<<", StringComparison.Ordinal) && !name.StartsWith("<<<", StringComparison.Ordinal))
            {
                _hereDocuments.Add((target.Value.Replace(ShellSyntax.Literal, '$'), name.EndsWith('-')));
            }

            _redirects.Add(new ShellRedirect(name, target));
        }

        private void SkipHereDocuments()
        {
            foreach (var (delimiter, stripTabs) in _hereDocuments)
            {
                while (_position < text.Length)
                {
                    var end = text.IndexOf('\n', _position);
                    var line = end < 0 ? text[_position..] : text[_position..end];
                    _position = end < 0 ? text.Length : end + 1;
                    if ((stripTabs ? line.TrimStart('\t') : line).TrimEnd('\r') == delimiter)
                    {
                        break;
                    }
                }
            }

            _hereDocuments.Clear();
        }

        private readonly List<(int Start, int End)> _written = [];

        /// <summary>Appends <paramref name="c"/>, written from <paramref name="start"/> to <paramref name="end"/>.</summary>
        private void Append(StringBuilder value, char c, int start, int end)
        {
            value.Append(c);
            _written.Add((start, end));
        }

        /// <summary>Appends <paramref name="written"/>, written as it is from <paramref name="start"/>.</summary>
        private void Append(StringBuilder value, string written, int start)
        {
            value.Append(written);
            for (var i = 0; i < written.Length; i++)
            {
                _written.Add((start + i, start + i + 1));
            }
        }

        private ShellWord Word()
        {
            var start = _position;
            var value = new StringBuilder();
            _written.Clear();
            var plain = true;
            while (_position < text.Length)
            {
                var c = text[_position];
                if (c is ' ' or '\t' or '\n' or '\r' or ';' or '&' or '|' or '<' or '>' or ')')
                {
                    break;
                }

                switch (c)
                {
                    case '\'':
                        plain = false;
                        var close = text.IndexOf('\'', _position + 1);
                        var quoted = close < 0 ? text[(_position + 1)..] : text[(_position + 1)..close];
                        Append(value, quoted.Replace('$', ShellSyntax.Literal), _position + 1);
                        _position = close < 0 ? text.Length : close + 1;
                        break;
                    case '"':
                        plain = false;
                        DoubleQuoted(value);
                        break;
                    case '\\':
                        plain = false;
                        if (_position + 1 < text.Length)
                        {
                            var escaped = text[_position + 1];
                            if (escaped != '\n')
                            {
                                Append(value, escaped == '$' ? ShellSyntax.Literal : escaped, _position, _position + 2);
                            }
                        }

                        _position += 2;
                        break;
                    case '$' when _position + 1 < text.Length && text[_position + 1] is '(' or '{':
                        plain = false;
                        var substitution = _position;
                        Append(value, Balanced(text[_position + 1] == '(' ? '(' : '{', text[_position + 1] == '(' ? ')' : '}'), substitution);
                        break;
                    case '`':
                        plain = false;
                        var back = text.IndexOf('`', _position + 1);
                        Append(value, back < 0 ? text[_position..] : text[_position..(back + 1)], _position);
                        _position = back < 0 ? text.Length : back + 1;
                        break;
                    case '(':
                        // f() or a=(...) : an array or a function; keep the text.
                        var array = _position;
                        Append(value, Balanced('(', ')'), array);
                        break;
                    default:
                        if (c == '$')
                        {
                            plain = false;
                        }

                        Append(value, c, _position, _position + 1);
                        _position++;
                        break;
                }
            }

            if (_position == start)
            {
                // A character no rule takes: consume it so that reading always moves on.
                Append(value, text[_position], _position, _position + 1);
                _position++;
            }

            return new ShellWord(value.ToString(), start, _position - start, plain) { Written = [.. _written] };
        }

        private void DoubleQuoted(StringBuilder value)
        {
            _position++;
            while (_position < text.Length && text[_position] != '"')
            {
                var c = text[_position];
                if (c == '\\' && _position + 1 < text.Length && text[_position + 1] is '$' or '`' or '"' or '\\' or '\n')
                {
                    var escaped = text[_position + 1];
                    if (escaped != '\n')
                    {
                        Append(value, escaped == '$' ? ShellSyntax.Literal : escaped, _position, _position + 2);
                    }

                    _position += 2;
                }
                else if (c == '$' && _position + 1 < text.Length && text[_position + 1] is '(' or '{')
                {
                    var substitution = _position;
                    Append(value, Balanced(text[_position + 1] == '(' ? '(' : '{', text[_position + 1] == '(' ? ')' : '}'), substitution);
                }
                else if (c == '`')
                {
                    var back = text.IndexOf('`', _position + 1);
                    Append(value, back < 0 ? text[_position..] : text[_position..(back + 1)], _position);
                    _position = back < 0 ? text.Length : back + 1;
                }
                else
                {
                    Append(value, c, _position, _position + 1);
                    _position++;
                }
            }

            _position = Math.Min(text.Length, _position + 1);
        }

        /// <summary>From the current position to the matching close (quotes inside honoured), as written.</summary>
        private string Balanced(char open, char close)
        {
            var start = _position;
            var depth = 0;
            var quote = '\0';
            while (_position < text.Length)
            {
                var c = text[_position++];
                if (quote != '\0')
                {
                    if (c == '\\' && quote == '"')
                    {
                        _position++;
                    }
                    else if (c == quote)
                    {
                        quote = '\0';
                    }

                    continue;
                }

                if (c is '\'' or '"')
                {
                    quote = c;
                }
                else if (c == '\\')
                {
                    _position++;
                }
                else if (c == open)
                {
                    depth++;
                }
                else if (c == close && --depth == 0)
                {
                    break;
                }
            }

            _position = Math.Min(_position, text.Length);
            return text[start.._position];
        }

        private void EndCommand()
        {
            if (_words.Count > 0 || _redirects.Count > 0)
            {
                var end = _words.Select(w => w.Offset + w.Length).Concat(_redirects.Select(r => r.Target.Offset + r.Target.Length)).DefaultIfEmpty(_commandStart).Max();
                _pipeline.Add(new ShellCommand([.. _words], [.. _redirects], _commandStart, Math.Max(0, end - _commandStart)));
                if (_pipelineStart < 0)
                {
                    _pipelineStart = _commandStart;
                }
            }

            _words.Clear();
            _redirects.Clear();
            _commandStart = -1;
        }

        /// <summary>Ends the pipeline; the next one is joined with <paramref name="next"/> (null: keeps the pending join).</summary>
        private void EndPipeline(StepJoin? next)
        {
            EndCommand();
            if (_pipeline.Count > 0)
            {
                var last = _pipeline[^1];
                _items.Add(new ShellItem(ShellItemKind.Pipeline, [.. _pipeline], _join, _pipelineStart, last.Offset + last.Length - _pipelineStart));
                _pipeline.Clear();
                _pipelineStart = -1;
                _join = next ?? StepJoin.Pipe;
            }
            else if (next is { } join && _join is not (StepJoin.First or StepJoin.And or StepJoin.Or))
            {
                // 'a &&' at the end of a line goes on with the next line; ';' after ')' joins what follows.
                _join = join;
            }
        }
    }
}
