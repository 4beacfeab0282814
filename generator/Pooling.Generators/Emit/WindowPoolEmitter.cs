using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Pooling.Generators.Model;
using Pooling.Generators.Parsing;

namespace Pooling.Generators.Emit;

/// <summary>
/// Emits max, min and average pooling kernels specialised to their constants (docs/semantics.md §2–§3).
/// Shape of the generated body: validate every argument once; per plane and output row, outputs whose window lies
/// wholly inside the input (the interior, computed once per call) run unrolled taps at literal offsets with no bounds
/// checks — vectorised along the last axis when the type and stride allow — and every other output goes through one
/// bounds-checked local function that follows PyTorch's loop literally. Channels-last kernels are written by
/// <c>WindowPoolEmitter.ChannelsLast.cs</c>, vectorised along the channels with the same reduction (WindowReduction).
/// </summary>
internal static partial class WindowPoolEmitter
{
    private const string Unsafe = ElementInfo.Unsafe;
    private const string Math = "global::System.Math";
    private const string Kernels = "global::Pooling.Kernels.PoolingMath";

    /// <summary>The kernel of <paramref name="model"/> in its layout: NCHW, or channels-last when
    /// <paramref name="channelsLast"/> is given.</summary>
    public static string Emit(MethodModel method, WindowPoolModel model, ChannelsLastModel? channelsLast)
    {
        Action<SourceWriter, PlaneDriver> BodyOf(WindowPoolModel m) => channelsLast is null
            ? (writer, driver) => new Body(m, writer, driver).Write()
            : ChannelsLastBody(m, channelsLast);
        string remarks = channelsLast is null ? Remarks(model) : Remarks(model, unrollNote: false) + " Layout: channels-last (NHWC), vectorised along the channels.";
        // AutoPad SAME with a stride and run-time extents: a kernel per padding case (one case: e.g. a 1-tap window).
        var cases = model.SameAtRunTime == AutoPad.NotSet ? null : model.SameCases();
        var runtime = cases is not { Count: > 1 } ? null : new MethodEmitter.RuntimeCases(
            $"AutoPad {model.SameAtRunTime}: each axis's padding depends on its extent modulo the stride; one kernel per padding.",
            model.SameCaseKey(model.ExtentNames.Select(MethodEmitter.Identifier).ToList()),
            cases.Select(c => (c.Keys, BodyOf(c.Model))).ToList());
        return MethodEmitter.Emit(method, remarks, BodyOf(cases?[0].Model ?? model), Validation(model).WriteOutputSize, runtime);
    }

    /// <summary>The NCHW kernel's shape rules (PyTorch's pooling output formula); also the output-size companion's.</summary>
    internal static ShapeValidation Validation(WindowPoolModel m) => ShapeValidation.For(m, a => m.OutputLength(a, m.InputSize[a]), m.OutputLengthSource) with
    {
        Indices = m.Indices != IndexType.None ? MethodEmitter.Identifier(m.IndicesName!) : null,
        DeclarePlaneStride = true,
        // PyTorch checks avg_pool3d's input against the kernel before the output size (pool3d_shape_check).
        ExtraChecks = m.Op is WindowOp.Avg or WindowOp.Lp && m.Rank == 3 && !m.OnnxPadding
            ? ShapeValidation.AvgPool3dInputCheck(m.Kernel)
            : null,
    };

    public static string Remarks(WindowPoolModel m, bool unrollNote = true)
    {
        string Axes(EquatableArray<int> values) => string.Join("×", values.Select(v => v.ToString(CultureInfo.InvariantCulture)));
        string op = m.Op switch { WindowOp.Max => "MaxPool", WindowOp.Min => "MinPool", WindowOp.Lp => $"LpPool (p = {m.NormType.ToString("R", CultureInfo.InvariantCulture)})", _ => "AvgPool" };
        string extents = m.HasConstantExtents ? "input " + Axes(m.InputSize) : "(" + string.Join(", ", m.ExtentNames) + ")";
        string padding = m.SameAtRunTime == AutoPad.NotSet ? Axes(m.Padding) : $"AutoPad {m.SameAtRunTime} (chosen per call from the extents)";
        var text = $"{op} {m.Rank}-D over {extents}, {ElementName(m.Element)}: kernel {Axes(m.Kernel)}, stride {Axes(m.Stride)}, padding {padding}";
        if (m.Op is WindowOp.Max or WindowOp.Min) text += $", dilation {Axes(m.Dilation)}";
        text += m.CeilMode ? ", ceil mode" : ", floor mode";
        if (m.Op == WindowOp.Avg)
            text += m.DivisorOverride != 0 ? $", divisor {m.DivisorOverride}" : m.CountIncludePad ? ", padding counted" : ", padding not counted";
        if (m.Indices != IndexType.None) text += ", with indices";
        if (m.HasConstantExtents)
        {
            var output = Enumerable.Range(0, m.Rank).Select(a => m.OutputLength(a, m.InputSize[a]));
            text += "; output " + string.Join("×", output);
        }
        if (!unrollNote) return text + ".";
        text += m.TapCount > KernelParser.UnrollBudget
            ? $"; {m.TapCount} taps per window run as compact loops."
            : $"; {m.TapCount} taps unrolled" + (VectorLanes(m) > 0 || HasIndexedVectors(m) ? ", interior vectorised at the widest accelerated width (512, 256, 128 bits)." : ".");
        return text;
    }

    // Max or min with indices over float, 1-D to 3-D, stride 1 or 2 along the row, unrolled: the interior on vectors
    // (IndexedWindows), the value and its index selected on one compare.
    private static bool HasIndexedVectors(WindowPoolModel m) =>
        m.Indices != IndexType.None && m.TapCount <= KernelParser.UnrollBudget && m.Element == ElementType.Float
        && m.Op is (WindowOp.Max or WindowOp.Min) && m.Stride[m.Rank - 1] <= 2;

    // Lanes of the vector interior, or 0 when the interior stays scalar: float/double, no indices, stride 1 or 2 on the last axis.
    private static int VectorLanes(WindowPoolModel m)
    {
        // LpPool vectorises where PyTorch's power is exact arithmetic: p = 1 (x) and p = 2 (x·x, then a square root).
        if (m.Indices != IndexType.None || (m.Op == WindowOp.Lp && !m.LpVectorises) || m.TapCount > KernelParser.UnrollBudget || m.Stride[m.Rank - 1] > 2) return 0;
        return m.Element switch { ElementType.Float => 4, ElementType.Double => 2, _ => 0 };
    }

    // LpPool is PyTorch's composite: the average of x^p, then (mean · K)^(1/p) (docs/semantics.md §4). For the other ops
    // a tap is summed as it is and the mean is the result. Shared by the NCHW and channels-last kernels.
    internal static string LpTerm(WindowPoolModel m, string value) =>
        m.Op == WindowOp.Lp ? $"{Kernels}.LpPower({(m.Absolute ? $"{Math}.Abs({value})" : value)}, {NormLiteral(m.NormType)})" : value;

    internal static string LpFinish(WindowPoolModel m, string compute, string mean) =>
        m.Op == WindowOp.Lp ? $"{Kernels}.LpRoot(({compute})({mean}), {m.LpScale}, {NormLiteral(m.NormType)})" : mean;

    // A norm type as C# source (±∞ and NaN as double's constants).
    internal static string NormLiteral(double value) =>
        double.IsPositiveInfinity(value) ? "double.PositiveInfinity"
        : double.IsNegativeInfinity(value) ? "double.NegativeInfinity"
        : double.IsNaN(value) ? "double.NaN"
        : value.ToString("R", CultureInfo.InvariantCulture) + "d";

    private static string ElementName(ElementType element) => ElementInfo.Of(element).Name;

    /// <summary>
    /// The real-tap range [__x0, __x1) of output __ox on one axis, as PyTorch's CPU loops compute it. Max/min: the dilated
    /// window clipped to the input, its start advanced past the left padding by whole dilation steps. Average: the window
    /// clipped to the padded extent (its size __xPool counts padding, never ceil overhang), then to the input.
    /// Shared by the NCHW border function and the NHWC kernel.
    /// </summary>
    internal static void WriteWindowBounds(SourceWriter w, WindowPoolModel m, int a)
    {
        string X = ShapeValidation.Axes(m.Rank)[a], x = X.ToLowerInvariant();
        string start = SourceWriter.Add(SourceWriter.Mul($"__o{x}", m.Stride[a]), -m.Padding[a]);
        int d = m.Dilation[a];
        if (m.Op is WindowOp.Avg or WindowOp.Lp && d == 1)
        {
            w.Line($"int __{x}0 = {start}, __{x}1 = {Math}.Min(__{x}0 + {m.Kernel[a]}, {SourceWriter.Add($"__in{X}", m.PaddingEnd[a])}), __{x}Pool = __{x}1 - __{x}0;");
            // Without padding the window starts inside the input and the first Min already ends it there.
            if (m.Padding[a] > 0 || m.PaddingEnd[a] > 0) w.Line($"__{x}0 = {Math}.Max(__{x}0, 0); __{x}1 = {Math}.Min(__{x}1, __in{X});");
        }
        else if (m.Op is WindowOp.Avg or WindowOp.Lp)
        {
            // Dilated (ONNX): the taps in the padded extent make the window's size; the first real tap is whole
            // dilation steps on, and the loop steps by the dilation up to the input's end.
            int effective = d * (m.Kernel[a] - 1) + 1;
            w.Line($"int __{x}0 = {start}, __{x}1 = {Math}.Min(__{x}0 + {effective}, {SourceWriter.Add($"__in{X}", m.PaddingEnd[a])}), __{x}Pool = (__{x}1 - __{x}0 + {d - 1}) / {d};");
            if (m.Padding[a] > 0) w.Line($"if (__{x}0 < 0) __{x}0 += (-__{x}0 + {d - 1}) / {d} * {d};");
            if (m.Padding[a] > 0 || m.PaddingEnd[a] > 0) w.Line($"__{x}1 = {Math}.Min(__{x}1, __in{X});");
        }
        else
        {
            int effective = m.Dilation[a] * (m.Kernel[a] - 1) + 1;
            w.Line($"int __{x}0 = {start}, __{x}1 = {Math}.Min(__{x}0 + {effective}, __in{X});");
            // A window starting in the padding begins at its first tap inside the input: whole dilation steps on.
            if (m.Padding[a] > 0)
            {
                w.Line(m.Dilation[a] == 1
                    ? $"if (__{x}0 < 0) __{x}0 = 0;"
                    : $"if (__{x}0 < 0) __{x}0 += (-__{x}0 + {m.Dilation[a] - 1}) / {m.Dilation[a]} * {m.Dilation[a]};");
            }
        }
    }

    private sealed class Body
    {
        private readonly WindowPoolModel _m;
        private readonly SourceWriter _w;
        private readonly int _rank;
        private readonly string[] _axis;         // "D", "H", "W" (the last is always W)
        private readonly string _t;              // element type
        private readonly string _c;              // compute type (float for Half)
        private readonly bool _indices;
        private readonly PlaneDriver _driver;

        // While a top border row is written: kernel rows below this one lie in the padding (rank 2 only), and the
        // vector method of that row.
        private int _skipRows;
        private string _vectorName = "__Vector";

        public Body(WindowPoolModel model, SourceWriter writer, PlaneDriver driver)
        {
            _m = model;
            _w = writer;
            _driver = driver;
            _rank = model.Rank;
            _axis = ShapeValidation.Axes(_rank);
            _t = ElementName(model.Element);
            _c = model.Element == ElementType.Half ? "float" : _t;
            _indices = model.Indices != IndexType.None;
        }

        private bool Compact => _m.TapCount > KernelParser.UnrollBudget;

        private string Input => MethodEmitter.Identifier(_m.InputName);

        private string Output => MethodEmitter.Identifier(_m.OutputName);

        private string IndicesArg => MethodEmitter.Identifier(_m.IndicesName!);

        public void Write()
        {
            WriteValidation();
            if (!Compact) WriteInteriorRanges();
            // Parallel: a unit is one outermost output row of a plane, so a few large planes still split.
            string? rows = _rank == 1 ? null : "__out" + _axis[0];
            var units = _driver.WriteSplit(_w, rows is null ? "__planes" : $"__planes * {rows}", "__planes * ((long)__inPlane + __outPlane)");
            WriteLoops(units, rows);
            _w.Line();
            WriteWindowFunction();
            if (!Compact && VectorLanes(_m) > 0)
            {
                if (!IsStem && HasInteriorRows)
                {
                    _w.Line();
                    WriteVectorFunction();
                }
                foreach (var (row, skip) in TopRows())
                {
                    _w.Line();
                    InTopRow(row, skip, WriteVectorFunction);
                }
            }
        }

        // Whether the kernel has a generated __Vector (or __VectorTop) method.
        private bool WritesVectorFunction => !Compact && VectorLanes(_m) > 0 && ((!IsStem && HasInteriorRows) || TopRows().Any());

        /// <summary>
        /// Max/min, 2-D: the top output rows whose window starts in the padding, each with the first kernel row inside
        /// the input. They run the vector path like interior rows (with indices: IndexedWindows), minus the padded kernel
        /// rows (PyTorch skips those taps), instead of a bounds-checked __Window call per output.
        /// </summary>
        private IEnumerable<(int Row, int Skip)> TopRows()
        {
            if (Compact || _rank != 2 || (_indices ? !HasIndexedVectors(_m) : VectorLanes(_m) == 0) || _m.Op is not (WindowOp.Max or WindowOp.Min)) yield break;
            int s = _m.Stride[0], p = _m.Padding[0], d = _m.Dilation[0];
            for (int row = 0; row < (p + s - 1) / s; row++)
            {
                // With compile-time extents a row whose last kernel row is past the input is not written at all.
                if (_m.HasConstantExtents && _m.InputSize[0] <= TopRowLastInputRow(row)) continue;
                yield return (row, (p - row * s + d - 1) / d);
            }
        }

        private long OutputLength(int a) =>
            _m.OutputLength(a, _m.InputSize[a]);

        // The input row of a top border row's last kernel row: the row runs the vector path only when it is in the input.
        private int TopRowLastInputRow(int row) => row * _m.Stride[0] - _m.Padding[0] + (_m.Kernel[0] - 1) * _m.Dilation[0];

        /// <summary>Whether some output row (outer axes) has its whole window inside the input. With run-time extents
        /// that is decided by the generated code; with compile-time extents here, so a kernel whose input is too short
        /// for any such row gets no interior-row code, whose row offsets would be constant products past int.MaxValue.</summary>
        private bool HasInteriorRows => !_m.HasConstantExtents || Enumerable.Range(0, _rank - 1).All(a => ConstantInterior(a) is var (first, end) && first < end);

        // Axis a's interior outputs [first, end) for compile-time extents (PoolingShape.InteriorRange, as the runtime has it).
        private (int First, int End) ConstantInterior(int a)
        {
            PoolingShape.InteriorRange(_m.InputSize[a], (int)OutputLength(a), _m.Kernel[a], _m.Stride[a], _m.Padding[a], _m.Dilation[a], out int first, out int end);
            return (first, end);
        }

        /// <summary>
        /// The interior of one output row, V.Count outputs at a time, written once for every vector width: V is one of
        /// the runtime's Simd structs, and the JIT specialises the method per width. Taps are combined in PyTorch's
        /// row-major order with its update rule (max/min) or summation order (average), so every lane computes exactly
        /// what the scalar loop computes. Stride 2 splits each pair of input vectors into even and odd elements once
        /// per row and tap pair, not once per tap.
        /// </summary>
        private void WriteVectorFunction()
        {
            int sW = _m.Stride[_rank - 1], pW = _m.Padding[_rank - 1], kW = _m.Kernel[_rank - 1], dW = _m.Dilation[_rank - 1];
            string extents = _rank == 3 ? "nint __inW, nint __inHW, " : _rank == 2 ? "nint __inW, " : "";
            _w.Line("// The interior of one row, V.Count outputs at a time (V: a vector width); returns the first output it left.");
            if (_skipRows > 0)
                _w.Line($"// A top border row: the kernel rows before row {_skipRows} lie in the padding and are skipped.");
            using (_w.Block($"static int {_vectorName}<V, TV>", SourceWriter.Arguments($"ref {_t} __in, ref {_t} __out, nint __o, nint __row, {extents}nint __ow, nint __endW, bool __overlap, bool __prefetch"),
                $"where V : global::Pooling.Kernels.ISimd<TV, {_t}> where TV : struct"))
            {
                // Every load ends exactly at the last element a window of the block needs: tap 0 is the even half of
                // the pair at 0, every other tap t the odd half of the pair at t − 1. Only a kernel of one tap would read
                // one element past its window, so only it keeps one output in reserve.
                int lastTap = (kW - 1) * dW;
                bool reserve = sW == 2 && lastTap == 0;
                _w.Line("nint __first = __ow;");
                using (_w.Block("for (; ; __ow += V.Count)"))
                {
                    using (_w.Block($"if (__ow + V.Count {(reserve ? ">=" : ">")} __endW)"))
                    {
                        if (reserve)
                        {
                            _w.Line("break;");
                        }
                        else
                        {
                            // The narrowest width ends the row with one more block ending at __endW, overlapping
                            // outputs already written (recomputed to the same values), instead of a scalar tail.
                            _w.Line("if (!__overlap || __ow >= __endW || __endW - V.Count < __first) break;");
                            _w.Line("__ow = __endW - V.Count;");
                        }
                    }
                    string column = (sW == 1 ? "__ow" : $"__ow * {sW}") + (pW == 0 ? "" : $" - {pW}");
                    _w.Line($"nint __iw = __row + {column};");
                    // Each input row 4 KB ahead: at 256 bits and below the loop alone keeps too few misses in flight
                    // for rows streamed from memory (DRAM-sized k2s2 at 256 bits: 2.3 → 1.2 × the floor, stopwatch).
                    // 128-bit vectors only then: their steps are short, and with the input in the caches the prefetches
                    // cost more than they save (PoolingMath.StreamsFromMemory); wider vectors always.
                    int elementBytes = _m.Element == ElementType.Float ? 4 : 8;
                    using (_w.Block($"if (__prefetch || V.Count > {16 / elementBytes})"))
                    {
                        _w.Line("// Each input row 4 KB ahead, for planes streamed from memory.");
                        foreach (string row in VectorRows())
                            _w.Line($"global::Pooling.Kernels.PoolingMath.Prefetch(ref __in, __iw{row} + {4096 / elementBytes});");
                    }
                    var values = new List<string>();
                    var loaded = new HashSet<string>();
                    foreach (var (row, rowIndex) in VectorRows().Select((r, i) => (r, i)))
                    {
                        for (int k = 0; k < kW; k++)
                        {
                            int offset = k * dW;
                            string position = "__iw" + row + (offset == 0 ? "" : $" + {offset}");
                            if (sW == 1)
                            {
                                values.Add($"V.Load(ref __in, {position})");
                                continue;
                            }
                            int pair = offset == 0 ? 0 : offset - 1;
                            string name = $"{rowIndex}_{pair}";
                            if (loaded.Add(name))
                            {
                                string pairPosition = "__iw" + row + (pair == 0 ? "" : $" + {pair}");
                                _w.Line($"V.Deinterleave(ref __in, {pairPosition}, out TV __even{name}, out TV __odd{name});");
                            }
                            values.Add(offset == 0 ? $"__even{name}" : $"__odd{name}");
                        }
                    }
                    string result;
                    if (_m.Op is WindowOp.Avg or WindowOp.Lp)
                    {
                        bool square = _m.Op == WindowOp.Lp && _m.NormType == 2;
                        _w.Line("TV __s = V.Zero;");
                        foreach (string v in values) _w.Line(square ? $"__s = V.Add(__s, V.MultiplyLanes({v}, {v}));" : $"__s = V.Add(__s, {v});");
                        int divisor = _m.DivisorOverride != 0 ? _m.DivisorOverride : _m.TapCount;
                        // x · 2^−n is x / 2^n to the bit; other divisors divide.
                        result = (divisor & (divisor - 1)) == 0
                            ? $"V.Multiply(__s, ({_c}){(1.0 / divisor).ToString("R", CultureInfo.InvariantCulture)})"
                            : $"V.Divide(__s, {divisor})";
                        if (_m.Op == WindowOp.Lp)
                        {
                            // PoolingMath.LpRoot lane-wise: (mean + 0) turns −0 into +0 and nothing else; then · K and, for p = 2, √.
                            _w.Line($"TV __scaled = V.Multiply(V.Add({result}, V.Zero), {_m.LpScale});");
                            result = square ? "V.Sqrt(__scaled)" : "__scaled";
                        }
                    }
                    else
                    {
                        // One instruction per tap while no tap is NaN (a NaN makes the running sum NaN); a block that held
                        // one is redone with the NaN-exact update, so NaN-free data does not pay for NaN-exactness.
                        string fn = _m.Op == WindowOp.Max ? "Max" : "Min";
                        _w.Line($"TV __m = {values[0]}, __nan = {values[0]};");
                        foreach (string v in values.Skip(1))
                        {
                            _w.Line($"__m = V.{fn}NoNaN(__m, {v});");
                            _w.Line($"__nan = V.Add(__nan, {v});");
                        }
                        using (_w.Block("if (V.HasNaN(__nan))"))
                        {
                            _w.Line($"__m = {values[0]};");
                            foreach (string v in values.Skip(1)) _w.Line($"__m = V.{fn}(__m, {v});");
                        }
                        result = "__m";
                    }
                    if (sW == 2) result = $"V.RestoreOrder({result})";
                    _w.Line($"V.Store({result}, ref __out, __o + __ow);");
                }
                _w.Line("return (int)__ow;");
            }
        }

        // Every combination of outer-axis kernel taps, row-major (depth tap, then height tap), without the kernel rows a
        // top border row skips.
        private List<int[]> OuterCombos()
        {
            // Row-major: the outermost axis's offset changes slowest.
            int count = 1;
            for (int a = 0; a < _rank - 1; a++) count *= _m.Kernel[a];
            var combos = new List<int[]>(count);
            for (int n = 0; n < count; n++)
            {
                var combo = new int[_rank - 1];
                for (int a = _rank - 2, rest = n; a >= 0; a--)
                {
                    combo[a] = rest % _m.Kernel[a];
                    rest /= _m.Kernel[a];
                }
                if (_rank != 2 || combo[0] >= _skipRows) combos.Add(combo);
            }
            return combos;
        }

        // Writes what `write` emits for top border row `row` (its padded kernel rows skipped, its own vector method).
        private void InTopRow(int row, int skip, System.Action write)
        {
            (_skipRows, _vectorName) = (skip, "__VectorTop" + row);
            write();
            (_skipRows, _vectorName) = (0, "__Vector");
        }

        // Offsets of the rows the outer-axis taps read, relative to __row, row-major: "", " + __inW", " + 2 * __inW", …
        private IEnumerable<string> VectorRows() => OuterCombos().Select(RowStep);

        // One outer-axis tap combination's offset from __row: "" or " + __inW", " + 2 * __inW + __inHW", …
        private string RowStep(int[] combo)
        {
            var terms = new List<string>();
            for (int a = 0; a < _rank - 1; a++)
            {
                int step = combo[a] * _m.Dilation[a];
                if (step != 0) terms.Add(step == 1 ? AxisStride(a) : $"{step} * {AxisStride(a)}");
            }
            return terms.Count == 0 ? "" : " + " + string.Join(" + ", terms);
        }

        // The input stride of outer axis a: a row (the axis just outside the width) or a plane.
        private string AxisStride(int a) => a == _rank - 2 ? "__inW" : "__inHW";

        private void WriteValidation() => Validation(_m).Write(_w, _driver.OutputSize);

        private void WriteInteriorRanges()
        {
            _w.Line("// Outputs whose window lies wholly inside the input, per axis: no bounds checks there.");
            for (int a = 0; a < _rank; a++)
            {
                string x = _axis[a];
                if (_m.HasConstantExtents)
                {
                    var (first, end) = ConstantInterior(a);
                    // One constant a line, so those a kernel never reads are dropped (no CS0219).
                    _w.Line($"const int __first{x} = {first};");
                    _w.Line($"const int __end{x} = {end};");
                }
                else
                {
                    _w.Line($"global::Pooling.PoolingShape.InteriorRange(__in{x}, __out{x}, {_m.Kernel[a]}, {_m.Stride[a]}, {_m.Padding[a]}, {_m.Dilation[a]}, out int __first{x}, out int __end{x});");
                }
            }
            _w.Line();
        }

        private void WriteLoops((string First, string End) units, string? rows)
        {
            _w.Line($"ref {_t} __src = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference({Input});");
            _w.Line($"ref {_t} __dst = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference({Output});");
            if (WritesVectorFunction)
            {
                _w.Line("// 128-bit vector rows prefetch ahead only an input too large for the caches.");
                _w.Line($"bool __prefetch = global::Pooling.Kernels.PoolingMath.StreamsFromMemory<{_t}>({Input}.Length);");
            }
            string indexType = _m.Indices == IndexType.Int32 ? "int" : "long";
            if (_indices) _w.Line($"ref {indexType} __idxs = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference({IndicesArg});");
            var (planeLoop, rowFirst, rowEnd) = _driver.PlaneLoop(_w, units, "__planes", rows);
            using (planeLoop)
            {
                _w.Line($"ref {_t} __in = ref {Unsafe}.Add(ref __src, __plane * __inPlane);");
                _w.Line($"ref {_t} __out = ref {Unsafe}.Add(ref __dst, __plane * __outPlane);");
                if (_indices) _w.Line($"ref {indexType} __idx = ref {Unsafe}.Add(ref __idxs, __plane * __outPlane);");
                // The outer axes' output positions (the last axis is the row, below).
                var outer = _w.Nest(SourceWriter.OutputLoops(_axis.Take(_rank - 1).ToArray(), rows, rowFirst, rowEnd));
                _w.Line($"int __o = {RowOutputOffset()};   // first output of this row");
                _w.Line("int __ow = 0;");
                if (!Compact)
                {
                    string condition = string.Join(" && ", Enumerable.Range(0, _rank - 1).Select(a =>
                        $"__o{_axis[a].ToLowerInvariant()} >= __first{_axis[a]} && __o{_axis[a].ToLowerInvariant()} < __end{_axis[a]}"));
                    if (condition.Length == 0)
                    {
                        WriteInteriorRow();
                    }
                    else
                    {
                        string keyword = "if";
                        if (HasInteriorRows)
                        {
                            using (_w.Block($"if ({condition})"))
                            {
                                WriteInteriorRow();
                            }
                            keyword = "else if";
                        }
                        foreach (var (row, skip) in TopRows())
                        {
                            // The window's last kernel row must be inside the input (a very short input takes __Window).
                            string inside = _m.HasConstantExtents ? "" : $" && __inH > {TopRowLastInputRow(row)}";
                            using (_w.Block($"{keyword} (__oh == {row}{inside})"))
                            {
                                InTopRow(row, skip, WriteInteriorRow);
                            }
                            keyword = "else if";
                        }
                    }
                }
                using (_w.Block("for (; __ow < __outW; __ow++)"))
                {
                    WriteBorderStore();
                }
                if (_m.TensorIndices || (_m.ColumnMajorIndices && _rank > 1)) WriteOnnxIndices();
                outer.Dispose();
            }
        }

        // ONNX's MaxPool indices for the row just written: the plane-relative row-major index re-flattened column-major
        // (storage_order 1) and/or offset by the plane (over the whole tensor).
        private void WriteOnnxIndices()
        {
            string index = _m.Indices == IndexType.Int32 ? "int" : "long";
            _w.Line("// ONNX's indices: " + (_m.ColumnMajorIndices ? "column-major within the plane" : "") + (_m.ColumnMajorIndices && _m.TensorIndices ? ", " : "")
                + (_m.TensorIndices ? "over the whole tensor" : "") + ".");
            using (_w.Block("for (int __k = __o; __k < __o + __outW; __k++)"))
            {
                _w.Line($"long __at = {Unsafe}.Add(ref __idx, __k);");
                if (_m.ColumnMajorIndices && _rank == 2) _w.Line("__at = __at % __inW * __inH + __at / __inW;");
                if (_m.ColumnMajorIndices && _rank == 3) _w.Line("__at = (__at % __inW * __inH + __at / __inW % __inH) * __inD + __at / ((long)__inW * __inH);");
                if (_m.TensorIndices) _w.Line("__at += (long)__plane * __inPlane;");
                _w.Line($"{Unsafe}.Add(ref __idx, __k) = {(index == "int" ? "(int)" : "")}__at;");
            }
        }

        private string RowOutputOffset() => _rank switch
        {
            1 => "0",
            2 => "__oh * __outW",
            _ => "(__od * __outH + __oh) * __outW",
        };

        private void WriteBorderStore()
        {
            string args = "ref __in, " + string.Join(", ", _axis.Select(x => "__in" + x)) + ", " + string.Join(", ", _axis.Select(x => "__o" + x.ToLowerInvariant()));
            if (_indices)
            {
                _w.Call($"{Unsafe}.Add(ref __out, __o + __ow) = __Window", SourceWriter.Arguments(args + ", out int __index"));
                _w.Line($"{Unsafe}.Add(ref __idx, __o + __ow) = __index;");
            }
            else
            {
                _w.Call($"{Unsafe}.Add(ref __out, __o + __ow) = __Window", SourceWriter.Arguments(args));
            }
        }

        // Offsets (from the plane start) of the rows the outer-axis taps read, e.g. __r0 … __r2 for a 3-row window.
        private List<string> WriteRowOffsets()
        {
            var rows = new List<string>();
            if (_rank == 1)
            {
                rows.Add("");
                return rows;
            }
            var baseTerms = new List<string>();
            for (int a = 0; a < _rank - 1; a++)
            {
                string o = "__o" + _axis[a].ToLowerInvariant();
                string start = (_m.Stride[a] == 1 ? o : $"{o} * {_m.Stride[a]}") + (_m.Padding[a] == 0 ? "" : $" - {_m.Padding[a]}");
                baseTerms.Add($"({start}) * {AxisStride(a)}");
            }
            _w.Line($"int __row = {string.Join(" + ", baseTerms)};");
            var combos = OuterCombos();
            for (int i = 0; i < combos.Count; i++)
            {
                string name = "__r" + i;
                _w.Line($"int {name} = __row{RowStep(combos[i])};");
                rows.Add(name + " + ");
            }
            return rows;
        }

        // A 2-D max or min pool over float, 3×3 windows at stride 2 along the row (the ResNet stem's pool), without
        // indices: its interior rows are StrideTwoWindows' at every width instead of the generated __Vector.
        private bool IsStem =>
            _rank == 2 && !Compact && !_indices && _m.Element == ElementType.Float && _m.Op is (WindowOp.Max or WindowOp.Min)
            && _m.Kernel[0] == 3 && _m.Dilation[0] == 1 && _m.Kernel[1] == 3 && _m.Stride[1] == 2 && _m.Dilation[1] == 1;

        private void WriteInteriorRow()
        {
            var rows = WriteRowOffsets();
            WriteLeftEdge(rows);
            using (_w.Block("for (; __ow < __firstW; __ow++)"))
            {
                WriteBorderStore();
            }
            int lanes = VectorLanes(_m);
            int sW = _m.Stride[_rank - 1], pW = _m.Padding[_rank - 1], kW = _m.Kernel[_rank - 1], dW = _m.Dilation[_rank - 1];
            string column = (sW == 1 ? "__ow" : $"__ow * {sW}") + (pW == 0 ? "" : $" - {pW}");
            var taps = rows.SelectMany(r => Enumerable.Range(0, kW).Select(k => r + "__iw" + (k * dW == 0 ? "" : $" + {k * dW}"))).ToList();
            if (lanes > 0)
            {
                _w.Line("// Interior, vectorised: the widest accelerated width first, narrower widths for what is left.");
                string args = $"ref __in, ref __out, __o, {(_rank == 1 ? "0" : "__row")}, " + (_rank == 3 ? "__inW, __inHW" : _rank == 2 ? "__inW" : "") + (_rank > 1 ? ", " : "") + "__ow, __endW";
                if (IsStem && rows.Count == 3)   // (a top border row has fewer rows inside the input: the __Vector path)
                {
                    // The runtime helper runs every accelerated width itself, widest first.
                    string pad = pW == 0 ? "" : $" - {pW}", fn = _m.Op == WindowOp.Max ? "MaxOfThreeRows" : "MinOfThreeRows";
                    _w.Line("// 3×3 stride-2 windows: the three rows reduced column by column first (exact; see StrideTwoWindows).");
                    _w.Call($"__ow = global::Pooling.Kernels.StrideTwoWindows.{fn}",
                        SourceWriter.Arguments($"ref __in, __r0{pad}, __r1{pad}, __r2{pad}, ref __out, __o, __ow, __endW"));
                }
                else
                {
                    // The narrowest width (128 bits) ends the row with an overlapping block instead of a scalar tail.
                    // Stride 2 splits each row into even and odd columns; some CPUs run that faster at 256 bits (CpuTraits).
                    ElementInfo.Of(_m.Element).WriteWidthDispatch(_w, "__ow", _vectorName, bits => SourceWriter.Arguments($"{args}, {(bits == 128 ? "true" : "false")}, __prefetch"),
                        strideTwo: sW == 2);
                }
            }
            else if (HasIndexedVectors(_m))
            {
                // Slices (3-D), rows (2-D and 3-D), then the row's taps: the kernel's tap order.
                string Step(int a, string stride) => _m.Dilation[a] == 1 ? stride : $"{_m.Dilation[a]} * {stride}";
                string slices = _rank == 3 ? $"{_m.Kernel[0]}, {Step(0, "__inHW")}" : "1, 0";
                // From the first row offset (__r0: __row itself, or in a top border row its first kernel row inside the
                // input), with the kernel rows from there.
                string rowsArg = _rank == 1 ? "1, 0" : $"{_m.Kernel[_rank - 2] - _skipRows}, {Step(_rank - 2, "__inW")}";
                string first = _rank == 1 ? "0" : "__r0";
                _w.Line("// Interior, vectorised with the indices selected beside the values (IndexedWindows).");
                _w.Call("__ow = global::Pooling.Kernels.IndexedWindows.Row",
                    SourceWriter.Arguments($"ref __in, __inPlane, {first}, {slices}, {rowsArg}, {kW}, {dW}, {sW}, {(pW == 0 ? "0" : "-" + pW)}, "
                        + $"{(_m.Op == WindowOp.Max ? "true" : "false")}, __ow, __endW, ref {Unsafe}.Add(ref __out, __o), ref {Unsafe}.Add(ref __idx, __o)"));
            }
            using (_w.Block("for (; __ow < __endW; __ow++)"))
            {
                _w.Line($"int __iw = {column};");
                if (_m.Op is WindowOp.Avg or WindowOp.Lp)
                {
                    _w.Line($"{_c} __s = 0;");
                    foreach (string tap in taps) _w.Line($"__s += {Term(Load(tap))};");
                    _w.Line($"{Unsafe}.Add(ref __out, __o + __ow) = {Store(Finish($"__s / {InteriorDivisor()}"))};");
                }
                else if (_indices)
                {
                    _w.Line($"int __mi = {taps[0]};");
                    _w.Line($"{_c} __m = {Load("__mi")};");
                    foreach (string tap in taps.Skip(1))
                    {
                        _w.Line($"int __ti{taps.IndexOf(tap)} = {tap};");
                        _w.Line($"{_c} __v{taps.IndexOf(tap)} = {Load("__ti" + taps.IndexOf(tap))};");
                        _w.Line($"if ({Replaces("__v" + taps.IndexOf(tap), "__m")}) {{ __m = __v{taps.IndexOf(tap)}; __mi = __ti{taps.IndexOf(tap)}; }}");
                    }
                    _w.Line($"{Unsafe}.Add(ref __out, __o + __ow) = {Store("__m")};");
                    _w.Line($"{Unsafe}.Add(ref __idx, __o + __ow) = __mi;");
                }
                else
                {
                    _w.Line($"{_c} __m = {Load(taps[0])};");
                    foreach (string tap in taps.Skip(1)) _w.Line($"__m = {Combine("__m", Load(tap))};");
                    _w.Line($"{Unsafe}.Add(ref __out, __o + __ow) = {Store("__m")};");
                }
            }
        }

        /// <summary>
        /// Max/min: the outputs left of the interior (their windows start in the left padding) with their in-input taps
        /// unrolled at literal offsets, instead of a call each to the bounds-checked __Window. PyTorch skips padded taps,
        /// and its update from −∞ takes the first real tap as it is, so starting from that tap is the same computation.
        /// </summary>
        private void WriteLeftEdge(List<string> rows)
        {
            int sW = _m.Stride[_rank - 1], pW = _m.Padding[_rank - 1], kW = _m.Kernel[_rank - 1], dW = _m.Dilation[_rank - 1];
            if (_m.Op is not (WindowOp.Max or WindowOp.Min) || _indices || pW == 0) return;
            int edge = (pW + sW - 1) / sW;
            // The right end of the last edge window must be inside the input too (a very narrow input takes __Window).
            int need = (edge - 1) * sW - pW + (kW - 1) * dW + 1;
            // With compile-time extents the test is made here: a constant-false one would leave unreachable code.
            if (_m.HasConstantExtents && !(_m.InputSize[_rank - 1] >= need && OutputLength(_rank - 1) >= edge)) return;
            using (_w.Block($"if (__inW >= {need} && __outW >= {edge})"))
            {
                _w.Line("// Left-border outputs: only their taps inside the input, unrolled.");
                for (int ow = 0; ow < edge; ow++)
                {
                    var columns = Enumerable.Range(0, kW).Select(k => ow * sW - pW + k * dW).Where(c => c >= 0).ToList();
                    // "__r0 + 1", "__r0" (never "+ 0"), or the literal column in 1-D.
                    string Tap(string row, int column) => row.Length == 0 ? column.ToString(CultureInfo.InvariantCulture)
                        : column == 0 ? row.Substring(0, row.Length - 3) : row + column.ToString(CultureInfo.InvariantCulture);
                    var taps = rows.SelectMany(r => columns.Select(c => Load(Tap(r, c)))).ToList();
                    string m = $"__e{ow}";
                    _w.Line($"{_c} {m} = {taps[0]};");
                    foreach (string tap in taps.Skip(1)) _w.Line($"{m} = {Combine(m, tap)};");
                    _w.Line($"{Unsafe}.Add(ref __out, {SourceWriter.Add("__o", ow)}) = {Store(m)};");
                }
                _w.Line($"__ow = {edge};");
            }
        }

        // A whole interior window is real taps only, so both count_include_pad divisors equal the kernel volume.
        private string InteriorDivisor() => (_m.DivisorOverride != 0 ? _m.DivisorOverride : _m.TapCount).ToString(CultureInfo.InvariantCulture);

        private string Term(string value) => LpTerm(_m, value);

        private string Finish(string mean) => LpFinish(_m, _c, mean);

        private string Load(string offset) => ElementInfo.Of(_m.Element).Load(offset);

        private string Store(string value) => ElementInfo.Of(_m.Element).Store(value);

        // The branch-free update for the op: PoolingMath (NaN-exact) for floating types, Math.Max/Min for integers.
        private string Combine(string best, string value) => WindowReduction.Combine(_m.Op == WindowOp.Max, ElementInfo.Of(_m.Element), best, value);

        private string Replaces(string value, string best) => WindowReduction.Replaces(_m.Op == WindowOp.Max, ElementInfo.Of(_m.Element), value, best);

        private void WriteWindowFunction()
        {
            _w.Line("// Any window, bounds-checked: PyTorch's CPU loop, used for the borders (and everywhere for compact");
            _w.Line("// kernels).");
            string parameters = $"ref {_t} __in, " + string.Join(", ", _axis.Select(x => "int __in" + x)) + ", " + string.Join(", ", _axis.Select(x => "int __o" + x.ToLowerInvariant()));
            if (_indices) parameters += ", out int __index";
            using (_w.Block($"static {_t} __Window({parameters})"))
            {
                if (_m.Op is WindowOp.Avg or WindowOp.Lp) WriteAverageWindow();
                else WriteExtremumWindow();
            }
        }

        private void WriteExtremumWindow()
        {
            for (int a = 0; a < _rank; a++) WriteWindowBounds(_w, _m, a);
            _w.Line($"{_c} __best = {WindowReduction.Initial(_m.Op == WindowOp.Max, ElementInfo.Of(_m.Element))};");
            if (_indices) _w.Line($"int __bestIndex = {WindowReduction.FlatIndex(WindowReduction.Starts(_axis))};   // the first real tap, as PyTorch");
            var loops = new List<System.IDisposable>();
            for (int a = 0; a < _rank; a++)
            {
                string x = _axis[a].ToLowerInvariant();
                loops.Add(_w.Block($"for (int __{x} = __{x}0; __{x} < __{x}1; __{x} += {_m.Dilation[a]})"));
            }
            _w.Line($"int __i = {WindowReduction.FlatIndex(WindowReduction.Taps(_axis))};");
            _w.Line($"{_c} __v = {Load("__i")};");
            _w.Line(_indices ? $"if ({Replaces("__v", "__best")}) {{ __best = __v; __bestIndex = __i; }}" : $"__best = {Combine("__best", "__v")};");
            for (int i = loops.Count - 1; i >= 0; i--) loops[i].Dispose();
            if (_indices) _w.Line("__index = __bestIndex;");
            _w.Line($"return {Store("__best")};");
        }

        private void WriteAverageWindow()
        {
            for (int a = 0; a < _rank; a++) WriteWindowBounds(_w, _m, a);
            _w.Line($"if ({WindowReduction.AnyEmpty(_axis)}) return {Store("0")};");
            _w.Line($"{_c} __sum = 0;");
            var loops = new List<System.IDisposable>();
            for (int a = 0; a < _rank; a++)
            {
                string x = _axis[a].ToLowerInvariant();
                loops.Add(_w.Block($"for (int __{x} = __{x}0; __{x} < __{x}1; {(_m.Dilation[a] == 1 ? $"__{x}++" : $"__{x} += {_m.Dilation[a]}")})"));
            }
            _w.Line($"__sum += {Term(Load(WindowReduction.FlatIndex(WindowReduction.Taps(_axis))))};");
            for (int i = loops.Count - 1; i >= 0; i--) loops[i].Dispose();
            _w.Line($"return {Store(Finish($"__sum / ({WindowReduction.Divisor(_m, _axis)})"))};");
        }

    }
}
