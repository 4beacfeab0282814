using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using BenchmarkDotNet.Attributes;
using Microsoft.ML.OnnxRuntime;

namespace Pooling.Benchmarks;

/// <summary>The cases of "Kernels at the memory floor, part 1", float32, NCHW unless named NHWC.</summary>
public enum PeerCase
{
    MaxK2S2_1x64x112x112,
    MaxK2S2_8x64x56x56,
    MaxK3S2P1_1x64x112x112,
    AvgK2S2_1x64x112x112,
    GlobalAvg_8x512x7x7,
    MaxK2S2Nhwc_1x112x112x64,
    LpP2K2S2_1x64x112x112,
    MaxK2S2_16x64x224x224,
    MaxK2S2_1x8x16x16,
    NearestX2_1x64x56x56,
    BilinearX2_1x64x56x56,
    BicubicX2_1x64x56x56,
    PixelShuffleX2_1x256x56x56,
}

/// <summary>
/// Each generated kernel beside the memory floor and its peer, in one run: <see cref="Floor"/> reads the same input and
/// writes the same output bytes with the widest vectors (the time no kernel can beat by much), and ONNX Runtime runs
/// the same op (a one-node model built in code, preallocated OrtValues, 1 and 2 intra-op threads). Values are checked
/// against ONNX Runtime before timing. The NHWC case gives ONNX Runtime the NCHW layout of the same data (its NHWC
/// pooling kernels are for 8-bit types).
/// </summary>
[MemoryDiagnoser]
public class PeerBenchmarks
{
    private float[] _input = Array.Empty<float>(), _output = Array.Empty<float>(), _onnxOutput = Array.Empty<float>();
    private int _h, _w, _c;
    private InferenceSession? _session1, _session2;
    private OrtValue? _x, _y;
    private readonly RunOptions _runOptions = new();
    private OrtValue[] _inputs = Array.Empty<OrtValue>(), _outputs = Array.Empty<OrtValue>();
    private static readonly string[] InputNames = { "x" }, OutputNames = { "y" };
    private OpenCvSharp.InterpolationFlags _resize;
    private OpenCvSharp.Mat[] _openCvIn = Array.Empty<OpenCvSharp.Mat>(), _openCvOut = Array.Empty<OpenCvSharp.Mat>();
    private float[] _openCvOutput = Array.Empty<float>();
    private GCHandle[] _pins = Array.Empty<GCHandle>();

    [Params(PeerCase.MaxK2S2_1x64x112x112, PeerCase.MaxK2S2_8x64x56x56, PeerCase.MaxK3S2P1_1x64x112x112, PeerCase.AvgK2S2_1x64x112x112,
        PeerCase.GlobalAvg_8x512x7x7, PeerCase.MaxK2S2Nhwc_1x112x112x64, PeerCase.LpP2K2S2_1x64x112x112, PeerCase.MaxK2S2_16x64x224x224,
        PeerCase.MaxK2S2_1x8x16x16, PeerCase.NearestX2_1x64x56x56, PeerCase.BilinearX2_1x64x56x56,
        PeerCase.BicubicX2_1x64x56x56, PeerCase.PixelShuffleX2_1x256x56x56)]
    public PeerCase Case { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        string shape = Case.ToString()[(Case.ToString().IndexOf('_') + 1)..];
        long[] dims = Array.ConvertAll(shape.Split('x'), long.Parse);
        bool nhwc = Case == PeerCase.MaxK2S2Nhwc_1x112x112x64;
        long n = dims[0], c = nhwc ? dims[3] : dims[1], h = nhwc ? dims[1] : dims[2], w = nhwc ? dims[2] : dims[3];
        (_h, _w, _c) = ((int)h, (int)w, (int)c);
        long[] nchw = { n, c, h, w };
        var random = new Random(42);
        _input = new float[n * c * h * w];
        for (int i = 0; i < _input.Length; i++) _input[i] = (float)(random.NextDouble() * 2 - 1);
        (string op, long[] outShape, int[]? kernel, int[]? strides, int[]? pads, int? p) = Case switch
        {
            PeerCase.MaxK3S2P1_1x64x112x112 => ("MaxPool", new[] { n, c, (h + 1) / 2, (w + 1) / 2 }, new[] { 3, 3 }, new[] { 2, 2 }, new[] { 1, 1, 1, 1 }, (int?)null),
            PeerCase.AvgK2S2_1x64x112x112 => ("AveragePool", new[] { n, c, h / 2, w / 2 }, new[] { 2, 2 }, new[] { 2, 2 }, null, null),
            PeerCase.GlobalAvg_8x512x7x7 => ("GlobalAveragePool", new[] { n, c, 1L, 1L }, null, null, null, null),
            PeerCase.LpP2K2S2_1x64x112x112 => ("LpPool", new[] { n, c, h / 2, w / 2 }, new[] { 2, 2 }, new[] { 2, 2 }, null, 2),
            PeerCase.NearestX2_1x64x56x56 or PeerCase.BilinearX2_1x64x56x56 or PeerCase.BicubicX2_1x64x56x56 => ("Resize", new[] { n, c, 2 * h, 2 * w }, null, null, null, null),
            PeerCase.PixelShuffleX2_1x256x56x56 => ("DepthToSpace", new[] { n, c / 4, 2 * h, 2 * w }, null, null, null, null),
            _ => ("MaxPool", new[] { n, c, h / 2, w / 2 }, new[] { 2, 2 }, new[] { 2, 2 }, null, null),
        };
        long outLength = outShape[0] * outShape[1] * outShape[2] * outShape[3];
        _output = new float[outLength];
        _onnxOutput = new float[outLength];
        byte[] model = Case switch
        {
            PeerCase.NearestX2_1x64x56x56 => OnnxModels.Resize(nchw, outShape, new[] { 1f, 1f, 2f, 2f }, "nearest", "asymmetric", "floor"),
            PeerCase.BilinearX2_1x64x56x56 => OnnxModels.Resize(nchw, outShape, new[] { 1f, 1f, 2f, 2f }, "linear", "half_pixel", null),
            // cubic_coeff_a defaults to −0.75 (PyTorch's A) and exclude_outside to 0: edge taps replicate, as PyTorch's do.
            PeerCase.BicubicX2_1x64x56x56 => OnnxModels.Resize(nchw, outShape, new[] { 1f, 1f, 2f, 2f }, "cubic", "half_pixel", null),
            PeerCase.PixelShuffleX2_1x256x56x56 => OnnxModels.DepthToSpace(nchw, outShape, 2),
            _ => OnnxModels.Pool(op, nchw, outShape, kernel, strides, pads, p),
        };
        _session1 = Session(model, 1);
        _session2 = Session(model, 2);
        _x = OrtValue.CreateTensorValueFromMemory(_input, nchw);
        _y = OrtValue.CreateTensorValueFromMemory(_onnxOutput, outShape);
        (_inputs, _outputs) = (new[] { _x }, new[] { _y });

        // Parallel = true gives the serial kernel's bits.
        Parallel();
        float[] parallel = (float[])_output.Clone();
        Generated();
        if (!parallel.AsSpan().SequenceEqual(_output)) throw new InvalidOperationException($"{Case}: Parallel = true differs from the serial kernel");

        // Same values before timing (the NHWC kernel's output is transposed back to NCHW for the comparison).
        OnnxRuntime1();
        float[] ours = nhwc ? ToChannelsFirst(_output, (int)(outLength / c), (int)c) : _output;
        if (nhwc)
        {
            // ONNX Runtime pooled the NHWC buffer as if it were NCHW: compare against our NCHW kernel on the same buffer instead.
            Kernels.MaxK2S2(ToChannelsFirst(_input, _h * _w, _c), ours, _h, _w);
            _session1.Run(_runOptions, InputNames, new[] { OrtValue.CreateTensorValueFromMemory(ToChannelsFirst(_input, _h * _w, _c), nchw) }, OutputNames, new[] { _y });
        }
        double worst = 0;
        for (int i = 0; i < outLength; i++) worst = Math.Max(worst, Math.Abs(ours[i] - _onnxOutput[i]));
        double tolerance = op is "MaxPool" or "DepthToSpace" || Case == PeerCase.NearestX2_1x64x56x56 ? 0 : 1e-5;
        if (worst > tolerance) throw new InvalidOperationException($"{Case}: generated and ONNX Runtime differ by {worst}");

        // OpenCV resizes each plane (a Mat header over the same buffers, one thread); its values checked the same way.
        if (op == "Resize")
        {
            _resize = Case switch
            {
                PeerCase.NearestX2_1x64x56x56 => OpenCvSharp.InterpolationFlags.Nearest,
                PeerCase.BilinearX2_1x64x56x56 => OpenCvSharp.InterpolationFlags.Linear,
                _ => OpenCvSharp.InterpolationFlags.Cubic,
            };
            OpenCvSharp.Cv2.SetNumThreads(1);
            _pins = new[] { GCHandle.Alloc(_input, GCHandleType.Pinned), GCHandle.Alloc(_openCvOutput = new float[outLength], GCHandleType.Pinned) };
            int planes = (int)(n * c), oh = (int)outShape[2], ow = (int)outShape[3];
            _openCvIn = new OpenCvSharp.Mat[planes];
            _openCvOut = new OpenCvSharp.Mat[planes];
            for (int plane = 0; plane < planes; plane++)
            {
                _openCvIn[plane] = OpenCvSharp.Mat.FromPixelData(_h, _w, OpenCvSharp.MatType.CV_32FC1, _pins[0].AddrOfPinnedObject() + plane * _h * _w * sizeof(float));
                _openCvOut[plane] = OpenCvSharp.Mat.FromPixelData(oh, ow, OpenCvSharp.MatType.CV_32FC1, _pins[1].AddrOfPinnedObject() + plane * oh * ow * sizeof(float));
            }
            OpenCv();
            worst = 0;
            for (int i = 0; i < outLength; i++) worst = Math.Max(worst, Math.Abs(_output[i] - _openCvOutput[i]));
            if (worst > (Case == PeerCase.NearestX2_1x64x56x56 ? 0 : 1e-4)) throw new InvalidOperationException($"{Case}: generated and OpenCV differ by {worst}");
            Console.WriteLine($"// {Case}: generated and OpenCV differ by at most {worst:G3}");
        }
    }

    private static InferenceSession Session(byte[] model, int threads)
    {
        var options = new SessionOptions { IntraOpNumThreads = threads, InterOpNumThreads = 1, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL };
        return new InferenceSession(model, options);
    }

    private static float[] ToChannelsFirst(float[] source, int spatial, int channels)
    {
        var target = new float[source.Length];
        for (int s = 0; s < spatial; s++)
        for (int ch = 0; ch < channels; ch++)
            target[ch * spatial + s] = source[s * channels + ch];
        return target;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _x?.Dispose();
        _y?.Dispose();
        _session1?.Dispose();
        _session2?.Dispose();
        foreach (var mat in _openCvIn) mat.Dispose();
        foreach (var mat in _openCvOut) mat.Dispose();
        foreach (var pin in _pins) pin.Free();
        (_openCvIn, _openCvOut, _pins) = (Array.Empty<OpenCvSharp.Mat>(), Array.Empty<OpenCvSharp.Mat>(), Array.Empty<GCHandle>());
    }

    /// <summary>The memory floor: read every input element and write every output element once, with the widest
    /// vectors the machine accelerates (512 or 256 bits: an emulated Vector512 would make the floor slow and the
    /// ratios flattering). x86 only, as ONNX Runtime and OpenCV here.</summary>
    [Benchmark]
    public float Floor()
    {
        float result = MemoryFloor.Max(_input);
        _output.AsSpan().Fill(result);
        return result;
    }

    /// <summary>The two-thread floor: the same reads and writes, each half of input and output on its own thread.</summary>
    [Benchmark]
    public void Floor2() => System.Threading.Tasks.Parallel.For(0, 2, half =>
    {
        int inHalf = _input.Length / 2, outHalf = _output.Length / 2;
        float result = MemoryFloor.Max(_input.AsSpan(half * inHalf, half == 0 ? inHalf : _input.Length - inHalf));
        _output.AsSpan(half * outHalf, half == 0 ? outHalf : _output.Length - outHalf).Fill(result);
    });

    [Benchmark(Baseline = true)]
    public void Generated()
    {
        switch (Case)
        {
            case PeerCase.MaxK3S2P1_1x64x112x112: Kernels.MaxK3S2P1(_input, _output, _h, _w); break;
            case PeerCase.AvgK2S2_1x64x112x112: Kernels.AvgK2S2(_input, _output, _h, _w); break;
            case PeerCase.GlobalAvg_8x512x7x7: Kernels.GlobalAverage(_input, _output, _h, _w); break;
            case PeerCase.MaxK2S2Nhwc_1x112x112x64: Kernels.MaxK2S2Nhwc(_input, _output, _h, _w, _c); break;
            case PeerCase.LpP2K2S2_1x64x112x112: Kernels.LpK2S2(_input, _output, _h, _w); break;
            case PeerCase.NearestX2_1x64x56x56: Kernels.Nearest2x(_input, _output, _h, _w); break;
            case PeerCase.BilinearX2_1x64x56x56: Kernels.Bilinear2x(_input, _output, _h, _w); break;
            case PeerCase.BicubicX2_1x64x56x56: Kernels.Bicubic2x(_input, _output, _h, _w); break;
            case PeerCase.PixelShuffleX2_1x256x56x56: Kernels.Shuffle2(_input, _output, _c, _h, _w); break;
            default: Kernels.MaxK2S2(_input, _output, _h, _w); break;
        }
    }

    /// <summary>The same kernel declared with <c>Parallel = true</c> (all cores; small calls stay serial).</summary>
    [Benchmark]
    public void Parallel()
    {
        switch (Case)
        {
            case PeerCase.MaxK3S2P1_1x64x112x112: Kernels.MaxK3S2P1Parallel(_input, _output, _h, _w); break;
            case PeerCase.AvgK2S2_1x64x112x112: Kernels.AvgK2S2Parallel(_input, _output, _h, _w); break;
            case PeerCase.GlobalAvg_8x512x7x7: Kernels.GlobalAverageParallel(_input, _output, _h, _w); break;
            case PeerCase.MaxK2S2Nhwc_1x112x112x64: Kernels.MaxK2S2NhwcParallel(_input, _output, _h, _w, _c); break;
            case PeerCase.LpP2K2S2_1x64x112x112: Kernels.LpK2S2Parallel(_input, _output, _h, _w); break;
            case PeerCase.NearestX2_1x64x56x56: Kernels.Nearest2xParallel(_input, _output, _h, _w); break;
            case PeerCase.BilinearX2_1x64x56x56: Kernels.Bilinear2xParallel(_input, _output, _h, _w); break;
            case PeerCase.BicubicX2_1x64x56x56: Kernels.Bicubic2xParallel(_input, _output, _h, _w); break;
            case PeerCase.PixelShuffleX2_1x256x56x56: Kernels.Shuffle2Parallel(_input, _output, _c, _h, _w); break;
            default: Kernels.MaxK2S2Parallel(_input, _output, _h, _w); break;
        }
    }

    [Benchmark]
    public void OnnxRuntime1() => _session1!.Run(_runOptions, InputNames, _inputs, OutputNames, _outputs);

    [Benchmark]
    public void OnnxRuntime2() => _session2!.Run(_runOptions, InputNames, _inputs, OutputNames, _outputs);

    /// <summary>OpenCV's <c>Cv2.Resize</c> plane by plane, one thread (upsampling cases; nothing to do for the others,
    /// whose rows the report leaves empty).</summary>
    [Benchmark]
    public void OpenCv()
    {
        for (int plane = 0; plane < _openCvIn.Length; plane++)
            OpenCvSharp.Cv2.Resize(_openCvIn[plane], _openCvOut[plane], _openCvOut[plane].Size(), 0, 0, _resize);
    }
}
