using System;
using System.Buffers;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Pooling.Kernels;

/// <summary>
/// uint8 area resizing (docs/semantics.md §8.7): every bin's exact mean, rounded half to even, over one image (an NCHW
/// plane with one channel, or a channels-last sample). Bins are PyTorch's adaptive ones, and the sums are separable: per
/// output row the bin's input rows are added into 16-bit column sums on vectors, each output pixel's columns are added
/// from those, and the means are float divisions on vectors. That is exact for a bin below 32,768 elements: its sum
/// (below 2^23) and count are exact in float, and a mean that is not a half lies at least 1/(2·count) from one — further
/// than a correctly rounded division can move it — so rounding the float quotient to even rounds the exact mean. Taller
/// or larger bins take the integer path (<see cref="PoolingMath.RoundedMean"/>).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ByteArea
{
    // Up to 257 rows of bytes fit a 16-bit column sum; below this many elements the float division is exact.
    private const int MaxVectorRows = 257;
    private const int MaxFloatCount = 1 << 15;

    /// <summary>
    /// Output rows [<paramref name="unitFirst"/>, <paramref name="unitEnd"/>) of one image, a row being
    /// <c>od·outH + oy</c> (1-D: one row; 2-D: <paramref name="inD"/> = <paramref name="outD"/> = 1). Extents are the
    /// kernel's, checked before the call; <paramref name="channels"/> bytes per pixel, interleaved.
    /// </summary>
    public static void Resize(ReadOnlySpan<byte> image, Span<byte> output, int channels, int inD, int inH, int inW,
        int outD, int outH, int outW, int unitFirst, int unitEnd)
    {
        long rowLength = (long)inW * channels, outRowLength = (long)outW * channels;
        if (channels < 1 || inD < 1 || inH < 1 || inW < 1 || outD < 1 || outH < 1 || outW < 1
            || (long)inD * inH * rowLength > image.Length || (long)outD * outH * outRowLength > output.Length
            || unitFirst < 0 || unitEnd > (long)outD * outH)
            throw new ArgumentException("Extents or rows outside the buffers.", nameof(unitEnd));
        if (unitFirst >= unitEnd) return;

        int widest = 0;
        int[] columns = ArrayPool<int>.Shared.Rent(2 * outW);
        for (int ox = 0; ox < outW; ox++)
        {
            (columns[2 * ox], columns[2 * ox + 1]) = Bin(ox, inW, outW);
            widest = Math.Max(widest, columns[2 * ox + 1] - columns[2 * ox]);
        }
        ushort[] columnSums = ArrayPool<ushort>.Shared.Rent((int)rowLength);
        int[] sums = ArrayPool<int>.Shared.Rent((int)outRowLength);
        float[] widths = ArrayPool<float>.Shared.Rent((int)outRowLength);
        byte[] scratch = ArrayPool<byte>.Shared.Rent((int)rowLength + 4);
        for (int ox = 0; ox < outW; ox++)
            widths.AsSpan(ox * channels, channels).Fill(columns[2 * ox + 1] - columns[2 * ox]);
        try
        {
            for (int unit = unitFirst; unit < unitEnd; unit++)
            {
                var (d0, d1) = Bin(unit / outH, inD, outD);
                var (y0, y1) = Bin(unit % outH, inH, outH);
                int rows = (d1 - d0) * (y1 - y0);
                var target = output.Slice((int)(unit * outRowLength), (int)outRowLength);
                if (rows == 2 && inW == 2 * outW && channels is >= 2 and <= 4 && ByteShuffle.IsAccelerated)
                {
                    // Every bin 2×2 pixels (an image halved): four pixels at a time from both rows in one pass.
                    var top = image.Slice((int)(((long)d0 * inH + y0) * rowLength), (int)rowLength);
                    var bottom = d1 - d0 == 2 ? image.Slice((int)(((long)(d0 + 1) * inH + y0) * rowLength), (int)rowLength)
                        : image.Slice((int)(((long)d0 * inH + y0 + 1) * rowLength), (int)rowLength);
                    HalvedRow(top, bottom, channels, target);
                }
                else if (rows <= MaxVectorRows && (long)rows * widest < MaxFloatCount)
                {
                    var sum = columnSums.AsSpan(0, (int)rowLength);
                    bool first = true;
                    for (int d = d0; d < d1; d++)
                    for (int y = y0; y < y1; y++)
                    {
                        AddRow(image.Slice((int)(((long)d * inH + y) * rowLength), (int)rowLength), sum, first);
                        first = false;
                    }
                    if (inW % outW == 0 && !(channels == 1 && inW == 2 * outW) && Vector256.IsHardwareAccelerated)
                    {
                        UniformColumns(sum, inW / outW, channels, outW, rows, scratch, target);
                    }
                    else
                    {
                        AddColumns(sum, columns, channels, outW, sums);
                        Means(sums.AsSpan(0, (int)outRowLength), widths.AsSpan(0, (int)outRowLength), rows, target);
                    }
                }
                else
                {
                    ExactRow(image, target, channels, inH, rowLength, columns, outW, d0, d1, y0, y1);
                }
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(columns);
            ArrayPool<ushort>.Shared.Return(columnSums);
            ArrayPool<int>.Shared.Return(sums);
            ArrayPool<float>.Shared.Return(widths);
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    /// <summary>PyTorch's adaptive bin of output index <paramref name="i"/>: [floor(i·I/O), ceil((i+1)·I/O)).</summary>
    private static (int Start, int End) Bin(int i, int input, int output) =>
        ((int)((long)i * input / output), (int)(((long)(i + 1) * input + output - 1) / output));

    // One input row widened to 16 bits and stored (the bin's first row) or added into the column sums.
    private static void AddRow(ReadOnlySpan<byte> row, Span<ushort> sum, bool first)
    {
        ref byte source = ref MemoryMarshal.GetReference(row);
        ref ushort target = ref MemoryMarshal.GetReference(sum);
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + Vector256<byte>.Count <= row.Length; i += Vector256<byte>.Count)
            {
                var (lower, upper) = Vector256.Widen(Vector256.LoadUnsafe(ref source, (nuint)i));
                if (!first)
                {
                    lower += Vector256.LoadUnsafe(ref target, (nuint)i);
                    upper += Vector256.LoadUnsafe(ref target, (nuint)(i + Vector256<ushort>.Count));
                }
                lower.StoreUnsafe(ref target, (nuint)i);
                upper.StoreUnsafe(ref target, (nuint)(i + Vector256<ushort>.Count));
            }
        }
        if (Vector128.IsHardwareAccelerated)
        {
            for (; i + Vector128<byte>.Count <= row.Length; i += Vector128<byte>.Count)
            {
                var (lower, upper) = Vector128.Widen(Vector128.LoadUnsafe(ref source, (nuint)i));
                if (!first)
                {
                    lower += Vector128.LoadUnsafe(ref target, (nuint)i);
                    upper += Vector128.LoadUnsafe(ref target, (nuint)(i + Vector128<ushort>.Count));
                }
                lower.StoreUnsafe(ref target, (nuint)i);
                upper.StoreUnsafe(ref target, (nuint)(i + Vector128<ushort>.Count));
            }
        }
        for (; i < row.Length; i++)
            Unsafe.Add(ref target, i) = (ushort)((first ? 0 : Unsafe.Add(ref target, i)) + Unsafe.Add(ref source, i));
    }

    // Each output pixel's channels: the column sums of its bin's pixels, left to right.
    private static void AddColumns(ReadOnlySpan<ushort> sum, int[] columns, int channels, int outW, int[] sums)
    {
        ref ushort s = ref MemoryMarshal.GetReference(sum);
        if (channels == 1)
        {
            int ox = 0;
            if (Vector256.IsHardwareAccelerated && sum.Length == 2 * outW)
            {
                // Every bin two columns wide (a plane halved): each pair of 16-bit sums is one 32-bit lane, its halves added.
                ref int t = ref MemoryMarshal.GetArrayDataReference(sums);
                for (; ox + Vector256<int>.Count <= outW; ox += Vector256<int>.Count)
                {
                    var pairs = Vector256.LoadUnsafe(ref s, (nuint)(2 * ox)).AsUInt32();
                    ((pairs & Vector256.Create(0xFFFFu)) + (pairs >> 16)).AsInt32().StoreUnsafe(ref t, (nuint)ox);
                }
            }
            for (; ox < outW; ox++)
            {
                int x = columns[2 * ox], end = columns[2 * ox + 1], total = Unsafe.Add(ref s, x);
                for (x++; x < end; x++) total += Unsafe.Add(ref s, x);
                sums[ox] = total;
            }
            return;
        }
        if (channels == 3)
        {
            // RGB: three running sums a pixel.
            for (int ox = 0; ox < outW; ox++)
            {
                int x = columns[2 * ox], end = columns[2 * ox + 1];
                // Every bin has a pixel: start from it (one pass fewer for the 2×2 box).
                int r = Unsafe.Add(ref s, 3 * x), g = Unsafe.Add(ref s, 3 * x + 1), b = Unsafe.Add(ref s, 3 * x + 2);
                for (x++; x < end; x++)
                {
                    r += Unsafe.Add(ref s, 3 * x);
                    g += Unsafe.Add(ref s, 3 * x + 1);
                    b += Unsafe.Add(ref s, 3 * x + 2);
                }
                sums[3 * ox] = r;
                sums[3 * ox + 1] = g;
                sums[3 * ox + 2] = b;
            }
            return;
        }
        for (int ox = 0; ox < outW; ox++)
        {
            int x0 = columns[2 * ox], x1 = columns[2 * ox + 1];
            for (int c = 0; c < channels; c++)
            {
                int total = 0;
                for (int x = x0; x < x1; x++) total += Unsafe.Add(ref s, x * channels + c);
                sums[ox * channels + c] = total;
            }
        }
    }

    /// <summary>
    /// sum / 2^shift rounded half to even in 16-bit lanes (the mean of a power-of-two count of bytes): the quotient q
    /// goes up by one exactly when the remainder r and q's last bit exceed half the count, <c>q + ((r + (q &amp; 1) +
    /// half − 1) &gt;&gt; shift)</c>; <paramref name="lowBits"/> is 2^shift − 1, <paramref name="bias"/> half − 1.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ushort> HalfEvenShift(Vector256<ushort> sum, int shift, Vector256<ushort> lowBits, Vector256<ushort> bias)
    {
        var quotient = sum >>> shift;
        return quotient + (((sum & lowBits) + (quotient & Vector256<ushort>.One) + bias) >>> shift);
    }

    /// <summary><see cref="HalfEvenShift(Vector256{ushort}, int, Vector256{ushort}, Vector256{ushort})"/> on 128-bit vectors.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ushort> HalfEvenShift(Vector128<ushort> sum, int shift, Vector128<ushort> lowBits, Vector128<ushort> bias)
    {
        var quotient = sum >>> shift;
        return quotient + (((sum & lowBits) + (quotient & Vector128<ushort>.One) + bias) >>> shift);
    }

    /// <summary>
    /// One output row of 2×2 bins (2 to 4 channels a pixel): four input pixels of each row give two output pixels, their
    /// bytes gathered by byte lookups straight into 16-bit lanes (each output byte's two pixels of each row), added, and
    /// the mean of four rounded half to even (<see cref="HalfEvenShift(Vector128{ushort}, int, Vector128{ushort}, Vector128{ushort})"/>).
    /// Each group stores 8 bytes of which the first 2·channels are its own (the next group's store overwrites the rest),
    /// only while they lie inside this row's output; the last pixels one by one.
    /// </summary>
    private static void HalvedRow(ReadOnlySpan<byte> top, ReadOnlySpan<byte> bottom, int channels, Span<byte> target)
    {
        int outW = target.Length / channels, p = 0;
        ref byte a = ref MemoryMarshal.GetReference(top);
        ref byte b = ref MemoryMarshal.GetReference(bottom);
        ref byte t = ref MemoryMarshal.GetReference(target);
        // Lane j < 2·channels: byte c of output pixel q (j = q·channels + c) from input pixel 2q (first) or 2q + 1.
        Span<byte> first = stackalloc byte[16], second = stackalloc byte[16];
        first.Fill(0x80);
        second.Fill(0x80);
        for (int j = 0; j < 2 * channels; j++)
        {
            int q = j / channels, c = j % channels;
            first[2 * j] = (byte)(2 * q * channels + c);
            second[2 * j] = (byte)((2 * q + 1) * channels + c);
        }
        var even = Vector128.Create<byte>(first);
        var odd = Vector128.Create<byte>(second);
        // A bin of four: the mean is the sum shifted by 2, rounded half to even (HalfEvenShift, low bits 3, bias 1).
        var lowBits = Vector128.Create((ushort)3);
        // Group g reads 16 bytes from 4·channels·g and writes 8 from 2·channels·g: as many groups as keep both inside.
        nint step = 4 * channels, written = 2 * channels, from = 0, to = 0;
        int groups = target.Length < 8 || top.Length < 16 ? 0 : Math.Min((target.Length - 8) / (2 * channels) + 1, (top.Length - 16) / (4 * channels) + 1);
        int g = 0;
        if (Avx2.IsSupported)
        {
            // Two groups a step, one in each 128-bit lane (the lookups stay within a lane).
            var even2 = Vector256.Create(even, even);
            var odd2 = Vector256.Create(odd, odd);
            var lowBits2 = Vector256.Create((ushort)3);
            for (; g + 2 <= groups; g += 2, from += 2 * step, to += 2 * written)
            {
                var x = Vector256.Create(Vector128.LoadUnsafe(ref a, (nuint)from), Vector128.LoadUnsafe(ref a, (nuint)(from + step)));
                var y = Vector256.Create(Vector128.LoadUnsafe(ref b, (nuint)from), Vector128.LoadUnsafe(ref b, (nuint)(from + step)));
                var sum = Avx2.Shuffle(x, even2).AsUInt16() + Avx2.Shuffle(x, odd2).AsUInt16()
                    + Avx2.Shuffle(y, even2).AsUInt16() + Avx2.Shuffle(y, odd2).AsUInt16();
                var mean = HalfEvenShift(sum, 2, lowBits2, Vector256<ushort>.One);
                var bytes = Avx2.PackUnsignedSaturate(mean.AsInt16(), mean.AsInt16()).AsUInt64();
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref t, to), bytes.GetElement(0));
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref t, to + written), bytes.GetElement(2));
            }
        }
        for (; g < groups; g++, from += step, to += written)
        {
            var x = Vector128.LoadUnsafe(ref a, (nuint)from);
            var y = Vector128.LoadUnsafe(ref b, (nuint)from);
            var sum = ByteShuffle.Lookup(x, even).AsUInt16() + ByteShuffle.Lookup(x, odd).AsUInt16()
                + ByteShuffle.Lookup(y, even).AsUInt16() + ByteShuffle.Lookup(y, odd).AsUInt16();
            var mean = HalfEvenShift(sum, 2, lowBits, Vector128<ushort>.One);
            var bytes = Sse2.IsSupported ? Sse2.PackUnsignedSaturate(mean.AsInt16(), mean.AsInt16()) : Vector128.Narrow(mean, mean);
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref t, to), bytes.AsUInt64().ToScalar());
        }
        p = 2 * groups;
        for (; p < outW; p++)
        {
            for (int c = 0; c < channels; c++)
            {
                int i = 2 * p * channels + c;
                int total = Unsafe.Add(ref a, i) + Unsafe.Add(ref a, i + channels) + Unsafe.Add(ref b, i) + Unsafe.Add(ref b, i + channels);
                Unsafe.Add(ref t, p * channels + c) = (byte)MathF.Round(total / 4f, MidpointRounding.ToEven);
            }
        }
    }

    /// <summary>
    /// Bins all <paramref name="k"/> pixels wide (the width divides evenly): at every position i of the row the sum of
    /// <c>s[i + j·channels]</c> over j &lt; k and its mean on vectors — the bin of output pixel p is the position
    /// p·k·channels — then each output pixel's channels copied from its position. Twice the means for k = 2, but no
    /// element-by-element additions.
    /// </summary>
    private static void UniformColumns(ReadOnlySpan<ushort> sum, int k, int channels, int outW, int rows, byte[] means, Span<byte> target)
    {
        ref ushort s = ref MemoryMarshal.GetReference(sum);
        ref byte m = ref MemoryMarshal.GetArrayDataReference(means);
        // The positions whose means are read: up to the last bin's first pixel.
        int needed = (outW - 1) * k * channels + channels, reach = (k - 1) * channels;
        int i = 0, bins = rows * k;
        if (bins is >= 2 and <= 256 && (bins & (bins - 1)) == 0)
        {
            // A power-of-two count (the 2×2 and 4×4 boxes): the sum fits 16 bits and HalfEvenShift takes its mean.
            int shift = System.Numerics.BitOperations.Log2((uint)bins);
            var mask = Vector256.Create((ushort)(bins - 1));
            var bias = Vector256.Create((ushort)(bins / 2 - 1));
            for (; i < needed && i + Vector256<ushort>.Count + reach <= sum.Length; i += Vector256<ushort>.Count)
            {
                var total = Vector256.LoadUnsafe(ref s, (nuint)i);
                for (int j = 1; j < k; j++) total += Vector256.LoadUnsafe(ref s, (nuint)(i + j * channels));
                var mean = HalfEvenShift(total, shift, mask, bias);
                Vector256.Narrow(mean, mean).GetLower().StoreUnsafe(ref m, (nuint)i);
            }
        }
        var count = Vector256.Create((float)bins);
        for (; i < needed && i + Vector256<ushort>.Count + reach <= sum.Length; i += Vector256<ushort>.Count)
        {
            var (low, high) = Vector256.Widen(Vector256.LoadUnsafe(ref s, (nuint)i));
            for (int j = 1; j < k; j++)
            {
                var (l, h) = Vector256.Widen(Vector256.LoadUnsafe(ref s, (nuint)(i + j * channels)));
                low += l;
                high += h;
            }
            var words = Vector256.Narrow(Mean(low.AsInt32(), count), Mean(high.AsInt32(), count));
            Vector256.Narrow(words, words).GetLower().StoreUnsafe(ref m, (nuint)i);
        }
        for (; i < needed; i++)
        {
            int total = 0;
            for (int j = 0; j < k; j++) total += Unsafe.Add(ref s, i + j * channels);
            Unsafe.Add(ref m, i) = (byte)MathF.Round(total / (float)(rows * k), MidpointRounding.ToEven);
        }
        ref byte t = ref MemoryMarshal.GetReference(target);
        int stride = k * channels, p = 0;
        // One byte shuffle gathers the channels of every pixel whose bytes lie in 16 (three RGB pixels at k = 2), and
        // stores 16 bytes: only while they stay inside this row's output (the next row may be another thread's).
        Span<byte> order = stackalloc byte[16];
        int perShuffle = ByteShuffle.EveryNthPixel(channels, k, order);
        if (Vector128.IsHardwareAccelerated && perShuffle >= 2)
        {
            var indices = Vector128.Create<byte>(order);
            for (; p + perShuffle <= outW && p * stride + 16 <= means.Length && p * channels + 16 <= target.Length; p += perShuffle)
                Vector128.Shuffle(Vector128.LoadUnsafe(ref m, (nuint)(p * stride)), indices).StoreUnsafe(ref t, (nuint)(p * channels));
        }
        if (channels == 3)
        {
            // Four bytes a pixel where the next pixel's first byte will overwrite the fourth; the last pixel by bytes.
            for (; p + 1 < outW; p++) Unsafe.WriteUnaligned(ref Unsafe.Add(ref t, 3 * p), Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref m, p * stride)));
        }
        for (; p < outW; p++)
            for (int c = 0; c < channels; c++) Unsafe.Add(ref t, p * channels + c) = Unsafe.Add(ref m, p * stride + c);
    }

    // sum / count rounded half to even (exact for the bins this class sends here).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> Mean(Vector256<int> sum, Vector256<float> count) =>
        Vector256.ConvertToUInt32(Vector256.Round(Vector256.ConvertToSingle(sum) / count));

    // sum / (rows · width) rounded half to even, as bytes: exact in float for these bins (see the class summary).
    private static void Means(ReadOnlySpan<int> sums, ReadOnlySpan<float> widths, int rows, Span<byte> target)
    {
        ref int s = ref MemoryMarshal.GetReference(sums);
        ref float w = ref MemoryMarshal.GetReference(widths);
        ref byte t = ref MemoryMarshal.GetReference(target);
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var height = Vector256.Create((float)rows);
            for (; i + 2 * Vector256<int>.Count <= sums.Length; i += 2 * Vector256<int>.Count)
            {
                var low = Mean(Vector256.LoadUnsafe(ref s, (nuint)i), Vector256.LoadUnsafe(ref w, (nuint)i) * height);
                var high = Mean(Vector256.LoadUnsafe(ref s, (nuint)(i + Vector256<int>.Count)), Vector256.LoadUnsafe(ref w, (nuint)(i + Vector256<int>.Count)) * height);
                var words = Vector256.Narrow(low, high);
                Vector256.Narrow(words, words).GetLower().StoreUnsafe(ref t, (nuint)i);
            }
        }
        if (Vector128.IsHardwareAccelerated)
        {
            var height = Vector128.Create((float)rows);
            for (; i + 2 * Vector128<int>.Count <= sums.Length; i += 2 * Vector128<int>.Count)
            {
                var low = Mean(Vector128.LoadUnsafe(ref s, (nuint)i), Vector128.LoadUnsafe(ref w, (nuint)i) * height);
                var high = Mean(Vector128.LoadUnsafe(ref s, (nuint)(i + Vector128<int>.Count)), Vector128.LoadUnsafe(ref w, (nuint)(i + Vector128<int>.Count)) * height);
                var words = Vector128.Narrow(low, high);
                Vector128.Narrow(words, words).GetLower().StoreUnsafe(ref t, (nuint)i);
            }
        }
        for (; i < sums.Length; i++)
            Unsafe.Add(ref t, i) = (byte)MathF.Round(Unsafe.Add(ref s, i) / (Unsafe.Add(ref w, i) * rows), MidpointRounding.ToEven);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<uint> Mean(Vector128<int> sum, Vector128<float> count) =>
        Vector128.ConvertToUInt32(Vector128.Round(Vector128.ConvertToSingle(sum) / count));

    // A row of bins too tall for 16-bit column sums or too large for the float division: exact 64-bit sums.
    private static void ExactRow(ReadOnlySpan<byte> image, Span<byte> target, int channels, int inH, long rowLength,
        int[] columns, int outW, int d0, int d1, int y0, int y1)
    {
        for (int ox = 0; ox < outW; ox++)
        {
            int x0 = columns[2 * ox], x1 = columns[2 * ox + 1];
            long count = (long)(d1 - d0) * (y1 - y0) * (x1 - x0);
            for (int c = 0; c < channels; c++)
            {
                long total = 0;
                for (int d = d0; d < d1; d++)
                for (int y = y0; y < y1; y++)
                {
                    var row = image.Slice((int)(((long)d * inH + y) * rowLength), (int)rowLength);
                    for (int x = x0; x < x1; x++) total += row[x * channels + c];
                }
                target[ox * channels + c] = PoolingMath.RoundedMean(total, count);
            }
        }
    }
}
