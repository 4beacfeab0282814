using Pooling.Generators.Tests.Infrastructure;

namespace Pooling.Generators.Tests;

/// <summary>MaxUnpool: generated kernels against the reference on random configurations (indices from real max pooling,
/// and random ones with duplicates), the rules of docs/semantics.md §7 (last write wins), and PyTorch's index errors.</summary>
public class UnpoolTests
{
    private const int Seed = 7007;
    private const int Batches = 4;
    private const int ConfigurationsPerBatch = 130;   // 520 configurations, each run on two inputs

    public static IEnumerable<object[]> BatchNumbers => Enumerable.Range(0, Batches).Select(b => new object[] { b });

    private static readonly string[] Elements = { "float", "float", "double", "Half", "byte", "int", "long" };

    [Theory]
    [MemberData(nameof(BatchNumbers))]
    public void Generated_unpooling_equals_the_reference(int batch)
    {
        var random = new Random(Seed + batch);
        var cases = Enumerable.Range(0, ConfigurationsPerBatch).Select(_ => RandomCase(random)).ToList();
        var assembly = GeneratorHarness.CompileAndLoad(KernelSuite.Source(cases));
        for (int i = 0; i < cases.Count; i++)
        {
            var c = cases[i];
            for (int trial = 0; trial < 2; trial++)
            {
                int[] size = c.ConstantInputSize ?? RandomSize(c, random);
                int planes = random.Next(1, 4);
                int inPlane = size.Aggregate(1, (p, v) => p * v);
                int outPlane = c.OutputFor(size).Aggregate(1, (p, v) => p * v);
                var input = Values.Random(c.ElementType, planes * inPlane, random);
                // Indices anywhere in the output plane, often repeated: duplicates must resolve to the last write.
                long[] indices = Enumerable.Range(0, planes * inPlane).Select(_ => (long)random.Next(0, random.Next(2) == 0 ? outPlane : Math.Min(outPlane, 3))).ToArray();
                var expected = c.Reference(input, indices, size, planes * outPlane);
                var output = Array.CreateInstance(c.ElementType, planes * outPlane);
                Array typedIndices = c.IndexType == "int" ? indices.Select(v => (int)v).ToArray() : indices;
                KernelSuite.Invoke(assembly, i, input, output, typedIndices, size);
                Values.AssertSame(expected, output, $"seed {Seed + batch} case {i} {c} input [{planes}, {string.Join(", ", size)}]");
            }
        }
    }

    /// <summary>Kernel = stride = 2 (float and int elements, long and int indices, default and smaller explicit output
    /// sizes, rows long enough for the 512- and 256-bit selects and their tails): indices as MaxPool(2, 2) writes them
    /// (each in its own window) take the vector-select form; one index moved out of its window, or duplicated, sends the
    /// plane back to clear-and-scatter — every variant against the reference.</summary>
    [Fact]
    public void Windows_of_two_equal_the_reference()
    {
        var random = new Random(Seed + 50);
        var cases = new List<UnpoolCase>();
        foreach (string element in new[] { "float", "int" })
        foreach (string index in new[] { "long", "int" })
        {
            cases.Add(new UnpoolCase(element, new[] { 2, 2 }, new[] { 2, 2 }, new[] { 0, 0 }, null, index));
            cases.Add(new UnpoolCase(element, new[] { 2, 2 }, new[] { 2, 2 }, new[] { 0, 0 }, new[] { 5, 37 }, index, new[] { 3, 19 }));
        }
        var assembly = GeneratorHarness.CompileAndLoad(KernelSuite.Source(cases));
        for (int i = 0; i < cases.Count; i++)
        {
            var c = cases[i];
            for (int trial = 0; trial < 12; trial++)
            {
                int[] size = c.ConstantInputSize ?? new[] { random.Next(1, 6), random.Next(1, 70) };
                int[] outSize = c.OutputFor(size);
                int planes = random.Next(1, 4), inPlane = size[0] * size[1], outPlane = outSize[0] * outSize[1];
                var input = Values.Random(c.ElementType, planes * inPlane, random);
                var indices = new long[planes * inPlane];
                for (int p = 0; p < planes; p++)
                for (int h = 0; h < size[0]; h++)
                for (int w = 0; w < size[1]; w++)
                {
                    // A position of the 2×2 window that lies inside the output.
                    int r = Math.Min(2 * h + random.Next(2), outSize[0] - 1), col = Math.Min(2 * w + random.Next(2), outSize[1] - 1);
                    indices[p * inPlane + h * size[1] + w] = (long)r * outSize[1] + col;
                }
                int variant = trial % 3;
                if (variant == 1) indices[random.Next(indices.Length)] = random.Next(outPlane);              // anywhere in the plane
                if (variant == 2 && inPlane > 1) indices[1] = indices[0];                                   // a duplicate
                var expected = c.Reference(input, indices, size, planes * outPlane);
                var output = Array.CreateInstance(c.ElementType, planes * outPlane);
                Array typedIndices = c.IndexType == "int" ? indices.Select(v => (int)v).ToArray() : indices;
                KernelSuite.Invoke(assembly, i, input, output, typedIndices, size);
                Values.AssertSame(expected, output, $"case {i} {c} variant {variant} input [{planes}, {string.Join(", ", size)}]");
            }
        }
    }

    private static int[] RandomSize(int rank, Random random) =>
        Enumerable.Range(0, rank).Select(_ => random.Next(1, rank == 1 ? 20 : rank == 2 ? 8 : 5)).ToArray();

    // A size whose default output is not empty ((I − 1)·s + k − 2p can be 0 for I = 1).
    private static int[] RandomSize(UnpoolCase c, Random random)
    {
        while (true)
        {
            int[] size = RandomSize(c.Rank, random);
            if (c.OutputFor(size).All(o => o >= 1)) return size;
        }
    }

    private static UnpoolCase RandomCase(Random random)
    {
        int rank = random.Next(1, 4);
        bool perAxis = random.Next(3) == 0;
        int[] Draw(Func<int> draw) { int first = draw(); return Enumerable.Range(0, rank).Select(_ => perAxis ? draw() : first).ToArray(); }
        int[] kernel = Draw(() => random.Next(1, 5));
        int[]? stride = random.Next(3) == 0 ? null : Draw(() => random.Next(1, 4));
        int[] padding = random.Next(2) == 0 ? new int[rank] : Enumerable.Repeat(random.Next(0, kernel.Min() / 2 + 1), rank).ToArray();
        int[]? constant = null;
        if (random.Next(5) == 0)
        {
            constant = RandomSize(rank, random);
            var s0 = stride ?? kernel;
            if (Enumerable.Range(0, rank).Any(a => PoolingShape.UnpoolLength(constant[a], kernel[a], s0[a], padding[a]) < 1)) constant = null;
        }
        int[]? output = null;
        if (constant is not null && random.Next(2) == 0)
        {
            // An explicit size within one stride of the default.
            var s = stride ?? kernel;
            output = Enumerable.Range(0, rank).Select(a =>
                (int)PoolingShape.UnpoolLength(constant[a], kernel[a], s[a], padding[a]) + random.Next(-(s[a] - 1), s[a])).ToArray();
            if (output.Any(o => o < 1)) output = null;
        }
        return new UnpoolCase(Elements[random.Next(Elements.Length)], kernel, stride, padding, output,
            random.Next(2) == 0 ? "int" : "long", constant);
    }

    private const string Source = """
        using System;
        using Pooling;
        namespace Golden;
        public static partial class U
        {
            [MaxUnpool(2, 2)] public static partial void Unpool(ReadOnlySpan<float> x, ReadOnlySpan<long> i, Span<float> y, int h, int w);
            [MaxUnpool(2, 2, OutputSize = new[] { 5, 5 })] public static partial void Sized(ReadOnlySpan<float> x, ReadOnlySpan<long> i, Span<float> y, int h, int w);
        }
        """;

    private static readonly Lazy<Type> Golden = new(() => GeneratorHarness.CompileAndLoad(Source).GetType("Golden.U")!);

    private delegate void Unpool2(ReadOnlySpan<float> x, ReadOnlySpan<long> i, Span<float> y, int h, int w);

    private static Unpool2 Kernel(string name) => Golden.Value.GetMethod(name)!.CreateDelegate<Unpool2>();

    /// <summary>ONNX's output_shape (PadToOutputSize): indices of the default-sized output, padded at the end of every
    /// axis; 1-D to 3-D, against the reference unpooled at the default size and moved into the larger plane.</summary>
    [Fact]
    public void Padded_output_size_equals_the_reference()
    {
        var random = new Random(Seed + 9);
        var cases = Enumerable.Range(0, 30).Select(i =>
        {
            int rank = 1 + i % 3;
            int[] kernel = Enumerable.Range(0, rank).Select(_ => random.Next(1, 4)).ToArray();
            int[] size = Enumerable.Range(0, rank).Select(_ => random.Next(1, 6)).ToArray();
            int[] defaults = Enumerable.Range(0, rank).Select(a => (int)PoolingShape.UnpoolLength(size[a], kernel[a], kernel[a], 0)).ToArray();
            return (Case: new UnpoolCase(new[] { "float", "double", "int" }[random.Next(3)], kernel, null, new int[rank],
                defaults.Select(d => d + random.Next(0, 3)).ToArray(), random.Next(2) == 0 ? "long" : "int", size, PadToOutputSize: true), Size: size);
        }).ToList();
        var assembly = GeneratorHarness.CompileAndLoad(KernelSuite.Source(cases.Select(c => c.Case)));
        for (int i = 0; i < cases.Count; i++)
        {
            var (c, size) = cases[i];
            int planes = random.Next(1, 3), inPlane = size.Aggregate(1, (p, v) => p * v);
            int defaultPlane = Enumerable.Range(0, c.Rank).Aggregate(1, (p, a) => p * (int)PoolingShape.UnpoolLength(size[a], c.Kernel[a], c.Kernel[a], 0));
            int outPlane = c.OutputSize!.Aggregate(1, (p, v) => p * v);
            var input = Values.Random(c.ElementType, planes * inPlane, random);
            long[] indices = Enumerable.Range(0, planes * inPlane).Select(_ => (long)random.Next(defaultPlane)).ToArray();
            var expected = c.Reference(input, indices, size, planes * outPlane);
            var output = Array.CreateInstance(c.ElementType, planes * outPlane);
            KernelSuite.Invoke(assembly, i, input, output, c.IndexType == "int" ? indices.Select(v => (int)v).ToArray() : indices, size);
            Values.AssertSame(expected, output, $"case {i} {c} [{planes}, {string.Join(", ", size)}]");
        }
        // An index past the default plane is refused, naming the indices.
        var e = Assert.Throws<ArgumentException>(() => KernelSuite.Invoke(assembly, 1, Values.Random(cases[1].Case.ElementType, cases[1].Size.Aggregate(1, (p, v) => p * v), random),
            Array.CreateInstance(cases[1].Case.ElementType, cases[1].Case.OutputSize!.Aggregate(1, (p, v) => p * v)),
            cases[1].Case.IndexType == "int" ? Enumerable.Repeat(int.MaxValue, cases[1].Size.Aggregate(1, (p, v) => p * v)).ToArray() : Enumerable.Repeat(long.MaxValue, cases[1].Size.Aggregate(1, (p, v) => p * v)).ToArray(),
            cases[1].Size));
        Assert.Equal("indices", e.ParamName);
    }

    [Fact]
    public void Duplicate_indices_keep_the_last_write_and_other_positions_are_zero()
    {
        var output = new float[16];
        Kernel("Unpool")(new[] { 1f, 2f, 3f, 4f }, new long[] { 5, 5, 5, 0 }, output, 2, 2);
        Assert.Equal(3f, output[5]);
        Assert.Equal(4f, output[0]);
        Assert.Equal(14, output.Count(v => v == 0));
    }

    [Fact]
    public void Index_outside_the_plane_is_PyTorchs_error()
    {
        var e = Assert.Throws<ArgumentException>(() => Kernel("Unpool")(new[] { 1f, 2f, 3f, 4f }, new long[] { 0, 16, 1, 2 }, new float[16], 2, 2));
        Assert.Equal("i", e.ParamName);
        Assert.StartsWith("Found an invalid max index: 16 (output volumes are of size 4x4)", e.Message);
        Assert.Throws<ArgumentException>(() => Kernel("Unpool")(new[] { 1f, 2f, 3f, 4f }, new long[] { -1, 0, 1, 2 }, new float[16], 2, 2));
        // ∏out − 1 is valid (test_MaxUnpool_index_errors).
        Kernel("Unpool")(new[] { 1f, 2f, 3f, 4f }, new long[] { 15, 0, 1, 2 }, new float[16], 2, 2);
    }

    [Fact]
    public void Explicit_output_size_within_one_stride_of_the_default()
    {
        var output = new float[25];
        Kernel("Sized")(new[] { 1f, 2f, 3f, 4f }, new long[] { 0, 2, 10, 24 }, output, 2, 2);
        Assert.Equal(4f, output[24]);
        // Input 4×4 has default 8×8: 5 is outside (8 − 2, 8 + 2).
        var e = Assert.Throws<ArgumentException>(() => Kernel("Sized")(new float[16], new long[16], new float[25], 4, 4));
        Assert.StartsWith("invalid output_size \"(5, 5)\" (dim 0 must be between 6 and 10)", e.Message);
    }
}
