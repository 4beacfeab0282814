using System;
using System.Collections.Generic;
using System.Linq;
using Pooling.Generators.Model;
using Pooling.Generators.Parsing;

namespace Pooling.Generators.Emit;

/// <summary>
/// One element type as every emitter writes it: its C# name, the type arithmetic happens in (PyTorch's opmath: float
/// for Half), how an element is read from the plane (<c>__in</c>) widened to that type and how a result is narrowed back,
/// and which runtime SIMD struct family serves it. The one place that knows Half is stored narrow and computed wide.
/// </summary>
internal sealed class ElementInfo
{
    public const string Unsafe = "global::System.Runtime.CompilerServices.Unsafe";

    private ElementInfo(ElementType type)
    {
        Type = type;
        Name = type == ElementType.Half ? "global::System.Half" : KernelParser.CSharpName(type);
        Compute = type == ElementType.Half ? "float" : Name;
    }

    public static ElementInfo Of(ElementType type) => new(type);

    public ElementType Type { get; }

    /// <summary>The C# type of the spans: <c>float</c>, <c>global::System.Half</c>, <c>byte</c>, ….</summary>
    public string Name { get; }

    /// <summary>The type sums and comparisons run in: float for Half, the element type otherwise.</summary>
    public string Compute { get; }

    public bool IsHalf => Type == ElementType.Half;

    public bool IsFloating => Type is ElementType.Float or ElementType.Double or ElementType.Half;

    /// <summary>Element <paramref name="offset"/> of <c>__in</c>, widened to <see cref="Compute"/>.</summary>
    public string Load(string offset) => IsHalf ? $"(float){Unsafe}.Add(ref __in, {offset})" : $"{Unsafe}.Add(ref __in, {offset})";

    /// <summary><paramref name="value"/> (of the compute type) narrowed back to the element type.</summary>
    public string Store(string value) => IsHalf ? $"(global::System.Half)({value})" : value;

    /// <summary>The runtime SIMD struct of a width for this type (<c>Simd256&lt;float&gt;</c>, <c>Simd512&lt;double&gt;</c>),
    /// float or double only.</summary>
    public string Simd(int bits) => $"global::Pooling.Kernels.Simd{bits}<{(Type == ElementType.Double ? "double" : "float")}>";

    /// <summary>
    /// The vector-width choice, one place for every family: <c>target = method&lt;V, TV&gt;(…);</c> per width, widest
    /// first, each guarded by its JIT-constant <c>IsAccelerated</c>, so narrower widths take what a wider one left.
    /// <paramref name="arguments"/> gets the width in bits. Stride-2 windows (<paramref name="strideTwo"/>) leave 512 bits
    /// to 256 on CPUs where that measured faster (<c>CpuTraits.PrefersStrideTwoAt256</c>).
    /// </summary>
    public void WriteWidthDispatch(SourceWriter w, string target, string method, Func<int, IEnumerable<string>> arguments, bool strideTwo = false)
    {
        foreach (int bits in new[] { 512, 256, 128 })
        {
            string guard = bits == 512 && strideTwo ? $"{Simd(bits)}.IsAccelerated && !global::Pooling.Kernels.CpuTraits.PrefersStrideTwoAt256" : $"{Simd(bits)}.IsAccelerated";
            w.Call($"if ({guard})", $"{target} = {method}<{Simd(bits)}, global::System.Runtime.Intrinsics.Vector{bits}<{Compute}>>",
                arguments(bits));
        }
    }
}
