using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Pooling.Kernels;

// The plane mean of float data (PyTorch's mean() shortcut for an adaptive average to 1×…×1), in float as PyTorch
// accumulates it, in one order every vector width follows to the bit — the "sixteen-lane order":
//   1. the plane is zero-padded to a whole number of groups of 16; element i goes to lane i mod 16;
//   2. the groups are summed in blocks of 64 (1,024 elements): each block's lanes from +0 in group order, then added
//      lane-wise to the running lanes, block by block (a two-level cascade: no lane adds more than 64 + n/1024 terms);
//   3. the 16 lanes halve pairwise: lane j += lane j+8, then j+4, j+2, j+1;
//   4. one float division by n.
// Padding adds +0 to a lane, which never changes it (a lane that started at +0 is never −0). Eight or sixteen planes
// of up to one block are summed side by side and their lanes halved by transposition, so a small plane (7×7) does not
// pay a horizontal reduction of its own; with 128-bit vectors four planes go through one call (FourPlaneMeans).
public static partial class PoolingMath
{
    private const int MeanLanes = 16, MeanBlockGroups = 64;

    /// <summary>The mean of one float plane in the sixteen-lane order (see the file's header).</summary>
    public static float PlaneMean(ReadOnlySpan<float> values)
    {
        Span<float> output = stackalloc float[1];
        PlaneMeans(values, values.Length, output);
        return output[0];
    }

    /// <summary>
    /// The mean of every <paramref name="plane"/>-element plane of <paramref name="input"/>, written to
    /// <paramref name="output"/>, each in the sixteen-lane order (see the file's header).
    /// </summary>
    public static void PlaneMeans(ReadOnlySpan<float> input, int plane, Span<float> output)
    {
        int planes = output.Length;
        if (plane <= 0 || (long)planes * plane != input.Length)
            throw new ArgumentException($"The input must be {planes} planes of {plane} elements; it has {input.Length}.", nameof(input));
        ref float first = ref MemoryMarshal.GetReference(input);
        ref float target = ref MemoryMarshal.GetReference(output);
        int groups = (plane + MeanLanes - 1) / MeanLanes, tail = plane % MeanLanes;
        // Side by side only within one block, and only while the last plane's padded group stays inside the input.
        int p = 0;
        if (groups <= MeanBlockGroups)
        {
            int overRead = tail == 0 ? 0 : MeanLanes - tail;
            if (Avx512F.IsSupported)
                for (; p + 16 <= planes && (long)(p + 16) * plane + overRead <= input.Length; p += 16)
                    SixteenPlaneMeans(ref Unsafe.Add(ref first, (nint)p * plane), plane, ref Unsafe.Add(ref target, p));
            if (Avx2.IsSupported)
                for (; p + 8 <= planes && (long)(p + 8) * plane + overRead <= input.Length; p += 8)
                    EightPlaneMeans(ref Unsafe.Add(ref first, (nint)p * plane), plane, ref Unsafe.Add(ref target, p));
            if (Vector128.IsHardwareAccelerated)
                for (; p + 4 <= planes && (long)(p + 4) * plane + overRead <= input.Length; p += 4)
                    FourPlaneMeans(ref Unsafe.Add(ref first, (nint)p * plane), plane, ref Unsafe.Add(ref target, p));
        }
        for (; p < planes; p++)
            Unsafe.Add(ref target, p) = PlaneSum(input.Slice(p * plane, plane)) / plane;
    }

    // Sixteen planes of at most one block each: one 16-lane accumulator per plane, then the four halvings done across
    // the planes (each step adds two planes' halves in one instruction), leaving the sixteen sums in one vector.
    private static void SixteenPlaneMeans(ref float x, int plane, ref float output)
    {
        int whole = plane / MeanLanes;
        nint n = plane;
        Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default,
            a6 = default, a7 = default, a8 = default, a9 = default, a10 = default, a11 = default, a12 = default,
            a13 = default, a14 = default, a15 = default;
        for (nint i = 0, end = (nint)whole * MeanLanes; i < end; i += MeanLanes)
        {
            a0 += Vector512.LoadUnsafe(ref x, (nuint)i);
            a1 += Vector512.LoadUnsafe(ref x, (nuint)(n + i));
            a2 += Vector512.LoadUnsafe(ref x, (nuint)(2 * n + i));
            a3 += Vector512.LoadUnsafe(ref x, (nuint)(3 * n + i));
            a4 += Vector512.LoadUnsafe(ref x, (nuint)(4 * n + i));
            a5 += Vector512.LoadUnsafe(ref x, (nuint)(5 * n + i));
            a6 += Vector512.LoadUnsafe(ref x, (nuint)(6 * n + i));
            a7 += Vector512.LoadUnsafe(ref x, (nuint)(7 * n + i));
            a8 += Vector512.LoadUnsafe(ref x, (nuint)(8 * n + i));
            a9 += Vector512.LoadUnsafe(ref x, (nuint)(9 * n + i));
            a10 += Vector512.LoadUnsafe(ref x, (nuint)(10 * n + i));
            a11 += Vector512.LoadUnsafe(ref x, (nuint)(11 * n + i));
            a12 += Vector512.LoadUnsafe(ref x, (nuint)(12 * n + i));
            a13 += Vector512.LoadUnsafe(ref x, (nuint)(13 * n + i));
            a14 += Vector512.LoadUnsafe(ref x, (nuint)(14 * n + i));
            a15 += Vector512.LoadUnsafe(ref x, (nuint)(15 * n + i));
        }
        if (plane % MeanLanes != 0)
        {
            // The padded last group (a mask clears what lies past the plane), apart so the whole groups go unmasked.
            var mask = Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(plane % MeanLanes)).AsSingle();
            nint i = (nint)whole * MeanLanes;
            a0 += Vector512.LoadUnsafe(ref x, (nuint)i) & mask;
            a1 += Vector512.LoadUnsafe(ref x, (nuint)(n + i)) & mask;
            a2 += Vector512.LoadUnsafe(ref x, (nuint)(2 * n + i)) & mask;
            a3 += Vector512.LoadUnsafe(ref x, (nuint)(3 * n + i)) & mask;
            a4 += Vector512.LoadUnsafe(ref x, (nuint)(4 * n + i)) & mask;
            a5 += Vector512.LoadUnsafe(ref x, (nuint)(5 * n + i)) & mask;
            a6 += Vector512.LoadUnsafe(ref x, (nuint)(6 * n + i)) & mask;
            a7 += Vector512.LoadUnsafe(ref x, (nuint)(7 * n + i)) & mask;
            a8 += Vector512.LoadUnsafe(ref x, (nuint)(8 * n + i)) & mask;
            a9 += Vector512.LoadUnsafe(ref x, (nuint)(9 * n + i)) & mask;
            a10 += Vector512.LoadUnsafe(ref x, (nuint)(10 * n + i)) & mask;
            a11 += Vector512.LoadUnsafe(ref x, (nuint)(11 * n + i)) & mask;
            a12 += Vector512.LoadUnsafe(ref x, (nuint)(12 * n + i)) & mask;
            a13 += Vector512.LoadUnsafe(ref x, (nuint)(13 * n + i)) & mask;
            a14 += Vector512.LoadUnsafe(ref x, (nuint)(14 * n + i)) & mask;
            a15 += Vector512.LoadUnsafe(ref x, (nuint)(15 * n + i)) & mask;
        }
        // j += j+8: 128-bit quarters 0,1 of two planes against their quarters 2,3 → [plane 2i | plane 2i+1].
        var b0 = Halve8(a0, a1); var b1 = Halve8(a2, a3); var b2 = Halve8(a4, a5); var b3 = Halve8(a6, a7);
        var b4 = Halve8(a8, a9); var b5 = Halve8(a10, a11); var b6 = Halve8(a12, a13); var b7 = Halve8(a14, a15);
        // j += j+4: quarter k of the result is plane 4i+k.
        var c0 = Halve4(b0, b1); var c1 = Halve4(b2, b3); var c2 = Halve4(b4, b5); var c3 = Halve4(b6, b7);
        // j += j+2, then j += j+1, within each quarter: element 4k+m ends as plane k+4m.
        var d0 = Avx512F.Shuffle(c0, c1, 0x44) + Avx512F.Shuffle(c0, c1, 0xEE);
        var d1 = Avx512F.Shuffle(c2, c3, 0x44) + Avx512F.Shuffle(c2, c3, 0xEE);
        var e = Avx512F.Shuffle(d0, d1, 0x88) + Avx512F.Shuffle(d0, d1, 0xDD);
        var sums = Avx512F.PermuteVar16x32(e, Vector512.Create(0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15));
        (sums / Vector512.Create((float)plane)).StoreUnsafe(ref output);

        static Vector512<float> Halve8(Vector512<float> a, Vector512<float> b) =>
            Avx512F.Shuffle4x128(a, b, 0x44) + Avx512F.Shuffle4x128(a, b, 0xEE);
        static Vector512<float> Halve4(Vector512<float> a, Vector512<float> b) =>
            Avx512F.Shuffle4x128(a, b, 0x88) + Avx512F.Shuffle4x128(a, b, 0xDD);
    }

    // Eight planes of at most one block each, with 256-bit vectors: lanes 0–7 and 8–15 of a plane in two accumulators
    // (four planes at a time, to stay within sixteen registers), j += j+8 as their sum, the rest across the planes.
    private static void EightPlaneMeans(ref float x, int plane, ref float output)
    {
        var s0 = FourPlaneHalves(ref x, plane, out var s1, out var s2, out var s3);
        var s4 = FourPlaneHalves(ref Unsafe.Add(ref x, 4 * (nint)plane), plane, out var s5, out var s6, out var s7);
        // j += j+4: [plane 2i | plane 2i+1].
        var c0 = Avx.Permute2x128(s0, s1, 0x20) + Avx.Permute2x128(s0, s1, 0x31);
        var c1 = Avx.Permute2x128(s2, s3, 0x20) + Avx.Permute2x128(s2, s3, 0x31);
        var c2 = Avx.Permute2x128(s4, s5, 0x20) + Avx.Permute2x128(s4, s5, 0x31);
        var c3 = Avx.Permute2x128(s6, s7, 0x20) + Avx.Permute2x128(s6, s7, 0x31);
        // j += j+2, then j += j+1, within each half: element 4h+m ends as plane h+2m.
        var d0 = Avx.Shuffle(c0, c1, 0x44) + Avx.Shuffle(c0, c1, 0xEE);
        var d1 = Avx.Shuffle(c2, c3, 0x44) + Avx.Shuffle(c2, c3, 0xEE);
        var e = Avx.Shuffle(d0, d1, 0x88) + Avx.Shuffle(d0, d1, 0xDD);
        var sums = Avx2.PermuteVar8x32(e, Vector256.Create(0, 4, 1, 5, 2, 6, 3, 7));
        (sums / Vector256.Create((float)plane)).StoreUnsafe(ref output);
    }

    // Four planes of at most one block each, with 128-bit vectors (SSE, ARM64's AdvSimd): a plane's 16 lanes in four
    // accumulators, j += j+8 and j += j+4 as vector sums, then j += j+2 and j += j+1 per plane, as PlaneSum's 128-bit path.
    private static void FourPlaneMeans(ref float x, int plane, ref float output)
    {
        int whole = plane / MeanLanes, tail = plane % MeanLanes;
        nint n = plane;
        // The padded last group's masks (lanes past the plane add +0), the same for the four planes: made once.
        Vector128<float> m0 = Mask(tail), m1 = Mask(tail - 4), m2 = Mask(tail - 8), m3 = Mask(tail - 12);
        // Each plane's lanes 0–3 after j += j+8 and j += j+4, kept in registers.
        Vector128<float> p0 = Quad(ref x), p1 = Quad(ref Unsafe.Add(ref x, n)), p2 = Quad(ref Unsafe.Add(ref x, 2 * n)), p3 = Quad(ref Unsafe.Add(ref x, 3 * n));
        if (Sse.IsSupported)
        {
            // j += j+2, then j += j+1, across the planes: transposed, lane m of every plane in one vector.
            Vector128<float> t0 = Sse.UnpackLow(p0, p1), t1 = Sse.UnpackLow(p2, p3);
            Vector128<float> t2 = Sse.UnpackHigh(p0, p1), t3 = Sse.UnpackHigh(p2, p3);
            Vector128<float> lane0 = Sse.MoveLowToHigh(t0, t1), lane1 = Sse.MoveHighToLow(t1, t0);
            Vector128<float> lane2 = Sse.MoveLowToHigh(t2, t3), lane3 = Sse.MoveHighToLow(t3, t2);
            (((lane0 + lane2) + (lane1 + lane3)) / Vector128.Create((float)plane)).StoreUnsafe(ref output);
            return;
        }
        Unsafe.Add(ref output, 0) = Halve(p0) / plane;
        Unsafe.Add(ref output, 1) = Halve(p1) / plane;
        Unsafe.Add(ref output, 2) = Halve(p2) / plane;
        Unsafe.Add(ref output, 3) = Halve(p3) / plane;

        // One plane's 16 lanes in four accumulators (the caller keeps the padded group's loads inside the input), then
        // j += j+8 and j += j+4 as vector sums, as PlaneSum's 128-bit path.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        Vector128<float> Quad(ref float at)
        {
            Vector128<float> q0 = default, q1 = default, q2 = default, q3 = default;
            for (nint i = 0, end = (nint)whole * MeanLanes; i < end; i += MeanLanes)
            {
                q0 += Vector128.LoadUnsafe(ref at, (nuint)i);
                q1 += Vector128.LoadUnsafe(ref at, (nuint)(i + 4));
                q2 += Vector128.LoadUnsafe(ref at, (nuint)(i + 8));
                q3 += Vector128.LoadUnsafe(ref at, (nuint)(i + 12));
            }
            if (tail != 0)
            {
                nint i = (nint)whole * MeanLanes;
                q0 += Vector128.LoadUnsafe(ref at, (nuint)i) & m0;
                q1 += Vector128.LoadUnsafe(ref at, (nuint)(i + 4)) & m1;
                q2 += Vector128.LoadUnsafe(ref at, (nuint)(i + 8)) & m2;
                q3 += Vector128.LoadUnsafe(ref at, (nuint)(i + 12)) & m3;
            }
            return (q0 + q2) + (q1 + q3);
        }

        // j += j+2, then j += j+1.
        static float Halve(Vector128<float> c) => (c.GetElement(0) + c.GetElement(2)) + (c.GetElement(1) + c.GetElement(3));

        // The lanes below 'count' (none when it is 0 or less).
        static Vector128<float> Mask(int count) => Vector128.LessThan(Vector128<int>.Indices, Vector128.Create(count)).AsSingle();
    }

    // Four planes' 16 lanes as two 8-lane accumulators each, returned after the first halving (j += j+8).
    private static Vector256<float> FourPlaneHalves(ref float x, int plane, out Vector256<float> s1,
        out Vector256<float> s2, out Vector256<float> s3)
    {
        int whole = plane / MeanLanes;
        nint n = plane;
        Vector256<float> l0 = default, h0 = default, l1 = default, h1 = default, l2 = default, h2 = default,
            l3 = default, h3 = default;
        for (nint i = 0, end = (nint)whole * MeanLanes; i < end; i += MeanLanes)
        {
            l0 += Vector256.LoadUnsafe(ref x, (nuint)i);
            h0 += Vector256.LoadUnsafe(ref x, (nuint)(i + 8));
            l1 += Vector256.LoadUnsafe(ref x, (nuint)(n + i));
            h1 += Vector256.LoadUnsafe(ref x, (nuint)(n + i + 8));
            l2 += Vector256.LoadUnsafe(ref x, (nuint)(2 * n + i));
            h2 += Vector256.LoadUnsafe(ref x, (nuint)(2 * n + i + 8));
            l3 += Vector256.LoadUnsafe(ref x, (nuint)(3 * n + i));
            h3 += Vector256.LoadUnsafe(ref x, (nuint)(3 * n + i + 8));
        }
        // The padded last group: what lies past the plane is cleared; an upper half wholly past it adds +0, so it is skipped.
        int tail = plane % MeanLanes;
        if (tail != 0)
        {
            nint i = (nint)whole * MeanLanes;
            var lowMask = Vector256.LessThan(Vector256<int>.Indices, Vector256.Create(tail)).AsSingle();
            l0 += Vector256.LoadUnsafe(ref x, (nuint)i) & lowMask;
            l1 += Vector256.LoadUnsafe(ref x, (nuint)(n + i)) & lowMask;
            l2 += Vector256.LoadUnsafe(ref x, (nuint)(2 * n + i)) & lowMask;
            l3 += Vector256.LoadUnsafe(ref x, (nuint)(3 * n + i)) & lowMask;
            if (tail > 8)
            {
                var highMask = Vector256.LessThan(Vector256<int>.Indices, Vector256.Create(tail - 8)).AsSingle();
                h0 += Vector256.LoadUnsafe(ref x, (nuint)(i + 8)) & highMask;
                h1 += Vector256.LoadUnsafe(ref x, (nuint)(n + i + 8)) & highMask;
                h2 += Vector256.LoadUnsafe(ref x, (nuint)(2 * n + i + 8)) & highMask;
                h3 += Vector256.LoadUnsafe(ref x, (nuint)(3 * n + i + 8)) & highMask;
            }
        }
        s1 = l1 + h1;
        s2 = l2 + h2;
        s3 = l3 + h3;
        return l0 + h0;
    }

    // One plane's sum in the sixteen-lane order, any size: blocks summed four at a time side by side (they are
    // independent until each is added to the running lanes, in block order), the padded last group from a copy.
    private static float PlaneSum(ReadOnlySpan<float> values)
    {
        int whole = values.Length / MeanLanes, tail = values.Length % MeanLanes;
        Span<float> last = stackalloc float[MeanLanes];
        last.Clear();
        values.Slice(whole * MeanLanes).CopyTo(last);
        int groups = whole + (tail == 0 ? 0 : 1);
        ref float x = ref MemoryMarshal.GetReference(values);
        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<float> low = default, high = default;
            int g = 0;
            for (; g + 4 * MeanBlockGroups <= whole; g += 4 * MeanBlockGroups)
            {
                Vector256<float> l0 = default, h0 = default, l1 = default, h1 = default, l2 = default, h2 = default,
                    l3 = default, h3 = default;
                for (nint i = (nint)g * MeanLanes, end = i + MeanBlockGroups * MeanLanes; i < end; i += MeanLanes)
                {
                    const int Block = MeanBlockGroups * MeanLanes;
                    l0 += Vector256.LoadUnsafe(ref x, (nuint)i);
                    h0 += Vector256.LoadUnsafe(ref x, (nuint)(i + 8));
                    l1 += Vector256.LoadUnsafe(ref x, (nuint)(i + Block));
                    h1 += Vector256.LoadUnsafe(ref x, (nuint)(i + Block + 8));
                    l2 += Vector256.LoadUnsafe(ref x, (nuint)(i + 2 * Block));
                    h2 += Vector256.LoadUnsafe(ref x, (nuint)(i + 2 * Block + 8));
                    l3 += Vector256.LoadUnsafe(ref x, (nuint)(i + 3 * Block));
                    h3 += Vector256.LoadUnsafe(ref x, (nuint)(i + 3 * Block + 8));
                }
                low += l0; high += h0;
                low += l1; high += h1;
                low += l2; high += h2;
                low += l3; high += h3;
            }
            for (; g < groups; g += MeanBlockGroups)
            {
                Vector256<float> l = default, h = default;
                for (int k = g, end = Math.Min(g + MeanBlockGroups, groups); k < end; k++)
                {
                    ref float group = ref k < whole ? ref Unsafe.Add(ref x, (nint)k * MeanLanes) : ref MemoryMarshal.GetReference(last);
                    l += Vector256.LoadUnsafe(ref group);
                    h += Vector256.LoadUnsafe(ref group, 8);
                }
                low += l; high += h;
            }
            var s = low + high;                           // j += j+8
            var q = s.GetLower() + s.GetUpper();          // j += j+4
            return (q.GetElement(0) + q.GetElement(2)) + (q.GetElement(1) + q.GetElement(3)); // j += j+2, j += j+1
        }
        if (Vector128.IsHardwareAccelerated)
        {
            Vector128<float> r0 = default, r1 = default, r2 = default, r3 = default;
            for (int g = 0; g < groups; g += MeanBlockGroups)
            {
                Vector128<float> b0 = default, b1 = default, b2 = default, b3 = default;
                for (int k = g, end = Math.Min(g + MeanBlockGroups, groups); k < end; k++)
                {
                    ref float group = ref k < whole ? ref Unsafe.Add(ref x, (nint)k * MeanLanes) : ref MemoryMarshal.GetReference(last);
                    b0 += Vector128.LoadUnsafe(ref group);
                    b1 += Vector128.LoadUnsafe(ref group, 4);
                    b2 += Vector128.LoadUnsafe(ref group, 8);
                    b3 += Vector128.LoadUnsafe(ref group, 12);
                }
                r0 += b0; r1 += b1; r2 += b2; r3 += b3;
            }
            var q = (r0 + r2) + (r1 + r3);                // j += j+8, then j += j+4
            return (q.GetElement(0) + q.GetElement(2)) + (q.GetElement(1) + q.GetElement(3));
        }
        Span<float> running = stackalloc float[MeanLanes], block = stackalloc float[MeanLanes];
        running.Clear();
        for (int g = 0; g < groups; g += MeanBlockGroups)
        {
            block.Clear();
            for (int k = g, end = Math.Min(g + MeanBlockGroups, groups); k < end; k++)
            {
                var group = k < whole ? values.Slice(k * MeanLanes, MeanLanes) : last;
                for (int j = 0; j < MeanLanes; j++) block[j] += group[j];
            }
            for (int j = 0; j < MeanLanes; j++) running[j] += block[j];
        }
        for (int width = MeanLanes / 2; width >= 1; width /= 2)
            for (int j = 0; j < width; j++) running[j] += running[j + width];
        return running[0];
    }

    // ChannelMeans for float: the sixteen-lane order per channel, every channel's lanes side by side (lane j of
    // channel c at j·channels + c), the pixels read in memory order.
    private static void FloatChannelMeans(ReadOnlySpan<float> sample, int channels, Span<float> output)
    {
        int pixels = sample.Length / channels;
        float[] rented = System.Buffers.ArrayPool<float>.Shared.Rent(2 * MeanLanes * channels);
        try
        {
            Span<float> running = rented.AsSpan(0, MeanLanes * channels), block = rented.AsSpan(MeanLanes * channels, MeanLanes * channels);
            running.Clear();
            block.Clear();
            const int BlockPixels = MeanBlockGroups * MeanLanes;
            for (int p = 0; p < pixels; p++)
            {
                AddLanes(block.Slice(p % MeanLanes * channels, channels), sample.Slice(p * channels, channels));
                if (p % BlockPixels == BlockPixels - 1 || p == pixels - 1)
                {
                    AddLanes(running, block);
                    block.Clear();
                }
            }
            for (int width = MeanLanes / 2; width >= 1; width /= 2)
                for (int j = 0; j < width; j++)
                    AddLanes(running.Slice(j * channels, channels), running.Slice((j + width) * channels, channels));
            for (int c = 0; c < channels; c++) output[c] = running[c] / pixels;
        }
        finally
        {
            System.Buffers.ArrayPool<float>.Shared.Return(rented);
        }
    }

    // sums[i] += values[i], lane by lane (the same float additions at any vector width).
    private static void AddLanes(Span<float> sums, ReadOnlySpan<float> values)
    {
        ref float s = ref MemoryMarshal.GetReference(sums);
        ref float v = ref MemoryMarshal.GetReference(values);
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
            for (; i + 8 <= sums.Length; i += 8)
                (Vector256.LoadUnsafe(ref s, (nuint)i) + Vector256.LoadUnsafe(ref v, (nuint)i)).StoreUnsafe(ref s, (nuint)i);
        if (Vector128.IsHardwareAccelerated)
            for (; i + 4 <= sums.Length; i += 4)
                (Vector128.LoadUnsafe(ref s, (nuint)i) + Vector128.LoadUnsafe(ref v, (nuint)i)).StoreUnsafe(ref s, (nuint)i);
        for (; i < sums.Length; i++) Unsafe.Add(ref s, i) += Unsafe.Add(ref v, i);
    }
}
