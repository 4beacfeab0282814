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
    public static double Position(CoordinateTransformation transform, int x, int inLength, int outLength, double scale, double roiStart = 0, double roiEnd = 1)
    {
        // ONNX's "length_resized" is in · scale, not always whole.
        double resized = scale * inLength;
        switch (transform)
        {
            case CoordinateTransformation.TfCropAndResize:
                return (resized == 1 ? (roiEnd - roiStart) * (inLength - 1) / 2 : x * (roiEnd - roiStart) * (inLength - 1) / (resized - 1))
                    + roiStart * (inLength - 1);
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
    public static void NearestAxis(Span<int> index, CoordinateTransformation transform, NearestMode mode, int inLength, int outLength, double scale, int stride,
        double roiStart = 0, double roiEnd = 1)
    {
        if (inLength <= 0 || outLength <= 0 || index.Length < outLength)
            throw new ArgumentException("The table is shorter than the output axis.", nameof(index));
        for (int x = 0; x < outLength; x++)
        {
            double position = Position(transform, x, inLength, outLength, scale, roiStart, roiEnd);
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
        bool excludeOutside, int inLength, int outLength, double scale, int stride, double roiStart = 0, double roiEnd = 1)
        where TMath : IFloatingPointIeee754<TMath>
    {
        if (taps is not (2 or 4) || inLength <= 0 || outLength <= 0 || index.Length < (long)taps * outLength || weight.Length < (long)taps * outLength)
            throw new ArgumentException("The tables are shorter than the output axis.", nameof(index));
        Span<double> w = stackalloc double[4];
        for (int x = 0; x < outLength; x++)
        {
            double position = Position(transform, x, inLength, outLength, scale, roiStart, roiEnd);
            // A crop position outside the input (its output is the extrapolation value) takes the nearest edge's taps.
            if (transform == CoordinateTransformation.TfCropAndResize) position = Math.Clamp(position, -1, inLength);
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
            Store(index, weight, x, w.Slice(0, taps), first, excludeOutside, inLength, stride);
        }
    }

    /// <summary>ONNX's antialiased Resize: how many taps an axis takes at <paramref name="scale"/> — the filter's support
    /// (1 for linear, 2 for cubic) stretched by 1 / scale when reducing, <c>2 − 2·(floor(−support / min(scale, 1)) + 1)</c>.</summary>
    public static int AntialiasTaps(bool cubic, double scale)
    {
        double s = Math.Min(scale, 1);
        if (!(s > 0) || double.IsInfinity(s)) throw new ArgumentOutOfRangeException(nameof(scale), scale, "The scale must be positive.");
        double start = Math.Floor(-(cubic ? 2 : 1) / s) + 1;
        if (start < -(1 << 20)) throw new ArgumentOutOfRangeException(nameof(scale), scale, "The scale is too small to antialias.");
        return (int)(2 - 2 * start);
    }

    /// <summary>
    /// ONNX's antialiased linear (triangle) or cubic (Keys' <paramref name="cubicA"/>) filter on one axis: output x reads
    /// the <paramref name="taps"/> pixels around its position p (from floor(p) + start, a whole p counting as ratio 1 past
    /// p − 1), each weighted by the filter at (i − ratio) · min(scale, 1), the weights divided by their sum; a pixel
    /// outside the input reads the edge, or with <paramref name="excludeOutside"/> has weight 0 and the rest are divided
    /// again by their sum. In double, held as <typeparamref name="TMath"/>.
    /// </summary>
    public static void AntialiasAxis<TMath>(Span<int> index, Span<TMath> weight, int taps, bool cubic, CoordinateTransformation transform, double cubicA,
        bool excludeOutside, int inLength, int outLength, double scale, int stride)
        where TMath : IFloatingPointIeee754<TMath>
    {
        if (taps != AntialiasTaps(cubic, scale) || inLength <= 0 || outLength <= 0 || index.Length < (long)taps * outLength || weight.Length < (long)taps * outLength)
            throw new ArgumentException("The tables do not match the axis.", nameof(index));
        double s = Math.Min(scale, 1);
        int start = (int)(Math.Floor(-(cubic ? 2 : 1) / s) + 1);
        double[] w = new double[taps];
        for (int x = 0; x < outLength; x++)
        {
            double position = Position(transform, x, inLength, outLength, scale);
            double floor = Math.Floor(position), ratio = position - floor;
            if (ratio == 0)
            {
                floor -= 1;
                ratio = 1;
            }
            double sum = 0;
            for (int j = 0; j < taps; j++)
            {
                double d = (start + j - ratio) * s;
                w[j] = cubic ? Keys(d, cubicA) : Math.Clamp(1 - Math.Abs(d), 0, 1);
                sum += w[j];
            }
            for (int j = 0; j < taps; j++) w[j] /= sum;
            Store(index, weight, x, w, (int)floor + start, excludeOutside, inLength, stride);
        }
    }

    // Output x's taps from input position 'first' on: their weights (with exclude_outside, those outside the input set to
    // 0 and the rest divided by their sum) and their indices clamped to the input (edge pixels), times the stride.
    private static void Store<TMath>(Span<int> index, Span<TMath> weight, int x, Span<double> w, int first, bool excludeOutside, int inLength, int stride)
        where TMath : IFloatingPointIeee754<TMath>
    {
        int taps = w.Length;
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

    // Keys' cubic convolution kernel at distance d.
    private static double Keys(double d, double a)
    {
        d = Math.Abs(d);
        return d <= 1 ? ((a + 2) * d - (a + 3)) * d * d + 1 : d < 2 ? ((a * d - 5 * a) * d + 8 * a) * d - 4 * a : 0;
    }

    /// <summary>
    /// Output rows [<paramref name="first"/>, <paramref name="end"/>) of one NCHW plane (or channels-last sample of
    /// <paramref name="channels"/>) resized separably with any number of taps a side: the input rows those outputs read
    /// blended along the width into a buffer (Σ_j w·x in tap order, in <typeparamref name="TMath"/>), then each output from
    /// its rows of the buffer. As the other separable kernels' tables, rows hold the input row times the input width and
    /// columns the input column (channels-last multiplies both by the channels here).
    /// </summary>
    public static void Resample2D<T, TMath>(ReadOnlySpan<T> input, Span<T> output, int inHeight, int inWidth, int outHeight, int outWidth,
        int rowTaps, ReadOnlySpan<int> rows, ReadOnlySpan<TMath> rowWeights, int columnTaps, ReadOnlySpan<int> columns, ReadOnlySpan<TMath> columnWeights,
        int first, int end, int channels = 1)
        where T : unmanaged, INumberBase<T>
        where TMath : unmanaged, IFloatingPointIeee754<TMath>
    {
        long inPlane = (long)inHeight * inWidth * channels, outPlane = (long)outHeight * outWidth * channels;
        if (inHeight <= 0 || inWidth <= 0 || outHeight <= 0 || outWidth <= 0 || channels <= 0 || rowTaps <= 0 || columnTaps <= 0 || first < 0 || first > end
            || end > outHeight || inPlane > input.Length || outPlane > output.Length || rows.Length < (long)rowTaps * outHeight
            || rowWeights.Length < (long)rowTaps * outHeight || columns.Length < (long)columnTaps * outWidth || columnWeights.Length < (long)columnTaps * outWidth
            || (long)inHeight * outWidth * channels > int.MaxValue)
            throw new ArgumentException("The tables or buffers do not match the extents.", nameof(input));
        foreach (int row in rows.Slice(0, rowTaps * outHeight))
            if (row < 0 || row % inWidth != 0 || row / inWidth >= inHeight) throw new ArgumentException("A row offset lies outside the plane.", nameof(rows));
        foreach (int column in columns.Slice(0, columnTaps * outWidth))
            if (column < 0 || column >= inWidth) throw new ArgumentException("A column offset lies outside the row.", nameof(columns));
        int rowLength = outWidth * channels;
        TMath[] buffer = System.Buffers.ArrayPool<TMath>.Shared.Rent(inHeight * rowLength);
        bool[] done = System.Buffers.ArrayPool<bool>.Shared.Rent(inHeight);
        try
        {
            Array.Clear(done, 0, inHeight);
            for (int oh = first; oh < end; oh++)
            {
                // Width: each input row this output reads, once.
                for (int j = 0; j < rowTaps; j++)
                {
                    int ih = rows[rowTaps * oh + j] / inWidth;
                    if (done[ih]) continue;
                    done[ih] = true;
                    var source = input.Slice(ih * inWidth * channels, inWidth * channels);
                    var target = buffer.AsSpan(ih * rowLength, rowLength);
                    for (int ow = 0; ow < outWidth; ow++)
                    for (int c = 0; c < channels; c++)
                    {
                        TMath sum = TMath.Zero;
                        for (int t = 0; t < columnTaps; t++)
                            sum += columnWeights[columnTaps * ow + t] * TMath.CreateTruncating(source[columns[columnTaps * ow + t] * channels + c]);
                        target[ow * channels + c] = sum;
                    }
                }
                // Height: the output row from its rows of the buffer.
                var result = output.Slice(oh * rowLength, rowLength);
                for (int k = 0; k < rowLength; k++)
                {
                    TMath sum = TMath.Zero;
                    for (int j = 0; j < rowTaps; j++)
                        sum += rowWeights[rowTaps * oh + j] * buffer[rows[rowTaps * oh + j] / inWidth * rowLength + k];
                    result[k] = T.CreateTruncating(sum);
                }
            }
        }
        finally
        {
            System.Buffers.ArrayPool<TMath>.Shared.Return(buffer);
            System.Buffers.ArrayPool<bool>.Shared.Return(done);
        }
    }

    /// <summary>tf_crop_and_resize: which outputs of an axis fall outside the input (position below 0 or past I − 1).</summary>
    public static void CropOutside(Span<bool> outside, int inLength, int outLength, double scale, double roiStart, double roiEnd)
    {
        if (outside.Length < outLength) throw new ArgumentException("The table is shorter than the output axis.", nameof(outside));
        for (int x = 0; x < outLength; x++)
        {
            double position = Position(CoordinateTransformation.TfCropAndResize, x, inLength, outLength, scale, roiStart, roiEnd);
            outside[x] = !(position >= 0 && position <= inLength - 1);
        }
    }

    /// <summary>tf_crop_and_resize: output rows [<paramref name="first"/>, <paramref name="end"/>) of one plane (or
    /// channels-last sample) set to <paramref name="value"/> where the row's or the column's position is outside.</summary>
    public static void Extrapolate<T>(Span<T> output, int outHeight, int outWidth, ReadOnlySpan<bool> outsideRows, ReadOnlySpan<bool> outsideColumns,
        T value, int first, int end, int channels = 1)
    {
        if (first < 0 || first > end || end > outHeight || (long)outHeight * outWidth * channels > output.Length
            || outsideRows.Length < outHeight || outsideColumns.Length < outWidth)
            throw new ArgumentException("The tables or the output do not match the extents.", nameof(output));
        for (int oh = first; oh < end; oh++)
        for (int ow = 0; ow < outWidth; ow++)
        {
            if (outsideRows[oh] || outsideColumns[ow]) output.Slice((oh * outWidth + ow) * channels, channels).Fill(value);
        }
    }
}
