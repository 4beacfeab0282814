using System.Reflection;
using Pooling.Generators.Tests.Infrastructure;

namespace Pooling.Generators.Tests;

/// <summary>Wrong buffer sizes and extents at run time are exceptions that name the parameter and give the expected and
/// actual values — never an out-of-bounds access or a partial result.</summary>
public class RuntimeValidationTests
{
    private const string Source = """
        using System;
        using Pooling;
        namespace Checks;
        public static partial class K
        {
            [MaxPool(2, 2)] public static partial void Pool(ReadOnlySpan<float> input, Span<float> output, int height, int width);
            [MaxPool(2, 2)] public static partial void Indexed(ReadOnlySpan<float> input, Span<float> output, Span<long> indices, int height, int width);
            [AvgPool(3, InputSize = new[] { 4, 4, 4 })] public static partial void Fixed(ReadOnlySpan<double> input, Span<double> output);
            [AvgPool(3)] public static partial void Volume(ReadOnlySpan<float> input, Span<float> output, int depth, int height, int width);
        }
        """;

    private static readonly Lazy<Type> Kernels = new(() => GeneratorHarness.CompileAndLoad(Source).GetType("Checks.K")!);

    private static MethodInfo Method(string name) => Kernels.Value.GetMethod(name)!;

    [Fact]
    public void Input_that_is_not_whole_planes_names_input_with_expected_and_actual()
    {
        var e = Assert.Throws<ArgumentException>(() => Invoker.Call(Method("Pool"), new float[4 * 4 + 1], new float[4], null, new[] { 4, 4 }));
        Assert.Equal("input", e.ParamName);
        Assert.Contains("4 × 4 = 16", e.Message);
        Assert.Contains("but got 17", e.Message);
    }

    [Fact]
    public void Wrong_output_length_names_output_with_expected_and_actual()
    {
        var e = Assert.Throws<ArgumentException>(() => Invoker.Call(Method("Pool"), new float[2 * 16], new float[7], null, new[] { 4, 4 }));
        Assert.Equal("output", e.ParamName);
        Assert.Contains("Expected 8 elements (2 planes × 2 × 2), but got 7", e.Message);
    }

    [Fact]
    public void Wrong_indices_length_names_indices()
    {
        var e = Assert.Throws<ArgumentException>(() => Invoker.Call(Method("Indexed"), new float[16], new float[4], new long[3], new[] { 4, 4 }));
        Assert.Equal("indices", e.ParamName);
        Assert.Contains("Expected 4 indices", e.Message);
    }

    [Fact]
    public void Non_positive_extent_is_out_of_range()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Invoker.Call(Method("Pool"), new float[4], new float[1], null, new[] { 0, 4 }));
        Assert.Equal("height", e.ParamName);
    }

    [Fact]
    public void Empty_output_is_PyTorchs_output_too_small_error()
    {
        var e = Assert.Throws<ArgumentException>(() => Invoker.Call(Method("Pool"), new float[5], new float[1], null, new[] { 1, 5 }));
        Assert.Equal("height", e.ParamName);
        Assert.StartsWith("Given input size: (1x5). Calculated output size: (0x2). Output size is too small", e.Message);
    }

    [Fact]
    public void Avg_pool3d_input_smaller_than_kernel_is_PyTorchs_error()
    {
        var e = Assert.Throws<ArgumentException>(() => Invoker.Call(Method("Volume"), new float[2 * 5 * 5], new float[1], null, new[] { 2, 5, 5 }));
        Assert.StartsWith("input image (T: 2 H: 5 W: 5) smaller than kernel size (kT: 3 kH: 3 kW: 3)", e.Message);
    }

    [Fact]
    public void Constant_extents_check_only_the_buffers()
    {
        var method = Kernels.Value.GetMethod("Fixed")!;
        var run = method.CreateDelegate<FixedKernel>();
        var output = new double[2];
        run(Enumerable.Repeat(1.0, 2 * 64).ToArray(), output);
        Assert.Equal(new[] { 1.0, 1.0 }, output);
        var e = Assert.Throws<ArgumentException>(() => run(new double[64], new double[2]));
        Assert.Equal("output", e.ParamName);
    }

    private delegate void FixedKernel(ReadOnlySpan<double> input, Span<double> output);
}
