using Pooling.Reference;

namespace Pooling.Generators.Tests.Infrastructure;

/// <summary>A MaxUnpool configuration: its declaration (input, indices, output, extents…) and its reference result.</summary>
internal sealed record UnpoolCase(
    string Element,
    int[] Kernel,
    int[]? Stride,
    int[] Padding,
    int[]? OutputSize = null,
    string IndexType = "long",
    int[]? ConstantInputSize = null,
    bool PadToOutputSize = false) : IKernelCase   // ONNX's output_shape: the default output padded to OutputSize
{
    public int Rank => Kernel.Length;

    public int[] StrideOrKernel => Stride ?? Kernel;

    public Type ElementType => KernelSuite.ElementType(Element);

    public string Attribute()
    {
        bool perAxis = Kernel.Distinct().Count() > 1 || (Stride is not null && Stride.Distinct().Count() > 1);
        string Axes(int[] v) => perAxis ? $"new[] {{ {string.Join(", ", v)} }}" : v[0].ToString();
        var args = new List<string> { Axes(Kernel) };
        if (Stride is not null) args.Add(Axes(Stride));
        if (Padding.Any(p => p != 0)) args.Add(Padding.Distinct().Count() == 1 ? $"Padding = {Padding[0]}" : $"PaddingPerAxis = new[] {{ {string.Join(", ", Padding)} }}");
        if (OutputSize is not null) args.Add($"OutputSize = new[] {{ {string.Join(", ", OutputSize)} }}");
        if (PadToOutputSize) args.Add("PadToOutputSize = true");
        if (ConstantInputSize is not null) args.Add($"InputSize = new[] {{ {string.Join(", ", ConstantInputSize)} }}");
        return $"[MaxUnpool({string.Join(", ", args)})]";
    }

    public string Declaration(string name)
    {
        bool constant = ConstantInputSize is not null;
        var parameters = new List<string> { $"ReadOnlySpan<{Element}> input", $"ReadOnlySpan<{IndexType}> indices", $"Span<{Element}> output" };
        var call = new List<string> { $"({Element}[])input", $"({IndexType}[])indices!", $"({Element}[])output" };
        if (!constant)
        {
            parameters.AddRange(Enumerable.Range(0, Rank).Select(a => $"int extent{a}"));
            call.AddRange(Enumerable.Range(0, Rank).Select(a => $"size[{a}]"));
        }
        return $"    {Attribute()}\n    public static partial void {name}({string.Join(", ", parameters)});\n"
            + $"    public static void {name}_Run(object input, object output, object? indices, int[] size) => {name}({string.Join(", ", call)});\n";
    }

    public int[] OutputFor(int[] inputSize) =>
        OutputSize ?? Enumerable.Range(0, Rank).Select(a => (int)PoolingShape.UnpoolLength(inputSize[a], Kernel[a], StrideOrKernel[a], Padding[a])).ToArray();

    public Array Reference(Array input, long[] indices, int[] size, int outputLength)
    {
        if (PadToOutputSize)
        {
            // ONNX's output_shape: unpool at the default size, then the same positions in the larger output.
            int[] defaults = Enumerable.Range(0, Rank).Select(a => (int)PoolingShape.UnpoolLength(size[a], Kernel[a], StrideOrKernel[a], Padding[a])).ToArray();
            int defaultPlane = defaults.Aggregate(1, (p, v) => p * v), outPlane = OutputSize!.Aggregate(1, (p, v) => p * v), planes = outputLength / outPlane;
            var small = (this with { OutputSize = defaults, PadToOutputSize = false }).Reference(input, indices, size, planes * defaultPlane);
            var padded = Array.CreateInstance(ElementType, outputLength);
            for (int plane = 0; plane < planes; plane++)
            for (int i = 0; i < defaultPlane; i++)
            {
                int target = 0, rest = i;
                var position = new int[Rank];
                for (int a = Rank - 1; a >= 0; a--)
                {
                    position[a] = rest % defaults[a];
                    rest /= defaults[a];
                }
                for (int a = 0; a < Rank; a++) target = target * OutputSize![a] + position[a];
                padded.SetValue(small.GetValue(plane * defaultPlane + i), plane * outPlane + target);
            }
            return padded;
        }
        var output = Array.CreateInstance(ElementType, outputLength);
        switch (input)
        {
            case float[] a: ReferenceUnpooling.MaxUnpool<float>(a, indices, size, OutputFor(size), (float[])output); break;
            case double[] a: ReferenceUnpooling.MaxUnpool<double>(a, indices, size, OutputFor(size), (double[])output); break;
            case Half[] a: ReferenceUnpooling.MaxUnpool<Half>(a, indices, size, OutputFor(size), (Half[])output); break;
            case byte[] a: ReferenceUnpooling.MaxUnpool<byte>(a, indices, size, OutputFor(size), (byte[])output); break;
            case int[] a: ReferenceUnpooling.MaxUnpool<int>(a, indices, size, OutputFor(size), (int[])output); break;
            default: ReferenceUnpooling.MaxUnpool<long>((long[])input, indices, size, OutputFor(size), (long[])output); break;
        }
        return output;
    }

    public override string ToString() => $"{Attribute()} {Element} indices {IndexType}";
}
