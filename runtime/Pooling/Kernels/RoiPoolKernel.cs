using System;
using System.ComponentModel;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Pooling.Kernels;

/// <summary>
/// RoIPool (docs/semantics.md §10.1): torchvision's <c>roi_pool</c> and ONNX's <c>MaxRoiPool</c> for a range of boxes
/// (batch index, x1, y1, x2, y2) over an NCHW feature map: each box rounded to whole pixels, cut into bins, each bin
/// the maximum of its pixels. A box's bins are computed once and every channel reads them. Channels-last maps
/// (height × width × channels, each box's output bins × channels) take whole vectors of channels a pixel: the update
/// "replaced only by a greater value" is one lane-wise compare-and-select (<see cref="ISimd{TVector, T}.MaxNoNaN"/>),
/// which keeps the first of equal values and never takes a NaN, as torchvision's loop does.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class RoiPoolKernel
{
    /// <summary>Boxes [<paramref name="firstBox"/>, <paramref name="endBox"/>) of <paramref name="boxes"/> (five values
    /// each) into the output's [box, channel, outHeight, outWidth]; with <paramref name="channelsLast"/> the images are
    /// height × width × channels and the output [box, outHeight, outWidth, channel].</summary>
    public static void Forward<T>(ReadOnlySpan<T> input, int channels, int height, int width, ReadOnlySpan<T> boxes, Span<T> output,
        int outHeight, int outWidth, T spatialScale, int firstBox, int endBox, bool channelsLast = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        long image = (long)channels * height * width, bins = (long)outHeight * outWidth;
        if (channels <= 0 || height <= 0 || width <= 0 || outHeight <= 0 || outWidth <= 0 || input.Length == 0 || input.Length % image != 0
            || image > int.MaxValue || firstBox < 0 || firstBox > endBox || 5L * endBox > boxes.Length || (long)endBox * channels * bins > output.Length)
            throw new ArgumentException("The buffers do not match the extents and boxes.", nameof(input));
        int batch = (int)(input.Length / image), plane = height * width, binCount = (int)bins;
        var rowStart = new int[outHeight];
        var rowEnd = new int[outHeight];
        var columnStart = new int[outWidth];
        var columnEnd = new int[outWidth];
        T lowest = T.CreateTruncating(-float.MaxValue);   // torchvision starts every bin at −FLT_MAX
        Span<long> corner = stackalloc long[4];          // x1, y1, x2, y2 in map pixels
        for (int k = firstBox; k < endBox; k++)
        {
            var box = boxes.Slice(5 * k, 5);
            T value = box[0];
            if (!T.IsFinite(value) || T.Truncate(value) < T.Zero || T.Truncate(value) >= T.CreateTruncating(batch))
                throw new ArgumentException($"Batch index {value} of box {k} is outside the {batch} images of the input.", nameof(boxes));
            int n = int.CreateTruncating(value);
            for (int j = 0; j < 4; j++)
            {
                T scaled = box[1 + j] * spatialScale;
                if (!T.IsFinite(scaled))
                    throw new ArgumentException($"Box {k} is not finite after scaling: ({box[1]}, {box[2]}, {box[3]}, {box[4]}).", nameof(boxes));
                // std::round: halves away from zero; saturated far outside any map (the bins are clamped to it below).
                corner[j] = long.CreateSaturating(T.Round(scaled, MidpointRounding.AwayFromZero));
            }
            long roiWidth = Math.Max(corner[2] - corner[0] + 1, 1), roiHeight = Math.Max(corner[3] - corner[1] + 1, 1);
            T binHeight = T.CreateTruncating(roiHeight) / T.CreateTruncating(outHeight), binWidth = T.CreateTruncating(roiWidth) / T.CreateTruncating(outWidth);
            Bins(rowStart, rowEnd, binHeight, corner[1], height);
            Bins(columnStart, columnEnd, binWidth, corner[0], width);
            var map = input.Slice((int)(n * image), (int)image);
            var outBox = output.Slice((int)(k * channels * bins), channels * binCount);
            if (channelsLast)
            {
                ChannelsLastBox(map, channels, width, rowStart, rowEnd, columnStart, columnEnd, lowest, outBox);
                continue;
            }
            for (int c = 0; c < channels; c++)
            {
                var x = map.Slice(c * plane, plane);
                for (int ph = 0, o = c * binCount; ph < outHeight; ph++)
                for (int pw = 0; pw < outWidth; pw++, o++)
                {
                    int h0 = rowStart[ph], h1 = rowEnd[ph], w0 = columnStart[pw], w1 = columnEnd[pw];
                    bool empty = h1 <= h0 || w1 <= w0;
                    T best = empty ? T.Zero : lowest;
                    for (int h = h0; h < h1; h++)
                    {
                        var row = x.Slice(h * width, width);
                        // Replaced only by a greater value: NaN is never taken, ties keep the first.
                        for (int w = w0; w < w1; w++) if (row[w] > best) best = row[w];
                    }
                    outBox[o] = best;
                }
            }
        }
    }

    // One box over a channels-last map: per bin, every pixel's channels against the bin's running maxima, whole vectors
    // of channels first, the channels left over one by one (the same update).
    private static void ChannelsLastBox<T>(ReadOnlySpan<T> map, int channels, int width, int[] rowStart, int[] rowEnd, int[] columnStart,
        int[] columnEnd, T lowest, Span<T> outBox)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int ph = 0, bin = 0; ph < rowStart.Length; ph++)
        for (int pw = 0; pw < columnStart.Length; pw++, bin++)
        {
            int h0 = rowStart[ph], h1 = rowEnd[ph], w0 = columnStart[pw], w1 = columnEnd[pw];
            T start = h1 <= h0 || w1 <= w0 ? T.Zero : lowest;
            var target = outBox.Slice(bin * channels, channels);
            int c = 0;
            if (Simd512<T>.IsAccelerated) c = ChannelBlocks<Simd512<T>, Vector512<T>, T>(map, channels, width, h0, h1, w0, w1, start, target, c);
            if (Simd256<T>.IsAccelerated) c = ChannelBlocks<Simd256<T>, Vector256<T>, T>(map, channels, width, h0, h1, w0, w1, start, target, c);
            if (Simd128<T>.IsAccelerated) c = ChannelBlocks<Simd128<T>, Vector128<T>, T>(map, channels, width, h0, h1, w0, w1, start, target, c);
            for (; c < channels; c++)
            {
                T best = start;
                for (int h = h0; h < h1; h++)
                for (int w = w0; w < w1; w++)
                {
                    T value = map[(h * width + w) * channels + c];
                    if (value > best) best = value;
                }
                target[c] = best;
            }
        }
    }

    // Channels [c, …) of one bin in blocks of V.Count; returns the first channel left.
    private static int ChannelBlocks<V, TV, T>(ReadOnlySpan<T> map, int channels, int width, int h0, int h1, int w0, int w1, T start,
        Span<T> target, int c)
        where V : ISimd<TV, T>
        where TV : struct
        where T : unmanaged
    {
        // The bins lie inside the map (clamped), so every pixel's channels [0, channels) are in it.
        if ((h1 > h0 && w1 > w0 && ((long)(h1 - 1) * width + w1) * channels > map.Length) || target.Length < channels)
            throw new ArgumentException("A bin lies outside the map.", nameof(map));
        ref T from = ref MemoryMarshal.GetReference(map);
        ref T to = ref MemoryMarshal.GetReference(target);
        for (; c + V.Count <= channels; c += V.Count)
        {
            TV best = V.Broadcast(start);
            for (int h = h0; h < h1; h++)
            for (nint at = ((nint)h * width + w0) * channels + c, end = ((nint)h * width + w1) * channels + c; at < end; at += channels)
                best = V.MaxNoNaN(best, V.Load(ref from, at));
            V.Store(best, ref to, c);
        }
        return c;
    }

    // Bin b of a box starting at 'start' with bins of 'size' pixels: [floor(b·size), ceil((b + 1)·size)) shifted by the
    // start and clamped to [0, length].
    private static void Bins<T>(int[] first, int[] end, T size, long start, int length) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int b = 0; b < first.Length; b++)
        {
            long lo = long.CreateSaturating(T.Floor(T.CreateTruncating(b) * size));
            long hi = long.CreateSaturating(T.Ceiling(T.CreateTruncating(b + 1) * size));
            first[b] = (int)Math.Clamp(lo + start, 0, length);
            end[b] = (int)Math.Clamp(hi + start, 0, length);
        }
    }
}
