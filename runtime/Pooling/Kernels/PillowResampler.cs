using System;
using System.Buffers;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Pooling.Kernels;

/// <summary>The filters of Pillow's resampler (docs/semantics.md §8.10), with their supports.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public enum PillowFilter
{
    /// <summary>1 on (−0.5, 0.5], support 0.5.</summary>
    Box,
    /// <summary>Triangle 1 − |x|, support 1.</summary>
    Bilinear,
    /// <summary>Keys' cubic with a = −0.5, support 2.</summary>
    Bicubic,
    /// <summary>sinc(x)·sinc(x/3) on [−3, 3), support 3.</summary>
    Lanczos,
}

/// <summary>
/// uint8 resampling exactly as Pillow's <c>Image.resize</c> computes it (docs/semantics.md §8.10), the algorithm PyTorch's
/// uint8 antialias kernels port: per axis, filter weights stretched by the scale when reducing, normalised to sum 1 in
/// double, then rounded to 22-bit fixed point; a horizontal pass whose sums are rounded half up and clipped to uint8, then a
/// vertical pass over those bytes the same way. A pass whose extent does not change is skipped, as Pillow skips it.
/// Called by generated code; the weights depend on run-time extents, so they are computed once per call.
/// </summary>
/// <remarks>Only the input rows the vertical pass reads are resampled horizontally, each once, into a ring of row buffers,
/// so no intermediate image is held. Both passes run in 32-bit integer vectors (the same sums in any order: integer
/// addition is exact), the horizontal one as a dot product of each output pixel's run of input bytes with its weights
/// spread over the channels.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static partial class PillowResampler
{
    private const int PrecisionBits = 32 - 8 - 2;
    private const int Half = 1 << (PrecisionBits - 1);

    /// <summary>Resamples <paramref name="planes"/> images of inH×inW pixels of <paramref name="channels"/> interleaved bytes
    /// each to outH×outW. <paramref name="scaleH"/>/<paramref name="scaleW"/> are input pixels per output pixel (Pillow's
    /// in/out, or 1/scale_factor).</summary>
    public static void Resample(ReadOnlySpan<byte> input, Span<byte> output, int planes, int inH, int inW, int outH, int outW,
        double scaleH, double scaleW, PillowFilter filter, int channels = 1)
    {
        long outImage = Check(input.Length, output.Length, planes, inH, inW, outH, outW, scaleH, scaleW, channels);
        if (outH == inH && outW == inW)
        {
            input.Slice(0, (int)(planes * outImage)).CopyTo(output);
            return;
        }
        var sink = new ByteRows(output, outH * outW * channels, outW * channels);
        Run(input, planes, inH, inW, outH, outW, scaleH, scaleW, filter, channels, ref sink);
    }

    /// <summary>
    /// A model's input from images: <paramref name="samples"/> images of inH×inW pixels of <paramref name="channels"/>
    /// interleaved bytes resampled as <see cref="Resample"/> does (the same bytes), then each byte v of channel k written as
    /// <c>(v / 255 − mean[k]) / std[k]</c> in float — torchvision's ToTensor (or ConvertImageDtype) then Normalize, each
    /// operation rounded to float as PyTorch rounds it — to planar [N, C, outH, outW] (<paramref name="channelsFirst"/>) or
    /// [N, outH, outW, C]; as Half, that float rounded once (<c>.half()</c> after the float pipeline).
    /// <paramref name="reverse"/> takes the channels in reverse order (RGB ↔ BGR) before normalising (mean[k] and std[k]
    /// are those of output channel k). With one mean fewer than <paramref name="channels"/> the last channel (alpha) is
    /// resampled but not written: RGBA or BGRA pixels into a three-channel model. Only rows are buffered, never an image.
    /// </summary>
    public static void ResampleNormalize<TOut>(ReadOnlySpan<byte> input, Span<TOut> output, int samples, int inH, int inW, int outH, int outW,
        double scaleH, double scaleW, PillowFilter filter, int channels, ReadOnlySpan<float> mean, ReadOnlySpan<float> std,
        bool channelsFirst, bool reverse = false)
        where TOut : unmanaged, System.Numerics.INumberBase<TOut>
    {
        if (typeof(TOut) != typeof(float) && typeof(TOut) != typeof(System.Half))
            throw new NotSupportedException($"Fused preprocessing writes float or Half, not {typeof(TOut).Name}.");
        int written = mean.Length;
        if (written != std.Length || written != channels && written != channels - 1 || written == 0)
            throw new ArgumentException($"{channels} channels need {channels} means and standard deviations (or one fewer, to drop alpha); "
                + $"got {mean.Length} and {std.Length}.", nameof(channels));
        Check(input.Length, output.Length, samples, inH, inW, outH, outW, scaleH, scaleW, channels, written);
        var setup = NormalizationSetup<TOut>.Of(mean, std, channels, channelsFirst, reverse);
        var sink = new NormalizedRows<TOut>(output, setup.Table, outH, outW, channels, written, channelsFirst, reverse, setup.Vectors);
        Run(input, samples, inH, inW, outH, outW, scaleH, scaleW, filter, channels, ref sink);
    }

    /// <summary>A normalisation's table — every byte value of every written channel normalised once, the same float
    /// operations on the same values per element — and its checked vector form. The last one set up on a thread is kept
    /// for the next call with the same constants, channels and layout (compared bit for bit): building and checking it
    /// is 768 divisions and as many vector-form evaluations a call.</summary>
    private sealed class NormalizationSetup<TOut>
        where TOut : unmanaged, System.Numerics.INumberBase<TOut>
    {
        [ThreadStatic] private static NormalizationSetup<TOut>? last;

        private readonly float[] mean, std;
        private readonly int channels;
        private readonly bool channelsFirst, reverse;
        public readonly TOut[] Table;
        public readonly Normalization? Vectors;

        private NormalizationSetup(ReadOnlySpan<float> mean, ReadOnlySpan<float> std, int channels, bool channelsFirst, bool reverse)
        {
            (this.mean, this.std, this.channels, this.channelsFirst, this.reverse) = (mean.ToArray(), std.ToArray(), channels, channelsFirst, reverse);
            int written = mean.Length;
            Table = new TOut[256 * written];
            for (int k = 0; k < written; k++)
            for (int v = 0; v < 256; v++)
                Table[k * 256 + v] = TOut.CreateTruncating((v / 255f - mean[k]) / std[k]);
            Vectors = typeof(TOut) == typeof(float)
                ? Normalization.Of(MemoryMarshal.Cast<TOut, float>(Table.AsSpan()), mean, std, channels, written, channelsFirst, reverse)
                : null;
        }

        public static NormalizationSetup<TOut> Of(ReadOnlySpan<float> mean, ReadOnlySpan<float> std, int channels, bool channelsFirst, bool reverse)
        {
            var kept = last;
            if (kept is not null && kept.channels == channels && kept.channelsFirst == channelsFirst && kept.reverse == reverse
                && MemoryMarshal.AsBytes(mean).SequenceEqual(MemoryMarshal.AsBytes(kept.mean.AsSpan()))
                && MemoryMarshal.AsBytes(std).SequenceEqual(MemoryMarshal.AsBytes(kept.std.AsSpan())))
                return kept;
            return last = new NormalizationSetup<TOut>(mean, std, channels, channelsFirst, reverse);
        }
    }

    // The argument checks both entries share (the output has outputChannels of the channels); returns the elements of one
    // output image.
    private static long Check(int inputLength, int outputLength, int planes, int inH, int inW, int outH, int outW, double scaleH, double scaleW,
        int channels, int outputChannels = -1)
    {
        if (outputChannels < 0) outputChannels = channels;
        if (planes < 0 || inH <= 0 || inW <= 0 || outH <= 0 || outW <= 0 || channels <= 0)
            throw new ArgumentException($"Extents must be positive: planes {planes}, input {inH}×{inW}, output {outH}×{outW}, channels {channels}.", nameof(planes));
        long inImage = (long)inH * inW * channels, outImage = (long)outH * outW * outputChannels;
        if (planes * inImage > inputLength || planes * outImage > outputLength)
            throw new ArgumentException($"{planes} images of {inH}×{inW}×{channels} in and {outH}×{outW}×{outputChannels} out need "
                + $"{planes * inImage} and {planes * outImage} elements; the buffers hold {inputLength} and {outputLength}.", nameof(planes));
        if (!(scaleH > 0) || !(scaleW > 0) || double.IsInfinity(scaleH) || double.IsInfinity(scaleW))
            throw new ArgumentException($"Scales must be positive and finite: {scaleH}, {scaleW}.", nameof(scaleH));
        return outImage;
    }

    /// <summary>Where the resampler writes each output row of bytes, and what happens to it there.</summary>
    private interface IRowSink
    {
        /// <summary>The bytes output row <paramref name="y"/> of image <paramref name="image"/> is written to.</summary>
        Span<byte> Row(int image, int y);

        /// <summary>Row <paramref name="y"/> of image <paramref name="image"/>, written.</summary>
        void Written(int image, int y, ReadOnlySpan<byte> row);
    }

    // Bytes out: each row straight into the output.
    private readonly ref struct ByteRows(Span<byte> output, int image, int row) : IRowSink
    {
        private readonly Span<byte> output = output;

        public Span<byte> Row(int i, int y) => output.Slice(i * image + y * row, row);

        public void Written(int i, int y, ReadOnlySpan<byte> bytes) { }
    }

    // Floats (or Halves) out: each row of bytes into one buffer, then looked up in the normalisation table and laid out.
    private readonly ref struct NormalizedRows<TOut> : IRowSink
        where TOut : unmanaged
    {
        private readonly Span<TOut> output;
        private readonly TOut[] table;
        private readonly byte[] row;
        private readonly int outH, outW, channels, written;
        private readonly bool channelsFirst, reverse;
        private readonly Normalization? vectors;   // float out, where vectors compute the table's values (else null)

        // 'written' of the 'channels' (all, or all but the last).
        public NormalizedRows(Span<TOut> output, TOut[] table, int outH, int outW, int channels, int written, bool channelsFirst, bool reverse,
            Normalization? vectors)
        {
            this.output = output;
            this.table = table;
            (this.outH, this.outW, this.channels, this.written, this.channelsFirst, this.reverse) = (outH, outW, channels, written, channelsFirst, reverse);
            this.vectors = vectors;
            // Padded: the vector loads of the row's last pixels read up to 16 bytes past them.
            row = new byte[outW * channels + 16];
        }

        public Span<byte> Row(int image, int y) => row.AsSpan(0, outW * channels);

        public void Written(int image, int y, ReadOnlySpan<byte> bytes)
        {
            int c = channels, n = written, plane = outH * outW;
            var target = output.Slice(image * plane * n, plane * n);
            if (bytes.Length < outW * c || table.Length < 256 * n || (uint)y >= (uint)outH)
                throw new ArgumentException("The row does not fit its image.", nameof(bytes));
            if (vectors is not null && Unsafe.AreSame(ref MemoryMarshal.GetReference(bytes), ref row[0]))
            {
                // The padded row (bytes is its start), and the float row or plane rows it becomes.
                vectors.Row(row, outW, MemoryMarshal.Cast<TOut, float>(target), channelsFirst ? y * outW : y * outW * n, plane);
                return;
            }
            // Byte by byte through the table, on refs: the row, the table and the target row were checked above, so the
            // loop is a load, a lookup and a store (bounds checks and index products were most of it).
            ref TOut lookup = ref MemoryMarshal.GetArrayDataReference(table);
            ref TOut first = ref Unsafe.Add(ref MemoryMarshal.GetReference(target), channelsFirst ? y * outW : y * outW * n);
            for (int k = 0; k < n; k++)
            {
                ref byte from = ref Unsafe.Add(ref MemoryMarshal.GetReference(bytes), reverse ? n - 1 - k : k);
                ref TOut channel = ref Unsafe.Add(ref lookup, k * 256);
                // Channels first: plane k's row, one element apart; channels last: every n-th element from k.
                ref TOut to = ref Unsafe.Add(ref first, channelsFirst ? k * plane : k);
                int step = channelsFirst ? 1 : n, x = 0;
                // Four elements a pass: the loop's own work was most of each element's cost.
                for (; x + 4 <= outW; x += 4, from = ref Unsafe.Add(ref from, 4 * c), to = ref Unsafe.Add(ref to, 4 * step))
                {
                    Unsafe.Add(ref to, 0) = Unsafe.Add(ref channel, from);
                    Unsafe.Add(ref to, step) = Unsafe.Add(ref channel, Unsafe.Add(ref from, c));
                    Unsafe.Add(ref to, 2 * step) = Unsafe.Add(ref channel, Unsafe.Add(ref from, 2 * c));
                    Unsafe.Add(ref to, 3 * step) = Unsafe.Add(ref channel, Unsafe.Add(ref from, 3 * c));
                }
                for (; x < outW; x++, from = ref Unsafe.Add(ref from, c), to = ref Unsafe.Add(ref to, step))
                    to = Unsafe.Add(ref channel, from);
            }
        }
    }

    private static void Run<TSink>(ReadOnlySpan<byte> input, int planes, int inH, int inW, int outH, int outW,
        double scaleH, double scaleW, PillowFilter filter, int channels, ref TSink sink)
        where TSink : IRowSink, allows ref struct
    {
        bool horizontal = outW != inW, vertical = outH != inH;
        var rows = Coefficients.Cached(inH, outH, scaleH, filter);
        var columns = horizontal ? Coefficients.Cached(inW, outW, scaleW, filter) : null;
        int inRow = inW * channels, outRow = outW * channels;
        long inImage = (long)inH * inRow;
        int lanes = Vector512.IsHardwareAccelerated ? 16 : Vector256.IsHardwareAccelerated ? 8 : Vector128.IsHardwareAccelerated ? 4 : 0;
        // Per output pixel, its weights spread over its run of bytes in chunks of whole pixels (see HorizontalRow).
        // Three or four channels: each output pixel in a 128-bit block, taps paired (see PairedTaps); others: folded spreads.
        var paired = horizontal && !columns!.PairMeans && channels is 3 or 4 && lanes >= 4 && (Ssse3.IsSupported || AdvSimd.Arm64.IsSupported)
            ? columns.PairedLayout(channels, lanes / 4) : null;
        var spread = horizontal && paired is null && !columns!.PairMeans && lanes >= channels ? columns.SpreadLayout(channels, lanes) : null;
        // The ring of horizontally resampled rows the vertical pass reads (a whole ksize of them: its taps all fit), each
        // padded so a vector load at its last pixel stays inside the buffer.
        // Paired rows go through it in batches, up to PairedRowCount − 1 rows ahead (also when only the width changes).
        int ringRows = (horizontal && vertical ? rows.Size : 0) + (paired is null ? 0 : PairedRowCount);
        int ringStride = outRow + 64;
        byte[]? ring = ringRows > 0 ? ArrayPool<byte>.Shared.Rent(ringRows * ringStride) : null;
        try
        {
            for (int plane = 0; plane < planes; plane++)
            {
                int offset = (int)(plane * inImage);
                var source = input.Slice(offset, (int)inImage);
                if (!vertical)
                {
                    // Width only (or nothing: a copy of each row); paired rows go through the ring in fours.
                    for (int y = 0; y < outH; y++)
                    {
                        var target = sink.Row(plane, y);
                        if (paired is not null)
                        {
                            if (y % PairedRowCount == 0) PairedBatch(input, offset, inRow, y, Math.Min(PairedRowCount, outH - y), ring!, ringStride, ringRows, outRow, columns!, channels, paired, lanes);
                            ring.AsSpan(y % ringRows * ringStride, outRow).CopyTo(target);
                        }
                        else if (horizontal) HorizontalRow(input, offset + y * inRow, target, columns!, channels, spread, lanes);
                        else source.Slice(y * inRow, inRow).CopyTo(target);
                        sink.Written(plane, y, target);
                    }
                    continue;
                }
                int next = 0;   // the next input row to resample horizontally
                for (int oy = 0; oy < outH; oy++)
                {
                    int first = rows.Start[oy], count = rows.Count[oy];
                    var target = sink.Row(plane, oy);
                    var weights = rows.Weights.AsSpan(oy * rows.Size, count);
                    if (horizontal)
                    {
                        next = Math.Max(next, first);
                        if (paired is not null)
                        {
                            // Up to PairedRowCount − 1 rows ahead of this output's taps (the ring holds them).
                            for (; next < first + count; next += PairedRowCount)
                                PairedBatch(input, offset, inRow, next, Math.Min(PairedRowCount, inH - next), ring!, ringStride, ringRows, outRow, columns!, channels, paired, lanes);
                        }
                        for (; next < first + count; next++)
                            HorizontalRow(input, offset + next * inRow, ring.AsSpan(next % ringRows * ringStride, outRow), columns!, channels, spread, lanes);
                        VerticalRow(ring, ringStride, ringRows, first, count, weights, target, lanes);
                    }
                    else
                    {
                        VerticalRow(source, inRow, int.MaxValue, first, count, weights, target, lanes);
                    }
                    sink.Written(plane, oy, target);
                }
            }
        }
        finally
        {
            if (ring is not null) ArrayPool<byte>.Shared.Return(ring);
        }
    }

    /// <summary>One axis's taps: per output, its first input index, tap count and 22-bit fixed-point weights (Pillow's
    /// precompute_coeffs and normalize_coeffs_8bpc).</summary>
    private sealed class Coefficients
    {
        public required double Scale { get; init; }
        public required PillowFilter Filter { get; init; }
        public required int InputSize { get; init; }
        public required int Size { get; init; }
        public required int[] Start { get; init; }
        public required int[] Count { get; init; }
        public required int[] Weights { get; init; }

        /// <summary>Every output is input 2o and 2o + 1 at weight 2^21 each (BOX halving an axis): the sum rounds to the
        /// mean of the two rounded half up, a byte average.</summary>
        public bool PairMeans { get; private init; }

        public static Coefficients Of(int inSize, int outSize, double scale, PillowFilter filter)
        {
            double filterScale = Math.Max(scale, 1.0);
            double support = Support(filter) * filterScale;
            int size = (int)Math.Ceiling(support) * 2 + 1;
            if (outSize > int.MaxValue / 8 / size)
                throw new ArgumentException($"A filter of {size} taps over {outSize} outputs is too large.", nameof(scale));
            var start = new int[outSize];
            var count = new int[outSize];
            var weights = new int[outSize * size];
            var taps = new double[size];
            for (int o = 0; o < outSize; o++)
            {
                double center = (o + 0.5) * scale;
                double inverse = 1.0 / filterScale;
                int min = Math.Max((int)(center - support + 0.5), 0);
                int n = Math.Min((int)(center + support + 0.5), inSize) - min;
                n = Math.Clamp(n, 0, size);
                double total = 0;
                for (int j = 0; j < n; j++)
                {
                    taps[j] = Weight(filter, (j + min - center + 0.5) * inverse);
                    total += taps[j];
                }
                for (int j = 0; j < n; j++)
                {
                    double w = total != 0 ? taps[j] / total : taps[j];
                    weights[o * size + j] = w < 0 ? (int)(-0.5 + w * (1 << PrecisionBits)) : (int)(0.5 + w * (1 << PrecisionBits));
                }
                start[o] = min;
                count[o] = n;
            }
            bool pairMeans = true;
            for (int o = 0; o < outSize && pairMeans; o++)
                pairMeans = start[o] == 2 * o && count[o] == 2 && weights[o * size] == Half && weights[o * size + 1] == Half;
            return new Coefficients { Scale = scale, Filter = filter, InputSize = inSize, Size = size, Start = start, Count = count, Weights = weights, PairMeans = pairMeans };
        }

        // The taps of the last few axes resampled on this thread: a kernel called again with the same extents (frames of a
        // video, images of a batch) reuses them and the vector layouts derived from them instead of computing them per call,
        // which costs as much as resampling a small image. Per thread, so the layouts below need no locks.
        [ThreadStatic] private static Coefficients?[]? recent;

        // Taps of at most this many weights are kept (with their layouts, up to about a megabyte a thread for four of
        // them; larger ones, rare, are computed each call).
        private const int MostCachedWeights = 1 << 14;

        /// <summary><see cref="Of"/>, or the same taps from an earlier call on this thread.</summary>
        public static Coefficients Cached(int inSize, int outSize, double scale, PillowFilter filter)
        {
            var list = recent ??= new Coefficients?[4];
            for (int i = 0; i < list.Length; i++)
            {
                var c = list[i];
                if (c is not null && c.InputSize == inSize && c.Start.Length == outSize && c.Scale.Equals(scale) && c.Filter == filter)
                    return c;
            }
            var made = Of(inSize, outSize, scale, filter);
            if (made.Weights.Length <= MostCachedWeights)
            {
                Array.Copy(list, 0, list, 1, list.Length - 1);   // the oldest drops out
                list[0] = made;
            }
            return made;
        }

        private PairedTaps? paired;
        private Spread? spread;
        private int pairedKey = -1, spreadKey = -1;

        /// <summary>The paired-tap layout for these channels and blocks, made once per taps (null where it does not fit).</summary>
        public PairedTaps? PairedLayout(int channels, int blocks)
        {
            int key = channels * 64 + blocks;
            if (pairedKey != key) (paired, pairedKey) = (PairedTaps.Of(this, channels, blocks), key);
            return paired;
        }

        /// <summary>The spread layout for these channels and lanes, made once per taps.</summary>
        public Spread SpreadLayout(int channels, int lanes)
        {
            int key = channels * 64 + lanes;
            if (spreadKey != key || spread is null) (spread, spreadKey) = (Spread.Of(this, channels, lanes), key);
            return spread;
        }

        private static double Support(PillowFilter filter) => filter switch
        {
            PillowFilter.Box => 0.5,
            PillowFilter.Bilinear => 1.0,
            PillowFilter.Bicubic => 2.0,
            PillowFilter.Lanczos => 3.0,
            _ => throw new ArgumentOutOfRangeException(nameof(filter), filter, "Box, Bilinear, Bicubic or Lanczos."),
        };

        private static double Weight(PillowFilter filter, double x)
        {
            switch (filter)
            {
                case PillowFilter.Box:
                    return x > -0.5 && x <= 0.5 ? 1.0 : 0.0;
                case PillowFilter.Bilinear:
                    x = Math.Abs(x);
                    return x < 1.0 ? 1.0 - x : 0.0;
                case PillowFilter.Bicubic:
                    const double a = -0.5;
                    x = Math.Abs(x);
                    if (x < 1.0) return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
                    if (x < 2.0) return (((x - 5) * x + 8) * x - 4) * a;
                    return 0.0;
                default:
                    return -3.0 <= x && x < 3.0 ? Sinc(x) * Sinc(x / 3) : 0.0;
            }

            static double Sinc(double x)
            {
                if (x == 0.0) return 1.0;
                x *= Math.PI;
                return Math.Sin(x) / x;
            }
        }
    }

    /// <summary>
    /// The horizontal weights laid out for vectors: an output pixel's input run (its taps × channels bytes) is read in
    /// chunks of the largest whole number of pixels a vector holds, so lane i always carries channel i mod c; each chunk's
    /// lanes hold the weight of their tap (0 past the run and in the lanes a chunk leaves over).
    /// </summary>
    private sealed class Spread
    {
        public required int Chunk { get; init; }        // bytes a chunk advances: (lanes / c) · c
        public required int Stride { get; init; }       // ints per output pixel: the most chunks × lanes
        public required int[] Chunks { get; init; }     // chunks per output pixel (at least 1)
        public required int[] Offsets { get; init; }    // each output pixel's first input byte: first tap × c
        public required int[] Weights { get; init; }
        public required int Folds { get; init; }        // doublings that fold lanes / c pixel groups onto the first
        public required int[] FoldLanes { get; init; }  // per fold, the lane each lane adds: i + s·c, or a lane that is 0

        public static Spread Of(Coefficients columns, int channels, int lanes)
        {
            int chunk = lanes / channels * channels;
            int most = Math.Max(1, (columns.Size * channels + chunk - 1) / chunk);
            int outputs = columns.Count.Length;
            var chunks = new int[outputs];
            var weights = new int[outputs * most * lanes];
            for (int o = 0; o < outputs; o++)
            {
                int run = columns.Count[o] * channels;
                chunks[o] = Math.Max(1, (run + chunk - 1) / chunk);   // an empty run: one chunk of zero weights
                for (int m = 0; m < chunks[o]; m++)
                {
                    for (int i = 0; i < chunk; i++)
                    {
                        int e = m * chunk + i;
                        if (e < run) weights[(o * most + m) * lanes + i] = columns.Weights[o * columns.Size + e / channels];
                    }
                }
            }
            // Folding by s = 1, 2, 4, … groups adds lane i + s·c to lane i, so lane k ends with every lane ≡ k (mod c) once.
            // An index past the end takes the last lane: 0 whenever the groups leave lanes over (those weights are 0);
            // when they fill the vector their count is a power of two and wrapping round gives each lane once too.
            int folds = 0;
            while ((1 << folds) < lanes / channels) folds++;
            var foldLanes = new int[folds * lanes];
            for (int f = 0; f < folds; f++)
            for (int i = 0; i < lanes; i++)
            {
                int source = i + (channels << f);
                foldLanes[f * lanes + i] = source < lanes ? source : chunk < lanes ? lanes - 1 : source % lanes;
            }
            var offsets = new int[outputs];
            for (int o = 0; o < outputs; o++) offsets[o] = columns.Start[o] * channels;
            return new Spread { Chunk = chunk, Stride = most * lanes, Chunks = chunks, Offsets = offsets, Weights = weights, Folds = folds, FoldLanes = foldLanes };
        }
    }

    // Input rows y … y + n − 1 of the image at 'image' resampled along the width into the ring, PairedRowCount at a time
    // (a batch of fewer repeats its last row).
    private static void PairedBatch(ReadOnlySpan<byte> input, int image, int inRow, int y, int n, byte[] ring, int ringStride, int ringRows,
        int outRow, Coefficients columns, int channels, PairedTaps paired, int lanes)
    {
        Span<int> rowOffsets = stackalloc int[PairedRowCount], targetOffsets = stackalloc int[PairedRowCount];
        for (int r = 0; r < PairedRowCount; r++)
        {
            int row = y + Math.Min(r, n - 1);
            rowOffsets[r] = image + row * inRow;
            targetOffsets[r] = row % ringRows * ringStride;
        }
        var buffer = ring.AsSpan(0, ringRows * ringStride);
        if (lanes == 16) PairedRows<Lanes512, Vector512<int>>(input, rowOffsets, buffer, targetOffsets, columns, channels, paired);
        else if (lanes == 8) PairedRows<Lanes256, Vector256<int>>(input, rowOffsets, buffer, targetOffsets, columns, channels, paired);
        else PairedRows<Lanes128, Vector128<int>>(input, rowOffsets, buffer, targetOffsets, columns, channels, paired);
    }

    // One input row (from 'offset' in input) resampled along the width into 'target' (outW pixels of c channels).
    private static void HorizontalRow(ReadOnlySpan<byte> input, int offset, Span<byte> target, Coefficients columns, int channels,
        Spread? spread, int lanes)
    {
        int outW = columns.Start.Length;
        if (columns.PairMeans)
        {
            PairMeanRow(input, offset, target, channels, outW);
            return;
        }
        // The vector path reads up to 16 bytes past the end of a run: inside the buffer unless this is its last row.
        long rowEnd = offset + (long)columns.InputSize * channels;
        if (spread is not null && rowEnd + 16 <= input.Length)
        {
            ref byte row = ref Unsafe.Add(ref MemoryMarshal.GetReference(input), offset);
            if (lanes == 16) SpreadRow<Lanes512, Vector512<int>>(ref row, target, channels, spread);
            else if (lanes == 8) SpreadRow<Lanes256, Vector256<int>>(ref row, target, channels, spread);
            else SpreadRow<Lanes128, Vector128<int>>(ref row, target, channels, spread);
            return;
        }
        var source = input.Slice(offset);
        for (int o = 0; o < outW; o++) ScalarPixel(source, target, columns, channels, o);
    }

    private static void SpreadRow<TLanes, TV>(ref byte row, Span<byte> target, int channels, Spread spread)
        where TLanes : struct, ILanes<TV>
        where TV : struct
    {
        // The common channel counts as constants, so the folds and the stores below compile to straight-line code.
        switch (channels)
        {
            case 1: SpreadRow<TLanes, TV, One>(ref row, target, 1, spread); break;
            case 3: SpreadRow<TLanes, TV, Three>(ref row, target, 3, spread); break;
            case 4: SpreadRow<TLanes, TV, Four>(ref row, target, 4, spread); break;
            default: SpreadRow<TLanes, TV, Any>(ref row, target, channels, spread); break;
        }
    }

    private interface IChannels { static abstract int Count { get; } }   // 0: known only at run time
    private struct One : IChannels { public static int Count => 1; }
    private struct Three : IChannels { public static int Count => 3; }
    private struct Four : IChannels { public static int Count => 4; }
    private struct Any : IChannels { public static int Count => 0; }

    private static void SpreadRow<TLanes, TV, TChannels>(ref byte row, Span<byte> target, int channels, Spread spread)
        where TLanes : struct, ILanes<TV>
        where TV : struct
        where TChannels : struct, IChannels
    {
        int c = TChannels.Count > 0 ? TChannels.Count : channels, lanes = TLanes.Count;
        int[] offsets = spread.Offsets, chunks = spread.Chunks;
        int outW = offsets.Length, chunk = spread.Chunk, stride = spread.Stride;
        int groups = lanes / c, folds = groups > 8 ? 4 : groups > 4 ? 3 : groups > 2 ? 2 : groups > 1 ? 1 : 0;   // ⌈log2 groups⌉
        if ((long)outW * c > target.Length || chunks.Length < outW || (long)outW * stride > spread.Weights.Length || spread.FoldLanes.Length < folds * lanes)
            throw new ArgumentException("The row does not fit its target or its tables.", nameof(target));
        ref int w = ref MemoryMarshal.GetArrayDataReference(spread.Weights);
        ref byte output = ref MemoryMarshal.GetReference(target);
        // The lanes each fold adds (at most four: 16 lanes of one channel), loaded once a row.
        ref int foldLanes = ref MemoryMarshal.GetArrayDataReference(spread.FoldLanes);
        TV fold0 = folds > 0 ? TLanes.Load(ref foldLanes) : default, fold1 = folds > 1 ? TLanes.Load(ref Unsafe.Add(ref foldLanes, lanes)) : default;
        TV fold2 = folds > 2 ? TLanes.Load(ref Unsafe.Add(ref foldLanes, 2 * lanes)) : default, fold3 = folds > 3 ? TLanes.Load(ref Unsafe.Add(ref foldLanes, 3 * lanes)) : default;
        // Every pixel but the last few stores its channels as one uint (the bytes past them are the next pixel's, written next).
        int whole = c <= 4 ? Math.Min(outW, Math.Max(0, (target.Length - 4) / c + 1)) : 0;
        for (int o = 0; o < outW; o++, w = ref Unsafe.Add(ref w, stride))
        {
            ref byte run = ref Unsafe.Add(ref row, offsets[o]);
            TV sum = TLanes.MultiplyWidened(ref run, ref w);
            ref int next = ref w;
            for (int m = chunks[o] - 1; m > 0; m--)
            {
                run = ref Unsafe.Add(ref run, chunk);
                next = ref Unsafe.Add(ref next, lanes);
                sum = TLanes.Add(sum, TLanes.MultiplyWidened(ref run, ref next));
            }
            // Lane i + s·c onto lane i for s = 1, 2, 4, …: channel k's sum in lane k.
            if (folds > 0) sum = TLanes.Add(sum, TLanes.Permute(sum, fold0));
            if (folds > 1) sum = TLanes.Add(sum, TLanes.Permute(sum, fold1));
            if (folds > 2) sum = TLanes.Add(sum, TLanes.Permute(sum, fold2));
            if (folds > 3) sum = TLanes.Add(sum, TLanes.Permute(sum, fold3));
            ref byte pixel = ref Unsafe.Add(ref output, o * c);
            if (c <= 4 && o < whole)
            {
                Unsafe.WriteUnaligned(ref pixel, TLanes.ClipToBytes(sum));
            }
            else if (c <= 4)
            {
                uint bytes = TLanes.ClipToBytes(sum);
                for (int k = 0; k < c; k++) Unsafe.Add(ref pixel, k) = (byte)(bytes >> (8 * k));
            }
            else
            {
                for (int k = 0; k < c; k++) Unsafe.Add(ref pixel, k) = TLanes.ClipLane(sum, k);
            }
        }
    }

    // One output row: the rows [first, first + count) of 'source' (row r at (r mod ringRows)·stride) blended with 'weights'.
    private static void VerticalRow(ReadOnlySpan<byte> source, int stride, int ringRows, int first, int count, ReadOnlySpan<int> weights,
        Span<byte> target, int lanes)
    {
        int n = target.Length, x = 0;
        Span<int> offsets = stackalloc int[count];
        for (int j = 0; j < count; j++) offsets[j] = (first + j) % ringRows * stride;
        if (count == 2 && weights[0] == Half && weights[1] == Half)
        {
            RowMean(source, offsets[0], offsets[1], target);
            return;
        }
        if (lanes == 16) x = VerticalVectors<Lanes512, Vector512<int>>(source, offsets, weights, target);
        else if (lanes == 8) x = VerticalVectors<Lanes256, Vector256<int>>(source, offsets, weights, target);
        else if (lanes == 4) x = VerticalVectors<Lanes128, Vector128<int>>(source, offsets, weights, target);
        for (; x < n; x++)
        {
            int sum = Half;
            for (int j = 0; j < count; j++) sum += source[offsets[j] + x] * weights[j];
            target[x] = Clip(sum);
        }
    }

    // The whole vectors of a vertical row; returns where the scalar tail starts.
    private static int VerticalVectors<TLanes, TV>(ReadOnlySpan<byte> source, ReadOnlySpan<int> offsets, ReadOnlySpan<int> weights, Span<byte> target)
        where TLanes : struct, ILanes<TV>
        where TV : struct
    {
        int last = 0, x = 0, count = TLanes.Count;
        foreach (int offset in offsets) last = Math.Max(last, offset);
        // A load reads 16 bytes at x from every row (of which Count are used), a store writes Count at x: both in bounds
        // while x ≤ limit (the last row of the buffer leaves its final pixels to the scalar tail).
        long limit = Math.Min(target.Length - count, (long)source.Length - last - 16);
        ref byte src = ref MemoryMarshal.GetReference(source);
        ref byte dst = ref MemoryMarshal.GetReference(target);
        for (; x <= limit; x += count)
        {
            ref byte at = ref Unsafe.Add(ref src, x);
            TV sum = TLanes.MultiplyWidened(ref Unsafe.Add(ref at, offsets[0]), TLanes.Broadcast(weights[0]));
            for (int j = 1; j < offsets.Length; j++) sum = TLanes.Add(sum, TLanes.MultiplyWidened(ref Unsafe.Add(ref at, offsets[j]), TLanes.Broadcast(weights[j])));
            TLanes.StoreClipped(sum, ref Unsafe.Add(ref dst, x));
        }
        return x;
    }

    // Pillow's clip8: the sum in 22-bit fixed point, floored, clamped to a byte.
    private static byte Clip(int sum) => (byte)Math.Clamp(sum >> PrecisionBits, 0, 255);

    /// <summary>The integer vector operations of one width (<typeparamref name="TV"/>: its vector of ints): bytes widened to
    /// int lanes, multiply-accumulate, lane moves, and the rounded, clipped results narrowed back to bytes.</summary>
    private interface ILanes<TV> where TV : struct
    {
        static abstract int Count { get; }

        static abstract TV Load(ref int source);

        static abstract TV Broadcast(int value);

        static abstract TV Add(TV a, TV b);

        /// <summary>Count bytes from <paramref name="bytes"/> (reading 16), widened.</summary>
        static abstract TV Widen(ref byte bytes);

        /// <summary>Each lane v as the float (v / 255 − mean) / std (<see cref="Normalization"/>), stored at
        /// <paramref name="target"/>; <paramref name="constants"/> holds the lanes' means and stds negated, then the stds' reciprocals.</summary>
        static abstract void StoreNormalized(TV values, ref float target, ref float constants);

        /// <summary>Count bytes from <paramref name="bytes"/> (reading 16), widened, times the weights from
        /// <paramref name="weights"/>.</summary>
        static abstract TV MultiplyWidened(ref byte bytes, ref int weights);

        /// <summary>Count bytes from <paramref name="bytes"/>, widened, times <paramref name="weights"/>.</summary>
        static abstract TV MultiplyWidened(ref byte bytes, TV weights);

        /// <summary>Lane i of the result is lane lanes[i] of <paramref name="value"/> (indices in range).</summary>
        static abstract TV Permute(TV value, TV lanes);

        /// <summary>Lanes 0–3 rounded, clipped (Pillow's clip8) and packed into the bytes of a uint.</summary>
        static abstract uint ClipToBytes(TV sum);

        /// <summary>Lane <paramref name="k"/> rounded and clipped.</summary>
        static abstract byte ClipLane(TV sum, int k);

        /// <summary>Every lane rounded, clipped and stored as Count bytes.</summary>
        static abstract void StoreClipped(TV sum, ref byte target);

        /// <summary>Count / 4 pixels of three or four channels, one a 128-bit block (each block's lanes 0–3 its channels),
        /// rounded, clipped and stored as the pixels' bytes; with three channels the store runs Count / 4 bytes past them
        /// (the caller leaves room).</summary>
        static abstract void StorePixels(TV sum, ref byte target, int channels);

        /// <summary>Every lane shifted left by <paramref name="bits"/>.</summary>
        static abstract TV ShiftLeft(TV value, int bits);

        /// <summary>The 16 bytes of <paramref name="block"/> in every 128-bit block.</summary>
        static abstract TV Blocks(ReadOnlySpan<byte> block);

        /// <summary>Block i: the 16 bytes at <paramref name="cursor"/> + offsets[i].</summary>
        static abstract TV LoadBlocks(ref byte cursor, ref int offsets);

        /// <summary>Per 128-bit block, its bytes picked by <paramref name="indices"/> (an index with the top bit set: 0).</summary>
        static abstract TV ShuffleBlocks(TV bytes, TV indices);

        /// <summary><paramref name="sum"/> plus adjacent pairs of 16-bit lanes times the pairs of <paramref name="weights"/>,
        /// each pair's two products summed into an int lane (pmaddwd, or VNNI's vpdpwssd where it fuses the add).</summary>
        static abstract TV MultiplyAddPairs(TV sum, TV pairs, TV weights);
    }

    private struct Lanes512 : ILanes<Vector512<int>>
    {
        public static int Count => 16;

        public static Vector512<int> Load(ref int source) => Vector512.LoadUnsafe(ref source);

        public static Vector512<int> Broadcast(int value) => Vector512.Create(value);

        public static Vector512<int> Add(Vector512<int> a, Vector512<int> b) => a + b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void StoreNormalized(Vector512<int> values, ref float target, ref float constants) =>
            Normalization.Divided<Simd512<float>, Vector512<float>>(Vector512.ConvertToSingle(values), Vector512.LoadUnsafe(ref constants),
                Vector512.LoadUnsafe(ref constants, 16), Vector512.LoadUnsafe(ref constants, 32)).StoreUnsafe(ref target);

        public static Vector512<int> Widen(ref byte at) => Avx512F.IsSupported
            ? Avx512F.ConvertToVector512Int32(Vector128.LoadUnsafe(ref at))
            : Vector512.WidenLower(Vector512.WidenLower(Vector128.LoadUnsafe(ref at).ToVector256Unsafe().ToVector512Unsafe())).AsInt32();

        public static Vector512<int> MultiplyWidened(ref byte bytes, ref int weights) => Widen(ref bytes) * Vector512.LoadUnsafe(ref weights);

        public static Vector512<int> MultiplyWidened(ref byte bytes, Vector512<int> weights) => Widen(ref bytes) * weights;

        public static Vector512<int> Permute(Vector512<int> value, Vector512<int> lanes) =>
            Avx512F.IsSupported ? Avx512F.PermuteVar16x32(value, lanes) : Vector512.Shuffle(value, lanes);

        private static Vector512<int> Clip(Vector512<int> sum) =>
            Vector512.Min(Vector512.Max(Vector512.ShiftRightArithmetic(sum + Vector512.Create(Half), PrecisionBits), Vector512<int>.Zero), Vector512.Create(255));

        private static Vector128<byte> Narrow(Vector512<int> clipped)
        {
            if (Avx512F.IsSupported) return Avx512F.ConvertToVector128Byte(clipped);
            var shorts = Vector512.Narrow(clipped, clipped);
            return Vector512.Narrow(shorts, shorts).AsByte().GetLower().GetLower();
        }

        public static uint ClipToBytes(Vector512<int> sum) => Narrow(Clip(sum)).AsUInt32().ToScalar();

        public static byte ClipLane(Vector512<int> sum, int k) => (byte)Clip(sum).GetElement(k);

        public static void StoreClipped(Vector512<int> sum, ref byte target) => Narrow(Clip(sum)).StoreUnsafe(ref target);

        public static void StorePixels(Vector512<int> sum, ref byte target, int channels)
        {
            var bytes = Narrow(Clip(sum));
            (channels == 3 ? Lanes128.DropFourth(bytes) : bytes).StoreUnsafe(ref target);
        }

        public static Vector512<int> ShiftLeft(Vector512<int> value, int bits) => value << bits;

        public static Vector512<int> Blocks(ReadOnlySpan<byte> block)
        {
            var one = Lanes128.Blocks(block);
            return Vector512.Create(Vector256.Create(one, one), Vector256.Create(one, one));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<int> LoadBlocks(ref byte cursor, ref int offsets)
        {
            var lower = Lanes256.LoadBlocks(ref cursor, ref offsets);
            var upper = Lanes256.LoadBlocks(ref cursor, ref Unsafe.Add(ref offsets, 2));
            return Avx512F.IsSupported ? Avx512F.InsertVector256(lower.ToVector512Unsafe(), upper, 1) : Vector512.Create(lower, upper);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<int> ShuffleBlocks(Vector512<int> bytes, Vector512<int> indices) => Avx512BW.IsSupported
            ? Avx512BW.Shuffle(bytes.AsByte(), indices.AsByte()).AsInt32()
            : Vector512.Create(Lanes256.ShuffleBlocks(bytes.GetLower(), indices.GetLower()), Lanes256.ShuffleBlocks(bytes.GetUpper(), indices.GetUpper()));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<int> MultiplyAddPairs(Vector512<int> sum, Vector512<int> pairs, Vector512<int> weights) => Avx512BW.IsSupported
            ? sum + Avx512BW.MultiplyAddAdjacent(pairs.AsInt16(), weights.AsInt16())
            : Vector512.Create(Lanes256.MultiplyAddPairs(sum.GetLower(), pairs.GetLower(), weights.GetLower()),
                Lanes256.MultiplyAddPairs(sum.GetUpper(), pairs.GetUpper(), weights.GetUpper()));
    }

    private struct Lanes256 : ILanes<Vector256<int>>
    {
        public static int Count => 8;

        public static Vector256<int> Load(ref int source) => Vector256.LoadUnsafe(ref source);

        public static Vector256<int> Broadcast(int value) => Vector256.Create(value);

        public static Vector256<int> Add(Vector256<int> a, Vector256<int> b) => a + b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void StoreNormalized(Vector256<int> values, ref float target, ref float constants) =>
            Normalization.Divided<Simd256<float>, Vector256<float>>(Vector256.ConvertToSingle(values), Vector256.LoadUnsafe(ref constants),
                Vector256.LoadUnsafe(ref constants, 8), Vector256.LoadUnsafe(ref constants, 16)).StoreUnsafe(ref target);

        public static Vector256<int> Widen(ref byte at) => Avx2.IsSupported
            ? Avx2.ConvertToVector256Int32(Vector128.LoadUnsafe(ref at))
            : Vector256.WidenLower(Vector256.WidenLower(Vector128.LoadUnsafe(ref at).ToVector256Unsafe())).AsInt32();

        public static Vector256<int> MultiplyWidened(ref byte bytes, ref int weights) => Widen(ref bytes) * Vector256.LoadUnsafe(ref weights);

        public static Vector256<int> MultiplyWidened(ref byte bytes, Vector256<int> weights) => Widen(ref bytes) * weights;

        public static Vector256<int> Permute(Vector256<int> value, Vector256<int> lanes) =>
            Avx2.IsSupported ? Avx2.PermuteVar8x32(value, lanes) : Vector256.Shuffle(value, lanes);

        private static Vector256<int> Clip(Vector256<int> sum) =>
            Vector256.Min(Vector256.Max(Vector256.ShiftRightArithmetic(sum + Vector256.Create(Half), PrecisionBits), Vector256<int>.Zero), Vector256.Create(255));

        // The 8 lanes (each 0–255) as 8 bytes.
        private static ulong Narrow(Vector256<int> clipped)
        {
            var shorts = Vector256.Narrow(clipped, clipped);
            return Vector256.Narrow(shorts, shorts).AsUInt64().ToScalar();
        }

        public static uint ClipToBytes(Vector256<int> sum) => (uint)Narrow(Clip(sum));

        public static byte ClipLane(Vector256<int> sum, int k) => (byte)Clip(sum).GetElement(k);

        public static void StoreClipped(Vector256<int> sum, ref byte target) => Unsafe.WriteUnaligned(ref target, Narrow(Clip(sum)));

        public static void StorePixels(Vector256<int> sum, ref byte target, int channels)
        {
            ulong bytes = Narrow(Clip(sum));
            Unsafe.WriteUnaligned(ref target, channels == 3 ? (bytes & 0xFFFFFF) | ((bytes >> 8) & 0xFFFFFF000000) : bytes);
        }

        public static Vector256<int> ShiftLeft(Vector256<int> value, int bits) => value << bits;

        public static Vector256<int> Blocks(ReadOnlySpan<byte> block)
        {
            var one = Lanes128.Blocks(block);
            return Vector256.Create(one, one);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<int> LoadBlocks(ref byte cursor, ref int offsets)
        {
            var lower = Lanes128.LoadBlocks(ref cursor, ref offsets);
            var upper = Lanes128.LoadBlocks(ref cursor, ref Unsafe.Add(ref offsets, 1));
            return Avx2.IsSupported ? Avx2.InsertVector128(lower.ToVector256Unsafe(), upper, 1) : Vector256.Create(lower, upper);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<int> ShuffleBlocks(Vector256<int> bytes, Vector256<int> indices) => Avx2.IsSupported
            ? Avx2.Shuffle(bytes.AsByte(), indices.AsByte()).AsInt32()
            : Vector256.Create(Lanes128.ShuffleBlocks(bytes.GetLower(), indices.GetLower()), Lanes128.ShuffleBlocks(bytes.GetUpper(), indices.GetUpper()));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<int> MultiplyAddPairs(Vector256<int> sum, Vector256<int> pairs, Vector256<int> weights)
        {
            if (AvxVnni.IsSupported) return AvxVnni.MultiplyWideningAndAdd(sum, pairs.AsInt16(), weights.AsInt16());
            if (Avx2.IsSupported) return sum + Avx2.MultiplyAddAdjacent(pairs.AsInt16(), weights.AsInt16());
            return Vector256.Create(Lanes128.MultiplyAddPairs(sum.GetLower(), pairs.GetLower(), weights.GetLower()),
                Lanes128.MultiplyAddPairs(sum.GetUpper(), pairs.GetUpper(), weights.GetUpper()));
        }
    }

    private struct Lanes128 : ILanes<Vector128<int>>
    {
        public static int Count => 4;

        public static Vector128<int> Load(ref int source) => Vector128.LoadUnsafe(ref source);

        public static Vector128<int> Broadcast(int value) => Vector128.Create(value);

        public static Vector128<int> Add(Vector128<int> a, Vector128<int> b) => a + b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void StoreNormalized(Vector128<int> values, ref float target, ref float constants) =>
            Normalization.Divided<Simd128<float>, Vector128<float>>(Vector128.ConvertToSingle(values), Vector128.LoadUnsafe(ref constants),
                Vector128.LoadUnsafe(ref constants, 4), Vector128.LoadUnsafe(ref constants, 8)).StoreUnsafe(ref target);

        public static Vector128<int> Widen(ref byte at) => Sse41.IsSupported
            ? Sse41.ConvertToVector128Int32(Vector128.LoadUnsafe(ref at))
            : Vector128.WidenLower(Vector128.WidenLower(Vector128.LoadUnsafe(ref at))).AsInt32();

        public static Vector128<int> MultiplyWidened(ref byte bytes, ref int weights) => Widen(ref bytes) * Vector128.LoadUnsafe(ref weights);

        public static Vector128<int> MultiplyWidened(ref byte bytes, Vector128<int> weights) => Widen(ref bytes) * weights;

        public static Vector128<int> Permute(Vector128<int> value, Vector128<int> lanes) => Vector128.Shuffle(value, lanes);

        private static Vector128<int> Clip(Vector128<int> sum) =>
            Vector128.Min(Vector128.Max(Vector128.ShiftRightArithmetic(sum + Vector128.Create(Half), PrecisionBits), Vector128<int>.Zero), Vector128.Create(255));

        // The 4 lanes (each 0–255) as 4 bytes.
        private static uint Narrow(Vector128<int> clipped)
        {
            var shorts = Vector128.Narrow(clipped, clipped);
            return Vector128.Narrow(shorts, shorts).AsUInt32().ToScalar();
        }

        public static uint ClipToBytes(Vector128<int> sum) => Narrow(Clip(sum));

        public static byte ClipLane(Vector128<int> sum, int k) => (byte)Clip(sum).GetElement(k);

        public static void StoreClipped(Vector128<int> sum, ref byte target) => Unsafe.WriteUnaligned(ref target, Narrow(Clip(sum)));

        public static void StorePixels(Vector128<int> sum, ref byte target, int channels) => Unsafe.WriteUnaligned(ref target, Narrow(Clip(sum)));

        // Four pixels of four bytes as four of three (the last four bytes 0).
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<byte> DropFourth(Vector128<byte> pixels) =>
            Vector128.Shuffle(pixels, Vector128.Create((byte)0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13, 14, 0xFF, 0xFF, 0xFF, 0xFF));

        public static Vector128<int> ShiftLeft(Vector128<int> value, int bits) => value << bits;

        public static Vector128<int> Blocks(ReadOnlySpan<byte> block) => Vector128.Create(block).AsInt32();

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<int> LoadBlocks(ref byte cursor, ref int offsets) => Vector128.LoadUnsafe(ref cursor, (nuint)(uint)offsets).AsInt32();

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<int> ShuffleBlocks(Vector128<int> bytes, Vector128<int> indices)
        {
            if (Ssse3.IsSupported) return Ssse3.Shuffle(bytes.AsByte(), indices.AsByte()).AsInt32();
            if (AdvSimd.Arm64.IsSupported) return AdvSimd.Arm64.VectorTableLookup(bytes.AsByte(), indices.AsByte()).AsInt32();
            return Vector128.Shuffle(bytes.AsByte(), indices.AsByte()).AsInt32();   // an index past 15 gives 0 here too
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<int> MultiplyAddPairs(Vector128<int> sum, Vector128<int> pairs, Vector128<int> weights)
        {
            var data = pairs.AsInt16();
            var w = weights.AsInt16();
            if (AvxVnni.IsSupported) return AvxVnni.MultiplyWideningAndAdd(sum, data, w);
            if (Sse2.IsSupported) return sum + Sse2.MultiplyAddAdjacent(data, w);
            if (AdvSimd.Arm64.IsSupported)
                return sum + AdvSimd.Arm64.AddPairwise(AdvSimd.MultiplyWideningLower(data.GetLower(), w.GetLower()), AdvSimd.MultiplyWideningUpper(data, w));
            Vector128<int> low = Vector128.WidenLower(data) * Vector128.WidenLower(w), high = Vector128.WidenUpper(data) * Vector128.WidenUpper(w);
            return sum + Vector128.Create(low[0] + low[1], low[2] + low[3], high[0] + high[1], high[2] + high[3]);
        }
    }
}
