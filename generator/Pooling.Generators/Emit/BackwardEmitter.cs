using System.Globalization;
using System.Linq;
using Pooling.Generators.Model;

namespace Pooling.Generators.Emit;

/// <summary>
/// <c>Backward = true</c> (docs/semantics.md §12): the gradient with respect to the input. The forward family's own shape
/// rules validate the call — the extents are the forward input's, so <c>gradInput</c> is checked as the forward's input
/// and <c>gradOutput</c> (and indices) as its output — then the runtime's gradient kernels (Kernels/Backward) take the
/// attribute's constants as literals. Units of work are planes (samples for the shuffles), each written by one thread.
/// </summary>
internal static class BackwardEmitter
{
    private const string Pool = "global::Pooling.Kernels.Backward.PoolGradients";
    private const string Interpolation_ = "global::Pooling.Kernels.Backward.InterpolationGradients";

    public static string Emit(MethodModel method, BackwardModel b, ChannelsLastModel? nhwc) => b.Forward switch
    {
        WindowPoolModel m => Window(method, b, m, nhwc),
        AdaptivePoolModel m => Adaptive(method, b, m, nhwc),
        UpsampleModel m => Upsample(method, b, m, nhwc),
        UnpoolModel m => Unpool(method, b, m, nhwc),
        ShuffleModel m => Shuffle(method, b, m, nhwc),
        _ => MethodEmitter.EmitInvalid(method, "no backward kernel for this family"),
    };

    private static string Window(MethodModel method, BackwardModel b, WindowPoolModel m, ChannelsLastModel? nhwc)
    {
        string element = ElementInfo.Of(m.Element).Name;
        string what = m.Op switch { WindowOp.Max => "MaxPool", WindowOp.Min => "MinPool", WindowOp.Lp => "LpPool", _ => "AvgPool" };
        string remarks = $"{what} {m.Rank}-D backward: " + (m.Op == WindowOp.Lp
                ? $"PyTorch's composite's autograd (p = {m.NormType.ToString("R", CultureInfo.InvariantCulture)}): each window's g·((1/p)·z^(1/p − 1))·K "
                  + "spread as avg_pool's backward, then times p·x^(p − 1)"
                : m.Op == WindowOp.Avg
                ? "each output's gradient divided by its window's divisor and added to the window's inputs"
                : b.Source == GradientSource.Indices ? "each output's gradient added at its index from the forward"
                : "each window's extremum found again in the forward's input, its gradient added there")
            + ", outputs in row-major order (PyTorch's CPU order, so its sums)." + Layout(nhwc);
        // Missing leading axes: a window of one tap.
        string[] Geometry(EquatableArray<int> values, int missing) =>
            Enumerable.Repeat(missing.ToString(CultureInfo.InvariantCulture), 3 - m.Rank).Concat(values.Select(v => v.ToString(CultureInfo.InvariantCulture))).ToArray();
        string geometry = string.Join(", ", Geometry(m.Kernel, 1).Concat(Geometry(m.Stride, 1)).Concat(Geometry(m.Padding, 0)));
        string dilation = string.Join(", ", Geometry(m.Dilation, 1));
        var shape = WindowPoolEmitter.Validation(m);
        return Planes(method, b, remarks, shape, nhwc, indicesLikeOutput: true, (w, first, end, channels) =>
        {
            string extents = Extents(m.Rank);
            if (b.Source == GradientSource.Indices && channels == "1" && Halved(m))
                w.Call($"{Pool}.FromIndicesHalved", SourceWriter.Arguments($"{Id(b.GradOutputName)}, {Id(b.SourceName!)}, {Id(b.GradInputName)}, __inH, __inW, __outH, __outW, "
                    + $"{first}, {end}, " + ShapeValidation.NameOf(Id(b.SourceName!))), ";");
            else if (b.Source == GradientSource.Indices)
                WriteFromIndices(w, b, first, end, channels);
            else if (m.Op == WindowOp.Lp)
                w.Call($"{Pool}.Lp<{element}>", SourceWriter.Arguments($"{Id(b.SourceName!)}, {Id(b.GradOutputName)}, {Id(b.GradInputName)}, "
                    + $"{m.NormType.ToString("R", CultureInfo.InvariantCulture)}, {m.TapCount}, {extents}, {string.Join(", ", Geometry(m.Kernel, 1).Concat(Geometry(m.Stride, 1)))}, "
                    + $"{channels}, {first}, {end}"), ";");
            else if (b.Source == GradientSource.Input)
                w.Call($"{Pool}.Extremum<{element}>", SourceWriter.Arguments($"{Id(b.SourceName!)}, {Id(b.GradOutputName)}, {Id(b.GradInputName)}, {(m.Op == WindowOp.Max ? "true" : "false")}, "
                    + $"{extents}, {geometry}, {dilation}, {channels}, {first}, {end}"), ";");
            else
                w.Call($"{Pool}.Average<{element}>", SourceWriter.Arguments($"{Id(b.GradOutputName)}, {Id(b.GradInputName)}, {extents}, {geometry}, "
                    + $"{string.Join(", ", Geometry(m.PaddingEnd, 0))}, {dilation}, {(m.CountIncludePad ? "true" : "false")}, {m.DivisorOverride}, {channels}, {first}, {end}"), ";");
        });
    }

    private static string Adaptive(MethodModel method, BackwardModel b, AdaptivePoolModel m, ChannelsLastModel? nhwc)
    {
        string element = ElementInfo.Of(m.Element).Name;
        string remarks = $"{m.OpName} {m.Rank}-D backward: " + (!m.Max
                ? "each output's gradient divided by its bin's extent along each axis in turn (PyTorch's grad / kd / kh / kw; a single bin: "
                  + "mean()'s gradient, one division by the plane's size) and added to the bin's inputs"
                : b.Source == GradientSource.Indices ? "each output's gradient added at its index from the forward"
                : "each bin's maximum found again in the forward's input, its gradient added there")
            + ", outputs in row-major order (PyTorch's CPU order, so its sums)." + Layout(nhwc);
        return Planes(method, b, remarks, AdaptivePoolEmitter.Validation(m), nhwc, indicesLikeOutput: true, (w, first, end, channels) =>
        {
            string extents = Extents(m.Rank);
            if (b.Source == GradientSource.Indices)
                WriteFromIndices(w, b, first, end, channels);
            else if (m.Max)
                w.Call($"{Pool}.AdaptiveMax<{element}>", SourceWriter.Arguments($"{Id(b.SourceName!)}, {Id(b.GradOutputName)}, {Id(b.GradInputName)}, {extents}, {channels}, {first}, {end}"), ";");
            else
                w.Call($"{Pool}.AdaptiveAverage<{element}>", SourceWriter.Arguments($"{Id(b.GradOutputName)}, {Id(b.GradInputName)}, {m.Rank}, {extents}, {channels}, {first}, {end}"), ";");
        });
    }

    private static string Upsample(MethodModel method, BackwardModel b, UpsampleModel m, ChannelsLastModel? nhwc)
    {
        string element = ElementInfo.Of(m.Element).Name;
        string remarks = $"Upsample '{m.ModeName}' {m.Rank}-D backward: the forward's per-axis source offsets and weights, each output's gradient "
            + (m.Mode switch
            {
                Model.Interpolation.Linear => "times its taps' weight products (λd·λh·λw)·grad added to them",
                Model.Interpolation.Cubic => "times (grad·wy)·wx added to its sixteen clamped taps, the width tap outermost",
                _ => "added to its source",
            })
            + ", outputs in row-major order (PyTorch's CPU order, so its sums)." + Layout(nhwc);
        if (m.Antialias)
        {
            string aaRemarks = $"Upsample '{m.ModeName}' antialiased backward: normalised separable weights as PyTorch's backward computes them, "
                + "each output's gradient times wx·wy added to every tap of its support (a fused multiply-add), outputs in row-major order "
                + "(PyTorch's CPU order, so its sums)." + Layout(nhwc);
            return Planes(method, b, aaRemarks, UpsampleEmitter.Validation(m), nhwc, indicesLikeOutput: false, (w, first, end, channels) =>
            {
                UpsampleEmitter.WriteAntialiasScales(w, m);
                w.Call($"{Interpolation_}.Antialias<{element}>", SourceWriter.Arguments($"{Id(b.GradOutputName)}, {Id(b.GradInputName)}, __inH, __inW, __outH, __outW, "
                    + $"__sH, __sW, {(m.Mode == Model.Interpolation.Cubic ? "true" : "false")}, {channels}, {first}, {end}"), ";");
            });
        }
        return Planes(method, b, remarks, UpsampleEmitter.Validation(m), nhwc, indicesLikeOutput: false, (w, first, end, channels) =>
        {
            UpsampleEmitter.WriteTables(w, m, fusedSource: true);
            string go = Id(b.GradOutputName), gi = Id(b.GradInputName);
            string Table(string axis, string prefix) => m.Rank >= (axis == "D" ? 3 : 2) ? $"__{prefix}{axis}" : "default";
            string outs = $"{(m.Rank == 3 ? "__outD" : "1")}, {(m.Rank >= 2 ? "__outH" : "1")}, __outW";
            if (m.Mode is Model.Interpolation.Nearest or Model.Interpolation.NearestExact)
                w.Call($"{Interpolation_}.Nearest<{element}>", SourceWriter.Arguments($"{go}, {gi}, {Table("D", "i")}, {Table("H", "i")}, __iW, {outs}, __inPlane, {channels}, {first}, {end}"), ";");
            else if (m.Mode == Model.Interpolation.Linear)
                w.Call($"{Interpolation_}.Linear<{element}>", SourceWriter.Arguments($"{go}, {gi}, {Table("D", "i")}, {Table("D", "w")}, {Table("H", "i")}, {Table("H", "w")}, __iW, __wW, "
                    + $"{outs}, __inPlane, {channels}, {first}, {end}"), ";");
            else
                w.Call($"{Interpolation_}.Bicubic<{element}>", SourceWriter.Arguments($"{go}, {gi}, __iH, __wH, __iW, __wW, __inH, __inW, __outH, __outW, {channels}, {first}, {end}"), ";");
        });
    }

    private static string Unpool(MethodModel method, BackwardModel b, UnpoolModel m, ChannelsLastModel? nhwc)
    {
        string remarks = $"MaxUnpool {m.Rank}-D backward: each input's gradient read at its index in the unpooled plane (a gather, exact)." + Layout(nhwc);
        string indices = Id(b.SourceName!), gi = Id(b.GradInputName);
        return Planes(method, b, remarks, UnpoolEmitter.Validation(m), nhwc, indicesLikeOutput: false, (w, first, end, channels) =>
            w.Call($"{Pool}.Unpool", SourceWriter.Arguments($"{Id(b.GradOutputName)}, {indices}, {gi}, __inPlane, __outPlane, {channels}, {first}, {end}, {ShapeValidation.NameOf(indices)}"), ";"),
            extraCheck: w => w.Line($"global::Pooling.Kernels.Check.IndexCount({indices}.Length, {gi}.Length, {ShapeValidation.NameOf(indices)});"));
    }

    private static string Shuffle(MethodModel method, BackwardModel b, ShuffleModel m, ChannelsLastModel? nhwc)
    {
        string element = ElementInfo.Of(m.Element).Name;
        bool deepInput = !m.Unshuffle;   // PixelShuffle and DepthToSpace read the deep (C·r², H, W) tensor
        int r = m.Factor;
        string remarks = $"{ShuffleEmitter.OpName(m)} by {r} backward: each gradient element moved back to where the forward read it (the inverse permutation, exact)." + Layout(nhwc);
        string go = Id(b.GradOutputName), gi = Id(b.GradInputName);
        return MethodEmitter.Emit(method, remarks, (w, driver) =>
        {
            ShuffleEmitter.WriteValidation(w, m with { InputName = b.GradInputName, OutputName = b.GradOutputName }, gi, go, nhwc is not null);
            w.Line();
            var (first, end) = driver.WriteSplit(w, "__batch", $"2L * {gi}.Length");
            string extents = deepInput ? $"__c / {r * r}, __h, __w" : $"__c, __h / {r}, __w / {r}";
            w.Call($"global::Pooling.Kernels.Backward.ShuffleGradients.Move<{element}>", SourceWriter.Arguments(
                $"{go}, {gi}, {(deepInput ? "true" : "false")}, {(m.BlockFirst ? "true" : "false")}, {(nhwc is not null ? "true" : "false")}, {r}, {extents}, {first}, {end}"), ";");
        }, ShuffleEmitter.OutputSize(m));   // tensor spans: the forward's output extents, gradOutput's shape
    }

    /// <summary>The plane families' body: the forward's shape rules with gradInput in the input's place and gradOutput in
    /// the output's (and the indices as long as gradOutput when <paramref name="indicesLikeOutput"/>), the forward's
    /// input as long as gradInput, then the split over planes and the runtime call.</summary>
    private static string Planes(MethodModel method, BackwardModel b, string remarks, ShapeValidation forward, ChannelsLastModel? nhwc, bool indicesLikeOutput,
        System.Action<SourceWriter, string, string, string> call, System.Action<SourceWriter>? extraCheck = null)
    {
        string go = Id(b.GradOutputName), gi = Id(b.GradInputName);
        return MethodEmitter.Emit(method, remarks, (w, driver) =>
        {
            var shape = forward with
            {
                Input = gi,
                Output = go,
                Indices = indicesLikeOutput && b.Source == GradientSource.Indices ? Id(b.SourceName!) : null,
                Channels = nhwc is null ? null : ShapeValidation.WriteChannelCount(w, nhwc),
                DeclarePlaneStride = false,
            };
            shape.Write(w);
            extraCheck?.Invoke(w);
            if (b.Source == GradientSource.Input)
            {
                string input = Id(b.SourceName!);
                w.Line($"if ({input}.Length != {gi}.Length) throw new global::System.ArgumentException($\"Expected the forward's input, {{{gi}.Length}} elements like {gi.TrimStart('@')}, but got {{{input}.Length}}.\", {ShapeValidation.NameOf(input)});");
            }
            var (first, end) = driver.WriteSplit(w, "__planes", $"__planes * ((long)__inPlane + __outPlane)");
            call(w, first, end, nhwc is null ? "1" : "__c");
        }, forward.WriteOutputSize);   // tensor spans: the forward's output extents, gradOutput's shape
    }

    // 2-D windows of 2 × 2 at stride 2, without padding or dilation, indices plane-relative and row-major: each input in
    // one window at most, so the runtime can select each input's gradient instead of scattering (FromIndicesHalved).
    private static bool Halved(WindowPoolModel m) =>
        m.Rank == 2 && m.Kernel.All(k => k == 2) && m.Stride.All(s => s == 2) && m.Padding.All(p => p == 0) && m.PaddingEnd.All(p => p == 0)
        && m.Dilation.All(d => d == 1) && !m.ColumnMajorIndices && !m.TensorIndices;

    // Max/min (window or adaptive) pooling from the forward's indices: each output's gradient added at its index.
    private static void WriteFromIndices(SourceWriter w, BackwardModel b, string first, string end, string channels) =>
        w.Call($"{Pool}.FromIndices", SourceWriter.Arguments($"{Id(b.GradOutputName)}, {Id(b.SourceName!)}, {Id(b.GradInputName)}, __inPlane, __outPlane, {channels}, {first}, {end}, "
            + ShapeValidation.NameOf(Id(b.SourceName!))), ";");

    // The input and output extents as the runtime's 3-D kernels take them: (depth, height, width) each, 1 where missing.
    private static string Extents(int rank)
    {
        string[] axes = { "D", "H", "W" };
        var dims = axes.Select((x, a) => a < 3 - rank ? "1" : null).ToArray();
        string In(int a) => dims[a] ?? "__in" + axes[a];
        string Out(int a) => dims[a] ?? "__out" + axes[a];
        return $"{In(0)}, {In(1)}, {In(2)}, {Out(0)}, {Out(1)}, {Out(2)}";
    }

    private static string Layout(ChannelsLastModel? nhwc) => nhwc is null ? "" : " Layout: channels-last (NHWC), each channel a strided plane.";

    private static string Id(string name) => MethodEmitter.Identifier(name);
}
