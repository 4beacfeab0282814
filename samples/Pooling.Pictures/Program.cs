using System.Collections.Generic;
using System.Linq;
using System;
using System.IO;
using Pooling.Pictures;
using static Pooling.Pictures.Canvas;

// dotnet run --project samples/Pooling.Pictures [-- [all|seed-demo|upsample-gallery|model-input] [image path | --procedural]]
// With no arguments both pictures are drawn from the built-in cat photograph.
const string Usage = """
    usage: Pooling.Pictures [all|seed-demo|upsample-gallery|model-input] [image-path | --procedural]
      all (default)      every picture
      seed-demo          four feature maps pooled by three generated kernels -> seed-demo.png
      upsample-gallery   a 32x32 image blown up x4 by each upsampling mode -> upsample-gallery.png
      model-input        the photograph as a [1, 3, 224, 224] model input, and its uint8 resize beside Pillow's -> pillow-resize.png
      image-path         any PNG/JPEG/WebP/GIF/BMP; the largest centred square is used (aspect kept by cropping)
      --procedural       the procedural rings image instead of the built-in cat photograph (CC0)
    """;
if (args.Any(a => a is "-h" or "--help" or "help"))
{
    Console.WriteLine(Usage);
    return 0;
}
string which = args.Length > 0 ? args[0] : "all";
if (which is not ("all" or "seed-demo" or "upsample-gallery" or "model-input"))
{
    Console.Error.WriteLine($"error: unknown picture '{which}' (expected all, seed-demo, upsample-gallery or model-input; --help for usage)");
    return 2;
}
float[] image;
if (args.Length < 2) image = Cat();
else if (args[1] == "--procedural") image = Procedural();
else if (Load(args[1], out string error) is { } loaded) image = loaded;
else
{
    Console.Error.WriteLine("error: " + error);
    return 1;
}
if (which is "all" or "seed-demo") SeedDemo(image);
if (which is "all" or "upsample-gallery") UpsampleGallery(image);
if (which is "all" or "model-input") ModelInput();
return 0;

// The photograph into a model: one generated call from its RGB bytes to a normalised [1, 3, 224, 224] tensor; and the
// uint8 resize beside Pillow's own (embedded), with their difference.
static void ModelInput()
{
    byte[] rgb = EmbeddedRgb("chelsea.png", out int height, out int width);      // 300×451, interleaved RGB
    var input = new float[1 * 3 * 224 * 224];
    Kernels.ToModelInput(rgb, input, height, width);                            // resize, ToTensor, Normalize: NCHW
    Console.WriteLine($"model input [1, 3, 224, 224] from a {width}×{height} photo: min {input.Min():0.###}, max {input.Max():0.###}, "
        + $"input[0, 0, 112, 112] = {input[112 * 224 + 112]:0.######}");

    var ours = new byte[224 * 224 * 3];
    Kernels.Thumbnail(rgb, ours, height, width);
    byte[] pillow = EmbeddedRgb("chelsea-224-pillow.png", out _, out _);
    var difference = new byte[ours.Length];
    int largest = 0;
    for (int i = 0; i < ours.Length; i++)
    {
        int d = Math.Abs(ours[i] - pillow[i]);
        largest = Math.Max(largest, d);
        difference[i] = (byte)Math.Min(255, 64 * d);      // any difference would show bright
    }
    var row = new List<Panel>
    {
        new($"generated, from {width}×{height}", Array.Empty<float>(), 0, 224, 224) { Rgb = ours },
        new("Pillow 9.4 Image.resize", Array.Empty<float>(), 0, 224, 224) { Rgb = pillow },
        new($"|difference| ×64 (max {largest})", Array.Empty<float>(), 0, 224, 224) { Rgb = difference },
    };
    WriteGrid("pillow-resize.png", "uint8 antialiased bilinear: generated beside Pillow", new[] { (IReadOnlyList<Panel>)row }, cell: 256);
    Console.WriteLine($"pillow-resize.png: the photo resized to 224×224, generated vs Pillow: largest difference {largest}");
}

// The seed demo as a picture: four feature maps (original, shifted right, shifted down, blended), each pooled three ways.
static void SeedDemo(float[] image)
{
    const int maps = 4, n = Size * Size;
    var features = new float[maps * n];
    for (int y = 0; y < Size; y++)
    for (int x = 0; x < Size; x++)
    {
        int i = y * Size + x;
        float right = x >= 8 ? image[i - 8] : 0f, down = y >= 8 ? image[i - 8 * Size] : 0f;
        features[i] = image[i];
        features[n + i] = right;
        features[2 * n + i] = down;
        features[3 * n + i] = (image[i] + right + down) / 3f;
    }
    var max = new float[maps * 64 * 64];
    var avg = new float[maps * 64 * 64];
    var fit = new float[maps * 32 * 32];
    Kernels.MaxPool2(features, max, Size, Size);
    Kernels.AvgPool3(features, avg, Size, Size);
    Kernels.AdaptiveMax32(features, fit, Size, Size);

    string[] names = { "original", "shifted right", "shifted down", "blended" };
    var rows = new[] { "input", "MaxPool(2,2)", "AvgPool(3,2,1)", "AdaptiveMax(32)" }
        .Select((op, r) => (IReadOnlyList<Panel>)Enumerable.Range(0, maps).Select(m => r switch
        {
            0 => new Panel($"{names[m]} {Size}×{Size}", features, m, Size, Size),
            1 => new Panel($"{op} 64×64", max, m, 64, 64),
            2 => new Panel($"{op} 64×64", avg, m, 64, 64),
            _ => new Panel($"{op} 32×32", fit, m, 32, 32),
        }).ToList())
        .ToList();
    WriteGrid("seed-demo.png", $"[1, 4, {Size}, {Size}] feature maps and three generated pooling kernels", rows, cell: 200);
    Console.WriteLine($"seed-demo.png: input [1, 4, {Size}, {Size}] → MaxPool [1, 4, 64, 64], AvgPool [1, 4, 64, 64], AdaptiveMaxPool [1, 4, 32, 32]");
}

// Upsampling gallery: a 32×32 version of the image blown up ×4 by each interpolation mode.
static void UpsampleGallery(float[] image)
{
    var small = new float[32 * 32];
    Kernels.Shrink32(image, small, Size, Size);
    var outputs = new (string Name, Action<float[], float[]> Run)[]
    {
        ("nearest ×4", (i, o) => Kernels.Nearest4(i, o, 32, 32)),
        ("nearest-exact ×4", (i, o) => Kernels.NearestExact4(i, o, 32, 32)),
        ("bilinear ×4", (i, o) => Kernels.Bilinear4(i, o, 32, 32)),
        ("bicubic ×4", (i, o) => Kernels.Bicubic4(i, o, 32, 32)),
        ("bicubic antialias ×4", (i, o) => Kernels.BicubicAntialias4(i, o, 32, 32)),
    };
    var row = new List<Panel> { new("input 32×32", small, 0, 32, 32) };
    foreach (var (name, run) in outputs)
    {
        var up = new float[Size * Size];
        run(small, up);
        row.Add(new Panel(name, up, 0, Size, Size));
    }
    WriteGrid("upsample-gallery.png", "32×32 → 128×128 with each generated Upsample kernel", new[] { (IReadOnlyList<Panel>)row }, cell: 192);
    Console.WriteLine("upsample-gallery.png: [1, 1, 32, 32] → [1, 1, 128, 128] by nearest, nearest-exact, bilinear, bicubic, bicubic with antialias");
}
