using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;

namespace Pooling.Generators.Emit;

/// <summary>
/// Short names in generated code: the emitters write fully qualified names (<c>global::System.Runtime.CompilerServices.Unsafe</c>),
/// and when none of the short names means anything else where the kernel is declared, the file gets using aliases
/// (<c>using Unsafe = global::System.Runtime.CompilerServices.Unsafe;</c>) and its body the short forms, so a line reads
/// <c>Unsafe.Add(ref __out, __o)</c>. A name that is taken there — a type, namespace, member, type parameter, parameter or
/// alias of that name — keeps every name fully qualified, so the file compiles whatever the user's code declares.
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
    /// True when every alias name is free at <paramref name="position"/> (the kernel's declaration): nothing visible
    /// there has the name except the alias's own target, and no parameter of the method has it. Conservative: a name
    /// imported by the user's file (which the generated file does not see) also counts as taken.
    /// </summary>
    public static bool AreFree(SemanticModel model, IMethodSymbol method, int position)
    {
        foreach (var (alias, target, isNamespace) in Table)
        {
            if (method.Parameters.Any(p => p.Name == alias)) return false;
            foreach (var symbol in model.LookupSymbols(position, name: alias))
            {
                var resolved = symbol is IAliasSymbol a ? a.Target : symbol;
                bool same = resolved is INamespaceOrTypeSymbol s && (isNamespace ? s is INamespaceSymbol : s is INamedTypeSymbol)
                    && s.ToDisplayString() == target && symbol is not IAliasSymbol;
                if (!same) return false;
            }
        }
        return true;
    }

    /// <summary>The body with the qualified names shortened, and the aliases it uses (as using directives).</summary>
    public static (string Body, List<string> Usings) Shorten(string body)
    {
        var usings = new List<string>();
        foreach (var (alias, target, isNamespace) in Table)
        {
            // A namespace is always followed by '.'; a type by anything but a name character ("Math" is not "MathF").
            var qualified = new Regex(Regex.Escape("global::" + target) + (isNamespace ? @"(?=\.)" : @"(?!\w)"), RegexOptions.CultureInvariant);
            string shortened = qualified.Replace(body, alias);
            if (shortened == body) continue;
            body = shortened;
            usings.Add($"using {alias} = global::{target};");
        }
        return (body, usings);
    }
}
