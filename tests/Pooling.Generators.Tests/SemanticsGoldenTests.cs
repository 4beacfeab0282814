using System.Reflection;
using Pooling.Generators.Tests.Infrastructure;

namespace Pooling.Generators.Tests;

/// <summary>
/// Every [verified] golden value of docs/semantics.md §1–§3 (PyTorch 1.13.1), run through generated kernels.
/// The expected numbers are copied from docs/semantics.md, not from this implementation.
/// </summary>
public class SemanticsGoldenTests
{
    private const string Source = """
        using System;
        using Pooling;
        namespace Golden;
        public static partial class K
        {
            // §1.2 example: I=5, k=3, s=3, p=1, ceil → naive 3, dropped to 2.
            [MaxPool(3, 3, Padding = 1, CeilMode = true)] public static partial void CeilDrop(ReadOnlySpan<float> x, Span<float> y, int w);
            // §10.1 test_pooling_shape: (5,6,7) k1 s2 ceil → (3,3,4); (3,4,5) k2 s2 p1 → (2,3,3) floor and ceil.
            [MaxPool(1, 2, CeilMode = true)] public static partial void Shape1(ReadOnlySpan<float> x, Span<float> y, int d, int h, int w);
            [MaxPool(2, 2, Padding = 1)] public static partial void Shape2Floor(ReadOnlySpan<float> x, Span<float> y, int d, int h, int w);
            [MaxPool(2, 2, Padding = 1, CeilMode = true)] public static partial void Shape2Ceil(ReadOnlySpan<float> x, Span<float> y, int d, int h, int w);
            // §2.1 ties, NaN, signed zero and indices on a 2×2 window.
            [MaxPool(2)] public static partial void Max2x2(ReadOnlySpan<float> x, Span<float> y, Span<long> i, int h, int w);
            [MaxPool(2)] public static partial void Max1d2(ReadOnlySpan<float> x, Span<float> y, Span<long> i, int w);
            // §2.1 test_max_pool1d_corner_cases.
            [MaxPool(2, Padding = 1, Dilation = 2)] public static partial void NoRealTap(ReadOnlySpan<float> x, Span<float> y, Span<long> i, int w);
            [MaxPool(2, 1, Padding = 1, Dilation = 2)] public static partial void Corner1(ReadOnlySpan<float> x, Span<float> y, int w);
            [MaxPool(2, 2, Padding = 1, Dilation = 2, CeilMode = true)] public static partial void Corner2(ReadOnlySpan<float> x, Span<float> y, int w);
            // test_max_pool2d_corner_cases with int32 and int64: k2 s2 p1 d2 ceil on [[-1,-2],[-3,-4]] → all -4.
            [MaxPool(2, 2, Padding = 1, Dilation = 2, CeilMode = true)] public static partial void IntCorner(ReadOnlySpan<int> x, Span<int> y, int h, int w);
            [MaxPool(2, 2, Padding = 1, Dilation = 2, CeilMode = true)] public static partial void LongCorner(ReadOnlySpan<long> x, Span<long> y, int h, int w);
            // §3 average pooling.
            [AvgPool(3, 2, Padding = 1, CeilMode = true)] public static partial void Avg1dInclude(ReadOnlySpan<float> x, Span<float> y, int w);
            [AvgPool(3, 2, Padding = 1, CeilMode = true, CountIncludePad = false)] public static partial void Avg1dExclude(ReadOnlySpan<float> x, Span<float> y, int w);
            [AvgPool(2, 2, CeilMode = true)] public static partial void Avg2dCeil(ReadOnlySpan<float> x, Span<float> y, int h, int w);
            [AvgPool(2, 2, CeilMode = true, DivisorOverride = 3)] public static partial void Avg2dDivisor(ReadOnlySpan<float> x, Span<float> y, int h, int w);
            // ONNX test_averagepool_2d_ceil_last_window_starts_on_pad: 2×2, k3 s3 pads 1, ceil, include → sum / 9.
            [AvgPool(3, 3, Padding = 1, CeilMode = true)] public static partial void AvgLastOnPad(ReadOnlySpan<float> x, Span<float> y, int h, int w);
            // §2.3 min pooling.
            [MinPool(2)] public static partial void Min1d2(ReadOnlySpan<float> x, Span<float> y, Span<long> i, int w);
        }
        """;

    private static readonly Lazy<Assembly> Compiled = new(() => GeneratorHarness.CompileAndLoad(Source));

    private static T[] Run<T>(string name, T[] input, int outputLength, params int[] extents) =>
        Run(name, input, outputLength, withIndices: false, extents).Output;

    private static (T[] Output, long[] Indices) Run<T>(string name, T[] input, int outputLength, bool withIndices, params int[] extents)
    {
        var output = new T[outputLength];
        var indices = new long[outputLength];
        var method = Compiled.Value.GetType("Golden.K")!.GetMethod(name)!;
        // Spans cannot be passed through reflection: call through a dynamic wrapper delegate instead.
        Invoker.Call(method, input, output, withIndices ? indices : null, extents);
        return (output, indices);
    }

    [Fact]
    public void Ceil_mode_drops_a_last_window_that_starts_in_the_right_padding()
    {
        // Two outputs, not three: windows [-1,2) and [2,5); a third would start at 5 = I + p − 1 + 1.
        Assert.Equal(new[] { 2f, 5f }, Run("CeilDrop", new[] { 1f, 2f, 3f, 4f, 5f }, 2, 5));
        Assert.Throws<ArgumentException>(() => Run("CeilDrop", new[] { 1f, 2f, 3f, 4f, 5f }, 3, 5));
    }

    [Fact]
    public void Output_shapes_equal_test_pooling_shape()
    {
        Assert.Single(Run("Shape1", new float[5 * 6 * 7], 3 * 3 * 4, 5, 6, 7).Distinct());
        Assert.Throws<ArgumentException>(() => Run("Shape1", new float[5 * 6 * 7], 3 * 3 * 3, 5, 6, 7));
        Assert.Single(Run("Shape2Floor", new float[3 * 4 * 5], 2 * 3 * 3, 3, 4, 5).Distinct());
        Assert.Single(Run("Shape2Ceil", new float[3 * 4 * 5], 2 * 3 * 3, 3, 4, 5).Distinct());
    }

    [Fact]
    public void Max_ties_keep_the_first_tap_and_signed_zero_is_not_normalised()
    {
        var (y, i) = Run("Max2x2", new[] { 5f, 5f, 5f, 5f }, 1, true, 2, 2);
        Assert.Equal(5f, y[0]);
        Assert.Equal(0, i[0]);

        (y, i) = Run("Max1d2", new[] { -0.0f, 0.0f }, 1, true, 2);
        Assert.True(float.IsNegative(y[0]) && y[0] == 0, "[-0.0, 0.0] must give -0.0");
        Assert.Equal(0, i[0]);
    }

    [Fact]
    public void Max_propagates_NaN_and_indexes_the_last_NaN()
    {
        var (y, i) = Run("Max2x2", new[] { float.NaN, 1f, float.NaN, 2f }, 1, true, 2, 2);
        Assert.True(float.IsNaN(y[0]));
        Assert.Equal(2, i[0]);

        (y, _) = Run("Max2x2", new[] { 1f, float.NaN, 3f, 2f }, 1, true, 2, 2);
        Assert.True(float.IsNaN(y[0]));
    }

    [Fact]
    public void Max_of_minus_infinity_is_minus_infinity_at_the_first_real_tap()
    {
        var (y, i) = Run("Max1d2", new[] { float.NegativeInfinity, float.NegativeInfinity }, 1, true, 2);
        Assert.Equal(float.NegativeInfinity, y[0]);
        Assert.Equal(0, i[0]);
    }

    [Fact]
    public void Max_indices_on_arange_equal_test_MaxPool_indices()
    {
        var (_, i1) = Run("Max1d2", new[] { 0f, 1f, 2f, 3f }, 2, true, 4);
        Assert.Equal(new long[] { 1, 3 }, i1);
        var (_, i2) = Run("Max2x2", Enumerable.Range(0, 16).Select(v => (float)v).ToArray(), 4, true, 4, 4);
        Assert.Equal(new long[] { 5, 7, 13, 15 }, i2);
    }

    [Fact]
    public void Max_pool1d_corner_cases()
    {
        // [[1]], k2 p1 d2 → −inf (no real tap in the window).
        var (y, _) = Run("NoRealTap", new[] { 1f }, 1, true, 1);
        Assert.Equal(new[] { float.NegativeInfinity }, y);
        Assert.Equal(new[] { 2f, 1f }, Run("Corner1", new[] { 1f, 2f }, 2, 2));
        Assert.Equal(new[] { 2f, 2f }, Run("Corner2", new[] { 1f, 2f }, 2, 2));
    }

    [Fact]
    public void Max_pool2d_integer_corner_case()
    {
        Assert.Equal(new[] { -4, -4, -4, -4 }, Run("IntCorner", new[] { -1, -2, -3, -4 }, 4, 2, 2));
        Assert.Equal(new[] { -4L, -4L, -4L, -4L }, Run("LongCorner", new[] { -1L, -2L, -3L, -4L }, 4, 2, 2));
    }

    [Fact]
    public void Average_counts_padding_but_never_ceil_overhang()
    {
        Assert.Equal(new[] { 1f, 3f, 2f }, Run("Avg1dInclude", new[] { 1f, 2f, 3f, 4f }, 3, 4));
        Assert.Equal(new[] { 1.5f, 3f, 4f }, Run("Avg1dExclude", new[] { 1f, 2f, 3f, 4f }, 3, 4));
        float[] nine = Enumerable.Range(1, 9).Select(v => (float)v).ToArray();
        Assert.Equal(new[] { 3f, 4.5f, 7.5f, 9f }, Run("Avg2dCeil", nine, 4, 3, 3));
        Assert.Equal(new[] { 4f, 3f, 5f, 3f }, Run("Avg2dDivisor", nine, 4, 3, 3));
        Assert.Equal(new[] { (1f + 2f + 3f + 4f) / 9f }, Run("AvgLastOnPad", new[] { 1f, 2f, 3f, 4f }, 1, 2, 2));
    }

    [Fact]
    public void Min_is_minus_max_of_minus_x()
    {
        var (y, i) = Run("Min1d2", new[] { 3f, 1f, float.NaN, 0f, 0.0f, -0.0f }, 3, true, 6);
        Assert.Equal(1f, y[0]);
        Assert.Equal(1, i[0]);
        Assert.True(float.IsNaN(y[1]));
        Assert.Equal(2, i[1]);
        Assert.False(float.IsNegative(y[2]), "[0.0, -0.0] min keeps the first: +0.0");
        Assert.Equal(4, i[2]);
    }
}
