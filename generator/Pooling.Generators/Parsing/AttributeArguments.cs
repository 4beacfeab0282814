using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Pooling.Generators.Parsing;

/// <summary>
/// Reads an attribute's constant arguments (from <see cref="AttributeData"/>) together with the syntax that wrote them,
/// so that every problem can be reported on the exact argument, or the exact element of a per-axis array, at fault.
/// </summary>
internal sealed class AttributeArguments
{
    private readonly AttributeData _data;
    private readonly AttributeSyntax? _syntax;

    public AttributeArguments(AttributeData data, AttributeSyntax? syntax)
    {
        _data = data;
        _syntax = syntax;
    }

    /// <summary>The attribute's short name as written in messages, e.g. "MaxPool".</summary>
    public string DisplayName
    {
        get
        {
            string name = _data.AttributeClass?.Name ?? "?";
            return name.EndsWith("Attribute") ? name.Substring(0, name.Length - "Attribute".Length) : name;
        }
    }

    /// <summary>The attribute's full metadata name, e.g. "Pooling.MaxPoolAttribute".</summary>
    public string AttributeClass => _data.AttributeClass?.ToDisplayString() ?? "";

    /// <summary>False when the compiler could not bind the attribute (the user's code has errors it reports itself).</summary>
    public bool IsBound =>
        _data.AttributeConstructor is not null
        && _data.ConstructorArguments.All(a => a.Kind != TypedConstantKind.Error)
        && _data.NamedArguments.All(a => a.Value.Kind != TypedConstantKind.Error);

    public Location AttributeLocation => _syntax?.GetLocation() ?? Location.None;

    public int ConstructorArgumentCount => _data.ConstructorArguments.Length;

    /// <summary>The constructor argument at <paramref name="index"/> as one or more ints (scalar or per-axis array).</summary>
    public int[]? ConstructorInts(int index) =>
        index < _data.ConstructorArguments.Length ? AsInts(_data.ConstructorArguments[index]) : null;

    public double? ConstructorDouble(int index) =>
        index < _data.ConstructorArguments.Length && _data.ConstructorArguments[index].Value is double value ? value : null;

    /// <summary>The constructor argument at <paramref name="index"/> as doubles (a scalar or a params array of numbers).</summary>
    public double[]? ConstructorDoubles(int index)
    {
        if (index >= _data.ConstructorArguments.Length) return null;
        var constant = _data.ConstructorArguments[index];
        if (constant.Kind != TypedConstantKind.Array) return constant.Value is double d ? new[] { d } : null;
        if (constant.IsNull) return null;
        var values = new double[constant.Values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            if (constant.Values[i].Value is not double value) return null;
            values[i] = value;
        }
        return values;
    }

    /// <summary>The constructor argument at <paramref name="index"/> as an enum's underlying int, or -1.</summary>
    public int ConstructorEnum(int index) =>
        index < _data.ConstructorArguments.Length && _data.ConstructorArguments[index].Value is int value ? value : -1;

    /// <summary>The longest per-axis argument (constructor and named, except <paramref name="except"/>), or 0 when there is
    /// none: with tensor-span kernels, per-axis values are what tells the rank. A params array written expanded with one
    /// value (<c>[AdaptiveAvgPool(7)]</c>, <c>[Upsample(mode, 2.0)]</c>) is the scalar form, not a per-axis value of one
    /// entry; written as an array (<c>new[] { 7 }</c>) it is one.</summary>
    public int LongestPerAxis(string except)
    {
        var parameters = _data.AttributeConstructor?.Parameters;
        int longest = 0;
        for (int i = 0; i < _data.ConstructorArguments.Length; i++)
        {
            var constant = _data.ConstructorArguments[i];
            if (constant.Kind != TypedConstantKind.Array || constant.IsNull) continue;
            bool scalarForm = constant.Values.Length == 1 && parameters is { } ps && i < ps.Length && ps[i].IsParams && !ParamsWrittenAsArray(i);
            if (!scalarForm) longest = System.Math.Max(longest, constant.Values.Length);
        }
        foreach (var pair in _data.NamedArguments)
        {
            if (pair.Key != except && pair.Value.Kind == TypedConstantKind.Array && !pair.Value.IsNull)
                longest = System.Math.Max(longest, pair.Value.Values.Length);
        }
        return longest;
    }

    // Whether the params argument at `index` is written as one array (`new[] { … }`, `[…]`) rather than expanded.
    private bool ParamsWrittenAsArray(int index)
    {
        if (_syntax?.ArgumentList is not { } list || _data.ConstructorArguments[index].IsNull) return true;   // `null` is the array
        var expanded = list.Arguments.Where(a => a.NameEquals is null).Skip(index).ToList();
        return expanded.Count == 1 && expanded[0].Expression is ArrayCreationExpressionSyntax or ImplicitArrayCreationExpressionSyntax or CollectionExpressionSyntax;
    }

    public bool HasNamed(string name) => _data.NamedArguments.Any(a => a.Key == name);

    /// <summary>A named <c>double[]</c> argument, or null when it is not set (or set to null).</summary>
    public double[]? NamedDoubles(string name)
    {
        foreach (var pair in _data.NamedArguments)
        {
            if (pair.Key != name || pair.Value.Kind != TypedConstantKind.Array || pair.Value.IsNull) continue;
            var values = new double[pair.Value.Values.Length];
            for (int i = 0; i < values.Length; i++)
            {
                if (pair.Value.Values[i].Value is not double value) return null;
                values[i] = value;
            }
            return values;
        }
        return null;
    }

    /// <summary>A named <c>double</c> argument, or null when it is not set.</summary>
    public double? NamedDouble(string name)
    {
        foreach (var pair in _data.NamedArguments)
        {
            if (pair.Key == name && pair.Value.Value is double value) return value;
        }
        return null;
    }

    public int[]? NamedInts(string name)
    {
        foreach (var pair in _data.NamedArguments)
        {
            if (pair.Key == name) return AsInts(pair.Value);
        }
        return null;
    }

    public bool NamedBool(string name, bool defaultValue)
    {
        foreach (var pair in _data.NamedArguments)
        {
            if (pair.Key == name && pair.Value.Value is bool value) return value;
        }
        return defaultValue;
    }

    public int NamedEnum(string name)
    {
        foreach (var pair in _data.NamedArguments)
        {
            if (pair.Key == name && pair.Value.Value is int value) return value;
        }
        return 0;
    }

    /// <summary>Where the constructor argument <paramref name="index"/> is written (its element <paramref name="element"/> for
    /// an array written with an initializer), falling back to the whole attribute.</summary>
    public Location ConstructorLocation(int index, int element = -1)
    {
        ExpressionSyntax? expression = null;
        var parameters = _data.AttributeConstructor?.Parameters;
        if (_syntax?.ArgumentList is { } list && parameters is { } ps && index < ps.Length)
        {
            // A params array written expanded: its elements are the positional arguments from `index` on.
            if (ps[index].IsParams && _data.ConstructorArguments[index].Kind == TypedConstantKind.Array && !ParamsWrittenAsArray(index))
            {
                var expanded = list.Arguments.Where(a => a.NameEquals is null).Skip(index).ToList();
                return element >= 0 && element < expanded.Count ? expanded[element].GetLocation() : AttributeLocation;
            }
            var positional = list.Arguments.Where(a => a.NameEquals is null).ToList();
            var byName = positional.FirstOrDefault(a => a.NameColon?.Name.Identifier.ValueText == ps[index].Name);
            expression = byName?.Expression ?? (index < positional.Count && positional[index].NameColon is null ? positional[index].Expression : null);
        }
        return Locate(expression, element);
    }

    /// <summary>Where the named argument <paramref name="name"/> is written (its element for an array), or the attribute.</summary>
    public Location NamedLocation(string name, int element = -1)
    {
        var argument = _syntax?.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name);
        return argument is null ? AttributeLocation : Locate(argument, argument.Expression, element);
    }

    private Location Locate(ExpressionSyntax? expression, int element) =>
        expression is null ? AttributeLocation : Locate(expression, expression, element);

    private static Location Locate(SyntaxNode whole, ExpressionSyntax expression, int element)
    {
        if (element >= 0)
        {
            IReadOnlyList<ExpressionSyntax>? items = expression switch
            {
                ArrayCreationExpressionSyntax { Initializer: { } init } => init.Expressions,
                ImplicitArrayCreationExpressionSyntax { Initializer: { } init } => init.Expressions,
                CollectionExpressionSyntax collection => collection.Elements.OfType<ExpressionElementSyntax>().Select(e => e.Expression).ToList(),
                _ => null,
            };
            if (items is not null && element < items.Count) return items[element].GetLocation();
        }
        return whole.GetLocation();
    }

    private static int[]? AsInts(TypedConstant constant)
    {
        if (constant.Kind == TypedConstantKind.Array)
        {
            if (constant.IsNull) return null;
            var values = new int[constant.Values.Length];
            for (int i = 0; i < values.Length; i++)
            {
                if (constant.Values[i].Value is not int value) return null;
                values[i] = value;
            }
            return values;
        }
        return constant.Value is int scalar ? new[] { scalar } : null;
    }
}
