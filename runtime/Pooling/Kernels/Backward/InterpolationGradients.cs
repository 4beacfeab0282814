using System;
using System.Numerics;

namespace Pooling.Kernels.Backward;

/// <summary>
/// Gradients of nearest, linear (1-D to 3-D) and bicubic upsampling with respect to their input (docs/semantics.md §12):
/// each output's gradient spread over its source taps with the forward's per-axis tables (source offsets already
/// multiplied by the axis's stride in the plane, and weights), in PyTorch's CPU order and products, so the sums round as
/// PyTorch's do. An axis the rank does not have passes empty tables (offset 0, weight 1). Planes [first, end) are zeroed
/// and filled; channels-last planes are (sample, channel) pairs whose pixels lie <c>channels</c> apart.
/// </summary>
public static class InterpolationGradients
{
    /// <summary>Nearest and nearest-exact (upsample_nearest*_backward): each output's gradient added to its source.</summary>
    public static void Nearest<T>(ReadOnlySpan<T> gradOutput, Span<T> gradInput, ReadOnlySpan<int> rowsD, ReadOnlySpan<int> rowsH, ReadOnlySpan<int> columns,
        int outD, int outH, int outW, int inPlane, int channels, int first, int end)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int outPlane = outD * outH * outW;
        if (channels == 1 && rowsD.IsEmpty && IsDoubling(rowsH, columns, outH, outW, inPlane))
        {
            // ×2 on both axes (source index = output index >> 1): each input the sum of its 2 × 2 outputs, on vectors.
            for (int plane = first; plane < end; plane++)
                GradientRows.SumQuads(gradOutput.Slice(plane * outPlane, outPlane), gradInput.Slice(plane * inPlane, inPlane), outH / 2, outW / 2);
            return;
        }
        for (int plane = first; plane < end; plane++)
        {
            var (inBase, outBase) = PoolGradients.Bases(plane, inPlane, outPlane, channels);
            PoolGradients.Clear(gradInput, inBase, inPlane, channels);
            long o = outBase;
            for (int od = 0; od < outD; od++)
            {
                long d = Offset(rowsD, od);
                for (int oh = 0; oh < outH; oh++)
                {
                    long dh = d + Offset(rowsH, oh);
                    for (int ow = 0; ow < outW; ow++, o += channels)
                        gradInput[(int)(inBase + (dh + columns[ow]) * channels)] += gradOutput[(int)o];
                }
            }
        }
    }

    /// <summary>
    /// Linear, bilinear and trilinear (upsample_*linear*_backward): two taps per axis; each output adds
    /// <c>(λd·λh·λw)·grad</c> to its taps, depth tap outermost, width tap innermost — PyTorch's products in its order, the
    /// last multiply and the add fused into one rounding: PyTorch's CPU kernel is compiled with FMA contraction
    /// (measured on 1.13: 296 of 296 random 1-D cases equal a fused multiply-add, about half differ without it).
    /// <see cref="ExactFma"/> rounds once on every CPU, with or without an FMA unit.
    /// </summary>
    public static void Linear<T>(ReadOnlySpan<T> gradOutput, Span<T> gradInput,
        ReadOnlySpan<int> rowsD, ReadOnlySpan<T> weightsD, ReadOnlySpan<int> rowsH, ReadOnlySpan<T> weightsH, ReadOnlySpan<int> columns, ReadOnlySpan<T> weightsW,
        int outD, int outH, int outW, int inPlane, int channels, int first, int end)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int outPlane = outD * outH * outW;
        int tapsD = rowsD.IsEmpty ? 1 : 2, tapsH = rowsH.IsEmpty ? 1 : 2;
        // A doubled width (NCHW, 2-D): gathered input by input on vectors (LinearDoubling).
        if (channels == 1 && rowsD.IsEmpty && !rowsH.IsEmpty && LinearDoubling<T>.TryRun(gradOutput, gradInput, inPlane, outH, outW, rowsH, weightsH, columns, weightsW, first, end))
            return;
        for (int plane = first; plane < end; plane++)
        {
            var (inBase, outBase) = PoolGradients.Bases(plane, inPlane, outPlane, channels);
            PoolGradients.Clear(gradInput, inBase, inPlane, channels);
            long o = outBase;
            for (int od = 0; od < outD; od++)
            for (int oh = 0; oh < outH; oh++)
            for (int ow = 0; ow < outW; ow++, o += channels)
            {
                T grad = gradOutput[(int)o];
                for (int a = 0; a < tapsD; a++)
                {
                    long d = Offset(rowsD, 2 * od + a);
                    T wd = Weight(weightsD, 2 * od + a);
                    for (int b = 0; b < tapsH; b++)
                    {
                        long dh = d + Offset(rowsH, 2 * oh + b);
                        // A missing axis weighs 1, and 1 · x is x exactly: the products are PyTorch's for every rank.
                        T wdh = wd * Weight(weightsH, 2 * oh + b);
                        for (int c = 0; c < 2; c++)
                        {
                            T weight = wdh * weightsW[2 * ow + c];
                            ref T target = ref gradInput[(int)(inBase + (dh + columns[2 * ow + c]) * channels)];
                            target = ExactFma.MultiplyAdd(weight, grad, target);
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// Antialiased bilinear and bicubic (_upsample_*2d_aa_backward): normalised separable weights as PyTorch's backward
    /// computes them (<see cref="AntialiasWeights{T}"/>); each output adds <c>fma(wx·wy, g, acc)</c> to every tap of its
    /// support, the height tap outermost — PyTorch's loop and, as for linear, its fused multiply-add.
    /// </summary>
    public static void Antialias<T>(ReadOnlySpan<T> gradOutput, Span<T> gradInput, int inH, int inW, int outH, int outW, T scaleH, T scaleW, bool cubic,
        int channels, int first, int end)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (startY, countY, weightsY, widthY) = AntialiasWeights(inH, outH, scaleH, cubic);
        var (startX, countX, weightsX, widthX) = AntialiasWeights(inW, outW, scaleW, cubic);
        int inPlane = inH * inW, outPlane = outH * outW;
        for (int plane = first; plane < end; plane++)
        {
            var (inBase, outBase) = PoolGradients.Bases(plane, inPlane, outPlane, channels);
            PoolGradients.Clear(gradInput, inBase, inPlane, channels);
            long o = outBase;
            for (int oh = 0; oh < outH; oh++)
            for (int ow = 0; ow < outW; ow++, o += channels)
            {
                T grad = gradOutput[(int)o];
                for (int y = 0; y < countY[oh]; y++)
                {
                    T wy = weightsY[oh * widthY + y];
                    long row = (long)(startY[oh] + y) * inW + startX[ow];
                    for (int x = 0; x < countX[ow]; x++)
                    {
                        ref T target = ref gradInput[(int)(inBase + (row + x) * channels)];
                        target = ExactFma.MultiplyAdd(weightsX[ow * widthX + x] * wy, grad, target);
                    }
                }
            }
        }
    }

    /// <summary>
    /// PyTorch's <c>_compute_weights_aa</c> as its backward kernel computes it, per axis: first tap, tap count and weights
    /// (stride <c>Width</c>). Measured on 1.13 (60 of 60 random float cases bit-equal only so): the scalar type's
    /// arithmetic with C's promotions to double where a double constant enters (the centre <c>scale·(i + 0.5)</c>, the
    /// tap position <c>(j + min − centre + 0.5)·invscale</c>), and the Keys cubic (a = −0.5) evaluated with fused
    /// multiply-adds, as the kernel's compiler contracts it. The forward's weights (AntialiasResampler) are computed otherwise.
    /// </summary>
    private static (int[] Start, int[] Count, T[] Weights, int Width) AntialiasWeights<T>(int input, int output, T scale, bool cubic)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double interp = cubic ? 4 : 2, s = double.CreateTruncating(scale);
        T support = scale >= T.One ? T.CreateTruncating(interp * 0.5 * s) : T.CreateTruncating(interp * 0.5);
        T inverse = scale >= T.One ? T.CreateTruncating(1.0 / s) : T.One;
        int width = (int)Math.Ceiling(double.CreateTruncating(support)) * 2 + 1;
        var start = new int[output];
        var count = new int[output];
        var weights = new T[output * width];
        T five = T.CreateTruncating(5), eight = T.CreateTruncating(8), four = T.CreateTruncating(4);
        for (int o = 0; o < output; o++)
        {
            T center = T.CreateTruncating(s * (o + 0.5));
            long min = Math.Max((long)(double.CreateTruncating(center - support) + 0.5), 0);
            long size = Math.Min((long)(double.CreateTruncating(center + support) + 0.5), input) - min;
            size = Math.Max(0, Math.Min(size, width));
            T total = T.Zero;
            for (int j = 0; j < size; j++)
            {
                T x = T.CreateTruncating((double.CreateTruncating(T.CreateTruncating(j + min) - center) + 0.5) * double.CreateTruncating(inverse));
                if (x < T.Zero) x = -x;
                T w;
                if (!cubic) w = x < T.One ? T.CreateTruncating(1.0 - double.CreateTruncating(x)) : T.Zero;
                else if (x < T.One)
                {
                    double d = double.CreateTruncating(x);
                    w = T.CreateTruncating(Math.FusedMultiplyAdd(Math.FusedMultiplyAdd(1.5, d, -2.5) * d, d, 1.0));
                }
                else if (x < T.One + T.One)
                {
                    T t = ExactFma.MultiplyAdd(x - five, x, eight);
                    t = ExactFma.MultiplyAdd(t, x, -four);
                    w = T.CreateTruncating(double.CreateTruncating(t) * -0.5);
                }
                else w = T.Zero;
                weights[o * width + j] = w;
                total += w;
            }
            if (total != T.Zero)
            {
                for (int j = 0; j < size; j++) weights[o * width + j] /= total;
            }
            start[o] = (int)min;
            count[o] = (int)size;
        }
        return (start, count, weights, width);
    }

    /// <summary>
    /// Bicubic (upsample_bicubic2d_backward): four clamped taps per axis; each output adds <c>(grad·wy)·wx</c> to its taps,
    /// the width tap outermost and the height tap innermost (PyTorch's loop). Equal extents copy the gradient, as PyTorch does.
    /// </summary>
    public static void Bicubic<T>(ReadOnlySpan<T> gradOutput, Span<T> gradInput, ReadOnlySpan<int> rows, ReadOnlySpan<T> weightsH, ReadOnlySpan<int> columns,
        ReadOnlySpan<T> weightsW, int inH, int inW, int outH, int outW, int channels, int first, int end)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int inPlane = inH * inW, outPlane = outH * outW;
        bool copy = inH == outH && inW == outW;
        for (int plane = first; plane < end; plane++)
        {
            var (inBase, outBase) = PoolGradients.Bases(plane, inPlane, outPlane, channels);
            PoolGradients.Clear(gradInput, inBase, inPlane, channels);
            long o = outBase;
            for (int oh = 0; oh < outH; oh++)
            for (int ow = 0; ow < outW; ow++, o += channels)
            {
                T grad = gradOutput[(int)o];
                if (copy)
                {
                    gradInput[(int)(inBase + ((long)oh * inW + ow) * channels)] = grad;
                    continue;
                }
                for (int i = 0; i < 4; i++)
                for (int j = 0; j < 4; j++)
                {
                    long at = rows[4 * oh + j] + columns[4 * ow + i];
                    gradInput[(int)(inBase + at * channels)] += grad * weightsH[4 * oh + j] * weightsW[4 * ow + i];
                }
            }
        }
    }

    // Whether the tables are nearest ×2 of a (outH / 2) × (outW / 2) plane: row offsets (oh >> 1)·inW, columns ow >> 1.
    private static bool IsDoubling(ReadOnlySpan<int> rows, ReadOnlySpan<int> columns, int outH, int outW, int inPlane)
    {
        if (rows.IsEmpty || outH % 2 != 0 || outW % 2 != 0 || (long)(outH / 2) * (outW / 2) != inPlane) return false;
        int inW = outW / 2;
        for (int oh = 0; oh < outH; oh++)
            if (rows[oh] != (oh >> 1) * inW) return false;
        for (int ow = 0; ow < outW; ow++)
            if (columns[ow] != ow >> 1) return false;
        return true;
    }

    private static long Offset(ReadOnlySpan<int> table, int i) => table.IsEmpty ? 0 : table[i];

    private static T Weight<T>(ReadOnlySpan<T> table, int i) where T : INumberBase<T> => table.IsEmpty ? T.One : table[i];
}
