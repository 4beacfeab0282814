using System.Reflection;
using Microsoft.CodeAnalysis;
using Pooling.Generators.Tests.Infrastructure;

namespace Pooling.Generators.Tests;

/// <summary>
/// The generated <c>…OutputSize</c> companions: PyTorch's output shapes (values read from PyTorch 1.13's own modules,
/// not from our formulas), agreement with what the kernel accepts, the same exceptions as the kernel for bad extents,
/// and no companion where its name would clash.
/// </summary>
public class OutputSizeTests
{
    private const string Source = """
        using System;
        using Pooling;
        namespace Cases;
        public static partial class K
        {
            [MaxPool(3, 2, Padding = 1)] public static partial void Stem(ReadOnlySpan<float> x, Span<float> y, int height, int width);
            [AvgPool(3, 2, Padding = 1, CeilMode = true)] public static partial void Avg(ReadOnlySpan<float> x, Span<float> y, int depth, int height, int width);
            [MaxPool(2, 1, Dilation = 2)] public static partial void Max1(ReadOnlySpan<double> x, Span<double> y, int width);
            [AdaptiveAvgPool(3, OutputAxis.Keep)] public static partial void Ada(ReadOnlySpan<float> x, Span<float> y, int height, int width);
            [Upsample(UpsampleMode.Bilinear, 1.5)] public static partial void Up(ReadOnlySpan<float> x, Span<float> y, int height, int width);
            [MaxUnpool(2)] public static partial void Unpool(ReadOnlySpan<float> x, ReadOnlySpan<long> i, Span<float> y, int height, int width);
            [PixelShuffle(2)] public static partial void Shuffle(ReadOnlySpan<float> x, Span<float> y, int channels, int height, int width);
            [MaxPool(2, Layout = TensorLayout.ChannelsLast)] public static partial void Nhwc(ReadOnlySpan<float> x, Span<float> y, int height, int width, int channels);
            [MaxPool(3, 2, Padding = 1, InputSize = new[] { 112, 112 })] public static partial void Fixed(ReadOnlySpan<float> x, Span<float> y);

            // Spans cannot go through reflection: the kernels as calls over arrays.
            public static void StemRun(float[] x, float[] y, int h, int w) => Stem(x, y, h, w);
            public static void UpRun(float[] x, float[] y, int h, int w) => Up(x, y, h, w);
        }
        """;

    private static readonly Lazy<Type> Kernels = new(() => GeneratorHarness.CompileAndLoad(Source).GetType("Cases.K")!);

    private static object Size(string kernel, params object[] extents) =>
        Kernels.Value.GetMethod(kernel + "OutputSize")!.Invoke(null, extents)!;

    private static int[] Extents(object size) => size switch
    {
        int one => new[] { one },
        System.Runtime.CompilerServices.ITuple tuple => Enumerable.Range(0, tuple.Length).Select(i => (int)tuple[i]!).ToArray(),
        _ => throw new InvalidOperationException(size.GetType().Name),
    };

    // Output shapes printed by PyTorch 1.13 for the same modules and inputs (nn.MaxPool2d(3, 2, 1) on 1×1×112×112, …).
    [Theory]
    [InlineData("Stem", new[] { 112, 112 }, new[] { 56, 56 })]
    [InlineData("Stem", new[] { 7, 1 }, new[] { 4, 1 })]
    [InlineData("Avg", new[] { 5, 6, 7 }, new[] { 3, 4, 4 })]
    [InlineData("Max1", new[] { 10 }, new[] { 8 })]
    [InlineData("Ada", new[] { 10, 13 }, new[] { 3, 13 })]
    [InlineData("Up", new[] { 5, 7 }, new[] { 7, 10 })]
    [InlineData("Unpool", new[] { 4, 5 }, new[] { 8, 10 })]
    [InlineData("Shuffle", new[] { 8, 3, 5 }, new[] { 2, 6, 10 })]
    [InlineData("Nhwc", new[] { 9, 8 }, new[] { 4, 4 })]
    [InlineData("Fixed", new int[0], new[] { 56, 56 })]
    public void The_companion_gives_PyTorchs_output_shape(string kernel, int[] input, int[] expected) =>
        Assert.Equal(expected, Extents(Size(kernel, input.Cast<object>().ToArray())));

    [Fact]
    public void A_buffer_sized_by_the_companion_is_what_the_kernel_accepts()
    {
        var random = new Random(5);
                for (int i = 0; i < 50; i++)
        {
            int planes = random.Next(1, 4), h = random.Next(1, 40), w = random.Next(1, 40);
            var (outH, outW) = ((int, int))Size("Stem", h, w);
            var call = Run("Stem");
            call(new float[planes * h * w], new float[planes * outH * outW], h, w);
            Assert.Throws<ArgumentException>(() => call(new float[planes * h * w], new float[planes * outH * outW + 1], h, w));
        }
    }

    [Theory]
    [InlineData("Stem", 0, 5)]
    [InlineData("Stem", 5, -1)]
    [InlineData("Up", 1, 0)]
    [InlineData("Stem", int.MaxValue, int.MaxValue)]
    public void Bad_extents_throw_what_the_kernel_throws(string kernel, int h, int w)
    {
        var fromSize = Assert.Throws<TargetInvocationException>(() => Size(kernel, h, w)).InnerException!;
        var fromKernel = Assert.ThrowsAny<ArgumentException>(() => Run(kernel)(new float[1], new float[1], h, w));
        Assert.Equal(fromKernel.GetType(), fromSize.GetType());
        Assert.Equal(fromKernel.Message, fromSize.Message);
    }

    [Fact]
    public void Shuffle_companion_names_the_axis_the_factor_does_not_divide()
    {
        var error = Assert.IsType<ArgumentException>(Assert.Throws<TargetInvocationException>(() => Size("Shuffle", 6, 3, 5)).InnerException);
        Assert.Equal("channels", error.ParamName);
    }

    [Fact]
    public void No_companion_where_its_name_would_clash_and_the_build_stays_clean()
    {
        const string source = """
            using System;
            using Pooling;
            namespace Cases;
            public partial class Base { public static int PoolOutputSize() => 0; }
            public partial class Derived : Base
            {
                [MaxPool(2)] public static partial void Pool(ReadOnlySpan<float> x, Span<float> y, int width);
                [MaxPool(2)] public static partial void Twice(ReadOnlySpan<float> x, Span<float> y, int width);
                [MaxPool(2)] public static partial void Twice(ReadOnlySpan<double> x, Span<double> y, int width);
                [AvgPool(2)] public static partial void Mine(ReadOnlySpan<float> x, Span<float> y, int width);
                public static string MineOutputSize => "the user's";
            }
            """;
        var (output, diagnostics, _) = GeneratorHarness.Generate(GeneratorHarness.Compilation(source));
        Assert.Empty(diagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
        var derived = output.GetTypeByMetadataName("Cases.Derived")!;
        Assert.Empty(derived.GetMembers("PoolOutputSize"));
        Assert.Empty(derived.GetMembers("TwiceOutputSize"));
        Assert.IsAssignableFrom<IPropertySymbol>(Assert.Single(derived.GetMembers("MineOutputSize")));
    }

    private static Action<float[], float[], int, int> Run(string kernel) =>
        Kernels.Value.GetMethod(kernel + "Run")!.CreateDelegate<Action<float[], float[], int, int>>();
}
