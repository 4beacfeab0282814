using System;

namespace Pooling.Kernels.Backward;

/// <summary>
/// Gradients of the channel/space shuffles (docs/semantics.md §12): a shuffle only moves elements, so its gradient moves
/// each gradient element back — PixelShuffle's is PixelUnshuffle's forward and the reverse, DepthToSpace's is
/// SpaceToDepth's. Exact for every element type. The "deep" tensor is (C·r², H, W) per sample, the "wide" one
/// (C, H·r, W·r); <c>toDeep</c> says which one is written. Channels-last keeps the channel innermost in both.
/// </summary>
public static class ShuffleGradients
{
    /// <summary>Moves samples [first, end) between the deep and the wide layout. <paramref name="blockFirst"/>: ONNX's
    /// DCR order (deep channel (i·r + j)·C + c); otherwise CRD (PyTorch's, c·r² + i·r + j).</summary>
    public static void Move<T>(ReadOnlySpan<T> source, Span<T> destination, bool toDeep, bool blockFirst, bool channelsLast,
        int factor, int channels, int height, int width, int first, int end)
        where T : unmanaged
    {
        int r = factor, deepChannels = channels * r * r, wideH = height * r, wideW = width * r;
        long sample = (long)deepChannels * height * width;
        for (int n = first; n < end; n++)
        {
            long start = n * sample;
            for (int c = 0; c < channels; c++)
            for (int i = 0; i < r; i++)
            for (int j = 0; j < r; j++)
            {
                int deepChannel = blockFirst ? (i * r + j) * channels + c : (c * r + i) * r + j;
                for (int h = 0; h < height; h++)
                for (int w = 0; w < width; w++)
                {
                    int wh = h * r + i, ww = w * r + j;
                    long deep = channelsLast
                        ? ((long)h * width + w) * deepChannels + deepChannel
                        : ((long)deepChannel * height + h) * width + w;
                    long wide = channelsLast
                        ? ((long)wh * wideW + ww) * channels + c
                        : ((long)c * wideH + wh) * wideW + ww;
                    if (toDeep) destination[(int)(start + deep)] = source[(int)(start + wide)];
                    else destination[(int)(start + wide)] = source[(int)(start + deep)];
                }
            }
        }
    }
}
