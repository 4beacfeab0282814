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
}
