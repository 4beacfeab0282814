using System.Reflection;

namespace Pooling.Generators.Tests.Infrastructure;

/// <summary>Calls a generated kernel found by reflection: spans cannot be boxed for MethodInfo.Invoke, so the method is
/// bound to a typed delegate of the matching shape first.</summary>
internal static class Invoker
{
    private delegate void Kernel1<T>(ReadOnlySpan<T> x, Span<T> y, int w);
    private delegate void Kernel2<T>(ReadOnlySpan<T> x, Span<T> y, int h, int w);
    private delegate void Kernel3<T>(ReadOnlySpan<T> x, Span<T> y, int d, int h, int w);
    private delegate void Indexed1<T>(ReadOnlySpan<T> x, Span<T> y, Span<long> i, int w);
    private delegate void Indexed2<T>(ReadOnlySpan<T> x, Span<T> y, Span<long> i, int h, int w);
    private delegate void Indexed3<T>(ReadOnlySpan<T> x, Span<T> y, Span<long> i, int d, int h, int w);

    public static void Call<T>(MethodInfo method, T[] input, T[] output, long[]? indices, int[] extents)
    {
        switch (extents.Length, indices is null)
        {
            case (1, true): method.CreateDelegate<Kernel1<T>>()(input, output, extents[0]); break;
            case (2, true): method.CreateDelegate<Kernel2<T>>()(input, output, extents[0], extents[1]); break;
            case (3, true): method.CreateDelegate<Kernel3<T>>()(input, output, extents[0], extents[1], extents[2]); break;
            case (1, false): method.CreateDelegate<Indexed1<T>>()(input, output, indices, extents[0]); break;
            case (2, false): method.CreateDelegate<Indexed2<T>>()(input, output, indices, extents[0], extents[1]); break;
            default: method.CreateDelegate<Indexed3<T>>()(input, output, indices, extents[0], extents[1], extents[2]); break;
        }
    }
}
