using System;
using System.Buffers;
using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Pooling.Kernels;

/// <summary>
/// F.interpolate(..., antialias=True) for bilinear and bicubic 2-D (docs/semantics.md §8.6): separable filter weights per axis
/// (triangle, or Keys cubic with a = −0.5), stretched by the scale when downsampling and normalised to sum 1; applied
/// along the width first, then the height, each pass skipped when that extent does not change — PyTorch's order.
/// Called by generated code; the weights depend on run-time extents, so they are computed once per call.
/// </summary>
/// <remarks>float planes take a vector path with the same operations in the same order (each output's products added
/// left to right, never reassociated): the width pass on blocks of 8 (or 4) rows transposed so that one vector holds the
/// same column of every row — an output is then one multiply-add per tap for the whole block — and the height pass
/// along each output row. <c>ReferenceAntialias</c> is the plain-loop oracle the tests hold it to, bit for bit.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class AntialiasResampler
{
    /// <summary>Resamples <paramref name="planes"/> planes of inH×inW to outH×outW (with <paramref name="channels"/> > 1:
    /// that many channels-last samples, every pixel a run of channels resampled like planes of their own).
    /// <paramref name="scaleH"/>/<paramref name="scaleW"/> are the kernels' scales (1/scale_factor, I/O, or (I−1)/(O−1)
    /// with align_corners).</summary>
    public static void Resample<T, TMath>(ReadOnlySpan<T> input, Span<T> output, int planes, int inH, int inW, int outH, int outW,
        TMath scaleH, TMath scaleW, bool cubic, int channels = 1)
        where T : INumber<T>
        where TMath : IFloatingPoint<TMath>
    {
        if (channels <= 0 || (long)planes * inH * inW * channels > input.Length || (long)planes * outH * outW * channels > output.Length)
            throw new ArgumentException("The extents do not fit the buffers.", nameof(planes));
        var (startW, countW, weightsW, widthW) = Weights(inW, outW, scaleW, cubic);
        var (startH, countH, weightsH, widthH) = Weights(inH, outH, scaleH, cubic);
        if (typeof(T) == typeof(float) && typeof(TMath) == typeof(float) && channels == 1)
        {
            var floats = new FloatPlanes(inH, inW, outH, outW, new Axis(startW, countW, (float[])(object)weightsW, widthW),
                new Axis(startH, countH, (float[])(object)weightsH, widthH));
            var from = MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(input)), input.Length);
            var to = MemoryMarshal.CreateSpan(ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(output)), output.Length);
            if (Avx.IsSupported) floats.Run<Simd256<float>, Vector256<float>>(from, to, planes);
            else floats.Run<Simd128<float>, Vector128<float>>(from, to, planes);
            return;
        }
        int c = channels;
        TMath[] rows = ArrayPool<TMath>.Shared.Rent(inH * outW * c);
        try
        {
            for (int plane = 0; plane < planes; plane++)
            {
                var source = input.Slice(plane * inH * inW * c, inH * inW * c);
                var target = output.Slice(plane * outH * outW * c, outH * outW * c);
                // Horizontal pass (or a plain copy when the width does not change); channel k of a pixel at p·c + k.
                for (int h = 0; h < inH; h++)
                for (int ow = 0; ow < outW; ow++)
                for (int k = 0; k < c; k++)
                {
                    if (inW == outW)
                    {
                        rows[(h * outW + ow) * c + k] = TMath.CreateTruncating(source[(h * inW + ow) * c + k]);
                        continue;
                    }
                    int first = h * inW + startW[ow];
                    TMath sum = TMath.CreateTruncating(source[first * c + k]) * weightsW[ow * widthW];
                    for (int j = 1; j < countW[ow]; j++) sum += TMath.CreateTruncating(source[(first + j) * c + k]) * weightsW[ow * widthW + j];
                    rows[(h * outW + ow) * c + k] = sum;
                }
                // Vertical pass.
                for (int oh = 0; oh < outH; oh++)
                for (int ow = 0; ow < outW; ow++)
                for (int k = 0; k < c; k++)
                {
                    if (inH == outH)
                    {
                        target[(oh * outW + ow) * c + k] = T.CreateTruncating(rows[(oh * outW + ow) * c + k]);
                        continue;
                    }
                    TMath sum = rows[(startH[oh] * outW + ow) * c + k] * weightsH[oh * widthH];
                    for (int j = 1; j < countH[oh]; j++) sum += rows[((startH[oh] + j) * outW + ow) * c + k] * weightsH[oh * widthH + j];
                    target[(oh * outW + ow) * c + k] = T.CreateTruncating(sum);
                }
            }
        }
        finally
        {
            ArrayPool<TMath>.Shared.Return(rows);
        }
    }

    /// <summary>PyTorch's _compute_weights_aa for one axis: first tap, tap count and normalised weights per output.</summary>
    public static (int[] Start, int[] Count, TMath[] Weights, int Width) Weights<TMath>(int input, int output, TMath scale, bool cubic)
        where TMath : IFloatingPoint<TMath>
    {
        double s = double.CreateTruncating(scale);
        double interp = cubic ? 4 : 2;
        double support = s >= 1.0 ? interp * 0.5 * s : interp * 0.5;
        double invScale = s >= 1.0 ? 1.0 / s : 1.0;
        int width = (int)Math.Ceiling(support) * 2 + 1;
        var start = new int[output];
        var count = new int[output];
        var weights = new TMath[output * width];
        for (int o = 0; o < output; o++)
        {
            double center = s * (o + 0.5);
            int min = Math.Max((int)(center - support + 0.5), 0);
            int size = Math.Min((int)(center + support + 0.5), input) - min;
            size = Math.Min(size, width);
            TMath total = TMath.Zero;
            for (int j = 0; j < size; j++)
            {
                TMath w = TMath.CreateTruncating(Filter((j + min - center + 0.5) * invScale, cubic));
                weights[o * width + j] = w;
                total += w;
            }
            if (total != TMath.Zero)
            {
                for (int j = 0; j < size; j++) weights[o * width + j] /= total;
            }
            start[o] = min;
            count[o] = Math.Max(size, 0);
        }
        return (start, count, weights, width);
    }

    // Triangle for bilinear; Keys' cubic with a = −0.5 for bicubic (PIL's, not the −0.75 of plain bicubic).
    private static double Filter(double x, bool cubic)
    {
        x = Math.Abs(x);
        if (!cubic) return x < 1 ? 1 - x : 0;
        const double a = -0.5;
        if (x < 1) return ((a + 2) * x - (a + 3)) * x * x + 1;
        if (x < 2) return (((x - 5) * x + 8) * x - 4) * a;
        return 0;
    }

    // One axis's taps: per output, first input index, tap count and weights (width apart).
    private readonly record struct Axis(int[] Start, int[] Count, float[] Weights, int Width);

    // float planes (NCHW): the vector form of Resample's loops.
    private readonly struct FloatPlanes(int inH, int inW, int outH, int outW, Axis columns, Axis rows)
    {
        public void Run<TBlock, TV>(ReadOnlySpan<float> input, Span<float> output, int planes)
            where TBlock : struct, ISimd<TV, float>
            where TV : struct
        {
            int block = TBlock.Count;
            float[] widthPass = ArrayPool<float>.Shared.Rent(inH * outW);
            float[] transposed = ArrayPool<float>.Shared.Rent(inW * block);
            float[] results = ArrayPool<float>.Shared.Rent(outW * block);
            try
            {
                for (int plane = 0; plane < planes; plane++)
                {
                    var source = input.Slice(plane * inH * inW, inH * inW);
                    var target = output.Slice(plane * outH * outW, outH * outW);
                    var buffer = widthPass.AsSpan(0, inH * outW);
                    if (inW == outW) source.CopyTo(buffer);
                    else WidthPass<TBlock, TV>(source, buffer, transposed, results);
                    if (inH == outH) buffer.CopyTo(target);
                    else HeightPass<TBlock, TV>(buffer, target);
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(widthPass);
                ArrayPool<float>.Shared.Return(transposed);
                ArrayPool<float>.Shared.Return(results);
            }
        }

        // Rows in blocks: transposed (column x of the block's rows at x·block), each output one vector of the block's rows.
        private void WidthPass<TBlock, TV>(ReadOnlySpan<float> source, Span<float> buffer, float[] transposed, float[] results)
            where TBlock : struct, ISimd<TV, float>
            where TV : struct
        {
            int block = TBlock.Count, h = 0;
            ref float weights = ref MemoryMarshal.GetArrayDataReference(columns.Weights);
            for (; h + block <= inH; h += block)
            {
                Transpose<TBlock, TV>(source.Slice(h * inW, block * inW), inW, transposed.AsSpan(0, inW * block));
                ref float x = ref MemoryMarshal.GetArrayDataReference(transposed);
                for (int o = 0; o < outW; o++)
                {
                    ref float taps = ref Unsafe.Add(ref x, columns.Start[o] * block);
                    ref float w = ref Unsafe.Add(ref weights, o * columns.Width);
                    TV sum = TBlock.Multiply(TBlock.Load(ref taps, 0), w);
                    for (int j = 1, count = columns.Count[o]; j < count; j++)
                        sum = TBlock.Add(sum, TBlock.Multiply(TBlock.Load(ref taps, j * block), Unsafe.Add(ref w, j)));
                    TBlock.Store(sum, ref results[0], o * block);
                }
                Transpose<TBlock, TV>(results.AsSpan(0, outW * block), block, buffer.Slice(h * outW, block * outW), outW);
            }
            for (; h < inH; h++)
            {
                // The rows a block does not fill: the same sums, one at a time.
                var row = source.Slice(h * inW, inW);
                for (int o = 0; o < outW; o++)
                {
                    int first = columns.Start[o];
                    float sum = row[first] * columns.Weights[o * columns.Width];
                    for (int j = 1; j < columns.Count[o]; j++) sum += row[first + j] * columns.Weights[o * columns.Width + j];
                    buffer[h * outW + o] = sum;
                }
            }
        }

        // Every output row: its taps' rows blended a vector of columns at a time.
        private void HeightPass<TBlock, TV>(ReadOnlySpan<float> buffer, Span<float> target)
            where TBlock : struct, ISimd<TV, float>
            where TV : struct
        {
            int block = TBlock.Count;
            ref float source = ref MemoryMarshal.GetReference(buffer);
            for (int oh = 0; oh < outH; oh++)
            {
                int first = rows.Start[oh], count = rows.Count[oh];
                var w = rows.Weights.AsSpan(oh * rows.Width, rows.Width);
                var line = target.Slice(oh * outW, outW);
                int x = 0;
                for (; x + block <= outW; x += block)
                {
                    ref float at = ref Unsafe.Add(ref source, first * outW + x);
                    TV sum = TBlock.Multiply(TBlock.Load(ref at, 0), w[0]);
                    for (int j = 1; j < count; j++) sum = TBlock.Add(sum, TBlock.Multiply(TBlock.Load(ref at, j * outW), w[j]));
                    TBlock.Store(sum, ref line[0], x);
                }
                for (; x < outW; x++)
                {
                    float sum = buffer[first * outW + x] * w[0];
                    for (int j = 1; j < count; j++) sum += buffer[(first + j) * outW + x] * w[j];
                    line[x] = sum;
                }
            }
        }

        // 'block' rows of n (from, row r at r·fromStride) to n rows of 'block' (to, row x at x·block), or back when
        // 'from' holds n rows of block and 'to' takes block rows of n (toStride apart).
        private static void Transpose<TBlock, TV>(ReadOnlySpan<float> from, int fromStride, Span<float> to, int toStride = -1)
            where TBlock : struct, ISimd<TV, float>
            where TV : struct
        {
            int block = TBlock.Count;
            bool forward = toStride < 0;
            int n = forward ? fromStride : toStride;
            if (from.Length < block * n || to.Length < block * n) throw new ArgumentException("A block does not fit its buffers.", nameof(to));
            ref float src = ref MemoryMarshal.GetReference(from);
            ref float dst = ref MemoryMarshal.GetReference(to);
            int x = 0;
            for (; x + block <= n; x += block)
            {
                if (forward) TransposeBlock<TV>(ref Unsafe.Add(ref src, x), fromStride, ref Unsafe.Add(ref dst, x * block), block);
                else TransposeBlock<TV>(ref Unsafe.Add(ref src, x * block), block, ref Unsafe.Add(ref dst, x), toStride);
            }
            for (; x < n; x++)
            for (int r = 0; r < block; r++)
            {
                if (forward) to[x * block + r] = from[r * fromStride + x];
                else to[r * toStride + x] = from[x * block + r];
            }
        }
    }

    // The Count×Count block at 'source' (rows sourceStride apart) written transposed at 'target' (rows targetStride apart):
    // the AVX 8×8 transpose for 256-bit vectors, the SSE 4×4 one for 128-bit, element by element without SSE.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void TransposeBlock<TV>(ref float source, int sourceStride, ref float target, int targetStride)
    {
        if (typeof(TV) == typeof(Vector256<float>)) Transpose8(ref source, sourceStride, ref target, targetStride);
        else Transpose4(ref source, sourceStride, ref target, targetStride);
    }

    // Interleave pairs, then quads, then the 128-bit halves.
    private static void Transpose8(ref float source, int sourceStride, ref float target, int targetStride)
    {
        Vector256<float> r0 = Vector256.LoadUnsafe(ref source), r1 = Vector256.LoadUnsafe(ref source, (nuint)sourceStride);
        Vector256<float> r2 = Vector256.LoadUnsafe(ref source, (nuint)(2 * sourceStride)), r3 = Vector256.LoadUnsafe(ref source, (nuint)(3 * sourceStride));
        Vector256<float> r4 = Vector256.LoadUnsafe(ref source, (nuint)(4 * sourceStride)), r5 = Vector256.LoadUnsafe(ref source, (nuint)(5 * sourceStride));
        Vector256<float> r6 = Vector256.LoadUnsafe(ref source, (nuint)(6 * sourceStride)), r7 = Vector256.LoadUnsafe(ref source, (nuint)(7 * sourceStride));
        Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1), t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5), t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);
        Vector256<float> s0 = Avx.Shuffle(t0, t2, 0x44), s1 = Avx.Shuffle(t0, t2, 0xEE), s2 = Avx.Shuffle(t1, t3, 0x44), s3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> s4 = Avx.Shuffle(t4, t6, 0x44), s5 = Avx.Shuffle(t4, t6, 0xEE), s6 = Avx.Shuffle(t5, t7, 0x44), s7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Permute2x128(s0, s4, 0x20).StoreUnsafe(ref target, 0);
        Avx.Permute2x128(s1, s5, 0x20).StoreUnsafe(ref target, (nuint)targetStride);
        Avx.Permute2x128(s2, s6, 0x20).StoreUnsafe(ref target, (nuint)(2 * targetStride));
        Avx.Permute2x128(s3, s7, 0x20).StoreUnsafe(ref target, (nuint)(3 * targetStride));
        Avx.Permute2x128(s0, s4, 0x31).StoreUnsafe(ref target, (nuint)(4 * targetStride));
        Avx.Permute2x128(s1, s5, 0x31).StoreUnsafe(ref target, (nuint)(5 * targetStride));
        Avx.Permute2x128(s2, s6, 0x31).StoreUnsafe(ref target, (nuint)(6 * targetStride));
        Avx.Permute2x128(s3, s7, 0x31).StoreUnsafe(ref target, (nuint)(7 * targetStride));
    }

    private static void Transpose4(ref float source, int sourceStride, ref float target, int targetStride)
    {
        if (Sse.IsSupported)
        {
            Vector128<float> r0 = Vector128.LoadUnsafe(ref source), r1 = Vector128.LoadUnsafe(ref source, (nuint)sourceStride);
            Vector128<float> r2 = Vector128.LoadUnsafe(ref source, (nuint)(2 * sourceStride)), r3 = Vector128.LoadUnsafe(ref source, (nuint)(3 * sourceStride));
            Vector128<float> t0 = Sse.UnpackLow(r0, r1), t1 = Sse.UnpackLow(r2, r3), t2 = Sse.UnpackHigh(r0, r1), t3 = Sse.UnpackHigh(r2, r3);
            Sse.MoveLowToHigh(t0, t1).StoreUnsafe(ref target);
            Sse.MoveHighToLow(t1, t0).StoreUnsafe(ref target, (nuint)targetStride);
            Sse.MoveLowToHigh(t2, t3).StoreUnsafe(ref target, (nuint)(2 * targetStride));
            Sse.MoveHighToLow(t3, t2).StoreUnsafe(ref target, (nuint)(3 * targetStride));
            return;
        }
        for (int r = 0; r < 4; r++)
        for (int x = 0; x < 4; x++)
            Unsafe.Add(ref target, x * targetStride + r) = Unsafe.Add(ref source, r * sourceStride + x);
    }
}
