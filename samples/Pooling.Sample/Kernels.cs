using System;
using Pooling;

namespace Pooling.Sample;

/// <summary>The kernels of the seed demo, generated at compile time from their attributes.</summary>
public static partial class Kernels
{
    /// <summary>PyTorch <c>nn.MaxPool2d(2, 2)</c>.</summary>
    [MaxPool(2, 2)]
    public static partial void MaxPool2x2(ReadOnlySpan<float> input, Span<float> output, int height, int width);

    /// <summary>PyTorch <c>nn.AvgPool2d(3, 2, padding=1)</c> on the demo's fixed 128×128 maps.</summary>
    [AvgPool(3, 2, Padding = 1, InputSize = new[] { 128, 128 })]
    public static partial void AvgPool3x3(ReadOnlySpan<float> input, Span<float> output);

    /// <summary>Max pooling that also reports where each maximum came from (<c>return_indices=True</c>).</summary>
    [MaxPool(2, 2)]
    public static partial void MaxPoolWithIndices(ReadOnlySpan<float> input, Span<float> output, Span<long> indices, int height, int width);

    /// <summary>PyTorch <c>nn.AdaptiveMaxPool2d((32, 32))</c>: whatever the input size, a 32×32 map.</summary>
    [AdaptiveMaxPool(32, 32)]
    public static partial void Fit32(ReadOnlySpan<float> input, Span<float> output, int height, int width);

    /// <summary>PyTorch <c>nn.Upsample(scale_factor=2, mode='nearest')</c>.</summary>
    [Upsample(UpsampleMode.Nearest, 2)]
    public static partial void UpNearest(ReadOnlySpan<float> input, Span<float> output, int height, int width);

    /// <summary>PyTorch <c>nn.Upsample(scale_factor=2, mode='bilinear')</c> (align_corners=False).</summary>
    [Upsample(UpsampleMode.Bilinear, 2)]
    public static partial void UpBilinear(ReadOnlySpan<float> input, Span<float> output, int height, int width);

    /// <summary>Grey-scale erosion of a byte row: min pooling over 3 pixels.</summary>
    [MinPool(3, 1, Padding = 1)]
    public static partial void Erode(ReadOnlySpan<byte> input, Span<byte> output, int width);
}
