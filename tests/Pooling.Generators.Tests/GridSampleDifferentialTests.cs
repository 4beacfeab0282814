using System.Text.Json;
using Pooling.Generators.Tests.Infrastructure;

namespace Pooling.Generators.Tests;

/// <summary>
/// GridSample: generated kernels against ReferenceGridSample (PyTorch's scalar loop, written from docs/semantics.md §11)
/// bit for bit on random configurations — every mode, padding and align_corners, float and double, one to forty channels,
/// grids inside and far outside [−1, 1] with NaN and ∞, Parallel — and against PyTorch 1.13's own grid_sample (Fixtures/grid_sample.json, made
/// by tools/fixtures/make_grid_sample_fixtures.py) within 1e-5 relative: PyTorch's CPU kernel is vectorised, with its
/// own order for the unnormalisation (a scale factor precomputed) and the blend, so the last bit may differ.
/// </summary>
public class GridSampleDifferentialTests
{
    private const int Seed = 20261205;
    private static readonly string[] Modes = { "Bilinear", "Nearest", "Bicubic" };
    private static readonly string[] Paddings = { "Zeros", "Border", "Reflection" };

    [Fact]
    public void Generated_kernels_equal_the_reference()
    {
        var random = new Random(Seed);
        var cases = Enumerable.Range(0, 126).Select(i => new GridSampleCase(random.Next(3) == 0 ? "double" : "float", Modes[i % 3], Paddings[i / 3 % 3],
            AlignCorners: i / 9 % 2 == 1, Parallel: random.Next(4) == 0, ConstantInputSize: random.Next(5) == 0 ? new[] { random.Next(1, 4), random.Next(1, 9), random.Next(1, 9) } : null,
            ChannelsLast: i >= 90)).ToList();
        var assembly = GeneratorHarness.CompileAndLoad(KernelSuite.Source(cases));
        for (int i = 0; i < cases.Count; i++)
        {
            var c = cases[i];
            for (int trial = 0; trial < 2; trial++)
            {
                // A third of the calls with many channels: bilinear then blends vectors of channels on a channels-last
                // copy (channels past two 512-bit vectors with a remainder, so every width's blocks and its scalar lanes run).
                int channels = random.Next(3) == 0 ? random.Next(4, 40) : random.Next(1, 4);
                int[] size = c.ConstantInputSize ?? new[] { channels, random.Next(1, 9), random.Next(1, 9) };
                int images = random.Next(1, 3), points = random.Next(1, 1500);
                var type = c.Element == "float" ? typeof(float) : typeof(double);
                var input = Values.Random(type, images * size[0] * size[1] * size[2], random);
                var grid = Array.CreateInstance(type, images * points * 2);
                // A third of the grids almost all inside the image, so that whole groups of points take the vector taps.
                bool inside = random.Next(3) == 0;
                for (int k = 0; k < grid.Length; k++)
                {
                    double v = inside && random.Next(100) != 0 ? random.NextDouble() * 1.8 - 0.9
                        : random.Next(50) switch { 0 => double.NaN, 1 => double.PositiveInfinity, 2 => -1e30, 3 => 1, 4 => -1, _ => random.NextDouble() * 3 - 1.5 };
                    grid.SetValue(type == typeof(float) ? (object)(float)v : v, k);
                }
                var expected = c.Reference(input, grid, size, images * size[0] * points);
                var output = Array.CreateInstance(type, expected.Length);
                if (c.ChannelsLast)
                {
                    // NHWC in, points × channels out: the reference's NCHW data transposed each way.
                    Layouts.ThroughChannelsLast(input, images, size[1] * size[2], output, images, points, size[0],
                        (nhwc, result) => GridSampleCase.Invoke(assembly, i, nhwc, grid, result, size));
                }
                else GridSampleCase.Invoke(assembly, i, input, grid, output, size);
                Values.AssertSame(expected, output, $"case {i} {c} input [{images}, {string.Join(", ", size)}], {points} points");
            }
        }
    }

    [Fact]
    public void Generated_kernels_equal_PyTorch()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "grid_sample.json")));
        var fixtures = document.RootElement.GetProperty("cases").EnumerateArray().ToList();
        Assert.True(fixtures.Count >= 180);
        string Member(string value) => value switch { "bilinear" => "Bilinear", "nearest" => "Nearest", "bicubic" => "Bicubic", "zeros" => "Zeros", "border" => "Border", _ => "Reflection" };
        var cases = fixtures.Select(f => new GridSampleCase(f.GetProperty("dtype").GetString() == "float32" ? "float" : "double", Member(f.GetProperty("mode").GetString()!),
            Member(f.GetProperty("padding_mode").GetString()!), f.GetProperty("align_corners").GetBoolean(),
            Volume: f.GetProperty("input_shape").GetArrayLength() == 5)).ToList();
        Assert.Contains(cases, c => c.Volume);
        var assembly = GeneratorHarness.CompileAndLoad(KernelSuite.Source(cases));
        for (int i = 0; i < cases.Count; i++)
        {
            var f = fixtures[i];
            bool single = cases[i].Element == "float";
            Array Read(string name)
            {
                var numbers = f.GetProperty(name).EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String
                    ? e.GetString() switch { "NaN" => double.NaN, "Infinity" => double.PositiveInfinity, _ => double.NegativeInfinity } : e.GetDouble()).ToArray();
                return single ? numbers.Select(v => (float)v).ToArray() : numbers;
            }
            int[] shape = f.GetProperty("input_shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            var expected = Read("output");
            var output = Array.CreateInstance(single ? typeof(float) : typeof(double), expected.Length);
            GridSampleCase.Invoke(assembly, i, Read("input"), Read("grid"), output, shape[1..]);
            var context = $"{f.GetProperty("name").GetString()} {cases[i]} input [{string.Join(", ", shape)}]";
            // Nearest, and every volume (PyTorch's 3-D kernel is the scalar loop, as ours): to the bit.
            if (cases[i].Mode == "Nearest" || cases[i].Volume) Values.AssertSame(expected, output, context);
            else Values.AssertClose(expected, output, single ? 1e-5 : 1e-12, context, absolute: single ? 1e-5 : 1e-12);
        }
    }

    [Fact]
    public void Generated_volume_kernels_equal_the_reference()
    {
        var random = new Random(Seed + 1);
        var cases = Enumerable.Range(0, 36).Select(i => new GridSampleCase(random.Next(3) == 0 ? "double" : "float", i % 2 == 0 ? "Bilinear" : "Nearest",
            Paddings[i / 2 % 3], AlignCorners: i / 6 % 2 == 1, Parallel: random.Next(4) == 0, Volume: true,
            ConstantInputSize: random.Next(5) == 0 ? new[] { random.Next(1, 3), random.Next(1, 6), random.Next(1, 6), random.Next(1, 6) } : null,
            ChannelsLast: i % 3 == 2)).ToList();
        var assembly = GeneratorHarness.CompileAndLoad(KernelSuite.Source(cases));
        for (int i = 0; i < cases.Count; i++)
        {
            var c = cases[i];
            int[] size = c.ConstantInputSize ?? new[] { random.Next(1, c.ChannelsLast ? 6 : 3), random.Next(1, 6), random.Next(1, 6), random.Next(1, 6) };
            int volumes = random.Next(1, 3), points = random.Next(1, 400);
            var type = c.Element == "float" ? typeof(float) : typeof(double);
            var input = Values.Random(type, volumes * size[0] * size[1] * size[2] * size[3], random);
            var grid = Array.CreateInstance(type, volumes * points * 3);
            for (int k = 0; k < grid.Length; k++)
            {
                double v = random.Next(50) switch { 0 => double.NaN, 1 => double.NegativeInfinity, 2 => 1e30, 3 => 1, 4 => -1, _ => random.NextDouble() * 3 - 1.5 };
                grid.SetValue(type == typeof(float) ? (object)(float)v : v, k);
            }
            var expected = c.Reference(input, grid, size, volumes * size[0] * points);
            var output = Array.CreateInstance(type, expected.Length);
            if (c.ChannelsLast)
            {
                // NDHWC in, points × channels out: the reference's NCDHW data transposed each way.
                Layouts.ThroughChannelsLast(input, volumes, size[1] * size[2] * size[3], output, volumes, points, size[0],
                    (ndhwc, result) => GridSampleCase.Invoke(assembly, i, ndhwc, grid, result, size));
            }
            else GridSampleCase.Invoke(assembly, i, input, grid, output, size);
            Values.AssertSame(expected, output, $"case {i} {c} input [{volumes}, {string.Join(", ", size)}], {points} points");
        }
    }

    [Fact]
    public void Bad_arguments_are_exceptions_naming_the_parameter()
    {
        var assembly = GeneratorHarness.CompileAndLoad(KernelSuite.Source(new[] { new GridSampleCase("float", "Bilinear") }));
        int[] size = { 2, 3, 3 };
        var e = Assert.Throws<ArgumentException>(() => GridSampleCase.Invoke(assembly, 0, new float[18], new float[3], new float[4], size));
        Assert.Equal("grid", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => GridSampleCase.Invoke(assembly, 0, new float[18], new float[4], new float[3], size));
        Assert.Equal("output", e.ParamName);
        Assert.Contains("but got 3", e.Message);
        e = Assert.Throws<ArgumentException>(() => GridSampleCase.Invoke(assembly, 0, new float[17], new float[4], new float[4], size));
        Assert.Equal("input", e.ParamName);
        var range = Assert.Throws<ArgumentOutOfRangeException>(() => GridSampleCase.Invoke(assembly, 0, new float[18], new float[4], new float[4], new[] { 2, 0, 3 }));
        Assert.Equal("height", range.ParamName);
    }
}
