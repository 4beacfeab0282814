using System;
using System.Runtime.InteropServices;
using System.Linq;
using System.Numerics;
using BenchmarkDotNet.Attributes;

namespace Pooling.Benchmarks;

/// <summary>The backward cases of issue 22 (one thread unless the case says Parallel).</summary>
public enum BackwardCase
{
    /// <summary>MaxPool k2s2 backward from long indices: gradOutput and indices [1, 64, 56, 56] → gradInput [1, 64, 112, 112].</summary>
    MaxK2S2Indices_1x64x112x112,

    /// <summary>MaxPool k3s2p1 backward from long indices (overlapping windows).</summary>
    MaxK3S2P1Indices_1x64x112x112,

    /// <summary>AvgPool k2s2 backward.</summary>
    AvgK2S2_1x64x112x112,

    /// <summary>Nearest ×2 backward: gradOutput [1, 64, 112, 112] → gradInput [1, 64, 56, 56].</summary>
    Nearest2x_1x64x56x56,

    /// <summary>Bilinear ×2 backward, the same shapes.</summary>
    Bilinear2x_1x64x56x56,

    /// <summary>AdaptiveAvgPool(7, 7) backward: gradOutput [1, 512, 7, 7] → gradInput [1, 512, 14, 14].</summary>
    AdaptiveAvg7_1x512x14x14,

    /// <summary>DRAM-sized MaxPool k2s2 backward from indices, Parallel = true (every core): [16, 64, 224, 224].</summary>
    MaxK2S2IndicesParallel_16x64x224x224,
}

/// <summary>
/// Backward kernels beside their floor and their own forward pass, in one run. The floor reads every input of the
/// backward once (gradOutput, and the indices where the case has them) and writes the gradient once, with the widest
/// vectors. ONNX Runtime's .NET package has no gradient kernels (its training operators ship only in the training
/// build), so the forward pass is the comparison: a backward should cost about what its forward costs.
/// </summary>
[MemoryDiagnoser]
public class BackwardBenchmarks
{
    private float[] _input = Array.Empty<float>(), _output = Array.Empty<float>(), _gradOutput = Array.Empty<float>(), _gradInput = Array.Empty<float>();
    private long[] _indices = Array.Empty<long>();
    private int _height, _width;

    [Params(BackwardCase.MaxK2S2Indices_1x64x112x112, BackwardCase.MaxK3S2P1Indices_1x64x112x112, BackwardCase.AvgK2S2_1x64x112x112,
        BackwardCase.Nearest2x_1x64x56x56, BackwardCase.Bilinear2x_1x64x56x56, BackwardCase.AdaptiveAvg7_1x512x14x14,
        BackwardCase.MaxK2S2IndicesParallel_16x64x224x224)]
    public BackwardCase Case { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(20261207);
        (int planes, _height, _width, int outH, int outW) = Case switch
        {
            BackwardCase.MaxK2S2Indices_1x64x112x112 or BackwardCase.AvgK2S2_1x64x112x112 => (64, 112, 112, 56, 56),
            BackwardCase.MaxK3S2P1Indices_1x64x112x112 => (64, 112, 112, 56, 56),
            BackwardCase.Nearest2x_1x64x56x56 or BackwardCase.Bilinear2x_1x64x56x56 => (64, 56, 56, 112, 112),
            BackwardCase.AdaptiveAvg7_1x512x14x14 => (512, 14, 14, 7, 7),
            _ => (16 * 64, 224, 224, 112, 112),
        };
        _input = Enumerable.Range(0, planes * _height * _width).Select(_ => (float)random.NextDouble()).ToArray();
        _output = new float[planes * outH * outW];
        _gradOutput = Enumerable.Range(0, _output.Length).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        _gradInput = new float[_input.Length];
        _indices = new long[_output.Length];
        // The forward with indices gives the backward real argmax positions.
        if (Case == BackwardCase.MaxK3S2P1Indices_1x64x112x112) BackwardKernels.MaxK3S2P1Forward(_input, _output, _indices, _height, _width);
        else if (HasIndices) BackwardKernels.MaxK2S2Forward(_input, _output, _indices, _height, _width);
    }

    private bool HasIndices => Case is BackwardCase.MaxK2S2Indices_1x64x112x112 or BackwardCase.MaxK3S2P1Indices_1x64x112x112 or BackwardCase.MaxK2S2IndicesParallel_16x64x224x224;

    /// <summary>The floor: read gradOutput (and the indices) once, write gradInput once — the parallel case on two
    /// threads, each a half of every buffer.</summary>
    [Benchmark]
    public float Floor()
    {
        if (Case != BackwardCase.MaxK2S2IndicesParallel_16x64x224x224) return FloorPart(0, 1);
        float a = 0, b = 0;
        System.Threading.Tasks.Parallel.Invoke(() => a = FloorPart(0, 2), () => b = FloorPart(1, 2));
        return a + b;
    }

    private float FloorPart(int part, int parts)
    {
        int o = _gradOutput.Length / parts, i = _gradInput.Length / parts;
        float result = MemoryFloor.Max(_gradOutput.AsSpan(part * o, o));
        // The indices' bytes read as floats: only the loads matter.
        if (HasIndices) result += MemoryFloor.Max(MemoryMarshal.Cast<long, float>(_indices.AsSpan(part * o, o)));
        _gradInput.AsSpan(part * i, i).Fill(result);
        return result;
    }

    [Benchmark(Baseline = true)]
    public void Backward()
    {
        switch (Case)
        {
            case BackwardCase.MaxK2S2Indices_1x64x112x112: BackwardKernels.MaxK2S2Backward(_gradOutput, _indices, _gradInput, _height, _width); break;
            case BackwardCase.MaxK3S2P1Indices_1x64x112x112: BackwardKernels.MaxK3S2P1Backward(_gradOutput, _indices, _gradInput, _height, _width); break;
            case BackwardCase.AvgK2S2_1x64x112x112: BackwardKernels.AvgK2S2Backward(_gradOutput, _gradInput, _height, _width); break;
            case BackwardCase.Nearest2x_1x64x56x56: BackwardKernels.Nearest2xBackward(_gradOutput, _gradInput, _height, _width); break;
            case BackwardCase.Bilinear2x_1x64x56x56: BackwardKernels.Bilinear2xBackward(_gradOutput, _gradInput, _height, _width); break;
            case BackwardCase.AdaptiveAvg7_1x512x14x14: BackwardKernels.AdaptiveAvg7Backward(_gradOutput, _gradInput, _height, _width); break;
            default: BackwardKernels.MaxK2S2BackwardParallel(_gradOutput, _indices, _gradInput, _height, _width); break;
        }
    }

    /// <summary>The forward pass of the same configuration (with indices for max pooling).</summary>
    [Benchmark]
    public void Forward()
    {
        switch (Case)
        {
            case BackwardCase.MaxK2S2Indices_1x64x112x112: BackwardKernels.MaxK2S2Forward(_input, _output, _indices, _height, _width); break;
            case BackwardCase.MaxK3S2P1Indices_1x64x112x112: BackwardKernels.MaxK3S2P1Forward(_input, _output, _indices, _height, _width); break;
            case BackwardCase.AvgK2S2_1x64x112x112: Kernels.AvgK2S2(_input, _output, _height, _width); break;
            case BackwardCase.Nearest2x_1x64x56x56: Kernels.Nearest2x(_input, _output, _height, _width); break;
            case BackwardCase.Bilinear2x_1x64x56x56: Kernels.Bilinear2x(_input, _output, _height, _width); break;
            case BackwardCase.AdaptiveAvg7_1x512x14x14: BackwardKernels.AdaptiveAvg7(_input, _output, _height, _width); break;
            default: BackwardKernels.MaxK2S2ForwardParallel(_input, _output, _indices, _height, _width); break;
        }
    }
}

/// <summary>The backward kernels the benchmark times, and the forwards it compares them with.</summary>
public static partial class BackwardKernels
{
    [MaxPool(2, 2)]
    public static partial void MaxK2S2Forward(ReadOnlySpan<float> input, Span<float> output, Span<long> indices, int height, int width);

    [MaxPool(2, 2, Parallel = true)]
    public static partial void MaxK2S2ForwardParallel(ReadOnlySpan<float> input, Span<float> output, Span<long> indices, int height, int width);

    [MaxPool(3, 2, Padding = 1)]
    public static partial void MaxK3S2P1Forward(ReadOnlySpan<float> input, Span<float> output, Span<long> indices, int height, int width);

    [AdaptiveAvgPool(7, 7)]
    public static partial void AdaptiveAvg7(ReadOnlySpan<float> input, Span<float> output, int height, int width);

    [MaxPool(2, 2, Backward = true)]
    public static partial void MaxK2S2Backward(ReadOnlySpan<float> gradOutput, ReadOnlySpan<long> indices, Span<float> gradInput, int height, int width);

    [MaxPool(2, 2, Backward = true, Parallel = true)]
    public static partial void MaxK2S2BackwardParallel(ReadOnlySpan<float> gradOutput, ReadOnlySpan<long> indices, Span<float> gradInput, int height, int width);

    [MaxPool(3, 2, Padding = 1, Backward = true)]
    public static partial void MaxK3S2P1Backward(ReadOnlySpan<float> gradOutput, ReadOnlySpan<long> indices, Span<float> gradInput, int height, int width);

    [AvgPool(2, 2, Backward = true)]
    public static partial void AvgK2S2Backward(ReadOnlySpan<float> gradOutput, Span<float> gradInput, int height, int width);

    [Upsample(UpsampleMode.Nearest, 2, Backward = true)]
    public static partial void Nearest2xBackward(ReadOnlySpan<float> gradOutput, Span<float> gradInput, int height, int width);

    [Upsample(UpsampleMode.Bilinear, 2, Backward = true)]
    public static partial void Bilinear2xBackward(ReadOnlySpan<float> gradOutput, Span<float> gradInput, int height, int width);

    [AdaptiveAvgPool(7, 7, Backward = true)]
    public static partial void AdaptiveAvg7Backward(ReadOnlySpan<float> gradOutput, Span<float> gradInput, int height, int width);
}
