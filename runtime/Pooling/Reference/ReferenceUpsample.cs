using System;
using System.Numerics;

namespace Pooling.Reference;

/// <summary>
/// F.interpolate written straight from docs/semantics.md §8.2–§8.5, element by element, as the test oracle:
/// nearest, nearest-exact, linear/bilinear/trilinear (with and without align_corners) and bicubic (A = −0.75, border
/// clamped). Index and weight math is in float for float and Half data, double for double (nearest always float), and
/// taps are combined in PyTorch's order (innermost axis first, then each outer axis). NCHW planes.
/// </summary>
public static class ReferenceUpsample
{
    /// <summary>The interpolation of one plane set. <paramref name="scaleFactor"/> holds the user's per-axis scale factors
    /// (or null when a size was given); with <paramref name="recompute"/> they are ignored by the kernel.</summary>
    public static void Upsample<T, TMath>(ReadOnlySpan<T> input, int[] inputSize, int[] outputSize, UpsampleMode mode, bool alignCorners,
        double[]? scaleFactor, bool recompute, Span<T> output)
        where T : INumber<T>
        where TMath : IFloatingPoint<TMath>
    {
        // Area is adaptive average pooling (docs/semantics.md §8.7); the linear taps below would silently compute something else.
        if (mode == UpsampleMode.Area)
            throw new ArgumentException("Area interpolation is adaptive average pooling: use ReferenceAdaptivePooling.AdaptiveAvgPool.", nameof(mode));
        int rank = inputSize.Length;
        int inPlane = 1, outPlane = 1;
        foreach (int v in inputSize) inPlane = checked(inPlane * v);
        foreach (int v in outputSize) outPlane = checked(outPlane * v);
        int planes = input.Length / inPlane;
        if (input.Length != planes * inPlane || output.Length != planes * outPlane)
            throw new ArgumentException("Input and output must be whole planes of the given sizes.");

        // Per axis: source indices and weights for every output index (a "tap" list).
        var taps = new (int[] Index, TMath[] Weight)[rank][];
        for (int a = 0; a < rank; a++)
        {
            double? sf = scaleFactor is null || recompute ? null : scaleFactor[a];
            taps[a] = new (int[], TMath[])[outputSize[a]];
            for (int o = 0; o < outputSize[a]; o++) taps[a][o] = Taps<TMath>(mode, inputSize[a], outputSize[a], o, alignCorners, sf);
        }

        var coordinate = new int[rank];
        for (int plane = 0; plane < planes; plane++)
        {
            for (int o = 0; o < outPlane; o++)
            {
                int rest = o;
                for (int a = rank - 1; a >= 0; a--)
                {
                    coordinate[a] = rest % outputSize[a];
                    rest /= outputSize[a];
                }
                TMath value = Combine<T, TMath>(input.Slice(plane * inPlane, inPlane), inputSize, taps, coordinate, 0, 0);
                // uint8 bilinear and bicubic: the float value rounded half to even and clamped (docs/semantics.md §8.10);
                // nearest copies an integer, which rounding keeps.
                output[plane * outPlane + o] = typeof(T) == typeof(byte) ? T.CreateSaturating(TMath.Round(value)) : T.CreateTruncating(value);
            }
        }
    }

    // Σ_j Combine(next axis at index_j) · w_j, left to right: PyTorch's Interpolate<n>::eval.
    private static TMath Combine<T, TMath>(ReadOnlySpan<T> plane, int[] inputSize, (int[] Index, TMath[] Weight)[][] taps, int[] coordinate, int axis, int offset)
        where T : INumber<T>
        where TMath : IFloatingPoint<TMath>
    {
        var (index, weight) = taps[axis][coordinate[axis]];
        int stride = 1;
        for (int a = axis + 1; a < inputSize.Length; a++) stride *= inputSize[a];
        TMath sum = TMath.Zero;
        for (int j = 0; j < index.Length; j++)
        {
            int position = offset + index[j] * stride;
            TMath t = axis == inputSize.Length - 1 ? TMath.CreateTruncating(plane[position]) : Combine<T, TMath>(plane, inputSize, taps, coordinate, axis + 1, position);
            sum = j == 0 ? t * weight[j] : sum + t * weight[j];
        }
        return sum;
    }

    private static (int[] Index, TMath[] Weight) Taps<TMath>(UpsampleMode mode, int input, int output, int o, bool alignCorners, double? sf)
        where TMath : IFloatingPoint<TMath>
    {
        switch (mode)
        {
            case UpsampleMode.Nearest:
            case UpsampleMode.NearestExact:
            {
                // Nearest index math is always float (nearest_neighbor_compute_source_index takes a float scale).
                float scale = sf is { } s && s > 0 ? (float)(1.0 / s) : (float)input / output;
                float position = mode == UpsampleMode.Nearest ? o * scale : (o + 0.5f) * scale;
                int source = (int)Math.Min((long)MathF.Floor(position), input - 1);
                return (new[] { source }, new[] { TMath.One });
            }
            case UpsampleMode.Bicubic:
            {
                // Bicubic positions stay in the opmath type (float for float data).
                TMath scale = Scale<TMath>(input, output, alignCorners, sf);
                TMath half = TMath.CreateTruncating(0.5);
                TMath real = alignCorners ? scale * TMath.CreateTruncating(o) : scale * (TMath.CreateTruncating(o) + half) - half;
                TMath floor = TMath.Floor(real);
                int i = int.CreateTruncating(floor);
                TMath t = real - floor;
                TMath a = TMath.CreateTruncating(-0.75);
                var weights = new[] { Cubic2(t + TMath.One, a), Cubic1(t, a), Cubic1(TMath.One - t, a), Cubic2(TMath.One - t + TMath.One, a) };
                var indices = new int[4];
                for (int j = 0; j < 4; j++) indices[j] = Math.Clamp(i - 1 + j, 0, input - 1);
                return (indices, weights);
            }
            default:
            {
                if (output == input) return (new[] { o, o }, new[] { TMath.One, TMath.Zero });
                double real = Math.Max(SourcePosition(Scale<TMath>(input, output, alignCorners, sf), o, alignCorners), 0);
                int i0 = Math.Min((int)real, input - 1);   // a float scale can round the last position up to I
                int i1 = i0 + (i0 < input - 1 ? 1 : 0);
                TMath lambda1 = TMath.CreateTruncating(Math.Min(Math.Max(real - i0, 0.0), 1.0));
                return (new[] { i0, i1 }, new[] { TMath.One - lambda1, lambda1 });
            }
        }

    }

    // The source position of output o, in double from the (rounded) scale: what PyTorch 1.13 computes, measured (a float
    // computation differs from it in the last bit of the weights, which shows as NaN where a 0 weight meets ±∞).
    private static double SourcePosition<TMath>(TMath scale, int o, bool alignCorners) where TMath : IFloatingPoint<TMath>
    {
        double s = double.CreateTruncating(scale);
        return alignCorners ? s * o : s * (o + 0.5) - 0.5;
    }

    // area_pixel_compute_scale: (I − 1)/(O − 1) with align_corners, else 1/sf for a kept scale factor, else I/O.
    private static TMath Scale<TMath>(int input, int output, bool alignCorners, double? sf)
        where TMath : IFloatingPoint<TMath>
    {
        if (alignCorners) return output > 1 ? TMath.CreateTruncating(input - 1) / TMath.CreateTruncating(output - 1) : TMath.Zero;
        return sf is { } s && s > 0 ? TMath.CreateTruncating(1.0 / s) : TMath.CreateTruncating(input) / TMath.CreateTruncating(output);
    }

    // Keys' cubic convolution (docs/semantics.md §8.5), for |x| ≤ 1 and 1 < |x| < 2.
    private static TMath Cubic1<TMath>(TMath x, TMath a) where TMath : IFloatingPoint<TMath> =>
        ((a + TMath.CreateTruncating(2)) * x - (a + TMath.CreateTruncating(3))) * x * x + TMath.One;

    private static TMath Cubic2<TMath>(TMath x, TMath a) where TMath : IFloatingPoint<TMath> =>
        ((a * x - TMath.CreateTruncating(5) * a) * x + TMath.CreateTruncating(8) * a) * x - TMath.CreateTruncating(4) * a;
}
