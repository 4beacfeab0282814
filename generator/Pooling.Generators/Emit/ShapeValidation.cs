using System;
using System.Linq;

namespace Pooling.Generators.Emit;

/// <summary>
/// The up-front checks every generated kernel starts with, in one place: extents positive, output extents non-empty,
/// planes whole, output (and indices) of the exact length — each an exception that names the parameter with the
/// expected and actual values. Declares <c>__in{X}</c>, <c>__out{X}</c>, <c>__inPlane</c>, <c>__outPlane</c>,
/// <c>__planes</c> (and optionally <c>__inHW</c> for 3-D): constants when the extents are known at compile time.
/// </summary>
internal sealed class ShapeValidation
{
    /// <summary>Axis letters by rank, outermost first: W; H W; D H W.</summary>
    public static string[] Axes(int rank) => new[] { "D", "H", "W" }.Skip(3 - rank).ToArray();

    public required int Rank { get; init; }

    /// <summary>Compile-time input extents, or empty for run-time extents.</summary>
    public required int[] ConstantInput { get; init; }

    /// <summary>Names of the trailing int parameters (run-time extents).</summary>
    public required string[] ExtentNames { get; init; }

    public required string Input { get; init; }

    public required string Output { get; init; }

    public string? Indices { get; init; }

    /// <summary>Compile-time output extent of an axis for compile-time input extents.</summary>
    public required Func<int, long> ConstantOutput { get; init; }

    /// <summary>C# expression (a long) for the output extent of an axis, given the C# expression of its input extent.</summary>
    public required Func<int, string, string> RuntimeOutput { get; init; }

    /// <summary>Also declare <c>__inHW</c> (the input plane stride of the depth axis) for 3-D kernels that use it.</summary>
    public bool DeclarePlaneStride { get; init; }

    /// <summary>Report an empty output with F.interpolate's message instead of pooling's.</summary>
    public bool UpsampleMessage { get; init; }

    /// <summary>Extra run-time checks written after the output extents are known (e.g. PyTorch's avg_pool3d rule).</summary>
    public Action<SourceWriter, string[]>? ExtraChecks { get; init; }

    public void Write(SourceWriter w)
    {
        var axis = Axes(Rank);
        w.Line("// Validate every argument once, up front.");
        string planeDescription;
        if (ConstantInput.Length > 0)
        {
            var output = Enumerable.Range(0, Rank).Select(ConstantOutput).ToArray();
            w.Line("const int " + string.Join(", ", Enumerable.Range(0, Rank).Select(a => $"__in{axis[a]} = {ConstantInput[a]}")) + ";");
            w.Line("const int " + string.Join(", ", Enumerable.Range(0, Rank).Select(a => $"__out{axis[a]} = {output[a]}")) + ";");
            w.Line($"const int __inPlane = {ConstantInput.Aggregate(1L, (p, v) => p * v)}, __outPlane = {output.Aggregate(1L, (p, v) => p * v)};");
            planeDescription = string.Join(" × ", ConstantInput);
        }
        else
        {
            var names = ExtentNames.Select(MethodEmitter.Identifier).ToArray();
            foreach (string name in names)
            {
                w.Line($"if ({name} <= 0) throw new global::System.ArgumentOutOfRangeException(nameof({name}), {name}, \"A spatial extent must be positive.\");");
            }
            for (int a = 0; a < Rank; a++)
            {
                w.Line($"long __out{axis[a]}L = {RuntimeOutput(a, names[a])};");
            }
            ExtraChecks?.Invoke(w, names);
            for (int a = 0; a < Rank; a++)
            {
                string message = UpsampleMessage ? "UpsampleSizeMessage" : "OutputTooSmallMessage";
                w.Line($"if (__out{axis[a]}L < 1) throw new global::System.ArgumentException(global::Pooling.PoolingShape.{message}(new long[] {{ {string.Join(", ", names)} }}, new long[] {{ {string.Join(", ", axis.Select(x => $"__out{x}L"))} }}), nameof({names[a]}));");
            }
            w.Line($"long __inPlaneL = {string.Join(" * ", names.Select((n, i) => i == 0 ? "(long)" + n : n))}, __outPlaneL = {string.Join(" * ", axis.Select(x => $"__out{x}L"))};");
            w.Line($"if (__inPlaneL > int.MaxValue || __outPlaneL > int.MaxValue) throw new global::System.ArgumentOutOfRangeException(nameof({names[0]}), $\"A plane of {string.Join(" × ", names.Select(n => "{" + n + "}"))} elements (output {{__outPlaneL}}) exceeds int.MaxValue elements.\");");
            w.Line("int " + string.Join(", ", Enumerable.Range(0, Rank).Select(a => $"__in{axis[a]} = {names[a]}")) + ";");
            w.Line("int " + string.Join(", ", axis.Select(x => $"__out{x} = (int)__out{x}L")) + ";");
            w.Line("int __inPlane = (int)__inPlaneL, __outPlane = (int)__outPlaneL;");
            planeDescription = string.Join(" × ", names.Select(n => "{" + n + "}"));
        }
        w.Line($"if ({Input}.Length == 0 || {Input}.Length % __inPlane != 0) throw new global::System.ArgumentException($\"Expected a positive multiple of {planeDescription} = {{__inPlane}} elements (planes × spatial extents), but got {{{Input}.Length}}.\", nameof({Input}));");
        w.Line($"int __planes = {Input}.Length / __inPlane;");
        string outDescription = string.Join(" × ", axis.Select(x => "{__out" + x + "}"));
        w.Line($"if ({Output}.Length != (long)__planes * __outPlane) throw new global::System.ArgumentException($\"Expected {{(long)__planes * __outPlane}} elements ({{__planes}} planes × {outDescription}), but got {{{Output}.Length}}.\", nameof({Output}));");
        if (Indices is not null)
        {
            w.Line($"if ({Indices}.Length != {Output}.Length) throw new global::System.ArgumentException($\"Expected {{{Output}.Length}} indices (one per output element), but got {{{Indices}.Length}}.\", nameof({Indices}));");
        }
        if (Rank == 3 && DeclarePlaneStride)
        {
            w.Line((ConstantInput.Length > 0 ? "const " : "") + "int __inHW = __inH * __inW;");
        }
        w.Line();
    }
}
