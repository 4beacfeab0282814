using System;

namespace Pooling.Reference;

/// <summary>MaxUnpool written straight from docs/semantics.md §7, as the test oracle: a zero-filled output, and every
/// input element written to its plane-relative index, in plane order (the last write wins).</summary>
public static class ReferenceUnpooling
{
    /// <summary>Scatters <paramref name="input"/> to <paramref name="indices"/> in each plane of <paramref name="output"/>
    /// (extents <paramref name="outputSize"/>); throws PyTorch's error for an index outside the plane.</summary>
    public static void MaxUnpool<T>(ReadOnlySpan<T> input, ReadOnlySpan<long> indices, int[] inputSize, int[] outputSize, Span<T> output)
    {
        int inPlane = 1, outPlane = 1;
        foreach (int v in inputSize) inPlane *= v;
        foreach (int v in outputSize) outPlane *= v;
        if (input.Length % inPlane != 0 || indices.Length != input.Length)
            throw new ArgumentException($"Expected whole planes of {inPlane} elements and as many indices, but got {input.Length} and {indices.Length}.");
        int planes = input.Length / inPlane;
        if (output.Length != planes * outPlane)
            throw new ArgumentException($"Expected {planes * outPlane} elements, but got {output.Length}.", nameof(output));
        output.Clear();
        for (int plane = 0; plane < planes; plane++)
        {
            for (int i = 0; i < inPlane; i++)
            {
                long index = indices[plane * inPlane + i];
                if (index < 0 || index >= outPlane)
                    throw new ArgumentException(PoolingShape.InvalidUnpoolIndexMessage(index, Array.ConvertAll(outputSize, v => (long)v)), nameof(indices));
                output[plane * outPlane + (int)index] = input[plane * inPlane + i];
            }
        }
    }
}
