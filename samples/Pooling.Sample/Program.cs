using System.Linq;
using System;
using System.Globalization;
using Pooling.Sample;

// The seed demo: one procedural 128×128 image, four feature maps, pooled by kernels generated from attributes.
const int size = 128, maps = 4;
var image = new float[size * size];
for (int y = 0; y < size; y++)
for (int x = 0; x < size; x++)
{
    // Concentric rings with a diagonal gradient: structure at several scales, values in [0, 1].
    double r = Math.Sqrt((x - 64.0) * (x - 64.0) + (y - 64.0) * (y - 64.0));
    image[y * size + x] = (float)(0.5 + 0.35 * Math.Cos(r / 4.0) + 0.15 * (x + y) / (2.0 * size));
}

// Feature maps (N = 1, C = 4): original, shifted right by 8, shifted down by 8, and the blend of the three.
var features = new float[maps * size * size];
for (int y = 0; y < size; y++)
for (int x = 0; x < size; x++)
{
    int i = y * size + x;
    float original = image[i];
    float right = x >= 8 ? image[i - 8] : 0f;
    float down = y >= 8 ? image[i - 8 * size] : 0f;
    features[0 * size * size + i] = original;
    features[1 * size * size + i] = right;
    features[2 * size * size + i] = down;
    features[3 * size * size + i] = (original + right + down) / 3f;
}
Console.WriteLine($"input            [1, {maps}, {size}, {size}]");

var max = new float[maps * 64 * 64];
Kernels.MaxPool2x2(features, max, size, size);
Console.WriteLine($"MaxPool(2, 2)    [1, {maps}, 64, 64]   first values {Show(max, 4)}");

var avg = new float[maps * 64 * 64];
Kernels.AvgPool3x3(features, avg);
Console.WriteLine($"AvgPool(3, 2, 1) [1, {maps}, 64, 64]   first values {Show(avg, 4)}");

var indices = new long[maps * 64 * 64];
Kernels.MaxPoolWithIndices(features, max, indices, size, size);
Console.WriteLine($"MaxPool indices  [1, {maps}, 64, 64]   first values [{string.Join(", ", indices[..4])}]");

var fitted = new float[maps * 32 * 32];
Kernels.Fit32(features, fitted, size, size);
Console.WriteLine($"AdaptiveMaxPool(32, 32) [1, {maps}, 32, 32]   first values {Show(fitted, 4)}");

// Upsampling the 64×64 max-pooled maps back to 128×128: nearest repeats pixels, bilinear blends them.
var nearest = new float[maps * size * size];
var bilinear = new float[maps * size * size];
Kernels.UpNearest(max, nearest, 64, 64);
Kernels.UpBilinear(max, bilinear, 64, 64);
Console.WriteLine($"Upsample nearest ×2  [1, {maps}, 64, 64] -> [1, {maps}, {size}, {size}]   row 0 {Show(nearest, 4)}");
Console.WriteLine($"Upsample bilinear ×2 [1, {maps}, 64, 64] -> [1, {maps}, {size}, {size}]   row 0 {Show(bilinear, 4)}");

var row = new byte[] { 9, 3, 7, 7, 1, 8, 8, 8, 2, 6 };
var eroded = new byte[row.Length];
Kernels.Erode(row, eroded, row.Length);
Console.WriteLine($"MinPool(3, 1, 1) [{string.Join(", ", row)}] -> [{string.Join(", ", eroded)}]");

static string Show(float[] values, int count) =>
    "[" + string.Join(", ", values[..count].Select(v => v.ToString("0.0000", CultureInfo.InvariantCulture))) + "]";
