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
        int[]? dilation = ExpandNamed(args, "Dilation", "DilationPerAxis", 1, rank, reporter);
        if (kernel is null || stride is null || padding is null || dilation is null) return null;
        // ONNX's padding (Pads, AutoPad): begin and end per axis, resolved here to constants.
        bool onnxPadding = args.HasNamed("Pads") || args.NamedEnum("AutoPad") != 0;
        var sameAtRunTime = AutoPad.NotSet;
        int[]? paddingEnd = onnxPadding ? OnnxPadding(args, reporter, rank, kernel, stride, dilation, inputSize, out padding, out sameAtRunTime) : padding;
        if (padding is null || paddingEnd is null) return null;

        if (!ValidateWindow(args, reporter, first, strideGiven, kernel, stride, padding, onnxPadding ? paddingEnd : null, dilation)) return null;

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
            if (!args.NamedBool("Absolute", false)) WarnAboutNormType(normType, ceilMode, args, reporter);
        }
        if (inputSize.Length > 0)
        {
            var output = new long[rank];
            for (int a = 0; a < rank; a++) output[a] = PoolingShape.OutputLength(inputSize[a], kernel[a], stride[a], padding[a], paddingEnd[a], dilation[a], ceilMode);
            // PyTorch checks avg_pool3d's input against the kernel before the output size (pool3d_shape_check).
            if (op == WindowOp.Avg && rank == 3 && !onnxPadding && PoolingShape.ValidateAvgPool3dInput(inputSize.Select(i => (long)i).ToArray(), kernel) is { } tooSmall)
            {
                reporter.Report(DiagnosticDescriptors.InputSmallerThanKernel, args.NamedLocation("InputSize"), tooSmall);
            }
            else if (output.Any(o => o < 1))
            {
                reporter.Report(DiagnosticDescriptors.OutputTooSmall, args.NamedLocation("InputSize"),
                    PoolingShape.OutputTooSmallMessage(inputSize.Select(i => (long)i).ToArray(), output));
            }
        }

        // ONNX's p-norm sums |x|^p: a divisor of 1 makes the window's "mean" its sum.
        bool absolute = op == WindowOp.Lp && args.NamedBool("Absolute", false);
        if (absolute) divisorOverride = 1;
        // ONNX's MaxPool indices: over the whole tensor and/or column-major (MaxPool only, with a Span<long>, NCHW).
        bool tensorIndices = op == WindowOp.Max && args.NamedBool("TensorIndices", false);
        int order = op == WindowOp.Max ? args.NamedEnum("StorageOrder") : 0;
        if (order is < 0 or > 1)
        {
            reporter.Report(DiagnosticDescriptors.EnumOutOfRange, args.NamedLocation("StorageOrder"), "StorageOrder", order, "IndexOrder", "RowMajor, ColumnMajor");
            return null;
        }
        foreach (string option in new[] { "TensorIndices", "StorageOrder" })
        {
            if (!args.HasNamed(option) || op != WindowOp.Max) continue;
            string? problem = indices == IndexType.None ? $"{option} describes the indices: add a Span<long> indices parameter after the output"
                : option == "TensorIndices" && indices != IndexType.Int64 ? "TensorIndices count over the whole tensor: the indices must be a Span<long>"
                : args.NamedEnum("Layout") == (int)TensorLayout.ChannelsLast ? $"{option} is ONNX's, whose tensors are NCHW: not with channels-last"
                : null;
            if (problem is not null)
            {
                reporter.Report(DiagnosticDescriptors.InvalidIndexOption, args.NamedLocation(option), problem);
                return null;
            }
        }
        var model = new WindowPoolModel(op, element, rank, kernel, stride, padding, paddingEnd, dilation, ceilMode,
            op == WindowOp.Lp || args.NamedBool("CountIncludePad", true), divisorOverride, normType, absolute, onnxPadding, indices, inputSize,
            ps[0].Name, ps[1].Name, indicesName, extentNames.ToArray(), tensorIndices, order == (int)IndexOrder.ColumnMajor, sameAtRunTime);
        if (model.TapCount > UnrollBudget)
            reporter.Report(DiagnosticDescriptors.CompactLoops, args.AttributeLocation, name, model.TapCount, UnrollBudget);
        return model;
    }

    /// <summary>
    /// ONNX's padding as (begin, end) per axis, or null after a diagnostic: explicit <c>Pads</c> (every axis's begin,
    /// then every axis's end) or <c>AutoPad</c> — VALID none, SAME the padding that gives ceil(I / s) outputs, known
    /// here when the stride is 1 or <c>InputSize</c> is set (docs/onnx.md). Otherwise <paramref name="sameAtRunTime"/>
    /// says the padding is chosen per call; the padding returned is then the largest case's (an extent of 1), which is the
    /// one the window rules are checked against.
    /// </summary>
    private static int[]? OnnxPadding(AttributeArguments args, Reporter reporter, int rank, int[] kernel, int[] stride, int[] dilation,
        EquatableArray<int> inputSize, out int[]? padBegin, out AutoPad sameAtRunTime)
    {
        padBegin = null;
        sameAtRunTime = AutoPad.NotSet;
        int autoPad = args.NamedEnum("AutoPad");
        if (autoPad is < 0 or > 3)
        {
            reporter.Report(DiagnosticDescriptors.EnumOutOfRange, args.NamedLocation("AutoPad"), "AutoPad", autoPad, "AutoPad", "NotSet, SameUpper, SameLower, Valid");
            return null;
        }
        string padding = args.HasNamed("Padding") ? "Padding" : args.HasNamed("PaddingPerAxis") ? "PaddingPerAxis" : "";
        if (args.HasNamed("Pads") && padding.Length > 0)
        {
            reporter.Report(DiagnosticDescriptors.InvalidOnnxPadding, args.NamedLocation("Pads"), $"Pads and {padding} both set the padding: keep one (Pads is ONNX's begin/end form)");
            return null;
        }
        if (autoPad != 0 && (args.HasNamed("Pads") || padding.Length > 0))
        {
            reporter.Report(DiagnosticDescriptors.InvalidOnnxPadding, args.NamedLocation("AutoPad"),
                $"AutoPad computes the padding, so {(padding.Length > 0 ? padding : "Pads")} cannot be set with it (as in ONNX): keep one");
            return null;
        }
        if (autoPad == 0)
        {
            int[] pads = args.NamedInts("Pads") ?? System.Array.Empty<int>();
            if (pads.Length != 2 * rank)
            {
                reporter.Report(DiagnosticDescriptors.InvalidOnnxPadding, args.NamedLocation("Pads"),
                    $"Pads needs {2 * rank} values for {rank} spatial {(rank == 1 ? "axis" : "axes")} (every axis's begin, then every axis's end), but got {pads.Length}");
                return null;
            }
            padBegin = pads.Take(rank).ToArray();
            return pads.Skip(rank).ToArray();
        }
        padBegin = new int[rank];
        var padEnd = new int[rank];
        if (autoPad == (int)AutoPad.Valid) return padEnd;
        if (args.NamedBool("CeilMode", false))
        {
            reporter.Report(DiagnosticDescriptors.InvalidOnnxPadding, args.NamedLocation("CeilMode"),
                "CeilMode has no effect with AutoPad SameUpper or SameLower, whose output is ceil(I / stride) (as in ONNX): remove it");
            return null;
        }
        if (inputSize.Length == 0 && stride.Any(s => s != 1))
        {
            // One kernel per combination of residues: a handful for strides of 2 or 3, too many past that.
            long cases = stride.Aggregate(1L, (product, s) => product * System.Math.Max(s, 1));
            if (cases > MaxSameCases)
            {
                reporter.Report(DiagnosticDescriptors.InvalidOnnxPadding, args.NamedLocation("AutoPad"),
                    $"AutoPad {(AutoPad)autoPad} with strides {string.Join("×", stride)} and run-time extents would need a kernel for each of {cases} combinations of the extents modulo the strides (at most {MaxSameCases}): set InputSize");
                return null;
            }
            sameAtRunTime = (AutoPad)autoPad;
        }
        for (int a = 0; a < rank; a++)
        {
            if (kernel[a] <= 0 || stride[a] <= 0 || dilation[a] <= 0) return padEnd;   // ValidateWindow reports it
            PoolingShape.SamePadding(inputSize.Length == 0 ? 1 : inputSize[a], kernel[a], stride[a], dilation[a], autoPad == (int)AutoPad.SameUpper,
                out padBegin[a], out padEnd[a]);
        }
        return padEnd;
    }

    /// <summary>AutoPad SAME with run-time extents: the most padding cases a kernel is specialised to (3-D stride 2 is 8).</summary>
    internal const int MaxSameCases = 16;

    /// <summary>Reports the first broken sliding-window rule (PyTorch's order) on the argument at fault; false when one is broken.</summary>
    private static bool ValidateWindow(AttributeArguments args, Reporter reporter, int first, bool strideGiven, int[] kernel, int[] stride, int[] padding, int[]? paddingEnd, int[] dilation)
    {
        var rule = PoolingShape.ValidateWindow(kernel, stride, padding, paddingEnd, dilation, out string message, out int axis);
        if (rule == WindowRule.Valid) return true;
        Location Where(string scalar, string perAxis) =>
            paddingEnd is not null && scalar == "Padding" ? args.NamedLocation(args.HasNamed("Pads") ? "Pads" : "AutoPad")
            : args.HasNamed(perAxis) ? args.NamedLocation(perAxis, axis) : args.NamedLocation(scalar);
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
            case WindowRule.PaddingTooLarge when paddingEnd is not null:
                reporter.Report(DiagnosticDescriptors.InvalidOnnxPadding, Where("Padding", "PaddingPerAxis"), message);
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
