using Pooling.Reference;

namespace Pooling.Fuzz;

internal enum Family { Max, Min, Avg, Lp, AdaptiveMax, AdaptiveAvg, Unpool, Upsample, Shuffle, Unshuffle, GlobalLp }

internal enum Indices { None, Int64, Int32 }

/// <summary>
/// What a fuzzed kernel is, restated independently of the generator: the family and its constants, the names of its
/// int parameters, the layout. From it the fuzzer predicts each call's outcome — the output extents, or which
/// parameters an exception may name — and computes the expected values with the reference kernels.
/// </summary>
internal sealed record Spec(Family Family, int Rank, string[] ExtentNames, bool ChannelsLast = false)
{
    public PoolWindow? Window { get; init; }
    public AutoPad Same { get; init; }                       // SameUpper/SameLower with a stride: Window's padding is per call
    public bool CountIncludePad { get; init; } = true;
    public int? Divisor { get; init; }
    public double NormType { get; init; }
    public int[]? AdaptiveOutput { get; init; }              // -1 keeps the axis
    public UpsampleMode Mode { get; init; }
    public int[]? Size { get; init; }
    public double? Scale { get; init; }
    public bool AlignCorners { get; init; }
    public bool Antialias { get; init; }
    public int Factor { get; init; }                         // pixel shuffle
    public Indices Indices { get; init; }
    public int[]? ConstantInput { get; init; }
    public int ConstantChannels { get; init; }              // Channels = N (then no channel parameter)
    public bool BlockFirst { get; init; }                    // shuffles: ONNX's DCR DepthToSpace / SpaceToDepth
    public bool Absolute { get; init; }                      // LpPool: ONNX's p-norm
    public (CoordinateTransformation Transform, NearestMode Nearest, double CubicA, bool ExcludeOutside)? Onnx { get; init; }   // ONNX Resize

    public bool IsShuffle => Family is Family.Shuffle or Family.Unshuffle;

    /// <summary>Values that must match bit for bit (copies and comparisons); the rest within a rounding tolerance.</summary>
    /// Averages too: the kernels sum in PyTorch's order and type, as the reference does; LpPool where PyTorch's power is
    /// exact arithmetic (p = 1, 2).
    public bool Exact => Family is Family.Max or Family.Min or Family.AdaptiveMax or Family.Unpool or Family.Shuffle or Family.Unshuffle
        or Family.Avg or Family.AdaptiveAvg
        || (Family == Family.Lp && NormType is 1 or 2)
        || (Family == Family.Upsample && (Mode is UpsampleMode.Nearest or UpsampleMode.NearestExact or UpsampleMode.Area || (Antialias && Onnx is null)));

    /// <summary>A backward kernel (<c>Backward = true</c>): x is the gradient it writes (the forward input's shape), y the
    /// gradient it reads (the forward output's), the indices the forward's. Fuzzed for its checks and its writes; its values
    /// are the fixtures' and gradcheck's (BackwardFixtureTests, BackwardDifferentialTests).</summary>
    public bool Backward { get; init; }

    /// <summary>Whether a reference exists: every forward family (antialias: ReferenceAntialias's loops, uint8: ReferencePillow's).</summary>
    public bool HasReference => !Backward;

    /// <summary>The window for these input extents: <see cref="Window"/>, its padding ONNX's SAME padding for them when
    /// <see cref="Same"/> is set.</summary>
    public PoolWindow WindowFor(IReadOnlyList<int> spatial) => Family == Family.GlobalLp
        ? new PoolWindow(spatial.ToArray(), spatial.ToArray(), new int[Rank], Enumerable.Repeat(1, Rank).ToArray(), false)   // one window: the plane
        : Enumerable.Range(0, Rank).Aggregate(Window!, (w, a) => AxisWindow(w, a, spatial[a]));

    private PoolWindow AxisWindow(PoolWindow w, int axis, long input)
    {
        if (Same == AutoPad.NotSet) return w;
        PoolingShape.SamePadding(input, w.Kernel[axis], w.Stride[axis], w.Dilation[axis], Same == AutoPad.SameUpper, out int begin, out int end);
        var padding = (int[])w.Padding.Clone();
        var paddingEnd = (int[])w.End.Clone();
        (padding[axis], paddingEnd[axis]) = (begin, end);
        return w with { Padding = padding, PaddingEnd = paddingEnd };
    }

    /// <summary>Output extents of one axis, or null when this axis makes the output empty / the input too small.</summary>
    public long? OutputExtent(int axis, long input)
    {
        switch (Family)
        {
            case Family.Max or Family.Min or Family.Avg or Family.Lp:
                var w = input >= 1 ? AxisWindow(Window!, axis, input) : Window!;
                if (Rank == 3 && Family is Family.Avg or Family.Lp && w.PaddingEnd is null && input < w.Kernel[axis]) return null;
                long o = PoolingShape.OutputLength(input, w.Kernel[axis], w.Stride[axis], w.Padding[axis], w.End[axis], w.Dilation[axis], w.CeilMode);
                return o < 1 ? null : o;
            case Family.AdaptiveMax or Family.AdaptiveAvg:
                return AdaptiveOutput![axis] == -1 ? input : AdaptiveOutput[axis];
            case Family.GlobalLp:
                return 1;
            case Family.Unpool:
                long u = PoolingShape.UnpoolLength(input, Window!.Kernel[axis], Window.Stride[axis], Window.Padding[axis]);
                return u < 1 ? null : u;
            default:
                long up = Size is { } s ? s[axis] : PoolingShape.UpsampleLength(input, Scale!.Value);
                return up < 1 ? null : up;
        }
    }
}
