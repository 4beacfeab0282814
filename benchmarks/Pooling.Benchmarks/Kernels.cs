using System;

namespace Pooling.Benchmarks;

/// <summary>The benchmarked configurations, generated exactly as a user would declare them.</summary>
public static partial class Kernels
{
    [MaxPool(2, 2)]
    public static partial void MaxK2S2(ReadOnlySpan<float> input, Span<float> output, int height, int width);

    [MaxPool(3, 2, Padding = 1)]
    public static partial void MaxK3S2P1(ReadOnlySpan<float> input, Span<float> output, int height, int width);

    [AvgPool(2, 2)]
    public static partial void AvgK2S2(ReadOnlySpan<float> input, Span<float> output, int height, int width);
}
