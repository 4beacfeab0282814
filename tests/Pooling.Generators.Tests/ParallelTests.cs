using System.Reflection;
using Pooling.Generators.Tests.Infrastructure;
using Pooling.Kernels;

namespace Pooling.Generators.Tests;

/// <summary>
/// <c>Parallel = true</c>: every family, declared twice — serially and in parallel — and run on the same data, must
/// give the same bits (outputs and indices), on shapes that split by planes (many planes) and by rows (one plane).
/// The split threshold is lowered to one element so that test-sized shapes really split, into up to
/// <see cref="Degree"/> chunks, more than this machine's cores.
/// </summary>
[Collection(nameof(ParallelTests))]   // changes PlaneScheduler's threshold: not beside other users of it
public class ParallelTests
{
    private const int Degree = 3;

    // Name, attribute, element, kind and the per-call lengths: (input, output, indices) from (planes, extents).
    private sealed record Kernel(string Name, string Attribute, string Element, Kind Kind, int Rank, Func<int, int[], (int In, int Out, int Idx)> Lengths);

    private enum Kind { Pool, PoolIndices, PoolChannels, PoolIndicesChannels, Unpool }

    private static long Out(int input, int k, int s, int p = 0, bool ceil = false) => PoolingShape.OutputLength(input, k, s, p, 1, ceil);

    private static int Prod(params long[] v) => (int)v.Aggregate(1L, (a, b) => a * b);

    private static readonly Kernel[] Kernels =
    {
        new("Max2", "MaxPool(3, 2, Padding = 1)", "float", Kind.PoolIndices, 2, (n, e) => (n * e[0] * e[1], n * Prod(Out(e[0], 3, 2, 1), Out(e[1], 3, 2, 1)), n * Prod(Out(e[0], 3, 2, 1), Out(e[1], 3, 2, 1)))),
        new("MaxVec2", "MaxPool(2, 2)", "float", Kind.Pool, 2, (n, e) => (n * e[0] * e[1], n * Prod(Out(e[0], 2, 2), Out(e[1], 2, 2)), 0)),
        new("Max3", "MaxPool(2, 1, CeilMode = true)", "double", Kind.Pool, 3, (n, e) => (n * e[0] * e[1] * e[2], n * Prod(Out(e[0], 2, 1), Out(e[1], 2, 1), Out(e[2], 2, 1)), 0)),
        new("Min1", "MinPool(3, 2, Padding = 1)", "short", Kind.Pool, 1, (n, e) => (n * e[0], n * Prod(Out(e[0], 3, 2, 1)), 0)),
        new("Avg2", "AvgPool(3, 2, Padding = 1, CountIncludePad = false)", "float", Kind.Pool, 2, (n, e) => (n * e[0] * e[1], n * Prod(Out(e[0], 3, 2, 1), Out(e[1], 3, 2, 1)), 0)),
        new("Lp2", "LpPool(2, 2)", "float", Kind.Pool, 2, (n, e) => (n * e[0] * e[1], n * Prod(Out(e[0], 2, 2), Out(e[1], 2, 2)), 0)),
        new("MaxNhwc", "MaxPool(3, 2, Padding = 1, Layout = TensorLayout.ChannelsLast)", "float", Kind.PoolIndicesChannels, 2, (n, e) => (n * e[0] * e[1] * e[2], n * Prod(Out(e[0], 3, 2, 1), Out(e[1], 3, 2, 1), e[2]), n * Prod(Out(e[0], 3, 2, 1), Out(e[1], 3, 2, 1), e[2]))),
        new("AvgNhwc", "AvgPool(2, Layout = TensorLayout.ChannelsLast)", "double", Kind.PoolChannels, 2, (n, e) => (n * e[0] * e[1] * e[2], n * Prod(Out(e[0], 2, 2), Out(e[1], 2, 2), e[2]), 0)),
        // AutoPad SAME with a stride and run-time extents: one kernel per padding case, output ceil(extent / 2).
        new("Same2", "MaxPool(3, 2, AutoPad = AutoPad.SameUpper)", "float", Kind.PoolIndices, 2, (n, e) => (n * e[0] * e[1], n * Prod((e[0] + 1) / 2, (e[1] + 1) / 2), n * Prod((e[0] + 1) / 2, (e[1] + 1) / 2))),
        new("SameNhwc", "AvgPool(3, 2, AutoPad = AutoPad.SameLower, CountIncludePad = false, Layout = TensorLayout.ChannelsLast)", "float", Kind.PoolChannels, 2, (n, e) => (n * e[0] * e[1] * e[2], n * Prod((e[0] + 1) / 2, (e[1] + 1) / 2, e[2]), 0)),
        new("AdaAvg", "AdaptiveAvgPool(3)", "float", Kind.Pool, 2, (n, e) => (n * e[0] * e[1], n * 9, 0)),
        new("AdaMax", "AdaptiveMaxPool(2, 3)", "Half", Kind.PoolIndices, 2, (n, e) => (n * e[0] * e[1], n * 6, n * 6)),
        new("GAvgF", "GlobalAvgPool", "float", Kind.Pool, 2, (n, e) => (n * e[0] * e[1], n, 0)),
        new("GAvgD", "GlobalAvgPool", "double", Kind.Pool, 1, (n, e) => (n * e[0], n, 0)),
        new("GLpF", "GlobalLpPool", "float", Kind.Pool, 2, (n, e) => (n * e[0] * e[1], n, 0)),
        new("GLpD", "GlobalLpPool(3)", "double", Kind.Pool, 2, (n, e) => (n * e[0] * e[1], n, 0)),
        new("AdaNhwc", "AdaptiveAvgPool(2, Layout = TensorLayout.ChannelsLast)", "float", Kind.PoolChannels, 2, (n, e) => (n * e[0] * e[1] * e[2], n * 4 * e[2], 0)),
        new("Unpool", "MaxUnpool(2)", "float", Kind.Unpool, 2, (n, e) => (n * e[0] * e[1], n * 4 * e[0] * e[1], n * e[0] * e[1])),
        new("Near", "Upsample(UpsampleMode.Nearest, 2)", "byte", Kind.Pool, 2, (n, e) => (n * e[0] * e[1], n * 4 * e[0] * e[1], 0)),
        new("Bilinear", "Upsample(UpsampleMode.Bilinear, 2)", "float", Kind.Pool, 2, (n, e) => (n * e[0] * e[1], n * 4 * e[0] * e[1], 0)),
        new("Bicubic", "Upsample(UpsampleMode.Bicubic, Size = new[] { 9, 11 })", "double", Kind.Pool, 2, (n, e) => (n * e[0] * e[1], n * 99, 0)),
        new("Bicubic2", "Upsample(UpsampleMode.Bicubic, 2)", "double", Kind.Pool, 2, (n, e) => (n * e[0] * e[1], n * 4 * e[0] * e[1], 0)),
        new("Antialias", "Upsample(UpsampleMode.Bilinear, Size = new[] { 4, 3 }, Antialias = true)", "float", Kind.Pool, 2, (n, e) => (n * e[0] * e[1], n * 12, 0)),
        new("Area", "Upsample(UpsampleMode.Area, Size = new[] { 5, 4 })", "float", Kind.Pool, 2, (n, e) => (n * e[0] * e[1], n * 20, 0)),
        new("AdaAvg3", "AdaptiveAvgPool(3, 2, 4)", "float", Kind.Pool, 3, (n, e) => (n * e[0] * e[1] * e[2], n * 24, 0)),
        new("AdaAvg3D", "AdaptiveAvgPool(4, 1, 3)", "double", Kind.Pool, 3, (n, e) => (n * e[0] * e[1] * e[2], n * 12, 0)),
        new("Area3", "Upsample(UpsampleMode.Area, Size = new[] { 3, 4, 2 })", "float", Kind.Pool, 3, (n, e) => (n * e[0] * e[1] * e[2], n * 24, 0)),
        new("Shuffle", "PixelShuffle(2)", "float", Kind.Pool, 3, (n, e) => (n * e[0] * e[1] * e[2], n * e[0] * e[1] * e[2], 0)),
        new("Unshuffle", "PixelUnshuffle(2)", "long", Kind.Pool, 3, (n, e) => (n * e[0] * e[1] * e[2], n * e[0] * e[1] * e[2], 0)),
        new("Shuffle3", "PixelShuffle(3)", "short", Kind.Pool, 3, (n, e) => (n * e[0] * e[1] * e[2], n * e[0] * e[1] * e[2], 0)),
        new("MaxConst", "MaxPool(3, 2, Padding = 1, InputSize = new[] { 13, 10 })", "float", Kind.Pool, 0, (n, e) => (n * 130, n * 35, 0)),
    };

    private static readonly Lazy<Assembly> Suite = new(() => GeneratorHarness.CompileAndLoad(Source()));

    private static string Source()
    {
        var text = new System.Text.StringBuilder("using System;\nusing Pooling;\nnamespace Cases;\npublic static partial class Suite\n{\n");
        foreach (var k in Kernels)
        {
            string[] axes = { "depth", "height", "width" };
            var extents = axes.Skip(3 - k.Rank).Select(a => "int " + a).ToList();
            if (k.Kind is Kind.PoolChannels or Kind.PoolIndicesChannels) extents.Add("int channels");
            string spans = k.Kind switch
            {
                Kind.Unpool => $"ReadOnlySpan<{k.Element}> x, ReadOnlySpan<long> i, Span<{k.Element}> y",
                Kind.PoolIndices or Kind.PoolIndicesChannels => $"ReadOnlySpan<{k.Element}> x, Span<{k.Element}> y, Span<long> i",
                _ => $"ReadOnlySpan<{k.Element}> x, Span<{k.Element}> y",
            };
            string parameters = string.Join(", ", new[] { spans }.Concat(extents));
            string call = (k.Kind switch
            {
                Kind.Unpool => $"({k.Element}[])x, (long[])i!, ({k.Element}[])y",
                Kind.PoolIndices or Kind.PoolIndicesChannels => $"({k.Element}[])x, ({k.Element}[])y, (long[])i!",
                _ => $"({k.Element}[])x, ({k.Element}[])y",
            }) + string.Concat(Enumerable.Range(0, extents.Count).Select(a => $", e[{a}]"));
            string parallel = k.Attribute.Contains('(') ? k.Attribute.Insert(k.Attribute.Length - 1, $", Parallel = true, MaxDegreeOfParallelism = {Degree}") : k.Attribute + $"(Parallel = true, MaxDegreeOfParallelism = {Degree})";
            text.Append($"    [{k.Attribute}] public static partial void S_{k.Name}({parameters});\n");
            text.Append($"    [{parallel}] public static partial void P_{k.Name}({parameters});\n");
            text.Append($"    public static void S_{k.Name}_Run(Array x, Array y, Array? i, int[] e) => S_{k.Name}({call});\n");
            text.Append($"    public static void P_{k.Name}_Run(Array x, Array y, Array? i, int[] e) => P_{k.Name}({call});\n");
        }
        return text.Append("}\n").ToString();
    }

    private static void Call(string name, Array x, Array y, Array? i, int[] e) =>
        Suite.Value.GetType("Cases.Suite")!.GetMethod(name + "_Run")!.Invoke(null, new object?[] { x, y, i, e });

    // Extents for a kernel: one plane of many rows (split by rows) or several planes (split by planes).
    private static int[] Extents(Kernel k, Random random, bool tall)
    {
        int Axis() => tall ? random.Next(12, 40) : random.Next(2, 12);
        return k.Name switch
        {
            "Shuffle" => new[] { 4 * random.Next(1, 4), Axis(), Axis() },
            "Unshuffle" => new[] { random.Next(1, 4), 2 * Axis(), 2 * Axis() },
            "Shuffle3" => new[] { 9 * random.Next(1, 4), Axis(), Axis() },
            "MaxConst" => Array.Empty<int>(),
            _ => Enumerable.Range(0, k.Rank).Select(_ => Axis()).Concat(k.Kind is Kind.PoolChannels or Kind.PoolIndicesChannels ? new[] { random.Next(1, 20) } : Array.Empty<int>()).ToArray(),
        };
    }

    public static IEnumerable<object[]> Names() => Kernels.Select(k => new object[] { k.Name });

    [Theory]
    [MemberData(nameof(Names))]
    public void Parallel_kernels_give_the_serial_bits(string name)
    {
        var k = Kernels.Single(c => c.Name == name);
        var random = new Random(name.GetHashCode(StringComparison.Ordinal) & 0xffff ^ 20261125);
        long saved = PlaneScheduler.MinimumElementsPerThread;
        PlaneScheduler.MinimumElementsPerThread = 1;
        try
        {
            for (int round = 0; round < 24; round++)
            {
                bool tall = round % 2 == 0;
                // Some calls have enough planes for the adaptive kernels' plane tiles (16 floats, 8 doubles), which a
                // split by rows must then share with the rows of the planes a chunk cuts.
                int planes = tall ? 1 : round % 4 == 1 ? random.Next(2, 8) : random.Next(15, 40);
                int[] e = Extents(k, random, tall);
                var (inLength, outLength, idxLength) = k.Lengths(planes, e);
                Type type = KernelSuite.ElementType(k.Element);
                var x = Values.Random(type, inLength, random);
                long[]? unpoolIndices = k.Kind == Kind.Unpool ? Enumerable.Range(0, inLength).Select(_ => (long)random.Next(outLength / planes)).ToArray() : null;
                var (ySerial, iSerial) = (Array.CreateInstance(type, outLength), unpoolIndices ?? (idxLength > 0 ? new long[idxLength] : null));
                var (yParallel, iParallel) = (Array.CreateInstance(type, outLength), unpoolIndices ?? (idxLength > 0 ? new long[idxLength] : null));
                Call("S_" + k.Name, x, ySerial, iSerial, e);
                Call("P_" + k.Name, x, yParallel, iParallel, e);
                string context = $"{k.Name} [{planes}; {string.Join(", ", e)}]";
                Values.AssertSame(ySerial, yParallel, context);
                if (k.Kind is Kind.PoolIndices or Kind.PoolIndicesChannels) Values.AssertSame(iSerial!, iParallel!, context + " indices");
            }
        }
        finally
        {
            PlaneScheduler.MinimumElementsPerThread = saved;
        }
    }

    // The families that split a call of one plane (or one sample) by rows or channels; the others split by planes
    // only, as the README says: a plane's global mean (its summation order is the result's last bit), the antialias
    // resampler, unpooling (a plane's scatter), and 1-D kernels (a plane is one row).
    private static readonly string[] PlanesOnly = { "GAvgF", "GAvgD", "GLpF", "GLpD", "Antialias", "Unpool", "Min1" };

    [Theory]
    [MemberData(nameof(Names))]
    public void A_call_of_one_plane_splits_unless_the_family_splits_by_planes_only(string name)
    {
        var k = Kernels.Single(c => c.Name == name);
        var random = new Random(7);
        long saved = PlaneScheduler.MinimumElementsPerThread;
        PlaneScheduler.MinimumElementsPerThread = 1;
        try
        {
            int[] e = k.Name switch
            {
                "Shuffle" => new[] { 16, 20, 20 },     // four output channels
                "Unshuffle" => new[] { 1, 40, 40 },
                "Shuffle3" => new[] { 36, 20, 20 },
                "MaxConst" => Array.Empty<int>(),
                _ => Extents(k, random, tall: true),
            };
            var (inLength, outLength, idxLength) = k.Lengths(1, e);
            Type type = KernelSuite.ElementType(k.Element);
            var x = Values.Random(type, inLength, random);
            long[]? indices = k.Kind == Kind.Unpool ? Enumerable.Range(0, inLength).Select(i => (long)i).ToArray() : idxLength > 0 ? new long[idxLength] : null;
            Call("P_" + k.Name, x, Array.CreateInstance(type, outLength), indices, e);
            // The degree the kernel asked for on this thread: it is capped by MaxDegreeOfParallelism (3), not by cores.
            if (PlanesOnly.Contains(name)) Assert.Equal(1, PlaneScheduler.LastDegree);
            else Assert.True(PlaneScheduler.LastDegree > 1, $"{name} [1; {string.Join(", ", e)}] ran on one thread");
        }
        finally
        {
            PlaneScheduler.MinimumElementsPerThread = saved;
        }
    }

    [Fact]
    public void Chunks_cover_every_unit_once_in_order()
    {
        for (int units = 1; units < 40; units++)
        for (int chunks = 1; chunks <= units; chunks++)
        {
            int next = 0;
            for (int c = 0; c < chunks; c++)
            {
                var (first, end) = PlaneScheduler.Chunk(units, chunks, c);
                Assert.Equal(next, first);
                Assert.InRange(end - first, units / chunks, units / chunks + 1);
                next = end;
            }
            Assert.Equal(units, next);
        }
    }

    [Theory]
    [InlineData(8, 8 * 4096, 0, 1)]                 // 32 K elements: below one thread's worth
    [InlineData(64, 1L << 22, 3, 3)]                // bounded by MaxDegreeOfParallelism
    [InlineData(2, 1L << 22, 8, 2)]                 // bounded by the units
    [InlineData(64, 3L << 16, 8, 3)]                // bounded by the work: 2^16 elements a thread
    public void Degree_is_bounded_by_work_units_and_the_option(int units, long elements, int maxDegree, int expected) =>
        Assert.Equal(expected, PlaneScheduler.Degree(units, elements, maxDegree));

    [Fact]
    public void Argument_errors_are_thrown_on_the_callers_thread_as_in_serial()
    {
        long saved = PlaneScheduler.MinimumElementsPerThread;
        PlaneScheduler.MinimumElementsPerThread = 1;
        try
        {
            var wrongOutput = Assert.Throws<TargetInvocationException>(() => Call("P_Max2", new float[4 * 64], new float[5], new long[5], new[] { 8, 8 }));
            Assert.Equal("y", Assert.IsType<ArgumentException>(wrongOutput.InnerException).ParamName);

            // An unpooling index out of range is found by a worker: the caller sees the serial kernel's exception.
            var indices = new long[4 * 64];
            indices[100] = 999;
            indices[200] = 1000;
            var serial = Assert.Throws<TargetInvocationException>(() => Call("S_Unpool", new float[4 * 64], new float[4 * 256], indices, new[] { 8, 8 }));
            var parallel = Assert.Throws<TargetInvocationException>(() => Call("P_Unpool", new float[4 * 64], new float[4 * 256], indices, new[] { 8, 8 }));
            var expected = Assert.IsType<ArgumentException>(serial.InnerException);
            var actual = Assert.IsType<ArgumentException>(parallel.InnerException);
            Assert.Equal("i", actual.ParamName);
            Assert.Equal(expected.Message, actual.Message);
        }
        finally
        {
            PlaneScheduler.MinimumElementsPerThread = saved;
        }
    }

    [Fact]
    public async Task Parallel_kernels_called_from_many_threads_at_once_stay_exact()
    {
        // Default threshold: [8, 128, 128] splits on its own (2^18 elements moved).
        var random = new Random(77);
        var x = (float[])Values.Random(typeof(float), 8 * 128 * 128, random);
        var expected = new float[8 * 64 * 64];
        Call("S_MaxVec2", x, expected, null, new[] { 128, 128 });
        var tasks = Enumerable.Range(0, 16).Select(_ => Task.Run(() =>
        {
            var output = new float[expected.Length];
            for (int repeat = 0; repeat < 10; repeat++)
            {
                Call("P_MaxVec2", x, output, null, new[] { 128, 128 });
                Values.AssertSame(expected, output, "concurrent call");
            }
        }));
        await Task.WhenAll(tasks);
    }
}
