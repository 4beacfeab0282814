using System;
using System.Numerics;
using Pooling.Kernels;

namespace Pooling.Reference;

/// <summary>
/// F.interpolate(..., antialias=True) written straight from docs/semantics.md §8.6, element by element, as the test
/// oracle of the vectorised kernel: per output, <c>Σ_j x[start + j] · w_j</c> left to right in the compute type (the
/// first product, then each next one added), along the width first into a buffer of rows, then along the height; a pass
/// whose extent does not change copies. The weights are the kernel's (<see cref="AntialiasResampler.Weights{TMath}"/>),
/// which PyTorch's fixtures check; the loops are what this oracle checks. NCHW planes, or channels-last samples.
/// </summary>
public static class ReferenceAntialias
{
    /// <summary><paramref name="planes"/> planes (or channels-last samples of <paramref name="channels"/>) of inH×inW
    /// resampled to outH×outW with the kernels' scales (1/scale_factor, I/O, or (I−1)/(O−1) with align_corners).</summary>
    public static void Resample<T, TMath>(ReadOnlySpan<T> input, Span<T> output, int planes, int inH, int inW, int outH, int outW,
        TMath scaleH, TMath scaleW, bool cubic, int channels = 1)
        where T : INumber<T>
        where TMath : IFloatingPoint<TMath>
    {
        var (startW, countW, weightsW, widthW) = AntialiasResampler.Weights(inW, outW, scaleW, cubic);
        var (startH, countH, weightsH, widthH) = AntialiasResampler.Weights(inH, outH, scaleH, cubic);
        int c = channels;
        var rows = new TMath[inH * outW * c];
        for (int plane = 0; plane < planes; plane++)
        {
            var source = input.Slice(plane * inH * inW * c, inH * inW * c);
            var target = output.Slice(plane * outH * outW * c, outH * outW * c);
            for (int h = 0; h < inH; h++)
            for (int ow = 0; ow < outW; ow++)
            for (int k = 0; k < c; k++)
            {
                TMath sum;
                if (inW == outW)
                {
                    sum = TMath.CreateTruncating(source[(h * inW + ow) * c + k]);
                }
                else
                {
                    int first = h * inW + startW[ow];
                    sum = TMath.CreateTruncating(source[first * c + k]) * weightsW[ow * widthW];
                    for (int j = 1; j < countW[ow]; j++) sum += TMath.CreateTruncating(source[(first + j) * c + k]) * weightsW[ow * widthW + j];
                }
                rows[(h * outW + ow) * c + k] = sum;
            }
            for (int oh = 0; oh < outH; oh++)
            for (int ow = 0; ow < outW; ow++)
            for (int k = 0; k < c; k++)
            {
                TMath sum;
                if (inH == outH)
                {
                    sum = rows[(oh * outW + ow) * c + k];
                }
                else
                {
                    sum = rows[(startH[oh] * outW + ow) * c + k] * weightsH[oh * widthH];
                    for (int j = 1; j < countH[oh]; j++) sum += rows[((startH[oh] + j) * outW + ow) * c + k] * weightsH[oh * widthH + j];
                }
                target[(oh * outW + ow) * c + k] = T.CreateTruncating(sum);
            }
        }
    }
}
