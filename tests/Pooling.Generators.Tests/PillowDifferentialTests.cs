using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Pooling.Generators.Tests.Infrastructure;
using Pooling.Kernels;

namespace Pooling.Generators.Tests;

/// <summary>
/// uint8 resizing against Pillow 9.4's own output (Fixtures/pillow.json, made by tools/fixtures/make_pillow_fixtures.py):
/// random sizes reducing by 1.01–20 and enlarging by 1.5–8 per axis, 1 to 5 channels, random and clipping data, every
/// filter, and the photo of the pictures sample — bit for bit, through the runtime resampler (interleaved channels and
/// planes), its plain-loop oracle, and generated kernels (every filter: bilinear and bicubic with Antialias, Box and
/// Lanczos modes; NCHW and channels-last, Size = and parallel). The name puts it on the engine axis
/// (EngineAxisTests), so every vector width runs it.
/// </summary>
public class PillowDifferentialTests
{
    private sealed record Case(string Filter, int Channels, int InH, int InW, int OutH, int OutW, byte[] Input, byte[] Expected)
    {
        public override string ToString() => $"{Filter} {InH}×{InW}×{Channels} → {OutH}×{OutW}";
    }

    private sealed record Fused(Case Image, double[] Mean, double[] Std, bool Reverse, bool ChannelsLast, float[] Expected);

    private static readonly Lazy<(List<Case> Cases, List<Case> Photo, List<Fused> Fused)> Fixtures = new(Load);

    private static (List<Case>, List<Case>, List<Fused>) Load()
    {
        string folder = Path.Combine(AppContext.BaseDirectory, "Fixtures");
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "pillow.json")));
        var cases = document.RootElement.GetProperty("cases").EnumerateArray().Select(c => new Case(
            c.GetProperty("filter").GetString()!, c.GetProperty("channels").GetInt32(),
            c.GetProperty("in")[0].GetInt32(), c.GetProperty("in")[1].GetInt32(), c.GetProperty("out")[0].GetInt32(), c.GetProperty("out")[1].GetInt32(),
            Unpack(c.GetProperty("input").GetString()!), Unpack(c.GetProperty("expected").GetString()!))).ToList();
        var photo = document.RootElement.GetProperty("photo");
        byte[] pixels = Gunzip(File.ReadAllBytes(Path.Combine(folder, photo.GetProperty("file").GetString()!)));
        int inH = photo.GetProperty("in")[0].GetInt32(), inW = photo.GetProperty("in")[1].GetInt32();
        var photos = photo.GetProperty("cases").EnumerateArray().Select(c => new Case(c.GetProperty("filter").GetString()!, 3, inH, inW,
            c.GetProperty("out")[0].GetInt32(), c.GetProperty("out")[1].GetInt32(), pixels, Unpack(c.GetProperty("expected").GetString()!))).ToList();
        var fused = document.RootElement.GetProperty("fused").EnumerateArray().Select(c =>
        {
            bool fromPhoto = !c.TryGetProperty("input", out var input);
            var image = new Case(c.GetProperty("filter").GetString()!, fromPhoto ? 3 : c.GetProperty("channels").GetInt32(),
                fromPhoto ? inH : c.GetProperty("in")[0].GetInt32(), fromPhoto ? inW : c.GetProperty("in")[1].GetInt32(),
                c.GetProperty("out")[0].GetInt32(), c.GetProperty("out")[1].GetInt32(), fromPhoto ? pixels : Unpack(input.GetString()!), Array.Empty<byte>());
            byte[] expected = Unpack(c.GetProperty("expected").GetString()!);
            return new Fused(image, c.GetProperty("mean").EnumerateArray().Select(v => v.GetDouble()).ToArray(),
                c.GetProperty("std").EnumerateArray().Select(v => v.GetDouble()).ToArray(), c.GetProperty("reverse").GetBoolean(),
                c.GetProperty("channels_last").GetBoolean(), System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(expected).ToArray());
        }).ToList();
        return (cases, photos, fused);
    }

    private static void AssertFloats(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
                Assert.Fail($"{what}: element {i} of {expected.Length} is {actual[i]:R}, torchvision gives {expected[i]:R}");
        }
    }

    [Fact]
    public void Fused_preprocessing_equals_torchvision_ToTensor_and_Normalize_after_Pillow()
    {
        var all = Fixtures.Value.Fused;
        Assert.True(all.Count >= 9, $"{all.Count} cases");
        foreach (var f in all)
        {
            var c = f.Image;
            var output = new float[f.Expected.Length];
            PillowResampler.ResampleNormalize(c.Input, output, 1, c.InH, c.InW, c.OutH, c.OutW, (double)c.InH / c.OutH, (double)c.InW / c.OutW,
                Enum.Parse<PillowFilter>(c.Filter), c.Channels, f.Mean.Select(v => (float)v).ToArray(), f.Std.Select(v => (float)v).ToArray(),
                channelsFirst: !f.ChannelsLast, reverse: f.Reverse);
            AssertFloats(f.Expected, output, c + " fused, runtime");
        }
    }

    // The expected channels-first or channels-last result without its last channel: what dropping alpha writes.
    private static float[] WithoutLastChannel(Fused f)
    {
        var c = f.Image;
        int plane = c.OutH * c.OutW, kept = c.Channels - 1;
        if (!f.ChannelsLast) return f.Expected.Take(kept * plane).ToArray();
        return Enumerable.Range(0, plane * kept).Select(i => f.Expected[i / kept * c.Channels + i % kept]).ToArray();
    }

    [Fact]
    public void Fused_preprocessing_drops_alpha_when_given_one_mean_fewer()
    {
        var fourChannel = Fixtures.Value.Fused.Where(f => f.Image.Channels == 4).ToList();
        Assert.NotEmpty(fourChannel);
        foreach (var f in fourChannel)
        {
            var c = f.Image;
            float[] expected = WithoutLastChannel(f);
            var output = new float[expected.Length];
            PillowResampler.ResampleNormalize(c.Input, output, 1, c.InH, c.InW, c.OutH, c.OutW, (double)c.InH / c.OutH, (double)c.InW / c.OutW,
                Enum.Parse<PillowFilter>(c.Filter), 4, f.Mean.Take(3).Select(v => (float)v).ToArray(), f.Std.Take(3).Select(v => (float)v).ToArray(),
                channelsFirst: !f.ChannelsLast);
            AssertFloats(expected, output, c + " fused, alpha dropped");
            // A buffer one element short of the three channels is refused.
            var wrong = new float[expected.Length - 1];
            var error = Assert.Throws<ArgumentException>(() => PillowResampler.ResampleNormalize(c.Input, wrong.AsSpan(), 1, c.InH, c.InW, c.OutH, c.OutW,
                1, 1, PillowFilter.Bilinear, 4, new float[3], new float[] { 1, 1, 1 }, true));
            Assert.Equal("planes", error.ParamName);
        }
    }

    private delegate void FusedKernel(ReadOnlySpan<byte> x, Span<float> y, int h, int w, int c);
    private delegate void FusedHalfKernel(ReadOnlySpan<byte> x, Span<Half> y, int h, int w, int c);
    private delegate void AlphaDroppingKernel(ReadOnlySpan<byte> x, Span<float> y, int h, int w);

    [Fact]
    public void Generated_fused_preprocessing_equals_torchvision()
    {
        string Doubles(double[] values) => string.Join(", ", values.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
        var all = Fixtures.Value.Fused;
        var source = new StringBuilder("using System;\nusing Pooling;\nnamespace PillowFused;\npublic static partial class K\n{\n");
        for (int i = 0; i < all.Count; i++)
        {
            var (c, f) = (all[i].Image, all[i]);
            string attribute = $"    [Upsample(UpsampleMode.{c.Filter}, Size = new[] {{ {c.OutH}, {c.OutW} }}, Antialias = true, Layout = TensorLayout.ChannelsLast, "
                + $"Mean = new[] {{ {Doubles(f.Mean)} }}, Std = new[] {{ {Doubles(f.Std)} }}, ReverseChannels = {(f.Reverse ? "true" : "false")}, "
                + $"OutputLayout = TensorLayout.{(f.ChannelsLast ? "ChannelsLast" : "ChannelsFirst")}{(i % 2 == 0 ? ", Parallel = true" : "")})]";
            source.AppendLine(attribute);
            source.AppendLine($"    public static partial void F{i}(ReadOnlySpan<byte> x, Span<float> y, int h, int w, int c);");
            source.AppendLine(attribute);   // the same, with a Half output
            source.AppendLine($"    public static partial void H{i}(ReadOnlySpan<byte> x, Span<Half> y, int h, int w, int c);");
            if (c.Channels == 4)
            {
                // Four channels in, three out: alpha dropped (Channels = 4, one mean fewer).
                source.AppendLine(attribute.Replace("Layout = TensorLayout.ChannelsLast, ", "Layout = TensorLayout.ChannelsLast, Channels = 4, ")
                    .Replace($"Mean = new[] {{ {Doubles(f.Mean)} }}", $"Mean = new[] {{ {Doubles(f.Mean[..3])} }}")
                    .Replace($"Std = new[] {{ {Doubles(f.Std)} }}", $"Std = new[] {{ {Doubles(f.Std[..3])} }}"));
                source.AppendLine($"    public static partial void A{i}(ReadOnlySpan<byte> x, Span<float> y, int h, int w);");
            }
        }
        source.AppendLine("}");
        var kernels = GeneratorHarness.CompileAndLoad(source.ToString()).GetType("PillowFused.K")!;
        int alphaDropped = 0;
        for (int i = 0; i < all.Count; i++)
        {
            var (c, f) = (all[i].Image, all[i]);
            var output = new float[f.Expected.Length];
            kernels.GetMethod($"F{i}")!.CreateDelegate<FusedKernel>()(c.Input, output, c.InH, c.InW, c.Channels);
            AssertFloats(f.Expected, output, c + " fused kernel");
            if (c.Channels == 4)
            {
                float[] withoutAlpha = WithoutLastChannel(f);
                var three = new float[withoutAlpha.Length];
                kernels.GetMethod($"A{i}")!.CreateDelegate<AlphaDroppingKernel>()(c.Input, three, c.InH, c.InW);
                AssertFloats(withoutAlpha, three, c + " fused kernel, alpha dropped");
                alphaDropped++;
            }
            // Half: torchvision's float result rounded once (tensor.half()).
            var halves = new Half[f.Expected.Length];
            kernels.GetMethod($"H{i}")!.CreateDelegate<FusedHalfKernel>()(c.Input, halves, c.InH, c.InW, c.Channels);
            for (int k = 0; k < halves.Length; k++)
            {
                if (BitConverter.HalfToInt16Bits(halves[k]) != BitConverter.HalfToInt16Bits((Half)f.Expected[k]))
                    Assert.Fail($"{c} fused Half kernel: element {k} is {halves[k]}, (Half) of torchvision's {f.Expected[k]:R} is {(Half)f.Expected[k]}");
            }
        }
        Assert.True(alphaDropped > 0, "no four-channel case dropped alpha");
    }

    private static byte[] Unpack(string base64) => Gunzip(Convert.FromBase64String(base64));

    private static byte[] Gunzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(new MemoryStream(data), CompressionMode.Decompress)) gzip.CopyTo(output);
        return output.ToArray();
    }

    // HWC → CHW: the planes an NCHW kernel takes.
    private static byte[] Planar(byte[] interleaved, int channels)
    {
        var planes = new byte[interleaved.Length];
        int pixels = interleaved.Length / channels;
        for (int p = 0; p < pixels; p++)
        for (int k = 0; k < channels; k++)
            planes[k * pixels + p] = interleaved[p * channels + k];
        return planes;
    }

    private static void AssertBytes(byte[] expected, byte[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            if (expected[i] != actual[i])
                Assert.Fail($"{what}: element {i} of {expected.Length} is {actual[i]}, Pillow gives {expected[i]} "
                    + $"({expected.Where((e, j) => e != actual[j]).Count()} elements differ)");
        }
    }

    public static IEnumerable<object[]> Filters => new[] { "Box", "Bilinear", "Bicubic", "Lanczos" }.Select(f => new object[] { f });

    [Theory]
    [MemberData(nameof(Filters))]
    public void Runtime_resampler_equals_Pillow_on_interleaved_channels_and_on_planes(string filter)
    {
        var cases = Fixtures.Value.Cases.Concat(Fixtures.Value.Photo).Where(c => c.Filter == filter).ToList();
        Assert.NotEmpty(cases);
        var f = Enum.Parse<PillowFilter>(filter);
        foreach (var c in cases)
        {
            var interleaved = new byte[c.Expected.Length];
            PillowResampler.Resample(c.Input, interleaved, 1, c.InH, c.InW, c.OutH, c.OutW, (double)c.InH / c.OutH, (double)c.InW / c.OutW, f, c.Channels);
            AssertBytes(c.Expected, interleaved, c + " interleaved");

            var oracle = new byte[c.Expected.Length];
            Pooling.Reference.ReferencePillow.Resample(c.Input, oracle, 1, c.InH, c.InW, c.OutH, c.OutW, (double)c.InH / c.OutH, (double)c.InW / c.OutW, f, c.Channels);
            AssertBytes(c.Expected, oracle, c + " ReferencePillow (the fuzzer's oracle)");

            var planes = new byte[c.Expected.Length];
            PillowResampler.Resample(Planar(c.Input, c.Channels), planes, c.Channels, c.InH, c.InW, c.OutH, c.OutW, (double)c.InH / c.OutH, (double)c.InW / c.OutW, f);
            AssertBytes(Planar(c.Expected, c.Channels), planes, c + " planes");
        }
    }

    [Fact]
    public void Runtime_resampler_equals_its_oracle_on_random_shapes_channels_and_batches()
    {
        // ReferencePillow (a plain loop, equal to Pillow on every fixture above) against the vector paths: three and four
        // channels take paired taps in batches of four rows (a short batch repeats its last row; groups whose loads would
        // pass the input's end run pixel by pixel), other counts the folded spreads. Width only, height only and both;
        // widths from 1 (a group of one pixel repeated), several images back to back, the input ending at the last row.
        var random = new Random(20261205);
        var filters = Enum.GetValues<PillowFilter>();
        for (int n = 0; n < 400; n++)
        {
            var f = filters[random.Next(filters.Length)];
            int channels = n % 5 == 4 ? random.Next(1, 6) : 3 + n % 2;
            int images = random.Next(1, 4), inH = random.Next(1, 40), inW = random.Next(1, 70);
            int shape = random.Next(4);
            int outH = shape == 1 ? inH : random.Next(1, 50), outW = shape == 2 ? inW : random.Next(1, 90);
            var input = new byte[images * inH * inW * channels];
            random.NextBytes(input);
            if (n % 3 == 0)
                for (int i = 0; i < input.Length; i++) input[i] = (byte)(random.Next(2) * 255);   // edges that clip
            double scaleH = (double)inH / outH, scaleW = (double)inW / outW;
            var expected = new byte[images * outH * outW * channels];
            Pooling.Reference.ReferencePillow.Resample(input, expected, images, inH, inW, outH, outW, scaleH, scaleW, f, channels);
            var actual = new byte[expected.Length];
            PillowResampler.Resample(input, actual, images, inH, inW, outH, outW, scaleH, scaleW, f, channels);
            AssertBytes(expected, actual, $"{f} {images}×{inH}×{inW}×{channels} → {outH}×{outW}");
        }
    }

    // One kernel per (filter, output size) of the bilinear and bicubic fixtures, in both layouts.
    private static readonly Lazy<(Type Kernels, Dictionary<string, string> Names)> Generated = new(() =>
    {
        var names = new Dictionary<string, string>();
        var source = new StringBuilder("using System;\nusing Pooling;\nnamespace PillowCases;\npublic static partial class K\n{\n");
        foreach (var c in Fixtures.Value.Cases.Concat(Fixtures.Value.Photo))
        {
            string key = $"{c.Filter}_{c.OutH}x{c.OutW}";
            if (!names.TryAdd(key, key)) continue;
            // Box and Lanczos are Pillow's own modes (always its resampler); bilinear and bicubic take it with Antialias.
            string antialias = c.Filter is "Bilinear" or "Bicubic" ? ", Antialias = true" : "";
            string attribute = $"Upsample(UpsampleMode.{c.Filter}, Size = new[] {{ {c.OutH}, {c.OutW} }}{antialias}";
            source.AppendLine($"    [{attribute})] public static partial void {key}(ReadOnlySpan<byte> x, Span<byte> y, int h, int w);");
            source.AppendLine($"    [{attribute}, Layout = TensorLayout.ChannelsLast, Parallel = true)] public static partial void {key}_nhwc(ReadOnlySpan<byte> x, Span<byte> y, int h, int w, int c);");
        }
        source.AppendLine("}");
        return (GeneratorHarness.CompileAndLoad(source.ToString()).GetType("PillowCases.K")!, names);
    });

    [Fact]
    public void Generated_kernels_equal_Pillow_in_both_layouts()
    {
        var (kernels, _) = Generated.Value;
        int checkedCases = 0;
        foreach (var c in Fixtures.Value.Cases.Concat(Fixtures.Value.Photo))
        {
            string key = $"{c.Filter}_{c.OutH}x{c.OutW}";
            var planes = new byte[c.Expected.Length];
            Invoker.Call(kernels.GetMethod(key)!, Planar(c.Input, c.Channels), planes, null, new[] { c.InH, c.InW });
            AssertBytes(Planar(c.Expected, c.Channels), planes, c + " NCHW kernel");

            var interleaved = new byte[c.Expected.Length];
            Invoker.Call(kernels.GetMethod(key + "_nhwc")!, c.Input, interleaved, null, new[] { c.InH, c.InW, c.Channels });
            AssertBytes(c.Expected, interleaved, c + " channels-last kernel");
            checkedCases++;
        }
        Assert.True(checkedCases >= 78, $"{checkedCases} cases");
    }
}
