using System.Reflection;
using Pooling.Generators.Tests.Infrastructure;

namespace Pooling.Generators.Tests;

/// <summary>
/// RoIAlign, RoIPool and GridSample declared with tensor spans (torchvision's and PyTorch's shapes): the same bits as
/// the span kernel on the same memory (which the differential tests hold to the references), and every shape the
/// adapter refuses named by its tensor with the shape it expected.
/// </summary>
public class OperatorTensorSpanTests
{
    private const string Source = """
        using System;
        using System.Numerics.Tensors;
        using Pooling;
        namespace Operators;
        public static partial class K
        {
            [RoiAlign(3, 2, SpatialScale = 0.5, SamplingRatio = 2, Aligned = true)]
            public static partial void AlignT(ReadOnlyTensorSpan<float> input, ReadOnlyTensorSpan<float> boxes, TensorSpan<float> output);
            [RoiAlign(3, 2, SpatialScale = 0.5, SamplingRatio = 2, Aligned = true)]
            public static partial void AlignS(ReadOnlySpan<float> input, ReadOnlySpan<float> boxes, Span<float> output, int channels, int height, int width);

            [RoiAlign(2, 2, Mode = RoiPoolMode.Max, Layout = TensorLayout.ChannelsLast)]
            public static partial void OnnxT(ReadOnlyTensorSpan<double> input, ReadOnlyTensorSpan<double> rois, ReadOnlyTensorSpan<long> batchIndices, TensorSpan<double> output);
            [RoiAlign(2, 2, Mode = RoiPoolMode.Max, Layout = TensorLayout.ChannelsLast)]
            public static partial void OnnxS(ReadOnlySpan<double> input, ReadOnlySpan<double> rois, ReadOnlySpan<long> batchIndices, Span<double> output, int height, int width, int channels);

            [RoiPool(2, 3, SpatialScale = 0.5, InputSize = new[] { 3, 8, 9 })]
            public static partial void PoolT(ReadOnlyTensorSpan<float> input, ReadOnlyTensorSpan<float> boxes, TensorSpan<float> output);
            [RoiPool(2, 3, SpatialScale = 0.5, InputSize = new[] { 3, 8, 9 })]
            public static partial void PoolS(ReadOnlySpan<float> input, ReadOnlySpan<float> boxes, Span<float> output);

            [GridSample(GridSampleMode.Bilinear, PaddingMode = GridPadding.Border, Parallel = true)]
            public static partial void GridT(ReadOnlyTensorSpan<float> input, ReadOnlyTensorSpan<float> grid, TensorSpan<float> output);
            [GridSample(GridSampleMode.Bilinear, PaddingMode = GridPadding.Border, Parallel = true)]
            public static partial void GridS(ReadOnlySpan<float> input, ReadOnlySpan<float> grid, Span<float> output, int channels, int height, int width);

            [GridSample(GridSampleMode.Nearest, AlignCorners = true, Layout = TensorLayout.ChannelsLast)]
            public static partial void GridNhwcT(ReadOnlyTensorSpan<double> input, ReadOnlyTensorSpan<double> grid, TensorSpan<double> output);
            [GridSample(GridSampleMode.Nearest, AlignCorners = true, Layout = TensorLayout.ChannelsLast)]
            public static partial void GridNhwcS(ReadOnlySpan<double> input, ReadOnlySpan<double> grid, Span<double> output, int height, int width, int channels);

            [RoiPool(2, 2, InputSize = new[] { 6, 7, 20 }, Layout = TensorLayout.ChannelsLast)]
            public static partial void PoolNhwcT(ReadOnlyTensorSpan<float> input, ReadOnlyTensorSpan<float> boxes, TensorSpan<float> output);
            [RoiPool(2, 2, InputSize = new[] { 6, 7, 20 }, Layout = TensorLayout.ChannelsLast)]
            public static partial void PoolNhwcS(ReadOnlySpan<float> input, ReadOnlySpan<float> boxes, Span<float> output);

            [GridSample(InputSize = new[] { 3, 4, 5, 6 }, Layout = TensorLayout.ChannelsLast)]
            public static partial void VolumeNhwcT(ReadOnlyTensorSpan<float> input, ReadOnlyTensorSpan<float> grid, TensorSpan<float> output);
            [GridSample(InputSize = new[] { 3, 4, 5, 6 }, Layout = TensorLayout.ChannelsLast)]
            public static partial void VolumeNhwcS(ReadOnlySpan<float> input, ReadOnlySpan<float> grid, Span<float> output);

            [GridSample(InputSize = new[] { 2, 3, 4, 5 })]
            public static partial void VolumeT(ReadOnlyTensorSpan<float> input, ReadOnlyTensorSpan<float> grid, TensorSpan<float> output);
            [GridSample(InputSize = new[] { 2, 3, 4, 5 })]
            public static partial void VolumeS(ReadOnlySpan<float> input, ReadOnlySpan<float> grid, Span<float> output);
        }
        """;

    private static readonly Lazy<Type> Compiled = new(() => GeneratorHarness.CompileAndLoad(Source + "\n" + Wrappers).GetType("Operators.W")!);

    // Array-taking wrappers (spans and tensors cannot go through reflection): T_ builds tensors of the given shapes.
    private const string Wrappers = """
        public static class W
        {
            static ReadOnlyTensorSpan<T> R<T>(T[] a, nint[] s) => new(a, s);
            static TensorSpan<T> M<T>(T[] a, nint[] s) => new(a, s);
            public static void AlignT(float[] x, nint[] xs, float[] b, nint[] bs, float[] y, nint[] ys) => K.AlignT(R(x, xs), R(b, bs), M(y, ys));
            public static void AlignS(float[] x, float[] b, float[] y, int c, int h, int w) => K.AlignS(x, b, y, c, h, w);
            public static void OnnxT(double[] x, nint[] xs, double[] r, nint[] rs, long[] i, nint[] @is, double[] y, nint[] ys) => K.OnnxT(R(x, xs), R(r, rs), R(i, @is), M(y, ys));
            public static void OnnxS(double[] x, double[] r, long[] i, double[] y, int h, int w, int c) => K.OnnxS(x, r, i, y, h, w, c);
            public static void PoolT(float[] x, nint[] xs, float[] b, nint[] bs, float[] y, nint[] ys) => K.PoolT(R(x, xs), R(b, bs), M(y, ys));
            public static void PoolS(float[] x, float[] b, float[] y) => K.PoolS(x, b, y);
            public static void GridT(float[] x, nint[] xs, float[] g, nint[] gs, float[] y, nint[] ys) => K.GridT(R(x, xs), R(g, gs), M(y, ys));
            public static void GridS(float[] x, float[] g, float[] y, int c, int h, int w) => K.GridS(x, g, y, c, h, w);
            public static void GridNhwcT(double[] x, nint[] xs, double[] g, nint[] gs, double[] y, nint[] ys) => K.GridNhwcT(R(x, xs), R(g, gs), M(y, ys));
            public static void GridNhwcS(double[] x, double[] g, double[] y, int h, int w, int c) => K.GridNhwcS(x, g, y, h, w, c);
            public static void VolumeT(float[] x, nint[] xs, float[] g, nint[] gs, float[] y, nint[] ys) => K.VolumeT(R(x, xs), R(g, gs), M(y, ys));
            public static void VolumeS(float[] x, float[] g, float[] y) => K.VolumeS(x, g, y);
            public static void PoolNhwcT(float[] x, nint[] xs, float[] b, nint[] bs, float[] y, nint[] ys) => K.PoolNhwcT(R(x, xs), R(b, bs), M(y, ys));
            public static void PoolNhwcS(float[] x, float[] b, float[] y) => K.PoolNhwcS(x, b, y);
            public static void VolumeNhwcT(float[] x, nint[] xs, float[] g, nint[] gs, float[] y, nint[] ys) => K.VolumeNhwcT(R(x, xs), R(g, gs), M(y, ys));
            public static void VolumeNhwcS(float[] x, float[] g, float[] y) => K.VolumeNhwcS(x, g, y);
            public static void Transposed(float[] x, float[] b, float[] y) =>
                K.AlignT(new ReadOnlyTensorSpan<float>(x, new nint[] { 2, 3, 6, 7 }, new nint[] { 126, 1, 21, 3 }), R(b, new nint[] { 2, 5 }), M(y, new nint[] { 2, 3, 3, 2 }));
        }
        """;

    private static void Run(string method, params object[] arguments)
    {
        try
        {
            Compiled.Value.GetMethod(method)!.Invoke(null, arguments);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
        }
    }

    private static T[] Random<T>(int count, Random random, Func<Random, T> draw) => Enumerable.Range(0, count).Select(_ => draw(random)).ToArray();

    // torchvision boxes (batch index, x1, y1, x2, y2) inside a width × height map at the given scale.
    private static float[] Boxes(int count, int images, int height, int width, double scale, Random random) => Enumerable.Range(0, count).SelectMany(_ =>
    {
        float x1 = (float)(random.NextDouble() * width / scale), y1 = (float)(random.NextDouble() * height / scale);
        return new[] { random.Next(images), x1, y1, x1 + (float)(random.NextDouble() * 4 / scale), y1 + (float)(random.NextDouble() * 4 / scale) };
    }).ToArray();

    [Fact]
    public void RoiAlign_and_RoiPool_tensors_give_the_span_kernels_bits()
    {
        var random = new Random(20261205);
        // torchvision: [2, 3, 6, 7] maps, 5 boxes, [5, 3, 3, 2] output.
        var x = Random(2 * 3 * 6 * 7, random, r => (float)r.NextDouble());
        var b = Boxes(5, 2, 6, 7, 0.5, random);
        var (t, s) = (new float[5 * 3 * 3 * 2], new float[5 * 3 * 3 * 2]);
        Run("AlignT", x, new nint[] { 2, 3, 6, 7 }, b, new nint[] { 5, 5 }, t, new nint[] { 5, 3, 3, 2 });
        Run("AlignS", x, b, s, 3, 6, 7);
        Assert.Equal(s, t);
        Assert.Contains(t, v => v != 0);

        // ONNX, channels-last: [3, 5, 6, 4] maps (height, width, channels), 4 rois with batch indices, [4, 2, 2, 4] output.
        var xd = Random(3 * 5 * 6 * 4, random, r => r.NextDouble() - 0.5);
        var rois = Random(4 * 4, random, r => r.NextDouble() * 5);
        var indices = Random(4, random, r => (long)r.Next(3));
        var (td, sd) = (new double[4 * 2 * 2 * 4], new double[4 * 2 * 2 * 4]);
        Run("OnnxT", xd, new nint[] { 3, 5, 6, 4 }, rois, new nint[] { 4, 4 }, indices, new nint[] { 4 }, td, new nint[] { 4, 2, 2, 4 });
        Run("OnnxS", xd, rois, indices, sd, 5, 6, 4);
        Assert.Equal(sd, td);

        // RoIPool with InputSize (3, 8, 9): one image, 3 boxes, [3, 3, 2, 3] output.
        var xp = Random(3 * 8 * 9, random, r => (float)r.NextDouble());
        var bp = Boxes(3, 1, 8, 9, 0.5, random);
        var (tp, sp) = (new float[3 * 3 * 2 * 3], new float[3 * 3 * 2 * 3]);
        Run("PoolT", xp, new nint[] { 1, 3, 8, 9 }, bp, new nint[] { 3, 5 }, tp, new nint[] { 3, 3, 2, 3 });
        Run("PoolS", xp, bp, sp);
        Assert.Equal(sp, tp);

        // RoIPool channels-last with InputSize (6, 7, 20) — height, width, channels: two images, 4 boxes, [4, 2, 2, 20]
        // output. (A channels-last operator with InputSize and tensor spans once crashed the generator.)
        var xn = Random(2 * 6 * 7 * 20, random, r => (float)r.NextDouble());
        var bn = Boxes(4, 2, 6, 7, 1, random);
        var (tn, sn) = (new float[4 * 2 * 2 * 20], new float[4 * 2 * 2 * 20]);
        Run("PoolNhwcT", xn, new nint[] { 2, 6, 7, 20 }, bn, new nint[] { 4, 5 }, tn, new nint[] { 4, 2, 2, 20 });
        Run("PoolNhwcS", xn, bn, sn);
        Assert.Equal(sn, tn);
        Assert.Contains(tn, v => v != 0);
    }

    [Fact]
    public void GridSample_tensors_give_the_span_kernels_bits()
    {
        var random = new Random(20261206);
        // [2, 3, 5, 6] images, a [2, 4, 7, 2] grid, [2, 3, 4, 7] output (the span kernel's points are 4 · 7 per image).
        var x = Random(2 * 3 * 5 * 6, random, r => (float)r.NextDouble());
        var g = Random(2 * 4 * 7 * 2, random, r => (float)(r.NextDouble() * 2.4 - 1.2));
        var (t, s) = (new float[2 * 3 * 4 * 7], new float[2 * 3 * 4 * 7]);
        Run("GridT", x, new nint[] { 2, 3, 5, 6 }, g, new nint[] { 2, 4, 7, 2 }, t, new nint[] { 2, 3, 4, 7 });
        Run("GridS", x, g, s, 3, 5, 6);
        Assert.Equal(s, t);

        // Channels-last: [1, 4, 5, 6] (height, width, channels), a [1, 3, 2, 2] grid, [1, 3, 2, 6] output.
        var xd = Random(4 * 5 * 6, random, r => r.NextDouble());
        var gd = Random(3 * 2 * 2, random, r => r.NextDouble() * 2 - 1);
        var (td, sd) = (new double[3 * 2 * 6], new double[3 * 2 * 6]);
        Run("GridNhwcT", xd, new nint[] { 1, 4, 5, 6 }, gd, new nint[] { 1, 3, 2, 2 }, td, new nint[] { 1, 3, 2, 6 });
        Run("GridNhwcS", xd, gd, sd, 4, 5, 6);
        Assert.Equal(sd, td);

        // A channels-last volume fixed by InputSize (3, 4, 5, 6) — depth, height, width, channels: [1, 3, 4, 5, 6] input,
        // a [1, 2, 2, 2, 3] grid, [1, 2, 2, 2, 6] output.
        var xc = Random(3 * 4 * 5 * 6, random, r => (float)r.NextDouble());
        var gc = Random(2 * 2 * 2 * 3, random, r => (float)(r.NextDouble() * 2 - 1));
        var (tc, sc) = (new float[8 * 6], new float[8 * 6]);
        Run("VolumeNhwcT", xc, new nint[] { 1, 3, 4, 5, 6 }, gc, new nint[] { 1, 2, 2, 2, 3 }, tc, new nint[] { 1, 2, 2, 2, 6 });
        Run("VolumeNhwcS", xc, gc, sc);
        Assert.Equal(sc, tc);
        Assert.Contains(tc, v => v != 0);

        // A volume fixed by InputSize (2, 3, 4, 5): [2, 2, 3, 4, 5] input, a [2, 2, 1, 3, 3] grid, [2, 2, 2, 1, 3] output.
        var xv = Random(2 * 2 * 3 * 4 * 5, random, r => (float)r.NextDouble());
        var gv = Random(2 * 2 * 1 * 3 * 3, random, r => (float)(r.NextDouble() * 2 - 1));
        var (tv, sv) = (new float[2 * 2 * 2 * 3], new float[2 * 2 * 2 * 3]);
        Run("VolumeT", xv, new nint[] { 2, 2, 3, 4, 5 }, gv, new nint[] { 2, 2, 1, 3, 3 }, tv, new nint[] { 2, 2, 2, 1, 3 });
        Run("VolumeS", xv, gv, sv);
        Assert.Equal(sv, tv);
    }

    public static IEnumerable<object[]> WrongShapes() => new[]
    {
        // RoIAlign: a 3-D map, boxes of 4 values, an output of the right size in the wrong order.
        new object[] { "AlignT", new nint[] { 3, 6, 7 }, new nint[] { 2, 5 }, new nint[] { 2, 3, 3, 2 }, "input", "[images, channels, height, width] = [*, *, *, *], but got [3, 6, 7]" },
        new object[] { "AlignT", new nint[] { 2, 3, 6, 7 }, new nint[] { 2, 4 }, new nint[] { 2, 3, 3, 2 }, "boxes", "[boxes, 5] = [*, 5], but got [2, 4]" },
        new object[] { "AlignT", new nint[] { 2, 3, 6, 7 }, new nint[] { 2, 5 }, new nint[] { 2, 3, 2, 3 }, "output", "[boxes, channels, 3, 2] = [2, 3, 3, 2], but got [2, 3, 2, 3]" },
        // GridSample: a grid for other images, an output of other points.
        new object[] { "GridT", new nint[] { 2, 3, 5, 6 }, new nint[] { 1, 4, 7, 2 }, new nint[] { 2, 3, 4, 7 }, "grid", "[images, out height, out width, 2] = [2, *, *, 2], but got [1, 4, 7, 2]" },
        new object[] { "GridT", new nint[] { 2, 3, 5, 6 }, new nint[] { 2, 4, 7, 2 }, new nint[] { 2, 3, 7, 4 }, "output", "[images, channels, out height, out width] = [2, 3, 4, 7], but got [2, 3, 7, 4]" },
        // InputSize: a map of other extents.
        new object[] { "PoolT", new nint[] { 1, 3, 9, 8 }, new nint[] { 3, 5 }, new nint[] { 3, 3, 2, 3 }, "input", "[images, channels, height, width] = [*, 3, 8, 9], but got [1, 3, 9, 8]" },
    };

    [Theory]
    [MemberData(nameof(WrongShapes))]
    public void A_wrong_shape_names_its_tensor_with_the_shape_expected(string kernel, nint[] input, nint[] second, nint[] output, string parameter, string message)
    {
        int Count(nint[] shape) => (int)shape.Aggregate(1L, (a, b) => a * b);
        var error = Assert.Throws<ArgumentException>(() =>
            Run(kernel, new float[Count(input)], input, new float[Count(second)], second, new float[Count(output)], output));
        Assert.Equal(parameter, error.ParamName);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void A_view_that_is_not_row_major_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => Run("Transposed", new float[2 * 3 * 6 * 7], new float[10], new float[2 * 3 * 3 * 2]));
        Assert.Equal("input", error.ParamName);
        Assert.Contains("dense row-major", error.Message);
    }
}
