using System;
using System.Linq;
using BenchmarkDotNet.Attributes;
using Microsoft.ML.OnnxRuntime;

namespace Pooling.Benchmarks;

/// <summary>The ONNX operators beyond pooling and resizing: the representative cases.</summary>
public enum OperatorCase
{
    /// <summary>1,000 boxes of a stride-16 detector (a 800 × 1088 image) on [1, 256, 50, 68], 7 × 7 bins, 2 × 2 samples,
    /// half-pixel (torchvision's aligned = True, ONNX's default).</summary>
    RoiAlign_1000x256x50x68,

    /// <summary>Bilinear, zeros padding, one 256 × 256 grid of random points over [1, 32, 256, 256].</summary>
    GridSampleBilinear_1x32x256x256,
}

/// <summary>
/// RoIAlign and GridSample beside their memory floor and ONNX Runtime in one run, one thread. The floor reads what the
/// operator touches — the feature map (or image) and the boxes (or grid) — and writes its output once, with the widest
/// vectors. Values are checked against ONNX Runtime before timing.
/// </summary>
[MemoryDiagnoser]
public class OperatorBenchmarks
{
    private const int Boxes = 1000;
    private float[] _input = Array.Empty<float>(), _second = Array.Empty<float>(), _output = Array.Empty<float>();
    // The same map (image) channels-last, and the channels-last kernel's output.
    private float[] _inputNhwc = Array.Empty<float>(), _outputNhwc = Array.Empty<float>();
    private long[] _indices = Array.Empty<long>();
    private InferenceSession? _session;
    private OrtValue[] _inputs = Array.Empty<OrtValue>(), _outputs = Array.Empty<OrtValue>();
    private string[] _inputNames = Array.Empty<string>();
    private readonly RunOptions _runOptions = new();

    [Params(OperatorCase.RoiAlign_1000x256x50x68, OperatorCase.GridSampleBilinear_1x32x256x256)]
    public OperatorCase Case { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(20261205);
        byte[] model;
        long[] inputShape;
        if (Case == OperatorCase.RoiAlign_1000x256x50x68)
        {
            inputShape = new long[] { 1, 256, 50, 68 };
            _input = Enumerable.Range(0, 256 * 50 * 68).Select(_ => (float)random.NextDouble()).ToArray();
            // Proposals on the 800 × 1088 image: 16 to 400 pixels a side.
            _second = new float[Boxes * 4];
            for (int k = 0; k < Boxes; k++)
            {
                float w = 16 + (float)random.NextDouble() * 384, h = 16 + (float)random.NextDouble() * 384;
                float left = (float)random.NextDouble() * (1088 - w), top = (float)random.NextDouble() * (800 - h);
                (_second[4 * k], _second[4 * k + 1], _second[4 * k + 2], _second[4 * k + 3]) = (left, top, left + w, top + h);
            }
            _indices = new long[Boxes];
            _output = new float[Boxes * 256 * 49];
            model = OnnxModels.RoiAlign(inputShape, Boxes, 7, 7, 2, 1f / 16, halfPixel: true);
            _inputNames = new[] { "x", "rois", "batch_indices" };
        }
        else
        {
            inputShape = new long[] { 1, 32, 256, 256 };
            _input = Enumerable.Range(0, 32 * 256 * 256).Select(_ => (float)random.NextDouble()).ToArray();
            _second = Enumerable.Range(0, 256 * 256 * 2).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
            _output = new float[32 * 256 * 256];
            model = OnnxModels.GridSample(inputShape, new long[] { 1, 256, 256, 2 }, "bilinear", "zeros", alignCorners: false);
            _inputNames = new[] { "x", "grid" };
        }
        var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL };
        _session = new InferenceSession(model, options);
        var x = OrtValue.CreateTensorValueFromMemory(_input, inputShape);
        var y = OrtValue.CreateTensorValueFromMemory(_output, Case == OperatorCase.RoiAlign_1000x256x50x68 ? new long[] { Boxes, 256, 7, 7 } : new long[] { 1, 32, 256, 256 });
        _inputs = Case == OperatorCase.RoiAlign_1000x256x50x68
            ? new[] { x, OrtValue.CreateTensorValueFromMemory(_second, new long[] { Boxes, 4 }), OrtValue.CreateTensorValueFromMemory(_indices, new long[] { Boxes }) }
            : new[] { x, OrtValue.CreateTensorValueFromMemory(_second, new long[] { 1, 256, 256, 2 }) };
        _outputs = new[] { y };
        var (channels, spatial) = Case == OperatorCase.RoiAlign_1000x256x50x68 ? (256, 50 * 68) : (32, 256 * 256);
        _inputNhwc = new float[_input.Length];
        for (int c = 0; c < channels; c++)
        for (int p = 0; p < spatial; p++)
            _inputNhwc[p * channels + c] = _input[c * spatial + p];
        _outputNhwc = new float[_output.Length];
        Check();
    }

    // Both produce the same values (within float rounding) before anything is timed.
    private void Check()
    {
        OnnxRuntime();
        var expected = (float[])_output.Clone();
        Array.Clear(_output);
        Generated();
        double worst = 0;
        for (int i = 0; i < expected.Length; i++) worst = Math.Max(worst, Math.Abs(expected[i] - _output[i]));
        if (worst > 1e-4) throw new InvalidOperationException($"{Case}: the generated kernel differs from ONNX Runtime by {worst}");
        // The channels-last kernel computes the same values, transposed: [items][points][channels] against [items][channels][points].
        GeneratedChannelsLast();
        int channels = Case == OperatorCase.RoiAlign_1000x256x50x68 ? 256 : 32, items = Case == OperatorCase.RoiAlign_1000x256x50x68 ? Boxes : 1;
        int points = _output.Length / items / channels;
        for (int n = 0; n < items; n++)
        for (int c = 0; c < channels; c++)
        for (int p = 0; p < points; p++)
        {
            if (_outputNhwc[(n * points + p) * channels + c] != _output[(n * channels + c) * points + p])
                throw new InvalidOperationException($"{Case}: the channels-last kernel differs from the NCHW one at item {n}, channel {c}, point {p}");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var v in _inputs.Concat(_outputs)) v.Dispose();
        _session?.Dispose();
    }

    /// <summary>The floor: read the map (image) and the boxes (grid) once, write the output once.</summary>
    [Benchmark]
    public float Floor()
    {
        float result = Math.Max(MemoryFloor.Max(_input), MemoryFloor.Max(_second));
        _output.AsSpan().Fill(result);
        return result;
    }

    [Benchmark(Baseline = true)]
    public void Generated()
    {
        if (Case == OperatorCase.RoiAlign_1000x256x50x68) Kernels.RoiAlign7(_input, _second, _indices, _output, 256, 50, 68);
        else Kernels.GridSampleBilinear(_input, _second, _output, 32, 256, 256);
    }

    [Benchmark]
    public void GeneratedChannelsLast()
    {
        if (Case == OperatorCase.RoiAlign_1000x256x50x68) Kernels.RoiAlign7ChannelsLast(_inputNhwc, _second, _indices, _outputNhwc, 50, 68, 256);
        else Kernels.GridSampleBilinearChannelsLast(_inputNhwc, _second, _outputNhwc, 256, 256, 32);
    }

    [Benchmark]
    public void OnnxRuntime() => _session!.Run(_runOptions, _inputNames, _inputs, new[] { "y" }, _outputs);
}
