using System;
using Pooling.Kernels;

namespace Pooling.Reference;

/// <summary>
/// Pillow's 8-bit resampler written straight from docs/semantics.md §8.10, pixel by pixel, as the test oracle of
/// <see cref="PillowResampler"/>: its own coefficients (double weights normalised, then 22-bit fixed point), a whole
/// intermediate image of the width pass (every input row, where the kernel keeps a ring of the rows it needs), then the
/// height pass; no vectors. Planes, or channels-last images of <c>channels</c> interleaved bytes.
/// </summary>
public static class ReferencePillow
{
    private const int Bits = 22;

    /// <summary><paramref name="images"/> images of inH×inW pixels resampled to outH×outW with the filter stretched by the
    /// given scales (input pixels per output pixel).</summary>
    public static void Resample(ReadOnlySpan<byte> input, Span<byte> output, int images, int inH, int inW, int outH, int outW,
        double scaleH, double scaleW, PillowFilter filter, int channels = 1)
    {
        int c = channels;
        var (rowStart, rowCount, rowWeights) = Coefficients(inH, outH, scaleH, filter);
        var (columnStart, columnCount, columnWeights) = Coefficients(inW, outW, scaleW, filter);
        for (int image = 0; image < images; image++)
        {
            var source = input.Slice(image * inH * inW * c, inH * inW * c);
            var target = output.Slice(image * outH * outW * c, outH * outW * c);
            // Width pass (skipped when the width does not change, as Pillow skips it).
            byte[] wide = new byte[inH * outW * c];
            for (int y = 0; y < inH; y++)
            for (int x = 0; x < outW; x++)
            for (int k = 0; k < c; k++)
            {
                if (outW == inW) { wide[(y * outW + x) * c + k] = source[(y * inW + x) * c + k]; continue; }
                int sum = 1 << (Bits - 1);
                for (int j = 0; j < columnCount[x]; j++) sum += source[(y * inW + columnStart[x] + j) * c + k] * columnWeights[x][j];
                wide[(y * outW + x) * c + k] = Clip(sum);
            }
            // Height pass.
            for (int y = 0; y < outH; y++)
            for (int x = 0; x < outW; x++)
            for (int k = 0; k < c; k++)
            {
                if (outH == inH) { target[(y * outW + x) * c + k] = wide[(y * outW + x) * c + k]; continue; }
                int sum = 1 << (Bits - 1);
                for (int j = 0; j < rowCount[y]; j++) sum += wide[((rowStart[y] + j) * outW + x) * c + k] * rowWeights[y][j];
                target[(y * outW + x) * c + k] = Clip(sum);
            }
        }
    }

    private static byte Clip(int sum) => (byte)Math.Clamp(sum >> Bits, 0, 255);

    // Pillow's precompute_coeffs and normalize_coeffs_8bpc for one axis.
    private static (int[] Start, int[] Count, int[][] Weights) Coefficients(int inSize, int outSize, double scale, PillowFilter filter)
    {
        double filterScale = Math.Max(scale, 1.0);
        double support = filter switch { PillowFilter.Box => 0.5, PillowFilter.Bilinear => 1.0, PillowFilter.Bicubic => 2.0, _ => 3.0 } * filterScale;
        var start = new int[outSize];
        var count = new int[outSize];
        var weights = new int[outSize][];
        for (int o = 0; o < outSize; o++)
        {
            double center = (o + 0.5) * scale;
            int min = Math.Max((int)(center - support + 0.5), 0);
            int max = Math.Min((int)(center + support + 0.5), inSize);
            var w = new double[Math.Max(max - min, 0)];
            double total = 0;
            for (int j = 0; j < w.Length; j++) total += w[j] = Filter(filter, (j + min - center + 0.5) / filterScale);
            weights[o] = new int[w.Length];
            for (int j = 0; j < w.Length; j++)
            {
                double v = total != 0 ? w[j] / total : w[j];
                weights[o][j] = (int)(v < 0 ? v * (1 << Bits) - 0.5 : v * (1 << Bits) + 0.5);
            }
            (start[o], count[o]) = (min, w.Length);
        }
        return (start, count, weights);
    }

    private static double Filter(PillowFilter filter, double x)
    {
        double a = Math.Abs(x);
        return filter switch
        {
            PillowFilter.Box => x > -0.5 && x <= 0.5 ? 1 : 0,
            PillowFilter.Bilinear => a < 1 ? 1 - a : 0,
            PillowFilter.Bicubic => a < 1 ? (1.5 * a - 2.5) * a * a + 1 : a < 2 ? (((a - 5) * a + 8) * a - 4) * -0.5 : 0,   // Keys, a = −0.5
            _ => x >= -3 && x < 3 ? Sinc(x) * Sinc(x / 3) : 0,
        };

        static double Sinc(double v) => v == 0 ? 1 : Math.Sin(v * Math.PI) / (v * Math.PI);
    }
}
