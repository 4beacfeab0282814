// Shape and validation math shared by the runtime and the generator: this one file is compiled into both
// (runtime/Pooling and generator/Pooling.Generators link it; public in the runtime, internal in the generator), so the compile-time diagnostics and the
// run-time checks can never drift apart. Keep it netstandard2.0-compatible and free of Roslyn types.
// Rules and messages follow docs/semantics.md §1 (PyTorch's pooling_output_shape_pad_lr, pool2d_shape_check).

namespace Pooling
{
    /// <summary>Output-shape and parameter-validation rules of PyTorch's sliding-window pooling.</summary>
#if POOLING_GENERATOR
    internal
#else
    public
#endif
    static class PoolingShape
    {
        /// <summary>
        /// Output length of one axis: <c>floor((I + 2p − d(k−1) − 1 + (ceil ? s−1 : 0)) / s) + 1</c>, minus one when ceil mode
        /// would start the last window in the right padding (PyTorch <c>pooling_output_shape</c>). May be ≤ 0 for inputs
        /// too small for the window; callers report that.
        /// </summary>
        public static long OutputLength(long inputLength, int kernel, int stride, int padding, int dilation, bool ceilMode) =>
            OutputLength(inputLength, kernel, stride, padding, padding, dilation, ceilMode);

        /// <summary>
        /// Output length of one axis padded by <paramref name="padBegin"/> before and <paramref name="padEnd"/> after (ONNX
        /// <c>pads</c>): <c>floor((I + b + e − d(k−1) − 1 + (ceil ? s−1 : 0)) / s) + 1</c>, minus one when ceil mode would
        /// start the last window in the end padding (ONNX's rule since opset 19, PyTorch's with b = e).
        /// </summary>
        public static long OutputLength(long inputLength, int kernel, int stride, int padBegin, int padEnd, int dilation, bool ceilMode)
        {
            long numerator = inputLength + (long)padBegin + padEnd - (long)dilation * (kernel - 1) - 1 + (ceilMode ? stride - 1 : 0);
            long output = FloorDiv(numerator, stride) + 1;
            if (ceilMode && (output - 1) * stride >= inputLength + padBegin)
            {
                output--;
            }
            return output;
        }

        /// <summary>
        /// ONNX <c>auto_pad</c> SAME_UPPER / SAME_LOWER on one axis: the padding that gives <c>ceil(I / s)</c> outputs,
        /// <c>max((ceil(I / s) − 1)·s + d(k−1) + 1 − I, 0)</c> in total, its odd element at the end (upper) or the
        /// beginning (lower). With stride 1 the total is <c>d(k−1)</c> whatever the extent.
        /// </summary>
        public static void SamePadding(long inputLength, int kernel, int stride, int dilation, bool upper, out int padBegin, out int padEnd)
        {
            long outputs = (inputLength + stride - 1) / stride;
            long total = System.Math.Max((outputs - 1) * stride + (long)dilation * (kernel - 1) + 1 - inputLength, 0);
            long half = total / 2;
            padBegin = (int)(upper ? half : total - half);
            padEnd = (int)(total - padBegin);
        }

        /// <summary>Division rounding toward negative infinity (PyTorch's <c>div_rtn</c>).</summary>
        public static long FloorDiv(long numerator, long denominator)
        {
            long quotient = numerator / denominator;
            long remainder = numerator % denominator;
            return remainder != 0 && (remainder < 0) != (denominator < 0) ? quotient - 1 : quotient;
        }

        /// <summary>
        /// The first and one-past-last output index whose window lies wholly inside the input on this axis
        /// (every tap real, no padding, no overhang); outside that range a kernel needs bounds checks.
        /// The range is clamped to [0, outputLength] and may be empty.
        /// </summary>
        public static void InteriorRange(int inputLength, int outputLength, int kernel, int stride, int padding, int dilation, out int first, out int end)
        {
            long effective = (long)dilation * (kernel - 1) + 1;
            long firstInside = (padding + stride - 1) / stride;                    // o·s − p ≥ 0
            long lastFitting = (long)inputLength + padding - effective;            // o·s − p + E ≤ I
            long endInside = lastFitting < 0 ? 0 : lastFitting / stride + 1;
            end = (int)System.Math.Min(endInside, outputLength);
            first = (int)System.Math.Min(firstInside, end);
        }

        /// <summary>
        /// Checks a window pooling op's per-axis kernel/stride/padding/dilation (each already expanded to the rank, outermost
        /// axis first) and returns the first broken rule, in PyTorch's order (docs/semantics.md §1.4: the per-axis output-shape
        /// checks, then the shape check over all axes), with PyTorch's message and the axis at fault; or
        /// <see cref="WindowRule.Valid"/>. 1-D reads as 2-D with a unit H axis, as PyTorch implements it.
        /// </summary>
        public static WindowRule ValidateWindow(int[] kernel, int[] stride, int[] padding, int[] dilation, out string message, out int axisAtFault) =>
            ValidateWindow(kernel, stride, padding, null, dilation, out message, out axisAtFault);

        /// <summary>
        /// As <see cref="ValidateWindow(int[], int[], int[], int[], out string, out int)"/> for ONNX's padding when
        /// <paramref name="padEnd"/> is given (explicit <c>pads</c> or <c>auto_pad</c>): begin and end pads per axis, each
        /// smaller than the dilated kernel <c>d(k−1) + 1</c> (ONNX Runtime's rule) instead of PyTorch's half kernel.
        /// </summary>
        public static WindowRule ValidateWindow(int[] kernel, int[] stride, int[] padding, int[]? padEnd, int[] dilation, out string message, out int axisAtFault)
        {
            message = "";
            for (axisAtFault = 0; axisAtFault < kernel.Length; axisAtFault++)
            {
                int axis = axisAtFault;
                if (stride[axis] == 0)
                {
                    message = "stride should not be zero";
                    return WindowRule.StrideZero;
                }
                if (padding[axis] < 0 || (padEnd is not null && padEnd[axis] < 0))
                {
                    message = "pad must be non-negative, but got pad: " + System.Math.Min(padding[axis], padEnd?[axis] ?? 0);
                    return WindowRule.PaddingNegative;
                }
                if (padEnd is not null)
                {
                    long dilated = (long)System.Math.Max(dilation[axis], 1) * (System.Math.Max(kernel[axis], 1) - 1) + 1;
                    int largest = System.Math.Max(padding[axis], padEnd[axis]);
                    if (largest >= dilated)
                    {
                        message = "pads should be smaller than the dilated kernel (" + dilated + "), but got pad=" + largest + " and kernel_size=" + kernel[axis];
                        return WindowRule.PaddingTooLarge;
                    }
                }
                else if (padding[axis] > kernel[axis] / 2)
                {
                    message = "pad should be at most half of kernel size, but got pad=" + padding[axis] + " and kernel_size=" + kernel[axis];
                    return WindowRule.PaddingTooLarge;
                }
            }
            if ((axisAtFault = FirstNotPositive(kernel)) >= 0)
            {
                message = "kernel size should be greater than zero, but got " + Describe("k", kernel);
                return WindowRule.KernelNotPositive;
            }
            if ((axisAtFault = FirstNotPositive(stride)) >= 0)
            {
                message = "stride should be greater than zero, but got " + Describe("d", stride);
                return WindowRule.StrideNegative;
            }
            if ((axisAtFault = FirstNotPositive(dilation)) >= 0)
            {
                message = "dilation should be greater than zero, but got " + Describe("dilation", dilation);
                return WindowRule.DilationNotPositive;
            }
            axisAtFault = -1;
            return WindowRule.Valid;
        }

        private static int FirstNotPositive(int[] values)
        {
            for (int axis = 0; axis < values.Length; axis++)
            {
                if (values[axis] <= 0) return axis;
            }
            return -1;
        }

        // "kH: 1 kW: 0" for 1-D, "kH: 2 kW: 2" for 2-D, "kT: 2 kH: 2 kW: 2" for 3-D.
        private static string Describe(string prefix, int[] values)
        {
            var parts = new System.Collections.Generic.List<string>();
            if (values.Length == 1) parts.Add(prefix + "H: 1");
            for (int axis = 0; axis < values.Length; axis++)
            {
                parts.Add(prefix + AxisName(values.Length, axis) + ": " + values[axis]);
            }
            return string.Join(" ", parts);
        }

        /// <summary>
        /// PyTorch's extra rule for 3-D average pooling (docs/semantics.md §1.4 V10): every input extent must be at least the
        /// kernel size, padding notwithstanding. Returns PyTorch's message, or <c>null</c> when the input is large enough.
        /// </summary>
        public static string? ValidateAvgPool3dInput(long[] inputSize, int[] kernel) => ValidateAvgPool3dInput(inputSize, kernel, out _);

        /// <summary>As <see cref="ValidateAvgPool3dInput(long[], int[])"/>, with the first axis at fault (so a run-time error
        /// names the right extent).</summary>
        public static string? ValidateAvgPool3dInput(long[] inputSize, int[] kernel, out int axisAtFault)
        {
            axisAtFault = -1;
            for (int axis = 0; axis < kernel.Length; axis++)
            {
                if (inputSize[axis] < kernel[axis])
                {
                    axisAtFault = axis;
                    return "input image (T: " + inputSize[0] + " H: " + inputSize[1] + " W: " + inputSize[2]
                        + ") smaller than kernel size (kT: " + kernel[0] + " kH: " + kernel[1] + " kW: " + kernel[2] + ")";
                }
            }
            return null;
        }

        /// <summary>MaxUnpool's default output length of one axis: <c>(I − 1)·s + k − 2p</c> (docs/semantics.md §7).</summary>
        public static long UnpoolLength(long inputLength, int kernel, int stride, int padding) =>
            (inputLength - 1) * stride + kernel - 2L * padding;

        /// <summary>
        /// PyTorch's check of an explicit MaxUnpool output size: every axis strictly within one stride of the default
        /// (<c>default − s &lt; out &lt; default + s</c>). Returns PyTorch's message, or <c>null</c> when it is valid.
        /// </summary>
        public static string? ValidateUnpoolOutputSize(long[] defaults, int[] stride, int[] outputSize) =>
            ValidateUnpoolOutputSize(defaults, stride, outputSize, out _);

        /// <summary>As <see cref="ValidateUnpoolOutputSize(long[], int[], int[])"/>, with the axis at fault.</summary>
        public static string? ValidateUnpoolOutputSize(long[] defaults, int[] stride, int[] outputSize, out int axisAtFault)
        {
            for (int axis = 0; axis < defaults.Length; axis++)
            {
                axisAtFault = axis;
                long min = defaults[axis] - stride[axis], max = defaults[axis] + stride[axis];
                if (outputSize[axis] <= min || outputSize[axis] >= max)
                {
                    return "invalid output_size \"(" + string.Join(", ", outputSize) + ")\" (dim " + axis + " must be between " + min + " and " + max + ")";
                }
            }
            axisAtFault = -1;
            return null;
        }

        /// <summary>ONNX MaxUnpool's <c>output_shape</c> pads the default output at the end: every axis at least its
        /// default extent. Returns the message, or null.</summary>
        public static string? ValidateUnpoolPaddedSize(long[] defaults, int[] outputSize, out int axisAtFault)
        {
            for (int axis = 0; axis < defaults.Length; axis++)
            {
                axisAtFault = axis;
                if (outputSize[axis] < defaults[axis])
                    return "output_shape \"(" + string.Join(", ", outputSize) + ")\" pads the default output: dim " + axis + " must be at least " + defaults[axis];
            }
            axisAtFault = -1;
            return null;
        }

        /// <summary>PyTorch's message for an unpooling index outside the output plane.</summary>
        public static string InvalidUnpoolIndexMessage(long index, long[] outputSize) =>
            "Found an invalid max index: " + index + " (output volumes are of size " + string.Join("x", outputSize) + ")";

        /// <summary>
        /// PixelShuffle needs channels divisible by r², PixelUnshuffle height and width divisible by r (docs/semantics.md §8.8).
        /// Returns PyTorch's message, or <c>null</c> when the input fits.
        /// </summary>
        public static string? ValidateShuffle(bool unshuffle, int factor, long channels, long height, long width) =>
            ValidateShuffle(unshuffle, factor, channels, height, width, out _);

        /// <summary>As <see cref="ValidateShuffle(bool, int, long, long, long)"/>, with the axis at fault (0 channels,
        /// 1 height, 2 width), so run-time errors name the right parameter.</summary>
        public static string? ValidateShuffle(bool unshuffle, int factor, long channels, long height, long width, out int axisAtFault)
        {
            axisAtFault = unshuffle ? (height % factor != 0 ? 1 : 2) : 0;
            if (!unshuffle)
            {
                long square = (long)factor * factor;
                return channels % square == 0 ? null
                    : "pixel_shuffle expects its input's 'channel' dimension to be divisible by the square of upscale_factor, but input.size(-3)=" + channels + " is not divisible by " + square;
            }
            if (height % factor != 0)
                return "pixel_unshuffle expects height to be divisible by downscale_factor, but input.size(-2)=" + height + " is not divisible by " + factor;
            if (width % factor != 0)
                return "pixel_unshuffle expects width to be divisible by downscale_factor, but input.size(-1)=" + width + " is not divisible by " + factor;
            return null;
        }

        /// <summary>Upsampling output length from a scale factor: <c>floor(I · sf)</c> in double, as PyTorch's Python layer.</summary>
        public static long UpsampleLength(long inputLength, double scaleFactor) => (long)System.Math.Floor(inputLength * scaleFactor);

        /// <summary>ONNX Resize's <c>keep_aspect_ratio_policy</c>: the one scale of every axis, the smallest
        /// (<paramref name="notLarger"/>) or largest of size / input over the first <paramref name="rank"/> axes.</summary>
        public static double AspectScale(bool notLarger, int rank, long input0, int size0, long input1 = 1, int size1 = 1, long input2 = 1, int size2 = 1)
        {
            double scale = (double)size0 / input0;
            if (rank > 1) scale = notLarger ? System.Math.Min(scale, (double)size1 / input1) : System.Math.Max(scale, (double)size1 / input1);
            if (rank > 2) scale = notLarger ? System.Math.Min(scale, (double)size2 / input2) : System.Math.Max(scale, (double)size2 / input2);
            return scale;
        }

        /// <summary>An axis resized by the aspect scale: <c>scale · I</c> rounded half up (ONNX's reference).</summary>
        public static long AspectLength(long inputLength, double scale) => (long)(scale * inputLength + 0.5);

        /// <summary>PyTorch's "Input and output sizes should be greater than 0" message (UpSample.h), axes named as PyTorch does.</summary>
        public static string UpsampleSizeMessage(long[] inputSize, long[] outputSize)
        {
            string Describe(long[] sizes)
            {
                var parts = new System.Collections.Generic.List<string>();
                for (int axis = 0; axis < sizes.Length; axis++)
                {
                    string name = sizes.Length == 3 && axis == 0 ? "D" : (sizes.Length - 1 - axis) == 0 ? "W" : "H";
                    parts.Add(name + ": " + sizes[axis]);
                }
                return string.Join(", ", parts);
            }
            return "Input and output sizes should be greater than 0, but got input (" + Describe(inputSize) + ") output (" + Describe(outputSize) + ")";
        }

        /// <summary>
        /// The element count of a plane (or sample): the product of up to four extents, each named for the exception.
        /// Every generated kernel sizes its buffers through this one check, so no extent product can wrap: it throws
        /// <see cref="System.ArgumentOutOfRangeException"/> naming the extent below 1, or the extent at which the product
        /// passes int.MaxValue. Each factor is at most int.MaxValue, so the running product never leaves a long.
        /// </summary>
        public static int Volume(string what, long e0, string name0, long e1 = 1, string? name1 = null, long e2 = 1, string? name2 = null,
            long e3 = 1, string? name3 = null)
        {
            long volume = 1;
            for (int i = 0; i < 4; i++)
            {
                long extent = i == 0 ? e0 : i == 1 ? e1 : i == 2 ? e2 : e3;
                string? name = i == 0 ? name0 : i == 1 ? name1 : i == 2 ? name2 : name3;
                if (name is null) continue;
                if (extent < 1)
                    throw new System.ArgumentOutOfRangeException(name, extent, "Every extent of " + what + " must be positive.");
                if (extent > int.MaxValue || (volume *= extent) > int.MaxValue)
                {
                    string factors = e0.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    if (name1 is not null) factors += " × " + e1.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    if (name2 is not null) factors += " × " + e2.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    if (name3 is not null) factors += " × " + e3.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    throw new System.ArgumentOutOfRangeException(name, extent,
                        what + " of " + factors + " elements exceeds int.MaxValue (" + int.MaxValue + ") elements.");
                }
            }
            return (int)volume;
        }

        /// <summary>The product of compile-time sizes, or -1 when it passes int.MaxValue (the generator's diagnostic).</summary>
        public static long VolumeOrOverflow(long[] extents)
        {
            long volume = 1;
            foreach (long extent in extents)
            {
                if (extent > int.MaxValue || (volume *= System.Math.Max(extent, 0)) > int.MaxValue) return -1;
            }
            return volume;
        }

        /// <summary>The axis letters PyTorch uses in messages: W for 1-D, H W for 2-D, T H W for 3-D.</summary>
        public static string AxisName(int rank, int axis)
        {
            int fromEnd = rank - 1 - axis;
            return fromEnd == 0 ? "W" : fromEnd == 1 ? "H" : "T";
        }

        /// <summary>PyTorch's "Output size is too small" message for the given extents (docs/semantics.md §1.4).</summary>
        public static string OutputTooSmallMessage(long[] inputSize, long[] outputSize)
        {
            return "Given input size: (" + string.Join("x", inputSize) + "). Calculated output size: (" + string.Join("x", outputSize) + "). Output size is too small";
        }
    }

    /// <summary>The sliding-window rules of docs/semantics.md §1.4, in the order PyTorch checks them.</summary>
#if POOLING_GENERATOR
    internal
#else
    public
#endif
    enum WindowRule
    {
        /// <summary>Every rule holds.</summary>
        Valid,
        /// <summary>V1: stride == 0.</summary>
        StrideZero,
        /// <summary>V2: padding &lt; 0.</summary>
        PaddingNegative,
        /// <summary>V3: padding &gt; kernel / 2.</summary>
        PaddingTooLarge,
        /// <summary>V4: kernel ≤ 0.</summary>
        KernelNotPositive,
        /// <summary>V5: stride &lt; 0.</summary>
        StrideNegative,
        /// <summary>V6: dilation ≤ 0.</summary>
        DilationNotPositive,
    }
}
