using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Pooling.Kernels;

/// <summary>
/// Max and min pooling over three-tap rows at stride 2 (the 3×3 stride-2 "stem" pool) with AVX-512, sixteen outputs a
/// step, columns first: the three rows are reduced element-wise once (each input column once instead of in three
/// windows' tap lists), then the even, odd and next-even columns of that row of column results give the sixteen windows —
/// half the loads and a third of the permutes of the row-major tap list.
/// <para>
/// Column-first order gives PyTorch's row-major result exactly whenever no NaN is among the inputs and the result is
/// not zero (a max or min over distinct-or-equal numbers does not depend on the order; only +0 against −0 and NaN do).
/// A step whose inputs hold a NaN (their sum is NaN) or whose result has a zero lane is redone with the taps in
/// row-major order and PyTorch's update rule. Not meant to be called by hand.
/// </para>
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class StrideTwoWindows
{
    /// <summary>True where <see cref="MaxOfThreeRows"/> and <see cref="MinOfThreeRows"/> do any work (AVX-512).</summary>
    public static bool IsAccelerated
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Simd512F.IsAccelerated;
    }

    /// <summary>
    /// Outputs <paramref name="ow"/> … <paramref name="endW"/> − 1 of one output row, sixteen at a time (the last step
    /// overlapping the one before it), when there are at least sixteen: output j takes the columns <c>2j, 2j+1, 2j+2</c> of the three rows starting at
    /// <paramref name="row0"/>, <paramref name="row1"/>, <paramref name="row2"/> (offsets into <paramref name="input"/>
    /// of each row's column 0 minus the padding, so every column read is inside the caller's interior) and is written to
    /// <paramref name="output"/> at <paramref name="o"/> + j. Returns <paramref name="endW"/> (or <paramref name="ow"/> when it wrote nothing).
    /// </summary>
    public static nint MaxOfThreeRows(ref float input, nint row0, nint row1, nint row2, ref float output, nint o, nint ow, nint endW) =>
        ThreeRows(ref input, row0, row1, row2, ref output, o, ow, endW, minimum: false);

    /// <summary>The min counterpart of <see cref="MaxOfThreeRows"/>.</summary>
    public static nint MinOfThreeRows(ref float input, nint row0, nint row1, nint row2, ref float output, nint o, nint ow, nint endW) =>
        ThreeRows(ref input, row0, row1, row2, ref output, o, ow, endW, minimum: true);

    private static Vector512<int> EvenColumns => Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);

    private static Vector512<int> OddColumns => Vector512.Create(1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static nint ThreeRows(ref float input, nint row0, nint row1, nint row2, ref float output, nint o, nint ow, nint endW, bool minimum)
    {
        if (!Simd512F.IsAccelerated || endW - ow < 16) return ow;
        for (nint last = endW - 16; ; ow += 16)
        {
            // The row's last step ends at endW, overlapping outputs already written (recomputed to the same values).
            if (ow > last)
            {
                if (ow == endW) break;
                ow = last;
            }
            nint c = 2 * ow;
            // Columns c … c+31 of each row, and column c+32 (the last window's third column) broadcast.
            var a0 = Vector512.LoadUnsafe(ref input, (nuint)(row0 + c));
            var b0 = Vector512.LoadUnsafe(ref input, (nuint)(row0 + c + 16));
            var a1 = Vector512.LoadUnsafe(ref input, (nuint)(row1 + c));
            var b1 = Vector512.LoadUnsafe(ref input, (nuint)(row1 + c + 16));
            var a2 = Vector512.LoadUnsafe(ref input, (nuint)(row2 + c));
            var b2 = Vector512.LoadUnsafe(ref input, (nuint)(row2 + c + 16));
            var s0 = Vector128.CreateScalarUnsafe(Unsafe.Add(ref input, row0 + c + 32));
            var s1 = Vector128.CreateScalarUnsafe(Unsafe.Add(ref input, row1 + c + 32));
            var s2 = Vector128.CreateScalarUnsafe(Unsafe.Add(ref input, row2 + c + 32));
            Vector512<float> a, b, edge;
            if (minimum)
            {
                a = Avx512F.Min(Avx512F.Min(a0, a1), a2);
                b = Avx512F.Min(Avx512F.Min(b0, b1), b2);
                edge = Avx512F.BroadcastScalarToVector512(Sse.MinScalar(Sse.MinScalar(s0, s1), s2));
            }
            else
            {
                a = Avx512F.Max(Avx512F.Max(a0, a1), a2);
                b = Avx512F.Max(Avx512F.Max(b0, b1), b2);
                edge = Avx512F.BroadcastScalarToVector512(Sse.MaxScalar(Sse.MaxScalar(s0, s1), s2));
            }
            var even = Avx512F.PermuteVar16x32x2(a, EvenColumns, b);
            var odd = Avx512F.PermuteVar16x32x2(a, OddColumns, b);
            var next = Avx512F.AlignRight32(edge.AsInt32(), even.AsInt32(), 1).AsSingle();   // columns 2j+2
            var result = minimum ? Avx512F.Min(Avx512F.Min(even, odd), next) : Avx512F.Max(Avx512F.Max(even, odd), next);
            var check = ((a0 + a1) + (a2 + b0)) + ((b1 + b2) + Avx512F.BroadcastScalarToVector512((s0 + s1) + s2));
            if (!Vector512.EqualsAll(check, check) || Vector512.EqualsAny(result, Vector512<float>.Zero))
                result = RowMajor(ref input, row0, row1, row2, c, minimum);
            result.StoreUnsafe(ref output, (nuint)(o + ow));
        }
        return ow;
    }

    // The nine taps of sixteen windows in PyTorch's order (row by row, left to right) with its update rule.
    private static Vector512<float> RowMajor(ref float input, nint row0, nint row1, nint row2, nint c, bool minimum)
    {
        var best = Taps(ref input, row0 + c, out var odd, out var next);
        best = Update(Update(best, odd, minimum), next, minimum);
        foreach (var row in (ReadOnlySpan<nint>)[row1, row2])
        {
            var even = Taps(ref input, row + c, out odd, out next);
            best = Update(Update(Update(best, even, minimum), odd, minimum), next, minimum);
        }
        return best;
    }

    // Columns 2j, 2j+1 and 2j+2 (j = 0 … 15) from column `start` of a row.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Taps(ref float input, nint start, out Vector512<float> odd, out Vector512<float> next)
    {
        var a = Vector512.LoadUnsafe(ref input, (nuint)start);
        var b = Vector512.LoadUnsafe(ref input, (nuint)(start + 16));
        var even = Avx512F.PermuteVar16x32x2(a, EvenColumns, b);
        odd = Avx512F.PermuteVar16x32x2(a, OddColumns, b);
        next = Avx512F.AlignRight32(Vector512.Create(Unsafe.Add(ref input, start + 32)).AsInt32(), even.AsInt32(), 1).AsSingle();
        return even;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Update(Vector512<float> best, Vector512<float> value, bool minimum) =>
        minimum ? Simd512F.Min(best, value) : Simd512F.Max(best, value);
}
