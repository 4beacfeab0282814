using System;
using System.ComponentModel;
using System.Globalization;

namespace Pooling.Kernels;

/// <summary>
/// The checks of the tensor-span adapter that generated kernels put around their span kernel when declared with
/// <c>ReadOnlyTensorSpan&lt;T&gt;</c> / <c>TensorSpan&lt;T&gt;</c> parameters. They take a tensor's lengths and strides,
/// not the tensor types, so the runtime does not depend on System.Numerics.Tensors (only the user's project does).
/// Every failure is an <see cref="ArgumentException"/> naming the tensor parameter with the expected and actual shape.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class TensorShapes
{
    /// <summary>
    /// An input tensor: row-major dense (strides those of a contiguous C-order array; views with gaps, broadcasts or
    /// permuted axes are refused — copy them to a dense tensor first), at least <paramref name="extents"/>.Length
    /// dimensions, its trailing ones (the extents the kernel takes, in tensor order) each 1 … int.MaxValue and all its
    /// elements addressable by an int. The trailing dimensions are written to <paramref name="extents"/>.
    /// </summary>
    /// <remarks><paramref name="required"/> is empty, or per trailing dimension the length it must have (-1: any), for
    /// extents fixed by InputSize or Channels.</remarks>
    public static void Input(ReadOnlySpan<nint> lengths, ReadOnlySpan<nint> strides, string layout, ReadOnlySpan<int> required, string name, Span<int> extents)
    {
        int trailing = extents.Length;
        if (lengths.Length < trailing)
            throw new ArgumentException($"Expected a tensor of shape {layout} (rank {trailing} or more), but got {Shape(lengths)}.", name);
        long elements = 1;
        for (int d = 0; d < lengths.Length; d++)
        {
            if (lengths[d] < 1)
                throw new ArgumentException($"Expected a tensor of shape {layout} with every dimension at least 1, but got {Shape(lengths)}.", name);
            elements *= lengths[d];
            if (elements > int.MaxValue)
                throw new ArgumentException($"A tensor of shape {Shape(lengths)} has more than int.MaxValue ({int.MaxValue}) elements; kernels index with int.", name);
        }
        CheckDense(lengths, strides, name);
        for (int k = 0; k < trailing; k++)
        {
            extents[k] = (int)lengths[lengths.Length - trailing + k];
            if (!required.IsEmpty && required[k] >= 0 && extents[k] != required[k])
                throw new ArgumentException($"Expected a tensor of shape {layout}, but got {Shape(lengths)}.", name);
        }
    }

    /// <summary>
    /// An output (or indices) tensor: row-major dense, the input's leading dimensions (all but its last
    /// <paramref name="inputTrailing"/>) followed by <paramref name="trailing"/>.
    /// </summary>
    public static void Output(ReadOnlySpan<nint> input, int inputTrailing, ReadOnlySpan<nint> lengths, ReadOnlySpan<nint> strides, ReadOnlySpan<int> trailing, string name)
    {
        int leading = input.Length - inputTrailing;
        bool same = lengths.Length == leading + trailing.Length;
        for (int d = 0; same && d < lengths.Length; d++)
            same = lengths[d] == (d < leading ? input[d] : trailing[d - leading]);
        if (!same)
        {
            var expected = new nint[leading + trailing.Length];
            for (int d = 0; d < expected.Length; d++) expected[d] = d < leading ? input[d] : trailing[d - leading];
            throw new ArgumentException($"Expected a tensor of shape {Shape(expected)}, but got {Shape(lengths)}.", name);
        }
        CheckAddressable(lengths, name);
        CheckDense(lengths, strides, name);
    }

    /// <summary>
    /// A tensor of one exact shape, as the operators' adapters (RoIAlign, GridSample) check theirs: rank
    /// <paramref name="dims"/>.Length, each dimension <paramref name="required"/>'s (-1: any), row-major dense, every
    /// element addressable by an int; the lengths are written to <paramref name="dims"/>. <paramref name="layout"/> is the
    /// shape in words (<c>[boxes, 5]</c>) for the message, beside the lengths required.
    /// </summary>
    public static void Exact(ReadOnlySpan<nint> lengths, ReadOnlySpan<nint> strides, string layout, ReadOnlySpan<int> required, string name, Span<int> dims)
    {
        bool same = lengths.Length == dims.Length;
        for (int d = 0; same && d < lengths.Length; d++) same = lengths[d] >= 0 && (required[d] < 0 || lengths[d] == required[d]);
        if (!same)
        {
            var expected = new string[required.Length];
            for (int d = 0; d < required.Length; d++) expected[d] = required[d] < 0 ? "*" : required[d].ToString(CultureInfo.InvariantCulture);
            throw new ArgumentException($"Expected a tensor of shape {layout} = [{string.Join(", ", expected)}], but got {Shape(lengths)}.", name);
        }
        CheckAddressable(lengths, name);
        CheckDense(lengths, strides, name);
        for (int d = 0; d < dims.Length; d++) dims[d] = (int)lengths[d];
    }

    // Every element addressable by an int (the shape's lengths already known not negative).
    private static void CheckAddressable(ReadOnlySpan<nint> lengths, string name)
    {
        long elements = 1;
        foreach (nint length in lengths)
        {
            // Checked as it grows (and each length on its own, past a zero): no long overflow, every length an int.
            elements *= length;
            if (elements > int.MaxValue || length > int.MaxValue)
                throw new ArgumentException($"A tensor of shape {Shape(lengths)} has more than int.MaxValue ({int.MaxValue}) elements; kernels index with int.", name);
        }
    }

    private static void CheckDense(ReadOnlySpan<nint> lengths, ReadOnlySpan<nint> strides, string name)
    {
        nint expected = 1;
        for (int d = lengths.Length - 1; d >= 0; d--)
        {
            // A dimension of length 1 is never stepped along: any stride describes the same memory.
            if (lengths[d] > 1 && strides[d] != expected)
                throw new ArgumentException($"Expected a dense row-major tensor (strides {Shape(RowMajor(lengths))}), but got strides {Shape(strides)} for shape {Shape(lengths)}; copy it to a dense tensor first.", name);
            expected *= Math.Max((nint)1, lengths[d]);
        }
    }

    private static nint[] RowMajor(ReadOnlySpan<nint> lengths)
    {
        var strides = new nint[lengths.Length];
        nint step = 1;
        for (int d = lengths.Length - 1; d >= 0; d--)
        {
            strides[d] = step;
            step *= Math.Max((nint)1, lengths[d]);
        }
        return strides;
    }

    private static string Shape(ReadOnlySpan<nint> values)
    {
        var parts = new string[values.Length];
        for (int i = 0; i < values.Length; i++) parts[i] = ((long)values[i]).ToString(CultureInfo.InvariantCulture);
        return "[" + string.Join(", ", parts) + "]";
    }
}
