using System.Globalization;
using System.Reflection;
using Pooling.Reference;

namespace Pooling.Generators.Tests.Infrastructure;

/// <summary>
/// One sliding-window pool configuration as a test describes it: renders the attribute and partial declaration the
/// user would write, plus an array-taking wrapper (spans cannot go through reflection), and runs the reference.
/// </summary>
internal sealed record PoolCase(
    string Op,                 // "MaxPool", "MinPool", "AvgPool"
    string Element,            // C# keyword or "Half"
    int[] Kernel,
    int[]? Stride,             // null: omitted (= kernel)
    int[] Padding,
    int[] Dilation,
    bool CeilMode = false,
    bool CountIncludePad = true,
    int? DivisorOverride = null,
    string? IndexType = null,  // null, "int" or "long"
    int[]? ConstantInputSize = null,
    double NormType = 2,
    int[]? PaddingEnd = null,  // ONNX pads: Padding before each axis, PaddingEnd after it
    string? AutoPad = null,    // AutoPad member name (ONNX auto_pad); the padding then comes from the extents
    bool Absolute = false,
    bool TensorIndices = false,   // ONNX: indices over the whole tensor
    bool ColumnMajor = false) : IDifferentialCase   // ONNX: storage_order 1
{
    public int[] OutputExtents(int[] inputSize) => WindowFor(inputSize).OutputSize(inputSize);

    public (Array Output, long[]? Indices) Expected(Array input, int[] size, int outputLength) => Reference(input, size, outputLength);

    public int Rank => Kernel.Length;

    public PoolWindow Window => WindowFor(ConstantInputSize);

    /// <summary>The window for an input size: with <see cref="AutoPad"/> SAME, ONNX's padding for those extents.</summary>
    public PoolWindow WindowFor(int[]? size)
    {
        int[] stride = Stride ?? Kernel;
        if (AutoPad is null) return new(Kernel, stride, Padding, Dilation, CeilMode, PaddingEnd);
        var begin = new int[Rank];
        var end = new int[Rank];
        if (AutoPad != "Valid")
        {
            for (int a = 0; a < Rank; a++)
                PoolingShape.SamePadding(size?[a] ?? 1, Kernel[a], stride[a], Dilation[a], AutoPad == "SameUpper", out begin[a], out end[a]);
        }
        return new(Kernel, stride, begin, Dilation, CeilMode, end);
    }

    public Type ElementType => KernelSuite.ElementType(Element);

    public string Attribute()
    {
        // The constructors take kernel and stride both as scalars or both as per-axis arrays.
        bool perAxis = !Uniform(Kernel) || (Stride is not null && !Uniform(Stride));
        var args = new List<string>();
        if (Op == "LpPool") args.Add(NormType.ToString("R", CultureInfo.InvariantCulture));
        args.Add(Axes(Kernel, perAxis));
        if (Stride is not null) args.Add(Axes(Stride, perAxis));
        if (AutoPad is not null) args.Add($"AutoPad = AutoPad.{AutoPad}");
        else if (PaddingEnd is not null) args.Add($"Pads = new[] {{ {string.Join(", ", Padding.Concat(PaddingEnd))} }}");
        else AddNamed(args, "Padding", Padding, 0);
        AddNamed(args, "Dilation", Dilation, 1);
        if (Absolute) args.Add("Absolute = true");
        if (TensorIndices) args.Add("TensorIndices = true");
        if (ColumnMajor) args.Add("StorageOrder = IndexOrder.ColumnMajor");
        if (CeilMode) args.Add("CeilMode = true");
        if (Op == "AvgPool" && !CountIncludePad) args.Add("CountIncludePad = false");
        if (DivisorOverride is { } divisor) args.Add($"DivisorOverride = {divisor}");
        if (ConstantInputSize is not null) args.Add($"InputSize = new[] {{ {string.Join(", ", ConstantInputSize)} }}");
        return $"[{Op}({string.Join(", ", args)})]";
    }

    public string Declaration(string name) =>
        $"    {Attribute()}\n    public static partial void {name}({KernelSuite.Parameters(Element, IndexType, Rank, ConstantInputSize is not null)});\n"
        + KernelSuite.Wrapper(name, Element, IndexType, Rank, ConstantInputSize is not null);

    /// <summary>The reference kernel's output (and plane-relative indices) for <paramref name="input"/>.</summary>
    public (Array Output, long[]? Indices) Reference(Array input, int[] size, int outputLength) => Op == "LpPool" ? (Lp(input, size, outputLength), null) : Element switch
    {
        "float" => Run<float, float>((float[])input, size, outputLength),
        "double" => Run<double, double>((double[])input, size, outputLength),
        "Half" => Run<Half, float>((Half[])input, size, outputLength),
        "byte" => Run<byte, float>((byte[])input, size, outputLength),
        "sbyte" => Run<sbyte, float>((sbyte[])input, size, outputLength),
        "short" => Run<short, float>((short[])input, size, outputLength),
        "ushort" => Run<ushort, float>((ushort[])input, size, outputLength),
        "int" => Run<int, float>((int[])input, size, outputLength),
        _ => Run<long, float>((long[])input, size, outputLength),
    };

    private Array Lp(Array input, int[] size, int outputLength)
    {
        var window = WindowFor(size);
        if (Absolute)
        {
            switch (input)
            {
                case float[] f: { var o = new float[outputLength]; ReferenceLpPooling.OnnxLpPool(f, size, NormType, window, o); return o; }
                case double[] d: { var o = new double[outputLength]; ReferenceLpPooling.OnnxLpPool(d, size, NormType, window, o); return o; }
                default: { var o = new Half[outputLength]; ReferenceLpPooling.OnnxLpPool((Half[])input, size, NormType, window, o); return o; }
            }
        }
        switch (input)
        {
            case float[] f: { var o = new float[outputLength]; ReferenceLpPooling.LpPool(f, size, NormType, window, o); return o; }
            case double[] d: { var o = new double[outputLength]; ReferenceLpPooling.LpPool(d, size, NormType, window, o); return o; }
            default: { var o = new Half[outputLength]; ReferenceLpPooling.LpPool((Half[])input, size, NormType, window, o); return o; }
        }
    }

    private (Array, long[]?) Run<T, TAcc>(T[] input, int[] size, int outputLength)
        where T : System.Numerics.INumber<T>
        where TAcc : System.Numerics.IFloatingPoint<TAcc>
    {
        var output = new T[outputLength];
        long[]? indices = IndexType is null ? null : new long[outputLength];
        var window = WindowFor(size);
        switch (Op)
        {
            case "MaxPool":
                ReferencePooling.MaxPool<T>(input, size, window, output, indices);
                if (indices is not null && (TensorIndices || ColumnMajor)) OnnxIndices(indices, size, outputLength);
                break;
            case "MinPool": ReferencePooling.MinPool<T>(input, size, window, output, indices); break;
            default: ReferencePooling.AvgPool<T, TAcc>(input, size, window, CountIncludePad, DivisorOverride, output); break;
        }
        return (output, indices);
    }

    // ONNX's flattening of plane-relative row-major indices: the position (d, h, w) re-flattened column-major
    // ((w·H + h)·D + d) and/or offset by its plane.
    private void OnnxIndices(long[] indices, int[] size, int outputLength)
    {
        long inPlane = size.Aggregate(1L, (p, v) => p * v);
        int perPlane = OutputExtents(size).Aggregate(1, (p, v) => p * v);
        for (int i = 0; i < indices.Length; i++)
        {
            long at = indices[i];
            if (ColumnMajor)
            {
                // Row-major digits, outermost first, then read back innermost first.
                var digits = new long[size.Length];
                for (int a = size.Length - 1; a >= 0; a--)
                {
                    digits[a] = at % size[a];
                    at /= size[a];
                }
                at = 0;
                for (int a = size.Length - 1; a >= 0; a--) at = at * size[a] + digits[a];
            }
            if (TensorIndices) at += i / perPlane * inPlane;
            indices[i] = at;
        }
    }

    public override string ToString() => $"{Attribute()} {Element}" + (IndexType is null ? "" : $" indices {IndexType}");

    private static bool Uniform(int[] values) => values.Distinct().Count() == 1;

    private static string Axes(int[] values, bool perAxis) =>
        perAxis ? $"new[] {{ {string.Join(", ", values)} }}" : values[0].ToString(CultureInfo.InvariantCulture);

    private static void AddNamed(List<string> args, string name, int[] values, int defaultValue)
    {
        if (values.All(v => v == defaultValue)) return;
        args.Add(values.Distinct().Count() == 1 ? $"{name} = {values[0]}" : $"{name}PerAxis = new[] {{ {string.Join(", ", values)} }}");
    }
}
