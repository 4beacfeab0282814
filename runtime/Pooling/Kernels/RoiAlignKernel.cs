using System;
using System.Buffers;
using System.ComponentModel;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Pooling.Kernels;

/// <summary>
/// RoIAlign (docs/semantics.md §10): torchvision's <c>roi_align</c> and ONNX's <c>RoiAlign</c>, average or ONNX's max, for
/// a range of boxes over an NCHW feature map. Every sample point, weight and
/// sum is torchvision's CPU kernel's, in its order and its type; the sample rows and columns of a box are computed once
/// (they are separable), and when the output outweighs the feature map the map is first transposed to channels-last so
/// that every sample blends whole vectors of channels — lane by lane the same operations, so the same bits.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class RoiAlignKernel
{
    // A box's sample grid is adaptive (its size in bins); beyond this many samples per box the call is refused rather
    // than run for minutes (a box of about 2^15 pixels on a side at 7×7).
    private const long MaxSamplesPerBox = 1L << 31;

    /// <summary>
    /// <paramref name="boxes"/> holds <paramref name="boxColumns"/> values a box: 5 (torchvision: batch index, x1, y1, x2,
    /// y2) or 4 (ONNX: x1, y1, x2, y2, with the batch index in <paramref name="batchIndices"/>). <paramref name="input"/> is
    /// whole images of <paramref name="channels"/> × <paramref name="height"/> × <paramref name="width"/>; the output
    /// holds every box's channels × <paramref name="outHeight"/> × <paramref name="outWidth"/>.
    /// </summary>
    public static void Forward<T, TIndex>(ReadOnlySpan<T> input, int channels, int height, int width, ReadOnlySpan<T> boxes, int boxColumns,
        ReadOnlySpan<TIndex> batchIndices, Span<T> output, int outHeight, int outWidth, T spatialScale, int samplingRatio, bool aligned, bool max,
        int firstBox, int endBox)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TIndex : unmanaged, IBinaryInteger<TIndex>
    {
        long image = (long)channels * height * width, bins = (long)outHeight * outWidth;
        if (channels <= 0 || height <= 0 || width <= 0 || outHeight <= 0 || outWidth <= 0 || boxColumns is not (4 or 5)
            || input.Length == 0 || input.Length % image != 0 || image > int.MaxValue || bins * channels > int.MaxValue
            || firstBox < 0 || firstBox > endBox || (long)endBox * boxColumns > boxes.Length || (long)endBox * channels * bins > output.Length
            || (boxColumns == 4 && batchIndices.Length < endBox))
            throw new ArgumentException("The buffers do not match the extents and boxes.", nameof(input));
        int batch = (int)(input.Length / image), plane = height * width, binCount = (int)bins;
        // Channels-last when the boxes read the map many times over (and a vector of channels fills).
        bool vector = Vector.IsHardwareAccelerated && channels >= Vector<T>.Count && (long)(endBox - firstBox) * bins >= plane;
        T[]? transposed = null;
        int transposedImage = -1;
        T[] accumulator = vector ? ArrayPool<T>.Shared.Rent(binCount * channels) : Array.Empty<T>();
        var rows = new Axis<T>(outHeight);
        var columns = new Axis<T>(outWidth);
        try
        {
            for (int k = firstBox; k < endBox; k++)
            {
                var box = boxes.Slice(k * boxColumns, boxColumns);
                int n = BatchIndex(box, boxColumns, batchIndices, k, batch);
                T offset = aligned ? T.CreateTruncating(0.5) : T.Zero;
                T startW = box[boxColumns - 4] * spatialScale - offset, startH = box[boxColumns - 3] * spatialScale - offset;
                T endW = box[boxColumns - 2] * spatialScale - offset, endH = box[boxColumns - 1] * spatialScale - offset;
                T roiWidth = endW - startW, roiHeight = endH - startH;
                if (!aligned)
                {
                    roiWidth = T.Max(roiWidth, T.One);
                    roiHeight = T.Max(roiHeight, T.One);
                }
                if (!T.IsFinite(startW) || !T.IsFinite(startH) || !T.IsFinite(roiWidth) || !T.IsFinite(roiHeight))
                    throw new ArgumentException($"Box {k} is not finite after scaling: ({box[boxColumns - 4]}, {box[boxColumns - 3]}, {box[boxColumns - 2]}, {box[boxColumns - 1]}).", nameof(boxes));
                T binHeight = roiHeight / T.CreateTruncating(outHeight), binWidth = roiWidth / T.CreateTruncating(outWidth);
                long gridH = samplingRatio > 0 ? samplingRatio : long.CreateSaturating(T.Ceiling(roiHeight / T.CreateTruncating(outHeight)));
                long gridW = samplingRatio > 0 ? samplingRatio : long.CreateSaturating(T.Ceiling(roiWidth / T.CreateTruncating(outWidth)));
                if (gridH > 0 && gridW > 0 && gridH * gridW > MaxSamplesPerBox / bins)
                    throw new ArgumentException($"Box {k} needs a sampling grid of {gridH} × {gridW} per bin: too large to sample (set a sampling ratio).", nameof(boxes));
                // torchvision: count = max(grid_h · grid_w, 1); a negative grid (an inverted aligned box) samples nothing.
                T count = T.CreateTruncating(Math.Max(gridH * gridW, 1));
                int gh = (int)Math.Max(gridH, 0), gw = (int)Math.Max(gridW, 0);
                rows.Fill(startH, binHeight, gh, height);
                columns.Fill(startW, binWidth, gw, width);
                var outBox = output.Slice((int)(k * channels * bins), channels * binCount);
                if (vector)
                {
                    transposed ??= ArrayPool<T>.Shared.Rent((int)image);
                    if (transposedImage != n)
                    {
                        ToChannelsLast(input.Slice((int)(n * image), (int)image), transposed, channels, plane);
                        transposedImage = n;
                    }
                    ChannelVectorBox(transposed, channels, rows, columns, gh, gw, count, max, accumulator, outBox, binCount);
                }
                else
                {
                    ScalarBox(input.Slice((int)(n * image), (int)image), channels, plane, width, rows, columns, gh, gw, count, max, outBox);
                }
            }
        }
        finally
        {
            if (transposed is not null) ArrayPool<T>.Shared.Return(transposed);
            if (vector) ArrayPool<T>.Shared.Return(accumulator);
        }
    }

    private static int BatchIndex<T, TIndex>(ReadOnlySpan<T> box, int boxColumns, ReadOnlySpan<TIndex> batchIndices, int k, int batch)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TIndex : unmanaged, IBinaryInteger<TIndex>
    {
        if (boxColumns == 4)
        {
            long index = long.CreateTruncating(batchIndices[k]);
            if (index < 0 || index >= batch)
                throw new ArgumentException($"Batch index {index} of box {k} is outside the {batch} images of the input.", "batchIndices");
            return (int)index;
        }
        // torchvision truncates the box's first value to an int.
        T value = box[0];
        if (!T.IsFinite(value) || T.Truncate(value) < T.Zero || T.Truncate(value) >= T.CreateTruncating(batch))
            throw new ArgumentException($"Batch index {value} of box {k} is outside the {batch} images of the input.", "boxes");
        return int.CreateTruncating(value);
    }

    /// <summary>One axis of a box's samples: for output bin b and sample i, the low and high input line, and the weights
    /// of the low and high line (0 for a sample outside the map), as torchvision's <c>pre_calc_for_bilinear_interpolate</c>
    /// computes them along this axis.</summary>
    private sealed class Axis<T>(int bins) where T : unmanaged, IFloatingPointIeee754<T>
    {
        public int[] Low = new int[bins], High = new int[bins];
        public T[] LowWeight = new T[bins], HighWeight = new T[bins];
        public bool[] Outside = new bool[bins];

        /// <summary>Output bins along this axis.</summary>
        public int BinCount => bins;

        /// <summary>The map's extent along this axis (set by <see cref="Fill"/>).</summary>
        public int Length { get; private set; }

        public void Fill(T start, T binSize, int grid, int length)
        {
            Length = length;
            int samples = bins * grid;
            if (Low.Length < samples)
            {
                Low = new int[samples];
                High = new int[samples];
                LowWeight = new T[samples];
                HighWeight = new T[samples];
                Outside = new bool[samples];
            }
            T gridT = T.CreateTruncating(grid), half = T.CreateTruncating(0.5f);
            for (int b = 0; b < bins; b++)
            for (int i = 0; i < grid; i++)
            {
                int s = b * grid + i;
                // y = start + b·bin + (i + .5)·bin / grid, in the element type, as torchvision.
                T v = start + T.CreateTruncating(b) * binSize + (T.CreateTruncating(i) + half) * binSize / gridT;
                if (v < -T.One || v > T.CreateTruncating(length))
                {
                    Outside[s] = true;
                    Low[s] = High[s] = 0;
                    LowWeight[s] = HighWeight[s] = T.Zero;
                    continue;
                }
                Outside[s] = false;
                if (v <= T.Zero) v = T.Zero;
                int low = int.CreateTruncating(v), high;
                if (low >= length - 1)
                {
                    high = low = length - 1;
                    v = T.CreateTruncating(low);
                }
                else
                {
                    high = low + 1;
                }
                T l = v - T.CreateTruncating(low);
                Low[s] = low;
                High[s] = high;
                HighWeight[s] = l;
                LowWeight[s] = T.One - l;
            }
        }
    }

    // A sample's four corners (pixel offsets in the plane, low row first) and bilinear weights w1 = hy·hx, w2 = hy·lx,
    // w3 = ly·hx, w4 = ly·lx. A sample outside the map reads pixel (0, 0) four times with weight 0, as torchvision's
    // pre-calculation stores it (so a NaN or ∞ there still reaches the bin).
    private static void Sample<T>(Axis<T> rows, int sy, Axis<T> columns, int sx, int width, out int p1, out int p2, out int p3, out int p4,
        out T w1, out T w2, out T w3, out T w4)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (rows.Outside[sy] || columns.Outside[sx])
        {
            p1 = p2 = p3 = p4 = 0;
            w1 = w2 = w3 = w4 = T.Zero;
            return;
        }
        int yl = rows.Low[sy] * width, yh = rows.High[sy] * width, xl = columns.Low[sx], xh = columns.High[sx];
        p1 = yl + xl;
        p2 = yl + xh;
        p3 = yh + xl;
        p4 = yh + xh;
        T hy = rows.LowWeight[sy], ly = rows.HighWeight[sy], hx = columns.LowWeight[sx], lx = columns.HighWeight[sx];
        w1 = hy * hx;
        w2 = hy * lx;
        w3 = ly * hx;
        w4 = ly * lx;
    }

    private static void ScalarBox<T>(ReadOnlySpan<T> map, int channels, int plane, int width, Axis<T> rows, Axis<T> columns, int gh, int gw, T count,
        bool max, Span<T> output)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int binsH = rows.BinCount, binsW = columns.BinCount;
        for (int c = 0; c < channels; c++)
        {
            var x = map.Slice(c * plane, plane);
            int o = c * binsH * binsW;
            for (int ph = 0; ph < binsH; ph++)
            for (int pw = 0; pw < binsW; pw++, o++)
            {
                T value = T.Zero;
                bool first = true;
                for (int iy = 0; iy < gh; iy++)
                {
                    int sy = ph * gh + iy;
                    for (int ix = 0; ix < gw; ix++)
                    {
                        Sample(rows, sy, columns, pw * gw + ix, width, out int p1, out int p2, out int p3, out int p4, out T w1, out T w2, out T w3, out T w4);
                        T v1 = x[p1], v2 = x[p2], v3 = x[p3], v4 = x[p4];
                        if (!max)
                        {
                            value += w1 * v1 + w2 * v2 + w3 * v3 + w4 * v4;
                        }
                        else
                        {
                            T sample = MaxOf(MaxOf(MaxOf(w1 * v1, w2 * v2), w3 * v3), w4 * v4);
                            value = first ? sample : MaxOf(value, sample);
                            first = false;
                        }
                    }
                }
                output[o] = max ? value : value / count;
            }
        }
    }

    // std::max / Python's max of two: the first unless the second is greater (NaN in the second is not taken).
    private static T MaxOf<T>(T a, T b) where T : IFloatingPointIeee754<T> => b > a ? b : a;

    private static void ToChannelsLast<T>(ReadOnlySpan<T> map, T[] transposed, int channels, int plane)
    {
        for (int c = 0; c < channels; c++)
        {
            var source = map.Slice(c * plane, plane);
            for (int p = 0; p < plane; p++) transposed[p * channels + c] = source[p];
        }
    }

    private static void ChannelVectorBox<T>(T[] map, int channels, Axis<T> rows, Axis<T> columns, int gh, int gw, T count, bool max,
        T[] accumulator, Span<T> output, int binCount)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int binsW = columns.BinCount, binsH = rows.BinCount, width = columns.Length;
        int lanes = Vector<T>.Count, full = channels - channels % lanes;
        var acc = accumulator.AsSpan(0, binCount * channels);
        for (int ph = 0, bin = 0; ph < binsH; ph++)
        for (int pw = 0; pw < binsW; pw++, bin++)
        {
            var a = acc.Slice(bin * channels, channels);
            a.Clear();
            bool first = true;
            for (int iy = 0; iy < gh; iy++)
            {
                int sy = ph * gh + iy;
                for (int ix = 0; ix < gw; ix++)
                {
                    Sample(rows, sy, columns, pw * gw + ix, width, out int p1, out int p2, out int p3, out int p4, out T w1, out T w2, out T w3, out T w4);
                    var v1 = map.AsSpan(p1 * channels, channels);
                    var v2 = map.AsSpan(p2 * channels, channels);
                    var v3 = map.AsSpan(p3 * channels, channels);
                    var v4 = map.AsSpan(p4 * channels, channels);
                    if (!max)
                    {
                        var (b1, b2, b3, b4) = (new Vector<T>(w1), new Vector<T>(w2), new Vector<T>(w3), new Vector<T>(w4));
                        ref T r1 = ref MemoryMarshal.GetReference(v1), r2 = ref MemoryMarshal.GetReference(v2);
                        ref T r3 = ref MemoryMarshal.GetReference(v3), r4 = ref MemoryMarshal.GetReference(v4);
                        ref T ra = ref MemoryMarshal.GetReference(a);
                        int c = 0;
                        // Lane by lane torchvision's ((w1·v1 + w2·v2) + w3·v3) + w4·v4, added to the bin's sum.
                        for (; c < full; c += lanes)
                        {
                            var sum = b1 * Load(ref r1, c) + b2 * Load(ref r2, c) + b3 * Load(ref r3, c) + b4 * Load(ref r4, c);
                            Store(Load(ref ra, c) + sum, ref ra, c);
                        }
                        for (; c < channels; c++) a[c] += w1 * v1[c] + w2 * v2[c] + w3 * v3[c] + w4 * v4[c];
                    }
                    else
                    {
                        for (int c = 0; c < channels; c++)
                        {
                            T sample = MaxOf(MaxOf(MaxOf(w1 * v1[c], w2 * v2[c]), w3 * v3[c]), w4 * v4[c]);
                            a[c] = first ? sample : MaxOf(a[c], sample);
                        }
                        first = false;
                    }
                }
            }
            if (!max)
            {
                for (int c = 0; c < channels; c++) a[c] /= count;
            }
        }
        // [bin][channel] → the output's [channel][bin], written in order (the reads stride through the small buffer).
        for (int c = 0, o = 0; c < channels; c++)
        for (int bin = 0; bin < binCount; bin++, o++)
            output[o] = acc[bin * channels + c];
    }

    private static Vector<T> Load<T>(ref T source, int offset) where T : unmanaged =>
        System.Runtime.CompilerServices.Unsafe.ReadUnaligned<Vector<T>>(ref System.Runtime.CompilerServices.Unsafe.As<T, byte>(ref System.Runtime.CompilerServices.Unsafe.Add(ref source, offset)));

    private static void Store<T>(Vector<T> value, ref T target, int offset) where T : unmanaged =>
        System.Runtime.CompilerServices.Unsafe.WriteUnaligned(ref System.Runtime.CompilerServices.Unsafe.As<T, byte>(ref System.Runtime.CompilerServices.Unsafe.Add(ref target, offset)), value);
}
