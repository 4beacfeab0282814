using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Pooling.Kernels;

/// <summary>
/// Planes ⇄ a channels-last tile: <c>count</c> consecutive planes of n elements each, interleaved so that element i of
/// plane g sits at <c>i·count + g</c>. A kernel vectorised along channels (the channels-last adaptive pool) then runs on
/// channels-first planes, <c>count</c> planes at a time. 4-byte elements move as 8×8 (AVX) or 4×4 transposes, 8-byte
/// ones as 2×2; the tile-stride form of <c>FromTile</c> (RoIAlign's [bin][channel] blocks) also as 16×16 with AVX-512
/// (measured slower for whole images, whose planes are a power of two apart, so those keep 8×8).
/// Not meant to be called by hand.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class PlaneTiles
{
    /// <summary><paramref name="tile"/>[i·count + g] = <paramref name="planes"/>[g·n + i] (n = planes.Length / count).</summary>
    public static void ToTile<T>(ReadOnlySpan<T> planes, int count, Span<T> tile) where T : unmanaged
    {
        Check(planes.Length, count, tile.Length);
        Move(ref Unsafe.As<T, byte>(ref MemoryMarshal.GetReference(planes)), ref Unsafe.As<T, byte>(ref MemoryMarshal.GetReference(tile)),
            count, planes.Length / count, Unsafe.SizeOf<T>(), toTile: true);
    }

    /// <summary><paramref name="planes"/>[g·n + i] = <paramref name="tile"/>[i·count + g] (n = tile.Length / count).</summary>
    public static void FromTile<T>(ReadOnlySpan<T> tile, int count, Span<T> planes) where T : unmanaged
    {
        Check(tile.Length, count, planes.Length);
        Move(ref Unsafe.As<T, byte>(ref MemoryMarshal.GetReference(tile)), ref Unsafe.As<T, byte>(ref MemoryMarshal.GetReference(planes)),
            count, tile.Length / count, Unsafe.SizeOf<T>(), toTile: false);
    }

    /// <summary><paramref name="planes"/>[g·<paramref name="planeStride"/> + i] = <paramref name="tile"/>[i·count + g]
    /// (n = tile.Length / count): the planes are the first n elements of rows <paramref name="planeStride"/> apart.</summary>
    public static void FromTile<T>(ReadOnlySpan<T> tile, int count, Span<T> planes, int planeStride) where T : unmanaged
    {
        if (count <= 0 || tile.Length % count != 0 || planeStride < tile.Length / count
            || (tile.Length > 0 && planes.Length < (long)(count - 1) * planeStride + tile.Length / count))
            throw new ArgumentException($"Expected {count} rows of {planeStride} elements for a tile of {tile.Length}, but got {planes.Length}.");
        if (tile.Length == 0) return;
        Move(ref Unsafe.As<T, byte>(ref MemoryMarshal.GetReference(tile)), ref Unsafe.As<T, byte>(ref MemoryMarshal.GetReference(planes)),
            count, tile.Length / count, Unsafe.SizeOf<T>(), toTile: false, planeStride);
    }

    /// <summary>
    /// <paramref name="planes"/>[g·n + i] = <paramref name="tile"/>[i·<paramref name="tileStride"/> + g] for the
    /// <paramref name="count"/> planes of <paramref name="n"/> elements, written a block of planes at a time (16, 8 or 4
    /// for 4-byte elements, as wide as the vectors go; 2 for 8-byte ones). With <paramref name="streaming"/> each block is transposed into
    /// <paramref name="staging"/> (at least 16·n elements) and copied out with streaming stores (<see cref="StreamingStores"/>):
    /// for an output much larger than the caches (the caller fences them, <see cref="StreamingStores.Fence"/>). A tile row stride that is not a multiple of 256 bytes keeps a block's
    /// rows out of each other's cache sets.
    /// </summary>
    public static void FromTile<T>(ReadOnlySpan<T> tile, int count, int tileStride, int n, Span<T> planes, Span<T> staging, bool streaming)
        where T : unmanaged
    {
        if (count <= 0 || n < 0 || tileStride < count || (n > 0 && tile.Length < (long)(n - 1) * tileStride + count)
            || planes.Length < (long)count * n || (streaming && staging.Length < 16L * n))
            throw new ArgumentException($"Expected {n} tile rows of {count} elements {tileStride} apart, {count} × {n} planes and, when streaming, a staging block of {16L * n}; got {tile.Length}, {planes.Length} and {staging.Length}.");
        int size = Unsafe.SizeOf<T>();
        bool sse = Sse2.IsSupported || AdvSimd.Arm64.IsSupported;
        int block = size == 8 ? (sse ? 2 : 1)
            : size != 4 ? 1 : Vector512.IsHardwareAccelerated && Avx512F.IsSupported ? 16 : Avx.IsSupported ? 8 : sse ? 4 : 1;
        if (count < block || n < block) block = 1;
        ref T from = ref MemoryMarshal.GetReference(tile);
        nint rowStep = (nint)tileStride * size, columnStep = (nint)n * size;
        // Streaming: sixteen planes staged before each copy, whatever the block (16 · n elements of 4 bytes are whole
        // cache lines; eight planes of 4 bytes at a time left a line split between two copies at every seam, and the
        // streaming path ran slower than ordinary stores at 256 bits).
        const int Staged = 16;
        for (int g0 = 0; g0 < count; g0 += Staged)
        {
            int planesStaged = Math.Min(Staged, count - g0);
            Span<T> target = streaming ? staging.Slice(0, planesStaged * n) : planes.Slice(g0 * n, planesStaged * n);
            for (int g = g0; g < g0 + planesStaged; g += block)
            {
                int width = Math.Min(block, g0 + planesStaged - g);
                ref T to = ref Unsafe.Add(ref MemoryMarshal.GetReference(target), (g - g0) * n);
                ref byte rows = ref Unsafe.As<T, byte>(ref Unsafe.Add(ref from, g));
                int i = 0;
                if (width == block && block > 1)
                {
                    // Whole blocks of elements, and the last `block` elements again when n is not a multiple (the
                    // overlap is rewritten with the same values).
                    int blocks = n / block;
                    Transposes(block, ref rows, rowStep, ref Unsafe.As<T, byte>(ref to), columnStep, blocks);
                    if (n % block != 0)
                        Transposes(block, ref Unsafe.Add(ref rows, (n - block) * rowStep), rowStep, ref Unsafe.As<T, byte>(ref Unsafe.Add(ref to, n - block)), columnStep, 1);
                    i = n;
                }
                for (int k = 0; k < width; k++)
                    for (int e = i; e < n; e++) Unsafe.Add(ref to, k * n + e) = Unsafe.Add(ref from, (nint)e * tileStride + g + k);
            }
            if (streaming) StreamingStores.Copy<T>(target, planes.Slice(g0 * n, planesStaged * n));
        }
    }

    // `blocks` block × block transposes along the rows: of 4-byte elements, or 2 × 2 of 8-byte ones.
    private static void Transposes(int block, ref byte rows, nint rowStep, ref byte columns, nint columnStep, int blocks)
    {
        if (block == 2) Transposes2(ref rows, rowStep, 2 * rowStep, ref columns, columnStep, 16, blocks);
        else if (block == 16) Transposes16(ref rows, rowStep, 16 * rowStep, ref columns, columnStep, 64, blocks);
        else if (block == 8) Transposes8(ref rows, rowStep, 8 * rowStep, ref columns, columnStep, 32, blocks);
        else Transposes4(ref rows, rowStep, 4 * rowStep, ref columns, columnStep, 16, blocks);
    }

    private static void Check(int source, int count, int target)
    {
        if (count <= 0 || source % count != 0 || target != source)
            throw new ArgumentException($"Expected {source} elements of {count} whole planes on both sides, but got {source} and {target}.");
    }

    // Elements a run of transposes covers before the next block of planes (a multiple of every block size).
    private const int Run = 64;

    // Element i of plane g: at g·n + i in the planes, i·count + g in the tile. Blocks of eight or four planes × as many
    // elements (4-byte) or two × two (8-byte) are transposed in registers; what is left goes one element at a time.
    private static void Move(ref byte source, ref byte target, int count, int n, int size, bool toTile, int stride = -1)
    {
        if (stride < 0) stride = n;
        int block = size == 4 ? (Avx.IsSupported && count >= 8 ? 8 : 4) : size == 8 ? 2 : 0;
        int g = 0;
        if ((Sse2.IsSupported || AdvSimd.Arm64.IsSupported) && block > 0)
        {
            // A block's rows are `block` planes at one element (to the tile) or `block` pixels of the tile (back); the
            // next block is `block` elements on along the planes, `block` pixels on in the tile.
            nint planeStep = (nint)stride * size, pixelStep = (nint)count * size;
            nint alongPlanes = (nint)block * size, alongTile = (nint)block * pixelStep;
            int groups = count - count % block, whole = n - n % block;
            // To the tile: a run of elements at a time through every block of planes, so that the tile's rows for those
            // elements are written whole while in L1, not a block's share of each row per pass over a large tile. Back to
            // planes: one block of planes at a time over every element. Planes are often a power of two apart (a 256 × 256
            // image's are 256 KB), and writing runs of all of them at once put every row's lines in the same cache sets,
            // where they evicted each other: 3.7× slower for tiles of 256 pixels × 32 channels on a Zen 5.
            int run = toTile ? Run : whole;
            for (int i0 = 0; i0 < whole; i0 += run)
            {
                int blocks = Math.Min(run, whole - i0) / block;
                for (g = 0; g < groups; g += block)
                {
                    nint planesAt = ((nint)g * stride + i0) * size, tileAt = ((nint)i0 * count + g) * size;
                    ref byte from = ref Unsafe.Add(ref source, toTile ? planesAt : tileAt);
                    ref byte to = ref Unsafe.Add(ref target, toTile ? tileAt : planesAt);
                    if (block == 8)
                    {
                        if (toTile) Transposes8(ref from, planeStep, alongPlanes, ref to, pixelStep, alongTile, blocks);
                        else Transposes8(ref from, pixelStep, alongTile, ref to, planeStep, alongPlanes, blocks);
                    }
                    else if (block == 4)
                    {
                        if (toTile) Transposes4(ref from, planeStep, alongPlanes, ref to, pixelStep, alongTile, blocks);
                        else Transposes4(ref from, pixelStep, alongTile, ref to, planeStep, alongPlanes, blocks);
                    }
                    else
                    {
                        if (toTile) Transposes2(ref from, planeStep, alongPlanes, ref to, pixelStep, alongTile, blocks);
                        else Transposes2(ref from, pixelStep, alongTile, ref to, planeStep, alongPlanes, blocks);
                    }
                }
            }
            for (g = 0; g < groups; g++)
                for (int i = whole; i < n; i++) Element(ref source, ref target, g, i, count, stride, size, toTile);
            g = groups;
        }
        for (; g < count; g++)
            for (int i = 0; i < n; i++) Element(ref source, ref target, g, i, count, stride, size, toTile);
    }

    // `blocks` 4×4 transposes of 4-byte elements: rows at from + k·rowStep, columns stored at to + k·columnStep.
    private static void Transposes4(ref byte from, nint rowStep, nint fromNext, ref byte to, nint columnStep, nint toNext, int blocks)
    {
        for (int b = 0; b < blocks; b++)
        {
            Lanes.Transpose4(Vector128.LoadUnsafe(ref from), Vector128.LoadUnsafe(ref from, (nuint)rowStep),
                Vector128.LoadUnsafe(ref from, (nuint)(2 * rowStep)), Vector128.LoadUnsafe(ref from, (nuint)(3 * rowStep)),
                out var c0, out var c1, out var c2, out var c3);
            c0.StoreUnsafe(ref to);
            c1.StoreUnsafe(ref to, (nuint)columnStep);
            c2.StoreUnsafe(ref to, (nuint)(2 * columnStep));
            c3.StoreUnsafe(ref to, (nuint)(3 * columnStep));
            from = ref Unsafe.Add(ref from, fromNext);
            to = ref Unsafe.Add(ref to, toNext);
        }
    }

    // `blocks` 8×8 transposes of 4-byte elements (AVX): pairs interleaved, then quadruples, then the 128-bit halves.
    private static void Transposes8(ref byte from, nint rowStep, nint fromNext, ref byte to, nint columnStep, nint toNext, int blocks)
    {
        for (int b = 0; b < blocks; b++)
        {
            ref float f = ref Unsafe.As<byte, float>(ref from);
            nint rows = rowStep / 4;
            var r0 = Vector256.LoadUnsafe(ref f);
            var r1 = Vector256.LoadUnsafe(ref f, (nuint)rows);
            var r2 = Vector256.LoadUnsafe(ref f, (nuint)(2 * rows));
            var r3 = Vector256.LoadUnsafe(ref f, (nuint)(3 * rows));
            var r4 = Vector256.LoadUnsafe(ref f, (nuint)(4 * rows));
            var r5 = Vector256.LoadUnsafe(ref f, (nuint)(5 * rows));
            var r6 = Vector256.LoadUnsafe(ref f, (nuint)(6 * rows));
            var r7 = Vector256.LoadUnsafe(ref f, (nuint)(7 * rows));
            Lanes.Transpose8(r0, r1, r2, r3, r4, r5, r6, r7, out var c0, out var c1, out var c2, out var c3, out var c4, out var c5, out var c6, out var c7);
            ref float t = ref Unsafe.As<byte, float>(ref to);
            nint columns = columnStep / 4;
            c0.StoreUnsafe(ref t);
            c1.StoreUnsafe(ref t, (nuint)columns);
            c2.StoreUnsafe(ref t, (nuint)(2 * columns));
            c3.StoreUnsafe(ref t, (nuint)(3 * columns));
            c4.StoreUnsafe(ref t, (nuint)(4 * columns));
            c5.StoreUnsafe(ref t, (nuint)(5 * columns));
            c6.StoreUnsafe(ref t, (nuint)(6 * columns));
            c7.StoreUnsafe(ref t, (nuint)(7 * columns));
            from = ref Unsafe.Add(ref from, fromNext);
            to = ref Unsafe.Add(ref to, toNext);
        }
    }

    // `blocks` 16×16 transposes of 4-byte elements (AVX-512): pairs interleaved, then quadruples, then 128-bit lanes twice.
    private static void Transposes16(ref byte from, nint rowStep, nint fromNext, ref byte to, nint columnStep, nint toNext, int blocks)
    {
        for (int b = 0; b < blocks; b++)
        {
            var r0 = Vector512.LoadUnsafe(ref from, (nuint)(0 * rowStep)).AsSingle();
            var r1 = Vector512.LoadUnsafe(ref from, (nuint)(1 * rowStep)).AsSingle();
            var r2 = Vector512.LoadUnsafe(ref from, (nuint)(2 * rowStep)).AsSingle();
            var r3 = Vector512.LoadUnsafe(ref from, (nuint)(3 * rowStep)).AsSingle();
            var r4 = Vector512.LoadUnsafe(ref from, (nuint)(4 * rowStep)).AsSingle();
            var r5 = Vector512.LoadUnsafe(ref from, (nuint)(5 * rowStep)).AsSingle();
            var r6 = Vector512.LoadUnsafe(ref from, (nuint)(6 * rowStep)).AsSingle();
            var r7 = Vector512.LoadUnsafe(ref from, (nuint)(7 * rowStep)).AsSingle();
            var r8 = Vector512.LoadUnsafe(ref from, (nuint)(8 * rowStep)).AsSingle();
            var r9 = Vector512.LoadUnsafe(ref from, (nuint)(9 * rowStep)).AsSingle();
            var r10 = Vector512.LoadUnsafe(ref from, (nuint)(10 * rowStep)).AsSingle();
            var r11 = Vector512.LoadUnsafe(ref from, (nuint)(11 * rowStep)).AsSingle();
            var r12 = Vector512.LoadUnsafe(ref from, (nuint)(12 * rowStep)).AsSingle();
            var r13 = Vector512.LoadUnsafe(ref from, (nuint)(13 * rowStep)).AsSingle();
            var r14 = Vector512.LoadUnsafe(ref from, (nuint)(14 * rowStep)).AsSingle();
            var r15 = Vector512.LoadUnsafe(ref from, (nuint)(15 * rowStep)).AsSingle();
            // t: [a0 b0 a1 b1] and [a2 b2 a3 b3] in each 128-bit lane, for the row pairs.
            var t0 = Avx512F.UnpackLow(r0, r1); var t1 = Avx512F.UnpackHigh(r0, r1);
            var t2 = Avx512F.UnpackLow(r2, r3); var t3 = Avx512F.UnpackHigh(r2, r3);
            var t4 = Avx512F.UnpackLow(r4, r5); var t5 = Avx512F.UnpackHigh(r4, r5);
            var t6 = Avx512F.UnpackLow(r6, r7); var t7 = Avx512F.UnpackHigh(r6, r7);
            var t8 = Avx512F.UnpackLow(r8, r9); var t9 = Avx512F.UnpackHigh(r8, r9);
            var t10 = Avx512F.UnpackLow(r10, r11); var t11 = Avx512F.UnpackHigh(r10, r11);
            var t12 = Avx512F.UnpackLow(r12, r13); var t13 = Avx512F.UnpackHigh(r12, r13);
            var t14 = Avx512F.UnpackLow(r14, r15); var t15 = Avx512F.UnpackHigh(r14, r15);
            // u[4q + k]: element 4L + k of rows 4q to 4q + 3 in lane L.
            var u0 = Avx512F.UnpackLow(t0.AsDouble(), t2.AsDouble()).AsSingle(); var u1 = Avx512F.UnpackHigh(t0.AsDouble(), t2.AsDouble()).AsSingle();
            var u2 = Avx512F.UnpackLow(t1.AsDouble(), t3.AsDouble()).AsSingle(); var u3 = Avx512F.UnpackHigh(t1.AsDouble(), t3.AsDouble()).AsSingle();
            var u4 = Avx512F.UnpackLow(t4.AsDouble(), t6.AsDouble()).AsSingle(); var u5 = Avx512F.UnpackHigh(t4.AsDouble(), t6.AsDouble()).AsSingle();
            var u6 = Avx512F.UnpackLow(t5.AsDouble(), t7.AsDouble()).AsSingle(); var u7 = Avx512F.UnpackHigh(t5.AsDouble(), t7.AsDouble()).AsSingle();
            var u8 = Avx512F.UnpackLow(t8.AsDouble(), t10.AsDouble()).AsSingle(); var u9 = Avx512F.UnpackHigh(t8.AsDouble(), t10.AsDouble()).AsSingle();
            var u10 = Avx512F.UnpackLow(t9.AsDouble(), t11.AsDouble()).AsSingle(); var u11 = Avx512F.UnpackHigh(t9.AsDouble(), t11.AsDouble()).AsSingle();
            var u12 = Avx512F.UnpackLow(t12.AsDouble(), t14.AsDouble()).AsSingle(); var u13 = Avx512F.UnpackHigh(t12.AsDouble(), t14.AsDouble()).AsSingle();
            var u14 = Avx512F.UnpackLow(t13.AsDouble(), t15.AsDouble()).AsSingle(); var u15 = Avx512F.UnpackHigh(t13.AsDouble(), t15.AsDouble()).AsSingle();
            // Lanes of row groups 0/1 and 2/3 paired: v (lanes 0 and 2) and w (lanes 1 and 3); then the columns.
            var v0 = Avx512F.Shuffle4x128(u0, u4, 0x88); var w0 = Avx512F.Shuffle4x128(u0, u4, 0xDD);
            var v4 = Avx512F.Shuffle4x128(u8, u12, 0x88); var w4 = Avx512F.Shuffle4x128(u8, u12, 0xDD);
            var v1 = Avx512F.Shuffle4x128(u1, u5, 0x88); var w1 = Avx512F.Shuffle4x128(u1, u5, 0xDD);
            var v5 = Avx512F.Shuffle4x128(u9, u13, 0x88); var w5 = Avx512F.Shuffle4x128(u9, u13, 0xDD);
            var v2 = Avx512F.Shuffle4x128(u2, u6, 0x88); var w2 = Avx512F.Shuffle4x128(u2, u6, 0xDD);
            var v6 = Avx512F.Shuffle4x128(u10, u14, 0x88); var w6 = Avx512F.Shuffle4x128(u10, u14, 0xDD);
            var v3 = Avx512F.Shuffle4x128(u3, u7, 0x88); var w3 = Avx512F.Shuffle4x128(u3, u7, 0xDD);
            var v7 = Avx512F.Shuffle4x128(u11, u15, 0x88); var w7 = Avx512F.Shuffle4x128(u11, u15, 0xDD);
            Avx512F.Shuffle4x128(v0, v4, 0x88).AsByte().StoreUnsafe(ref to, (nuint)(0 * columnStep));
            Avx512F.Shuffle4x128(w0, w4, 0x88).AsByte().StoreUnsafe(ref to, (nuint)(4 * columnStep));
            Avx512F.Shuffle4x128(v0, v4, 0xDD).AsByte().StoreUnsafe(ref to, (nuint)(8 * columnStep));
            Avx512F.Shuffle4x128(w0, w4, 0xDD).AsByte().StoreUnsafe(ref to, (nuint)(12 * columnStep));
            Avx512F.Shuffle4x128(v1, v5, 0x88).AsByte().StoreUnsafe(ref to, (nuint)(1 * columnStep));
            Avx512F.Shuffle4x128(w1, w5, 0x88).AsByte().StoreUnsafe(ref to, (nuint)(5 * columnStep));
            Avx512F.Shuffle4x128(v1, v5, 0xDD).AsByte().StoreUnsafe(ref to, (nuint)(9 * columnStep));
            Avx512F.Shuffle4x128(w1, w5, 0xDD).AsByte().StoreUnsafe(ref to, (nuint)(13 * columnStep));
            Avx512F.Shuffle4x128(v2, v6, 0x88).AsByte().StoreUnsafe(ref to, (nuint)(2 * columnStep));
            Avx512F.Shuffle4x128(w2, w6, 0x88).AsByte().StoreUnsafe(ref to, (nuint)(6 * columnStep));
            Avx512F.Shuffle4x128(v2, v6, 0xDD).AsByte().StoreUnsafe(ref to, (nuint)(10 * columnStep));
            Avx512F.Shuffle4x128(w2, w6, 0xDD).AsByte().StoreUnsafe(ref to, (nuint)(14 * columnStep));
            Avx512F.Shuffle4x128(v3, v7, 0x88).AsByte().StoreUnsafe(ref to, (nuint)(3 * columnStep));
            Avx512F.Shuffle4x128(w3, w7, 0x88).AsByte().StoreUnsafe(ref to, (nuint)(7 * columnStep));
            Avx512F.Shuffle4x128(v3, v7, 0xDD).AsByte().StoreUnsafe(ref to, (nuint)(11 * columnStep));
            Avx512F.Shuffle4x128(w3, w7, 0xDD).AsByte().StoreUnsafe(ref to, (nuint)(15 * columnStep));
            from = ref Unsafe.Add(ref from, fromNext);
            to = ref Unsafe.Add(ref to, toNext);
        }
    }

    // `blocks` 2×2 transposes of 8-byte elements.
    private static void Transposes2(ref byte from, nint rowStep, nint fromNext, ref byte to, nint columnStep, nint toNext, int blocks)
    {
        for (int b = 0; b < blocks; b++)
        {
            var r0 = Vector128.LoadUnsafe(ref from).AsUInt64();
            var r1 = Vector128.LoadUnsafe(ref from, (nuint)rowStep).AsUInt64();
            Lanes.Zip64(r0, r1, high: false).AsByte().StoreUnsafe(ref to);
            Lanes.Zip64(r0, r1, high: true).AsByte().StoreUnsafe(ref to, (nuint)columnStep);
            from = ref Unsafe.Add(ref from, fromNext);
            to = ref Unsafe.Add(ref to, toNext);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Element(ref byte source, ref byte target, int g, int i, int count, int stride, int size, bool toTile)
    {
        nint planeAt = ((nint)g * stride + i) * size, tileAt = ((nint)i * count + g) * size;
        Unsafe.CopyBlockUnaligned(ref Unsafe.Add(ref target, toTile ? tileAt : planeAt), ref Unsafe.Add(ref source, toTile ? planeAt : tileAt), (uint)size);
    }
}
