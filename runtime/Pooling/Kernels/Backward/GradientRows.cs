using System;
using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Pooling.Kernels.Backward;

/// <summary>
/// Vector paths for the gradients whose windows tile the plane by exactly 2 (NCHW), each the same operations in the same
/// order as the scalar kernels (so PyTorch's bits): <see cref="SpreadDoubled{T}"/> for average pooling k2s2 and adaptive
/// average pooling to half the extents, each gradient divided and written to its 2 × 2 inputs; <see cref="SumQuads{T}"/>
/// for nearest ×2, each input the sum of its 2 × 2 outputs in row-major order.
/// </summary>
public static class GradientRows
{
    /// <summary>
    /// One plane: every output's <c>0 + g / divisor</c> (or <c>0 + g / 2 / 2</c> with <paramref name="halveTwice"/>, adaptive
    /// pooling's per-axis divisions) written to the 2 × 2 inputs of its window; inputs no window covers (an odd last row or
    /// column) are zero. The <c>0 +</c> is PyTorch's accumulation into a zeroed gradient: it turns −0.0 into +0.0.
    /// </summary>
    public static void SpreadDoubled<T>(ReadOnlySpan<T> gradOutput, Span<T> gradInput, int inH, int inW, int outH, int outW, T divisor, bool halveTwice)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if ((long)outH * outW > gradOutput.Length || (long)inH * inW > gradInput.Length || 2 * outH > inH || 2 * outW > inW)
            throw new ArgumentException("The windows do not tile the plane.", nameof(gradOutput));
        if (2 * outH != inH || 2 * outW != inW) gradInput.Slice(0, inH * inW).Clear();
        // Rows in blocks of about 2,048 outputs: the divisions over the block on vectors, the block's rows doubled in one
        // pass (short rows too), then each doubled row stored as its window's two input rows.
        int block = Math.Max(1, Math.Min(outH, 2048 / Math.Max(1, outW)));
        T[] buffer = ArrayPool<T>.Shared.Rent(3 * block * outW);
        T two = T.One + T.One;
        try
        {
            for (int first = 0; first < outH; first += block)
            {
                int rows = Math.Min(block, outH - first), count = rows * outW;
                var source = gradOutput.Slice(first * outW, count);
                var delta = buffer.AsSpan(0, count);
                var doubled = buffer.AsSpan(count, 2 * count);
                int w = 0;
                if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
                {
                    var d = new Vector<T>(divisor);
                    var half = new Vector<T>(two);
                    for (; w + Vector<T>.Count <= count; w += Vector<T>.Count)
                    {
                        var g = new Vector<T>(source.Slice(w));
                        (Vector<T>.Zero + (halveTwice ? g / half / half : g / d)).CopyTo(delta.Slice(w));
                    }
                }
                for (; w < count; w++) delta[w] = T.Zero + (halveTwice ? source[w] / two / two : source[w] / divisor);
                NearestRows.DoubleRow<T>(delta, doubled);
                for (int r = 0; r < rows; r++)
                {
                    var row = doubled.Slice(2 * r * outW, 2 * outW);
                    int oh = first + r;
                    row.CopyTo(gradInput.Slice(2 * oh * inW, 2 * outW));
                    row.CopyTo(gradInput.Slice((2 * oh + 1) * inW, 2 * outW));
                }
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// One plane of nearest ×2's gradient: input (h, w) is <c>((0 + g[2h, 2w]) + g[2h, 2w+1]) + g[2h+1, 2w]) + g[2h+1, 2w+1]</c>,
    /// its four outputs in PyTorch's row-major order. <paramref name="gradOutput"/> is (2·inH) × (2·inW).
    /// </summary>
    public static void SumQuads<T>(ReadOnlySpan<T> gradOutput, Span<T> gradInput, int inH, int inW)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int outW = 2 * inW;
        if ((long)4 * inH * inW > gradOutput.Length || (long)inH * inW > gradInput.Length)
            throw new ArgumentException("The output plane must be twice the input plane on both axes.", nameof(gradOutput));
        T[]? rented = null;
        Span<T> quads = 4 * inW * Unsafe.SizeOf<T>() <= 4096 ? stackalloc T[4 * inW] : (rented = ArrayPool<T>.Shared.Rent(4 * inW)).AsSpan(0, 4 * inW);
        Span<T> e0 = quads.Slice(0, inW), o0 = quads.Slice(inW, inW), e1 = quads.Slice(2 * inW, inW), o1 = quads.Slice(3 * inW, inW);
        for (int h = 0; h < inH; h++)
        {
            ShuffleRows.Deinterleave(gradOutput.Slice(2 * h * outW, outW), e0, o0);
            ShuffleRows.Deinterleave(gradOutput.Slice((2 * h + 1) * outW, outW), e1, o1);
            var target = gradInput.Slice(h * inW, inW);
            int w = 0;
            if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
            {
                for (; w + Vector<T>.Count <= inW; w += Vector<T>.Count)
                    (Vector<T>.Zero + new Vector<T>(e0.Slice(w)) + new Vector<T>(o0.Slice(w)) + new Vector<T>(e1.Slice(w)) + new Vector<T>(o1.Slice(w))).CopyTo(target.Slice(w));
            }
            for (; w < inW; w++) target[w] = T.Zero + e0[w] + o0[w] + e1[w] + o1[w];
        }
        if (rented is not null) ArrayPool<T>.Shared.Return(rented);
    }

    /// <summary>
    /// Whether bilinear column tables are ×2 without aligned corners on a row of <paramref name="inW"/> ≥ 5 inputs: every
    /// output 2j − 1, 2j, 2j + 1, 2j + 2 of an interior input j (2 ≤ j ≤ inW − 3) reaches it with weights ¼, ¾, ¾, ¼.
    /// </summary>
    public static bool IsLinearDoubling<T>(ReadOnlySpan<int> columns, ReadOnlySpan<T> weights, int inW, int outW)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (inW < 5 || outW != 2 * inW || columns.Length < 2 * outW || weights.Length < 2 * outW) return false;
        T quarter = T.One / (T.One + T.One + T.One + T.One), threeQuarters = T.One - quarter;
        for (int ow = 3; ow <= outW - 4; ow++)
        {
            int i0 = (ow - 1) >> 1;
            T w1 = (ow & 1) == 1 ? quarter : threeQuarters;
            if (columns[2 * ow] != i0 || columns[2 * ow + 1] != i0 + 1 || weights[2 * ow + 1] != w1 || weights[2 * ow] != T.One - w1) return false;
        }
        return true;
    }

    /// <summary>
    /// One output row's share of a ×2 bilinear gradient added to one input row: every input j receives
    /// <c>fma(wh·ww, g[ow], acc)</c> from its outputs in order (PyTorch's), <paramref name="rowWeight"/> = wh. Interior
    /// inputs take vectors over the row split into even and odd outputs; the two inputs at each end, whose outputs the
    /// clamped tables give other weights (and, at the start, a weight-0 tap), go output by output through the tables.
    /// </summary>
    public static void AddDoubledRow<T>(ReadOnlySpan<T> gradRow, ReadOnlySpan<T> even, ReadOnlySpan<T> odd, Span<T> target, T rowWeight,
        ReadOnlySpan<int> columns, ReadOnlySpan<T> weights)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int inW = target.Length, outW = gradRow.Length;
        T quarter = T.One / (T.One + T.One + T.One + T.One);
        T c0 = rowWeight * quarter, c1 = rowWeight * (T.One - quarter);
        int j = 2, last = inW - 3;   // interior inputs [2, inW − 3]
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported && even.Length >= inW && odd.Length >= inW)
        {
            var v0 = new Vector<T>(c0);
            var v1 = new Vector<T>(c1);
            ref T e = ref MemoryMarshal.GetReference(even);
            ref T o = ref MemoryMarshal.GetReference(odd);
            ref T t = ref MemoryMarshal.GetReference(target);
            // Loads reach even[j + Count] at most: inside the row while j + Count ≤ last + 1 < inW.
            for (; j + Vector<T>.Count - 1 <= last; j += Vector<T>.Count)
            {
                var acc = Vector.LoadUnsafe(ref t, (nuint)j);
                acc = Fma(v0, Vector.LoadUnsafe(ref o, (nuint)(j - 1)), acc);
                acc = Fma(v1, Vector.LoadUnsafe(ref e, (nuint)j), acc);
                acc = Fma(v1, Vector.LoadUnsafe(ref o, (nuint)j), acc);
                acc = Fma(v0, Vector.LoadUnsafe(ref e, (nuint)(j + 1)), acc);
                acc.StoreUnsafe(ref t, (nuint)j);
            }
        }
        for (; j <= last; j++)
        {
            T acc = target[j];
            acc = T.FusedMultiplyAdd(c0, odd[j - 1], acc);
            acc = T.FusedMultiplyAdd(c1, even[j], acc);
            acc = T.FusedMultiplyAdd(c1, odd[j], acc);
            target[j] = T.FusedMultiplyAdd(c0, even[j + 1], acc);
        }
        // The ends: outputs in order, each tap that lands on an end input.
        for (int ow = 0; ow < outW; ow = ow == 4 && outW - 5 > 5 ? outW - 5 : ow + 1)   // outputs 5 … outW − 6 reach interior inputs only
        {
            for (int b = 0; b < 2; b++)
            {
                int i = columns[2 * ow + b];
                if (i < 2 || i > last) target[i] = T.FusedMultiplyAdd(rowWeight * weights[2 * ow + b], gradRow[ow], target[i]);
            }
        }
    }

    // (a · b) + c rounded once, lane by lane (Vector.FusedMultiplyAdd, which is fused on every CPU).
    private static Vector<T> Fma<T>(Vector<T> a, Vector<T> b, Vector<T> c) where T : unmanaged
    {
        if (typeof(T) == typeof(float))
            return Vector.FusedMultiplyAdd(Vector.As<T, float>(a), Vector.As<T, float>(b), Vector.As<T, float>(c)).As<float, T>();
        return Vector.FusedMultiplyAdd(Vector.As<T, double>(a), Vector.As<T, double>(b), Vector.As<T, double>(c)).As<double, T>();
    }
}
