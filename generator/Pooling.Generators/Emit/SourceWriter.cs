using System;
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

    public override string ToString() => _builder.ToString();

    /// <summary><c>a + b</c> with a literal b folded: <c>a</c> for 0, <c>a - 3</c> for -3.</summary>
    public static string Add(string a, long b) => b == 0 ? a : b < 0 ? $"{a} - {-b}" : $"{a} + {b}";

    /// <summary><c>a * b</c> with a literal b folded: <c>a</c> for 1, <c>0</c> for 0.</summary>
    public static string Mul(string a, long b) => b == 1 ? a : b == 0 ? "0" : $"{a} * {b}";

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
