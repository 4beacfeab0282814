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
/// channels-first planes, <c>count</c> planes at a time. 4-byte elements move as 4×4 transposes, 8-byte ones as 2×2.
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

    private static void Check(int source, int count, int target)
    {
        if (count <= 0 || source % count != 0 || target != source)
            throw new ArgumentException($"Expected {source} elements of {count} whole planes on both sides, but got {source} and {target}.");
    }

    // Element i of plane g: at g·n + i in the planes, i·count + g in the tile. Blocks of four planes × four elements
    // (4-byte) or two × two (8-byte) are transposed in registers; what is left goes one element at a time.
    private static void Move(ref byte source, ref byte target, int count, int n, int size, bool toTile)
    {
        int block = size == 4 ? 4 : size == 8 ? 2 : 0;
        int g = 0;
        if ((Sse2.IsSupported || AdvSimd.Arm64.IsSupported) && block > 0)
        {
            // A block's rows are `block` planes at one element (to the tile) or `block` pixels of the tile (back); the
            // next block is `block` elements on along the planes, `block` pixels on in the tile.
            nint planeStep = (nint)n * size, pixelStep = (nint)count * size;
            nint alongPlanes = (nint)block * size, alongTile = (nint)block * pixelStep;
            for (; g + block <= count; g += block)
            {
                nint planesAt = (nint)g * n * size, tileAt = (nint)g * size;
                ref byte from = ref Unsafe.Add(ref source, toTile ? planesAt : tileAt);
                ref byte to = ref Unsafe.Add(ref target, toTile ? tileAt : planesAt);
                if (block == 4)
                {
                    if (toTile) Transposes4(ref from, planeStep, alongPlanes, ref to, pixelStep, alongTile, n / 4);
                    else Transposes4(ref from, pixelStep, alongTile, ref to, planeStep, alongPlanes, n / 4);
                }
                else
                {
                    if (toTile) Transposes2(ref from, planeStep, alongPlanes, ref to, pixelStep, alongTile, n / 2);
                    else Transposes2(ref from, pixelStep, alongTile, ref to, planeStep, alongPlanes, n / 2);
                }
                for (int i = n - n % block; i < n; i++)
                    for (int k = g; k < g + block; k++) Element(ref source, ref target, k, i, count, n, size, toTile);
            }
        }
        for (; g < count; g++)
            for (int i = 0; i < n; i++) Element(ref source, ref target, g, i, count, n, size, toTile);
    }

    // `blocks` 4×4 transposes of 4-byte elements: rows at from + k·rowStep, columns stored at to + k·columnStep.
    private static void Transposes4(ref byte from, nint rowStep, nint fromNext, ref byte to, nint columnStep, nint toNext, int blocks)
    {
        for (int b = 0; b < blocks; b++)
        {
            ShuffleRows.Transpose4(Vector128.LoadUnsafe(ref from), Vector128.LoadUnsafe(ref from, (nuint)rowStep),
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

    // `blocks` 2×2 transposes of 8-byte elements.
    private static void Transposes2(ref byte from, nint rowStep, nint fromNext, ref byte to, nint columnStep, nint toNext, int blocks)
    {
        for (int b = 0; b < blocks; b++)
        {
            var r0 = Vector128.LoadUnsafe(ref from).AsUInt64();
            var r1 = Vector128.LoadUnsafe(ref from, (nuint)rowStep).AsUInt64();
            ShuffleRows.Zip64(r0, r1, high: false).AsByte().StoreUnsafe(ref to);
            ShuffleRows.Zip64(r0, r1, high: true).AsByte().StoreUnsafe(ref to, (nuint)columnStep);
            from = ref Unsafe.Add(ref from, fromNext);
            to = ref Unsafe.Add(ref to, toNext);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Element(ref byte source, ref byte target, int g, int i, int count, int n, int size, bool toTile)
    {
        nint planeAt = ((nint)g * n + i) * size, tileAt = ((nint)i * count + g) * size;
        Unsafe.CopyBlockUnaligned(ref Unsafe.Add(ref target, toTile ? tileAt : planeAt), ref Unsafe.Add(ref source, toTile ? planeAt : tileAt), (uint)size);
    }
}
