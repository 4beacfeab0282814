using Microsoft.CodeAnalysis;
using Pooling.Generators.Tests.Infrastructure;

namespace Pooling.Generators.Tests;

/// <summary>
/// One named test per defect found by trying the package as a user would (compile-time extents near int.MaxValue,
/// null array arguments, the rank of a tensor-span kernel), with a sweep around each so that its neighbours are
/// covered too. The parallel split of one-plane calls is ParallelTests'; the run-time sweeps are FuzzTests'.
/// </summary>
public class DoFirstRegressionTests
{
    private static string Source(string members) =>
        $"using System;\nusing System.Numerics.Tensors;\nusing Pooling;\nnamespace Demo\n{{\npublic static partial class Net\n{{\n{members}\n}}\n}}\n";

    private static async Task<(IReadOnlyList<Diagnostic> Compiler, IReadOnlyList<Diagnostic> Pool, string Generated)> Build(string members)
    {
        string source = Source(members);
        var compilation = GeneratorHarness.Compilation(source);
        var (output, generatorDiagnostics, _) = GeneratorHarness.Generate(compilation);
        Assert.Empty(generatorDiagnostics);
        var pool = await GeneratorHarness.AnalyzeAsync(source);
        string generated = string.Join("\n", output.SyntaxTrees.Where(t => !compilation.SyntaxTrees.Contains(t)).Select(t => t.ToString()));
        return (output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList(), pool, generated);
    }

    // ---- 1. Constant-folded products of compile-time extents (CS0220 in the user's build).

    [Theory]
    [InlineData("[AdaptiveAvgPool(1000, 1000, InputSize = new[] { 46340, 46340 })] public static partial void P(ReadOnlySpan<float> input, Span<float> output);")]
    [InlineData("[AdaptiveMaxPool(46340, 46340, InputSize = new[] { 46340, 46340 })] public static partial void P(ReadOnlySpan<float> input, Span<float> output);")]
    public async Task A_46340_square_plane_compiles_for_adaptive_pooling(string declaration)
    {
        var (compiler, pool, generated) = await Build(declaration);
        Assert.Empty(pool);
        Assert.True(compiler.Count == 0, string.Join("\n", compiler));
        Assert.Contains("const int __inPlane = 2147395600;", generated, StringComparison.Ordinal);
    }

    // Every family, layout and Parallel with extents whose plane is at or just under int.MaxValue (or whose output
    // passes it): each declaration gets a body that compiles without a warning, or a POOL error that says why.
    public static IEnumerable<object[]> NearLimitDeclarations()
    {
        string[] planes = { "46340, 46340", "1, 2147483647", "2147483647, 1", "65535, 32768", "1290, 1290, 1290", "1, 46340, 46340", "2147483647, 1, 1", "2147483647" };
        string[] attributes =
        {
            "MaxPool(2)", "AvgPool(1)", "MinPool(3, 1, Padding = 1)", "LpPool(2, 1)", "AdaptiveAvgPool(1000)", "AdaptiveMaxPool(1)",
            "AdaptiveAvgPool(OutputAxis.Keep)", "GlobalAvgPool", "GlobalMaxPool", "Upsample(UpsampleMode.Nearest, 1)",
            "Upsample(UpsampleMode.NearestExact, 1)", "Upsample(UpsampleMode.Area, 0.5)", "Upsample(UpsampleMode.Bilinear, 0.5)",
            "Upsample(UpsampleMode.Bicubic, 0.5)", "Upsample(UpsampleMode.Trilinear, 0.5)", "Upsample(UpsampleMode.Bilinear, 0.25, Antialias = true)",
        };
        string[] options = { "", ", Parallel = true", ", Layout = TensorLayout.ChannelsLast, Channels = 1", ", Layout = TensorLayout.ChannelsLast, Channels = 1, Parallel = true" };
        foreach (string plane in planes)
        {
            foreach (string attribute in attributes)
            {
                foreach (string option in options)
                {
                    string named = $"InputSize = new[] {{ {plane} }}{option}";
                    string a = attribute.EndsWith(')') ? attribute.Insert(attribute.Length - 1, ", " + named) : $"{attribute}({named})";
                    string indices = attribute.StartsWith("MaxPool", StringComparison.Ordinal) || attribute.StartsWith("AdaptiveMax", StringComparison.Ordinal) ? ", Span<long> indices" : "";
                    yield return new object[] { $"[{a}] public static partial void P(ReadOnlySpan<float> input, Span<float> output{indices});" };
                }
            }
            yield return new object[] { $"[MaxUnpool(1, InputSize = new[] {{ {plane} }})] public static partial void P(ReadOnlySpan<float> input, ReadOnlySpan<long> indices, Span<float> output);" };
            yield return new object[] { $"[MaxUnpool(1, InputSize = new[] {{ {plane} }}, Layout = TensorLayout.ChannelsLast, Channels = 1, Parallel = true)] public static partial void P(ReadOnlySpan<float> input, ReadOnlySpan<long> indices, Span<float> output);" };
        }
        foreach (string layout in new[] { "", ", Layout = TensorLayout.ChannelsLast" })
        {
            yield return new object[] { $"[PixelShuffle(2, InputSize = new[] {{ 4, 23170, 23170 }}{layout})] public static partial void P(ReadOnlySpan<float> input, Span<float> output);" };
            yield return new object[] { $"[PixelUnshuffle(2, InputSize = new[] {{ 1, 46340, 46340 }}{layout}, Parallel = true)] public static partial void P(ReadOnlySpan<float> input, Span<float> output);" };
        }
        yield return new object[] { "[Upsample(UpsampleMode.Area, Size = new[] { 46340, 46340 }, InputSize = new[] { 2, 2 })] public static partial void P(ReadOnlySpan<float> input, Span<float> output);" };
        // Channels-last samples of several channels at the limit, and unpooling to an output plane at the limit.
        foreach (string attribute in new[] { "MaxPool(3, 1, Padding = 1", "AvgPool(2", "AdaptiveAvgPool(5", "Upsample(UpsampleMode.Nearest, 1", "Upsample(UpsampleMode.Area, 0.5" })
        {
            yield return new object[] { $"[{attribute}, InputSize = new[] {{ 46340, 23170 }}, Layout = TensorLayout.ChannelsLast, Channels = 2, Parallel = true)] public static partial void P(ReadOnlySpan<float> input, Span<float> output);" };
            yield return new object[] { $"[{attribute}, InputSize = new[] {{ 1, 715827882 }}, Layout = TensorLayout.ChannelsLast, Channels = 3)] public static partial void P(ReadOnlySpan<float> input, Span<float> output);" };
        }
        yield return new object[] { "[MaxUnpool(2, InputSize = new[] { 23170, 23170 }, Parallel = true)] public static partial void P(ReadOnlySpan<float> input, ReadOnlySpan<long> indices, Span<float> output);" };
        yield return new object[] { "[MaxUnpool(2, InputSize = new[] { 1, 23170 }, OutputSize = new[] { 92681, 23170 })] public static partial void P(ReadOnlySpan<float> input, ReadOnlySpan<long> indices, Span<float> output);" };
        yield return new object[] { "[MaxPool(2, InputSize = new[] { 46340, 46340 })] public static partial void P(ReadOnlyTensorSpan<float> input, TensorSpan<float> output);" };
    }

    [Theory]
    [MemberData(nameof(NearLimitDeclarations))]
    public async Task Compile_time_extents_near_int_MaxValue_compile_or_get_a_POOL_error(string declaration)
    {
        var (compiler, pool, generated) = await Build(declaration);
        bool poolError = pool.Any(d => d.Severity == DiagnosticSeverity.Error);
        bool stub = generated.Contains("Not generated: the kernel configuration is invalid", StringComparison.Ordinal);
        Assert.True(poolError || (compiler.Count == 0 && !stub),
            $"{declaration}\nno POOL error, and the generated code has: {string.Join("\n", compiler.Take(5))}{(stub ? " (a throwing stub)" : "")}");
        if (poolError) Assert.All(pool, d => Assert.Equal("POOL", d.Id[..4]));
    }

    [Fact]
    public async Task A_plane_within_int_MaxValue_is_a_kernel_not_POOL0015()
    {
        // 65535 × 32768 = 2,147,450,880 elements: valid everywhere, so no family may refuse or break on it.
        foreach (string attribute in new[] { "MaxPool(2)", "AdaptiveAvgPool(7)", "GlobalMaxPool()", "Upsample(UpsampleMode.Area, 0.5)", "MinPool(3, 1, Padding = 1)" })
        {
            string a = attribute.Insert(attribute.Length - 1, (attribute.EndsWith("()", StringComparison.Ordinal) ? "" : ", ") + "InputSize = new[] { 65535, 32768 }, Parallel = true");
            var (compiler, pool, _) = await Build($"[{a}] public static partial void P(ReadOnlySpan<float> input, Span<float> output);");
            Assert.True(pool.Count == 0, $"{a}: {string.Join("\n", pool)}");
            Assert.True(compiler.Count == 0, $"{a}: {string.Join("\n", compiler)}");
        }
    }

    // ---- 2. A null array argument: a POOL error on the argument, never a throwing stub.

    [Theory]
    [InlineData("[MaxUnpool(null, Layout = TensorLayout.ChannelsLast)] public static partial void P(ReadOnlySpan<float> x, ReadOnlySpan<long> i, Span<float> y, int d, int h, int w, int c);", "kernel_size")]
    [InlineData("[MaxUnpool(null)] public static partial void P(ReadOnlySpan<float> x, ReadOnlySpan<long> i, Span<float> y, int h, int w);", "kernel_size")]
    [InlineData("[MaxUnpool(new[] { 2, 2 }, null)] public static partial void P(ReadOnlySpan<float> x, ReadOnlySpan<long> i, Span<float> y, int h, int w);", "stride")]
    [InlineData("[MaxUnpool(2, PaddingPerAxis = null, Layout = TensorLayout.ChannelsLast, Channels = 3)] public static partial void P(ReadOnlySpan<float> x, ReadOnlySpan<long> i, Span<float> y, int h, int w);", "PaddingPerAxis")]
    [InlineData("[MaxPool(null)] public static partial void P(ReadOnlySpan<float> x, Span<float> y, int h, int w);", "kernel_size")]
    [InlineData("[MaxPool(null, Layout = TensorLayout.ChannelsLast)] public static partial void P(ReadOnlySpan<float> x, Span<float> y, int h, int w, int c);", "kernel_size")]
    [InlineData("[MinPool(new[] { 2 }, null)] public static partial void P(ReadOnlySpan<float> x, Span<float> y, int w);", "stride")]
    [InlineData("[AvgPool(null, Parallel = true)] public static partial void P(ReadOnlySpan<float> x, Span<float> y, int d, int h, int w);", "kernel_size")]
    [InlineData("[MaxPool(3, DilationPerAxis = null)] public static partial void P(ReadOnlySpan<float> x, Span<float> y, int h, int w);", "DilationPerAxis")]
    [InlineData("[AvgPool(3, PaddingPerAxis = null)] public static partial void P(ReadOnlySpan<float> x, Span<float> y, int h, int w);", "PaddingPerAxis")]
    [InlineData("[LpPool(2, null)] public static partial void P(ReadOnlySpan<float> x, Span<float> y, int h, int w);", "kernel_size")]
    [InlineData("[LpPool(2, new[] { 2, 2 }, null, Layout = TensorLayout.ChannelsLast)] public static partial void P(ReadOnlySpan<float> x, Span<float> y, int h, int w, int c);", "stride")]
    [InlineData("[AdaptiveAvgPool(null)] public static partial void P(ReadOnlySpan<float> x, Span<float> y, int h, int w);", "output_size")]
    [InlineData("[AdaptiveMaxPool(null, Layout = TensorLayout.ChannelsLast)] public static partial void P(ReadOnlySpan<float> x, Span<float> y, int h, int w, int c);", "output_size")]
    [InlineData("[Upsample(UpsampleMode.Nearest, Size = null)] public static partial void P(ReadOnlySpan<float> x, Span<float> y, int h, int w);", "size")]
    [InlineData("[MaxPool(null)] public static partial void P(ReadOnlyTensorSpan<float> x, TensorSpan<float> y);", "kernel_size")]
    public async Task A_null_array_argument_is_POOL0009_on_that_argument(string declaration, string what)
    {
        var (compiler, pool, generated) = await Build(declaration);
        var error = Assert.Single(pool);
        Assert.Equal("POOL0009", error.Id);
        Assert.Equal($"{what} must either be a single int, or a tuple of", error.GetMessage()[..$"{what} must either be a single int, or a tuple of".Length]);
        Assert.EndsWith("but got null", error.GetMessage(), StringComparison.Ordinal);
        var span = error.Location.SourceSpan;
        string argument = error.Location.SourceTree!.ToString().Substring(span.Start, span.Length);
        Assert.True(argument == "null" || argument.EndsWith("= null", StringComparison.Ordinal), $"reported on '{argument}'");
        Assert.DoesNotContain(compiler, d => d.Severity == DiagnosticSeverity.Error && d.Id != "CS8795");
        Assert.DoesNotContain("invalid configuration", generated, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InputSize_null_is_the_same_as_no_InputSize()
    {
        var (compiler, pool, _) = await Build("[MaxPool(2, InputSize = null)] public static partial void P(ReadOnlySpan<float> x, Span<float> y, int h, int w);");
        Assert.Empty(pool);
        Assert.Empty(compiler);
    }

    // ---- 3. The rank of a tensor-span kernel: a per-axis argument's length, else the upsampling mode's, else 2.

    [Theory]
    [InlineData("[AvgPool(new[] { 3 }, new[] { 2 })]", "AvgPool 1-D")]
    [InlineData("[AvgPool(3, 2)]", "AvgPool 2-D")]
    [InlineData("[MaxPool(new[] { 3 }, new[] { 1, 2 })]", "MaxPool 2-D")]
    [InlineData("[MaxPool(2, PaddingPerAxis = new[] { 1, 0, 1 })]", "MaxPool 3-D")]
    [InlineData("[AdaptiveAvgPool(7)]", "AdaptiveAvgPool 2-D")]
    [InlineData("[AdaptiveAvgPool(new[] { 7 })]", "AdaptiveAvgPool 1-D")]
    [InlineData("[AdaptiveAvgPool(7, 7, 7)]", "AdaptiveAvgPool 3-D")]
    [InlineData("[Upsample(UpsampleMode.Linear, Size = new[] { 9 })]", "Upsample 'linear' 1-D")]
    [InlineData("[Upsample(UpsampleMode.Linear, 2.0)]", "Upsample 'linear' 1-D")]
    [InlineData("[Upsample(UpsampleMode.Trilinear, 2.0)]", "Upsample 'trilinear' 3-D")]
    [InlineData("[Upsample(UpsampleMode.Nearest, 2.0)]", "Upsample 'nearest' 2-D")]
    [InlineData("[Upsample(UpsampleMode.Nearest, new[] { 2.0 })]", "Upsample 'nearest' 1-D")]
    public async Task A_tensor_kernels_rank_is_its_per_axis_arguments_or_its_modes(string attribute, string remarks)
    {
        var (compiler, pool, generated) = await Build($"{attribute} public static partial void P(ReadOnlyTensorSpan<float> input, TensorSpan<float> output);");
        Assert.Empty(pool);
        Assert.Empty(compiler);
        Assert.Contains("/// <remarks>" + remarks, generated, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[MaxPool(new[] { 2, 2 }, new[] { 1, 1, 1 })]", "POOL0009")]             // two lengths past one: no rank fits both
    [InlineData("[Upsample(UpsampleMode.Linear, new[] { 2.0, 2.0 })]", "POOL0014")]       // two axes, but linear is 1-D
    [InlineData("[Upsample(UpsampleMode.Bilinear, Size = new[] { 4, 4, 4 })]", "POOL0014")]
    public async Task A_tensor_kernel_whose_arguments_disagree_on_the_rank_is_a_POOL_error(string attribute, string id)
    {
        var (_, pool, generated) = await Build($"{attribute} public static partial void P(ReadOnlyTensorSpan<float> input, TensorSpan<float> output);");
        Assert.Equal(id, Assert.Single(pool).Id);
        Assert.DoesNotContain("invalid configuration", generated, StringComparison.Ordinal);
    }
}
