using System;
using BenchmarkDotNet.Attributes;
using Pooling.Reference;

namespace Pooling.Benchmarks;

public enum FamilyKernel
{
    AdaptiveAvgPool_1x1_8x512x7x7,
    Nearest_x2_1x64x56x56,
    Bilinear_x2_1x64x56x56,
}

/// <summary>The adaptive and upsampling kernels of the op-family issue: generated vs the naive reference loops, single
/// threaded, float32, NCHW; <see cref="CopyOutput"/> writes the output once (a bandwidth yardstick for upsampling,
/// whose output is 4× its input).</summary>
[MemoryDiagnoser]
public class FamilyBenchmarks
{
    private float[] _input = Array.Empty<float>(), _output = Array.Empty<float>(), _scratch = Array.Empty<float>();
    private int[] _size = Array.Empty<int>();

    [Params(FamilyKernel.AdaptiveAvgPool_1x1_8x512x7x7, FamilyKernel.Nearest_x2_1x64x56x56, FamilyKernel.Bilinear_x2_1x64x56x56)]
    public FamilyKernel Op { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        bool adaptive = Op == FamilyKernel.AdaptiveAvgPool_1x1_8x512x7x7;
        int planes = adaptive ? 8 * 512 : 64;
        _size = adaptive ? new[] { 7, 7 } : new[] { 56, 56 };
        var random = new Random(42);
        _input = new float[planes * _size[0] * _size[1]];
        for (int i = 0; i < _input.Length; i++) _input[i] = (float)random.NextDouble();
        _output = new float[adaptive ? planes : planes * 112 * 112];
        _scratch = new float[_output.Length];
    }

    [Benchmark(Baseline = true)]
    public void Naive()
    {
        switch (Op)
        {
            case FamilyKernel.AdaptiveAvgPool_1x1_8x512x7x7:
                ReferenceAdaptivePooling.AdaptiveAvgPool<float, float>(_input, _size, new[] { 1, 1 }, _output);
                break;
            case FamilyKernel.Nearest_x2_1x64x56x56:
                ReferenceUpsample.Upsample<float, float>(_input, _size, new[] { 112, 112 }, UpsampleMode.Nearest, false, new[] { 2.0, 2.0 }, false, _output);
                break;
            default:
                ReferenceUpsample.Upsample<float, float>(_input, _size, new[] { 112, 112 }, UpsampleMode.Bilinear, false, new[] { 2.0, 2.0 }, false, _output);
                break;
        }
    }

    [Benchmark]
    public void Generated()
    {
        switch (Op)
        {
            case FamilyKernel.AdaptiveAvgPool_1x1_8x512x7x7: Kernels.GlobalAverage(_input, _output, 7, 7); break;
            case FamilyKernel.Nearest_x2_1x64x56x56: Kernels.Nearest2x(_input, _output, 56, 56); break;
            default: Kernels.Bilinear2x(_input, _output, 56, 56); break;
        }
    }

    [Benchmark]
    public void CopyOutput() => _scratch.AsSpan().CopyTo(_output);
}
