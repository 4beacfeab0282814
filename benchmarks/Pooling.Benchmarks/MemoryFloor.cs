using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Pooling.Kernels;

namespace Pooling.Benchmarks;

/// <summary>
/// The read half of a memory floor (the write half is <c>Span.Fill</c>): every element of a buffer loaded once with the
/// widest accelerated vectors, from a 64-byte boundary on, and folded into four independent accumulators with the native
/// max instruction (the runtime's width structs' <c>MaxNoNaN</c>), so that the loop waits on memory, not on its own
/// arithmetic. What matters is the last two: the operator benchmark's floor had been one <c>Vector.Max</c> accumulator
/// (IEEE semantics: several AVX2 instructions a vector, and a dependency chain) and read 16.5 MB in 392 µs where this
/// reads it in about 180; alignment and 512- against 256-bit loads moved a read by under 5% when interleaved in one run
/// on the Zen 5 of docs/benchmarks.md.
/// </summary>
public static unsafe class MemoryFloor
{
    /// <summary>A max of <paramref name="values"/> (ordered or not, NaN or not: only the loads matter).</summary>
    public static float Max(ReadOnlySpan<float> values)
    {
        ref float source = ref MemoryMarshal.GetReference(values);
        int i = 0, end = values.Length;
        float result = 0;
        for (int head = Math.Min(end, (int)((64 - (nuint)Unsafe.AsPointer(ref source) % 64) % 64 / sizeof(float))); i < head; i++)
            result = Math.Max(result, values[i]);
        if (Simd512<float>.IsAccelerated) result = Math.Max(result, Read<Simd512<float>, Vector512<float>>(ref source, ref i, end).ToScalar());
        else if (Simd256<float>.IsAccelerated) result = Math.Max(result, Read<Simd256<float>, Vector256<float>>(ref source, ref i, end).ToScalar());
        else if (Simd128<float>.IsAccelerated) result = Math.Max(result, Read<Simd128<float>, Vector128<float>>(ref source, ref i, end).ToScalar());
        for (; i < end; i++) result = Math.Max(result, values[i]);
        return result;
    }

    // Four vectors a step from element i on, while they fit before end; i is left at the first element not read.
    private static TV Read<V, TV>(ref float source, ref int i, int end) where V : ISimd<TV, float> where TV : struct
    {
        TV a0 = V.Zero, a1 = a0, a2 = a0, a3 = a0;
        nint n = V.Count, k = i;   // a local cursor: `i` itself is a reference, read and written through memory
        for (; k + 4 * n <= end; k += 4 * n)
        {
            a0 = V.MaxNoNaN(a0, V.Load(ref source, k));
            a1 = V.MaxNoNaN(a1, V.Load(ref source, k + n));
            a2 = V.MaxNoNaN(a2, V.Load(ref source, k + 2 * n));
            a3 = V.MaxNoNaN(a3, V.Load(ref source, k + 3 * n));
        }
        i = (int)k;
        return V.MaxNoNaN(V.MaxNoNaN(a0, a1), V.MaxNoNaN(a2, a3));
    }
}
