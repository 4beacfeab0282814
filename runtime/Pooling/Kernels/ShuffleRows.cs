using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Pooling.Kernels;

/// <summary>
/// Pixel shuffle by 2 moves whole rows: an output row of <c>PixelShuffle(2)</c> is two input rows (channels
/// c·4 + i·2 and c·4 + i·2 + 1) interleaved element by element, and <c>PixelUnshuffle(2)</c> splits an input row into its
/// even and odd elements. Elements are moved as bits (any type): 128-bit unpacks and byte shuffles (SSE2/SSSE3 or
/// AdvSimd), element by element without them.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ShuffleRows
{
    /// <summary><paramref name="output"/> = a₀ b₀ a₁ b₁ …; <paramref name="output"/> is twice as long as each input.</summary>
    public static void Interleave<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> output) where T : unmanaged
    {
        if (b.Length != a.Length || output.Length != 2 * a.Length) throw new ArgumentException("The output row must be the two input rows' length.", nameof(output));
        ref byte fromA = ref MemoryMarshal.GetReference(MemoryMarshal.AsBytes(a));
        ref byte fromB = ref MemoryMarshal.GetReference(MemoryMarshal.AsBytes(b));
        ref byte to = ref MemoryMarshal.GetReference(MemoryMarshal.AsBytes(output));
        int size = Unsafe.SizeOf<T>(), bytes = a.Length * size, i = 0;
        if (ByteShuffle.IsAccelerated)
        {
            for (; i + 16 <= bytes; i += 16)
            {
                var va = Vector128.LoadUnsafe(ref fromA, (nuint)i);
                var vb = Vector128.LoadUnsafe(ref fromB, (nuint)i);
                Lanes.Zip(va, vb, size, high: false).StoreUnsafe(ref to, (nuint)(2 * i));
                Lanes.Zip(va, vb, size, high: true).StoreUnsafe(ref to, (nuint)(2 * i + 16));
            }
        }
        for (int e = i / size; e < a.Length; e++)
        {
            output[2 * e] = a[e];
            output[2 * e + 1] = b[e];
        }
    }

    /// <summary><paramref name="even"/> = x₀ x₂ x₄ …, <paramref name="odd"/> = x₁ x₃ x₅ …; each half the input's length.</summary>
    public static void Deinterleave<T>(ReadOnlySpan<T> input, Span<T> even, Span<T> odd) where T : unmanaged
    {
        if (even.Length != odd.Length || input.Length != 2 * even.Length) throw new ArgumentException("The input row must be the two output rows' length.", nameof(input));
        ref byte from = ref MemoryMarshal.GetReference(MemoryMarshal.AsBytes(input));
        ref byte toEven = ref MemoryMarshal.GetReference(MemoryMarshal.AsBytes(even));
        ref byte toOdd = ref MemoryMarshal.GetReference(MemoryMarshal.AsBytes(odd));
        int size = Unsafe.SizeOf<T>(), bytes = even.Length * size, i = 0;
        if (size == 4 && (Vector512.IsHardwareAccelerated || Vector256.IsHardwareAccelerated))
        {
            // 4-byte elements: one lane permute per vector puts its even elements in the low half and its odd ones in the
            // high half; two such vectors' halves side by side are a vector of evens and one of odds.
            ref uint source = ref Unsafe.As<byte, uint>(ref from);
            ref uint evens = ref Unsafe.As<byte, uint>(ref toEven);
            ref uint odds = ref Unsafe.As<byte, uint>(ref toOdd);
            int e = 0, n = even.Length;
            if (Vector512.IsHardwareAccelerated)
            {
                var split = Vector512.Create(0u, 2, 4, 6, 8, 10, 12, 14, 1, 3, 5, 7, 9, 11, 13, 15);
                for (; e + 16 <= n; e += 16)
                {
                    var a = Vector512.Shuffle(Vector512.LoadUnsafe(ref source, (nuint)(2 * e)), split);
                    var b = Vector512.Shuffle(Vector512.LoadUnsafe(ref source, (nuint)(2 * e + 16)), split);
                    Vector512.Create(a.GetLower(), b.GetLower()).StoreUnsafe(ref evens, (nuint)e);
                    Vector512.Create(a.GetUpper(), b.GetUpper()).StoreUnsafe(ref odds, (nuint)e);
                }
            }
            var split8 = Vector256.Create(0u, 2, 4, 6, 1, 3, 5, 7);
            for (; e + 8 <= n; e += 8)
            {
                var a = Vector256.Shuffle(Vector256.LoadUnsafe(ref source, (nuint)(2 * e)), split8);
                var b = Vector256.Shuffle(Vector256.LoadUnsafe(ref source, (nuint)(2 * e + 8)), split8);
                Vector256.Create(a.GetLower(), b.GetLower()).StoreUnsafe(ref evens, (nuint)e);
                Vector256.Create(a.GetUpper(), b.GetUpper()).StoreUnsafe(ref odds, (nuint)e);
            }
            i = e * 4;
        }
        if (ByteShuffle.IsAccelerated)
        {
            // Each 16 input bytes: their even elements to the low 8 bytes, odd to the high 8; then two such halves
            // side by side are 16 even and 16 odd output bytes.
            var split = Split<T>.Pattern;
            for (; i + 16 <= bytes; i += 16)
            {
                var v0 = ByteShuffle.Lookup(Vector128.LoadUnsafe(ref from, (nuint)(2 * i)), split).AsUInt64();
                var v1 = ByteShuffle.Lookup(Vector128.LoadUnsafe(ref from, (nuint)(2 * i + 16)), split).AsUInt64();
                Lanes.Zip64(v0, v1, high: false).AsByte().StoreUnsafe(ref toEven, (nuint)i);
                Lanes.Zip64(v0, v1, high: true).AsByte().StoreUnsafe(ref toOdd, (nuint)i);
            }
        }
        for (int e = i / size; e < even.Length; e++)
        {
            even[e] = input[2 * e];
            odd[e] = input[2 * e + 1];
        }
    }

    /// <summary>
    /// PixelShuffle (or PixelUnshuffle) by <paramref name="factor"/> of one channels-last sample, output rows
    /// [<paramref name="first"/>, <paramref name="end"/>): <c>y[h·r+i, w·r+j, c] = x[h, w, c·r² + i·r + j]</c> and its
    /// inverse, moved element by element with no transposition to channels-first. <paramref name="channels"/>,
    /// <paramref name="height"/> and <paramref name="width"/> are the input's; both spans are the sample.
    /// </summary>
    public static void ChannelsLast<T>(ReadOnlySpan<T> input, Span<T> output, int factor, bool unshuffle, int channels, int height, int width,
        int first, int end)
    {
        int r = factor, rr = factor * factor;
        if (r <= 0 || channels <= 0 || height <= 0 || width <= 0 || (long)channels * height * width != input.Length || output.Length != input.Length
            || (unshuffle ? height % r != 0 || width % r != 0 : channels % rr != 0) || first < 0 || first > end || end > (unshuffle ? height / r : height * r))
            throw new ArgumentException("The sample does not match its extents and factor.", nameof(input));
        ref T x = ref MemoryMarshal.GetReference(input);
        ref T y = ref MemoryMarshal.GetReference(output);
        bool transpose = r == 2 && Unsafe.SizeOf<T>() == 4 && (Sse2.IsSupported || AdvSimd.Arm64.IsSupported);
        if (!unshuffle)
        {
            // Output row oh = h·r + i: pixel w·r + j takes channels i·r + j, i·r + j + r², … of input pixel (h, w).
            int outChannels = channels / rr, outWidth = width * r;
            for (int oh = first; oh < end; oh++)
            {
                if (transpose && oh % 2 == 0 && oh + 1 < end)
                {
                    // Both output rows of input row h = oh / 2 at once: each pixel's channels, four output channels at a
                    // time, are a 4×4 transpose whose columns are the pixels (2w, 2w + 1) of rows 2h and 2h + 1.
                    ref byte from = ref Unsafe.As<T, byte>(ref Unsafe.Add(ref x, (nint)(oh / 2) * width * channels));
                    ref byte top = ref Unsafe.As<T, byte>(ref Unsafe.Add(ref y, (nint)oh * outWidth * outChannels));
                    ref byte bottom = ref Unsafe.Add(ref top, (nint)outWidth * outChannels * 4);
                    for (int w = 0; w < width; w++)
                    {
                        nint pixel = (nint)w * channels * 4, left = (nint)w * 2 * outChannels * 4, right = left + outChannels * 4;
                        int c = 0;
                        for (; c + 4 <= outChannels; c += 4)
                        {
                            Lanes.Transpose4(ref Unsafe.Add(ref from, pixel + c * 16), out var p0, out var p1, out var p2, out var p3);
                            p0.StoreUnsafe(ref top, (nuint)(left + c * 4));
                            p1.StoreUnsafe(ref top, (nuint)(right + c * 4));
                            p2.StoreUnsafe(ref bottom, (nuint)(left + c * 4));
                            p3.StoreUnsafe(ref bottom, (nuint)(right + c * 4));
                        }
                        for (; c < outChannels; c++)
                        {
                            Unsafe.As<byte, int>(ref Unsafe.Add(ref top, left + c * 4)) = Unsafe.As<byte, int>(ref Unsafe.Add(ref from, pixel + c * 16));
                            Unsafe.As<byte, int>(ref Unsafe.Add(ref top, right + c * 4)) = Unsafe.As<byte, int>(ref Unsafe.Add(ref from, pixel + c * 16 + 4));
                            Unsafe.As<byte, int>(ref Unsafe.Add(ref bottom, left + c * 4)) = Unsafe.As<byte, int>(ref Unsafe.Add(ref from, pixel + c * 16 + 8));
                            Unsafe.As<byte, int>(ref Unsafe.Add(ref bottom, right + c * 4)) = Unsafe.As<byte, int>(ref Unsafe.Add(ref from, pixel + c * 16 + 12));
                        }
                    }
                    oh++;
                    continue;
                }
                nint source = (nint)(oh / r) * width * channels + (oh % r) * r;
                nint target = (nint)oh * outWidth * outChannels;
                for (int w = 0; w < width; w++, source += channels)
                for (int j = 0; j < r; j++, target += outChannels)
                for (int c = 0; c < outChannels; c++)
                    Unsafe.Add(ref y, target + c) = Unsafe.Add(ref x, source + j + (nint)c * rr);
            }
            return;
        }
        // Output row oh: pixel ow's channel c·r² + i·r + j is channel c of input pixel (oh·r + i, ow·r + j).
        int inChannels = channels, outW = width / r, outC = channels * rr;
        if (transpose)
        {
            // By 2: four input channels of the four pixels (2oh + i, 2ow + j) are a 4×4 transpose whose columns are the
            // output channels 4c … 4c + 3 of pixel ow, sixteen contiguous elements.
            for (int oh = first; oh < end; oh++)
            {
                ref byte upper = ref Unsafe.As<T, byte>(ref Unsafe.Add(ref x, (nint)(2 * oh) * width * inChannels));
                ref byte lower = ref Unsafe.Add(ref upper, (nint)width * inChannels * 4);
                ref byte to = ref Unsafe.As<T, byte>(ref Unsafe.Add(ref y, (nint)oh * outW * outC));
                for (int ow = 0; ow < outW; ow++)
                {
                    nint left = (nint)(2 * ow) * inChannels * 4, right = left + inChannels * 4, target = (nint)ow * outC * 4;
                    int c = 0;
                    for (; c + 4 <= inChannels; c += 4)
                    {
                        Lanes.Transpose4(Vector128.LoadUnsafe(ref upper, (nuint)(left + c * 4)), Vector128.LoadUnsafe(ref upper, (nuint)(right + c * 4)),
                            Vector128.LoadUnsafe(ref lower, (nuint)(left + c * 4)), Vector128.LoadUnsafe(ref lower, (nuint)(right + c * 4)),
                            out var q0, out var q1, out var q2, out var q3);
                        q0.StoreUnsafe(ref to, (nuint)(target + c * 16));
                        q1.StoreUnsafe(ref to, (nuint)(target + c * 16 + 16));
                        q2.StoreUnsafe(ref to, (nuint)(target + c * 16 + 32));
                        q3.StoreUnsafe(ref to, (nuint)(target + c * 16 + 48));
                    }
                    for (; c < inChannels; c++)
                    {
                        Unsafe.As<byte, int>(ref Unsafe.Add(ref to, target + c * 16)) = Unsafe.As<byte, int>(ref Unsafe.Add(ref upper, left + c * 4));
                        Unsafe.As<byte, int>(ref Unsafe.Add(ref to, target + c * 16 + 4)) = Unsafe.As<byte, int>(ref Unsafe.Add(ref upper, right + c * 4));
                        Unsafe.As<byte, int>(ref Unsafe.Add(ref to, target + c * 16 + 8)) = Unsafe.As<byte, int>(ref Unsafe.Add(ref lower, left + c * 4));
                        Unsafe.As<byte, int>(ref Unsafe.Add(ref to, target + c * 16 + 12)) = Unsafe.As<byte, int>(ref Unsafe.Add(ref lower, right + c * 4));
                    }
                }
            }
            return;
        }
        for (int oh = first; oh < end; oh++)
        for (int i = 0; i < r; i++)
        {
            nint source = (nint)(oh * r + i) * width * inChannels;
            nint target = (nint)oh * outW * outC + i * r;
            for (int ow = 0; ow < outW; ow++, target += outC)
            for (int j = 0; j < r; j++, source += inChannels)
            for (int c = 0; c < inChannels; c++)
                Unsafe.Add(ref y, target + j + (nint)c * rr) = Unsafe.Add(ref x, source + c);
        }
    }

    /// <summary>
    /// ONNX DepthToSpace in DCR mode (or SpaceToDepth, with <paramref name="spaceToDepth"/>) by <paramref name="factor"/> of
    /// one channels-last sample, output rows [<paramref name="first"/>, <paramref name="end"/>):
    /// <c>y[h·r+i, w·r+j, c] = x[h, w, (i·r + j)·C + c]</c> and its inverse. In this layout each output pixel's channels are
    /// one contiguous run of the input's, so every pixel is one block copy. <paramref name="channels"/>,
    /// <paramref name="height"/> and <paramref name="width"/> are the input's; both spans are the sample.
    /// </summary>
    public static void ChannelsLastBlockFirst<T>(ReadOnlySpan<T> input, Span<T> output, int factor, bool spaceToDepth, int channels, int height, int width,
        int first, int end)
    {
        int r = factor, rr = factor * factor;
        if (r <= 0 || channels <= 0 || height <= 0 || width <= 0 || (long)channels * height * width != input.Length || output.Length != input.Length
            || (spaceToDepth ? height % r != 0 || width % r != 0 : channels % rr != 0) || first < 0 || first > end || end > (spaceToDepth ? height / r : height * r))
            throw new ArgumentException("The sample does not match its extents and factor.", nameof(input));
        if (!spaceToDepth)
        {
            // Output row oh = h·r + i: pixel w·r + j is the run (i·r + j)·C … + C of input pixel (h, w).
            int outChannels = channels / rr, outWidth = width * r;
            for (int oh = first; oh < end; oh++)
            {
                int rowStart = (oh / r) * width * channels + (oh % r) * r * outChannels;
                var row = output.Slice(oh * outWidth * outChannels, outWidth * outChannels);
                for (int w = 0; w < width; w++)
                    input.Slice(rowStart + w * channels, r * outChannels).CopyTo(row.Slice(w * r * outChannels, r * outChannels));
            }
            return;
        }
        // Output row oh: pixel ow's run (i·r + j)·C … + C is input pixel (oh·r + i, ow·r + j); for each i, the r pixels
        // ow·r … ow·r + r − 1 of input row oh·r + i are one run of r·C.
        int outW = width / r, outC = channels * rr;
        for (int oh = first; oh < end; oh++)
        for (int i = 0; i < r; i++)
        {
            var source = input.Slice((oh * r + i) * width * channels, width * channels);
            for (int ow = 0; ow < outW; ow++)
                source.Slice(ow * r * channels, r * channels).CopyTo(output.Slice((oh * outW + ow) * outC + i * r * channels, r * channels));
        }
    }

    // Byte j < 8: byte j % size of even element j / size; byte j ≥ 8: of odd element (j − 8) / size.
    private static class Split<T> where T : unmanaged
    {
        public static readonly Vector128<byte> Pattern = Create();

        private static Vector128<byte> Create()
        {
            int size = Unsafe.SizeOf<T>();
            Span<byte> bytes = stackalloc byte[16];
            for (int j = 0; j < 16; j++)
            {
                int element = 2 * ((j % 8) / size) + (j < 8 ? 0 : 1);
                bytes[j] = (byte)(element * size + j % size);
            }
            return Vector128.Create((ReadOnlySpan<byte>)bytes);
        }
    }
}
