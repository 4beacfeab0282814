using System.Numerics;

namespace Pooling.Fuzz;

/// <summary>
/// The spans of one call, each a slice of a larger array whose guard regions hold a sentinel: after the call every guard
/// must be intact (nothing written outside a span), and the sentinel (far outside the data's range) would show in the
/// output if a kernel read past its input.
/// </summary>
internal sealed class Buffers<T> where T : INumber<T>
{
    public const int Guard = 16;
    public static readonly T Sentinel = T.CreateTruncating(123);
    private const long IndexSentinel = 0x5EA1;

    private readonly T[] _x, _y;
    private readonly long[] _l;
    private readonly int[] _i;

    public Buffers(int xLength, int yLength, int indicesLength)
    {
        (_x, _y, _l, _i) = (Guarded<T>(xLength, Sentinel), Guarded<T>(yLength, Sentinel), Guarded<long>(indicesLength, IndexSentinel), Guarded<int>(indicesLength, (int)IndexSentinel));
        (XLength, YLength, IndicesLength) = (xLength, yLength, indicesLength);
    }

    public int XLength { get; }
    public int YLength { get; }
    public int IndicesLength { get; }

    public Span<T> XData => _x.AsSpan(Guard, XLength);
    public ReadOnlySpan<T> X => XData;
    public Span<T> Y => _y.AsSpan(Guard, YLength);
    public Span<long> L => _l.AsSpan(Guard, IndicesLength);
    public Span<int> I => _i.AsSpan(Guard, IndicesLength);

    /// <summary>The first guard element that is no longer the sentinel, or null.</summary>
    public string? BrokenGuard() =>
        Broken(_x, XLength, Sentinel, "x") ?? Broken(_y, YLength, Sentinel, "y") ?? Broken(_l, IndicesLength, IndexSentinel, "long indices")
        ?? Broken(_i, IndicesLength, (int)IndexSentinel, "int indices");

    private static TItem[] Guarded<TItem>(int length, TItem sentinel)
    {
        var array = new TItem[length + 2 * Guard];
        array.AsSpan().Fill(sentinel);
        return array;
    }

    private static string? Broken<TItem>(TItem[] array, int length, TItem sentinel, string what) where TItem : IEquatable<TItem>
    {
        for (int i = 0; i < array.Length; i++)
        {
            if (i >= Guard && i < Guard + length) continue;
            if (!array[i].Equals(sentinel)) return $"{what} guard [{i - Guard}] overwritten";
        }
        return null;
    }
}
