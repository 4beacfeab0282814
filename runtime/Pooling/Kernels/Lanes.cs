using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Pooling.Kernels;

/// <summary>
/// Register-level lane moves the runtime kernels share: element zips of two 128-bit vectors (SSE2 or AdvSimd, in
/// elements of 1 to 8 bytes) and the small transposes built from them (4×4 of 4-byte elements at 128 bits, 8×8 of floats
/// with AVX). Each caller checks that the instructions exist before calling.
/// </summary>
internal static class Lanes
{
    /// <summary>Four rows of four 4-byte elements (sixteen at <paramref name="source"/>) transposed: column k = element k
    /// of each row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Transpose4(ref byte source, out Vector128<byte> c0, out Vector128<byte> c1, out Vector128<byte> c2, out Vector128<byte> c3) =>
        Transpose4(Vector128.LoadUnsafe(ref source), Vector128.LoadUnsafe(ref source, 16), Vector128.LoadUnsafe(ref source, 32),
            Vector128.LoadUnsafe(ref source, 48), out c0, out c1, out c2, out c3);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Transpose4(Vector128<byte> r0, Vector128<byte> r1, Vector128<byte> r2, Vector128<byte> r3,
        out Vector128<byte> c0, out Vector128<byte> c1, out Vector128<byte> c2, out Vector128<byte> c3)
    {
        var t0 = Zip(r0, r1, 4, high: false);   // r0[0] r1[0] r0[1] r1[1]
        var t1 = Zip(r0, r1, 4, high: true);    // r0[2] r1[2] r0[3] r1[3]
        var t2 = Zip(r2, r3, 4, high: false);
        var t3 = Zip(r2, r3, 4, high: true);
        c0 = Zip(t0, t2, 8, high: false);
        c1 = Zip(t0, t2, 8, high: true);
        c2 = Zip(t1, t3, 8, high: false);
        c3 = Zip(t1, t3, 8, high: true);
    }

    // The low (or high) halves of a and b interleaved, in elements of 'size' bytes.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector128<byte> Zip(Vector128<byte> a, Vector128<byte> b, int size, bool high)
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
    internal static Vector128<ulong> Zip64(Vector128<ulong> a, Vector128<ulong> b, bool high) =>
        Sse2.IsSupported
            ? (high ? Sse2.UnpackHigh(a, b) : Sse2.UnpackLow(a, b))
            : (high ? AdvSimd.Arm64.ZipHigh(a, b) : AdvSimd.Arm64.ZipLow(a, b));


    /// <summary>Eight rows of eight floats transposed (AVX): column k = element k of each row — pairs interleaved, then
    /// quadruples, then the 128-bit halves.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Transpose8(Vector256<float> r0, Vector256<float> r1, Vector256<float> r2, Vector256<float> r3,
        Vector256<float> r4, Vector256<float> r5, Vector256<float> r6, Vector256<float> r7,
        out Vector256<float> c0, out Vector256<float> c1, out Vector256<float> c2, out Vector256<float> c3,
        out Vector256<float> c4, out Vector256<float> c5, out Vector256<float> c6, out Vector256<float> c7)
    {
        // t: [a0 b0 a1 b1 | a4 b4 a5 b5] and [a2 b2 a3 b3 | a6 b6 a7 b7] for the row pairs.
        Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1), t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5), t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);
        // u: element k (and k + 4) of four rows.
        Vector256<float> u0 = Avx.Shuffle(t0, t2, 0x44), u1 = Avx.Shuffle(t0, t2, 0xEE), u2 = Avx.Shuffle(t1, t3, 0x44), u3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> u4 = Avx.Shuffle(t4, t6, 0x44), u5 = Avx.Shuffle(t4, t6, 0xEE), u6 = Avx.Shuffle(t5, t7, 0x44), u7 = Avx.Shuffle(t5, t7, 0xEE);
        // The low 128-bit halves are columns 0-3, the high ones 4-7.
        (c0, c1, c2, c3) = (Avx.Permute2x128(u0, u4, 0x20), Avx.Permute2x128(u1, u5, 0x20), Avx.Permute2x128(u2, u6, 0x20), Avx.Permute2x128(u3, u7, 0x20));
        (c4, c5, c6, c7) = (Avx.Permute2x128(u0, u4, 0x31), Avx.Permute2x128(u1, u5, 0x31), Avx.Permute2x128(u2, u6, 0x31), Avx.Permute2x128(u3, u7, 0x31));
    }
}
