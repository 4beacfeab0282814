using System.Globalization;
using System.Linq;
using Pooling.Generators.Model;
using Pooling.Generators.Parsing;

namespace Pooling.Generators.Emit;

/// <summary>MaxUnpool (docs/semantics.md §7): each plane of the output is zero-filled, then every input element is written to
/// its plane-relative index in plane order, so with duplicate indices the last write wins, as on PyTorch's CPU. An index
/// outside the plane is PyTorch's "Found an invalid max index" error (an ArgumentException naming the indices).</summary>
internal static class UnpoolEmitter
{
    private const string Unsafe = ElementInfo.Unsafe;

    /// <summary>The kernel's shape rules: PyTorch's default output (I − 1)·s + k − 2p, or OutputSize within its limits.</summary>
    internal static ShapeValidation Validation(UnpoolModel m)
    {
        bool explicitSize = !m.OutputSize.IsEmpty;
        return ShapeValidation.For(m,
            a => explicitSize ? m.OutputSize[a] : PoolingShape.UnpoolLength(m.InputSize[a], m.Kernel[a], m.Stride[a], m.Padding[a]),
            (a, extent) => explicitSize
                ? m.OutputSize[a].ToString(CultureInfo.InvariantCulture)
                : $"global::Pooling.PoolingShape.UnpoolLength({extent}, {m.Kernel[a]}, {m.Stride[a]}, {m.Padding[a]})") with
        {
            // An explicit output size must lie within one stride of the default, as PyTorch's max_unpool checks (ONNX's
            // padded output: at least the default).
            ExtraChecks = explicitSize && m.InputSize.IsEmpty
                ? (sw, names) => sw.Line(m.PadToOutputSize
                    ? "if (global::Pooling.PoolingShape.ValidateUnpoolPaddedSize(new long[] { "
                        + string.Join(", ", Enumerable.Range(0, m.Rank).Select(a => $"global::Pooling.PoolingShape.UnpoolLength({names[a]}, {m.Kernel[a]}, {m.Stride[a]}, {m.Padding[a]})"))
                        + $" }}, new[] {{ {string.Join(", ", m.OutputSize)} }}, out int __axis) is {{ }} __invalid) throw new global::System.ArgumentException(__invalid, {ShapeValidation.NameOfAxis("__axis", names)});"
                    : "if (global::Pooling.PoolingShape.ValidateUnpoolOutputSize(new long[] { "
                        + string.Join(", ", Enumerable.Range(0, m.Rank).Select(a => $"global::Pooling.PoolingShape.UnpoolLength({names[a]}, {m.Kernel[a]}, {m.Stride[a]}, {m.Padding[a]})"))
                        + $" }}, new[] {{ {string.Join(", ", m.Stride)} }}, new[] {{ {string.Join(", ", m.OutputSize)} }}, out int __axis) is {{ }} __invalid) throw new global::System.ArgumentException(__invalid, {ShapeValidation.NameOfAxis("__axis", names)});")
                : null,
        };
    }

    public static string Emit(MethodModel method, UnpoolModel m, ChannelsLastModel? nhwc = null)
    {
        string element = ElementInfo.Of(m.Element).Name;
        string index = m.IndexType == IndexType.Int32 ? "int" : "long";
        string input = MethodEmitter.Identifier(m.InputName), indices = MethodEmitter.Identifier(m.IndicesName), output = MethodEmitter.Identifier(m.OutputName);
        string[] axis = ShapeValidation.Axes(m.Rank);
        bool explicitSize = !m.OutputSize.IsEmpty;
        string Axes(EquatableArray<int> values) => string.Join("×", values.Select(v => v.ToString(CultureInfo.InvariantCulture)));
        string remarks = $"MaxUnpool {m.Rank}-D over " + (m.InputSize.IsEmpty ? "(" + string.Join(", ", m.ExtentNames) + ")" : "input " + Axes(m.InputSize))
            + $", {element.Replace("global::System.", "")}: kernel {Axes(m.Kernel)}, stride {Axes(m.Stride)}, padding {Axes(m.Padding)}, output "
            + (explicitSize ? Axes(m.OutputSize) : "(I − 1)·s + k − 2p") + "; zero-filled, the last write wins."
            + (nhwc is null ? "" : " Layout: channels-last (NHWC), scattered in memory order (pixel by pixel, its channels in turn).");

        var shape = Validation(m);

        return MethodEmitter.Emit(method, remarks, (w, driver) =>
        {
            (nhwc is null ? shape : shape with { Channels = ShapeValidation.WriteChannelCount(w, nhwc) }).Write(w, driver.OutputSize);
            w.Line($"if ({indices}.Length != {input}.Length) throw new global::System.ArgumentException($\"Expected {{{input}.Length}} indices (one per input element), but got {{{indices}.Length}}.\", {ShapeValidation.NameOf(indices)});");
            w.Line();
            // ONNX's output_shape: the indices address the default output, padded at the end of each axis to the output.
            string[] addressed = m.PadToOutputSize ? axis.Select(x => "__def" + x).ToArray() : axis.Select(x => "__out" + x).ToArray();
            if (m.PadToOutputSize)
            {
                for (int a = 0; a < m.Rank; a++)
                    w.Line($"long __def{axis[a]} = global::Pooling.PoolingShape.UnpoolLength(__in{axis[a]}, {m.Kernel[a]}, {m.Stride[a]}, {m.Padding[a]});");
                w.Line($"long __defPlane = {string.Join(" * ", addressed)};");
            }
            string invalid = $"throw new global::System.ArgumentException(global::Pooling.PoolingShape.InvalidUnpoolIndexMessage(__target, new long[] {{ {string.Join(", ", addressed)} }}), {ShapeValidation.NameOf(indices)});";
            // A unit is a plane; channels-last, a sample, its pixels in turn, each index the output pixel of its channel
            // (PyTorch's channels-last CPU kernel scans in this order too, so the same first invalid index is reported).
            bool last = nhwc is not null;
            string c = last ? " * __c" : "", count = last ? "__batch" : "__planes";
            if (last) w.Line("int __batch = __planes / __c;");
            var units = driver.WriteSplit(w, count, "__planes * (2L * __inPlane + __outPlane)");
            // Kernel = stride = 2 without padding, 4-byte elements: where every index lies in its own window (what
            // MaxPool(2, 2) writes), each plane is written once as vector selects; a plane where that fails is cleared
            // and scattered below.
            bool windows = m.Rank == 2 && m.Kernel.All(k => k == 2) && m.Stride.All(v => v == 2) && m.Padding.All(p => p == 0)
                && m.Element is ElementType.Float or ElementType.Int32 && !m.PadToOutputSize;
            // Every output the scatter does not reach is zero: clear the planes (samples) this call owns.
            if (!windows)
                w.Line(driver.Parallel ? $"{output}.Slice(__first * __outPlane{c}, (__end - __first) * __outPlane{c}).Clear();" : $"{output}.Clear();");
            w.Line($"ref {element} __src = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference({input});");
            w.Line($"ref {index} __idx = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference({indices});");
            w.Line($"ref {element} __dst = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference({output});");
            using (driver.PlaneLoop(w, units, count).Loop)
            {
                if (windows)
                {
                    string unit = last ? "sample" : "plane";
                    w.Line($"// Every index in its own 2×2 window (as MaxPool(2, 2) writes them): the {unit} as vector selects;");
                    w.Line("// otherwise cleared and scattered.");
                    w.Line($"var __planeOut = {output}.Slice(__plane * __outPlane{c}, __outPlane{c});");
                    w.Line($"if (global::Pooling.Kernels.UnpoolWindows.{(last ? "TrySample" : "TryPlane")}({input}.Slice(__plane * __inPlane{c}, __inPlane{c}), "
                        + $"{indices}.Slice(__plane * __inPlane{c}, __inPlane{c}), __planeOut, __inH, __inW, __outH, __outW{(last ? ", __c" : "")})) continue;");
                    w.Line("__planeOut.Clear();");
                }
                w.Line($"ref {element} __out = ref {Unsafe}.Add(ref __dst, {(last ? "(nint)" : "")}__plane * __outPlane{c});");
                w.Line($"int __firstInput = __plane * __inPlane{c};");
                using (w.Block(last ? "for (int __p = 0; __p < __inPlane; __p++)" : "for (int __i = __firstInput; __i < __firstInput + __inPlane; __i++)"))
                using (last ? w.Block("for (int __ch = 0; __ch < __c; __ch++)") : null)
                {
                    if (last) w.Line("int __i = __firstInput + __p * __c + __ch;");
                    w.Line($"{index} __target = {Unsafe}.Add(ref __idx, __i);");
                    if (m.PadToOutputSize)
                    {
                        w.Line($"if ((ulong)__target >= (ulong)__defPlane) {invalid}");
                        // The default output's position, the same position in the larger output (1-D: the same index).
                        if (m.Rank == 2)
                            w.Line($"__target = ({index})(__target / __defW * __outW + __target % __defW);");
                        else if (m.Rank == 3)
                            w.Line($"__target = ({index})((__target / (__defH * __defW) * __outH + __target / __defW % __defH) * __outW + __target % __defW);");
                    }
                    else
                    {
                        w.Line($"if ((ulong)__target >= (ulong)__outPlane) {invalid}");
                    }
                    w.Line($"{Unsafe}.Add(ref __out, (nint)__target{(last ? " * __c + __ch" : "")}) = {Unsafe}.Add(ref __src, __i);");
                }
            }
        }, shape.WriteOutputSize);
    }
}
