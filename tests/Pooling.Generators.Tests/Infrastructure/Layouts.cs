using System;

namespace Pooling.Generators.Tests.Infrastructure;

/// <summary>NHWC ↔ NCHW transposition: the channels-last tests compare each NHWC kernel with the NCHW kernel on the
/// transposed data (the generated kernels themselves never transpose).</summary>
public static class Layouts
{
    /// <summary>[batch, spatial, channels] → [batch, channels, spatial].</summary>
    public static void ToChannelsFirst<T>(ReadOnlySpan<T> source, Span<T> target, int batch, int spatial, int channels)
    {
        int sample = spatial * channels;
        for (int n = 0; n < batch; n++)
        {
            var from = source.Slice(n * sample, sample);
            var to = target.Slice(n * sample, sample);
            for (int s = 0; s < spatial; s++)
            for (int c = 0; c < channels; c++)
            {
                to[c * spatial + s] = from[s * channels + c];
            }
        }
    }

    /// <summary>[batch, channels, spatial] → [batch, spatial, channels].</summary>
    public static void ToChannelsLast<T>(ReadOnlySpan<T> source, Span<T> target, int batch, int spatial, int channels)
    {
        int sample = spatial * channels;
        for (int n = 0; n < batch; n++)
        {
            var from = source.Slice(n * sample, sample);
            var to = target.Slice(n * sample, sample);
            for (int c = 0; c < channels; c++)
            for (int s = 0; s < spatial; s++)
            {
                to[s * channels + c] = from[c * spatial + s];
            }
        }
    }
}
