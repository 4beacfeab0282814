using Microsoft.CodeAnalysis;
using Pooling.Generators.Diagnostics;
using Pooling.Generators.Model;

namespace Pooling.Generators.Parsing;

// Adaptive and global pooling: output sizes (or scale factors) per axis, "keep this axis".
internal static partial class KernelParser
{
    internal static AdaptivePoolModel? ParseAdaptivePool(IMethodSymbol method, string attributeName, AttributeArguments args, Reporter reporter)
    {
        bool max = attributeName is AdaptiveMaxPoolAttribute or GlobalMaxPoolAttribute;
        bool global = attributeName is GlobalMaxPoolAttribute or GlobalAvgPoolAttribute or GlobalLpPoolAttribute;
        // ONNX's GlobalLpPool: p from the constructor, 2 by default (ONNX's); like LpPool's Absolute form, any p computes.
        double? lpNorm = attributeName is GlobalLpPoolAttribute ? args.ConstructorDouble(0) ?? 2 : null;
        string expected = max
            ? "(ReadOnlySpan<T> input, Span<T> output[, Span<int> or Span<long> indices], int extents…) with one int per spatial axis, outermost first, unless InputSize is set"
            : "(ReadOnlySpan<T> input, Span<T> output, int extents…) with one int per spatial axis, outermost first, unless InputSize is set";
        // PyTorch implements adaptive pooling for floating types only (test_adaptive_pooling_no_suppot_input).
        var signature = ParseSignature(method, args, reporter, FloatingElements, allowsIndices: max, expected);
        if (signature is null) return null;
        int rank = signature.Rank;
        int[] output;
        if (global)
        {
            output = Fill(rank, 1);
        }
        else
        {
            string pytorchName = (max ? "adaptive_max_pool" : "adaptive_avg_pool") + rank + "d";
            int[]? values = Expand(args.ConstructorInts(0), rank, "output_size", () => args.ConstructorLocation(0), reporter);
            if (values is null) return null;
            for (int axis = 0; axis < rank; axis++)
            {
                if (values[axis] < 1 && values[axis] != OutputAxisKeep)
                {
                    reporter.Report(DiagnosticDescriptors.InvalidOutputSize, args.ConstructorLocation(0, values.Length == 1 ? 0 : axis),
                        $"{pytorchName}: elements of output_size must be greater than or equal to 1 (or OutputAxis.Keep), but received {{{string.Join(", ", values)}}}");
                    return null;
                }
            }
            output = values;
        }
        return new AdaptivePoolModel(args.DisplayName, max, signature.Element, rank, output, signature.Indices, signature.InputSize,
            method.Parameters[0].Name, method.Parameters[1].Name, signature.IndicesName, signature.ExtentNames.ToArray(), LpNorm: lpNorm);
    }

    /// <summary><see cref="OutputAxis.Keep"/>: keep the input extent on this axis.</summary>
    private const int OutputAxisKeep = OutputAxis.Keep;
}
