using System;
using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Pooling.Kernels;

/// <summary>
/// MaxUnpool with kernel = stride = 2 and no padding (NCHW planes or channels-last samples) when every index lies in its
/// own 2×2 window — what MaxPool(2, 2) writes. Then each output position is either its window's input (the index points
/// at it) or 0, and windows do not overlap, so every output row is written once, in order, as vector selects: no clear,
/// no scatter. Whether the indices allow it is checked on the way: each window row band must see exactly one match per
/// input (an index outside its window matches nothing there). When it does not hold, <see cref="TryPlane{T, TIndex}"/>
/// and <see cref="TrySample{T, TIndex}"/> return false and the caller clears and scatters as before (which also reports
/// an index outside the plane).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class UnpoolWindows
{
    /// <summary>True when this form runs vectorised here (4-byte elements, 256- or 512-bit vectors).</summary>
    public static bool IsAccelerated => Vector512.IsHardwareAccelerated || Vector256.IsHardwareAccelerated;

    // The selects move 4-byte elements and compare 32- or 64-bit indices, on 256- or 512-bit vectors.
    private static bool Selects<T, TIndex>() where T : unmanaged =>
        Unsafe.SizeOf<T>() == 4 && (typeof(TIndex) == typeof(long) || typeof(TIndex) == typeof(int)) && IsAccelerated;

    /// <summary>One plane: <paramref name="input"/> and <paramref name="indices"/> are inH×inW, <paramref name="output"/>
    /// outH×outW. Returns false (the output partly written) when some index is not in its own window.</summary>
    public static bool TryPlane<T, TIndex>(ReadOnlySpan<T> input, ReadOnlySpan<TIndex> indices, Span<T> output, int inH, int inW, int outH, int outW)
        where T : unmanaged
        where TIndex : unmanaged, IBinaryInteger<TIndex>
    {
        if (!Selects<T, TIndex>()) return false;
        if (inH <= 0 || inW <= 0 || outH <= 0 || outW <= 0 || (long)inH * inW != input.Length || indices.Length != input.Length
            || (long)outH * outW != output.Length)
            throw new ArgumentException("The plane does not match its extents.", nameof(output));
        ref int x = ref Unsafe.As<T, int>(ref MemoryMarshal.GetReference(input));
        ref TIndex idx = ref MemoryMarshal.GetReference(indices);
        ref int y = ref Unsafe.As<T, int>(ref MemoryMarshal.GetReference(output));
        int columns = Math.Min(outW, 2 * inW);   // output columns inside some window
        int matches = 0;
        for (int r = 0; r < outH; r++)
        {
            int h = r >> 1;
            nint row = (nint)r * outW;
            if (h >= inH)
            {
                output.Slice((int)row, outW).Clear();
                continue;
            }
            if (r % 2 == 0) matches = 0;
            ref int from = ref Unsafe.Add(ref x, (nint)h * inW);
            ref TIndex at = ref Unsafe.Add(ref idx, (nint)h * inW);
            // The widest width first, 256 bits for what is left, then one column at a time.
            int c = 0;
            if (Vector512.IsHardwareAccelerated) c = Select512(ref from, ref at, ref Unsafe.Add(ref y, row), row, columns, ref matches);
            if (Vector256.IsHardwareAccelerated) c = Select256(ref from, ref at, ref Unsafe.Add(ref y, row), row, c, columns, ref matches);
            for (; c < columns; c++)
            {
                bool hit = long.CreateTruncating(Unsafe.Add(ref at, c >> 1)) == row + c;
                Unsafe.Add(ref y, row + c) = hit ? Unsafe.Add(ref from, c >> 1) : 0;
                if (hit) matches++;
            }
            output.Slice((int)row + columns, outW - columns).Clear();
            // A band ends after its second row (or the plane's last): every input must have matched once.
            if ((r % 2 == 1 || r == outH - 1) && matches != inW) return false;
        }
        return true;
    }

    /// <summary>One channels-last sample: <paramref name="input"/> and <paramref name="indices"/> are inH×inW pixels of
    /// <paramref name="channels"/> channels, <paramref name="output"/> outH×outW pixels; each index is its channel's
    /// output pixel. Every output pixel's channels are selected at once (vectors along the channels) from its window's
    /// input pixel. Returns false (the output partly written) when some index is not in its own window.</summary>
    public static bool TrySample<T, TIndex>(ReadOnlySpan<T> input, ReadOnlySpan<TIndex> indices, Span<T> output, int inH, int inW, int outH, int outW,
        int channels)
        where T : unmanaged
        where TIndex : unmanaged, IBinaryInteger<TIndex>
    {
        if (!Selects<T, TIndex>()) return false;
        if (inH <= 0 || inW <= 0 || outH <= 0 || outW <= 0 || channels <= 0 || (long)inH * inW * channels != input.Length
            || indices.Length != input.Length || (long)outH * outW * channels != output.Length)
            throw new ArgumentException("The sample does not match its extents.", nameof(output));
        ref int x = ref Unsafe.As<T, int>(ref MemoryMarshal.GetReference(input));
        ref TIndex idx = ref MemoryMarshal.GetReference(indices);
        ref int y = ref Unsafe.As<T, int>(ref MemoryMarshal.GetReference(output));
        long matches = 0;
        for (int r = 0; r < outH; r++)
        {
            int h = r >> 1;
            if (r % 2 == 0) matches = 0;
            for (int c = 0; c < outW; c++)
            {
                nint target = ((nint)r * outW + c) * channels;
                int w = c >> 1;
                if (h >= inH || w >= inW)
                {
                    output.Slice((int)target, channels).Clear();
                    continue;
                }
                nint source = ((nint)h * inW + w) * channels;
                matches += SelectChannels(ref Unsafe.Add(ref x, source), ref Unsafe.Add(ref idx, source), ref Unsafe.Add(ref y, target),
                    (long)r * outW + c, channels);
            }
            if ((r % 2 == 1 || r == outH - 1) && h < inH && matches != (long)inW * channels) return false;
        }
        return true;
    }

    // One output pixel's channels: channel k is the input's where its index is this pixel, else 0; returns the matches.
    private static int SelectChannels<TIndex>(ref int from, ref TIndex at, ref int to, long pixel, int channels)
        where TIndex : unmanaged, IBinaryInteger<TIndex>
    {
        int k = 0, found = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; k + 16 <= channels; k += 16)
            {
                Vector512<int> hit;
                if (typeof(TIndex) == typeof(long))
                {
                    ref long index = ref Unsafe.As<TIndex, long>(ref at);
                    var p = Vector512.Create(pixel);
                    hit = Vector512.Narrow(Vector512.Equals(Vector512.LoadUnsafe(ref index, (nuint)k), p),
                        Vector512.Equals(Vector512.LoadUnsafe(ref index, (nuint)(k + 8)), p));
                }
                else
                {
                    hit = Vector512.Equals(Vector512.LoadUnsafe(ref Unsafe.As<TIndex, int>(ref at), (nuint)k), Vector512.Create((int)pixel));
                }
                (Vector512.LoadUnsafe(ref from, (nuint)k) & hit).StoreUnsafe(ref to, (nuint)k);
                found += BitOperations.PopCount(hit.ExtractMostSignificantBits());
            }
        }
        for (; k + 8 <= channels; k += 8)
        {
            Vector256<int> hit;
            if (typeof(TIndex) == typeof(long))
            {
                ref long index = ref Unsafe.As<TIndex, long>(ref at);
                var p = Vector256.Create(pixel);
                hit = Vector256.Narrow(Vector256.Equals(Vector256.LoadUnsafe(ref index, (nuint)k), p),
                    Vector256.Equals(Vector256.LoadUnsafe(ref index, (nuint)(k + 4)), p));
            }
            else
            {
                hit = Vector256.Equals(Vector256.LoadUnsafe(ref Unsafe.As<TIndex, int>(ref at), (nuint)k), Vector256.Create((int)pixel));
            }
            (Vector256.LoadUnsafe(ref from, (nuint)k) & hit).StoreUnsafe(ref to, (nuint)k);
            found += BitOperations.PopCount(hit.ExtractMostSignificantBits());
        }
        for (; k < channels; k++)
        {
            bool hit = long.CreateTruncating(Unsafe.Add(ref at, k)) == pixel;
            Unsafe.Add(ref to, k) = hit ? Unsafe.Add(ref from, k) : 0;
            if (hit) found++;
        }
        return found;
    }

    // Output columns [0, 16k) of one row: sixteen at a time, the eight windows' indices and inputs each taken twice.
    private static int Select512<TIndex>(ref int from, ref TIndex at, ref int to, nint row, int columns, ref int matches)
        where TIndex : unmanaged, IBinaryInteger<TIndex>
    {
        var twice = Vector512.Create(0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7);
        var lanes = Vector512.Create(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
        int c = 0, found = 0;
        for (; c + 16 <= columns; c += 16)
        {
            Vector512<int> hit;
            if (typeof(TIndex) == typeof(long))
            {
                var index = Vector512.LoadUnsafe(ref Unsafe.As<TIndex, long>(ref at), (nuint)(c >> 1));
                var position = Vector512.Create((long)(row + c)) + Vector512.Create(0L, 1, 2, 3, 4, 5, 6, 7);
                var low = Vector512.Equals(Vector512.Shuffle(index, Vector512.Create(0L, 0, 1, 1, 2, 2, 3, 3)), position);
                var high = Vector512.Equals(Vector512.Shuffle(index, Vector512.Create(4L, 4, 5, 5, 6, 6, 7, 7)), position + Vector512.Create(8L));
                hit = Vector512.Narrow(low, high);
            }
            else
            {
                var index = Vector256.LoadUnsafe(ref Unsafe.As<TIndex, int>(ref at), (nuint)(c >> 1)).ToVector512();
                hit = Vector512.Equals(Vector512.Shuffle(index, twice), Vector512.Create((int)(row + c)) + lanes);
            }
            var value = Vector512.Shuffle(Vector256.LoadUnsafe(ref from, (nuint)(c >> 1)).ToVector512(), twice);
            (value & hit).StoreUnsafe(ref to, (nuint)c);
            found += BitOperations.PopCount(hit.ExtractMostSignificantBits());
        }
        matches += found;
        return c;
    }

    // Output columns from c on, eight at a time with 256-bit vectors (c even: a whole window).
    private static int Select256<TIndex>(ref int from, ref TIndex at, ref int to, nint row, int c, int columns, ref int matches)
        where TIndex : unmanaged, IBinaryInteger<TIndex>
    {
        var twice = Vector256.Create(0, 0, 1, 1, 2, 2, 3, 3);
        int found = 0;
        for (; c + 8 <= columns; c += 8)
        {
            Vector256<int> hit;
            if (typeof(TIndex) == typeof(long))
            {
                var index = Vector256.LoadUnsafe(ref Unsafe.As<TIndex, long>(ref at), (nuint)(c >> 1));
                var position = Vector256.Create((long)(row + c)) + Vector256.Create(0L, 1, 2, 3);
                var low = Vector256.Equals(Vector256.Shuffle(index, Vector256.Create(0L, 0, 1, 1)), position);
                var high = Vector256.Equals(Vector256.Shuffle(index, Vector256.Create(2L, 2, 3, 3)), position + Vector256.Create(4L));
                hit = Vector256.Narrow(low, high);
            }
            else
            {
                var index = Vector128.LoadUnsafe(ref Unsafe.As<TIndex, int>(ref at), (nuint)(c >> 1)).ToVector256();
                hit = Vector256.Equals(Vector256.Shuffle(index, twice), Vector256.Create((int)(row + c)) + Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7));
            }
            var value = Vector256.Shuffle(Vector128.LoadUnsafe(ref from, (nuint)(c >> 1)).ToVector256(), twice);
            (value & hit).StoreUnsafe(ref to, (nuint)c);
            found += BitOperations.PopCount(hit.ExtractMostSignificantBits());
        }
        matches += found;
        return c;
    }
}
