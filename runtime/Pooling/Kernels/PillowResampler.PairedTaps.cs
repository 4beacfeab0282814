using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Pooling.Kernels;

public static partial class PillowResampler
{
    /// <summary>
    /// The horizontal weights of three or four interleaved channels (RGB, RGBA) laid out as Pillow-SIMD lays its own: each
    /// 128-bit block of a vector is one output pixel, and a step takes four of its taps — two shuffles of one 16-byte load
    /// give, per block, the taps two at a time as pairs of 16-bit lanes for every channel, so a multiply-add of adjacent
    /// pairs (pmaddwd) leaves channel k's partial sum in int lane k of the block: no lane folds, whatever the tap count.
    /// Pillow's 22-bit weights do not fit 16 bits, so each is split as hi·2^11 + lo with lo in [0, 2^11), and the two halves
    /// are summed apart. The sums are integers: hi_sum·2^11 + lo_sum is Pillow's sum exactly (modulo 2^32, as its own
    /// int sum is), in any order.
    /// </summary>
    private sealed class PairedTaps
    {
        public const int TapsPerStep = 4;

        /// <summary>A weight is hi·2^LowBits + lo, each half a 16-bit lane.</summary>
        public const int LowBits = 11;

        public required int Blocks { get; init; }       // output pixels per vector
        public required int[] Steps { get; init; }      // per group of Blocks output pixels: its steps of four taps
        public required int[] First { get; init; }      // per group: the index of its first step
        public required int[] Offsets { get; init; }    // per group × block: the pixel's first input byte (first tap × c)
        public required int[] ReadEnd { get; init; }    // per group: how far past the row's start its loads read
        public required short[] Weights { get; init; }  // per step, four vectors: hi of taps 0–1, hi 2–3, lo 0–1, lo 2–3

        /// <summary>The layout for <paramref name="blocks"/> pixels a vector, or null when a weight's upper half would
        /// not fit 16 bits (a filter whose taps nearly cancel: the folding path takes it).</summary>
        public static PairedTaps? Of(Coefficients columns, int channels, int blocks)
        {
            int outW = columns.Start.Length, groups = (outW + blocks - 1) / blocks, lanes = blocks * 8;
            var steps = new int[groups];
            var first = new int[groups + 1];
            for (int g = 0; g < groups; g++)
            {
                int most = 0;
                for (int i = 0; i < blocks; i++) most = Math.Max(most, columns.Count[Pixel(g, i)]);
                steps[g] = Math.Max(1, (most + TapsPerStep - 1) / TapsPerStep);
                first[g + 1] = first[g] + steps[g];
            }
            var weights = new short[first[groups] * 4 * lanes];
            var offsets = new int[groups * blocks];
            var readEnd = new int[groups];
            for (int g = 0; g < groups; g++)
            {
                for (int i = 0; i < blocks; i++)
                {
                    int o = Pixel(g, i);
                    offsets[g * blocks + i] = columns.Start[o] * channels;
                    readEnd[g] = Math.Max(readEnd[g], offsets[g * blocks + i] + (steps[g] - 1) * TapsPerStep * channels + 16);
                    for (int tap = 0; tap < steps[g] * TapsPerStep; tap++)
                    {
                        int w = tap < columns.Count[o] ? columns.Weights[o * columns.Size + tap] : 0;
                        int hi = w >> LowBits, lo = w & ((1 << LowBits) - 1);   // w = hi·2^LowBits + lo for either sign (arithmetic shift)
                        if (hi is < short.MinValue or > short.MaxValue) return null;
                        int step = first[g] + tap / TapsPerStep, pair = tap % TapsPerStep / 2;
                        int at = i * 8 + tap % 2;   // the block's lanes: (tap a, tap b) for each of four channel slots
                        for (int k = 0; k < 4; k++)
                        {
                            weights[(step * 4 + pair) * lanes + at + 2 * k] = (short)hi;
                            weights[(step * 4 + 2 + pair) * lanes + at + 2 * k] = (short)lo;
                        }
                    }
                }
            }
            return new PairedTaps { Blocks = blocks, Steps = steps, First = first, Offsets = offsets, ReadEnd = readEnd, Weights = weights };

            // A last, partial group repeats the row's last pixel; its extra results are not stored.
            int Pixel(int g, int i) => Math.Min(g * blocks + i, outW - 1);
        }
    }

    // Per 128-bit block, the shuffles that turn four pixels' bytes into (tap 0, tap 1) and (tap 2, tap 3) pairs of 16-bit
    // lanes per channel; an index with the top bit set gives 0 (the fourth channel slot of RGB).
    private static ReadOnlySpan<byte> PairMasks3 => [0, 0x80, 3, 0x80, 1, 0x80, 4, 0x80, 2, 0x80, 5, 0x80, 0x80, 0x80, 0x80, 0x80,
        6, 0x80, 9, 0x80, 7, 0x80, 10, 0x80, 8, 0x80, 11, 0x80, 0x80, 0x80, 0x80, 0x80];

    private static ReadOnlySpan<byte> PairMasks4 => [0, 0x80, 4, 0x80, 1, 0x80, 5, 0x80, 2, 0x80, 6, 0x80, 3, 0x80, 7, 0x80,
        8, 0x80, 12, 0x80, 9, 0x80, 13, 0x80, 10, 0x80, 14, 0x80, 11, 0x80, 15, 0x80];

    /// <summary>Input rows resampled along the width together: four share each step's weights, which are read once for
    /// all of them (a row's weights are tens of kilobytes, past the first-level cache).</summary>
    public const int PairedRowCount = 4;

    // Rows along the width for three or four channels: row i from input at rowOffsets[i] into buffer at targetOffsets[i]
    // (PairedRowCount of each; a row given twice is computed twice, written the same). The groups whose loads stay inside
    // the input run on vectors, the others (near the end of the input buffer) pixel by pixel.
    private static void PairedRows<TLanes, TV>(ReadOnlySpan<byte> input, ReadOnlySpan<int> rowOffsets, Span<byte> buffer,
        ReadOnlySpan<int> targetOffsets, Coefficients columns, int channels, PairedTaps taps)
        where TLanes : struct, ILanes<TV>
        where TV : struct
    {
        int blocks = taps.Blocks, lanes = TLanes.Count * 2, outW = columns.Start.Length, groups = taps.Steps.Length;
        int inRow = columns.InputSize * channels, outRow = outW * channels, last = 0;
        if (TLanes.Count != blocks * 4 || channels is not (3 or 4) || taps.Offsets.Length != groups * blocks || taps.First.Length != groups + 1
            || taps.ReadEnd.Length != groups || (long)taps.First[groups] * 4 * lanes > taps.Weights.Length
            || rowOffsets.Length != PairedRowCount || targetOffsets.Length != PairedRowCount)
            throw new ArgumentException("The rows do not fit their tables.", nameof(rowOffsets));
        for (int r = 0; r < PairedRowCount; r++)
        {
            // A group's store may pass its row's end by up to 16 bytes (the ring's padding).
            if (rowOffsets[r] < 0 || (long)rowOffsets[r] + inRow > input.Length || targetOffsets[r] < 0 || (long)targetOffsets[r] + outRow + 16 > buffer.Length)
                throw new ArgumentException("A row lies outside its buffer.", nameof(rowOffsets));
            last = Math.Max(last, rowOffsets[r]);
        }
        int available = input.Length - last;   // what every row can read past its start
        var masks = channels == 3 ? PairMasks3 : PairMasks4;
        TV low = TLanes.Blocks(masks.Slice(0, 16)), high = TLanes.Blocks(masks.Slice(16, 16));
        int quad = PairedTaps.TapsPerStep * channels;
        ref byte source = ref MemoryMarshal.GetReference(input);
        ref byte row0 = ref Unsafe.Add(ref source, rowOffsets[0]), row1 = ref Unsafe.Add(ref source, rowOffsets[1]);
        ref byte row2 = ref Unsafe.Add(ref source, rowOffsets[2]), row3 = ref Unsafe.Add(ref source, rowOffsets[3]);
        ref short w = ref MemoryMarshal.GetArrayDataReference(taps.Weights);
        ref byte target = ref MemoryMarshal.GetReference(buffer);
        ref byte target0 = ref Unsafe.Add(ref target, targetOffsets[0]), target1 = ref Unsafe.Add(ref target, targetOffsets[1]);
        ref byte target2 = ref Unsafe.Add(ref target, targetOffsets[2]), target3 = ref Unsafe.Add(ref target, targetOffsets[3]);
        for (int g = 0; g < groups; g++)
        {
            int o = g * blocks;
            if (taps.ReadEnd[g] > available)
            {
                for (int r = 0; r < PairedRowCount; r++)
                for (int i = 0, count = Math.Min(blocks, outW - o); i < count; i++)
                    ScalarPixel(input.Slice(rowOffsets[r], inRow), buffer.Slice(targetOffsets[r], outRow), columns, channels, o + i);
                continue;
            }
            ref int offsets = ref taps.Offsets[o];
            ref short weights = ref Unsafe.Add(ref w, taps.First[g] * 4 * lanes);
            TV hi0 = default, lo0 = default, hi1 = default, lo1 = default, hi2 = default, lo2 = default, hi3 = default, lo3 = default;
            for (int s = taps.Steps[g], at = 0; s > 0; s--, at += quad, weights = ref Unsafe.Add(ref weights, 4 * lanes))
            {
                ref int ws = ref Unsafe.As<short, int>(ref weights);
                TV hiA = TLanes.Load(ref ws), hiB = TLanes.Load(ref Unsafe.Add(ref ws, lanes / 2));
                TV loA = TLanes.Load(ref Unsafe.Add(ref ws, lanes)), loB = TLanes.Load(ref Unsafe.Add(ref ws, 3 * lanes / 2));
                Step(ref Unsafe.Add(ref row0, at), ref offsets, low, high, hiA, hiB, loA, loB, ref hi0, ref lo0);
                Step(ref Unsafe.Add(ref row1, at), ref offsets, low, high, hiA, hiB, loA, loB, ref hi1, ref lo1);
                Step(ref Unsafe.Add(ref row2, at), ref offsets, low, high, hiA, hiB, loA, loB, ref hi2, ref lo2);
                Step(ref Unsafe.Add(ref row3, at), ref offsets, low, high, hiA, hiB, loA, loB, ref hi3, ref lo3);
            }
            // A last, partial group's extra pixels land in the padding.
            int at0 = o * channels;
            TLanes.StorePixels(Join(hi0, lo0), ref Unsafe.Add(ref target0, at0), channels);
            TLanes.StorePixels(Join(hi1, lo1), ref Unsafe.Add(ref target1, at0), channels);
            TLanes.StorePixels(Join(hi2, lo2), ref Unsafe.Add(ref target2, at0), channels);
            TLanes.StorePixels(Join(hi3, lo3), ref Unsafe.Add(ref target3, at0), channels);
        }

        // Pillow's sum from its halves' sums: hi·2^LowBits + lo (exact modulo 2^32, as Pillow's own int sum).
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static TV Join(TV hi, TV lo) => TLanes.Add(TLanes.ShiftLeft(hi, PairedTaps.LowBits), lo);

        // Four taps of every block's pixel: the pairs (tap 0, 1) and (2, 3) times their weights' upper and lower halves.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static void Step(ref byte cursor, ref int offsets, TV low, TV high, TV hiA, TV hiB, TV loA, TV loB, ref TV hi, ref TV lo)
        {
            TV bytes = TLanes.LoadBlocks(ref cursor, ref offsets);
            TV first = TLanes.ShuffleBlocks(bytes, low), second = TLanes.ShuffleBlocks(bytes, high);
            hi = TLanes.MultiplyAddPairs(TLanes.MultiplyAddPairs(hi, first, hiA), second, hiB);
            lo = TLanes.MultiplyAddPairs(TLanes.MultiplyAddPairs(lo, first, loA), second, loB);
        }
    }

    // Output pixel o of a row, tap by tap (reads only the pixel's own run).
    private static void ScalarPixel(ReadOnlySpan<byte> row, Span<byte> target, Coefficients columns, int channels, int o)
    {
        int first = columns.Start[o] * channels, count = columns.Count[o];
        var weights = columns.Weights.AsSpan(o * columns.Size, count);
        for (int k = 0; k < channels; k++)
        {
            int sum = Half;
            for (int j = 0; j < weights.Length; j++) sum += row[first + j * channels + k] * weights[j];
            target[o * channels + k] = Clip(sum);
        }
    }
}
