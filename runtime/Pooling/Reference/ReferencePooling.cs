using System;
using System.Collections.Generic;
using System.Numerics;

namespace Pooling.Reference;

/// <summary>
/// Plain, obviously-correct pooling loops written straight from docs/semantics.md §2–§3. They are the oracle the
/// generated kernels are tested against, so clarity beats speed: every rank is handled as 3-D with unit leading axes,
/// and every tap is bounds-checked. Layout: planes × spatial extents, row-major (NCHW).
/// </summary>
public static class ReferencePooling
{
    /// <summary>PyTorch max pooling (docs/semantics.md §2): padding is −∞, NaN propagates, ties keep the first tap in row-major
    /// order, a NaN index is the last NaN's. <paramref name="indices"/> (plane-relative) may be empty to skip them.</summary>
    public static void MaxPool<T>(ReadOnlySpan<T> input, int[] inputSize, PoolWindow window, Span<T> output, Span<long> indices)
        where T : INumber<T>
        => Extremum(input, inputSize, window, output, indices, Lowest<T>(), static (value, best) => value > best || T.IsNaN(value));

    /// <summary>Min pooling (docs/semantics.md §2.3): padding is +∞, NaN propagates, ties keep the first minimal tap.</summary>
    public static void MinPool<T>(ReadOnlySpan<T> input, int[] inputSize, PoolWindow window, Span<T> output, Span<long> indices)
        where T : INumber<T>
        => Extremum(input, inputSize, window, output, indices, Highest<T>(), static (value, best) => value < best || T.IsNaN(value));

    /// <summary>PyTorch average pooling (docs/semantics.md §3): the sum of the real taps, accumulated in
    /// <typeparamref name="TAcc"/> (PyTorch's opmath type: float for float and Half, double for double), divided by
    /// <paramref name="divisorOverride"/>, or by the window ∩ padded extent (count_include_pad) or the real taps.</summary>
    public static void AvgPool<T, TAcc>(ReadOnlySpan<T> input, int[] inputSize, PoolWindow window, bool countIncludePad, int? divisorOverride, Span<T> output)
        where T : INumber<T>
        where TAcc : IFloatingPoint<TAcc>
    {
        if (window.Rank == 3 && window.PaddingEnd is null && PoolingShape.ValidateAvgPool3dInput(Array.ConvertAll(inputSize, i => (long)i), window.Kernel) is { } tooSmall)
            throw new ArgumentException(tooSmall, nameof(inputSize));
        var shape = Shape.Of(input.Length, inputSize, window, output.Length);
        foreach (var (planeStart, od, oh, ow, o) in shape.Outputs())
        {
            // Each axis's taps start + j·d (j < k): those inside the padded extent count toward the window's size,
            // those inside the input are summed.
            var (dTaps, dPool) = shape.AvgTaps(0, od);
            var (hTaps, hPool) = shape.AvgTaps(1, oh);
            var (wTaps, wPool) = shape.AvgTaps(2, ow);
            output[o] = T.Zero;
            if (dTaps.Count == 0 || hTaps.Count == 0 || wTaps.Count == 0) continue;

            TAcc sum = TAcc.Zero;
            foreach (int id in dTaps)
            foreach (int ih in hTaps)
            foreach (int iw in wTaps)
            {
                sum += TAcc.CreateTruncating(input[planeStart + (int)shape.Flatten(id, ih, iw)]);
            }
            long divisor = divisorOverride ?? (countIncludePad ? (long)dPool * hPool * wPool : (long)dTaps.Count * hTaps.Count * wTaps.Count);
            output[o] = T.CreateTruncating(sum / TAcc.CreateTruncating(divisor));
        }
    }

    private static void Extremum<T>(ReadOnlySpan<T> input, int[] inputSize, PoolWindow window, Span<T> output, Span<long> indices, T initial, Func<T, T, bool> replaces)
        where T : INumber<T>
    {
        var shape = Shape.Of(input.Length, inputSize, window, output.Length);
        bool withIndices = !indices.IsEmpty;
        if (withIndices && indices.Length != output.Length)
            throw new ArgumentException($"Expected {output.Length} indices, but got {indices.Length}.", nameof(indices));
        foreach (var (planeStart, od, oh, ow, o) in shape.Outputs())
        {
            var (d0, d1) = shape.MaxRange(0, od);
            var (h0, h1) = shape.MaxRange(1, oh);
            var (w0, w1) = shape.MaxRange(2, ow);
            T best = initial;
            long bestIndex = shape.Flatten(d0, h0, w0);   // PyTorch: the first real tap, even when there is none
            for (int id = d0; id < d1; id += shape.Dilation[0])
            for (int ih = h0; ih < h1; ih += shape.Dilation[1])
            for (int iw = w0; iw < w1; iw += shape.Dilation[2])
            {
                long index = shape.Flatten(id, ih, iw);
                T value = input[planeStart + (int)index];
                if (replaces(value, best))
                {
                    best = value;
                    bestIndex = index;
                }
            }
            output[o] = best;
            if (withIndices) indices[o] = bestIndex;
        }
    }

    /// <summary>−∞ for floating types, MinValue for integers: the identity of max.</summary>
    public static T Lowest<T>() where T : INumber<T> => Bound<T>(negative: true);

    /// <summary>+∞ for floating types, MaxValue for integers: the identity of min.</summary>
    public static T Highest<T>() where T : INumber<T> => Bound<T>(negative: false);

    private static T Bound<T>(bool negative) where T : INumber<T>
    {
        // CreateSaturating maps ±∞ to ±∞ for floating types and to MinValue/MaxValue for integers.
        return T.CreateSaturating(negative ? double.NegativeInfinity : double.PositiveInfinity);
    }

    /// <summary>Every rank as 3-D: unit leading axes with kernel 1, stride 1, no padding.</summary>
    private sealed class Shape
    {
        public int[] In = new int[3], Out = new int[3], Kernel = new int[3], Stride = new int[3], Padding = new int[3], PaddingEnd = new int[3], Dilation = new int[3];
        public int Planes, InPlane;

        public static Shape Of(int inputLength, int[] inputSize, PoolWindow window, int outputLength)
        {
            int[] outSize = window.OutputSize(inputSize);
            var shape = new Shape();
            int lead = 3 - window.Rank;
            for (int axis = 0; axis < 3; axis++)
            {
                bool unit = axis < lead;
                shape.In[axis] = unit ? 1 : inputSize[axis - lead];
                shape.Out[axis] = unit ? 1 : outSize[axis - lead];
                shape.Kernel[axis] = unit ? 1 : window.Kernel[axis - lead];
                shape.Stride[axis] = unit ? 1 : window.Stride[axis - lead];
                shape.Padding[axis] = unit ? 0 : window.Padding[axis - lead];
                shape.PaddingEnd[axis] = unit ? 0 : window.End[axis - lead];
                shape.Dilation[axis] = unit ? 1 : window.Dilation[axis - lead];
            }
            shape.InPlane = shape.In[0] * shape.In[1] * shape.In[2];
            int outPlane = shape.Out[0] * shape.Out[1] * shape.Out[2];
            if (inputLength == 0 || inputLength % shape.InPlane != 0)
                throw new ArgumentException($"Expected a positive multiple of {shape.InPlane} elements, but got {inputLength}.", "input");
            shape.Planes = inputLength / shape.InPlane;
            if (outputLength != shape.Planes * outPlane)
                throw new ArgumentException($"Expected {shape.Planes * outPlane} elements, but got {outputLength}.", "output");
            return shape;
        }

        public long Flatten(int d, int h, int w) => ((long)d * In[1] + h) * In[2] + w;

        // Every output position in memory order: its plane's first input element, (od, oh, ow) and its output index.
        public IEnumerable<(int PlaneStart, int D, int H, int W, int Index)> Outputs()
        {
            int o = 0;
            for (int plane = 0; plane < Planes; plane++)
            for (int od = 0; od < Out[0]; od++)
            for (int oh = 0; oh < Out[1]; oh++)
            for (int ow = 0; ow < Out[2]; ow++, o++)
                yield return (plane * InPlane, od, oh, ow, o);
        }

        // Max: [start, end) of the dilated window clipped to the input, start advanced past the left padding by whole
        // dilation steps (cpu_max_pool's `while (id0 < 0) id0 += d`).
        public (int Start, int End) MaxRange(int axis, int o)
        {
            int start = o * Stride[axis] - Padding[axis];
            int end = Math.Min(start + Dilation[axis] * (Kernel[axis] - 1) + 1, In[axis]);
            while (start < 0) start += Dilation[axis];
            return (start, end);
        }

        // Average: the window's taps inside the padded extent [−begin, I + end) (ceil overhang is not counted), and
        // of those, the ones inside the input. Written as a walk over the taps, not as PyTorch's clipping arithmetic.
        public (List<int> Taps, int PoolSize) AvgTaps(int axis, int o)
        {
            var taps = new List<int>();
            int poolSize = 0;
            for (int j = 0; j < Kernel[axis]; j++)
            {
                int position = o * Stride[axis] - Padding[axis] + j * Dilation[axis];
                if (position >= In[axis] + PaddingEnd[axis]) break;
                poolSize++;
                if (position >= 0 && position < In[axis]) taps.Add(position);
            }
            return (taps, poolSize);
        }
    }
}
