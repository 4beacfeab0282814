using Pooling.Generators.Tests.Infrastructure;
using Pooling.Kernels;
using Pooling.Reference;

namespace Pooling.Generators.Tests;

/// <summary>
/// Backward kernels against an oracle independent of PyTorch and of the kernels: finite differences of the reference
/// forward passes (runtime/Pooling/Reference, written from docs/semantics.md) in double — gradcheck's check. For the
/// linear families (average, adaptive average, interpolation, unpooling, shuffles) a central difference with step 1 is
/// the exact directional derivative; for max and min the inputs are distinct values far apart and the step is 1e-6, so no
/// window's extremum moves. Random configurations of every family, NCHW and channels-last (the same gradient, transposed),
/// every form (indices, the forward's input), <c>Parallel = true</c> bit-identical to serial; and the run-time checks.
/// The engine axis (EngineAxisTests) runs this class again at every vector width.
/// </summary>
[Collection(nameof(ParallelTests))]   // the parallel test lowers PlaneScheduler's threshold: not beside other users of it
public class BackwardDifferentialTests
{
    private const int Seed = 20261207;

    /// <summary>One random configuration: its declaration (as a fixture without expected values), the reference forward
    /// over a plane set in NCHW, the input's shape (planes, spatial…) and its channel count for the channels-last twin.</summary>
    private sealed record Case(BackwardFixtureTests.Fixture Kernel, Func<double[], double[]> Forward, int InputLength, int OutputLength, bool Piecewise,
        Func<double[], long[]>? Indices = null)
    {
        /// <summary>LpPool's powers want positive inputs (a fractional power of a negative mean is NaN).</summary>
        public bool Positive { get; init; }
    }

    private static readonly UpsampleMode[] Modes = { UpsampleMode.Nearest, UpsampleMode.NearestExact, UpsampleMode.Linear, UpsampleMode.Bilinear, UpsampleMode.Trilinear, UpsampleMode.Bicubic, UpsampleMode.Area };

    private static string Ints(IEnumerable<int> values) => "new[] { " + string.Join(", ", values) + " }";

    private static BackwardFixtureTests.Fixture Kernel(string name, string attribute, string form, int[] extents, string? index = null) =>
        new(name, attribute, form, "double", index, extents, Array.Empty<double>(), Array.Empty<double>(), null, null);

    private static Case RandomCase(Random random, int i, int planes)
    {
        int family = i % 6;
        int rank = 1 + random.Next(3);
        int[] Sizes(int lo, int hi) => Enumerable.Range(0, rank).Select(_ => random.Next(lo, hi + 1)).ToArray();
        int Volume(int[] s) => s.Aggregate(1, (p, v) => p * v);
        switch (family)
        {
            case 0:
            case 1:
            {
                // Max/min pooling (with either form) and average pooling.
                string op = family == 0 ? (random.Next(2) == 0 ? "MaxPool" : "MinPool") : random.Next(3) == 0 ? "LpPool" : "AvgPool";
                if (op == "LpPool")
                {
                    // PyTorch's LpPool: no padding or dilation; p = 1, 2, 3 over positive inputs.
                    double norm = 1 + random.Next(3);
                    int[] lk = Sizes(1, 3), ls = Sizes(1, 3), lsize = lk.Select(v => v + random.Next(6)).ToArray();
                    bool lceil = random.Next(3) == 0;
                    var lw = new PoolWindow(lk, ls, new int[rank], Enumerable.Repeat(1, rank).ToArray(), lceil);
                    int[] lout = lw.OutputSize(lsize);
                    int lin = Volume(lsize), lo = Volume(lout);
                    string lattr = $"LpPool({norm}, {Ints(lk)}, {Ints(ls)}{(lceil ? ", CeilMode = true" : "")}, Backward = true)";
                    return new Case(Kernel("LpPool", lattr, "input", lsize), x => { var y = new double[planes * lo]; ReferenceLpPooling.LpPool(x, lsize, norm, lw, y); return y; },
                        planes * lin, planes * lo, true) { Positive = true };
                }
                while (true)
                {
                    int[] k = Sizes(1, 3), s = Sizes(1, 3), size = Sizes(1, 7);
                    int[] p = k.Select(v => random.Next(v / 2 + 1)).ToArray(), d = op == "AvgPool" ? Enumerable.Repeat(1, rank).ToArray() : Sizes(1, 2);
                    bool ceil = random.Next(3) == 0, include = random.Next(2) == 0;
                    var window = new PoolWindow(k, s, p, d, ceil);
                    int[] output;
                    try { output = window.OutputSize(size); } catch (ArgumentException) { continue; }
                    // Windows of padding only have no gradient to give (PyTorch's kernel writes outside the plane there).
                    if (Enumerable.Range(0, rank).Any(a => Enumerable.Range(0, output[a]).Any(o => !Enumerable.Range(0, k[a]).Any(j => (uint)(o * s[a] - p[a] + j * d[a]) < size[a])))) continue;
                    if (op == "AvgPool" && rank == 3 && size.Zip(k).Any(t => t.First < t.Second)) continue;
                    string named = $"PaddingPerAxis = {Ints(p)}" + (op == "AvgPool" ? "" : $", DilationPerAxis = {Ints(d)}") + (ceil ? ", CeilMode = true" : "")
                        + (op == "AvgPool" && !include ? ", CountIncludePad = false" : "");
                    string attribute = $"{op}({Ints(k)}, {Ints(s)}, {named}, Backward = true)";
                    int inPlane = Volume(size), outPlane = Volume(output);
                    if (op == "AvgPool")
                        return new Case(Kernel(op, attribute, "plain", size), x => { var y = new double[planes * outPlane]; ReferencePooling.AvgPool<double, double>(x, size, window, include, null, y); return y; },
                            planes * inPlane, planes * outPlane, false);
                    bool max = op == "MaxPool";
                    double[] Forward(double[] x)
                    {
                        var y = new double[planes * outPlane];
                        if (max) ReferencePooling.MaxPool<double>(x, size, window, y, default);
                        else ReferencePooling.MinPool<double>(x, size, window, y, default);
                        return y;
                    }
                    long[] Indices(double[] x)
                    {
                        var y = new double[planes * outPlane];
                        var idx = new long[y.Length];
                        if (max) ReferencePooling.MaxPool<double>(x, size, window, y, idx);
                        else ReferencePooling.MinPool<double>(x, size, window, y, idx);
                        return idx;
                    }
                    bool withIndices = random.Next(2) == 0;
                    return new Case(Kernel(op, attribute, withIndices ? "indices" : "input", size, withIndices ? "long" : null), Forward, planes * inPlane, planes * outPlane, true,
                        withIndices ? Indices : null);
                }
            }
            case 2:
            {
                // Adaptive and global pooling.
                bool max = random.Next(2) == 0, global = random.Next(4) == 0;
                int[] size = Sizes(1, 8), output = global ? Enumerable.Repeat(1, rank).ToArray() : Sizes(1, 6);
                string name = (global ? "Global" : "Adaptive") + (max ? "Max" : "Avg") + "Pool";
                string attribute = global ? $"{name}(Backward = true)" : $"{name}({string.Join(", ", output)}, Backward = true)";
                int inPlane = Volume(size), outPlane = Volume(output);
                if (!max)
                    return new Case(Kernel(name, attribute, "plain", size), x => { var y = new double[planes * outPlane]; ReferenceAdaptivePooling.AdaptiveAvgPool<double, double>(x, size, output, y); return y; },
                        planes * inPlane, planes * outPlane, false);
                bool withIndices = random.Next(2) == 0;
                return new Case(Kernel(name, attribute, withIndices ? "indices" : "input", size, withIndices ? "int" : null),
                    x => { var y = new double[planes * outPlane]; ReferenceAdaptivePooling.AdaptiveMaxPool<double>(x, size, output, y, default); return y; },
                    planes * inPlane, planes * outPlane, true,
                    withIndices ? x => { var y = new double[planes * outPlane]; var idx = new long[y.Length]; ReferenceAdaptivePooling.AdaptiveMaxPool<double>(x, size, output, y, idx); return idx; } : null);
            }
            case 3:
            {
                // Interpolation: every mode at its rank, sizes or scale factors, align_corners both ways.
                var mode = Modes[random.Next(Modes.Length)];
                rank = mode switch { UpsampleMode.Linear => 1, UpsampleMode.Bilinear or UpsampleMode.Bicubic => 2, UpsampleMode.Trilinear => 3, _ => rank };
                int[] size = Sizes(1, 6);
                if (mode is UpsampleMode.Bilinear or UpsampleMode.Bicubic && random.Next(3) == 0)
                {
                    // Antialiased (sizes, both ways): the reference resampler's separable normalised filters.
                    int[] aaOut = Sizes(1, 9);
                    bool cubic = mode == UpsampleMode.Bicubic;
                    int aaIn = Volume(size), aaOutPlane = Volume(aaOut);
                    return new Case(Kernel("Upsample" + mode + "Aa", $"Upsample(UpsampleMode.{mode}, Size = {Ints(aaOut)}, Antialias = true, Backward = true)", "plain", size), x =>
                    {
                        var y = new double[planes * aaOutPlane];
                        ReferenceAntialias.Resample<double, double>(x, y, planes, size[0], size[1], aaOut[0], aaOut[1], (double)size[0] / aaOut[0], (double)size[1] / aaOut[1], cubic);
                        return y;
                    }, planes * aaIn, planes * aaOutPlane, false);
                }
                bool linear = mode is UpsampleMode.Linear or UpsampleMode.Bilinear or UpsampleMode.Trilinear or UpsampleMode.Bicubic;
                bool align = linear && random.Next(2) == 0;
                int[] output;
                double[]? scales = null;
                string attribute;
                if (random.Next(2) == 0)
                {
                    output = Sizes(1, 10);
                    attribute = $"Upsample(UpsampleMode.{mode}, Size = {Ints(output)}";
                }
                else
                {
                    scales = Enumerable.Range(0, rank).Select(_ => new[] { 1.0, 1.5, 2.0, 2.5 }[random.Next(4)]).ToArray();
                    output = size.Zip(scales, (v, f) => (int)Math.Floor(v * f)).ToArray();
                    attribute = $"Upsample(UpsampleMode.{mode}, {string.Join(", ", scales.Select(f => f.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))}";
                }
                attribute += (align ? ", AlignCorners = true" : "") + ", Backward = true)";
                int inPlane = Volume(size), outPlane = Volume(output);
                return new Case(Kernel("Upsample" + mode, attribute, "plain", size), x =>
                {
                    var y = new double[planes * outPlane];
                    if (mode == UpsampleMode.Area) ReferenceAdaptivePooling.AdaptiveAvgPool<double, double>(x, size, output, y);
                    else ReferenceUpsample.Upsample<double, double>(x, size, output, mode, align, scales, false, y);
                    return y;
                }, planes * inPlane, planes * outPlane, false);
            }
            case 4:
            {
                // Max-unpooling: indices of a max pool over distinct values (each output position written once).
                int k = random.Next(2, 4);
                int[] pooled = Sizes(1, 4), size = pooled.Select(v => v * k).ToArray();
                var window = PoolWindow.Uniform(rank, k);
                var source = Enumerable.Range(0, planes * Volume(size)).Select(_ => random.NextDouble()).ToArray();
                var pooledValues = new double[planes * Volume(pooled)];
                var indices = new long[pooledValues.Length];
                ReferencePooling.MaxPool<double>(source, size, window, pooledValues, indices);
                return new Case(Kernel("MaxUnpool", $"MaxUnpool({k}, Backward = true)", "unpool", pooled, "long"), x =>
                {
                    var y = new double[planes * Volume(size)];
                    ReferenceUnpooling.MaxUnpool<double>(x, indices, pooled, size, y);
                    return y;
                }, planes * Volume(pooled), planes * Volume(size), false, _ => indices);
            }
            default:
            {
                // Pixel shuffle and unshuffle: extents (channels, height, width) of the forward input.
                int r = random.Next(1, 4), c = random.Next(1, 3), h = random.Next(1, 4), w = random.Next(1, 4);
                bool unshuffle = random.Next(2) == 0;
                int[] extents = unshuffle ? new[] { c, h * r, w * r } : new[] { c * r * r, h, w };
                int sample = extents[0] * extents[1] * extents[2];
                string name = unshuffle ? "PixelUnshuffle" : "PixelShuffle";
                return new Case(Kernel(name, $"{name}({r}, Backward = true)", "plain", extents), x =>
                {
                    var y = new double[x.Length];
                    if (unshuffle) ReferenceShuffle.PixelUnshuffle<double>(x, extents[0], extents[1], extents[2], r, y);
                    else ReferenceShuffle.PixelShuffle<double>(x, extents[0], extents[1], extents[2], r, y);
                    return y;
                }, planes * sample, planes * sample, false);
            }
        }
    }

    // Distinct values at least 0.01 apart (max and min keep their argument under a 1e-6 step), or any values.
    private static double[] Input(Random random, int length, bool distinct, bool positive = false) => distinct
        ? Enumerable.Range(0, length).OrderBy(_ => random.Next()).Select(v => v * 0.01 + (positive ? 0.5 : -length * 0.005)).ToArray()
        : Enumerable.Range(0, length).Select(_ => random.NextDouble() * 4 - 2).ToArray();

    /// <summary>gradcheck: Σ_o g[o] · (F(x + h·e_i)[o] − F(x − h·e_i)[o]) / 2h for every input element i.</summary>
    private static double[] Numeric(Func<double[], double[]> forward, double[] x, double[] g, double step)
    {
        var gradient = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            double saved = x[i];
            x[i] = saved + step;
            var plus = forward(x);
            x[i] = saved - step;
            var minus = forward(x);
            x[i] = saved;
            double sum = 0;
            for (int o = 0; o < g.Length; o++) sum += g[o] * (plus[o] - minus[o]);
            gradient[i] = sum / (2 * step);
        }
        return gradient;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Generated_backward_kernels_equal_finite_differences_of_the_reference(int batch)
    {
        var random = new Random(Seed + batch);
        int planes = 1 + batch;   // one plane, then two
        var cases = Enumerable.Range(0, 72).Select(i => RandomCase(random, i, planes)).ToList();
        var assembly = BackwardFixtureTests.Compile(cases.Select(c => c.Kernel).ToList());
        var checkedForms = new HashSet<string>();
        for (int i = 0; i < cases.Count; i++)
        {
            var c = cases[i];
            var x = Input(random, c.InputLength, c.Piecewise, c.Positive);
            var g = Enumerable.Range(0, c.OutputLength).Select(_ => random.NextDouble() * 4 - 2).ToArray();
            var expected = Numeric(c.Forward, x, g, c.Piecewise ? 1e-6 : 1);
            var second = c.Kernel.Form switch
            {
                "input" => (Array)x,
                "indices" or "unpool" when c.Kernel.Index == "int" => c.Indices!(x).Select(v => (int)v).ToArray(),
                "indices" or "unpool" => c.Indices!(x),
                _ => null,
            };
            var actual = (double[])c.Kernel.Run(assembly, "K" + i, g, second, x.Length);
            Values.AssertClose(expected, actual, c.Piecewise ? 1e-6 : 1e-12, $"seed {Seed + batch} case {i} {c.Kernel}", absolute: c.Piecewise ? 1e-6 : 1e-12);
            checkedForms.Add(c.Kernel.Name + ":" + c.Kernel.Form);
        }
        foreach (string family in new[] { "MaxPool:indices", "MaxPool:input", "AvgPool:plain", "LpPool:input", "MaxUnpool:unpool" })
            Assert.Contains(family, checkedForms);
        Assert.Contains(checkedForms, form => form.EndsWith("Aa:plain", StringComparison.Ordinal));
    }

    [Fact]
    public void Channels_last_and_parallel_kernels_equal_the_serial_NCHW_kernels()
    {
        var random = new Random(Seed + 7);
        const int batch = 2;
        var cases = Enumerable.Range(0, 48).Select(i => (Case: RandomCase(random, i % 6 == 5 ? 0 : i, 1), Channels: random.Next(1, 5))).ToList();
        // Each case three times: serial NCHW, channels-last (the channel count as the last int), and Parallel = true.
        var kernels = cases.SelectMany(c => new[]
        {
            c.Case.Kernel,
            c.Case.Kernel with { Attribute = c.Case.Kernel.Attribute.Replace("Backward = true", "Backward = true, Layout = TensorLayout.ChannelsLast"), Extents = c.Case.Kernel.Extents.Append(c.Channels).ToArray() },
            c.Case.Kernel with { Attribute = c.Case.Kernel.Attribute.Replace("Backward = true", "Backward = true, Parallel = true") },
        }).ToList();
        var assembly = BackwardFixtureTests.Compile(kernels);
        long saved = PlaneScheduler.MinimumElementsPerThread;
        PlaneScheduler.MinimumElementsPerThread = 1;
        try
        {
            for (int i = 0; i < cases.Count; i++)
            {
                var (c, channels) = cases[i];
                int planes = batch * channels, inPlane = c.InputLength, outPlane = c.OutputLength;
                var x = Input(random, planes * inPlane, c.Piecewise, c.Positive);
                var g = Enumerable.Range(0, planes * outPlane).Select(_ => random.NextDouble() * 4 - 2).ToArray();
                Array? second = c.Kernel.Form switch
                {
                    "input" => x,
                    _ when c.Indices is not null => Enumerable.Range(0, planes).SelectMany(p => c.Kernel.Form == "unpool" ? c.Indices(x) : c.Indices(x.Skip(p * inPlane).Take(inPlane).ToArray())).ToArray(),
                    _ => null,
                };
                if (second is long[] longs && c.Kernel.Index == "int") second = longs.Select(v => (int)v).ToArray();
                var serial = (double[])kernels[3 * i].Run(assembly, $"K{3 * i}", g, second, x.Length);
                var parallel = (double[])kernels[3 * i + 2].Run(assembly, $"K{3 * i + 2}", g, second, x.Length);
                Values.AssertSame(serial, parallel, $"case {i} {c.Kernel} Parallel");
                // Channels-last: the same planes interleaved (batch, pixels, channels).
                Array Interleave(Array planar, int plane) => planar switch
                {
                    double[] d => ToChannelsLast(d, batch, channels, plane),
                    long[] l => ToChannelsLast(l, batch, channels, plane),
                    _ => ToChannelsLast((int[])planar, batch, channels, plane),
                };
                var nhwc = (double[])kernels[3 * i + 1].Run(assembly, $"K{3 * i + 1}", Interleave(g, outPlane),
                    second is null ? null : c.Kernel.Form == "unpool" || c.Kernel.Form == "indices" ? Interleave(second, c.Kernel.Form == "unpool" ? inPlane : outPlane) : Interleave(second, inPlane), x.Length);
                Values.AssertSame(Interleave(serial, inPlane), nhwc, $"case {i} {c.Kernel} channels-last");
            }
        }
        finally
        {
            PlaneScheduler.MinimumElementsPerThread = saved;
        }
    }

    private static T[] ToChannelsLast<T>(T[] planar, int batch, int channels, int plane)
    {
        var result = new T[planar.Length];
        Layouts.ToChannelsLast<T>(planar, result, batch, plane, channels);
        return result;
    }

    [Fact]
    public void Bad_arguments_are_exceptions_naming_the_parameter()
    {
        var assembly = GeneratorHarness.CompileAndLoad("""
            using System;
            using Pooling;
            namespace Cases;
            public static partial class Bad
            {
                [MaxPool(2, Backward = true)] public static partial void Indices(ReadOnlySpan<float> gradOutput, ReadOnlySpan<long> indices, Span<float> gradInput, int h, int w);
                [MaxPool(2, Backward = true)] public static partial void Again(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradInput, int h, int w);
                [MaxUnpool(2, Backward = true)] public static partial void Unpool(ReadOnlySpan<float> gradOutput, ReadOnlySpan<int> indices, Span<float> gradInput, int h, int w);
                [PixelShuffle(2, Backward = true)] public static partial void Shuffle(ReadOnlySpan<float> gradOutput, Span<float> gradInput, int c, int h, int w);
                [Upsample(UpsampleMode.Bilinear, 2, Backward = true, Parallel = true)] public static partial void Bilinear(ReadOnlySpan<float> gradOutput, Span<float> gradInput, int h, int w);
                public static void RunIndices(float[] g, long[] i, float[] gi, int h, int w) => Indices(g, i, gi, h, w);
                public static void RunAgain(float[] x, float[] g, float[] gi, int h, int w) => Again(x, g, gi, h, w);
                public static void RunUnpool(float[] g, int[] i, float[] gi, int h, int w) => Unpool(g, i, gi, h, w);
                public static void RunShuffle(float[] g, float[] gi, int c, int h, int w) => Shuffle(g, gi, c, h, w);
                public static void RunBilinear(float[] g, float[] gi, int h, int w) => Bilinear(g, gi, h, w);
            }
            """);
        var type = assembly.GetType("Cases.Bad")!;
        T Throws<T>(string method, params object[] arguments) where T : Exception
        {
            var e = Assert.Throws<System.Reflection.TargetInvocationException>(() => type.GetMethod(method)!.Invoke(null, arguments));
            return Assert.IsType<T>(e.InnerException);
        }
        // A 4×4 plane pools to 2×2: gradInput 16 elements a plane, gradOutput and indices 4.
        Assert.Equal("gradOutput", Throws<ArgumentException>("RunIndices", new float[3], new long[4], new float[16], 4, 4).ParamName);
        Assert.Equal("gradInput", Throws<ArgumentException>("RunIndices", new float[4], new long[4], new float[15], 4, 4).ParamName);
        Assert.Equal("indices", Throws<ArgumentException>("RunIndices", new float[4], new long[3], new float[16], 4, 4).ParamName);
        Assert.Equal("h", Throws<ArgumentOutOfRangeException>("RunIndices", new float[4], new long[4], new float[16], -4, 4).ParamName);
        var outside = Throws<ArgumentOutOfRangeException>("RunIndices", new float[4], new long[] { 0, 16, 2, 3 }, new float[16], 4, 4);
        Assert.Equal("indices", outside.ParamName);
        Assert.Contains("16", outside.Message);
        Assert.Equal("indices", Throws<ArgumentOutOfRangeException>("RunIndices", new float[4], new long[] { 0, -1, 2, 3 }, new float[16], 4, 4).ParamName);
        var mismatch = Throws<ArgumentException>("RunAgain", new float[15], new float[4], new float[16], 4, 4);
        Assert.Equal("input", mismatch.ParamName);
        Assert.Contains("16", mismatch.Message);
        // Unpooling's gradient: gradInput is the pooled 2×2 plane, gradOutput the unpooled 4×4 one.
        Assert.Equal("indices", Throws<ArgumentException>("RunUnpool", new float[16], new int[3], new float[4], 2, 2).ParamName);
        Assert.Equal("indices", Throws<ArgumentOutOfRangeException>("RunUnpool", new float[16], new[] { 0, 1, 2, 16 }, new float[4], 2, 2).ParamName);
        Assert.Equal("gradOutput", Throws<ArgumentException>("RunUnpool", new float[15], new int[4], new float[4], 2, 2).ParamName);
        Assert.Equal("c", Throws<ArgumentException>("RunShuffle", new float[18], new float[18], 2, 3, 3).ParamName);
        Assert.Equal("gradOutput", Throws<ArgumentException>("RunShuffle", new float[35], new float[36], 4, 3, 3).ParamName);
        Assert.Equal("gradOutput", Throws<ArgumentException>("RunBilinear", new float[63], new float[16], 4, 4).ParamName);
        // The checks pass for the right lengths (a plane of gradient ones spreads to a total of 64 · 1 over 16 inputs).
        var gradInput = new float[16];
        type.GetMethod("RunBilinear")!.Invoke(null, new object[] { Enumerable.Repeat(1f, 64).ToArray(), gradInput, 4, 4 });
        Assert.Equal(64f, gradInput.Sum(), 3);
    }

    [Fact]
    public void Tensor_span_backward_kernels_equal_their_span_twins_and_check_every_tensor()
    {
        var assembly = GeneratorHarness.CompileAndLoad("""
            using System;
            using System.Numerics.Tensors;
            using Pooling;
            namespace Cases;
            public static partial class Tensors
            {
                [MaxPool(3, 2, Padding = 1, Backward = true)] public static partial void TMax(ReadOnlyTensorSpan<float> gradOutput, ReadOnlyTensorSpan<long> indices, TensorSpan<float> gradInput);
                [MaxPool(3, 2, Padding = 1, Backward = true)] public static partial void SMax(ReadOnlySpan<float> gradOutput, ReadOnlySpan<long> indices, Span<float> gradInput, int h, int w);
                [LpPool(2, 2, Backward = true)] public static partial void TLp(ReadOnlyTensorSpan<double> input, ReadOnlyTensorSpan<double> gradOutput, TensorSpan<double> gradInput);
                [LpPool(2, 2, Backward = true)] public static partial void SLp(ReadOnlySpan<double> input, ReadOnlySpan<double> gradOutput, Span<double> gradInput, int h, int w);
                [Upsample(UpsampleMode.Bilinear, 2, Backward = true, Layout = TensorLayout.ChannelsLast)] public static partial void TBil(ReadOnlyTensorSpan<float> gradOutput, TensorSpan<float> gradInput);
                [Upsample(UpsampleMode.Bilinear, 2, Backward = true, Layout = TensorLayout.ChannelsLast)] public static partial void SBil(ReadOnlySpan<float> gradOutput, Span<float> gradInput, int h, int w, int c);
                [MaxUnpool(2, Backward = true)] public static partial void TUnpool(ReadOnlyTensorSpan<float> gradOutput, ReadOnlyTensorSpan<long> indices, TensorSpan<float> gradInput);
                [MaxUnpool(2, Backward = true)] public static partial void SUnpool(ReadOnlySpan<float> gradOutput, ReadOnlySpan<long> indices, Span<float> gradInput, int h, int w);

                public static void RunTMax(float[] g, long[] i, float[] gi, nint[] inShape, nint[] outShape) => TMax(new ReadOnlyTensorSpan<float>(g, outShape), new ReadOnlyTensorSpan<long>(i, outShape), new TensorSpan<float>(gi, inShape));
                public static void RunSMax(float[] g, long[] i, float[] gi, int h, int w) => SMax(g, i, gi, h, w);
                public static void RunTLp(double[] x, double[] g, double[] gi, nint[] inShape, nint[] outShape) => TLp(new ReadOnlyTensorSpan<double>(x, inShape), new ReadOnlyTensorSpan<double>(g, outShape), new TensorSpan<double>(gi, inShape));
                public static void RunSLp(double[] x, double[] g, double[] gi, int h, int w) => SLp(x, g, gi, h, w);
                public static void RunTBil(float[] g, float[] gi, nint[] inShape, nint[] outShape) => TBil(new ReadOnlyTensorSpan<float>(g, outShape), new TensorSpan<float>(gi, inShape));
                public static void RunSBil(float[] g, float[] gi, int h, int w, int c) => SBil(g, gi, h, w, c);
                public static void RunTUnpool(float[] g, long[] i, float[] gi, nint[] inShape, nint[] outShape) => TUnpool(new ReadOnlyTensorSpan<float>(g, outShape), new ReadOnlyTensorSpan<long>(i, inShape), new TensorSpan<float>(gi, inShape));
                public static void RunSUnpool(float[] g, long[] i, float[] gi, int h, int w) => SUnpool(g, i, gi, h, w);
                [PixelShuffle(2, Backward = true)] public static partial void TShuffle(ReadOnlyTensorSpan<Half> gradOutput, TensorSpan<Half> gradInput);
                [PixelShuffle(2, Backward = true)] public static partial void SShuffle(ReadOnlySpan<Half> gradOutput, Span<Half> gradInput, int c, int h, int w);
                [PixelUnshuffle(2, Backward = true, Layout = TensorLayout.ChannelsLast)] public static partial void TUnshuffle(ReadOnlyTensorSpan<float> gradOutput, TensorSpan<float> gradInput);
                [PixelUnshuffle(2, Backward = true, Layout = TensorLayout.ChannelsLast)] public static partial void SUnshuffle(ReadOnlySpan<float> gradOutput, Span<float> gradInput, int c, int h, int w);
                public static void RunTShuffle(Half[] g, Half[] gi, nint[] inShape, nint[] outShape) => TShuffle(new ReadOnlyTensorSpan<Half>(g, outShape), new TensorSpan<Half>(gi, inShape));
                public static void RunSShuffle(Half[] g, Half[] gi, int c, int h, int w) => SShuffle(g, gi, c, h, w);
                public static void RunTUnshuffle(float[] g, float[] gi, nint[] inShape, nint[] outShape) => TUnshuffle(new ReadOnlyTensorSpan<float>(g, outShape), new TensorSpan<float>(gi, inShape));
                public static void RunSUnshuffle(float[] g, float[] gi, int c, int h, int w) => SUnshuffle(g, gi, c, h, w);
            }
            """);
        var type = assembly.GetType("Cases.Tensors")!;
        object? Call(string name, params object[] arguments)
        {
            try { return type.GetMethod(name)!.Invoke(null, arguments); }
            catch (System.Reflection.TargetInvocationException e) when (e.InnerException is not null) { throw e.InnerException; }
        }
        var random = new Random(Seed + 11);
        float[] Floats(int n) => Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray();

        // MaxPool k3s2p1 on [2, 3, 9, 7] → [2, 3, 5, 4]: real indices from the reference forward.
        var x = Enumerable.Range(0, 2 * 3 * 63).Select(v => (float)((v * 37) % 101)).ToArray();
        var pooled = new float[2 * 3 * 20];
        var indices = new long[pooled.Length];
        ReferencePooling.MaxPool<float>(x, new[] { 9, 7 }, PoolWindow.Uniform(2, 3, 2, 1), pooled, indices);
        var g = Floats(pooled.Length);
        float[] viaTensors = new float[x.Length], viaSpans = new float[x.Length];
        Call("RunTMax", g, indices, viaTensors, new nint[] { 2, 3, 9, 7 }, new nint[] { 2, 3, 5, 4 });
        Call("RunSMax", g, indices, viaSpans, 9, 7);
        Values.AssertSame(viaSpans, viaTensors, "MaxPool backward, tensor spans");
        // A gradOutput or indices tensor of the wrong shape, named.
        Assert.Equal("gradOutput", Assert.ThrowsAny<ArgumentException>(() => Call("RunTMax", Floats(120), indices, new float[x.Length], new nint[] { 2, 3, 9, 7 }, new nint[] { 2, 3, 4, 5 })).ParamName);
        Assert.Equal("gradInput", Assert.ThrowsAny<ArgumentException>(() => Call("RunTMax", g, indices, new float[x.Length], new nint[] { 378 }, new nint[] { 2, 3, 5, 4 })).ParamName);

        // LpPool p=2 k2 on [1, 2, 6, 5] (positive inputs) → [1, 2, 3, 2].
        var lx = Enumerable.Range(0, 60).Select(_ => random.NextDouble() + 0.1).ToArray();
        var lg = Enumerable.Range(0, 12).Select(_ => random.NextDouble() - 0.5).ToArray();
        double[] lt = new double[60], ls = new double[60];
        Call("RunTLp", lx, lg, lt, new nint[] { 1, 2, 6, 5 }, new nint[] { 1, 2, 3, 2 });
        Call("RunSLp", lx, lg, ls, 6, 5);
        Values.AssertSame(ls, lt, "LpPool backward, tensor spans");

        // Bilinear ×2, channels-last [2, 4, 5, 3] → [2, 8, 10, 3].
        var bg = Floats(2 * 8 * 10 * 3);
        float[] bt = new float[2 * 4 * 5 * 3], bs = new float[bt.Length];
        Call("RunTBil", bg, bt, new nint[] { 2, 4, 5, 3 }, new nint[] { 2, 8, 10, 3 });
        Call("RunSBil", bg, bs, 4, 5, 3);
        Values.AssertSame(bs, bt, "bilinear backward, channels-last tensor spans");

        // MaxUnpool k2 backward: gradInput [1, 2, 3, 3], gradOutput [1, 2, 6, 6], indices of gradInput's shape.
        var ui = Enumerable.Range(0, 18).Select(i => (long)((i % 9) / 3 * 12 + (i % 3) * 2 + (i % 2))).ToArray();
        var ug = Floats(72);
        float[] ut = new float[18], us = new float[18];
        Call("RunTUnpool", ug, ui, ut, new nint[] { 1, 2, 3, 3 }, new nint[] { 1, 2, 6, 6 });
        Call("RunSUnpool", ug, ui, us, 3, 3);
        Values.AssertSame(us, ut, "MaxUnpool backward, tensor spans");
        Assert.Equal("gradOutput", Assert.ThrowsAny<ArgumentException>(() => Call("RunTUnpool", Floats(72), ui, new float[18], new nint[] { 1, 2, 3, 3 }, new nint[] { 1, 2, 4, 9 })).ParamName);

        // PixelShuffle ×2 backward over Half: gradInput [2, 8, 3, 5], gradOutput [2, 2, 6, 10].
        var sg = Enumerable.Range(0, 240).Select(v => (Half)(v * 0.25)).ToArray();
        Half[] st = new Half[240], ss = new Half[240];
        Call("RunTShuffle", sg, st, new nint[] { 2, 8, 3, 5 }, new nint[] { 2, 2, 6, 10 });
        Call("RunSShuffle", sg, ss, 8, 3, 5);
        Values.AssertSame(ss, st, "PixelShuffle backward, tensor spans");
        Assert.Equal(240, st.Distinct().Count());   // a permutation: every gradient once
        Assert.Equal("gradOutput", Assert.ThrowsAny<ArgumentException>(() => Call("RunTShuffle", sg, new Half[240], new nint[] { 2, 8, 3, 5 }, new nint[] { 2, 2, 10, 6 })).ParamName);
        // PixelUnshuffle ×2 backward, channels-last: gradInput [1, 4, 6, 3] (h, w, c), gradOutput [1, 2, 3, 12].
        var ug2 = Floats(72);
        float[] ust = new float[72], uss = new float[72];
        Call("RunTUnshuffle", ug2, ust, new nint[] { 1, 4, 6, 3 }, new nint[] { 1, 2, 3, 12 });
        Call("RunSUnshuffle", ug2, uss, 3, 4, 6);
        Values.AssertSame(uss, ust, "PixelUnshuffle backward, channels-last tensor spans");
    }
}
