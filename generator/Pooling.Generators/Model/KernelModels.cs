using System.Collections.Generic;
using System.Linq;

namespace Pooling.Generators.Model;

// Symbol-free, value-equatable descriptions of what to generate: ints, strings, enums and equatable arrays only,
// so the incremental pipeline can cache them (a model holding a symbol would defeat the cache). No ISymbol, SyntaxNode, Location or Compilation.

/// <summary>The element type of the tensors, as the generator distinguishes them.</summary>
internal enum ElementType
{
    Float,
    Double,
    Half,
    Byte,
    SByte,
    Int16,
    UInt16,
    Int32,
    Int64,
}

/// <summary>The sliding-window operations this model describes.</summary>
internal enum WindowOp
{
    Max,
    Min,
    Avg,
    Lp,
}

/// <summary>How (and whether) argmax/argmin indices are returned.</summary>
internal enum IndexType
{
    None,
    Int32,
    Int64,
}

/// <summary>One type in the chain that contains the method, e.g. keyword "class", name "Net&lt;T&gt;".</summary>
internal sealed record ContainingType(string Keyword, string Name);

/// <summary>The partial method's declaration: what the emitted implementation must repeat.</summary>
internal sealed record MethodModel(
    string? Namespace,
    EquatableArray<ContainingType> ContainingTypes,
    string Modifiers,
    string Name,
    EquatableArray<KernelParameter> Parameters,
    string HintName)
{
    /// <summary>Set for <c>Layout = ChannelsLast</c>: the family's emitter writes a channels-last kernel.</summary>
    public ChannelsLastModel? ChannelsLast { get; init; }

    /// <summary><c>Parallel = true</c>: the body runs over a range of work units that the plane driver can split.</summary>
    public bool Parallel { get; init; }

    /// <summary>Threads per call at most (0: the processor count).</summary>
    public int MaxDegreeOfParallelism { get; init; }

    /// <summary>Set for tensor-span kernels: the method's own parameters; <see cref="Parameters"/> then
    /// describes the span kernel underneath (spans, and the extents as int parameters).</summary>
    public TensorModel? Tensors { get; init; }

    /// <summary>Which short names of <see cref="Emit.NameAliases"/> are free where the kernel is declared (bit i: alias
    /// i); the others stay fully qualified.</summary>
    public int FreeAliases { get; init; }

    /// <summary>The generated output-size companion's name (<c>PoolOutputSize</c>), or null when none is generated.</summary>
    public string? OutputSizeName { get; init; }
}

/// <summary>How a kernel uses a parameter: a span it reads, a span it writes, or anything else (an extent).</summary>
internal enum ParameterKind
{
    Other,
    Input,
    Output,
}

/// <summary>
/// One parameter of the kernel method, typed once by the parser instead of re-read from text by every emitter: the
/// modifiers the implementation must repeat (<c>this </c>, <c>scoped </c>, <c>ref </c> …, each with its trailing space),
/// the type and the name as C# source (keywords escaped), and for a span whether the kernel reads or writes it and its
/// element type (as C# source, e.g. <c>float</c>, <c>global::System.Half</c>).
/// </summary>
internal sealed record KernelParameter(string Modifiers, string Type, string Name, ParameterKind Kind = ParameterKind.Other, string? Element = null)
{
    /// <summary>The declaration as the method repeats it.</summary>
    public string Declaration => Modifiers + Type + " " + Name;

    /// <summary>The declaration for a local function the body runs in: an extension method's <c>this</c> stays on the method.</summary>
    public string LocalDeclaration => (Modifiers.StartsWith("this ", System.StringComparison.Ordinal) ? Modifiers.Substring(5) : Modifiers) + Type + " " + Name;

    /// <summary>The argument that passes this parameter on: <c>ref x</c>, <c>out x</c>, or the name.</summary>
    public string Argument => LocalDeclaration.StartsWith("ref ", System.StringComparison.Ordinal) ? "ref " + Name
        : LocalDeclaration.StartsWith("out ", System.StringComparison.Ordinal) ? "out " + Name
        : Name;
}

/// <summary>A channels-last (NHWC) kernel's channel count: its parameter (the last int, or a shuffle's first extent), or
/// the constant <c>Channels = N</c> when <see cref="ChannelsName"/> is null. Every family's emitter writes the
/// channels-last kernel natively from it.</summary>
internal sealed record ChannelsLastModel(string? ChannelsName, int ChannelsConstant);

/// <summary>What a tensor parameter is to the kernel.</summary>
internal enum TensorRole
{
    Input,
    Output,
    /// <summary>Indices the kernel reads (max-unpooling).</summary>
    IndexInput,
    /// <summary>Indices the kernel writes (max pooling with indices).</summary>
    IndexOutput,
    /// <summary>A tensor a backward kernel reads with the forward output's shape (gradOutput, the forward's indices).</summary>
    OutputShaped,
    /// <summary>A tensor a backward kernel reads with the forward input's shape (the forward's input, unpooling's indices).</summary>
    InputShaped,
    /// <summary>A tensor whose shape an operator's own adapter checks (RoIAlign's boxes and batch indices, GridSample's grid).</summary>
    Operand,
}

/// <summary>One trailing dimension of the input tensor: a span-kernel extent parameter (<see cref="Extent"/>), or a
/// length fixed at compile time by <c>InputSize</c> or <c>Channels</c> (<see cref="Fixed"/>).</summary>
internal readonly record struct TensorDimension(string? Extent, int Fixed)
{
    public static TensorDimension Parameter(string name) => new(name, 0);

    public static TensorDimension Constant(int length) => new(null, length);

    public bool IsFixed => Extent is null;
}

/// <summary>
/// A kernel declared with <c>ReadOnlyTensorSpan&lt;T&gt;</c> / <c>TensorSpan&lt;T&gt;</c>: the declarations as written, each
/// parameter's role, the input tensor's trailing dimensions in tensor order, the extents the output-size function takes
/// (kernel order), and how the output's trailing dimensions follow (pixel shuffle, channels-last).
/// </summary>
internal sealed record TensorModel(
    EquatableArray<KernelParameter> Declarations,
    EquatableArray<TensorRole> Roles,
    EquatableArray<TensorDimension> InputTrailing,
    EquatableArray<string> SizeArguments,
    bool Shuffle,
    bool ChannelsLast,
    int OutputRank);

/// <summary>What one generated kernel computes; each op family has its own record.</summary>
internal abstract record OpModel
{
    /// <summary>The element type of the input and output spans.</summary>
    public abstract ElementType Element { get; init; }

    /// <summary>The spatial rank: 1 to 3 axes.</summary>
    public abstract int Rank { get; init; }

    /// <summary>Compile-time input extents (<c>InputSize</c>), or empty for run-time extents.</summary>
    public abstract EquatableArray<int> InputSize { get; init; }

    public abstract string InputName { get; init; }

    public abstract string OutputName { get; init; }

    /// <summary>The names of the trailing int parameters (the run-time extents), outermost first.</summary>
    public abstract EquatableArray<string> ExtentNames { get; init; }

    /// <summary>True when the spatial extents are compile-time constants (<c>InputSize</c>).</summary>
    public bool HasConstantExtents => !InputSize.IsEmpty;

    /// <summary>The planes (or samples) the configuration fixes at compile time, with the argument that fixes them
    /// ("mode" stands for the first constructor argument), so the parser can keep each within int.MaxValue elements
    /// (POOL0015). <paramref name="channels"/> is a channels-last kernel's constant channel count (1 otherwise).</summary>
    public abstract IEnumerable<(string What, long[] Extents, string Argument)> ConstantSizes(int channels);

    private protected static long[] Longs(IEnumerable<int> values) => values.Select(v => (long)v).ToArray();

    private protected static long[] WithChannels(long[] extents, int channels) => channels > 1 ? extents.Append(channels).ToArray() : extents;
}

/// <summary>A max/min/average pool with every per-axis value expanded to the rank, outermost axis first.</summary>
internal sealed record WindowPoolModel(
    WindowOp Op,
    ElementType Element,
    int Rank,
    EquatableArray<int> Kernel,
    EquatableArray<int> Stride,
    EquatableArray<int> Padding,
    EquatableArray<int> PaddingEnd,
    EquatableArray<int> Dilation,
    bool CeilMode,
    bool CountIncludePad,
    int DivisorOverride,
    double NormType,
    bool Absolute,
    bool OnnxPadding,
    IndexType Indices,
    EquatableArray<int> InputSize,
    string InputName,
    string OutputName,
    string? IndicesName,
    EquatableArray<string> ExtentNames,
    bool TensorIndices = false,
    bool ColumnMajorIndices = false,
    AutoPad SameAtRunTime = AutoPad.NotSet) : OpModel
{
    public override IEnumerable<(string What, long[] Extents, string Argument)> ConstantSizes(int channels)
    {
        if (!HasConstantExtents) yield break;
        yield return ("An input plane", WithChannels(Longs(InputSize), channels), "InputSize");
        yield return ("An output plane", WithChannels(Enumerable.Range(0, Rank).Select(a => OutputLength(a, InputSize[a])).ToArray(), channels), "InputSize");
    }

    /// <summary>The output length of axis <paramref name="a"/> for an input extent.</summary>
    public long OutputLength(int a, long input) =>
        PoolingShape.OutputLength(input, Kernel[a], Stride[a], Padding[a], PaddingEnd[a], Dilation[a], CeilMode);

    /// <summary>The same as C# source over a run-time extent (the symmetric form where the padding is); with
    /// <see cref="SameAtRunTime"/>, SAME's <c>ceil(I / s)</c> (the extent is checked positive before).</summary>
    public string OutputLengthSource(int a, string extent) => SameAtRunTime != AutoPad.NotSet
        ? (Stride[a] == 1 ? $"(long){extent}" : $"((long){extent} + {Stride[a] - 1}) / {Stride[a]}")
        : $"global::Pooling.PoolingShape.OutputLength({extent}, {Kernel[a]}, {Stride[a]}, {Padding[a]}, "
          + (Padding[a] == PaddingEnd[a] ? "" : $"{PaddingEnd[a]}, ") + $"{Dilation[a]}, {(CeilMode ? "true" : "false")})";

    /// <summary>
    /// AutoPad SAME with a stride and run-time extents: the padding of an axis depends only on its extent modulo the
    /// stride (docs/onnx.md), so the kernel is specialised once per distinct padding. Each case: the model with that
    /// padding fixed, and the keys that select it — <c>Σ (extent mod stride) · (product of the later axes' strides)</c>
    /// over the axes, in the order of <see cref="SameCaseKey"/>.
    /// </summary>
    public IReadOnlyList<(WindowPoolModel Model, IReadOnlyList<int> Keys)> SameCases()
    {
        var cases = new List<(int[] Begin, int[] End, List<int> Keys)>();
        int combinations = 1;
        foreach (int s in Stride) combinations *= s;
        for (int key = 0; key < combinations; key++)
        {
            var begin = new int[Rank];
            var end = new int[Rank];
            int rest = key;
            for (int a = Rank - 1; a >= 0; a--)
            {
                int residue = rest % Stride[a];
                rest /= Stride[a];
                // Any extent with this residue gives the axis's padding; stride + residue is the smallest positive one.
                PoolingShape.SamePadding(Stride[a] + residue, Kernel[a], Stride[a], Dilation[a], SameAtRunTime == AutoPad.SameUpper, out begin[a], out end[a]);
            }
            var match = cases.FirstOrDefault(c => c.Begin.SequenceEqual(begin) && c.End.SequenceEqual(end));
            if (match.Keys is null) cases.Add((begin, end, new List<int> { key }));
            else match.Keys.Add(key);
        }
        return cases.Select(c => (this with { Padding = c.Begin, PaddingEnd = c.End, SameAtRunTime = AutoPad.NotSet }, (IReadOnlyList<int>)c.Keys)).ToList();
    }

    /// <summary>The C# key <see cref="SameCases"/> selects by, over the extent expressions (outermost first).</summary>
    public string SameCaseKey(IReadOnlyList<string> extents)
    {
        string key = "";
        for (int a = 0; a < Rank; a++)
        {
            if (Stride[a] == 1) continue;
            string residue = $"{extents[a]} % {Stride[a]}";
            key = key.Length == 0 ? residue : $"({key}) * {Stride[a]} + {residue}";
        }
        return key;
    }

    /// <summary>ONNX's p-norm (<c>Absolute</c>): |x|^p summed, no averaging.</summary>
    public bool IsOnnxLp => Op == WindowOp.Lp && Absolute;

    /// <summary>What an Lp window's mean is multiplied by before the root: PyTorch's kernel volume, or 1 for ONNX's
    /// p-norm (whose divisor is 1: the mean is the sum).</summary>
    public int LpScale => IsOnnxLp ? 1 : TapCount;

    /// <summary>Whether LpPool's power is exact vector arithmetic: p = 2 (x·x), or p = 1 without the absolute value.</summary>
    public bool LpVectorises => NormType == 2 || (NormType == 1 && !Absolute);

    /// <summary>Taps in one window.</summary>
    public int TapCount
    {
        get
        {
            long taps = 1;
            foreach (int k in Kernel) taps *= k;
            return taps > int.MaxValue ? int.MaxValue : (int)taps;
        }
    }
}

/// <summary>Adaptive max/average pooling (and the global pools, which are adaptive pooling to 1 on every axis).
/// <see cref="OutputSize"/> entries of <c>-1</c> keep the input extent (PyTorch <c>None</c>).</summary>
internal sealed record AdaptivePoolModel(
    string OpName,
    bool Max,
    ElementType Element,
    int Rank,
    EquatableArray<int> OutputSize,
    IndexType Indices,
    EquatableArray<int> InputSize,
    string InputName,
    string OutputName,
    string? IndicesName,
    EquatableArray<string> ExtentNames,
    EquatableArray<double> Scale = default,
    double? LpNorm = null) : OpModel
{
    public override IEnumerable<(string What, long[] Extents, string Argument)> ConstantSizes(int channels)
    {
        if (HasConstantExtents)
        {
            yield return ("An input plane", WithChannels(Longs(InputSize), channels), "InputSize");
            yield return ("An output plane", WithChannels(Enumerable.Range(0, Rank).Select(a => !Scale.IsEmpty
                ? PoolingShape.UpsampleLength(InputSize[a], Scale[a])
                : OutputSize[a] == OutputAxis.Keep ? InputSize[a] : OutputSize[a]).ToArray(), channels), "InputSize");
        }
        else if (Scale.IsEmpty && !OutputSize.Contains(OutputAxis.Keep))
        {
            yield return ("An output plane", WithChannels(Longs(OutputSize), channels), "mode");
        }
    }
}

/// <summary>Interpolation modes the upsample emitter implements (area goes to the adaptive-average emitter).</summary>
internal enum Interpolation
{
    Nearest,
    NearestExact,
    Linear,
    Cubic,
    Box,        // Pillow's filters, uint8 only
    Lanczos,
}

/// <summary>F.interpolate: output extents from <see cref="Size"/>, or <c>floor(I · sf)</c> from <see cref="ScaleFactor"/>
/// (one per axis). <see cref="KernelScale"/> is true when the kernel uses 1/sf (a kept scale factor) rather than I/O.</summary>
internal sealed record UpsampleModel(
    Interpolation Mode,
    string ModeName,
    ElementType Element,
    int Rank,
    EquatableArray<int> Size,
    EquatableArray<double> ScaleFactor,
    bool KernelScale,
    bool AlignCorners,
    EquatableArray<int> InputSize,
    string InputName,
    string OutputName,
    EquatableArray<string> ExtentNames,
    bool Antialias = false,
    NormalizeModel? Normalize = null,
    OnnxResizeModel? Onnx = null) : OpModel
{
    public override IEnumerable<(string What, long[] Extents, string Argument)> ConstantSizes(int channels)
    {
        if (!InputSize.IsEmpty) yield return ("An input plane", WithChannels(Longs(InputSize), channels), "InputSize");
        // With an aspect policy the output is known only with the input (and is checked at run time).
        if (!Size.IsEmpty && Onnx is { AspectPolicy: not 0 }) yield break;
        if (!Size.IsEmpty) yield return ("An output plane", WithChannels(Longs(Size), channels), "Size");
        else if (!InputSize.IsEmpty)
            yield return ("An output plane", WithChannels(Enumerable.Range(0, Rank).Select(a =>
                PoolingShape.UpsampleLength(InputSize[a], ScaleFactor[a])).ToArray(), channels), "InputSize");
    }
}

/// <summary>ONNX Resize's settings (docs/semantics.md §8.12), resolved: the coordinate transformation and nearest mode as
/// their enum values (never PyTorch), Keys' A and exclude_outside. The per-axis tables come from runtime OnnxResize.</summary>
internal sealed record OnnxResizeModel(int Transform, int NearestMode, double CubicA, bool ExcludeOutside, int AspectPolicy = 0, bool Antialias = false,
    EquatableArray<double> Roi = default, double Extrapolation = 0);

/// <summary>Fused preprocessing after a uint8 resize: float output <c>(v / 255 − Mean[k]) / Std[k]</c> (empty Mean: 0, empty
/// Std: 1), planar or channels-last, channels optionally reversed, the last (alpha) dropped when there is one mean fewer
/// than the constant channel count.</summary>
internal sealed record NormalizeModel(EquatableArray<double> Mean, EquatableArray<double> Std, bool ChannelsFirst, bool Reverse, bool DropsAlpha = false);

/// <summary>MaxUnpool: scatter each input to its plane-relative index in a zero-filled output. <see cref="OutputSize"/> is
/// empty for PyTorch's default <c>(I − 1)·s + k − 2p</c>.</summary>
internal sealed record UnpoolModel(
    ElementType Element,
    int Rank,
    EquatableArray<int> Kernel,
    EquatableArray<int> Stride,
    EquatableArray<int> Padding,
    EquatableArray<int> OutputSize,
    IndexType IndexType,
    EquatableArray<int> InputSize,
    string InputName,
    string IndicesName,
    string OutputName,
    EquatableArray<string> ExtentNames,
    bool PadToOutputSize = false) : OpModel
{
    public override IEnumerable<(string What, long[] Extents, string Argument)> ConstantSizes(int channels)
    {
        if (!InputSize.IsEmpty) yield return ("An input plane", WithChannels(Longs(InputSize), channels), "InputSize");
        if (!OutputSize.IsEmpty) yield return ("An output plane", WithChannels(Longs(OutputSize), channels), "OutputSize");
        else if (!InputSize.IsEmpty)
            yield return ("An output plane", WithChannels(Enumerable.Range(0, Rank).Select(a =>
                PoolingShape.UnpoolLength(InputSize[a], Kernel[a], Stride[a], Padding[a])).ToArray(), channels), "InputSize");
    }
}

/// <summary>PixelShuffle (C·r², H, W) → (C, H·r, W·r), or PixelUnshuffle, its inverse; with <see cref="BlockFirst"/>, ONNX's
/// DCR DepthToSpace and SpaceToDepth. Extents are (channels, height, width) of the input.</summary>
internal sealed record ShuffleModel(
    bool Unshuffle,
    bool BlockFirst,           // ONNX's DCR channel order (DepthToSpace DCR, SpaceToDepth): channel (i·r + j)·C + c
    ElementType Element,
    int Factor,
    EquatableArray<int> InputSize,
    string InputName,
    string OutputName,
    EquatableArray<string> ExtentNames) : OpModel
{
    /// <summary>Height and width (the channels are the third extent, not a spatial axis).</summary>
    public override int Rank { get; init; } = 2;

    public override IEnumerable<(string What, long[] Extents, string Argument)> ConstantSizes(int channels)
    {
        if (!InputSize.IsEmpty) yield return ("A sample (channels × height × width)", Longs(InputSize), "InputSize");
    }
}

/// <summary>What the pipeline carries per annotated method: the declaration, and either a kernel model or the reason
/// (already reported by the analyzer) why there is none.</summary>
internal sealed record KernelRequest(MethodModel Method, OpModel? Op, string? Error);

/// <summary>RoIAlign (torchvision roi_align, ONNX RoiAlign): boxes of five values (batch index first), or ONNX's rois of
/// four with a batch-index span (<see cref="IndicesName"/>); with <see cref="Pool"/>, RoIPool (torchvision roi_pool, ONNX
/// MaxRoiPool: five-value boxes, no sampling, alignment or mode). Extents are the input's (channels, height, width).</summary>
internal sealed record RoiAlignModel(
    ElementType Element,
    int OutputHeight,
    int OutputWidth,
    double SpatialScale,
    int SamplingRatio,
    bool Aligned,
    bool Max,
    EquatableArray<int> InputSize,
    string InputName,
    string BoxesName,
    string? IndicesName,
    IndexType IndexType,
    string OutputName,
    EquatableArray<string> ExtentNames,
    bool Pool = false,
    bool ChannelsLast = false) : OpModel     // NHWC maps: extents (height, width, channels), each box's output h × w × channels
{
    /// <summary>Height and width (the channels are the first extent, not a spatial axis).</summary>
    public override int Rank { get; init; } = 2;

    public override IEnumerable<(string What, long[] Extents, string Argument)> ConstantSizes(int channels)
    {
        if (!InputSize.IsEmpty)
            yield return (ChannelsLast ? "An input image (height × width × channels)" : "An input image (channels × height × width)", Longs(InputSize), "InputSize");
    }
}

/// <summary>GridSample (PyTorch grid_sample, ONNX GridSample) on 2-D images or 3-D volumes (<see cref="Rank"/>): mode and
/// padding as their enum values. Extents are the input's (channels[, depth], height, width); the grid's length gives the
/// points.</summary>
internal sealed record GridSampleModel(
    ElementType Element,
    int Mode,
    int Padding,
    bool AlignCorners,
    EquatableArray<int> InputSize,
    string InputName,
    string GridName,
    string OutputName,
    EquatableArray<string> ExtentNames,
    bool ChannelsLast = false) : OpModel     // NHWC images: extents (height, width, channels), outputs points × channels
{
    /// <summary>Height and width (the channels are an extent, not a spatial axis).</summary>
    public override int Rank { get; init; } = 2;

    public override IEnumerable<(string What, long[] Extents, string Argument)> ConstantSizes(int channels)
    {
        if (!InputSize.IsEmpty)
            yield return (ChannelsLast ? "An input image (height × width × channels)" : "An input image (channels × height × width)", Longs(InputSize), "InputSize");
    }
}


/// <summary>How a max/min backward kernel finds each window's source: the forward's indices, or the forward's input
/// (the extremum found again); every other family needs neither.</summary>
internal enum GradientSource
{
    None,
    Indices,
    Input,
}

/// <summary><c>Backward = true</c>: the gradient of <see cref="Forward"/> with respect to its input. The forward's model
/// describes the op and its extents (the forward input's); the spans here are the backward's own.</summary>
internal sealed record BackwardModel(
    OpModel Forward,
    string GradOutputName,
    string GradInputName,
    GradientSource Source,
    string? SourceName) : OpModel
{
    public override ElementType Element { get => Forward.Element; init { } }

    public override int Rank { get => Forward.Rank; init { } }

    public override EquatableArray<int> InputSize { get => Forward.InputSize; init { } }

    public override string InputName { get => GradOutputName; init { } }

    public override string OutputName { get => GradInputName; init { } }

    public override EquatableArray<string> ExtentNames { get => Forward.ExtentNames; init { } }

    public override IEnumerable<(string What, long[] Extents, string Argument)> ConstantSizes(int channels) => Forward.ConstantSizes(channels);
}
