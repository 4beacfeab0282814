using System.Collections;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Pooling.Generators.Tests.Infrastructure;

namespace Pooling.Generators.Tests;

/// <summary>An unrelated edit must leave every tracked step cached, and no model may hold a symbol, syntax node or
/// compilation (they would root old compilations and break caching).</summary>
public class IncrementalityTests
{
    private const string Kernels = """
        using System;
        using Pooling;
        namespace Demo;
        public static partial class Net
        {
            [MaxPool(3, 2, Padding = 1)] public static partial void Max(ReadOnlySpan<float> input, Span<float> output, Span<long> indices, int height, int width);
            [MinPool(2)] public static partial void Min(ReadOnlySpan<byte> input, Span<byte> output, int width);
            [AvgPool(2, InputSize = new[] { 8, 8, 8 })] public static partial void Avg(ReadOnlySpan<double> input, Span<double> output);
            [LpPool(2, 2, Layout = TensorLayout.ChannelsLast)] public static partial void Lp(ReadOnlySpan<float> input, Span<float> output, int height, int width, int channels);
            [AdaptiveMaxPool(3)] public static partial void AdaptiveMax(ReadOnlySpan<float> input, Span<float> output, Span<long> indices, int width);
            [AdaptiveAvgPool(2, OutputAxis.Keep)] public static partial void AdaptiveAvg(ReadOnlySpan<Half> input, Span<Half> output, int height, int width);
            [GlobalMaxPool] public static partial void GlobalMax(ReadOnlySpan<float> input, Span<float> output, int depth, int height, int width);
            [GlobalAvgPool] public static partial void GlobalAvg(ReadOnlySpan<float> input, Span<float> output, int height, int width);
            [GlobalLpPool(3)] public static partial void GlobalLp(ReadOnlySpan<double> input, Span<double> output, int height, int width);
            [MaxUnpool(2)] public static partial void Unpool(ReadOnlySpan<float> input, ReadOnlySpan<long> indices, Span<float> output, int height, int width);
            [PixelShuffle(2)] public static partial void Shuffle(ReadOnlySpan<float> input, Span<float> output, int channels, int height, int width);
            [PixelUnshuffle(2)] public static partial void Unshuffle(ReadOnlySpan<float> input, Span<float> output, int channels, int height, int width);
            [Upsample(UpsampleMode.Bilinear, 2)] public static partial void Up(ReadOnlySpan<float> input, Span<float> output, int height, int width);
            [DepthToSpace(2)] public static partial void ToSpace(ReadOnlySpan<float> input, Span<float> output, int channels, int height, int width);
            [SpaceToDepth(2)] public static partial void ToDepth(ReadOnlySpan<float> input, Span<float> output, int channels, int height, int width);
            [RoiAlign(7, 7, SpatialScale = 0.0625)] public static partial void Align(ReadOnlySpan<float> input, ReadOnlySpan<float> boxes, Span<float> output, int channels, int height, int width);
            [RoiPool(7, 7, SpatialScale = 0.0625)] public static partial void PoolBoxes(ReadOnlySpan<float> input, ReadOnlySpan<float> boxes, Span<float> output, int channels, int height, int width);
            [GridSample(GridSampleMode.Bicubic)] public static partial void Warp(ReadOnlySpan<float> input, ReadOnlySpan<float> grid, Span<float> output, int channels, int height, int width);
        }
        """;

    // Every attribute's step (all eighteen) and the shared one.
    private static readonly string[] TrackedSteps =
    {
        PoolingGenerator.TrackingNames.MaxPool, PoolingGenerator.TrackingNames.MinPool, PoolingGenerator.TrackingNames.AvgPool,
        PoolingGenerator.TrackingNames.LpPool, PoolingGenerator.TrackingNames.AdaptiveMaxPool, PoolingGenerator.TrackingNames.AdaptiveAvgPool,
        PoolingGenerator.TrackingNames.GlobalMaxPool, PoolingGenerator.TrackingNames.GlobalAvgPool, PoolingGenerator.TrackingNames.GlobalLpPool, PoolingGenerator.TrackingNames.MaxUnpool,
        PoolingGenerator.TrackingNames.PixelShuffle, PoolingGenerator.TrackingNames.PixelUnshuffle, PoolingGenerator.TrackingNames.Upsample,
        PoolingGenerator.TrackingNames.DepthToSpace, PoolingGenerator.TrackingNames.SpaceToDepth, PoolingGenerator.TrackingNames.RoiAlign,
        PoolingGenerator.TrackingNames.RoiPool, PoolingGenerator.TrackingNames.GridSample, PoolingGenerator.TrackingNames.Requests,
    };

    [Fact]
    public void Unrelated_edit_leaves_every_step_cached()
    {
        var compilation = GeneratorHarness.Compilation(Kernels, "namespace Demo; public static class Other { public static int Value => 1; }");
        var driver = GeneratorHarness.Driver().RunGenerators(compilation);
        var first = driver.GetRunResult().Results.Single();
        Assert.Equal(18, first.GeneratedSources.Length);

        var other = compilation.SyntaxTrees.Last();
        var edited = compilation.ReplaceSyntaxTree(other, other.WithChangedText(other.GetText().Replace(0, 0, "// an unrelated edit\n")));
        var second = driver.RunGenerators(edited).GetRunResult().Results.Single();

        foreach (string step in TrackedSteps)
        {
            Assert.True(second.TrackedSteps.ContainsKey(step), $"step {step} was not tracked");
            foreach (var output in second.TrackedSteps[step].SelectMany(s => s.Outputs))
            {
                Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                    $"step {step} output was {output.Reason}");
            }
        }
        Assert.All(second.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
            o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    [Fact]
    public void Editing_a_kernel_regenerates_only_that_kernel()
    {
        var compilation = GeneratorHarness.Compilation(Kernels);
        var driver = GeneratorHarness.Driver().RunGenerators(compilation);
        var tree = compilation.SyntaxTrees.Single();
        string text = tree.GetText().ToString().Replace("[MinPool(2)]", "[MinPool(3)]");
        var second = driver.RunGenerators(compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(text))))
            .GetRunResult().Results.Single();
        var reasons = second.TrackedSteps[PoolingGenerator.TrackingNames.Requests].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        Assert.Contains(IncrementalStepRunReason.Modified, reasons);
        Assert.Equal(17, reasons.Count(r => r is IncrementalStepRunReason.Unchanged or IncrementalStepRunReason.Cached));
    }

    [Fact]
    public void Models_hold_no_symbols_syntax_or_compilations()
    {
        var result = GeneratorHarness.Driver().RunGenerators(GeneratorHarness.Compilation(Kernels)).GetRunResult().Results.Single();
        int models = 0;
        foreach (string step in TrackedSteps)
        {
            foreach (var (value, _) in result.TrackedSteps[step].SelectMany(s => s.Outputs))
            {
                AssertNoRoslynObjects(value, new HashSet<object>(ReferenceEqualityComparer.Instance), step);
                models++;
            }
        }
        Assert.True(models >= 24);
    }

    private static void AssertNoRoslynObjects(object? value, HashSet<object> seen, string path)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || !seen.Add(value)) return;
        Assert.False(value is ISymbol or SyntaxNode or Compilation or SemanticModel or Location or SyntaxTree,
            $"{path} holds a {value.GetType().Name}");
        if (value is IEnumerable sequence)
        {
            int i = 0;
            foreach (object? item in sequence) AssertNoRoslynObjects(item, seen, $"{path}[{i++}]");
        }
        foreach (var field in value.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            AssertNoRoslynObjects(field.GetValue(value), seen, $"{path}.{field.Name}");
        }
    }
}
