using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Pooling.Kernels;

/// <summary>
/// The interior of a 1-D to 3-D max or min pool with indices over float (NCHW, stride 1 or 2 along the row), V.Count
/// outputs at a time. Each tap's values and plane-relative indices are kept by PyTorch's rule (docs/semantics.md §2.1):
/// replaced where the value is strictly better or NaN, so the first tap wins ties, −0.0 against +0.0 included, and the
/// last NaN's index is kept — the scalar loop's result, without its data-dependent branch. An index travels as a float
/// lane beside its value (whole numbers below 2^24 are exact in float; larger planes stay scalar) and is converted when
/// stored. Not meant to be called by hand.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class IndexedWindows
{
    // 0, 1, 2, …: lane j's offset within a load (stride 1), or, deinterleaved, 2j (stride 2).
    private static readonly float[] Iota = CreateIota();

    private static float[] CreateIota()
    {
        var iota = new float[64];
        for (int i = 0; i < iota.Length; i++) iota[i] = i;
        return iota;
    }

    /// <summary>
    /// Outputs [<paramref name="ow"/>, <paramref name="endW"/>) of one output row whose windows lie inside the plane:
    /// kD slices <paramref name="sliceStep"/> apart, each of kH rows <paramref name="rowStep"/> apart, from plane offset
    /// <paramref name="row"/>; kW taps from column ow·sW + <paramref name="shift"/>, <paramref name="dW"/> apart (the
    /// forward's tap order: depth, row, column). <paramref name="output"/> and <paramref name="indices"/> are the row's
    /// first output. Returns the first output left to the scalar loop.
    /// </summary>
    public static int Row<TIndex>(ref float plane, int inPlane, int row, int kD, int sliceStep, int kH, int rowStep, int kW, int dW, int sW, int shift, bool max,
        int ow, int endW, ref float output, ref TIndex indices)
        where TIndex : unmanaged
    {
        if (inPlane >= 1 << 24 || sW is < 1 or > 2 || (typeof(TIndex) != typeof(int) && typeof(TIndex) != typeof(long))) return ow;
        var window = new Window(row, kD, sliceStep, kH, rowStep, kW, dW, sW, shift, inPlane, max);
        // The widest width whose step the row holds (each ends with a step overlapping the one before).
        int outputs = endW - ow;
        if (Simd512<float>.IsAccelerated && outputs >= Simd512<float>.Count) return Row<Simd512<float>, Vector512<float>, TIndex>(ref plane, in window, ow, endW, ref output, ref indices);
        if (Simd256<float>.IsAccelerated && outputs >= Simd256<float>.Count) return Row<Simd256<float>, Vector256<float>, TIndex>(ref plane, in window, ow, endW, ref output, ref indices);
        if (Simd128<float>.IsAccelerated && outputs >= Simd128<float>.Count) return Row<Simd128<float>, Vector128<float>, TIndex>(ref plane, in window, ow, endW, ref output, ref indices);
        return ow;
    }

    private readonly record struct Window(int Row, int KD, int SliceStep, int KH, int RowStep, int KW, int DW, int SW, int Shift, int InPlane, bool Max);

    private static int Row<V, TV, TIndex>(ref float plane, in Window w, int ow, int endW, ref float output, ref TIndex indices)
        where V : IIndexedTaps<TV, float>
        where TV : struct
        where TIndex : unmanaged
    {
        int n = V.Count;
        if (!V.IsAccelerated || 2 * n > Iota.Length || endW - ow < n) return ow;
        ref float iota = ref MemoryMarshal.GetArrayDataReference(Iota);
        TV lanes;   // lane j's column offset in this width's lane order: j (stride 1) or 2j (stride 2, as Deinterleave orders it)
        if (w.SW == 1) lanes = V.Load(ref iota, 0);
        else V.Deinterleave(ref iota, 0, out lanes, out _);
        if (w.SW == 2 && w.DW == 1 && w.KD == 1 && w.KW is 2 or 3) return StrideTwo<V, TV, TIndex>(ref plane, in w, lanes, ow, endW, ref output, ref indices);
        for (int last = endW - n; ; ow += n)
        {
            // The row's last step ends at endW, overlapping outputs already written (recomputed to the same values).
            if (ow > last)
            {
                if (ow == endW) break;
                ow = last;
            }
            int column = ow * w.SW + w.Shift;
            // A stride-2 load reads 2·Count elements: from the tap (its even lanes) while that stays inside the plane, else
            // from one before it (its odd lanes) — impossible only for a tap at the plane's start in a plane under 2·Count.
            if (w.SW == 2 && w.Row + column == 0 && 2 * n - 1 >= w.InPlane) break;
            TV best = default, bestIndex = default;
            bool first = true;
            for (int d = 0; d < w.KD; d++)
            for (int a = 0; a < w.KH; a++)
            {
                for (int k = 0; k < w.KW; k++)
                {
                    int p = w.Row + d * w.SliceStep + a * w.RowStep + column + k * w.DW;
                    TV value;
                    if (w.SW == 1) value = V.Load(ref plane, p);
                    else if (p + 2 * n - 1 < w.InPlane) V.Deinterleave(ref plane, p, out value, out _);
                    else V.Deinterleave(ref plane, p - 1, out _, out value);
                    TV index = V.Add(V.Broadcast(p), lanes);
                    if (first)
                    {
                        (best, bestIndex, first) = (value, index, false);
                        continue;
                    }
                    TV replace = V.Replaces(value, best, w.Max);
                    best = V.Select(replace, value, best);
                    bestIndex = V.Select(replace, index, bestIndex);
                }
            }
            if (w.SW == 2)
            {
                best = V.RestoreOrder(best);
                bestIndex = V.RestoreOrder(bestIndex);
            }
            V.Store(best, ref output, ow);
            V.StoreIndices(bestIndex, ref indices, ow);
        }
        return ow;
    }

    // Stride 2 with two or three adjacent taps a row: each row of the window is loaded once a step and split into the
    // columns 2j, 2j + 1 and 2j + 2 of every lane (StrideTwoTaps), its taps taken left to right by PyTorch's rule, then
    // the rows' results top to bottom by the same rule (which gives the row-major result: see Window below). Every load
    // lies on a tap of an interior window: the last lane's last tap ends the row's run (column 2·Count for three taps,
    // 2·Count − 1 for two).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int StrideTwo<V, TV, TIndex>(ref float plane, in Window w, TV lanes, int ow, int endW, ref float output, ref TIndex indices)
        where V : IIndexedTaps<TV, float>
        where TV : struct
        where TIndex : unmanaged
    {
        int n = V.Count;
        TV one = V.Broadcast(1f), two = V.Broadcast(2f);
        bool three = w.KW == 3;
        for (int last = endW - n; ; ow += n)
        {
            if (ow > last)
            {
                if (ow == endW) break;
                ow = last;
            }
            int start = w.Row + 2 * ow + w.Shift;
            // First as if no tap were NaN (a strict compare alone is then PyTorch's rule); the loads' sum tells whether one
            // was (or an infinity met its opposite), and that rare step is taken again with the full rule. Stored before the
            // check, so nothing of the fast path is live across the second pass.
            TV check = V.Zero;
            TV best = Window(ref plane, w, start, lanes, one, two, three, nan: false, ref check, out TV bestIndex);
            V.Store(V.RestoreOrder(best), ref output, ow);
            V.StoreIndices(V.RestoreOrder(bestIndex), ref indices, ow);
            if (V.HasNaN(check))
            {
                best = Window(ref plane, w, start, lanes, one, two, three, nan: true, ref check, out bestIndex);
                V.Store(V.RestoreOrder(best), ref output, ow);
                V.StoreIndices(V.RestoreOrder(bestIndex), ref indices, ow);
            }
        }
        return endW;

        // Each row's taps reduced on their own, then the rows in order: the rule keeps the first of equal values and the last
        // NaN, so a row's result replaces the ones above it exactly when its winning tap would have replaced them one by one
        // — and the rows' chains of compares run side by side.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static TV Window(ref float plane, in Window w, int start, TV lanes, TV one, TV two, bool three, bool nan, ref TV check, out TV bestIndex)
        {
            TV best = RowTaps(ref plane, start, lanes, one, two, three, w.Max, nan, ref check, out bestIndex);
            for (int a = 1; a < w.KH; a++)
            {
                TV rowBest = RowTaps(ref plane, start + a * w.RowStep, lanes, one, two, three, w.Max, nan, ref check, out TV rowIndex);
                Take(ref best, ref bestIndex, rowBest, rowIndex, w.Max, nan);
            }
            return best;
        }

        // One row's two or three taps from plane offset p, in order from the first; its taps added to check.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static TV RowTaps(ref float plane, int p, TV lanes, TV one, TV two, bool three, bool max, bool nan, ref TV check, out TV index)
        {
            TV even, odd, next = default;
            if (three)
            {
                TV edge = V.Broadcast(Unsafe.Add(ref plane, p + 2 * V.Count));
                V.StrideTwoTaps(V.Load(ref plane, p), V.Load(ref plane, p + V.Count), edge, out even, out odd, out next);
                check = V.Add(check, edge);
            }
            else V.Deinterleave(ref plane, p, out even, out odd);
            check = V.Add(check, V.Add(even, odd));   // the row's run again, in lane order: a NaN among it shows either way
            TV best = even;
            index = V.Add(V.Broadcast(p), lanes);
            TV first = index;
            Take(ref best, ref index, odd, V.Add(first, one), max, nan);
            if (three) Take(ref best, ref index, next, V.Add(first, two), max, nan);
            return best;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static void Take(ref TV best, ref TV bestIndex, TV value, TV index, bool max, bool nan)
        {
            TV replace = nan ? V.Replaces(value, best, max) : V.Exceeds(value, best, max);
            best = V.Select(replace, value, best);
            bestIndex = V.Select(replace, index, bestIndex);
        }
    }
}
