using System;
using System.ComponentModel;
using System.Numerics;

namespace Pooling.Kernels;

/// <summary>
/// ONNX Resize's per-axis tables (docs/semantics.md §8.12): for every output index, the input position its coordinate
/// transformation gives, then the source pixels and weights of its mode — the same tables the PyTorch modes fill, so
/// <see cref="SeparableInterpolation"/> and <see cref="NearestRows"/> do the interpolation. Positions are computed in
/// double, as ONNX's reference implementation does; source indices are clamped to the input (ONNX reads edge pixels).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class OnnxResize
{
    /// <summary>The input position of output index <paramref name="x"/> on an axis of <paramref name="inLength"/> inputs
    /// resized to <paramref name="outLength"/> by <paramref name="scale"/> (the given scale, or out / in for a size).</summary>
    public static double Position(CoordinateTransformation transform, int x, int inLength, int outLength, double scale)
    {
        // ONNX's "length_resized" is in · scale, not always whole.
        double resized = scale * inLength;
        switch (transform)
        {
            case CoordinateTransformation.AlignCorners:
                return resized == 1 ? 0 : x * (double)(inLength - 1) / (resized - 1);
            case CoordinateTransformation.Asymmetric:
                return x / scale;
            case CoordinateTransformation.PytorchHalfPixel:
                return outLength == 1 ? -0.5 : (x + 0.5) / scale - 0.5;
            case CoordinateTransformation.HalfPixelSymmetric:
            {
                double offset = inLength / 2.0 * (1 - outLength / resized);
                return offset + (x + 0.5) / scale - 0.5;
            }
            default:
                return (x + 0.5) / scale - 0.5;
        }
    }

    /// <summary>Nearest: each output's source index (times <paramref name="stride"/>) into <paramref name="index"/>.</summary>
    public static void NearestAxis(Span<int> index, CoordinateTransformation transform, NearestMode mode, int inLength, int outLength, double scale, int stride)
    {
        if (inLength <= 0 || outLength <= 0 || index.Length < outLength)
            throw new ArgumentException("The table is shorter than the output axis.", nameof(index));
        for (int x = 0; x < outLength; x++)
        {
            double position = Position(transform, x, inLength, outLength, scale);
            double floor = Math.Floor(position), fraction = position - floor;
            double source = mode switch
            {
                NearestMode.RoundPreferCeil => fraction >= 0.5 ? floor + 1 : floor,
                NearestMode.Ceil => Math.Ceiling(position),
                NearestMode.Floor or NearestMode.PyTorch => floor,
                _ => fraction > 0.5 ? floor + 1 : floor,
            };
            index[x] = (int)Math.Clamp(source, 0, inLength - 1) * stride;
        }
    }

    /// <summary>
    /// Linear (<paramref name="taps"/> = 2) or cubic (4, Keys' kernel with <paramref name="cubicA"/>): each output's source
    /// indices (times <paramref name="stride"/>) and weights, side by side. The taps are the <paramref name="taps"/> input
    /// positions nearest the output's position, the lower first: floor(p) − taps/2 + 1 …, with the fraction p − floor(p);
    /// a whole p is fraction 1 past p − 1 (its own tap weight 1, the others 0). <paramref name="excludeOutside"/>
    /// zeroes the weights of taps outside the input and renormalises the rest; otherwise such taps read the edge.
    /// </summary>
    public static void InterpolatingAxis<TMath>(Span<int> index, Span<TMath> weight, int taps, CoordinateTransformation transform, double cubicA,
        bool excludeOutside, int inLength, int outLength, double scale, int stride)
        where TMath : IFloatingPointIeee754<TMath>
    {
        if (taps is not (2 or 4) || inLength <= 0 || outLength <= 0 || index.Length < (long)taps * outLength || weight.Length < (long)taps * outLength)
            throw new ArgumentException("The tables are shorter than the output axis.", nameof(index));
        Span<double> w = stackalloc double[4];
        for (int x = 0; x < outLength; x++)
        {
            double position = Position(transform, x, inLength, outLength, scale);
            double floor = Math.Floor(position), t = position - floor;
            // A whole position is ratio 1 past the pixel below it (ONNX's neighbour rule): the same value, and the same
            // zero-weight taps, so NaN and ∞ in them propagate as in ONNX.
            if (t == 0)
            {
                floor -= 1;
                t = 1;
            }
            int first = (int)floor - taps / 2 + 1;
            if (taps == 2)
            {
                w[0] = 1 - t;
                w[1] = t;
            }
            else
            {
                double a = cubicA, x1 = t + 1, x2 = 1 - t, x3 = x2 + 1;
                w[0] = ((a * x1 - 5 * a) * x1 + 8 * a) * x1 - 4 * a;
                w[1] = ((a + 2) * t - (a + 3)) * t * t + 1;
                w[2] = ((a + 2) * x2 - (a + 3)) * x2 * x2 + 1;
                w[3] = ((a * x3 - 5 * a) * x3 + 8 * a) * x3 - 4 * a;
            }
            if (excludeOutside)
            {
                double sum = 0;
                for (int j = 0; j < taps; j++)
                {
                    if (first + j < 0 || first + j >= inLength) w[j] = 0;
                    sum += w[j];
                }
                for (int j = 0; j < taps; j++) w[j] /= sum;
            }
            for (int j = 0; j < taps; j++)
            {
                index[taps * x + j] = Math.Clamp(first + j, 0, inLength - 1) * stride;
                weight[taps * x + j] = TMath.CreateTruncating(w[j]);
            }
        }
    }
}
