using System;
using System.Buffers;
using System.Collections.Generic;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Pooling.Kernels.Backward;

/// <summary>
/// Bilinear's gradient when the width is doubled (NCHW, any height), gathered input by input instead of scattered output
/// by output. PyTorch's order fixes the bits: every input (i, j) sums <c>fma(wh·ww, g, acc)</c> over its output rows
/// in ascending order and, within a row, over its outputs in ascending order (both taps of a clamped row that lands
/// twice on one input row, per output). That order is a property of each input alone, so the sum can be carried in a
/// register and stored once: an input's taps are its <em>row entries</em> (output row, weight) times its <em>column
/// taps</em> (output, weight), both read from the forward's tables.
/// <list type="bullet">
/// <item>Columns whose taps are the interior pattern (outputs 2j−1 … 2j+2 weighing ¼ ¾ ¾ ¼) run on vectors along the
/// row, over output rows deinterleaved into even and odd outputs (a ring of eight).</item>
/// <item>The columns at the ends (the clamped tables weigh them otherwise) run on vectors down the plane, over the
/// output columns that reach them gathered into strips, for the input rows whose entries are the interior pattern.</item>
/// <item>What is left (the ends of the first and last rows) goes tap by tap.</item>
/// </list>
/// </summary>
internal sealed class LinearDoubling<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private const int Ring = 8;

    private readonly int _inH, _inW, _outH, _outW;
    private readonly int[] _rowStart, _entryRow;
    private readonly T[] _entryWeight, _entryWeight2;
    private readonly bool[] _entryTwice;
    private readonly int[] _columnStart, _tapOutput;
    private readonly T[] _tapWeight;
    private readonly int _firstColumn, _lastColumn;   // the vector columns [first, last]
    private readonly int _firstRow, _lastRow;         // the strip rows [first, last] (empty when first > last)
    private readonly int[] _endColumns, _stripOutputs, _tapStrip;   // a tap's strip (where its output has one)
    private readonly T _quarter, _threeQuarters;

    private LinearDoubling(int inH, int inW, int outH, int outW, ReadOnlySpan<int> rows, ReadOnlySpan<T> weightsH, ReadOnlySpan<int> columns, ReadOnlySpan<T> weightsW)
    {
        (_inH, _inW, _outH, _outW) = (inH, inW, outH, outW);
        _quarter = T.One / (T.One + T.One + T.One + T.One);
        _threeQuarters = T.One - _quarter;

        // Row entries in PyTorch's order: output rows ascending; a row whose two taps land on one input row is one entry
        // with both weights.
        var entries = new List<(int Row, T Weight, T Weight2, bool Twice)>[inH];
        for (int i = 0; i < inH; i++) entries[i] = new();
        for (int oh = 0; oh < outH; oh++)
        {
            int r0 = rows[2 * oh] / inW, r1 = rows[2 * oh + 1] / inW;
            if (r0 == r1) entries[r0].Add((oh, weightsH[2 * oh], weightsH[2 * oh + 1], true));
            else
            {
                entries[r0].Add((oh, weightsH[2 * oh], T.Zero, false));
                entries[r1].Add((oh, weightsH[2 * oh + 1], T.Zero, false));
            }
        }
        _rowStart = new int[inH + 1];
        for (int i = 0; i < inH; i++) _rowStart[i + 1] = _rowStart[i] + entries[i].Count;
        _entryRow = new int[_rowStart[inH]];
        _entryWeight = new T[_entryRow.Length];
        _entryWeight2 = new T[_entryRow.Length];
        _entryTwice = new bool[_entryRow.Length];
        for (int i = 0, e = 0; i < inH; i++)
            foreach (var entry in entries[i])
                (_entryRow[e], _entryWeight[e], _entryWeight2[e], _entryTwice[e++]) = entry;

        // Column taps in PyTorch's order: outputs ascending, then the tap.
        var taps = new List<(int Output, T Weight)>[inW];
        for (int j = 0; j < inW; j++) taps[j] = new();
        for (int ow = 0; ow < outW; ow++)
            for (int b = 0; b < 2; b++)
                taps[columns[2 * ow + b]].Add((ow, weightsW[2 * ow + b]));
        _columnStart = new int[inW + 1];
        for (int j = 0; j < inW; j++) _columnStart[j + 1] = _columnStart[j] + taps[j].Count;
        _tapOutput = new int[_columnStart[inW]];
        _tapWeight = new T[_tapOutput.Length];
        for (int j = 0, t = 0; j < inW; j++)
            foreach (var (output, weight) in taps[j])
                (_tapOutput[t], _tapWeight[t++]) = (output, weight);

        // The interior: the widest run [2, n − 3] whose every member has the pattern (an empty run when one does not).
        _firstColumn = 2;
        _lastColumn = inW - 3;
        for (int j = _firstColumn; j <= _lastColumn; j++)
            if (!IsPattern(taps[j].ConvertAll(t => (t.Output, t.Weight)), j)) _lastColumn = -1;
        _firstRow = 2;
        _lastRow = _lastColumn < 0 ? -1 : inH - 3;
        for (int i = _firstRow; i <= _lastRow; i++)
            if (entries[i].Exists(e => e.Twice) || !IsPattern(entries[i].ConvertAll(e => (e.Row, e.Weight)), i)) _lastRow = -1;
        var ends = new List<int>();
        for (int j = 0; j < inW; j++) if (j < _firstColumn || j > _lastColumn) ends.Add(j);
        _endColumns = ends.ToArray();
        var outputs = new SortedSet<int>();
        foreach (int j in _endColumns)
            for (int t = _columnStart[j]; t < _columnStart[j + 1]; t++) outputs.Add(_tapOutput[t]);
        _stripOutputs = new int[outputs.Count];
        outputs.CopyTo(_stripOutputs);
        _tapStrip = Array.ConvertAll(_tapOutput, output => Array.BinarySearch(_stripOutputs, output));
    }

    // Taps 2k − 1, 2k, 2k + 1, 2k + 2 weighing ¼ ¾ ¾ ¼, in that order.
    private bool IsPattern(List<(int Output, T Weight)> taps, int k) =>
        taps.Count == 4 && taps[0] == (2 * k - 1, _quarter) && taps[1] == (2 * k, _threeQuarters) && taps[2] == (2 * k + 1, _threeQuarters) && taps[3] == (2 * k + 2, _quarter);

    /// <summary>The plan when the columns double a row of at least five inputs and have the interior pattern, else null.</summary>
    public static LinearDoubling<T>? TryCreate(int inPlane, int outH, int outW, ReadOnlySpan<int> rows, ReadOnlySpan<T> weightsH, ReadOnlySpan<int> columns, ReadOnlySpan<T> weightsW)
    {
        int inW = outW / 2;
        if (inW < 5 || outW != 2 * inW || inPlane % inW != 0 || rows.Length < 2 * outH || weightsH.Length < 2 * outH || columns.Length < 2 * outW || weightsW.Length < 2 * outW)
            return null;
        var plan = new LinearDoubling<T>(inPlane / inW, inW, outH, outW, rows, weightsH, columns, weightsW);
        if (plan._lastColumn < plan._firstColumn) return null;
        // Every row's entries must lie within the ring: no later than the last output row deinterleaved so far, less Ring.
        for (int i = 0, reached = -1; i < plan._inH; i++)
        {
            int start = plan._rowStart[i], end = plan._rowStart[i + 1];
            if (end == start) continue;
            reached = Math.Max(reached, plan._entryRow[end - 1]);
            for (int e = start; e < end; e++)
                if (plan._entryRow[e] <= reached - Ring) return null;
        }
        return plan;
    }

    /// <summary>Planes [first, end): each gradient plane written whole (no clearing needed).</summary>
    public void Run(ReadOnlySpan<T> gradOutput, Span<T> gradInput, int first, int end)
    {
        int inPlane = _inH * _inW, outPlane = _outH * _outW;
        int ringLength = Ring * 2 * _inW, stripRows = (_outH + 1) / 2, stripLength = 2 * _stripOutputs.Length * stripRows;
        T[] buffer = ArrayPool<T>.Shared.Rent(ringLength + stripLength + _inH);
        try
        {
            var ring = buffer.AsSpan(0, ringLength);
            var strips = buffer.AsSpan(ringLength, stripLength);
            var sums = buffer.AsSpan(ringLength + stripLength, _inH);
            for (int plane = first; plane < end; plane++)
            {
                var g = gradOutput.Slice(plane * outPlane, outPlane);
                var gi = gradInput.Slice(plane * inPlane, inPlane);
                Rows(g, gi, ring);
                if (_lastRow >= _firstRow) EndColumns(g, gi, strips, sums);
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(buffer);
        }
    }

    // Every input row: its vector columns from the deinterleaved output rows; its end columns too unless the strips do them.
    private void Rows(ReadOnlySpan<T> g, Span<T> gi, Span<T> ring)
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
                ShuffleRows.Deinterleave(g.Slice(next * _outW, _outW), ring.Slice(slot, _inW), ring.Slice(slot + _inW, _inW));
            }
            int j = _firstColumn;
            ref T r = ref MemoryMarshal.GetReference(ring);
            ref T t = ref MemoryMarshal.GetReference(target);
            if (Simd512<T>.IsAccelerated) j = RowVectors<Simd512<T>, Vector512<T>>(ref r, ref t, start, end, j);
            if (Simd256<T>.IsAccelerated) j = RowVectors<Simd256<T>, Vector256<T>>(ref r, ref t, start, end, j);
            if (Simd128<T>.IsAccelerated) j = RowVectors<Simd128<T>, Vector128<T>>(ref r, ref t, start, end, j);
            for (; j <= _lastColumn; j++) target[j] = Input(g, i, j);
            if (i < _firstRow || i > _lastRow)
                foreach (int e in _endColumns) target[e] = Input(g, i, e);
        }
    }

    // Columns [j, last] of one input row on vectors of V.Count, the last vector overlapping the one before (it stores the
    // same sums again). Returns the first column left to a narrower width.
    private int RowVectors<V, TV>(ref T ring, ref T target, int start, int end, int j)
        where V : ISimd<TV, T>
        where TV : struct
    {
        int n = V.Count, last = _lastColumn;
        if (!V.IsAccelerated || last - j + 1 < n) return j;
        for (int k = j; ; k += n)
        {
            if (k > last + 1 - n) k = last + 1 - n;
            TV acc = V.Zero;
            for (int e = start; e < end; e++)
            {
                nint even = _entryRow[e] % Ring * 2 * _inW + k, odd = even + _inW;
                T weight = _entryWeight[e];
                TV near = V.Broadcast(weight * _quarter), far = V.Broadcast(weight * _threeQuarters);
                if (!_entryTwice[e])
                {
                    acc = V.FusedMultiplyAdd(near, V.Load(ref ring, odd - 1), acc);
                    acc = V.FusedMultiplyAdd(far, V.Load(ref ring, even), acc);
                    acc = V.FusedMultiplyAdd(far, V.Load(ref ring, odd), acc);
                    acc = V.FusedMultiplyAdd(near, V.Load(ref ring, even + 1), acc);
                }
                else
                {
                    // Both taps of the output row, output by output.
                    T weight2 = _entryWeight2[e];
                    TV near2 = V.Broadcast(weight2 * _quarter), far2 = V.Broadcast(weight2 * _threeQuarters);
                    TV x = V.Load(ref ring, odd - 1);
                    acc = V.FusedMultiplyAdd(near2, x, V.FusedMultiplyAdd(near, x, acc));
                    x = V.Load(ref ring, even);
                    acc = V.FusedMultiplyAdd(far2, x, V.FusedMultiplyAdd(far, x, acc));
                    x = V.Load(ref ring, odd);
                    acc = V.FusedMultiplyAdd(far2, x, V.FusedMultiplyAdd(far, x, acc));
                    x = V.Load(ref ring, even + 1);
                    acc = V.FusedMultiplyAdd(near2, x, V.FusedMultiplyAdd(near, x, acc));
                }
            }
            V.Store(acc, ref target, k);
            if (k == last + 1 - n) return last + 1;
        }
    }

    // The end columns of the strip rows: the outputs that reach them gathered down the plane (even and odd output rows
    // apart), then each end column's sums on vectors down the rows and scattered back.
    private void EndColumns(ReadOnlySpan<T> g, Span<T> gi, Span<T> strips, Span<T> sums)
    {
        int stripRows = (_outH + 1) / 2;
        for (int s = 0; s < _stripOutputs.Length; s++)
        {
            int ow = _stripOutputs[s];
            var even = strips.Slice(2 * s * stripRows, stripRows);
            var odd = strips.Slice((2 * s + 1) * stripRows, stripRows);
            for (int oh = 0; oh < _outH; oh++) (oh % 2 == 0 ? even : odd)[oh / 2] = g[oh * _outW + ow];
        }
        // A regular row's entries: output rows 2i − 1, 2i, 2i + 1, 2i + 2 (odd strip at i − 1, even at i, odd at i, even at i + 1).
        int row = _rowStart[_firstRow];
        T w0 = _entryWeight[row], w1 = _entryWeight[row + 1], w2 = _entryWeight[row + 2], w3 = _entryWeight[row + 3];
        ref T strip = ref MemoryMarshal.GetReference(strips);
        ref T sum = ref MemoryMarshal.GetReference(sums);
        foreach (int j in _endColumns)
        {
            int i = _firstRow;
            var weights = new EntryWeights(w0, w1, w2, w3);
            if (Simd512<T>.IsAccelerated) i = ColumnVectors<Simd512<T>, Vector512<T>>(ref strip, ref sum, j, weights, stripRows, i);
            if (Simd256<T>.IsAccelerated) i = ColumnVectors<Simd256<T>, Vector256<T>>(ref strip, ref sum, j, weights, stripRows, i);
            if (Simd128<T>.IsAccelerated) i = ColumnVectors<Simd128<T>, Vector128<T>>(ref strip, ref sum, j, weights, stripRows, i);
            for (; i <= _lastRow; i++) sums[i] = Input(g, i, j);
            for (i = _firstRow; i <= _lastRow; i++) gi[i * _inW + j] = sums[i];
        }
    }

    private readonly record struct EntryWeights(T W0, T W1, T W2, T W3);

    // Rows [i, last] of end column j on vectors of V.Count (the last vector overlapping the one before).
    private int ColumnVectors<V, TV>(ref T strip, ref T sums, int j, EntryWeights w, int stripRows, int i)
        where V : ISimd<TV, T>
        where TV : struct
    {
        int n = V.Count, last = _lastRow;
        if (!V.IsAccelerated || last - i + 1 < n) return i;
        int tapStart = _columnStart[j], tapEnd = _columnStart[j + 1];
        for (int k = i; ; k += n)
        {
            if (k > last + 1 - n) k = last + 1 - n;
            TV acc = V.Zero;
            acc = StripTaps<V, TV>(ref strip, acc, w.W0, tapStart, tapEnd, stripRows, odd: true, k - 1);
            acc = StripTaps<V, TV>(ref strip, acc, w.W1, tapStart, tapEnd, stripRows, odd: false, k);
            acc = StripTaps<V, TV>(ref strip, acc, w.W2, tapStart, tapEnd, stripRows, odd: true, k);
            acc = StripTaps<V, TV>(ref strip, acc, w.W3, tapStart, tapEnd, stripRows, odd: false, k + 1);
            V.Store(acc, ref sums, k);
            if (k == last + 1 - n) return last + 1;
        }
    }

    // One output row's share (weight wh) of the column's taps, lanes down the plane.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private TV StripTaps<V, TV>(ref T strip, TV acc, T wh, int tapStart, int tapEnd, int stripRows, bool odd, int at)
        where V : ISimd<TV, T>
        where TV : struct
    {
        for (int t = tapStart; t < tapEnd; t++)
        {
            int s = _tapStrip[t];
            acc = V.FusedMultiplyAdd(V.Broadcast(wh * _tapWeight[t]), V.Load(ref strip, (nint)(2 * s + (odd ? 1 : 0)) * stripRows + at), acc);
        }
        return acc;
    }

    // One input's sum, tap by tap in PyTorch's order: row entries, then outputs; for a row landing twice, both of its
    // taps per output before the next output.
    private T Input(ReadOnlySpan<T> g, int i, int j)
    {
        T acc = T.Zero;
        for (int e = _rowStart[i]; e < _rowStart[i + 1]; e++)
        {
            var row = g.Slice(_entryRow[e] * _outW, _outW);
            for (int t = _columnStart[j], next; t < _columnStart[j + 1]; t = next)
            {
                for (next = t + 1; next < _columnStart[j + 1] && _tapOutput[next] == _tapOutput[t];) next++;
                T x = row[_tapOutput[t]];
                for (int u = t; u < next; u++) acc = T.FusedMultiplyAdd(_entryWeight[e] * _tapWeight[u], x, acc);
                if (_entryTwice[e])
                    for (int u = t; u < next; u++) acc = T.FusedMultiplyAdd(_entryWeight2[e] * _tapWeight[u], x, acc);
            }
        }
        return acc;
    }
}
