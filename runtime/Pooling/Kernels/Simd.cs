using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Pooling.Kernels;

/// <summary>
/// The vector operations a generated kernel uses, for one vector width and element type. A kernel writes its vector loop
/// once as a generic method over <c>V : ISimd&lt;TVector, T&gt;</c> and calls it with <see cref="Simd512{T}"/>,
/// <see cref="Simd256{T}"/> and <see cref="Simd128{T}"/> (T float or double) behind their <c>IsAccelerated</c> checks: the
/// JIT specialises the method per struct and folds the checks, so each machine runs its widest path at no dispatch cost.
/// The generator decides what to compute; these types own the instructions (x86 SSE4.1 / AVX2 / AVX-512, ARM64 AdvSimd).
/// Not meant to be called by hand.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface ISimd<TVector, T>
    where TVector : struct
    where T : unmanaged
{
    /// <summary>True when this width runs in hardware with every operation below (a JIT-time constant).</summary>
    static abstract bool IsAccelerated { get; }

    /// <summary>Lanes per vector.</summary>
    static abstract int Count { get; }

    /// <summary>All lanes zero.</summary>
    static abstract TVector Zero { get; }

    /// <summary>Every lane <paramref name="value"/>.</summary>
    static abstract TVector Broadcast(T value);

    /// <summary><c>Count</c> elements from <paramref name="offset"/>.</summary>
    static abstract TVector Load(ref T source, nint offset);

    /// <summary>Writes <c>Count</c> elements at <paramref name="offset"/>.</summary>
    static abstract void Store(TVector value, ref T target, nint offset);

    /// <summary>
    /// The <c>2·Count</c> elements from <paramref name="offset"/> split into even and odd positions: one tap of
    /// <c>Count</c> stride-2 windows each. The lanes come in this width's own order (<see cref="RestoreOrder"/> puts a
    /// result back), so lane-wise max, min and sums over several taps cost one reordering per output vector, not one per tap.
    /// </summary>
    static abstract void Deinterleave(ref T source, nint offset, out TVector even, out TVector odd);

    /// <summary>Puts a vector computed lane-wise from <see cref="Deinterleave"/> results back in element order.</summary>
    static abstract TVector RestoreOrder(TVector value);

    /// <summary>Each element twice, in element order: <paramref name="low"/> = [v0 v0 v1 v1 …] from the first half of
    /// <paramref name="value"/>, <paramref name="high"/> from the second (a ×2 spread of gradients or pixels).</summary>
    static abstract void Duplicate(TVector value, out TVector low, out TVector high);

    /// <summary><paramref name="a"/> and <paramref name="b"/> element by element, in element order: <paramref name="low"/> =
    /// [a0 b0 a1 b1 …] from their first halves, <paramref name="high"/> from their second (the even and odd outputs of a
    /// ×2 width pass written as one row).</summary>
    static abstract void Interleave(TVector a, TVector b, out TVector low, out TVector high);

    /// <summary>Lane k of the result is lane <c>indices[k]</c> of <paramref name="value"/>, the indices being 32-bit (float)
    /// or 64-bit (double) integers in the lanes' bits, each below <c>Count</c>.</summary>
    static abstract TVector Permute(TVector value, TVector indices);

    /// <summary>PyTorch's max update per lane: <paramref name="value"/> if it is greater or NaN, else <paramref name="best"/>
    /// (first tap wins ties, −0.0 kept, NaN propagates).</summary>
    static abstract TVector Max(TVector best, TVector value);

    /// <summary>PyTorch's min update per lane.</summary>
    static abstract TVector Min(TVector best, TVector value);

    /// <summary>The max update for lanes known to hold no NaN: <c>value &gt; best ? value : best</c> (one instruction on
    /// x86; first tap still wins ties, −0.0 kept). A kernel checks the block for NaN (<see cref="HasNaN"/>) and redoes it
    /// with <see cref="Max"/> when there is one.</summary>
    static abstract TVector MaxNoNaN(TVector best, TVector value);

    /// <summary>The min update for lanes known to hold no NaN.</summary>
    static abstract TVector MinNoNaN(TVector best, TVector value);

    /// <summary>True when any lane is NaN.</summary>
    static abstract bool HasNaN(TVector value);

    /// <summary>Lane-wise sum.</summary>
    static abstract TVector Add(TVector left, TVector right);

    /// <summary>Lane-wise product with a scalar (for exact reciprocals of powers of two).</summary>
    static abstract TVector Multiply(TVector value, T factor);

    /// <summary>Lane-wise quotient by a scalar.</summary>
    static abstract TVector Divide(TVector value, T divisor);

    /// <summary>Lane-wise product.</summary>
    static abstract TVector MultiplyLanes(TVector left, TVector right);

    /// <summary>Lane-wise <c>a·b + c</c> rounded once (fused on every CPU; in software where the CPU has no FMA unit).</summary>
    static abstract TVector FusedMultiplyAdd(TVector a, TVector b, TVector c);

    /// <summary>Lane-wise IEEE square root (correctly rounded, as MathF.Sqrt / Math.Sqrt).</summary>
    static abstract TVector Sqrt(TVector value);
}

/// <summary>
/// The float widths' extra for three-tap windows at stride 2 (StrideTwoWindows): the taps of <c>Count</c> windows from
/// columns already reduced over the window's rows. Float only (the stem kernels it serves are float). Not meant to be
/// called by hand.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IStrideTwoTaps<TVector, T> : ISimd<TVector, T>
    where TVector : struct
    where T : unmanaged
{
    /// <summary>
    /// From columns 0 … Count−1 (<paramref name="a"/>), Count … 2·Count−1 (<paramref name="b"/>) and column 2·Count
    /// (every lane of <paramref name="edge"/>): lane j's columns 2j (<paramref name="even"/>), 2j+1 (<paramref name="odd"/>)
    /// and 2j+2 (<paramref name="next"/>), in <see cref="ISimd{TVector, T}.Deinterleave"/>'s lane order.
    /// </summary>
    static abstract void StrideTwoTaps(TVector a, TVector b, TVector edge, out TVector even, out TVector odd, out TVector next);

    /// <summary>True when any lane is +0 or −0.</summary>
    static abstract bool AnyZero(TVector value);
}

/// <summary>
/// The float widths' extra for max and min pooling with indices (IndexedWindows): a tap's plane-relative index travels
/// as a float lane beside its value (exact below 2^24) and is selected on the same compare. Float only. Not meant to be
/// called by hand.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IIndexedTaps<TVector, T> : IStrideTwoTaps<TVector, T>
    where TVector : struct
    where T : unmanaged
{
    /// <summary>All-ones lanes where <paramref name="value"/> replaces <paramref name="best"/> by PyTorch's rule: strictly
    /// greater (<paramref name="max"/>) or smaller, or NaN.</summary>
    static abstract TVector Replaces(TVector value, TVector best, bool max);

    /// <summary><see cref="Replaces"/> for lanes known to hold no NaN: strictly greater (<paramref name="max"/>) or
    /// smaller (one compare the select can take as its mask).</summary>
    static abstract TVector Exceeds(TVector value, TVector best, bool max);

    /// <summary>Lane-wise <paramref name="mask"/> ? <paramref name="ifTrue"/> : <paramref name="ifFalse"/>.</summary>
    static abstract TVector Select(TVector mask, TVector ifTrue, TVector ifFalse);

    /// <summary>Stores lanes holding whole numbers as <c>int</c> or <c>long</c> indices at <paramref name="offset"/>.</summary>
    static abstract void StoreIndices<TIndex>(TVector indices, ref TIndex target, nint offset) where TIndex : unmanaged;
}

// The three widths share one shape: what the generic vector API does alike for float and double is written once;
// typeof(T) branches (folded by the JIT for each T) choose the instruction only where float and double differ — the
// deinterleave, the NaN-propagating blend, the native max/min — and the stride-two taps are float's alone.

/// <summary>128-bit float or double lanes (x86 SSE4.1, ARM64 AdvSimd).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct Simd128<T> : IIndexedTaps<Vector128<T>, T>
    where T : unmanaged
{
    /// <inheritdoc/>
    public static bool IsAccelerated
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => (typeof(T) == typeof(float) || typeof(T) == typeof(double)) && (Sse41.IsSupported || AdvSimd.Arm64.IsSupported);
    }

    /// <inheritdoc/>
    public static int Count => Vector128<T>.Count;

    /// <inheritdoc/>
    public static Vector128<T> Zero => Vector128<T>.Zero;

    /// <inheritdoc/>
    public static Vector128<T> Broadcast(T value) => Vector128.Create(value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Load(ref T source, nint offset) => Vector128.LoadUnsafe(ref source, (nuint)offset);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector128<T> value, ref T target, nint offset) => value.StoreUnsafe(ref target, (nuint)offset);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Deinterleave(ref T source, nint offset, out Vector128<T> even, out Vector128<T> odd)
    {
        var a = Vector128.LoadUnsafe(ref source, (nuint)offset);
        var b = Vector128.LoadUnsafe(ref source, (nuint)(offset + Vector128<T>.Count));
        Unzip(a, b, out even, out odd);
    }

    // Even and odd elements of a then b, in element order.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Unzip(Vector128<T> a, Vector128<T> b, out Vector128<T> even, out Vector128<T> odd)
    {
        if (typeof(T) == typeof(float))
        {
            if (Sse.IsSupported)
            {
                even = Sse.Shuffle(a.AsSingle(), b.AsSingle(), 0b10_00_10_00).As<float, T>();
                odd = Sse.Shuffle(a.AsSingle(), b.AsSingle(), 0b11_01_11_01).As<float, T>();
            }
            else
            {
                even = AdvSimd.Arm64.UnzipEven(a.AsSingle(), b.AsSingle()).As<float, T>();
                odd = AdvSimd.Arm64.UnzipOdd(a.AsSingle(), b.AsSingle()).As<float, T>();
            }
        }
        else if (Sse2.IsSupported)
        {
            even = Sse2.UnpackLow(a.AsDouble(), b.AsDouble()).As<double, T>();
            odd = Sse2.UnpackHigh(a.AsDouble(), b.AsDouble()).As<double, T>();
        }
        else
        {
            even = AdvSimd.Arm64.UnzipEven(a.AsDouble(), b.AsDouble()).As<double, T>();
            odd = AdvSimd.Arm64.UnzipOdd(a.AsDouble(), b.AsDouble()).As<double, T>();
        }
    }

    /// <inheritdoc/>
    public static Vector128<T> RestoreOrder(Vector128<T> value) => value;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Duplicate(Vector128<T> value, out Vector128<T> low, out Vector128<T> high) => Interleave(value, value, out low, out high);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Permute(Vector128<T> value, Vector128<T> indices) => typeof(T) == typeof(float)
        ? Vector128.ShuffleNative(value.AsSingle(), indices.AsInt32()).As<float, T>()
        : Vector128.ShuffleNative(value.AsDouble(), indices.AsInt64()).As<double, T>();

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Interleave(Vector128<T> a, Vector128<T> b, out Vector128<T> low, out Vector128<T> high)
    {
        low = Lanes.Zip(a.AsByte(), b.AsByte(), Unsafe.SizeOf<T>(), high: false).As<byte, T>();
        high = Lanes.Zip(a.AsByte(), b.AsByte(), Unsafe.SizeOf<T>(), high: true).As<byte, T>();
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StrideTwoTaps(Vector128<T> a, Vector128<T> b, Vector128<T> edge, out Vector128<T> even,
        out Vector128<T> odd, out Vector128<T> next)
    {
        if (typeof(T) != typeof(float)) throw new NotSupportedException("Stride-two taps are float only.");
        Unzip(a, b, out even, out odd);
        next = Sse.IsSupported
            ? Ssse3.AlignRight(edge.AsByte(), even.AsByte(), 4).As<byte, T>()   // [even1 even2 even3 edge]
            : AdvSimd.ExtractVector128(even.AsSingle(), edge.AsSingle(), 1).As<float, T>();
    }

    /// <inheritdoc/>
    public static bool AnyZero(Vector128<T> value) => Vector128.EqualsAny(value, Vector128<T>.Zero);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Max(Vector128<T> best, Vector128<T> value)
    {
        if (!Sse41.IsSupported) return Vector128.ConditionalSelect(Vector128.GreaterThan(value, best) | ~Vector128.Equals(value, value), value, best);
        // maxps value, best = value > best ? value : best; the blend takes a NaN value.
        return typeof(T) == typeof(float)
            ? Sse41.BlendVariable(Sse.Max(value.AsSingle(), best.AsSingle()), value.AsSingle(), Sse.CompareUnordered(value.AsSingle(), value.AsSingle())).As<float, T>()
            : Sse41.BlendVariable(Sse2.Max(value.AsDouble(), best.AsDouble()), value.AsDouble(), Sse2.CompareUnordered(value.AsDouble(), value.AsDouble())).As<double, T>();
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Min(Vector128<T> best, Vector128<T> value)
    {
        if (!Sse41.IsSupported) return Vector128.ConditionalSelect(Vector128.LessThan(value, best) | ~Vector128.Equals(value, value), value, best);
        return typeof(T) == typeof(float)
            ? Sse41.BlendVariable(Sse.Min(value.AsSingle(), best.AsSingle()), value.AsSingle(), Sse.CompareUnordered(value.AsSingle(), value.AsSingle())).As<float, T>()
            : Sse41.BlendVariable(Sse2.Min(value.AsDouble(), best.AsDouble()), value.AsDouble(), Sse2.CompareUnordered(value.AsDouble(), value.AsDouble())).As<double, T>();
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> MaxNoNaN(Vector128<T> best, Vector128<T> value)
    {
        if (!Sse2.IsSupported) return Vector128.ConditionalSelect(Vector128.GreaterThan(value, best), value, best);
        return typeof(T) == typeof(float)
            ? Sse.Max(value.AsSingle(), best.AsSingle()).As<float, T>()
            : Sse2.Max(value.AsDouble(), best.AsDouble()).As<double, T>();
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> MinNoNaN(Vector128<T> best, Vector128<T> value)
    {
        if (!Sse2.IsSupported) return Vector128.ConditionalSelect(Vector128.LessThan(value, best), value, best);
        return typeof(T) == typeof(float)
            ? Sse.Min(value.AsSingle(), best.AsSingle()).As<float, T>()
            : Sse2.Min(value.AsDouble(), best.AsDouble()).As<double, T>();
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool HasNaN(Vector128<T> value) => !Vector128.EqualsAll(value, value);

    /// <inheritdoc/>
    public static Vector128<T> Add(Vector128<T> left, Vector128<T> right) => left + right;

    /// <inheritdoc/>
    public static Vector128<T> Multiply(Vector128<T> value, T factor) => value * factor;

    /// <inheritdoc/>
    public static Vector128<T> Divide(Vector128<T> value, T divisor) => value / Vector128.Create(divisor);

    /// <inheritdoc/>
    public static Vector128<T> MultiplyLanes(Vector128<T> left, Vector128<T> right) => left * right;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> FusedMultiplyAdd(Vector128<T> a, Vector128<T> b, Vector128<T> c) => typeof(T) == typeof(float)
        ? (ExactFma.EmulatesFloat ? ExactFma.Float(a.AsSingle(), b.AsSingle(), c.AsSingle()) : Vector128.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle())).As<float, T>()
        : Vector128.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();

    /// <inheritdoc/>
    public static Vector128<T> Sqrt(Vector128<T> value) => Vector128.Sqrt(value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Replaces(Vector128<T> value, Vector128<T> best, bool max) =>
        (max ? Vector128.GreaterThan(value, best) : Vector128.LessThan(value, best)) | ~Vector128.Equals(value, value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Exceeds(Vector128<T> value, Vector128<T> best, bool max) =>
        max ? Vector128.GreaterThan(value, best) : Vector128.LessThan(value, best);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Select(Vector128<T> mask, Vector128<T> ifTrue, Vector128<T> ifFalse) => Vector128.ConditionalSelect(mask, ifTrue, ifFalse);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreIndices<TIndex>(Vector128<T> indices, ref TIndex target, nint offset) where TIndex : unmanaged
    {
        if (typeof(T) != typeof(float)) throw new NotSupportedException("Indexed taps are float only.");
        var whole = Vector128.ConvertToInt32(indices.AsSingle());
        if (typeof(TIndex) == typeof(int))
        {
            whole.StoreUnsafe(ref Unsafe.As<TIndex, int>(ref target), (nuint)offset);
            return;
        }
        if (typeof(TIndex) != typeof(long)) throw new NotSupportedException("Indices are int or long.");
        var (low, high) = Vector128.Widen(whole);
        ref long at = ref Unsafe.As<TIndex, long>(ref target);
        low.StoreUnsafe(ref at, (nuint)offset);
        high.StoreUnsafe(ref at, (nuint)(offset + Vector128<long>.Count));
    }
}

/// <summary>256-bit float or double lanes (x86 AVX2).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct Simd256<T> : IIndexedTaps<Vector256<T>, T>
    where T : unmanaged
{
    /// <inheritdoc/>
    public static bool IsAccelerated
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => (typeof(T) == typeof(float) || typeof(T) == typeof(double)) && Vector256.IsHardwareAccelerated && Avx2.IsSupported;
    }

    /// <inheritdoc/>
    public static int Count => Vector256<T>.Count;

    /// <inheritdoc/>
    public static Vector256<T> Zero => Vector256<T>.Zero;

    /// <inheritdoc/>
    public static Vector256<T> Broadcast(T value) => Vector256.Create(value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Load(ref T source, nint offset) => Vector256.LoadUnsafe(ref source, (nuint)offset);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<T> value, ref T target, nint offset) => value.StoreUnsafe(ref target, (nuint)offset);

    /// <summary>In-lane shuffles (float: even = [a0 a2 b0 b2 | a4 a6 b4 b6]) or unpacks (double: even = [a0 b0 | a2 b2]);
    /// <see cref="RestoreOrder"/> swaps the middle quarters.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Deinterleave(ref T source, nint offset, out Vector256<T> even, out Vector256<T> odd)
    {
        var a = Vector256.LoadUnsafe(ref source, (nuint)offset);
        var b = Vector256.LoadUnsafe(ref source, (nuint)(offset + Vector256<T>.Count));
        InLaneUnzip(a, b, out even, out odd);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void InLaneUnzip(Vector256<T> a, Vector256<T> b, out Vector256<T> even, out Vector256<T> odd)
    {
        if (typeof(T) == typeof(float))
        {
            even = Avx.Shuffle(a.AsSingle(), b.AsSingle(), 0b10_00_10_00).As<float, T>();
            odd = Avx.Shuffle(a.AsSingle(), b.AsSingle(), 0b11_01_11_01).As<float, T>();
        }
        else
        {
            even = Avx.UnpackLow(a.AsDouble(), b.AsDouble()).As<double, T>();
            odd = Avx.UnpackHigh(a.AsDouble(), b.AsDouble()).As<double, T>();
        }
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> RestoreOrder(Vector256<T> value) => Avx2.Permute4x64(value.AsDouble(), 0b11_01_10_00).As<double, T>();

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Duplicate(Vector256<T> value, out Vector256<T> low, out Vector256<T> high)
    {
        if (typeof(T) == typeof(float))
        {
            low = Avx2.PermuteVar8x32(value.AsSingle(), Vector256.Create(0, 0, 1, 1, 2, 2, 3, 3)).As<float, T>();
            high = Avx2.PermuteVar8x32(value.AsSingle(), Vector256.Create(4, 4, 5, 5, 6, 6, 7, 7)).As<float, T>();
        }
        else
        {
            low = Avx2.Permute4x64(value.AsDouble(), 0b01_01_00_00).As<double, T>();
            high = Avx2.Permute4x64(value.AsDouble(), 0b11_11_10_10).As<double, T>();
        }
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Permute(Vector256<T> value, Vector256<T> indices) => typeof(T) == typeof(float)
        ? Vector256.ShuffleNative(value.AsSingle(), indices.AsInt32()).As<float, T>()
        : Vector256.ShuffleNative(value.AsDouble(), indices.AsInt64()).As<double, T>();

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Interleave(Vector256<T> a, Vector256<T> b, out Vector256<T> low, out Vector256<T> high)
    {
        if (Avx512F.VL.IsSupported)
        {
            // One two-source permute per result.
            if (typeof(T) == typeof(float))
            {
                low = Avx512F.VL.PermuteVar8x32x2(a.AsSingle(), Vector256.Create(0, 8, 1, 9, 2, 10, 3, 11), b.AsSingle()).As<float, T>();
                high = Avx512F.VL.PermuteVar8x32x2(a.AsSingle(), Vector256.Create(4, 12, 5, 13, 6, 14, 7, 15), b.AsSingle()).As<float, T>();
            }
            else
            {
                low = Avx512F.VL.PermuteVar4x64x2(a.AsDouble(), Vector256.Create(0L, 4, 1, 5), b.AsDouble()).As<double, T>();
                high = Avx512F.VL.PermuteVar4x64x2(a.AsDouble(), Vector256.Create(2L, 6, 3, 7), b.AsDouble()).As<double, T>();
            }
            return;
        }
        // AVX2: the unpacks interleave within each 128-bit lane, then the lane halves go in order.
        Vector256<T> inLow, inHigh;
        if (typeof(T) == typeof(float))
        {
            inLow = Avx.UnpackLow(a.AsSingle(), b.AsSingle()).As<float, T>();
            inHigh = Avx.UnpackHigh(a.AsSingle(), b.AsSingle()).As<float, T>();
        }
        else
        {
            inLow = Avx.UnpackLow(a.AsDouble(), b.AsDouble()).As<double, T>();
            inHigh = Avx.UnpackHigh(a.AsDouble(), b.AsDouble()).As<double, T>();
        }
        low = Avx.Permute2x128(inLow.AsDouble(), inHigh.AsDouble(), 0x20).As<double, T>();
        high = Avx.Permute2x128(inLow.AsDouble(), inHigh.AsDouble(), 0x31).As<double, T>();
    }

    /// <summary>Deinterleave's in-lane order (element 2j of lane position [0 1 4 5 2 3 6 7]); next is even moved one
    /// element on within that order, the edge in the last place.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StrideTwoTaps(Vector256<T> a, Vector256<T> b, Vector256<T> edge, out Vector256<T> even,
        out Vector256<T> odd, out Vector256<T> next)
    {
        if (typeof(T) != typeof(float)) throw new NotSupportedException("Stride-two taps are float only.");
        InLaneUnzip(a, b, out even, out odd);
        next = Avx.Blend(Avx2.PermuteVar8x32(even.AsSingle(), Vector256.Create(1, 4, 3, 6, 5, 2, 7, 7)), edge.AsSingle(), 0b1000_0000).As<float, T>();
    }

    /// <inheritdoc/>
    public static bool AnyZero(Vector256<T> value) => Vector256.EqualsAny(value, Vector256<T>.Zero);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Max(Vector256<T> best, Vector256<T> value) => typeof(T) == typeof(float)
        ? Avx.BlendVariable(Avx.Max(value.AsSingle(), best.AsSingle()), value.AsSingle(),
            Avx.Compare(value.AsSingle(), value.AsSingle(), FloatComparisonMode.UnorderedNonSignaling)).As<float, T>()
        : Avx.BlendVariable(Avx.Max(value.AsDouble(), best.AsDouble()), value.AsDouble(),
            Avx.Compare(value.AsDouble(), value.AsDouble(), FloatComparisonMode.UnorderedNonSignaling)).As<double, T>();

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Min(Vector256<T> best, Vector256<T> value) => typeof(T) == typeof(float)
        ? Avx.BlendVariable(Avx.Min(value.AsSingle(), best.AsSingle()), value.AsSingle(),
            Avx.Compare(value.AsSingle(), value.AsSingle(), FloatComparisonMode.UnorderedNonSignaling)).As<float, T>()
        : Avx.BlendVariable(Avx.Min(value.AsDouble(), best.AsDouble()), value.AsDouble(),
            Avx.Compare(value.AsDouble(), value.AsDouble(), FloatComparisonMode.UnorderedNonSignaling)).As<double, T>();

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> MaxNoNaN(Vector256<T> best, Vector256<T> value) => typeof(T) == typeof(float)
        ? Avx.Max(value.AsSingle(), best.AsSingle()).As<float, T>()
        : Avx.Max(value.AsDouble(), best.AsDouble()).As<double, T>();

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> MinNoNaN(Vector256<T> best, Vector256<T> value) => typeof(T) == typeof(float)
        ? Avx.Min(value.AsSingle(), best.AsSingle()).As<float, T>()
        : Avx.Min(value.AsDouble(), best.AsDouble()).As<double, T>();

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool HasNaN(Vector256<T> value) => !Vector256.EqualsAll(value, value);

    /// <inheritdoc/>
    public static Vector256<T> Add(Vector256<T> left, Vector256<T> right) => left + right;

    /// <inheritdoc/>
    public static Vector256<T> Multiply(Vector256<T> value, T factor) => value * factor;

    /// <inheritdoc/>
    public static Vector256<T> Divide(Vector256<T> value, T divisor) => value / Vector256.Create(divisor);

    /// <inheritdoc/>
    public static Vector256<T> MultiplyLanes(Vector256<T> left, Vector256<T> right) => left * right;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> FusedMultiplyAdd(Vector256<T> a, Vector256<T> b, Vector256<T> c) => typeof(T) == typeof(float)
        ? Vector256.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>()
        : Vector256.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();

    /// <inheritdoc/>
    public static Vector256<T> Sqrt(Vector256<T> value) => Vector256.Sqrt(value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Replaces(Vector256<T> value, Vector256<T> best, bool max) =>
        (max ? Vector256.GreaterThan(value, best) : Vector256.LessThan(value, best)) | ~Vector256.Equals(value, value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Exceeds(Vector256<T> value, Vector256<T> best, bool max) =>
        max ? Vector256.GreaterThan(value, best) : Vector256.LessThan(value, best);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Select(Vector256<T> mask, Vector256<T> ifTrue, Vector256<T> ifFalse) => Vector256.ConditionalSelect(mask, ifTrue, ifFalse);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreIndices<TIndex>(Vector256<T> indices, ref TIndex target, nint offset) where TIndex : unmanaged
    {
        if (typeof(T) != typeof(float)) throw new NotSupportedException("Indexed taps are float only.");
        var whole = Vector256.ConvertToInt32(indices.AsSingle());
        if (typeof(TIndex) == typeof(int))
        {
            whole.StoreUnsafe(ref Unsafe.As<TIndex, int>(ref target), (nuint)offset);
            return;
        }
        if (typeof(TIndex) != typeof(long)) throw new NotSupportedException("Indices are int or long.");
        var (low, high) = Vector256.Widen(whole);
        ref long at = ref Unsafe.As<TIndex, long>(ref target);
        low.StoreUnsafe(ref at, (nuint)offset);
        high.StoreUnsafe(ref at, (nuint)(offset + Vector256<long>.Count));
    }
}

/// <summary>512-bit float or double lanes (x86 AVX-512).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct Simd512<T> : IIndexedTaps<Vector512<T>, T>
    where T : unmanaged
{
    /// <inheritdoc/>
    public static bool IsAccelerated
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => (typeof(T) == typeof(float) || typeof(T) == typeof(double)) && Vector512.IsHardwareAccelerated && Avx512F.IsSupported;
    }

    /// <inheritdoc/>
    public static int Count => Vector512<T>.Count;

    /// <inheritdoc/>
    public static Vector512<T> Zero => Vector512<T>.Zero;

    /// <inheritdoc/>
    public static Vector512<T> Broadcast(T value) => Vector512.Create(value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Load(ref T source, nint offset) => Vector512.LoadUnsafe(ref source, (nuint)offset);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<T> value, ref T target, nint offset) => value.StoreUnsafe(ref target, (nuint)offset);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Deinterleave(ref T source, nint offset, out Vector512<T> even, out Vector512<T> odd)
    {
        var a = Vector512.LoadUnsafe(ref source, (nuint)offset);
        var b = Vector512.LoadUnsafe(ref source, (nuint)(offset + Vector512<T>.Count));
        Unzip(a, b, out even, out odd);
    }

    // Two-source permutes: even and odd elements of a then b, in element order.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Unzip(Vector512<T> a, Vector512<T> b, out Vector512<T> even, out Vector512<T> odd)
    {
        if (typeof(T) == typeof(float))
        {
            even = Avx512F.PermuteVar16x32x2(a.AsSingle(), Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30), b.AsSingle()).As<float, T>();
            odd = Avx512F.PermuteVar16x32x2(a.AsSingle(), Vector512.Create(1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31), b.AsSingle()).As<float, T>();
        }
        else
        {
            even = Avx512F.PermuteVar8x64x2(a.AsDouble(), Vector512.Create(0L, 2, 4, 6, 8, 10, 12, 14), b.AsDouble()).As<double, T>();
            odd = Avx512F.PermuteVar8x64x2(a.AsDouble(), Vector512.Create(1L, 3, 5, 7, 9, 11, 13, 15), b.AsDouble()).As<double, T>();
        }
    }

    /// <inheritdoc/>
    public static Vector512<T> RestoreOrder(Vector512<T> value) => value;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Duplicate(Vector512<T> value, out Vector512<T> low, out Vector512<T> high)
    {
        if (typeof(T) == typeof(float))
        {
            low = Avx512F.PermuteVar16x32(value.AsSingle(), Vector512.Create(0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7)).As<float, T>();
            high = Avx512F.PermuteVar16x32(value.AsSingle(), Vector512.Create(8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13, 14, 14, 15, 15)).As<float, T>();
        }
        else
        {
            low = Avx512F.PermuteVar8x64(value.AsDouble(), Vector512.Create(0L, 0, 1, 1, 2, 2, 3, 3)).As<double, T>();
            high = Avx512F.PermuteVar8x64(value.AsDouble(), Vector512.Create(4L, 4, 5, 5, 6, 6, 7, 7)).As<double, T>();
        }
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Permute(Vector512<T> value, Vector512<T> indices) => typeof(T) == typeof(float)
        ? Vector512.ShuffleNative(value.AsSingle(), indices.AsInt32()).As<float, T>()
        : Vector512.ShuffleNative(value.AsDouble(), indices.AsInt64()).As<double, T>();

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Interleave(Vector512<T> a, Vector512<T> b, out Vector512<T> low, out Vector512<T> high)
    {
        if (typeof(T) == typeof(float))
        {
            low = Avx512F.PermuteVar16x32x2(a.AsSingle(), Vector512.Create(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23),
                b.AsSingle()).As<float, T>();
            high = Avx512F.PermuteVar16x32x2(a.AsSingle(), Vector512.Create(8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31),
                b.AsSingle()).As<float, T>();
        }
        else
        {
            low = Avx512F.PermuteVar8x64x2(a.AsDouble(), Vector512.Create(0L, 8, 1, 9, 2, 10, 3, 11), b.AsDouble()).As<double, T>();
            high = Avx512F.PermuteVar8x64x2(a.AsDouble(), Vector512.Create(4L, 12, 5, 13, 6, 14, 7, 15), b.AsDouble()).As<double, T>();
        }
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StrideTwoTaps(Vector512<T> a, Vector512<T> b, Vector512<T> edge, out Vector512<T> even,
        out Vector512<T> odd, out Vector512<T> next)
    {
        if (typeof(T) != typeof(float)) throw new NotSupportedException("Stride-two taps are float only.");
        Unzip(a, b, out even, out odd);
        next = Avx512F.AlignRight32(edge.AsInt32(), even.AsInt32(), 1).As<int, T>();   // [even1 … even15 edge]
    }

    /// <inheritdoc/>
    public static bool AnyZero(Vector512<T> value) => Vector512.EqualsAny(value, Vector512<T>.Zero);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Max(Vector512<T> best, Vector512<T> value) =>
        Vector512.ConditionalSelect(~Vector512.Equals(value, value), value, MaxNoNaN(best, value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Min(Vector512<T> best, Vector512<T> value) =>
        Vector512.ConditionalSelect(~Vector512.Equals(value, value), value, MinNoNaN(best, value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> MaxNoNaN(Vector512<T> best, Vector512<T> value) => typeof(T) == typeof(float)
        ? Avx512F.Max(value.AsSingle(), best.AsSingle()).As<float, T>()
        : Avx512F.Max(value.AsDouble(), best.AsDouble()).As<double, T>();

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> MinNoNaN(Vector512<T> best, Vector512<T> value) => typeof(T) == typeof(float)
        ? Avx512F.Min(value.AsSingle(), best.AsSingle()).As<float, T>()
        : Avx512F.Min(value.AsDouble(), best.AsDouble()).As<double, T>();

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool HasNaN(Vector512<T> value) => !Vector512.EqualsAll(value, value);

    /// <inheritdoc/>
    public static Vector512<T> Add(Vector512<T> left, Vector512<T> right) => left + right;

    /// <inheritdoc/>
    public static Vector512<T> Multiply(Vector512<T> value, T factor) => value * factor;

    /// <inheritdoc/>
    public static Vector512<T> Divide(Vector512<T> value, T divisor) => value / Vector512.Create(divisor);

    /// <inheritdoc/>
    public static Vector512<T> MultiplyLanes(Vector512<T> left, Vector512<T> right) => left * right;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> FusedMultiplyAdd(Vector512<T> a, Vector512<T> b, Vector512<T> c) => typeof(T) == typeof(float)
        ? Vector512.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>()
        : Vector512.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();

    /// <inheritdoc/>
    public static Vector512<T> Sqrt(Vector512<T> value) => Vector512.Sqrt(value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Replaces(Vector512<T> value, Vector512<T> best, bool max) =>
        (max ? Vector512.GreaterThan(value, best) : Vector512.LessThan(value, best)) | ~Vector512.Equals(value, value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Exceeds(Vector512<T> value, Vector512<T> best, bool max) =>
        max ? Vector512.GreaterThan(value, best) : Vector512.LessThan(value, best);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Select(Vector512<T> mask, Vector512<T> ifTrue, Vector512<T> ifFalse) => Vector512.ConditionalSelect(mask, ifTrue, ifFalse);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreIndices<TIndex>(Vector512<T> indices, ref TIndex target, nint offset) where TIndex : unmanaged
    {
        if (typeof(T) != typeof(float)) throw new NotSupportedException("Indexed taps are float only.");
        var whole = Vector512.ConvertToInt32(indices.AsSingle());
        if (typeof(TIndex) == typeof(int))
        {
            whole.StoreUnsafe(ref Unsafe.As<TIndex, int>(ref target), (nuint)offset);
            return;
        }
        if (typeof(TIndex) != typeof(long)) throw new NotSupportedException("Indices are int or long.");
        var (low, high) = Vector512.Widen(whole);
        ref long at = ref Unsafe.As<TIndex, long>(ref target);
        low.StoreUnsafe(ref at, (nuint)offset);
        high.StoreUnsafe(ref at, (nuint)(offset + Vector512<long>.Count));
    }
}
