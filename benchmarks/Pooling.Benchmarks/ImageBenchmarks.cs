using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using SkiaSharp;

namespace Pooling.Benchmarks;

/// <summary>The cases of the image table: an interleaved uint8 RGB image of the first size resized to the second.</summary>
public enum ImageCase
{
    Bilinear_1920x1080_224x224,
    Bicubic_1920x1080_224x224,
    Bilinear_270x268_224x224,
    Bilinear_224x224_448x448,
    Bicubic_224x224_448x448,
    Box_640x480_320x240,
    /// <summary>The float antialias kernel (PyTorch's), three planes; its floor moves floats.</summary>
    FloatBilinear_1920x1080_224x224,
}

/// <summary>
/// uint8 image resizing beside its floor and its peers, one thread, in one run: <see cref="Floor"/> reads the input bytes
/// and writes the output bytes once with the widest vectors; the generated kernel (Pillow's result, bit for bit);
/// OpenCV's Resize (no antialiasing; also INTER_LINEAR_EXACT), ImageSharp 2.1 and SkiaSharp (RGBA, its only 8-bit
/// layout) — each peer's largest difference from Pillow's bytes is printed at setup. The box case is UpsampleMode.Box
/// (Pillow's BOX) against OpenCV's INTER_AREA. Pillow's own
/// times come from tools/bench/pillow_resize.py, run right after on the same machine.
/// </summary>
[MemoryDiagnoser]
public class ImageBenchmarks
{
    private byte[] _input = Array.Empty<byte>(), _output = Array.Empty<byte>(), _peerOutput = Array.Empty<byte>();
    private float[] _floatInput = Array.Empty<float>(), _floatOutput = Array.Empty<float>(), _fused = Array.Empty<float>();
    private int _inH, _inW, _outH, _outW;
    private string _filter = "";
    private OpenCvSharp.Mat? _cvIn, _cvOut;
    private GCHandle[] _pins = Array.Empty<GCHandle>();
    private Image<Rgb24>? _imageSharp;
    private SKBitmap? _skiaIn, _skiaOut;

    /// <summary>Each peer's largest difference from Pillow's bytes, per case (filled at setup, read by the report).</summary>
    public static readonly Dictionary<(string Case, string Peer), int> Differences = new();

    [Params(ImageCase.Bilinear_1920x1080_224x224, ImageCase.Bicubic_1920x1080_224x224, ImageCase.Bilinear_270x268_224x224,
        ImageCase.Bilinear_224x224_448x448, ImageCase.Bicubic_224x224_448x448, ImageCase.Box_640x480_320x240, ImageCase.FloatBilinear_1920x1080_224x224)]
    public ImageCase Case { get; set; }

    private bool IsFloat => Case == ImageCase.FloatBilinear_1920x1080_224x224;

    [GlobalSetup]
    public void Setup()
    {
        string[] parts = Case.ToString().Split('_');
        _filter = parts[0];
        int[] from = Array.ConvertAll(parts[1].Split('x'), int.Parse), to = Array.ConvertAll(parts[2].Split('x'), int.Parse);
        (_inW, _inH, _outW, _outH) = (from[0], from[1], to[0], to[1]);
        var random = new Random(42);
        // A smooth image with noise (a photo's statistics matter little to the time; random bytes would alias).
        _input = new byte[_inH * _inW * 3];
        for (int y = 0; y < _inH; y++)
        for (int x = 0; x < _inW; x++)
        for (int k = 0; k < 3; k++)
            _input[(y * _inW + x) * 3 + k] = (byte)Math.Clamp(128 + 100 * Math.Sin(x * 0.013 * (k + 1) + y * 0.021) + random.Next(-20, 21), 0, 255);
        _output = new byte[_outH * _outW * 3];
        _peerOutput = new byte[_output.Length];
        if (IsFloat)
        {
            _floatInput = new float[3 * _inH * _inW];
            for (int i = 0; i < _floatInput.Length; i++) _floatInput[i] = _input[i];
            _floatOutput = new float[3 * _outH * _outW];
            return;
        }
        _fused = new float[_output.Length];
        Generated();

        OpenCvSharp.Cv2.SetNumThreads(1);
        _pins = new[] { GCHandle.Alloc(_input, GCHandleType.Pinned), GCHandle.Alloc(_peerOutput, GCHandleType.Pinned) };
        _cvIn = OpenCvSharp.Mat.FromPixelData(_inH, _inW, OpenCvSharp.MatType.CV_8UC3, _pins[0].AddrOfPinnedObject());
        _cvOut = OpenCvSharp.Mat.FromPixelData(_outH, _outW, OpenCvSharp.MatType.CV_8UC3, _pins[1].AddrOfPinnedObject());
        Record("OpenCV", () => OpenCv());
        if (_filter == "Bilinear") Record("OpenCV LinearExact", () => OpenCvLinearExact());

        Configuration.Default.MaxDegreeOfParallelism = 1;
        _imageSharp = Image.LoadPixelData<Rgb24>(_input, _inW, _inH);
        Record("ImageSharp", () =>
        {
            using var resized = ImageSharpResize();
            resized.CopyPixelDataTo(_peerOutput);
        });

        _skiaIn = new SKBitmap(new SKImageInfo(_inW, _inH, SKColorType.Rgba8888, SKAlphaType.Opaque));
        _skiaOut = new SKBitmap(new SKImageInfo(_outW, _outH, SKColorType.Rgba8888, SKAlphaType.Opaque));
        unsafe
        {
            byte* p = (byte*)_skiaIn.GetPixels();
            for (int i = 0; i < _inH * _inW; i++)
            {
                p[4 * i] = _input[3 * i]; p[4 * i + 1] = _input[3 * i + 1]; p[4 * i + 2] = _input[3 * i + 2]; p[4 * i + 3] = 255;
            }
        }
        Record("SkiaSharp", () =>
        {
            Skia();
            unsafe
            {
                byte* p = (byte*)_skiaOut.GetPixels();
                for (int i = 0; i < _outH * _outW; i++)
                {
                    _peerOutput[3 * i] = p[4 * i]; _peerOutput[3 * i + 1] = p[4 * i + 1]; _peerOutput[3 * i + 2] = p[4 * i + 2];
                }
            }
        });
    }

    // Runs a peer once and records its largest difference from the generated (Pillow-exact) bytes.
    private void Record(string peer, Action run)
    {
        Array.Clear(_peerOutput);
        run();
        int worst = 0;
        for (int i = 0; i < _output.Length; i++) worst = Math.Max(worst, Math.Abs(_output[i] - _peerOutput[i]));
        Differences[(Case.ToString(), peer)] = worst;
        Console.WriteLine($"// {Case}: {peer} differs from Pillow's bytes by at most {worst}");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _cvIn?.Dispose();
        _cvOut?.Dispose();
        foreach (var pin in _pins) pin.Free();
        _pins = Array.Empty<GCHandle>();
        _imageSharp?.Dispose();
        _skiaIn?.Dispose();
        _skiaOut?.Dispose();
    }

    /// <summary>Reads every input byte (float) and writes every output byte (float) once, widest vectors.</summary>
    [Benchmark]
    public byte Floor()
    {
        var input = IsFloat ? MemoryMarshal.AsBytes(_floatInput.AsSpan()) : _input;
        var output = IsFloat ? MemoryMarshal.AsBytes(_floatOutput.AsSpan()) : _output;
        var acc = Vector256<byte>.Zero;
        int i = 0;
        for (; i + 32 <= input.Length; i += 32) acc |= Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(input), (nuint)i);
        for (int o = 0; o + 32 <= output.Length; o += 32) acc.StoreUnsafe(ref MemoryMarshal.GetReference(output), (nuint)o);
        return acc.GetElement(0);
    }

    [Benchmark(Baseline = true)]
    public void Generated()
    {
        switch (Case)
        {
            case ImageCase.Bilinear_1920x1080_224x224 or ImageCase.Bilinear_270x268_224x224: ImageKernels.Bilinear224(_input, _output, _inH, _inW); break;
            case ImageCase.Bicubic_1920x1080_224x224: ImageKernels.Bicubic224(_input, _output, _inH, _inW); break;
            case ImageCase.Bilinear_224x224_448x448: ImageKernels.Bilinear448(_input, _output, _inH, _inW); break;
            case ImageCase.Bicubic_224x224_448x448: ImageKernels.Bicubic448(_input, _output, _inH, _inW); break;
            case ImageCase.Box_640x480_320x240: ImageKernels.Box240x320(_input, _output, _inH, _inW); break;
            default: ImageKernels.FloatBilinear224(_floatInput, _floatOutput, _inH, _inW); break;
        }
    }

    /// <summary>Resize, ToTensor and Normalize in one call (the 224×224 cases only).</summary>
    [Benchmark]
    public void Fused()
    {
        if (_outW == 224 && !IsFloat && _filter == "Bilinear") ImageKernels.Preprocess224(_input, _fused, _inH, _inW);
    }

    [Benchmark]
    public void OpenCv()
    {
        if (_cvIn is null) return;
        var flags = _filter switch { "Bilinear" => OpenCvSharp.InterpolationFlags.Linear, "Bicubic" => OpenCvSharp.InterpolationFlags.Cubic, _ => OpenCvSharp.InterpolationFlags.Area };
        OpenCvSharp.Cv2.Resize(_cvIn, _cvOut!, new OpenCvSharp.Size(_outW, _outH), 0, 0, flags);
    }

    [Benchmark]
    public void OpenCvLinearExact()
    {
        if (_cvIn is null || _filter != "Bilinear") return;
        OpenCvSharp.Cv2.Resize(_cvIn, _cvOut!, new OpenCvSharp.Size(_outW, _outH), 0, 0, OpenCvSharp.InterpolationFlags.LinearExact);
    }

    private Image<Rgb24> ImageSharpResize() => _imageSharp!.Clone(x => x.Resize(new ResizeOptions
    {
        Size = new Size(_outW, _outH),
        Mode = ResizeMode.Stretch,
        Sampler = _filter switch { "Bilinear" => KnownResamplers.Triangle, "Bicubic" => KnownResamplers.Bicubic, _ => KnownResamplers.Box },
    }));

    [Benchmark]
    public void ImageSharp()
    {
        if (_imageSharp is null) return;
        using var resized = ImageSharpResize();
    }

    [Benchmark]
    public void Skia()
    {
        if (_skiaIn is null) return;
        var sampling = _filter == "Bicubic" ? new SKSamplingOptions(SKCubicResampler.CatmullRom) : new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None);
        _skiaIn.ScalePixels(_skiaOut!, sampling);
    }
}
