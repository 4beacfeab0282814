using System.Reflection;
using Microsoft.CodeAnalysis;
using Pooling.Generators.Tests.Infrastructure;

namespace Pooling.Generators.Tests;

/// <summary>
/// Kernels declared with <c>ReadOnlyTensorSpan&lt;T&gt;</c> / <c>TensorSpan&lt;T&gt;</c>: each family against the same
/// attribute declared with spans and int extents (bit for bit, indices too), shapes read from the tensors (leading
/// dimensions = planes, NHWC channels last, pixel shuffle's (C, H, W)), and the adapter's errors: wrong output shape,
/// non-dense tensors, InputSize mismatches — each naming the tensor parameter.
/// </summary>
public class TensorSpanTests
{
    // Name, attribute, element, kind, input shape, output shape, the span twin's int extents.
    private sealed record Case(string Name, string Attribute, string Element, Kind Kind, long[] In, long[] Out, int[] Extents);

    private enum Kind { Plain, Indices, Unpool }

    private static readonly Case[] Cases =
    {
        new("Max", "MaxPool(3, 2, Padding = 1)", "float", Kind.Indices, new long[] { 2, 3, 9, 11 }, new long[] { 2, 3, 5, 6 }, new[] { 9, 11 }),
        new("Same", "MaxPool(3, 2, AutoPad = AutoPad.SameUpper)", "float", Kind.Indices, new long[] { 2, 3, 9, 8 }, new long[] { 2, 3, 5, 4 }, new[] { 9, 8 }),
        new("Avg3", "AvgPool(new[] { 2, 2, 2 })", "double", Kind.Plain, new long[] { 1, 2, 4, 6, 5 }, new long[] { 1, 2, 2, 3, 2 }, new[] { 4, 6, 5 }),
        new("Ada", "AdaptiveAvgPool(3)", "float", Kind.Plain, new long[] { 5, 7, 10 }, new long[] { 5, 3, 3 }, new[] { 7, 10 }),
        new("Unpool", "MaxUnpool(2)", "float", Kind.Unpool, new long[] { 2, 2, 3, 4 }, new long[] { 2, 2, 6, 8 }, new[] { 3, 4 }),
        new("Bilinear", "Upsample(UpsampleMode.Bilinear, 2)", "float", Kind.Plain, new long[] { 1, 3, 4, 5 }, new long[] { 1, 3, 8, 10 }, new[] { 4, 5 }),
        new("Shuffle", "PixelShuffle(2)", "float", Kind.Plain, new long[] { 2, 8, 3, 5 }, new long[] { 2, 2, 6, 10 }, new[] { 8, 3, 5 }),
        new("UnshuffleNhwc", "PixelUnshuffle(2, Layout = TensorLayout.ChannelsLast)", "float", Kind.Plain, new long[] { 1, 4, 6, 3 }, new long[] { 1, 2, 3, 12 }, new[] { 3, 4, 6 }),
        new("MaxNhwc", "MaxPool(2, Layout = TensorLayout.ChannelsLast)", "float", Kind.Indices, new long[] { 2, 6, 8, 5 }, new long[] { 2, 3, 4, 5 }, new[] { 6, 8, 5 }),
        new("AdaNhwc", "AdaptiveAvgPool(2, Layout = TensorLayout.ChannelsLast)", "float", Kind.Plain, new long[] { 1, 5, 7, 4 }, new long[] { 1, 2, 2, 4 }, new[] { 5, 7, 4 }),
        new("Fixed", "MaxPool(3, 2, Padding = 1, InputSize = new[] { 9, 7 })", "float", Kind.Plain, new long[] { 4, 9, 7 }, new long[] { 4, 5, 4 }, Array.Empty<int>()),
        new("Parallel", "MaxPool(2, 2, Parallel = true)", "float", Kind.Plain, new long[] { 3, 64, 64 }, new long[] { 3, 32, 32 }, new[] { 64, 64 }),
        new("Global", "GlobalAvgPool", "float", Kind.Plain, new long[] { 6, 5, 7 }, new long[] { 6, 1, 1 }, new[] { 5, 7 }),
        new("GlobalLp", "GlobalLpPool(3)", "double", Kind.Plain, new long[] { 2, 3, 5, 7 }, new long[] { 2, 3, 1, 1 }, new[] { 5, 7 }),
        new("Min", "MinPool(2, 1)", "short", Kind.Indices, new long[] { 2, 2, 5, 6 }, new long[] { 2, 2, 4, 5 }, new[] { 5, 6 }),
        new("Lp", "LpPool(2, 2)", "float", Kind.Plain, new long[] { 3, 8, 6 }, new long[] { 3, 4, 3 }, new[] { 8, 6 }),
        new("Nearest", "Upsample(UpsampleMode.Nearest, 2)", "byte", Kind.Plain, new long[] { 2, 3, 4 }, new long[] { 2, 6, 8 }, new[] { 3, 4 }),
        // The rank from a per-axis argument of one entry (1-D), or from the upsampling mode (issue: a 1-D window was
        // broadcast to two axes, and linear mode was refused as "needs 3D input").
        new("Avg1", "AvgPool(new[] { 3 }, new[] { 2 })", "float", Kind.Plain, new long[] { 2, 3, 30 }, new long[] { 2, 3, 14 }, new[] { 30 }),
        new("AdaMax1", "AdaptiveMaxPool(new[] { 4 })", "float", Kind.Indices, new long[] { 3, 10 }, new long[] { 3, 4 }, new[] { 10 }),
        new("LinearSize1", "Upsample(UpsampleMode.Linear, Size = new[] { 9 })", "float", Kind.Plain, new long[] { 2, 3, 5 }, new long[] { 2, 3, 9 }, new[] { 5 }),
        new("LinearScale1", "Upsample(UpsampleMode.Linear, 2.0)", "double", Kind.Plain, new long[] { 4, 5 }, new long[] { 4, 10 }, new[] { 5 }),
        new("Trilinear3", "Upsample(UpsampleMode.Trilinear, 2)", "float", Kind.Plain, new long[] { 1, 2, 2, 3, 2 }, new long[] { 1, 2, 4, 6, 4 }, new[] { 2, 3, 2 }),
        new("Dilated1", "MaxPool(new[] { 2 }, new[] { 1 }, DilationPerAxis = new[] { 2 })", "float", Kind.Plain, new long[] { 3, 9 }, new long[] { 3, 7 }, new[] { 9 }),
    };

    private static readonly Lazy<Type> Suite = new(() => GeneratorHarness.CompileAndLoad(Source()).GetType("Cases.Suite")!);

    private static string Source()
    {
        var text = new System.Text.StringBuilder("using System;\nusing System.Numerics.Tensors;\nusing Pooling;\nnamespace Cases;\npublic static partial class Suite\n{\n");
        foreach (var c in Cases)
        {
            string t = c.Element;
            string[] axes = c.Extents.Length == 3 && c.Name.Contains("Nhwc", StringComparison.Ordinal) && !c.Name.Contains("shuffle", StringComparison.OrdinalIgnoreCase)
                ? new[] { "height", "width", "channels" }
                : new[] { "depth", "height", "width" }.Skip(3 - c.Extents.Length).ToArray();
            if (c.Name.Contains("huffle", StringComparison.Ordinal)) axes = new[] { "channels", "height", "width" };
            string ints = string.Concat(axes.Select(a => ", int " + a));
            string args = string.Concat(Enumerable.Range(0, c.Extents.Length).Select(k => $", e[{k}]"));
            switch (c.Kind)
            {
                case Kind.Unpool:
                    text.Append($"    [{c.Attribute}] public static partial void T_{c.Name}(ReadOnlyTensorSpan<{t}> x, ReadOnlyTensorSpan<long> i, TensorSpan<{t}> y);\n");
                    text.Append($"    [{c.Attribute}] public static partial void S_{c.Name}(ReadOnlySpan<{t}> x, ReadOnlySpan<long> i, Span<{t}> y{ints});\n");
                    text.Append($"    public static void T_{c.Name}_Run(Array x, nint[] xs, Array y, nint[] ys, Array? i, nint[]? isz) => T_{c.Name}(new ReadOnlyTensorSpan<{t}>(({t}[])x, xs), new ReadOnlyTensorSpan<long>((long[])i!, isz!), new TensorSpan<{t}>(({t}[])y, ys));\n");
                    text.Append($"    public static void S_{c.Name}_Run(Array x, Array y, Array? i, int[] e) => S_{c.Name}(({t}[])x, (long[])i!, ({t}[])y{args});\n");
                    break;
                case Kind.Indices:
                    text.Append($"    [{c.Attribute}] public static partial void T_{c.Name}(ReadOnlyTensorSpan<{t}> x, TensorSpan<{t}> y, TensorSpan<long> i);\n");
                    text.Append($"    [{c.Attribute}] public static partial void S_{c.Name}(ReadOnlySpan<{t}> x, Span<{t}> y, Span<long> i{ints});\n");
                    text.Append($"    public static void T_{c.Name}_Run(Array x, nint[] xs, Array y, nint[] ys, Array? i, nint[]? isz) => T_{c.Name}(new ReadOnlyTensorSpan<{t}>(({t}[])x, xs), new TensorSpan<{t}>(({t}[])y, ys), new TensorSpan<long>((long[])i!, isz!));\n");
                    text.Append($"    public static void S_{c.Name}_Run(Array x, Array y, Array? i, int[] e) => S_{c.Name}(({t}[])x, ({t}[])y, (long[])i!{args});\n");
                    break;
                default:
                    text.Append($"    [{c.Attribute}] public static partial void T_{c.Name}(ReadOnlyTensorSpan<{t}> x, TensorSpan<{t}> y);\n");
                    text.Append($"    [{c.Attribute}] public static partial void S_{c.Name}(ReadOnlySpan<{t}> x, Span<{t}> y{ints});\n");
                    text.Append($"    public static void T_{c.Name}_Run(Array x, nint[] xs, Array y, nint[] ys, Array? i, nint[]? isz) => T_{c.Name}(new ReadOnlyTensorSpan<{t}>(({t}[])x, xs), new TensorSpan<{t}>(({t}[])y, ys));\n");
                    text.Append($"    public static void S_{c.Name}_Run(Array x, Array y, Array? i, int[] e) => S_{c.Name}(({t}[])x, ({t}[])y{args});\n");
                    break;
            }
        }
        // A transposed (column-major) view: strides that are not row-major.
        text.Append("    public static void Transposed(float[] x, float[] y) => T_Max(new ReadOnlyTensorSpan<float>(x, new nint[] { 9, 11 }, new nint[] { 1, 9 }), new TensorSpan<float>(y, new nint[] { 5, 6 }), new TensorSpan<long>(new long[30], new nint[] { 5, 6 }));\n");
        return text.Append("}\n").ToString();
    }

    private static void Run(string method, params object?[] arguments)
    {
        try
        {
            Suite.Value.GetMethod(method)!.Invoke(null, arguments);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
        }
    }

    private static nint[] N(long[] shape) => shape.Select(v => (nint)v).ToArray();

    private static int Count(long[] shape) => (int)shape.Aggregate(1L, (a, b) => a * b);

    public static IEnumerable<object[]> Names() => Cases.Select(c => new object[] { c.Name });

    [Theory]
    [MemberData(nameof(Names))]
    public void A_tensor_span_kernel_gives_the_span_kernels_bits(string name)
    {
        var c = Cases.Single(k => k.Name == name);
        var random = new Random(name.Length * 7919);
        Type type = KernelSuite.ElementType(c.Element);
        var x = Values.Random(type, Count(c.In), random);
        var (yTensor, ySpan) = (Array.CreateInstance(type, Count(c.Out)), Array.CreateInstance(type, Count(c.Out)));
        long[]? iTensor = null, iSpan = null;
        nint[]? indexShape = null;
        if (c.Kind == Kind.Indices)
        {
            (iTensor, iSpan, indexShape) = (new long[Count(c.Out)], new long[Count(c.Out)], N(c.Out));
        }
        else if (c.Kind == Kind.Unpool)
        {
            int plane = (int)(c.Out[^1] * c.Out[^2]);
            iTensor = iSpan = Enumerable.Range(0, Count(c.In)).Select(_ => (long)random.Next(plane)).ToArray();
            indexShape = N(c.In);
        }
        Run($"T_{c.Name}_Run", x, N(c.In), yTensor, N(c.Out), iTensor, indexShape);
        Run($"S_{c.Name}_Run", x, ySpan, iSpan, c.Extents);
        Values.AssertSame(ySpan, yTensor, c.Name);
        if (c.Kind == Kind.Indices) Values.AssertSame(iSpan!, iTensor!, c.Name + " indices");
    }

    [Fact]
    public void A_wrong_output_shape_names_the_output_with_both_shapes()
    {
        // Same element count (2·3·5·6 = 180), other shape.
        var error = Assert.Throws<ArgumentException>(() =>
            Run("T_Max_Run", new float[2 * 3 * 9 * 11], N(new long[] { 2, 3, 9, 11 }), new float[180], N(new long[] { 2, 3, 6, 5 }), new long[180], N(new long[] { 2, 3, 5, 6 })));
        Assert.Equal("y", error.ParamName);
        Assert.Contains("[2, 3, 5, 6]", error.Message, StringComparison.Ordinal);
        Assert.Contains("[2, 3, 6, 5]", error.Message, StringComparison.Ordinal);

        var indices = Assert.Throws<ArgumentException>(() =>
            Run("T_Max_Run", new float[2 * 3 * 9 * 11], N(new long[] { 2, 3, 9, 11 }), new float[180], N(new long[] { 2, 3, 5, 6 }), new long[180], N(new long[] { 6, 5, 6 })));
        Assert.Equal("i", indices.ParamName);
    }

    [Fact]
    public void Extents_the_kernel_refuses_name_the_input_tensor()
    {
        // A zero extent, a rank below the kernel's, a 3-D average pool on an input smaller than its kernel, InputSize.
        var zero = Assert.Throws<ArgumentException>(() => Run("T_Max_Run", Array.Empty<float>(), N(new long[] { 1, 1, 0, 11 }), new float[6], N(new long[] { 1, 1, 1, 6 }), new long[6], N(new long[] { 1, 1, 1, 6 })));
        Assert.Equal("x", zero.ParamName);
        var rank = Assert.Throws<ArgumentException>(() => Run("T_Max_Run", new float[11], N(new long[] { 11 }), new float[6], N(new long[] { 6 }), new long[6], N(new long[] { 6 })));
        Assert.Equal("x", rank.ParamName);
        var tooSmall = Assert.Throws<ArgumentException>(() => Run("T_Avg3_Run", new double[5], N(new long[] { 1, 1, 1, 5 }), new double[1], N(new long[] { 1, 1 }), null, null));
        Assert.Equal("x", tooSmall.ParamName);
        var fixedSize = Assert.Throws<ArgumentException>(() => Run("T_Fixed_Run", new float[63], N(new long[] { 1, 7, 9 }), new float[20], N(new long[] { 1, 5, 4 }), null, null));
        Assert.Equal("x", fixedSize.ParamName);
        Assert.Contains("[planes…, 9, 7]", fixedSize.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_view_that_is_not_row_major_dense_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => Run("Transposed", new float[99], new float[30]));
        Assert.Equal("x", error.ParamName);
        Assert.Contains("dense row-major", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mixing_tensor_spans_with_spans_or_int_extents_is_POOL0023()
    {
        const string source = """
            using System;
            using System.Numerics.Tensors;
            using Pooling;
            public static partial class K
            {
                [MaxPool(2)] public static partial void A(ReadOnlyTensorSpan<float> x, Span<float> y);
                [MaxPool(2)] public static partial void B(ReadOnlyTensorSpan<float> x, TensorSpan<float> y, int h, int w);
            }
            """;
        var (output, diagnostics, _) = GeneratorHarness.Generate(GeneratorHarness.Compilation(source));
        Assert.Empty(diagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
        var analyzer = await GeneratorHarness.AnalyzeAsync(source);
        Assert.Equal(2, analyzer.Count(d => d.Id == "POOL0023"));
    }
}
