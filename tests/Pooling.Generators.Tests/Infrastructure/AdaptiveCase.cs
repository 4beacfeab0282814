using Pooling.Reference;

namespace Pooling.Generators.Tests.Infrastructure;

/// <summary>An adaptive or global pool configuration: its declaration and its reference result.</summary>
internal sealed record AdaptiveCase(
    string Op,                 // "AdaptiveMaxPool", "AdaptiveAvgPool", "GlobalMaxPool", "GlobalAvgPool", "GlobalLpPool"
    string Element,
    int Rank,
    int[] OutputSize,          // -1 = OutputAxis.Keep; ignored for the global pools
    string? IndexType = null,
    int[]? ConstantInputSize = null,
    double? NormType = null) : IDifferentialCase   // GlobalLpPool's p (null: the attribute's default, 2)
{
    public int[] OutputExtents(int[] inputSize) => ResolvedOutput(inputSize);

    public (Array Output, long[]? Indices) Expected(Array input, int[] size, int outputLength) => Reference(input, size, outputLength);

    public bool IsMax => Op.Contains("Max", StringComparison.Ordinal);

    public bool IsGlobal => Op.StartsWith("Global", StringComparison.Ordinal);

    public Type ElementType => KernelSuite.ElementType(Element);

    public string Attribute()
    {
        var args = new List<string>();
        if (!IsGlobal) args.AddRange(OutputSize.Select(o => o == -1 ? "OutputAxis.Keep" : o.ToString()));
        if (NormType is double p) args.Add(p.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
        if (ConstantInputSize is not null) args.Add($"InputSize = new[] {{ {string.Join(", ", ConstantInputSize)} }}");
        return args.Count == 0 ? $"[{Op}]" : $"[{Op}({string.Join(", ", args)})]";
    }

    public string Declaration(string name) =>
        $"    {Attribute()}\n    public static partial void {name}({KernelSuite.Parameters(Element, IndexType, Rank, ConstantInputSize is not null)});\n"
        + KernelSuite.Wrapper(name, Element, IndexType, Rank, ConstantInputSize is not null);

    public int[] ResolvedOutput(int[] inputSize) =>
        IsGlobal ? Enumerable.Repeat(1, Rank).ToArray()
        : Enumerable.Range(0, Rank).Select(a => OutputSize.Length == 1 ? (OutputSize[0] == -1 ? inputSize[a] : OutputSize[0]) : OutputSize[a] == -1 ? inputSize[a] : OutputSize[a]).ToArray();

    public (Array Output, long[]? Indices) Reference(Array input, int[] size, int outputLength) => Op == "GlobalLpPool" ? (LpReference(input, size, outputLength), null) : Element switch
    {
        "float" => Run<float, float>((float[])input, size, outputLength),
        "double" => Run<double, double>((double[])input, size, outputLength),
        _ => Run<Half, float>((Half[])input, size, outputLength),
    };

    // ONNX's GlobalLpPool is its LpPool with the whole plane as the window (docs/semantics.md §4.1, §6).
    private Array LpReference(Array input, int[] size, int outputLength)
    {
        var window = new PoolWindow(size, size, new int[Rank], Enumerable.Repeat(1, Rank).ToArray(), CeilMode: false);
        double p = NormType ?? 2;
        switch (input)
        {
            case float[] f: { var o = new float[outputLength]; ReferenceLpPooling.OnnxLpPool(f, size, p, window, o); return o; }
            case double[] d: { var o = new double[outputLength]; ReferenceLpPooling.OnnxLpPool(d, size, p, window, o); return o; }
            default: { var o = new Half[outputLength]; ReferenceLpPooling.OnnxLpPool((Half[])input, size, p, window, o); return o; }
        }
    }

    private (Array, long[]?) Run<T, TAcc>(T[] input, int[] size, int outputLength)
        where T : System.Numerics.INumber<T>
        where TAcc : System.Numerics.IFloatingPoint<TAcc>
    {
        var output = new T[outputLength];
        long[]? indices = IndexType is null ? null : new long[outputLength];
        if (IsMax) ReferenceAdaptivePooling.AdaptiveMaxPool<T>(input, size, ResolvedOutput(size), output, indices);
        else ReferenceAdaptivePooling.AdaptiveAvgPool<T, TAcc>(input, size, ResolvedOutput(size), output);
        return (output, indices);
    }

    public override string ToString() => $"{Attribute()} {Element}" + (IndexType is null ? "" : $" indices {IndexType}");
}
