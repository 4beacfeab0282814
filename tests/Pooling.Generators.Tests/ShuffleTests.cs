using Pooling.Generators.Tests.Infrastructure;
using Pooling.Reference;

namespace Pooling.Generators.Tests;

/// <summary>PixelShuffle and PixelUnshuffle: generated kernels against the reference on random configurations, and
/// PyTorch's shape errors.</summary>
public class ShuffleTests
{
    private const int Seed = 8118;

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Generated_shuffles_equal_the_reference(int batch)
    {
        var random = new Random(Seed + batch);
        string[] elements = { "float", "double", "Half", "byte", "short", "long" };
        var cases = new List<(ShuffleCase Case, int[] Size)>();
        for (int i = 0; i < 260; i++)
        {
            bool unshuffle = random.Next(2) == 0;
            int r = random.Next(1, 5);
            int[] size = unshuffle
                ? new[] { random.Next(1, 4), r * random.Next(1, 5), r * random.Next(1, 5) }
                : new[] { r * r * random.Next(1, 3), random.Next(1, 6), random.Next(1, 6) };
            cases.Add((new ShuffleCase(unshuffle, elements[random.Next(elements.Length)], r, random.Next(4) == 0 ? size : null), size));
        }
        var assembly = GeneratorHarness.CompileAndLoad(KernelSuite.Source(cases.Select(c => c.Case)));
        for (int i = 0; i < cases.Count; i++)
        {
            var (c, size) = cases[i];
            int batchSize = random.Next(1, 3);
            var input = Values.Random(KernelSuite.ElementType(c.Element), batchSize * size[0] * size[1] * size[2], random);
            var expected = Array.CreateInstance(input.GetType().GetElementType()!, input.Length);
            var output = Array.CreateInstance(input.GetType().GetElementType()!, input.Length);
            Reference(c, input, size, expected);
            KernelSuite.Invoke(assembly, i, input, output, null, size);
            Values.AssertSame(expected, output, $"case {i} {c} [{batchSize}, {string.Join(", ", size)}]");
        }
    }

    /// <summary>ONNX's DepthToSpace (DCR) and SpaceToDepth against their definitions (ReferenceShuffle): every factor path
    /// (2 moves rows, others element by element), element types, compile-time extents, channels-last (block copies,
    /// checked against the NCHW reference through a transposition) and Parallel.</summary>
    [Fact]
    public void DepthToSpace_and_SpaceToDepth_equal_their_definitions()
    {
        var random = new Random(Seed + 3);
        string[] elements = { "float", "double", "Half", "byte", "short", "long" };
        var cases = new List<(ShuffleCase Case, int[] Size)>();
        for (int i = 0; i < 120; i++)
        {
            bool spaceToDepth = random.Next(2) == 0;
            int r = random.Next(1, 5);
            int[] size = spaceToDepth
                ? new[] { random.Next(1, 4), r * random.Next(1, 5), r * random.Next(1, 9) }
                : new[] { r * r * random.Next(1, 4), random.Next(1, 6), random.Next(1, 9) };
            var c = new ShuffleCase(spaceToDepth, elements[random.Next(elements.Length)], r, random.Next(4) == 0 ? size : null, BlockFirst: true,
                Layout: random.Next(3) == 0 ? "ChannelsLast" : null);
            cases.Add((c, size));
        }
        var assembly = GeneratorHarness.CompileAndLoad(KernelSuite.Source(cases.Select(c => c.Case)));
        for (int i = 0; i < cases.Count; i++)
        {
            var (c, size) = cases[i];
            int batchSize = random.Next(1, 3);
            var input = Values.Random(KernelSuite.ElementType(c.Element), batchSize * size[0] * size[1] * size[2], random);
            var output = Array.CreateInstance(input.GetType().GetElementType()!, input.Length);
            KernelSuite.Invoke(assembly, i, input, output, null, size);
            int[] outSize = c.Unshuffle ? new[] { size[0] * c.Factor * c.Factor, size[1] / c.Factor, size[2] / c.Factor }
                : new[] { size[0] / (c.Factor * c.Factor), size[1] * c.Factor, size[2] * c.Factor };
            // Channels-last: compare in NCHW, both sides transposed per sample.
            Array nchwInput = c.Layout is null ? input : ToChannelsFirst(input, batchSize, size);
            Array nchwOutput = c.Layout is null ? output : ToChannelsFirst(output, batchSize, outSize);
            var expected = Array.CreateInstance(input.GetType().GetElementType()!, input.Length);
            BlockFirstReference(c, nchwInput, size, expected);
            Values.AssertSame(expected, nchwOutput, $"case {i} {c} [{batchSize}, {string.Join(", ", size)}]");
        }
    }

    // (N, H, W, C) → (N, C, H, W) for extents (C, H, W).
    private static Array ToChannelsFirst(Array nhwc, int batch, int[] chw)
    {
        int c = chw[0], h = chw[1], w = chw[2];
        var nchw = Array.CreateInstance(nhwc.GetType().GetElementType()!, nhwc.Length);
        for (int n = 0; n < batch; n++)
        for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
        for (int k = 0; k < c; k++)
            nchw.SetValue(nhwc.GetValue(((n * h + y) * w + x) * c + k), ((n * c + k) * h + y) * w + x);
        return nchw;
    }

    private static void BlockFirstReference(ShuffleCase c, Array input, int[] s, Array output)
    {
        switch (input)
        {
            case float[] a when c.Unshuffle: ReferenceShuffle.SpaceToDepth<float>(a, s[0], s[1], s[2], c.Factor, (float[])output); break;
            case float[] a: ReferenceShuffle.DepthToSpaceDcr<float>(a, s[0], s[1], s[2], c.Factor, (float[])output); break;
            case double[] a when c.Unshuffle: ReferenceShuffle.SpaceToDepth<double>(a, s[0], s[1], s[2], c.Factor, (double[])output); break;
            case double[] a: ReferenceShuffle.DepthToSpaceDcr<double>(a, s[0], s[1], s[2], c.Factor, (double[])output); break;
            case Half[] a when c.Unshuffle: ReferenceShuffle.SpaceToDepth<Half>(a, s[0], s[1], s[2], c.Factor, (Half[])output); break;
            case Half[] a: ReferenceShuffle.DepthToSpaceDcr<Half>(a, s[0], s[1], s[2], c.Factor, (Half[])output); break;
            case byte[] a when c.Unshuffle: ReferenceShuffle.SpaceToDepth<byte>(a, s[0], s[1], s[2], c.Factor, (byte[])output); break;
            case byte[] a: ReferenceShuffle.DepthToSpaceDcr<byte>(a, s[0], s[1], s[2], c.Factor, (byte[])output); break;
            case short[] a when c.Unshuffle: ReferenceShuffle.SpaceToDepth<short>(a, s[0], s[1], s[2], c.Factor, (short[])output); break;
            case short[] a: ReferenceShuffle.DepthToSpaceDcr<short>(a, s[0], s[1], s[2], c.Factor, (short[])output); break;
            case long[] a when c.Unshuffle: ReferenceShuffle.SpaceToDepth<long>(a, s[0], s[1], s[2], c.Factor, (long[])output); break;
            default: ReferenceShuffle.DepthToSpaceDcr<long>((long[])input, s[0], s[1], s[2], c.Factor, (long[])output); break;
        }
    }

    /// <summary>ONNX's own example (onnx/backend/test/case/node/depthtospace.py, DCR): x = 0 … 47 as [1, 8, 2, 3], blocksize 2.</summary>
    [Fact]
    public void DepthToSpace_DCR_on_ONNXs_example()
    {
        var assembly = GeneratorHarness.CompileAndLoad(KernelSuite.Source(new IKernelCase[] { new ShuffleCase(false, "float", 2, null, BlockFirst: true) }));
        var input = Enumerable.Range(0, 48).Select(v => (float)v).ToArray();
        var output = new float[48];
        KernelSuite.Invoke(assembly, 0, input, output, null, new[] { 8, 2, 3 });
        // ONNX's documented result: channel 0 rows [0, 12, 1, 13, 2, 14], [24, 36, 25, 37, 26, 38], …
        Assert.Equal(new float[] { 0, 12, 1, 13, 2, 14, 24, 36, 25, 37, 26, 38, 3, 15, 4, 16, 5, 17, 27, 39, 28, 40, 29, 41 }, output[..24]);
        Assert.Equal(new float[] { 6, 18, 7, 19, 8, 20, 30, 42, 31, 43, 32, 44, 9, 21, 10, 22, 11, 23, 33, 45, 34, 46, 35, 47 }, output[24..]);
    }

    /// <summary>Shuffle and unshuffle by 2 move whole rows (runtime ShuffleRows): every element size, rows long enough for
    /// the vector loop and its tail.</summary>
    [Fact]
    public void Shuffles_by_two_move_long_rows_exactly()
    {
        var random = new Random(Seed + 2);
        var cases = new List<ShuffleCase>();
        foreach (bool unshuffle in new[] { false, true })
        foreach (string element in new[] { "byte", "short", "Half", "float", "double", "long" })
            cases.Add(new ShuffleCase(unshuffle, element, 2, null));
        var assembly = GeneratorHarness.CompileAndLoad(KernelSuite.Source(cases));
        for (int i = 0; i < cases.Count; i++)
        {
            var c = cases[i];
            for (int trial = 0; trial < 5; trial++)
            {
                int[] size = c.Unshuffle
                    ? new[] { random.Next(1, 4), 2 * random.Next(1, 4), 2 * random.Next(1, 40) }
                    : new[] { 4 * random.Next(1, 3), random.Next(1, 4), random.Next(1, 70) };
                int batchSize = random.Next(1, 3);
                var input = Values.Random(KernelSuite.ElementType(c.Element), batchSize * size[0] * size[1] * size[2], random);
                var expected = Array.CreateInstance(input.GetType().GetElementType()!, input.Length);
                var output = Array.CreateInstance(input.GetType().GetElementType()!, input.Length);
                Reference(c, input, size, expected);
                KernelSuite.Invoke(assembly, i, input, output, null, size);
                Values.AssertSame(expected, output, $"case {i} {c} [{batchSize}, {string.Join(", ", size)}]");
            }
        }
    }

    private static void Reference(ShuffleCase c, Array input, int[] s, Array output)
    {
        switch (input)
        {
            case float[] a when c.Unshuffle: ReferenceShuffle.PixelUnshuffle<float>(a, s[0], s[1], s[2], c.Factor, (float[])output); break;
            case float[] a: ReferenceShuffle.PixelShuffle<float>(a, s[0], s[1], s[2], c.Factor, (float[])output); break;
            case double[] a when c.Unshuffle: ReferenceShuffle.PixelUnshuffle<double>(a, s[0], s[1], s[2], c.Factor, (double[])output); break;
            case double[] a: ReferenceShuffle.PixelShuffle<double>(a, s[0], s[1], s[2], c.Factor, (double[])output); break;
            case Half[] a when c.Unshuffle: ReferenceShuffle.PixelUnshuffle<Half>(a, s[0], s[1], s[2], c.Factor, (Half[])output); break;
            case Half[] a: ReferenceShuffle.PixelShuffle<Half>(a, s[0], s[1], s[2], c.Factor, (Half[])output); break;
            case byte[] a when c.Unshuffle: ReferenceShuffle.PixelUnshuffle<byte>(a, s[0], s[1], s[2], c.Factor, (byte[])output); break;
            case byte[] a: ReferenceShuffle.PixelShuffle<byte>(a, s[0], s[1], s[2], c.Factor, (byte[])output); break;
            case short[] a when c.Unshuffle: ReferenceShuffle.PixelUnshuffle<short>(a, s[0], s[1], s[2], c.Factor, (short[])output); break;
            case short[] a: ReferenceShuffle.PixelShuffle<short>(a, s[0], s[1], s[2], c.Factor, (short[])output); break;
            case long[] a when c.Unshuffle: ReferenceShuffle.PixelUnshuffle<long>(a, s[0], s[1], s[2], c.Factor, (long[])output); break;
            default: ReferenceShuffle.PixelShuffle<long>((long[])input, s[0], s[1], s[2], c.Factor, (long[])output); break;
        }
    }

    [Fact]
    public void Definition_on_a_small_example()
    {
        // x[0, c, 0, 0] = c for 4 channels of 1×1, r = 2 → one 2×2 channel [[0, 1], [2, 3]] (docs/semantics.md §8.8).
        var assembly = GeneratorHarness.CompileAndLoad(KernelSuite.Source(new IKernelCase[] { new ShuffleCase(false, "float", 2, null), new ShuffleCase(true, "float", 2, null) }));
        var output = new float[4];
        KernelSuite.Invoke(assembly, 0, new[] { 0f, 1f, 2f, 3f }, output, null, new[] { 4, 1, 1 });
        Assert.Equal(new[] { 0f, 1f, 2f, 3f }, output);
        var shuffled = new float[8];
        KernelSuite.Invoke(assembly, 0, new[] { 0f, 1f, 2f, 3f, 4f, 5f, 6f, 7f }, shuffled, null, new[] { 4, 1, 2 });
        // channel c at (0, w): output (0, 2w + (c&1)) for c < 2 and row 1 for c ≥ 2.
        Assert.Equal(new[] { 0f, 2f, 1f, 3f, 4f, 6f, 5f, 7f }, shuffled);
        var back = new float[8];
        KernelSuite.Invoke(assembly, 1, shuffled, back, null, new[] { 1, 2, 4 });
        Assert.Equal(new[] { 0f, 1f, 2f, 3f, 4f, 5f, 6f, 7f }, back);

        var e = Assert.Throws<ArgumentException>(() => KernelSuite.Invoke(assembly, 0, new float[3], new float[3], null, new[] { 3, 1, 1 }));
        Assert.StartsWith("pixel_shuffle expects its input's 'channel' dimension to be divisible by the square of upscale_factor, but input.size(-3)=3 is not divisible by 4", e.Message);
        e = Assert.Throws<ArgumentException>(() => KernelSuite.Invoke(assembly, 1, new float[6], new float[6], null, new[] { 1, 3, 2 }));
        Assert.StartsWith("pixel_unshuffle expects height to be divisible by downscale_factor, but input.size(-2)=3 is not divisible by 2", e.Message);
    }
}
