using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Pooling.Generators.Diagnostics;
using Pooling.Generators.Model;

namespace Pooling.Generators.Parsing;

// MaxUnpool: the (input, indices, output) signature, geometry and an explicit output size.
internal static partial class KernelParser
{
    internal static UnpoolModel? ParseUnpool(IMethodSymbol method, AttributeArguments args, Reporter reporter)
    {
        string name = args.DisplayName;
        string expected = IsBackward(args)
            ? "(ReadOnlySpan<T> gradOutput, ReadOnlySpan<long> or ReadOnlySpan<int> indices, Span<T> gradInput, int extents…) with the forward input's (the pooled) extents, outermost first, unless InputSize is set"
            : "(ReadOnlySpan<T> input, ReadOnlySpan<long> or ReadOnlySpan<int> indices, Span<T> output, int extents…) with the input's extents, outermost first, unless InputSize is set";
        var ps = method.Parameters;
        if (ps.Length < 3)
        {
            reporter.Report(DiagnosticDescriptors.WrongSignature, method.Locations.FirstOrDefault() ?? Location.None, name, expected);
            return null;
        }
        if (SpanElement(ps[0].Type, "ReadOnlySpan") is not { } elementSymbol || ps[0].RefKind != RefKind.None)
        {
            reporter.Report(DiagnosticDescriptors.WrongSignature, ParameterLocation(ps[0]), name, expected);
            return null;
        }
        IndexType indexType = SpanElement(ps[1].Type, "ReadOnlySpan")?.SpecialType switch
        {
            SpecialType.System_Int32 => IndexType.Int32,
            SpecialType.System_Int64 => IndexType.Int64,
            _ => IndexType.None,
        };
        if (indexType == IndexType.None || ps[1].RefKind != RefKind.None)
        {
            reporter.Report(DiagnosticDescriptors.WrongSignature, ParameterLocation(ps[1]), name, expected);
            return null;
        }
        if (SpanElement(ps[2].Type, "Span") is not { } outputElement || !SymbolEqualityComparer.Default.Equals(outputElement, elementSymbol) || ps[2].RefKind != RefKind.None)
        {
            reporter.Report(DiagnosticDescriptors.WrongSignature, ParameterLocation(ps[2]), name, expected);
            return null;
        }
        ElementType? element = ElementOf(elementSymbol);
        if (element is null)
        {
            reporter.Report(DiagnosticDescriptors.UnsupportedElementType, ParameterLocation(ps[0]), name, elementSymbol.ToDisplayString(),
                string.Join(", ", AllElements.Select(CSharpName)));
            return null;
        }
        if (ParseExtents(method, args, reporter, 3, expected) is not var (extentNames, inputSize, rank)) return null;

        int[]? kernel = Expand(args.ConstructorInts(0), rank, "kernel_size", () => args.ConstructorLocation(0), reporter);
        bool strideGiven = args.ConstructorArgumentCount > 1;
        int[]? stride = strideGiven ? Expand(args.ConstructorInts(1), rank, "stride", () => args.ConstructorLocation(1), reporter) : kernel;
        int[]? padding = ExpandNamed(args, "Padding", "PaddingPerAxis", 0, rank, reporter);
        if (kernel is null || stride is null || padding is null) return null;
        // A stored MaxUnpooling.cpp revision validates kernel, stride and padding like pooling does (docs/semantics.md §7).
        if (!ValidateWindow(args, reporter, 0, strideGiven, kernel, stride, padding, null, Fill(rank, 1))) return null;

        if (inputSize.Length > 0 && !args.HasNamed("OutputSize"))
        {
            var output = Enumerable.Range(0, rank).Select(a => PoolingShape.UnpoolLength(inputSize[a], kernel[a], stride[a], padding[a])).ToArray();
            if (output.Any(o => o < 1))
            {
                reporter.Report(DiagnosticDescriptors.OutputTooSmall, args.NamedLocation("InputSize"),
                    PoolingShape.OutputTooSmallMessage(inputSize.Select(i => (long)i).ToArray(), output));
                return null;
            }
        }
        int[] outputSize = Array.Empty<int>();
        if (args.HasNamed("OutputSize"))
        {
            outputSize = args.NamedInts("OutputSize") ?? Array.Empty<int>();
            if (outputSize.Length != rank || outputSize.Any(o => o < 1))
            {
                reporter.Report(DiagnosticDescriptors.InvalidUnpoolOutputSize, args.NamedLocation("OutputSize"),
                    outputSize.Length != rank
                        ? $"output_size should have {rank} elements (one per spatial axis), but it has {outputSize.Length}"
                        : $"output_size entries must be positive, but got ({string.Join(", ", outputSize)})");
                return null;
            }
            if (inputSize.Length > 0)
            {
                var defaults = Enumerable.Range(0, rank).Select(a => PoolingShape.UnpoolLength(inputSize[a], kernel[a], stride[a], padding[a])).ToArray();
                string? invalid = args.NamedBool("PadToOutputSize", false)
                    ? PoolingShape.ValidateUnpoolPaddedSize(defaults, outputSize, out _)
                    : PoolingShape.ValidateUnpoolOutputSize(defaults, stride, outputSize);
                if (invalid is not null)
                {
                    reporter.Report(DiagnosticDescriptors.InvalidUnpoolOutputSize, args.NamedLocation("OutputSize"), invalid);
                    return null;
                }
            }
        }
        bool padded = args.NamedBool("PadToOutputSize", false);
        if (padded && outputSize.Length == 0)
        {
            reporter.Report(DiagnosticDescriptors.InvalidUnpoolOutputSize, args.NamedLocation("PadToOutputSize"),
                "PadToOutputSize pads the default output to OutputSize (ONNX's output_shape): set OutputSize");
            return null;
        }
        return new UnpoolModel(element.Value, rank, kernel, stride, padding, outputSize, indexType, inputSize,
            ps[0].Name, ps[1].Name, ps[2].Name, extentNames.ToArray(), padded);
    }
}
