using System.Reflection;
using Pooling.Generators.Tests.Infrastructure;

namespace Pooling.Generators.Tests;

/// <summary>The [verified] adaptive-pooling values of docs/semantics.md §5–§6, through generated kernels.</summary>
public class AdaptiveGoldenTests
{
    private const string Source = """
        using System;
        using Pooling;
        namespace Golden;
        public static partial class A
        {
            [AdaptiveAvgPool(5)] public static partial void Avg5(ReadOnlySpan<float> x, Span<float> y, int w);
            [AdaptiveAvgPool(3)] public static partial void Avg3(ReadOnlySpan<float> x, Span<float> y, int w);
            [AdaptiveMaxPool(4)] public static partial void Max4(ReadOnlySpan<float> x, Span<float> y, Span<long> i, int w);
            [AdaptiveMaxPool(1)] public static partial void Max1(ReadOnlySpan<float> x, Span<float> y, Span<long> i, int w);
            [AdaptiveAvgPool(OutputAxis.Keep, 3)] public static partial void KeepRows(ReadOnlySpan<float> x, Span<float> y, int h, int w);
            [GlobalAvgPool] public static partial void Gap(ReadOnlySpan<double> x, Span<double> y, int h, int w);
            [GlobalMaxPool] public static partial void Gmp(ReadOnlySpan<float> x, Span<float> y, Span<long> i, int d, int h, int w);
        }
        """;

    private static readonly Lazy<Type> Kernels = new(() => GeneratorHarness.CompileAndLoad(Source).GetType("Golden.A")!);

    private static (T[] Output, long[] Indices) Run<T>(string name, T[] input, int outputLength, bool withIndices, params int[] extents)
    {
        var output = new T[outputLength];
        var indices = new long[outputLength];
        Invoker.Call(Kernels.Value.GetMethod(name)!, input, output, withIndices ? indices : null, extents);
        return (output, indices);
    }

    [Fact]
    public void Output_larger_than_input_repeats_and_interpolates_bins()
    {
        Assert.Equal(new[] { 1f, 1.5f, 2f, 2.5f, 3f }, Run("Avg5", new[] { 1f, 2f, 3f }, 5, false, 3).Output);
    }

    [Fact]
    public void Overlapping_bins_of_arange_10()
    {
        float[] arange = Enumerable.Range(0, 10).Select(v => (float)v).ToArray();
        Assert.Equal(new[] { 1.5f, 4.5f, 7.5f }, Run("Avg3", arange, 3, false, 10).Output);
        var (values, indices) = Run("Max4", arange, 4, true, 10);
        Assert.Equal(new[] { 2f, 4f, 7f, 9f }, values);
        Assert.Equal(new long[] { 2, 4, 7, 9 }, indices);
    }

    [Fact]
    public void Max_propagates_NaN_with_the_last_NaN_index()
    {
        var (values, indices) = Run("Max1", new[] { 1f, float.NaN, 3f, float.NaN, 2f }, 1, true, 5);
        Assert.True(float.IsNaN(values[0]));
        Assert.Equal(3, indices[0]);
    }

    [Fact]
    public void Keep_keeps_the_input_extent()
    {
        // (None, 3) on 5×7 → 5×3.
        var (values, _) = Run("KeepRows", new float[5 * 7], 5 * 3, false, 5, 7);
        Assert.Equal(15, values.Length);
        Assert.Throws<ArgumentException>(() => Run("KeepRows", new float[5 * 7], 3 * 3, false, 5, 7));
    }

    [Fact]
    public void Global_pools_are_the_mean_and_the_first_maximum()
    {
        Assert.Equal(new[] { 2.5, 10.0 }, Run("Gap", new[] { 1.0, 2.0, 3.0, 4.0, 10.0, 10.0, 10.0, 10.0 }, 2, false, 2, 2).Output);
        var (values, indices) = Run("Gmp", new[] { 1f, 5f, 5f, 2f, 0f, 5f, 3f, 4f }, 1, true, 2, 2, 2);
        Assert.Equal(new[] { 5f }, values);
        Assert.Equal(new long[] { 1 }, indices);
    }
}
