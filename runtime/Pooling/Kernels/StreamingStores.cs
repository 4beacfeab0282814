using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Pooling.Kernels;

/// <summary>
/// Copies into an output that will not be read again soon, with non-temporal stores: whole cache lines go to memory
/// without first being read into the cache (an ordinary store reads each line it writes), which is up to a third of the
/// traffic of a large output. The lines at either end that the target only partly covers are written with ordinary stores
/// (a neighbour may be writing the rest of them). x86 only; elsewhere an ordinary copy. Streaming stores are weakly
/// ordered: a caller calls <see cref="Fence"/> after its last copy, before its output is handed to anything else.
/// </summary>
internal static class StreamingStores
{
    public static unsafe void Copy<T>(ReadOnlySpan<T> source, Span<T> target) where T : unmanaged
    {
        if (source.Length > target.Length) throw new ArgumentException("The target is shorter than the source.", nameof(target));
        int bytes = source.Length * Unsafe.SizeOf<T>();
        if (!Sse.IsSupported || bytes < 128)
        {
            source.CopyTo(target);
            return;
        }
        ref byte from = ref Unsafe.As<T, byte>(ref MemoryMarshal.GetReference(source));
        // Pinned: the stores take an address.
        fixed (byte* to = &Unsafe.As<T, byte>(ref MemoryMarshal.GetReference(target)))
        {
            // Ordinary stores up to the first 64-byte boundary of the target and after the last.
            int head = (int)((64 - ((nuint)to & 63)) & 63);
            int lines = (bytes - head) / 64, tail = head + lines * 64;
            Bytes(ref from, ref *to, head);
            byte* t = to + head;
            ref byte f = ref Unsafe.Add(ref from, head);
            for (int i = 0; i < lines; i++, t += 64, f = ref Unsafe.Add(ref f, 64))
            {
                if (Vector512.IsHardwareAccelerated)
                {
                    Vector512.LoadUnsafe(ref f).StoreAlignedNonTemporal(t);
                }
                else if (Avx.IsSupported)
                {
                    Vector256.LoadUnsafe(ref f).StoreAlignedNonTemporal(t);
                    Vector256.LoadUnsafe(ref f, 32).StoreAlignedNonTemporal(t + 32);
                }
                else
                {
                    for (int k = 0; k < 64; k += 16) Vector128.LoadUnsafe(ref f, (nuint)k).StoreAlignedNonTemporal(t + k);
                }
            }
            Bytes(ref Unsafe.Add(ref from, tail), ref to[tail], bytes - tail);
        }
    }

    /// <summary>Orders the streaming stores before what follows (a no-op where there are none).</summary>
    public static void Fence()
    {
        if (Sse.IsSupported) Sse.StoreFence();
    }

    // Less than a cache line, element by element (a call to memmove costs more than these few bytes).
    private static void Bytes(ref byte from, ref byte to, int count)
    {
        int i = 0;
        for (; i + 4 <= count; i += 4) Unsafe.WriteUnaligned(ref Unsafe.Add(ref to, i), Unsafe.ReadUnaligned<int>(ref Unsafe.Add(ref from, i)));
        for (; i < count; i++) Unsafe.Add(ref to, i) = Unsafe.Add(ref from, i);
    }
}
