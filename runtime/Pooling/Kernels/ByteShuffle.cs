using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Pooling.Kernels;

/// <summary>A 16-byte table lookup (SSSE3 <c>pshufb</c>, AdvSimd <c>tbl</c>): the one instruction the row movers
/// (NearestRows, ShuffleRows) build their element-size-agnostic shuffles on.</summary>
internal static class ByteShuffle
{
    /// <summary>Whether <see cref="Lookup"/> is an instruction on this CPU (a JIT-time constant).</summary>
    public static bool IsAccelerated => Ssse3.IsSupported || AdvSimd.Arm64.IsSupported;

    /// <summary>Byte i of the result is byte <paramref name="indices"/>[i] of <paramref name="v"/> (indices 0–15).
    /// Only when <see cref="IsAccelerated"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> Lookup(Vector128<byte> v, Vector128<byte> indices) =>
        Ssse3.IsSupported ? Ssse3.Shuffle(v, indices) : AdvSimd.Arm64.VectorTableLookup(v, indices);

    /// <summary>
    /// The 16 lookup indices (into <paramref name="indices"/>) that gather, from 16 bytes of pixels of
    /// <paramref name="channels"/> bytes, pixels 0, <paramref name="step"/>, 2·step, … to the front, as many as lie whole
    /// in the 16 bytes; returns that count (0 when pixels are wider than 16 bytes). The rest of the indices are 0.
    /// </summary>
    public static int EveryNthPixel(int channels, int step, System.Span<byte> indices)
    {
        indices.Slice(0, 16).Clear();
        if (channels > 16) return 0;
        int stride = step * channels, pixels = (16 - channels) / stride + 1, b = 0;
        for (int i = 0; i < pixels; i++)
        for (int k = 0; k < channels; k++)
            indices[b++] = (byte)(i * stride + k);
        return pixels;
    }
}
