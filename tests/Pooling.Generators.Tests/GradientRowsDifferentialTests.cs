using Pooling.Generators.Tests.Infrastructure;
using Pooling.Kernels.Backward;

namespace Pooling.Generators.Tests;

/// <summary>
/// The backward kernels' vector row helpers (runtime Kernels/Backward/GradientRows) against the scalar formula of
/// docs/semantics.md §12, bit for bit, over every row width from 1 to past two 512-bit vectors, tiled planes and planes
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
}
