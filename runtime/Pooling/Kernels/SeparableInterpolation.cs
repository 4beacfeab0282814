using System;
using System.Buffers;
using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Pooling.Kernels;

/// <summary>
/// Bilinear and bicubic upsampling of one plane (or one channels-last sample), separably. PyTorch computes every output as
/// <c>Σ_a hw_a · (Σ_b x[h_a, w_b] · ww_b)</c>, innermost axis first, left to right; each inner sum depends only on an
/// input row and an output column, so it is computed once per input row into a row buffer (one buffer per tap, kept
/// while later output rows need the same input row), and every output row is the vertical blend of those buffers —
/// whole vectors at a time for float and double. The same operations on the same values in the same order: the same
/// bits as the per-output loop.
/// </summary>
/// <remarks>When the column tables are those of a width upsampled by exactly 2 (interior output column 2m takes the taps
/// from m − taps/2, column 2m + 1 from m − taps/2 + 1, with one weight pattern each — checked on the tables themselves,
/// bit for bit), the width pass blends shifted input vectors with those weights instead of gathering every column.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class SeparableInterpolation
{
    /// <summary>
    /// Output rows [<paramref name="first"/>, <paramref name="end"/>) of a plane (or, with <paramref name="channels"/> > 1,
    /// of a channels-last sample: every pixel a run of that many channels, each blended like a plane of its own).
    /// <paramref name="rows"/> and <paramref name="columns"/> hold each output row's and column's <paramref name="taps"/>
    /// source pixels (rows already times the input width), <paramref name="rowWeights"/> and
    /// <paramref name="columnWeights"/> their weights, each output's taps side by side (k·taps + j).
    /// </summary>
    public static void Plane<T, TMath>(ReadOnlySpan<T> input, Span<T> output, int inWidth, int outWidth, int taps,
        ReadOnlySpan<int> rows, ReadOnlySpan<TMath> rowWeights, ReadOnlySpan<int> columns, ReadOnlySpan<TMath> columnWeights,
        int first, int end, int channels = 1)
        where T : unmanaged, INumberBase<T>
        where TMath : unmanaged, IFloatingPointIeee754<TMath> =>
        Plane<T, T, TMath>(input, output, inWidth, outWidth, taps, rows, rowWeights, columns, columnWeights, first, end, channels);

    /// <summary>
    /// Trilinear upsampling of output depth slices [<paramref name="first"/>, <paramref name="end"/>) of a volume (or a
    /// channels-last sample): PyTorch's <c>Σ_d dw_d · (Σ_h hw_h · (Σ_w ww_w · x))</c> is the depth blend of two bilinear
    /// planes, each computed once per input depth slice by <see cref="Plane{T, TMath}"/> in the compute type (kept while
    /// the next output slice needs it), then blended slice against slice. <paramref name="depths"/> holds each output
    /// slice's two source slices (times the input plane), <paramref name="depthWeights"/> their weights.
    /// </summary>
    public static void Volume<T, TMath>(ReadOnlySpan<T> input, Span<T> output, int inHeight, int inWidth, int outHeight, int outWidth,
        ReadOnlySpan<int> depths, ReadOnlySpan<TMath> depthWeights, ReadOnlySpan<int> rows, ReadOnlySpan<TMath> rowWeights,
        ReadOnlySpan<int> columns, ReadOnlySpan<TMath> columnWeights, int first, int end, int channels = 1)
        where T : unmanaged, INumberBase<T>
        where TMath : unmanaged, IFloatingPointIeee754<TMath>
    {
        if (inHeight <= 0 || inWidth <= 0 || outHeight <= 0 || outWidth <= 0 || channels <= 0 || first < 0 || first > end
            || depths.Length < 2L * end || depthWeights.Length < 2L * end)
            throw new ArgumentException("Tables or slices outside the volume.", nameof(end));
        long inSlice = (long)inHeight * inWidth * channels, outSlice = (long)outHeight * outWidth * channels;
        if (inSlice > int.MaxValue || outSlice > int.MaxValue / 2 || end * outSlice > output.Length)
            throw new ArgumentException("Tables or slices outside the volume.", nameof(end));
        int slice = (int)outSlice;
        TMath[] buffer = ArrayPool<TMath>.Shared.Rent(2 * slice);
        try
        {
            int held0 = -1, held1 = -1;   // the input slice (offset) each plane buffer holds
            for (int od = first; od < end; od++)
            {
                int k0 = 0, k1 = 1;
                for (int j = 0; j < 2; j++)
                {
                    int d = depths[2 * od + j];
                    if (d < 0) throw new ArgumentException("A slice offset is negative.", nameof(depths));
                    int k = d == held0 ? 0 : d == held1 ? 1 : -1;
                    if (k < 0)
                    {
                        // The bilinear plane of input slice d, into the buffer the other tap of this slice does not use.
                        int otherSlice = depths[2 * od + 1 - j];
                        k = otherSlice == held0 ? 1 : 0;
                        Plane<T, TMath, TMath>(input.Slice(checked(d * channels), (int)inSlice), buffer.AsSpan(k * slice, slice), inWidth, outWidth, 2,
                            rows, rowWeights, columns, columnWeights, 0, outHeight, channels);
                        if (k == 0) held0 = d;
                        else held1 = d;
                    }
                    if (j == 0) k0 = k;
                    else k1 = k;
                }
                Vertical(buffer.AsSpan(k0 * slice, slice), buffer.AsSpan(k1 * slice, slice), depthWeights[2 * od], depthWeights[2 * od + 1],
                    output.Slice(od * slice, slice));
            }
        }
        finally
        {
            ArrayPool<TMath>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// <see cref="Plane{T, TMath}"/> for output rows [<paramref name="first"/>, <paramref name="end"/>) counted across whole
    /// planes (row r of plane p is p · outHeight + r): the tables are checked and the row buffers rented once for all of
    /// them, not once per plane (which costs more than a small plane's blends). <paramref name="inPlane"/> is a plane's
    /// input length (times the channels when channels-last).
    /// </summary>
    public static void Planes<T, TMath>(ReadOnlySpan<T> input, Span<T> output, int inPlane, int outHeight, int inWidth, int outWidth, int taps,
        ReadOnlySpan<int> rows, ReadOnlySpan<TMath> rowWeights, ReadOnlySpan<int> columns, ReadOnlySpan<TMath> columnWeights,
        long first, long end, int channels = 1)
        where T : unmanaged, INumberBase<T>
        where TMath : unmanaged, IFloatingPointIeee754<TMath>
    {
        long outPlane = (long)outHeight * outWidth * channels;
        if (outHeight <= 0 || outWidth <= 0 || channels <= 0 || inPlane <= 0 || first < 0 || first > end || outPlane > int.MaxValue
            || end > input.Length / inPlane * (long)outHeight || (end + outHeight - 1) / outHeight * outPlane > output.Length)
            throw new ArgumentException("Rows outside the planes.", nameof(end));
        if (first == end) return;
        var plane = new PlaneBlend<TMath>(inWidth, outWidth, taps, rows, rowWeights, columns, columnWeights, outHeight, outPlane, channels);
        try
        {
            for (long p = first / outHeight; p * outHeight < end; p++)
            {
                int rowFirst = (int)Math.Max(0, first - p * outHeight), rowEnd = (int)Math.Min(outHeight, end - p * outHeight);
                plane.Rows(input.Slice((int)(p * inPlane), inPlane), output.Slice((int)(p * outPlane), (int)outPlane), rowFirst, rowEnd);
            }
        }
        finally
        {
            plane.Dispose();
        }
    }

    // Plane with its output in any type: T for the kernel's rows, the compute type for the trilinear planes.
    private static void Plane<T, TOut, TMath>(ReadOnlySpan<T> input, Span<TOut> output, int inWidth, int outWidth, int taps,
        ReadOnlySpan<int> rows, ReadOnlySpan<TMath> rowWeights, ReadOnlySpan<int> columns, ReadOnlySpan<TMath> columnWeights,
        int first, int end, int channels)
        where T : unmanaged, INumberBase<T>
        where TOut : unmanaged, INumberBase<TOut>
        where TMath : unmanaged, IFloatingPointIeee754<TMath>
    {
        if (first < 0 || first > end) throw new ArgumentException("Rows outside the plane.", nameof(end));
        var plane = new PlaneBlend<TMath>(inWidth, outWidth, taps, rows, rowWeights, columns, columnWeights, end, output.Length, channels);
        try
        {
            plane.Rows(input, output, first, end);
        }
        finally
        {
            plane.Dispose();
        }
    }

    /// <summary>The checked tables, whether the width pass is a doubling, and the row buffers: what every plane of a call
    /// shares.</summary>
    private ref struct PlaneBlend<TMath>
        where TMath : unmanaged, IFloatingPointIeee754<TMath>
    {
        private readonly ReadOnlySpan<int> _rows, _columns;
        private readonly ReadOnlySpan<TMath> _rowWeights, _columnWeights;
        private readonly int _inWidth, _outWidth, _taps, _channels;
        private readonly bool _doubled;
        private TMath[]? _buffer;

        public PlaneBlend(int inWidth, int outWidth, int taps, ReadOnlySpan<int> rows, ReadOnlySpan<TMath> rowWeights, ReadOnlySpan<int> columns,
            ReadOnlySpan<TMath> columnWeights, int end, long outputLength, int channels)
        {
            if (taps is not (2 or 4))
                throw new ArgumentOutOfRangeException(nameof(taps), taps, "Expected 2 (linear) or 4 (cubic) taps.");
            if (inWidth <= 0 || outWidth <= 0 || channels <= 0 || end < 0
                || columns.Length < (long)taps * outWidth || columnWeights.Length < (long)taps * outWidth
                || rows.Length < (long)taps * end || rowWeights.Length < (long)taps * end || (long)end * outWidth * channels > outputLength
                || (long)taps * outWidth * channels > int.MaxValue)
                throw new ArgumentException("Tables or rows outside the plane.", nameof(end));
            // Every column tap inside the input row, checked once: the width passes then load without per-tap checks.
            foreach (int column in columns.Slice(0, taps * outWidth))
            {
                if ((uint)column >= (uint)inWidth) throw new ArgumentException("A column lies outside the input row.", nameof(columns));
            }
            (_inWidth, _outWidth, _taps, _channels) = (inWidth, outWidth, taps, channels);
            _rows = rows;
            _rowWeights = rowWeights;
            _columns = columns;
            _columnWeights = columnWeights;
            _doubled = channels == 1 && IsDoubledWidth(columns, columnWeights, taps, inWidth, outWidth);
            _buffer = ArrayPool<TMath>.Shared.Rent(taps * outWidth * channels);
        }

        public void Dispose()
        {
            if (_buffer is not null) ArrayPool<TMath>.Shared.Return(_buffer);
            _buffer = null;
        }

        /// <summary>Output rows [first, end) of one plane (the tables as checked by the constructor).</summary>
        public readonly void Rows<T, TOut>(ReadOnlySpan<T> input, Span<TOut> output, int first, int end)
            where T : unmanaged, INumberBase<T>
            where TOut : unmanaged, INumberBase<TOut>
        {
            int taps = _taps, inWidth = _inWidth, channels = _channels, rowLength = _outWidth * channels;
            ReadOnlySpan<int> rows = _rows, columns = _columns;
            ReadOnlySpan<TMath> rowWeights = _rowWeights, columnWeights = _columnWeights;
            TMath[] buffer = _buffer!;
            // The input row (offset) each buffer holds, and the buffer of each tap of this output row.
            int held0 = -1, held1 = -1, held2 = -1, held3 = -1;
            int slot0 = 0, slot1 = 0, slot2 = 0, slot3 = 0;
            for (int oh = first; oh < end; oh++)
            {
                var needed = rows.Slice(taps * oh, taps);
                for (int j = 0; j < taps; j++)
                {
                    int source = needed[j];
                    if (source < 0) throw new ArgumentException("A row offset is negative.", nameof(rows));
                    int k = source == held0 ? 0 : source == held1 ? 1 : taps > 2 && source == held2 ? 2 : taps > 2 && source == held3 ? 3 : -1;
                    if (k < 0)
                    {
                        // A buffer no tap of this row needs (one exists: fewer needed rows are held than there are buffers).
                        k = !Needs(needed, held0) ? 0 : !Needs(needed, held1) ? 1 : !Needs(needed, held2) ? 2 : 3;
                        var target = buffer.AsSpan(k * rowLength, rowLength);
                        if (_doubled) BlendDoubled(input, source, inWidth, taps, columns, columnWeights, target);
                        else if (channels == 1) Blend(input.Slice(source, inWidth), taps, columns, columnWeights, target);
                        else BlendChannels(input.Slice(checked(source * channels), inWidth * channels), taps, channels, columns, columnWeights, target);
                        switch (k)
                        {
                            case 0: held0 = source; break;
                            case 1: held1 = source; break;
                            case 2: held2 = source; break;
                            default: held3 = source; break;
                        }
                    }
                    switch (j)
                    {
                        case 0: slot0 = k; break;
                        case 1: slot1 = k; break;
                        case 2: slot2 = k; break;
                        default: slot3 = k; break;
                    }
                }
                var weights = rowWeights.Slice(taps * oh, taps);
                var row = output.Slice(oh * rowLength, rowLength);
                if (taps == 2) Vertical(Buffer(buffer, slot0, rowLength), Buffer(buffer, slot1, rowLength), weights[0], weights[1], row);
                else Vertical(Buffer(buffer, slot0, rowLength), Buffer(buffer, slot1, rowLength), Buffer(buffer, slot2, rowLength),
                    Buffer(buffer, slot3, rowLength), weights[0], weights[1], weights[2], weights[3], row);
            }
        }
    }

    // Whether one of this output row's taps reads the input row a buffer holds (taps ≤ 4; a bilinear row has two).
    private static bool Needs(ReadOnlySpan<int> needed, int held)
    {
        foreach (int row in needed) if (row == held) return true;
        return false;
    }

    // Row buffer k of the pooled array.
    private static ReadOnlySpan<TMath> Buffer<TMath>(TMath[] buffer, int k, int width) => buffer.AsSpan(k * width, width);

    // True when every interior column's taps and weights follow the ×2 pattern (edges, which clamp, come from the
    // tables anyway): then BlendDoubled computes exactly what Blend would.
    private static bool IsDoubledWidth<TMath>(ReadOnlySpan<int> columns, ReadOnlySpan<TMath> weights, int taps, int inWidth, int outWidth)
        where TMath : unmanaged
    {
        int h = taps / 2;
        if (outWidth != 2 * inWidth || inWidth < taps + 2) return false;
        var evenWeights = weights.Slice(taps * 2 * h, taps);
        var oddWeights = weights.Slice(taps * (2 * h + 1), taps);
        for (int m = h; m < inWidth - h; m++)
        {
            for (int j = 0; j < taps; j++)
            {
                if (columns[taps * 2 * m + j] != m - h + j || columns[taps * (2 * m + 1) + j] != m - h + 1 + j
                    || !SameBits(weights[taps * 2 * m + j], evenWeights[j]) || !SameBits(weights[taps * (2 * m + 1) + j], oddWeights[j]))
                    return false;
            }
        }
        return true;
    }

    private static bool SameBits<TMath>(TMath a, TMath b) where TMath : unmanaged => Unsafe.SizeOf<TMath>() == 4
        ? Unsafe.As<TMath, int>(ref a) == Unsafe.As<TMath, int>(ref b)
        : Unsafe.As<TMath, long>(ref a) == Unsafe.As<TMath, long>(ref b);

    // One input row blended along the width: target[ow] = Σ_j x[c_j]·w_j from the tables, left to right (the columns
    // were checked against the row by Plane).
    private static void Blend<T, TMath>(ReadOnlySpan<T> row, int taps, ReadOnlySpan<int> columns, ReadOnlySpan<TMath> weights, Span<TMath> target)
        where T : unmanaged, INumberBase<T>
        where TMath : unmanaged, IFloatingPointIeee754<TMath>
    {
        ref T x = ref MemoryMarshal.GetReference(row);
        ref int c = ref MemoryMarshal.GetReference(columns.Slice(0, taps * target.Length));
        ref TMath w = ref MemoryMarshal.GetReference(weights.Slice(0, taps * target.Length));
        if (taps == 2)
        {
            for (int ow = 0, k = 0; ow < target.Length; ow++, k += 2)
            {
                target[ow] = TMath.CreateTruncating(Unsafe.Add(ref x, Unsafe.Add(ref c, k))) * Unsafe.Add(ref w, k)
                    + TMath.CreateTruncating(Unsafe.Add(ref x, Unsafe.Add(ref c, k + 1))) * Unsafe.Add(ref w, k + 1);
            }
            return;
        }
        for (int ow = 0, k = 0; ow < target.Length; ow++, k += 4)
        {
            target[ow] = TMath.CreateTruncating(Unsafe.Add(ref x, Unsafe.Add(ref c, k))) * Unsafe.Add(ref w, k)
                + TMath.CreateTruncating(Unsafe.Add(ref x, Unsafe.Add(ref c, k + 1))) * Unsafe.Add(ref w, k + 1)
                + TMath.CreateTruncating(Unsafe.Add(ref x, Unsafe.Add(ref c, k + 2))) * Unsafe.Add(ref w, k + 2)
                + TMath.CreateTruncating(Unsafe.Add(ref x, Unsafe.Add(ref c, k + 3))) * Unsafe.Add(ref w, k + 3);
        }
    }

    // One channels-last input row blended along the width: every output pixel's channels are Σ_j (pixel c_j's
    // channels)·w_j, the first tap starting the sum, whole vectors of channels at a time.
    private static void BlendChannels<T, TMath>(ReadOnlySpan<T> row, int taps, int channels, ReadOnlySpan<int> columns,
        ReadOnlySpan<TMath> weights, Span<TMath> target)
        where T : unmanaged, INumberBase<T>
        where TMath : unmanaged, IFloatingPointIeee754<TMath>
    {
        int outWidth = target.Length / channels;
        for (int ow = 0; ow < outWidth; ow++)
        {
            var to = target.Slice(ow * channels, channels);
            for (int j = 0; j < taps; j++)
            {
                var from = row.Slice(columns[taps * ow + j] * channels, channels);
                TMath weight = weights[taps * ow + j];
                int c = 0;
                if (typeof(T) == typeof(TMath) && Vector.IsHardwareAccelerated)
                {
                    ref TMath x = ref MemoryMarshal.GetReference(MemoryMarshal.Cast<T, TMath>(from));
                    ref TMath y = ref MemoryMarshal.GetReference(to);
                    var w = new Vector<TMath>(weight);
                    for (; c + Vector<TMath>.Count <= channels; c += Vector<TMath>.Count)
                    {
                        var term = Vector.LoadUnsafe(ref x, (nuint)c) * w;
                        (j == 0 ? term : Vector.LoadUnsafe(ref y, (nuint)c) + term).StoreUnsafe(ref y, (nuint)c);
                    }
                }
                for (; c < channels; c++)
                {
                    TMath term = TMath.CreateTruncating(from[c]) * weight;
                    to[c] = j == 0 ? term : to[c] + term;
                }
            }
        }
    }

    /// <summary>
    /// Linear (1-D) upsampling of a channels-last sample: one row, <c>Σ_j x[c_j]·w_j</c> per output pixel and channel, the
    /// first tap starting the sum — the width pass of <see cref="Plane{T, TMath}"/> alone.
    /// </summary>
    public static void Row<T, TMath>(ReadOnlySpan<T> input, Span<T> output, int inWidth, int outWidth, int taps,
        ReadOnlySpan<int> columns, ReadOnlySpan<TMath> columnWeights, int channels = 1)
        where T : unmanaged, INumberBase<T>
        where TMath : unmanaged, IFloatingPointIeee754<TMath>
    {
        if (taps is not (2 or 4) || inWidth <= 0 || outWidth <= 0 || channels <= 0 || (long)inWidth * channels != input.Length
            || (long)outWidth * channels != output.Length || columns.Length < taps * outWidth || columnWeights.Length < taps * outWidth)
            throw new ArgumentException("Tables or extents outside the row.", nameof(input));
        TMath[] buffer = ArrayPool<TMath>.Shared.Rent(output.Length);
        try
        {
            var row = buffer.AsSpan(0, output.Length);
            BlendChannels(input, taps, channels, columns, columnWeights, row);
            for (int i = 0; i < row.Length; i++) output[i] = Narrow<T, TMath>(row[i]);
        }
        finally
        {
            ArrayPool<TMath>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Nearest (and nearest-exact) upsampling of output rows [<paramref name="first"/>, <paramref name="end"/>) of a plane
    /// or a channels-last sample: every output pixel is a copy of its source pixel's <paramref name="channels"/> elements
    /// (<paramref name="rows"/>: source row times the input width, <paramref name="columns"/>: source column), and an
    /// output row with the same source row as the one above it is a copy of that row.
    /// </summary>
    public static void Nearest<T>(ReadOnlySpan<T> input, Span<T> output, int outWidth, ReadOnlySpan<int> rows, ReadOnlySpan<int> columns,
        int first, int end, int channels = 1)
    {
        if (outWidth <= 0 || channels <= 0 || first < 0 || first > end || columns.Length < outWidth || rows.Length < end
            || (long)end * outWidth * channels > output.Length)
            throw new ArgumentException("Tables or rows outside the sample.", nameof(end));
        int rowLength = outWidth * channels;
        for (int oh = first; oh < end; oh++)
        {
            var to = output.Slice(oh * rowLength, rowLength);
            if (oh > first && rows[oh] == rows[oh - 1])
            {
                output.Slice((oh - 1) * rowLength, rowLength).CopyTo(to);
                continue;
            }
            if (channels == 1)
            {
                // A plane row: gather its elements (the row checked once, each column against it).
                var from = input.Slice(rows[oh]);
                for (int ow = 0; ow < outWidth; ow++) to[ow] = from[columns[ow]];
                continue;
            }
            for (int ow = 0; ow < outWidth; ow++)
                input.Slice(checked((rows[oh] + columns[ow]) * channels), channels).CopyTo(to.Slice(ow * channels, channels));
        }
    }

    // The width pass for exactly ×2: interior columns as vector blends of shifted loads (same operands, same order as
    // the tables' Σ_j x[c_j]·w_j), even and odd outputs stored interleaved; the edge columns from the tables.
    private static void BlendDoubled<T, TMath>(ReadOnlySpan<T> input, int row, int inWidth, int taps, ReadOnlySpan<int> columns,
        ReadOnlySpan<TMath> weights, Span<TMath> target)
        where T : unmanaged, INumberBase<T>
        where TMath : unmanaged, IFloatingPointIeee754<TMath>
    {
        var x = input.Slice(row, inWidth);
        target = target.Slice(0, 2 * inWidth);
        int h = taps / 2, m = h, end = inWidth - h;
        var we = weights.Slice(taps * 2 * h, taps);
        var wo = weights.Slice(taps * (2 * h + 1), taps);
        if (typeof(T) == typeof(TMath) && Vector.IsHardwareAccelerated)
        {
            // Loads at m − h … m − h + taps: tap j of an even column is load j, of an odd column load j + 1.
            ref TMath source = ref MemoryMarshal.GetReference(MemoryMarshal.Cast<T, TMath>(x));
            ref TMath to = ref MemoryMarshal.GetReference(target);
            if (taps == 2)
            {
                Vector<TMath> e0 = new(we[0]), e1 = new(we[1]), o0 = new(wo[0]), o1 = new(wo[1]);
                for (; m < end; m += Vector<TMath>.Count)
                {
                    if (!LastVector<TMath>(ref m, h, end)) break;
                    var l0 = Vector.LoadUnsafe(ref source, (nuint)(m - 1));
                    var l1 = Vector.LoadUnsafe(ref source, (nuint)m);
                    var l2 = Vector.LoadUnsafe(ref source, (nuint)(m + 1));
                    ShuffleRows.StoreInterleaved(l0 * e0 + l1 * e1, l1 * o0 + l2 * o1, ref Unsafe.Add(ref to, 2 * m));
                }
            }
            else
            {
                Vector<TMath> e0 = new(we[0]), e1 = new(we[1]), e2 = new(we[2]), e3 = new(we[3]);
                Vector<TMath> o0 = new(wo[0]), o1 = new(wo[1]), o2 = new(wo[2]), o3 = new(wo[3]);
                for (; m < end; m += Vector<TMath>.Count)
                {
                    if (!LastVector<TMath>(ref m, h, end)) break;
                    var l0 = Vector.LoadUnsafe(ref source, (nuint)(m - 2));
                    var l1 = Vector.LoadUnsafe(ref source, (nuint)(m - 1));
                    var l2 = Vector.LoadUnsafe(ref source, (nuint)m);
                    var l3 = Vector.LoadUnsafe(ref source, (nuint)(m + 1));
                    var l4 = Vector.LoadUnsafe(ref source, (nuint)(m + 2));
                    ShuffleRows.StoreInterleaved(l0 * e0 + l1 * e1 + l2 * e2 + l3 * e3, l1 * o0 + l2 * o1 + l3 * o2 + l4 * o3,
                        ref Unsafe.Add(ref to, 2 * m));
                }
            }
        }
        for (; m < end; m++)
        {
            TMath se = TMath.Zero, so = TMath.Zero;
            for (int j = 0; j < taps; j++)
            {
                // The first term starts the sum (0 + a would turn −0 into +0).
                TMath te = TMath.CreateTruncating(x[m - h + j]) * we[j], to = TMath.CreateTruncating(x[m - h + 1 + j]) * wo[j];
                se = j == 0 ? te : se + te;
                so = j == 0 ? to : so + to;
            }
            target[2 * m] = se;
            target[2 * m + 1] = so;
        }
        var edges = input.Slice(row);
        for (int k = 0; k < 2 * h; k++)
        {
            target[k] = Column(edges, taps, columns, weights, k);
            target[2 * inWidth - 1 - k] = Column(edges, taps, columns, weights, 2 * inWidth - 1 - k);
        }
    }

    // Keeps the vector loop on whole vectors: one that would pass the end moves back to end − Count (rewriting a few
    // outputs with the same values) rather than leaving them to the scalar loop; false when the interior is shorter
    // than a vector.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool LastVector<TMath>(ref int m, int first, int end) where TMath : struct
    {
        if (m + Vector<TMath>.Count <= end) return true;
        if (end - Vector<TMath>.Count < first) return false;
        m = end - Vector<TMath>.Count;
        return true;
    }

    // One output column of a row from the tables: Σ_j x[c_j]·w_j, left to right.
    private static TMath Column<T, TMath>(ReadOnlySpan<T> source, int taps, ReadOnlySpan<int> columns, ReadOnlySpan<TMath> weights, int ow)
        where T : unmanaged, INumberBase<T>
        where TMath : unmanaged, IFloatingPointIeee754<TMath>
    {
        int k = taps * ow;
        TMath sum = TMath.CreateTruncating(source[columns[k]]) * weights[k];
        for (int j = 1; j < taps; j++) sum += TMath.CreateTruncating(source[columns[k + j]]) * weights[k + j];
        return sum;
    }

    // target = a·w0 + b·w1, element by element (as vectors when the element type is the compute type).
    private static void Vertical<T, TMath>(ReadOnlySpan<TMath> a, ReadOnlySpan<TMath> b, TMath w0, TMath w1, Span<T> target)
        where T : unmanaged, INumberBase<T>
        where TMath : unmanaged, IFloatingPointIeee754<TMath>
    {
        int i = 0;
        if (typeof(T) == typeof(TMath) && Vector.IsHardwareAccelerated)
        {
            Vector<TMath> v0 = new(w0), v1 = new(w1);
            ref TMath ra = ref MemoryMarshal.GetReference(a), rb = ref MemoryMarshal.GetReference(b);
            ref TMath ro = ref MemoryMarshal.GetReference(MemoryMarshal.Cast<T, TMath>(target));
            for (; i + Vector<TMath>.Count <= target.Length; i += Vector<TMath>.Count)
                (Vector.LoadUnsafe(ref ra, (nuint)i) * v0 + Vector.LoadUnsafe(ref rb, (nuint)i) * v1).StoreUnsafe(ref ro, (nuint)i);
        }
        for (; i < target.Length; i++) target[i] = Narrow<T, TMath>(a[i] * w0 + b[i] * w1);
    }

    // target = a·w0 + b·w1 + c·w2 + d·w3, left to right.
    private static void Vertical<T, TMath>(ReadOnlySpan<TMath> a, ReadOnlySpan<TMath> b, ReadOnlySpan<TMath> c, ReadOnlySpan<TMath> d,
        TMath w0, TMath w1, TMath w2, TMath w3, Span<T> target)
        where T : unmanaged, INumberBase<T>
        where TMath : unmanaged, IFloatingPointIeee754<TMath>
    {
        int i = 0;
        if (typeof(T) == typeof(TMath) && Vector.IsHardwareAccelerated)
        {
            Vector<TMath> v0 = new(w0), v1 = new(w1), v2 = new(w2), v3 = new(w3);
            ref TMath ra = ref MemoryMarshal.GetReference(a), rb = ref MemoryMarshal.GetReference(b);
            ref TMath rc = ref MemoryMarshal.GetReference(c), rd = ref MemoryMarshal.GetReference(d);
            ref TMath ro = ref MemoryMarshal.GetReference(MemoryMarshal.Cast<T, TMath>(target));
            for (; i + Vector<TMath>.Count <= target.Length; i += Vector<TMath>.Count)
            {
                var sum = Vector.LoadUnsafe(ref ra, (nuint)i) * v0 + Vector.LoadUnsafe(ref rb, (nuint)i) * v1
                    + Vector.LoadUnsafe(ref rc, (nuint)i) * v2 + Vector.LoadUnsafe(ref rd, (nuint)i) * v3;
                sum.StoreUnsafe(ref ro, (nuint)i);
            }
        }
        for (; i < target.Length; i++) target[i] = Narrow<T, TMath>(a[i] * w0 + b[i] * w1 + c[i] * w2 + d[i] * w3);
    }

    /// <summary>A result in the element type: the compute type's value as it is, or for bytes (uint8 bilinear and bicubic
    /// without antialias, docs/semantics.md §8.10) rounded half to even and clamped to 0–255.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static T Narrow<T, TMath>(TMath value)
        where T : INumberBase<T>
        where TMath : IFloatingPointIeee754<TMath>
    {
        if (typeof(T) == typeof(byte)) return T.CreateSaturating(TMath.Round(value));
        return T.CreateTruncating(value);
    }
}
