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
    int[]? ConstantInputSize = null)
{
    public int Rank => Kernel.Length;

    public PoolWindow Window => new(Kernel, Stride ?? Kernel, Padding, Dilation, CeilMode);

    public Type ElementType => Element switch
    {
        "float" => typeof(float),
        "double" => typeof(double),
        "Half" => typeof(Half),
        "byte" => typeof(byte),
        "sbyte" => typeof(sbyte),
        "short" => typeof(short),
        "ushort" => typeof(ushort),
        "int" => typeof(int),
        _ => typeof(long),
    };

    public string Attribute()
    {
        // The constructors take kernel and stride both as scalars or both as per-axis arrays.
        bool perAxis = !Uniform(Kernel) || (Stride is not null && !Uniform(Stride));
        var args = new List<string> { Axes(Kernel, perAxis) };
        if (Stride is not null) args.Add(Axes(Stride, perAxis));
        AddNamed(args, "Padding", Padding, 0);
        if (Op != "AvgPool") AddNamed(args, "Dilation", Dilation, 1);
        if (CeilMode) args.Add("CeilMode = true");
        if (Op == "AvgPool" && !CountIncludePad) args.Add("CountIncludePad = false");
        if (DivisorOverride is { } divisor) args.Add($"DivisorOverride = {divisor}");
        if (ConstantInputSize is not null) args.Add($"InputSize = new[] {{ {string.Join(", ", ConstantInputSize)} }}");
        return $"[{Op}({string.Join(", ", args)})]";
    }

    public string Declaration(string name)
    {
        var parameters = new List<string> { $"ReadOnlySpan<{Element}> input", $"Span<{Element}> output" };
        if (IndexType is not null) parameters.Add($"Span<{IndexType}> indices");
        if (ConstantInputSize is null) parameters.AddRange(Enumerable.Range(0, Rank).Select(a => $"int extent{a}"));
        var call = new List<string> { $"({Element}[])input", $"({Element}[])output" };
        if (IndexType is not null) call.Add($"({IndexType}[])indices!");
        if (ConstantInputSize is null) call.AddRange(Enumerable.Range(0, Rank).Select(a => $"size[{a}]"));
        return $"""
                    {Attribute()}
                    public static partial void {name}({string.Join(", ", parameters)});
                    public static void {name}_Run(object input, object output, object? indices, int[] size) => {name}({string.Join(", ", call)});

                """;
    }

    /// <summary>One source file declaring every case as a method of <c>Cases.Suite</c>.</summary>
    public static string Suite(IReadOnlyList<PoolCase> cases) =>
        "using System;\nusing Pooling;\nnamespace Cases;\npublic static partial class Suite\n{\n"
        + string.Concat(cases.Select((c, i) => c.Declaration("K" + i)))
        + "}\n";

    public static void Invoke(Assembly assembly, int caseIndex, Array input, Array output, Array? indices, int[] size)
    {
        var method = assembly.GetType("Cases.Suite")!.GetMethod($"K{caseIndex}_Run")!;
        try
        {
            method.Invoke(null, new object?[] { input, output, indices, size });
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw e.InnerException;
        }
    }

    /// <summary>The reference kernel's output (and plane-relative indices) for <paramref name="input"/>.</summary>
    public (Array Output, long[]? Indices) Reference(Array input, int[] size, int outputLength) => Element switch
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

    private (Array, long[]?) Run<T, TAcc>(T[] input, int[] size, int outputLength)
        where T : System.Numerics.INumber<T>
        where TAcc : System.Numerics.IFloatingPoint<TAcc>
    {
        var output = new T[outputLength];
        long[]? indices = IndexType is null ? null : new long[outputLength];
        switch (Op)
        {
            case "MaxPool": ReferencePooling.MaxPool<T>(input, size, Window, output, indices); break;
            case "MinPool": ReferencePooling.MinPool<T>(input, size, Window, output, indices); break;
            default: ReferencePooling.AvgPool<T, TAcc>(input, size, Window, CountIncludePad, DivisorOverride, output); break;
        }
        return (output, indices);
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
