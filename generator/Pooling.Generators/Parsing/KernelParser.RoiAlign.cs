using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Pooling.Generators.Diagnostics;
using Pooling.Generators.Model;

namespace Pooling.Generators.Parsing;

// RoIAlign: torchvision's (input, boxes, output) or ONNX's (input, rois, batchIndices, output) signature, the bins,
// spatial scale, sampling ratio, aligned and mode.
internal static partial class KernelParser
{
    internal static RoiAlignModel? ParseRoiAlign(IMethodSymbol method, AttributeArguments args, Reporter reporter, bool pool = false)
    {
        string name = args.DisplayName;
        string expected = pool
            ? "(ReadOnlySpan<T> input, ReadOnlySpan<T> boxes, Span<T> output, int channels, int height, int width) with boxes (batch index, x1, y1, x2, y2); "
              + "the extents are the input's, unless InputSize is set; or the same buffers as tensor spans, input [images, channels, height, width], "
              + "boxes [boxes, 5], output [boxes, channels, h, w], with no int parameters"
            : "(ReadOnlySpan<T> input, ReadOnlySpan<T> boxes, Span<T> output, int channels, int height, int width) with torchvision's "
              + "boxes (batch index, x1, y1, x2, y2), or (ReadOnlySpan<T> input, ReadOnlySpan<T> rois, ReadOnlySpan<long> or ReadOnlySpan<int> batchIndices, "
              + "Span<T> output, int channels, int height, int width) with ONNX's rois (x1, y1, x2, y2); the extents are the input's, unless InputSize is set; "
              + "or the same buffers as tensor spans, input [images, channels, height, width], boxes [boxes, 5] (rois [boxes, 4], batchIndices [boxes]), "
              + "output [boxes, channels, h, w], with no int parameters";
        var ps = method.Parameters;
        void Wrong(int parameter) => reporter.Report(DiagnosticDescriptors.WrongSignature,
            parameter < ps.Length ? ParameterLocation(ps[parameter]) : method.Locations.FirstOrDefault() ?? Location.None, name, expected);
        if (OperatorInput(method, Wrong) is not { } elementSymbol) return null;
        if (!IsSpanOf(ps[1], "ReadOnlySpan", elementSymbol))
        {
            Wrong(1);
            return null;
        }
        int next = 2;
        IndexType indexType = IndexType.None;
        if (!pool && SpanElement(ps[2].Type, "ReadOnlySpan") is { } indexElement)
        {
            indexType = indexElement.SpecialType switch
            {
                SpecialType.System_Int32 => IndexType.Int32,
                SpecialType.System_Int64 => IndexType.Int64,
                _ => IndexType.None,
            };
            if (indexType == IndexType.None || ps[2].RefKind != RefKind.None)
            {
                Wrong(2);
                return null;
            }
            next = 3;
        }
        if (next >= ps.Length || !IsSpanOf(ps[next], "Span", elementSymbol))
        {
            Wrong(next);
            return null;
        }
        if (!OperatorElementAndLayout(method, args, reporter, elementSymbol, DiagnosticDescriptors.InvalidRoiAlign, out var element, out bool channelsLast)) return null;
        if (ParseExtents(method, args, reporter, next + 1, expected) is not var (extentNames, inputSize, rank)) return null;
        if (rank != 3)
        {
            reporter.Report(DiagnosticDescriptors.RankMismatch, inputSize.Length > 0 ? args.NamedLocation("InputSize") : method.Locations.FirstOrDefault() ?? Location.None,
                $"[{name}] needs the input's (channels, height, width): 3 int parameters or 3 InputSize entries, but got {rank}");
            return null;
        }
        int outHeight = args.ConstructorInts(0)?[0] ?? 0, outWidth = args.ConstructorInts(1)?[0] ?? 0;
        for (int i = 0; i < 2; i++)
        {
            int value = i == 0 ? outHeight : outWidth;
            if (value <= 0)
            {
                reporter.Report(DiagnosticDescriptors.InvalidRoiAlign, args.ConstructorLocation(i), $"output_size must be positive, but got {(i == 0 ? "height" : "width")} {value}");
                return null;
            }
        }
        double scale = args.NamedDouble("SpatialScale") ?? 1;
        if (!(scale > 0) || double.IsInfinity(scale))
        {
            reporter.Report(DiagnosticDescriptors.InvalidRoiAlign, args.NamedLocation("SpatialScale"), "SpatialScale must be a finite positive number (1 / the feature map's stride)");
            return null;
        }
        int mode = pool ? 0 : args.NamedEnum("Mode");
        if (mode is < 0 or > 1)
        {
            reporter.Report(DiagnosticDescriptors.EnumOutOfRange, args.NamedLocation("Mode"), "Mode", mode, "RoiPoolMode", "Average, Max");
            return null;
        }
        if (inputSize.Length == 3 && inputSize.Any(v => v <= 0))
        {
            reporter.Report(DiagnosticDescriptors.InvalidRoiAlign, args.NamedLocation("InputSize"), "InputSize extents (channels, height, width) must be positive");
            return null;
        }
        return new RoiAlignModel(element, outHeight, outWidth, scale, args.NamedInts("SamplingRatio")?[0] ?? 0, args.NamedBool("Aligned", false),
            mode == (int)RoiPoolMode.Max, inputSize, ps[0].Name, ps[1].Name, indexType == IndexType.None ? null : ps[2].Name, indexType, ps[next].Name,
            extentNames.ToArray(), pool, channelsLast);
    }
}
