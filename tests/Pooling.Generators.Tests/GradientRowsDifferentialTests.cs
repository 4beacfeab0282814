using Pooling.Generators.Tests.Infrastructure;
using Pooling.Kernels.Backward;

namespace Pooling.Generators.Tests;

/// <summary>
/// The backward kernels' vector paths (runtime Kernels/Backward: GradientRows, and LinearDoubling through
/// InterpolationGradients.Linear) against the scalar formulas of docs/semantics.md §12 written here, bit for bit, over every row width from 1 to past two 512-bit vectors, tiled planes and planes
/// with an odd row or column left over, and values that decide the bits (−0.0, subnormals, ±∞, NaN). Each helper
/// writes into the middle of a larger buffer: what lies outside its plane must stay untouched (the vectors that run
/// past a row must never run past the span). The engine axis (EngineAxisTests) runs this class at every vector width.
/// </summary>
public class GradientRowsDifferentialTests
{
    private static readonly float[] Special = { -0f, 0f, float.Epsilon, -float.Epsilon, 1.5e-38f, float.PositiveInfinity, float.NegativeInfinity, float.NaN, 3f, -7f };

    private static float Value(Random random) =>
        random.Next(4) == 0 ? Special[random.Next(Special.Length)] : (float)(random.NextDouble() * 2 - 1) * (random.Next(3) == 0 ? 1e-38f : 1f);

    public static TheoryData<int, bool> Divisors => new() { { 4, false }, { 3, false }, { 1, true } };

    [Theory]
    [MemberData(nameof(Divisors))]
    public void Spread_of_each_gradient_to_its_two_by_two_window_equals_the_scalar_formula(int divisor, bool halveTwice)
    {
        var random = new Random(20261205 + divisor);
        const float Sentinel = 12345f;
        for (int outW = 1; outW <= 40; outW++)
        for (int outH = 1; outH <= 4; outH++)
        foreach (var (extraH, extraW) in new[] { (0, 0), (1, 0), (0, 1), (1, 1) })
        foreach (int planes in new[] { 1, 3 })
        {
            // Planes tile as one tall plane when nothing is left over (what the kernels pass); otherwise one plane.
            if (planes > 1 && extraH + extraW > 0) continue;
            int inH = 2 * outH * planes + extraH, inW = 2 * outW + extraW, rows = outH * planes;
            var gradOutput = new float[rows * outW + 5];
            for (int i = 0; i < gradOutput.Length; i++) gradOutput[i] = Value(random);
            var buffer = new float[inH * inW + 8];
            Array.Fill(buffer, Sentinel);
            GradientRows.SpreadDoubled<float>(gradOutput.AsSpan(0, rows * outW), buffer.AsSpan(3, inH * inW), inH, inW, rows, outW, divisor, halveTwice);

            var expected = new float[buffer.Length];
            Array.Fill(expected, Sentinel);
            Array.Clear(expected, 3, inH * inW);
            for (int oh = 0; oh < rows; oh++)
            for (int ow = 0; ow < outW; ow++)
            {
                float g = gradOutput[oh * outW + ow];
                float value = 0f + (halveTwice ? g / 2f / 2f : g / divisor);
                for (int a = 0; a < 2; a++)
                for (int b = 0; b < 2; b++)
                    expected[3 + (2 * oh + a) * inW + 2 * ow + b] = value;
            }
            Values.AssertSame(expected, buffer, $"outH {outH} × {planes} planes, outW {outW}, left over ({extraH}, {extraW}), divisor {divisor}, halve twice {halveTwice}");
        }
    }

    [Fact]
    public void Spread_in_double_equals_the_scalar_formula()
    {
        var random = new Random(7);
        for (int outW = 1; outW <= 20; outW++)
        {
            int outH = 3, inH = 6, inW = 2 * outW;
            var gradOutput = Enumerable.Range(0, outH * outW).Select(_ => random.Next(5) == 0 ? -0.0 : random.NextDouble() - 0.5).ToArray();
            var gradInput = new double[inH * inW];
            GradientRows.SpreadDoubled<double>(gradOutput, gradInput, inH, inW, outH, outW, 4, halveTwice: false);
            var expected = new double[gradInput.Length];
            for (int i = 0; i < expected.Length; i++) expected[i] = 0.0 + gradOutput[i / inW / 2 * outW + i % inW / 2] / 4;
            Values.AssertSame(expected, gradInput, $"outW {outW}");
        }
    }

    [Fact]
    public void Sums_of_each_two_by_two_block_equal_the_scalar_formula()
    {
        // Nearest ×2's gradient: input (h, w) is ((0 + g[2h, 2w]) + g[2h, 2w+1]) + g[2h+1, 2w]) + g[2h+1, 2w+1]. A quad of
        // four −0.0 sums to +0.0 only through the 0 + (PyTorch's zeroed gradient); every fifth quad is one.
        var random = new Random(20261206);
        const float Sentinel = 12345f;
        for (int inW = 1; inW <= 40; inW++)
        for (int inH = 1; inH <= 3; inH++)
        {
            int outW = 2 * inW;
            var gradOutput = new float[4 * inH * inW];
            for (int i = 0; i < gradOutput.Length; i++) gradOutput[i] = Value(random);
            for (int h = 0; h < inH; h++)
            for (int w = 0; w < inW; w++)
            {
                if (random.Next(5) != 0) continue;
                foreach (int at in new[] { 2 * h * outW + 2 * w, 2 * h * outW + 2 * w + 1, (2 * h + 1) * outW + 2 * w, (2 * h + 1) * outW + 2 * w + 1 })
                    gradOutput[at] = -0f;
            }
            var buffer = new float[inH * inW + 8];
            Array.Fill(buffer, Sentinel);
            GradientRows.SumQuads<float>(gradOutput, buffer.AsSpan(3, inH * inW), inH, inW);

            var expected = new float[buffer.Length];
            Array.Fill(expected, Sentinel);
            for (int h = 0; h < inH; h++)
            for (int w = 0; w < inW; w++)
            {
                int top = 2 * h * outW + 2 * w, bottom = top + outW;
                expected[3 + h * inW + w] = 0f + gradOutput[top] + gradOutput[top + 1] + gradOutput[bottom] + gradOutput[bottom + 1];
            }
            Values.AssertSame(expected, buffer, $"inH {inH}, inW {inW}");
        }
    }

    [Fact]
    public void Sums_in_double_equal_the_scalar_formula()
    {
        var random = new Random(11);
        for (int inW = 1; inW <= 20; inW++)
        {
            int inH = 2, outW = 2 * inW;
            var gradOutput = Enumerable.Range(0, 4 * inH * inW).Select(_ => random.Next(5) == 0 ? -0.0 : random.NextDouble() - 0.5).ToArray();
            var gradInput = new double[inH * inW];
            GradientRows.SumQuads<double>(gradOutput, gradInput, inH, inW);
            var expected = new double[gradInput.Length];
            for (int h = 0; h < inH; h++)
            for (int w = 0; w < inW; w++)
            {
                int top = 2 * h * outW + 2 * w, bottom = top + outW;
                expected[h * inW + w] = 0.0 + gradOutput[top] + gradOutput[top + 1] + gradOutput[bottom] + gradOutput[bottom + 1];
            }
            Values.AssertSame(expected, gradInput, $"inW {inW}");
        }
    }

    [Fact]
    public void Two_by_two_gradients_from_indices_equal_the_scatter()
    {
        // Max pooling 2 × 2 / 2 from plane-relative indices: zeroed gradient, each output's g added at its index, outputs in
        // order. Indices from a forward (one of the window's four inputs) take the selecting path; a plane with an index
        // outside its window (another window's input, one already taken, the plane's last input) takes the scatter.
        var random = new Random(20261206);
        const float Sentinel = 12345f;
        for (int outW = 1; outW <= 21; outW += random.Next(1, 4))
        for (int outH = 1; outH <= 3; outH++)
        foreach (var (extraH, extraW) in new[] { (0, 0), (1, 0), (0, 1), (1, 1) })
        foreach (bool foreign in new[] { false, true })
        {
            int planes = 3, inH = 2 * outH + extraH, inW = 2 * outW + extraW, inPlane = inH * inW, outPlane = outH * outW;
            var gradOutput = new float[planes * outPlane];
            var indices = new long[planes * outPlane];
            for (int o = 0; o < gradOutput.Length; o++)
            {
                gradOutput[o] = Value(random);
                int oh = o % outPlane / outW, ow = o % outW, pick = random.Next(4);
                indices[o] = (2 * oh + pick / 2) * inW + 2 * ow + pick % 2;
            }
            if (foreign) indices[outPlane + random.Next(outPlane)] = random.Next(inPlane);   // the middle plane only
            var buffer = new float[planes * inPlane + 6];
            Array.Fill(buffer, Sentinel);
            // Planes 1 and 2 of the three: plane 0's gradient stays untouched.
            PoolGradients.FromIndicesHalved<float, long>(gradOutput, indices, buffer.AsSpan(3, planes * inPlane), inH, inW, outH, outW, 1, 3, "indices");

            var expected = new float[buffer.Length];
            Array.Fill(expected, Sentinel);
            Array.Clear(expected, 3 + inPlane, 2 * inPlane);
            for (int o = outPlane; o < gradOutput.Length; o++)
                expected[3 + o / outPlane * inPlane + (int)indices[o]] += gradOutput[o];
            Values.AssertSame(expected, buffer, $"out {outH} × {outW}, left over ({extraH}, {extraW}), foreign {foreign}");
        }
    }

    [Fact]
    public void Two_by_two_gradients_name_an_index_outside_the_plane()
    {
        int outH = 2, outW = 9, inH = 4, inW = 18;
        var gradOutput = new float[outH * outW];
        var indices = Enumerable.Range(0, outH * outW).Select(o => (long)(2 * (o / outW) * inW + 2 * (o % outW))).ToArray();
        // Output 5's window starts at input 10: the last two differ from 10 only above the low 32 bits.
        foreach (long bad in new[] { -1L, inH * inW, long.MaxValue, 1L << 32, (1L << 32) + 10, 10 - (1L << 32) })
        {
            indices[5] = bad;
            var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
                PoolGradients.FromIndicesHalved<float, long>(gradOutput, indices, new float[inH * inW], inH, inW, outH, outW, 0, 1, "indices"));
            Assert.Equal("indices", e.ParamName);
        }
    }

    // PyTorch's ×2 bilinear tables (align_corners = false, scale ½): source max(0, (o + 0.5) / 2 − 0.5), exact in binary.
    private static (int[] Taps, double[] Weights) Doubling(int input, int output, int stride)
    {
        var taps = new int[2 * output];
        var weights = new double[2 * output];
        for (int o = 0; o < output; o++)
        {
            double source = Math.Max(0, (o + 0.5) / 2 - 0.5);
            int i0 = (int)Math.Floor(source), i1 = i0 < input - 1 ? i0 + 1 : i0;
            double lambda = source - i0;
            (taps[2 * o], taps[2 * o + 1]) = (i0 * stride, i1 * stride);
            (weights[2 * o], weights[2 * o + 1]) = (1 - lambda, lambda);
        }
        return (taps, weights);
    }

    public static TheoryData<bool> Elements => new() { false, true };

    [Theory]
    [MemberData(nameof(Elements))]
    public void Bilinear_doubling_gradient_equals_PyTorchs_loop(bool inDouble)
    {
        var random = new Random(inDouble ? 11 : 12);
        foreach (int inH in new[] { 1, 2, 3, 5, 7, 8, 9, 13, 20, 21, 37 })
        foreach (int inW in new[] { 5, 6, 7, 9, 12, 17, 20, 21, 33, 40 })
        foreach (bool doubleHeight in new[] { true, false })
        {
            int outH = doubleHeight ? 2 * inH : inH + 1 + random.Next(3), outW = 2 * inW, planes = 2;
            var (rows, weightsH) = doubleHeight ? Doubling(inH, outH, inW) : Resampled(inH, outH, inW);
            var (columns, weightsW) = Doubling(inW, outW, 1);
            string context = $"[{inH}, {inW}] → [{outH}, {outW}], {(inDouble ? "double" : "float")}";
            if (inDouble) Check<double>(x => x);
            else Check<float>(x => (float)x);

            void Check<T>(Func<double, T> convert) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
            {
                var gradOutput = new T[planes * outH * outW];
                for (int i = 0; i < gradOutput.Length; i++)
                    gradOutput[i] = random.Next(40) == 0 ? convert(Special[random.Next(Special.Length)]) : convert(random.NextDouble() * 2 - 1);
                var wh = Array.ConvertAll(weightsH, x => convert(x));
                var ww = Array.ConvertAll(weightsW, x => convert(x));
                var actual = new T[planes * inH * inW];
                Array.Fill(actual, convert(99));
                Pooling.Kernels.Backward.InterpolationGradients.Linear<T>(gradOutput, actual, default, default, rows, wh, columns, ww, 1, outH, outW, inH * inW, 1, 0, planes);
                // PyTorch's loop: outputs row-major, height tap then width tap, acc = fma(wh·ww, g, acc) into a zeroed gradient.
                var expected = new T[actual.Length];
                for (int p = 0; p < planes; p++)
                for (int oh = 0; oh < outH; oh++)
                for (int ow = 0; ow < outW; ow++)
                for (int a = 0; a < 2; a++)
                for (int b = 0; b < 2; b++)
                {
                    ref T target = ref expected[p * inH * inW + rows[2 * oh + a] + columns[2 * ow + b]];
                    target = T.FusedMultiplyAdd(wh[2 * oh + a] * ww[2 * ow + b], gradOutput[(p * outH + oh) * outW + ow], target);
                }
                Values.AssertSame(expected, actual, context);
            }
        }
    }

    // Any other height (scale outH / inH, align_corners = false): rows whose entries are not the ×2 pattern.
    private static (int[] Taps, double[] Weights) Resampled(int input, int output, int stride)
    {
        var taps = new int[2 * output];
        var weights = new double[2 * output];
        double scale = (double)input / output;
        for (int o = 0; o < output; o++)
        {
            double source = Math.Max(0, scale * (o + 0.5) - 0.5);
            int i0 = (int)Math.Floor(source), i1 = i0 < input - 1 ? i0 + 1 : i0;
            double lambda = source - i0;
            (taps[2 * o], taps[2 * o + 1]) = (i0 * stride, i1 * stride);
            (weights[2 * o], weights[2 * o + 1]) = (1 - lambda, lambda);
        }
        return (taps, weights);
    }
}
