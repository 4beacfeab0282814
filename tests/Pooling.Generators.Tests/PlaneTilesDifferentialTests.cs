using Pooling.Generators.Tests.Infrastructure;
using Pooling.Kernels;

namespace Pooling.Generators.Tests;

/// <summary>
/// PlaneTiles (planes ⇄ a channels-last tile, behind the adaptive pools' tiles, RoIAlign and GridSample) against its
/// definition, element by element: tile[i·count + g] = planes[g·stride + i]. Plane counts and lengths around the 2-, 4-
/// and 8-element blocks and the 64-element runs, 4- and 8-byte elements, planes side by side and as rows of a wider array
/// (the elements between the rows untouched). The engine axis runs it on every vector width.
/// </summary>
public class PlaneTilesDifferentialTests
{
    private static readonly int[] Counts = { 1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 32, 40 };
    private static readonly int[] Lengths = { 1, 2, 7, 8, 9, 49, 63, 64, 65, 128, 130, 300 };

    [Fact]
    public void Tiles_equal_the_definition()
    {
        DifferentialRunner.CheckEngine();
        Check<float>(f => f);
        Check<double>(f => f);
    }

    private static void Check<T>(Func<float, T> of) where T : unmanaged, IEquatable<T>
    {
        var random = new Random(20261205);
        foreach (int count in Counts)
        foreach (int n in Lengths)
        {
            var planes = Enumerable.Range(0, count * n).Select(_ => of(random.Next(1, 1_000_000))).ToArray();
            var tile = new T[count * n];
            PlaneTiles.ToTile<T>(planes, count, tile);
            for (int g = 0; g < count; g++)
            for (int i = 0; i < n; i++)
                Assert.True(tile[i * count + g].Equals(planes[g * n + i]), $"{typeof(T).Name} ToTile, {count} planes of {n}: element {i} of plane {g}");

            var back = new T[count * n];
            PlaneTiles.FromTile<T>(tile, count, back);
            Assert.Equal(planes, back);

            // Rows of a wider array: each plane's n elements at the start of a row `stride` long; the rest stays.
            int stride = n + random.Next(0, 20);
            var rows = Enumerable.Repeat(of(-1), (count - 1) * stride + n + 3).ToArray();
            PlaneTiles.FromTile<T>(tile, count, rows.AsSpan(0, (count - 1) * stride + n), stride);
            for (int j = 0; j < rows.Length; j++)
            {
                int g = j / stride, i = j % stride;
                T expected = g < count && i < n ? planes[g * n + i] : of(-1);
                Assert.True(rows[j].Equals(expected), $"{typeof(T).Name} FromTile, {count} planes of {n} in rows of {stride}: element {j}");
            }
        }
    }
}
