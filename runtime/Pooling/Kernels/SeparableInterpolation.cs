using System;
using System.Buffers;
using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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
    /// <remarks>The buffers are a ring of <c>slots</c> rows (a power of two, more than any output row's taps span): input
    /// row r is blended into slot r mod slots and stays there until a row that maps to the same slot needs it, so with
    /// the monotone tables of an upsample every input row is blended once per plane.</remarks>
    private ref struct PlaneBlend<TMath>
        where TMath : unmanaged, IFloatingPointIeee754<TMath>
    {
        private readonly ReadOnlySpan<int> _columns;
        private readonly ReadOnlySpan<TMath> _rowWeights, _columnWeights;
        private readonly int _inWidth, _outWidth, _taps, _channels, _slots, _inHeight, _bandRows;
        private readonly bool _doubled, _doubledPlane;
        private int[]? _sourceRows;   // each output row's taps as input row numbers (the row table divided by the width)
        private TMath[]? _edgeTable;  // DoubledEdgeTable's vectors for _edgeCount lanes (0: none)
        private readonly int _edgeCount;
        private TMath[]? _buffer;
        private int[]? _bands;        // DoubledPlane's bands over a whole plane, four ints each: first row, end row, low, high
        private readonly int _bandCount;

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
            // Row offsets as row numbers, and the widest span one output row's taps cover.
            _sourceRows = ArrayPool<int>.Shared.Rent(taps * end);
            int span = 1;
            for (int oh = 0; oh < end; oh++)
            {
                int low = int.MaxValue, high = int.MinValue;
                for (int j = 0; j < taps; j++)
                {
                    int offset = rows[taps * oh + j];
                    if (offset < 0 || offset % inWidth != 0)
                        throw new ArgumentException("A row offset is negative or not a multiple of the input width.", nameof(rows));
                    int row = offset / inWidth;
                    _sourceRows[taps * oh + j] = row;
                    low = Math.Min(low, row);
                    high = Math.Max(high, row);
                }
                span = Math.Max(span, high - low + 1);
            }
            if (span > 1 << 20) throw new ArgumentException("One output row's taps span too many input rows.", nameof(rows));
            _slots = (int)BitOperations.RoundUpToPowerOf2((uint)span);
            (_inWidth, _outWidth, _taps, _channels) = (inWidth, outWidth, taps, channels);
            _rowWeights = rowWeights;
            _columns = columns;
            _columnWeights = columnWeights;
            _doubled = channels == 1 && IsDoubled(columns, columnWeights, taps, inWidth, outWidth);
            // Both axes doubled (a float or double plane, no channels): DoubledPlane, a band of rows at a time.
            _doubledPlane = _doubled && end % 2 == 0 && IsDoubled(_sourceRows.AsSpan(0, taps * end), rowWeights, taps, end / 2, end);
            _inHeight = end / 2;
            // The edge columns' vector table, for the widest width that runs (none: DoubledEdges one by one).
            _edgeTable = null;
            _edgeCount = 0;
            if (_doubledPlane)
            {
                int count = Simd512<TMath>.IsAccelerated ? Simd512<TMath>.Count : Simd256<TMath>.IsAccelerated ? Simd256<TMath>.Count
                    : Simd128<TMath>.IsAccelerated ? Simd128<TMath>.Count : 0;
                _edgeTable = ArrayPool<TMath>.Shared.Rent(Math.Max(1, (4 * taps + 2) * count));
                var table = _edgeTable.AsSpan(0, (4 * taps + 2) * count);
                bool built = count == Simd512<TMath>.Count && Simd512<TMath>.IsAccelerated
                    ? DoubledEdgeTable<Simd512<TMath>, Vector512<TMath>, TMath>(table, inWidth, taps, columns, columnWeights)
                    : count == Simd256<TMath>.Count && Simd256<TMath>.IsAccelerated
                    ? DoubledEdgeTable<Simd256<TMath>, Vector256<TMath>, TMath>(table, inWidth, taps, columns, columnWeights)
                    : count > 0 && DoubledEdgeTable<Simd128<TMath>, Vector128<TMath>, TMath>(table, inWidth, taps, columns, columnWeights);
                _edgeCount = built ? count : 0;
            }
            // DoubledPlane's bands: as many blended rows as fit the budget, at least taps + 2 (a pair and the rows its taps read).
            _bandRows = Math.Min(_inHeight, Math.Max(Math.Max(taps + 2, span), PlaneBudget<TMath>() / outWidth));
            // The ring of row buffers, and for DoubledPlane (when the element type is the compute type) a band's rows too.
            _buffer = ArrayPool<TMath>.Shared.Rent(Math.Max(checked(_slots * outWidth * channels), _doubledPlane ? checked(_bandRows * outWidth) : 0));
            // The bands of a whole plane depend only on the row table: found once here, not again for every plane.
            _bands = null;
            _bandCount = 0;
            if (_doubledPlane)
            {
                _bands = ArrayPool<int>.Shared.Rent(4 * end);
                for (int bandFirst = 0; bandFirst < end; _bandCount++)
                {
                    int bandEnd = NextBand(_sourceRows.AsSpan(0, taps * end), taps, _bandRows, bandFirst, end, out int low, out int high);
                    if (bandEnd == bandFirst || high >= _inHeight) throw new ArgumentException("A row lies outside the input plane.", nameof(rows));
                    (_bands[4 * _bandCount], _bands[4 * _bandCount + 1], _bands[4 * _bandCount + 2], _bands[4 * _bandCount + 3]) = (bandFirst, bandEnd, low, high);
                    bandFirst = bandEnd;
                }
            }
        }

        public void Dispose()
        {
            if (_buffer is not null) ArrayPool<TMath>.Shared.Return(_buffer);
            if (_sourceRows is not null) ArrayPool<int>.Shared.Return(_sourceRows);
            if (_edgeTable is not null) ArrayPool<TMath>.Shared.Return(_edgeTable);
            if (_bands is not null) ArrayPool<int>.Shared.Return(_bands);
            _bands = null;
            _edgeTable = null;
            _buffer = null;
            _sourceRows = null;
        }

        /// <summary>Output rows [first, end) of one plane (the tables as checked by the constructor).</summary>
        public readonly void Rows<T, TOut>(ReadOnlySpan<T> input, Span<TOut> output, int first, int end)
            where T : unmanaged, INumberBase<T>
            where TOut : unmanaged, INumberBase<TOut>
        {
            int taps = _taps, inWidth = _inWidth, channels = _channels, rowLength = _outWidth * channels, mask = _slots - 1;
            if ((long)end * rowLength > output.Length) throw new ArgumentException("Rows outside the plane.", nameof(end));
            if (_doubledPlane && typeof(T) == typeof(TMath) && typeof(TOut) == typeof(TMath))
            {
                DoubledPlane(MemoryMarshal.Cast<T, TMath>(input), MemoryMarshal.Cast<TOut, TMath>(output), first, end);
                return;
            }
            long inHeight = input.Length / ((long)inWidth * channels);
            ReadOnlySpan<int> columns = _columns, sourceRows = _sourceRows.AsSpan(0, taps * end);
            ReadOnlySpan<TMath> columnWeights = _columnWeights;
            var buffer = _buffer.AsSpan(0, _slots * rowLength);
            // The input row each slot holds (none yet).
            Span<int> held = _slots <= 64 ? stackalloc int[_slots] : new int[_slots];
            held.Fill(-1);
            for (int oh = first; oh < end; oh++)
            {
                var needed = sourceRows.Slice(taps * oh, taps);
                foreach (int source in needed)
                {
                    int slot = source & mask;
                    if (held[slot] == source) continue;
                    if (source >= inHeight) throw new ArgumentException("A row lies outside the input plane.", nameof(input));
                    var target = buffer.Slice(slot * rowLength, rowLength);
                    if (_doubled) BlendDoubled(input, source * inWidth, inWidth, taps, columns, columnWeights, target);
                    else if (channels == 1) Blend(input.Slice(source * inWidth, inWidth), taps, columns, columnWeights, target);
                    else BlendChannels(input.Slice(source * inWidth * channels, inWidth * channels), taps, channels, columns, columnWeights, target);
                    held[slot] = source;
                }
                ref TMath ring = ref MemoryMarshal.GetReference(buffer);
                ref TMath weights = ref MemoryMarshal.GetReference(_rowWeights.Slice(taps * oh, taps));
                ref TOut row = ref MemoryMarshal.GetReference(output.Slice(oh * rowLength, rowLength));
                if (taps == 2)
                {
                    Vertical(ref Unsafe.Add(ref ring, (needed[0] & mask) * rowLength), ref Unsafe.Add(ref ring, (needed[1] & mask) * rowLength),
                        weights, Unsafe.Add(ref weights, 1), ref row, rowLength);
                }
                else
                {
                    Vertical(ref Unsafe.Add(ref ring, (needed[0] & mask) * rowLength), ref Unsafe.Add(ref ring, (needed[1] & mask) * rowLength),
                        ref Unsafe.Add(ref ring, (needed[2] & mask) * rowLength), ref Unsafe.Add(ref ring, (needed[3] & mask) * rowLength),
                        weights, Unsafe.Add(ref weights, 1), Unsafe.Add(ref weights, 2), Unsafe.Add(ref weights, 3), ref row, rowLength);
                }
            }
        }

        /// <summary>Output rows [first, end) of a plane whose rows and columns are both doubled, in the compute type, a band
        /// at a time: the input rows a band of output rows reads (as many as fit the buffer) blended along the width in
        /// one pass as if they were a single row (where that pass straddles two rows it writes exactly the edge columns,
        /// which are then rewritten from the tables), then the band's interior output rows in pairs 2m, 2m + 1 from the
        /// same blended rows and its edge rows from the tables. Bands share the rows at their borders (blended again).</summary>
        private readonly void DoubledPlane(ReadOnlySpan<TMath> input, Span<TMath> output, int first, int end)
        {
            int taps = _taps, inWidth = _inWidth, inHeight = _inHeight;
            if ((long)inHeight * inWidth > input.Length) throw new ArgumentException("The input plane is shorter than the row tables.", nameof(input));
            if (first == 0 && _bands is not null && _bandCount > 0 && _bands[4 * _bandCount - 3] == end)
            {
                // The whole plane: the constructor's bands.
                for (int b = 0; b < _bandCount; b++)
                    DoubledBand(input, output, _bands[4 * b], _bands[4 * b + 1], _bands[4 * b + 2], _bands[4 * b + 3]);
                return;
            }
            ReadOnlySpan<int> sourceRows = _sourceRows.AsSpan(0, taps * 2 * inHeight);
            for (int bandFirst = first; bandFirst < end;)
            {
                int bandEnd = NextBand(sourceRows, taps, _bandRows, bandFirst, end, out int low, out int high);
                if (bandEnd == bandFirst || high >= inHeight) throw new ArgumentException("A row lies outside the input plane.", nameof(input));
                DoubledBand(input, output, bandFirst, bandEnd, low, high);
                bandFirst = bandEnd;
            }
        }

        // The longest run of output rows from bandFirst (before end) whose taps lie within bandRows input rows (one row's
        // taps always do), and the lowest and highest input row it reads.
        private static int NextBand(ReadOnlySpan<int> sourceRows, int taps, int bandRows, int bandFirst, int end, out int low, out int high)
        {
            low = int.MaxValue;
            high = -1;
            int bandEnd = bandFirst;
            for (; bandEnd < end; bandEnd++)
            {
                int rowLow = low, rowHigh = high;
                foreach (int r in sourceRows.Slice(taps * bandEnd, taps))
                {
                    rowLow = Math.Min(rowLow, r);
                    rowHigh = Math.Max(rowHigh, r);
                }
                if (rowHigh - rowLow >= bandRows) break;
                (low, high) = (rowLow, rowHigh);
            }
            return bandEnd;
        }

        // Output rows [first, end) from input rows low … high, blended into the buffer (row r at (r − low) · rowLength).
        // Not inlined: its width dispatches inline each width's loops, and inside a caller's budget the tiered JIT left the
        // 128-bit ones' vector helpers as calls (bilinear ×2 ran 2.3× slower at 128 bits).
        [MethodImpl(MethodImplOptions.NoInlining)]
        private readonly void DoubledBand(ReadOnlySpan<TMath> input, Span<TMath> output, int first, int end, int low, int high)
        {
            int taps = _taps, h = taps / 2, inWidth = _inWidth, rowLength = _outWidth, inHeight = _inHeight, rows = high - low + 1;
            ref TMath x = ref MemoryMarshal.GetReference(input.Slice(low * inWidth, rows * inWidth));
            ref TMath blended = ref MemoryMarshal.GetReference(_buffer.AsSpan(0, rows * rowLength));
            // Blended row r sits at (r − low) · rowLength = 2 · ((r − low) · inWidth): output 2m of the one long row.
            DoubledInterior(ref x, ref blended, h, rows * inWidth - h, taps, _columnWeights);
            var edgeTable = _edgeTable.AsSpan();
            bool edgesDone = true;
            if (_edgeCount == Simd512<TMath>.Count && Simd512<TMath>.IsAccelerated)
                DoubledEdgeRows<Simd512<TMath>, Vector512<TMath>, TMath>(ref x, ref blended, 0, rows - 1, inWidth, taps, edgeTable);
            else if (_edgeCount == Simd256<TMath>.Count && Simd256<TMath>.IsAccelerated)
                DoubledEdgeRows<Simd256<TMath>, Vector256<TMath>, TMath>(ref x, ref blended, 0, rows - 1, inWidth, taps, edgeTable);
            else if (_edgeCount == Simd128<TMath>.Count && Simd128<TMath>.IsAccelerated)
                DoubledEdgeRows<Simd128<TMath>, Vector128<TMath>, TMath>(ref x, ref blended, 0, rows - 1, inWidth, taps, edgeTable);
            else edgesDone = false;
            for (int r = 0; r < rows && !edgesDone; r++)
                DoubledEdges(ref Unsafe.Add(ref x, r * inWidth), ref Unsafe.Add(ref blended, r * rowLength), inWidth, taps, _columns, _columnWeights);

            ref TMath y = ref MemoryMarshal.GetReference(output.Slice(0, end * rowLength));
            ReadOnlySpan<int> sourceRows = _sourceRows.AsSpan(0, taps * end);
            ReadOnlySpan<TMath> rowWeights = _rowWeights;
            for (int oh = first; oh < end;)
            {
                // Pairs while both rows are in the band and interior (their taps m − taps/2 … m + taps/2 then are).
                int m = oh / 2, pairsEnd = Math.Min(inHeight - h, end / 2);
                if (oh % 2 == 0 && m >= h && m < pairsEnd)
                {
                    var even = rowWeights.Slice(taps * 2 * h, taps);
                    var odd = rowWeights.Slice(taps * (2 * h + 1), taps);
                    ref TMath top = ref Unsafe.Add(ref blended, (m - h - low) * rowLength);
                    ref TMath pair = ref Unsafe.Add(ref y, 2 * m * rowLength);
                    int pairs = pairsEnd - m;
                    if (Simd512<TMath>.IsAccelerated && rowLength >= Simd512<TMath>.Count)
                        DoubledPairs<Simd512<TMath>, Vector512<TMath>, TMath>(ref top, ref pair, rowLength, pairs, taps, even, odd);
                    else if (Simd256<TMath>.IsAccelerated && rowLength >= Simd256<TMath>.Count)
                        DoubledPairs<Simd256<TMath>, Vector256<TMath>, TMath>(ref top, ref pair, rowLength, pairs, taps, even, odd);
                    else if (Simd128<TMath>.IsAccelerated && rowLength >= Simd128<TMath>.Count)
                        DoubledPairs<Simd128<TMath>, Vector128<TMath>, TMath>(ref top, ref pair, rowLength, pairs, taps, even, odd);
                    else pairs = 0;   // no vectors: every row from the tables below
                    if (pairs > 0)
                    {
                        oh = 2 * pairsEnd;
                        continue;
                    }
                }
                // An edge row (or a row without its pair in the band) from the tables.
                ref int tap = ref MemoryMarshal.GetReference(sourceRows.Slice(taps * oh, taps));
                ref TMath w = ref MemoryMarshal.GetReference(rowWeights.Slice(taps * oh, taps));
                ref TMath row = ref Unsafe.Add(ref y, oh * rowLength);
                if (taps == 2)
                {
                    Vertical(ref Unsafe.Add(ref blended, (tap - low) * rowLength), ref Unsafe.Add(ref blended, (Unsafe.Add(ref tap, 1) - low) * rowLength),
                        w, Unsafe.Add(ref w, 1), ref row, rowLength);
                }
                else
                {
                    Vertical(ref Unsafe.Add(ref blended, (tap - low) * rowLength), ref Unsafe.Add(ref blended, (Unsafe.Add(ref tap, 1) - low) * rowLength),
                        ref Unsafe.Add(ref blended, (Unsafe.Add(ref tap, 2) - low) * rowLength),
                        ref Unsafe.Add(ref blended, (Unsafe.Add(ref tap, 3) - low) * rowLength),
                        w, Unsafe.Add(ref w, 1), Unsafe.Add(ref w, 2), Unsafe.Add(ref w, 3), ref row, rowLength);
                }
                oh++;
            }
        }
    }

    // Output rows 2m and 2m + 1 for `pairs` consecutive m of a plane doubled along the height (`output` at the first even
    // row), from its blended rows (`top` at the first pair's first tap row, m − taps/2): tap j of the even row is blended
    // row m − taps/2 + j, of the odd row the one below it, each with its weight pattern, left to right — the tables'
    // sums, both rows from one pass over the blended rows.
    private static void DoubledPairs<S, V, T>(ref T top, ref T output, int length, int pairs, int taps, ReadOnlySpan<T> even, ReadOnlySpan<T> odd)
        where S : ISimd<V, T> where V : struct where T : unmanaged
    {
        // One loop per tap count (the JIT does not take a test out of a loop); offsets as native integers, rows as
        // references moved one row on per pair; the last vector of a row moves back to length − Count.
        nint n = length, last = length - S.Count;
        if (taps == 2)
        {
            V e0 = S.Broadcast(even[0]), e1 = S.Broadcast(even[1]), o0 = S.Broadcast(odd[0]), o1 = S.Broadcast(odd[1]);
            for (int p = 0; p < pairs; p++)
            {
                ref T a = ref Unsafe.Add(ref top, p * n);
                ref T b = ref Unsafe.Add(ref a, n);
                ref T c = ref Unsafe.Add(ref b, n);
                ref T y = ref Unsafe.Add(ref output, 2 * p * n);
                ref T z = ref Unsafe.Add(ref y, n);
                for (nint i = 0; ; i += S.Count)
                {
                    if (i > last) i = last;
                    V vb = S.Load(ref b, i);
                    S.Store(S.Add(S.MultiplyLanes(S.Load(ref a, i), e0), S.MultiplyLanes(vb, e1)), ref y, i);
                    S.Store(S.Add(S.MultiplyLanes(vb, o0), S.MultiplyLanes(S.Load(ref c, i), o1)), ref z, i);
                    if (i == last) break;
                }
            }
            return;
        }
        V f0 = S.Broadcast(even[0]), f1 = S.Broadcast(even[1]), f2 = S.Broadcast(even[2]), f3 = S.Broadcast(even[3]);
        V g0 = S.Broadcast(odd[0]), g1 = S.Broadcast(odd[1]), g2 = S.Broadcast(odd[2]), g3 = S.Broadcast(odd[3]);
        for (int p = 0; p < pairs; p++)
        {
            ref T a = ref Unsafe.Add(ref top, p * n);
            ref T b = ref Unsafe.Add(ref a, n);
            ref T c = ref Unsafe.Add(ref b, n);
            ref T d = ref Unsafe.Add(ref c, n);
            ref T f = ref Unsafe.Add(ref d, n);
            ref T y = ref Unsafe.Add(ref output, 2 * p * n);
            ref T z = ref Unsafe.Add(ref y, n);
            for (nint i = 0; ; i += S.Count)
            {
                if (i > last) i = last;
                V vb = S.Load(ref b, i), vc = S.Load(ref c, i), vd = S.Load(ref d, i);
                S.Store(S.Add(S.Add(S.Add(S.MultiplyLanes(S.Load(ref a, i), f0), S.MultiplyLanes(vb, f1)), S.MultiplyLanes(vc, f2)),
                    S.MultiplyLanes(vd, f3)), ref y, i);
                S.Store(S.Add(S.Add(S.Add(S.MultiplyLanes(vb, g0), S.MultiplyLanes(vc, g1)), S.MultiplyLanes(vd, g2)),
                    S.MultiplyLanes(S.Load(ref f, i), g3)), ref z, i);
                if (i == last) break;
            }
        }
    }

    // True when every interior output's taps and weights follow the ×2 pattern (edges, which clamp, come from the
    // tables anyway): output 2m takes inputs m − taps/2 … with one weight pattern, output 2m + 1 the same one input on
    // with another. Then BlendDoubled (columns) and DoubledPlane (rows too) compute exactly what the tables would.
    private static bool IsDoubled<TMath>(ReadOnlySpan<int> columns, ReadOnlySpan<TMath> weights, int taps, int inWidth, int outWidth)
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

    // The most blended rows (elements) DoubledPlane keeps for a band of a plane: 128 KB of float.
    private static int PlaneBudget<TMath>() where TMath : unmanaged => 128 * 1024 / Unsafe.SizeOf<TMath>();

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
        for (int ow = 0; ow < target.Length; ow++) target[ow] = Column(ref x, taps, ref c, ref w, ow);
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
                if (typeof(T) == typeof(TMath))
                {
                    ref TMath x = ref MemoryMarshal.GetReference(MemoryMarshal.Cast<T, TMath>(from));
                    ref TMath y = ref MemoryMarshal.GetReference(to);
                    if (Simd512<TMath>.IsAccelerated) c = AddTerms<Simd512<TMath>, Vector512<TMath>, TMath>(ref x, ref y, weight, j == 0, c, channels);
                    if (Simd256<TMath>.IsAccelerated) c = AddTerms<Simd256<TMath>, Vector256<TMath>, TMath>(ref x, ref y, weight, j == 0, c, channels);
                    if (Simd128<TMath>.IsAccelerated) c = AddTerms<Simd128<TMath>, Vector128<TMath>, TMath>(ref x, ref y, weight, j == 0, c, channels);
                }
                for (; c < channels; c++)
                {
                    TMath term = TMath.CreateTruncating(from[c]) * weight;
                    to[c] = j == 0 ? term : to[c] + term;
                }
            }
        }
    }

    // Channels c … of one tap's term x·w in whole vectors of S, the first tap storing it, later taps adding it to the sum.
    // Returns the first channel not done.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int AddTerms<S, V, T>(ref T x, ref T y, T weight, bool first, int c, int channels)
        where S : ISimd<V, T> where V : struct where T : unmanaged
    {
        V w = S.Broadcast(weight);
        for (; c + S.Count <= channels; c += S.Count)
        {
            V term = S.MultiplyLanes(S.Load(ref x, c), w);
            S.Store(first ? term : S.Add(S.Load(ref y, c), term), ref y, c);
        }
        return c;
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
        ref T x = ref MemoryMarshal.GetReference(input.Slice(row, inWidth));
        ref TMath to = ref MemoryMarshal.GetReference(target.Slice(0, 2 * inWidth));
        DoubledInterior(ref x, ref to, taps / 2, inWidth - taps / 2, taps, weights);
        DoubledEdges(ref x, ref to, inWidth, taps, columns, weights);
    }

    // Outputs 2m and 2m + 1 for m in [first, end) of a ×2 width pass (the loads from m − taps/2 to m + taps/2 inside the
    // source): vectors, widest first, when the element type is the compute type, then one pair at a time.
    private static void DoubledInterior<T, TMath>(ref T source, ref TMath target, int first, int end, int taps, ReadOnlySpan<TMath> weights)
        where T : unmanaged, INumberBase<T>
        where TMath : unmanaged, IFloatingPointIeee754<TMath>
    {
        int h = taps / 2, m = first;
        var we = weights.Slice(taps * 2 * h, taps);
        var wo = weights.Slice(taps * (2 * h + 1), taps);
        if (typeof(T) == typeof(TMath))
        {
            ref TMath x = ref Unsafe.As<T, TMath>(ref source);
            if (Simd512<TMath>.IsAccelerated) m = DoubledColumns<Simd512<TMath>, Vector512<TMath>, TMath>(ref x, ref target, m, first, end, taps, we, wo);
            if (Simd256<TMath>.IsAccelerated) m = DoubledColumns<Simd256<TMath>, Vector256<TMath>, TMath>(ref x, ref target, m, first, end, taps, we, wo);
            if (Simd128<TMath>.IsAccelerated) m = DoubledColumns<Simd128<TMath>, Vector128<TMath>, TMath>(ref x, ref target, m, first, end, taps, we, wo);
        }
        for (; m < end; m++)
        {
            TMath se = TMath.Zero, so = TMath.Zero;
            for (int j = 0; j < taps; j++)
            {
                // The first term starts the sum (0 + a would turn −0 into +0).
                TMath te = TMath.CreateTruncating(Unsafe.Add(ref source, m - h + j)) * we[j];
                TMath to = TMath.CreateTruncating(Unsafe.Add(ref source, m - h + 1 + j)) * wo[j];
                se = j == 0 ? te : se + te;
                so = j == 0 ? to : so + to;
            }
            Unsafe.Add(ref target, 2 * m) = se;
            Unsafe.Add(ref target, 2 * m + 1) = so;
        }
    }

    // The first and last taps/2 · 2 outputs of a ×2 width pass over one row, from the tables (they clamp at the edges).
    private static void DoubledEdges<T, TMath>(ref T row, ref TMath target, int inWidth, int taps, ReadOnlySpan<int> columns, ReadOnlySpan<TMath> weights)
        where T : unmanaged, INumberBase<T>
        where TMath : unmanaged, IFloatingPointIeee754<TMath>
    {
        ref int c = ref MemoryMarshal.GetReference(columns.Slice(0, taps * 2 * inWidth));
        ref TMath w = ref MemoryMarshal.GetReference(weights.Slice(0, taps * 2 * inWidth));
        for (int k = 0; k < taps; k++)
        {
            Unsafe.Add(ref target, k) = Column(ref row, taps, ref c, ref w, k);
            Unsafe.Add(ref target, 2 * inWidth - 1 - k) = Column(ref row, taps, ref c, ref w, 2 * inWidth - 1 - k);
        }
    }

    // The permute indices, weights and lane masks with which DoubledEdgeRows computes the edge outputs of a doubled
    // row in vectors of S: a row's first taps outputs from its first Count inputs, its last taps from its last Count.
    // Per tap j: left indices, left weights, right indices, right weights; then the two masks. Lanes without an edge
    // output take lane 0 at weight 0 and are masked off. False when a row is shorter than a vector or an edge column
    // lies outside those inputs (DoubledEdges then does them one by one).
    private static bool DoubledEdgeTable<S, V, T>(Span<T> table, int inWidth, int taps, ReadOnlySpan<int> columns, ReadOnlySpan<T> weights)
        where S : IIndexedTaps<V, T> where V : struct where T : unmanaged
    {
        int count = S.Count, outWidth = 2 * inWidth, right = inWidth - count;
        if (inWidth < count || taps > count || table.Length < (4 * taps + 2) * count) return false;
        table.Clear();
        for (int t = 0; t < taps; t++)
        {
            int leftLane = t, rightLane = count - taps + t, leftOutput = t, rightOutput = outWidth - taps + t;
            for (int j = 0; j < taps; j++)
            {
                int leftColumn = columns[taps * leftOutput + j], rightColumn = columns[taps * rightOutput + j] - right;
                if (leftColumn >= count || rightColumn < 0 || rightColumn >= count) return false;
                SetBits(table, (4 * j) * count + leftLane, leftColumn);
                table[(4 * j + 1) * count + leftLane] = weights[taps * leftOutput + j];
                SetBits(table, (4 * j + 2) * count + rightLane, rightColumn);
                table[(4 * j + 3) * count + rightLane] = weights[taps * rightOutput + j];
            }
            SetBits(table, 4 * taps * count + leftLane, -1);
            SetBits(table, (4 * taps + 1) * count + rightLane, -1);
        }
        return true;
    }

    // The edge outputs of blended rows low … high of a doubled plane from DoubledEdgeTable's vectors: each the tables'
    // Σ_j x[c_j]·w_j (the first term starting the sum), merged into what the interior pass wrote beside them.
    private static void DoubledEdgeRows<S, V, T>(ref T x, ref T blended, int low, int high, int inWidth, int taps, ReadOnlySpan<T> table)
        where S : IIndexedTaps<V, T> where V : struct where T : unmanaged
    {
        int count = S.Count, outWidth = 2 * inWidth, right = inWidth - count;
        ref T v = ref MemoryMarshal.GetReference(table.Slice(0, (4 * taps + 2) * count));
        V li0 = S.Load(ref v, 0), lw0 = S.Load(ref v, count), ri0 = S.Load(ref v, 2 * count), rw0 = S.Load(ref v, 3 * count);
        V li1 = S.Load(ref v, 4 * count), lw1 = S.Load(ref v, 5 * count), ri1 = S.Load(ref v, 6 * count), rw1 = S.Load(ref v, 7 * count);
        V leftMask = S.Load(ref v, 4 * taps * count), rightMask = S.Load(ref v, (4 * taps + 1) * count);
        V li2 = li0, lw2 = lw0, ri2 = ri0, rw2 = rw0, li3 = li0, lw3 = lw0, ri3 = ri0, rw3 = rw0;
        if (taps == 4)
        {
            (li2, lw2, ri2, rw2) = (S.Load(ref v, 8 * count), S.Load(ref v, 9 * count), S.Load(ref v, 10 * count), S.Load(ref v, 11 * count));
            (li3, lw3, ri3, rw3) = (S.Load(ref v, 12 * count), S.Load(ref v, 13 * count), S.Load(ref v, 14 * count), S.Load(ref v, 15 * count));
        }
        for (int r = low; r <= high; r++)
        {
            ref T row = ref Unsafe.Add(ref x, r * inWidth);
            ref T target = ref Unsafe.Add(ref blended, r * outWidth);
            V a = S.Load(ref row, 0), b = S.Load(ref row, right);
            V left = S.Add(S.MultiplyLanes(S.Permute(a, li0), lw0), S.MultiplyLanes(S.Permute(a, li1), lw1));
            V last = S.Add(S.MultiplyLanes(S.Permute(b, ri0), rw0), S.MultiplyLanes(S.Permute(b, ri1), rw1));
            if (taps == 4)
            {
                left = S.Add(S.Add(left, S.MultiplyLanes(S.Permute(a, li2), lw2)), S.MultiplyLanes(S.Permute(a, li3), lw3));
                last = S.Add(S.Add(last, S.MultiplyLanes(S.Permute(b, ri2), rw2)), S.MultiplyLanes(S.Permute(b, ri3), rw3));
            }
            S.Store(S.Select(leftMask, left, S.Load(ref target, 0)), ref target, 0);
            S.Store(S.Select(rightMask, last, S.Load(ref target, outWidth - count)), ref target, outWidth - count);
        }
    }

    // An integer written into an element's bits (32-bit for float, 64-bit for double): permute indices and lane masks.
    private static void SetBits<T>(Span<T> table, int at, int value) where T : unmanaged
    {
        if (Unsafe.SizeOf<T>() == 4) Unsafe.As<T, int>(ref table[at]) = value;
        else Unsafe.As<T, long>(ref table[at]) = value;
    }

    // Interior columns m … end − 1 of a ×2 width pass in vectors of S: tap j of an even output column is the load at
    // m − h + j, of an odd one the load at m − h + 1 + j; the two sums are stored interleaved at 2m. A last vector that
    // would pass the end moves back to end − Count (rewriting a few outputs with the same values) rather than leaving
    // them to a narrower width, when the interior from `first` holds a whole vector. Returns the first column not written.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int DoubledColumns<S, V, T>(ref T source, ref T to, int m, int first, int end, int taps, ReadOnlySpan<T> even, ReadOnlySpan<T> odd)
        where S : ISimd<V, T> where V : struct where T : unmanaged
    {
        if (m >= end || end - first < S.Count) return m;
        // Native-integer offsets: x at the first load (m − taps/2), y at the first output (2m).
        nint i = m, stop = end, last = end - S.Count, h = taps / 2;
        ref T x = ref Unsafe.Subtract(ref source, h);
        if (taps == 2)
        {
            V e0 = S.Broadcast(even[0]), e1 = S.Broadcast(even[1]), o0 = S.Broadcast(odd[0]), o1 = S.Broadcast(odd[1]);
            while (true)
            {
                if (i > last) i = last;
                V l0 = S.Load(ref x, i), l1 = S.Load(ref x, i + 1), l2 = S.Load(ref x, i + 2);
                S.Interleave(S.Add(S.MultiplyLanes(l0, e0), S.MultiplyLanes(l1, e1)), S.Add(S.MultiplyLanes(l1, o0), S.MultiplyLanes(l2, o1)),
                    out V low, out V high);
                S.Store(low, ref to, 2 * i);
                S.Store(high, ref to, 2 * i + S.Count);
                if ((i += S.Count) >= stop) return end;
            }
        }
        V f0 = S.Broadcast(even[0]), f1 = S.Broadcast(even[1]), f2 = S.Broadcast(even[2]), f3 = S.Broadcast(even[3]);
        V g0 = S.Broadcast(odd[0]), g1 = S.Broadcast(odd[1]), g2 = S.Broadcast(odd[2]), g3 = S.Broadcast(odd[3]);
        while (true)
        {
            if (i > last) i = last;
            V l0 = S.Load(ref x, i), l1 = S.Load(ref x, i + 1), l2 = S.Load(ref x, i + 2);
            V l3 = S.Load(ref x, i + 3), l4 = S.Load(ref x, i + 4);
            V evenSum = S.Add(S.Add(S.Add(S.MultiplyLanes(l0, f0), S.MultiplyLanes(l1, f1)), S.MultiplyLanes(l2, f2)), S.MultiplyLanes(l3, f3));
            V oddSum = S.Add(S.Add(S.Add(S.MultiplyLanes(l1, g0), S.MultiplyLanes(l2, g1)), S.MultiplyLanes(l3, g2)), S.MultiplyLanes(l4, g3));
            S.Interleave(evenSum, oddSum, out V low, out V high);
            S.Store(low, ref to, 2 * i);
            S.Store(high, ref to, 2 * i + S.Count);
            if ((i += S.Count) >= stop) return end;
        }
    }

    // One output column of a row from the tables: Σ_j x[c_j]·w_j, left to right (the columns checked against the row).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TMath Column<T, TMath>(ref T row, int taps, ref int columns, ref TMath weights, int ow)
        where T : unmanaged, INumberBase<T>
        where TMath : unmanaged, IFloatingPointIeee754<TMath>
    {
        // Straight-line code per tap count: the columns of a row are then independent chains the core overlaps.
        ref int c = ref Unsafe.Add(ref columns, taps * ow);
        ref TMath w = ref Unsafe.Add(ref weights, taps * ow);
        TMath sum = TMath.CreateTruncating(Unsafe.Add(ref row, c)) * w + TMath.CreateTruncating(Unsafe.Add(ref row, Unsafe.Add(ref c, 1))) * Unsafe.Add(ref w, 1);
        if (taps == 2) return sum;
        return sum + TMath.CreateTruncating(Unsafe.Add(ref row, Unsafe.Add(ref c, 2))) * Unsafe.Add(ref w, 2)
            + TMath.CreateTruncating(Unsafe.Add(ref row, Unsafe.Add(ref c, 3))) * Unsafe.Add(ref w, 3);
    }

    // target = a·w0 + b·w1, element by element (in vectors, widest first, when the element type is the compute type).
    private static void Vertical<T, TMath>(ReadOnlySpan<TMath> a, ReadOnlySpan<TMath> b, TMath w0, TMath w1, Span<T> target)
        where T : unmanaged, INumberBase<T>
        where TMath : unmanaged, IFloatingPointIeee754<TMath>
    {
        if (a.Length < target.Length || b.Length < target.Length) throw new ArgumentException("Rows shorter than the target.", nameof(target));
        Vertical(ref MemoryMarshal.GetReference(a), ref MemoryMarshal.GetReference(b), w0, w1, ref MemoryMarshal.GetReference(target), target.Length);
    }

    // The same on references to rows of at least `length` elements.
    private static void Vertical<T, TMath>(ref TMath a, ref TMath b, TMath w0, TMath w1, ref T target, int length)
        where T : unmanaged, INumberBase<T>
        where TMath : unmanaged, IFloatingPointIeee754<TMath>
    {
        int i = 0;
        if (typeof(T) == typeof(TMath))
        {
            ref TMath to = ref Unsafe.As<T, TMath>(ref target);
            if (Simd512<TMath>.IsAccelerated) i = Vertical<Simd512<TMath>, Vector512<TMath>, TMath>(ref a, ref b, w0, w1, ref to, i, length);
            if (Simd256<TMath>.IsAccelerated) i = Vertical<Simd256<TMath>, Vector256<TMath>, TMath>(ref a, ref b, w0, w1, ref to, i, length);
            if (Simd128<TMath>.IsAccelerated) i = Vertical<Simd128<TMath>, Vector128<TMath>, TMath>(ref a, ref b, w0, w1, ref to, i, length);
        }
        for (; i < length; i++) Unsafe.Add(ref target, i) = Narrow<T, TMath>(Unsafe.Add(ref a, i) * w0 + Unsafe.Add(ref b, i) * w1);
    }

    // Elements i … of the two-row blend in vectors of S; a last partial vector moves back to length − Count (the same
    // values again) when the row holds a whole vector. Returns the first element not written.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Vertical<S, V, T>(ref T a, ref T b, T w0, T w1, ref T target, int i, int length)
        where S : ISimd<V, T> where V : struct where T : unmanaged
    {
        if (i >= length || length < S.Count) return i;
        V v0 = S.Broadcast(w0), v1 = S.Broadcast(w1);
        while (true)
        {
            if (i + S.Count > length) i = length - S.Count;
            S.Store(S.Add(S.MultiplyLanes(S.Load(ref a, i), v0), S.MultiplyLanes(S.Load(ref b, i), v1)), ref target, i);
            if ((i += S.Count) >= length) return length;
        }
    }

    // target = a·w0 + b·w1 + c·w2 + d·w3, left to right, on references to rows of at least `length` elements.
    private static void Vertical<T, TMath>(ref TMath a, ref TMath b, ref TMath c, ref TMath d, TMath w0, TMath w1, TMath w2, TMath w3,
        ref T target, int length)
        where T : unmanaged, INumberBase<T>
        where TMath : unmanaged, IFloatingPointIeee754<TMath>
    {
        int i = 0;
        if (typeof(T) == typeof(TMath))
        {
            ref TMath to = ref Unsafe.As<T, TMath>(ref target);
            if (Simd512<TMath>.IsAccelerated)
                i = Vertical<Simd512<TMath>, Vector512<TMath>, TMath>(ref a, ref b, ref c, ref d, w0, w1, w2, w3, ref to, i, length);
            if (Simd256<TMath>.IsAccelerated)
                i = Vertical<Simd256<TMath>, Vector256<TMath>, TMath>(ref a, ref b, ref c, ref d, w0, w1, w2, w3, ref to, i, length);
            if (Simd128<TMath>.IsAccelerated)
                i = Vertical<Simd128<TMath>, Vector128<TMath>, TMath>(ref a, ref b, ref c, ref d, w0, w1, w2, w3, ref to, i, length);
        }
        for (; i < length; i++)
        {
            Unsafe.Add(ref target, i) = Narrow<T, TMath>(Unsafe.Add(ref a, i) * w0 + Unsafe.Add(ref b, i) * w1
                + Unsafe.Add(ref c, i) * w2 + Unsafe.Add(ref d, i) * w3);
        }
    }

    // The four-row blend in vectors of S, as the two-row one.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Vertical<S, V, T>(ref T a, ref T b, ref T c, ref T d, T w0, T w1, T w2, T w3, ref T target, int i, int length)
        where S : ISimd<V, T> where V : struct where T : unmanaged
    {
        if (i >= length || length < S.Count) return i;
        V v0 = S.Broadcast(w0), v1 = S.Broadcast(w1), v2 = S.Broadcast(w2), v3 = S.Broadcast(w3);
        while (true)
        {
            if (i + S.Count > length) i = length - S.Count;
            V sum = S.Add(S.Add(S.Add(S.MultiplyLanes(S.Load(ref a, i), v0), S.MultiplyLanes(S.Load(ref b, i), v1)),
                S.MultiplyLanes(S.Load(ref c, i), v2)), S.MultiplyLanes(S.Load(ref d, i), v3));
            S.Store(sum, ref target, i);
            if ((i += S.Count) >= length) return length;
        }
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
