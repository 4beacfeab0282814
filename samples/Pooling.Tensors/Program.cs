using System;
using System.Numerics.Tensors;
using Pooling;

// Tensor-span kernels: the shapes come from the tensors. A [2, 3, 8, 8] batch of 3-channel 8×8 images is pooled to
// [2, 3, 4, 4] and upsampled back to [2, 3, 8, 8]; a wrong output shape is an ArgumentException naming the tensor.
var values = new float[2 * 3 * 8 * 8];
for (int i = 0; i < values.Length; i++) values[i] = i % 8 + i / 8 % 8;   // a ramp along width and height
var images = Tensor.Create(values, [2, 3, 8, 8]);

var (height, width) = Layers.PoolOutputSize(8, 8);                      // (4, 4): the companion sizes the output
var pooled = Zeros<float>(2, 3, height, width);
var indices = Zeros<long>(2, 3, height, width);
Layers.Pool(images.AsReadOnlyTensorSpan(), pooled.AsTensorSpan(), indices.AsTensorSpan());

var restored = Zeros<float>(2, 3, 8, 8);
Layers.Upsample(pooled.AsReadOnlyTensorSpan(), restored.AsTensorSpan());

Console.WriteLine($"pooled   {Shape(pooled.Lengths)}: first row {string.Join(" ", pooled.AsReadOnlyTensorSpan().GetSpan([0, 0, 0, 0], 4).ToArray())}");
Console.WriteLine($"indices  {Shape(indices.Lengths)}: first row {string.Join(" ", indices.AsReadOnlyTensorSpan().GetSpan([0, 0, 0, 0], 4).ToArray())}");
Console.WriteLine($"restored {Shape(restored.Lengths)}: first row {string.Join(" ", restored.AsReadOnlyTensorSpan().GetSpan([0, 0, 0, 0], 8).ToArray())}");

try
{
    Layers.Pool(images.AsReadOnlyTensorSpan(), Zeros<float>(2, 3, 8, 2).AsTensorSpan(), indices.AsTensorSpan());
}
catch (ArgumentException e)
{
    Console.WriteLine($"wrong output shape: {e.Message}");
}

static Tensor<T> Zeros<T>(params nint[] lengths) => Tensor.CreateFromShape<T>(lengths);

static string Shape(ReadOnlySpan<nint> lengths) => "[" + string.Join(", ", lengths.ToArray()) + "]";

internal static partial class Layers
{
    [MaxPool(2, 2)]                                        // nn.MaxPool2d(2, 2, return_indices=True)
    public static partial void Pool(ReadOnlyTensorSpan<float> input, TensorSpan<float> output, TensorSpan<long> indices);

    [Upsample(UpsampleMode.Bilinear, 2)]                   // nn.Upsample(scale_factor=2, mode='bilinear')
    public static partial void Upsample(ReadOnlyTensorSpan<float> input, TensorSpan<float> output);
}
