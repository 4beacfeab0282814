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

    /// <summary>
    /// A channels-last kernel run on channels-first data (float or double arrays): <paramref name="input"/>
    /// ([inBatch, channels, inSpatial]) transposed in, <paramref name="kernel"/> called with the transposed input and a
    /// result buffer, and the result ([outBatch, outSpatial, channels]) transposed back into <paramref name="output"/>.
    /// </summary>
    public static void ThroughChannelsLast(Array input, int inBatch, int inSpatial, Array output, int outBatch, int outSpatial, int channels,
        Action<Array, Array> kernel)
    {
        if (input is float[] f) Through(f, inBatch, inSpatial, (float[])output, outBatch, outSpatial, channels, kernel);
        else Through((double[])input, inBatch, inSpatial, (double[])output, outBatch, outSpatial, channels, kernel);
    }

    private static void Through<T>(T[] input, int inBatch, int inSpatial, T[] output, int outBatch, int outSpatial, int channels, Action<Array, Array> kernel)
    {
        var nhwc = new T[input.Length];
        var result = new T[output.Length];
        ToChannelsLast<T>(input, nhwc, inBatch, inSpatial, channels);
        kernel(nhwc, result);
        ToChannelsFirst<T>(result, output, outBatch, outSpatial, channels);
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
