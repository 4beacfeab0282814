using System;
using System.Buffers;
using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Pooling.Kernels;

/// <summary>
/// Bilinear upsampling of one plane, separably: PyTorch blends <c>(x[h0,w0]·ww0 + x[h0,w1]·ww1)·hw0 +
/// (x[h1,w0]·ww0 + x[h1,w1]·ww1)·hw1</c>, and each inner sum depends only on an input row and an output column, so it
/// is computed once per input row into a row buffer (two buffers: the rows h0 and h1 of the current output row, kept
/// while the next output row needs them), then every output row is the vertical blend of two buffers — whole vectors
/// at a time for float and double. The same operations on the same values in the same order: the same bits.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class SeparableLinear
{
    /// <summary>
    /// Output rows [<paramref name="first"/>, <paramref name="end"/>) of a plane. <paramref name="rows"/> and
    /// <paramref name="columns"/> hold each output row's and column's two source offsets (rows already times the input
    /// width), <paramref name="rowWeights"/> and <paramref name="columnWeights"/> their weights, interleaved (k·2, k·2 + 1).
    /// </summary>
    /// <remarks><paramref name="doubleWidth"/>: the width is upsampled by exactly 2 with half-pixel centres (kernel
    /// scale 0.5, align_corners false), so interior column 2m blends x[m−1]·0.25 + x[m]·0.75 and 2m + 1 blends
    /// x[m]·0.75 + x[m+1]·0.25 — the tables' own weights — and the width pass runs as whole vectors.</remarks>
    public static void Plane<T, TMath>(ReadOnlySpan<T> input, Span<T> output, int outWidth,
        ReadOnlySpan<int> rows, ReadOnlySpan<TMath> rowWeights, ReadOnlySpan<int> columns, ReadOnlySpan<TMath> columnWeights, int first, int end,
        bool doubleWidth = false)
        where T : unmanaged, INumberBase<T>
        where TMath : unmanaged, IFloatingPointIeee754<TMath>
    {
        if (columns.Length < 2 * outWidth || columnWeights.Length < 2 * outWidth || rows.Length < 2 * end || rowWeights.Length < 2 * end
            || (long)end * outWidth > output.Length || first < 0)
            throw new ArgumentException("Tables or rows outside the plane.", nameof(end));
        int inWidth = outWidth / 2;
        doubleWidth &= outWidth == 2 * inWidth && inWidth >= 3;
        TMath[] buffer = ArrayPool<TMath>.Shared.Rent(doubleWidth ? 3 * outWidth : 2 * outWidth);
        try
        {
            Span<TMath> a = buffer.AsSpan(0, outWidth), b = buffer.AsSpan(outWidth, outWidth);
            Span<TMath> even = doubleWidth ? buffer.AsSpan(2 * outWidth, inWidth) : default;
            Span<TMath> odd = doubleWidth ? buffer.AsSpan(2 * outWidth + inWidth, inWidth) : default;
            int aRow = -1, bRow = -1;
            for (int oh = first; oh < end; oh++)
            {
                int h0 = rows[2 * oh], h1 = rows[2 * oh + 1];
                if (h0 != aRow)
                {
                    if (h0 == bRow)
                    {
                        // Moving down: the old second row is the new first one.
                        var swap = a;
                        a = b;
                        b = swap;
                        (aRow, bRow) = (bRow, aRow);
                    }
                    else
                    {
                        if (doubleWidth) BlendDouble(input, h0, inWidth, columns, columnWeights, a, even, odd);
                        else Blend(input, h0, columns, columnWeights, a);
                        aRow = h0;
                    }
                }
                if (h1 != bRow)
                {
                    if (doubleWidth) BlendDouble(input, h1, inWidth, columns, columnWeights, b, even, odd);
                    else Blend(input, h1, columns, columnWeights, b);
                    bRow = h1;
                }
                Vertical<T, TMath>(a, b, rowWeights[2 * oh], rowWeights[2 * oh + 1], output.Slice(oh * outWidth, outWidth));
            }
        }
        finally
        {
            ArrayPool<TMath>.Shared.Return(buffer);
        }
    }

    // One input row (at offset 'row') blended along the width: target[ow] = x[w0]·ww0 + x[w1]·ww1.
    private static void Blend<T, TMath>(ReadOnlySpan<T> input, int row, ReadOnlySpan<int> columns, ReadOnlySpan<TMath> weights, Span<TMath> target)
        where T : unmanaged, INumberBase<T>
        where TMath : unmanaged, IFloatingPointIeee754<TMath>
    {
        var source = input.Slice(row);
        for (int ow = 0; ow < target.Length; ow++) target[ow] = Column(source, columns, weights, ow);
    }

    // The width pass for exactly ×2 with half-pixel centres: interior columns as vector blends of three shifted loads
    // (same operands, same order as the tables' x[i0]·w0 + x[i1]·w1), the four edge columns from the tables, then
    // even and odd columns interleaved into the row.
    private static void BlendDouble<T, TMath>(ReadOnlySpan<T> input, int row, int inWidth, ReadOnlySpan<int> columns, ReadOnlySpan<TMath> weights,
        Span<TMath> target, Span<TMath> even, Span<TMath> odd)
        where T : unmanaged, INumberBase<T>
        where TMath : unmanaged, IFloatingPointIeee754<TMath>
    {
        var x = input.Slice(row, inWidth);
        TMath quarter = TMath.CreateTruncating(0.25), threeQuarters = TMath.CreateTruncating(0.75);
        int m = 1;
        if (typeof(T) == typeof(TMath) && Vector.IsHardwareAccelerated)
        {
            ref TMath first = ref MemoryMarshal.GetReference(MemoryMarshal.Cast<T, TMath>(x));
            ref TMath e = ref MemoryMarshal.GetReference(even), o = ref MemoryMarshal.GetReference(odd);
            var q = new Vector<TMath>(quarter);
            var t = new Vector<TMath>(threeQuarters);
            for (; m + Vector<TMath>.Count <= inWidth - 1; m += Vector<TMath>.Count)
            {
                var left = Vector.LoadUnsafe(ref first, (nuint)(m - 1));
                var centre = Vector.LoadUnsafe(ref first, (nuint)m);
                var right = Vector.LoadUnsafe(ref first, (nuint)(m + 1));
                (left * q + centre * t).StoreUnsafe(ref e, (nuint)m);
                (centre * t + right * q).StoreUnsafe(ref o, (nuint)m);
            }
        }
        for (; m < inWidth - 1; m++)
        {
            even[m] = TMath.CreateTruncating(x[m - 1]) * quarter + TMath.CreateTruncating(x[m]) * threeQuarters;
            odd[m] = TMath.CreateTruncating(x[m]) * threeQuarters + TMath.CreateTruncating(x[m + 1]) * quarter;
        }
        var source = input.Slice(row);
        even[0] = Column(source, columns, weights, 0);
        odd[0] = Column(source, columns, weights, 1);
        even[inWidth - 1] = Column(source, columns, weights, 2 * inWidth - 2);
        odd[inWidth - 1] = Column(source, columns, weights, 2 * inWidth - 1);
        ShuffleRows.Interleave<TMath>(even, odd, target);
    }

    // One output column of a row from the tables: x[w0]·ww0 + x[w1]·ww1.
    private static TMath Column<T, TMath>(ReadOnlySpan<T> source, ReadOnlySpan<int> columns, ReadOnlySpan<TMath> weights, int ow)
        where T : unmanaged, INumberBase<T>
        where TMath : unmanaged, IFloatingPointIeee754<TMath> =>
        TMath.CreateTruncating(source[columns[2 * ow]]) * weights[2 * ow] + TMath.CreateTruncating(source[columns[2 * ow + 1]]) * weights[2 * ow + 1];

    // target = a·w0 + b·w1, element by element (as vectors when the element type is the compute type).
    private static void Vertical<T, TMath>(ReadOnlySpan<TMath> a, ReadOnlySpan<TMath> b, TMath w0, TMath w1, Span<T> target)
        where T : unmanaged, INumberBase<T>
        where TMath : unmanaged, IFloatingPointIeee754<TMath>
    {
        int i = 0;
        if (typeof(T) == typeof(TMath) && Vector.IsHardwareAccelerated)
        {
            var out_ = MemoryMarshal.Cast<T, TMath>(target);
            var v0 = new Vector<TMath>(w0);
            var v1 = new Vector<TMath>(w1);
            ref TMath ra = ref MemoryMarshal.GetReference(a), rb = ref MemoryMarshal.GetReference(b), ro = ref MemoryMarshal.GetReference(out_);
            for (; i + Vector<TMath>.Count <= target.Length; i += Vector<TMath>.Count)
            {
                var va = Vector.LoadUnsafe(ref ra, (nuint)i);
                var vb = Vector.LoadUnsafe(ref rb, (nuint)i);
                (va * v0 + vb * v1).StoreUnsafe(ref ro, (nuint)i);
            }
        }
        for (; i < target.Length; i++) target[i] = T.CreateTruncating(a[i] * w0 + b[i] * w1);
    }
}
