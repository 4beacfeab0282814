using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Pooling.Kernels;

/// <summary>
/// Nearest upsampling by exactly 2 on an axis is PyTorch's <c>output_index &gt;&gt; 1</c>: along the innermost axis every
/// element appears twice in a row. Generated kernels call <see cref="DoubleRow{T}"/> for each output row (its source
/// row chosen by the same shift); elements are copied as bits, so one byte shuffle per element size serves every type.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class NearestRows
{
    /// <summary><paramref name="output"/>[i] = <paramref name="input"/>[i / 2] for the whole output row
    /// (<paramref name="output"/> is exactly twice as long as <paramref name="input"/>).</summary>
    public static void DoubleRow<T>(ReadOnlySpan<T> input, Span<T> output) where T : unmanaged
    {
        if (output.Length != 2 * input.Length) throw new ArgumentException("The output row must be twice the input row.", nameof(output));
        var source = MemoryMarshal.AsBytes(input);
        var target = MemoryMarshal.AsBytes(output);
        int size = Unsafe.SizeOf<T>(), i = 0;
        if (Ssse3.IsSupported || AdvSimd.Arm64.IsSupported)
        {
            Vector128<byte> low = Pattern<T>.Low, high = Pattern<T>.High;
            ref byte from = ref MemoryMarshal.GetReference(source);
            ref byte to = ref MemoryMarshal.GetReference(target);
            for (; i + 16 <= source.Length; i += 16)
            {
                var v = Vector128.LoadUnsafe(ref from, (nuint)i);
                Shuffle(v, low).StoreUnsafe(ref to, (nuint)(2 * i));
                Shuffle(v, high).StoreUnsafe(ref to, (nuint)(2 * i + 16));
            }
        }
        // The rest (and everything without a byte shuffle), element by element.
        for (int e = i / size; e < input.Length; e++)
        {
            output[2 * e] = input[e];
            output[2 * e + 1] = input[e];
        }
    }

    // Byte indices that turn 16 input bytes into their first and second 16 output bytes, each element twice; computed
    // once per element type (static readonly: constants to the optimising JIT).
    private static class Pattern<T> where T : unmanaged
    {
        public static readonly Vector128<byte> Low = Indices(0), High = Indices(8);

        private static Vector128<byte> Indices(int offset)
        {
            int size = Unsafe.SizeOf<T>();
            Span<byte> bytes = stackalloc byte[16];
            for (int j = 0; j < 16; j++) bytes[j] = (byte)(offset + j / size / 2 * size + j % size);
            return Vector128.Create((ReadOnlySpan<byte>)bytes);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Shuffle(Vector128<byte> v, Vector128<byte> indices) =>
        Ssse3.IsSupported ? Ssse3.Shuffle(v, indices) : AdvSimd.Arm64.VectorTableLookup(v, indices);
}
