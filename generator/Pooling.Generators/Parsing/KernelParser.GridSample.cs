using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Pooling.Generators.Diagnostics;
using Pooling.Generators.Model;

namespace Pooling.Generators.Parsing;

// GridSample: the (input, grid, output) signature, mode, padding and align_corners.
internal static partial class KernelParser
{
    internal static GridSampleModel? ParseGridSample(IMethodSymbol method, AttributeArguments args, Reporter reporter)
    {
        string name = args.DisplayName;
        const string expected = "(ReadOnlySpan<T> input, ReadOnlySpan<T> grid, Span<T> output, int channels, int height, int width) with the input's "
            + "extents (images × channels × height × width), the grid's (x, y) points (images × points × 2) and the output's images × channels × points, "
            + "or the same with (int channels, int depth, int height, int width) and (x, y, z) points for volumes, unless InputSize is set; "
            + "or the same buffers as tensor spans, input [images, channels, height, width], grid [images, out height, out width, 2], "
            + "output [images, channels, out height, out width] (volumes: InputSize with four extents), with no int parameters";
        var ps = method.Parameters;
        void Wrong(int parameter) => reporter.Report(DiagnosticDescriptors.WrongSignature,
            parameter < ps.Length ? ParameterLocation(ps[parameter]) : method.Locations.FirstOrDefault() ?? Location.None, name, expected);
        if (OperatorInput(method, Wrong) is not { } elementSymbol) return null;
        for (int i = 1; i < 3; i++)
        {
            if (!IsSpanOf(ps[i], i == 1 ? "ReadOnlySpan" : "Span", elementSymbol))
            {
                Wrong(i);
                return null;
            }
        }
        if (!OperatorElementAndLayout(method, args, reporter, elementSymbol, DiagnosticDescriptors.InvalidGridSample, out var element, out bool channelsLast)) return null;
        if (ParseExtents(method, args, reporter, 3, expected, maxRank: 4) is not var (extentNames, inputSize, rank)) return null;
        if (rank is not (3 or 4))
        {
            reporter.Report(DiagnosticDescriptors.RankMismatch, inputSize.Length > 0 ? args.NamedLocation("InputSize") : method.Locations.FirstOrDefault() ?? Location.None,
                $"[{name}] needs the input's (channels, height, width) or, for volumes, (channels, depth, height, width): 3 or 4 int parameters or InputSize entries, but got {rank}");
            return null;
        }
        int mode = args.ConstructorArgumentCount > 0 ? args.ConstructorEnum(0) : 0, padding = args.NamedEnum("PaddingMode");
        if (mode is < 0 or > 2)
        {
            reporter.Report(DiagnosticDescriptors.EnumOutOfRange, args.ConstructorLocation(0), "mode", mode, "GridSampleMode", "Bilinear, Nearest, Bicubic");
            return null;
        }
        if (padding is < 0 or > 2)
        {
            reporter.Report(DiagnosticDescriptors.EnumOutOfRange, args.NamedLocation("PaddingMode"), "PaddingMode", padding, "GridPadding", "Zeros, Border, Reflection");
            return null;
        }
        if (rank == 4 && mode == (int)GridSampleMode.Bicubic)
        {
            reporter.Report(DiagnosticDescriptors.InvalidGridSample, args.ConstructorLocation(0), "grid_sampler(): bicubic interpolation only supports 4D input (images, not volumes)");
            return null;
        }
        if (inputSize.Length > 0 && inputSize.Any(v => v <= 0))
        {
            reporter.Report(DiagnosticDescriptors.InvalidGridSample, args.NamedLocation("InputSize"), "InputSize extents (channels, height, width) must be positive");
            return null;
        }
        return new GridSampleModel(element, mode, padding, args.NamedBool("AlignCorners", false), inputSize, ps[0].Name, ps[1].Name, ps[2].Name,
            extentNames.ToArray(), channelsLast) { Rank = rank - 1 };
    }
}
