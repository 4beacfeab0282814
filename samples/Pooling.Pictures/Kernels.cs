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
}
