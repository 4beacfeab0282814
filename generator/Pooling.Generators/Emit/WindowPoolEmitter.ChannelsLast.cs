using System.Collections.Generic;
using System.Linq;
using Pooling.Generators.Model;
using Pooling.Generators.Parsing;

namespace Pooling.Generators.Emit;

// Max, min and average pooling in channels-last (NHWC) layout, vectorised along the channels: for each output position
// the window's taps are visited in PyTorch's row-major order and each tap updates a vector of channels, so every channel
// sees exactly the arithmetic of the NCHW kernel (same update rule, same summation order, same divisor).
internal static partial class WindowPoolEmitter
{

    private static System.Action<SourceWriter, PlaneDriver> ChannelsLastBody(WindowPoolModel m, ChannelsLastModel nhwc) =>
        (w, driver) =>
        {
            string[] axis = ShapeValidation.Axes(m.Rank);
            var info = ElementInfo.Of(m.Element);
            string element = info.Name, compute = info.Compute;
            bool indices = m.Indices != IndexType.None;
            // LpPool vectorises where PyTorch's power is exact arithmetic (p = 1: x, p = 2: x·x and a square root).
            bool averaging = m.Op is WindowOp.Avg or WindowOp.Lp;
            bool vector = !indices && m.Element is ElementType.Float or ElementType.Double && (m.Op != WindowOp.Lp || m.LpVectorises);
            string Term(string value) => LpTerm(m, value);
            string Finish(string mean) => LpFinish(m, compute, mean);
            string input = MethodEmitter.Identifier(m.InputName), output = MethodEmitter.Identifier(m.OutputName);
            string Load(string offset) => info.Load(offset);
            string Store(string value) => info.Store(value);

            var channelCount = ShapeValidation.WriteChannelCount(w, nhwc);
            // The NCHW kernel's checks, the input taken as whole samples of pixels × channels.
            (Validation(m) with { Channels = channelCount, DeclarePlaneStride = false }).Write(w, driver.OutputSize);
            w.Line("int __batch = __planes / __c;");
            w.Line($"ref {element} __src = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference({input});");
            w.Line($"ref {element} __dst = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference({output});");
            string indexType = m.Indices == IndexType.Int32 ? "int" : "long";
            if (indices) w.Line($"ref {indexType} __idxs = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference({MethodEmitter.Identifier(m.IndicesName!)});");
            // Parallel: a unit is one outermost output row of a sample (a single image still splits).
            string? rows = m.Rank == 1 ? null : "__out" + axis[0];
            var units = driver.WriteSplit(w, rows is null ? "__batch" : $"__batch * {rows}", "(long)__batch * __c * ((long)__inPlane + __outPlane)");
            var (sampleLoop, rowFirst, rowEnd) = driver.PlaneLoop(w, units, "__batch", rows);
            using (sampleLoop)
            {
                w.Line($"ref {element} __in = ref {Unsafe}.Add(ref __src, __plane * __inPlane * __c);");
                w.Line("int __outFirst = __plane * __outPlane * __c;");
                // The sample's first output position this loop writes (its first row's).
                w.Line(rowFirst == "0" ? "int __o = 0;" : $"int __o = {rowFirst}{string.Concat(axis.Skip(1).Select(x => " * __out" + x))};");
                var positions = w.Nest(SourceWriter.OutputLoops(axis, rows, rowFirst, rowEnd), a => WriteWindowBounds(w, m, a));
                string[] tap = WindowReduction.Taps(axis), first = WindowReduction.Starts(axis);
                int step(int a) => m.Dilation[a];
                void Taps(System.Action body)
                {
                    using (w.Nest(SourceWriter.TapLoops(axis, step))) body();
                }
                w.Line("int __base = __outFirst + __o * __c;");
                if (averaging)
                {
                    w.Line($"bool __empty = {WindowReduction.AnyEmpty(axis)};");
                    w.Line($"int __divisor = {WindowReduction.Divisor(m, axis)};");
                }
                w.Line("int __ch = 0;");
                if (vector)
                {
                    // Channels in vectors: the widest accelerated width first, narrower widths for what is left.
                    string bounds = WindowReduction.Bounds(axis);
                    string extents = string.Join("", axis.Skip(1).Select(x => $"__in{x}, "));
                    string average = averaging ? ", __empty, __divisor" : "";
                    info.WriteWidthDispatch(w, "__ch", "__Channels", _ => SourceWriter.Arguments($"ref __in, ref __dst, __base, __c, {extents}{bounds}{average}, __ch"));
                }
                using (w.Block("for (; __ch < __c; __ch++)"))
                {
                    if (averaging)
                    {
                        w.Line($"{compute} __sum = 0;");
                        Taps(() => w.Line($"__sum += {Term(Load($"({WindowReduction.FlatIndex(tap)}) * __c + __ch"))};"));
                        w.Line($"{Unsafe}.Add(ref __dst, __base + __ch) = __empty ? {Store("0")} : {Store(Finish("__sum / __divisor"))};");
                    }
                    else
                    {
                        bool max = m.Op == WindowOp.Max;
                        w.Line($"{compute} __best = {WindowReduction.Initial(max, info)};");
                        // Without indices the update is the branch-free one of the NCHW kernel; with them, PyTorch's rule.
                        if (indices) w.Line($"int __bestIndex = {WindowReduction.FlatIndex(first)};");
                        string compare = WindowReduction.Replaces(max, info, "__v", "__best");
                        string combine = WindowReduction.Combine(max, info, "__best", "__v");
                        Taps(() =>
                        {
                            w.Line($"int __i = {WindowReduction.FlatIndex(tap)};");
                            w.Line($"{compute} __v = {Load("__i * __c + __ch")};");
                            w.Line(indices ? $"if ({compare}) {{ __best = __v; __bestIndex = __i; }}" : $"__best = {combine};");
                        });
                        w.Line($"{Unsafe}.Add(ref __dst, __base + __ch) = {Store("__best")};");
                        if (indices) w.Line($"{Unsafe}.Add(ref __idxs, __base + __ch) = __bestIndex;");
                    }
                }
                w.Line("__o++;");
                positions.Dispose();
            }
            if (vector) WriteChannelFunction(w, m, element, compute);
        };

    /// <summary>
    /// One output position's channels, V.Count at a time, for every vector width (V: a runtime Simd struct): the taps of
    /// the window in PyTorch's row-major order, each updating a vector of channels with the NCHW kernel's rule or sum.
    /// </summary>
    private static void WriteChannelFunction(SourceWriter w, WindowPoolModel m, string element, string compute)
    {
        string[] axis = ShapeValidation.Axes(m.Rank);
        string bounds = WindowReduction.Bounds(axis, "int ");
        string extents = string.Join("", axis.Skip(1).Select(x => $"int __in{x}, "));
        bool averaging = m.Op is WindowOp.Avg or WindowOp.Lp, square = m.Op == WindowOp.Lp && m.NormType == 2;
        string average = averaging ? ", bool __empty, int __divisor" : "";
        w.Line();
        w.Line("// One output position's channels, V.Count at a time (V: a vector width); returns the first channel it left.");
        using (w.Block("static int __Channels<V, TV>", SourceWriter.Arguments($"ref {element} __in, ref {element} __dst, int __base, int __c, {extents}{bounds}{average}, int __ch"),
            $"where V : global::Pooling.Kernels.ISimd<TV, {element}> where TV : struct"))
        {
            string flat = WindowReduction.FlatIndex(WindowReduction.Taps(axis));
            string initial = averaging ? "V.Zero" : WindowReduction.VectorInitial(m.Op == WindowOp.Max, ElementInfo.Of(m.Element));
            WindowReduction.WriteChannelLoops(w, initial, SourceWriter.TapLoops(axis, a => m.Dilation[a]), flat, "(nint)__base + __ch",
                (w, acc, load) =>
                {
                    if (square)
                    {
                        string x = "__x" + acc.Substring("__acc".Length);
                        w.Line($"TV {x} = {load};");
                        w.Line($"{acc} = V.Add({acc}, V.MultiplyLanes({x}, {x}));");
                    }
                    else w.Line(averaging ? $"{acc} = V.Add({acc}, {load});" : $"{acc} = V.{(m.Op == WindowOp.Max ? "Max" : "Min")}({acc}, {load});");
                },
                !averaging ? null : (w, acc) =>
                {
                    w.Line($"{acc} = __empty ? V.Zero : V.Divide({acc}, __divisor);");
                    if (m.Op == WindowOp.Lp)
                    {
                        // PoolingMath.LpRoot lane-wise: (mean + 0) turns −0 into +0 and nothing else; then · K and, for p = 2, √.
                        w.Line($"{acc} = V.Multiply(V.Add({acc}, V.Zero), {m.LpScale});");
                        if (square) w.Line($"{acc} = V.Sqrt({acc});");
                    }
                });
            w.Line("return __ch;");
        }
    }
}
