using Pooling.Generators.Tests.Infrastructure;
using Pooling.Reference;

namespace Pooling.Generators.Tests;

/// <summary>
/// uint8 area resizing of interleaved images (docs/semantics.md §8.7): channels-last kernels with 1, 2, 3 (RGB), 4 (RGBA)
/// and 5 channels, NCHW planes beside them, against the reference's adaptive average of the bytes as floats, rounded
/// half to even. The cases reach every path of the runtime's ByteArea: bins an even number of columns wide with a
/// power-of-two count (the 2×2 and 4×4 boxes; 2×2 bins of 2 to 4 channels take the one-pass halving), even widths with
/// other counts (3×3, 2×3), uneven bins, a 1×1 output and bins too tall for the 16-bit column sums; the engine axis runs
/// it on every vector width.
/// </summary>
public class ByteAreaTests
{
    private static readonly (string Resize, Func<int, int, (int H, int W)> Output)[] Resizes =
    {
        ("0.5", (h, w) => (h / 2, w / 2)),
        ("0.25", (h, w) => (h / 4, w / 4)),
        ("1.0 / 3", (h, w) => ((int)Math.Floor(h * (1.0 / 3)), (int)Math.Floor(w * (1.0 / 3)))),
        ("new[] { 1.0 / 3, 0.5 }", (h, w) => ((int)Math.Floor(h * (1.0 / 3)), w / 2)),
        ("0.7", (h, w) => ((int)Math.Floor(h * 0.7), (int)Math.Floor(w * 0.7))),
        ("Size = new[] { 1, 1 }", (_, _) => (1, 1)),
        ("Size = new[] { 2, 3 }", (_, _) => (2, 3)),
    };

    private static string Declarations()
    {
        var source = new System.Text.StringBuilder("using System;\nusing Pooling;\nnamespace ByteArea;\npublic static partial class K\n{\n");
        for (int i = 0; i < Resizes.Length; i++)
        {
            string resize = Resizes[i].Resize.StartsWith("Size", StringComparison.Ordinal) ? Resizes[i].Resize : Resizes[i].Resize;
            source.Append($"    [Upsample(UpsampleMode.Area, {resize}, Layout = TensorLayout.ChannelsLast)] public static partial void Last{i}(ReadOnlySpan<byte> x, Span<byte> y, int h, int w, int c);\n");
            source.Append($"    public static void Last{i}_Run(byte[] x, byte[] y, int h, int w, int c) => Last{i}(x, y, h, w, c);\n");
            source.Append($"    [Upsample(UpsampleMode.Area, {resize})] public static partial void First{i}(ReadOnlySpan<byte> x, Span<byte> y, int h, int w);\n");
            source.Append($"    public static void First{i}_Run(byte[] x, byte[] y, int h, int w) => First{i}(x, y, h, w);\n");
        }
        return source.Append("}\n").ToString();
    }

    private static readonly Lazy<Type> Compiled = new(() => GeneratorHarness.CompileAndLoad(Declarations()).GetType("ByteArea.K")!);

    [Fact]
    public void Interleaved_and_planar_byte_area_equal_the_reference()
    {
        DifferentialRunner.CheckEngine();
        var random = new Random(20261205);
        // (height, width): small, around the 16-element vectors, wide rows, and a 600-row image whose 1×1 bins pass 257 rows.
        var sizes = new (int H, int W)[] { (4, 4), (8, 6), (12, 36), (9, 34), (16, 64), (20, 130), (48, 48), (6, 200), (600, 8) };
        for (int i = 0; i < Resizes.Length; i++)
        foreach (var (h, w) in sizes)
        foreach (int channels in new[] { 3, 4, 2, 1, 5 })
        {
            var (outH, outW) = Resizes[i].Output(h, w);
            if (outH < 1 || outW < 1) continue;
            int batch = random.Next(1, 3);
            var nchw = new byte[batch * channels * h * w];
            random.NextBytes(nchw);
            var expected = new byte[batch * channels * outH * outW];
            ReferenceAdaptivePooling.AdaptiveAvgPool<byte, float>(nchw, new[] { h, w }, new[] { outH, outW }, expected);

            var planar = new byte[expected.Length];
            Compiled.Value.GetMethod($"First{i}_Run")!.Invoke(null, new object[] { nchw, planar, h, w });
            Assert.True(expected.SequenceEqual(planar), $"NCHW [{Resizes[i].Resize}] {batch}×{channels}×{h}×{w}");

            var nhwc = new byte[nchw.Length];
            Layouts.ToChannelsLast<byte>(nchw, nhwc, batch, h * w, channels);
            var result = new byte[expected.Length];
            Compiled.Value.GetMethod($"Last{i}_Run")!.Invoke(null, new object[] { nhwc, result, h, w, channels });
            var back = new byte[result.Length];
            Layouts.ToChannelsFirst<byte>(result, back, batch, outH * outW, channels);
            Assert.True(expected.SequenceEqual(back), $"channels-last [{Resizes[i].Resize}] {batch}×{h}×{w}×{channels}");
        }
    }

    /// <summary>Exact halves, which random bytes almost never give in a large bin: one bin (a 1×1 output) of n bytes,
    /// half of them v and half v + 1, has the mean v + ½ and rounds to the even one of v and v + 1 — in the 16-bit path
    /// (16 rows), the float path (1,024 elements, 16 rows) and the 64-bit path (600 rows, past the 16-bit column sums).</summary>
    [Theory]
    [InlineData(16, 8, 2)]
    [InlineData(16, 64, 3)]
    [InlineData(600, 8, 2)]
    [InlineData(600, 8, 5)]
    public void Halves_round_to_even(int height, int width, int low)
    {
        var image = new byte[height * width];
        for (int i = 0; i < image.Length; i++) image[i] = (byte)(low + (i % 2));
        var result = new byte[1];
        Compiled.Value.GetMethod("First5_Run")!.Invoke(null, new object[] { image, result, height, width });
        Assert.Equal(low % 2 == 0 ? low : low + 1, result[0]);
        // One byte more tips the mean past the half: it rounds up whatever the parity.
        image[0]++;
        Compiled.Value.GetMethod("First5_Run")!.Invoke(null, new object[] { image, result, height, width });
        Assert.Equal(low + 1, result[0]);
    }
}
