using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Pooling.Generators.Diagnostics;
using Pooling.Generators.Model;

namespace Pooling.Generators.Parsing;

// The parameter list every op shares: input, output, optional indices, trailing extents or InputSize; element types.
internal static partial class KernelParser
{
    /// <summary>What every op's parameter list shares: input, output, optional indices, trailing extents or InputSize.</summary>
    private sealed record Signature(ElementType Element, IndexType Indices, string? IndicesName, List<string> ExtentNames, int[] InputSize, int Rank)
    {
        /// <summary>The output's element: the input's, except a byte image resized into a float (or Half) model input.</summary>
        public ElementType OutputElement { get; init; } = Element;
    }

    /// <param name="floatFromBytes">Whether a <c>byte</c> input may have a <c>float</c> or <c>Half</c> output (fused preprocessing).</param>
    private static Signature? ParseSignature(IMethodSymbol method, AttributeArguments args, Reporter reporter, ElementType[] supported, bool allowsIndices, string expected,
        bool floatFromBytes = false)
    {
        if (IsBackward(args)) return ParseBackwardSignature(method, args, reporter, supported, extremum: allowsIndices, moves: IsShuffle(args.AttributeClass),
            needsInput: args.AttributeClass == LpPoolAttribute);
        string name = args.DisplayName;
        // Parameters: input, output, optional indices, trailing extents.
        var ps = method.Parameters;
        var nameLocation = method.Locations.FirstOrDefault() ?? Location.None;
        if (ps.Length < 2)
        {
            reporter.Report(DiagnosticDescriptors.WrongSignature, nameLocation, name, expected);
            return null;
        }
        if (SpanElement(ps[0].Type, "Span") is { } swappedIn && SpanElement(ps[1].Type, "ReadOnlySpan") is { } swappedOut
            && SymbolEqualityComparer.Default.Equals(swappedIn, swappedOut))
        {
            // Input and output written the wrong way round: a code fix swaps the two span types.
            reporter.ReportWithFix(DiagnosticDescriptors.WrongSignature, ParameterLocation(ps[0]),
                ImmutableDictionary<string, string?>.Empty.Add(FixProperties.SwapSpans, "true"), name, expected);
            return null;
        }
        if (SpanElement(ps[0].Type, "ReadOnlySpan") is not { } elementSymbol || ps[0].RefKind != RefKind.None)
        {
            reporter.Report(DiagnosticDescriptors.WrongSignature, ParameterLocation(ps[0]), name, expected);
            return null;
        }
        var converted = floatFromBytes && elementSymbol.SpecialType == SpecialType.System_Byte && SpanElement(ps[1].Type, "Span") is { } target
            ? ElementOf(target) : null;
        bool converts = converted is ElementType.Float or ElementType.Half;
        if (SpanElement(ps[1].Type, "Span") is not { } outputElement || !converts && !SymbolEqualityComparer.Default.Equals(outputElement, elementSymbol) || ps[1].RefKind != RefKind.None)
        {
            reporter.Report(DiagnosticDescriptors.WrongSignature, ParameterLocation(ps[1]), name, expected);
            return null;
        }
        ElementType? element = ElementOf(elementSymbol);
        if (element is null || Array.IndexOf(supported, element.Value) < 0)
        {
            reporter.Report(DiagnosticDescriptors.UnsupportedElementType, ParameterLocation(ps[0]), name, elementSymbol.ToDisplayString(),
                string.Join(", ", supported.Select(CSharpName)));
            return null;
        }
        int next = 2;
        IndexType indices = IndexType.None;
        string? indicesName = null;
        if (ps.Length > 2 && SpanElement(ps[2].Type, "Span") is { } indexElement)
        {
            indices = indexElement.SpecialType switch
            {
                SpecialType.System_Int32 => IndexType.Int32,
                SpecialType.System_Int64 => IndexType.Int64,
                _ => IndexType.None,
            };
            if (!allowsIndices || indices == IndexType.None)
            {
                reporter.Report(DiagnosticDescriptors.WrongSignature, ParameterLocation(ps[2]), name, expected);
                return null;
            }
            indicesName = ps[2].Name;
            next = 3;
        }
        if (ParseExtents(method, args, reporter, next, expected) is not var (extentNames, inputSize, rank)) return null;
        return new Signature(element.Value, indices, indicesName, extentNames, inputSize, rank) { OutputElement = converts ? converted!.Value : element.Value };
    }

    /// <summary>Whether <paramref name="parameter"/> is a by-value <paramref name="kind"/> (<c>Span</c> or <c>ReadOnlySpan</c>)
    /// of <paramref name="element"/> (any element when null).</summary>
    private static bool IsSpanOf(IParameterSymbol parameter, string kind, ITypeSymbol? element) =>
        parameter.RefKind == RefKind.None && SpanElement(parameter.Type, kind) is { } found
        && (element is null || SymbolEqualityComparer.Default.Equals(found, element));

    /// <summary>The trailing int parameters from <paramref name="first"/> on (run-time extents) or <c>InputSize</c>, the rank
    /// they give, and the options every op shares (Layout, Channels, MaxDegreeOfParallelism).</summary>
    /// <param name="maxRank">The most extents the family takes (GridSample: 4, the channels and a volume's three axes).</param>
    private static (List<string> ExtentNames, int[] InputSize, int Rank)? ParseExtents(IMethodSymbol method, AttributeArguments args, Reporter reporter, int next, string expected,
        int maxRank = 3)
    {
        string name = args.DisplayName;
        var ps = method.Parameters;
        var nameLocation = method.Locations.FirstOrDefault() ?? Location.None;
        var extentNames = new List<string>();
        bool tensors = IsTensor(ps[0].Type);
        for (int i = next; i < ps.Length; i++)
        {
            if (tensors || ps[i].Type.SpecialType != SpecialType.System_Int32 || ps[i].RefKind != RefKind.None)
            {
                reporter.Report(DiagnosticDescriptors.WrongSignature, ParameterLocation(ps[i]), name,
                    tensors ? expected + "; tensor spans carry their extents, so no int parameters follow them" : expected);
                return null;
            }
            extentNames.Add(ps[i].Name);
        }
        if (tensors)
        {
            // Every buffer a tensor span, or none: the adapter reads shapes from all of them.
            var span = ps.Take(next).FirstOrDefault(p => !IsTensor(p.Type));
            if (span is not null)
            {
                reporter.Report(DiagnosticDescriptors.WrongSignature, ParameterLocation(span), name,
                    expected + "; with tensor spans every buffer is a tensor span (ReadOnlyTensorSpan<T> in, TensorSpan<T> out)");
                return null;
            }
            extentNames = TensorExtentNames(method, args);
        }

        if (args.NamedEnum("Layout") is not ((int)TensorLayout.ChannelsFirst or (int)TensorLayout.ChannelsLast) and var layout)
        {
            reporter.Report(DiagnosticDescriptors.EnumOutOfRange, args.NamedLocation("Layout"), "Layout", layout, "TensorLayout", "ChannelsFirst, ChannelsLast");
            return null;
        }

        // Channels-last: the channel count is Channels = N, or else the last int parameter (not a spatial extent).
        // (Pixel shuffle names its channel count first, (channels, height, width), whatever the layout.)
        bool channelsLast = args.NamedEnum("Layout") == (int)TensorLayout.ChannelsLast && !IsShuffle(args.AttributeClass);
        if (IsShuffle(args.AttributeClass) && args.HasNamed("Channels"))
        {
            reporter.Report(DiagnosticDescriptors.RankMismatch, args.NamedLocation("Channels"), "Pixel shuffle takes its channel count as its first extent (channels, height, width), not Channels");
            return null;
        }
        if (!channelsLast && args.NamedEnum("Layout") != 1 && args.HasNamed("Channels"))
        {
            reporter.Report(DiagnosticDescriptors.RankMismatch, args.NamedLocation("Channels"), "Channels applies only with Layout = ChannelsLast");
            return null;
        }
        if (channelsLast)
        {
            if (args.HasNamed("Channels"))
            {
                if (!(args.NamedInts("Channels")?[0] > 0))
                {
                    reporter.Report(DiagnosticDescriptors.RankMismatch, args.NamedLocation("Channels"), "Channels must be positive");
                    return null;
                }
            }
            else if (extentNames.Count == 0)
            {
                reporter.Report(DiagnosticDescriptors.RankMismatch, args.NamedLocation("Layout"),
                    "Layout = ChannelsLast needs the channel count: a last int parameter (…, int channels) or Channels = N");
                return null;
            }
            else
            {
                extentNames.RemoveAt(extentNames.Count - 1);
            }
        }

        // Rank: from InputSize, or from the trailing int parameters.
        int[] inputSize = args.NamedInts("InputSize") ?? Array.Empty<int>();
        int rank;
        if (args.NamedInts("InputSize") is not null)   // InputSize = null: as if not set
        {
            if (extentNames.Count > 0)
            {
                reporter.Report(DiagnosticDescriptors.RankMismatch, args.NamedLocation("InputSize"),
                    $"InputSize fixes the spatial extents at compile time, so the method must not also take them as int parameters ({string.Join(", ", extentNames)})");
                return null;
            }
            if (inputSize.Length < 1 || inputSize.Length > maxRank)
            {
                reporter.Report(DiagnosticDescriptors.RankMismatch, args.NamedLocation("InputSize"),
                    maxRank == 3
                        ? $"InputSize must have 1, 2 or 3 entries (one per spatial axis), but got {inputSize.Length}"
                        : $"InputSize must have 1 to {maxRank} entries, but got {inputSize.Length}");
                return null;
            }
            for (int entry = 0; entry < inputSize.Length; entry++)
            {
                if (inputSize[entry] <= 0)
                {
                    reporter.Report(DiagnosticDescriptors.RankMismatch, args.NamedLocation("InputSize", entry),
                        $"InputSize entries must be positive, but entry {entry} is {inputSize[entry]}");
                    return null;
                }
            }
            rank = inputSize.Length;
        }
        else
        {
            rank = extentNames.Count;
            if (rank < 1 || rank > maxRank)
            {
                reporter.Report(DiagnosticDescriptors.RankMismatch, nameLocation, maxRank == 3
                    ? $"[{name}] needs 1, 2 or 3 trailing int parameters (the spatial extents, outermost first) or InputSize, but '{method.Name}' has {rank}"
                    : $"[{name}] needs 1 to {maxRank} trailing int parameters or InputSize, but '{method.Name}' has {rank}");
                return null;
            }
        }

        if (args.NamedInts("MaxDegreeOfParallelism") is { Length: 1 } degrees && degrees[0] is var degree)
        {
            if (degree < 0)
                reporter.Report(DiagnosticDescriptors.InvalidParallelism, args.NamedLocation("MaxDegreeOfParallelism"),
                    $"MaxDegreeOfParallelism = {degree} on [{name}]: use a positive thread count, or 0 for the processor count");
            else if (!args.NamedBool("Parallel", false))
                reporter.Report(DiagnosticDescriptors.InvalidParallelism, args.NamedLocation("MaxDegreeOfParallelism"),
                    $"MaxDegreeOfParallelism on [{name}] has no effect without Parallel = true; add it, or remove MaxDegreeOfParallelism");
        }

        return (extentNames, inputSize, rank);
    }

    private static int[]? ExpandNamed(AttributeArguments args, string scalar, string perAxis, int defaultValue, int rank, Reporter reporter)
    {
        if (args.HasNamed(perAxis))
        {
            if (args.HasNamed(scalar))
            {
                reporter.Report(DiagnosticDescriptors.PerAxisArity, args.NamedLocation(perAxis), $"Set either {scalar} or {perAxis}, not both");
                return null;
            }
            return Expand(args.NamedInts(perAxis), rank, perAxis, () => args.NamedLocation(perAxis), reporter);
        }
        return Fill(rank, args.NamedInts(scalar)?[0] ?? defaultValue);
    }

    private static int[]? Expand(int[]? values, int rank, string what, Func<Location> location, Reporter reporter)
    {
        if (values is null)
        {
            // An explicit null array (`[MaxUnpool(null)]`, `PaddingPerAxis = null`): PyTorch has no default to fall back on.
            reporter.Report(DiagnosticDescriptors.PerAxisArity, location(),
                $"{what} must either be a single int, or a tuple of {rank} ints (one per spatial axis), but got null");
            return null;
        }
        if (values.Length == rank) return values;
        if (values.Length == 1) return Fill(rank, values[0]);
        reporter.Report(DiagnosticDescriptors.PerAxisArity, location(),
            $"{what} must either be a single int, or a tuple of {rank} ints (one per spatial axis), but got {values.Length}");
        return null;
    }

    private static bool ContainsErrorType(ITypeSymbol type) =>
        type.TypeKind == TypeKind.Error || (type is INamedTypeSymbol named && named.TypeArguments.Any(ContainsErrorType));

    private static int[] Fill(int rank, int value) => Enumerable.Repeat(value, rank).ToArray();

    // ReadOnlySpan<T> / Span<T>, or their tensor forms ReadOnlyTensorSpan<T> / TensorSpan<T> (System.Numerics.Tensors).
    private static ITypeSymbol? SpanElement(ITypeSymbol type, string spanName) =>
        type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named
        && ((named.Name == spanName && named.ContainingNamespace.ToDisplayString() == "System") || (IsTensor(named) && named.Name == TensorName(spanName)))
            ? named.TypeArguments[0]
            : null;

    private static ElementType? ElementOf(ITypeSymbol type) => type.SpecialType switch
    {
        SpecialType.System_Single => ElementType.Float,
        SpecialType.System_Double => ElementType.Double,
        SpecialType.System_Byte => ElementType.Byte,
        SpecialType.System_SByte => ElementType.SByte,
        SpecialType.System_Int16 => ElementType.Int16,
        SpecialType.System_UInt16 => ElementType.UInt16,
        SpecialType.System_Int32 => ElementType.Int32,
        SpecialType.System_Int64 => ElementType.Int64,
        _ => type.ToDisplayString() == "System.Half" ? ElementType.Half : null,
    };

    internal static string CSharpName(ElementType element) => element switch
    {
        ElementType.Float => "float",
        ElementType.Double => "double",
        ElementType.Half => "Half",
        ElementType.Byte => "byte",
        ElementType.SByte => "sbyte",
        ElementType.Int16 => "short",
        ElementType.UInt16 => "ushort",
        ElementType.Int32 => "int",
        _ => "long",
    };

    private static Location ParameterLocation(IParameterSymbol parameter) => parameter.Locations.FirstOrDefault() ?? Location.None;
}
