using System.IO.Compression;
using System.Text.Json;
using Pooling.Generators.Tests.Infrastructure;

namespace Pooling.Generators.Tests;

/// <summary>
/// ONNX's own backend node tests for the operators this project covers (Fixtures/onnx-node.json and onnx-node.bin.gz,
/// written by tools/fixtures/make_onnx_fixtures.py from the cases of ONNX's node-test scripts, expected outputs from
/// ONNX's reference implementations or written in the scripts). Each test is translated to the declaration an ONNX user would write
/// (<see cref="OnnxTranslation"/>: the mapping docs/onnx.md documents), generated, run and compared: exactly where the
/// operation is exact (max, min, nearest, shuffles, unpooling), else within the tolerance of ONNX's own test runner
/// (relative 1e-3, absolute 1e-7). A test whose semantics no attribute expresses yet is listed with the reason.
/// </summary>
public class OnnxNodeTests
{
    internal sealed record NodeArray(string Name, string DType, int[] Shape, Array Values);

    internal sealed record NodeTest(string Name, string OpType, Dictionary<string, JsonElement> Attributes, List<NodeArray> Inputs, List<NodeArray> Outputs);

    private sealed record Runnable(NodeTest Test, OnnxTranslation.Kernel Kernel);

    private static readonly Lazy<List<NodeTest>> Tests = new(Load);

    private static readonly Lazy<(List<Runnable> Runnable, System.Reflection.Assembly Assembly)> Compiled = new(() =>
    {
        var runnable = new List<Runnable>();
        foreach (var test in Tests.Value)
        {
            if (OnnxTranslation.Translate(test) is { Kernel: { } kernel }) runnable.Add(new Runnable(test, kernel));
        }
        return (runnable, GeneratorHarness.CompileAndLoad(KernelSuite.Source(runnable.Select(r => r.Kernel.Case))));
    });

    /// <summary>The node tests whose semantics no attribute expresses, with the reason. Shrinks as ONNX's settings become
    /// attributes; a test that stops translating fails here by name.</summary>
    private static readonly string[] NotExpressible =
    {
    };

    [Fact]
    public void The_fixture_holds_ONNXs_106_node_tests_for_these_operators()
    {
        var tests = Tests.Value;
        Assert.Equal(106, tests.Count);
        foreach (var op in OpTypes.Select(o => (string)o[0]))
            Assert.Contains(tests, t => t.OpType == op);
    }

    [Fact]
    public void Exactly_the_listed_node_tests_cannot_be_declared()
    {
        var reasons = Tests.Value.Select(t => (t.Name, OnnxTranslation.Translate(t).WhyNot)).Where(r => r.WhyNot is not null).ToList();
        foreach (var (name, why) in reasons) Console.WriteLine($"not expressible: {name}: {why}");
        Assert.Equal(NotExpressible.OrderBy(n => n), reasons.Select(r => r.Name).OrderBy(n => n));
    }

    public static IEnumerable<object[]> OpTypes =>
        new[] { "AveragePool", "MaxPool", "LpPool", "GlobalAveragePool", "GlobalMaxPool", "MaxUnpool", "Resize", "DepthToSpace", "SpaceToDepth", "RoiAlign", "GridSample" }
            .Select(op => new object[] { op });

    [Theory]
    [MemberData(nameof(OpTypes))]
    public void Generated_kernels_give_ONNXs_expected_outputs(string opType)
    {
        var (runnable, assembly) = Compiled.Value;
        int ran = 0;
        for (int i = 0; i < runnable.Count; i++)
        {
            var (test, kernel) = runnable[i];
            if (test.OpType != opType) continue;
            var expected = test.Outputs[0];
            Array output = Array.CreateInstance(kernel.Input.GetType().GetElementType()!, expected.Values.Length);
            long[]? indices = kernel.IndicesOut ? new long[expected.Values.Length] : null;
            if (kernel.Grid is not null)
                GridSampleCase.Invoke(assembly, i, kernel.Input, kernel.Grid, output, kernel.Size);
            else if (kernel.Boxes is not null)
                RoiAlignCase.Invoke(assembly, i, kernel.Input, kernel.Boxes, kernel.IndicesIn, output, kernel.Size);
            else
                KernelSuite.Invoke(assembly, i, kernel.Input, output, kernel.IndicesIn ?? indices, kernel.Size);
            string context = $"{test.Name}: {kernel.Case}";
            if (kernel.Exact)
                Values.AssertSame(expected.Values, output, context);
            else
                Values.AssertClose(expected.Values, output, 1e-3, context, absolute: 1e-7);
            if (indices is not null) Assert.Equal((long[])test.Outputs[1].Values, indices);
            ran++;
        }
        int total = Tests.Value.Count(t => t.OpType == opType);
        Console.WriteLine($"{opType}: {ran} of {total} node tests ran");
        Assert.Equal(total - Tests.Value.Count(t => t.OpType == opType && NotExpressible.Contains(t.Name)), ran);
    }

    private static List<NodeTest> Load()
    {
        string folder = Path.Combine(AppContext.BaseDirectory, "Fixtures");
        byte[] blob;
        using (var gzip = new GZipStream(File.OpenRead(Path.Combine(folder, "onnx-node.bin.gz")), CompressionMode.Decompress))
        using (var memory = new MemoryStream())
        {
            gzip.CopyTo(memory);
            blob = memory.ToArray();
        }
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "onnx-node.json")));
        var tests = new List<NodeTest>();
        foreach (var t in document.RootElement.GetProperty("tests").EnumerateArray())
        {
            List<NodeArray> Arrays(string property) => t.GetProperty(property).EnumerateArray().Select(a =>
            {
                string dtype = a.GetProperty("dtype").GetString()!;
                int[] shape = a.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
                int count = shape.Aggregate(1, (x, y) => x * y), offset = a.GetProperty("offset").GetInt32();
                Array values = dtype switch
                {
                    "float32" => new float[count],
                    "float64" => new double[count],
                    "int64" => new long[count],
                    "int32" => new int[count],
                    _ => new byte[count],
                };
                Buffer.BlockCopy(blob, offset, values, 0, Buffer.ByteLength(values));
                return new NodeArray(a.GetProperty("name").GetString()!, dtype, shape, values);
            }).ToList();
            var attributes = t.GetProperty("attrs").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());
            tests.Add(new NodeTest(t.GetProperty("name").GetString()!, t.GetProperty("op_type").GetString()!, attributes, Arrays("inputs"), Arrays("outputs")));
        }
        return tests;
    }
}
