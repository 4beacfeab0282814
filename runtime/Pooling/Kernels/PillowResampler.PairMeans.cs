using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Pooling.Kernels;

public static partial class PillowResampler
{
    // A pass whose output takes two inputs at weight 2^21 each (BOX halving an axis) sums 2^21 + (a + b)·2^21 and
    // shifts by 22: (a + b + 1) >> 1, the byte average rounded up (pavgb, urhadd) — no products, no clip.

    // The rounded-up average of two rows of bytes (input rows a and b of 'source' at those offsets) into 'target'.
    private static void RowMean(ReadOnlySpan<byte> source, int a, int b, Span<byte> target)
    {
        int n = target.Length, x = 0;
        if (a < 0 || b < 0 || (long)Math.Max(a, b) + n > source.Length)
            throw new ArgumentException("The rows lie outside their buffer.", nameof(source));
        ref byte first = ref Unsafe.Add(ref MemoryMarshal.GetReference(source), a);
        ref byte second = ref Unsafe.Add(ref MemoryMarshal.GetReference(source), b);
        ref byte to = ref MemoryMarshal.GetReference(target);
        if (Vector128.IsHardwareAccelerated)
        {
            for (; x + 16 <= n; x += 16)
                Average(Vector128.LoadUnsafe(ref first, (nuint)x), Vector128.LoadUnsafe(ref second, (nuint)x)).StoreUnsafe(ref to, (nuint)x);
        }
        for (; x < n; x++) Unsafe.Add(ref to, x) = (byte)((Unsafe.Add(ref first, x) + Unsafe.Add(ref second, x) + 1) >> 1);
    }

    // Per channel count c = 1…8 (at (c − 1)·16), the shuffle of a step below — every other pixel's bytes to the front —
    // and how many pixels it moves, made once.
    private static readonly (byte[] Masks, int[] Pixels) PairMeanShuffles = PairMeanShufflesOf();

    private static (byte[], int[]) PairMeanShufflesOf()
    {
        var masks = new byte[8 * 16];
        var pixels = new int[8];
        for (int c = 1; c <= 8; c++) pixels[c - 1] = ByteShuffle.EveryNthPixel(c, 2, masks.AsSpan((c - 1) * 16, 16));
        return (masks, pixels);
    }

    // One input row (from 'offset' in input) halved along the width: output pixel o is the average of pixels 2o and 2o + 1.
    private static void PairMeanRow(ReadOnlySpan<byte> input, int offset, Span<byte> target, int channels, int outW)
    {
        int c = channels, n = outW * c, o = 0;
        if (offset < 0 || (long)offset + 2L * n > input.Length || target.Length < n)
            throw new ArgumentException("The row lies outside its buffer.", nameof(input));
        ref byte row = ref Unsafe.Add(ref MemoryMarshal.GetReference(input), offset);
        ref byte to = ref MemoryMarshal.GetReference(target);
        // One 16-byte load and the same one pixel on give, in byte 2i·c + k, output pixel o + i's channel k: 'pixels' of them
        // a step, moved together by a byte shuffle (the 16-byte store runs past them; the next step, or the tail, rewrites it).
        int pixels = c <= 8 ? PairMeanShuffles.Pixels[c - 1] : 0;
        if (pixels > 0 && Vector128.IsHardwareAccelerated)
        {
            var mask = Vector128.Create(PairMeanShuffles.Masks, (c - 1) * 16);
            // Steps whose loads (16 bytes from 2o·c and from 2o·c + c) and store (16 bytes at o·c) stay in the buffers.
            long readable = input.Length - (long)offset - c - 16, writable = target.Length - 16L;
            long steps = Math.Min(outW / pixels, Math.Min(readable < 0 ? 0 : readable / (2L * pixels * c) + 1, writable < 0 ? 0 : writable / ((long)pixels * c) + 1));
            ref byte at = ref row;
            ref byte store = ref to;
            for (long i = 0; i < steps; i++, at = ref Unsafe.Add(ref at, 2 * pixels * c), store = ref Unsafe.Add(ref store, pixels * c))
            {
                var means = Average(Vector128.LoadUnsafe(ref at), Vector128.LoadUnsafe(ref Unsafe.Add(ref at, c)));
                Lanes128.ShuffleBlocks(means.AsInt32(), mask.AsInt32()).AsByte().StoreUnsafe(ref store);
            }
            o = (int)steps * pixels;
        }
        for (; o < outW; o++)
        for (int k = 0; k < c; k++)
            Unsafe.Add(ref to, o * c + k) = (byte)((Unsafe.Add(ref row, 2 * o * c + k) + Unsafe.Add(ref row, (2 * o + 1) * c + k) + 1) >> 1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Average(Vector128<byte> a, Vector128<byte> b)
    {
        if (Sse2.IsSupported) return Sse2.Average(a, b);
        if (AdvSimd.IsSupported) return AdvSimd.FusedAddRoundedHalving(a, b);
        return (a | b) - Vector128.ShiftRightLogical(a ^ b, 1);   // (a + b + 1) >> 1 without leaving the byte
    }
}
