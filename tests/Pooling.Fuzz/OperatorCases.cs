using Pooling.Reference;

namespace Pooling.Fuzz;

/// <summary>An operator kernel's call: the map or images, the boxes or grid, the output, and (channels, height, width).</summary>
internal delegate void OperatorKernel(ReadOnlySpan<float> input, ReadOnlySpan<float> data, Span<float> output, int[] extents);

/// <summary>
/// The ONNX operators under fuzzing — RoIAlign and GridSample, whose run-time data (boxes, grids) is as hostile as their
/// extents: extents valid, zero, negative or huge; buffers exact or off by one; boxes with batch indices out of range,
/// NaN, ±∞ and 1e30 coordinates; grids with NaN, ±∞ and 1e30 points. A call must either throw an ArgumentException
/// naming one of its parameters — only when the arguments break a rule the generated checks state — or return exactly
/// the reference's values; nothing else (no other exception, no write outside the output: the guards).
/// </summary>
internal abstract class OperatorCase(string name, string[] parameters) : FuzzCase
{
    public override string Name => name;

    private static readonly int[] Huge = { 65536, 1 << 20, 1 << 30, int.MaxValue, 46341 };

    // Channels, height, width: small, or (one in five) one of them zero, negative or huge.
    protected static int[] DrawExtents(Random r)
    {
        int[] e = { r.Next(1, 5), r.Next(1, 7), r.Next(1, 7) };
        if (r.Next(5) == 0) e[r.Next(3)] = r.Next(3) switch { 0 => 0, 1 => -r.Next(1, 5), _ => Huge[r.Next(Huge.Length)] };
        return e;
    }

    // An exact length, or (one in six) one off.
    protected static int Length(Random r, long exact) => (int)Math.Clamp(exact + (r.Next(6) == 0 ? (r.Next(2) == 0 ? -1 : 1) : 0), 0, 1 << 20);

    protected static float Hostile(Random r, float plain) => r.Next(40) switch
    {
        0 => float.NaN, 1 => float.PositiveInfinity, 2 => float.NegativeInfinity, 3 => 1e30f, 4 => -1e30f, _ => plain,
    };

    // Runs the call: an ArgumentException must name one of the parameters and be deserved; success must match.
    protected Outcome Judge(Action call, bool valid, Func<string?> compare, string what, out string detail)
    {
        try
        {
            call();
        }
        catch (ArgumentException e)
        {
            detail = $"{Name}{what}: {e.GetType().Name} ({e.ParamName}) {e.Message}";
            if (e.ParamName is null || Array.IndexOf(parameters, e.ParamName) < 0) return Outcome.WrongParameter;
            return valid ? Outcome.Unexpected : Outcome.Rejected;
        }
        catch (Exception e)
        {
            detail = $"{Name}{what}: {e.GetType().Name}: {e.Message}";
            return Outcome.Unexpected;
        }
        if (!valid)
        {
            detail = $"{Name}{what}: accepted arguments that break a rule";
            return Outcome.WrappedAccepted;
        }
        string? mismatch = compare();
        detail = mismatch is null ? "" : $"{Name}{what}: {mismatch}";
        return mismatch is null ? Outcome.Matched : Outcome.Mismatch;
    }

    // Element-wise equality (NaN equal to NaN), and the guard past the output's end untouched.
    protected static string? Compare(float[] actual, float[] expected, int length)
    {
        for (int i = 0; i < length; i++)
        {
            if (actual[i].Equals(expected[i])) continue;
            return $"output[{i}] = {actual[i]}, reference {expected[i]}";
        }
        for (int i = length; i < actual.Length; i++)
            if (!float.IsNaN(actual[i]) || BitConverter.SingleToInt32Bits(actual[i]) != Guard) return $"wrote output[{i}], past its {length} elements";
        return null;
    }

    // A NaN with its own payload, so that a write of any computed value (NaN included) past the end shows.
    protected const int Guard = 0x7FC0_1234;

    protected static float[] Guarded(int length)
    {
        var buffer = new float[length + 8];
        buffer.AsSpan(length).Fill(BitConverter.Int32BitsToSingle(Guard));
        return buffer;
    }
}

/// <summary>
/// torchvision's box operators over [N, C, H, W] maps, boxes (batch index, x1, y1, x2, y2): the call drawn and judged
/// once; each operator says which boxes its rules accept and runs its reference.
/// </summary>
internal abstract class BoxCase(string name, int outHeight, int outWidth, float scale, bool nanInMaps, OperatorKernel kernel)
    : OperatorCase(name, new[] { "input", "boxes", "output", "channels", "height", "width" })
{
    protected int OutHeight => outHeight;
    protected int OutWidth => outWidth;
    protected float Scale => scale;

    /// <summary>Whether the box at <paramref name="k"/> (batch index first) is one the kernel's rules accept over
    /// <paramref name="images"/> images.</summary>
    protected abstract bool Accepts(float[] boxes, int k, int images);

    protected abstract void Reference(float[] input, int[] extents, float[] boxes, float[] expected);

    public override Outcome Run(Random r, out string detail)
    {
        int[] e = DrawExtents(r);
        bool extentsValid = e.All(v => v > 0) && (long)e[0] * e[1] * e[2] <= int.MaxValue;
        long image = extentsValid ? (long)e[0] * e[1] * e[2] : 1;
        int images = r.Next(1, 3), boxes = r.Next(0, 4);
        int inputLength = Length(r, Math.Min(images * image, 1 << 20)), boxLength = Length(r, 5L * boxes);
        var input = new float[inputLength];
        for (int i = 0; i < input.Length; i++) input[i] = nanInMaps && r.Next(30) == 0 ? float.NaN : (float)(r.NextDouble() * 2 - 1);
        var box = new float[boxLength];
        for (int k = 0; k + 5 <= boxLength; k += 5)
        {
            box[k] = r.Next(12) == 0 ? r.Next(2) == 0 ? -1 : images : r.Next(images);
            for (int j = 1; j < 5; j++) box[k + j] = Hostile(r, (float)(r.NextDouble() * 8 - 1) / scale);
        }
        int outputLength = Length(r, Math.Min((long)(boxLength / 5) * Math.Max(e[0], 0) * outHeight * outWidth, 1 << 20));
        // Positive extents within an int, whole images and boxes, an output of every box's bins, and every box accepted.
        int n = extentsValid && inputLength > 0 && inputLength % image == 0 ? (int)(inputLength / image) : 0;
        bool valid = extentsValid && n > 0 && boxLength % 5 == 0 && outputLength == (long)(boxLength / 5) * e[0] * outHeight * outWidth;
        for (int k = 0; valid && k + 5 <= boxLength; k += 5) valid = Accepts(box, k, n);
        var output = Guarded(outputLength);
        return Judge(() => kernel(input, box, output.AsSpan(0, outputLength), e), valid, () =>
        {
            var expected = new float[outputLength];
            Reference(input, e, box, expected);
            return Compare(output, expected, outputLength);
        }, $"({string.Join(", ", e)}; {inputLength} input, boxes [{string.Join(", ", box)}], {outputLength} output)", out detail);
    }
}

/// <summary>torchvision's roi_align.</summary>
internal sealed class RoiAlignCase(string name, int outHeight, int outWidth, float scale, int samplingRatio, bool aligned, OperatorKernel kernel)
    : BoxCase(name, outHeight, outWidth, scale, nanInMaps: false, kernel)
{
    // A batch index of an image, the box's start and size finite after scaling (an infinite end is fine where the size
    // is clamped to 1, as it is without aligned), and under adaptive sampling (no sampling ratio) a sampling grid within
    // RoiAlignKernel's limit of 2^31 samples (a 1e30-wide box is refused).
    protected override bool Accepts(float[] boxes, int k, int images)
    {
        if (!(boxes[k] >= 0 && boxes[k] < images)) return false;
        float offset = aligned ? 0.5f : 0f;
        float x1 = boxes[k + 1] * Scale - offset, y1 = boxes[k + 2] * Scale - offset;
        float roiW = (boxes[k + 3] * Scale - offset) - x1, roiH = (boxes[k + 4] * Scale - offset) - y1;
        if (!aligned) (roiW, roiH) = (MathF.Max(roiW, 1f), MathF.Max(roiH, 1f));
        if (!(float.IsFinite(x1) && float.IsFinite(y1) && float.IsFinite(roiW) && float.IsFinite(roiH))) return false;
        if (samplingRatio > 0) return true;
        double gridH = Math.Ceiling(roiH / (float)OutHeight), gridW = Math.Ceiling(roiW / (float)OutWidth);
        return gridH <= 0 || gridW <= 0 || gridH * gridW <= (1L << 31) / (OutHeight * OutWidth);
    }

    protected override void Reference(float[] input, int[] e, float[] boxes, float[] expected) =>
        ReferenceRoiAlign.RoiAlign<float>(input, e[0], e[1], e[2], boxes, OutHeight, OutWidth, Scale, samplingRatio, aligned, false, expected);
}

/// <summary>torchvision's roi_pool: boxes rounded to map pixels, each bin's maximum (NaN in the maps too).</summary>
internal sealed class RoiPoolCase(string name, int outHeight, int outWidth, float scale, OperatorKernel kernel)
    : BoxCase(name, outHeight, outWidth, scale, nanInMaps: true, kernel)
{
    // A finite batch index truncating to an image, and coordinates finite after scaling.
    protected override bool Accepts(float[] boxes, int k, int images) =>
        float.IsFinite(boxes[k]) && MathF.Truncate(boxes[k]) >= 0 && MathF.Truncate(boxes[k]) < images
        && boxes.AsSpan(k + 1, 4).ToArray().All(v => float.IsFinite(v * Scale));

    protected override void Reference(float[] input, int[] e, float[] boxes, float[] expected) =>
        ReferenceRoiPool.RoiPool<float>(input, e[0], e[1], e[2], boxes, OutHeight, OutWidth, Scale, expected);
}

/// <summary>A channels-last operator kernel judged as its NCHW form: where the extents and lengths make whole images and
/// whole outputs, the maps go in transposed to [N, H, W, C] and each output's [bins][C] comes back as [C][bins]; otherwise
/// the buffers pass unchanged (the call must reject them). The kernel writes into its own guarded buffer, checked after
/// the call as the case's own output is.</summary>
internal static class OperatorLayouts
{
    public static OperatorKernel ChannelsLast(int bins, OperatorKernel kernel) => (input, data, output, e) =>
    {
        int c = e[0], plane = e[1] * e[2];
        long image = (long)c * plane;
        bool maps = c > 0 && plane > 0 && e[1] > 0 && image <= int.MaxValue && input.Length > 0 && input.Length % image == 0;
        bool outputs = c > 0 && output.Length % ((long)c * bins) == 0;
        var nhwc = input.ToArray();
        if (maps)
            for (int n = 0; n < input.Length / image; n++)
            for (int k = 0; k < c; k++)
            for (int p = 0; p < plane; p++)
                nhwc[n * image + (long)p * c + k] = input[(int)(n * image + (long)k * plane + p)];
        const float Sentinel = -12345.5f;
        var result = new float[output.Length + 8];
        Array.Fill(result, Sentinel);
        kernel(nhwc, data, result.AsSpan(0, output.Length), e);
        for (int i = output.Length; i < result.Length; i++)
            if (BitConverter.SingleToInt32Bits(result[i]) != BitConverter.SingleToInt32Bits(Sentinel))
                throw new InvalidOperationException($"the channels-last kernel wrote past its output, at {i}");
        if (!outputs)
        {
            result.AsSpan(0, output.Length).CopyTo(output);
            return;
        }
        for (int box = 0; box < output.Length / (c * bins); box++)
        for (int b = 0; b < bins; b++)
        for (int k = 0; k < c; k++)
            output[(box * c + k) * bins + b] = result[(box * bins + b) * c + k];
    };
}

/// <summary>PyTorch's grid_sample over [N, C, H, W] images at [N, points, 2] grids.</summary>
internal sealed class GridSampleCase(string name, GridSampleMode mode, GridPadding padding, bool alignCorners,
    OperatorKernel kernel) : OperatorCase(name, new[] { "input", "grid", "output", "channels", "height", "width" })
{
    public override Outcome Run(Random r, out string detail)
    {
        int[] e = DrawExtents(r);
        bool extentsValid = e.All(v => v > 0) && (long)e[0] * e[1] * e[2] <= int.MaxValue;
        long image = extentsValid ? (long)e[0] * e[1] * e[2] : 1;
        int images = r.Next(1, 3), points = r.Next(1, 9);
        int inputLength = Length(r, Math.Min(images * image, 1 << 20)), gridLength = Length(r, 2L * images * points);
        var input = new float[inputLength];
        for (int i = 0; i < input.Length; i++) input[i] = (float)(r.NextDouble() * 2 - 1);
        var grid = new float[gridLength];
        for (int i = 0; i < grid.Length; i++) grid[i] = Hostile(r, (float)(r.NextDouble() * 2.4 - 1.2));
        int n = extentsValid && inputLength > 0 && inputLength % image == 0 ? (int)(inputLength / image) : 0;
        long expectedOutput = n > 0 ? (long)gridLength / 2 * Math.Max(e[0], 0) : images * points * Math.Max(e[0], 0);
        int outputLength = Length(r, Math.Min(expectedOutput, 1 << 20));
        // Positive extents within an int, whole images, a positive number of points for every image, every point's channels.
        bool valid = extentsValid && n > 0 && gridLength > 0 && gridLength % (2L * n) == 0 && outputLength == (long)gridLength / 2 * e[0];
        var output = Guarded(outputLength);
        return Judge(() => kernel(input, grid, output.AsSpan(0, outputLength), e), valid, () =>
        {
            var expected = new float[outputLength];
            ReferenceGridSample.GridSample<float>(input, e[0], e[1], e[2], grid, mode, padding, alignCorners, expected);
            return Compare(output, expected, outputLength);
        }, $"({string.Join(", ", e)}; {inputLength} input, {gridLength} grid values, {outputLength} output)", out detail);
    }
}

/// <summary>Fused preprocessing: interleaved byte images of (height, width, 3) resized as Pillow resizes them to a fixed
/// size, each byte then (v / 255 − mean[k]) / std[k] in float, planar — so the vector normalisation runs on every vector
/// width and on ARM64 under emulation. The reference: ReferencePillow's bytes and that formula (docs/semantics.md §8.11).</summary>
internal sealed class FusedCase(string name, int outHeight, int outWidth, float[] mean, float[] std, FusedKernel kernel)
    : OperatorCase(name, new[] { "image", "input", "height", "width" })
{
    public override Outcome Run(Random r, out string detail)
    {
        int[] e = { r.Next(1, 40), r.Next(1, 40) };
        if (r.Next(6) == 0) e[r.Next(2)] = r.Next(3) switch { 0 => 0, 1 => -r.Next(1, 5), _ => new[] { 65536, 1 << 30, int.MaxValue }[r.Next(3)] };
        int c = mean.Length, outPlane = outHeight * outWidth;
        bool extentsValid = e[0] > 0 && e[1] > 0 && (long)e[0] * e[1] * c <= int.MaxValue;
        long sample = extentsValid ? (long)e[0] * e[1] * c : 1;
        int images = r.Next(1, 3);
        int inputLength = Length(r, Math.Min(images * sample, 1 << 20));
        int n = extentsValid && inputLength > 0 && inputLength % sample == 0 ? (int)(inputLength / sample) : 0;
        int outputLength = Length(r, (long)Math.Max(n, images) * c * outPlane);
        // Positive extents within an int, whole images, and exactly their planes out.
        bool valid = n > 0 && outputLength == (long)n * c * outPlane;
        var image = new byte[inputLength];
        r.NextBytes(image);
        var output = Guarded(outputLength);
        return Judge(() => kernel(image, output.AsSpan(0, outputLength), e[0], e[1]), valid, () =>
        {
            var bytes = new byte[n * outPlane * c];
            ReferencePillow.Resample(image, bytes, n, e[0], e[1], outHeight, outWidth, (double)e[0] / outHeight, (double)e[1] / outWidth,
                Pooling.Kernels.PillowFilter.Bilinear, c);
            var expected = new float[outputLength];
            for (int i = 0; i < n; i++)
            for (int p = 0; p < outPlane; p++)
            for (int k = 0; k < c; k++)
                expected[(i * c + k) * outPlane + p] = (bytes[(i * outPlane + p) * c + k] / 255f - mean[k]) / std[k];
            return Compare(output, expected, outputLength);
        }, $"({e[0]}, {e[1]}; {inputLength} image bytes, {outputLength} output)", out detail);
    }
}

/// <summary>A fused-preprocessing kernel's call: image bytes, the float output, (height, width).</summary>
internal delegate void FusedKernel(ReadOnlySpan<byte> image, Span<float> output, int height, int width);
