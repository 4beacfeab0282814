using System;

namespace Pooling.Reference;

/// <summary>PixelShuffle and PixelUnshuffle from their definition (docs/semantics.md §8.8), and ONNX's DepthToSpace (DCR)
/// and SpaceToDepth, as the test oracle. Each is one index formula: which depth channel holds block position (i, j) of
/// output (or input) channel c.</summary>
public static class ReferenceShuffle
{
    /// <summary><c>y[n, c, h·r+i, w·r+j] = x[n, c·r² + i·r + j, h, w]</c> for an input of (channels, height, width) per sample.</summary>
    public static void PixelShuffle<T>(ReadOnlySpan<T> input, int channels, int height, int width, int factor, Span<T> output) =>
        FromDepth(input, channels, height, width, factor, output, (c, i, j, _) => (c * factor + i) * factor + j);

    /// <summary><c>y[n, c·r² + i·r + j, h, w] = x[n, c, h·r+i, w·r+j]</c> for an input of (channels, height, width) per sample.</summary>
    public static void PixelUnshuffle<T>(ReadOnlySpan<T> input, int channels, int height, int width, int factor, Span<T> output) =>
        ToDepth(input, channels, height, width, factor, output, (c, i, j, _) => (c * factor + i) * factor + j);

    /// <summary>ONNX DepthToSpace in DCR mode: <c>y[n, c, h·r+i, w·r+j] = x[n, (i·r + j)·C + c, h, w]</c> (C the output's
    /// channel count) for an input of (channels, height, width) per sample.</summary>
    public static void DepthToSpaceDcr<T>(ReadOnlySpan<T> input, int channels, int height, int width, int factor, Span<T> output) =>
        FromDepth(input, channels, height, width, factor, output, (c, i, j, outChannels) => (i * factor + j) * outChannels + c);

    /// <summary>ONNX SpaceToDepth: <c>y[n, (i·r + j)·C + c, h, w] = x[n, c, h·r+i, w·r+j]</c> for an input of (channels,
    /// height, width) per sample.</summary>
    public static void SpaceToDepth<T>(ReadOnlySpan<T> input, int channels, int height, int width, int factor, Span<T> output) =>
        ToDepth(input, channels, height, width, factor, output, (c, i, j, inChannels) => (i * factor + j) * inChannels + c);

    // y[n, c, h·r+i, w·r+j] = x[n, depth(c, i, j, C), h, w], C the output's channel count.
    private static void FromDepth<T>(ReadOnlySpan<T> input, int channels, int height, int width, int factor, Span<T> output,
        Func<int, int, int, int, int> depth)
    {
        int r = factor, sample = channels * height * width, outChannels = channels / (r * r);
        if (PoolingShape.ValidateShuffle(false, r, channels, height, width) is { } invalid) throw new ArgumentException(invalid);
        for (int n = 0; n < input.Length / sample; n++)
        for (int c = 0; c < outChannels; c++)
        for (int h = 0; h < height; h++)
        for (int i = 0; i < r; i++)
        for (int w = 0; w < width; w++)
        for (int j = 0; j < r; j++)
        {
            int source = n * sample + (depth(c, i, j, outChannels) * height + h) * width + w;
            int target = n * sample + (c * height * r + h * r + i) * width * r + w * r + j;
            output[target] = input[source];
        }
    }

    // y[n, depth(c, i, j, C), h, w] = x[n, c, h·r+i, w·r+j], C the input's channel count.
    private static void ToDepth<T>(ReadOnlySpan<T> input, int channels, int height, int width, int factor, Span<T> output,
        Func<int, int, int, int, int> depth)
    {
        int r = factor, sample = channels * height * width, outHeight = height / r, outWidth = width / r;
        if (PoolingShape.ValidateShuffle(true, r, channels, height, width) is { } invalid) throw new ArgumentException(invalid);
        for (int n = 0; n < input.Length / sample; n++)
        for (int c = 0; c < channels; c++)
        for (int i = 0; i < r; i++)
        for (int j = 0; j < r; j++)
        for (int h = 0; h < outHeight; h++)
        for (int w = 0; w < outWidth; w++)
        {
            int source = n * sample + (c * height + h * r + i) * width + w * r + j;
            int target = n * sample + (depth(c, i, j, channels) * outHeight + h) * outWidth + w;
            output[target] = input[source];
        }
    }
}
