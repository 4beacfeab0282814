using Pooling.Generators.Tests.Infrastructure;

namespace Pooling.Generators.Tests;

/// <summary>
/// Generated kernels against the reference kernels (runtime/Pooling/Reference, written straight from docs/semantics.md) on
/// random configurations: every op, rank, element type, indices, per-axis values, padding, dilation, ceil mode,
/// count_include_pad, divisor_override, compile-time extents and windows too large to unroll, on data with NaN, ±∞,
/// ties and −0.0. Values and indices must match exactly (bit for bit; NaN equals NaN).
/// </summary>
public class DifferentialTests
{
    private const int Seed = 20261123;
    private const int Batches = 4;
    private const int ConfigurationsPerBatch = 150;   // 600 mixed configurations, each run on two inputs

    public static IEnumerable<object[]> BatchNumbers => Enumerable.Range(0, Batches).Select(b => new object[] { b });

    [Theory]
    [MemberData(nameof(BatchNumbers))]
    public void Generated_kernels_equal_the_reference(int batch) => Check(Seed + batch, random => RandomCase(random));

    /// <summary>LPPool on its own: 500 more configurations, every norm type the composite special-cases and others.</summary>
    [Theory]
    [MemberData(nameof(BatchNumbers))]
    public void Generated_LpPool_equals_the_reference(int batch) => Check(Seed + 100 + batch, random => RandomCase(random, "LpPool"), count: 125);

    /// <summary>Kernel 3, stride 2 (ResNet's stem pool; max and min, float and double, padding 0 and 1, 2-D and 3-D, the
    /// top border rows): rows from narrower than one 512-bit block to several, with the narrower tails, on every data style —
    /// signed zeros and ties, NaN, ±∞ — bit for bit against the reference.</summary>
    [Fact]
    public void Kernel_three_stride_two_equals_the_reference() => Check(Seed + 300, random =>
    {
        int rank = random.Next(3) == 0 ? 3 : 2;
        string op = random.Next(3) == 0 ? "MinPool" : "MaxPool";
        string element = random.Next(3) == 0 ? "double" : "float";
        int padding = random.Next(2);
        return new PoolCase(op, element, Enumerable.Repeat(3, rank).ToArray(), Enumerable.Repeat(2, rank).ToArray(),
            Enumerable.Repeat(padding, rank).ToArray(), Enumerable.Repeat(1, rank).ToArray(), CeilMode: random.Next(2) == 0);
    }, count: 24, size: (c, random) => Enumerable.Range(0, c.Rank).Select(a => a == c.Rank - 1 ? random.Next(20, 200) : random.Next(3, 8)).ToArray());

    /// <summary>Max and min pooling with indices over float, 1-D to 3-D, stride 1 and 2 (the interior on vectors with the
    /// indices selected beside the values: IndexedWindows), int and long indices, padding, dilation, ceil mode: rows from
    /// narrower than one 512-bit block to several, on every data style (ties, signed zeros, NaN, ±∞), values and indices
    /// bit for bit against the reference.</summary>
    [Fact]
    public void Indexed_windows_equal_the_reference() => Check(Seed + 350, random =>
    {
        int rank = 1 + random.Next(3);
        int[] kernel = Enumerable.Range(0, rank).Select(_ => 1 + random.Next(4)).ToArray();
        int[] dilation = Enumerable.Range(0, rank).Select(_ => random.Next(3) == 0 ? 2 : 1).ToArray();
        return new PoolCase(random.Next(3) == 0 ? "MinPool" : "MaxPool", "float", kernel, Enumerable.Range(0, rank).Select(_ => 1 + random.Next(2)).ToArray(),
            kernel.Select(k => random.Next(k / 2 + 1)).ToArray(), dilation, CeilMode: random.Next(2) == 0, IndexType: random.Next(2) == 0 ? "int" : "long");
    }, count: 36, size: (c, random) => Enumerable.Range(0, c.Rank).Select(a => a == c.Rank - 1 ? random.Next(20, 200) : random.Next(7, 11)).ToArray());

    /// <summary>Max and min pooling with indices at stride 2 along the row with two or three adjacent taps (the rows
    /// loaded once a step and split into each window's columns: IndexedWindows' stride-two path), 1-D and 2-D, one to three
    /// rows a window, padding 0 or 1, int and long indices, on every data style: which tap wins a tie, a signed zero or a
    /// NaN depends on the row-major tap order, checked bit for bit against the reference.</summary>
    [Fact]
    public void Indexed_stride_two_windows_equal_the_reference() => Check(Seed + 360, random =>
    {
        int rank = 1 + random.Next(2), kW = 2 + random.Next(2);
        int[] kernel = rank == 1 ? new[] { kW } : new[] { 1 + random.Next(3), kW };
        int[] stride = rank == 1 ? new[] { 2 } : new[] { 1 + random.Next(2), 2 };
        return new PoolCase(random.Next(3) == 0 ? "MinPool" : "MaxPool", "float", kernel, stride, kernel.Select(k => random.Next(k / 2 + 1)).ToArray(),
            Enumerable.Repeat(1, rank).ToArray(), CeilMode: random.Next(2) == 0, IndexType: random.Next(2) == 0 ? "int" : "long");
    }, count: 24, size: (c, random) => Enumerable.Range(0, c.Rank).Select(a => a == c.Rank - 1 ? random.Next(20, 140) : random.Next(3, 9)).ToArray());

    /// <summary>ONNX's padding and norms (docs/onnx.md): Pads (begin and end per axis, up to the dilated kernel less one),
    /// AutoPad SAME_UPPER / SAME_LOWER / VALID, dilation for average and Lp pooling, ONNX's p-norm.</summary>
    [Fact]
    public void Generated_ONNX_padded_kernels_equal_the_reference() => Check(Seed + 400, RandomOnnxCase, count: 120, size: OnnxSize);

    /// <summary>ONNX's MaxPool indices: over the whole tensor and/or column-major (storage_order 1), 1-D to 3-D.</summary>
    [Fact]
    public void Generated_ONNX_indices_equal_the_reference() => Check(Seed + 500, random =>
    {
        var c = RandomOnnxCase(random);
        int rank = c.Rank;
        return new PoolCase("MaxPool", new[] { "float", "double", "int" }[random.Next(3)], c.Kernel, c.Stride, c.Padding, c.Dilation, c.CeilMode,
            IndexType: "long", PaddingEnd: c.PaddingEnd, AutoPad: c.AutoPad, ConstantInputSize: c.ConstantInputSize,
            TensorIndices: random.Next(3) != 0, ColumnMajor: random.Next(2) == 0);
    }, count: 40, size: OnnxSize);

    private static PoolCase RandomOnnxCase(Random random)
    {
        string op = random.Next(4) switch { 0 => "MaxPool", 1 => "MinPool", 2 => "AvgPool", _ => "LpPool" };
        bool average = op is "AvgPool" or "LpPool";
        int rank = random.Next(1, 4);
        int[] Draw(Func<int> draw) => Enumerable.Range(0, rank).Select(_ => draw()).ToArray();
        int[] kernel = Draw(() => random.Next(1, 5));
        int[] dilation = Draw(() => random.Next(3) == 0 ? random.Next(2, 4) : 1);
        string? autoPad = random.Next(3) == 0 ? new[] { "SameUpper", "SameLower", "Valid" }[random.Next(3)] : null;
        // SAME with run-time extents and a stride: one kernel per padding case, at most 16 combinations of residues.
        bool constant = random.Next(4) == 0;
        int[] stride = Draw(() => random.Next(1, 4));
        while (autoPad is "SameUpper" or "SameLower" && !constant && stride.Aggregate(1, (p, s) => p * s) > 16) stride = Draw(() => random.Next(1, 4));
        int[] begin = Enumerable.Range(0, rank).Select(a => random.Next(0, dilation[a] * (kernel[a] - 1) + 1)).ToArray();
        int[] end = Enumerable.Range(0, rank).Select(a => random.Next(0, dilation[a] * (kernel[a] - 1) + 1)).ToArray();
        string element = average ? FloatingElements[random.Next(FloatingElements.Length)] : AllElements[random.Next(AllElements.Length)];
        string? indexType = !average && random.Next(3) == 0 ? "long" : null;
        var c = new PoolCase(op, element, kernel, stride, autoPad is null ? begin : new int[rank], dilation,
            CeilMode: autoPad is not ("SameUpper" or "SameLower") && random.Next(2) == 0,
            CountIncludePad: random.Next(2) == 0, DivisorOverride: op == "AvgPool" && rank > 1 && random.Next(6) == 0 ? random.Next(1, 12) : null,
            IndexType: indexType, NormType: new[] { 1, 2, 3, 1.5 }[random.Next(4)],
            PaddingEnd: autoPad is null ? end : null, AutoPad: autoPad, Absolute: op == "LpPool" && random.Next(4) != 0);
        return constant ? c with { ConstantInputSize = OnnxSize(c, random) } : c;
    }

    // A size whose output is not empty.
    private static int[] OnnxSize(PoolCase c, Random random)
    {
        if (c.ConstantInputSize is not null) return c.ConstantInputSize;
        var window = c.WindowFor(null);
        int limit = Enumerable.Range(0, c.Rank).Max(a => window.Dilation[a] * (window.Kernel[a] - 1) + 1) + c.Rank switch { 1 => 60, 2 => 14, _ => 5 };
        while (true)
        {
            int[] size = Enumerable.Range(0, c.Rank).Select(a => random.Next(1, limit + 1)).ToArray();
            try
            {
                c.WindowFor(size).OutputSize(size);
                return size;
            }
            catch (ArgumentException)
            {
            }
        }
    }

    private static void Check(int seed, Func<Random, PoolCase> draw, int count = ConfigurationsPerBatch, Func<PoolCase, Random, int[]>? size = null)
    {
        var random = new Random(seed);
        var cases = Enumerable.Range(0, count).Select(_ => draw(random)).ToList();
        int runs = DifferentialRunner.Check(cases, random, (c, r, _) => (size ?? RandomSize)(c, r), $"seed {seed}");
        Assert.Equal(2 * count, runs);
    }

    private static readonly string[] AllElements = { "float", "float", "float", "double", "Half", "byte", "sbyte", "short", "ushort", "int", "long" };
    private static readonly string[] FloatingElements = { "float", "float", "double", "Half" };

    private static PoolCase RandomCase(Random random, string? only = null)
    {
        string op = only ?? random.Next(12) switch { < 4 => "MaxPool", < 6 => "MinPool", < 10 => "AvgPool", _ => "LpPool" };
        bool lp = op == "LpPool";
        bool average = op is "AvgPool" or "LpPool";
        int rank = random.Next(1, 4);
        bool perAxis = random.Next(3) == 0;
        bool large = random.Next(12) == 0;   // beyond the unrolling budget: compact loops
        int[] Draw(Func<int> draw) { int first = draw(); return Enumerable.Range(0, rank).Select(_ => perAxis ? draw() : first).ToArray(); }

        int[] kernel = large ? Enumerable.Repeat(rank == 1 ? 70 : rank == 2 ? 9 : 5, rank).ToArray() : Draw(() => random.Next(1, 5));
        int[]? stride = random.Next(4) == 0 ? null : Draw(() => random.Next(1, 4));
        int[] padding = kernel.Select(k => perAxis || k == kernel[0] ? random.Next(0, k / 2 + 1) : 0).ToArray();
        if (!perAxis) padding = Enumerable.Repeat(random.Next(0, kernel.Min() / 2 + 1), rank).ToArray();
        if (lp) padding = new int[rank];   // LPPool has no padding
        int[] dilation = average ? Enumerable.Repeat(1, rank).ToArray() : Draw(() => random.Next(1, 4));
        bool ceil = random.Next(2) == 0;
        string element = average ? FloatingElements[random.Next(FloatingElements.Length)] : AllElements[random.Next(AllElements.Length)];
        string? indexType = !average && random.Next(3) == 0 ? (random.Next(2) == 0 ? "int" : "long") : null;
        int? divisor = op == "AvgPool" && rank > 1 && random.Next(4) == 0 ? random.Next(1, 12) : null;
        double normType = new[] { 1, 2, 2, 3, 0.5, 1.5, 4 }[random.Next(7)];
        var c = new PoolCase(op, element, kernel, stride, padding, dilation, ceil, CountIncludePad: lp || random.Next(2) == 0,
            DivisorOverride: divisor, IndexType: indexType, NormType: normType);
        if (random.Next(5) == 0) c = c with { ConstantInputSize = RandomSize(c, random) };
        return c;
    }

    // A size whose output is not empty (and, for 3-D average pooling, not smaller than the kernel).
    private static int[] RandomSize(PoolCase c, Random random)
    {
        var window = c.Window;
        int limit = Enumerable.Range(0, c.Rank).Max(a => window.Dilation[a] * (window.Kernel[a] - 1) + 1 + (c.Rank switch { 1 => 60, 2 => 16, _ => 6 }));
        while (true)
        {
            int[] size = Enumerable.Range(0, c.Rank).Select(a => random.Next(1, limit + 1)).ToArray();
            bool fits = Enumerable.Range(0, c.Rank).All(a =>
                PoolingShape.OutputLength(size[a], window.Kernel[a], window.Stride[a], window.Padding[a], window.Dilation[a], window.CeilMode) >= 1
                && !(c.Op is "AvgPool" or "LpPool" && c.Rank == 3 && size[a] < window.Kernel[a]));
            if (fits) return size;
        }
    }
}
