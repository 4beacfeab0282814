using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Pooling.Generators.Tests.Infrastructure;
using Pooling.Reference;

namespace Pooling.Generators.Tests;

/// <summary>
/// One named test per defect of the reliability report (hostile extents at run time, hostile declarations at compile
/// time). The broad sweeps are RuntimeFuzzTests and FuzzTests; these pin each reported case.
/// </summary>
public class ReliabilityRegressionTests
{
    // Array-taking wrappers around hostile-extent kernels (spans cannot go through reflection).
    private const string RuntimeSource = """
        using System;
        using Pooling;
        namespace Regressions;
        public static partial class K
        {
            [MaxPool(1)] private static partial void MaxPool3K(ReadOnlySpan<float> x, Span<float> y, int d, int h, int w);
            [GlobalMaxPool] private static partial void GlobalMax3K(ReadOnlySpan<float> x, Span<float> y, int d, int h, int w);
            [GlobalAvgPool] private static partial void GlobalAvg3K(ReadOnlySpan<float> x, Span<float> y, int d, int h, int w);
            [Upsample(UpsampleMode.Trilinear, 1)] private static partial void Trilinear3K(ReadOnlySpan<float> x, Span<float> y, int d, int h, int w);
            [Upsample(UpsampleMode.Nearest, 1)] private static partial void Nearest3K(ReadOnlySpan<float> x, Span<float> y, int d, int h, int w);
            [AvgPool(1)] private static partial void AvgPool3K(ReadOnlySpan<float> x, Span<float> y, int d, int h, int w);
            [PixelShuffle(1)] private static partial void ShuffleK(ReadOnlySpan<float> x, Span<float> y, int d, int h, int w);
            [PixelUnshuffle(1)] private static partial void UnshuffleK(ReadOnlySpan<float> x, Span<float> y, int d, int h, int w);
            [PixelShuffle(1, Layout = TensorLayout.ChannelsLast)] private static partial void ShuffleNhwcK(ReadOnlySpan<float> x, Span<float> y, int d, int h, int w);
            [PixelUnshuffle(2)] private static partial void Unshuffle2K(ReadOnlySpan<float> x, Span<float> y, int channels, int height, int width);
            [MaxUnpool(1)] private static partial void Unpool3K(ReadOnlySpan<float> x, ReadOnlySpan<long> i, Span<float> y, int d, int h, int w);
            [MaxPool(1, Layout = TensorLayout.ChannelsLast)] private static partial void MaxNhwcK(ReadOnlySpan<float> x, Span<float> y, int h, int w, int channels);
            [AvgPool(1, Layout = TensorLayout.ChannelsLast)] private static partial void AvgNhwcK(ReadOnlySpan<float> x, Span<float> y, int h, int w, int channels);
            [AvgPool(3)] private static partial void Avg3dK(ReadOnlySpan<float> x, Span<float> y, int depth, int height, int width);
            [LpPool(2, 3)] private static partial void Lp3dK(ReadOnlySpan<float> x, Span<float> y, int depth, int height, int width);
            [MaxPool(2)] private static partial void CollideK(ReadOnlySpan<float> __src, Span<float> __dst, int __inW, int __s);
            [Upsample(UpsampleMode.Linear, Size = new[] { 2 }, AlignCorners = true)] private static partial void LinearK(ReadOnlySpan<float> x, Span<float> y, int width);

            public static void Run(string kernel, float[] x, float[] y, int a, int b, int c)
            {
                switch (kernel)
                {
                    case "MaxPool3": MaxPool3K(x, y, a, b, c); break;
                    case "GlobalMax3": GlobalMax3K(x, y, a, b, c); break;
                    case "GlobalAvg3": GlobalAvg3K(x, y, a, b, c); break;
                    case "Trilinear3": Trilinear3K(x, y, a, b, c); break;
                    case "Nearest3": Nearest3K(x, y, a, b, c); break;
                    case "AvgPool3": AvgPool3K(x, y, a, b, c); break;
                    case "Shuffle": ShuffleK(x, y, a, b, c); break;
                    case "Unshuffle": UnshuffleK(x, y, a, b, c); break;
                    case "ShuffleNhwc": ShuffleNhwcK(x, y, a, b, c); break;
                    case "Unshuffle2": Unshuffle2K(x, y, a, b, c); break;
                    case "Unpool3": Unpool3K(x, new long[x.Length], y, a, b, c); break;
                    case "MaxNhwc": MaxNhwcK(x, y, a, b, c); break;
                    case "AvgNhwc": AvgNhwcK(x, y, a, b, c); break;
                    case "Avg3d": Avg3dK(x, y, a, b, c); break;
                    case "Lp3d": Lp3dK(x, y, a, b, c); break;
                    case "Collide": CollideK(x, y, a, b); break;
                    default: LinearK(x, y, c); break;
                }
            }
        }
        """;

    private static readonly Lazy<MethodInfo> Runner = new(() => GeneratorHarness.CompileAndLoad(RuntimeSource).GetType("Regressions.K")!.GetMethod("Run")!);

    private static Exception? Call(string kernel, float[] x, float[] y, int a, int b, int c)
    {
        try
        {
            Runner.Value.Invoke(null, new object[] { kernel, x, y, a, b, c });
            return null;
        }
        catch (TargetInvocationException e)
        {
            return e.InnerException;
        }
    }

    [Theory]
    [InlineData("MaxPool3")]
    [InlineData("GlobalMax3")]
    [InlineData("GlobalAvg3")]
    [InlineData("Trilinear3")]
    [InlineData("Nearest3")]
    [InlineData("AvgPool3")]
    [InlineData("Shuffle")]
    [InlineData("Unshuffle")]
    [InlineData("ShuffleNhwc")]
    [InlineData("Unpool3")]
    public void Extents_whose_product_wraps_to_8_modulo_2_pow_64_are_refused_naming_an_extent(string kernel)
    {
        // 769546 × 989540 × 48448661 = 8 (mod 2^64): the report's call that passed validation and crashed.
        var e = Call(kernel, new float[8], new float[8], 769546, 989540, 48448661);
        var outOfRange = Assert.IsType<ArgumentOutOfRangeException>(e);
        Assert.Contains(outOfRange.ParamName, new[] { "d", "h", "w" });
        Assert.Contains("exceeds int.MaxValue", outOfRange.Message);
    }

    [Fact]
    public void A_product_of_exactly_2_pow_64_is_refused_not_divided_by_zero()
    {
        var e = Call("MaxPool3", new float[8], new float[8], 1 << 22, 1 << 21, 1 << 21);
        Assert.Equal("h", Assert.IsType<ArgumentOutOfRangeException>(e).ParamName);
    }

    [Theory]
    [InlineData("MaxNhwc")]
    [InlineData("AvgNhwc")]
    public void A_huge_channel_count_in_channels_last_is_an_overflow_naming_channels(string kernel)
    {
        var e = Call(kernel, new float[8], new float[8], 2, 2, int.MaxValue);
        var outOfRange = Assert.IsType<ArgumentOutOfRangeException>(e);
        Assert.Equal("channels", outOfRange.ParamName);
        Assert.Contains("exceeds int.MaxValue", outOfRange.Message);
    }

    [Fact]
    public void Linear_align_corners_clamps_a_last_position_that_float_rounds_past_the_input()
    {
        // (float)(16,777,220 − 1) rounds up to 16,777,220: the last output's source index must stay on the last element.
        const int width = 16_777_220;
        var input = new float[width];
        Array.Fill(input, 1f);
        input[^1] = 5;
        var output = new float[2];
        Assert.Null(Call("Linear", input, output, 0, 0, width));
        Assert.Equal(new[] { 1f, 5f }, output);

        var reference = new float[2];
        ReferenceUpsample.Upsample<float, float>(input, new[] { width }, new[] { 2 }, UpsampleMode.Linear, alignCorners: true, null, false, reference);
        Assert.Equal(new[] { 1f, 5f }, reference);
    }

    [Fact]
    public void The_reference_refuses_area_instead_of_computing_linear_taps()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            ReferenceUpsample.Upsample<float, float>(new float[4], new[] { 4 }, new[] { 2 }, UpsampleMode.Area, false, null, false, new float[2]));
        Assert.Equal("mode", e.ParamName);
    }

    [Fact]
    public void PixelUnshuffle_names_width_for_a_width_that_the_factor_does_not_divide()
    {
        var e = Assert.IsType<ArgumentException>(Call("Unshuffle2", new float[6], new float[6], 3, 2, 1));
        Assert.Equal("width", e.ParamName);
        Assert.Contains("expects width to be divisible", e.Message);
    }

    [Theory]
    [InlineData("Avg3d", 5, 2, 5, "height")]
    [InlineData("Avg3d", 5, 5, 1, "width")]
    [InlineData("Lp3d", 2, 5, 5, "depth")]
    [InlineData("Lp3d", 5, 5, 2, "width")]
    public void Avg_and_Lp_pool3d_name_the_axis_smaller_than_the_kernel(string kernel, int d, int h, int w, string expected)
    {
        var e = Assert.IsType<ArgumentException>(Call(kernel, new float[d * h * w], new float[1], d, h, w));
        Assert.Equal(expected, e.ParamName);
        Assert.Contains("smaller than kernel size", e.Message);
    }

    [Fact]
    public void A_kernel_whose_parameters_collide_with_generated_names_computes_and_names_them_as_written()
    {
        var output = new float[2];
        Assert.Null(Call("Collide", new float[] { 1, 5, 2, 0, 3, 4, 9, 8 }, output, 2, 4, 0));
        Assert.Equal(new[] { 5f, 9f }, output);
        Assert.Equal("__inW", Assert.IsType<ArgumentOutOfRangeException>(Call("Collide", new float[4], new float[1], 0, 4, 0)).ParamName);
        Assert.Equal("__dst", Assert.IsType<ArgumentException>(Call("Collide", new float[8], new float[3], 2, 4, 0)).ParamName);
    }

    // ---- Compile time: every declaration gets a body that compiles without a warning, or a POOL error that says why.

    private static async Task<(IReadOnlyList<Diagnostic> Compiler, IReadOnlyList<Diagnostic> Pool)> Build(string members, string typeHeader = "public static partial class Net")
    {
        string source = $"using System;\nusing Pooling;\nnamespace Demo\n{{\n{typeHeader}\n{{\n{members}\n}}\n}}\n";
        var (output, generatorDiagnostics, _) = GeneratorHarness.Generate(GeneratorHarness.Compilation(source));
        Assert.Empty(generatorDiagnostics);
        var pool = await GeneratorHarness.AnalyzeAsync(source);
        return (output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList(), pool);
    }

    private static async Task CompilesCleanly(string members, string typeHeader = "public static partial class Net")
    {
        var (compiler, pool) = await Build(members, typeHeader);
        Assert.True(compiler.Count == 0, string.Join("\n", compiler));
        Assert.Empty(pool);
    }

    [Theory]
    [InlineData("[MaxPool(2)] public static partial void P(ReadOnlySpan<float> __src, Span<float> __dst, Span<long> __idxs, int __inH, int __s);")]
    [InlineData("[Upsample(UpsampleMode.Bilinear, 2)] public static partial void P(ReadOnlySpan<float> __in, Span<float> __o, int __s, int __k);")]
    [InlineData("[AdaptiveAvgPool(2)] public static partial void P(ReadOnlySpan<float> __plane, Span<float> __out, int __planes, int __inPlane);")]
    [InlineData("[MaxUnpool(2)] public static partial void P(ReadOnlySpan<float> __src, ReadOnlySpan<long> __idx, Span<float> __dst, int __target);")]
    [InlineData("[PixelShuffle(2)] public static partial void P(ReadOnlySpan<float> __src, Span<float> __dst, int __c, int __h, int __w);")]
    [InlineData("[AvgPool(2, Layout = TensorLayout.ChannelsLast)] public static partial void P(ReadOnlySpan<float> __in, Span<float> __dst, int __inW, int __c);")]
    [InlineData("[LpPool(2, 2, Layout = TensorLayout.ChannelsLast)] public static partial void P(ReadOnlySpan<float> __nhwc0, Span<float> __Kernel, int __nhwcN, int __nhwcC);")]
    [InlineData("[MaxPool(2)] public static partial void P(ReadOnlySpan<float> __g0_src, Span<float> __src, int __g1_x);")]
    public Task Parameters_named_like_generated_locals_compile(string declaration) => CompilesCleanly(declaration);

    // A kernel with run-time extents calls its output-size companion for its checks, unless a parameter of the same
    // name would hide it there (then the checks are written inline).
    [Theory]
    [InlineData("[MaxPool(2)] public static partial void Pool(ReadOnlySpan<float> input, Span<float> output, int PoolOutputSize, int width);")]
    [InlineData("[Upsample(UpsampleMode.Nearest, 2, Parallel = true)] public static partial void Up(ReadOnlySpan<float> UpOutputSize, Span<float> output, int width);")]
    public Task A_parameter_named_like_the_output_size_companion_compiles(string declaration) => CompilesCleanly(declaration);

    [Fact]
    public Task Keyword_names_are_escaped() => CompilesCleanly(
        "[MaxPool(2)] public static partial void @class(ReadOnlySpan<float> @in, Span<float> @out, int @int, int @var);",
        "public static partial class @event");

    [Fact]
    public Task Scoped_and_this_modifiers_are_kept() => CompilesCleanly(
        "[MaxPool(2)] public static partial void Pool(this scoped ReadOnlySpan<float> input, scoped Span<float> output, int width);\n"
        + "[MaxPool(2, Layout = TensorLayout.ChannelsLast)] public static partial void PoolNhwc(this ReadOnlySpan<double> input, Span<double> output, int width, int channels);");

    [Fact]
    public async Task A_params_parameter_on_an_invalid_declaration_keeps_its_modifier_and_only_the_POOL_error_is_reported()
    {
        var (compiler, pool) = await Build("[MaxPool(2)] public static partial void P(ReadOnlySpan<float> x, Span<float> y, params int[] extents);");
        Assert.Equal("POOL0023", Assert.Single(pool).Id);
        Assert.Empty(compiler);
    }

    [Fact]
    public async Task A_file_local_type_is_POOL0029_not_CS0759()
    {
        var (compiler, pool) = await Build("[MaxPool(2)] public static partial void P(ReadOnlySpan<float> x, Span<float> y, int w);", "file static partial class Net");
        Assert.Equal("POOL0029", Assert.Single(pool).Id);
        Assert.DoesNotContain(compiler, d => d.Id == "CS0759");
    }

    [Fact]
    public async Task A_compile_time_output_plane_over_int_MaxValue_is_POOL0015_not_CS0266()
    {
        var (compiler, pool) = await Build("[MaxUnpool(63, InputSize = new[] { 1000, 1000 })] public static partial void P(ReadOnlySpan<float> x, ReadOnlySpan<long> i, Span<float> y);");
        var diagnostic = Assert.Single(pool);
        Assert.Equal("POOL0015", diagnostic.Id);
        Assert.Contains("63000 × 63000", diagnostic.GetMessage());
        Assert.DoesNotContain(compiler, d => d.Id == "CS0266");
    }

    [Theory]
    [InlineData("[Upsample((UpsampleMode)42, 2)] public static partial void P(ReadOnlySpan<float> x, Span<float> y, int w);")]
    [InlineData("[Upsample((UpsampleMode)42, 2, Layout = TensorLayout.ChannelsLast)] public static partial void P(ReadOnlySpan<int> x, Span<int> y, int w, int c);")]
    [InlineData("[MaxPool(2, Layout = (TensorLayout)5)] public static partial void P(ReadOnlySpan<float> x, Span<float> y, int w);")]
    public async Task An_enum_value_outside_its_definition_is_POOL0016_not_a_throwing_stub(string declaration)
    {
        var (compiler, pool) = await Build(declaration);
        Assert.Equal("POOL0016", Assert.Single(pool).Id);
        Assert.Empty(compiler);
    }

    [Theory]
    [InlineData("[Upsample(UpsampleMode.Bilinear, 2, InputSize = new[] { 4, 5 })] public static partial void P(ReadOnlySpan<float> x, Span<float> y);")]
    [InlineData("[Upsample(UpsampleMode.Linear, 1, InputSize = new[] { 6 })] public static partial void P(ReadOnlySpan<float> x, Span<float> y);")]
    [InlineData("[AdaptiveAvgPool(1, InputSize = new[] { 4, 4 })] public static partial void P(ReadOnlySpan<float> x, Span<float> y);")]
    [InlineData("[Upsample(UpsampleMode.Area, 0.5, InputSize = new[] { 4, 4 })] public static partial void P(ReadOnlySpan<float> x, Span<float> y);")]
    [InlineData("[Upsample(UpsampleMode.Area, 0.25, InputSize = new[] { 4, 4 })] public static partial void P(ReadOnlySpan<float> x, Span<float> y);")]
    public Task Compile_time_extents_leave_no_unreachable_code(string declaration) => CompilesCleanly(declaration);

    [Fact]
    public void The_harness_reports_every_warning_wave() =>
        Assert.Equal(9999, GeneratorHarness.CompilationOptions.WarningLevel);

    // Generated files use short names (Unsafe, Math, Kernels, …) through using aliases, each only where nothing the
    // user declared or imported has that name; a taken name stays fully qualified, the others are still shortened.
    // Both must compile cleanly.
    [Theory]
    [InlineData("namespace Demo { public class Unsafe { } }", "Unsafe")]                           // a type in the kernel's namespace
    [InlineData("namespace Demo { public partial class Net { public int Math; } }", "Math")]       // a member of the kernel's type
    [InlineData("global using Kernels = System.String;", "Kernels")]                               // a global alias
    [InlineData("namespace Demo.Kernels { public class X { } }", "Kernels")]                       // a namespace of that name
    [InlineData("namespace Other { public class Unsafe { } }", null)]                              // elsewhere: no conflict
    public void Short_names_are_used_only_where_they_cannot_mean_something_else(string other, string? taken)
    {
        const string kernel = """
            using System;
            using Pooling;
            namespace Demo;
            public partial class Net
            {
                [MaxPool(3, 2, Padding = 1)] public static partial void Pool(ReadOnlySpan<float> input, Span<float> output, int height, int width);
            }
            """;
        var (output, diagnostics, run) = GeneratorHarness.Generate(GeneratorHarness.Compilation(kernel, other));
        Assert.Empty(diagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
        string text = run.Results.Single().GeneratedSources.Single().SourceText.ToString();
        // Each alias, and a use of it in its short and its qualified form.
        var uses = new (string Alias, string Target, string Short, string Qualified)[]
        {
            ("Unsafe", "global::System.Runtime.CompilerServices.Unsafe", "ref Unsafe.Add(", "global::System.Runtime.CompilerServices.Unsafe.Add("),
            ("Math", "global::System.Math", " Math.Min(", "global::System.Math.Min("),
            ("Kernels", "global::Pooling.Kernels", "(Kernels.Simd256<float>.IsAccelerated)", "(global::Pooling.Kernels.Simd256<float>.IsAccelerated)"),
        };
        foreach (var (alias, target, shortUse, qualifiedUse) in uses)
        {
            bool free = alias != taken;
            Assert.Equal(free, text.Contains($"using {alias} = {target};", StringComparison.Ordinal));
            Assert.Equal(free, text.Contains(shortUse, StringComparison.Ordinal));
            Assert.Equal(!free, text.Contains(qualifiedUse, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void A_parameter_named_like_an_alias_keeps_the_names_qualified()
    {
        var (output, _, run) = GeneratorHarness.Generate(GeneratorHarness.Compilation("""
            using System;
            using Pooling;
            public static partial class K
            {
                [AvgPool(2)] public static partial void P(ReadOnlySpan<float> Math, Span<float> Unsafe, int Kernels);
            }
            """));
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
        string text = run.Results.Single().GeneratedSources.Single().SourceText.ToString();
        Assert.DoesNotContain("using Math =", text, StringComparison.Ordinal);
        Assert.DoesNotContain("using Unsafe =", text, StringComparison.Ordinal);
        Assert.DoesNotContain("using Kernels =", text, StringComparison.Ordinal);
        Assert.Contains("using MemoryMarshal =", text, StringComparison.Ordinal);   // a free name is still short
    }
}
