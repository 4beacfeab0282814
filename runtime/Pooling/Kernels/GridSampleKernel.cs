using System;
using System.Buffers;
using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Pooling.Kernels;

/// <summary>
/// GridSample (docs/semantics.md §11): PyTorch's <c>F.grid_sample</c> and ONNX's <c>GridSample</c> on 2-D NCHW images —
/// bilinear, nearest or bicubic; zeros, border or reflection padding; align_corners either way. Each output point's
/// source position, taps and weights are computed once and applied to every channel (its plane read at those taps, its
/// output plane written in order). Positions and weights are in the element type, in PyTorch's scalar kernel's order.
/// Bilinear over many points and channels blends vectors of channels on a channels-last copy of the image instead (lane
/// by lane the same operations), and transposes each tile of results into the output planes.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class GridSampleKernel
{
    /// <summary>Images [<paramref name="first"/>, <paramref name="end"/>): <paramref name="grid"/> holds each image's
    /// points as (x, y) pairs in [−1, 1] (x along the width), <paramref name="output"/> each image's channels × points.</summary>
    public static void Sample2D<T>(ReadOnlySpan<T> input, int channels, int height, int width, ReadOnlySpan<T> grid, Span<T> output,
        GridSampleMode mode, GridPadding padding, bool alignCorners, int first, int end)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (image, images) = Check2D(input.Length, channels, height, width, grid.Length, output.Length, first, end);
        int points = grid.Length / 2 / images, plane = height * width;
        int taps = mode switch { GridSampleMode.Bilinear => 4, GridSampleMode.Nearest => 1, _ => 16 };
        // Per point: the taps' plane offsets (−1: outside, reads 0) and weights, for chunks of up to 65,536 points: every
        // channel then reads its whole plane at those taps before the next channel (a random grid keeps one plane in
        // cache, not all of them).
        int chunk = Math.Min(points, 65536);
        int[] offsets = ArrayPool<int>.Shared.Rent(chunk * taps);
        T[] weights = ArrayPool<T>.Shared.Rent(chunk * taps);
        // Bilinear: each point's top-left corner when all four are inside the image (−1 otherwise: the offsets hold them).
        int[] corners = ArrayPool<int>.Shared.Rent(chunk);
        // Bilinear with enough points and channels: a channels-last copy of each image, so that a point blends whole vectors
        // of channels at its four corners (one cache line or two each) instead of visiting every plane at random.
        bool channelsLast = mode == GridSampleMode.Bilinear && Simd128<T>.IsAccelerated && channels >= Vector128<T>.Count && 4L * points >= plane;
        // Aligned: a pixel's vectors of channels then load whole cache lines (32 floats: two lines, not three).
        var aligned = new AlignedBuffer<T>();
        Span<T> map = channelsLast ? aligned.Get((int)image) : Span<T>.Empty;
        T[] tile = channelsLast ? ArrayPool<T>.Shared.Rent(Math.Max(TileElements, channels)) : Array.Empty<T>();
        try
        {
            for (int n = first; n < end; n++)
            {
                var pointsOf = grid.Slice(n * points * 2, points * 2);
                var source = input.Slice((int)(n * image), (int)image);
                var target = output.Slice(n * points * channels, points * channels);
                if (channelsLast) PlaneTiles.ToTile(source, channels, map);
                for (int p0 = 0; p0 < points; p0 += chunk)
                {
                    int count = Math.Min(chunk, points - p0);
                    if (mode == GridSampleMode.Bilinear)
                    {
                        BilinearTaps(pointsOf.Slice(2 * p0, 2 * count), padding, alignCorners, height, width, offsets, weights, corners);
                        if (channelsLast)
                        {
                            BilinearChannelsLast(map, channels, width, offsets, weights, corners, count, tile, target.Slice(p0), points);
                            continue;
                        }
                    }
                    else
                    {
                        PointTaps(mode, padding, alignCorners, pointsOf.Slice(2 * p0, 2 * count), height, width, offsets, weights);
                    }
                    for (int c = 0; c < channels; c++)
                    {
                        var x = source.Slice(c * plane, plane);
                        var y = target.Slice(c * points + p0, count);
                        if (mode == GridSampleMode.Bilinear && c + 1 < channels)
                        {
                            // Two channels a pass: the taps are read once for both planes.
                            BilinearPair(x, source.Slice((c + 1) * plane, plane), width, offsets, weights, corners, y, target.Slice((c + 1) * points + p0, count));
                            c++;
                            continue;
                        }
                        if (mode == GridSampleMode.Bicubic)
                        {
                            for (int p = 0; p < count; p++) y[p] = Bicubic(x, offsets.AsSpan(p * 16, 16), weights.AsSpan(p * 16, 16));
                        }
                        else if (mode == GridSampleMode.Nearest)
                        {
                            // The pixel itself (−0 stays −0); outside the image 0, a NaN position NaN.
                            for (int p = 0; p < count; p++) y[p] = offsets[p] >= 0 ? x[offsets[p]] : T.IsNaN(weights[p]) ? T.NaN : T.Zero;
                        }
                        else
                        {
                            Bilinear(x, width, offsets, weights, corners, y);
                        }
                    }
                }
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(offsets);
            ArrayPool<T>.Shared.Return(weights);
            ArrayPool<int>.Shared.Return(corners);
            if (channelsLast) ArrayPool<T>.Shared.Return(tile);
            aligned.Dispose();
        }
    }

    // Points × channels a tile holds (32 KB of float: it stays in L1 between its blend and its transpose).
    private const int TileElements = 8192;

    // Bilinear on a channels-last image: points [0, count) of the tables, a tile of points at a time — each point's
    // channels blended into tile[point][channel] (as Bilinear does lane by lane: the in-image corners' value · weight
    // added from 0 in the order nw, ne, sw, se), then the tile transposed into the output planes, rows `points` apart.
    private static void BilinearChannelsLast<T>(ReadOnlySpan<T> map, int channels, int width, int[] offsets, T[] weights, int[] corners, int count, T[] tile,
        Span<T> target, int points)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int group = Math.Max(1, TileElements / channels);
        for (int i0 = 0; i0 < count; i0 += group)
        {
            int m = Math.Min(group, count - i0);
            Blend(map, channels, width, offsets, weights, corners, i0, m, tile);
            PlaneTiles.FromTile<T>(tile.AsSpan(0, m * channels), channels, target.Slice(i0), points);
        }
    }

    // Points [first, first + count) of the tables blended into rows of `channels` elements from `rows` on, the machine's
    // widest vectors first.
    private static void Blend<T>(ReadOnlySpan<T> map, int channels, int width, int[] offsets, T[] weights, int[] corners, int first, int count, Span<T> rows)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if ((long)count * channels > rows.Length) throw new ArgumentException("The rows are shorter than the points.", nameof(rows));
        ref T source = ref MemoryMarshal.GetReference(map);
        ref T row = ref MemoryMarshal.GetReference(rows);
        if (Simd512<T>.IsAccelerated) BlendPoints<Simd512<T>, Vector512<T>, T>(ref source, channels, width, offsets, weights, corners, first, count, ref row);
        else if (Simd256<T>.IsAccelerated) BlendPoints<Simd256<T>, Vector256<T>, T>(ref source, channels, width, offsets, weights, corners, first, count, ref row);
        else BlendPoints<Simd128<T>, Vector128<T>, T>(ref source, channels, width, offsets, weights, corners, first, count, ref row);
    }

    private static void BlendPoints<V, TV, T>(ref T source, int channels, int width, int[] offsets, T[] weights, int[] corners, int first, int count, ref T row)
        where V : ISimd<TV, T>
        where TV : struct
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = V.Count, full = channels - channels % n;
        nint right = channels, down = (nint)width * channels;
        ref T weight = ref MemoryMarshal.GetArrayDataReference(weights);
        for (int i = 0; i < count; i++, row = ref Unsafe.Add(ref row, channels))
        {
            int p = first + i, k = 4 * p, o = corners[p];
            if (i + Ahead < count && corners[p + Ahead] is int next and >= 0) PrefetchPixels(ref source, (nint)next * channels, right, down);
            T w0 = Unsafe.Add(ref weight, k), w1 = Unsafe.Add(ref weight, k + 1), w2 = Unsafe.Add(ref weight, k + 2), w3 = Unsafe.Add(ref weight, k + 3);
            if (o >= 0)
            {
                // Every corner inside the image (BilinearTaps checked): no branches.
                ref T nw = ref Unsafe.Add(ref source, (nint)o * channels);
                TV b0 = V.Broadcast(w0), b1 = V.Broadcast(w1), b2 = V.Broadcast(w2), b3 = V.Broadcast(w3);
                int c = 0;
                for (; c < full; c += n)
                {
                    TV value = V.Add(V.Zero, V.MultiplyLanes(V.Load(ref nw, c), b0));
                    value = V.Add(value, V.MultiplyLanes(V.Load(ref nw, right + c), b1));
                    value = V.Add(value, V.MultiplyLanes(V.Load(ref nw, down + c), b2));
                    value = V.Add(value, V.MultiplyLanes(V.Load(ref nw, down + right + c), b3));
                    V.Store(value, ref row, c);
                }
                for (; c < channels; c++)
                {
                    T value = T.Zero;
                    value += Unsafe.Add(ref nw, c) * w0;
                    value += Unsafe.Add(ref nw, right + c) * w1;
                    value += Unsafe.Add(ref nw, down + c) * w2;
                    value += Unsafe.Add(ref nw, down + right + c) * w3;
                    Unsafe.Add(ref row, c) = value;
                }
                continue;
            }
            // Some corner outside (it adds nothing) or a NaN position (a NaN weight and no corner: the result is NaN).
            for (int c = 0; c < channels; c++) Unsafe.Add(ref row, c) = T.Zero;
            for (int t = 0; t < 4; t++)
            {
                int at = offsets[k + t];
                T wt = Unsafe.Add(ref weight, k + t);
                if (at < 0)
                {
                    if (T.IsNaN(wt))
                        for (int c = 0; c < channels; c++) Unsafe.Add(ref row, c) = T.NaN;
                    continue;
                }
                ref T corner = ref Unsafe.Add(ref source, (nint)at * channels);
                TV b = V.Broadcast(wt);
                int c2 = 0;
                for (; c2 < full; c2 += n) V.Store(V.Add(V.Load(ref row, c2), V.MultiplyLanes(V.Load(ref corner, c2), b)), ref row, c2);
                for (; c2 < channels; c2++) Unsafe.Add(ref row, c2) += Unsafe.Add(ref corner, c2) * wt;
            }
        }
    }

    // How many points ahead the blend asks for a point's corners: the map is read at random, and the hardware prefetcher
    // cannot guess the next point.
    private const int Ahead = 16;

    // The first lines of a point's two corner rows (its nw and ne pixels, then sw and se), up to four lines a row.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PrefetchPixels<T>(ref T source, nint nw, nint right, nint down)
    {
        nint line = 64 / Unsafe.SizeOf<T>(), end = Math.Min(2 * right, 4 * line);
        for (nint at = 0; at < end; at += line)
        {
            PoolingMath.Prefetch(ref source, nw + at);
            PoolingMath.Prefetch(ref source, nw + down + at);
        }
    }

    /// <summary>
    /// <see cref="Sample2D{T}"/> on channels-last images (NHWC): <paramref name="input"/> holds each image's
    /// height × width pixels of <paramref name="channels"/> elements, <paramref name="output"/> each image's points ×
    /// channels. The same positions, taps, weights and order per channel, so the same values as the NCHW kernel's.
    /// </summary>
    public static void Sample2DChannelsLast<T>(ReadOnlySpan<T> input, int channels, int height, int width, ReadOnlySpan<T> grid, Span<T> output,
        GridSampleMode mode, GridPadding padding, bool alignCorners, int first, int end)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (image, images) = Check2D(input.Length, channels, height, width, grid.Length, output.Length, first, end);
        int points = grid.Length / 2 / images;
        int taps = mode switch { GridSampleMode.Bilinear => 4, GridSampleMode.Nearest => 1, _ => 16 };
        int chunk = Math.Min(points, 65536);
        int[] offsets = ArrayPool<int>.Shared.Rent(chunk * taps);
        T[] weights = ArrayPool<T>.Shared.Rent(chunk * taps);
        int[] corners = ArrayPool<int>.Shared.Rent(chunk);
        Span<int> pixel = stackalloc int[16];
        try
        {
            for (int n = first; n < end; n++)
            {
                var pointsOf = grid.Slice(n * points * 2, points * 2);
                var source = input.Slice((int)(n * image), (int)image);
                var target = output.Slice(n * points * channels, points * channels);
                for (int p0 = 0; p0 < points; p0 += chunk)
                {
                    int count = Math.Min(chunk, points - p0);
                    var rows = target.Slice(p0 * channels, count * channels);
                    if (mode == GridSampleMode.Bilinear)
                    {
                        // Each point's channels are a run of the output: blended in place.
                        BilinearTaps(pointsOf.Slice(2 * p0, 2 * count), padding, alignCorners, height, width, offsets, weights, corners);
                        Blend(source, channels, width, offsets, weights, corners, 0, count, rows);
                        continue;
                    }
                    PointTaps(mode, padding, alignCorners, pointsOf.Slice(2 * p0, 2 * count), height, width, offsets, weights);
                    for (int p = 0; p < count; p++)
                    {
                        var y = rows.Slice(p * channels, channels);
                        if (mode == GridSampleMode.Nearest)
                        {
                            // The pixel itself (−0 stays −0); outside the image 0, a NaN position NaN.
                            int at = offsets[p];
                            if (at >= 0) source.Slice(at * channels, channels).CopyTo(y);
                            else y.Fill(T.IsNaN(weights[p]) ? T.NaN : T.Zero);
                            continue;
                        }
                        // Bicubic: the plane offsets as channels-last ones; channel c reads them from element c on.
                        for (int t = 0; t < 16; t++) pixel[t] = offsets[16 * p + t] >= 0 ? offsets[16 * p + t] * channels : -1;
                        for (int c = 0; c < channels; c++) y[c] = Bicubic(source.Slice(c), pixel, weights.AsSpan(16 * p, 16));
                    }
                }
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(offsets);
            ArrayPool<T>.Shared.Return(weights);
            ArrayPool<int>.Shared.Return(corners);
        }
    }

    // Nearest and bicubic: each point's taps and weights (Taps), point p's at p · taps in the tables.
    private static void PointTaps<T>(GridSampleMode mode, GridPadding padding, bool alignCorners, ReadOnlySpan<T> points, int height, int width,
        int[] offsets, T[] weights)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int taps = mode == GridSampleMode.Nearest ? 1 : 16;
        for (int p = 0; p < points.Length / 2; p++)
            Taps(mode, padding, alignCorners, points[2 * p], points[2 * p + 1], height, width, offsets.AsSpan(p * taps, taps), weights.AsSpan(p * taps, taps));
    }

    // Both 2-D layouts' argument checks: an image's element count and the number of images.
    private static (long Image, int Images) Check2D(int input, int channels, int height, int width, int grid, int output, int first, int end)
    {
        long image = (long)channels * height * width;
        if (channels <= 0 || height <= 0 || width <= 0 || image > int.MaxValue || input % image != 0 || first < 0 || first > end
            || end > input / image || grid % 2 != 0)
            throw new ArgumentException("The buffers do not match the extents.", nameof(input));
        int images = (int)(input / image);
        if (images == 0 || grid % (2L * images) != 0 || output != (long)grid / 2 * channels)
            throw new ArgumentException("The grid or the output does not match the images.", nameof(grid));
        return (image, images);
    }

    /// <summary>Volumes [<paramref name="first"/>, <paramref name="end"/>): <paramref name="grid"/> holds each volume's points
    /// as (x, y, z) triples in [−1, 1] (x along the width, z along the depth), <paramref name="output"/> each volume's
    /// channels × points. Bilinear is PyTorch's trilinear (8 corners), nearest as in 2-D; bicubic has no 3-D form. With
    /// <paramref name="channelsLast"/> each volume is depth × height × width × channels and its output points × channels:
    /// the same taps, weights and order per channel, so the same values.</summary>
    public static void Sample3D<T>(ReadOnlySpan<T> input, int channels, int depth, int height, int width, ReadOnlySpan<T> grid, Span<T> output,
        GridSampleMode mode, GridPadding padding, bool alignCorners, int first, int end, bool channelsLast = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        long volume = (long)channels * depth * height * width;
        if (channels <= 0 || depth <= 0 || height <= 0 || width <= 0 || volume > int.MaxValue || input.Length % volume != 0 || first < 0 || first > end
            || end > input.Length / volume || grid.Length % 3 != 0 || mode == GridSampleMode.Bicubic)
            throw new ArgumentException("The buffers do not match the extents.", nameof(input));
        int volumes = (int)(input.Length / volume);
        if (volumes == 0 || grid.Length % (3L * volumes) != 0 || output.Length != (long)grid.Length / 3 * channels)
            throw new ArgumentException("The grid or the output does not match the volumes.", nameof(grid));
        int points = grid.Length / 3 / volumes, cube = depth * height * width;
        int taps = mode == GridSampleMode.Nearest ? 1 : 8;
        int chunk = Math.Min(points, 65536);
        int[] offsets = ArrayPool<int>.Shared.Rent(chunk * taps);
        T[] weights = ArrayPool<T>.Shared.Rent(chunk * taps);
        try
        {
            for (int n = first; n < end; n++)
            {
                var pointsOf = grid.Slice(n * points * 3, points * 3);
                var source = input.Slice((int)(n * volume), (int)volume);
                var target = output.Slice(n * points * channels, points * channels);
                for (int p0 = 0; p0 < points; p0 += chunk)
                {
                    int count = Math.Min(chunk, points - p0);
                    for (int p = 0; p < count; p++)
                    {
                        int at = 3 * (p0 + p);
                        VolumeTaps(mode, padding, alignCorners, pointsOf[at], pointsOf[at + 1], pointsOf[at + 2], depth, height, width,
                            offsets.AsSpan(p * taps, taps), weights.AsSpan(p * taps, taps));
                    }
                    // Channel c's voxel v is at c·cube + v (channels-last: v·channels + c); its point p at c·points + p
                    // (p·channels + c).
                    int voxel = channelsLast ? channels : 1, point = channelsLast ? channels : 1;
                    for (int c = 0; c < channels; c++)
                    {
                        var x = source.Slice(channelsLast ? c : c * cube);
                        var y = target.Slice(channelsLast ? p0 * channels + c : c * points + p0);
                        for (int p = 0; p < count; p++)
                        {
                            if (taps == 1)
                            {
                                y[p * point] = offsets[p] >= 0 ? x[offsets[p] * voxel] : T.IsNaN(weights[p]) ? T.NaN : T.Zero;
                                continue;
                            }
                            // The in-volume corners' value · weight added from 0: tnw, tne, tsw, tse, bnw, bne, bsw, bse.
                            T value = T.Zero;
                            for (int t = 0; t < 8; t++)
                            {
                                int at = offsets[8 * p + t];
                                if (at >= 0) value += x[at * voxel] * weights[8 * p + t];
                                else if (T.IsNaN(weights[8 * p + t])) value = T.NaN;
                            }
                            y[p * point] = value;
                        }
                    }
                }
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(offsets);
            ArrayPool<T>.Shared.Return(weights);
        }
    }

    private static void VolumeTaps<T>(GridSampleMode mode, GridPadding padding, bool alignCorners, T gx, T gy, T gz, int depth, int height, int width,
        Span<int> offsets, Span<T> weights)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T ix = Pad(Unnormalize(gx, width, alignCorners), width, padding, alignCorners);
        T iy = Pad(Unnormalize(gy, height, alignCorners), height, padding, alignCorners);
        T iz = Pad(Unnormalize(gz, depth, alignCorners), depth, padding, alignCorners);
        if (!T.IsFinite(ix) || !T.IsFinite(iy) || !T.IsFinite(iz))
        {
            offsets.Fill(-1);
            weights.Fill(T.NaN);
            return;
        }
        if (mode == GridSampleMode.Nearest)
        {
            offsets[0] = Offset3(T.Round(iz, MidpointRounding.ToEven), T.Round(iy, MidpointRounding.ToEven), T.Round(ix, MidpointRounding.ToEven), depth, height, width);
            weights[0] = T.One;
            return;
        }
        T x0 = T.Floor(ix), y0 = T.Floor(iy), z0 = T.Floor(iz), x1 = x0 + T.One, y1 = y0 + T.One, z1 = z0 + T.One;
        // PyTorch's grid_sampler_3d: top (z0) north-west first; each weight the opposite sub-box, (x · y) · z.
        offsets[0] = Offset3(z0, y0, x0, depth, height, width); weights[0] = (x1 - ix) * (y1 - iy) * (z1 - iz);
        offsets[1] = Offset3(z0, y0, x1, depth, height, width); weights[1] = (ix - x0) * (y1 - iy) * (z1 - iz);
        offsets[2] = Offset3(z0, y1, x0, depth, height, width); weights[2] = (x1 - ix) * (iy - y0) * (z1 - iz);
        offsets[3] = Offset3(z0, y1, x1, depth, height, width); weights[3] = (ix - x0) * (iy - y0) * (z1 - iz);
        offsets[4] = Offset3(z1, y0, x0, depth, height, width); weights[4] = (x1 - ix) * (y1 - iy) * (iz - z0);
        offsets[5] = Offset3(z1, y0, x1, depth, height, width); weights[5] = (ix - x0) * (y1 - iy) * (iz - z0);
        offsets[6] = Offset3(z1, y1, x0, depth, height, width); weights[6] = (x1 - ix) * (iy - y0) * (iz - z0);
        offsets[7] = Offset3(z1, y1, x1, depth, height, width); weights[7] = (ix - x0) * (iy - y0) * (iz - z0);
    }

    // The volume offset of voxel (z, y, x), or −1 outside it.
    private static int Offset3<T>(T z, T y, T x, int depth, int height, int width) where T : IFloatingPointIeee754<T>
    {
        if (!(z >= T.Zero) || z >= T.CreateTruncating(depth)) return -1;
        int inPlane = Offset(y, x, height, width);
        return inPlane < 0 ? -1 : int.CreateTruncating(z) * height * width + inPlane;
    }

    // Bilinear: the in-image corners' value · weight added from 0 in the order nw, ne, sw, se (an outside corner, offset
    // −1, adds nothing; a NaN position has no corner and a NaN weight).
    // Points [first, first + y.Length) of the tables.
    private static void Bilinear<T>(ReadOnlySpan<T> x, int width, int[] offsets, T[] weights, int[] corners, Span<T> y, int first = 0)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref T plane = ref MemoryMarshal.GetReference(x);
        ref T weight = ref MemoryMarshal.GetArrayDataReference(weights);
        ref int corner = ref MemoryMarshal.GetArrayDataReference(corners);
        for (int i = 0; i < y.Length; i++)
        {
            int p = first + i;
            int k = 4 * p, o = Unsafe.Add(ref corner, p);
            T value = T.Zero;
            if (o >= 0)
            {
                // Every corner inside the image (the usual case): no branches, no bounds checks (BilinearTaps made the
                // top-left corner one row and one column short of the plane's end).
                value += Unsafe.Add(ref plane, o) * Unsafe.Add(ref weight, k);
                value += Unsafe.Add(ref plane, o + 1) * Unsafe.Add(ref weight, k + 1);
                value += Unsafe.Add(ref plane, o + width) * Unsafe.Add(ref weight, k + 2);
                value += Unsafe.Add(ref plane, o + width + 1) * Unsafe.Add(ref weight, k + 3);
            }
            else
            {
                for (int t = 0; t < 4; t++)
                {
                    int at = offsets[k + t];
                    if (at >= 0) value += x[at] * weights[k + t];
                    else if (T.IsNaN(weights[k + t])) value = T.NaN;
                }
            }
            y[i] = value;
        }
    }

    // Bilinear on two planes at once, each exactly as Bilinear computes it.
    private static void BilinearPair<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> x2, int width, int[] offsets, T[] weights, int[] corners, Span<T> y, Span<T> y2)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref T plane = ref MemoryMarshal.GetReference(x);
        ref T plane2 = ref MemoryMarshal.GetReference(x2);
        ref T weight = ref MemoryMarshal.GetArrayDataReference(weights);
        ref int corner = ref MemoryMarshal.GetArrayDataReference(corners);
        for (int p = 0; p < y.Length; p++)
        {
            int k = 4 * p, o = Unsafe.Add(ref corner, p);
            if (o < 0)
            {
                Bilinear(x, width, offsets, weights, corners, y.Slice(p, 1), p);
                Bilinear(x2, width, offsets, weights, corners, y2.Slice(p, 1), p);
                continue;
            }
            T w0 = Unsafe.Add(ref weight, k), w1 = Unsafe.Add(ref weight, k + 1), w2 = Unsafe.Add(ref weight, k + 2), w3 = Unsafe.Add(ref weight, k + 3);
            T value = T.Zero, value2 = T.Zero;
            value += Unsafe.Add(ref plane, o) * w0;
            value2 += Unsafe.Add(ref plane2, o) * w0;
            value += Unsafe.Add(ref plane, o + 1) * w1;
            value2 += Unsafe.Add(ref plane2, o + 1) * w1;
            value += Unsafe.Add(ref plane, o + width) * w2;
            value2 += Unsafe.Add(ref plane2, o + width) * w2;
            value += Unsafe.Add(ref plane, o + width + 1) * w3;
            value2 += Unsafe.Add(ref plane2, o + width + 1) * w3;
            y[p] = value;
            y2[p] = value2;
        }
    }

    // Bicubic: four rows, each the cubic blend of its four taps along x (weights 0–3), then the blend of the rows along
    // y (weights 4–7 of the second half: the table holds x weights in slots 0..3 of each row and y weights in 12..15).
    private static T Bicubic<T>(ReadOnlySpan<T> x, ReadOnlySpan<int> offsets, ReadOnlySpan<T> weights) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T result = T.Zero;
        Span<T> rows = stackalloc T[4];
        for (int r = 0; r < 4; r++)
        {
            T row = T.Zero;
            for (int t = 0; t < 4; t++)
            {
                int at = offsets[4 * r + t];
                T value = at >= 0 ? x[at] : T.Zero;
                row = t == 0 ? value * weights[t] : row + value * weights[t];
            }
            rows[r] = row;
        }
        for (int r = 0; r < 4; r++) result = r == 0 ? rows[r] * weights[4 + r] : result + rows[r] * weights[4 + r];
        if (T.IsNaN(weights[8])) result = T.NaN;
        return result;
    }

    /// <summary>PyTorch's unnormalisation: align_corners maps −1 and 1 to the corner pixels' centres, otherwise to the
    /// image's edges.</summary>
    public static T Unnormalize<T>(T coordinate, int size, bool alignCorners) where T : IFloatingPointIeee754<T>
    {
        T one = T.One, two = one + one;
        return alignCorners
            ? (coordinate + one) / two * T.CreateTruncating(size - 1)
            : ((coordinate + one) * T.CreateTruncating(size) - one) / two;
    }

    /// <summary>Border and reflection padding of a source coordinate (PyTorch's compute_coordinates); zeros leaves it.</summary>
    public static T Pad<T>(T coordinate, int size, GridPadding padding, bool alignCorners) where T : IFloatingPointIeee754<T>
    {
        if (padding == GridPadding.Zeros) return coordinate;
        if (padding == GridPadding.Reflection)
        {
            coordinate = alignCorners ? Reflect(coordinate, 0, 2 * (size - 1)) : Reflect(coordinate, -1, 2 * size - 1);
        }
        // clip_coordinates: min(size − 1, max(x, 0)).
        return T.Min(T.CreateTruncating(size - 1), T.Max(coordinate, T.Zero));
    }

    // PyTorch's reflect_coordinates over [twiceLow / 2, twiceHigh / 2].
    private static T Reflect<T>(T coordinate, int twiceLow, int twiceHigh) where T : IFloatingPointIeee754<T>
    {
        if (twiceLow == twiceHigh) return T.Zero;
        T two = T.One + T.One;
        T low = T.CreateTruncating(twiceLow) / two, span = T.CreateTruncating(twiceHigh - twiceLow) / two;
        coordinate = T.Abs(coordinate - low);
        T extra = coordinate % span;
        T flips = T.Floor(coordinate / span);
        return T.IsEvenInteger(flips) ? extra + low : span - extra + low;
    }

    // The bilinear taps of a run of points, the same operations as Taps with the constants hoisted out of the loop; float
    // with zeros padding four points at a time where all four lie inside the image.
    private static void BilinearTaps<T>(ReadOnlySpan<T> points, GridPadding padding, bool alignCorners, int height, int width, int[] offsets, T[] weights,
        int[] corners)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int count = points.Length / 2, p = 0;
        if (typeof(T) == typeof(float) && padding == GridPadding.Zeros && Vector128.IsHardwareAccelerated)
        {
            var xy = MemoryMarshal.Cast<T, float>(points);
            var weight = MemoryMarshal.Cast<T, float>(weights.AsSpan());
            for (; p + 4 <= count; p += 4)
            {
                if (FourPointTaps(xy, p, alignCorners, height, width, weight, corners)) continue;
                for (int q = p; q < p + 4; q++) BilinearPoint(points, q, padding, alignCorners, height, width, offsets, weights, corners);
            }
        }
        for (; p < count; p++) BilinearPoint(points, p, padding, alignCorners, height, width, offsets, weights, corners);
    }

    // One point's bilinear taps: its top-left corner's offset when every corner is inside the image, else each corner's
    // (−1 outside), and the four weights (NaN for a NaN or infinite position).
    private static void BilinearPoint<T>(ReadOnlySpan<T> points, int p, GridPadding padding, bool alignCorners, int height, int width, int[] offsets, T[] weights,
        int[] corners)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T one = T.One, two = one + one;
        T sizeX = T.CreateTruncating(alignCorners ? width - 1 : width), sizeY = T.CreateTruncating(alignCorners ? height - 1 : height);
        T w = T.CreateTruncating(width), h = T.CreateTruncating(height);
        T gx = points[2 * p], gy = points[2 * p + 1];
        T ix = alignCorners ? (gx + one) / two * sizeX : ((gx + one) * sizeX - one) / two;
        T iy = alignCorners ? (gy + one) / two * sizeY : ((gy + one) * sizeY - one) / two;
        if (padding != GridPadding.Zeros)
        {
            ix = Pad(ix, width, padding, alignCorners);
            iy = Pad(iy, height, padding, alignCorners);
        }
        int k = 4 * p;
        if (!T.IsFinite(ix) || !T.IsFinite(iy))
        {
            corners[p] = -1;
            offsets[k] = offsets[k + 1] = offsets[k + 2] = offsets[k + 3] = -1;
            weights[k] = weights[k + 1] = weights[k + 2] = weights[k + 3] = T.NaN;
            return;
        }
        T x0 = T.Floor(ix), y0 = T.Floor(iy), x1 = x0 + one, y1 = y0 + one;
        bool left = x0 >= T.Zero && x0 < w, right = x1 >= T.Zero && x1 < w, top = y0 >= T.Zero && y0 < h, bottom = y1 >= T.Zero && y1 < h;
        int column = left || right ? int.CreateTruncating(x0) : 0, row = top || bottom ? int.CreateTruncating(y0) : 0;
        if (left && right && top && bottom)
        {
            corners[p] = row * width + column;
        }
        else
        {
            corners[p] = -1;
            offsets[k] = top && left ? row * width + column : -1;
            offsets[k + 1] = top && right ? row * width + column + 1 : -1;
            offsets[k + 2] = bottom && left ? (row + 1) * width + column : -1;
            offsets[k + 3] = bottom && right ? (row + 1) * width + column + 1 : -1;
        }
        // nw, ne, sw, se: each weight the area of the opposite sub-rectangle.
        weights[k] = (x1 - ix) * (y1 - iy);
        weights[k + 1] = (ix - x0) * (y1 - iy);
        weights[k + 2] = (x1 - ix) * (iy - y0);
        weights[k + 3] = (ix - x0) * (iy - y0);
    }

    // Points p … p + 3 (float, zeros padding) as BilinearPoint computes them, lane by lane: unnormalise, floor, the
    // bounds, the top-left corner's offset and the four weights. False, writing nothing, unless all four points have
    // every corner inside the image (NaN and ±∞ never do).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool FourPointTaps(ReadOnlySpan<float> points, int p, bool alignCorners, int height, int width, Span<float> weights, int[] corners)
    {
        var one = Vector128.Create(1f);
        var two = Vector128.Create(2f);
        Vector128<float> sizeX = Vector128.Create((float)(alignCorners ? width - 1 : width)), sizeY = Vector128.Create((float)(alignCorners ? height - 1 : height));
        ref float xy = ref MemoryMarshal.GetReference(points);
        // Four (x, y) pairs: x in the even elements, y in the odd.
        Vector128<float> a = Vector128.LoadUnsafe(ref xy, (nuint)(2 * p)), b = Vector128.LoadUnsafe(ref xy, (nuint)(2 * p + 4));
        Vector128<float> gx = Vector128.Create(a.GetElement(0), a.GetElement(2), b.GetElement(0), b.GetElement(2));
        Vector128<float> gy = Vector128.Create(a.GetElement(1), a.GetElement(3), b.GetElement(1), b.GetElement(3));
        Vector128<float> ix = alignCorners ? (gx + one) / two * sizeX : ((gx + one) * sizeX - one) / two;
        Vector128<float> iy = alignCorners ? (gy + one) / two * sizeY : ((gy + one) * sizeY - one) / two;
        Vector128<float> x0 = Vector128.Floor(ix), y0 = Vector128.Floor(iy), x1 = x0 + one, y1 = y0 + one;
        // Every corner inside: x0 ≥ 0 and x1 < width (so x0 < width and x1 ≥ 0), the same along y.
        var inside = Vector128.GreaterThanOrEqual(x0, Vector128<float>.Zero) & Vector128.LessThan(x1, Vector128.Create((float)width))
            & Vector128.GreaterThanOrEqual(y0, Vector128<float>.Zero) & Vector128.LessThan(y1, Vector128.Create((float)height));
        if (!Vector128.EqualsAll(inside.AsInt32(), Vector128<int>.AllBitsSet)) return false;
        (Vector128.ConvertToInt32(y0) * width + Vector128.ConvertToInt32(x0)).StoreUnsafe(ref MemoryMarshal.GetArrayDataReference(corners), (nuint)p);
        // nw, ne, sw, se, stored point by point (a 4×4 transpose).
        Vector128<float> hx = x1 - ix, lx = ix - x0, hy = y1 - iy, ly = iy - y0;
        Lanes.Transpose4((hx * hy).AsByte(), (lx * hy).AsByte(), (hx * ly).AsByte(), (lx * ly).AsByte(), out var q0, out var q1, out var q2, out var q3);
        ref float at = ref Unsafe.Add(ref MemoryMarshal.GetReference(weights), 4 * p);
        q0.AsSingle().StoreUnsafe(ref at);
        q1.AsSingle().StoreUnsafe(ref at, 4);
        q2.AsSingle().StoreUnsafe(ref at, 8);
        q3.AsSingle().StoreUnsafe(ref at, 12);
        return true;
    }

    private static void Taps<T>(GridSampleMode mode, GridPadding padding, bool alignCorners, T gx, T gy, int height, int width, Span<int> offsets, Span<T> weights)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T ix = Unnormalize(gx, width, alignCorners), iy = Unnormalize(gy, height, alignCorners);
        if (mode != GridSampleMode.Bicubic)
        {
            ix = Pad(ix, width, padding, alignCorners);
            iy = Pad(iy, height, padding, alignCorners);
        }
        if (!T.IsFinite(ix) || !T.IsFinite(iy))
        {
            offsets.Fill(-1);
            weights.Fill(T.NaN);
            return;
        }
        switch (mode)
        {
            case GridSampleMode.Nearest:
            {
                // nearbyint: halves to even.
                T rx = T.Round(ix, MidpointRounding.ToEven), ry = T.Round(iy, MidpointRounding.ToEven);
                offsets[0] = Offset(ry, rx, height, width);
                weights[0] = T.One;
                break;
            }
            case GridSampleMode.Bilinear:
            {
                T x0 = T.Floor(ix), y0 = T.Floor(iy), x1 = x0 + T.One, y1 = y0 + T.One;
                // nw, ne, sw, se: each weight the area of the opposite sub-rectangle.
                offsets[0] = Offset(y0, x0, height, width);
                weights[0] = (x1 - ix) * (y1 - iy);
                offsets[1] = Offset(y0, x1, height, width);
                weights[1] = (ix - x0) * (y1 - iy);
                offsets[2] = Offset(y1, x0, height, width);
                weights[2] = (x1 - ix) * (iy - y0);
                offsets[3] = Offset(y1, x1, height, width);
                weights[3] = (ix - x0) * (iy - y0);
                break;
            }
            default:
            {
                T x0 = T.Floor(ix), y0 = T.Floor(iy);
                CubicWeights(ix - x0, weights.Slice(0, 4));
                CubicWeights(iy - y0, weights.Slice(4, 4));
                weights.Slice(8).Clear();
                for (int r = 0; r < 4; r++)
                {
                    // Each tap's coordinate goes through the padding on its own (get_value_bounded).
                    T y = Pad(y0 - T.One + T.CreateTruncating(r), height, padding, alignCorners);
                    for (int t = 0; t < 4; t++)
                    {
                        T x = Pad(x0 - T.One + T.CreateTruncating(t), width, padding, alignCorners);
                        offsets[4 * r + t] = Offset(T.Truncate(y), T.Truncate(x), height, width);
                    }
                }
                break;
            }
        }
    }

    // Keys' cubic convolution, A = −0.75, at fraction t (PyTorch's get_cubic_upsample_coefficients).
    private static void CubicWeights<T>(T t, Span<T> w) where T : IFloatingPointIeee754<T>
    {
        T a = T.CreateTruncating(-0.75), one = T.One, two = one + one;
        T x1 = t + one, x2 = one - t, x3 = x2 + one;
        T five = T.CreateTruncating(5), eight = T.CreateTruncating(8), four = T.CreateTruncating(4), three = T.CreateTruncating(3);
        w[0] = ((a * x1 - five * a) * x1 + eight * a) * x1 - four * a;
        w[1] = ((a + two) * t - (a + three)) * t * t + one;
        w[2] = ((a + two) * x2 - (a + three)) * x2 * x2 + one;
        w[3] = ((a * x3 - five * a) * x3 + eight * a) * x3 - four * a;
    }

    // The plane offset of pixel (y, x), or −1 outside the image (a whole-valued position; far values never convert).
    private static int Offset<T>(T y, T x, int height, int width) where T : IFloatingPointIeee754<T>
    {
        if (!(y >= T.Zero) || !(x >= T.Zero) || y >= T.CreateTruncating(height) || x >= T.CreateTruncating(width)) return -1;
        return int.CreateTruncating(y) * width + int.CreateTruncating(x);
    }
}
