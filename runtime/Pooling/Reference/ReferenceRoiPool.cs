using System;
using System.Numerics;

namespace Pooling.Reference;

/// <summary>
/// RoIPool written from docs/semantics.md §10.1 bin by bin, as the test oracle: the box's corners times the spatial
/// scale rounded half away from zero, its size at least one pixel, bin (ph, pw) the pixels from floor(ph · h / bins) to
/// ceil((ph + 1) · h / bins) past the box's start, clamped to the map; the largest (first of equals, NaN never), starting
/// from −FLT_MAX; an empty bin is 0.
/// </summary>
public static class ReferenceRoiPool
{
    /// <summary>Every box's channels × <paramref name="outHeight"/> × <paramref name="outWidth"/> bins, box after box.</summary>
    public static void RoiPool<T>(ReadOnlySpan<T> input, int channels, int height, int width, ReadOnlySpan<T> boxes, int outHeight, int outWidth,
        T spatialScale, Span<T> output)
        where T : IFloatingPointIeee754<T>
    {
        int boxCount = boxes.Length / 5, image = channels * height * width;
        for (int k = 0; k < boxCount; k++)
        {
            int n = int.CreateTruncating(boxes[5 * k]);
            long x1 = (long)Math.Round(double.CreateTruncating(boxes[5 * k + 1] * spatialScale), MidpointRounding.AwayFromZero);
            long y1 = (long)Math.Round(double.CreateTruncating(boxes[5 * k + 2] * spatialScale), MidpointRounding.AwayFromZero);
            long x2 = (long)Math.Round(double.CreateTruncating(boxes[5 * k + 3] * spatialScale), MidpointRounding.AwayFromZero);
            long y2 = (long)Math.Round(double.CreateTruncating(boxes[5 * k + 4] * spatialScale), MidpointRounding.AwayFromZero);
            T binH = T.CreateTruncating(Math.Max(y2 - y1 + 1, 1)) / T.CreateTruncating(outHeight);
            T binW = T.CreateTruncating(Math.Max(x2 - x1 + 1, 1)) / T.CreateTruncating(outWidth);
            for (int c = 0; c < channels; c++)
            for (int ph = 0; ph < outHeight; ph++)
            for (int pw = 0; pw < outWidth; pw++)
            {
                long h0 = Math.Clamp((long)double.CreateTruncating(T.Floor(T.CreateTruncating(ph) * binH)) + y1, 0, height);
                long h1 = Math.Clamp((long)double.CreateTruncating(T.Ceiling(T.CreateTruncating(ph + 1) * binH)) + y1, 0, height);
                long w0 = Math.Clamp((long)double.CreateTruncating(T.Floor(T.CreateTruncating(pw) * binW)) + x1, 0, width);
                long w1 = Math.Clamp((long)double.CreateTruncating(T.Ceiling(T.CreateTruncating(pw + 1) * binW)) + x1, 0, width);
                T best = h1 <= h0 || w1 <= w0 ? T.Zero : T.CreateTruncating(-float.MaxValue);
                for (long h = h0; h < h1; h++)
                for (long w = w0; w < w1; w++)
                {
                    T v = input[(int)(n * image + c * height * width + h * width + w)];
                    if (v > best) best = v;
                }
                output[((k * channels + c) * outHeight + ph) * outWidth + pw] = best;
            }
        }
    }
}
