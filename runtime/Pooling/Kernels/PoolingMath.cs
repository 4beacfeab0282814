using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Pooling.Kernels;

/// <summary>
/// Building blocks the generated kernels call, all aggressively inlined. They reproduce PyTorch's CPU update rule
/// exactly — <c>if (value &gt; best || isnan(value)) best = value</c> (docs/semantics.md §2.1) — without a data-dependent branch:
/// x86 <c>maxss/maxps value, best</c> already returns <c>value &gt; best ? value : best</c> (first tap wins ties, including
/// −0.0 vs +0.0, and a NaN already in <c>best</c> stays), and a blend on an unordered compare takes a NaN <c>value</c>.
/// A branchy scalar max is ~20× slower on random data. Not meant to be called by hand.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static partial class PoolingMath
{
    /// <summary>
    /// Asks the cache for the line holding <paramref name="source"/>[<paramref name="offset"/>] (x86 <c>prefetcht0</c>;
    /// nothing elsewhere). A hint: it never faults, whatever the address. A kernel streaming rows larger than the cache
    /// calls it a few KB ahead so that more misses are in flight than the hardware prefetcher alone keeps.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Prefetch<T>(ref T source, nint offset)
    {
        if (Sse.IsSupported) Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref source, offset)));
    }

    /// <summary>Input bytes from which a pooling kernel's rows are taken to stream from memory rather than the caches.</summary>
    public const long StreamingInputBytes = 16L << 20;

    /// <summary>
    /// Whether a call over an input of <paramref name="length"/> elements should <see cref="Prefetch{T}"/> its rows with
    /// 128-bit vectors: an input this large comes from memory, where the prefetches keep more misses in flight (a 205 MB
    /// MaxPool k2s2 at 128 bits ran in half the time with them); with a smaller one, mostly in the caches, they cost
    /// a short step more than they save (k2s2 on [8,64,56,56] at 128 bits: 134 µs with them, 108 without). Wider vectors
    /// prefetch whatever the size: without, k2s2 on [1,64,112,112] (3.2 MB, in L3) took 41 µs against 35 at 512 and 256
    /// bits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool StreamsFromMemory<T>(int length) => (long)length * Unsafe.SizeOf<T>() >= StreamingInputBytes;

    /// <summary>PyTorch's max update: <paramref name="value"/> if it is greater or NaN, else <paramref name="best"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Max(float best, float value)
    {
        if (Sse41.IsSupported)
        {
            var v = Vector128.CreateScalarUnsafe(value);
            return Sse41.BlendVariable(Sse.MaxScalar(v, Vector128.CreateScalarUnsafe(best)), v, Sse.CompareScalarUnordered(v, v)).ToScalar();
        }
        return value > best || float.IsNaN(value) ? value : best;
    }

    /// <summary>PyTorch's max update for double.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Max(double best, double value)
    {
        if (Sse41.IsSupported)
        {
            var v = Vector128.CreateScalarUnsafe(value);
            return Sse41.BlendVariable(Sse2.MaxScalar(v, Vector128.CreateScalarUnsafe(best)), v, Sse2.CompareScalarUnordered(v, v)).ToScalar();
        }
        return value > best || double.IsNaN(value) ? value : best;
    }

    /// <summary>The min update (docs/semantics.md §2.3): <paramref name="value"/> if it is smaller or NaN, else <paramref name="best"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Min(float best, float value)
    {
        if (Sse41.IsSupported)
        {
            var v = Vector128.CreateScalarUnsafe(value);
            return Sse41.BlendVariable(Sse.MinScalar(v, Vector128.CreateScalarUnsafe(best)), v, Sse.CompareScalarUnordered(v, v)).ToScalar();
        }
        return value < best || float.IsNaN(value) ? value : best;
    }

    /// <summary>The min update for double.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Min(double best, double value)
    {
        if (Sse41.IsSupported)
        {
            var v = Vector128.CreateScalarUnsafe(value);
            return Sse41.BlendVariable(Sse2.MinScalar(v, Vector128.CreateScalarUnsafe(best)), v, Sse2.CompareScalarUnordered(v, v)).ToScalar();
        }
        return value < best || double.IsNaN(value) ? value : best;
    }

    /// <summary><c>x.pow(p)</c> as PyTorch evaluates it for float tensors: exact special cases for p = 1, 2, 3, 0.5, −0.5,
    /// −1, −2 (ATen's pow_tensor_scalar), <c>powf</c> otherwise (PyTorch uses SLEEF there: within 1 ulp, not bit-equal).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float LpPower(float x, double p) => p switch
    {
        1 => x,
        2 => x * x,
        3 => x * x * x,
        0.5 => MathF.Sqrt(x),
        -0.5 => 1f / MathF.Sqrt(x),
        -1 => 1f / x,
        -2 => 1f / (x * x),
        _ => MathF.Pow(x, (float)p),
    };

    /// <summary><c>x.pow(p)</c> for double tensors.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double LpPower(double x, double p) => p switch
    {
        1 => x,
        2 => x * x,
        3 => x * x * x,
        0.5 => Math.Sqrt(x),
        -0.5 => 1d / Math.Sqrt(x),
        -1 => 1d / x,
        -2 => 1d / (x * x),
        _ => Math.Pow(x, p),
    };

    /// <summary>
    /// A byte average (uint8 area resizing, docs/semantics.md §8.7): the exact mean <paramref name="sum"/> /
    /// <paramref name="count"/> of bytes, rounded half to even — what rounding the float kernel's value gives wherever its
    /// float sums and divisions are exact (bins below 32,768 elements).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static byte RoundedMean(long sum, long count)
    {
        long quotient = sum / count, twice = 2 * (sum - quotient * count);
        if (twice > count || (twice == count && (quotient & 1) != 0)) quotient++;
        return (byte)quotient;
    }

    /// <summary>The end of PyTorch's LPPool composite: <c>(sign(m)·relu(|m|)).mul(K).pow(1/p)</c> for the window mean m
    /// and kernel volume K. <c>sign·relu(abs)</c> is m itself except that −0 becomes +0 (docs/semantics.md §4).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float LpRoot(float mean, int kernelVolume, double p)
    {
        float scaled = (mean == 0 ? 0f : mean) * kernelVolume;
        return LpPower(scaled, 1.0 / p);
    }

    /// <summary>The end of PyTorch's LPPool composite for double tensors.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double LpRoot(double mean, int kernelVolume, double p)
    {
        double scaled = (mean == 0 ? 0d : mean) * kernelVolume;
        return LpPower(scaled, 1.0 / p);
    }

    /// <summary>
    /// The mean of one double plane, PyTorch's <c>mean()</c> shortcut for adaptive averages to 1×…×1: four double
    /// accumulators (lane j sums the elements i ≡ j mod 4, the tail goes to lane 0), added pairwise, divided once. The
    /// vector and scalar paths add the same numbers in the same order, so they agree to the bit. (Float planes have
    /// their own order, in float: PoolingMath.FloatMeans.cs.)
    /// </summary>
    public static double PlaneMean(ReadOnlySpan<double> values)
    {
        var lanes = Vector256<double>.Zero;
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref double first = ref MemoryMarshal.GetReference(values);
            for (; i + 4 <= values.Length; i += 4) lanes += Vector256.LoadUnsafe(ref first, (nuint)i);
        }
        return FinishPlaneMean(values, i, lanes);
    }

    /// <summary>
    /// The mean of every channel of one channels-last sample (<paramref name="sample"/>: pixels × channels), each in the
    /// order of the channels-first plane mean, so each channel's mean has the bits of the channels-first kernel's:
    /// float in the sixteen-lane order (PoolingMath.FloatMeans.cs), other types in <see cref="PlaneMean(ReadOnlySpan{double})"/>'s
    /// — pixel i of the first ⌊n/4⌋·4 into lane i mod 4, the rest into lane 0, the lanes added pairwise, one division.
    /// The pixels are read in memory order, every channel's lanes side by side.
    /// </summary>
    public static void ChannelMeans<T>(ReadOnlySpan<T> sample, int channels, Span<T> output) where T : System.Numerics.INumberBase<T>
    {
        if (channels <= 0 || sample.Length == 0 || sample.Length % channels != 0 || output.Length != channels)
            throw new ArgumentException("The sample must be whole pixels of the output's channels.", nameof(sample));
        if (typeof(T) == typeof(float))
        {
            FloatChannelMeans(
                MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(sample)), sample.Length),
                channels, MemoryMarshal.CreateSpan(ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(output)), channels));
            return;
        }
        int pixels = sample.Length / channels, blocked = pixels - pixels % 4;
        double[] lanes = System.Buffers.ArrayPool<double>.Shared.Rent(4 * channels);
        try
        {
            var sums = lanes.AsSpan(0, 4 * channels);
            sums.Clear();
            for (int p = 0; p < pixels; p++)
            {
                var lane = sums.Slice((p < blocked ? p % 4 : 0) * channels, channels);
                var pixel = sample.Slice(p * channels, channels);
                for (int c = 0; c < channels; c++) lane[c] += double.CreateTruncating(pixel[c]);
            }
            for (int c = 0; c < channels; c++)
            {
                double mean = (sums[c] + sums[channels + c] + (sums[2 * channels + c] + sums[3 * channels + c])) / pixels;
                output[c] = T.CreateTruncating(mean);
            }
        }
        finally
        {
            System.Buffers.ArrayPool<double>.Shared.Return(lanes);
        }
    }

    /// <summary>The plane mean of Half data (each element widened exactly to double), four-lane order.</summary>
    public static double PlaneMean(ReadOnlySpan<Half> values) => FinishPlaneMean(values, 0, Vector256<double>.Zero);

    // The scalar remainder of PlaneMean from element i on (all of it without a vector unit), in the same lane order as
    // the vector loop, then the pairwise sum of the lanes and the one division.
    private static double FinishPlaneMean<T>(ReadOnlySpan<T> values, int i, Vector256<double> lanes)
        where T : System.Numerics.INumberBase<T>
    {
        double a0 = lanes.GetElement(0), a1 = lanes.GetElement(1), a2 = lanes.GetElement(2), a3 = lanes.GetElement(3);
        for (; i + 4 <= values.Length; i += 4)
        {
            a0 += double.CreateTruncating(values[i]);
            a1 += double.CreateTruncating(values[i + 1]);
            a2 += double.CreateTruncating(values[i + 2]);
            a3 += double.CreateTruncating(values[i + 3]);
        }
        for (; i < values.Length; i++) a0 += double.CreateTruncating(values[i]);
        return (a0 + a1 + (a2 + a3)) / values.Length;
    }
}
