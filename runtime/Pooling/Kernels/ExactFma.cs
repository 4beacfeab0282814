using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Pooling.Kernels;

/// <summary>
/// <c>a·b + c</c> rounded once — PyTorch's contracted multiply-adds, which the backward kernels reproduce — also fast on
/// x86 CPUs without an FMA unit (x86-64-v2), where .NET computes it in software one element at a time. In float it is
/// exact through double: the product of two floats fits a double's 53 bits, the sum is rounded to odd (rounded to
/// nearest, then, if inexact and even, moved one unit toward the exact sum: TwoSum gives the error exactly), and a
/// double rounded to odd rounds to the correctly rounded float, since 53 ≥ 24 + 2 (Boldo and Melquiond, "Emulation of
/// FMA and correctly rounded sums: proved algorithms using rounding to odd", IEEE TC 2008). Double (and every CPU with
/// FMA, ARM64 included) uses the hardware or .NET's own fused operation.
/// </summary>
public static class ExactFma
{
    /// <summary>True where float's multiply-add is computed here rather than by an FMA instruction.</summary>
    public static bool EmulatesFloat
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => !Fma.IsSupported && !AdvSimd.IsSupported && Sse41.IsSupported;
    }

    /// <summary><c>a·b + c</c> rounded once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T MultiplyAdd<T>(T a, T b, T c) where T : IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float) && EmulatesFloat)
            return (T)(object)Float((float)(object)a, (float)(object)b, (float)(object)c);
        return T.FusedMultiplyAdd(a, b, c);
    }

    /// <summary>Four lanes of <c>a·b + c</c> rounded once, through doubles (for CPUs where <see cref="EmulatesFloat"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Float(Vector128<float> a, Vector128<float> b, Vector128<float> c)
    {
        var low = RoundToOdd(Sse2.ConvertToVector128Double(a), Sse2.ConvertToVector128Double(b), Sse2.ConvertToVector128Double(c));
        var high = RoundToOdd(Sse2.ConvertToVector128Double(Sse.MoveHighToLow(a, a)), Sse2.ConvertToVector128Double(Sse.MoveHighToLow(b, b)),
            Sse2.ConvertToVector128Double(Sse.MoveHighToLow(c, c)));
        return Sse.MoveLowToHigh(Sse2.ConvertToVector128Single(low), Sse2.ConvertToVector128Single(high));
    }

    /// <summary><c>a·b + c</c> rounded once, through doubles (what <see cref="MultiplyAdd{T}"/> runs where <see cref="EmulatesFloat"/>).</summary>
    public static float Float(float a, float b, float c)
    {
        double p = (double)a * b, s = p + c, back = s - p;
        double error = (p - (s - back)) + (c - back);
        long bits = BitConverter.DoubleToInt64Bits(s);
        if ((error > 0 || error < 0) && (bits & 1) == 0) bits += (s > 0) == (error > 0) ? 1 : -1;
        return (float)BitConverter.Int64BitsToDouble(bits);
    }

    // p = a·b exactly, s = p + c rounded to nearest, error = (p + c) − s exactly (TwoSum); an inexact s with an even last
    // bit moves one unit toward the exact sum (its bits ± 1: up in magnitude when the error has s's sign). NaN and
    // infinite sums have no finite error and stay as they are.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<double> RoundToOdd(Vector128<double> a, Vector128<double> b, Vector128<double> c)
    {
        var p = a * b;
        var s = p + c;
        var back = s - p;
        var error = (p - (s - back)) + (c - back);
        var inexact = (Vector128.GreaterThan(error, Vector128<double>.Zero) | Vector128.LessThan(error, Vector128<double>.Zero)).AsInt64();
        var bits = s.AsInt64();
        var even = Vector128.Equals(bits & Vector128<long>.One, Vector128<long>.Zero);
        var opposite = (Vector128.GreaterThan(s, Vector128<double>.Zero) ^ Vector128.GreaterThan(error, Vector128<double>.Zero)).AsInt64();
        var step = (opposite + opposite) | Vector128<long>.One;   // −1 toward zero, +1 away from it
        return (bits + (inexact & even & step)).AsDouble();
    }
}
