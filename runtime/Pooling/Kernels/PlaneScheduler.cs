using System;
using System.ComponentModel;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;

namespace Pooling.Kernels;

/// <summary>
/// The multi-core driver of kernels declared with <c>Parallel = true</c>. A generated kernel counts its work units
/// (planes, or output rows of planes when the family splits rows), asks <see cref="Degree"/> how many threads the call
/// is worth, and when that is more than one hands <see cref="Run{TA,TB,TState}"/> its buffers and a static function over
/// a unit range. Each thread gets one contiguous range and writes outputs no other thread touches, with the same loop
/// as the serial kernel over those outputs: results are bit-identical to a serial call.
/// </summary>
/// <remarks>
/// Spans cannot reach the thread pool, so the buffers are pinned here for the duration of the call and each thread
/// sees them again as spans of the same length. Argument validation runs in the generated method before this is
/// called: nothing throws on a worker.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class PlaneScheduler
{
    private static long s_minimumElementsPerThread = DefaultMinimumElementsPerThread;

    /// <summary>The default of <see cref="MinimumElementsPerThread"/>: 2^16 elements, tens of microseconds of a
    /// streaming kernel, several times the cost of handing work to the thread pool and waiting for it
    /// (measured in docs/benchmarks.md).</summary>
    public const long DefaultMinimumElementsPerThread = 1 << 16;

    /// <summary>Elements read plus written below which another thread is not worth starting. A tuning knob (tests set
    /// it to 1 so that small shapes split too); it never changes results, only how a call is split.</summary>
    public static long MinimumElementsPerThread
    {
        get => Volatile.Read(ref s_minimumElementsPerThread);
        set => Volatile.Write(ref s_minimumElementsPerThread, Math.Max(1, value));
    }

    /// <summary>A kernel's body over work units [<paramref name="first"/>, <paramref name="end"/>).</summary>
    public delegate void Range<TA, TB, TState>(ReadOnlySpan<TA> a, Span<TB> b, TState state, int first, int end);

    /// <summary>A body with a third buffer that is written (pooling indices).</summary>
    public delegate void Range<TA, TB, TC, TState>(ReadOnlySpan<TA> a, Span<TB> b, Span<TC> c, TState state, int first, int end);

    /// <summary>A body with a second buffer that is read (unpooling indices).</summary>
    public delegate void ReadRange<TA, TB, TC, TState>(ReadOnlySpan<TA> a, ReadOnlySpan<TB> b, Span<TC> c, TState state, int first, int end);

    /// <summary>A kernel body over units [first, end) with three read buffers and one written (RoIAlign with ONNX's batch indices).</summary>
    public delegate void ReadRange<TA, TB, TC, TD, TState>(ReadOnlySpan<TA> a, ReadOnlySpan<TB> b, ReadOnlySpan<TC> c, Span<TD> d, TState state, int first, int end);

    /// <summary>
    /// Threads worth using for <paramref name="units"/> work units that move <paramref name="elements"/> elements in all:
    /// at most <paramref name="maxDegree"/> (0: the processor count), one unit each at least, and
    /// <see cref="MinimumElementsPerThread"/> each. One means: run serially, on the calling thread.
    /// </summary>
    public static int Degree(int units, long elements, int maxDegree)
    {
        long minimum = MinimumElementsPerThread;
        if (units < 2 || elements < 2 * minimum) return t_lastDegree = 1;   // the common small call: no division, no thread
        long threads = maxDegree > 0 ? maxDegree : Environment.ProcessorCount;
        threads = Math.Min(threads, Math.Min(units, elements / minimum));
        return t_lastDegree = threads < 2 ? 1 : (int)threads;
    }

    [ThreadStatic] private static int t_lastDegree;

    /// <summary>The degree <see cref="Degree"/> last chose on the calling thread (1: that call ran serially). What a
    /// test reads to see that a call split; it never changes how a kernel computes.</summary>
    public static int LastDegree => t_lastDegree;

    /// <summary>The units of chunk <paramref name="index"/> of <paramref name="chunks"/>: contiguous, sizes differing by at most one.</summary>
    public static (int First, int End) Chunk(int units, int chunks, int index)
    {
        int size = units / chunks, extra = units % chunks;
        int first = index * size + Math.Min(index, extra);
        return (first, first + size + (index < extra ? 1 : 0));
    }

    /// <summary>Runs <paramref name="body"/> over <paramref name="units"/> units split into <paramref name="degree"/> chunks.</summary>
    public static unsafe void Run<TA, TB, TState>(ReadOnlySpan<TA> a, Span<TB> b, TState state, int units, int degree, Range<TA, TB, TState> body)
        where TA : unmanaged where TB : unmanaged
    {
        fixed (TA* pa = a)
        fixed (TB* pb = b)
        {
            nint ia = (nint)pa, ib = (nint)pb;
            int la = a.Length, lb = b.Length;
            ForChunks(units, degree, (first, end) => body(new ReadOnlySpan<TA>((void*)ia, la), new Span<TB>((void*)ib, lb), state, first, end));
        }
    }

    /// <summary>As <see cref="Run{TA,TB,TState}"/>, with a written third buffer.</summary>
    public static unsafe void Run<TA, TB, TC, TState>(ReadOnlySpan<TA> a, Span<TB> b, Span<TC> c, TState state, int units, int degree, Range<TA, TB, TC, TState> body)
        where TA : unmanaged where TB : unmanaged where TC : unmanaged
    {
        fixed (TA* pa = a)
        fixed (TB* pb = b)
        fixed (TC* pc = c)
        {
            nint ia = (nint)pa, ib = (nint)pb, ic = (nint)pc;
            int la = a.Length, lb = b.Length, lc = c.Length;
            ForChunks(units, degree, (first, end) => body(new ReadOnlySpan<TA>((void*)ia, la), new Span<TB>((void*)ib, lb), new Span<TC>((void*)ic, lc), state, first, end));
        }
    }

    /// <summary>As <see cref="Run{TA,TB,TState}"/>, with a read second buffer.</summary>
    public static unsafe void Run<TA, TB, TC, TState>(ReadOnlySpan<TA> a, ReadOnlySpan<TB> b, Span<TC> c, TState state, int units, int degree, ReadRange<TA, TB, TC, TState> body)
        where TA : unmanaged where TB : unmanaged where TC : unmanaged
    {
        fixed (TA* pa = a)
        fixed (TB* pb = b)
        fixed (TC* pc = c)
        {
            nint ia = (nint)pa, ib = (nint)pb, ic = (nint)pc;
            int la = a.Length, lb = b.Length, lc = c.Length;
            ForChunks(units, degree, (first, end) => body(new ReadOnlySpan<TA>((void*)ia, la), new ReadOnlySpan<TB>((void*)ib, lb), new Span<TC>((void*)ic, lc), state, first, end));
        }
    }

    /// <summary>As <see cref="Run{TA,TB,TState}"/>, with three read buffers.</summary>
    public static unsafe void Run<TA, TB, TC, TD, TState>(ReadOnlySpan<TA> a, ReadOnlySpan<TB> b, ReadOnlySpan<TC> c, Span<TD> d, TState state, int units, int degree,
        ReadRange<TA, TB, TC, TD, TState> body)
        where TA : unmanaged where TB : unmanaged where TC : unmanaged where TD : unmanaged
    {
        fixed (TA* pa = a)
        fixed (TB* pb = b)
        fixed (TC* pc = c)
        fixed (TD* pd = d)
        {
            nint ia = (nint)pa, ib = (nint)pb, ic = (nint)pc, id = (nint)pd;
            int la = a.Length, lb = b.Length, lc = c.Length, ld = d.Length;
            ForChunks(units, degree, (first, end) => body(new ReadOnlySpan<TA>((void*)ia, la), new ReadOnlySpan<TB>((void*)ib, lb),
                new ReadOnlySpan<TC>((void*)ic, lc), new Span<TD>((void*)id, ld), state, first, end));
        }
    }

    // The units in 'degree' contiguous chunks on the thread pool, the calling thread taking one; then ThrowFirst.
    private static void ForChunks(int units, int degree, Action<int, int> chunk)
    {
        var errors = new Exception?[degree];
        Parallel.For(0, degree, new ParallelOptions { MaxDegreeOfParallelism = degree }, index =>
        {
            var (first, end) = Chunk(units, degree, index);
            try
            {
                chunk(first, end);
            }
            catch (Exception e)
            {
                errors[index] = e;
            }
        });
        ThrowFirst(errors);
    }

    /// <summary>A body throws only for data the serial kernel also rejects (an unpooling index out of range). The serial
    /// kernel reports the first such element; so does this: the exception of the lowest chunk that threw, as itself.</summary>
    private static void ThrowFirst(Exception?[] errors)
    {
        foreach (var error in errors)
        {
            if (error is not null) ExceptionDispatchInfo.Capture(error).Throw();
        }
    }
}
