using Pooling.Generators.Tests.Infrastructure;

namespace Pooling.Generators.Tests;

/// <summary>The [verified] LPPool values of docs/semantics.md §4 (PyTorch's signed composite), through generated
/// kernels: x = [1, −2, 3, −4, 5], kernel 2, stride 2.</summary>
public class LpGoldenTests
{
    private const string Source = """
        using System;
        using Pooling;
        namespace Golden;
        public static partial class L
        {
            [LpPool(1, 2, 2)] public static partial void P1(ReadOnlySpan<float> x, Span<float> y, int w);
            [LpPool(2, 2, 2)] public static partial void P2(ReadOnlySpan<float> x, Span<float> y, int w);
            [LpPool(3, 2, 2)] public static partial void P3(ReadOnlySpan<float> x, Span<float> y, int w);
            [LpPool(0.5, 2, 2)] public static partial void Half(ReadOnlySpan<float> x, Span<float> y, int w);
            [LpPool(double.PositiveInfinity, 2, 2)] public static partial void Infinite(ReadOnlySpan<float> x, Span<float> y, int w);
            [LpPool(2, 2, 2, CeilMode = true)] public static partial void Ceil(ReadOnlySpan<float> x, Span<float> y, int w);
        }
        """;

    private static readonly Lazy<Type> Kernels = new(() => GeneratorHarness.CompileAndLoad(Source).GetType("Golden.L")!);

    private static readonly float[] X = { 1f, -2f, 3f, -4f, 5f };

    private static float[] Run(string name, float[] input, int outputLength)
    {
        var output = new float[outputLength];
        Invoker.Call(Kernels.Value.GetMethod(name)!, input, output, null, new[] { input.Length });
        return output;
    }

    [Fact]
    public void P1_is_the_signed_sum() => Assert.Equal(new[] { -1f, -1f }, Run("P1", X, 2));

    [Fact]
    public void P2_is_the_L2_norm() => Assert.Equal(new[] { 2.2360680f, 5.0f }, Run("P2", X, 2));

    [Fact]
    public void Odd_and_fractional_p_give_NaN_for_negative_sums()
    {
        Assert.All(Run("P3", X, 2), v => Assert.True(float.IsNaN(v)));
        Assert.All(Run("Half", X, 2), v => Assert.True(float.IsNaN(v)));
    }

    [Fact]
    public void Infinite_p_is_one_not_max_pooling() => Assert.Equal(new[] { 1f, 1f }, Run("Infinite", X, 2));

    [Fact]
    public void Ceil_mode_rescales_a_partial_window() => Assert.Equal(new[] { 5.0f, 7.0710678f }, Run("Ceil", new[] { 3f, 4f, 5f }, 2));
}
