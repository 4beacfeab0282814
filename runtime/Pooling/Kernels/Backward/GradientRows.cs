using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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
    /// Each output row is read once and its two input rows written once, on the widest vectors that fit (<see cref="SpreadRows"/>).
    /// </summary>
    public static void SpreadDoubled<T>(ReadOnlySpan<T> gradOutput, Span<T> gradInput, int inH, int inW, int outH, int outW, int divisor, bool halveTwice)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if ((long)outH * outW > gradOutput.Length || (long)inH * inW > gradInput.Length || 2 * outH > inH || 2 * outW > inW)
            throw new ArgumentException("The windows do not tile the plane.", nameof(gradOutput));
        bool tiled = 2 * outH == inH && 2 * outW == inW;
        if (!tiled) gradInput.Slice(0, inH * inW).Clear();
        var scale = Scale<T>.Of(divisor, halveTwice);
        ref T g = ref MemoryMarshal.GetReference(gradOutput);
        ref T gi = ref MemoryMarshal.GetReference(gradInput);
        var plane = new SpreadPlane(outH, outW, inW, tiled, outH * outW, inH * inW);
        int oh = 0;
        if (Simd512<T>.IsAccelerated) oh = SpreadRows<Simd512<T>, Vector512<T>, T>(ref g, ref gi, plane, scale, oh);
        if (Simd256<T>.IsAccelerated) oh = SpreadRows<Simd256<T>, Vector256<T>, T>(ref g, ref gi, plane, scale, oh);
        if (Simd128<T>.IsAccelerated) oh = SpreadRows<Simd128<T>, Vector128<T>, T>(ref g, ref gi, plane, scale, oh);
        for (; oh < outH; oh++)
        {
            for (int ow = 0; ow < outW; ow++)
            {
                T value = T.Zero + scale.Apply(gradOutput[oh * outW + ow]);
                int at = 2 * oh * inW + 2 * ow;
                gradInput[at] = gradInput[at + 1] = gradInput[at + inW] = gradInput[at + inW + 1] = value;
            }
        }
    }

    // g / divisor as PyTorch rounds it, scalar and on vectors alike. A power-of-two divisor is a multiplication by its
    // reciprocal, exactly: both round the same real quotient once (the generated average kernels' rule). Halving twice
    // stays two roundings: g·¼ would round a subnormal once where PyTorch rounds it twice.
    private readonly record struct Scale<T>(T Factor, bool Twice, bool Multiplies) where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static Scale<T> Of(int divisor, bool halveTwice)
        {
            bool multiplies = halveTwice || (divisor & (divisor - 1)) == 0;
            T factor = halveTwice ? T.One / (T.One + T.One) : multiplies ? T.One / T.CreateTruncating(divisor) : T.CreateTruncating(divisor);
            return new Scale<T>(factor, halveTwice, multiplies);
        }

        public T Apply(T g) => Twice ? g * Factor * Factor : Multiplies ? g * Factor : g / Factor;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Apply<V, TV>(TV g) where V : ISimd<TV, T> where TV : struct =>
            Twice ? V.Multiply(V.Multiply(g, Factor), Factor) : Multiplies ? V.Multiply(g, Factor) : V.Divide(g, Factor);
    }

    private readonly record struct SpreadPlane(int OutH, int OutW, int InW, bool Tiled, int OutLength, int InLength);

    // Output rows from `oh` on, each as vectors of V.Count gradients: scaled, duplicated and stored to both input rows.
    // When the rows are contiguous (tiled) a row's last vector may run past it — reading the next row's gradients and
    // writing past its two input rows — as long as it stays inside both spans: the vectors go last to first, so what the
    // first input row's last vector writes into the second is written again by the second's first vector, and what
    // runs past the second the next output row writes. Otherwise a row needs V.Count ≤ OutW and ends on a vector
    // overlapping the one before. Returns the first row this width cannot do (left to a narrower one).
    private static int SpreadRows<V, TV, T>(ref T g, ref T gi, SpreadPlane p, Scale<T> scale, int oh)
        where V : ISimd<TV, T>
        where TV : struct
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!V.IsAccelerated) return oh;
        int n = V.Count, last = (p.OutW - 1) / n;   // vectors in a row, less one
        bool lowOnly = p.OutW - last * n <= n / 2;    // a last vector running past the row needs only its low half
        TV zero = V.Zero;
        for (; oh < p.OutH; oh++)
        {
            nint source = (nint)oh * p.OutW, row0 = 2 * (nint)oh * p.InW, row1 = row0 + p.InW;
            bool spill = p.Tiled && source + last * n + n <= p.OutLength && row1 + 2 * last * n + (lowOnly ? n : 2 * n) <= p.InLength;
            if (!spill && p.OutW < n) return oh;
            for (int k = last; k >= 0; k--)
            {
                int w = spill ? k * n : Math.Min(k * n, p.OutW - n);
                var v = V.Load(ref g, source + w);
                v = V.Add(zero, scale.Apply<V, TV>(v));
                V.Duplicate(v, out var low, out var high);
                bool both = !spill || k < last || !lowOnly;
                V.Store(low, ref gi, row0 + 2 * w);
                if (both) V.Store(high, ref gi, row0 + 2 * w + n);
                V.Store(low, ref gi, row1 + 2 * w);
                if (both) V.Store(high, ref gi, row1 + 2 * w + n);
            }
        }
        return oh;
    }

    /// <summary>
    /// One plane of nearest ×2's gradient: input (h, w) is <c>((0 + g[2h, 2w]) + g[2h, 2w+1]) + g[2h+1, 2w]) + g[2h+1, 2w+1]</c>,
    /// its four outputs in PyTorch's row-major order. <paramref name="gradOutput"/> is (2·inH) × (2·inW).
    /// </summary>
    public static void SumQuads<T>(ReadOnlySpan<T> gradOutput, Span<T> gradInput, int inH, int inW)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int outW = 2 * inW;
        if (inH < 0 || inW < 0 || (long)4 * inH * inW > gradOutput.Length || (long)inH * inW > gradInput.Length)
            throw new ArgumentException("The output plane must be twice the input plane on both axes.", nameof(gradOutput));
        ref T source = ref MemoryMarshal.GetReference(gradOutput);
        ref T target = ref MemoryMarshal.GetReference(gradInput);
        for (int h = 0; h < inH; h++)
        {
            nint row0 = (nint)2 * h * outW, row1 = row0 + outW, at = (nint)h * inW;
            int w = 0;
            if (Simd512<T>.IsAccelerated) w = Quads<Simd512<T>, Vector512<T>, T>(ref source, row0, row1, ref target, at, w, inW);
            if (Simd256<T>.IsAccelerated) w = Quads<Simd256<T>, Vector256<T>, T>(ref source, row0, row1, ref target, at, w, inW);
            if (Simd128<T>.IsAccelerated) w = Quads<Simd128<T>, Vector128<T>, T>(ref source, row0, row1, ref target, at, w, inW);
            for (; w < inW; w++)
            {
                nint c = 2 * w;
                Unsafe.Add(ref target, at + w) = T.Zero + Unsafe.Add(ref source, row0 + c) + Unsafe.Add(ref source, row0 + c + 1)
                    + Unsafe.Add(ref source, row1 + c) + Unsafe.Add(ref source, row1 + c + 1);
            }
        }
    }

    // Inputs w … inW − 1 of one row, V.Count a step (the last step overlapping the one before: the same values written
    // again) when at least V.Count remain; returns the first input left. Both output rows are split into even and odd
    // columns in registers; the four sums run lane by lane in the scalar order, then the lanes go back in order.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Quads<V, TV, T>(ref T source, nint row0, nint row1, ref T target, nint at, int w, int inW)
        where V : ISimd<TV, T>
        where TV : struct
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = V.Count;
        if (inW - w < n) return w;
        for (int last = inW - n; ; w += n)
        {
            if (w > last)
            {
                if (w == inW) break;
                w = last;
            }
            V.Deinterleave(ref source, row0 + 2 * w, out TV e0, out TV o0);
            V.Deinterleave(ref source, row1 + 2 * w, out TV e1, out TV o1);
            V.Store(V.RestoreOrder(V.Add(V.Add(V.Add(V.Add(V.Zero, e0), o0), e1), o1)), ref target, at + w);
        }
        return w;
    }
}
