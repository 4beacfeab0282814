using System;
using BenchmarkDotNet.Attributes;
using Pooling.Reference;

namespace Pooling.Benchmarks;

public enum Kernel
{
    MaxPool_k2s2,
    MaxPool_k3s2p1,
    AvgPool_k2s2,
}

/// <summary>
/// Generated kernels against the naive reference loops (runtime/Pooling/Reference) on the same data, single-threaded,
/// float32, NCHW. <see cref="CopyInput"/> copies the input once: a memory-bandwidth yardstick, since pooling reads every
/// input element at least once and a kernel can hardly beat that by much.
/// </summary>
[MemoryDiagnoser]
public class PoolingBenchmarks
{
    private float[] _input = Array.Empty<float>();
    private float[] _output = Array.Empty<float>();
    private float[] _copy = Array.Empty<float>();
    private int[] _size = Array.Empty<int>();
    private PoolWindow _window = PoolWindow.Uniform(2, 2);

    [Params(Kernel.MaxPool_k2s2, Kernel.MaxPool_k3s2p1, Kernel.AvgPool_k2s2)]
    public Kernel Op { get; set; }

    [Params("1x64x112x112", "8x64x56x56")]
    public string Shape { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        int[] dims = Array.ConvertAll(Shape.Split('x'), int.Parse);
        _size = new[] { dims[2], dims[3] };
        int planes = dims[0] * dims[1];
        _window = Op == Kernel.MaxPool_k3s2p1 ? PoolWindow.Uniform(2, 3, 2, 1) : PoolWindow.Uniform(2, 2, 2);
        int[] outSize = _window.OutputSize(_size);
        var random = new Random(42);
        _input = new float[planes * _size[0] * _size[1]];
        for (int i = 0; i < _input.Length; i++) _input[i] = (float)random.NextDouble();
        _output = new float[planes * outSize[0] * outSize[1]];
        _copy = new float[_input.Length];
    }

    [Benchmark(Baseline = true)]
    public void Naive()
    {
        if (Op == Kernel.AvgPool_k2s2)
            ReferencePooling.AvgPool<float, float>(_input, _size, _window, true, null, _output);
        else
            ReferencePooling.MaxPool<float>(_input, _size, _window, _output, default);
    }

    [Benchmark]
    public void Generated()
    {
        switch (Op)
        {
            case Kernel.MaxPool_k2s2: Kernels.MaxK2S2(_input, _output, _size[0], _size[1]); break;
            case Kernel.MaxPool_k3s2p1: Kernels.MaxK3S2P1(_input, _output, _size[0], _size[1]); break;
            default: Kernels.AvgK2S2(_input, _output, _size[0], _size[1]); break;
        }
    }

    /// <summary>What a user would otherwise write by hand: plain nested loops with Math.Max and bounds checks per tap
    /// (not PyTorch-exact for NaN and −0.0).</summary>
    [Benchmark]
    public void HandWritten()
    {
        int k = _window.Kernel[0], s = _window.Stride[0], p = _window.Padding[0];
        int h = _size[0], w = _size[1];
        int outH = (_output.Length / (_input.Length / (h * w))) / ((w + 2 * p - k) / s + 1), outW = (w + 2 * p - k) / s + 1;
        int planes = _input.Length / (h * w);
        bool average = Op == Kernel.AvgPool_k2s2;
        for (int c = 0; c < planes; c++)
        for (int oh = 0; oh < outH; oh++)
        for (int ow = 0; ow < outW; ow++)
        {
            float acc = average ? 0f : float.NegativeInfinity;
            for (int kh = 0; kh < k; kh++)
            for (int kw = 0; kw < k; kw++)
            {
                int ih = oh * s - p + kh, iw = ow * s - p + kw;
                if (ih < 0 || ih >= h || iw < 0 || iw >= w) continue;
                float v = _input[(c * h + ih) * w + iw];
                acc = average ? acc + v : Math.Max(acc, v);
            }
            _output[(c * outH + oh) * outW + ow] = average ? acc / (k * k) : acc;
        }
    }

    [Benchmark]
    public void CopyInput() => _input.AsSpan().CopyTo(_copy);
}
