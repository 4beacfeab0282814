using Pooling.Generators.Tests.Infrastructure;

namespace Pooling.Generators.Tests;

/// <summary>Generated adaptive and global pools against the reference (docs/semantics.md §5–§6) on random configurations:
/// ranks 1–3, output sizes below, equal to and above the input (overlapping bins), kept axes, indices, compile-time
/// extents, float/double/Half, data with NaN, ±∞, ties and −0.0. Exact match required.</summary>
public class AdaptiveDifferentialTests
{
    private const int Seed = 5150;
    private const int Batches = 4;
    private const int ConfigurationsPerBatch = 130;   // 520 configurations, each run on two inputs

    public static IEnumerable<object[]> BatchNumbers => Enumerable.Range(0, Batches).Select(b => new object[] { b });

    [Theory]
    [MemberData(nameof(BatchNumbers))]
    public void Generated_adaptive_pools_equal_the_reference(int batch)
    {
        var random = new Random(Seed + batch);
        var cases = Enumerable.Range(0, ConfigurationsPerBatch).Select(_ => RandomCase(random)).ToList();
        int runs = DifferentialRunner.Check(cases, random, (c, r, _) => RandomSize(c.Rank, r), $"seed {Seed + batch}");
        Assert.Equal(2 * cases.Count, runs);
    }

    /// <summary>Float and double bins without indices go across planes, 16 (8) at a time in a pixels × planes tile: plane
    /// counts from below one tile to several with leftovers, every rank, output sizes below and above the input.</summary>
    [Fact]
    public void Generated_adaptive_pools_across_plane_tiles_equal_the_reference()
    {
        var random = new Random(Seed + 100);
        var cases = Enumerable.Range(0, 40).Select(_ =>
        {
            int rank = random.Next(1, 4);
            var output = Enumerable.Range(0, rank).Select(_ => random.Next(6) == 0 ? -1 : random.Next(1, 12)).ToArray();
            int[]? constant = random.Next(5) == 0 ? RandomSize(rank, random) : null;
            return new AdaptiveCase(random.Next(2) == 0 ? "AdaptiveMaxPool" : "AdaptiveAvgPool", random.Next(3) == 0 ? "double" : "float", rank, output,
                ConstantInputSize: constant);
        }).ToList();
        int runs = DifferentialRunner.Check(cases, random, (c, r, _) => RandomSize(c.Rank, r), $"seed {Seed + 100}", trials: 3, maxPlanes: 40);
        Assert.Equal(3 * cases.Count, runs);
    }

    /// <summary>ONNX's GlobalLpPool against ONNX's LpPool over the whole plane (the reference's): p = 2 (the default and
    /// the vector path across plane tiles for float and double), 1, 3, 0.5 and 1.5; plane counts past a tile.</summary>
    [Fact]
    public void Generated_global_lp_pools_equal_the_reference()
    {
        var random = new Random(Seed + 200);
        double?[] norms = { null, 2, 2, 1, 3, 0.5, 1.5 };
        var cases = Enumerable.Range(0, 42).Select(i =>
        {
            int rank = random.Next(1, 4);
            int[]? constant = random.Next(5) == 0 ? RandomSize(rank, random) : null;
            return new AdaptiveCase("GlobalLpPool", new[] { "float", "float", "double", "Half" }[random.Next(4)], rank, new[] { 1 },
                ConstantInputSize: constant, NormType: norms[i % norms.Length]);
        }).ToList();
        int runs = DifferentialRunner.Check(cases, random, (c, r, _) => RandomSize(c.Rank, r), $"seed {Seed + 200}", trials: 3, maxPlanes: 40);
        Assert.Equal(3 * cases.Count, runs);
    }

    private static int[] RandomSize(int rank, Random random) =>
        Enumerable.Range(0, rank).Select(_ => random.Next(1, rank == 1 ? 40 : rank == 2 ? 16 : 8)).ToArray();

    private static AdaptiveCase RandomCase(Random random)
    {
        string op = new[] { "AdaptiveMaxPool", "AdaptiveAvgPool", "AdaptiveMaxPool", "AdaptiveAvgPool", "GlobalMaxPool", "GlobalAvgPool" }[random.Next(6)];
        int rank = random.Next(1, 4);
        int[] output = random.Next(3) == 0
            ? new[] { random.Next(1, 10) }
            : Enumerable.Range(0, rank).Select(_ => random.Next(6) == 0 ? -1 : random.Next(1, 12)).ToArray();
        string element = new[] { "float", "float", "double", "Half" }[random.Next(4)];
        string? indexType = op.Contains("Max") && random.Next(2) == 0 ? (random.Next(2) == 0 ? "int" : "long") : null;
        int[]? constant = random.Next(5) == 0 ? RandomSize(rank, random) : null;
        return new AdaptiveCase(op, element, rank, output, indexType, constant);
    }
}
