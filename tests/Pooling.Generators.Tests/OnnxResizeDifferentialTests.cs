using Pooling.Generators.Tests.Infrastructure;

namespace Pooling.Generators.Tests;

/// <summary>
/// ONNX Resize's options (docs/semantics.md §8.12) against ReferenceOnnxResize, written from the operator's
/// specification: every coordinate transformation, nearest mode, cubic A and exclude_outside, 1-D to 3-D, scale factors
/// (whole or not) and sizes, NCHW and channels-last, on data with NaN, ±∞ and ties. Nearest must match exactly; linear
/// and cubic compute their weights in double and blend in the element's compute type (float for float and Half), the
/// reference entirely in double: relative 1e-5 for float and Half (3e-3 for Half's rounding), 1e-12 for double.
/// </summary>
public class OnnxResizeDifferentialTests
{
    private const int Seed = 20261205;

    private static readonly string[] Transforms = { "HalfPixel", "HalfPixelSymmetric", "PytorchHalfPixel", "AlignCorners", "Asymmetric" };
    private static readonly string[] NearestModes = { "RoundPreferFloor", "RoundPreferCeil", "Floor", "Ceil" };

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Generated_ONNX_resizes_equal_the_reference(int batch)
    {
        var random = new Random(Seed + batch);
        var cases = Enumerable.Range(0, 100).Select(_ => RandomCase(random)).ToList();
        var assembly = GeneratorHarness.CompileAndLoad(KernelSuite.Source(cases.Select(c => c.Case)));
        for (int i = 0; i < cases.Count; i++)
        {
            var (c, channels) = cases[i];
            for (int trial = 0; trial < 2; trial++)
            {
                int[] size = c.ConstantInputSize ?? Enumerable.Range(0, c.Rank).Select(_ => random.Next(1, c.Rank == 3 ? 6 : 12)).ToArray();
                if (c.OutputFor(size).Any(o => o < 1)) continue;
                int planes = channels ?? random.Next(1, 3);   // channels-last: one sample of 'channels' planes
                int inPlane = size.Aggregate(1, (p, v) => p * v), outPlane = c.OutputFor(size).Aggregate(1, (p, v) => p * v);
                var input = Values.Random(c.ElementType, planes * inPlane, random);
                var output = Array.CreateInstance(c.ElementType, planes * outPlane);
                // Channels-last: the reference reads planes, so the data is transposed in and the result out.
                Array planar = channels is null ? input : Transpose(input, planes, inPlane, toPlanes: true);
                var expected = c.Reference(planar, size, planes * outPlane);
                if (channels is not null) expected = Transpose(expected, planes, outPlane, toPlanes: false);
                KernelSuite.Invoke(assembly, i, input, output, null, size);
                string context = $"seed {Seed + batch} case {i} {c} [{planes}, {string.Join(", ", size)}]";
                if (c.Mode == "Nearest") Values.AssertSame(expected, output, context);
                else if (c.Element == "Half") Values.AssertClose(Widen(expected), Widen(output), 3e-3, context, absolute: 3e-3);
                else Values.AssertClose(expected, output, c.Element switch { "double" => 1e-12, "Half" => 3e-3, _ => 1e-5 }, context,
                    absolute: c.Element switch { "double" => 1e-12, "Half" => 3e-3, _ => 1e-5 });
            }
        }
    }

    private static (UpsampleCase Case, int? Channels) RandomCase(Random random)
    {
        int rank = random.Next(1, 4);
        string mode = random.Next(3) switch
        {
            0 => "Nearest",
            1 => rank switch { 1 => "Linear", 2 => "Bilinear", _ => "Trilinear" },
            _ => "Bicubic",
        };
        if (mode == "Bicubic") rank = 2;
        bool nearest = mode == "Nearest";
        string element = nearest ? new[] { "float", "double", "Half", "byte", "int" }[random.Next(5)] : new[] { "float", "double", "Half" }[random.Next(3)];
        double[]? scale = null;
        int[]? size = null;
        if (random.Next(2) == 0)
            scale = Enumerable.Range(0, rank).Select(_ => new[] { 0.5, 0.6, 0.75, 1.0, 1.5, 2.0, 2.5, 3.0, 1.7 }[random.Next(9)]).ToArray();
        else
            size = Enumerable.Range(0, rank).Select(_ => random.Next(1, 14)).ToArray();
        string? aspect = size is not null && random.Next(4) == 0 ? (random.Next(2) == 0 ? "NotLarger" : "NotSmaller") : null;
        bool antialias = rank == 2 && !nearest && random.Next(3) == 0;
        var c = new UpsampleCase(mode, element, rank, size, scale, Aspect: aspect, Antialias: antialias,
            Transform: Transforms[random.Next(Transforms.Length)],
            NearestMode: nearest ? NearestModes[random.Next(NearestModes.Length)] : null,
            CubicA: mode == "Bicubic" && random.Next(2) == 0 ? -0.5 : null,
            ExcludeOutside: mode == "Bicubic" && random.Next(2) == 0);
        // tf_crop_and_resize (2-D, sizes): a random region, partly outside the input, and an extrapolation value.
        if (rank == 2 && size is not null && !antialias && random.Next(4) == 0)
        {
            double Start() => random.NextDouble() * 1.4 - 0.3;
            double y0 = Start(), x0 = Start();
            c = c with { Transform = "TfCropAndResize", Roi = new[] { y0, x0, y0 + random.NextDouble() * 1.2 - 0.1, x0 + random.NextDouble() * 1.2 - 0.1 },
                Extrapolation = random.Next(2) == 0 ? 0 : 7.5, Aspect = null };
        }
        if (random.Next(5) == 0) c = c with { ConstantInputSize = Enumerable.Range(0, rank).Select(_ => random.Next(2, 9)).ToArray() };
        int? channels = random.Next(4) == 0 ? random.Next(1, 4) : null;
        return (channels is null ? c : c with { Layout = "ChannelsLast", Channels = channels.Value }, channels);
    }

    private static float[] Widen(Array halves) => ((Half[])halves).Select(h => (float)h).ToArray();

    // planes × pixels ↔ pixels × planes (one sample of 'planes' channels).
    private static Array Transpose(Array values, int planes, int pixels, bool toPlanes)
    {
        var result = Array.CreateInstance(values.GetType().GetElementType()!, values.Length);
        for (int p = 0; p < planes; p++)
        for (int i = 0; i < pixels; i++)
        {
            if (toPlanes) result.SetValue(values.GetValue(i * planes + p), p * pixels + i);
            else result.SetValue(values.GetValue(p * pixels + i), i * planes + p);
        }
        return result;
    }
}
