using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Pooling.Kernels;

/// <summary>
/// Max and min pooling over three-tap rows at stride 2 (the 3×3 stride-2 "stem" pool), <c>V.Count</c> outputs a step
/// at any vector width, columns first: the three rows are reduced element-wise once (each input column once instead of
/// in three windows' tap lists), then the even, odd and next-even columns of that row of column results give the
/// windows (<see cref="IStrideTwoTaps{TVector, T}.StrideTwoTaps"/>) — half the loads and a third of the permutes of the
/// row-major tap list.
/// <para>
/// Column-first order gives PyTorch's row-major result exactly whenever no NaN is among the inputs and the result is
/// not zero (a max or min over numbers does not depend on the order; only +0 against −0 and NaN do). A step whose inputs
/// hold a NaN (their sum is NaN) or whose result has a zero lane is redone with the taps in row-major order and
/// PyTorch's update rule. Not meant to be called by hand.
/// </para>
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class StrideTwoWindows
{
    /// <summary>
    /// Outputs <paramref name="ow"/> … <paramref name="endW"/> − 1 of one output row: output j takes the columns
    /// <c>2j, 2j+1, 2j+2</c> of the three rows at <paramref name="row0"/>, <paramref name="row1"/>, <paramref name="row2"/>
    /// (offsets into <paramref name="input"/> of each row's column 0 minus the padding; every column read must lie
    /// inside the input) and goes to <paramref name="output"/> at <paramref name="o"/> + j. The widest accelerated width
    /// first, each ending with a step overlapping the one before, a narrower width for fewer outputs than a step; returns
    /// the first output it left (<paramref name="endW"/> unless fewer than 4 remained, or none is accelerated).
    /// </summary>
    public static int MaxOfThreeRows(ref float input, nint row0, nint row1, nint row2, ref float output, nint o, int ow, nint endW) =>
        EveryWidth(ref input, row0, row1, row2, ref output, o, ow, endW, minimum: false);

    /// <summary>The min counterpart of <see cref="MaxOfThreeRows"/>.</summary>
    public static int MinOfThreeRows(ref float input, nint row0, nint row1, nint row2, ref float output, nint o, int ow, nint endW) =>
        EveryWidth(ref input, row0, row1, row2, ref output, o, ow, endW, minimum: true);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int EveryWidth(ref float input, nint row0, nint row1, nint row2, ref float output, nint o, int ow, nint endW, bool minimum)
    {
        if (Simd512<float>.IsAccelerated) ow = (int)ThreeRows<Simd512<float>, Vector512<float>>(ref input, row0, row1, row2, ref output, o, ow, endW, minimum);
        if (Simd256<float>.IsAccelerated) ow = (int)ThreeRows<Simd256<float>, Vector256<float>>(ref input, row0, row1, row2, ref output, o, ow, endW, minimum);
        if (Simd128<float>.IsAccelerated) ow = (int)ThreeRows<Simd128<float>, Vector128<float>>(ref input, row0, row1, row2, ref output, o, ow, endW, minimum);
        return ow;
    }

    // V.Count outputs a step (the last overlapping the one before) when there are at least V.Count of them.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static nint ThreeRows<V, TV>(ref float input, nint row0, nint row1, nint row2, ref float output, nint o, nint ow, nint endW, bool minimum)
        where V : IStrideTwoTaps<TV, float> where TV : struct
    {
        if (!V.IsAccelerated || endW - ow < V.Count) return ow;
        for (nint last = endW - V.Count; ; ow += V.Count)
        {
            // The row's last step ends at endW, overlapping outputs already written (recomputed to the same values).
            if (ow > last)
            {
                if (ow == endW) break;
                ow = last;
            }
            nint c = 2 * ow, half = V.Count, edge = 2 * V.Count;
            // Columns c … c + 2·Count − 1 of each row, and column c + 2·Count (the last window's third column).
            TV a0 = V.Load(ref input, row0 + c), b0 = V.Load(ref input, row0 + c + half);
            TV a1 = V.Load(ref input, row1 + c), b1 = V.Load(ref input, row1 + c + half);
            TV a2 = V.Load(ref input, row2 + c), b2 = V.Load(ref input, row2 + c + half);
            TV e0 = V.Broadcast(Unsafe.Add(ref input, row0 + c + edge));
            TV e1 = V.Broadcast(Unsafe.Add(ref input, row1 + c + edge));
            TV e2 = V.Broadcast(Unsafe.Add(ref input, row2 + c + edge));
            V.StrideTwoTaps(Reduce<V, TV>(a0, a1, a2, minimum), Reduce<V, TV>(b0, b1, b2, minimum), Reduce<V, TV>(e0, e1, e2, minimum),
                out TV even, out TV odd, out TV next);
            TV result = Reduce<V, TV>(even, odd, next, minimum);
            TV check = V.Add(V.Add(V.Add(a0, a1), V.Add(a2, b0)), V.Add(V.Add(b1, b2), V.Add(V.Add(e0, e1), e2)));
            // Stored before the check, and overwritten by the row-major taps in the rare step that needs them: nothing of
            // the fast path is live across that call, so the vector registers (caller-saved) are not spilled around it.
            V.Store(V.RestoreOrder(result), ref output, o + ow);
            if (V.HasNaN(check) || V.AnyZero(result))
                V.Store(V.RestoreOrder(RowMajor<V, TV>(ref input, row0, row1, row2, c, minimum)), ref output, o + ow);
        }
        return ow;
    }

    // Three vectors reduced lane-wise, in any order (no NaN and no zero result reach a stored value from here).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Reduce<V, TV>(TV x, TV y, TV z, bool minimum) where V : IStrideTwoTaps<TV, float> where TV : struct =>
        minimum ? V.MinNoNaN(V.MinNoNaN(x, y), z) : V.MaxNoNaN(V.MaxNoNaN(x, y), z);

    // The nine taps of Count windows in PyTorch's order (row by row, left to right) with its update rule.
    private static TV RowMajor<V, TV>(ref float input, nint row0, nint row1, nint row2, nint c, bool minimum)
        where V : IStrideTwoTaps<TV, float> where TV : struct
    {
        var best = Taps<V, TV>(ref input, row0 + c, out var odd, out var next);
        best = Update<V, TV>(Update<V, TV>(best, odd, minimum), next, minimum);
        foreach (var row in (System.ReadOnlySpan<nint>)[row1, row2])
        {
            var even = Taps<V, TV>(ref input, row + c, out odd, out next);
            best = Update<V, TV>(Update<V, TV>(Update<V, TV>(best, even, minimum), odd, minimum), next, minimum);
        }
        return best;
    }

    // Columns 2j, 2j+1 and 2j+2 (j < Count) from column `start` of a row.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Taps<V, TV>(ref float input, nint start, out TV odd, out TV next) where V : IStrideTwoTaps<TV, float> where TV : struct
    {
        V.StrideTwoTaps(V.Load(ref input, start), V.Load(ref input, start + V.Count), V.Broadcast(Unsafe.Add(ref input, start + 2 * V.Count)),
            out TV even, out odd, out next);
        return even;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Update<V, TV>(TV best, TV value, bool minimum) where V : IStrideTwoTaps<TV, float> where TV : struct =>
        minimum ? V.Min(best, value) : V.Max(best, value);
}
