using System.Globalization;
using Pooling.Reference;

namespace Pooling.Generators.Tests.Infrastructure;

/// <summary>An F.interpolate configuration: its declaration and its reference result.</summary>
internal sealed record UpsampleCase(
    string Mode,               // UpsampleMode member name
    string Element,
    int Rank,
    int[]? Size,
    double[]? Scale,
    bool AlignCorners = false,
    bool Recompute = false,
    int[]? ConstantInputSize = null,
    bool Antialias = false) : IDifferentialCase
{
    public string? IndexType => null;

    public int[] OutputExtents(int[] inputSize) => OutputFor(inputSize);

    public (Array Output, long[]? Indices) Expected(Array input, int[] size, int outputLength) => (Reference(input, size, outputLength), null);

    public Type ElementType => KernelSuite.ElementType(Element);

    public string Attribute()
    {
        var args = new List<string> { "UpsampleMode." + Mode };
        if (Scale is not null) args.AddRange(Scale.Select(s => s.ToString("R", CultureInfo.InvariantCulture)));
        if (Size is not null) args.Add($"Size = new[] {{ {string.Join(", ", Size)} }}");
        if (AlignCorners) args.Add("AlignCorners = true");
        if (Recompute) args.Add("RecomputeScaleFactor = true");
        if (Antialias) args.Add("Antialias = true");
        if (ConstantInputSize is not null) args.Add($"InputSize = new[] {{ {string.Join(", ", ConstantInputSize)} }}");
        return $"[Upsample({string.Join(", ", args)})]";
    }

    public string Declaration(string name) =>
        $"    {Attribute()}\n    public static partial void {name}({KernelSuite.Parameters(Element, null, Rank, ConstantInputSize is not null)});\n"
        + KernelSuite.Wrapper(name, Element, null, Rank, ConstantInputSize is not null);

    private double[]? PerAxisScale => Scale is null ? null : Scale.Length == 1 ? Enumerable.Repeat(Scale[0], Rank).ToArray() : Scale;

    public int[] OutputFor(int[] inputSize) =>
        Size is { } s ? (s.Length == 1 ? Enumerable.Repeat(s[0], Rank).ToArray() : s)
        : Enumerable.Range(0, Rank).Select(a => (int)PoolingShape.UpsampleLength(inputSize[a], PerAxisScale![a])).ToArray();

    public Array Reference(Array input, int[] size, int outputLength) => input switch
    {
        float[] a => Run<float, float>(a, size, outputLength),
        double[] a => Run<double, double>(a, size, outputLength),
        Half[] a => Run<Half, float>(a, size, outputLength),
        byte[] a => Run<byte, float>(a, size, outputLength),
        int[] a => Run<int, float>(a, size, outputLength),
        _ => Run<long, float>((long[])input, size, outputLength),
    };

    private Array Run<T, TMath>(T[] input, int[] size, int outputLength)
        where T : System.Numerics.INumber<T>
        where TMath : System.Numerics.IFloatingPoint<TMath>
    {
        var output = new T[outputLength];
        var mode = Enum.Parse<UpsampleMode>(Mode);
        if (mode == UpsampleMode.Area)
            ReferenceAdaptivePooling.AdaptiveAvgPool<T, TMath>(input, size, OutputFor(size), output);
        else
            ReferenceUpsample.Upsample<T, TMath>(input, size, OutputFor(size), mode, AlignCorners, PerAxisScale, Recompute, output);
        return output;
    }

    public override string ToString() => $"{Attribute()} {Element}";
}
