using System;
using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Pooling.Kernels;

/// <summary>
/// Pixel shuffle by 2 moves whole rows: an output row of <c>PixelShuffle(2)</c> is two input rows (channels
/// c·4 + i·2 and c·4 + i·2 + 1) interleaved element by element, and <c>PixelUnshuffle(2)</c> splits an input row into its
/// even and odd elements. Elements are moved as bits (any type): 128-bit unpacks and byte shuffles (SSE2/SSSE3 or
/// AdvSimd), element by element without them.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ShuffleRows
{
    /// <summary><paramref name="output"/> = a₀ b₀ a₁ b₁ …; <paramref name="output"/> is twice as long as each input.</summary>
    public static void Interleave<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> output) where T : unmanaged
    {
        if (b.Length != a.Length || output.Length != 2 * a.Length) throw new ArgumentException("The output row must be the two input rows' length.", nameof(output));
        ref byte fromA = ref MemoryMarshal.GetReference(MemoryMarshal.AsBytes(a));
        ref byte fromB = ref MemoryMarshal.GetReference(MemoryMarshal.AsBytes(b));
        ref byte to = ref MemoryMarshal.GetReference(MemoryMarshal.AsBytes(output));
        int size = Unsafe.SizeOf<T>(), bytes = a.Length * size, i = 0;
        if (ByteShuffle.IsAccelerated)
        {
            for (; i + 16 <= bytes; i += 16)
            {
                var va = Vector128.LoadUnsafe(ref fromA, (nuint)i);
                var vb = Vector128.LoadUnsafe(ref fromB, (nuint)i);
                Zip(va, vb, size, high: false).StoreUnsafe(ref to, (nuint)(2 * i));
                Zip(va, vb, size, high: true).StoreUnsafe(ref to, (nuint)(2 * i + 16));
            }
        }
        for (int e = i / size; e < a.Length; e++)
        {
            output[2 * e] = a[e];
            output[2 * e + 1] = b[e];
        }
    }

    /// <summary><paramref name="even"/> = x₀ x₂ x₄ …, <paramref name="odd"/> = x₁ x₃ x₅ …; each half the input's length.</summary>
    public static void Deinterleave<T>(ReadOnlySpan<T> input, Span<T> even, Span<T> odd) where T : unmanaged
    {
        if (even.Length != odd.Length || input.Length != 2 * even.Length) throw new ArgumentException("The input row must be the two output rows' length.", nameof(input));
        ref byte from = ref MemoryMarshal.GetReference(MemoryMarshal.AsBytes(input));
        ref byte toEven = ref MemoryMarshal.GetReference(MemoryMarshal.AsBytes(even));
        ref byte toOdd = ref MemoryMarshal.GetReference(MemoryMarshal.AsBytes(odd));
        int size = Unsafe.SizeOf<T>(), bytes = even.Length * size, i = 0;
        if (ByteShuffle.IsAccelerated)
        {
            // Each 16 input bytes: their even elements to the low 8 bytes, odd to the high 8; then two such halves
            // side by side are 16 even and 16 odd output bytes.
            var split = Split<T>.Pattern;
            for (; i + 16 <= bytes; i += 16)
            {
                var v0 = ByteShuffle.Lookup(Vector128.LoadUnsafe(ref from, (nuint)(2 * i)), split).AsUInt64();
                var v1 = ByteShuffle.Lookup(Vector128.LoadUnsafe(ref from, (nuint)(2 * i + 16)), split).AsUInt64();
                Zip64(v0, v1, high: false).AsByte().StoreUnsafe(ref toEven, (nuint)i);
                Zip64(v0, v1, high: true).AsByte().StoreUnsafe(ref toOdd, (nuint)i);
            }
        }
        for (int e = i / size; e < even.Length; e++)
        {
            even[e] = input[2 * e];
            odd[e] = input[2 * e + 1];
        }
    }

    /// <summary>Stores a₀ b₀ a₁ b₁ … (2·Count elements) at <paramref name="destination"/>: a vector computation's even and
    /// odd outputs written as one row without an intermediate buffer. 4- and 8-byte elements take unpacks (AVX for
    /// 256-bit vectors, SSE2 or AdvSimd for 128-bit); anything else is stored element by element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreInterleaved<T>(Vector<T> a, Vector<T> b, ref T destination) where T : unmanaged
    {
        int size = Unsafe.SizeOf<T>();
        ref byte to = ref Unsafe.As<T, byte>(ref destination);
        if (Vector<byte>.Count == 32 && Avx.IsSupported && size is 4 or 8)
        {
            Vector256<byte> low, high;
            if (size == 4)
            {
                var (x, y) = (a.AsVector256().AsSingle(), b.AsVector256().AsSingle());
                (low, high) = (Avx.UnpackLow(x, y).AsByte(), Avx.UnpackHigh(x, y).AsByte());
            }
            else
            {
                var (x, y) = (a.AsVector256().AsDouble(), b.AsVector256().AsDouble());
                (low, high) = (Avx.UnpackLow(x, y).AsByte(), Avx.UnpackHigh(x, y).AsByte());
            }
            // The unpacks interleave within each 128-bit lane; the lane halves then go in order.
            Avx.Permute2x128(low, high, 0x20).StoreUnsafe(ref to);
            Avx.Permute2x128(low, high, 0x31).StoreUnsafe(ref to, 32);
            return;
        }
        if (Vector<byte>.Count == 16 && (Sse2.IsSupported || AdvSimd.Arm64.IsSupported))
        {
            var (x, y) = (a.AsVector128().AsByte(), b.AsVector128().AsByte());
            Zip(x, y, size, high: false).StoreUnsafe(ref to);
            Zip(x, y, size, high: true).StoreUnsafe(ref to, 16);
            return;
        }
        for (int i = 0; i < Vector<T>.Count; i++)
        {
            Unsafe.Add(ref destination, 2 * i) = a[i];
            Unsafe.Add(ref destination, 2 * i + 1) = b[i];
        }
    }

    // The low (or high) halves of a and b interleaved, in elements of 'size' bytes.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Zip(Vector128<byte> a, Vector128<byte> b, int size, bool high)
    {
        if (Sse2.IsSupported)
        {
            return size switch
            {
                1 => high ? Sse2.UnpackHigh(a, b) : Sse2.UnpackLow(a, b),
                2 => (high ? Sse2.UnpackHigh(a.AsUInt16(), b.AsUInt16()) : Sse2.UnpackLow(a.AsUInt16(), b.AsUInt16())).AsByte(),
                4 => (high ? Sse2.UnpackHigh(a.AsUInt32(), b.AsUInt32()) : Sse2.UnpackLow(a.AsUInt32(), b.AsUInt32())).AsByte(),
                _ => (high ? Sse2.UnpackHigh(a.AsUInt64(), b.AsUInt64()) : Sse2.UnpackLow(a.AsUInt64(), b.AsUInt64())).AsByte(),
            };
        }
        return size switch
        {
            1 => high ? AdvSimd.Arm64.ZipHigh(a, b) : AdvSimd.Arm64.ZipLow(a, b),
            2 => (high ? AdvSimd.Arm64.ZipHigh(a.AsUInt16(), b.AsUInt16()) : AdvSimd.Arm64.ZipLow(a.AsUInt16(), b.AsUInt16())).AsByte(),
            4 => (high ? AdvSimd.Arm64.ZipHigh(a.AsUInt32(), b.AsUInt32()) : AdvSimd.Arm64.ZipLow(a.AsUInt32(), b.AsUInt32())).AsByte(),
            _ => (high ? AdvSimd.Arm64.ZipHigh(a.AsUInt64(), b.AsUInt64()) : AdvSimd.Arm64.ZipLow(a.AsUInt64(), b.AsUInt64())).AsByte(),
        };
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> Zip64(Vector128<ulong> a, Vector128<ulong> b, bool high) =>
        Sse2.IsSupported
            ? (high ? Sse2.UnpackHigh(a, b) : Sse2.UnpackLow(a, b))
            : (high ? AdvSimd.Arm64.ZipHigh(a, b) : AdvSimd.Arm64.ZipLow(a, b));


    // Byte j < 8: byte j % size of even element j / size; byte j ≥ 8: of odd element (j − 8) / size.
    private static class Split<T> where T : unmanaged
    {
        public static readonly Vector128<byte> Pattern = Create();

        private static Vector128<byte> Create()
        {
            int size = Unsafe.SizeOf<T>();
            Span<byte> bytes = stackalloc byte[16];
            for (int j = 0; j < 16; j++)
            {
                int element = 2 * ((j % 8) / size) + (j < 8 ? 0 : 1);
                bytes[j] = (byte)(element * size + j % size);
            }
            return Vector128.Create((ReadOnlySpan<byte>)bytes);
        }
    }
}
