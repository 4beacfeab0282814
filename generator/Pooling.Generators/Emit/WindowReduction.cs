using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Pooling.Generators.Model;

namespace Pooling.Generators.Emit;

/// <summary>
/// What the window emitters share about reducing a window — the window kernels of both layouts and adaptive bins (a
/// window whose bounds come from the bins): where a tap is (the plane-relative index of a position), the max/min update
/// (its start value, PyTorch's replace rule, the branch-free update used without indices, the vector start value) and
/// the average's divisor. One definition of each, so the layouts and families cannot drift apart.
/// </summary>
internal static class WindowReduction
{
    private const string PoolingMath = "global::Pooling.Kernels.PoolingMath";
    private const string Math = "global::System.Math";

    /// <summary>The plane-relative index of input position (d, h, w) from per-axis expressions, outermost first
    /// (<c>(d * __inH + h) * __inW + w</c>).</summary>
    public static string FlatIndex(IReadOnlyList<string> c) => c.Count switch
    {
        1 => c[0],
        2 => $"{c[0]} * __inW + {c[1]}",
        _ => $"({c[0]} * __inH + {c[1]}) * __inW + {c[2]}",
    };

    /// <summary>A window loop's tap variable for an axis letter (<c>__h</c> for H); the window's bounds on that axis are
    /// <c>__h0</c> (its first real tap) and <c>__h1</c> (one past its last).</summary>
    public static string Tap(string axis) => "__" + axis.ToLowerInvariant();

    /// <summary>A window loop's tap variables (<c>__d, __h, __w</c>) for the axis letters.</summary>
    public static string[] Taps(IEnumerable<string> axis) => axis.Select(Tap).ToArray();

    /// <summary>A window's first position per axis (<c>__d0, __h0, __w0</c>): its first real tap.</summary>
    public static string[] Starts(IEnumerable<string> axis) => axis.Select(x => Tap(x) + "0").ToArray();

    /// <summary>The bounds as arguments, <c>__h0, __h1, __w0, __w1</c> (with <paramref name="type"/>: parameters).</summary>
    public static string Bounds(IEnumerable<string> axis, string type = "") =>
        string.Join(", ", axis.Select(x => $"{type}{Tap(x)}0, {type}{Tap(x)}1"));

    /// <summary>Whether the window is empty on some axis: <c>__h0 &gt;= __h1 || __w0 &gt;= __w1</c>.</summary>
    public static string AnyEmpty(IEnumerable<string> axis) => string.Join(" || ", axis.Select(x => $"{Tap(x)}0 >= {Tap(x)}1"));

    /// <summary>The window's extent on an axis, <c>(__h1 - __h0)</c>.</summary>
    public static string Extent(string axis) => $"({Tap(axis)}1 - {Tap(axis)}0)";

    /// <summary>The start of a max (min): −∞ (+∞) in a floating compute type, the type's minimum (maximum) otherwise.</summary>
    public static string Initial(bool max, ElementInfo info) => info.IsFloating
        ? $"{info.Compute}.{(max ? "NegativeInfinity" : "PositiveInfinity")}"
        : $"{info.Compute}.{(max ? "MinValue" : "MaxValue")}";

    /// <summary>The vector start of a max (min), for the float and double vector paths.</summary>
    public static string VectorInitial(bool max, ElementInfo info) => $"V.Broadcast({Initial(max, info)})";

    /// <summary>PyTorch's update condition with indices: strictly better, or NaN (floating types only), so the first
    /// tap wins ties and a NaN's index is kept.</summary>
    public static string Replaces(bool max, ElementInfo info, string value, string best)
    {
        string compare = max ? $"{value} > {best}" : $"{value} < {best}";
        return info.IsFloating ? $"{compare} || {info.Compute}.IsNaN({value})" : compare;
    }

    /// <summary>The update without indices, branch-free: PoolingMath's for floating types (NaN propagates, −0.0 kept),
    /// Math's otherwise.</summary>
    public static string Combine(bool max, ElementInfo info, string best, string value) =>
        $"{(info.IsFloating ? PoolingMath : Math)}.{(max ? "Max" : "Min")}({best}, {value})";

    /// <summary>An average window's divisor: the override, the padded window (count_include_pad) or the taps inside the
    /// input, from the per-axis bounds (<c>__h0, __h1, __hPool</c>); a dilated axis counts its real taps,
    /// <c>(__h1 − __h0 + d − 1) / d</c>.</summary>
    public static string Divisor(WindowPoolModel m, IEnumerable<string> axis) =>
        m.DivisorOverride != 0 ? m.DivisorOverride.ToString(CultureInfo.InvariantCulture)
        : m.CountIncludePad ? string.Join(" * ", axis.Select(x => Tap(x) + "Pool"))
        : string.Join(" * ", axis.Select((x, a) => m.Dilation[a] == 1
            ? Extent(x)
            : $"(({Tap(x)}1 - {Tap(x)}0 + {m.Dilation[a] - 1}) / {m.Dilation[a]})"));

    /// <summary>Vectors of channels a channels-last <c>__Channels</c> function reduces in one pass over the window.</summary>
    public const int ChannelBlock = 4;

    /// <summary>
    /// The channel loops of a channels-last <c>__Channels</c> function: blocks of <see cref="ChannelBlock"/> vectors (one
    /// accumulator each, so a tap's index and the loops' cost serve four vectors — on 128-bit lanes they were most of the
    /// work), then one vector at a time. Each lane sees the same taps in the same order either way. <paramref name="update"/>
    /// writes one accumulator's update from its load; <paramref name="finish"/> its lines after the taps (averages).
    /// </summary>
    public static void WriteChannelLoops(SourceWriter w, string initial, IEnumerable<string> tapLoops, string flat, string store,
        System.Action<SourceWriter, string, string> update, System.Action<SourceWriter, string>? finish = null)
    {
        var loops = tapLoops.ToArray();
        foreach (int block in new[] { ChannelBlock, 1 })
        {
            var accumulators = Enumerable.Range(0, block).Select(i => block == 1 ? "__acc" : $"__acc{i}").ToArray();
            string width = block == 1 ? "V.Count" : $"{block} * V.Count";
            using (w.Block($"for (; __ch + {width} <= __c; __ch += {width})"))
            {
                w.Line($"TV {string.Join(", ", accumulators.Select(a => $"{a} = {initial}"))};");
                var taps = w.Nest(loops);
                string at = $"(nint)({flat}) * __c + __ch";
                if (block > 1)
                {
                    w.Line($"nint __at = {at};");
                    at = "__at";
                }
                for (int i = 0; i < block; i++) update(w, accumulators[i], $"V.Load(ref __in, {at}{Vectors(i)})");
                taps.Dispose();
                for (int i = 0; i < block; i++)
                {
                    finish?.Invoke(w, accumulators[i]);
                    w.Line($"V.Store({accumulators[i]}, ref __dst, {store}{Vectors(i)});");
                }
            }
        }

        // The offset of accumulator i's channels: "", " + V.Count", " + 2 * V.Count", …
        static string Vectors(int i) => i == 0 ? "" : i == 1 ? " + V.Count" : $" + {i} * V.Count";
    }
}
