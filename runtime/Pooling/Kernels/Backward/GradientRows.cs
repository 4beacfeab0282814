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
        T[]? rented = null;
        Span<T> delta = outW * Unsafe.SizeOf<T>() <= 2048 ? stackalloc T[outW] : (rented = ArrayPool<T>.Shared.Rent(outW)).AsSpan(0, outW);
        T two = T.One + T.One;
        for (int oh = 0; oh < outH; oh++)
        {
            var row = gradOutput.Slice(oh * outW, outW);
            int w = 0;
            if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
            {
                var d = new Vector<T>(divisor);
                var half = new Vector<T>(two);
                for (; w + Vector<T>.Count <= outW; w += Vector<T>.Count)
                {
                    var g = new Vector<T>(row.Slice(w));
                    (Vector<T>.Zero + (halveTwice ? g / half / half : g / d)).CopyTo(delta.Slice(w));
                }
            }
            for (; w < outW; w++) delta[w] = T.Zero + (halveTwice ? row[w] / two / two : row[w] / divisor);
            var top = gradInput.Slice(2 * oh * inW, 2 * outW);
            NearestRows.DoubleRow<T>(delta, top);
            top.CopyTo(gradInput.Slice((2 * oh + 1) * inW, 2 * outW));
        }
        if (rented is not null) ArrayPool<T>.Shared.Return(rented);
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
}
