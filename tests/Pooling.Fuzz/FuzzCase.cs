using System.Numerics;
using Pooling.Reference;

namespace Pooling.Fuzz;

/// <summary>How one call ended, as the fuzzer counts it.</summary>
internal enum Outcome { Matched, Rejected, Mismatch, GuardViolation, WrongParameter, WrappedAccepted, Unexpected }

internal abstract class FuzzCase
{
    public abstract string Name { get; }

    /// <summary>Draws one call, runs it and judges it; <paramref name="detail"/> says what went wrong.</summary>
    public abstract Outcome Run(Random random, out string detail);
}

internal delegate void Kernel<T>(Buffers<T> buffers, int[] extents) where T : INumber<T>;

/// <summary>One kernel under fuzzing: draws extents (valid, zero/negative, huge and wrapping modulo 2^32 and 2^64) and
/// buffer lengths (exact or off), predicts the outcome from the <see cref="Spec"/>, calls, and checks guards, values
/// against the reference, and the parameter an exception names.</summary>
internal sealed class FuzzCase<T>(string name, Spec spec, Kernel<T> kernel) : FuzzCase where T : INumber<T>
{
    private static readonly int[] Huge = { 46341, 65536, 65537, 1 << 20, 1 << 24, 1 << 30, int.MaxValue, 769546, 989540, 48448661 };

    public override string Name => name;

    public override Outcome Run(Random r, out string detail)
    {
        int category = r.Next(20);   // 0–8 valid, 9–12 a buffer off, 13–14 an extent ≤ 0, 15–19 huge extents
        int[] ints = DrawExtents(r, category);
        var expectation = Predict(ints, out long inUnit, out long outUnit);
        int xLength, yLength, indicesLength;
        bool badIndexValue = false;
        if (expectation is null && inUnit * 3 > 1 << 16)
        {
            // Extents that are valid but too large to allocate here: small buffers, which the kernel must refuse.
            xLength = Wrapped(ints, r);
            yLength = r.Next(1, 64);
            indicesLength = IndicesLength(xLength, yLength);
            expectation = PredictBuffers(xLength, yLength, indicesLength, inUnit, outUnit, badIndexValue: false);
        }
        else if (expectation is null)
        {
            int batch = r.Next(1, 4);
            xLength = checked((int)(batch * inUnit));
            yLength = checked((int)(batch * outUnit));
            indicesLength = IndicesLength(xLength, yLength);
            if (category is >= 9 and <= 12)
            {
                switch (r.Next(spec.Indices == Indices.None ? 2 : 3))
                {
                    case 0: xLength = r.Next(2) == 0 ? 0 : xLength + (r.Next(2) == 0 ? 1 : -1); break;
                    case 1: yLength += r.Next(2) == 0 ? 1 : -1; break;
                    default:
                        if ((spec.Family == Family.Unpool || spec.Backward) && r.Next(2) == 0) badIndexValue = true;
                        else indicesLength += r.Next(2) == 0 ? 1 : -1;
                        break;
                }
                xLength = Math.Max(xLength, 0); yLength = Math.Max(yLength, 0); indicesLength = Math.Max(indicesLength, 0);
            }
            expectation = PredictBuffers(xLength, yLength, indicesLength, inUnit, outUnit, badIndexValue);
        }
        else if (inUnit > 0 && outUnit >= 0 && inUnit * 3 <= 1 << 16 && !expectation.Contains("y"))
        {
            // A shape rule broken (an empty output, a factor that does not divide), every product in range: whole
            // samples in, so the shape is the only fault and the exception must name an extent at fault.
            xLength = checked((int)(r.Next(1, 4) * inUnit));
            yLength = r.Next(1, 64);
            indicesLength = IndicesLength(xLength, yLength);
        }
        else
        {
            // Extents the kernel must refuse: buffers as small as the wrapped products (≤ 4096), or a few elements.
            xLength = Wrapped(ints, r);
            yLength = r.Next(2) == 0 ? xLength : r.Next(1, 64);
            indicesLength = IndicesLength(xLength, yLength);
        }

        // Wrong extents with an input that is not whole samples either: naming the input is as true as naming an extent
        // (channels-last wrappers check their input before the NCHW kernel checks the shape).
        if (expectation.Count > 0 && inUnit > 0 && (xLength == 0 || xLength % inUnit != 0) && spec.ExtentNames.Any(n => expectation.Contains(n)))
            expectation.Add("x");

        var buffers = new Buffers<T>(xLength, yLength, indicesLength);
        Fill(buffers, r, ints, outUnit, badIndexValue);
        Exception? thrown = null;
        try
        {
            kernel(buffers, ints);
        }
        catch (Exception e)
        {
            thrown = e;
        }

        string context = $"{name}({string.Join(", ", ints)}) x={xLength} y={yLength} i={indicesLength}";
        if (buffers.BrokenGuard() is { } broken)
        {
            detail = $"{context}: {broken}";
            return Outcome.GuardViolation;
        }
        if (expectation.Count > 0)
        {
            if (thrown is null)
            {
                detail = $"{context}: accepted; expected an ArgumentException naming {string.Join(" or ", expectation)}";
                return category >= 15 ? Outcome.WrappedAccepted : Outcome.Unexpected;
            }
            if (thrown is not ArgumentException argument || argument.ParamName is null || !expectation.Contains(argument.ParamName))
            {
                detail = $"{context}: {thrown.GetType().Name} naming '{(thrown as ArgumentException)?.ParamName}', expected {string.Join(" or ", expectation)}: {thrown.Message}";
                return thrown is ArgumentException ? Outcome.WrongParameter : Outcome.Unexpected;
            }
            detail = "";
            return Outcome.Rejected;
        }
        if (thrown is not null)
        {
            detail = $"{context}: valid call threw {thrown}";
            return Outcome.Unexpected;
        }
        detail = spec.HasReference ? Compare(buffers, ints) ?? "" : "";
        return detail.Length == 0 ? Outcome.Matched : Outcome.Mismatch;
    }

    // The int parameters in declaration order.
    private int[] DrawExtents(Random r, int category)
    {
        int count = spec.ExtentNames.Length;
        var ints = new int[count];
        for (int i = 0; i < count; i++)
        {
            bool channel = spec.ChannelsLast && !spec.IsShuffle && i == count - 1;
            ints[i] = channel ? (r.Next(3) == 0 ? r.Next(6, 40) : r.Next(1, 6)) : spec.IsShuffle && i == 0 ? ShuffleChannels(r) : r.Next(1, 10);
            // Wide rows now and then, so every vector width (and its tail) runs.
            bool lastSpatial = i == (spec.ChannelsLast && !spec.IsShuffle ? count - 2 : count - 1);
            if (lastSpatial && r.Next(3) == 0) ints[i] = r.Next(10, 90);
            if (spec.Family == Family.Unshuffle && i > 0 && r.Next(4) != 0) ints[i] = spec.Factor * r.Next(1, 4);
        }
        if (count == 0) return ints;
        if (category is 13 or 14)
        {
            ints[r.Next(count)] = new[] { 0, -1, -7, int.MinValue }[r.Next(4)];
        }
        else if (category >= 15)
        {
            // The reported triple wraps to 8 modulo 2^64; 65536² is 0 and 65537² is 131073 modulo 2^32.
            if (count >= 3 && r.Next(3) == 0) { ints[^3] = 769546; ints[^2] = 989540; ints[^1] = 48448661; }
            else if (count >= 2 && r.Next(3) == 0) { int v = r.Next(2) == 0 ? 65536 : 65537; ints[^1] = v; ints[^2] = v; }
            int huge = 1 + r.Next(count);
            for (int k = 0; k < huge; k++) ints[r.Next(count)] = Huge[r.Next(Huge.Length)];
        }
        return ints;
    }

    private int ShuffleChannels(Random r) => spec.Family == Family.Shuffle && r.Next(4) != 0 ? spec.Factor * spec.Factor * r.Next(1, 4) : r.Next(1, 10);

    /// <summary>The names an exception may carry for these extents, or null when they are valid (then the units of one
    /// sample in and out).</summary>
    private HashSet<string>? Predict(int[] ints, out long inUnit, out long outUnit)
    {
        inUnit = outUnit = 0;
        var nonPositive = spec.ExtentNames.Where((n, i) => ints[i] <= 0).ToHashSet();
        if (nonPositive.Count > 0) return nonPositive;

        var offending = new HashSet<string>();
        System.Numerics.BigInteger inSize, outSize;
        if (spec.IsShuffle)
        {
            long c = ints[0], h = ints[1], w = ints[2];
            string? invalid = PoolingShape.ValidateShuffle(spec.Family == Family.Unshuffle, spec.Factor, c, h, w, out _);
            if (invalid is not null)
            {
                // PyTorch's order: channels for shuffle; height, then width for unshuffle.
                offending.Add(spec.Family == Family.Shuffle ? spec.ExtentNames[0] : h % spec.Factor != 0 ? spec.ExtentNames[1] : spec.ExtentNames[2]);
            }
            inSize = outSize = (System.Numerics.BigInteger)c * h * w;
        }
        else
        {
            int[] spatial = spec.ConstantInput ?? ints.Take(spec.Rank).ToArray();
            long channels = spec.ChannelsLast ? (spec.ConstantChannels > 0 ? spec.ConstantChannels : ints[^1]) : 1;
            inSize = outSize = channels;
            for (int a = 0; a < spec.Rank; a++)
            {
                inSize *= spatial[a];
                if (spec.OutputExtent(a, spatial[a]) is { } o) outSize *= o;
                else offending.Add(spec.ExtentNames[a]);
            }
        }
        bool overflow = inSize > int.MaxValue || outSize > int.MaxValue;
        if (inSize <= int.MaxValue) inUnit = (long)inSize;
        if (!overflow) outUnit = (long)outSize;
        if (overflow)
        {
            offending.UnionWith(spec.ExtentNames);
            offending.Add("y");   // an output sample past int.MaxValue may be reported as an output no span can match
        }
        return offending.Count > 0 ? offending : null;
    }

    private HashSet<string> PredictBuffers(int x, int y, int indices, long inUnit, long outUnit, bool badIndexValue)
    {
        if (x == 0 || x % inUnit != 0) return new() { "x" };
        long batch = x / inUnit;
        if (y != batch * outUnit) return new() { "y" };
        if (indices != IndicesLength(x, y)) return new() { "i" };
        if (badIndexValue) return new() { "i" };
        return new();
    }

    // Indices follow the input for unpooling (one per input element) and the output for pooling; none otherwise.
    private int IndicesLength(int x, int y) => spec.Indices == Indices.None ? 0 : spec.Family == Family.Unpool ? x : y;

    private static int Wrapped(int[] ints, Random r)
    {
        ulong product64 = 1;
        uint product32 = 1;
        foreach (int v in ints) { product64 = unchecked(product64 * (ulong)(long)v); product32 = unchecked(product32 * (uint)v); }
        if (product64 is >= 1 and <= 4096 && r.Next(2) == 0) return (int)product64;
        if (product32 is >= 1 and <= 4096) return (int)product32;
        return r.Next(1, 64);
    }

    private void Fill(Buffers<T> b, Random r, int[] ints, long outUnit, bool badIndexValue)
    {
        bool floating = typeof(T) == typeof(float) || typeof(T) == typeof(double) || typeof(T) == typeof(Half);
        bool unsigned = typeof(T) == typeof(byte) || typeof(T) == typeof(ushort);
        // Floating data: two decimals (so ties happen), and now and then NaN, ±∞, −0.0 and +0.0.
        double[] special = { double.NaN, double.PositiveInfinity, double.NegativeInfinity, -0.0, 0.0 };
        bool specials = floating && r.Next(3) == 0;
        foreach (ref T v in b.XData)
            v = floating
                ? T.CreateTruncating(specials && r.Next(12) == 0 ? special[r.Next(special.Length)] : Math.Round(r.NextDouble() * 16 - 8, 2))
                : T.CreateTruncating(unsigned ? r.Next(0, 50) : r.Next(-40, 50));
        bool reads = spec.Family == Family.Unpool || spec.Backward && spec.Indices != Indices.None;
        if (!reads || outUnit == 0) return;
        // Unpooling (and its gradient) reads indices into the output plane, a max-pooling gradient into the input plane:
        // valid ones, or one just outside the plane.
        int[] spatial = spec.ConstantInput ?? ints.Take(spec.Rank).ToArray();
        long plane = 1;
        for (int a = 0; a < spec.Rank; a++)
        {
            if (spec.OutputExtent(a, spatial[a]) is not { } extent) return;   // an empty output: the extents are refused first
            plane *= spec.Family == Family.Unpool ? extent : spatial[a];
        }
        for (int k = 0; k < b.IndicesLength; k++)
        {
            long index = r.NextInt64(plane);
            b.L[k] = index;
            b.I[k] = (int)index;
        }
        if (badIndexValue && b.IndicesLength > 0)
        {
            int k = r.Next(b.IndicesLength);
            b.L[k] = b.I[k] = r.Next(2) == 0 ? -1 : (int)plane;
        }
    }

    /// <summary>The reference result for a valid call, compared element by element; null when it matches.</summary>
    private string? Compare(Buffers<T> b, int[] ints)
    {
        var (expected, expectedIndices) = Expected(b, ints);
        var actual = b.Y;
        for (int k = 0; k < expected.Length; k++)
        {
            if (!Same(actual[k], expected[k]))
                return $"{name}({string.Join(", ", ints)}): output[{k}] = {actual[k]}, reference {expected[k]}";
        }
        if (expectedIndices is not null)
        {
            for (int k = 0; k < expectedIndices.Length; k++)
            {
                long got = spec.Indices == Indices.Int32 ? b.I[k] : b.L[k];
                if (got != expectedIndices[k]) return $"{name}({string.Join(", ", ints)}): indices[{k}] = {got}, reference {expectedIndices[k]}";
            }
        }
        return null;
    }

    private bool Same(T actual, T expected)
    {
        // Exact families: the same bits (−0.0 is not +0.0), any NaN for NaN.
        if (spec.Exact) return (T.IsNaN(actual) && T.IsNaN(expected)) || BitEqual(actual, expected);
        if (actual == expected || (T.IsNaN(actual) && T.IsNaN(expected))) return true;
        double a = double.CreateTruncating(actual), e = double.CreateTruncating(expected);
        double tolerance = typeof(T) == typeof(double) ? 1e-9 : typeof(T) == typeof(Half) ? 2e-2 : 1e-4;
        return Math.Abs(a - e) <= tolerance * (1 + Math.Abs(e));
    }

    // −0.0 and +0.0 differ here; integers compare as they are.
    private static bool BitEqual(T a, T b) =>
        a == b && (!T.IsZero(a) || BitConverter.DoubleToInt64Bits(double.CreateTruncating(a)) == BitConverter.DoubleToInt64Bits(double.CreateTruncating(b)));

    private (T[] Values, long[]? Indices) Expected(Buffers<T> b, int[] ints)
    {
        T[] x = b.X.ToArray();
        long[]? unpoolIndices = spec.Family == Family.Unpool ? (spec.Indices == Indices.Int32 ? b.I.ToArray().Select(v => (long)v).ToArray() : b.L.ToArray()) : null;
        if (spec.IsShuffle)
        {
            int c = ints[0], h = ints[1], w = ints[2], n = x.Length / (c * h * w);
            int outC = spec.Family == Family.Shuffle ? c / (spec.Factor * spec.Factor) : c * spec.Factor * spec.Factor;
            int outSpatial = x.Length / n / outC;
            var nchwIn = spec.ChannelsLast ? Layout.ToChannelsFirst(x, n, h * w, c) : x;
            var y = new T[x.Length];
            if (spec.Family == Family.Shuffle && spec.BlockFirst) ReferenceShuffle.DepthToSpaceDcr<T>(nchwIn, c, h, w, spec.Factor, y);
            else if (spec.Family == Family.Shuffle) ReferenceShuffle.PixelShuffle<T>(nchwIn, c, h, w, spec.Factor, y);
            else if (spec.BlockFirst) ReferenceShuffle.SpaceToDepth<T>(nchwIn, c, h, w, spec.Factor, y);
            else ReferenceShuffle.PixelUnshuffle<T>(nchwIn, c, h, w, spec.Factor, y);
            return (spec.ChannelsLast ? Layout.ToChannelsLast(y, n, outSpatial, outC) : y, null);
        }
        int[] spatial = spec.ConstantInput ?? ints.Take(spec.Rank).ToArray();
        int[] outSize = Enumerable.Range(0, spec.Rank).Select(a => (int)spec.OutputExtent(a, spatial[a])!.Value).ToArray();
        int inPlane = spatial.Aggregate(1, (p, v) => p * v), outPlane = outSize.Aggregate(1, (p, v) => p * v);
        int channels = spec.ChannelsLast ? (spec.ConstantChannels > 0 ? spec.ConstantChannels : ints[^1]) : 1;
        int batch = x.Length / (inPlane * channels);
        T[] input = spec.ChannelsLast ? Layout.ToChannelsFirst(x, batch, inPlane, channels) : x;
        if (unpoolIndices is not null && spec.ChannelsLast) unpoolIndices = Layout.ToChannelsFirst(unpoolIndices, batch, inPlane, channels);
        int planes = batch * channels;
        var output = new T[planes * outPlane];
        long[]? indices = spec.Indices != Indices.None && spec.Family != Family.Unpool ? new long[output.Length] : null;
        switch (spec.Family)
        {
            case Family.Max: ReferencePooling.MaxPool<T>(input, spatial, spec.WindowFor(spatial), output, indices); break;
            case Family.Min: ReferencePooling.MinPool<T>(input, spatial, spec.WindowFor(spatial), output, indices); break;
            case Family.Avg:
                if (typeof(T) == typeof(double)) ReferencePooling.AvgPool<T, double>(input, spatial, spec.WindowFor(spatial), spec.CountIncludePad, spec.Divisor, output);
                else ReferencePooling.AvgPool<T, float>(input, spatial, spec.WindowFor(spatial), spec.CountIncludePad, spec.Divisor, output);
                break;
            case Family.Lp or Family.GlobalLp: Lp(input, spatial, output); break;   // GlobalLp: ONNX's p-norm of the plane
            case Family.AdaptiveMax: ReferenceAdaptivePooling.AdaptiveMaxPool<T>(input, spatial, outSize, output, indices); break;
            case Family.AdaptiveAvg: AdaptiveAvg(input, spatial, outSize, output); break;
            case Family.Unpool: ReferenceUnpooling.MaxUnpool<T>(input, unpoolIndices, spatial, outSize, output); break;
            default:
                if (spec.Antialias)
                {
                    // Antialias is separable on whole planes or samples: the references take the layout as it is.
                    var aa = new T[x.Length / (inPlane * channels) * outPlane * channels];
                    Antialias(x, spatial, outSize, channels, aa);
                    return (aa, null);
                }
                if (spec.Onnx is { } onnx)
                {
                    // ONNX's scale: the given one, or output / input for a size.
                    double[] scales = Enumerable.Range(0, spec.Rank).Select(a => spec.Scale ?? (double)outSize[a] / spatial[a]).ToArray();
                    string mode = spec.Mode switch { UpsampleMode.Nearest => "nearest", UpsampleMode.Bicubic => "cubic", _ => "linear" };
                    ReferenceOnnxResize.Resize<T>(input, spatial, outSize, scales, mode, onnx.Transform, onnx.Nearest, onnx.CubicA, onnx.ExcludeOutside, output);
                }
                else if (spec.Mode == UpsampleMode.Area) AdaptiveAvg(input, spatial, outSize, output);
                else if (typeof(T) == typeof(double))
                    ReferenceUpsample.Upsample<T, double>(input, spatial, outSize, spec.Mode, spec.AlignCorners, Scales(), false, output);
                else ReferenceUpsample.Upsample<T, float>(input, spatial, outSize, spec.Mode, spec.AlignCorners, Scales(), false, output);
                break;
        }
        if (!spec.ChannelsLast) return (output, indices);
        return (Layout.ToChannelsLast(output, batch, outPlane, channels), indices is null ? null : Layout.ToChannelsLast(indices, batch, outPlane, channels));

        double[]? Scales() => spec.Scale is { } s ? Enumerable.Repeat(s, spec.Rank).ToArray() : null;
    }

    // Antialiased bilinear/bicubic: Pillow's uint8 resampler for bytes, PyTorch's loops otherwise, with the kernel's scales.
    private void Antialias(T[] x, int[] spatial, int[] outSize, int channels, T[] output)
    {
        int images = x.Length / (spatial[0] * spatial[1] * channels);
        bool cubic = spec.Mode == UpsampleMode.Bicubic;
        double Scale(int a) => spec.Scale is { } s ? 1.0 / s : (double)spatial[a] / outSize[a];
        if (typeof(T) == typeof(byte))
        {
            ReferencePillow.Resample((byte[])(object)x, (byte[])(object)output, images, spatial[0], spatial[1], outSize[0], outSize[1], Scale(0), Scale(1),
                spec.Mode switch
                {
                    UpsampleMode.Bicubic => Pooling.Kernels.PillowFilter.Bicubic,
                    UpsampleMode.Box => Pooling.Kernels.PillowFilter.Box,
                    UpsampleMode.Lanczos => Pooling.Kernels.PillowFilter.Lanczos,
                    _ => Pooling.Kernels.PillowFilter.Bilinear,
                }, channels);
            return;
        }
        if (typeof(T) == typeof(double)) ReferenceAntialias.Resample(x, output, images, spatial[0], spatial[1], outSize[0], outSize[1], Kernel<double>(0), Kernel<double>(1), cubic, channels);
        else ReferenceAntialias.Resample(x, output, images, spatial[0], spatial[1], outSize[0], outSize[1], Kernel<float>(0), Kernel<float>(1), cubic, channels);

        // The scale the kernel computes, in its compute type (docs/semantics.md §8.2).
        TMath Kernel<TMath>(int a) where TMath : System.Numerics.IFloatingPoint<TMath> =>
            spec.Scale is { } s ? TMath.CreateTruncating(1.0 / s) : TMath.CreateTruncating(spatial[a]) / TMath.CreateTruncating(outSize[a]);
    }

    private static void AdaptiveAvg(T[] input, int[] spatial, int[] outSize, T[] output)
    {
        if (typeof(T) == typeof(double)) ReferenceAdaptivePooling.AdaptiveAvgPool<T, double>(input, spatial, outSize, output);
        else ReferenceAdaptivePooling.AdaptiveAvgPool<T, float>(input, spatial, outSize, output);
    }

    private void Lp(T[] input, int[] spatial, T[] output)
    {
        if (spec.Absolute)
        {
            switch (input, output)
            {
                case (float[] i, float[] o): ReferenceLpPooling.OnnxLpPool(i, spatial, spec.NormType, spec.WindowFor(spatial), o); return;
                case (double[] i, double[] o): ReferenceLpPooling.OnnxLpPool(i, spatial, spec.NormType, spec.WindowFor(spatial), o); return;
                case (Half[] i, Half[] o): ReferenceLpPooling.OnnxLpPool(i, spatial, spec.NormType, spec.WindowFor(spatial), o); return;
            }
        }
        switch (input, output)
        {
            case (float[] i, float[] o): ReferenceLpPooling.LpPool(i, spatial, spec.NormType, spec.WindowFor(spatial), o); break;
            case (double[] i, double[] o): ReferenceLpPooling.LpPool(i, spatial, spec.NormType, spec.WindowFor(spatial), o); break;
            case (Half[] i, Half[] o): ReferenceLpPooling.LpPool(i, spatial, spec.NormType, spec.WindowFor(spatial), o); break;
            default: throw new NotSupportedException(typeof(T).Name);
        }
    }

}

/// <summary>Plain NHWC ⇄ NCHW transposes for the reference side (the fuzzer's own, not the runtime's).</summary>
internal static class Layout
{
    public static TItem[] ToChannelsFirst<TItem>(TItem[] source, int batch, int spatial, int channels)
    {
        var target = new TItem[source.Length];
        for (int n = 0; n < batch; n++)
        for (int s = 0; s < spatial; s++)
        for (int c = 0; c < channels; c++)
            target[(n * channels + c) * spatial + s] = source[(n * spatial + s) * channels + c];
        return target;
    }

    public static TItem[] ToChannelsLast<TItem>(TItem[] source, int batch, int spatial, int channels)
    {
        var target = new TItem[source.Length];
        for (int n = 0; n < batch; n++)
        for (int s = 0; s < spatial; s++)
        for (int c = 0; c < channels; c++)
            target[(n * spatial + s) * channels + c] = source[(n * channels + c) * spatial + s];
        return target;
    }
}
