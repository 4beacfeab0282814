using System;

namespace Pooling.Reference;

/// <summary>
/// The geometry of a sliding-window pool with every per-axis value expanded to the rank (outermost axis first):
/// what the reference kernels and the tests take as a run-time description of an attribute's constants.
/// <see cref="Padding"/> pads both ends (PyTorch), unless <see cref="PaddingEnd"/> is given: then ONNX's padding,
/// <see cref="Padding"/> before and <see cref="PaddingEnd"/> after each axis, with ONNX Runtime's limit.
/// </summary>
public sealed record PoolWindow(int[] Kernel, int[] Stride, int[] Padding, int[] Dilation, bool CeilMode, int[]? PaddingEnd = null)
{
    /// <summary>The padding after each axis.</summary>
    public int[] End => PaddingEnd ?? Padding;

    /// <summary>Number of spatial axes (1, 2 or 3).</summary>
    public int Rank => Kernel.Length;

    /// <summary>A window with the same scalar value on every one of <paramref name="rank"/> axes; stride 0 means "= kernel".</summary>
    public static PoolWindow Uniform(int rank, int kernel, int stride = 0, int padding = 0, int dilation = 1, bool ceilMode = false) =>
        new(Fill(rank, kernel), Fill(rank, stride == 0 ? kernel : stride), Fill(rank, padding), Fill(rank, dilation), ceilMode);

    /// <summary>Output extents for <paramref name="inputSize"/>, or an exception with PyTorch's message when the
    /// parameters are invalid or the output would be empty.</summary>
    public int[] OutputSize(int[] inputSize)
    {
        if (inputSize.Length != Rank)
            throw new ArgumentException($"Expected {Rank} spatial extents, but got {inputSize.Length}.", nameof(inputSize));
        if (PoolingShape.ValidateWindow(Kernel, Stride, Padding, PaddingEnd, Dilation, out string error, out _) != WindowRule.Valid)
            throw new ArgumentException(error);
        var output = new long[Rank];
        for (int axis = 0; axis < Rank; axis++)
        {
            output[axis] = PoolingShape.OutputLength(inputSize[axis], Kernel[axis], Stride[axis], Padding[axis], End[axis], Dilation[axis], CeilMode);
        }
        if (Array.Exists(output, o => o < 1))
            throw new ArgumentException(PoolingShape.OutputTooSmallMessage(Array.ConvertAll(inputSize, i => (long)i), output), nameof(inputSize));
        return Array.ConvertAll(output, o => (int)o);
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"k=({string.Join(",", Kernel)}) s=({string.Join(",", Stride)}) p=({string.Join(",", Padding)}){(PaddingEnd is null ? "" : $"/({string.Join(",", PaddingEnd)})")} d=({string.Join(",", Dilation)}) ceil={CeilMode}";

    private static int[] Fill(int rank, int value)
    {
        var values = new int[rank];
        Array.Fill(values, value);
        return values;
    }
}
