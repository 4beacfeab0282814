using System;
using System.ComponentModel;

namespace Pooling.Kernels;

/// <summary>
/// The up-front argument checks of generated kernels, one call each, so a kernel states what it checks in a line and
/// the messages live in one place. Every failure names the parameter at fault with the expected and actual values.
/// Extents come in up to three (outermost first); an absent one is 0 (a present one is positive once
/// <see cref="Extents"/> has passed), so the calls allocate nothing unless they throw.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Check
{
    /// <summary>Each spatial extent positive, outermost first: an <see cref="ArgumentOutOfRangeException"/> naming the first that is not.</summary>
    public static void Extents(int e0, string name0, int e1 = 1, string? name1 = null, int e2 = 1, string? name2 = null)
    {
        if (e0 <= 0) throw new ArgumentOutOfRangeException(name0, e0, "A spatial extent must be positive.");
        if (name1 is not null && e1 <= 0) throw new ArgumentOutOfRangeException(name1, e1, "A spatial extent must be positive.");
        if (name2 is not null && e2 <= 0) throw new ArgumentOutOfRangeException(name2, e2, "A spatial extent must be positive.");
    }

    /// <summary>
    /// Each output extent at least 1, outermost first: an <see cref="ArgumentException"/> naming that axis's input extent,
    /// with pooling's message (<see cref="PoolingShape.OutputTooSmallMessage"/>) or, for <paramref name="upsample"/>,
    /// F.interpolate's (<see cref="PoolingShape.UpsampleSizeMessage"/>), which show every axis.
    /// </summary>
    public static void OutputExtents(bool upsample, long in0, long out0, string name0,
        long in1 = 0, long out1 = 1, string? name1 = null, long in2 = 0, long out2 = 1, string? name2 = null)
    {
        string? name = out0 < 1 ? name0 : name1 is not null && out1 < 1 ? name1 : name2 is not null && out2 < 1 ? name2 : null;
        if (name is null) return;
        int rank = name2 is not null ? 3 : name1 is not null ? 2 : 1;
        long[] input = rank == 1 ? new[] { in0 } : rank == 2 ? new[] { in0, in1 } : new[] { in0, in1, in2 };
        long[] output = rank == 1 ? new[] { out0 } : rank == 2 ? new[] { out0, out1 } : new[] { out0, out1, out2 };
        throw new ArgumentException(upsample ? PoolingShape.UpsampleSizeMessage(input, output) : PoolingShape.OutputTooSmallMessage(input, output), name);
    }

    /// <summary>
    /// The input is a positive whole number of planes of <paramref name="plane"/> elements: the extents
    /// <paramref name="e0"/> × … (0: absent) make a plane.
    /// </summary>
    public static void WholePlanes(int length, int plane, string name, int e0, int e1 = 0, int e2 = 0)
    {
        if (length != 0 && length % plane == 0) return;
        throw new ArgumentException($"Expected a positive multiple of {Describe(e0, e1, e2, 0)} = {plane} elements (planes × spatial extents), but got {length}.", name);
    }

    /// <summary>Channels-last: the input is a positive whole number of samples of <paramref name="sample"/> elements,
    /// the spatial extents <paramref name="e0"/> × … (0: absent) × <paramref name="channels"/>.</summary>
    public static void WholeSamples(int length, int sample, string name, int channels, int e0, int e1 = 0, int e2 = 0)
    {
        if (length != 0 && length % sample == 0) return;
        throw new ArgumentException($"Expected a positive multiple of {Describe(e0, e1, e2, channels)} = {sample} elements (batch × spatial extents × channels), but got {length}.", name);
    }

    /// <summary>The output holds exactly <paramref name="planes"/> planes of <paramref name="plane"/> elements, the
    /// output extents <paramref name="o0"/> × … (0: absent).</summary>
    public static void OutputLength(int length, int planes, int plane, string name, int o0, int o1 = 0, int o2 = 0)
    {
        long expected = (long)planes * plane;
        if (length == expected) return;
        throw new ArgumentException($"Expected {expected} elements ({planes} planes × {Describe(o0, o1, o2, 0)}), but got {length}.", name);
    }

    /// <summary>One index per output element.</summary>
    public static void IndexCount(int length, int outputLength, string name)
    {
        if (length == outputLength) return;
        throw new ArgumentException($"Expected {outputLength} indices (one per output element), but got {length}.", name);
    }

    /// <summary>PyTorch's extra rule for 3-D average pooling: every input extent at least the kernel size, padding
    /// notwithstanding (<see cref="PoolingShape.ValidateAvgPool3dInput(long[], int[], out int)"/>'s message), naming the
    /// first extent at fault.</summary>
    public static void AvgPool3dInput(int d, string nameD, int h, string nameH, int w, string nameW, int kD, int kH, int kW)
    {
        if (d >= kD && h >= kH && w >= kW) return;
        string? message = PoolingShape.ValidateAvgPool3dInput(new long[] { d, h, w }, new[] { kD, kH, kW }, out int axis);
        throw new ArgumentException(message, axis == 0 ? nameD : axis == 1 ? nameH : nameW);
    }

    // "4 × 5", "4 × 5 × 3": the present factors, in order.
    private static string Describe(int e0, int e1, int e2, int e3)
    {
        string text = e0.ToString(System.Globalization.CultureInfo.CurrentCulture);
        foreach (int e in new[] { e1, e2, e3 })
        {
            if (e != 0) text += " × " + e.ToString(System.Globalization.CultureInfo.CurrentCulture);
        }
        return text;
    }
}
