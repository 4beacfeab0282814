using System;

namespace Pooling.Benchmarks;

/// <summary>The image cases of <see cref="ImageBenchmarks"/>: uint8 RGB, channels-last, as a user would declare them.</summary>
public static partial class ImageKernels
{
    [Upsample(UpsampleMode.Bilinear, Size = new[] { 224, 224 }, Antialias = true, Layout = TensorLayout.ChannelsLast, Channels = 3)]
    public static partial void Bilinear224(ReadOnlySpan<byte> image, Span<byte> output, int height, int width);

    [Upsample(UpsampleMode.Bicubic, Size = new[] { 224, 224 }, Antialias = true, Layout = TensorLayout.ChannelsLast, Channels = 3)]
    public static partial void Bicubic224(ReadOnlySpan<byte> image, Span<byte> output, int height, int width);

    [Upsample(UpsampleMode.Bilinear, Size = new[] { 448, 448 }, Antialias = true, Layout = TensorLayout.ChannelsLast, Channels = 3)]
    public static partial void Bilinear448(ReadOnlySpan<byte> image, Span<byte> output, int height, int width);

    [Upsample(UpsampleMode.Bicubic, Size = new[] { 448, 448 }, Antialias = true, Layout = TensorLayout.ChannelsLast, Channels = 3)]
    public static partial void Bicubic448(ReadOnlySpan<byte> image, Span<byte> output, int height, int width);

    [Upsample(UpsampleMode.Box, Size = new[] { 240, 320 }, Layout = TensorLayout.ChannelsLast, Channels = 3)]
    public static partial void Box240x320(ReadOnlySpan<byte> image, Span<byte> output, int height, int width);

    [Upsample(UpsampleMode.Area, Size = new[] { 240, 320 }, Layout = TensorLayout.ChannelsLast, Channels = 3)]
    public static partial void Area240x320(ReadOnlySpan<byte> image, Span<byte> output, int height, int width);

    /// <summary>A photo to a ResNet input: resize, ToTensor, Normalize with ImageNet's statistics, planar NCHW float.</summary>
    [Upsample(UpsampleMode.Bilinear, Size = new[] { 224, 224 }, Antialias = true, Layout = TensorLayout.ChannelsLast, Channels = 3,
        Mean = new[] { 0.485, 0.456, 0.406 }, Std = new[] { 0.229, 0.224, 0.225 })]
    public static partial void Preprocess224(ReadOnlySpan<byte> image, Span<float> input, int height, int width);

    /// <summary>The float antialias path (PyTorch's), three planes.</summary>
    [Upsample(UpsampleMode.Bilinear, Size = new[] { 224, 224 }, Antialias = true)]
    public static partial void FloatBilinear224(ReadOnlySpan<float> input, Span<float> output, int height, int width);
}
