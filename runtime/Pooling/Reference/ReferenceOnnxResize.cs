using System;
using System.Linq;
using System.Numerics;

namespace Pooling.Reference;

/// <summary>
/// ONNX Resize (nearest, linear, cubic) written from the operator's specification (docs/semantics.md §8.12), element by
/// element, as the test oracle: each output is a 1-D interpolation along the outermost axis of the values that the
/// (n−1)-D interpolations of each input slice give — the innermost axis first — in double, rounded to the element type
/// once. An axis reads the n input pixels nearest the output's position (the lower ones on a tie), through an
/// edge-padded copy of the input.
/// </summary>
public static class ReferenceOnnxResize
{
    /// <summary>Resizes planes of <paramref name="inputSize"/> to <paramref name="outputSize"/>; <paramref name="scales"/>
    /// are ONNX's per-axis scales (the given ones, or output / input for sizes).</summary>
    public static void Resize<T>(ReadOnlySpan<T> input, int[] inputSize, int[] outputSize, double[] scales, string mode,
        CoordinateTransformation transform, NearestMode nearestMode, double cubicA, bool excludeOutside, Span<T> output, bool antialias = false,
        double[]? roi = null, double extrapolation = 0)
        where T : INumber<T>
    {
        int rank = inputSize.Length, inPlane = 1, outPlane = 1;
        foreach (int v in inputSize) inPlane *= v;
        foreach (int v in outputSize) outPlane *= v;
        int planes = input.Length / inPlane;
        if (input.Length != planes * inPlane || output.Length != planes * outPlane)
            throw new ArgumentException("Input and output must be whole planes of the given sizes.");
        var values = new double[input.Length];
        for (int i = 0; i < input.Length; i++) values[i] = double.CreateTruncating(input[i]);
        var x = new int[rank];
        for (int p = 0; p < planes; p++)
        for (int o = 0; o < outPlane; o++)
        {
            for (int a = rank - 1, rest = o; a >= 0; a--)
            {
                x[a] = rest % outputSize[a];
                rest /= outputSize[a];
            }
            double value = Interpolate(values, p * inPlane, inputSize, outputSize, scales, x, 0, mode, transform, nearestMode, cubicA, excludeOutside, antialias,
                roi, extrapolation);
            output[p * outPlane + o] = T.CreateTruncating(value);
        }
    }

    // Axis 'axis' onwards, of the slice starting at 'start'.
    private static double Interpolate(double[] data, int start, int[] inputSize, int[] outputSize, double[] scales, int[] x, int axis, string mode,
        CoordinateTransformation transform, NearestMode nearestMode, double cubicA, bool excludeOutside, bool antialias, double[]? roi, double extrapolation)
    {
        int inLength = inputSize[axis], stride = 1;
        for (int a = axis + 1; a < inputSize.Length; a++) stride *= inputSize[a];
        double Point(int i) => axis == inputSize.Length - 1
            ? data[start + i]
            : Interpolate(data, start + i * stride, inputSize, outputSize, scales, x, axis + 1, mode, transform, nearestMode, cubicA, excludeOutside, antialias,
                roi, extrapolation);

        double position;
        if (transform == CoordinateTransformation.TfCropAndResize)
        {
            // tf_crop_and_resize: x spread over the region; a position outside the input is the extrapolation value.
            double roiStart = roi![axis], roiEnd = roi[inputSize.Length + axis], resized = scales[axis] * inLength;
            position = (resized == 1 ? (roiEnd - roiStart) * (inLength - 1) / 2 : x[axis] * (roiEnd - roiStart) * (inLength - 1) / (resized - 1))
                + roiStart * (inLength - 1);
            if (position < 0 || position > inLength - 1) return extrapolation;
        }
        else
        {
            position = Position(transform, x[axis], inLength, outputSize[axis], scales[axis]);
        }
        bool whole = position == Math.Floor(position);
        double ratio = whole ? 1 : position - Math.Floor(position);
        double[] coefficients = mode switch
        {
            "nearest" => whole ? new double[] { 0, 1 } : nearestMode switch
            {
                NearestMode.RoundPreferCeil => new double[] { ratio < 0.5 ? 1 : 0, ratio >= 0.5 ? 1 : 0 },
                NearestMode.Floor => new double[] { 1, 0 },
                NearestMode.Ceil => new double[] { 0, 1 },
                _ => new double[] { ratio <= 0.5 ? 1 : 0, ratio > 0.5 ? 1 : 0 },
            },
            "linear" when antialias => Antialiased(ratio, scales[axis], cubic: false, cubicA),
            "linear" => new[] { 1 - ratio, ratio },
            _ when antialias => Antialiased(ratio, scales[axis], cubic: true, cubicA),
            _ => Cubic(ratio, cubicA),
        };
        int n = coefficients.Length;
        // The n positions nearest 'position', the lower ones first on a tie: floor(position) − n/2 + 1 … (a whole
        // position counts as ratio 1 of the one below it).
        int first = (whole ? (int)position - 1 : (int)Math.Floor(position)) - n / 2 + 1;
        if (excludeOutside)
        {
            double sum = 0;
            for (int j = 0; j < n; j++)
            {
                if (first + j < 0 || first + j >= inLength) coefficients[j] = 0;
                sum += coefficients[j];
            }
            for (int j = 0; j < n; j++) coefficients[j] /= sum;
        }
        // Nearest takes the chosen pixel itself (its coefficient 1; a blend would turn −0 into +0 and spread NaN).
        if (mode == "nearest") return Point(Math.Clamp(first + Array.IndexOf(coefficients, 1.0), 0, inLength - 1));
        double result = 0;
        for (int j = 0; j < n; j++) result += coefficients[j] * Point(Math.Clamp(first + j, 0, inLength - 1));
        return result;
    }

    private static double Position(CoordinateTransformation transform, int x, int inLength, int outLength, double scale)
    {
        double resized = scale * inLength;
        return transform switch
        {
            CoordinateTransformation.AlignCorners => resized == 1 ? 0 : x * (inLength - 1) / (resized - 1),
            CoordinateTransformation.Asymmetric => x / scale,
            CoordinateTransformation.PytorchHalfPixel => outLength == 1 ? -0.5 : (x + 0.5) / scale - 0.5,
            CoordinateTransformation.HalfPixelSymmetric => inLength / 2.0 * (1 - outLength / resized) + (x + 0.5) / scale - 0.5,
            _ => (x + 0.5) / scale - 0.5,
        };
    }

    // ONNX's antialiased filters: taps i = start … 1 − start around the position, weighted by the triangle (support 1) or
    // Keys' kernel (support 2) at (i − ratio) · min(scale, 1), normalised to sum 1.
    private static double[] Antialiased(double ratio, double scale, bool cubic, double a)
    {
        double s = Math.Min(scale, 1);
        int start = (int)Math.Floor(-(cubic ? 2 : 1) / s) + 1;
        var coefficients = new double[2 - 2 * start];
        for (int j = 0; j < coefficients.Length; j++)
        {
            double d = Math.Abs((start + j - ratio) * s);
            coefficients[j] = cubic
                ? (d <= 1 ? ((a + 2) * d - (a + 3)) * d * d + 1 : d < 2 ? ((a * d - 5 * a) * d + 8 * a) * d - 4 * a : 0)
                : Math.Max(0, 1 - d);
        }
        double sum = coefficients.Sum();
        for (int j = 0; j < coefficients.Length; j++) coefficients[j] /= sum;
        return coefficients;
    }

    // Keys' cubic convolution weights of the four taps around a position 'ratio' past the second.
    private static double[] Cubic(double ratio, double a)
    {
        double W(double d)
        {
            d = Math.Abs(d);
            return d <= 1 ? ((a + 2) * d - (a + 3)) * d * d + 1 : d < 2 ? ((a * d - 5 * a) * d + 8 * a) * d - 4 * a : 0;
        }
        return new[] { W(ratio + 1), W(ratio), W(1 - ratio), W(2 - ratio) };
    }
}
