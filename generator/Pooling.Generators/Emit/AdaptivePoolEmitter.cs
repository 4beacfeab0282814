using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Pooling.Generators.Model;
using Pooling.Generators.Parsing;

namespace Pooling.Generators.Emit;

/// <summary>
/// Adaptive max/average pooling and the global pools (docs/semantics.md §5–§6). Bin i of an axis is
/// [floor(i·I/O), ceil((i+1)·I/O)) in exact integer arithmetic; bins may overlap. Average divides the sum by each bin
/// extent in turn (PyTorch's <c>sum / kh / kw</c>); max uses PyTorch's update rule and plane-relative indices.
/// </summary>
internal static class AdaptivePoolEmitter
{
    private const string Unsafe = ElementInfo.Unsafe;
    private const string Lp = "global::Pooling.Kernels.PoolingMath.LpPower", MathAbs = "global::System.Math.Abs";

    /// <summary>The kernel's shape rules: bins fixed by the attribute, kept input extents, or scaled ones (area upsampling).</summary>
    internal static ShapeValidation Validation(AdaptivePoolModel m)
    {
        bool scaled = !m.Scale.IsEmpty;
        string OutputOf(int a, string input) =>
            scaled ? $"global::Pooling.PoolingShape.UpsampleLength({input}, {m.Scale[a].ToString("R", CultureInfo.InvariantCulture)}d)"
            : m.OutputSize[a] == -1 ? input : m.OutputSize[a].ToString(CultureInfo.InvariantCulture);
        return ShapeValidation.For(m,
            a => scaled ? PoolingShape.UpsampleLength(m.InputSize[a], m.Scale[a]) : m.OutputSize[a] == -1 ? m.InputSize[a] : m.OutputSize[a], OutputOf) with
        {
            Indices = m.Indices != IndexType.None ? MethodEmitter.Identifier(m.IndicesName!) : null,
            UpsampleMessage = scaled,
        };
    }

    public static string Emit(MethodModel method, AdaptivePoolModel m, ChannelsLastModel? nhwc = null)
    {
        string[] axis = ShapeValidation.Axes(m.Rank);
        var info = ElementInfo.Of(m.Element);
        string element = info.Name;
        bool indices = m.Indices != IndexType.None;
        bool scaled = !m.Scale.IsEmpty;
        // PyTorch computes an adaptive average to 1×…×1 as input.mean() (a cascade sum and one division), not bin by bin:
        // this path sums once per plane and divides once — float data in float like PyTorch (sixteen lanes, a cascade
        // every 1,024 elements: PoolingMath.FloatMeans.cs), double and Half in double (four lanes).
        // With compile-time extents a scale factor's outputs are known here too, so no constant test is left in the code.
        bool mean = !m.Max && m.LpNorm is null && !RoundsMean(m) && (scaled
            ? m.HasConstantExtents && Enumerable.Range(0, m.Rank).All(a => PoolingShape.UpsampleLength(m.InputSize[a], m.Scale[a]) == 1)
            : m.OutputSize.All(o => o == 1));
        string sizes = scaled
            ? "⌊I·" + string.Join("⌋×⌊I·", m.Scale.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + "⌋"
            : string.Join("×", m.OutputSize.Select(o => o == -1 ? "keep" : o.ToString(CultureInfo.InvariantCulture)));
        string remarks = $"{m.OpName} {m.Rank}-D over " + (m.HasConstantExtents ? "input " + string.Join("×", m.InputSize) : "(" + string.Join(", ", m.ExtentNames) + ")")
            + $", {element.Replace("global::System.", "")}: output {sizes}, "
            + (m.LpNorm is double lp ? $"each plane's p-norm (Σ|x|^p)^(1/p), p = {lp.ToString("R", CultureInfo.InvariantCulture)}, summed row-major."
                : mean ? $"the mean of each plane (PyTorch's mean(): {(m.Element == ElementType.Float ? "sixteen float" : "four double")} lanes, one division)." : "bins [floor(i·I/O), ceil((i+1)·I/O))" + (indices ? ", with indices." : "."))
            + (nhwc is null ? "" : " Layout: channels-last (NHWC), each bin's channels together" + (indices ? "." : ", vectorised along the channels."));

        var shape = Validation(m);

        if (nhwc is not null) return EmitChannelsLast(method, m, nhwc, remarks, shape, mean);

        return MethodEmitter.Emit(method, remarks, (w, driver) =>
        {
            shape.Write(w, driver.OutputSize);

            // Float and double bins without indices go across planes, a tile of planes at a time (PlaneTiles).
            // With compile-time extents a plane too large for the tile's cap gets no tile path at all (its products of
            // constants would not fit in an int, and the runtime guard would be constant false).
            bool tiles = !mean && !indices && m.Element is ElementType.Float or ElementType.Double && VectorReduces(m)
                && (!m.HasConstantExtents || TileFits(m.Element, shape.ConstantPlanes()));
            // Parallel: a unit is one outermost output row of a plane (a plane's mean is one unit, and so is a 1-D plane),
            // so a call of one large plane splits too. A serial tiled kernel walks whole planes.
            string? rows = mean || m.Rank == 1 || (tiles && !driver.Parallel) ? null : "__out" + axis[0];
            var units = driver.WriteSplit(w, rows is null ? "__planes" : $"__planes * {rows}", "__planes * ((long)__inPlane + __outPlane)");
            if (RoundsMean(m))
            {
                var (planeRows, first, end) = driver.PlaneLoop(w, units, "__planes", rows);
                using (planeRows) WriteByteArea(w, m, "__plane * __inPlane, __inPlane", "__plane * __outPlane, __outPlane", "1", first, end);
                return;
            }
            if (mean && m.Element == ElementType.Float)
            {
                // One output per plane: every plane's mean in one runtime call, eight planes' sums in flight at a time.
                string input = MethodEmitter.Identifier(m.InputName), output = MethodEmitter.Identifier(m.OutputName);
                w.Line(driver.Parallel
                    ? $"global::Pooling.Kernels.PoolingMath.PlaneMeans({input}.Slice(__first * __inPlane, (__end - __first) * __inPlane), __inPlane, {output}.Slice(__first, __end - __first));"
                    : $"global::Pooling.Kernels.PoolingMath.PlaneMeans({input}, __inPlane, {output});");
                return;
            }
            if (!mean) w.Line($"ref {element} __src = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference({MethodEmitter.Identifier(m.InputName)});");
            w.Line($"ref {element} __dst = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference({MethodEmitter.Identifier(m.OutputName)});");
            string indexType = m.Indices == IndexType.Int32 ? "int" : "long";
            if (indices) w.Line($"ref {indexType} __idxs = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference({MethodEmitter.Identifier(m.IndicesName!)});");
            System.IDisposable? segments = null;
            (string First, string End) range = units;
            if (tiles && rows is not null)
            {
                // Parallel, units of rows: the planes this range holds whole go through the tiles; what they leave — the
                // rows of a plane the range starts inside, then the planes after the last whole group and the rows of a
                // plane the range ends inside — one plane at a time, in two segments of units.
                w.Line($"int __tileFirst = ({units.First} + {rows} - 1) / {rows}, __tileEnd = {units.End} / {rows};");
                w.Line("int __rest = __tileFirst;   // the first plane the tiles left");
                using (w.Block("if (__tileFirst < __tileEnd)"))
                {
                    WritePlaneTiles(w, m, axis, ("__tileFirst", "__tileEnd"), scaled && !m.HasConstantExtents);
                    w.Line("__rest = __plane;");
                }
                segments = w.Block("for (int __segment = 0; __segment < 2; __segment++)");
                w.Line($"int __segFirst = __segment == 0 ? {units.First} : __rest * {rows};");
                w.Line($"int __segEnd = __segment == 0 ? global::System.Math.Min({units.End}, __tileFirst * {rows}) : {units.End};");
                range = ("__segFirst", "__segEnd");
            }
            else if (tiles)
            {
                WritePlaneTiles(w, m, axis, units, scaled && !m.HasConstantExtents);
            }
            var (planeLoop, rowFirst, rowEnd) = tiles && rows is null
                ? (PlaneDriver.RemainingPlanes(w, units), "0", "1")
                : driver.PlaneLoop(w, range, "__planes", rows);
            using (segments)
            using (planeLoop)
            {
                w.Line($"ref {element} __out = ref {Unsafe}.Add(ref __dst, __plane * __outPlane);");
                string planeMean = $"__out = ({element})global::Pooling.Kernels.PoolingMath.PlaneMean({MethodEmitter.Identifier(m.InputName)}.Slice(__plane * __inPlane, __inPlane));";
                if (mean)
                {
                    w.Line(planeMean);
                    return;
                }
                w.Line($"ref {element} __in = ref {Unsafe}.Add(ref __src, __plane * __inPlane);");
                if (indices) w.Line($"ref {indexType} __idx = ref {Unsafe}.Add(ref __idxs, __plane * __outPlane);");
                if (scaled && !m.Max && !RoundsMean(m) && !m.HasConstantExtents)
                {
                    // An output of 1 on every axis is PyTorch's mean() shortcut even when it comes from a scale factor.
                    using (w.Block($"if ({string.Join(" && ", axis.Select(x => $"__out{x} == 1"))})"))
                    {
                        w.Line(planeMean);
                        w.Line("continue;");
                    }
                }
                w.Line(rowFirst == "0" ? "int __o = 0;" : $"int __o = {rowFirst}{string.Concat(axis.Skip(1).Select(x => " * __out" + x))};");
                var scopes = WriteBinLoops(w, axis, rows, rowFirst, rowEnd);
                WriteBinReduction(w, m, axis, offset => offset, "ref __out, __o", "ref __idx, __o");
                w.Line("__o++;");
                scopes.Dispose();
            }
            if (tiles) WriteChannelsFunction(w, m, axis);
        }, shape.WriteOutputSize);
    }

    /// <summary>
    /// NCHW float/double bins without indices: a group of planes (16 floats or 8 doubles, a 512-bit vector) is
    /// interleaved into a pixels × planes tile, every bin computed for the whole group by the channels-last vector
    /// function (the bin's taps in PyTorch's order, each a vector of planes, so every plane sees the per-plane loop's
    /// arithmetic), and the results written back to their planes. Leaves <c>__plane</c> at the first plane left for the
    /// per-plane loop (those after the last whole group, or all of them for a plane too large for the tile's cap).
    /// </summary>
    private static void WritePlaneTiles(SourceWriter w, AdaptivePoolModel m, string[] axis, (string First, string End) units, bool runtimeMean)
    {
        var info = ElementInfo.Of(m.Element);
        string element = info.Name;
        string input = MethodEmitter.Identifier(m.InputName), output = MethodEmitter.Identifier(m.OutputName);
        string memory = "global::System.Runtime.InteropServices.MemoryMarshal";
        int group = TileGroup(m.Element);
        w.Line($"// Planes {group} at a time, interleaved into a pixels × planes tile (PlaneTiles): each bin's taps in");
        w.Line("// PyTorch's order on a vector of planes, the results written back; the planes left over one at a time below.");
        w.Line($"const int __c = {group};");
        var (end, groups) = PlaneDriver.PlaneGroups(w, units, "__c");
        // A scale factor's 1×…×1 output is the per-plane mean shortcut below; the tile is capped at 4M elements.
        string unitMean = runtimeMean ? " && !(" + string.Join(" && ", axis.Select(x => $"__out{x} == 1")) + ")" : "";
        string fits = m.HasConstantExtents ? "" : $" && (long)__c * ((long)__inPlane + __outPlane) <= {TileCap}";
        using (w.Block($"if ({end} - __plane >= __c{fits}{unitMean})"))
        {
            w.Line($"{element}[] __tiles = global::System.Buffers.ArrayPool<{element}>.Shared.Rent(__c * (__inPlane + __outPlane));");
            using (w.Block("try"))
            {
                w.Line($"var __tileIn = new global::System.Span<{element}>(__tiles, 0, __c * __inPlane);");
                w.Line($"var __tileOut = new global::System.Span<{element}>(__tiles, __c * __inPlane, __c * __outPlane);");
                w.Line($"ref {element} __in = ref {memory}.GetReference(__tileIn);");
                w.Line($"ref {element} __tileDst = ref {memory}.GetReference(__tileOut);");
                using (groups())
                {
                    w.Line($"global::Pooling.Kernels.PlaneTiles.ToTile<{element}>({input}.Slice(__plane * __inPlane, __c * __inPlane), __c, __tileIn);");
                    w.Line("int __o = 0;");
                    var scopes = WriteBinLoops(w, axis, null, "0", "1");
                    w.Line("nint __base = (nint)__o * __c;");
                    WriteBinChannels(w, m, axis, "__tileDst", null, vector: true);
                    w.Line("__o++;");
                    scopes.Dispose();
                    w.Line($"global::Pooling.Kernels.PlaneTiles.FromTile<{element}>(__tileOut, __c, {output}.Slice(__plane * __outPlane, __c * __outPlane));");
                }
            }
            using (w.Block("finally"))
            {
                w.Line($"global::System.Buffers.ArrayPool<{element}>.Shared.Return(__tiles);");
            }
        }
    }

    // A byte average (uint8 area): the bin's exact integer sum, its mean rounded half to even (PoolingMath.RoundedMean) —
    // no float mean() shortcut for a 1×…×1 output, the whole plane is one bin.
    private static bool RoundsMean(AdaptivePoolModel m) => !m.Max && m.LpNorm is null && m.Element == ElementType.Byte;

    /// <summary>uint8 area for one image (a plane, or a channels-last sample of <paramref name="channels"/>): its outermost
    /// output rows [<paramref name="first"/>, <paramref name="end"/>) through the runtime's separable ByteArea.</summary>
    private static void WriteByteArea(SourceWriter w, AdaptivePoolModel m, string inputSlice, string outputSlice, string channels, string first, string end)
    {
        string Extent(string prefix, int a) => m.Rank - 3 + a < 0 ? "1" : $"__{prefix}{ShapeValidation.Axes(m.Rank)[m.Rank - 3 + a]}";
        // ByteArea counts rows of the whole output (depth × height): a 3-D unit is a depth slice of outH rows.
        string scale = m.Rank == 3 ? " * __outH" : "";
        w.Call("global::Pooling.Kernels.ByteArea.Resize", new[]
        {
            $"{MethodEmitter.Identifier(m.InputName)}.Slice({inputSlice})", $"{MethodEmitter.Identifier(m.OutputName)}.Slice({outputSlice})", channels,
            Extent("in", 0), Extent("in", 1), Extent("in", 2), Extent("out", 0), Extent("out", 1), Extent("out", 2),
            first == "0" ? "0" : first + scale, end + scale,
        });
    }

    // Max, average and the 2-norm reduce vectors of channels or planes (|x|² is x·x and the root a square root, the scalar
    // loop's operations lane by lane); other norms take a power per element, which has no vector form here.
    private static bool VectorReduces(AdaptivePoolModel m) => m.LpNorm is null or 2;

    // The most elements (input and output planes of one group) a plane tile holds; larger planes go one at a time.
    private const int TileCap = 1 << 22;

    private static int TileGroup(ElementType element) => element == ElementType.Float ? 16 : 8;

    private static bool TileFits(ElementType element, (long In, long Out) planes) => TileGroup(element) * (planes.In + planes.Out) <= TileCap;

    /// <summary>The loops over the output positions this call owns, each with its bin [__x0, __x1) — PyTorch's
    /// start_index / end_index (AdaptivePooling.h), in 64-bit so large extents cannot overflow.</summary>
    private static System.IDisposable WriteBinLoops(SourceWriter w, string[] axis, string? rows, string rowFirst, string rowEnd) =>
        w.Nest(SourceWriter.OutputLoops(axis, rows, rowFirst, rowEnd), a =>
        {
            string x = axis[a], l = x.ToLowerInvariant();
            w.Line($"int __{l}0 = (int)((long)__o{l} * __in{x} / __out{x}), __{l}1 = (int)(((long)(__o{l} + 1) * __in{x} + __out{x} - 1) / __out{x});");
        });

    /// <summary>
    /// One bin reduced, in PyTorch's order: its taps row-major with max's update rule (the first tap's index where
    /// indices are written) or summed and divided by each bin extent in turn (1-D is PyTorch's 2-D with a unit height:
    /// the extra / 1 is exact). <paramref name="offset"/> turns a plane-relative input index into the offset to load
    /// from (channels-last: the pixel times the channels, plus the channel); the result and index go to
    /// <paramref name="output"/> and <paramref name="index"/> (<c>ref span, offset</c>).
    /// </summary>
    private static void WriteBinReduction(SourceWriter w, AdaptivePoolModel m, string[] axis, System.Func<string, string> offset, string output, string index)
    {
        var info = ElementInfo.Of(m.Element);
        string compute = info.Compute;
        bool indices = m.Indices != IndexType.None;
        if (m.Max)
        {
            w.Line($"{compute} __best = {WindowReduction.Initial(max: true, info)};");
            if (indices) w.Line($"int __bestIndex = {WindowReduction.FlatIndex(WindowReduction.Starts(axis))};");
        }
        else
        {
            w.Line($"{compute} __sum = 0;");
        }
        using (w.Nest(SourceWriter.TapLoops(axis)))
        {
            string tap = WindowReduction.FlatIndex(WindowReduction.Taps(axis));
            if (m.Max && indices)
            {
                w.Line($"int __i = {tap};");
                w.Line($"{compute} __v = {info.Load(offset("__i"))};");
                w.Line($"if ({WindowReduction.Replaces(max: true, info, "__v", "__best")}) {{ __best = __v; __bestIndex = __i; }}");
            }
            else if (m.Max)
            {
                w.Line($"__best = {WindowReduction.Combine(max: true, info, "__best", info.Load(offset(tap)))};");
            }
            else if (m.LpNorm is double p)
            {
                w.Line($"__sum += {Lp}({MathAbs}({info.Load(offset(tap))}), {WindowPoolEmitter.NormLiteral(p)});");
            }
            else
            {
                w.Line($"__sum += {info.Load(offset(tap))};");
            }
        }
        if (m.Max)
        {
            w.Line($"{Unsafe}.Add({output}) = {info.Store("__best")};");
            if (indices) w.Line($"{Unsafe}.Add({index}) = __bestIndex;");
        }
        else if (m.LpNorm is double p)
        {
            w.Line($"{Unsafe}.Add({output}) = {info.Store($"{Lp}(__sum, 1.0 / {WindowPoolEmitter.NormLiteral(p)})")};");
        }
        else
        {
            w.Line($"{Unsafe}.Add({output}) = {info.Store("__sum / " + string.Join(" / ", axis.Select(WindowReduction.Extent)))};");
        }
    }

    /// <summary>
    /// Channels-last (NHWC): the same bins, each output pixel's channels computed together — the bin's taps in PyTorch's
    /// order, each updating a vector of channels (Simd widths for float and double without indices), so every channel
    /// sees the NCHW kernel's arithmetic; a mean to 1×…×1 is PoolingMath.ChannelMeans (each channel in PlaneMean's order).
    /// </summary>
    private static string EmitChannelsLast(MethodModel method, AdaptivePoolModel m, ChannelsLastModel nhwc, string remarks, ShapeValidation shape, bool mean) =>
        MethodEmitter.Emit(method, remarks, (w, driver) =>
        {
            string[] axis = ShapeValidation.Axes(m.Rank);
            var info = ElementInfo.Of(m.Element);
            string element = info.Name, compute = info.Compute;
            bool indices = m.Indices != IndexType.None;
            bool vector = !indices && m.Element is ElementType.Float or ElementType.Double && VectorReduces(m);
            string input = MethodEmitter.Identifier(m.InputName), output = MethodEmitter.Identifier(m.OutputName);
            string indexType = m.Indices == IndexType.Int32 ? "int" : "long";
            (shape with { Channels = ShapeValidation.WriteChannelCount(w, nhwc) }).Write(w, driver.OutputSize);
            w.Line("int __batch = __planes / __c;");
            string channelMeans = $"global::Pooling.Kernels.PoolingMath.ChannelMeans<{element}>({input}.Slice(__plane * __inPlane * __c, __inPlane * __c), __c, "
                + $"{output}.Slice(__plane * __c, __c));";
            string? rows = mean || m.Rank == 1 ? null : "__out" + axis[0];
            var units = driver.WriteSplit(w, rows is null ? "__batch" : $"__batch * {rows}", "__planes * ((long)__inPlane + __outPlane)");
            if (mean)
            {
                using (driver.PlaneLoop(w, units, "__batch").Loop) w.Line(channelMeans);
                return;
            }
            if (RoundsMean(m))
            {
                var (sampleRows, first, end) = driver.PlaneLoop(w, units, "__batch", rows);
                using (sampleRows) WriteByteArea(w, m, "__plane * __inPlane * __c, __inPlane * __c", "__plane * __outPlane * __c, __outPlane * __c", "__c", first, end);
                return;
            }
            w.Line($"ref {element} __src = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference({input});");
            w.Line($"ref {element} __dst = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference({output});");
            if (indices) w.Line($"ref {indexType} __idxs = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference({MethodEmitter.Identifier(m.IndicesName!)});");
            var (sampleLoop, rowFirst, rowEnd) = driver.PlaneLoop(w, units, "__batch", rows);
            using (sampleLoop)
            {
                if (!m.Scale.IsEmpty && !m.Max && !RoundsMean(m) && !m.HasConstantExtents)
                {
                    // An output of 1 on every axis is PyTorch's mean() shortcut even when it comes from a scale factor.
                    using (w.Block($"if ({string.Join(" && ", axis.Select(x => $"__out{x} == 1"))})"))
                    {
                        w.Line(channelMeans);
                        w.Line("continue;");
                    }
                }
                w.Line($"ref {element} __in = ref {Unsafe}.Add(ref __src, (nint)__plane * __inPlane * __c);");
                w.Line(rowFirst == "0" ? "int __o = 0;" : $"int __o = {rowFirst}{string.Concat(axis.Skip(1).Select(x => " * __out" + x))};");
                var scopes = WriteBinLoops(w, axis, rows, rowFirst, rowEnd);
                w.Line("nint __base = ((nint)__plane * __outPlane + __o) * __c;");
                WriteBinChannels(w, m, axis, "__dst", indices ? "__idxs" : null, vector);
                w.Line("__o++;");
                scopes.Dispose();
            }
            if (vector) WriteChannelsFunction(w, m, axis);
        }, shape.WriteOutputSize);

    /// <summary>
    /// The current bin for all <c>__c</c> channels of an output pixel (or planes of a tile), at
    /// <paramref name="output"/>[__base + channel]: <c>V.Count</c> at a time through <c>__Channels</c> where
    /// <paramref name="vector"/>, the rest one at a time in the per-bin order (with indices when <paramref name="indices"/>).
    /// </summary>
    private static void WriteBinChannels(SourceWriter w, AdaptivePoolModel m, string[] axis, string output, string? indices, bool vector)
    {
        w.Line("int __ch = 0;");
        if (vector)
        {
            string bounds = WindowReduction.Bounds(axis);
            string extents = string.Join("", axis.Skip(1).Select(x => $"__in{x}, "));
            ElementInfo.Of(m.Element).WriteWidthDispatch(w, "__ch", "__Channels", _ => SourceWriter.Arguments($"ref __in, ref {output}, __base, __c, {extents}{bounds}, __ch"));
        }
        using (w.Block("for (; __ch < __c; __ch++)"))
        {
            WriteBinReduction(w, m, axis, offset => $"(nint){(offset.Contains(' ') ? $"({offset})" : offset)} * __c + __ch",
                $"ref {output}, __base + __ch", indices is null ? "" : $"ref {indices}, __base + __ch");
        }
    }

    /// <summary>The local function <c>__Channels</c>: one output pixel's channels (or a tile's planes), V.Count at a time —
    /// the bin's taps in order, each updating a vector of channels; returns the first channel it left.</summary>
    private static void WriteChannelsFunction(SourceWriter w, AdaptivePoolModel m, string[] axis)
    {
        var info = ElementInfo.Of(m.Element);
        string element = info.Name, compute = info.Compute;
        string parameters = string.Join("", axis.Skip(1).Select(x => $"int __in{x}, ")) + WindowReduction.Bounds(axis, "int ");
        w.Line();
        w.Line("// One output pixel's channels, V.Count at a time (V: a vector width); returns the first channel it left.");
        using (w.Block("static int __Channels<V, TV>", SourceWriter.Arguments($"ref {element} __in, ref {element} __dst, nint __base, int __c, {parameters}, int __ch"),
            $"where V : global::Pooling.Kernels.ISimd<TV, {element}> where TV : struct"))
        {
            string flat = WindowReduction.FlatIndex(WindowReduction.Taps(axis));
            WindowReduction.WriteChannelLoops(w, m.Max ? WindowReduction.VectorInitial(max: true, info) : "V.Zero", SourceWriter.TapLoops(axis), flat,
                "__base + __ch",
                (w, acc, load) =>
                {
                    if (m.Max) w.Line($"{acc} = V.Max({acc}, {load});");
                    else if (m.LpNorm is not null)
                    {
                        // The 2-norm: |x|² as x·x, summed; the root below as a square root.
                        w.Line($"TV {acc}x = {load};");
                        w.Line($"{acc} = V.Add({acc}, V.MultiplyLanes({acc}x, {acc}x));");
                    }
                    else w.Line($"{acc} = V.Add({acc}, {load});");
                },
                m.Max ? null : m.LpNorm is not null ? (w, acc) => w.Line($"{acc} = V.Sqrt({acc});") : (w, acc) =>
                {
                    // One division per axis, in PyTorch's order.
                    foreach (string x in axis) w.Line($"{acc} = V.Divide({acc}, {WindowReduction.Tap(x)}1 - {WindowReduction.Tap(x)}0);");
                });
            w.Line("return __ch;");
        }
    }
}
