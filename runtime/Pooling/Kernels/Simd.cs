using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Pooling.Kernels;

/// <summary>
/// The vector operations a generated kernel uses, for one vector width and element type. A kernel writes its vector loop
/// once as a generic method over <c>V : ISimd&lt;TVector, T&gt;</c> and calls it with <see cref="Simd512F"/>,
/// <see cref="Simd256F"/>, <see cref="Simd128F"/> (or the double ones) behind their <c>IsAccelerated</c> checks: the JIT
/// specialises the method per struct and folds the checks, so each machine runs its widest path at no dispatch cost.
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

    /// <summary>Lane-wise IEEE square root (correctly rounded, as MathF.Sqrt / Math.Sqrt).</summary>
    static abstract TVector Sqrt(TVector value);
}

/// <summary>
/// The float widths' extra for three-tap windows at stride 2 (StrideTwoWindows): the taps of <c>Count</c> windows from
/// columns already reduced over the window's rows. Not meant to be called by hand.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IStrideTwoTaps<TVector> : ISimd<TVector, float>
    where TVector : struct
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

/// <summary>128-bit float lanes (x86 SSE4.1, ARM64 AdvSimd).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct Simd128F : IStrideTwoTaps<Vector128<float>>
{
    /// <inheritdoc/>
    public static bool IsAccelerated
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Sse41.IsSupported || AdvSimd.Arm64.IsSupported;
    }

    /// <inheritdoc/>
    public static int Count => Vector128<float>.Count;

    /// <inheritdoc/>
    public static Vector128<float> Zero => Vector128<float>.Zero;

    /// <inheritdoc/>
    public static Vector128<float> Broadcast(float value) => Vector128.Create(value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Load(ref float source, nint offset) => Vector128.LoadUnsafe(ref source, (nuint)offset);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector128<float> value, ref float target, nint offset) => value.StoreUnsafe(ref target, (nuint)offset);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Deinterleave(ref float source, nint offset, out Vector128<float> even, out Vector128<float> odd)
    {
        var a = Vector128.LoadUnsafe(ref source, (nuint)offset);
        var b = Vector128.LoadUnsafe(ref source, (nuint)(offset + 4));
        if (Sse.IsSupported)
        {
            even = Sse.Shuffle(a, b, 0b10_00_10_00);
            odd = Sse.Shuffle(a, b, 0b11_01_11_01);
        }
        else
        {
            even = AdvSimd.Arm64.UnzipEven(a, b);
            odd = AdvSimd.Arm64.UnzipOdd(a, b);
        }
    }

    /// <inheritdoc/>
    public static Vector128<float> RestoreOrder(Vector128<float> value) => value;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StrideTwoTaps(Vector128<float> a, Vector128<float> b, Vector128<float> edge, out Vector128<float> even,
        out Vector128<float> odd, out Vector128<float> next)
    {
        if (Sse.IsSupported)
        {
            even = Sse.Shuffle(a, b, 0b10_00_10_00);
            odd = Sse.Shuffle(a, b, 0b11_01_11_01);
            next = Ssse3.AlignRight(edge.AsByte(), even.AsByte(), 4).AsSingle();   // [even1 even2 even3 edge]
        }
        else
        {
            even = AdvSimd.Arm64.UnzipEven(a, b);
            odd = AdvSimd.Arm64.UnzipOdd(a, b);
            next = AdvSimd.ExtractVector128(even, edge, 1);
        }
    }

    /// <inheritdoc/>
    public static bool AnyZero(Vector128<float> value) => Vector128.EqualsAny(value, Vector128<float>.Zero);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Max(Vector128<float> best, Vector128<float> value) =>
        Sse41.IsSupported
            // maxps value, best = value > best ? value : best; the blend takes a NaN value.
            ? Sse41.BlendVariable(Sse.Max(value, best), value, Sse.CompareUnordered(value, value))
            : Vector128.ConditionalSelect(Vector128.GreaterThan(value, best) | ~Vector128.Equals(value, value), value, best);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Min(Vector128<float> best, Vector128<float> value) =>
        Sse41.IsSupported
            ? Sse41.BlendVariable(Sse.Min(value, best), value, Sse.CompareUnordered(value, value))
            : Vector128.ConditionalSelect(Vector128.LessThan(value, best) | ~Vector128.Equals(value, value), value, best);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> MaxNoNaN(Vector128<float> best, Vector128<float> value) => Sse.IsSupported ? Sse.Max(value, best) : Vector128.ConditionalSelect(Vector128.GreaterThan(value, best), value, best);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> MinNoNaN(Vector128<float> best, Vector128<float> value) => Sse.IsSupported ? Sse.Min(value, best) : Vector128.ConditionalSelect(Vector128.LessThan(value, best), value, best);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool HasNaN(Vector128<float> value) => !Vector128.EqualsAll(value, value);

    /// <inheritdoc/>
    public static Vector128<float> Add(Vector128<float> left, Vector128<float> right) => left + right;

    /// <inheritdoc/>
    public static Vector128<float> Multiply(Vector128<float> value, float factor) => value * factor;

    /// <inheritdoc/>
    public static Vector128<float> Divide(Vector128<float> value, float divisor) => value / Vector128.Create(divisor);

    /// <inheritdoc/>
    public static Vector128<float> MultiplyLanes(Vector128<float> left, Vector128<float> right) => left * right;

    /// <inheritdoc/>
    public static Vector128<float> Sqrt(Vector128<float> value) => Vector128.Sqrt(value);
}

/// <summary>256-bit float lanes (x86 AVX2).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct Simd256F : IStrideTwoTaps<Vector256<float>>
{
    /// <inheritdoc/>
    public static bool IsAccelerated
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector256.IsHardwareAccelerated && Avx2.IsSupported;
    }

    /// <inheritdoc/>
    public static int Count => Vector256<float>.Count;

    /// <inheritdoc/>
    public static Vector256<float> Zero => Vector256<float>.Zero;

    /// <inheritdoc/>
    public static Vector256<float> Broadcast(float value) => Vector256.Create(value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Load(ref float source, nint offset) => Vector256.LoadUnsafe(ref source, (nuint)offset);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<float> value, ref float target, nint offset) => value.StoreUnsafe(ref target, (nuint)offset);

    /// <summary>In-lane shuffles: even = [a0 a2 b0 b2 | a4 a6 b4 b6]; <see cref="RestoreOrder"/> swaps the middle quarters.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Deinterleave(ref float source, nint offset, out Vector256<float> even, out Vector256<float> odd)
    {
        var a = Vector256.LoadUnsafe(ref source, (nuint)offset);
        var b = Vector256.LoadUnsafe(ref source, (nuint)(offset + 8));
        even = Avx.Shuffle(a, b, 0b10_00_10_00);
        odd = Avx.Shuffle(a, b, 0b11_01_11_01);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> RestoreOrder(Vector256<float> value) =>
        Avx2.Permute4x64(value.AsDouble(), 0b11_01_10_00).AsSingle();

    /// <summary>Deinterleave's in-lane order (element 2j of lane position [0 1 4 5 2 3 6 7]); next is even moved one
    /// element on within that order, the edge in the last place.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StrideTwoTaps(Vector256<float> a, Vector256<float> b, Vector256<float> edge, out Vector256<float> even,
        out Vector256<float> odd, out Vector256<float> next)
    {
        even = Avx.Shuffle(a, b, 0b10_00_10_00);
        odd = Avx.Shuffle(a, b, 0b11_01_11_01);
        next = Avx.Blend(Avx2.PermuteVar8x32(even, Vector256.Create(1, 4, 3, 6, 5, 2, 7, 7)), edge, 0b1000_0000);
    }

    /// <inheritdoc/>
    public static bool AnyZero(Vector256<float> value) => Vector256.EqualsAny(value, Vector256<float>.Zero);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Max(Vector256<float> best, Vector256<float> value) =>
        Avx.BlendVariable(Avx.Max(value, best), value, Avx.Compare(value, value, FloatComparisonMode.UnorderedNonSignaling));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Min(Vector256<float> best, Vector256<float> value) =>
        Avx.BlendVariable(Avx.Min(value, best), value, Avx.Compare(value, value, FloatComparisonMode.UnorderedNonSignaling));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> MaxNoNaN(Vector256<float> best, Vector256<float> value) => Avx.Max(value, best);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> MinNoNaN(Vector256<float> best, Vector256<float> value) => Avx.Min(value, best);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool HasNaN(Vector256<float> value) => !Vector256.EqualsAll(value, value);

    /// <inheritdoc/>
    public static Vector256<float> Add(Vector256<float> left, Vector256<float> right) => left + right;

    /// <inheritdoc/>
    public static Vector256<float> Multiply(Vector256<float> value, float factor) => value * factor;

    /// <inheritdoc/>
    public static Vector256<float> Divide(Vector256<float> value, float divisor) => value / Vector256.Create(divisor);

    /// <inheritdoc/>
    public static Vector256<float> MultiplyLanes(Vector256<float> left, Vector256<float> right) => left * right;

    /// <inheritdoc/>
    public static Vector256<float> Sqrt(Vector256<float> value) => Vector256.Sqrt(value);
}

/// <summary>512-bit float lanes (x86 AVX-512).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct Simd512F : IStrideTwoTaps<Vector512<float>>
{
    private static Vector512<int> EvenIndices => Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);

    private static Vector512<int> OddIndices => Vector512.Create(1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31);

    /// <inheritdoc/>
    public static bool IsAccelerated
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector512.IsHardwareAccelerated && Avx512F.IsSupported;
    }

    /// <inheritdoc/>
    public static int Count => Vector512<float>.Count;

    /// <inheritdoc/>
    public static Vector512<float> Zero => Vector512<float>.Zero;

    /// <inheritdoc/>
    public static Vector512<float> Broadcast(float value) => Vector512.Create(value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Load(ref float source, nint offset) => Vector512.LoadUnsafe(ref source, (nuint)offset);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<float> value, ref float target, nint offset) => value.StoreUnsafe(ref target, (nuint)offset);

    /// <summary>Two-source permutes (vpermt2ps): even and odd come out in element order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Deinterleave(ref float source, nint offset, out Vector512<float> even, out Vector512<float> odd)
    {
        var a = Vector512.LoadUnsafe(ref source, (nuint)offset);
        var b = Vector512.LoadUnsafe(ref source, (nuint)(offset + 16));
        even = Avx512F.PermuteVar16x32x2(a, EvenIndices, b);
        odd = Avx512F.PermuteVar16x32x2(a, OddIndices, b);
    }

    /// <inheritdoc/>
    public static Vector512<float> RestoreOrder(Vector512<float> value) => value;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StrideTwoTaps(Vector512<float> a, Vector512<float> b, Vector512<float> edge, out Vector512<float> even,
        out Vector512<float> odd, out Vector512<float> next)
    {
        even = Avx512F.PermuteVar16x32x2(a, EvenIndices, b);
        odd = Avx512F.PermuteVar16x32x2(a, OddIndices, b);
        next = Avx512F.AlignRight32(edge.AsInt32(), even.AsInt32(), 1).AsSingle();   // [even1 … even15 edge]
    }

    /// <inheritdoc/>
    public static bool AnyZero(Vector512<float> value) => Vector512.EqualsAny(value, Vector512<float>.Zero);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Max(Vector512<float> best, Vector512<float> value) =>
        Vector512.ConditionalSelect(~Vector512.Equals(value, value), value, Avx512F.Max(value, best));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Min(Vector512<float> best, Vector512<float> value) =>
        Vector512.ConditionalSelect(~Vector512.Equals(value, value), value, Avx512F.Min(value, best));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> MaxNoNaN(Vector512<float> best, Vector512<float> value) => Avx512F.Max(value, best);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> MinNoNaN(Vector512<float> best, Vector512<float> value) => Avx512F.Min(value, best);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool HasNaN(Vector512<float> value) => !Vector512.EqualsAll(value, value);

    /// <inheritdoc/>
    public static Vector512<float> Add(Vector512<float> left, Vector512<float> right) => left + right;

    /// <inheritdoc/>
    public static Vector512<float> Multiply(Vector512<float> value, float factor) => value * factor;

    /// <inheritdoc/>
    public static Vector512<float> Divide(Vector512<float> value, float divisor) => value / Vector512.Create(divisor);

    /// <inheritdoc/>
    public static Vector512<float> MultiplyLanes(Vector512<float> left, Vector512<float> right) => left * right;

    /// <inheritdoc/>
    public static Vector512<float> Sqrt(Vector512<float> value) => Vector512.Sqrt(value);
}

/// <summary>128-bit double lanes (x86 SSE4.1, ARM64 AdvSimd).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct Simd128D : ISimd<Vector128<double>, double>
{
    /// <inheritdoc/>
    public static bool IsAccelerated
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Sse41.IsSupported || AdvSimd.Arm64.IsSupported;
    }

    /// <inheritdoc/>
    public static int Count => Vector128<double>.Count;

    /// <inheritdoc/>
    public static Vector128<double> Zero => Vector128<double>.Zero;

    /// <inheritdoc/>
    public static Vector128<double> Broadcast(double value) => Vector128.Create(value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Load(ref double source, nint offset) => Vector128.LoadUnsafe(ref source, (nuint)offset);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector128<double> value, ref double target, nint offset) => value.StoreUnsafe(ref target, (nuint)offset);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Deinterleave(ref double source, nint offset, out Vector128<double> even, out Vector128<double> odd)
    {
        var a = Vector128.LoadUnsafe(ref source, (nuint)offset);
        var b = Vector128.LoadUnsafe(ref source, (nuint)(offset + 2));
        if (Sse2.IsSupported)
        {
            even = Sse2.UnpackLow(a, b);
            odd = Sse2.UnpackHigh(a, b);
        }
        else
        {
            even = AdvSimd.Arm64.UnzipEven(a, b);
            odd = AdvSimd.Arm64.UnzipOdd(a, b);
        }
    }

    /// <inheritdoc/>
    public static Vector128<double> RestoreOrder(Vector128<double> value) => value;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Max(Vector128<double> best, Vector128<double> value) =>
        Sse41.IsSupported
            ? Sse41.BlendVariable(Sse2.Max(value, best), value, Sse2.CompareUnordered(value, value))
            : Vector128.ConditionalSelect(Vector128.GreaterThan(value, best) | ~Vector128.Equals(value, value), value, best);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Min(Vector128<double> best, Vector128<double> value) =>
        Sse41.IsSupported
            ? Sse41.BlendVariable(Sse2.Min(value, best), value, Sse2.CompareUnordered(value, value))
            : Vector128.ConditionalSelect(Vector128.LessThan(value, best) | ~Vector128.Equals(value, value), value, best);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> MaxNoNaN(Vector128<double> best, Vector128<double> value) => Sse2.IsSupported ? Sse2.Max(value, best) : Vector128.ConditionalSelect(Vector128.GreaterThan(value, best), value, best);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> MinNoNaN(Vector128<double> best, Vector128<double> value) => Sse2.IsSupported ? Sse2.Min(value, best) : Vector128.ConditionalSelect(Vector128.LessThan(value, best), value, best);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool HasNaN(Vector128<double> value) => !Vector128.EqualsAll(value, value);

    /// <inheritdoc/>
    public static Vector128<double> Add(Vector128<double> left, Vector128<double> right) => left + right;

    /// <inheritdoc/>
    public static Vector128<double> Multiply(Vector128<double> value, double factor) => value * factor;

    /// <inheritdoc/>
    public static Vector128<double> Divide(Vector128<double> value, double divisor) => value / Vector128.Create(divisor);

    /// <inheritdoc/>
    public static Vector128<double> MultiplyLanes(Vector128<double> left, Vector128<double> right) => left * right;

    /// <inheritdoc/>
    public static Vector128<double> Sqrt(Vector128<double> value) => Vector128.Sqrt(value);
}

/// <summary>256-bit double lanes (x86 AVX2).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct Simd256D : ISimd<Vector256<double>, double>
{
    /// <inheritdoc/>
    public static bool IsAccelerated
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector256.IsHardwareAccelerated && Avx2.IsSupported;
    }

    /// <inheritdoc/>
    public static int Count => Vector256<double>.Count;

    /// <inheritdoc/>
    public static Vector256<double> Zero => Vector256<double>.Zero;

    /// <inheritdoc/>
    public static Vector256<double> Broadcast(double value) => Vector256.Create(value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Load(ref double source, nint offset) => Vector256.LoadUnsafe(ref source, (nuint)offset);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<double> value, ref double target, nint offset) => value.StoreUnsafe(ref target, (nuint)offset);

    /// <summary>In-lane unpacks: even = [a0 b0 | a2 b2]; <see cref="RestoreOrder"/> swaps the middle quarters.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Deinterleave(ref double source, nint offset, out Vector256<double> even, out Vector256<double> odd)
    {
        var a = Vector256.LoadUnsafe(ref source, (nuint)offset);
        var b = Vector256.LoadUnsafe(ref source, (nuint)(offset + 4));
        even = Avx.UnpackLow(a, b);
        odd = Avx.UnpackHigh(a, b);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> RestoreOrder(Vector256<double> value) => Avx2.Permute4x64(value, 0b11_01_10_00);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Max(Vector256<double> best, Vector256<double> value) =>
        Avx.BlendVariable(Avx.Max(value, best), value, Avx.Compare(value, value, FloatComparisonMode.UnorderedNonSignaling));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Min(Vector256<double> best, Vector256<double> value) =>
        Avx.BlendVariable(Avx.Min(value, best), value, Avx.Compare(value, value, FloatComparisonMode.UnorderedNonSignaling));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> MaxNoNaN(Vector256<double> best, Vector256<double> value) => Avx.Max(value, best);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> MinNoNaN(Vector256<double> best, Vector256<double> value) => Avx.Min(value, best);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool HasNaN(Vector256<double> value) => !Vector256.EqualsAll(value, value);

    /// <inheritdoc/>
    public static Vector256<double> Add(Vector256<double> left, Vector256<double> right) => left + right;

    /// <inheritdoc/>
    public static Vector256<double> Multiply(Vector256<double> value, double factor) => value * factor;

    /// <inheritdoc/>
    public static Vector256<double> Divide(Vector256<double> value, double divisor) => value / Vector256.Create(divisor);

    /// <inheritdoc/>
    public static Vector256<double> MultiplyLanes(Vector256<double> left, Vector256<double> right) => left * right;

    /// <inheritdoc/>
    public static Vector256<double> Sqrt(Vector256<double> value) => Vector256.Sqrt(value);
}

/// <summary>512-bit double lanes (x86 AVX-512).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct Simd512D : ISimd<Vector512<double>, double>
{
    private static Vector512<long> EvenIndices => Vector512.Create(0L, 2, 4, 6, 8, 10, 12, 14);

    private static Vector512<long> OddIndices => Vector512.Create(1L, 3, 5, 7, 9, 11, 13, 15);

    /// <inheritdoc/>
    public static bool IsAccelerated
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector512.IsHardwareAccelerated && Avx512F.IsSupported;
    }

    /// <inheritdoc/>
    public static int Count => Vector512<double>.Count;

    /// <inheritdoc/>
    public static Vector512<double> Zero => Vector512<double>.Zero;

    /// <inheritdoc/>
    public static Vector512<double> Broadcast(double value) => Vector512.Create(value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Load(ref double source, nint offset) => Vector512.LoadUnsafe(ref source, (nuint)offset);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<double> value, ref double target, nint offset) => value.StoreUnsafe(ref target, (nuint)offset);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Deinterleave(ref double source, nint offset, out Vector512<double> even, out Vector512<double> odd)
    {
        var a = Vector512.LoadUnsafe(ref source, (nuint)offset);
        var b = Vector512.LoadUnsafe(ref source, (nuint)(offset + 8));
        even = Avx512F.PermuteVar8x64x2(a, EvenIndices, b);
        odd = Avx512F.PermuteVar8x64x2(a, OddIndices, b);
    }

    /// <inheritdoc/>
    public static Vector512<double> RestoreOrder(Vector512<double> value) => value;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Max(Vector512<double> best, Vector512<double> value) =>
        Vector512.ConditionalSelect(~Vector512.Equals(value, value), value, Avx512F.Max(value, best));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Min(Vector512<double> best, Vector512<double> value) =>
        Vector512.ConditionalSelect(~Vector512.Equals(value, value), value, Avx512F.Min(value, best));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> MaxNoNaN(Vector512<double> best, Vector512<double> value) => Avx512F.Max(value, best);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> MinNoNaN(Vector512<double> best, Vector512<double> value) => Avx512F.Min(value, best);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool HasNaN(Vector512<double> value) => !Vector512.EqualsAll(value, value);

    /// <inheritdoc/>
    public static Vector512<double> Add(Vector512<double> left, Vector512<double> right) => left + right;

    /// <inheritdoc/>
    public static Vector512<double> Multiply(Vector512<double> value, double factor) => value * factor;

    /// <inheritdoc/>
    public static Vector512<double> Divide(Vector512<double> value, double divisor) => value / Vector512.Create(divisor);

    /// <inheritdoc/>
    public static Vector512<double> MultiplyLanes(Vector512<double> left, Vector512<double> right) => left * right;

    /// <inheritdoc/>
    public static Vector512<double> Sqrt(Vector512<double> value) => Vector512.Sqrt(value);
}
