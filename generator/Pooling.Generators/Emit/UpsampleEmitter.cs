using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Pooling.Generators.Model;
using Pooling.Generators.Parsing;

namespace Pooling.Generators.Emit;

/// <summary>
/// F.interpolate for nearest, nearest-exact, linear/bilinear/trilinear and bicubic (docs/semantics.md §8.2–§8.5). Per call and
/// axis, a table of source offsets (already multiplied by the axis stride) and weights is computed once, with PyTorch's
/// float (or double) index math; then every output is the taps combined in PyTorch's order: innermost axis first,
/// <c>t0·w0 + t1·w1 (+ …)</c>, then each outer axis the same way.
/// </summary>
internal static class UpsampleEmitter
{
    private const string Unsafe = ElementInfo.Unsafe;

    private static string Lit(double v) => v.ToString("R", CultureInfo.InvariantCulture) + "d";

    // ONNX's keep_aspect_ratio_policy: one scale for every axis from Size and the input (docs/semantics.md §8.12).
    private static bool Aspect(UpsampleModel m) => !m.Size.IsEmpty && m.Onnx is { AspectPolicy: not 0 };

    private static double ConstantAspect(UpsampleModel m) => PoolingShape.AspectScale(m.Onnx?.AspectPolicy == (int)AspectPolicy.NotLarger, m.Rank, m.InputSize[0], m.Size[0],
        m.Rank > 1 ? m.InputSize[1] : 1, m.Rank > 1 ? m.Size[1] : 1, m.Rank > 2 ? m.InputSize[2] : 1, m.Rank > 2 ? m.Size[2] : 1);

    private static string AspectSource(UpsampleModel m, IReadOnlyList<string> extents) =>
        $"global::Pooling.PoolingShape.AspectScale({(m.Onnx?.AspectPolicy == (int)AspectPolicy.NotLarger ? "true" : "false")}, {m.Rank}, "
        + string.Join(", ", Enumerable.Range(0, m.Rank).Select(a => $"{extents[a]}, {m.Size[a]}")) + ")";

    // An axis's output extent for compile-time input extents.
    private static long OutputLength(UpsampleModel m, int a) => Aspect(m) ? PoolingShape.AspectLength(m.InputSize[a], ConstantAspect(m))
        : !m.Size.IsEmpty ? m.Size[a] : PoolingShape.UpsampleLength(m.InputSize[a], m.ScaleFactor[a]);

    /// <summary>The kernel's shape rules: Size, floor(I · scale) or ONNX's aspect-kept size per axis (F.interpolate's messages).</summary>
    internal static ShapeValidation Validation(UpsampleModel m)
    {
        bool aspect = Aspect(m), sized = !m.Size.IsEmpty;
        var extentIdentifiers = m.ExtentNames.Select(MethodEmitter.Identifier).ToArray();
        return ShapeValidation.For(m, a => OutputLength(m, a),
            (a, extent) => aspect ? $"global::Pooling.PoolingShape.AspectLength({extent}, {AspectSource(m, extentIdentifiers)})"
                : sized ? m.Size[a].ToString(CultureInfo.InvariantCulture) : $"global::Pooling.PoolingShape.UpsampleLength({extent}, {Lit(m.ScaleFactor[a])})") with
        {
            UpsampleMessage = true,
        };
    }

    /// <summary>The antialias kernels' scales <c>__s{X}</c>: 1/scale_factor, I/O, or (I−1)/(O−1) with align_corners, in the
    /// opmath type (uint8: double, Pillow's in/out; docs/semantics.md §8.10). The backward's are the forward's.</summary>
    internal static void WriteAntialiasScales(SourceWriter w, UpsampleModel m)
    {
        string math = m.Element == ElementType.Double ? "double" : "float";
        string scale = m.Element == ElementType.Byte ? "double" : math;
        string[] axis = ShapeValidation.Axes(m.Rank);
        for (int a = 0; a < axis.Length; a++)
        {
            string x = axis[a];
            string kept = m.KernelScale ? $"({scale})(1.0 / {Lit(m.ScaleFactor[a])})" : $"({scale})__in{x} / __out{x}";
            w.Line(m.AlignCorners
                ? $"{math} __s{x} = __out{x} > 1 ? ({math})(__in{x} - 1) / (__out{x} - 1) : 0;"
                : $"{scale} __s{x} = {kept};");
        }
    }

    /// <summary>
    /// Per call and axis: the source offsets <c>__i{X}</c> (times the axis's stride in the plane) and, for the
    /// interpolating modes, the weights <c>__w{X}</c> — the forward's tables, which the backward kernels spread gradients with.
    /// </summary>
    /// <param name="fusedSource">Linear source positions as one fused multiply-add, <c>fma(scale, k + 0.5, −0.5)</c>: what
    /// PyTorch's backward kernel computes (it is compiled with FMA contraction; measured on 1.13, double gradients differ in
    /// the last bit without it). The forward's tables keep the separate multiply and subtract that its kernel rounds.</param>
    internal static void WriteTables(SourceWriter w, UpsampleModel m, bool fusedSource = false)
    {
        string[] axis = ShapeValidation.Axes(m.Rank);
        string math = m.Element == ElementType.Double ? "double" : "float";
        bool nearest = m.Mode is Interpolation.Nearest or Interpolation.NearestExact;
        int taps = m.Mode switch { Interpolation.Linear => 2, Interpolation.Cubic => 4, _ => 1 };
        bool aspect = Aspect(m);
        // Per-axis tables: source offsets (times the axis stride) and weights.
        w.Line("// Source offsets and weights per axis, computed once per call.");
        for (int a = 0; a < m.Rank; a++)
        {
            string x = axis[a];
            string stride = a == m.Rank - 1 ? "1" : a == m.Rank - 2 ? "__inW" : "__inH * __inW";
            string Scaled(string index) => stride == "1" ? index : $"{index} * {stride}";   // an index times the axis stride
            if (m.Onnx is { Antialias: true } filter)
            {
                // ONNX's antialias: the filter's taps depend on the scale (docs/semantics.md §8.12).
                bool cubic = m.Mode == Interpolation.Cubic;
                string scaleOf = aspect ? (m.InputSize.IsEmpty ? AspectSource(m, axis.Select(v => "__in" + v).ToArray()) : Lit(ConstantAspect(m)))
                    : m.KernelScale ? Lit(m.ScaleFactor[a]) : $"(double)__out{x} / __in{x}";
                w.Line($"double __s{x} = {scaleOf};");
                w.Line($"int __taps{x} = global::Pooling.Kernels.OnnxResize.AntialiasTaps({(cubic ? "true" : "false")}, __s{x});");
                w.Line($"int[] __i{x} = new int[__out{x} * __taps{x}];");
                w.Line($"{math}[] __w{x} = new {math}[__out{x} * __taps{x}];");
                w.Call($"global::Pooling.Kernels.OnnxResize.AntialiasAxis<{math}>", SourceWriter.Arguments(
                    $"__i{x}, __w{x}, __taps{x}, {(cubic ? "true" : "false")}, global::Pooling.CoordinateTransformation.{(CoordinateTransformation)filter.Transform}, "
                    + $"{Lit(filter.CubicA)}, {(filter.ExcludeOutside ? "true" : "false")}, __in{x}, __out{x}, __s{x}, {(stride == "1" ? "1" : stride)}"), ";");
                continue;
            }
            string length = SourceWriter.Mul($"__out{x}", taps);
            w.Line($"global::System.Span<int> __i{x} = {length} <= 1024 ? stackalloc int[{length}] : new int[{length}];");
            if (!nearest) w.Line($"global::System.Span<{math}> __w{x} = {length} <= 1024 ? stackalloc {math}[{length}] : new {math}[{length}];");
            if (m.Onnx is { } onnx)
            {
                // ONNX Resize (docs/semantics.md §8.12): the given scale, or out / in for a size, in double.
                string scaleValue = aspect ? (m.InputSize.IsEmpty ? AspectSource(m, axis.Select(v => "__in" + v).ToArray()) : Lit(ConstantAspect(m)))
                    : m.KernelScale ? Lit(m.ScaleFactor[a]) : $"(double)__out{x} / __in{x}";
                string transform = "global::Pooling.CoordinateTransformation." + (CoordinateTransformation)onnx.Transform;
                string extent = stride == "1" ? "1" : stride;
                // tf_crop_and_resize: the axis's share of the region of interest, and which outputs fall outside.
                bool crop = onnx.Transform == (int)CoordinateTransformation.TfCropAndResize;
                string region = crop ? $", {Lit(onnx.Roi[a])}, {Lit(onnx.Roi[m.Rank + a])}" : "";
                if (nearest)
                    w.Call("global::Pooling.Kernels.OnnxResize.NearestAxis", SourceWriter.Arguments(
                        $"__i{x}, {transform}, global::Pooling.NearestMode.{(NearestMode)onnx.NearestMode}, __in{x}, __out{x}, {scaleValue}, {extent}{region}"), ";");
                else
                    w.Call($"global::Pooling.Kernels.OnnxResize.InterpolatingAxis<{math}>", SourceWriter.Arguments(
                        $"__i{x}, __w{x}, {taps}, {transform}, {Lit(onnx.CubicA)}, {(onnx.ExcludeOutside ? "true" : "false")}, __in{x}, __out{x}, {scaleValue}, {extent}{region}"), ";");
                if (crop)
                {
                    w.Line($"global::System.Span<bool> __o{x} = __out{x} <= 1024 ? stackalloc bool[__out{x}] : new bool[__out{x}];");
                    w.Line($"global::Pooling.Kernels.OnnxResize.CropOutside(__o{x}, __in{x}, __out{x}, {scaleValue}{region});");
                }
                continue;
            }
            // area_pixel_compute_scale / compute_scales_value.
            string kept = m.KernelScale ? $"({(nearest ? "float" : math)})(1.0 / {Lit(m.ScaleFactor[a])})" : $"({(nearest ? "float" : math)})__in{x} / __out{x}";
            // A linear axis whose output equals its input copies (weights 1, 0). With compile-time extents that is
            // decided here (no constant condition left as unreachable code, CS0162, and no unused scale); else at run time.
            bool? unchanged = m.InputSize.IsEmpty ? null : OutputLength(m, a) == m.InputSize[a];
            if (m.Mode == Interpolation.Linear && unchanged == true)
                w.Line($"// {x}: output extent = input extent, a copy (weights 1, 0).");
            else if (nearest)
                w.Line($"float __s{x} = {kept};");
            else if (m.AlignCorners)
                w.Line($"{math} __s{x} = __out{x} > 1 ? ({math})(__in{x} - 1) / (__out{x} - 1) : 0;");
            else
                w.Line($"{math} __s{x} = {kept};");
            using (w.Block($"for (int __k = 0; __k < __out{x}; __k++)"))
            {
                switch (m.Mode)
                {
                    case Interpolation.Nearest:
                        w.Line($"__i{x}[__k] = {Scaled($"(int)global::System.Math.Min((long)global::System.MathF.Floor(__k * __s{x}), __in{x} - 1)")};");
                        break;
                    case Interpolation.NearestExact:
                        w.Line($"__i{x}[__k] = {Scaled($"(int)global::System.Math.Min((long)global::System.MathF.Floor((__k + 0.5f) * __s{x}), __in{x} - 1)")};");
                        break;
                    case Interpolation.Linear:
                        if (unchanged != false)
                        {
                            using (unchanged is null ? w.Block($"if (__out{x} == __in{x})") : null)
                            {
                                w.Line($"__i{x}[2 * __k] = __i{x}[2 * __k + 1] = {Scaled("__k")};");
                                w.Line($"__w{x}[2 * __k] = 1; __w{x}[2 * __k + 1] = 0;");
                                if (unchanged is null) w.Line("continue;");
                            }
                            if (unchanged == true) break;
                        }
                        // PyTorch computes the source position in double from the rounded scale (measured on 1.13:
                        // float arithmetic here differs from it in 1,591 of 4,000 small cases, double in none).
                        w.Line(m.AlignCorners
                            ? $"double __real = (double)__s{x} * __k;"
                            : fusedSource ? $"double __real = global::System.Math.FusedMultiplyAdd(__s{x}, __k + 0.5, -0.5);"
                        : $"double __real = (double)__s{x} * (__k + 0.5) - 0.5;");
                        w.Line("if (__real < 0) __real = 0;");
                        // Clamped: a float scale can round (I − 1)/(O − 1) up so that the last position lands on I.
                        w.Line($"int __i0 = global::System.Math.Min((int)__real, __in{x} - 1);");
                        w.Line($"int __i1 = __i0 + (__i0 < __in{x} - 1 ? 1 : 0);");
                        w.Line($"{math} __l1 = ({math})global::System.Math.Min(global::System.Math.Max(__real - __i0, 0.0), 1.0);");
                        w.Line($"__i{x}[2 * __k] = {Scaled("__i0")}; __i{x}[2 * __k + 1] = {Scaled("__i1")};");
                        w.Line($"__w{x}[2 * __k] = 1 - __l1; __w{x}[2 * __k + 1] = __l1;");
                        break;
                    default:
                        // Bicubic keeps PyTorch's opmath (float) index math: a double position here moved 1-D cases by 1e-5.
                        w.Line(m.AlignCorners
                            ? $"{math} __real = __s{x} * __k;"
                            : $"{math} __real = __s{x} * (__k + ({math})0.5) - ({math})0.5;");
                        w.Line($"{math} __floor = {(math == "float" ? "global::System.MathF" : "global::System.Math")}.Floor(__real);");
                        w.Line($"int __i = (int)__floor; {math} __t = __real - __floor;");
                        w.Line($"const {math} __a = ({math})(-0.75);");
                        w.Line($"{math} __x1 = __t + 1, __x2 = 1 - __t, __x3 = __x2 + 1;");
                        // Keys' cubic convolution with A = −0.75 (get_cubic_upsample_coefficients).
                        w.Line($"__w{x}[4 * __k] = ((__a * __x1 - 5 * __a) * __x1 + 8 * __a) * __x1 - 4 * __a;");
                        w.Line($"__w{x}[4 * __k + 1] = ((__a + 2) * __t - (__a + 3)) * __t * __t + 1;");
                        w.Line($"__w{x}[4 * __k + 2] = ((__a + 2) * __x2 - (__a + 3)) * __x2 * __x2 + 1;");
                        w.Line($"__w{x}[4 * __k + 3] = ((__a * __x3 - 5 * __a) * __x3 + 8 * __a) * __x3 - 4 * __a;");
                        w.Line($"for (int __j = 0; __j < 4; __j++) __i{x}[4 * __k + __j] = {Scaled($"global::System.Math.Clamp(__i - 1 + __j, 0, __in{x} - 1)")};");
                        break;
                }
            }
        }
    }

    public static string Emit(MethodModel method, UpsampleModel m, ChannelsLastModel? nhwc = null)
    {
        string element = ElementInfo.Of(m.Element).Name;
        string math = m.Element == ElementType.Double ? "double" : "float";     // PyTorch's opmath type
        bool nearest = m.Mode is Interpolation.Nearest or Interpolation.NearestExact;
        int taps = m.Mode switch { Interpolation.Linear => 2, Interpolation.Cubic => 4, _ => 1 };
        string[] axis = ShapeValidation.Axes(m.Rank);
        string input = MethodEmitter.Identifier(m.InputName), output = MethodEmitter.Identifier(m.OutputName);
        bool sized = !m.Size.IsEmpty;
        bool aspect = Aspect(m);
        bool notLarger = m.Onnx?.AspectPolicy == (int)AspectPolicy.NotLarger;

        string outputs = aspect ? $"{string.Join("×", m.Size)} keeping the aspect ratio ({(notLarger ? "not larger" : "not smaller")})" : sized ? string.Join("×", m.Size) : "⌊I·" + string.Join("⌋×⌊I·", m.ScaleFactor.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + "⌋";
        string remarks = $"Upsample '{m.ModeName}' {m.Rank}-D over " + (m.InputSize.IsEmpty ? "(" + string.Join(", ", m.ExtentNames) + ")" : "input " + string.Join("×", m.InputSize))
            + $", {element.Replace("global::System.", "")}: output {outputs}"
            + (m.AlignCorners ? ", align_corners" : "")
            + (m.KernelScale ? ", kernel scale 1/scale_factor" : ", kernel scale I/O")
            + (nhwc is not null ? ". Layout: channels-last (NHWC), vectorised along the channels" : "")
            + (m.Normalize is { } fused ? $". Antialias: Pillow's uint8 resampler (22-bit fixed-point weights), width pass then height pass, "
                + $"then (v / 255 − mean[c]) / std[c] in float{(fused.Reverse ? " with the channels reversed" : "")}{(fused.DropsAlpha ? ", alpha dropped" : "")}, "
                + (fused.ChannelsFirst ? "planar (NCHW)." : "channels-last (NHWC).")
            : m.Antialias && m.Element == ElementType.Byte ? ". Antialias: Pillow's uint8 resampler (22-bit fixed-point weights), width pass then height pass."
            : m.Antialias ? "; antialias: separable normalised filters, width then height."
                : $"; {taps} tap{(taps > 1 ? "s" : "")} per axis from per-call tables"
                    + (m.Rank == 2 && taps > 1 ? ", separable: each input row blended along the width once, then the height."
                        : m.Rank == 3 && taps > 1 ? ", separable: a bilinear plane per input slice, then the depth."
                        : nearest && m.Rank > 1 ? ", each output row gathered from its source row." : "."));

        var shape = Validation(m);

        return MethodEmitter.Emit(method, remarks, (w, driver) =>
        {
            // Channels-last: the input is whole samples of pixels × channels (the output-size companion has no channels).
            // Fused preprocessing that drops alpha writes one plane fewer per sample than it reads.
            string written = m.Normalize is { DropsAlpha: true } ? (nhwc!.ChannelsConstant - 1).ToString(CultureInfo.InvariantCulture) : "__c";
            (nhwc is null ? shape : shape with
            {
                Channels = ShapeValidation.WriteChannelCount(w, nhwc),
                OutputPlanes = written == "__c" ? "__planes" : $"__planes / __c * {written}",
            }).Write(w, driver.OutputSize);
            // Channels-last: a "plane" of the loops below is a sample of __inPlane pixels × __c channels.
            string samples = "__planes";
            if (nhwc is not null)
            {
                w.Line("int __batch = __planes / __c;");
                samples = "__batch";
            }

            // Parallel: a unit is one outermost output row of a plane (the antialias resampler takes whole planes).
            string? rows = m.Antialias || m.Rank == 1 ? null : "__out" + axis[0];
            var units = driver.WriteSplit(w, rows is null ? samples : $"{samples} * {rows}", "__planes * ((long)__inPlane + __outPlane)");
            if (m.Antialias)
            {
                // Antialias: separable normalised filters, width pass then height pass (docs/semantics.md §8.6), in the runtime.
                // uint8: Pillow's resampler, whose scale is in/out in double (docs/semantics.md §8.10).
                bool pillow = m.Element == ElementType.Byte;
                WriteAntialiasScales(w, m);
                // Channels-last: whole samples of pixels × channels, each channel resampled as the plane it would be.
                string c = nhwc is null ? "" : " * __c";
                string o = nhwc is null ? "" : " * " + written;
                var (inSlice, outSlice, count) = driver.Parallel
                    ? ($"{input}.Slice(__first * __inPlane{c}, (__end - __first) * __inPlane{c})", $"{output}.Slice(__first * __outPlane{o}, (__end - __first) * __outPlane{o})", "__end - __first")
                    : (input, output, samples);
                string channels = nhwc is null ? "" : ", channels: __c";
                string filter = "global::Pooling.Kernels.PillowFilter." + m.Mode switch
                {
                    Interpolation.Cubic => "Bicubic",
                    Interpolation.Box => "Box",
                    Interpolation.Lanczos => "Lanczos",
                    _ => "Bilinear",
                };
                if (m.Normalize is { } n)
                {
                    // Fused preprocessing: torchvision's mean and std as the float32 values PyTorch holds (docs/semantics.md §8.11).
                    string Floats(EquatableArray<double> values, double absent) => string.Join(", ", (values.IsEmpty ? Enumerable.Repeat(absent, 1) : values)
                        .Select(v => ((float)v).ToString("R", CultureInfo.InvariantCulture) + "f"));
                    string Table(string name, EquatableArray<double> values, double absent) => values.IsEmpty
                        ? $"global::System.Span<float> {name} = stackalloc float[__c]; {name}.Fill({Floats(values, absent)});"
                        : $"global::System.ReadOnlySpan<float> {name} = stackalloc float[] {{ {Floats(values, absent)} }};";
                    w.Line(Table("__mean", n.Mean, 0));
                    w.Line(Table("__std", n.Std, 1));
                    w.Call($"global::Pooling.Kernels.PillowResampler.ResampleNormalize", new[]
                    {
                        inSlice, outSlice, count, "__inH", "__inW", "__outH", "__outW", "__sH", "__sW",
                        filter, "__c", "__mean", "__std",
                        $"channelsFirst: {(n.ChannelsFirst ? "true" : "false")}", $"reverse: {(n.Reverse ? "true" : "false")}",
                    }, ";");
                }
                else if (pillow)
                    w.Line($"global::Pooling.Kernels.PillowResampler.Resample({inSlice}, {outSlice}, {count}, __inH, __inW, __outH, __outW, __sH, __sW, "
                        + $"{filter}{channels});");
                else
                    w.Line($"global::Pooling.Kernels.AntialiasResampler.Resample<{element}, {math}>({inSlice}, {outSlice}, {count}, __inH, __inW, __outH, __outW, __sH, __sW, "
                        + $"cubic: {(m.Mode == Interpolation.Cubic ? "true" : "false")}{channels});");
                return;
            }

            // Nearest ×2 with a kernel scale of exactly 0.5 on every axis: the source index is the output index >> 1 (what
            // the tables below hold, up to the extent where a float index stops being exact), so each output row is its
            // source row with every element twice — a byte shuffle and a store, at the speed of a copy.
            bool exact = m.Mode == Interpolation.NearestExact;
            bool halfScale = nhwc is null && !m.Antialias && nearest && m.Onnx is null && (!m.KernelScale || m.ScaleFactor.All(f => f == 2.0));
            if (halfScale)
            {
                long limit = exact ? 1L << 23 : 1L << 24;
                bool? doubled = m.InputSize.IsEmpty ? null : Enumerable.Range(0, m.Rank).All(a => OutputLength(m, a) == 2L * m.InputSize[a] && OutputLength(m, a) <= limit);
                if (doubled != false)
                {
                    string condition = string.Join(" && ", axis.Select(x => $"__out{x} == 2 * __in{x}")) + " && " + string.Join(" && ", axis.Select(x => $"__out{x} <= {limit}"));
                    w.Line("// ×2 on every axis: the source index is the output index >> 1, so each output row is its source row");
                    w.Line("// with every element twice and every other row a copy; the tables below give the same indices.");
                    using (doubled is null ? w.Block($"if ({condition})") : null)
                    {
                        var (loop, fastFirst, fastEnd) = driver.PlaneLoop(w, units, "__planes", rows);
                        using (loop)
                        {
                            const string Rows = "global::Pooling.Kernels.NearestRows";
                            switch (m.Rank)
                            {
                                case 1:
                                    w.Line($"{Rows}.DoubleRow({input}.Slice(__plane * __inPlane, __inW), {output}.Slice(__plane * __outPlane, __outW));");
                                    break;
                                case 2:
                                    w.Line($"{Rows}.DoublePlane({input}.Slice(__plane * __inPlane, __inPlane), {output}.Slice(__plane * __outPlane, __outPlane), __inW, {fastFirst}, {fastEnd});");
                                    break;
                                default:
                                    // Each output depth slice is the input slice at depth >> 1, doubled on both inner axes.
                                    using (w.Block($"for (int __od = {fastFirst}; __od < {fastEnd}; __od++)"))
                                    {
                                        w.Line($"{Rows}.DoublePlane({input}.Slice(__plane * __inPlane + (__od >> 1) * __inH * __inW, __inH * __inW), "
                                            + $"{output}.Slice(__plane * __outPlane + __od * __outH * __outW, __outH * __outW), __inW, 0, __outH);");
                                    }
                                    break;
                            }
                        }
                        if (doubled is null) w.Line("return;");
                    }
                    if (doubled == true) return;
                    w.Line();
                }
            }

            WriteTables(w, m);
            w.Line();

            if (nhwc is not null || m.Rank >= 2)
            {
                // The runtime's SeparableInterpolation, a plane (channels-last: a sample, whole vectors of channels) at a
                // time: nearest gathers each output row from its source row (a row whose source row is the one above's is
                // a copy of it); bilinear and bicubic blend each input row along the width once into a row buffer and
                // each output row from the buffers (a width doubled with periodic weights takes a vector width pass);
                // trilinear blends two such planes per output slice. The same operations in the same order as PyTorch's.
                const string Runtime = "global::Pooling.Kernels.SeparableInterpolation";
                string c = nhwc is null ? "" : " * __c", channels = nhwc is null ? "" : ", __c";
                // A slice of 'length' pixels from pixel 'start' (times the channels when channels-last).
                string Slice(string span, string start, string length) =>
                    nhwc is null ? $"{span}.Slice({start}, {length})"
                    : $"{span}.Slice({(start.Contains(" + ") ? $"({start})" : start)}{c}, {length}{c})";
                string slices = $"{Slice(input, "__plane * __inPlane", "__inPlane")}, {Slice(output, "__plane * __outPlane", "__outPlane")}";
                if (m.Rank == 2 && !nearest && rows is not null && m.Onnx is not { Antialias: true } && m.Onnx is not { Transform: (int)CoordinateTransformation.TfCropAndResize })
                {
                    // Bilinear and bicubic: one call for all the unit rows, so the tables are checked and the row buffers
                    // rented once, not once a plane.
                    w.Call($"{Runtime}.Planes<{element}, {math}>", SourceWriter.Arguments(
                        $"{input}, {output}, __inPlane{c}, __outH, __inW, __outW, {taps}, __iH, __wH, __iW, __wW, {units.First}, {units.End}{channels}"), ";");
                    return;
                }
                var (planes, first, end) = driver.PlaneLoop(w, units, samples, rows);
                using (planes)
                {
                    if (m.Rank == 1)
                    {
                        // Channels-last, one row: nearest copies pixels (a one-row table), linear blends them along the width.
                        w.Line(nearest
                            ? $"{Runtime}.Nearest<{element}>({slices}, __outW, stackalloc int[1], __iW, 0, 1{channels});"
                            : $"{Runtime}.Row<{element}, {math}>({slices}, __inW, __outW, 2, __iW, __wW{channels});");
                    }
                    else if (m.Rank == 3 && nearest)
                    {
                        // Each output slice from its source slice.
                        using (w.Block($"for (int __od = {first}; __od < {end}; __od++)"))
                        {
                            w.Line($"{Runtime}.Nearest<{element}>({Slice(input, "__plane * __inPlane + __iD[__od]", "__inH * __inW")}, "
                                + $"{Slice(output, "__plane * __outPlane + __od * __outH * __outW", "__outH * __outW")}, __outW, __iH, __iW, 0, __outH{channels});");
                        }
                    }
                    else if (m.Rank == 3)
                        w.Line($"{Runtime}.Volume<{element}, {math}>({slices}, __inH, __inW, __outH, __outW, __iD, __wD, __iH, __wH, __iW, __wW, {first}, {end}{channels});");
                    else if (nearest)
                        w.Line($"{Runtime}.Nearest<{element}>({slices}, __outW, __iH, __iW, {first}, {end}{channels});");
                    else if (m.Onnx is { Antialias: true })
                        w.Call($"global::Pooling.Kernels.OnnxResize.Resample2D<{element}, {math}>", SourceWriter.Arguments(
                            $"{slices}, __inH, __inW, __outH, __outW, __tapsH, __iH, __wH, __tapsW, __iW, __wW, {first}, {end}{channels}"), ";");
                    else
                        w.Line($"{Runtime}.Plane<{element}, {math}>({slices}, __inW, __outW, {taps}, __iH, __wH, __iW, __wW, {first}, {end}{channels});");
                    if (m.Onnx is { Transform: (int)CoordinateTransformation.TfCropAndResize } cropped)
                    {
                        // Outputs whose position leaves the input take the extrapolation value.
                        w.Call($"global::Pooling.Kernels.OnnxResize.Extrapolate<{element}>", SourceWriter.Arguments(
                            $"{Slice(output, "__plane * __outPlane", "__outPlane")}, __outH, __outW, __oH, __oW, ({element}){Lit(cropped.Extrapolation)}, {first}, {end}{channels}"), ";");
                    }
                }
                return;
            }

            // 1-D (NCHW): one row, each output its taps from the tables.
            w.Line($"ref {element} __src = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference({input});");
            w.Line($"ref {element} __dst = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference({output});");
            var (planeLoop, rowFirst, rowEnd) = driver.PlaneLoop(w, units, "__planes", rows);
            using (planeLoop)
            {
                w.Line($"ref {element} __in = ref {Unsafe}.Add(ref __src, __plane * __inPlane);");
                w.Line(rowFirst == "0" ? "int __o = __plane * __outPlane;"
                    : $"int __o = __plane * __outPlane + {rowFirst}{string.Concat(axis.Skip(1).Select(x => " * __out" + x))};");
                // Each axis's taps hoisted out of the inner loops.
                using (w.Nest(SourceWriter.OutputLoops(axis, rows, rowFirst, rowEnd), a =>
                {
                    string x = axis[a], l = x.ToLowerInvariant();
                    for (int j = 0; j < taps; j++)
                    {
                        w.Line($"int __{l}{j} = __i{x}[{SourceWriter.Add(SourceWriter.Mul($"__o{l}", taps), j)}];");
                        if (!nearest) w.Line($"{math} __{l}w{j} = __w{x}[{SourceWriter.Add(SourceWriter.Mul($"__o{l}", taps), j)}];");
                    }
                }))
                {
                    w.Line($"{Unsafe}.Add(ref __dst, __o++) = {Store(Combine(0, ""))};");
                }
            }

            // Σ_j (next axis at tap j) · w_j, left to right, innermost axis first: PyTorch's Interpolate<n>::eval.
            string Combine(int a, string offset)
            {
                string l = axis[a].ToLowerInvariant();
                var terms = new List<string>();
                for (int j = 0; j < taps; j++)
                {
                    string position = offset.Length == 0 ? $"__{l}{j}" : $"{offset} + __{l}{j}";
                    string t = a == m.Rank - 1 ? Load(position) : Combine(a + 1, position);
                    terms.Add(nearest ? t : $"({t}) * __{l}w{j}");
                }
                return nearest ? terms[0] : string.Join(" + ", terms);
            }
        }, shape.WriteOutputSize);

        // Nearest copies elements as they are; interpolation computes in the opmath type.
        string Load(string offset) => !nearest && m.Element == ElementType.Half
            ? $"({math}){Unsafe}.Add(ref __in, {offset})"
            : $"{Unsafe}.Add(ref __in, {offset})";

        string Store(string value) => nearest ? value : m.Element == ElementType.Half ? $"(global::System.Half)({value})" : value;
    }
}
