using System.Text.Json;
using Pooling.Generators.Tests.Infrastructure;

namespace Pooling.Generators.Tests;

/// <summary>
/// RoIAlign and RoIPool: generated kernels against torchvision 0.14's own roi_align and roi_pool (Fixtures/roi_align.json,
/// roi_pool.json, made by tools/fixtures/make_roi_fixtures.py) bit for bit, and against ReferenceRoiAlign (written output by output from
/// docs/semantics.md §10) on random configurations — torchvision's boxes and ONNX's rois with int and long batch
/// indices, average and ONNX's max, feature maps both narrow enough for the per-channel loop and wide enough for the
/// channel-vector path, Parallel — plus the run-time argument checks.
/// </summary>
public class RoiAlignDifferentialTests
{
    private const int Seed = 20261205;

    private sealed record Fixture(string Name, RoiAlignCase Case, int[] Shape, Array Input, Array Boxes, Array Output);

    [Theory]
    [InlineData("roi_align.json", false)]
    [InlineData("roi_pool.json", true)]
    public void Generated_kernels_equal_torchvision(string file, bool pool)
    {
        var fixtures = Load(file, pool);
        Assert.True(fixtures.Count >= 100, $"only {fixtures.Count} fixture cases");
        var assembly = GeneratorHarness.CompileAndLoad(KernelSuite.Source(fixtures.Select(f => f.Case)));
        for (int i = 0; i < fixtures.Count; i++)
        {
            var f = fixtures[i];
            var output = Array.CreateInstance(f.Output.GetType().GetElementType()!, f.Output.Length);
            RoiAlignCase.Invoke(assembly, i, f.Input, f.Boxes, null, output, f.Shape[1..]);
            Values.AssertSame(f.Output, output, $"{f.Name} {f.Case} input [{string.Join(", ", f.Shape)}]");
        }
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    public void Generated_kernels_equal_the_reference(int batch, bool streaming)
    {
        // The streaming stores of large NCHW outputs, on these small ones too (the knob changes the path, never a result).
        long savedStreaming = Pooling.Kernels.RoiAlignKernel.StreamingOutputBytes;
        if (streaming) Pooling.Kernels.RoiAlignKernel.StreamingOutputBytes = 0;
        try
        {
            Compare(batch);
        }
        finally
        {
            Pooling.Kernels.RoiAlignKernel.StreamingOutputBytes = savedStreaming;
        }
    }

    private static void Compare(int batch)
    {
        var random = new Random(Seed + batch);
        var cases = Enumerable.Range(0, 60).Select(_ => RandomCase(random)).ToList();
        var assembly = GeneratorHarness.CompileAndLoad(KernelSuite.Source(cases));
        int vectorCases = 0, poolVectorCases = 0;
        for (int i = 0; i < cases.Count; i++)
        {
            var c = cases[i];
            for (int trial = 0; trial < 2; trial++)
            {
                // Narrow maps with few boxes (the per-channel loop) and many boxes on wide maps (the channel vectors).
                bool wide = random.Next(2) == 0;
                int channels = wide ? random.Next(16, 40) : random.Next(1, 6);
                int[] size = c.ConstantInputSize ?? new[] { channels, random.Next(1, 14), random.Next(1, 14) };
                int images = random.Next(1, 3), boxCount = wide ? random.Next(20, 60) : random.Next(1, 5);
                if ((long)boxCount * c.OutputHeight * c.OutputWidth >= size[1] * size[2] && size[0] >= 16 && !c.Pool) vectorCases++;
                if (c.Pool && c.ChannelsLast && size[0] >= 16) poolVectorCases++;
                var input = Values.Random(c.Element == "float" ? typeof(float) : typeof(double), images * size[0] * size[1] * size[2], random);
                var boxes5 = new double[boxCount * 5];
                for (int k = 0; k < boxCount; k++)
                {
                    double x1 = random.NextDouble() * (size[2] + 4) / c.SpatialScale - 2, y1 = random.NextDouble() * (size[1] + 4) / c.SpatialScale - 2;
                    boxes5[5 * k] = random.Next(images);
                    boxes5[5 * k + 1] = x1;
                    boxes5[5 * k + 2] = y1;
                    boxes5[5 * k + 3] = x1 + (random.NextDouble() * 1.2 - 0.1) * size[2] / c.SpatialScale;
                    boxes5[5 * k + 4] = y1 + (random.NextDouble() * 1.2 - 0.1) * size[1] / c.SpatialScale;
                }
                Array boxes = c.Element == "float" ? boxes5.Select(v => (float)v).ToArray() : boxes5;
                var expected = c.Reference(input, boxes, size);
                var output = Array.CreateInstance(expected.GetType().GetElementType()!, expected.Length);
                var (kernelBoxes, indices) = c.IndexType is null || c.Pool ? (boxes, null) : Onnx(boxes, c.IndexType);
                if (c.ChannelsLast)
                {
                    // NHWC maps in, bins × channels out: the reference's NCHW data transposed each way.
                    Layouts.ThroughChannelsLast(input, images, size[1] * size[2], output, boxCount, c.OutputHeight * c.OutputWidth, size[0],
                        (nhwc, result) => RoiAlignCase.Invoke(assembly, i, nhwc, kernelBoxes, indices, result, size));
                }
                else RoiAlignCase.Invoke(assembly, i, input, kernelBoxes, indices, output, size);
                Values.AssertSame(expected, output, $"seed {Seed + batch} case {i} {c} input [{images}, {string.Join(", ", size)}], {boxCount} boxes");
            }
        }
        Assert.True(vectorCases >= 10, $"only {vectorCases} calls took the channel-vector path");
        Assert.True(poolVectorCases >= 2, $"only {poolVectorCases} RoIPool calls took the channels-last vector path");
    }

    [Fact]
    public void Bad_arguments_are_exceptions_naming_the_parameter()
    {
        var cases = new[] { new RoiAlignCase("float", 2, 2), new RoiAlignCase("float", 2, 2, IndexType: "long") };
        var assembly = GeneratorHarness.CompileAndLoad(KernelSuite.Source(cases));
        var input = new float[2 * 3 * 4 * 4];
        int[] size = { 3, 4, 4 };
        void Call(int k, Array boxes, Array? indices, int outputLength) =>
            RoiAlignCase.Invoke(assembly, k, input, boxes, indices, new float[outputLength], size);

        var e = Assert.Throws<ArgumentException>(() => Call(0, new float[] { 2, 0, 0, 1, 1 }, null, 12));
        Assert.Equal("boxes", e.ParamName);
        Assert.Contains("Batch index 2 of box 0 is outside the 2 images", e.Message);
        e = Assert.Throws<ArgumentException>(() => Call(0, new float[] { 0, 0, 0, 1 }, null, 12));
        Assert.Equal("boxes", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => Call(0, new float[] { 0, 0, 0, 1, 1 }, null, 11));
        Assert.Equal("output", e.ParamName);
        Assert.Contains("but got 11", e.Message);
        e = Assert.Throws<ArgumentException>(() => Call(0, new float[] { 0, float.NaN, 0, 1, 1 }, null, 12));
        Assert.Equal("boxes", e.ParamName);
        // A 1e30-wide box under adaptive sampling: both grid extents saturate, and their product must not wrap to a small
        // number (it did, and the box was sampled with a garbage grid; the runtime fuzzer found it).
        e = Assert.Throws<ArgumentException>(() => Call(0, new float[] { 0, 1.5f, 3, 1e30f, 1e30f }, null, 12));
        Assert.Equal("boxes", e.ParamName);
        Assert.Contains("too large to sample", e.Message);
        e = Assert.Throws<ArgumentException>(() => Call(1, new float[] { 0, 0, 1, 1 }, new long[] { -1 }, 12));
        Assert.Equal("batchIndices", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => Call(1, new float[] { 0, 0, 1, 1, 2 }, new long[] { 0 }, 12));
        Assert.Equal("boxes", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => RoiAlignCase.Invoke(assembly, 0, new float[7], new float[5], null, new float[12], size));
        Assert.Equal("input", e.ParamName);
        var range = Assert.Throws<ArgumentOutOfRangeException>(() => RoiAlignCase.Invoke(assembly, 0, input, new float[5], null, new float[12], new[] { 0, 4, 4 }));
        Assert.Equal("channels", range.ParamName);
    }

    private static RoiAlignCase RandomCase(Random random)
    {
        string element = random.Next(3) == 0 ? "double" : "float";
        if (random.Next(5) == 0)
            return new RoiAlignCase(element, random.Next(1, 8), random.Next(1, 8), SpatialScale: new[] { 1, 0.5, 0.0625 }[random.Next(3)], Parallel: random.Next(4) == 0, Pool: true,
                ChannelsLast: random.Next(2) == 0);
        var c = new RoiAlignCase(element, random.Next(1, 8), random.Next(1, 8), SpatialScale: new[] { 1, 1, 0.5, 0.25, 0.0625 }[random.Next(5)],
            SamplingRatio: new[] { 0, 0, -1, 1, 2, 3 }[random.Next(6)], Aligned: random.Next(2) == 0, Max: random.Next(4) == 0,
            IndexType: random.Next(3) switch { 0 => "long", 1 => "int", _ => null }, Parallel: random.Next(4) == 0);
        // A third channels-last (RoIPool: half): the same boxes on the transposed map.
        return random.Next(3) == 0 ? c with { ChannelsLast = true } : c;
    }

    // torchvision's five-value boxes as ONNX's four-value rois and a batch-index span.
    private static (Array Rois, Array Indices) Onnx(Array boxes5, string indexType)
    {
        int count = boxes5.Length / 5;
        var rois = Array.CreateInstance(boxes5.GetType().GetElementType()!, count * 4);
        Array indices = indexType == "int" ? new int[count] : new long[count];
        for (int k = 0; k < count; k++)
        {
            indices.SetValue(indexType == "int" ? (object)(int)Convert.ToDouble(boxes5.GetValue(5 * k)) : (long)Convert.ToDouble(boxes5.GetValue(5 * k)), k);
            for (int j = 0; j < 4; j++) rois.SetValue(boxes5.GetValue(5 * k + 1 + j), 4 * k + j);
        }
        return (rois, indices);
    }

    private static List<Fixture> Load(string file, bool pool)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", file)));
        var fixtures = new List<Fixture>();
        foreach (var c in document.RootElement.GetProperty("cases").EnumerateArray())
        {
            bool single = c.GetProperty("dtype").GetString() == "float32";
            double[] Numbers(string name) => c.GetProperty(name).EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String
                ? e.GetString() switch { "NaN" => double.NaN, "Infinity" => double.PositiveInfinity, _ => double.NegativeInfinity }
                : e.GetDouble()).ToArray();
            Array Values(string name) => single ? Numbers(name).Select(v => (float)v).ToArray() : Numbers(name);
            int[] size = c.GetProperty("output_size").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            var roi = pool
                ? new RoiAlignCase(single ? "float" : "double", size[0], size[1], c.GetProperty("spatial_scale").GetDouble(), Pool: true)
                : new RoiAlignCase(single ? "float" : "double", size[0], size[1], c.GetProperty("spatial_scale").GetDouble(),
                    c.GetProperty("sampling_ratio").GetInt32(), c.GetProperty("aligned").GetBoolean());
            fixtures.Add(new Fixture(c.GetProperty("name").GetString()!, roi, c.GetProperty("input_shape").EnumerateArray().Select(e => e.GetInt32()).ToArray(),
                Values("input"), Values("boxes"), Values("output")));
        }
        return fixtures;
    }
}
