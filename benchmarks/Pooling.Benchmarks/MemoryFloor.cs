using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Pooling.Benchmarks;

/// <summary>
/// The read half of a memory floor (the write half is <c>Span.Fill</c>): every element of a buffer loaded once with the
/// widest native vectors, from a 64-byte boundary on, and folded into four independent accumulators with the native max
/// instruction, so that the loop waits on memory, not on its own arithmetic. What matters is the last two: the
/// operator benchmark's floor had been one <c>Vector.Max</c> accumulator (IEEE semantics: several AVX2 instructions a
/// vector, and a dependency chain) and read 16.5 MB in 392 µs where this reads it in about 180; alignment and 512- against
/// 256-bit loads moved a read by under 5% when interleaved in one run on the Zen 5 of docs/benchmarks.md.
/// </summary>
public static unsafe class MemoryFloor
{
    /// <summary>A max of <paramref name="values"/> (ordered or not: only the loads matter).</summary>
    public static float Max(ReadOnlySpan<float> values)
    {
        ref float source = ref MemoryMarshal.GetReference(values);
        int i = 0, end = values.Length;
        float result = 0;
        for (int head = Math.Min(end, (int)((64 - (nuint)Unsafe.AsPointer(ref source) % 64) % 64 / sizeof(float))); i < head; i++)
            result = Math.Max(result, values[i]);
        if (Avx512F.IsSupported)
        {
            Vector512<float> a0 = Vector512<float>.Zero, a1 = a0, a2 = a0, a3 = a0;
            for (; i + 64 <= end; i += 64)
            {
                a0 = Avx512F.Max(a0, Vector512.LoadUnsafe(ref source, (nuint)i));
                a1 = Avx512F.Max(a1, Vector512.LoadUnsafe(ref source, (nuint)(i + 16)));
                a2 = Avx512F.Max(a2, Vector512.LoadUnsafe(ref source, (nuint)(i + 32)));
                a3 = Avx512F.Max(a3, Vector512.LoadUnsafe(ref source, (nuint)(i + 48)));
            }
            result = Math.Max(result, Avx512F.Max(Avx512F.Max(a0, a1), Avx512F.Max(a2, a3)).ToScalar());
        }
        else if (Avx.IsSupported)
        {
            Vector256<float> b0 = Vector256<float>.Zero, b1 = b0, b2 = b0, b3 = b0;
            for (; i + 32 <= end; i += 32)
            {
                b0 = Avx.Max(b0, Vector256.LoadUnsafe(ref source, (nuint)i));
                b1 = Avx.Max(b1, Vector256.LoadUnsafe(ref source, (nuint)(i + 8)));
                b2 = Avx.Max(b2, Vector256.LoadUnsafe(ref source, (nuint)(i + 16)));
                b3 = Avx.Max(b3, Vector256.LoadUnsafe(ref source, (nuint)(i + 24)));
            }
            result = Math.Max(result, Avx.Max(Avx.Max(b0, b1), Avx.Max(b2, b3)).ToScalar());
        }
        else if (Sse.IsSupported)
        {
            Vector128<float> c0 = Vector128<float>.Zero, c1 = c0, c2 = c0, c3 = c0;
            for (; i + 16 <= end; i += 16)
            {
                c0 = Sse.Max(c0, Vector128.LoadUnsafe(ref source, (nuint)i));
                c1 = Sse.Max(c1, Vector128.LoadUnsafe(ref source, (nuint)(i + 4)));
                c2 = Sse.Max(c2, Vector128.LoadUnsafe(ref source, (nuint)(i + 8)));
                c3 = Sse.Max(c3, Vector128.LoadUnsafe(ref source, (nuint)(i + 12)));
            }
            result = Math.Max(result, Sse.Max(Sse.Max(c0, c1), Sse.Max(c2, c3)).ToScalar());
        }
        for (; i < end; i++) result = Math.Max(result, values[i]);
        return result;
    }
}
