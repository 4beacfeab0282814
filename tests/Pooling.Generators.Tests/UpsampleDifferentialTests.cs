using Pooling.Generators.Tests.Infrastructure;

namespace Pooling.Generators.Tests;

/// <summary>Generated upsampling against the reference (docs/semantics.md §8) on random configurations: every mode in its
/// ranks, sizes and scale factors (below and above 1, kept and recomputed), align_corners, compile-time extents,
/// float/double/Half (and integers for nearest), data with NaN, ±∞ and −0.0. Exact match: the generated kernel and the
/// reference do the same float operations in the same order.</summary>
public class UpsampleDifferentialTests
{
    private const int Seed = 9119;

    public static IEnumerable<object[]> BatchNumbers => Enumerable.Range(0, 4).Select(b => new object[] { b });

    [Theory]
    [MemberData(nameof(BatchNumbers))]
    public void Generated_upsampling_equals_the_reference(int batch)
    {
        var random = new Random(Seed + batch);
        var cases = Enumerable.Range(0, 130).Select(_ => RandomCase(random)).ToList();
        DifferentialRunner.Check(cases, random, (c, r, _) => RandomSize(c, r), $"seed {Seed + batch}", maxPlanes: 2);
    }

    /// <summary>Nearest and nearest-exact by exactly 2 take the row-doubling path (NearestRows): every element size
    /// (1, 2, 4, 8 bytes), every rank, scale factors and sizes, rows long enough for the vector loop and its tail,
    /// against the reference's own index formula.</summary>
    [Fact]
    public void Nearest_by_two_rows_equal_the_reference()
    {
        var random = new Random(Seed + 77);
        var cases = new List<UpsampleCase>();
        foreach (string mode in new[] { "Nearest", "NearestExact" })
        foreach (string element in new[] { "byte", "Half", "float", "double", "int" })
        for (int rank = 1; rank <= 3; rank++)
        {
            cases.Add(new UpsampleCase(mode, element, rank, null, new[] { 2.0 }, false, false));
            cases.Add(new UpsampleCase(mode, element, rank, null, new[] { 2.0 }, false, true));
        }
        // Output sizes that double the input only for some inputs: the run-time check picks the path.
        cases.Add(new UpsampleCase("Nearest", "float", 2, new[] { 34, 70 }, null, false, false));
        cases.Add(new UpsampleCase("Nearest", "byte", 1, new[] { 66 }, null, false, false));
        // Sizes that double into a fixed output on even trials, anything on odd ones (the run-time check picks the path).
        DifferentialRunner.Check(cases, random, (c, r, trial) => c.Size is { } fixedOutput
            ? fixedOutput.Select(o => trial % 2 == 0 ? o / 2 : r.Next(1, o + 1)).ToArray()
            : Enumerable.Range(0, c.Rank).Select(a => a == c.Rank - 1 ? r.Next(1, 70) : r.Next(1, 6)).ToArray(), "nearest ×2", trials: 6);
    }

    /// <summary>×2 along every axis of planes with at least taps + 2 rows and columns takes SeparableInterpolation's
    /// doubled-plane path (the width pass over the whole plane as one row with its seams rewritten from the tables,
    /// interior output rows in pairs, edge rows from the tables, a band of rows at a time): float and double, bilinear,
    /// bicubic and trilinear (whose planes take it too), extents from below the smallest that qualify to past a 512-bit
    /// vector and planes of several bands, scale factors and a fixed size reached by doubling, NaN/±∞ in the data — bit for
    /// bit against the reference.</summary>
    [Theory]
    [InlineData("Bilinear")]
    [InlineData("Bicubic")]
    [InlineData("Trilinear")]
    public void Doubled_planes_equal_the_reference(string mode)
    {
        var random = new Random(Seed + 91 + mode.Length);
        int rank = mode == "Trilinear" ? 3 : 2;
        int[] fixedSize = rank == 2 ? new[] { 24, 38 } : new[] { 4, 12, 34 };
        var cases = new List<UpsampleCase>();
        foreach (string element in new[] { "float", "double" })
        {
            cases.Add(new UpsampleCase(mode, element, rank, null, new[] { 2.0 }, false, false));
            cases.Add(new UpsampleCase(mode, element, rank, fixedSize, null, false, false));
        }
        // Every fourth trial a plane too large for one band of blended rows (128 KB): several bands, rows shared at their borders.
        DifferentialRunner.Check(cases, random, (c, r, trial) => c.Size is { } size
            ? size.Select(o => o / 2).ToArray()
            : trial % 4 == 3 ? (rank == 3 ? new[] { 2, r.Next(30, 70), r.Next(260, 400) } : new[] { r.Next(60, 130), r.Next(260, 400) })
            : Enumerable.Range(0, rank).Select(a => rank == 3 && a == 0 ? r.Next(1, 4) : r.Next(3, 41)).ToArray(), mode + " doubled", trials: 8,
            maxPlanes: 2);
    }

    /// <summary>Bilinear and bicubic run separably (row buffers, SeparableInterpolation), and ×2 with half-pixel centres
    /// takes the vector width pass (periodic weights): float, double, Half and byte, scale factors and sizes, align_corners
    /// both ways, widths long enough for the vectors and edges, NaN/±∞ in the data — bit for bit against the
    /// reference.</summary>
    [Theory]
    [InlineData("Bilinear")]
    [InlineData("Bicubic")]
    public void Separable_interpolation_equals_the_reference(string mode)
    {
        var random = new Random(Seed + 78 + mode.Length);
        var cases = new List<UpsampleCase>();
        // byte: the float value rounded half to even and clamped (docs/semantics.md §8.10).
        foreach (string element in new[] { "float", "double", "Half", "byte" })
        {
            cases.Add(new UpsampleCase(mode, element, 2, null, new[] { 2.0 }, false, false));
            cases.Add(new UpsampleCase(mode, element, 2, null, new[] { 2.0 }, false, true));
            cases.Add(new UpsampleCase(mode, element, 2, null, new[] { 2.0 }, true, false));
            cases.Add(new UpsampleCase(mode, element, 2, null, new[] { 1.5, 3.0 }, false, false));
            cases.Add(new UpsampleCase(mode, element, 2, new[] { 9, 80 }, null, false, false));
        }
        DifferentialRunner.Check(cases, random, (c, r, trial) => c.Size is { } fixedOutput
            ? new[] { r.Next(1, 10), trial % 2 == 0 ? fixedOutput[1] / 2 : r.Next(1, 81) }
            : new[] { r.Next(1, 6), r.Next(1, 70) }, mode, trials: 6, maxPlanes: 2);
    }

    /// <summary>byte area (uint8 INTER_AREA-style downscaling): each bin's mean rounded half to even, as
    /// torch.round(F.interpolate(x.float(), mode='area')) — whole-number ratios (the 2×2 and 3×3 boxes, where random bytes
    /// give exact .5 means in a quarter of the 2×2 bins), fractional ones, sizes, a 1×1 output (one bin per plane), 1-D to
    /// 3-D, bit for bit against the reference.</summary>
    [Fact]
    public void Byte_area_is_the_mean_rounded_half_to_even()
    {
        var random = new Random(Seed + 91);
        var cases = new List<UpsampleCase>
        {
            new("Area", "byte", 2, null, new[] { 0.5 }, false, false),
            new("Area", "byte", 2, null, new[] { 1.0 / 3 }, false, false),
            new("Area", "byte", 2, null, new[] { 0.7, 0.45 }, false, false),
            new("Area", "byte", 2, new[] { 1, 1 }, null, false, false),
            new("Area", "byte", 2, new[] { 5, 7 }, null, false, false),
            new("Area", "byte", 1, null, new[] { 0.25 }, false, false),
            new("Area", "byte", 3, null, new[] { 0.5 }, false, false),
            new("Area", "byte", 2, null, new[] { 1.5 }, false, false),
        };
        DifferentialRunner.Check(cases, random, (c, r, _) => Enumerable.Range(0, c.Rank).Select(a => r.Next(c.Rank == 3 ? 2 : 4, c.Rank == 3 ? 9 : 40)).ToArray(),
            "byte area", trials: 6, maxPlanes: 3);
    }

    // A size whose output is not empty.
    private static int[] RandomSize(UpsampleCase c, Random random)
    {
        while (true)
        {
            int[] size = Enumerable.Range(0, c.Rank).Select(_ => random.Next(1, c.Rank == 3 ? 6 : 10)).ToArray();
            if (c.OutputFor(size).All(o => o >= 1)) return size;
        }
    }

    private static UpsampleCase RandomCase(Random random)
    {
        string mode = new[] { "Nearest", "NearestExact", "Linear", "Bilinear", "Bicubic", "Trilinear", "Area" }[random.Next(7)];
        int rank = mode switch { "Linear" => 1, "Bilinear" or "Bicubic" => 2, "Trilinear" => 3, _ => random.Next(1, 4) };
        bool nearest = mode is "Nearest" or "NearestExact";
        string element = nearest ? new[] { "float", "double", "Half", "byte", "int" }[random.Next(5)]
            : mode == "Area" ? new[] { "float", "double", "Half", "byte" }[random.Next(4)]   // byte: the mean rounded half to even
            : new[] { "float", "float", "double", "Half" }[random.Next(4)];
        bool interpolating = mode is "Linear" or "Bilinear" or "Bicubic" or "Trilinear";
        int[]? size = null;
        double[]? scale = null;
        if (random.Next(3) == 0)
            size = Enumerable.Range(0, rank).Select(_ => random.Next(1, 12)).ToArray();
        else
        {
            double Draw() => new[] { 2.0, 0.5, 1.5, 2.1, 0.6, 3.0, 1.0, 0.7, 1.1, 2.5, 4.0 }[random.Next(11)];
            scale = random.Next(2) == 0 ? new[] { Draw() } : Enumerable.Range(0, rank).Select(_ => Draw()).ToArray();
        }
        bool align = interpolating && random.Next(2) == 0;
        bool recompute = scale is not null && mode != "Area" && random.Next(3) == 0;
        var c = new UpsampleCase(mode, element, rank, size, scale, align, recompute);
        if (random.Next(5) == 0)
        {
            int[] constant = Enumerable.Range(0, rank).Select(_ => random.Next(2, 8)).ToArray();
            if (c.OutputFor(constant).All(o => o >= 1)) c = c with { ConstantInputSize = constant };
        }
        return c;
    }
}
