using System;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Pooling.Generators.Emit;

/// <summary>
/// Short names in generated code: the emitters write fully qualified names (<c>global::System.Runtime.CompilerServices.Unsafe</c>),
/// and when none of the short names means anything else where the kernel is declared, the file gets using aliases
/// (<c>using Unsafe = global::System.Runtime.CompilerServices.Unsafe;</c>) and its body the short forms, so a line reads
/// <c>Unsafe.Add(ref __out, __o)</c>. A name that is taken there — a type, namespace, member, type parameter, parameter or
/// alias of that name — stays fully qualified (the others are still shortened), so the file compiles whatever the user's
/// code declares.
/// </summary>
internal static class NameAliases
{
    // Alias, what it stands for, and whether the target is a namespace (aliases of a namespace qualify its members).
    private static readonly (string Alias, string Target, bool Namespace)[] Table =
    {
        ("Unsafe", "System.Runtime.CompilerServices.Unsafe", false),
        ("MemoryMarshal", "System.Runtime.InteropServices.MemoryMarshal", false),
        ("Intrinsics", "System.Runtime.Intrinsics", true),
        ("PoolingShape", "Pooling.PoolingShape", false),
        ("Kernels", "Pooling.Kernels", true),
        ("ArgumentException", "System.ArgumentException", false),
        ("ArgumentOutOfRangeException", "System.ArgumentOutOfRangeException", false),
        ("Math", "System.Math", false),
        ("MathF", "System.MathF", false),
    };

    /// <summary>
    /// The aliases whose names are free where the kernel <paramref name="declaration"/> stands, as a mask (bit i: alias
    /// i): nothing visible there has the name except the alias's own target, and no parameter of the method has it.
    /// Conservative: a name imported by the user's file (which the generated file does not see) also counts as taken.
    /// </summary>
    public static int FreeAliases(SemanticModel model, IMethodSymbol method, SyntaxNode declaration)
    {
        // What is visible at a member declaration is the same for every member of its type declaration, and the lookups
        // are the costly part of the generator's transform (run again for every kernel after any edit): one lookup per
        // type declaration and semantic model (a new compilation brings new models, so nothing stale is reused).
        int free = declaration.Parent is TypeDeclarationSyntax type
            ? ByScope.GetValue(model, _ => new ConcurrentDictionary<SyntaxNode, int>()).GetOrAdd(type, _ => Visible(model, declaration.SpanStart))
            : Visible(model, declaration.SpanStart);
        for (int i = 0; i < Table.Length; i++)
        {
            foreach (var parameter in method.Parameters)
            {
                if (parameter.Name == Table[i].Alias) free &= ~(1 << i);
            }
        }
        return free;
    }

    private static readonly ConditionalWeakTable<SemanticModel, ConcurrentDictionary<SyntaxNode, int>> ByScope = new();

    // The aliases no symbol visible at the position contradicts.
    private static int Visible(SemanticModel model, int position)
    {
        int free = 0;
        for (int i = 0; i < Table.Length; i++)
        {
            var (alias, target, isNamespace) = Table[i];
            bool taken = false;
            foreach (var symbol in model.LookupSymbols(position, name: alias))
            {
                var resolved = symbol is IAliasSymbol a ? a.Target : symbol;
                bool same = resolved is INamespaceOrTypeSymbol s && (isNamespace ? s is INamespaceSymbol : s is INamedTypeSymbol)
                    && s.ToDisplayString() == target && symbol is not IAliasSymbol;
                taken |= !same;
            }
            if (!taken) free |= 1 << i;
        }
        return free;
    }

    public static int Count => Table.Length;

    /// <summary>The using directive of alias <paramref name="index"/>.</summary>
    public static string Using(int index) => $"using {Table[index].Alias} = global::{Table[index].Target};";

    [ThreadStatic] private static StringBuilder? t_builder;

    /// <summary>The line with the qualified names of the aliases in <paramref name="aliases"/> (bit i: alias i)
    /// shortened; the same instance when there are none. A namespace is always followed by '.'; a type by anything but
    /// a name character ("Math" is not "MathF").</summary>
    public static string Shorten(string line, int aliases)
    {
        const string Global = "global::";
        int at = line.IndexOf(Global, StringComparison.Ordinal);
        if (at < 0) return line;
        StringBuilder? result = null;
        int copied = 0;
        for (; at >= 0; at = line.IndexOf(Global, at + Global.Length, StringComparison.Ordinal))
        {
            for (int i = 0; i < Table.Length; i++)
            {
                var (alias, target, isNamespace) = Table[i];
                int end = at + Global.Length + target.Length;
                if ((aliases & (1 << i)) == 0 || end > line.Length
                    || string.CompareOrdinal(line, at + Global.Length, target, 0, target.Length) != 0) continue;
                bool boundary = isNamespace
                    ? end < line.Length && line[end] == '.'
                    : end == line.Length || !SourceWriter.IsWordChar(line[end]);
                if (!boundary) continue;
                result ??= (t_builder ??= new StringBuilder(256)).Clear();
                result.Append(line, copied, at - copied).Append(alias);
                copied = end;
                break;
            }
        }
        return result is null ? line : result.Append(line, copied, line.Length - copied).ToString();
    }
}
