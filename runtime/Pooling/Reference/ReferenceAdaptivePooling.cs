using System;
using System.Collections.Generic;
using System.Numerics;

namespace Pooling.Reference;

/// <summary>
/// Adaptive and global pooling written straight from docs/semantics.md §5–§6, as the test oracle. Bins per axis:
/// start = floor(i·I/O), end = ceil((i+1)·I/O). Every rank is handled as 3-D with unit leading axes. NCHW planes.
/// </summary>
public static class ReferenceAdaptivePooling
{
    /// <summary>Adaptive max pooling: PyTorch's max update rule; <paramref name="indices"/> (plane-relative) may be empty.</summary>
    public static void AdaptiveMaxPool<T>(ReadOnlySpan<T> input, int[] inputSize, int[] outputSize, Span<T> output, Span<long> indices)
        where T : INumber<T>
    {
        var (inSize, outSize, planes) = Shape(input.Length, inputSize, outputSize, output.Length);
        foreach (var (planeStart, d0, d1, h0, h1, w0, w1, o) in Bins(inSize, outSize, planes))
        {
            T best = ReferencePooling.Lowest<T>();
            long bestIndex = ((long)d0 * inSize[1] + h0) * inSize[2] + w0;
            for (int d = d0; d < d1; d++)
            for (int h = h0; h < h1; h++)
            for (int w = w0; w < w1; w++)
            {
                long index = ((long)d * inSize[1] + h) * inSize[2] + w;
                T value = input[planeStart + (int)index];
                if (value > best || T.IsNaN(value))
                {
                    best = value;
                    bestIndex = index;
                }
            }
            output[o] = best;
            if (!indices.IsEmpty) indices[o] = bestIndex;
        }
    }

    /// <summary>Adaptive average pooling: the bin's sum in <typeparamref name="TAcc"/>, divided by each bin extent in turn
    /// (PyTorch's <c>sum / kd / kh / kw</c>; 1-D and 2-D have unit leading extents, so the extra divisions are exact).
    /// An output of 1 on every axis is PyTorch's <c>mean</c> shortcut instead: one sum per plane, divided once. Bytes
    /// (uint8 area, docs/semantics.md §8.7) are averaged as floating values and rounded half to even.</summary>
    public static void AdaptiveAvgPool<T, TAcc>(ReadOnlySpan<T> input, int[] inputSize, int[] outputSize, Span<T> output)
        where T : INumber<T>
        where TAcc : IFloatingPoint<TAcc>
    {
        var (inSize, outSize, planes) = Shape(input.Length, inputSize, outputSize, output.Length);
        if (Array.TrueForAll(outputSize, v => v == 1))
        {
            // PyTorch computes this case as input.mean(). Float: in float, element i into lane i mod 16, each
            // block of 1,024 elements summed from zero and added lane-wise to the running lanes, the lanes halved
            // pairwise (j + j+8, j + j+4, j + j+2, j + j+1), one division. Others: in double with four accumulators
            // (element i into lane i mod 4, a final partial group into lane 0), added pairwise, divided once.
            int planeLength = input.Length / planes;
            for (int plane = 0; plane < planes; plane++)
            {
                var values = input.Slice(plane * planeLength, planeLength);
                if (typeof(T) == typeof(float))
                {
                    var running = new float[16];
                    var block = new float[16];
                    for (int i = 0; i < planeLength; i++)
                    {
                        block[i % 16] += float.CreateTruncating(values[i]);
                        if (i % 1024 == 1023 || i == planeLength - 1)
                        {
                            for (int j = 0; j < 16; j++) running[j] += block[j];
                            Array.Clear(block);
                        }
                    }
                    float sum = ((running[0] + running[8]) + (running[4] + running[12]))
                        + ((running[2] + running[10]) + (running[6] + running[14]));
                    sum += ((running[1] + running[9]) + (running[5] + running[13]))
                        + ((running[3] + running[11]) + (running[7] + running[15]));
                    output[plane] = T.CreateTruncating(sum / planeLength);
                    continue;
                }
                var lanes = new double[4];
                int whole = planeLength / 4 * 4;
                for (int i = 0; i < whole; i++) lanes[i % 4] += double.CreateTruncating(values[i]);
                for (int i = whole; i < planeLength; i++) lanes[0] += double.CreateTruncating(values[i]);
                output[plane] = Narrow<T, double>((lanes[0] + lanes[1] + (lanes[2] + lanes[3])) / planeLength);
            }
            return;
        }
        foreach (var (planeStart, d0, d1, h0, h1, w0, w1, o) in Bins(inSize, outSize, planes))
        {
            TAcc sum = TAcc.Zero;
            for (int d = d0; d < d1; d++)
            for (int h = h0; h < h1; h++)
            for (int w = w0; w < w1; w++)
            {
                sum += TAcc.CreateTruncating(input[planeStart + (d * inSize[1] + h) * inSize[2] + w]);
            }
            TAcc mean = sum;
            if (inputSize.Length == 3) mean /= TAcc.CreateTruncating(d1 - d0);
            if (inputSize.Length >= 2) mean /= TAcc.CreateTruncating(h1 - h0);
            mean /= TAcc.CreateTruncating(w1 - w0);
            output[o] = Narrow<T, TAcc>(mean);
        }
    }

    // Bytes (uint8 area) take the floating value rounded half to even, as torch.round(F.interpolate(x.float(), …)) does.
    private static T Narrow<T, TAcc>(TAcc value) where T : INumber<T> where TAcc : IFloatingPoint<TAcc> =>
        typeof(T) == typeof(byte) ? T.CreateSaturating(TAcc.Round(value)) : T.CreateTruncating(value);

    /// <summary>PyTorch's bin of output index <paramref name="i"/>: [floor(i·I/O), ceil((i+1)·I/O)).</summary>
    public static (int Start, int End) Bin(int i, int inputLength, int outputLength) =>
        ((int)((long)i * inputLength / outputLength), (int)(((long)(i + 1) * inputLength + outputLength - 1) / outputLength));

    // Every output position's bin in memory order: its plane's first input element, [start, end) per axis (3-D, unit
    // leading axes) and its output index.
    private static IEnumerable<(int PlaneStart, int D0, int D1, int H0, int H1, int W0, int W1, int Index)> Bins(int[] inSize, int[] outSize, int planes)
    {
        int o = 0;
        for (int plane = 0; plane < planes; plane++)
        for (int od = 0; od < outSize[0]; od++)
        for (int oh = 0; oh < outSize[1]; oh++)
        for (int ow = 0; ow < outSize[2]; ow++, o++)
        {
            var (d0, d1) = Bin(od, inSize[0], outSize[0]);
            var (h0, h1) = Bin(oh, inSize[1], outSize[1]);
            var (w0, w1) = Bin(ow, inSize[2], outSize[2]);
            yield return (plane * inSize[0] * inSize[1] * inSize[2], d0, d1, h0, h1, w0, w1, o);
        }
    }

    private static (int[] In, int[] Out, int Planes) Shape(int inputLength, int[] inputSize, int[] outputSize, int outputLength)
    {
        if (inputSize.Length != outputSize.Length || inputSize.Length is < 1 or > 3)
            throw new ArgumentException($"Expected 1 to 3 spatial extents and as many output extents, but got {inputSize.Length} and {outputSize.Length}.");
        if (Array.Exists(inputSize, v => v <= 0) || Array.Exists(outputSize, v => v <= 0))
            throw new ArgumentException("Input and output extents must be positive.");
        int lead = 3 - inputSize.Length;
        var inSize = new int[3];
        var outSize = new int[3];
        for (int axis = 0; axis < 3; axis++)
        {
            inSize[axis] = axis < lead ? 1 : inputSize[axis - lead];
            outSize[axis] = axis < lead ? 1 : outputSize[axis - lead];
        }
        int inPlane = inSize[0] * inSize[1] * inSize[2];
        if (inputLength == 0 || inputLength % inPlane != 0)
            throw new ArgumentException($"Expected a positive multiple of {inPlane} elements, but got {inputLength}.", "input");
        int planes = inputLength / inPlane;
        int expected = planes * outSize[0] * outSize[1] * outSize[2];
        if (outputLength != expected)
            throw new ArgumentException($"Expected {expected} elements, but got {outputLength}.", "output");
        return (inSize, outSize, planes);
    }
}
