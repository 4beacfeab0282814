using System.Reflection;
using Pooling.Generators.Tests.Infrastructure;
using Pooling.Kernels;

namespace Pooling.Generators.Tests;

/// <summary>Layout = ChannelsLast: for every family, the NHWC kernel's result equals the
/// NCHW kernel's result on the transposed input, transposed back (values and indices, bit for bit).</summary>
[Collection(nameof(ParallelTests))]   // the shuffle test lowers PlaneScheduler's threshold, as ParallelTests does
public class ChannelsLastTests
{
    // Each pair: the NCHW declaration and the same attribute with Layout = ChannelsLast (channel count last).
    private static readonly (string Attribute, string Element, int Rank, string? Indices, bool Unpool)[] Kernels =
    {
        ("MaxPool(3, 2, Padding = 1)", "float", 2, "long", false),
        ("MaxPool(3, 2, Padding = 1, CeilMode = true)", "float", 2, null, false),
        ("MinPool(new[] { 2, 3 }, new[] { 1, 2 }, DilationPerAxis = new[] { 2, 1 })", "double", 2, null, false),
        ("AvgPool(3, 1, Padding = 1)", "float", 2, null, false),
        ("AvgPool(2, 2, CeilMode = true, CountIncludePad = false)", "double", 1, null, false),
        ("MaxPool(2, 1, Dilation = 2, CeilMode = true)", "double", 1, "int", false),
        ("MinPool(2)", "byte", 3, null, false),
        ("AvgPool(3, 2, Padding = 1, CountIncludePad = false, CeilMode = true)", "float", 3, null, false),
        ("AvgPool(2, DivisorOverride = 3)", "Half", 2, null, false),
        ("LpPool(2, 2, 2)", "float", 2, null, false),
        ("LpPool(1, 3, 2, CeilMode = true)", "double", 2, null, false),
        ("LpPool(3, 2)", "float", 1, null, false),
        ("LpPool(2, 2, 1)", "Half", 3, null, false),
        ("LpPool(double.PositiveInfinity, 2)", "float", 2, null, false),
        ("MaxPool(3, 2, AutoPad = AutoPad.SameUpper)", "float", 2, "long", false),
        ("AvgPool(new[] { 2, 3, 3 }, new[] { 2, 2, 1 }, AutoPad = AutoPad.SameLower, CountIncludePad = false)", "double", 3, null, false),
        ("AdaptiveMaxPool(3, 4)", "float", 2, "long", false),
        ("AdaptiveAvgPool(5)", "double", 1, null, false),
        ("GlobalAvgPool", "float", 2, null, false),
        ("GlobalLpPool", "float", 2, null, false),
        ("GlobalLpPool(3)", "double", 1, null, false),
        ("GlobalLpPool(2)", "Half", 3, null, false),
        ("AdaptiveAvgPool(3, 4)", "float", 2, null, false),
        ("AdaptiveMaxPool(5)", "double", 1, null, false),
        ("AdaptiveAvgPool(1, 1)", "double", 2, null, false),
        ("AdaptiveMaxPool(2, 3, 2)", "Half", 3, null, false),
        ("Upsample(UpsampleMode.Area, 0.5)", "float", 2, null, false),
        ("Upsample(UpsampleMode.Area, 0.5)", "byte", 2, null, false),
        ("Upsample(UpsampleMode.Linear, 2.5, AlignCorners = true)", "float", 1, null, false),
        ("Upsample(UpsampleMode.Linear, Size = new[] { 7 })", "Half", 1, null, false),
        ("Upsample(UpsampleMode.NearestExact, 1.5)", "byte", 1, null, false),
        ("Upsample(UpsampleMode.Bilinear, 0.4, Antialias = true)", "double", 2, null, false),
        ("MaxUnpool(2, 2)", "float", 2, "long", true),
        ("Upsample(UpsampleMode.Nearest, 2)", "int", 2, null, false),
        ("Upsample(UpsampleMode.Bilinear, 1.5, AlignCorners = true)", "float", 2, null, false),
        ("Upsample(UpsampleMode.Bicubic, Size = new[] { 5, 7 }, Antialias = true)", "float", 2, null, false),
        ("Upsample(UpsampleMode.Trilinear, 2)", "double", 3, null, false),
        ("Upsample(UpsampleMode.Area, Size = new[] { 3 })", "float", 1, null, false),
        // Native channels-last upsampling (SeparableInterpolation along the channels): nearest copies, bilinear, bicubic.
        ("Upsample(UpsampleMode.NearestExact, 1.7)", "Half", 2, null, false),
        ("Upsample(UpsampleMode.Nearest, Size = new[] { 7, 3 })", "byte", 2, null, false),
        ("Upsample(UpsampleMode.Bilinear, 2)", "float", 2, null, false),
        ("Upsample(UpsampleMode.Bilinear, 0.6)", "Half", 2, null, false),
        ("Upsample(UpsampleMode.Bicubic, 2)", "float", 2, null, false),
        ("Upsample(UpsampleMode.Bicubic, Size = new[] { 7, 11 }, AlignCorners = true)", "double", 2, null, false),
        ("Upsample(UpsampleMode.Trilinear, 1.5)", "float", 3, null, false),
        ("Upsample(UpsampleMode.Nearest, Size = new[] { 3, 9, 8 })", "Half", 3, null, false),
    };

    private static string Declarations()
    {
        var source = new System.Text.StringBuilder("using System;\nusing Pooling;\nnamespace Nhwc;\npublic static partial class K\n{\n");
        for (int i = 0; i < Kernels.Length; i++)
        {
            var (attribute, element, rank, indices, unpool) = Kernels[i];
            string extents = string.Join(", ", Enumerable.Range(0, rank).Select(a => $"int e{a}"));
            string spans = unpool
                ? $"ReadOnlySpan<{element}> x, ReadOnlySpan<{indices}> i, Span<{element}> y"
                : $"ReadOnlySpan<{element}> x, Span<{element}> y" + (indices is null ? "" : $", Span<{indices}> i");
            string nhwcAttribute = attribute.Contains('(') ? attribute.Insert(attribute.LastIndexOf(')'), ", Layout = TensorLayout.ChannelsLast") : attribute + "(Layout = TensorLayout.ChannelsLast)";
            source.Append($"    [{attribute}] public static partial void First{i}({spans}, {extents});\n");
            source.Append($"    [{nhwcAttribute}] public static partial void Last{i}({spans}, {extents}, int channels);\n");
            // Array-taking wrappers: spans cannot go through reflection.
            string sizes = string.Join(", ", Enumerable.Range(0, rank).Select(a => $"s[{a}]"));
            string call = unpool
                ? $"({element}[])x, ({indices}[])i!, ({element}[])y"
                : $"({element}[])x, ({element}[])y" + (indices is null ? "" : $", ({indices}[])i!");
            source.Append($"    public static void First{i}_Run(object x, object y, object? i, int[] s) => First{i}({call}, {sizes});\n");
            source.Append($"    public static void Last{i}_Run(object x, object y, object? i, int[] s, int c) => Last{i}({call}, {sizes}, c);\n");
        }
        return source.Append("}\n").ToString();
    }

    private static readonly Lazy<Type> Compiled = new(() => GeneratorHarness.CompileAndLoad(Declarations()).GetType("Nhwc.K")!);

    public static IEnumerable<object[]> Cases => Enumerable.Range(0, Kernels.Length).Select(i => new object[] { i });

    [Theory]
    [MemberData(nameof(Cases))]
    public void Channels_last_equals_channels_first_transposed(int kernel)
    {
        var random = new Random(kernel);
        var method = typeof(ChannelsLastTests).GetMethod(nameof(Check), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(KernelSuite.ElementType(Kernels[kernel].Element));
        for (int trial = 0; trial < 6; trial++)
        {
            try
            {
                method.Invoke(null, new object[] { kernel, random });
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                throw e.InnerException;
            }
        }
    }

    private static void Check<T>(int kernel, Random random) where T : System.Numerics.INumber<T>
    {
        var (attribute, _, rank, indexType, unpool) = Kernels[kernel];
        // Channel counts below one vector, past several with a tail, and past four 512-bit vectors (the window kernels'
        // blocks of four channel vectors) with a tail.
        int batch = random.Next(1, 3), pick = random.Next(3);
        int channels = pick == 0 ? random.Next(1, 10) : pick == 1 ? random.Next(10, 40) : random.Next(64, 140);
        int[] size = Enumerable.Range(0, rank).Select(_ => random.Next(4, rank == 3 ? 7 : 10)).ToArray();
        int spatial = size.Aggregate(1, (p, v) => p * v);
        var nchwIn = (T[])Values.Random(typeof(T), batch * channels * spatial, random);
        var nhwcIn = new T[nchwIn.Length];
        Layouts.ToChannelsLast<T>(nchwIn, nhwcIn, batch, spatial, channels);

        // The NCHW kernel tells the output length: try lengths until it accepts (the shapes are small).
        var first = Compiled.Value.GetMethod($"First{kernel}_Run")!;
        var last = Compiled.Value.GetMethod($"Last{kernel}_Run")!;
        long[]? unpoolIndices = unpool ? Enumerable.Range(0, nchwIn.Length).Select(_ => (long)random.Next(0, 4)).ToArray() : null;
        var nhwcIndicesIn = unpoolIndices is null ? null : new long[unpoolIndices.Length];
        if (unpoolIndices is not null) Layouts.ToChannelsLast<long>(unpoolIndices, nhwcIndicesIn, batch, spatial, channels);
        int outputLength = OutputLength(attribute, size) * batch * channels;
        var nchwOut = new T[outputLength];
        var nhwcOut = new T[outputLength];
        var nchwIdx = new long[outputLength];
        var nhwcIdx = new long[outputLength];
        Call(first, nchwIn, nchwOut, unpool ? unpoolIndices : indexType is null ? null : nchwIdx, unpool, size, null);
        Call(last, nhwcIn, nhwcOut, unpool ? nhwcIndicesIn : indexType is null ? null : nhwcIdx, unpool, size, channels);
        var expected = new T[outputLength];
        Layouts.ToChannelsLast<T>(nchwOut, expected, batch, outputLength / batch / channels, channels);
        Values.AssertSame(expected, nhwcOut, $"[{attribute}] {typeof(T).Name} batch {batch} channels {channels} size [{string.Join(", ", size)}]");
        if (indexType is not null && !unpool)
        {
            var expectedIdx = new long[outputLength];
            Layouts.ToChannelsLast<long>(nchwIdx, expectedIdx, batch, outputLength / batch / channels, channels);
            Assert.Equal(expectedIdx, nhwcIdx);
        }
    }

    // Calls the array wrapper; int indices are converted to and from long for the comparison.
    private static void Call<T>(MethodInfo method, T[] input, T[] output, long[]? indices, bool unpool, int[] size, int? channels)
    {
        bool intIndices = Kernels[int.Parse(method.Name.TrimStart('F', 'i', 'r', 's', 't', 'L', 'a', '_').Split('_')[0])].Indices == "int";
        object? indexArray = indices is null ? null : intIndices ? indices.Select(v => (int)v).ToArray() : indices;
        object?[] arguments = channels is null
            ? new object?[] { input, output, indexArray, size }
            : new object?[] { input, output, indexArray, size, channels.Value };
        try
        {
            method.Invoke(null, arguments);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw e.InnerException;
        }
        if (!unpool && indexArray is int[] ints)
        {
            for (int i = 0; i < ints.Length; i++) indices![i] = ints[i];
        }
    }

    // Output extents per sample/channel for the attributes above.
    private static int OutputLength(string attribute, int[] size)
    {
        long Pool(int i, int k, int s, int p, int d, bool ceil) => PoolingShape.OutputLength(i, k, s, p, d, ceil);
        IEnumerable<long> lengths = attribute switch
        {
            "MaxPool(3, 2, Padding = 1)" => size.Select(i => Pool(i, 3, 2, 1, 1, false)),
            "MaxPool(3, 2, Padding = 1, CeilMode = true)" => size.Select(i => Pool(i, 3, 2, 1, 1, true)),
            "MinPool(new[] { 2, 3 }, new[] { 1, 2 }, DilationPerAxis = new[] { 2, 1 })" => new[] { Pool(size[0], 2, 1, 0, 2, false), Pool(size[1], 3, 2, 0, 1, false) },
            "AvgPool(3, 1, Padding = 1)" => size.Select(i => Pool(i, 3, 1, 1, 1, false)),
            "AvgPool(2, 2, CeilMode = true, CountIncludePad = false)" => size.Select(i => Pool(i, 2, 2, 0, 1, true)),
            "MaxPool(2, 1, Dilation = 2, CeilMode = true)" => size.Select(i => Pool(i, 2, 1, 0, 2, true)),
            "MinPool(2)" => size.Select(i => Pool(i, 2, 2, 0, 1, false)),
            "AvgPool(3, 2, Padding = 1, CountIncludePad = false, CeilMode = true)" => size.Select(i => Pool(i, 3, 2, 1, 1, true)),
            "AvgPool(2, DivisorOverride = 3)" => size.Select(i => Pool(i, 2, 2, 0, 1, false)),
            "LpPool(2, 2, 2)" => size.Select(i => Pool(i, 2, 2, 0, 1, false)),
            "LpPool(1, 3, 2, CeilMode = true)" => size.Select(i => Pool(i, 3, 2, 0, 1, true)),
            "LpPool(3, 2)" => size.Select(i => Pool(i, 2, 2, 0, 1, false)),
            "LpPool(2, 2, 1)" => size.Select(i => Pool(i, 2, 1, 0, 1, false)),
            "LpPool(double.PositiveInfinity, 2)" => size.Select(i => Pool(i, 2, 2, 0, 1, false)),
            // SAME: ceil(extent / stride).
            "MaxPool(3, 2, AutoPad = AutoPad.SameUpper)" => size.Select(i => (long)(i + 1) / 2),
            "AvgPool(new[] { 2, 3, 3 }, new[] { 2, 2, 1 }, AutoPad = AutoPad.SameLower, CountIncludePad = false)" => new long[] { (size[0] + 1) / 2, (size[1] + 1) / 2, size[2] },
            "AdaptiveMaxPool(3, 4)" => new long[] { 3, 4 },
            "AdaptiveAvgPool(5)" => new long[] { 5 },
            "GlobalAvgPool" or "AdaptiveAvgPool(1, 1)" or "GlobalLpPool" or "GlobalLpPool(3)" or "GlobalLpPool(2)" => size.Select(_ => 1L),
            "AdaptiveAvgPool(3, 4)" => new long[] { 3, 4 },
            "AdaptiveMaxPool(5)" => new long[] { 5 },
            "AdaptiveMaxPool(2, 3, 2)" => new long[] { 2, 3, 2 },
            "Upsample(UpsampleMode.Area, 0.5)" => size.Select(i => PoolingShape.UpsampleLength(i, 0.5)),
            "Upsample(UpsampleMode.Linear, 2.5, AlignCorners = true)" => size.Select(i => PoolingShape.UpsampleLength(i, 2.5)),
            "Upsample(UpsampleMode.Linear, Size = new[] { 7 })" => new long[] { 7 },
            "Upsample(UpsampleMode.NearestExact, 1.5)" => size.Select(i => PoolingShape.UpsampleLength(i, 1.5)),
            "Upsample(UpsampleMode.Bilinear, 0.4, Antialias = true)" => size.Select(i => PoolingShape.UpsampleLength(i, 0.4)),
            "MaxUnpool(2, 2)" => size.Select(i => (long)(i - 1) * 2 + 2),
            "Upsample(UpsampleMode.Nearest, 2)" => size.Select(i => (long)i * 2),
            "Upsample(UpsampleMode.Bilinear, 1.5, AlignCorners = true)" => size.Select(i => (long)Math.Floor(i * 1.5)),
            "Upsample(UpsampleMode.Bicubic, Size = new[] { 5, 7 }, Antialias = true)" => new long[] { 5, 7 },
            "Upsample(UpsampleMode.Trilinear, 2)" => size.Select(i => (long)i * 2),
            "Upsample(UpsampleMode.NearestExact, 1.7)" => size.Select(i => PoolingShape.UpsampleLength(i, 1.7)),
            "Upsample(UpsampleMode.Nearest, Size = new[] { 7, 3 })" => new long[] { 7, 3 },
            "Upsample(UpsampleMode.Bilinear, 2)" or "Upsample(UpsampleMode.Bicubic, 2)" => size.Select(i => (long)i * 2),
            "Upsample(UpsampleMode.Bilinear, 0.6)" => size.Select(i => PoolingShape.UpsampleLength(i, 0.6)),
            "Upsample(UpsampleMode.Bicubic, Size = new[] { 7, 11 }, AlignCorners = true)" => new long[] { 7, 11 },
            "Upsample(UpsampleMode.Trilinear, 1.5)" => size.Select(i => PoolingShape.UpsampleLength(i, 1.5)),
            "Upsample(UpsampleMode.Nearest, Size = new[] { 3, 9, 8 })" => new long[] { 3, 9, 8 },
            _ => new long[] { 3 },
        };
        return (int)lengths.Aggregate(1L, (p, v) => p * v);
    }

    /// <summary>Channels-last MaxUnpool(2, 2) with indices as MaxPool(2, 2) writes them (each in its own window) takes the
    /// vector-select form (UnpoolWindows.TrySample); a moved index sends the sample back to clear-and-scatter. Channel
    /// counts below, at and past whole vectors, float/long and int/int — against NCHW transposed.</summary>
    [Theory]
    [InlineData("float", "long")]
    [InlineData("int", "int")]
    public void Channels_last_unpooling_of_windows_equals_channels_first_transposed(string element, string index)
    {
        string source = $$"""
            using System;
            using Pooling;
            namespace NhwcUnpool;
            public static partial class U
            {
                [MaxUnpool(2, 2)] public static partial void First(ReadOnlySpan<{{element}}> x, ReadOnlySpan<{{index}}> i, Span<{{element}}> y, int h, int w);
                [MaxUnpool(2, 2, Layout = TensorLayout.ChannelsLast)] public static partial void Last(ReadOnlySpan<{{element}}> x, ReadOnlySpan<{{index}}> i, Span<{{element}}> y, int h, int w, int c);
                public static void First_Run({{element}}[] x, {{index}}[] i, {{element}}[] y, int h, int w) => First(x, i, y, h, w);
                public static void Last_Run({{element}}[] x, {{index}}[] i, {{element}}[] y, int h, int w, int c) => Last(x, i, y, h, w, c);
            }
            """;
        var type = GeneratorHarness.CompileAndLoad(source).GetType("NhwcUnpool.U")!;
        var method = typeof(ChannelsLastTests).GetMethod(nameof(CheckUnpoolWindows), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(KernelSuite.ElementType(element), index == "int" ? typeof(int) : typeof(long));
        var random = new Random(element.Length * 7 + index.Length);
        for (int trial = 0; trial < 10; trial++)
        {
            try
            {
                method.Invoke(null, new object[] { type, trial, random });
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                throw e.InnerException;
            }
        }
    }

    private static void CheckUnpoolWindows<T, TIndex>(Type type, int trial, Random random) where TIndex : System.Numerics.IBinaryInteger<TIndex>
    {
        int batch = random.Next(1, 3), channels = new[] { 1, 3, 8, 16, 21, 40 }[random.Next(6)];
        int h = random.Next(1, 6), w = random.Next(1, 30), outH = 2 * h, outW = 2 * w;
        int spatial = h * w, outSpatial = outH * outW;
        var nchwIn = (T[])Values.Random(typeof(T), batch * channels * spatial, random);
        var nchwIdx = new TIndex[nchwIn.Length];
        for (int i = 0; i < nchwIdx.Length; i++)
        {
            int pixel = i % spatial;
            nchwIdx[i] = TIndex.CreateTruncating((2 * (pixel / w) + random.Next(2)) * outW + 2 * (pixel % w) + random.Next(2));
        }
        if (trial % 3 == 1) nchwIdx[random.Next(nchwIdx.Length)] = TIndex.CreateTruncating(random.Next(outSpatial));   // out of its window
        var nhwcIn = new T[nchwIn.Length];
        var nhwcIdx = new TIndex[nchwIdx.Length];
        Layouts.ToChannelsLast<T>(nchwIn, nhwcIn, batch, spatial, channels);
        Layouts.ToChannelsLast<TIndex>(nchwIdx, nhwcIdx, batch, spatial, channels);
        var nchwOut = new T[batch * channels * outSpatial];
        var nhwcOut = new T[nchwOut.Length];
        type.GetMethod("First_Run")!.Invoke(null, new object[] { nchwIn, nchwIdx, nchwOut, h, w });
        type.GetMethod("Last_Run")!.Invoke(null, new object[] { nhwcIn, nhwcIdx, nhwcOut, h, w, channels });
        var expected = new T[nchwOut.Length];
        Layouts.ToChannelsLast<T>(nchwOut, expected, batch, outSpatial, channels);
        Values.AssertSame(expected, nhwcOut, $"{typeof(T).Name}/{typeof(TIndex).Name} trial {trial} batch {batch} channels {channels} [{h}, {w}]");
    }

    /// <summary>Channels-last pixel shuffle moves each output row directly (ShuffleRows.ChannelsLast; by 2 with 4-byte
    /// elements as 4×4 transposes of four channels): factors 2 and 3, float, byte and double, channel counts with and
    /// without a tail after whole groups of four, Parallel = true splitting by rows — against NCHW transposed.</summary>
    [Theory]
    [InlineData(false, 2, "float")]
    [InlineData(true, 2, "float")]
    [InlineData(false, 3, "byte")]
    [InlineData(true, 2, "double")]
    [InlineData(true, 3, "float")]
    [InlineData(false, 2, "int")]
    public void Channels_last_pixel_shuffle_equals_channels_first_transposed(bool unshuffle, int factor, string element)
    {
        string op = unshuffle ? "PixelUnshuffle" : "PixelShuffle";
        string source = $$"""
            using System;
            using Pooling;
            namespace NhwcShuffle;
            public static partial class S
            {
                [{{op}}({{factor}})] public static partial void First(ReadOnlySpan<{{element}}> x, Span<{{element}}> y, int c, int h, int w);
                [{{op}}({{factor}}, Layout = TensorLayout.ChannelsLast)] public static partial void Last(ReadOnlySpan<{{element}}> x, Span<{{element}}> y, int c, int h, int w);
                [{{op}}({{factor}}, Layout = TensorLayout.ChannelsLast, Parallel = true)] public static partial void Par(ReadOnlySpan<{{element}}> x, Span<{{element}}> y, int c, int h, int w);
                public static void First_Run({{element}}[] x, {{element}}[] y, int[] s) => First(x, y, s[0], s[1], s[2]);
                public static void Last_Run({{element}}[] x, {{element}}[] y, int[] s) => Last(x, y, s[0], s[1], s[2]);
                public static void Par_Run({{element}}[] x, {{element}}[] y, int[] s) => Par(x, y, s[0], s[1], s[2]);
            }
            """;
        var type = GeneratorHarness.CompileAndLoad(source).GetType("NhwcShuffle.S")!;
        var method = typeof(ChannelsLastTests).GetMethod(nameof(CheckShuffle), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(KernelSuite.ElementType(element));
        var random = new Random(factor * 10 + (unshuffle ? 2 : 1));
        long previous = PlaneScheduler.MinimumElementsPerThread;
        PlaneScheduler.MinimumElementsPerThread = 1;
        try
        {
            for (int trial = 0; trial < 8; trial++)
            {
                int r = factor, batch = random.Next(1, 3);
                int[] size = unshuffle
                    ? new[] { random.Next(1, 12), r * random.Next(1, 4), r * random.Next(1, 4) }
                    : new[] { r * r * random.Next(1, 12), random.Next(1, 5), random.Next(1, 5) };
                try
                {
                    method.Invoke(null, new object[] { type, unshuffle, factor, batch, size, random });
                }
                catch (TargetInvocationException e) when (e.InnerException is not null)
                {
                    throw e.InnerException;
                }
            }
        }
        finally
        {
            PlaneScheduler.MinimumElementsPerThread = previous;
        }
    }

    private static void CheckShuffle<T>(Type type, bool unshuffle, int factor, int batch, int[] size, Random random)
    {
        int count = batch * size[0] * size[1] * size[2];
        var nchw = (T[])Values.Random(typeof(T), count, random);
        var nchwOut = new T[count];
        type.GetMethod("First_Run")!.Invoke(null, new object[] { nchw, nchwOut, size });
        var nhwc = new T[count];
        Layouts.ToChannelsLast<T>(nchw, nhwc, batch, size[1] * size[2], size[0]);
        int outChannels = unshuffle ? size[0] * factor * factor : size[0] / (factor * factor);
        var expected = new T[count];
        Layouts.ToChannelsLast<T>(nchwOut, expected, batch, count / batch / outChannels, outChannels);
        foreach (string kernel in new[] { "Last_Run", "Par_Run" })
        {
            var nhwcOut = new T[count];
            type.GetMethod(kernel)!.Invoke(null, new object[] { nhwc, nhwcOut, size });
            Values.AssertSame(expected, nhwcOut, $"{kernel} {typeof(T).Name} by {factor} batch {batch} size [{string.Join(", ", size)}]");
        }
    }
}
