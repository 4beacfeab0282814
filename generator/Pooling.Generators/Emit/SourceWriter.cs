using System;
using System.Collections.Generic;
using System.Text;

namespace Pooling.Generators.Emit;

/// <summary>A minimal indented text writer: generated code stays readable without SyntaxFactory's cost.</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _builder = new();
    private int _indent;

    public SourceWriter(int indent = 0) => _indent = indent;

    public int Indent => _indent;

    /// <summary>Appends text another writer produced (already indented).</summary>
    public SourceWriter Raw(string text)
    {
        _builder.Append(text);
        return this;
    }

    public SourceWriter Line(string text = "")
    {
        if (text.Length > 0) _builder.Append(' ', _indent * 4).Append(text);
        _builder.Append('\n');
        return this;
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

    public override string ToString() => _builder.ToString();

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
            _writer._indent--;
            _writer.Line("}");
        }
    }
}
