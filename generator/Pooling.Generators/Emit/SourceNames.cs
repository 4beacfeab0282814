using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace Pooling.Generators.Emit;

/// <summary>
/// The naming choices of one generated file, made before any line is written and applied to each line as
/// <see cref="SourceWriter"/> writes it: the short forms of the <see cref="NameAliases"/> that are free where the kernel
/// is declared (the file declares exactly those), the prefix of generated names (<c>__</c>, or one no user parameter
/// starts with), and plain substitutions a scope asks for (the tensor adapter's messages name the tensor, not an extent).
/// </summary>
internal sealed class SourceNames
{
    /// <summary>Every name fully qualified, generated names as written.</summary>
    public static readonly SourceNames Qualified = new(freeAliases: 0, prefix: "__");

    private readonly int _freeAliases;
    private readonly string _prefix;
    private readonly (string From, string To)[] _substitutions;

    /// <param name="freeAliases">The aliases the file may use (bit i: alias i of <see cref="NameAliases"/>).</param>
    public SourceNames(int freeAliases, string prefix, params (string From, string To)[] substitutions)
    {
        _freeAliases = freeAliases;
        _prefix = prefix;
        _substitutions = substitutions;
    }

    /// <summary>The same choices with more substitutions (a nested scope).</summary>
    public SourceNames With(params (string From, string To)[] substitutions)
    {
        var all = new (string, string)[_substitutions.Length + substitutions.Length];
        _substitutions.CopyTo(all, 0);
        substitutions.CopyTo(all, _substitutions.Length);
        return new SourceNames(_freeAliases, _prefix, all);
    }

    /// <summary>The using directives of the aliases the file may use, in <see cref="NameAliases"/>' order. They are
    /// chosen before the body is written, so a file can declare one it does not use (an unused alias is no warning).</summary>
    public IEnumerable<string> Usings()
    {
        for (int i = 0; i < NameAliases.Count; i++)
        {
            if ((_freeAliases & (1 << i)) != 0) yield return NameAliases.Using(i);
        }
    }

    public string Apply(string line)
    {
        if (_freeAliases != 0) line = NameAliases.Shorten(line, _freeAliases);
        if (_prefix != "__" && line.IndexOf("__", StringComparison.Ordinal) >= 0) line = GeneratedName.Replace(line, _prefix);
        foreach (var (from, to) in _substitutions) line = line.Replace(from, to);
        return line;
    }

    // A generated identifier: "__" not preceded by '@' (a user's name), a word character, '.' or '"' (a parameter
    // name in a string literal, which must stay the user's).
    private static readonly Regex GeneratedName = new(@"(?<![@\w.""])__(?=\w)", RegexOptions.CultureInvariant);

    /// <summary>
    /// Generated locals are named <c>__x</c>. When a user's parameter also starts with <c>__</c> (it is written
    /// <c>@__x</c>), every generated name gets a prefix no user name starts with, so the two can never collide.
    /// </summary>
    public static string GeneratedPrefix(IReadOnlyList<string> userNames)
    {
        bool taken = false;
        foreach (string name in userNames) taken |= name.StartsWith("__", StringComparison.Ordinal);
        if (!taken) return "__";
        for (int k = 0; ; k++)
        {
            string prefix = "__g" + k + "_";
            bool free = true;
            foreach (string name in userNames) free &= !name.StartsWith(prefix, StringComparison.Ordinal);
            if (free) return prefix;
        }
    }
}
