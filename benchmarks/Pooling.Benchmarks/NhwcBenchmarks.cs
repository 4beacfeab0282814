using System;
using BenchmarkDotNet.Attributes;

namespace Pooling.Benchmarks;

/// <summary>The channels-last kernels of every family beside their NCHW form on the same number of elements (float32,
/// 64 channels; pixel shuffle 256): what choosing <c>Layout = ChannelsLast</c> costs.</summary>
public enum NhwcCase
{
    MaxPoolK2S2_112x112,
    AvgPoolK2S2_112x112,
    LpPoolP2K2S2_112x112,
    AdaptiveAvgPool7x7_56x56,
    MaxUnpool2_56x56,
    NearestX2_56x56,
    BilinearX2_56x56,
    BicubicX2_56x56,
    PixelShuffle2_56x56,
}

[MemoryDiagnoser]
public class NhwcBenchmarks
{
    private float[] _input = Array.Empty<float>(), _output = Array.Empty<float>();
    private long[] _indices = Array.Empty<long>(), _indicesLast = Array.Empty<long>();
    private int _h, _w;
    private const int Channels = 64;

    [Params(NhwcCase.MaxPoolK2S2_112x112, NhwcCase.AvgPoolK2S2_112x112, NhwcCase.LpPoolP2K2S2_112x112, NhwcCase.AdaptiveAvgPool7x7_56x56,
        NhwcCase.MaxUnpool2_56x56, NhwcCase.NearestX2_56x56, NhwcCase.BilinearX2_56x56, NhwcCase.BicubicX2_56x56, NhwcCase.PixelShuffle2_56x56)]
    public NhwcCase Case { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        string size = Case.ToString()[(Case.ToString().IndexOf('_') + 1)..];
        (_h, _w) = (int.Parse(size.Split('x')[0]), int.Parse(size.Split('x')[1]));
        int channels = Case == NhwcCase.PixelShuffle2_56x56 ? 4 * Channels : Channels;
        int inputs = channels * _h * _w;
        int outputs = Case switch
        {
            NhwcCase.MaxPoolK2S2_112x112 or NhwcCase.AvgPoolK2S2_112x112 or NhwcCase.LpPoolP2K2S2_112x112 => inputs / 4,
            NhwcCase.AdaptiveAvgPool7x7_56x56 => channels * 49,
            NhwcCase.PixelShuffle2_56x56 => inputs,
            _ => inputs * 4,
        };
        var random = new Random(42);
        _input = new float[inputs];
        for (int i = 0; i < inputs; i++) _input[i] = (float)(random.NextDouble() * 2 - 1);
        _output = new float[outputs];
        // Unpooling: each input pixel's index is a pixel of its 2×2 output window, the same per channel in both layouts.
        _indices = new long[inputs];
        _indicesLast = new long[inputs];
        for (int pixel = 0; pixel < _h * _w; pixel++)
        for (int c = 0; c < channels; c++)
        {
            long index = (2L * (pixel / _w) + random.Next(2)) * 2 * _w + 2 * (pixel % _w) + random.Next(2);
            _indices[c * _h * _w + pixel] = index;
            _indicesLast[pixel * channels + c] = index;
        }
    }

    [Benchmark(Baseline = true)]
    public void ChannelsFirst()
    {
        switch (Case)
        {
            case NhwcCase.MaxPoolK2S2_112x112: Kernels.MaxK2S2(_input, _output, _h, _w); break;
            case NhwcCase.AvgPoolK2S2_112x112: Kernels.AvgK2S2(_input, _output, _h, _w); break;
            case NhwcCase.LpPoolP2K2S2_112x112: Kernels.LpK2S2(_input, _output, _h, _w); break;
            case NhwcCase.AdaptiveAvgPool7x7_56x56: Kernels.Adaptive7(_input, _output, _h, _w); break;
            case NhwcCase.MaxUnpool2_56x56: Kernels.Unpool2(_input, _indices, _output, _h, _w); break;
            case NhwcCase.NearestX2_56x56: Kernels.Nearest2x(_input, _output, _h, _w); break;
            case NhwcCase.BilinearX2_56x56: Kernels.Bilinear2x(_input, _output, _h, _w); break;
            case NhwcCase.BicubicX2_56x56: Kernels.Bicubic2x(_input, _output, _h, _w); break;
            default: Kernels.Shuffle2(_input, _output, 4 * Channels, _h, _w); break;
        }
    }

    [Benchmark]
    public void ChannelsLast()
    {
        switch (Case)
        {
            case NhwcCase.MaxPoolK2S2_112x112: Kernels.MaxK2S2Nhwc(_input, _output, _h, _w, Channels); break;
            case NhwcCase.AvgPoolK2S2_112x112: Kernels.AvgK2S2Nhwc(_input, _output, _h, _w, Channels); break;
            case NhwcCase.LpPoolP2K2S2_112x112: Kernels.LpK2S2Nhwc(_input, _output, _h, _w, Channels); break;
            case NhwcCase.AdaptiveAvgPool7x7_56x56: Kernels.Adaptive7Nhwc(_input, _output, _h, _w, Channels); break;
            case NhwcCase.MaxUnpool2_56x56: Kernels.Unpool2Nhwc(_input, _indicesLast, _output, _h, _w, Channels); break;
            case NhwcCase.NearestX2_56x56: Kernels.Nearest2xNhwc(_input, _output, _h, _w, Channels); break;
            case NhwcCase.BilinearX2_56x56: Kernels.Bilinear2xNhwc(_input, _output, _h, _w, Channels); break;
            case NhwcCase.BicubicX2_56x56: Kernels.Bicubic2xNhwc(_input, _output, _h, _w, Channels); break;
            default: Kernels.Shuffle2Nhwc(_input, _output, 4 * Channels, _h, _w); break;
        }
    }
}
