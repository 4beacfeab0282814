using System.Linq;
using Microsoft.CodeAnalysis;
using Pooling.Generators.Diagnostics;
using Pooling.Generators.Model;

namespace Pooling.Generators.Parsing;

// PixelShuffle / PixelUnshuffle and ONNX's DepthToSpace / SpaceToDepth: the factor, the channel order and the
// (channels, height, width) extents.
internal static partial class KernelParser
{
    /// <summary>ONNX's DepthToSpace (DCR by default, CRD = PixelShuffle) and SpaceToDepth (block-first, the inverse of DCR).</summary>
    internal static ShuffleModel? ParseDepthToSpace(IMethodSymbol method, bool spaceToDepth, AttributeArguments args, Reporter reporter)
    {
        int mode = spaceToDepth ? 0 : args.NamedEnum("Mode");
        if (mode is < 0 or > 1)
        {
            reporter.Report(DiagnosticDescriptors.EnumOutOfRange, args.NamedLocation("Mode"), "Mode", mode, "DepthToSpaceMode", "Dcr, Crd");
            return null;
        }
        return ParseShuffle(method, spaceToDepth, args, reporter, blockFirst: mode == (int)DepthToSpaceMode.Dcr);
    }

    internal static ShuffleModel? ParseShuffle(IMethodSymbol method, bool unshuffle, AttributeArguments args, Reporter reporter, bool blockFirst = false)
    {
        const string expected = "(ReadOnlySpan<T> input, Span<T> output, int channels, int height, int width) with the input's extents, unless InputSize is set";
        var signature = ParseSignature(method, args, reporter, AllElements, allowsIndices: false, expected);
        if (signature is null) return null;
        if (signature.Rank != 3)
        {
            reporter.Report(DiagnosticDescriptors.RankMismatch, signature.InputSize.Length > 0 ? args.NamedLocation("InputSize") : method.Locations.FirstOrDefault() ?? Location.None,
                $"[{args.DisplayName}] needs the input's (channels, height, width): 3 int parameters or 3 InputSize entries, but got {signature.Rank}");
            return null;
        }
        int factor = args.ConstructorInts(0)?[0] ?? 0;
        string what = unshuffle ? "downscale_factor" : "upscale_factor";
        if (factor <= 0)
        {
            reporter.Report(DiagnosticDescriptors.InvalidShuffleFactor, args.ConstructorLocation(0),
                args.AttributeClass is DepthToSpaceAttribute or SpaceToDepthAttribute
                    ? $"{(unshuffle ? "SpaceToDepth" : "DepthToSpace")} expects a positive blocksize, but got {factor}"
                    : $"{(unshuffle ? "pixel_unshuffle" : "pixel_shuffle")} expects a positive {what}, but got {factor}");
            return null;
        }
        if (signature.InputSize.Length == 3 && PoolingShape.ValidateShuffle(unshuffle, factor, signature.InputSize[0], signature.InputSize[1], signature.InputSize[2]) is { } invalid)
        {
            reporter.Report(DiagnosticDescriptors.InvalidShuffleFactor, args.NamedLocation("InputSize"), invalid);
            return null;
        }
        return new ShuffleModel(unshuffle, blockFirst, signature.Element, factor, signature.InputSize, method.Parameters[0].Name, method.Parameters[1].Name,
            signature.ExtentNames.ToArray());
    }
}
