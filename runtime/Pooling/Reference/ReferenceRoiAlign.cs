using System;
using System.Numerics;

namespace Pooling.Reference;

/// <summary>
/// RoIAlign written from docs/semantics.md §10 output by output, as the test oracle: for every box, channel and bin, the
/// bin's sample points, each bilinearly interpolated where it falls (torchvision's <c>bilinear_interpolate</c>: a point
/// outside [−1, H] × [−1, W] is 0, one in the last pixel's margin clamps), summed in row-major sample order and divided
/// by the sample count — or, for ONNX's max mode, the largest weighted corner of any sample. Arithmetic in the element
/// type throughout, as torchvision's CPU kernel. Boxes are torchvision's rows (batch index, x1, y1, x2, y2).
/// </summary>
public static class ReferenceRoiAlign
{
    /// <summary>Every box's channels × <paramref name="outHeight"/> × <paramref name="outWidth"/> bins, box after box.</summary>
    public static void RoiAlign<T>(ReadOnlySpan<T> input, int channels, int height, int width, ReadOnlySpan<T> boxes, int outHeight, int outWidth,
        T spatialScale, int samplingRatio, bool aligned, bool max, Span<T> output)
        where T : IFloatingPointIeee754<T>
    {
        int boxCount = boxes.Length / 5, image = channels * height * width;
        if (output.Length != boxCount * channels * outHeight * outWidth) throw new ArgumentException("The output does not hold every box's bins.", nameof(output));
        T Half = T.CreateTruncating(0.5);
        for (int k = 0; k < boxCount; k++)
        {
            var box = boxes.Slice(k * 5, 5);
            int n = int.CreateTruncating(box[0]);
            T offset = aligned ? Half : T.Zero;
            T x1 = box[1] * spatialScale - offset, y1 = box[2] * spatialScale - offset;
            T x2 = box[3] * spatialScale - offset, y2 = box[4] * spatialScale - offset;
            T roiW = x2 - x1, roiH = y2 - y1;
            if (!aligned)
            {
                roiW = T.Max(roiW, T.One);
                roiH = T.Max(roiH, T.One);
            }
            T binH = roiH / T.CreateTruncating(outHeight), binW = roiW / T.CreateTruncating(outWidth);
            int gridH = samplingRatio > 0 ? samplingRatio : int.CreateSaturating(T.Ceiling(roiH / T.CreateTruncating(outHeight)));
            int gridW = samplingRatio > 0 ? samplingRatio : int.CreateSaturating(T.Ceiling(roiW / T.CreateTruncating(outWidth)));
            T count = T.CreateTruncating(Math.Max(gridH * gridW, 1));
            for (int c = 0; c < channels; c++)
            {
                var plane = input.Slice(n * image + c * height * width, height * width);
                for (int ph = 0; ph < outHeight; ph++)
                for (int pw = 0; pw < outWidth; pw++)
                {
                    T value = T.Zero;
                    bool first = true;
                    for (int iy = 0; iy < gridH; iy++)
                    {
                        T y = y1 + T.CreateTruncating(ph) * binH + (T.CreateTruncating(iy) + Half) * binH / T.CreateTruncating(gridH);
                        for (int ix = 0; ix < gridW; ix++)
                        {
                            T x = x1 + T.CreateTruncating(pw) * binW + (T.CreateTruncating(ix) + Half) * binW / T.CreateTruncating(gridW);
                            var (v1, v2, v3, v4) = Corners(plane, height, width, y, x);
                            if (max)
                            {
                                T sample = Larger(Larger(Larger(v1, v2), v3), v4);
                                value = first ? sample : Larger(value, sample);
                                first = false;
                            }
                            else
                            {
                                value += v1 + v2 + v3 + v4;
                            }
                        }
                    }
                    output[((k * channels + c) * outHeight + ph) * outWidth + pw] = max ? value : value / count;
                }
            }
        }
    }

    // The four weighted corners of point (y, x): w·x[corner] each, in the order (low, low), (low, high), (high, low),
    // (high, high). Outside the map every weight is 0 and the corner read is pixel (0, 0).
    private static (T, T, T, T) Corners<T>(ReadOnlySpan<T> plane, int height, int width, T y, T x) where T : IFloatingPointIeee754<T>
    {
        if (y < -T.One || y > T.CreateTruncating(height) || x < -T.One || x > T.CreateTruncating(width))
            return (T.Zero * plane[0], T.Zero * plane[0], T.Zero * plane[0], T.Zero * plane[0]);
        if (y <= T.Zero) y = T.Zero;
        if (x <= T.Zero) x = T.Zero;
        int yLow = int.CreateTruncating(y), xLow = int.CreateTruncating(x), yHigh, xHigh;
        if (yLow >= height - 1) { yHigh = yLow = height - 1; y = T.CreateTruncating(yLow); } else yHigh = yLow + 1;
        if (xLow >= width - 1) { xHigh = xLow = width - 1; x = T.CreateTruncating(xLow); } else xHigh = xLow + 1;
        T ly = y - T.CreateTruncating(yLow), lx = x - T.CreateTruncating(xLow), hy = T.One - ly, hx = T.One - lx;
        return (hy * hx * plane[yLow * width + xLow], hy * lx * plane[yLow * width + xHigh], ly * hx * plane[yHigh * width + xLow], ly * lx * plane[yHigh * width + xHigh]);
    }

    private static T Larger<T>(T a, T b) where T : IFloatingPointIeee754<T> => b > a ? b : a;
}
