using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Pooling.Generators.Diagnostics;
using Pooling.Generators.Model;

namespace Pooling.Generators.Parsing;

// Upsample (F.interpolate): mode, scale factors or sizes, align_corners, recompute_scale_factor, antialias.
internal static partial class KernelParser
{
    // UpsampleMode's values, in declaration order.
    private static readonly string[] ModeNames = { "nearest", "nearest-exact", "linear", "bilinear", "bicubic", "trilinear", "area", "box", "lanczos" };

    // Pillow's own filters: uint8 images only (docs/semantics.md §8.10).
    private static readonly ElementType[] ByteElements = { ElementType.Byte };

    internal static OpModel? ParseUpsample(IMethodSymbol method, AttributeArguments args, Reporter reporter)
    {
        int mode = args.ConstructorEnum(0);
        if (mode < 0 || mode >= ModeNames.Length)
        {
            reporter.Report(DiagnosticDescriptors.EnumOutOfRange, args.ConstructorLocation(0), "mode", mode, "UpsampleMode",
                "Nearest, NearestExact, Linear, Bilinear, Bicubic, Trilinear, Area, Box, Lanczos");
            return null;
        }
        string modeName = ModeNames[mode];
        bool nearestLike = mode is (int)UpsampleMode.Nearest or (int)UpsampleMode.NearestExact;
        bool interpolating = mode is (int)UpsampleMode.Linear or (int)UpsampleMode.Bilinear or (int)UpsampleMode.Bicubic or (int)UpsampleMode.Trilinear;
        const string expected = "(ReadOnlySpan<T> input, Span<T> output, int extents…) with one int per spatial axis, outermost first, unless InputSize is set";
        // byte (uint8) bilinear and bicubic: Pillow's resampler with Antialias, else the float formula rounded (docs/semantics.md §8.10).
        bool pillowOnly = mode is (int)UpsampleMode.Box or (int)UpsampleMode.Lanczos;
        bool pillow = mode is (int)UpsampleMode.Bilinear or (int)UpsampleMode.Bicubic || pillowOnly;
        // byte area: the exact mean rounded half to even (docs/semantics.md §8.7).
        var elements = nearestLike ? AllElements : pillowOnly ? ByteElements : pillow || mode == (int)UpsampleMode.Area ? FloatingAndByteElements : FloatingElements;
        var signature = ParseSignature(method, args, reporter, elements, allowsIndices: false, expected, floatFromBytes: pillow);
        if (signature is null) return null;
        int rank = signature.Rank;
        void Fail(Location at, string message) => reporter.Report(DiagnosticDescriptors.InvalidUpsample, at, message);

        // docs/semantics.md §8.1, in PyTorch's order.
        if (!interpolating && args.HasNamed("AlignCorners"))
        {
            Fail(args.NamedLocation("AlignCorners"), "align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear");
            return null;
        }
        double[] scale = args.ConstructorDoubles(1) ?? Array.Empty<double>();
        bool hasSize = args.HasNamed("Size");
        if (hasSize && scale.Length > 0)
        {
            Fail(args.NamedLocation("Size"), "only one of size or scale_factor should be defined");
            return null;
        }
        int[] size = Array.Empty<int>();
        if (hasSize)
        {
            size = Expand(args.NamedInts("Size"), rank, "size", () => args.NamedLocation("Size"), reporter) ?? Array.Empty<int>();
            if (size.Length == 0) return null;
        }
        else if (scale.Length == 0)
        {
            Fail(args.AttributeLocation, "either size or scale_factor should be defined");
            return null;
        }
        else if (scale.Length != 1 && scale.Length != rank)
        {
            Fail(args.ConstructorLocation(1), $"Input and scale_factor must have the same number of spatial dimensions, but got input with {rank} spatial dimensions and scale_factor of {scale.Length}");
            return null;
        }
        else
        {
            scale = scale.Length == 1 ? Enumerable.Repeat(scale[0], rank).ToArray() : scale;
        }
        bool recompute = args.NamedBool("RecomputeScaleFactor", false);
        if (recompute && hasSize)
        {
            Fail(args.NamedLocation("RecomputeScaleFactor"), "recompute_scale_factor is not meaningful with an explicit size.");
            return null;
        }
        // Box and Lanczos are Pillow's resampler, which always widens its filter when reducing.
        bool antialias = args.NamedBool("Antialias", false) || pillowOnly;
        if (args.NamedBool("Antialias", false) && mode is not ((int)UpsampleMode.Bilinear or (int)UpsampleMode.Bicubic or (int)UpsampleMode.Box or (int)UpsampleMode.Lanczos))
        {
            Fail(args.NamedLocation("Antialias"), "Anti-alias option is restricted to bilinear and bicubic modes and requires a 4-D tensor as input");
            return null;
        }
        if (pillow && signature.Element == ElementType.Byte && antialias && args.NamedBool("AlignCorners", false))
        {
            Fail(args.NamedLocation("AlignCorners"), "byte (uint8) antialiased resize follows Pillow's resampler, which has no align_corners");
            return null;
        }
        if (signature.OutputElement != signature.Element && !antialias)
        {
            Fail(args.HasNamed("Antialias") ? args.NamedLocation("Antialias") : args.AttributeLocation,
                "fused preprocessing resizes with Pillow's resampler: set Antialias = true");
            return null;
        }
        var normalize = ParseNormalize(method, args, signature, reporter);
        if (normalize is { Model: null }) return null;
        var onnx = ParseOnnxResize(args, mode, rank, signature.Element, reporter, out bool onnxFailed);
        if (onnxFailed) return null;
        int requiredRank = (UpsampleMode)mode switch
        {
            UpsampleMode.Linear => 1,
            UpsampleMode.Bilinear or UpsampleMode.Bicubic or UpsampleMode.Box or UpsampleMode.Lanczos => 2,
            UpsampleMode.Trilinear => 3,
            _ => rank,
        };
        if (requiredRank != rank)
        {
            Fail(args.ConstructorLocation(0), $"Got {rank + 2}D input, but {modeName} mode needs {requiredRank + 2}D input");
            return null;
        }
        for (int axis = 0; axis < rank; axis++)
        {
            if (hasSize ? size[axis] <= 0 : !(scale[axis] > 0))
            {
                Fail(hasSize ? args.NamedLocation("Size", size.Length == rank ? axis : -1) : args.ConstructorLocation(1, axis),
                    hasSize ? $"Output sizes should be greater than 0, but got size {size[axis]}" : $"scale_factor must be greater than 0, but got {scale[axis].ToString("R", System.Globalization.CultureInfo.InvariantCulture)}");
                return null;
            }
        }
        int[] inputSize = signature.InputSize;
        if (inputSize.Length > 0)
        {
            var output = Enumerable.Range(0, rank).Select(a => hasSize ? size[a] : PoolingShape.UpsampleLength(inputSize[a], scale[a])).ToArray();
            if (output.Any(o => o < 1))
            {
                Fail(args.NamedLocation("InputSize"), PoolingShape.UpsampleSizeMessage(inputSize.Select(i => (long)i).ToArray(), output));
                return null;
            }
        }
        string display = args.DisplayName + "(" + modeName + ")";
        if (mode == (int)UpsampleMode.Area)
        {
            // 'area' is adaptive average pooling to the output size, with the scale always recomputed (docs/semantics.md §8.7).
            return new AdaptivePoolModel(display, false, signature.Element, rank, hasSize ? size : Fill(rank, -1), IndexType.None, inputSize,
                method.Parameters[0].Name, method.Parameters[1].Name, null, signature.ExtentNames.ToArray(), hasSize ? default : new EquatableArray<double>(scale));
        }
        var interpolation = (UpsampleMode)mode switch
        {
            UpsampleMode.Nearest => Interpolation.Nearest,
            UpsampleMode.NearestExact => Interpolation.NearestExact,
            UpsampleMode.Bicubic => Interpolation.Cubic,
            UpsampleMode.Box => Interpolation.Box,
            UpsampleMode.Lanczos => Interpolation.Lanczos,
            _ => Interpolation.Linear,
        };
        return new UpsampleModel(interpolation, modeName, signature.Element, rank, size, hasSize ? Array.Empty<double>() : scale,
            KernelScale: !hasSize && !recompute, AlignCorners: interpolating && args.NamedBool("AlignCorners", false), inputSize,
            method.Parameters[0].Name, method.Parameters[1].Name, signature.ExtentNames.ToArray(), antialias && onnx is null, normalize?.Model, onnx);
    }

    private static readonly string[] OnnxResizeOptions =
        { "CoordinateTransformation", "NearestMode", "CubicCoeffA", "ExcludeOutside", "KeepAspectRatioPolicy", "RegionOfInterest", "ExtrapolationValue" };

    /// <summary>
    /// ONNX Resize's options (docs/semantics.md §8.12), or null when none is set. Coordinate transformation: nearest,
    /// linear, bilinear, trilinear, bicubic; nearest mode: nearest; A and exclude_outside: bicubic. Not with AlignCorners
    /// (CoordinateTransformation.AlignCorners says it), antialias or uint8 interpolation (Pillow's paths).
    /// </summary>
    private static OnnxResizeModel? ParseOnnxResize(AttributeArguments args, int mode, int rankOf, ElementType element, Reporter reporter, out bool failed)
    {
        failed = true;
        void Fail(string option, string message) => reporter.Report(DiagnosticDescriptors.InvalidUpsample, args.NamedLocation(option), message);
        string? set = OnnxResizeOptions.FirstOrDefault(args.HasNamed);
        if (set is null)
        {
            failed = false;
            return null;
        }
        int transform = args.NamedEnum("CoordinateTransformation"), nearestMode = args.NamedEnum("NearestMode");
        if (transform is < 0 or > 6)
        {
            reporter.Report(DiagnosticDescriptors.EnumOutOfRange, args.NamedLocation("CoordinateTransformation"), "CoordinateTransformation", transform,
                "CoordinateTransformation", "PyTorch, HalfPixel, HalfPixelSymmetric, PytorchHalfPixel, AlignCorners, Asymmetric, TfCropAndResize");
            return null;
        }
        if (nearestMode is < 0 or > 4)
        {
            reporter.Report(DiagnosticDescriptors.EnumOutOfRange, args.NamedLocation("NearestMode"), "NearestMode", nearestMode, "NearestMode",
                "PyTorch, RoundPreferFloor, RoundPreferCeil, Floor, Ceil");
            return null;
        }
        bool nearest = mode == (int)UpsampleMode.Nearest, cubic = mode == (int)UpsampleMode.Bicubic;
        bool interpolating = mode is (int)UpsampleMode.Linear or (int)UpsampleMode.Bilinear or (int)UpsampleMode.Trilinear || cubic;
        if (!nearest && !interpolating)
        {
            Fail(set, $"{set} is an option of ONNX's Resize modes: nearest, linear, bilinear, trilinear, bicubic");
            return null;
        }
        if (args.HasNamed("NearestMode") && !nearest)
        {
            Fail("NearestMode", "NearestMode applies to the nearest mode only");
            return null;
        }
        foreach (string option in new[] { "CubicCoeffA", "ExcludeOutside" })
        {
            if (args.HasNamed(option) && !cubic)
            {
                Fail(option, $"{option} applies to the bicubic mode only");
                return null;
            }
        }
        if (args.HasNamed("AlignCorners"))
        {
            Fail("AlignCorners", "with ONNX's options, align corners is CoordinateTransformation = CoordinateTransformation.AlignCorners");
            return null;
        }
        // With ONNX's options, Antialias is ONNX's filter (edge pixels replicated, or dropped with ExcludeOutside), 2-D.
        bool antialias = args.NamedBool("Antialias", false);
        if (antialias && mode is not ((int)UpsampleMode.Bilinear or (int)UpsampleMode.Bicubic))
        {
            Fail("Antialias", "ONNX's antialiased Resize is built for bilinear and bicubic (2-D)");
            return null;
        }
        if (interpolating && element == ElementType.Byte)
        {
            Fail(set, "byte (uint8) interpolation follows PyTorch's rounding of the float formula or Pillow's resampler, which take none of these options");
            return null;
        }
        int aspect = args.NamedEnum("KeepAspectRatioPolicy");
        if (aspect is < 0 or > 2)
        {
            reporter.Report(DiagnosticDescriptors.EnumOutOfRange, args.NamedLocation("KeepAspectRatioPolicy"), "KeepAspectRatioPolicy", aspect, "AspectPolicy", "Stretch, NotLarger, NotSmaller");
            return null;
        }
        if (aspect != 0 && !args.HasNamed("Size"))
        {
            Fail("KeepAspectRatioPolicy", "KeepAspectRatioPolicy reads Size: set the output size (ONNX's sizes input)");
            return null;
        }
        // tf_crop_and_resize: a region of interest (start per axis, then end) and the value outside the input; 2-D, with Size.
        bool crop = transform == (int)CoordinateTransformation.TfCropAndResize;
        double[] roi = args.NamedDoubles("RegionOfInterest") ?? Array.Empty<double>();
        foreach (string option in new[] { "RegionOfInterest", "ExtrapolationValue" })
        {
            if (!crop && args.HasNamed(option))
            {
                Fail(option, $"{option} applies to CoordinateTransformation.TfCropAndResize only");
                return null;
            }
        }
        if (crop)
        {
            if (rankOf != 2 || antialias)
            {
                Fail("CoordinateTransformation", "TfCropAndResize is built for 2-D resizing without antialias");
                return null;
            }
            if (!args.HasNamed("Size"))
            {
                Fail("CoordinateTransformation", "TfCropAndResize takes the output size (ONNX's sizes): set Size");
                return null;
            }
            if (roi.Length != 2 * rankOf || roi.Any(v => double.IsNaN(v) || double.IsInfinity(v)))
            {
                Fail(args.HasNamed("RegionOfInterest") ? "RegionOfInterest" : "CoordinateTransformation",
                    $"TfCropAndResize needs RegionOfInterest: {2 * rankOf} finite values, every axis's start then every axis's end, as fractions of the input");
                return null;
            }
        }
        double extrapolation = args.NamedDouble("ExtrapolationValue") ?? 0;
        double a = args.NamedDouble("CubicCoeffA") ?? -0.75;
        if (!(a < 0) || double.IsInfinity(a))
        {
            Fail("CubicCoeffA", "CubicCoeffA must be a finite negative number (Keys' kernel; −0.75 and −0.5 are the usual ones)");
            return null;
        }
        failed = false;
        // The PyTorch rule, stated: nearest is asymmetric + floor, the interpolating modes half_pixel.
        int resolvedTransform = transform != 0 ? transform : nearest ? (int)CoordinateTransformation.Asymmetric : (int)CoordinateTransformation.HalfPixel;
        return new OnnxResizeModel(resolvedTransform, nearestMode != 0 ? nearestMode : (int)NearestMode.Floor, a, args.NamedBool("ExcludeOutside", false), aspect,
            antialias, roi, extrapolation);
    }

    private static readonly string[] NormalizeOptions = { "Mean", "Std", "OutputLayout", "ReverseChannels" };

    /// <summary>
    /// Fused preprocessing (docs/semantics.md §8.11): a byte image in, a float (or Half) model input out. Null when the kernel is not
    /// fused (and sets none of its options); a result whose Model is null when a diagnostic was reported.
    /// </summary>
    private static (NormalizeModel? Model, bool)? ParseNormalize(IMethodSymbol method, AttributeArguments args, Signature signature, Reporter reporter)
    {
        void Fail(Location at, string message) => reporter.Report(DiagnosticDescriptors.InvalidUpsample, at, message);
        bool fused = signature.OutputElement != signature.Element;
        if (!fused)
        {
            string? option = NormalizeOptions.FirstOrDefault(args.HasNamed);
            if (option is null) return null;
            Fail(args.NamedLocation(option), $"{option} is an option of fused preprocessing: a byte image in (ReadOnlySpan<byte>), a float or Half model input out (Span<float>, Span<Half>)");
            return (null, false);
        }
        if (IsTensor(method.Parameters[0].Type))
        {
            Fail(ParameterLocation(method.Parameters[0]), "fused preprocessing takes spans (ReadOnlySpan<byte> image, Span<float> or Span<Half> output); its output layout differs from its input's, which tensor spans do not describe");
            return (null, false);
        }
        if (args.NamedEnum("Layout") != (int)TensorLayout.ChannelsLast)
        {
            Fail(args.HasNamed("Layout") ? args.NamedLocation("Layout") : args.AttributeLocation,
                "fused preprocessing reads interleaved pixels (HWC or NHWC): set Layout = TensorLayout.ChannelsLast");
            return (null, false);
        }
        if (args.NamedEnum("OutputLayout") is not ((int)TensorLayout.ChannelsFirst or (int)TensorLayout.ChannelsLast) and var layout)
        {
            reporter.Report(DiagnosticDescriptors.EnumOutOfRange, args.NamedLocation("OutputLayout"), "OutputLayout", layout, "TensorLayout", "ChannelsFirst, ChannelsLast");
            return (null, false);
        }
        double[] mean = args.NamedDoubles("Mean") ?? Array.Empty<double>(), std = args.NamedDoubles("Std") ?? Array.Empty<double>();
        if (mean.Length > 0 && std.Length > 0 && mean.Length != std.Length)
        {
            Fail(args.NamedLocation("Std"), $"Mean has {mean.Length} values and Std {std.Length}: one of each per channel");
            return (null, false);
        }
        int channels = args.NamedInts("Channels") is { Length: > 0 } c ? c[0] : -1;
        foreach (var (name, values) in new[] { ("Mean", mean), ("Std", std) })
        {
            // One per channel, or one fewer with a constant channel count: the last channel (alpha) is dropped.
            if (values.Length > 0 && channels > 0 && values.Length != channels && values.Length != channels - 1)
            {
                Fail(args.NamedLocation(name), $"{name} has {values.Length} values for {channels} channels: one per channel (or one fewer, to drop alpha)");
                return (null, false);
            }
            for (int k = 0; k < values.Length; k++)
            {
                float value = (float)values[k];   // PyTorch holds them as float32 tensors
                if (float.IsNaN(value) || float.IsInfinity(value) || name == "Std" && value == 0)
                {
                    Fail(args.NamedLocation(name, k), name == "Std" && value == 0
                        ? $"std evaluated to zero after conversion to float, leading to division by zero (Std[{k}])"
                        : $"{name}[{k}] is not a finite float");
                    return (null, false);
                }
            }
        }
        int written = Math.Max(mean.Length, std.Length);
        return (new NormalizeModel(mean, std, args.NamedEnum("OutputLayout") != (int)TensorLayout.ChannelsLast, args.NamedBool("ReverseChannels", false),
            DropsAlpha: channels > 0 && written == channels - 1), true);
    }
}
