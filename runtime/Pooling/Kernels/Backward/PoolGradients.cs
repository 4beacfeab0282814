using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Pooling.Kernels.Backward;

/// <summary>
/// Gradients of the pooling families with respect to their input (docs/semantics.md §12), for the kernels generated from
/// <c>Backward = true</c>. Each call owns the planes [<c>first</c>, <c>end</c>): it zeroes their gradient, then adds each
/// output's gradient to the inputs it came from in PyTorch's CPU order (outputs row-major, a window's taps row-major), so
/// the sums round as PyTorch's do and a parallel split by planes is bit-identical to the serial kernel. Every rank is 3-D
/// with unit leading axes. Channels-last: a plane is one (sample, channel) pair, its pixels <c>channels</c> apart.
/// </summary>
public static class PoolGradients
{
    /// <summary>Max/min pooling and adaptive max pooling from the forward's plane-relative indices: each output's gradient
    /// added at its index (max_pool*_with_indices_backward). An index outside the plane throws, naming <paramref name="indicesName"/>.</summary>
    public static void FromIndices<T, TIndex>(ReadOnlySpan<T> gradOutput, ReadOnlySpan<TIndex> indices, Span<T> gradInput, int inPlane, int outPlane,
        int channels, int first, int end, string indicesName)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TIndex : unmanaged, IBinaryInteger<TIndex>
    {
        for (int plane = first; plane < end; plane++)
        {
            var (inBase, outBase) = Bases(plane, inPlane, outPlane, channels);
            Clear(gradInput, inBase, inPlane, channels);
            if (channels == 1)
            {
                // NCHW: the plane's spans once (their bounds checked here), then one unsigned compare an output; the
                // throw sits after the loop, so the loop keeps nothing alive for it.
                ref T g = ref MemoryMarshal.GetReference(gradOutput.Slice((int)outBase, outPlane));
                var idx = indices.Slice((int)outBase, outPlane);
                ref T target = ref MemoryMarshal.GetReference(gradInput.Slice((int)inBase, inPlane));
                int o = 0;
                for (; o < idx.Length; o++)
                {
                    long index = long.CreateTruncating(idx[o]);
                    if ((ulong)index >= (ulong)inPlane) break;
                    Unsafe.Add(ref target, (nint)index) += Unsafe.Add(ref g, o);
                }
                if (o < idx.Length) ThrowInvalidIndex(indicesName, long.CreateTruncating(idx[o]), inPlane);
                continue;
            }
            for (int o = 0; o < outPlane; o++)
            {
                long at = outBase + (long)o * channels;
                long index = long.CreateTruncating(indices[(int)at]);
                if ((ulong)index >= (ulong)inPlane) ThrowInvalidIndex(indicesName, index, inPlane);
                gradInput[(int)(inBase + index * channels)] += gradOutput[(int)at];
            }
        }
    }

    /// <summary>
    /// <see cref="FromIndices{T, TIndex}"/> for 2 × 2 windows at stride 2 without padding or dilation (NCHW, 2-D): an input
    /// lies in one window only, so its gradient is <c>0 + g</c> of its window where the window's index points at it, and
    /// +0 elsewhere (the scatter's zeroed sum) — each input written once, on vectors, instead of a zeroed plane and a
    /// read-modify-write per output. Used while every index of the plane lies inside its own window, as the forward's do;
    /// a plane with any other index (legal for PyTorch: the scatter adds it wherever it points), a geometry other than
    /// 2·out ≤ in, or no 256-bit vectors, takes <see cref="FromIndices{T, TIndex}"/>, which also names a bad index.
    /// </summary>
    public static void FromIndicesHalved<T, TIndex>(ReadOnlySpan<T> gradOutput, ReadOnlySpan<TIndex> indices, Span<T> gradInput,
        int inH, int inW, int outH, int outW, int first, int end, string indicesName)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TIndex : unmanaged, IBinaryInteger<TIndex>
    {
        int inPlane = inH * inW, outPlane = outH * outW;
        bool halved = typeof(T) == typeof(float) && typeof(TIndex) == typeof(long) && Vector256.IsHardwareAccelerated
            && outH >= 1 && outW >= 8 && 2L * outH <= inH && 2L * outW <= inW;
        if (halved && (first < 0 || first > end || (long)end * outPlane > gradOutput.Length || (long)end * outPlane > indices.Length
            || (long)end * inPlane > gradInput.Length))
            throw new ArgumentException("The planes do not fit the buffers.", nameof(gradInput));
        for (int plane = first; plane < end; plane++)
        {
            if (halved && SelectHalved(MemoryMarshal.Cast<T, float>(gradOutput.Slice(plane * outPlane, outPlane)),
                    MemoryMarshal.Cast<TIndex, long>(indices.Slice(plane * outPlane, outPlane)),
                    MemoryMarshal.Cast<T, float>(gradInput.Slice(plane * inPlane, inPlane)), inH, inW, outH, outW))
                continue;
            FromIndices(gradOutput, indices, gradInput, inPlane, outPlane, 1, plane, plane + 1, indicesName);
        }
    }

    // One plane of FromIndicesHalved on 256-bit vectors, eight outputs a step (the row's last step overlapping the one
    // before); false, with the plane partly written, as soon as an index lies outside its window.
    private static bool SelectHalved(ReadOnlySpan<float> gradOutput, ReadOnlySpan<long> indices, Span<float> gradInput, int inH, int inW, int outH, int outW)
    {
        ref float g = ref MemoryMarshal.GetReference(gradOutput);
        ref long index = ref MemoryMarshal.GetReference(indices);
        ref float target = ref MemoryMarshal.GetReference(gradInput);
        // Lane j's window starts 2j columns on; an index is one of its four inputs when its offset from there is 0, 1,
        // inW or inW + 1 (its upper 32 bits checked zero first, so a far index never narrows onto a near one).
        Vector256<long> lanes = Vector256.Create(0L, 2, 4, 6), lanesHigh = Vector256.Create(8L, 10, 12, 14);
        var high = Vector256.Create(unchecked((long)0xFFFF_FFFF_0000_0000));
        Vector256<int> right = Vector256<int>.One, below = Vector256.Create(inW), diagonal = Vector256.Create(inW + 1);
        for (int oh = 0; oh < outH; oh++)
        {
            nint row0 = (nint)2 * oh * inW, row1 = row0 + inW, o = (nint)oh * outW;
            for (int ow = 0, lastStep = outW - 8; ; ow += 8)
            {
                if (ow > lastStep)
                {
                    if (ow == outW) break;
                    ow = lastStep;
                }
                var start = Vector256.Create((long)(row0 + 2 * ow));
                var d0 = Vector256.LoadUnsafe(ref index, (nuint)(o + ow)) - (start + lanes);
                var d1 = Vector256.LoadUnsafe(ref index, (nuint)(o + ow + 4)) - (start + lanesHigh);
                if (((d0 | d1) & high) != Vector256<long>.Zero) return false;   // negative, or too far to narrow
                var d = Vector256.Narrow(d0, d1);
                var nw = Vector256.Equals(d, Vector256<int>.Zero).AsSingle();
                var ne = Vector256.Equals(d, right).AsSingle();
                var sw = Vector256.Equals(d, below).AsSingle();
                var se = Vector256.Equals(d, diagonal).AsSingle();
                if (!Vector256.EqualsAll((nw | ne | sw | se).AsInt32(), Vector256<int>.AllBitsSet)) return false;
                var value = Vector256<float>.Zero + Vector256.LoadUnsafe(ref g, (nuint)(o + ow));
                Simd256<float>.Interleave(value & nw, value & ne, out var top0, out var top1);
                Simd256<float>.Interleave(value & sw, value & se, out var bottom0, out var bottom1);
                nint c = 2 * ow;
                top0.StoreUnsafe(ref target, (nuint)(row0 + c));
                top1.StoreUnsafe(ref target, (nuint)(row0 + c + 8));
                bottom0.StoreUnsafe(ref target, (nuint)(row1 + c));
                bottom1.StoreUnsafe(ref target, (nuint)(row1 + c + 8));
            }
            // Columns past the last window (an odd width): no window covers them.
            for (int c = 2 * outW; c < inW; c++) Unsafe.Add(ref target, row0 + c) = Unsafe.Add(ref target, row1 + c) = 0f;
        }
        // Rows past the last window (an odd height).
        gradInput.Slice(2 * outH * inW).Clear();
        return true;
    }

    /// <summary>
    /// Max (or min) pooling without indices: each window's extremum found again from <paramref name="input"/> exactly as the
    /// forward finds it (padding never wins, NaN propagates and the last NaN's index is kept, ties keep the first tap), then
    /// its gradient added there. Window geometry per axis (depth, height, width): kernel, stride, padding before, dilation.
    /// </summary>
    public static void Extremum<T>(ReadOnlySpan<T> input, ReadOnlySpan<T> gradOutput, Span<T> gradInput, bool max,
        int inD, int inH, int inW, int outD, int outH, int outW,
        int kD, int kH, int kW, int sD, int sH, int sW, int pD, int pH, int pW, int dD, int dH, int dW,
        int channels, int first, int end)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int inPlane = inD * inH * inW, outPlane = outD * outH * outW;
        for (int plane = first; plane < end; plane++)
        {
            var (inBase, outBase) = Bases(plane, inPlane, outPlane, channels);
            Clear(gradInput, inBase, inPlane, channels);
            int o = 0;
            for (int od = 0; od < outD; od++)
            {
                var (d0, d1) = Taps(od, sD, pD, kD, dD, inD);
                for (int oh = 0; oh < outH; oh++)
                {
                    var (h0, h1) = Taps(oh, sH, pH, kH, dH, inH);
                    for (int ow = 0; ow < outW; ow++, o++)
                    {
                        var (w0, w1) = Taps(ow, sW, pW, kW, dW, inW);
                        if (d0 >= d1 || h0 >= h1 || w0 >= w1) continue;    // a window of padding only has no input to reach
                        long best = ArgExtremum(input, inBase, channels, max, inH, inW, d0, d1, dD, h0, h1, dH, w0, w1, dW);
                        gradInput[(int)(inBase + best * channels)] += gradOutput[(int)(outBase + (long)o * channels)];
                    }
                }
            }
        }
    }

    /// <summary>
    /// Average pooling (avg_pool*_backward): each output's gradient divided by its window's divisor — the override, or the
    /// taps inside the padded extent (count_include_pad), or the taps inside the input — added to each tap inside the input.
    /// <paramref name="pD"/>… pad before an axis, <paramref name="eD"/>… after it (PyTorch: the same).
    /// </summary>
    public static void Average<T>(ReadOnlySpan<T> gradOutput, Span<T> gradInput,
        int inD, int inH, int inW, int outD, int outH, int outW,
        int kD, int kH, int kW, int sD, int sH, int sW, int pD, int pH, int pW, int eD, int eH, int eW, int dD, int dH, int dW,
        bool countIncludePad, int divisorOverride, int channels, int first, int end)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int inPlane = inD * inH * inW, outPlane = outD * outH * outW;
        // 2 × 2 windows tiling the plane (no padding, none reaching past it): a divisor of 4 everywhere, on vectors.
        if (channels == 1 && outD == 1 && inD == 1 && kH == 2 && kW == 2 && sH == 2 && sW == 2 && pH + eH + pW + eW == 0 && dH == 1 && dW == 1
            && 2 * outH <= inH && 2 * outW <= inW)
        {
            int divisor = divisorOverride != 0 ? divisorOverride : 4;
            if (2 * outH == inH && 2 * outW == inW)
            {
                // Whole planes tiled: the planes' rows are one tall plane's.
                GradientRows.SpreadDoubled(gradOutput.Slice(first * outPlane, (end - first) * outPlane), gradInput.Slice(first * inPlane, (end - first) * inPlane),
                    (end - first) * inH, inW, (end - first) * outH, outW, divisor, halveTwice: false);
                return;
            }
            for (int plane = first; plane < end; plane++)
                GradientRows.SpreadDoubled(gradOutput.Slice(plane * outPlane, outPlane), gradInput.Slice(plane * inPlane, inPlane), inH, inW, outH, outW, divisor, halveTwice: false);
            return;
        }
        for (int plane = first; plane < end; plane++)
        {
            var (inBase, outBase) = Bases(plane, inPlane, outPlane, channels);
            Clear(gradInput, inBase, inPlane, channels);
            int o = 0;
            for (int od = 0; od < outD; od++)
            {
                var (d0, d1, dPool) = AverageTaps(od, sD, pD, eD, kD, dD, inD);
                for (int oh = 0; oh < outH; oh++)
                {
                    var (h0, h1, hPool) = AverageTaps(oh, sH, pH, eH, kH, dH, inH);
                    for (int ow = 0; ow < outW; ow++, o++)
                    {
                        var (w0, w1, wPool) = AverageTaps(ow, sW, pW, eW, kW, dW, inW);
                        if (d0 >= d1 || h0 >= h1 || w0 >= w1) continue;
                        long divisor = divisorOverride != 0 ? divisorOverride
                            : countIncludePad ? (long)dPool * hPool * wPool
                            : (long)Count(d0, d1, dD) * Count(h0, h1, dH) * Count(w0, w1, dW);
                        T delta = gradOutput[(int)(outBase + (long)o * channels)] / T.CreateTruncating(divisor);
                        for (int id = d0; id < d1; id += dD)
                        for (int ih = h0; ih < h1; ih += dH)
                        for (int iw = w0; iw < w1; iw += dW)
                            gradInput[(int)(inBase + (((long)id * inH + ih) * inW + iw) * channels)] += delta;
                    }
                }
            }
        }
    }

    /// <summary>
    /// LpPool (PyTorch's composite, docs/semantics.md §4): the autograd of <c>y = (sign(m)·relu(|m|)·K)^(1/p)</c>,
    /// <c>m = avg_pool(x^p)</c>, step by step as PyTorch's backward runs it — <c>g·((1/p)·z^(1/p − 1))·K</c> for each window
    /// (0 where m is 0: relu's gradient), spread over the window by <see cref="Average{T}"/>'s divisor and order, then each
    /// input's sum times <c>p·x^(p − 1)</c>. Powers are <see cref="PoolingMath.LpPower(float, double)"/>'s (ATen's special
    /// cases; SLEEF's pow elsewhere is within an ulp, not bit-equal), so this is equal to PyTorch within rounding, not to the bit.
    /// </summary>
    public static void Lp<T>(ReadOnlySpan<T> input, ReadOnlySpan<T> gradOutput, Span<T> gradInput, double normType, int kernelVolume,
        int inD, int inH, int inW, int outD, int outH, int outW, int kD, int kH, int kW, int sD, int sH, int sW, int channels, int first, int end)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int inPlane = inD * inH * inW, outPlane = outD * outH * outW;
        T volume = T.CreateTruncating(kernelVolume), exponent = T.CreateTruncating(1.0 / normType), p = T.CreateTruncating(normType);
        // Each window's gradient, laid out as gradOutput (only these planes' entries are written and read); then avg_pool's
        // backward spreads them; then pow's backward.
        T[] rented = System.Buffers.ArrayPool<T>.Shared.Rent(gradOutput.Length);
        var windows = rented.AsSpan(0, gradOutput.Length);
        for (int plane = first; plane < end; plane++)
        {
            var (inBase, outBase) = Bases(plane, inPlane, outPlane, channels);
            int o = 0;
            for (int od = 0; od < outD; od++)
            {
                var (d0, d1, _) = AverageTaps(od, sD, 0, 0, kD, 1, inD);
                for (int oh = 0; oh < outH; oh++)
                {
                    var (h0, h1, _) = AverageTaps(oh, sH, 0, 0, kH, 1, inH);
                    for (int ow = 0; ow < outW; ow++, o++)
                    {
                        var (w0, w1, _) = AverageTaps(ow, sW, 0, 0, kW, 1, inW);
                        // The forward's window mean of x^p, as avg_pool computes it (the sum in T, one division).
                        T sum = T.Zero;
                        for (int id = d0; id < d1; id++)
                        for (int ih = h0; ih < h1; ih++)
                        for (int iw = w0; iw < w1; iw++)
                            sum += Power(input[(int)(inBase + (((long)id * inH + ih) * inW + iw) * channels)], normType);
                        T mean = sum / T.CreateTruncating((long)(d1 - d0) * (h1 - h0) * (w1 - w0));
                        int at = (int)(outBase + (long)o * channels);
                        T z = (T.IsZero(mean) ? T.Zero : mean) * volume;
                        windows[at] = T.IsZero(mean) ? T.Zero : gradOutput[at] * (exponent * Power(z, 1.0 / normType - 1)) * volume;
                    }
                }
            }
        }
        Average<T>(windows, gradInput, inD, inH, inW, outD, outH, outW, kD, kH, kW, sD, sH, sW, 0, 0, 0, 0, 0, 0, 1, 1, 1,
            countIncludePad: true, divisorOverride: 0, channels, first, end);
        System.Buffers.ArrayPool<T>.Shared.Return(rented);
        for (int plane = first; plane < end; plane++)
        {
            var (inBase, _) = Bases(plane, inPlane, outPlane, channels);
            for (int i = 0; i < inPlane; i++)
            {
                int at = (int)(inBase + (long)i * channels);
                gradInput[at] *= p * Power(input[at], normType - 1);
            }
        }
    }

    // x.pow(e) as ATen's tensor-scalar pow computes it (its special cases exact, the rest the platform's pow).
    private static T Power<T>(T x, double e) where T : unmanaged, IFloatingPointIeee754<T> =>
        typeof(T) == typeof(float) ? T.CreateTruncating(PoolingMath.LpPower(float.CreateTruncating(x), e))
        : T.CreateTruncating(PoolingMath.LpPower(double.CreateTruncating(x), e));

    /// <summary>Adaptive average pooling (and global average pooling, area upsampling): each output's gradient divided by
    /// its window's extent along each axis in turn (PyTorch: <c>grad / kd / kh / kw</c>), added to each input of the window.
    /// A single bin is PyTorch's <c>mean()</c>, whose gradient divides once by the plane's size.</summary>
    public static void AdaptiveAverage<T>(ReadOnlySpan<T> gradOutput, Span<T> gradInput, int rank,
        int inD, int inH, int inW, int outD, int outH, int outW, int channels, int first, int end)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int inPlane = inD * inH * inW, outPlane = outD * outH * outW;
        // Bins of exactly 2 × 2 (the input twice the output): g / 2 / 2 to each, on vectors.
        if (channels == 1 && rank == 2 && inH == 2 * outH && inW == 2 * outW && outPlane > 1)
        {
            // The planes' rows are one tall plane's, tiled by 2 × 2 bins.
            GradientRows.SpreadDoubled(gradOutput.Slice(first * outPlane, (end - first) * outPlane), gradInput.Slice(first * inPlane, (end - first) * inPlane),
                (end - first) * inH, inW, (end - first) * outH, outW, 1, halveTwice: true);
            return;
        }
        for (int plane = first; plane < end; plane++)
        {
            var (inBase, outBase) = Bases(plane, inPlane, outPlane, channels);
            Clear(gradInput, inBase, inPlane, channels);
            int o = 0;
            foreach (var (d0, d1, h0, h1, w0, w1) in new AdaptiveBins(inD, inH, inW, outD, outH, outW))
            {
                T delta = gradOutput[(int)(outBase + (long)o++ * channels)];
                if (outPlane == 1)
                {
                    delta /= T.CreateTruncating(inPlane);   // PyTorch's mean(): one division
                }
                else
                {
                    if (rank == 3) delta /= T.CreateTruncating(d1 - d0);
                    if (rank >= 2) delta /= T.CreateTruncating(h1 - h0);
                    delta /= T.CreateTruncating(w1 - w0);
                }
                for (int id = d0; id < d1; id++)
                for (int ih = h0; ih < h1; ih++)
                for (int iw = w0; iw < w1; iw++)
                    gradInput[(int)(inBase + (((long)id * inH + ih) * inW + iw) * channels)] += delta;
            }
        }
    }

    /// <summary>Adaptive max pooling without indices: each window's maximum found again (NaN propagates, the last NaN's
    /// index is kept, ties keep the first), then its gradient added there.</summary>
    public static void AdaptiveMax<T>(ReadOnlySpan<T> input, ReadOnlySpan<T> gradOutput, Span<T> gradInput,
        int inD, int inH, int inW, int outD, int outH, int outW, int channels, int first, int end)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int inPlane = inD * inH * inW, outPlane = outD * outH * outW;
        for (int plane = first; plane < end; plane++)
        {
            var (inBase, outBase) = Bases(plane, inPlane, outPlane, channels);
            Clear(gradInput, inBase, inPlane, channels);
            int o = 0;
            foreach (var (d0, d1, h0, h1, w0, w1) in new AdaptiveBins(inD, inH, inW, outD, outH, outW))
            {
                long best = ArgExtremum(input, inBase, channels, max: true, inH, inW, d0, d1, 1, h0, h1, 1, w0, w1, 1);
                gradInput[(int)(inBase + best * channels)] += gradOutput[(int)(outBase + (long)o++ * channels)];
            }
        }
    }

    /// <summary>Max-unpooling's gradient: a gather, each input's gradient read at its index in the unpooled plane
    /// (<paramref name="outPlane"/> elements). An index outside it throws, naming <paramref name="indicesName"/>.</summary>
    public static void Unpool<T, TIndex>(ReadOnlySpan<T> gradOutput, ReadOnlySpan<TIndex> indices, Span<T> gradInput, int inPlane, int outPlane,
        int channels, int first, int end, string indicesName)
        where T : unmanaged
        where TIndex : unmanaged, IBinaryInteger<TIndex>
    {
        for (int plane = first; plane < end; plane++)
        {
            var (inBase, outBase) = Bases(plane, inPlane, outPlane, channels);
            for (int i = 0; i < inPlane; i++)
            {
                long at = inBase + (long)i * channels;
                long index = long.CreateTruncating(indices[(int)at]);
                if ((ulong)index >= (ulong)outPlane) ThrowInvalidIndex(indicesName, index, outPlane, "output");
                gradInput[(int)at] = gradOutput[(int)(outBase + index * channels)];
            }
        }
    }

    // The plane-relative index of a window's maximum (minimum) over taps [first, end) stepping by the dilation on each
    // axis, by the forward's rules: the first tap until a larger (smaller) value or a NaN replaces it, so ties keep the
    // first and the last NaN wins.
    private static long ArgExtremum<T>(ReadOnlySpan<T> input, long inBase, int channels, bool max, int inH, int inW,
        int d0, int d1, int dD, int h0, int h1, int dH, int w0, int w1, int dW)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        long best = ((long)d0 * inH + h0) * inW + w0;
        T bestValue = max ? T.NegativeInfinity : T.PositiveInfinity;
        for (int id = d0; id < d1; id += dD)
        for (int ih = h0; ih < h1; ih += dH)
        for (int iw = w0; iw < w1; iw += dW)
        {
            long index = ((long)id * inH + ih) * inW + iw;
            T value = input[(int)(inBase + index * channels)];
            if ((max ? value > bestValue : value < bestValue) || T.IsNaN(value))
            {
                bestValue = value;
                best = index;
            }
        }
        return best;
    }

    private static void ThrowInvalidIndex(string indicesName, long index, int plane, string which = "input") =>
        throw new ArgumentOutOfRangeException(indicesName, index, $"Found an invalid max index: {index} ({which} planes are of size {plane}).");

    /// <summary>Where plane <paramref name="plane"/> starts in the input and the output: planes one after another, or
    /// channels-last (plane = sample · channels + channel) at its channel of its sample.</summary>
    internal static (long In, long Out) Bases(int plane, int inPlane, int outPlane, int channels)
    {
        if (channels == 1) return ((long)plane * inPlane, (long)plane * outPlane);
        int sample = plane / channels, channel = plane - sample * channels;
        return ((long)sample * inPlane * channels + channel, (long)sample * outPlane * channels + channel);
    }

    /// <summary>Zeroes one plane's gradient (every <paramref name="stride"/>-th element from <paramref name="start"/>).</summary>
    internal static void Clear<T>(Span<T> gradInput, long start, int count, int stride) where T : unmanaged
    {
        if (stride == 1)
        {
            gradInput.Slice((int)start, count).Clear();
            return;
        }
        for (int i = 0; i < count; i++) gradInput[(int)(start + (long)i * stride)] = default;
    }

    // A max window's taps along one axis: [first, end) stepping by the dilation, the first inside the input (PyTorch's
    // max_pool: start = o·s − p, end = min(start + (k − 1)·d + 1, I), the start moved up by d while negative).
    private static (int First, int End) Taps(int o, int stride, int pad, int kernel, int dilation, int input)
    {
        long start = (long)o * stride - pad;
        long end = Math.Min(start + (long)(kernel - 1) * dilation + 1, input);
        while (start < 0) start += dilation;
        return ((int)Math.Min(start, input), (int)Math.Max(end, 0));
    }

    // An average window along one axis: its taps start + j·d (j < k) inside the input as [first, end) stepping by d,
    // and how many lie inside the padded extent [−padBefore, I + padAfter) (count_include_pad's divisor).
    private static (int First, int End, int Pool) AverageTaps(int o, int stride, int padBefore, int padAfter, int kernel, int dilation, int input)
    {
        long start = (long)o * stride - padBefore;
        int pool = 0, firstTap = -1, lastTap = -1;
        for (int j = 0; j < kernel; j++)
        {
            long tap = start + (long)j * dilation;
            if (tap >= -padBefore && tap < (long)input + padAfter) pool++;
            if (tap >= 0 && tap < input)
            {
                if (firstTap < 0) firstTap = (int)tap;
                lastTap = (int)tap;
            }
        }
        return firstTap < 0 ? (0, 0, pool) : (firstTap, lastTap + 1, pool);
    }

    private static int Count(int first, int end, int step) => (end - first + step - 1) / step;

    // PyTorch's adaptive window: [floor(o·I/O), ceil((o + 1)·I/O)).
    private static (int Start, int End) AdaptiveRange(int o, int outLength, int inLength) =>
        ((int)((long)o * inLength / outLength), (int)(((long)(o + 1) * inLength + outLength - 1) / outLength));

    // An adaptive pool's windows, output by output in row-major order: (d0, d1, h0, h1, w0, w1) per output, each axis's
    // range from AdaptiveRange — the depth and height ranges once per slice and row, as the nested loops had them. A
    // struct enumerator: a foreach over it allocates nothing.
    private struct AdaptiveBins
    {
        private readonly int inD, inH, inW, outD, outH, outW;
        private int od, oh, ow;
        private (int Start, int End) d, h, w;

        public AdaptiveBins(int inD, int inH, int inW, int outD, int outH, int outW)
        {
            (this.inD, this.inH, this.inW, this.outD, this.outH, this.outW) = (inD, inH, inW, outD, outH, outW);
            (od, oh, ow) = outD > 0 && outH > 0 && outW > 0 ? (0, 0, -1) : (outD, 0, 0);   // no outputs: already done
        }

        public readonly AdaptiveBins GetEnumerator() => this;

        public bool MoveNext()
        {
            if (od >= outD) return false;
            if (++ow == outW)
            {
                ow = 0;
                if (++oh == outH)
                {
                    oh = 0;
                    if (++od == outD) return false;
                }
            }
            if (ow == 0)
            {
                if (oh == 0) d = AdaptiveRange(od, outD, inD);
                h = AdaptiveRange(oh, outH, inH);
            }
            w = AdaptiveRange(ow, outW, inW);
            return true;
        }

        public readonly (int D0, int D1, int H0, int H1, int W0, int W1) Current => (d.Start, d.End, h.Start, h.End, w.Start, w.End);
    }
}
