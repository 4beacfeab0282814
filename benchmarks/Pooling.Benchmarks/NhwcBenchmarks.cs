using System;
using BenchmarkDotNet.Attributes;

namespace Pooling.Benchmarks;

/// <summary>What channels-last costs today: the same MaxPool(2, 2) on [1, 64, 112, 112] data, NCHW kernel vs the NHWC
/// wrapper (transpose in, NCHW kernel, transpose out).</summary>
[MemoryDiagnoser]
public class NhwcBenchmarks
{
    private readonly float[] _input = new float[64 * 112 * 112];
    private readonly float[] _output = new float[64 * 56 * 56];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        for (int i = 0; i < _input.Length; i++) _input[i] = (float)random.NextDouble();
    }

    [Benchmark(Baseline = true)]
    public void ChannelsFirst() => Kernels.MaxK2S2(_input, _output, 112, 112);

    [Benchmark]
    public void ChannelsLast() => Kernels.MaxK2S2Nhwc(_input, _output, 112, 112, 64);
}
