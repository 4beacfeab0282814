using System.Globalization;
using Pooling.Reference;

namespace Pooling.Generators.Tests.Infrastructure;

/// <summary>An F.interpolate configuration: its declaration and its reference result.</summary>
internal sealed record UpsampleCase(
    string Mode,               // UpsampleMode member name
    string Element,
    int Rank,
    int[]? Size,
    double[]? Scale,
    bool AlignCorners = false,
    bool Recompute = false,
    int[]? ConstantInputSize = null,
    bool Antialias = false,
    string? Transform = null,      // ONNX: a CoordinateTransformation member name
    string? NearestMode = null,    // ONNX: a NearestMode member name
    double? CubicA = null,         // ONNX: cubic_coeff_a
    bool ExcludeOutside = false,
    string? Layout = null,         // "ChannelsLast" with Channels = N channels
    int Channels = 0,
    string? Aspect = null,                       // ONNX: an AspectPolicy member name (with Size)
    double[]? Roi = null,                        // ONNX: tf_crop_and_resize's region (starts, then ends)
    double Extrapolation = 0) : IDifferentialCase
{
    /// <summary>Whether an ONNX Resize option is set (the kernel then follows docs/semantics.md §8.12).</summary>
    public bool IsOnnx => Transform is not null || NearestMode is not null || CubicA is not null || ExcludeOutside || Aspect is not null || Roi is not null;

    // ONNX's keep_aspect_ratio_policy: the one scale, the smallest (not larger) or largest size / input ratio.
    private double AspectScale(int[] inputSize)
    {
        var ratios = Enumerable.Range(0, Rank).Select(a => (double)Size![Size.Length == 1 ? 0 : a] / inputSize[a]);
        return Aspect == "NotLarger" ? ratios.Min() : ratios.Max();
    }

    public string? IndexType => null;

    public int[] OutputExtents(int[] inputSize) => OutputFor(inputSize);

    public (Array Output, long[]? Indices) Expected(Array input, int[] size, int outputLength) => (Reference(input, size, outputLength), null);

    public Type ElementType => KernelSuite.ElementType(Element);

    public string Attribute()
    {
        var args = new List<string> { "UpsampleMode." + Mode };
        if (Scale is not null) args.AddRange(Scale.Select(s => s.ToString("R", CultureInfo.InvariantCulture)));
        if (Size is not null) args.Add($"Size = new[] {{ {string.Join(", ", Size)} }}");
        if (AlignCorners) args.Add("AlignCorners = true");
        if (Recompute) args.Add("RecomputeScaleFactor = true");
        if (Antialias) args.Add("Antialias = true");
        if (Transform is not null) args.Add($"CoordinateTransformation = CoordinateTransformation.{Transform}");
        if (NearestMode is not null) args.Add($"NearestMode = NearestMode.{NearestMode}");
        if (CubicA is { } a) args.Add($"CubicCoeffA = {a.ToString("R", CultureInfo.InvariantCulture)}");
        if (ExcludeOutside) args.Add("ExcludeOutside = true");
        if (Aspect is not null) args.Add($"KeepAspectRatioPolicy = AspectPolicy.{Aspect}");
        if (Roi is not null) args.Add($"RegionOfInterest = new double[] {{ {string.Join(", ", Roi.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))} }}");
        if (Extrapolation != 0) args.Add($"ExtrapolationValue = {Extrapolation.ToString("R", CultureInfo.InvariantCulture)}");
        if (Layout is not null) args.Add($"Layout = TensorLayout.{Layout}, Channels = {Channels}");
        if (ConstantInputSize is not null) args.Add($"InputSize = new[] {{ {string.Join(", ", ConstantInputSize)} }}");
        return $"[Upsample({string.Join(", ", args)})]";
    }

    public string Declaration(string name) =>
        $"    {Attribute()}\n    public static partial void {name}({KernelSuite.Parameters(Element, null, Rank, ConstantInputSize is not null)});\n"
        + KernelSuite.Wrapper(name, Element, null, Rank, ConstantInputSize is not null);

    private double[]? PerAxisScale => Scale is null ? null : Scale.Length == 1 ? Enumerable.Repeat(Scale[0], Rank).ToArray() : Scale;

    public int[] OutputFor(int[] inputSize) =>
        Aspect is not null ? inputSize.Select(i => (int)(AspectScale(inputSize) * i + 0.5)).ToArray()
        : Size is { } s ? (s.Length == 1 ? Enumerable.Repeat(s[0], Rank).ToArray() : s)
        : Enumerable.Range(0, Rank).Select(a => (int)PoolingShape.UpsampleLength(inputSize[a], PerAxisScale![a])).ToArray();

    public Array Reference(Array input, int[] size, int outputLength) => input switch
    {
        float[] a => Run<float, float>(a, size, outputLength),
        double[] a => Run<double, double>(a, size, outputLength),
        Half[] a => Run<Half, float>(a, size, outputLength),
        byte[] a => Run<byte, float>(a, size, outputLength),
        int[] a => Run<int, float>(a, size, outputLength),
        _ => Run<long, float>((long[])input, size, outputLength),
    };

    private Array Run<T, TMath>(T[] input, int[] size, int outputLength)
        where T : System.Numerics.INumber<T>
        where TMath : System.Numerics.IFloatingPoint<TMath>
    {
        var output = new T[outputLength];
        var mode = Enum.Parse<UpsampleMode>(Mode);
        if (IsOnnx)
        {
            // ONNX's scale: the given one, or output / input for a size (or with recompute_scale_factor).
            int[] outSize = OutputFor(size);
            double[] scales = Enumerable.Range(0, Rank).Select(a => Aspect is not null ? AspectScale(size)
                : PerAxisScale is { } sf && !Recompute ? sf[a] : (double)outSize[a] / size[a]).ToArray();
            string onnxMode = mode switch { UpsampleMode.Nearest => "nearest", UpsampleMode.Bicubic => "cubic", _ => "linear" };
            var transform = Transform is null ? (mode == UpsampleMode.Nearest ? CoordinateTransformation.Asymmetric : CoordinateTransformation.HalfPixel) : Enum.Parse<CoordinateTransformation>(Transform);
            var nearestMode = NearestMode is null ? Pooling.NearestMode.Floor : Enum.Parse<NearestMode>(NearestMode);
            ReferenceOnnxResize.Resize<T>(input, size, outSize, scales, onnxMode, transform, nearestMode, CubicA ?? -0.75, ExcludeOutside, output, Antialias,
                Roi, Extrapolation);
            return output;
        }
        if (mode == UpsampleMode.Area)
            ReferenceAdaptivePooling.AdaptiveAvgPool<T, TMath>(input, size, OutputFor(size), output);
        else
            ReferenceUpsample.Upsample<T, TMath>(input, size, OutputFor(size), mode, AlignCorners, PerAxisScale, Recompute, output);
        return output;
    }

    public override string ToString() => $"{Attribute()} {Element}";
}
