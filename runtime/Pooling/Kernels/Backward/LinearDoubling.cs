using System;
using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Pooling.Kernels.Backward;

/// <summary>
/// Bilinear's gradient when the width is doubled (NCHW, any height), gathered input by input instead of scattered output
/// by output. PyTorch's order fixes the bits: every input (i, j) sums <c>fma(wh·ww, g, acc)</c> over its output rows
/// in ascending order and, within a row, over its outputs in ascending order (for a clamped row whose two taps land on
/// one input row, both taps per output). That order belongs to each input alone, so the sum can be carried in a
/// register and stored once. An input's taps are its row's <em>entries</em> (output row, weight) times its column's
/// <em>taps</em> (output, weight), both read from the forward's tables:
/// <list type="bullet">
/// <item>columns whose taps are the interior pattern (outputs 2j−1 … 2j+2 weighing ¼ ¾ ¾ ¼) run on vectors along the
/// row, over output rows deinterleaved into even and odd outputs (a ring of eight);</item>
/// <item>the columns at the ends (the clamped tables weigh them otherwise) run on vectors down the plane, over the
/// outputs that reach them gathered into strips, for the rows whose entries are the interior pattern;</item>
/// <item>what is left (the ends of the first and last rows) goes tap by tap.</item>
/// </list>
/// The plan lives in rented buffers: nothing is allocated per call.
/// </summary>
internal ref struct LinearDoubling<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private const int Ring = 8;

    private readonly int _inH, _inW, _outH, _outW, _stripRows;
    private Span<int> _rowStart, _entryRow, _entrySlot, _entryTwice, _columnStart, _tapOutput, _tapStrip, _endColumns, _stripOutputs;
    private Span<T> _entryWeight, _entryWeight2, _near, _far, _near2, _far2, _tapWeight, _ring, _strips, _sums;
    private int _lastRow;   // the strip rows are [2, _lastRow] (none when it is below 2)
    private readonly T _quarter, _threeQuarters;

    // The vector columns are [2, inW − 3]: Build accepts a plan only when all of them have the interior pattern.
    private readonly int LastColumn => _inW - 3;

    private LinearDoubling(int inH, int inW, int outH, int outW)
    {
        (_inH, _inW, _outH, _outW, _stripRows) = (inH, inW, outH, outW, (outH + 1) / 2);
        _quarter = T.One / (T.One + T.One + T.One + T.One);
        _threeQuarters = T.One - _quarter;
    }

    /// <summary>
    /// Planes [first, end) of the gradient, each written whole, when the columns double a row of at least five inputs
    /// with the interior pattern; false (nothing written) otherwise.
    /// </summary>
    public static bool TryRun(ReadOnlySpan<T> gradOutput, Span<T> gradInput, int inPlane, int outH, int outW,
        ReadOnlySpan<int> rows, ReadOnlySpan<T> weightsH, ReadOnlySpan<int> columns, ReadOnlySpan<T> weightsW, int first, int end)
    {
        int inW = outW / 2;
        if (inW < 5 || outW != 2 * inW || inPlane % inW != 0 || rows.Length < 2 * outH || weightsH.Length < 2 * outH || columns.Length < 2 * outW || weightsW.Length < 2 * outW)
            return false;
        int inH = inPlane / inW, entries = 2 * outH, taps = 2 * outW;
        int intLength = (inH + 1) + 3 * entries + (inW + 1) + 3 * taps + inW + Math.Max(inH, inW) + 1;
        int ringLength = Ring * 2 * inW;
        int tLength = 6 * entries + taps + ringLength + 2 * taps * ((outH + 1) / 2) + inH;
        int[] ints = ArrayPool<int>.Shared.Rent(intLength);
        T[] ts = ArrayPool<T>.Shared.Rent(tLength);
        try
        {
            var plan = new LinearDoubling<T>(inH, inW, outH, outW);
            var i = new Carve<int>(ints);
            var t = new Carve<T>(ts);
            plan._rowStart = i.Next(inH + 1);
            plan._entryRow = i.Next(entries);
            plan._entrySlot = i.Next(entries);
            plan._entryTwice = i.Next(entries);
            plan._columnStart = i.Next(inW + 1);
            plan._tapOutput = i.Next(taps);
            plan._tapStrip = i.Next(taps);
            plan._endColumns = i.Next(inW);
            plan._stripOutputs = i.Next(taps);
            var cursor = i.Next(Math.Max(inH, inW) + 1);
            plan._entryWeight = t.Next(entries);
            plan._entryWeight2 = t.Next(entries);
            plan._near = t.Next(entries);
            plan._far = t.Next(entries);
            plan._near2 = t.Next(entries);
            plan._far2 = t.Next(entries);
            plan._tapWeight = t.Next(taps);
            plan._ring = t.Next(ringLength);
            plan._strips = t.Next(2 * taps * plan._stripRows);
            plan._sums = t.Next(inH);
            if (!plan.Build(rows, weightsH, columns, weightsW, cursor)) return false;
            for (int plane = first; plane < end; plane++)
            {
                var g = gradOutput.Slice(plane * outH * outW, outH * outW);
                var gi = gradInput.Slice(plane * inPlane, inPlane);
                plan.Rows(g, gi);
                if (plan._lastRow >= 2) plan.EndColumns(g, gi);
            }
            return true;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(ints);
            ArrayPool<T>.Shared.Return(ts);
        }
    }

    // Consecutive spans of one rented array.
    private ref struct Carve<TItem>
    {
        private readonly TItem[] _array;
        private int _used;

        public Carve(TItem[] array) => _array = array;

        public Span<TItem> Next(int length)
        {
            var span = _array.AsSpan(_used, length);
            _used += length;
            return span;
        }
    }

    // Entries and taps in PyTorch's order, the vector ranges, the strips; false when the plan does not apply.
    private bool Build(ReadOnlySpan<int> rows, ReadOnlySpan<T> weightsH, ReadOnlySpan<int> columns, ReadOnlySpan<T> weightsW, Span<int> cursor)
    {
        // Row entries: output rows ascending; a row whose two taps land on one input row is one entry with both weights.
        _rowStart.Clear();
        for (int oh = 0; oh < _outH; oh++)
        {
            int r0 = rows[2 * oh], r1 = rows[2 * oh + 1];
            if (r0 % _inW != 0 || r1 % _inW != 0 || (uint)(r0 / _inW) >= (uint)_inH || (uint)(r1 / _inW) >= (uint)_inH) return false;
            _rowStart[r0 / _inW + 1]++;
            if (r1 != r0) _rowStart[r1 / _inW + 1]++;
        }
        for (int i = 0; i < _inH; i++) _rowStart[i + 1] += _rowStart[i];
        _rowStart.Slice(0, _inH).CopyTo(cursor);
        for (int oh = 0; oh < _outH; oh++)
        {
            int r0 = rows[2 * oh] / _inW, r1 = rows[2 * oh + 1] / _inW;
            bool twice = r0 == r1;
            AddEntry(cursor[r0]++, oh, weightsH[2 * oh], twice ? weightsH[2 * oh + 1] : T.Zero, twice);
            if (!twice) AddEntry(cursor[r1]++, oh, weightsH[2 * oh + 1], T.Zero, false);
        }
        // Column taps: outputs ascending, then the tap.
        _columnStart.Clear();
        for (int k = 0; k < 2 * _outW; k++)
        {
            if ((uint)columns[k] >= (uint)_inW) return false;
            _columnStart[columns[k] + 1]++;
        }
        for (int j = 0; j < _inW; j++) _columnStart[j + 1] += _columnStart[j];
        _columnStart.Slice(0, _inW).CopyTo(cursor);
        for (int k = 0; k < 2 * _outW; k++)
        {
            int at = cursor[columns[k]]++;
            (_tapOutput[at], _tapWeight[at]) = (k / 2, weightsW[k]);
        }

        // The interior: columns [2, inW − 3] must all have the pattern; rows [2, inH − 3] use the strips only if all do.
        for (int j = 2; j <= LastColumn; j++)
            if (!IsPattern(_tapOutput, _tapWeight, _columnStart[j], _columnStart[j + 1], j)) return false;
        _lastRow = _inH - 3;
        for (int i = 2; i <= _lastRow; i++)
            if (!IsPattern(_entryRow, _entryWeight, _rowStart[i], _rowStart[i + 1], i) || _entryTwice.Slice(_rowStart[i], 4).Contains(1)) _lastRow = -1;
        // Every row's entries within the ring: none older than Ring rows before the latest output row deinterleaved.
        for (int i = 0, reached = -1; i < _inH; i++)
        {
            int start = _rowStart[i], end = _rowStart[i + 1];
            if (end == start) continue;
            reached = Math.Max(reached, _entryRow[end - 1]);
            for (int e = start; e < end; e++)
                if (_entryRow[e] <= reached - Ring) return false;
        }
        // The end columns and the outputs their taps read (ascending), each tap's strip.
        int ends = 0, strips = 0;
        for (int j = 0; j < _inW; j++)
        {
            if (j >= 2 && j <= LastColumn) continue;
            _endColumns[ends++] = j;
            for (int t = _columnStart[j]; t < _columnStart[j + 1]; t++)
                if (_stripOutputs.Slice(0, strips).IndexOf(_tapOutput[t]) < 0) _stripOutputs[strips++] = _tapOutput[t];
        }
        _endColumns = _endColumns.Slice(0, ends);
        _stripOutputs = _stripOutputs.Slice(0, strips);
        _stripOutputs.Sort();
        for (int t = 0; t < _tapOutput.Length; t++) _tapStrip[t] = _stripOutputs.BinarySearch(_tapOutput[t]);
        return true;
    }

    private void AddEntry(int e, int row, T weight, T weight2, bool twice)
    {
        (_entryRow[e], _entrySlot[e], _entryTwice[e]) = (row, row % Ring * 2 * _inW, twice ? 1 : 0);
        (_entryWeight[e], _entryWeight2[e]) = (weight, weight2);
        (_near[e], _far[e], _near2[e], _far2[e]) = (weight * _quarter, weight * _threeQuarters, weight2 * _quarter, weight2 * _threeQuarters);
    }

    // Taps 2k − 1, 2k, 2k + 1, 2k + 2 weighing ¼ ¾ ¾ ¼, in that order.
    private readonly bool IsPattern(Span<int> outputs, Span<T> weights, int start, int end, int k) =>
        end - start == 4
        && outputs[start] == 2 * k - 1 && outputs[start + 1] == 2 * k && outputs[start + 2] == 2 * k + 1 && outputs[start + 3] == 2 * k + 2
        && weights[start] == _quarter && weights[start + 1] == _threeQuarters && weights[start + 2] == _threeQuarters && weights[start + 3] == _quarter;

    // Every input row: its vector columns from the deinterleaved output rows; its end columns too unless the strips do them.
    private readonly void Rows(ReadOnlySpan<T> g, Span<T> gi)
    {
        int next = 0;   // the first output row not yet deinterleaved
        for (int i = 0; i < _inH; i++)
        {
            int start = _rowStart[i], end = _rowStart[i + 1];
            var target = gi.Slice(i * _inW, _inW);
            if (end == start)
            {
                target.Clear();
                continue;
            }
            for (; next <= _entryRow[end - 1]; next++)
            {
                int slot = next % Ring * 2 * _inW;
                ShuffleRows.Deinterleave(g.Slice(next * _outW, _outW), _ring.Slice(slot, _inW), _ring.Slice(slot + _inW, _inW));
            }
            int j = 2;
            ref T t = ref MemoryMarshal.GetReference(target);
            if (Simd512<T>.IsAccelerated) j = RowVectors<Simd512<T>, Vector512<T>>(ref t, start, end, j);
            if (Simd256<T>.IsAccelerated) j = RowVectors<Simd256<T>, Vector256<T>>(ref t, start, end, j);
            if (Simd128<T>.IsAccelerated) j = RowVectors<Simd128<T>, Vector128<T>>(ref t, start, end, j);
            for (; j <= LastColumn; j++) target[j] = Input(g, i, j);
            if (i < 2 || i > _lastRow)
                foreach (int e in _endColumns) target[e] = Input(g, i, e);
        }
    }

    // Columns [j, last] of one input row on vectors of V.Count, four at a time (four independent sums keep the FMA unit
    // busy where one chain would wait on each result); where fewer remain, the vectors are clamped to end at the last
    // column, overlapping others (they store the same sums again). Returns the first column left to a narrower width.
    private readonly int RowVectors<V, TV>(ref T target, int start, int end, int j)
        where V : ISimd<TV, T>
        where TV : struct
    {
        int n = V.Count, stop = LastColumn + 1;
        if (!V.IsAccelerated || stop - j < n) return j;
        ref T ring = ref MemoryMarshal.GetReference(_ring);
        for (; j < stop; j += 4 * n)
        {
            int j1 = Math.Min(j + n, stop - n), j2 = Math.Min(j + 2 * n, stop - n), j3 = Math.Min(j + 3 * n, stop - n);
            int j0 = Math.Min(j, stop - n);
            TV a = V.Zero, b = V.Zero, c = V.Zero, d = V.Zero;
            for (int e = start; e < end; e++)
            {
                nint row = _entrySlot[e];
                a = Taps<V, TV>(ref ring, a, e, row + j0, row + j0 + _inW);
                b = Taps<V, TV>(ref ring, b, e, row + j1, row + j1 + _inW);
                c = Taps<V, TV>(ref ring, c, e, row + j2, row + j2 + _inW);
                d = Taps<V, TV>(ref ring, d, e, row + j3, row + j3 + _inW);
            }
            V.Store(a, ref target, j0);
            V.Store(b, ref target, j1);
            V.Store(c, ref target, j2);
            V.Store(d, ref target, j3);
        }
        return stop;
    }

    // One entry's four column taps (outputs 2j − 1, 2j, 2j + 1, 2j + 2 of the ring's row) added to the lanes' sums.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly TV Taps<V, TV>(ref T ring, TV acc, int e, nint even, nint odd)
        where V : ISimd<TV, T>
        where TV : struct
    {
        TV near = V.Broadcast(_near[e]), far = V.Broadcast(_far[e]);
        TV x0 = V.Load(ref ring, odd - 1), x1 = V.Load(ref ring, even), x2 = V.Load(ref ring, odd), x3 = V.Load(ref ring, even + 1);
        if (_entryTwice[e] == 0)
            return V.FusedMultiplyAdd(near, x3, V.FusedMultiplyAdd(far, x2, V.FusedMultiplyAdd(far, x1, V.FusedMultiplyAdd(near, x0, acc))));
        // Both taps of the output row, output by output.
        TV near2 = V.Broadcast(_near2[e]), far2 = V.Broadcast(_far2[e]);
        acc = V.FusedMultiplyAdd(near2, x0, V.FusedMultiplyAdd(near, x0, acc));
        acc = V.FusedMultiplyAdd(far2, x1, V.FusedMultiplyAdd(far, x1, acc));
        acc = V.FusedMultiplyAdd(far2, x2, V.FusedMultiplyAdd(far, x2, acc));
        return V.FusedMultiplyAdd(near2, x3, V.FusedMultiplyAdd(near, x3, acc));
    }

    // The end columns of the strip rows: the outputs that reach them gathered down the plane (even and odd output rows
    // apart), then each end column's sums on vectors down the rows and written back.
    private readonly void EndColumns(ReadOnlySpan<T> g, Span<T> gi)
    {
        ref T from = ref MemoryMarshal.GetReference(g);
        ref T strips = ref MemoryMarshal.GetReference(_strips);
        for (int s = 0; s < _stripOutputs.Length; s++)
        {
            ref T even = ref Unsafe.Add(ref strips, 2 * s * _stripRows);
            ref T odd = ref Unsafe.Add(ref even, _stripRows);
            ref T column = ref Unsafe.Add(ref from, _stripOutputs[s]);
            int oh = 0;
            for (; oh + 1 < _outH; oh += 2)
            {
                Unsafe.Add(ref even, oh >> 1) = Unsafe.Add(ref column, oh * _outW);
                Unsafe.Add(ref odd, oh >> 1) = Unsafe.Add(ref column, (oh + 1) * _outW);
            }
            if (oh < _outH) Unsafe.Add(ref even, oh >> 1) = Unsafe.Add(ref column, oh * _outW);
        }
        ref T sums = ref MemoryMarshal.GetReference(_sums);
        foreach (int j in _endColumns)
        {
            int i = 2;
            if (Simd512<T>.IsAccelerated) i = ColumnVectors<Simd512<T>, Vector512<T>>(ref strips, ref sums, j, i);
            if (Simd256<T>.IsAccelerated) i = ColumnVectors<Simd256<T>, Vector256<T>>(ref strips, ref sums, j, i);
            if (Simd128<T>.IsAccelerated) i = ColumnVectors<Simd128<T>, Vector128<T>>(ref strips, ref sums, j, i);
            for (; i <= _lastRow; i++) _sums[i] = Input(g, i, j);
            for (i = 2; i <= _lastRow; i++) gi[i * _inW + j] = _sums[i];
        }
    }

    // Rows [i, last] of end column j on vectors of V.Count (the last vector overlapping the one before). A strip row i's
    // entries are output rows 2i − 1, 2i, 2i + 1, 2i + 2: the odd strip at i − 1, the even at i, the odd at i, the even at i + 1.
    private readonly int ColumnVectors<V, TV>(ref T strips, ref T sums, int j, int i)
        where V : ISimd<TV, T>
        where TV : struct
    {
        int n = V.Count, stop = _lastRow + 1;
        if (!V.IsAccelerated || stop - i < n) return i;
        int pattern = _rowStart[2];   // the entries' weights are every strip row's
        for (; i < stop; i += n)
        {
            if (i > stop - n) i = stop - n;
            TV acc = V.Zero;
            acc = StripTaps<V, TV>(ref strips, acc, _entryWeight[pattern], j, odd: true, i - 1);
            acc = StripTaps<V, TV>(ref strips, acc, _entryWeight[pattern + 1], j, odd: false, i);
            acc = StripTaps<V, TV>(ref strips, acc, _entryWeight[pattern + 2], j, odd: true, i);
            acc = StripTaps<V, TV>(ref strips, acc, _entryWeight[pattern + 3], j, odd: false, i + 1);
            V.Store(acc, ref sums, i);
        }
        return stop;
    }

    // One output row's share (weight wh) of column j's taps, lanes down the plane.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly TV StripTaps<V, TV>(ref T strips, TV acc, T wh, int j, bool odd, int at)
        where V : ISimd<TV, T>
        where TV : struct
    {
        for (int t = _columnStart[j]; t < _columnStart[j + 1]; t++)
        {
            nint strip = (nint)(2 * _tapStrip[t] + (odd ? 1 : 0)) * _stripRows + at;
            acc = V.FusedMultiplyAdd(V.Broadcast(wh * _tapWeight[t]), V.Load(ref strips, strip), acc);
        }
        return acc;
    }

    // One input's sum, tap by tap in PyTorch's order: row entries, then outputs; for a row landing twice, both of its
    // taps per output before the next output.
    private readonly T Input(ReadOnlySpan<T> g, int i, int j)
    {
        T acc = T.Zero;
        for (int e = _rowStart[i]; e < _rowStart[i + 1]; e++)
        {
            var row = g.Slice(_entryRow[e] * _outW, _outW);
            for (int t = _columnStart[j], next; t < _columnStart[j + 1]; t = next)
            {
                for (next = t + 1; next < _columnStart[j + 1] && _tapOutput[next] == _tapOutput[t];) next++;
                T x = row[_tapOutput[t]];
                for (int u = t; u < next; u++) acc = ExactFma.MultiplyAdd(_entryWeight[e] * _tapWeight[u], x, acc);
                if (_entryTwice[e] != 0)
                    for (int u = t; u < next; u++) acc = ExactFma.MultiplyAdd(_entryWeight2[e] * _tapWeight[u], x, acc);
            }
        }
        return acc;
    }
}
