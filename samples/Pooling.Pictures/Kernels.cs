using System;

namespace Pooling.Pictures;

/// <summary>Every kernel the pictures use, generated from its attribute.</summary>
public static partial class Kernels
{
    [MaxPool(2, 2)]
    public static partial void MaxPool2(ReadOnlySpan<float> input, Span<float> output, int height, int width);

    [AvgPool(3, 2, Padding = 1)]
    public static partial void AvgPool3(ReadOnlySpan<float> input, Span<float> output, int height, int width);

    [AdaptiveMaxPool(32, 32)]
    public static partial void AdaptiveMax32(ReadOnlySpan<float> input, Span<float> output, int height, int width);

    [AdaptiveAvgPool(32, 32)]
    public static partial void Shrink32(ReadOnlySpan<float> input, Span<float> output, int height, int width);

    [Upsample(UpsampleMode.Nearest, 4)]
    public static partial void Nearest4(ReadOnlySpan<float> input, Span<float> output, int height, int width);

    [Upsample(UpsampleMode.NearestExact, 4)]
    public static partial void NearestExact4(ReadOnlySpan<float> input, Span<float> output, int height, int width);

    [Upsample(UpsampleMode.Bilinear, 4)]
    public static partial void Bilinear4(ReadOnlySpan<float> input, Span<float> output, int height, int width);

    [Upsample(UpsampleMode.Bicubic, 4)]
    public static partial void Bicubic4(ReadOnlySpan<float> input, Span<float> output, int height, int width);

    [Upsample(UpsampleMode.Bicubic, 4, Antialias = true)]
    public static partial void BicubicAntialias4(ReadOnlySpan<float> input, Span<float> output, int height, int width);

    /// <summary>A photo (interleaved RGB bytes, any size) to a ResNet input [1, 3, 224, 224]: Pillow's antialiased bilinear
    /// resize, then torchvision's ToTensor and Normalize with ImageNet's statistics, in one pass.</summary>
    [Upsample(UpsampleMode.Bilinear, Size = new[] { 224, 224 }, Antialias = true, Layout = TensorLayout.ChannelsLast, Channels = 3,
        Mean = new[] { 0.485, 0.456, 0.406 }, Std = new[] { 0.229, 0.224, 0.225 })]
    public static partial void ToModelInput(ReadOnlySpan<byte> image, Span<float> input, int height, int width);

    /// <summary>The same resize, to bytes: Pillow's <c>Image.resize((224, 224), Image.BILINEAR)</c>, bit for bit.</summary>
    [Upsample(UpsampleMode.Bilinear, Size = new[] { 224, 224 }, Antialias = true, Layout = TensorLayout.ChannelsLast, Channels = 3)]
    public static partial void Thumbnail(ReadOnlySpan<byte> image, Span<byte> output, int height, int width);
}
