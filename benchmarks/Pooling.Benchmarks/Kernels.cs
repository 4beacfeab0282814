using System;

namespace Pooling.Benchmarks;

/// <summary>The benchmarked configurations, generated exactly as a user would declare them.</summary>
public static partial class Kernels
{
    // OperatorBenchmarks: ONNX's RoiAlign of a stride-16 detector and GridSample.
    [RoiAlign(7, 7, SpatialScale = 0.0625, SamplingRatio = 2, Aligned = true)]
    public static partial void RoiAlign7(ReadOnlySpan<float> input, ReadOnlySpan<float> rois, ReadOnlySpan<long> batchIndices, Span<float> output, int channels, int height, int width);

    [GridSample(GridSampleMode.Bilinear)]
    public static partial void GridSampleBilinear(ReadOnlySpan<float> input, ReadOnlySpan<float> grid, Span<float> output, int channels, int height, int width);

    // The same two on channels-last data (the map or image NHWC, the output points × channels).
    [RoiAlign(7, 7, SpatialScale = 0.0625, SamplingRatio = 2, Aligned = true, Layout = TensorLayout.ChannelsLast)]
    public static partial void RoiAlign7ChannelsLast(ReadOnlySpan<float> input, ReadOnlySpan<float> rois, ReadOnlySpan<long> batchIndices, Span<float> output, int height, int width, int channels);

    [GridSample(GridSampleMode.Bilinear, Layout = TensorLayout.ChannelsLast)]
    public static partial void GridSampleBilinearChannelsLast(ReadOnlySpan<float> input, ReadOnlySpan<float> grid, Span<float> output, int height, int width, int channels);

    [MaxPool(2, 2)]
    public static partial void MaxK2S2(ReadOnlySpan<float> input, Span<float> output, int height, int width);

    [MaxPool(3, 2, Padding = 1)]
    public static partial void MaxK3S2P1(ReadOnlySpan<float> input, Span<float> output, int height, int width);

    [AvgPool(2, 2)]
    public static partial void AvgK2S2(ReadOnlySpan<float> input, Span<float> output, int height, int width);

    [MaxPool(2, 2, Layout = TensorLayout.ChannelsLast)]
    public static partial void MaxK2S2Nhwc(ReadOnlySpan<float> input, Span<float> output, int height, int width, int channels);

    [AdaptiveAvgPool(1, 1)]
    public static partial void GlobalAverage(ReadOnlySpan<float> input, Span<float> output, int height, int width);

    [Upsample(UpsampleMode.Nearest, 2)]
    public static partial void Nearest2x(ReadOnlySpan<float> input, Span<float> output, int height, int width);

    [Upsample(UpsampleMode.Bilinear, 2)]
    public static partial void Bilinear2x(ReadOnlySpan<float> input, Span<float> output, int height, int width);

    [Upsample(UpsampleMode.Bicubic, 2)]
    public static partial void Bicubic2x(ReadOnlySpan<float> input, Span<float> output, int height, int width);

    [LpPool(2, 2, 2)]
    public static partial void LpK2S2(ReadOnlySpan<float> input, Span<float> output, int height, int width);

    // The same kernels with Parallel = true (docs/benchmarks.md, "Two threads").
    [MaxPool(2, 2, Parallel = true)]
    public static partial void MaxK2S2Parallel(ReadOnlySpan<float> input, Span<float> output, int height, int width);

    [MaxPool(3, 2, Padding = 1, Parallel = true)]
    public static partial void MaxK3S2P1Parallel(ReadOnlySpan<float> input, Span<float> output, int height, int width);

    [AvgPool(2, 2, Parallel = true)]
    public static partial void AvgK2S2Parallel(ReadOnlySpan<float> input, Span<float> output, int height, int width);

    [MaxPool(2, 2, Layout = TensorLayout.ChannelsLast, Parallel = true)]
    public static partial void MaxK2S2NhwcParallel(ReadOnlySpan<float> input, Span<float> output, int height, int width, int channels);

    [AdaptiveAvgPool(1, 1, Parallel = true)]
    public static partial void GlobalAverageParallel(ReadOnlySpan<float> input, Span<float> output, int height, int width);

    [LpPool(2, 2, 2, Parallel = true)]
    public static partial void LpK2S2Parallel(ReadOnlySpan<float> input, Span<float> output, int height, int width);

    [Upsample(UpsampleMode.Nearest, 2, Parallel = true)]
    public static partial void Nearest2xParallel(ReadOnlySpan<float> input, Span<float> output, int height, int width);

    [Upsample(UpsampleMode.Bilinear, 2, Parallel = true)]
    public static partial void Bilinear2xParallel(ReadOnlySpan<float> input, Span<float> output, int height, int width);

    [Upsample(UpsampleMode.Bicubic, 2, Parallel = true)]
    public static partial void Bicubic2xParallel(ReadOnlySpan<float> input, Span<float> output, int height, int width);

    [PixelShuffle(2)]
    public static partial void Shuffle2(ReadOnlySpan<float> input, Span<float> output, int channels, int height, int width);

    [PixelShuffle(2, Parallel = true)]
    public static partial void Shuffle2Parallel(ReadOnlySpan<float> input, Span<float> output, int channels, int height, int width);

    // Channels-last twins and the NCHW kernels they are compared with (docs/benchmarks.md, "Channels-last").
    [AvgPool(2, 2, Layout = TensorLayout.ChannelsLast)]
    public static partial void AvgK2S2Nhwc(ReadOnlySpan<float> input, Span<float> output, int height, int width, int channels);

    [LpPool(2, 2, 2, Layout = TensorLayout.ChannelsLast)]
    public static partial void LpK2S2Nhwc(ReadOnlySpan<float> input, Span<float> output, int height, int width, int channels);

    [AdaptiveAvgPool(7, 7)]
    public static partial void Adaptive7(ReadOnlySpan<float> input, Span<float> output, int height, int width);

    [AdaptiveAvgPool(7, 7, Layout = TensorLayout.ChannelsLast)]
    public static partial void Adaptive7Nhwc(ReadOnlySpan<float> input, Span<float> output, int height, int width, int channels);

    [MaxUnpool(2, 2)]
    public static partial void Unpool2(ReadOnlySpan<float> input, ReadOnlySpan<long> indices, Span<float> output, int height, int width);

    [MaxUnpool(2, 2, Layout = TensorLayout.ChannelsLast)]
    public static partial void Unpool2Nhwc(ReadOnlySpan<float> input, ReadOnlySpan<long> indices, Span<float> output, int height, int width, int channels);

    [Upsample(UpsampleMode.Nearest, 2, Layout = TensorLayout.ChannelsLast)]
    public static partial void Nearest2xNhwc(ReadOnlySpan<float> input, Span<float> output, int height, int width, int channels);

    [Upsample(UpsampleMode.Bilinear, 2, Layout = TensorLayout.ChannelsLast)]
    public static partial void Bilinear2xNhwc(ReadOnlySpan<float> input, Span<float> output, int height, int width, int channels);

    [Upsample(UpsampleMode.Bicubic, 2, Layout = TensorLayout.ChannelsLast)]
    public static partial void Bicubic2xNhwc(ReadOnlySpan<float> input, Span<float> output, int height, int width, int channels);

    [PixelShuffle(2, Layout = TensorLayout.ChannelsLast)]
    public static partial void Shuffle2Nhwc(ReadOnlySpan<float> input, Span<float> output, int channels, int height, int width);
}
