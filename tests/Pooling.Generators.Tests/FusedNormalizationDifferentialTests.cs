using Pooling.Kernels;

namespace Pooling.Generators.Tests;

/// <summary>
/// Fused preprocessing's normalisation and layout against docs/semantics.md §8.11 written out here: every resampled byte v
/// of output channel k is <c>(v / 255f − mean[k]) / std[k]</c> in float, output channel k reads input channel k (or
/// written − 1 − k reversed), planar or interleaved, alpha dropped when one mean fewer is given. The bytes come from
/// <see cref="PillowResampler.Resample"/> (checked against Pillow elsewhere); what is checked here is each float bit for
/// bit, over channel counts 1–5, row widths that leave every vector width a tail, random and ImageNet constants — the
/// vector normalisation (multiply by reciprocals, corrected by multiply-adds) and its byte-shuffle gathers as well as the
/// table that serves where vectors do not. The name puts it on the engine axis (EngineAxisTests): every vector width runs it.
/// </summary>
public class FusedNormalizationDifferentialTests
{
    [Fact]
    public void Every_layout_writes_the_documented_float_of_every_byte()
    {
        var random = new Random(20261206);
        int checkedCases = 0;
        foreach (int channels in new[] { 1, 2, 3, 4, 5 })
        foreach (bool dropAlpha in new[] { false, true })
        foreach (bool channelsFirst in new[] { true, false })
        foreach (bool reverse in new[] { false, true })
        foreach (int outW in new[] { 1, 5, 16, 23, 37, 70 })
        {
            if (dropAlpha && channels == 1) continue;
            int written = dropAlpha ? channels - 1 : channels, inH = 7, inW = outW + 3, outH = 4;
            bool imageNet = written == 3 && random.Next(2) == 0;
            float[] mean = imageNet ? new[] { 0.485f, 0.456f, 0.406f } : Enumerable.Range(0, written).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
            float[] std = imageNet ? new[] { 0.229f, 0.224f, 0.225f } : Enumerable.Range(0, written).Select(_ => (float)(0.05 + random.NextDouble() * 3)).ToArray();
            var input = new byte[inH * inW * channels];
            random.NextBytes(input);
            // Every byte value somewhere in the rows: the ends of the table as well as its middle.
            for (int i = 0; i < input.Length; i += 7) input[i] = (byte)(i % 3 == 0 ? 0 : 255);
            var bytes = new byte[outH * outW * channels];
            PillowResampler.Resample(input, bytes, 1, inH, inW, outH, outW, (double)inH / outH, (double)inW / outW, PillowFilter.Bilinear, channels);

            var expected = new float[outH * outW * written];
            for (int p = 0; p < outH * outW; p++)
            for (int k = 0; k < written; k++)
            {
                byte v = bytes[p * channels + (reverse ? written - 1 - k : k)];
                expected[channelsFirst ? k * outH * outW + p : p * written + k] = (v / 255f - mean[k]) / std[k];
            }
            var actual = new float[expected.Length + 1];
            actual[^1] = 12345f;   // a guard past the output: never written
            PillowResampler.ResampleNormalize<float>(input, actual.AsSpan(0, expected.Length), 1, inH, inW, outH, outW, (double)inH / outH,
                (double)inW / outW, PillowFilter.Bilinear, channels, mean, std, channelsFirst, reverse);
            string what = $"{channels} channels, {written} written, {(channelsFirst ? "planar" : "interleaved")}{(reverse ? ", reversed" : "")}, {outW} wide";
            for (int i = 0; i < expected.Length; i++)
            {
                if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
                    Assert.Fail($"{what}: element {i} is {actual[i]:R}, the formula gives {expected[i]:R}");
            }
            Assert.Equal(12345f, actual[^1]);
            checkedCases++;
        }
        Assert.Equal(216, checkedCases);
    }

    /// <summary>The last normalisation set up on a thread is kept for the next call with the same constants, channels and
    /// layout: calls in a row on one thread that change one thing at a time — one std, one mean, the sign of a zero mean,
    /// the layout, the reversal, the channel count — each get their own floats.</summary>
    [Fact]
    public void A_kept_normalisation_serves_only_the_same_constants_and_layout()
    {
        var random = new Random(20261207);
        int inH = 5, inW = 40, outH = 3, outW = 33;
        var input = new byte[inH * inW * 4];
        random.NextBytes(input);
        var calls = new (float[] Mean, float[] Std, int Channels, bool ChannelsFirst, bool Reverse)[]
        {
            (new[] { 0.485f, 0.456f, 0.406f }, new[] { 0.229f, 0.224f, 0.225f }, 3, true, false),
            (new[] { 0.485f, 0.456f, 0.406f }, new[] { 0.229f, 0.224f, 0.5f }, 3, true, false),      // one std
            (new[] { 0.485f, 0.3f, 0.406f }, new[] { 0.229f, 0.224f, 0.5f }, 3, true, false),        // one mean
            (new[] { 0.485f, 0.3f, 0.406f }, new[] { 0.229f, 0.224f, 0.5f }, 3, false, false),       // the layout
            (new[] { 0.485f, 0.3f, 0.406f }, new[] { 0.229f, 0.224f, 0.5f }, 3, false, true),        // the reversal
            (new[] { 0.485f, 0.3f, 0.406f }, new[] { 0.229f, 0.224f, 0.5f }, 4, false, true),        // alpha dropped
            (new[] { 0f, 0f, 0f }, new[] { 1f, 1f, 1f }, 3, true, false),
            (new[] { -0f, 0f, 0f }, new[] { 1f, 1f, 1f }, 3, true, false),                           // −0 beside +0
            (new[] { 0.485f, 0.456f, 0.406f }, new[] { 0.229f, 0.224f, 0.225f }, 3, true, false),   // the first again
        };
        foreach (var (mean, std, channels, channelsFirst, reverse) in calls)
        {
            int written = mean.Length;
            var image = input.AsSpan(0, inH * inW * channels);
            var bytes = new byte[outH * outW * channels];
            PillowResampler.Resample(image, bytes, 1, inH, inW, outH, outW, (double)inH / outH, (double)inW / outW, PillowFilter.Bilinear, channels);
            var actual = new float[outH * outW * written];
            PillowResampler.ResampleNormalize<float>(image, actual, 1, inH, inW, outH, outW, (double)inH / outH, (double)inW / outW,
                PillowFilter.Bilinear, channels, mean, std, channelsFirst, reverse);
            for (int p = 0; p < outH * outW; p++)
            for (int k = 0; k < written; k++)
            {
                byte v = bytes[p * channels + (reverse ? written - 1 - k : k)];
                float expected = (v / 255f - mean[k]) / std[k], got = actual[channelsFirst ? k * outH * outW + p : p * written + k];
                Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(got),
                    $"mean [{string.Join(", ", mean)}], std [{string.Join(", ", std)}], {channels} channels, pixel {p}, channel {k}: {got:R}, the formula gives {expected:R}");
            }
        }
    }

    [Fact]
    public void Every_byte_of_extreme_constants_matches_the_formula()
    {
        // Means and stds whose quotients sit at the edges of float's range and precision: tiny and huge stds, a mean equal
        // to a byte's quotient (a result of exactly 0), negative stds. A 1×256 image with every byte once, unresized.
        var input = Enumerable.Range(0, 256).SelectMany(v => new[] { (byte)v, (byte)(255 - v), (byte)(v * 7) }).ToArray();
        var constants = new (float[] Mean, float[] Std)[]
        {
            (new[] { 0f, 0f, 0f }, new[] { 1f, 1f, 1f }),
            (new[] { 128 / 255f, 0.5f, -3f }, new[] { 1e-30f, 3e30f, -0.7f }),
            (new[] { 1e30f, -1e-30f, 0.1f }, new[] { 1e-8f, 1e8f, float.Epsilon * 1e6f }),
        };
        foreach (var (mean, std) in constants)
        foreach (bool channelsFirst in new[] { true, false })
        {
            var actual = new float[256 * 3];
            PillowResampler.ResampleNormalize<float>(input, actual, 1, 1, 256, 1, 256, 1, 1, PillowFilter.Bilinear, 3, mean, std, channelsFirst);
            for (int x = 0; x < 256; x++)
            for (int k = 0; k < 3; k++)
            {
                float expected = (input[x * 3 + k] / 255f - mean[k]) / std[k];
                float got = actual[channelsFirst ? k * 256 + x : x * 3 + k];
                Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(got),
                    $"mean {mean[k]:R}, std {std[k]:R}, byte {input[x * 3 + k]}: {got:R}, the formula gives {expected:R}");
            }
        }
    }
}
