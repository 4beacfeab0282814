using Pooling.Generators.Tests.Infrastructure;
using Pooling.Kernels;
using Pooling.Reference;

namespace Pooling.Generators.Tests;

/// <summary>
/// The float plane mean behind every global / to-1 adaptive average (PoolingMath.PlaneMeans, PlaneMean and the
/// channels-last ChannelMeans) against the reference's scalar statement of the sixteen-lane order, bit for bit, on
/// plane sizes around the group (16) and block (1,024) boundaries and plane counts around the 8- and 16-plane side-by-side
/// paths; and, independently of any order, within float rounding of the exact mean. The engine axis runs it on every
/// vector width.
/// </summary>
public class PlaneMeanDifferentialTests
{
    private static readonly int[] PlaneSizes = { 1, 2, 9, 12, 15, 16, 17, 25, 30, 31, 41, 49, 196, 1000, 1023, 1024, 1025, 1039, 1040, 1041, 3136, 4096, 4113, 17000 };
    private static readonly int[] PlaneCounts = { 1, 3, 8, 9, 16, 17, 25, 40 };

    public static IEnumerable<object[]> Sizes => PlaneSizes.Select(s => new object[] { s });

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Plane_means_equal_the_reference(int plane)
    {
        DifferentialRunner.CheckEngine();
        var random = new Random(plane);
        foreach (int planes in PlaneCounts)
        {
            if ((long)planes * plane > 200_000) continue;
            var input = (float[])Values.Random(typeof(float), planes * plane, random);
            var expected = new float[planes];
            ReferenceAdaptivePooling.AdaptiveAvgPool<float, float>(input, new[] { plane }, new[] { 1 }, expected);

            var actual = new float[planes];
            PoolingMath.PlaneMeans(input, plane, actual);
            Values.AssertSame(expected, actual, $"PlaneMeans, {planes} planes of {plane}");

            var single = Enumerable.Range(0, planes).Select(p => PoolingMath.PlaneMean(input.AsSpan(p * plane, plane))).ToArray();
            Values.AssertSame(expected, single, $"PlaneMean, {planes} planes of {plane}");

            // The same planes channels-last: pixel i of channel c at i·planes + c.
            var interleaved = new float[input.Length];
            for (int c = 0; c < planes; c++)
                for (int i = 0; i < plane; i++) interleaved[i * planes + c] = input[c * plane + i];
            var channels = new float[planes];
            PoolingMath.ChannelMeans<float>(interleaved, planes, channels);
            Values.AssertSame(expected, channels, $"ChannelMeans, {planes} channels of {plane} pixels");
        }
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Plane_means_are_within_float_rounding_of_the_exact_mean(int plane)
    {
        var random = new Random(7 * plane + 1);
        const int Planes = 17;
        var input = new float[Planes * plane];
        for (int i = 0; i < input.Length; i++)
            input[i] = (float)(i % 3 == 0 ? random.NextDouble() * 8 : random.NextDouble() * 2 - 1);   // mixed signs and scales
        var actual = new float[Planes];
        PoolingMath.PlaneMeans(input, plane, actual);
        for (int p = 0; p < Planes; p++)
        {
            // Exact enough in double for these sizes; the bound is float rounding of the magnitudes summed, not of the mean.
            double sum = 0, magnitude = 0;
            for (int i = 0; i < plane; i++) { sum += input[p * plane + i]; magnitude += Math.Abs(input[p * plane + i]); }
            double error = Math.Abs(actual[p] - sum / plane), bound = 80 * 6e-8 * magnitude / plane + 6e-8 * Math.Abs(sum / plane);
            Assert.True(error <= bound, $"plane {p} of {plane}: mean {actual[p]:R}, exact {sum / plane:R}, error {error:E2} > {bound:E2}");
        }
    }
}
