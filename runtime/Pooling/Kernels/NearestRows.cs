using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Pooling.Kernels;

/// <summary>
/// Nearest upsampling by exactly 2 on an axis is PyTorch's <c>output_index &gt;&gt; 1</c>: along the innermost axis every
/// element appears twice in a row, and along the next one every row twice. Elements are copied as bits, so one shuffle
/// per element size serves every type: 512- and 256-bit lane permutes for 4- and 8-byte elements (AVX-512, AVX2), a 128-bit byte shuffle
/// otherwise (ByteShuffle: SSSE3 / AdvSimd), element by element without either.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class NearestRows
{
    /// <summary>
    /// Rows [<paramref name="first"/>, <paramref name="end"/>) of a plane doubled on both axes: output row r is input row
    /// r / 2 with every element twice; the odd row after an even one is copied from it.
    /// </summary>
    public static void DoublePlane<T>(ReadOnlySpan<T> input, Span<T> output, int width, int first, int end) where T : unmanaged
    {
        int outWidth = 2 * width;
        if ((long)end * outWidth > output.Length || (long)((end + 1) / 2) * width > input.Length || first < 0)
            throw new ArgumentException("Rows outside the plane.", nameof(end));
        for (int row = first; row < end; row++)
        {
            var target = output.Slice(row * outWidth, outWidth);
            DoubleRow(input.Slice((row >> 1) * width, width), target);
            if ((row & 1) == 0 && row + 1 < end)
            {
                // The odd row after an even one has the same source row: a copy of it (one stream of stores, then a
                // memmove, ran faster than storing each vector to both rows).
                target.CopyTo(output.Slice((row + 1) * outWidth, outWidth));
                row++;
            }
        }
    }

    /// <summary><paramref name="output"/>[i] = <paramref name="input"/>[i / 2] for the whole output row
    /// (<paramref name="output"/> is exactly twice as long as <paramref name="input"/>).</summary>
    public static void DoubleRow<T>(ReadOnlySpan<T> input, Span<T> output) where T : unmanaged
    {
        if (output.Length != 2 * input.Length) throw new ArgumentException("The output row must be twice the input row.", nameof(output));
        var source = MemoryMarshal.AsBytes(input);
        ref byte from = ref MemoryMarshal.GetReference(source);
        ref byte to = ref MemoryMarshal.GetReference(MemoryMarshal.AsBytes(output));
        int size = Unsafe.SizeOf<T>(), i = 0;
        if (Vector512.IsHardwareAccelerated && Avx512F.IsSupported && size is 4 or 8)
        {
            // 64 bytes in, 128 out: the same lane permutes on 512-bit vectors.
            Vector512<int> low = Pattern<T>.Low512, high = Pattern<T>.High512;
            for (; i + 64 <= source.Length; i += 64)
            {
                var v = Vector512.LoadUnsafe(ref from, (nuint)i).AsInt32();
                var l = Avx512F.PermuteVar16x32(v, low).AsByte();
                var h = Avx512F.PermuteVar16x32(v, high).AsByte();
                l.StoreUnsafe(ref to, (nuint)(2 * i));
                h.StoreUnsafe(ref to, (nuint)(2 * i + 64));
            }
        }
        if (Avx2.IsSupported && size is 4 or 8)
        {
            // 32 bytes in, 64 out: one lane permute for each half (4-byte lanes; an 8-byte element is a pair of them).
            Vector256<int> low = Pattern<T>.Low256, high = Pattern<T>.High256;
            for (; i + 32 <= source.Length; i += 32)
            {
                var v = Vector256.LoadUnsafe(ref from, (nuint)i).AsInt32();
                var l = Avx2.PermuteVar8x32(v, low).AsByte();
                var h = Avx2.PermuteVar8x32(v, high).AsByte();
                l.StoreUnsafe(ref to, (nuint)(2 * i));
                h.StoreUnsafe(ref to, (nuint)(2 * i + 32));
            }
        }
        if (ByteShuffle.IsAccelerated)
        {
            Vector128<byte> low = Pattern<T>.Low, high = Pattern<T>.High;
            for (; i + 16 <= source.Length; i += 16)
            {
                var v = Vector128.LoadUnsafe(ref from, (nuint)i);
                var l = ByteShuffle.Lookup(v, low);
                var h = ByteShuffle.Lookup(v, high);
                l.StoreUnsafe(ref to, (nuint)(2 * i));
                h.StoreUnsafe(ref to, (nuint)(2 * i + 16));
            }
        }
        // The rest (and everything without a shuffle), element by element.
        for (int e = i / size; e < input.Length; e++)
        {
            output[2 * e] = input[e];
            output[2 * e + 1] = input[e];
        }
    }

    // Indices that turn input bytes into their output bytes, each element twice; computed once per element type
    // (static readonly: constants to the optimising JIT).
    private static class Pattern<T> where T : unmanaged
    {
        public static readonly Vector128<byte> Low = Bytes(0), High = Bytes(8);
        public static readonly Vector256<int> Low256 = Vector256.Create(Lanes(0, 8)), High256 = Vector256.Create(Lanes(4, 8));
        public static readonly Vector512<int> Low512 = Vector512.Create(Lanes(0, 16)), High512 = Vector512.Create(Lanes(8, 16));

        private static Vector128<byte> Bytes(int offset)
        {
            int size = Unsafe.SizeOf<T>();
            Span<byte> bytes = stackalloc byte[16];
            for (int j = 0; j < 16; j++) bytes[j] = (byte)(offset + j / size / 2 * size + j % size);
            return Vector128.Create((ReadOnlySpan<byte>)bytes);
        }

        // 4-byte lanes: (o, o, o+1, o+1, …) for 4-byte elements, (o, o+1, o, o+1, o+2, o+3, …) for 8-byte ones.
        private static int[] Lanes(int offset, int count)
        {
            int per = Math.Max(1, Unsafe.SizeOf<T>() / 4);
            var lanes = new int[count];
            for (int j = 0; j < count; j++) lanes[j] = offset + j / per / 2 * per + j % per;
            return lanes;
        }
    }
}
