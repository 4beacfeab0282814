using System;
using System.Buffers;
using System.ComponentModel;
using System.Numerics;

namespace Pooling.Kernels;

/// <summary>
/// F.interpolate(..., antialias=True) for bilinear and bicubic 2-D (docs/semantics.md §8.6): separable filter weights per axis
/// (triangle, or Keys cubic with a = −0.5), stretched by the scale when downsampling and normalised to sum 1; applied
/// along the width first, then the height, each pass skipped when that extent does not change — PyTorch's order.
/// Called by generated code; the weights depend on run-time extents, so they are computed once per call.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class AntialiasResampler
{
    /// <summary>Resamples <paramref name="planes"/> planes of inH×inW to outH×outW (with <paramref name="channels"/> > 1:
    /// that many channels-last samples, every pixel a run of channels resampled like planes of their own).
    /// <paramref name="scaleH"/>/<paramref name="scaleW"/> are the kernels' scales (1/scale_factor, I/O, or (I−1)/(O−1)
    /// with align_corners).</summary>
    public static void Resample<T, TMath>(ReadOnlySpan<T> input, Span<T> output, int planes, int inH, int inW, int outH, int outW,
        TMath scaleH, TMath scaleW, bool cubic, int channels = 1)
        where T : INumber<T>
        where TMath : IFloatingPoint<TMath>
    {
        if (channels <= 0 || (long)planes * inH * inW * channels > input.Length || (long)planes * outH * outW * channels > output.Length)
            throw new ArgumentException("The extents do not fit the buffers.", nameof(planes));
        var (startW, countW, weightsW, widthW) = Weights(inW, outW, scaleW, cubic);
        var (startH, countH, weightsH, widthH) = Weights(inH, outH, scaleH, cubic);
        int c = channels;
        TMath[] rows = ArrayPool<TMath>.Shared.Rent(inH * outW * c);
        try
        {
            for (int plane = 0; plane < planes; plane++)
            {
                var source = input.Slice(plane * inH * inW * c, inH * inW * c);
                var target = output.Slice(plane * outH * outW * c, outH * outW * c);
                // Horizontal pass (or a plain copy when the width does not change); channel k of a pixel at p·c + k.
                for (int h = 0; h < inH; h++)
                for (int ow = 0; ow < outW; ow++)
                for (int k = 0; k < c; k++)
                {
                    if (inW == outW)
                    {
                        rows[(h * outW + ow) * c + k] = TMath.CreateTruncating(source[(h * inW + ow) * c + k]);
                        continue;
                    }
                    int first = h * inW + startW[ow];
                    TMath sum = TMath.CreateTruncating(source[first * c + k]) * weightsW[ow * widthW];
                    for (int j = 1; j < countW[ow]; j++) sum += TMath.CreateTruncating(source[(first + j) * c + k]) * weightsW[ow * widthW + j];
                    rows[(h * outW + ow) * c + k] = sum;
                }
                // Vertical pass.
                for (int oh = 0; oh < outH; oh++)
                for (int ow = 0; ow < outW; ow++)
                for (int k = 0; k < c; k++)
                {
                    if (inH == outH)
                    {
                        target[(oh * outW + ow) * c + k] = T.CreateTruncating(rows[(oh * outW + ow) * c + k]);
                        continue;
                    }
                    TMath sum = rows[(startH[oh] * outW + ow) * c + k] * weightsH[oh * widthH];
                    for (int j = 1; j < countH[oh]; j++) sum += rows[((startH[oh] + j) * outW + ow) * c + k] * weightsH[oh * widthH + j];
                    target[(oh * outW + ow) * c + k] = T.CreateTruncating(sum);
                }
            }
        }
        finally
        {
            ArrayPool<TMath>.Shared.Return(rows);
        }
    }

    /// <summary>PyTorch's _compute_weights_aa for one axis: first tap, tap count and normalised weights per output.</summary>
    public static (int[] Start, int[] Count, TMath[] Weights, int Width) Weights<TMath>(int input, int output, TMath scale, bool cubic)
        where TMath : IFloatingPoint<TMath>
    {
        double s = double.CreateTruncating(scale);
        double interp = cubic ? 4 : 2;
        double support = s >= 1.0 ? interp * 0.5 * s : interp * 0.5;
        double invScale = s >= 1.0 ? 1.0 / s : 1.0;
        int width = (int)Math.Ceiling(support) * 2 + 1;
        var start = new int[output];
        var count = new int[output];
        var weights = new TMath[output * width];
        for (int o = 0; o < output; o++)
        {
            double center = s * (o + 0.5);
            int min = Math.Max((int)(center - support + 0.5), 0);
            int size = Math.Min((int)(center + support + 0.5), input) - min;
            size = Math.Min(size, width);
            TMath total = TMath.Zero;
            for (int j = 0; j < size; j++)
            {
                TMath w = TMath.CreateTruncating(Filter((j + min - center + 0.5) * invScale, cubic));
                weights[o * width + j] = w;
                total += w;
            }
            if (total != TMath.Zero)
            {
                for (int j = 0; j < size; j++) weights[o * width + j] /= total;
            }
            start[o] = min;
            count[o] = Math.Max(size, 0);
        }
        return (start, count, weights, width);
    }

    // Triangle for bilinear; Keys' cubic with a = −0.5 for bicubic (PIL's, not the −0.75 of plain bicubic).
    private static double Filter(double x, bool cubic)
    {
        x = Math.Abs(x);
        if (!cubic) return x < 1 ? 1 - x : 0;
        const double a = -0.5;
        if (x < 1) return ((a + 2) * x - (a + 3)) * x * x + 1;
        if (x < 2) return (((x - 5) * x + 8) * x - 4) * a;
        return 0;
    }
}
