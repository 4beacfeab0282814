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
    /// Fused preprocessing's <c>(v / 255 − mean) / std</c> (docs/semantics.md §8.11) on float vectors. Each division is a
    /// multiply by the rounded reciprocal followed by two multiply-adds that correct the quotient (Markstein's scheme);
    /// rather than lean on its proof, the setup compares it with the table's value for all 256 bytes of every channel and
    /// uses vectors only when every one agrees bit for bit — otherwise (or without a hardware multiply-add, or for Half)
    /// the table is looked up byte by byte. Two layouts run on vectors: rows whose elements keep their order (channels-last
    /// output of every channel unreversed, or one channel), and planes of two to four interleaved channels, gathered per
    /// channel by a byte shuffle of four pixels a 128-bit block.
    /// </summary>
    private sealed class Normalization
    {
        private const float Reciprocal255 = 1f / 255f;

        // Whether v · (1/255) already rounds to v / 255 for every byte: then that division needs no correction.
        private static readonly bool ByteQuotientsExact = ByteQuotients();

        private static bool ByteQuotients()
        {
            for (int v = 0; v < 256; v++)
                if (BitConverter.SingleToInt32Bits(v * Reciprocal255) != BitConverter.SingleToInt32Bits(v / 255f)) return false;
            return true;
        }

        private readonly int lanes, channels, written;
        private readonly bool gather;
        private readonly float[] table;       // per written channel, its 256 values (the reference, and the tails)
        private readonly int[] sources;       // per written channel, the input channel it reads
        private readonly float[] constants;   // per phase (rows) or written channel (planes): −mean, −std, 1/std, each a vector
        private readonly byte[] masks;        // planes: per written channel, the 16-byte shuffle of four pixels' bytes
        private readonly int[] blocks;        // planes: block i's first byte, 4·i pixels on

        private Normalization(int lanes, int channels, int written, bool gather, float[] table, int[] sources, float[] constants, byte[] masks, int[] blocks)
        {
            (this.lanes, this.channels, this.written, this.gather) = (lanes, channels, written, gather);
            (this.table, this.sources, this.constants, this.masks, this.blocks) = (table, sources, constants, masks, blocks);
        }

        /// <summary>The vector form for these channels and layout, or null where the table must serve.</summary>
        public static Normalization? Of(ReadOnlySpan<float> table, ReadOnlySpan<float> mean, ReadOnlySpan<float> std, int channels, int written,
            bool channelsFirst, bool reverse)
        {
            int lanes = Vector512.IsHardwareAccelerated && Avx512F.IsSupported ? 16
                : Vector256.IsHardwareAccelerated && Fma.IsSupported ? 8
                : Vector128.IsHardwareAccelerated && (Fma.IsSupported || AdvSimd.IsSupported) ? 4 : 0;
            bool rows = channelsFirst ? channels == 1 : written == channels && (!reverse || channels == 1);
            bool gather = channelsFirst && channels is >= 2 and <= 4;
            if (lanes == 0 || !(rows || gather) || table.Length < 256 * written) return null;
            var reciprocal = new float[written];
            for (int k = 0; k < written; k++)
            {
                reciprocal[k] = 1f / std[k];
                for (int v = 0; v < 256; v++)
                {
                    if (BitConverter.SingleToInt32Bits(Divided(v, mean[k], std[k], reciprocal[k])) != BitConverter.SingleToInt32Bits(table[k * 256 + v]))
                        return null;
                }
            }
            var sources = new int[written];
            for (int k = 0; k < written; k++) sources[k] = reverse ? written - 1 - k : k;
            // Rows: lane j of a vector starting at element e is channel (e + j) mod c, so one set of constants per phase e mod c.
            // Planes: one set per written channel, every lane alike.
            int sets = gather ? written : channels;
            var constants = new float[sets * 3 * lanes];
            for (int set = 0; set < sets; set++)
            for (int j = 0; j < lanes; j++)
            {
                int k = gather ? set : (set + j) % channels;
                constants[(set * 3 + 0) * lanes + j] = -mean[k];
                constants[(set * 3 + 1) * lanes + j] = -std[k];
                constants[(set * 3 + 2) * lanes + j] = reciprocal[k];
            }
            var masks = new byte[gather ? written * 16 : 0];
            for (int k = 0; gather && k < written; k++)
            for (int b = 0; b < 16; b++)
                masks[k * 16 + b] = b % 4 == 0 ? (byte)(b / 4 * channels + sources[k]) : (byte)0x80;   // pixel b/4's byte into int lane b/4
            var blocks = new[] { 0, 4 * channels, 8 * channels, 12 * channels };
            return new Normalization(lanes, channels, written, gather, table.ToArray(), sources, constants, masks, blocks);
        }

        // The vectors' arithmetic on one value: v / 255, less the mean, over std, each division corrected after its multiply.
        private static float Divided(float v, float mean, float std, float reciprocal)
        {
            float q = v * Reciprocal255;
            float a = (ByteQuotientsExact ? q : MathF.FusedMultiplyAdd(MathF.FusedMultiplyAdd(q, -255f, v), Reciprocal255, q)) - mean;
            float r = a * reciprocal;
            return MathF.FusedMultiplyAdd(MathF.FusedMultiplyAdd(r, -std, a), reciprocal, r);
        }

        /// <summary>A row of <paramref name="outW"/> pixels (<paramref name="row"/>, 16 bytes of padding past them) into
        /// <paramref name="target"/> from <paramref name="start"/>: in order, or into planes <paramref name="plane"/> apart.</summary>
        public void Row(byte[] row, int outW, Span<float> target, int start, int plane)
        {
            int c = channels, n = written;
            long last = gather ? (long)(n - 1) * plane + start + outW : start + (long)outW * c;
            if (row.Length < outW * c + 16 || start < 0 || last > target.Length)
                throw new ArgumentException("The row does not fit its target.", nameof(target));
            if (lanes == 16) Row<Lanes512, Vector512<int>>(row, outW, target, start, plane);
            else if (lanes == 8) Row<Lanes256, Vector256<int>>(row, outW, target, start, plane);
            else Row<Lanes128, Vector128<int>>(row, outW, target, start, plane);
        }

        private void Row<TLanes, TV>(byte[] row, int outW, Span<float> target, int start, int plane)
            where TLanes : struct, ILanes<TV>
            where TV : struct
        {
            int c = channels, count = TLanes.Count;
            ref byte bytes = ref MemoryMarshal.GetArrayDataReference(row);
            ref float to = ref Unsafe.Add(ref MemoryMarshal.GetReference(target), start);
            ref float sets = ref MemoryMarshal.GetArrayDataReference(constants);
            if (!gather)
            {
                int elements = outW * c, e = 0, step = count % c;
                for (int phase = 0; e + count <= elements; e += count, phase = phase + step >= c ? phase + step - c : phase + step)
                    TLanes.StoreNormalized(TLanes.Widen(ref Unsafe.Add(ref bytes, e)), ref Unsafe.Add(ref to, e), ref Unsafe.Add(ref sets, phase * 3 * count));
                for (; e < elements; e++) Unsafe.Add(ref to, e) = table[e % c * 256 + Unsafe.Add(ref bytes, e)];
                return;
            }
            // Pixel by pixel block: the blocks loaded once, then each written channel's bytes shuffled out of them into its
            // plane (up to four channels, unrolled; the tests on `written` are the same every step).
            int n = written, x = 0;
            ref int offsets = ref MemoryMarshal.GetArrayDataReference(blocks);
            TV m0 = TLanes.Blocks(masks.AsSpan(0, 16)), m1 = n > 1 ? TLanes.Blocks(masks.AsSpan(16, 16)) : m0;
            TV m2 = n > 2 ? TLanes.Blocks(masks.AsSpan(32, 16)) : m0, m3 = n > 3 ? TLanes.Blocks(masks.AsSpan(48, 16)) : m0;
            ref float s1 = ref Unsafe.Add(ref sets, (n > 1 ? 1 : 0) * 3 * count);
            ref float s2 = ref Unsafe.Add(ref sets, (n > 2 ? 2 : 0) * 3 * count);
            ref float s3 = ref Unsafe.Add(ref sets, (n > 3 ? 3 : 0) * 3 * count);
            ref float t1 = ref n > 1 ? ref Unsafe.Add(ref to, plane) : ref to;
            ref float t2 = ref n > 2 ? ref Unsafe.Add(ref to, 2 * plane) : ref to;
            ref float t3 = ref n > 3 ? ref Unsafe.Add(ref to, 3 * plane) : ref to;
            for (; x + count <= outW; x += count)
            {
                TV block = TLanes.LoadBlocks(ref Unsafe.Add(ref bytes, x * c), ref offsets);
                TLanes.StoreNormalized(TLanes.ShuffleBlocks(block, m0), ref Unsafe.Add(ref to, x), ref sets);
                if (n > 1) TLanes.StoreNormalized(TLanes.ShuffleBlocks(block, m1), ref Unsafe.Add(ref t1, x), ref s1);
                if (n > 2) TLanes.StoreNormalized(TLanes.ShuffleBlocks(block, m2), ref Unsafe.Add(ref t2, x), ref s2);
                if (n > 3) TLanes.StoreNormalized(TLanes.ShuffleBlocks(block, m3), ref Unsafe.Add(ref t3, x), ref s3);
            }
            for (int k = 0; k < n; k++, to = ref Unsafe.Add(ref to, plane))
                for (int tail = x, s = sources[k]; tail < outW; tail++) Unsafe.Add(ref to, tail) = table[k * 256 + Unsafe.Add(ref bytes, tail * c + s)];
        }

        /// <summary>What <see cref="ILanes{TV}.StoreNormalized"/> computes, on one width's float vectors: <c>q − mean</c>
        /// as <c>q + (−mean)</c> (the same IEEE operation), each division corrected as in the scalar form above.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV Divided<V, TV>(TV v, TV negatedMean, TV negatedStd, TV reciprocal)
            where V : ISimd<TV, float>
            where TV : struct
        {
            var q = V.Multiply(v, Reciprocal255);
            if (!ByteQuotientsExact) q = V.FusedMultiplyAdd(V.FusedMultiplyAdd(q, V.Broadcast(-255f), v), V.Broadcast(Reciprocal255), q);
            var a = V.Add(q, negatedMean);
            var r = V.MultiplyLanes(a, reciprocal);
            return V.FusedMultiplyAdd(V.FusedMultiplyAdd(r, negatedStd, a), reciprocal, r);
        }
    }
}
