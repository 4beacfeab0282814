using Pooling.Generators.Tests.Infrastructure;

namespace Pooling.Generators.Tests;

/// <summary>The [verified] F.interpolate values of docs/semantics.md §8, through generated kernels.</summary>
public class UpsampleGoldenTests
{
    private const string Source = """
        using System;
        using Pooling;
        namespace Golden;
        public static partial class Up
        {
            [Upsample(UpsampleMode.Nearest, 2.1)] public static partial void NearestKept(ReadOnlySpan<float> x, Span<float> y, int w);
            [Upsample(UpsampleMode.Nearest, 2.1, RecomputeScaleFactor = true)] public static partial void NearestRecomputed(ReadOnlySpan<float> x, Span<float> y, int w);
            [Upsample(UpsampleMode.Nearest, Size = new[] { 3 })] public static partial void Nearest4to3(ReadOnlySpan<float> x, Span<float> y, int w);
            [Upsample(UpsampleMode.NearestExact, Size = new[] { 3 })] public static partial void Exact4to3(ReadOnlySpan<float> x, Span<float> y, int w);
            [Upsample(UpsampleMode.Nearest, Size = new[] { 6 })] public static partial void Nearest4to6(ReadOnlySpan<float> x, Span<float> y, int w);
            [Upsample(UpsampleMode.NearestExact, Size = new[] { 6 })] public static partial void Exact4to6(ReadOnlySpan<float> x, Span<float> y, int w);
            [Upsample(UpsampleMode.NearestExact, Size = new[] { 1 })] public static partial void Exact4to1(ReadOnlySpan<float> x, Span<float> y, int w);
            [Upsample(UpsampleMode.Linear, Size = new[] { 5 })] public static partial void Linear5(ReadOnlySpan<float> x, Span<float> y, int w);
            [Upsample(UpsampleMode.Linear, Size = new[] { 5 }, AlignCorners = true)] public static partial void Linear5Aligned(ReadOnlySpan<float> x, Span<float> y, int w);
            [Upsample(UpsampleMode.Linear, 2.5)] public static partial void Linear25(ReadOnlySpan<float> x, Span<float> y, int w);
            [Upsample(UpsampleMode.Linear, 2.5, RecomputeScaleFactor = true)] public static partial void Linear25Recomputed(ReadOnlySpan<float> x, Span<float> y, int w);
            [Upsample(UpsampleMode.Linear, Size = new[] { 1 })] public static partial void Linear5to1(ReadOnlySpan<float> x, Span<float> y, int w);
            [Upsample(UpsampleMode.Linear, Size = new[] { 1 }, AlignCorners = true)] public static partial void Linear5to1Aligned(ReadOnlySpan<float> x, Span<float> y, int w);
            [Upsample(UpsampleMode.Bicubic, 2)] public static partial void Bicubic(ReadOnlySpan<float> x, Span<float> y, int h, int w);
            [Upsample(UpsampleMode.Bicubic, 2, AlignCorners = true)] public static partial void BicubicAligned(ReadOnlySpan<float> x, Span<float> y, int h, int w);
            [Upsample(UpsampleMode.Bilinear, Size = new[] { 2, 2 }, Antialias = true)] public static partial void BilinearAA(ReadOnlySpan<double> x, Span<double> y, int h, int w);
            [Upsample(UpsampleMode.Bicubic, Size = new[] { 2, 2 }, Antialias = true)] public static partial void BicubicAA(ReadOnlySpan<double> x, Span<double> y, int h, int w);
            [Upsample(UpsampleMode.Bilinear, Size = new[] { 2, 2 })] public static partial void BilinearPlain(ReadOnlySpan<double> x, Span<double> y, int h, int w);
        }
        """;

    private static readonly Lazy<Type> Kernels = new(() => GeneratorHarness.CompileAndLoad(Source).GetType("Golden.Up")!);

    private static float[] Run(string name, float[] input, int outputLength, params int[] extents)
    {
        var output = new float[outputLength];
        Invoker.Call(Kernels.Value.GetMethod(name)!, input, output, null, extents);
        return output;
    }

    private static readonly float[] Arange3 = { 0f, 1f, 2f };
    private static readonly float[] Arange4 = { 0f, 1f, 2f, 3f };

    [Fact]
    public void Nearest_keeps_the_users_scale_unless_recomputed()
    {
        Assert.Equal(new[] { 0f, 0f, 0f, 1f, 1f, 2f }, Run("NearestKept", Arange3, 6, 3));
        Assert.Equal(new[] { 0f, 0f, 1f, 1f, 2f, 2f }, Run("NearestRecomputed", Arange3, 6, 3));
    }

    [Fact]
    public void Nearest_and_nearest_exact_indices()
    {
        Assert.Equal(new[] { 0f, 1f, 2f }, Run("Nearest4to3", Arange4, 3, 4));
        Assert.Equal(new[] { 0f, 2f, 3f }, Run("Exact4to3", Arange4, 3, 4));
        Assert.Equal(new[] { 0f, 0f, 1f, 2f, 2f, 3f }, Run("Nearest4to6", Arange4, 6, 4));
        Assert.Equal(new[] { 0f, 1f, 1f, 2f, 3f, 3f }, Run("Exact4to6", Arange4, 6, 4));
        Assert.Equal(new[] { 2f }, Run("Exact4to1", Arange4, 1, 4));
    }

    [Fact]
    public void Linear_with_and_without_align_corners()
    {
        // docs/semantics.md prints 0.4; PyTorch 1.13 measured gives 0.40000003576278687 (= 0.40000004f), which is what we match.
        Assert.Equal(new[] { 0f, 0.40000004f, 1f, 1.6000001f, 2f }, Run("Linear5", Arange3, 5, 3));
        Assert.Equal(new[] { 0f, 0.5f, 1f, 1.5f, 2f }, Run("Linear5Aligned", Arange3, 5, 3));
        Assert.Equal(new[] { 0f, 0.1f, 0.5f, 0.9f, 1.3f, 1.7f, 2f }, Run("Linear25", Arange3, 7, 3), new ToleranceComparer(1e-6f));
        Assert.Equal(new[] { 0f, 0.1428571f, 0.5714286f, 1f, 1.4285715f, 1.8571429f, 2f }, Run("Linear25Recomputed", Arange3, 7, 3), new ToleranceComparer(1e-6f));
        float[] five = { 10f, 11f, 12f, 13f, 14f };
        Assert.Equal(new[] { 12f }, Run("Linear5to1", five, 1, 5));          // centre
        Assert.Equal(new[] { 10f }, Run("Linear5to1Aligned", five, 1, 5));   // x[0]
    }

    [Fact]
    public void Bicubic_row_zero_of_arange_squared()
    {
        float[] x = Enumerable.Range(0, 16).Select(v => (float)(v * v)).ToArray();
        float[] plain = Run("Bicubic", x, 64, 4, 4)[..8];
        float[] aligned = Run("BicubicAligned", x, 64, 4, 4)[..8];
        Assert.Equal(new[] { -1.7039795f, -1.7279053f, -1.7940674f, -1.1723633f, -0.2963867f, 1.7940674f, 3.9154053f, 5.2196045f }, plain, new ToleranceComparer(1e-5f));
        Assert.Equal(new[] { 0f, 0.1836724f, 0.6428561f, 1.6822145f, 2.7055414f, 4.8411093f, 7.1370263f, 9f }, aligned, new ToleranceComparer(1e-5f));
    }

    [Fact]
    public void Antialias_downsampling_of_arange_squared()
    {
        double[] x = Enumerable.Range(0, 16).Select(v => (double)(v * v)).ToArray();
        double[] Run2(string name)
        {
            var output = new double[4];
            Invoker.Call(Kernels.Value.GetMethod(name)!, x, output, null, new[] { 4, 4 });
            return output;
        }
        Assert.Equal(new[] { 21.0816326, 34.7755127, 105.4897919, 138.9387665 }, Run2("BilinearAA"), new DoubleTolerance(1e-6));
        Assert.Equal(new[] { 13.0106554, 27.0637264, 109.2538147, 149.9941254 }, Run2("BicubicAA"), new DoubleTolerance(1e-6));
        Assert.Equal(new[] { 10.5, 24.5, 114.5, 160.5 }, Run2("BilinearPlain"));
    }

    private sealed class DoubleTolerance(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= tolerance * Math.Max(1, Math.Max(Math.Abs(a), Math.Abs(b)));

        public int GetHashCode(double value) => 0;
    }

    private sealed class ToleranceComparer(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float a, float b) => Math.Abs(a - b) <= tolerance * Math.Max(1f, Math.Max(Math.Abs(a), Math.Abs(b)));

        public int GetHashCode(float value) => 0;
    }
}
