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
/// ones as 2×2.
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
