using System;

namespace Pooling.Reference;

/// <summary>
/// PyTorch's LPPool composite, literally (docs/semantics.md §4): <c>out = avg_pool(x.pow(p), kernel, stride,
/// padding 0, ceil_mode)</c> with padding counted, then <c>(sign(out)·relu(|out|)).mul(prod(kernel)).pow(1/p)</c>.
/// No absolute value is taken: odd or fractional p gives NaN for negative sums. Half is computed in float.
/// </summary>
public static class ReferenceLpPooling
{
    /// <summary>LPPool of float data (float arithmetic throughout, as PyTorch).</summary>
    public static void LpPool(ReadOnlySpan<float> input, int[] inputSize, double normType, PoolWindow window, Span<float> output)
    {
        var powered = new float[input.Length];
        for (int i = 0; i < input.Length; i++) powered[i] = Pow(input[i], normType);
        ReferencePooling.AvgPool<float, float>(powered, inputSize, window, countIncludePad: true, divisorOverride: null, output);
        int volume = Volume(window);
        for (int i = 0; i < output.Length; i++) output[i] = Pow(SignRelu(output[i]) * volume, 1.0 / normType);
    }

    /// <summary>LPPool of double data.</summary>
    public static void LpPool(ReadOnlySpan<double> input, int[] inputSize, double normType, PoolWindow window, Span<double> output)
    {
        var powered = new double[input.Length];
        for (int i = 0; i < input.Length; i++) powered[i] = Pow(input[i], normType);
        ReferencePooling.AvgPool<double, double>(powered, inputSize, window, countIncludePad: true, divisorOverride: null, output);
        int volume = Volume(window);
        for (int i = 0; i < output.Length; i++) output[i] = Pow((output[i] == 0 ? 0d : output[i]) * volume, 1.0 / normType);
    }

    /// <summary>LPPool of Half data, computed in float and rounded once.</summary>
    public static void LpPool(ReadOnlySpan<Half> input, int[] inputSize, double normType, PoolWindow window, Span<Half> output)
    {
        var widened = new float[input.Length];
        for (int i = 0; i < input.Length; i++) widened[i] = (float)input[i];
        var result = new float[output.Length];
        LpPool(widened, inputSize, normType, window, result);
        for (int i = 0; i < output.Length; i++) output[i] = (Half)result[i];
    }

    /// <summary>ONNX's LpPool (docs/semantics.md §4.1): <c>(Σ|x|^p)^(1/p)</c> over each window's real taps (padding adds
    /// nothing), summed in row-major tap order; float data in float.</summary>
    public static void OnnxLpPool(ReadOnlySpan<float> input, int[] inputSize, double normType, PoolWindow window, Span<float> output)
    {
        var powered = new float[input.Length];
        for (int i = 0; i < input.Length; i++) powered[i] = Pow(Math.Abs(input[i]), normType);
        ReferencePooling.AvgPool<float, float>(powered, inputSize, window, countIncludePad: true, divisorOverride: 1, output);
        for (int i = 0; i < output.Length; i++) output[i] = Pow(output[i], 1.0 / normType);
    }

    /// <summary>ONNX's LpPool of double data.</summary>
    public static void OnnxLpPool(ReadOnlySpan<double> input, int[] inputSize, double normType, PoolWindow window, Span<double> output)
    {
        var powered = new double[input.Length];
        for (int i = 0; i < input.Length; i++) powered[i] = Pow(Math.Abs(input[i]), normType);
        ReferencePooling.AvgPool<double, double>(powered, inputSize, window, countIncludePad: true, divisorOverride: 1, output);
        for (int i = 0; i < output.Length; i++) output[i] = Pow(output[i], 1.0 / normType);
    }

    /// <summary>ONNX's LpPool of Half data, computed in float and rounded once.</summary>
    public static void OnnxLpPool(ReadOnlySpan<Half> input, int[] inputSize, double normType, PoolWindow window, Span<Half> output)
    {
        var widened = new float[input.Length];
        for (int i = 0; i < input.Length; i++) widened[i] = (float)input[i];
        var result = new float[output.Length];
        OnnxLpPool(widened, inputSize, normType, window, result);
        for (int i = 0; i < output.Length; i++) output[i] = (Half)result[i];
    }

    // sign(x) · relu(|x|): x itself, except −0 → +0 (sign(−0) is 0) and NaN stays NaN.
    private static float SignRelu(float x) => x == 0 ? 0f : x;

    private static int Volume(PoolWindow window)
    {
        int volume = 1;
        foreach (int k in window.Kernel) volume *= k;
        return volume;
    }

    // ATen's pow_tensor_scalar special cases; powf / pow otherwise.
    private static float Pow(float x, double p) =>
        p == 1 ? x : p == 2 ? x * x : p == 3 ? x * x * x : p == 0.5 ? MathF.Sqrt(x) : p == -0.5 ? 1f / MathF.Sqrt(x)
        : p == -1 ? 1f / x : p == -2 ? 1f / (x * x) : MathF.Pow(x, (float)p);

    private static double Pow(double x, double p) =>
        p == 1 ? x : p == 2 ? x * x : p == 3 ? x * x * x : p == 0.5 ? Math.Sqrt(x) : p == -0.5 ? 1d / Math.Sqrt(x)
        : p == -1 ? 1d / x : p == -2 ? 1d / (x * x) : Math.Pow(x, p);
}
