using System;
using System.Buffers;
using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Pooling.Kernels;

/// <summary>
/// RoIAlign (docs/semantics.md §10): torchvision's <c>roi_align</c> and ONNX's <c>RoiAlign</c>, average or ONNX's max, for
/// a range of boxes over an NCHW feature map. Every sample point, weight and
/// sum is torchvision's CPU kernel's, in its order and its type; the sample rows and columns of a box are computed once
/// (they are separable), and when the output outweighs the feature map the map is first transposed to channels-last so
/// that every sample blends whole vectors of channels (the machine's widest, average and max alike) with each bin's sum in
/// a register — lane by lane the same operations, so the same bits — and each box's [bin][channel] block is transposed
/// into the output's [channel][bin] rows.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class RoiAlignKernel
{
    // A box's sample grid is adaptive (its size in bins); beyond this many samples per box the call is refused rather
    // than run for minutes (a box of about 2^15 pixels on a side at 7×7).
    private const long MaxSamplesPerBox = 1L << 31;

    /// <summary>Bytes of output from which an NCHW call writes with streaming stores (whole cache lines straight to
    /// memory, not read first: an output much larger than the caches). A tuning knob — the tests set it to 0 so that
    /// small calls take that path too; it never changes results.</summary>
    public static long StreamingOutputBytes { get; set; } = 8L << 20;

    /// <summary>
    /// <paramref name="boxes"/> holds <paramref name="boxColumns"/> values a box: 5 (torchvision: batch index, x1, y1, x2,
    /// y2) or 4 (ONNX: x1, y1, x2, y2, with the batch index in <paramref name="batchIndices"/>). <paramref name="input"/> is
    /// whole images of <paramref name="channels"/> × <paramref name="height"/> × <paramref name="width"/>; the output
    /// holds every box's channels × <paramref name="outHeight"/> × <paramref name="outWidth"/>. With
    /// <paramref name="channelsLast"/> the images are height × width × channels and each box's output
    /// <paramref name="outHeight"/> × <paramref name="outWidth"/> × channels (the same values).
    /// </summary>
    public static void Forward<T, TIndex>(ReadOnlySpan<T> input, int channels, int height, int width, ReadOnlySpan<T> boxes, int boxColumns,
        ReadOnlySpan<TIndex> batchIndices, Span<T> output, int outHeight, int outWidth, T spatialScale, int samplingRatio, bool aligned, bool max,
        int firstBox, int endBox, bool channelsLast = false)
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
        // Channels-last maps are read as they are; NCHW ones are transposed first.
        bool readsOften = (long)(endBox - firstBox) * bins >= plane;
        bool vector = Simd128<T>.IsAccelerated && channels >= Vector128<T>.Count && readsOften;
        // The channels-last copy of an NCHW map (or of a misaligned channels-last one), aligned so that its pixels'
        // vectors of channels load whole lines.
        var transposed = new AlignedBuffer<T>();
        bool realign = channelsLast && readsOften && channels * Unsafe.SizeOf<T>() % 64 == 0 && !IsAligned(input);
        int transposedImage = -1;
        // An output much larger than the caches goes to memory with streaming stores.
        using var buffers = new BoxBuffers<T> { Streaming = (long)(endBox - firstBox) * channels * bins * Unsafe.SizeOf<T>() >= StreamingOutputBytes };
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
                // gridH · gridW > limit, asked without the product (two saturated grids would wrap it to 1).
                long limit = MaxSamplesPerBox / bins;
                if (gridH > 0 && gridW > 0 && (gridH > limit || gridW > limit / gridH))
                    throw new ArgumentException($"Box {k} needs a sampling grid of {gridH} × {gridW} per bin: too large to sample (set a sampling ratio).", nameof(boxes));
                // torchvision: count = max(grid_h · grid_w, 1); a negative grid (an inverted aligned box) samples nothing.
                T count = T.CreateTruncating(Math.Max(gridH * gridW, 1));
                int gh = (int)Math.Max(gridH, 0), gw = (int)Math.Max(gridW, 0);
                rows.Fill(startH, binHeight, gh, height);
                columns.Fill(startW, binWidth, gw, width);
                var outBox = output.Slice((int)(k * channels * bins), channels * binCount);
                if (channelsLast)
                {
                    var map = input.Slice((int)(n * image), (int)image);
                    if (realign)
                    {
                        // A misaligned channels-last map read many times over: an aligned copy, so that whole vectors of
                        // channels load whole cache lines.
                        var copy = transposed.Get((int)image);
                        if (transposedImage != n)
                        {
                            map.CopyTo(copy);
                            transposedImage = n;
                        }
                        map = copy;
                    }
                    ChannelVectorBox(map, channels, rows, columns, gh, gw, count, max, buffers, outBox, binCount, channelsLast);
                }
                else if (vector)
                {
                    var map = transposed.Get((int)image);
                    if (transposedImage != n)
                    {
                        PlaneTiles.ToTile(input.Slice((int)(n * image), (int)image), channels, map);
                        transposedImage = n;
                    }
                    ChannelVectorBox(map, channels, rows, columns, gh, gw, count, max, buffers, outBox, binCount, channelsLast: false);
                }
                else
                {
                    ScalarBox(input.Slice((int)(n * image), (int)image), channels, plane, width, rows, columns, gh, gw, count, max, buffers, outBox, binCount);
                }
            }
        }
        finally
        {
            if (buffers.Streaming) StreamingStores.Fence();
            transposed.Dispose();
        }
    }

    // Whether the span starts on a 64-byte boundary now (a hint: the collector may move a managed buffer later, which
    // costs speed only).
    private static unsafe bool IsAligned<T>(ReadOnlySpan<T> span) =>
        ((nuint)Unsafe.AsPointer(ref Unsafe.AsRef(in MemoryMarshal.GetReference(span))) & 63) == 0;

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

    // Plane by plane, torchvision's scalar loop over the box's sample table (pixel offsets within a plane).
    private static void ScalarBox<T>(ReadOnlySpan<T> map, int channels, int plane, int width, Axis<T> rows, Axis<T> columns, int gh, int gw, T count,
        bool max, BoxBuffers<T> buffers, Span<T> output, int binCount)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int samples = gh * gw;
        buffers.Reserve(binCount, samples, channels, channelsLast: false);
        FillSamples(rows, columns, gh, gw, width, 1, buffers.Offsets, buffers.Weights);
        for (int c = 0; c < channels; c++)
        {
            var bins = new BinSamples<T>(map.Slice(c * plane, plane), buffers.Offsets, buffers.Weights, samples, count, max);
            for (int bin = 0; bin < binCount; bin++) output[c * binCount + bin] = bins.Lane(bin, 0);
        }
    }

    // The box's sample table, bin by bin and sample by sample in torchvision's order: each sample's four corners as
    // offsets (`line` apart for a row, `pixel` for a column; low row first) and its bilinear weights w1 = hy·hx, w2 = hy·lx,
    // w3 = ly·hx, w4 = ly·lx, each sample row's values read once for its columns. A sample outside the map reads offset 0
    // four times with weight 0, as torchvision's pre-calculation stores it (so a NaN or ∞ there still reaches the bin).
    private static void FillSamples<T>(Axis<T> rows, Axis<T> columns, int gh, int gw, int line, int pixel, int[] offsets, T[] weights)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref int offset = ref MemoryMarshal.GetArrayDataReference(offsets);
        ref T weight = ref MemoryMarshal.GetArrayDataReference(weights);
        ref int rowLow = ref MemoryMarshal.GetArrayDataReference(rows.Low), rowHigh = ref MemoryMarshal.GetArrayDataReference(rows.High);
        ref T rowLowWeight = ref MemoryMarshal.GetArrayDataReference(rows.LowWeight), rowHighWeight = ref MemoryMarshal.GetArrayDataReference(rows.HighWeight);
        ref bool rowOutside = ref MemoryMarshal.GetArrayDataReference(rows.Outside);
        ref int columnLow = ref MemoryMarshal.GetArrayDataReference(columns.Low), columnHigh = ref MemoryMarshal.GetArrayDataReference(columns.High);
        ref T columnLowWeight = ref MemoryMarshal.GetArrayDataReference(columns.LowWeight), columnHighWeight = ref MemoryMarshal.GetArrayDataReference(columns.HighWeight);
        ref bool columnOutside = ref MemoryMarshal.GetArrayDataReference(columns.Outside);
        for (int ph = 0, s = 0; ph < rows.BinCount; ph++)
        for (int pw = 0; pw < columns.BinCount; pw++)
        for (int iy = 0, sy = ph * gh; iy < gh; iy++, sy++)
        {
            bool outsideY = Unsafe.Add(ref rowOutside, sy);
            int yl = Unsafe.Add(ref rowLow, sy) * line, yh = Unsafe.Add(ref rowHigh, sy) * line;
            T hy = Unsafe.Add(ref rowLowWeight, sy), ly = Unsafe.Add(ref rowHighWeight, sy);
            for (int ix = 0, sx = pw * gw; ix < gw; ix++, sx++, s += 4)
            {
                ref int o = ref Unsafe.Add(ref offset, s);
                ref T w = ref Unsafe.Add(ref weight, s);
                if (outsideY || Unsafe.Add(ref columnOutside, sx))
                {
                    o = Unsafe.Add(ref o, 1) = Unsafe.Add(ref o, 2) = Unsafe.Add(ref o, 3) = 0;
                    w = Unsafe.Add(ref w, 1) = Unsafe.Add(ref w, 2) = Unsafe.Add(ref w, 3) = T.Zero;
                    continue;
                }
                int xl = Unsafe.Add(ref columnLow, sx) * pixel, xh = Unsafe.Add(ref columnHigh, sx) * pixel;
                T hx = Unsafe.Add(ref columnLowWeight, sx), lx = Unsafe.Add(ref columnHighWeight, sx);
                (o, Unsafe.Add(ref o, 1), Unsafe.Add(ref o, 2), Unsafe.Add(ref o, 3)) = (yl + xl, yl + xh, yh + xl, yh + xh);
                (w, Unsafe.Add(ref w, 1), Unsafe.Add(ref w, 2), Unsafe.Add(ref w, 3)) = (hy * hx, hy * lx, ly * hx, ly * lx);
            }
        }
    }

    // std::max / Python's max of two: the first unless the second is greater (NaN in the second is not taken).
    private static T MaxOf<T>(T a, T b) where T : IFloatingPointIeee754<T> => b > a ? b : a;

    private static void ChannelVectorBox<T>(ReadOnlySpan<T> map, int channels, Axis<T> rows, Axis<T> columns, int gh, int gw, T count, bool max,
        BoxBuffers<T> buffers, Span<T> output, int binCount, bool channelsLast)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int samples = gh * gw;
        buffers.Reserve(binCount, samples, channels, channelsLast);
        int[] offsets = buffers.Offsets;
        T[] weights = buffers.Weights;
        // Offsets into the channels-last map, shared by every block of channels.
        FillSamples(rows, columns, gh, gw, columns.Length * channels, channels, offsets, weights);
        var bins = new BinSamples<T>(map, offsets, weights, samples, count, max);
        // Channels-last: the box's output is the [bin][channel] block itself (streaming stores through an aligned block
        // were slower: 5.8 against 5.1 ms for the benchmark's case at 512 bits, 8.5 against 7.0 at 256). Otherwise a
        // [bin][channel] block whose rows are not a multiple of 256 bytes apart (the transpose reads 16 of them at a
        // time), then transposed.
        int stride = channelsLast ? channels : buffers.Stride;
        Span<T> acc = channelsLast ? output : buffers.Accumulator.Get(checked(binCount * stride));
        int c = 0;
        if (Simd512<T>.IsAccelerated) c = ChannelBlocks<Simd512<T>, Vector512<T>, T>(bins, binCount, channels, acc, stride, c);
        if (Simd256<T>.IsAccelerated) c = ChannelBlocks<Simd256<T>, Vector256<T>, T>(bins, binCount, channels, acc, stride, c);
        if (Simd128<T>.IsAccelerated) c = ChannelBlocks<Simd128<T>, Vector128<T>, T>(bins, binCount, channels, acc, stride, c);
        for (; c < channels; c++)
        for (int bin = 0; bin < binCount; bin++)
            acc[bin * stride + c] = bins.Lane(bin, c);
        // [bin][channel] → the output's [channel][bin]; a large output with streaming stores.
        if (!channelsLast) PlaneTiles.FromTile<T>(acc, channels, stride, binCount, output, buffers.Staging, buffers.Streaming);
    }

    /// <summary>What a box's bins read: the channels-last map and, per bin, its samples' corner offsets and weights.</summary>
    private readonly ref struct BinSamples<T>(ReadOnlySpan<T> map, int[] offsets, T[] weights, int samples, T count, bool max)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public readonly ReadOnlySpan<T> Map = map;
        public readonly int[] Offsets = offsets;
        public readonly T[] Weights = weights;
        public readonly int Samples = samples;
        public readonly T Count = count;
        public readonly bool Max = max;

        /// <summary>One channel of one bin, torchvision's scalar loop.</summary>
        public T Lane(int bin, int c)
        {
            T value = T.Zero;
            for (int s = bin * Samples * 4, end = s + Samples * 4; s < end; s += 4)
            {
                T v1 = Weights[s] * Map[Offsets[s] + c], v2 = Weights[s + 1] * Map[Offsets[s + 1] + c];
                T v3 = Weights[s + 2] * Map[Offsets[s + 2] + c], v4 = Weights[s + 3] * Map[Offsets[s + 3] + c];
                if (!Max) value += v1 + v2 + v3 + v4;
                else
                {
                    T sample = MaxOf(MaxOf(MaxOf(v1, v2), v3), v4);
                    value = s == bin * Samples * 4 ? sample : MaxOf(value, sample);
                }
            }
            return Max ? value : value / Count;
        }
    }

    // Blocks of V.Count channels from channel c on, four blocks a pass (then one at a time) so that a sample's offsets and
    // weights are loaded once for all four; each bin's sums stay in registers across its samples. Lane by lane the
    // scalar loop's operations in its order: ((w1·v1 + w2·v2) + w3·v3) + w4·v4 added to the bin's sum (or the max of the
    // four products, then of the samples), so the same bits. Returns the first channel left.
    private static int ChannelBlocks<V, TV, T>(BinSamples<T> bins, int binCount, int channels, Span<T> accumulator, int accStride, int c)
        where V : ISimd<TV, T>
        where TV : struct
        where T : unmanaged, IFloatingPointIeee754<T> =>
        bins.Max
            ? ChannelBlocks<V, TV, T, MaxRule>(bins, binCount, channels, accumulator, accStride, c)
            : ChannelBlocks<V, TV, T, AverageRule>(bins, binCount, channels, accumulator, accStride, c);

    private static int ChannelBlocks<V, TV, T, TRule>(BinSamples<T> bins, int binCount, int channels, Span<T> accumulator, int accStride, int c)
        where V : ISimd<TV, T>
        where TV : struct
        where T : unmanaged, IFloatingPointIeee754<T>
        where TRule : struct, IBinRule
    {
        int n = V.Count, samples = bins.Samples;
        ref T map = ref MemoryMarshal.GetReference(bins.Map);
        ref T acc = ref MemoryMarshal.GetReference(accumulator);
        T count = bins.Count;
        // Blocks of channels outer: a block's share of the box's region of the map stays in L1 across the bins.
        for (; c + 4 * n <= channels; c += 4 * n)
        {
            ref T at = ref Unsafe.Add(ref map, c);
            ref int offsets = ref MemoryMarshal.GetArrayDataReference(bins.Offsets);
            ref T weights = ref MemoryMarshal.GetArrayDataReference(bins.Weights);
            for (int bin = 0; bin < binCount; bin++)
            {
                TV a0 = V.Zero, a1 = V.Zero, a2 = V.Zero, a3 = V.Zero;
                for (int s = 0; s < samples; s++, offsets = ref Unsafe.Add(ref offsets, 4), weights = ref Unsafe.Add(ref weights, 4))
                {
                    nint o1 = offsets, o2 = Unsafe.Add(ref offsets, 1), o3 = Unsafe.Add(ref offsets, 2), o4 = Unsafe.Add(ref offsets, 3);
                    TV w1 = V.Broadcast(weights), w2 = V.Broadcast(Unsafe.Add(ref weights, 1));
                    TV w3 = V.Broadcast(Unsafe.Add(ref weights, 2)), w4 = V.Broadcast(Unsafe.Add(ref weights, 3));
                    bool first = s == 0;
                    a0 = Blend<V, TV, T, TRule>(a0, ref at, o1, o2, o3, o4, w1, w2, w3, w4, first);
                    a1 = Blend<V, TV, T, TRule>(a1, ref Unsafe.Add(ref at, n), o1, o2, o3, o4, w1, w2, w3, w4, first);
                    a2 = Blend<V, TV, T, TRule>(a2, ref Unsafe.Add(ref at, 2 * n), o1, o2, o3, o4, w1, w2, w3, w4, first);
                    a3 = Blend<V, TV, T, TRule>(a3, ref Unsafe.Add(ref at, 3 * n), o1, o2, o3, o4, w1, w2, w3, w4, first);
                }
                ref T row = ref Unsafe.Add(ref acc, (nint)bin * accStride + c);
                V.Store(Finish<V, TV, T, TRule>(a0, count), ref row, 0);
                V.Store(Finish<V, TV, T, TRule>(a1, count), ref row, n);
                V.Store(Finish<V, TV, T, TRule>(a2, count), ref row, 2 * n);
                V.Store(Finish<V, TV, T, TRule>(a3, count), ref row, 3 * n);
            }
        }
        for (; c + n <= channels; c += n)
        {
            ref T at = ref Unsafe.Add(ref map, c);
            ref int offsets = ref MemoryMarshal.GetArrayDataReference(bins.Offsets);
            ref T weights = ref MemoryMarshal.GetArrayDataReference(bins.Weights);
            for (int bin = 0; bin < binCount; bin++)
            {
                TV a0 = V.Zero;
                for (int s = 0; s < samples; s++, offsets = ref Unsafe.Add(ref offsets, 4), weights = ref Unsafe.Add(ref weights, 4))
                {
                    a0 = Blend<V, TV, T, TRule>(a0, ref at, offsets, Unsafe.Add(ref offsets, 1), Unsafe.Add(ref offsets, 2), Unsafe.Add(ref offsets, 3),
                        V.Broadcast(weights), V.Broadcast(Unsafe.Add(ref weights, 1)), V.Broadcast(Unsafe.Add(ref weights, 2)),
                        V.Broadcast(Unsafe.Add(ref weights, 3)), s == 0);
                }
                V.Store(Finish<V, TV, T, TRule>(a0, count), ref acc, (nint)bin * accStride + c);
            }
        }
        return c;
    }

    /// <summary>Average (torchvision) or max (ONNX) over a bin's samples, as a type so that the choice is compiled in.</summary>
    private interface IBinRule
    {
        static abstract bool IsMax { get; }
    }

    private struct AverageRule : IBinRule
    {
        public static bool IsMax => false;
    }

    private struct MaxRule : IBinRule
    {
        public static bool IsMax => true;
    }

    // One sample's four weighted corners (a vector of channels at each offset) into a bin's vector: added to its sum as
    // ((x1 + x2) + x3) + x4, or for ONNX's max the greatest of them, which then replaces the bin's value when greater (the
    // first sample starts it).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Blend<V, TV, T, TRule>(TV bin, ref T at, nint o1, nint o2, nint o3, nint o4, TV w1, TV w2, TV w3, TV w4, bool first)
        where V : ISimd<TV, T>
        where TV : struct
        where T : unmanaged
        where TRule : struct, IBinRule
    {
        TV x1 = V.MultiplyLanes(w1, V.Load(ref at, o1)), x2 = V.MultiplyLanes(w2, V.Load(ref at, o2));
        TV x3 = V.MultiplyLanes(w3, V.Load(ref at, o3)), x4 = V.MultiplyLanes(w4, V.Load(ref at, o4));
        if (!TRule.IsMax) return V.Add(bin, V.Add(V.Add(V.Add(x1, x2), x3), x4));
        TV sample = V.MaxNoNaN(V.MaxNoNaN(V.MaxNoNaN(x1, x2), x3), x4);
        return first ? sample : V.MaxNoNaN(bin, sample);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Finish<V, TV, T, TRule>(TV bin, T count)
        where V : ISimd<TV, T>
        where TV : struct
        where T : unmanaged
        where TRule : struct, IBinRule =>
        TRule.IsMax ? bin : V.Divide(bin, count);

    /// <summary>The buffers of the channel-vector path, rented once per call and grown as boxes need.</summary>
    private sealed class BoxBuffers<T> : IDisposable where T : unmanaged
    {
        public int[] Offsets = Array.Empty<int>();
        public T[] Weights = Array.Empty<T>(), Staging = Array.Empty<T>();

        /// <summary>A box's [bin][channel] block before its transpose (aligned: the transpose loads whole rows of 16).</summary>
        public AlignedBuffer<T> Accumulator;

        /// <summary>Whether the call's output is large enough to be written with streaming stores.</summary>
        public bool Streaming;

        /// <summary>The accumulator's row stride (set by <see cref="Reserve"/>): the channels, plus 16 for an NCHW output
        /// when they are a multiple of 64 (rows 256 · k bytes apart share a few cache sets).</summary>
        public int Stride;

        public void Reserve(int bins, int samples, int channels, bool channelsLast)
        {
            long corners = 4L * bins * samples;
            if (Offsets.Length < corners)
            {
                Return();
                Offsets = ArrayPool<int>.Shared.Rent((int)corners);
                Weights = ArrayPool<T>.Shared.Rent((int)corners);
            }
            Stride = channels % 64 == 0 && !channelsLast ? channels + 16 : channels;
            if (Streaming && !channelsLast && Staging.Length < 16L * bins)
            {
                if (Staging.Length > 0) ArrayPool<T>.Shared.Return(Staging);
                Staging = ArrayPool<T>.Shared.Rent(checked(16 * bins));
            }
        }

        private void Return()
        {
            if (Offsets.Length > 0) ArrayPool<int>.Shared.Return(Offsets);
            if (Weights.Length > 0) ArrayPool<T>.Shared.Return(Weights);
            (Offsets, Weights) = (Array.Empty<int>(), Array.Empty<T>());
        }

        public void Dispose()
        {
            Return();
            Accumulator.Dispose();
            if (Staging.Length > 0) ArrayPool<T>.Shared.Return(Staging);
            Staging = Array.Empty<T>();
        }
    }
}
