using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Pooling.Generators.Diagnostics;
using Pooling.Generators.Model;

namespace Pooling.Generators.Parsing;

// Max, min, average and Lp pooling: geometry, PyTorch's window rules in its order, LpPool's norm-type warning.
internal static partial class KernelParser
{
    internal static WindowPoolModel? ParseWindowPool(IMethodSymbol method, string attributeName, AttributeArguments args, Reporter reporter)
    {
        WindowOp op = attributeName switch
        {
            MaxPoolAttribute => WindowOp.Max,
            MinPoolAttribute => WindowOp.Min,
            LpPoolAttribute => WindowOp.Lp,
            _ => WindowOp.Avg,
        };
        string name = args.DisplayName;
        bool extremum = op is WindowOp.Max or WindowOp.Min;
        // LpPool(norm_type, kernel_size[, stride]): the geometry arguments start one position later.
        int first = op == WindowOp.Lp ? 1 : 0;
        string expected = extremum
            ? "(ReadOnlySpan<T> input, Span<T> output[, Span<int> or Span<long> indices], int extents…) with one int per spatial axis, outermost first, unless InputSize is set"
            : "(ReadOnlySpan<T> input, Span<T> output, int extents…) with one int per spatial axis, outermost first, unless InputSize is set";

        var signature = ParseSignature(method, args, reporter, extremum ? AllElements : FloatingElements, allowsIndices: extremum, expected);
        if (signature is null) return null;
        var (element, indices, indicesName, extentNames, inputSize, rank) =
            (signature.Element, signature.Indices, signature.IndicesName, signature.ExtentNames, signature.InputSize, signature.Rank);
        var ps = method.Parameters;

        // Geometry: constructor (kernel[, stride]) and named arguments, each expanded to the rank.
        int[]? kernel = Expand(args.ConstructorInts(first), rank, "kernel_size", () => args.ConstructorLocation(first), reporter);
        bool strideGiven = args.ConstructorArgumentCount > first + 1;
        int[]? stride = strideGiven ? Expand(args.ConstructorInts(first + 1), rank, "stride", () => args.ConstructorLocation(first + 1), reporter) : kernel;
        int[]? padding = ExpandNamed(args, "Padding", "PaddingPerAxis", 0, rank, reporter);
        int[]? dilation = extremum ? ExpandNamed(args, "Dilation", "DilationPerAxis", 1, rank, reporter) : Fill(rank, 1);
        if (kernel is null || stride is null || padding is null || dilation is null) return null;

        if (!ValidateWindow(args, reporter, first, strideGiven, kernel, stride, padding, dilation)) return null;

        int divisorOverride = 0;
        if (op == WindowOp.Avg && args.HasNamed("DivisorOverride"))
        {
            divisorOverride = args.NamedInts("DivisorOverride")![0];
            if (divisorOverride == 0)
                reporter.Report(DiagnosticDescriptors.InvalidDivisorOverride, args.NamedLocation("DivisorOverride"), "divisor must be not zero");
            else if (rank == 1)
                reporter.Report(DiagnosticDescriptors.InvalidDivisorOverride, args.NamedLocation("DivisorOverride"),
                    "avg_pool1d has no divisor_override: DivisorOverride applies to 2-D and 3-D average pooling only");
        }

        bool ceilMode = args.NamedBool("CeilMode", false);
        double normType = 0;
        if (op == WindowOp.Lp)
        {
            normType = args.ConstructorDouble(0) ?? 0;
            WarnAboutNormType(normType, ceilMode, args, reporter);
        }
        if (inputSize.Length > 0)
        {
            var output = new long[rank];
            for (int a = 0; a < rank; a++) output[a] = PoolingShape.OutputLength(inputSize[a], kernel[a], stride[a], padding[a], dilation[a], ceilMode);
            // PyTorch checks avg_pool3d's input against the kernel before the output size (pool3d_shape_check).
            if (op == WindowOp.Avg && rank == 3 && PoolingShape.ValidateAvgPool3dInput(inputSize.Select(i => (long)i).ToArray(), kernel) is { } tooSmall)
            {
                reporter.Report(DiagnosticDescriptors.InputSmallerThanKernel, args.NamedLocation("InputSize"), tooSmall);
            }
            else if (output.Any(o => o < 1))
            {
                reporter.Report(DiagnosticDescriptors.OutputTooSmall, args.NamedLocation("InputSize"),
                    PoolingShape.OutputTooSmallMessage(inputSize.Select(i => (long)i).ToArray(), output));
            }
        }

        var model = new WindowPoolModel(op, element, rank, kernel, stride, padding, dilation, ceilMode,
            op == WindowOp.Lp || args.NamedBool("CountIncludePad", true), divisorOverride, normType, indices, inputSize,
            ps[0].Name, ps[1].Name, indicesName, extentNames.ToArray());
        if (model.TapCount > UnrollBudget)
            reporter.Report(DiagnosticDescriptors.CompactLoops, args.AttributeLocation, name, model.TapCount, UnrollBudget);
        return model;
    }

    /// <summary>Reports the first broken sliding-window rule (PyTorch's order) on the argument at fault; false when one is broken.</summary>
    private static bool ValidateWindow(AttributeArguments args, Reporter reporter, int first, bool strideGiven, int[] kernel, int[] stride, int[] padding, int[] dilation)
    {
        var rule = PoolingShape.ValidateWindow(kernel, stride, padding, dilation, out string message, out int axis);
        if (rule == WindowRule.Valid) return true;
        Location Where(string scalar, string perAxis) =>
            args.HasNamed(perAxis) ? args.NamedLocation(perAxis, axis) : args.NamedLocation(scalar);
        Location kernelLocation = args.ConstructorLocation(first, axis);
        switch (rule)
        {
            case WindowRule.StrideZero:
            case WindowRule.StrideNegative:
                if (strideGiven)
                    reporter.Report(DiagnosticDescriptors.InvalidStride, args.ConstructorLocation(first + 1, axis), message);
                else
                    reporter.Report(DiagnosticDescriptors.KernelNotPositive, kernelLocation,
                        message + $" (the stride defaults to the kernel size, {kernel[axis]})");
                break;
            case WindowRule.PaddingNegative:
                reporter.Report(DiagnosticDescriptors.PaddingNegative, Where("Padding", "PaddingPerAxis"), message);
                break;
            case WindowRule.PaddingTooLarge:
                reporter.ReportWithFix(DiagnosticDescriptors.PaddingTooLarge, Where("Padding", "PaddingPerAxis"),
                    ImmutableDictionary<string, string?>.Empty.Add(FixProperties.ClampedPadding, (kernel[axis] / 2).ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    message);
                break;
            case WindowRule.KernelNotPositive:
                reporter.Report(DiagnosticDescriptors.KernelNotPositive, kernelLocation, message);
                break;
            default:
                reporter.Report(DiagnosticDescriptors.DilationNotPositive, Where("Dilation", "DilationPerAxis"), message);
                break;
        }
        return false;
    }

    // docs/semantics.md §4: PyTorch's LPPool is a signed composite, not a norm, for these cases. The kernel still follows
    // PyTorch; the warning says what the user will get.
    private static void WarnAboutNormType(double p, bool ceilMode, AttributeArguments args, Reporter reporter)
    {
        var at = args.ConstructorLocation(0);
        string text = double.IsPositiveInfinity(p) ? "∞" : double.IsNegativeInfinity(p) ? "-∞" : p.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        if (double.IsPositiveInfinity(p))
            reporter.Report(DiagnosticDescriptors.LpNormQuirk, at, $"norm_type {text}: PyTorch computes x^inf then ^0, which is 1 (or NaN), not max pooling");
        else if (p <= 0 || double.IsNaN(p))
            reporter.Report(DiagnosticDescriptors.LpNormQuirk, at, $"norm_type {text} ≤ 0 is not a norm: x^0 = 1 gives inf, and negative powers blow up at 0");
        else if (p != System.Math.Floor(p) || p % 2 == 1)
            reporter.Report(DiagnosticDescriptors.LpNormQuirk, at, $"norm_type {text}: PyTorch sums x^p with its sign, so a window with a negative sum gives NaN (no |x| is taken)");
        else if (ceilMode)
            reporter.Report(DiagnosticDescriptors.LpNormQuirk, args.NamedLocation("CeilMode"),
                "ceil_mode: a partial last window is rescaled (its mean is multiplied by the whole kernel size), as PyTorch does");
    }
}
