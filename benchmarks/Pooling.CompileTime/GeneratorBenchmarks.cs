using System;
using System.IO;
using System.Linq;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Pooling.Generators;

namespace Pooling.CompileTime;

/// <summary>
/// What the generator costs the build and the IDE: a cold run over 500 annotated methods (window pools of 1–3 axes),
/// the same after an unrelated edit (everything should come from the cache), a cold run over 500 methods that mix all
/// twelve attributes, channels-last, tensor spans and <c>Parallel</c>, and pathological windows (63×63 = 3,969 taps,
/// emitted as compact loops; 8×8 = 64 taps, the largest window that is unrolled) generated and compiled to IL.
/// </summary>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);
    private CSharpCompilation _many = null!, _manyEdited = null!, _mixed = null!, _huge = null!, _largestUnrolled = null!;
    private GeneratorDriver _warmDriver = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        var source = new StringBuilder("using System;\nusing Pooling;\nnamespace Many;\npublic static partial class Kernels\n{\n");
        for (int i = 0; i < 500; i++)
        {
            string op = new[] { "MaxPool", "MinPool", "AvgPool" }[i % 3];
            int k = random.Next(1, 5), s = random.Next(1, 4), p = random.Next(0, k / 2 + 1);
            string element = op == "AvgPool" ? "float" : new[] { "float", "double", "byte" }[i % 3];
            string extents = new[] { "int w", "int h, int w", "int d, int h, int w" }[i % 3];
            source.Append($"    [{op}({k}, {s}, Padding = {p}, CeilMode = {(i % 2 == 0 ? "true" : "false")})] public static partial void K{i}(ReadOnlySpan<{element}> x, Span<{element}> y, {extents});\n");
        }
        source.Append("}\n");
        _many = Compilation(source.ToString(), "namespace Many; public static class Other { public static int Value => 1; }");
        var other = _many.SyntaxTrees.Last();
        _manyEdited = _many.ReplaceSyntaxTree(other, other.WithChangedText(other.GetText().Replace(0, 0, "// edit\n")));
        _warmDriver = Driver().RunGenerators(_many);
        _mixed = Compilation(MixedSource());
        // Every declaration must be valid: a kernel with a body, not a diagnostic (which would cost less to "generate").
        var mixedRun = Driver().RunGenerators(_mixed).GetRunResult();
        var invalid = mixedRun.GeneratedTrees.Where(t => t.ToString().Contains("Not generated", StringComparison.Ordinal)).ToList();
        if (mixedRun.Diagnostics.Length > 0 || invalid.Count > 0 || mixedRun.GeneratedTrees.Length != 500)
            throw new InvalidOperationException($"The mixed set has {mixedRun.GeneratedTrees.Length} files, {invalid.Count} invalid: {invalid.FirstOrDefault()?.FilePath}");
        _huge = Compilation("using System;\nusing Pooling;\npublic static partial class K { [MaxPool(63)] public static partial void P(ReadOnlySpan<float> x, Span<float> y, int h, int w); }");
        _largestUnrolled = Compilation("using System;\nusing Pooling;\npublic static partial class K { [MaxPool(8)] public static partial void P(ReadOnlySpan<float> x, Span<float> y, int h, int w); }");
    }

    [Benchmark(Description = "500 methods, cold")]
    public GeneratorDriver Cold500() => Driver().RunGenerators(_many);

    [Benchmark(Description = "500 methods, unrelated edit")]
    public GeneratorDriver Rerun500AfterUnrelatedEdit() => _warmDriver.RunGenerators(_manyEdited);

    [Benchmark(Description = "500 methods of every family, cold")]
    public GeneratorDriver ColdMixed500() => Driver().RunGenerators(_mixed);

    // 500 declarations cycling through the twelve attributes, each in one of several shapes: element types, ranks,
    // channels-last, tensor spans, indices and Parallel.
    private static string MixedSource()
    {
        string[] templates =
        {
            "[MaxPool(3, 2, Padding = 1{P})] public static partial void K{i}(ReadOnlySpan<float> x, Span<float> y, int h, int w);",
            "[MaxPool(2, 2, Layout = TensorLayout.ChannelsLast{P})] public static partial void K{i}(ReadOnlySpan<float> x, Span<float> y, int h, int w, int c);",
            "[MaxPool(3, 2, Padding = 1)] public static partial void K{i}(ReadOnlyTensorSpan<float> x, TensorSpan<float> y, TensorSpan<long> idx);",
            "[MinPool(3)] public static partial void K{i}(ReadOnlySpan<byte> x, Span<byte> y, int w);",
            "[AvgPool(3, 2, Padding = 1, CountIncludePad = false, CeilMode = true{P})] public static partial void K{i}(ReadOnlySpan<double> x, Span<double> y, int d, int h, int w);",
            "[AvgPool(2, Layout = TensorLayout.ChannelsLast)] public static partial void K{i}(ReadOnlySpan<float> x, Span<float> y, int h, int w, int c);",
            "[LpPool(2, 3, 2{P})] public static partial void K{i}(ReadOnlySpan<float> x, Span<float> y, int h, int w);",
            "[AdaptiveMaxPool(7, 7{P})] public static partial void K{i}(ReadOnlySpan<float> x, Span<float> y, Span<long> idx, int h, int w);",
            "[AdaptiveAvgPool(7, 7, Layout = TensorLayout.ChannelsLast{P})] public static partial void K{i}(ReadOnlySpan<float> x, Span<float> y, int h, int w, int c);",
            "[GlobalMaxPool] public static partial void K{i}(ReadOnlySpan<float> x, Span<float> y, Span<long> idx, int d, int h, int w);",
            "[GlobalAvgPool] public static partial void K{i}(ReadOnlyTensorSpan<double> x, TensorSpan<double> y);",
            "[MaxUnpool(2, 2{P})] public static partial void K{i}(ReadOnlySpan<float> x, ReadOnlySpan<long> idx, Span<float> y, int h, int w);",
            "[PixelShuffle(2{P})] public static partial void K{i}(ReadOnlySpan<float> x, Span<float> y, int c, int h, int w);",
            "[PixelUnshuffle(2, Layout = TensorLayout.ChannelsLast)] public static partial void K{i}(ReadOnlySpan<byte> x, Span<byte> y, int c, int h, int w);",
            "[Upsample(UpsampleMode.Nearest, 2{P})] public static partial void K{i}(ReadOnlySpan<byte> x, Span<byte> y, int h, int w);",
            "[Upsample(UpsampleMode.Bilinear, 2, AlignCorners = true)] public static partial void K{i}(ReadOnlyTensorSpan<float> x, TensorSpan<float> y);",
            "[Upsample(UpsampleMode.Bicubic, 2, Layout = TensorLayout.ChannelsLast{P})] public static partial void K{i}(ReadOnlySpan<float> x, Span<float> y, int h, int w, int c);",
            "[Upsample(UpsampleMode.Bilinear, 0.5, Antialias = true)] public static partial void K{i}(ReadOnlySpan<float> x, Span<float> y, int h, int w);",
            "[Upsample(UpsampleMode.Area, Size = new[] { 7, 7 }{P})] public static partial void K{i}(ReadOnlySpan<float> x, Span<float> y, int h, int w);",
            "[Upsample(UpsampleMode.Trilinear, 2)] public static partial void K{i}(ReadOnlySpan<Half> x, Span<Half> y, int d, int h, int w);",
        };
        var source = new StringBuilder("using System;\nusing System.Numerics.Tensors;\nusing Pooling;\nnamespace Mixed;\npublic static partial class Kernels\n{\n");
        for (int i = 0; i < 500; i++)
        {
            string parallel = i / templates.Length % 2 == 1 ? ", Parallel = true" : "";
            source.Append("    ").Append(templates[i % templates.Length].Replace("{P}", parallel).Replace("{i}", i.ToString())).Append('\n');
        }
        return source.Append("}\n").ToString();
    }

    [Benchmark(Description = "63x63 window, generate + emit IL")]
    public long Window63() => GenerateAndEmit(_huge);

    [Benchmark(Description = "8x8 window (64 taps unrolled), generate + emit IL")]
    public long Window8() => GenerateAndEmit(_largestUnrolled);

    private static long GenerateAndEmit(Compilation compilation)
    {
        Driver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        using var stream = new MemoryStream();
        var result = output.Emit(stream);
        if (!result.Success) throw new InvalidOperationException(string.Join("\n", result.Diagnostics));
        return stream.Length;
    }

    private static GeneratorDriver Driver() =>
        CSharpGeneratorDriver.Create(new[] { new PoolingGenerator().AsSourceGenerator() }, parseOptions: ParseOptions);

    private static CSharpCompilation Compilation(params string[] sources) =>
        CSharpCompilation.Create("Bench", sources.Select(s => CSharpSyntaxTree.ParseText(s, ParseOptions)),
            Basic.Reference.Assemblies.Net100.References.All.Cast<MetadataReference>()
                .Append(MetadataReference.CreateFromFile(typeof(MaxPoolAttribute).Assembly.Location))
                .Append(MetadataReference.CreateFromFile(typeof(System.Numerics.Tensors.TensorSpan<>).Assembly.Location)),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release));
}
