using System;
using System.Collections.Generic;
using System.Text;
using System.Text.RegularExpressions;

namespace Pooling.Generators.Emit;

/// <summary>
/// A minimal indented text writer: generated code stays readable without SyntaxFactory's cost. Each line is finished
/// as it is written, from choices made before writing (<see cref="SourceNames"/>: short names, the generated-name
/// prefix, names to put in messages): a line longer than <see cref="LineWrapper.Width"/> is broken by
/// <see cref="LineWrapper"/> then and there, so no pass runs over the whole file afterwards. A generated constant
/// (<c>const int __inW = 7;</c>, written where a family may need it) counts its uses in the lines written within its
/// scope, and <see cref="DropUnusedConstants"/> removes the ones nothing read (they would be CS0219 warnings in the
/// user's build).
/// </summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _builder;
    private readonly SourceNames _names;
    private readonly List<Constant> _constants = new();
    private int _indent;

    public SourceWriter(SourceNames? names = null, int indent = 0)
    {
        _names = names ?? SourceNames.Qualified;
        _indent = indent;
        // A file is tens of kilobytes: one builder per thread is reused rather than grown anew for every file.
        _builder = t_cached ?? new StringBuilder(16 * 1024);
        t_cached = null;
    }

    [ThreadStatic] private static StringBuilder? t_cached;

    public int Indent => _indent;

    /// <summary>The width of <paramref name="text"/> as it will be written (aliases applied), indentation included.</summary>
    public int Width(string text) => _indent * 4 + _names.Apply(text).Length;

    public SourceNames Names => _names;

    /// <summary>A line as it is, indented (not through the names: e.g. a using alias, which names the qualified target).</summary>
    public SourceWriter Verbatim(string text)
    {
        Append(text);
        return this;
    }

    /// <summary>Appends text another writer produced (already indented and finished).</summary>
    public SourceWriter Raw(string text)
    {
        CountUses(text);
        _builder.Append(text);
        return this;
    }

    public SourceWriter Line(string text = "")
    {
        if (text.Length == 0)
        {
            _builder.Append('\n');
            return this;
        }
        text = _names.Apply(text);
        if (text.StartsWith("const ", StringComparison.Ordinal) && ConstantLine.Match(text) is { Success: true } constant)
        {
            // A declaration is not a use: the constant counts the lines after it.
            _constants.Add(new Constant(constant.Groups[1].Value, _builder.Length, _indent));
            Append(text);
        }
        else Finished(text);
        return this;
    }

    /// <summary>
    /// A call, a declaration or a statement around one: <c>head(arguments)tail</c> on one line when it fits, else the
    /// head and its opening parenthesis on the first line and the arguments filling the lines after it, one step in —
    /// decided here from the arguments themselves, not by taking a written line apart.
    /// </summary>
    public SourceWriter Call(string head, IEnumerable<string> arguments, string tail = ";") => Call(null, head, arguments, tail);

    /// <summary><c>condition head(arguments)tail</c> (<c>if (…) x = F(…);</c>) on one line when it fits, else the condition
    /// on its own line and <see cref="Call(string, IEnumerable{string}, string)"/> one step in.</summary>
    public SourceWriter Call(string? condition, string head, IEnumerable<string> arguments, string tail = ";")
    {
        var list = arguments as IReadOnlyList<string> ?? new List<string>(arguments);
        // Each piece through the names once; the lengths decide the layout before any line is built.
        string opening = _names.Apply(head + "(");
        var applied = new string[list.Count];
        int length = opening.Length + 1 + tail.Length + 2 * System.Math.Max(0, list.Count - 1);
        for (int i = 0; i < list.Count; i++)
        {
            applied[i] = _names.Apply(list[i]);
            length += applied[i].Length;
        }
        string? prefix = condition is null ? null : _names.Apply(condition);
        int indent = _indent;
        if (prefix is not null)
        {
            if (_indent * 4 + prefix.Length + 1 + length <= LineWrapper.Width)
            {
                Finished(prefix + " " + opening + string.Join(", ", applied) + ")" + tail);
                return this;
            }
            Finished(prefix);
            _indent++;
        }
        if (_indent * 4 + length <= LineWrapper.Width)
        {
            Finished(opening + string.Join(", ", applied) + ")" + tail);
            _indent = indent;
            return this;
        }
        int assignment = opening.IndexOf(" = ", StringComparison.Ordinal);
        if (_indent * 4 + opening.Length > LineWrapper.Width && assignment > 0)
        {
            // The callee alone is too long beside its target: the target first, the call a step in.
            Finished(opening.Substring(0, assignment) + " =");
            _indent++;
            opening = opening.Substring(assignment + 3);
        }
        Finished(opening);
        _indent++;
        var current = new StringBuilder();
        for (int i = 0; i < applied.Length; i++)
        {
            string argument = applied[i] + (i < applied.Length - 1 ? "," : ")" + tail);
            if (current.Length > 0 && _indent * 4 + current.Length + 1 + argument.Length > LineWrapper.Width)
            {
                Finished(current.ToString());
                current.Clear();
            }
            if (current.Length > 0) current.Append(' ');
            current.Append(argument);
        }
        Finished(current.ToString());
        _indent = indent;
        return this;
    }

    // A line already through the names: appended, its uses of constants counted.
    private void Finished(string text)
    {
        Append(text);
        CountUses(text);
    }

    // A finished line, indented; one longer than the width is broken by its own structure (LineWrapper).
    private void Append(string text)
    {
        if (_indent * 4 + text.Length <= LineWrapper.Width)
        {
            _builder.Append(' ', _indent * 4).Append(text).Append('\n');
            return;
        }
        foreach (string piece in LineWrapper.WrapLine(new string(' ', _indent * 4) + text)) _builder.Append(piece).Append('\n');
    }

    /// <summary>The arguments of a list written as text (<c>"ref __in, __o, 3"</c>): generated argument lists that are
    /// plain names and sums, with no comma inside an argument.</summary>
    public static string[] Arguments(string list) => list.Split(new[] { ", " }, StringSplitOptions.None);

    /// <summary><see cref="Call(string, IEnumerable{string}, string)"/> as the header of a block (a local function's signature), then the block.</summary>
    public IDisposable Block(string head, IEnumerable<string> parameters, string? constraints = null)
    {
        Call(head, parameters, "");
        if (constraints is not null) Line("    " + constraints);
        Line("{");
        _indent++;
        return new Scope(this);
    }

    /// <summary>Removes the constants nothing read; call it once the last line is written.</summary>
    public void DropUnusedConstants()
    {
        for (int i = _constants.Count - 1; i >= 0; i--)
        {
            var constant = _constants[i];
            if (constant.Uses > 0) continue;
            int end = constant.Start;
            while (_builder[end] != '\n') end++;
            _builder.Remove(constant.Start, end + 1 - constant.Start);
        }
        _constants.Clear();
    }

    // A generated constant alone on its line, as the emitters write it: "const int __inW = 7;".
    private static readonly Regex ConstantLine = new(@"^const [a-z]+ (__\w+) = [^;,]+;$", RegexOptions.CultureInvariant);

    // Counts the uses of the constants in scope: a whole identifier, not preceded by '@' (a user's name) or '"' (a name in a literal).
    private void CountUses(string text)
    {
        foreach (var constant in _constants)
        {
            if (!constant.InScope) continue;
            string name = constant.Name;
            for (int at = text.IndexOf(name, StringComparison.Ordinal); at >= 0; at = text.IndexOf(name, at + name.Length, StringComparison.Ordinal))
            {
                int end = at + name.Length;
                bool before = at == 0 || !(IsWordChar(text[at - 1]) || text[at - 1] is '@' or '"');
                bool after = end == text.Length || !IsWordChar(text[end]);
                if (before && after) constant.Uses++;
            }
        }
    }

    /// <summary>A character of a C# identifier (letters, digits, underscore).</summary>
    public static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';

    // A constant's scope ends with the block it was declared in.
    private void CloseScope()
    {
        _indent--;
        foreach (var constant in _constants) constant.InScope &= constant.Indent <= _indent;
    }

    private sealed class Constant
    {
        public Constant(string name, int start, int indent) => (Name, Start, Indent) = (name, start, indent);

        public string Name { get; }
        public int Start { get; }
        public int Indent { get; }
        public int Uses { get; set; }
        public bool InScope { get; set; } = true;
    }

    /// <summary>Writes <paramref name="header"/>, an opening brace, and indents until the returned scope is disposed.</summary>
    public IDisposable Block(string header)
    {
        Line(header);
        Line("{");
        _indent++;
        return new Scope(this);
    }

    /// <summary>
    /// A loop nest as one construct: a block per header, each inside the one before, closed innermost first when the
    /// returned scope is disposed. <paramref name="inside"/> writes the lines that open each level (per-axis bounds)
    /// right after its brace.
    /// </summary>
    public IDisposable Nest(IEnumerable<string> headers, Action<int>? inside = null)
    {
        var blocks = new List<IDisposable>();
        foreach (string header in headers)
        {
            blocks.Add(Block(header));
            inside?.Invoke(blocks.Count - 1);
        }
        return new NestScope(blocks);
    }

    /// <summary>The loop headers over a kernel's output positions, outermost axis first: with <paramref name="rows"/>
    /// (a parallel unit is an outermost output row) the outermost axis runs over this loop's rows
    /// [<paramref name="rowFirst"/>, <paramref name="rowEnd"/>) (PlaneDriver.PlaneLoop's bounds), the others whole.</summary>
    public static IEnumerable<string> OutputLoops(string[] axis, string? rows, string rowFirst, string rowEnd)
    {
        for (int a = 0; a < axis.Length; a++)
        {
            string x = axis[a], l = x.ToLowerInvariant();
            yield return a == 0 && rows is not null ? $"for (int __o{l} = {rowFirst}; __o{l} < {rowEnd}; __o{l}++)" : $"for (int __o{l} = 0; __o{l} < __out{x}; __o{l}++)";
        }
    }

    /// <summary>The loop headers over a window's taps, [__x0, __x1) on each axis, by <paramref name="step"/>
    /// (<c>__x++</c> when it is null).</summary>
    public static IEnumerable<string> TapLoops(string[] axis, Func<int, int>? step = null)
    {
        for (int a = 0; a < axis.Length; a++)
        {
            string l = axis[a].ToLowerInvariant();
            yield return $"for (int __{l} = __{l}0; __{l} < __{l}1; {(step is null ? $"__{l}++" : $"__{l} += {step(a)}")})";
        }
    }

    /// <summary>The text written; the writer is done after this (its buffer goes back for the next file).</summary>
    public string Complete()
    {
        string text = _builder.ToString();
        if (_builder.Capacity <= 256 * 1024) t_cached = _builder.Clear();
        return text;
    }

    /// <summary><c>a + b</c> with a literal b folded: <c>a</c> for 0, <c>a - 3</c> for -3.</summary>
    public static string Add(string a, long b) => b == 0 ? a : b < 0 ? $"{a} - {-b}" : $"{a} + {b}";

    /// <summary><c>a * b</c> with a literal b folded: <c>a</c> for 1, <c>0</c> for 0.</summary>
    public static string Mul(string a, long b) => b == 1 ? a : b == 0 ? "0" : $"{a} * {b}";

    private sealed class NestScope : IDisposable
    {
        private readonly List<IDisposable> _blocks;

        public NestScope(List<IDisposable> blocks) => _blocks = blocks;

        public void Dispose()
        {
            for (int i = _blocks.Count - 1; i >= 0; i--) _blocks[i].Dispose();
        }
    }

    private sealed class Scope : IDisposable
    {
        private readonly SourceWriter _writer;

        public Scope(SourceWriter writer) => _writer = writer;

        public void Dispose()
        {
            _writer.CloseScope();
            _writer.Line("}");
        }
    }
}
