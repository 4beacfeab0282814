using Pooling.Reference;

namespace Pooling.Fuzz;

/// <summary>Every kernel of <see cref="K"/> with its <see cref="Spec"/> restated by hand from its attribute.</summary>
internal static class Cases
{
    private static readonly string[] W = { "width" }, HW = { "height", "width" }, DHW = { "depth", "height", "width" };
    private static readonly string[] HWC = { "height", "width", "channels" }, DHWC = { "depth", "height", "width", "channels" };
    private static readonly string[] WC = { "width", "channels" };
    private static readonly string[] Shuffle = { "channels", "height", "width" };

    private static PoolWindow Win(int rank, int k, int s = 0, int p = 0, int d = 1, bool ceil = false) => PoolWindow.Uniform(rank, k, s, p, d, ceil);

    private static Spec Pool(Family f, int rank, string[] names, PoolWindow w, Indices i = Indices.None, bool nhwc = false) =>
        new(f, rank, names, nhwc) { Window = w, Indices = i };

    private static Spec Ada(Family f, string[] names, int[] output, Indices i = Indices.None, bool nhwc = false) =>
        new(f, output.Length, names, nhwc) { AdaptiveOutput = output, Indices = i };

    private static Spec Up(UpsampleMode mode, string[] names, double? scale = null, int[]? size = null, bool align = false, bool nhwc = false) =>
        new(Family.Upsample, size?.Length ?? (nhwc ? names.Length - 1 : names.Length), names, nhwc) { Mode = mode, Scale = scale, Size = size, AlignCorners = align };

    public static IReadOnlyList<FuzzCase> All { get; } = new FuzzCase[]
    {
        new FuzzCase<float>("Max1f", Pool(Family.Max, 1, W, Win(1, 2)), (b, e) => K.Max1f(b.X, b.Y, e[0])),
        new FuzzCase<float>("Max2f", Pool(Family.Max, 2, HW, Win(2, 3, 2, 1)), (b, e) => K.Max2f(b.X, b.Y, e[0], e[1])),
        new FuzzCase<float>("Max3f", Pool(Family.Max, 3, DHW, Win(3, 2, 1, 0, 2, true)), (b, e) => K.Max3f(b.X, b.Y, e[0], e[1], e[2])),
        new FuzzCase<double>("Max2d", Pool(Family.Max, 2, HW, Win(2, 2), Indices.Int64), (b, e) => K.Max2d(b.X, b.Y, b.L, e[0], e[1])),
        new FuzzCase<Half>("Max2h", Pool(Family.Max, 2, HW, Win(2, 3, 2, 0, 1, true), Indices.Int32), (b, e) => K.Max2h(b.X, b.Y, b.I, e[0], e[1])),
        new FuzzCase<byte>("Max2b", Pool(Family.Max, 2, HW, Win(2, 2)), (b, e) => K.Max2b(b.X, b.Y, e[0], e[1])),
        new FuzzCase<sbyte>("Max1sb", Pool(Family.Max, 1, W, Win(1, 2)), (b, e) => K.Max1sb(b.X, b.Y, e[0])),
        new FuzzCase<short>("Max2s", Pool(Family.Max, 2, HW, Win(2, 3, 1, 1)), (b, e) => K.Max2s(b.X, b.Y, e[0], e[1])),
        new FuzzCase<ushort>("Max2us", Pool(Family.Max, 2, HW, Win(2, 2)), (b, e) => K.Max2us(b.X, b.Y, e[0], e[1])),
        new FuzzCase<int>("Max3i", Pool(Family.Max, 3, DHW, Win(3, 2)), (b, e) => K.Max3i(b.X, b.Y, e[0], e[1], e[2])),
        new FuzzCase<long>("Max2l", Pool(Family.Max, 2, HW, Win(2, 2, 1), Indices.Int64), (b, e) => K.Max2l(b.X, b.Y, b.L, e[0], e[1])),
        new FuzzCase<float>("Max2fConst", Pool(Family.Max, 2, Array.Empty<string>(), Win(2, 3, 2, 1)) with { ConstantInput = new[] { 9, 7 } }, (b, e) => K.Max2fConst(b.X, b.Y)),
        new FuzzCase<float>("Min2f", Pool(Family.Min, 2, HW, Win(2, 2, 1), Indices.Int64), (b, e) => K.Min2f(b.X, b.Y, b.L, e[0], e[1])),
        new FuzzCase<float>("Min2fVec", Pool(Family.Min, 2, HW, Win(2, 2, 2)), (b, e) => K.Min2fVec(b.X, b.Y, e[0], e[1])),
        new FuzzCase<double>("Min2dVec", Pool(Family.Min, 2, HW, Win(2, 3, 1, 0, 2)), (b, e) => K.Min2dVec(b.X, b.Y, e[0], e[1])),
        new FuzzCase<double>("Avg2dVec", Pool(Family.Avg, 2, HW, Win(2, 2, 2)), (b, e) => K.Avg2dVec(b.X, b.Y, e[0], e[1])),
        new FuzzCase<byte>("Min1b", Pool(Family.Min, 1, W, Win(1, 3, 2, 1)), (b, e) => K.Min1b(b.X, b.Y, e[0])),
        new FuzzCase<float>("Avg1f", Pool(Family.Avg, 1, W, Win(1, 2)), (b, e) => K.Avg1f(b.X, b.Y, e[0])),
        new FuzzCase<float>("Avg2f", Pool(Family.Avg, 2, HW, Win(2, 3, 2, 1, 1, true)) with { CountIncludePad = false }, (b, e) => K.Avg2f(b.X, b.Y, e[0], e[1])),
        new FuzzCase<double>("Avg3d", Pool(Family.Avg, 3, DHW, Win(3, 2, 1)), (b, e) => K.Avg3d(b.X, b.Y, e[0], e[1], e[2])),
        new FuzzCase<Half>("Avg2h", Pool(Family.Avg, 2, HW, Win(2, 2)) with { Divisor = 3 }, (b, e) => K.Avg2h(b.X, b.Y, e[0], e[1])),
        new FuzzCase<float>("Lp1f", Pool(Family.Lp, 1, W, Win(1, 2)) with { NormType = 2 }, (b, e) => K.Lp1f(b.X, b.Y, e[0])),
        new FuzzCase<double>("Lp2d", Pool(Family.Lp, 2, HW, Win(2, 3, 2)) with { NormType = 2 }, (b, e) => K.Lp2d(b.X, b.Y, e[0], e[1])),
        new FuzzCase<float>("Lp3f", Pool(Family.Lp, 3, DHW, Win(3, 2)) with { NormType = 2 }, (b, e) => K.Lp3f(b.X, b.Y, e[0], e[1], e[2])),

        new FuzzCase<float>("Max2fNhwc", Pool(Family.Max, 2, HWC, Win(2, 2, 2), nhwc: true), (b, e) => K.Max2fNhwc(b.X, b.Y, e[0], e[1], e[2])),
        new FuzzCase<long>("Max2lNhwc", Pool(Family.Max, 2, HWC, Win(2, 3, 2, 1), Indices.Int64, nhwc: true), (b, e) => K.Max2lNhwc(b.X, b.Y, b.L, e[0], e[1], e[2])),
        new FuzzCase<float>("Avg2fNhwc", Pool(Family.Avg, 2, HWC, Win(2, 3, 2, 1), nhwc: true), (b, e) => K.Avg2fNhwc(b.X, b.Y, e[0], e[1], e[2])),
        new FuzzCase<double>("Avg3dNhwc", Pool(Family.Avg, 3, DHWC, Win(3, 2), nhwc: true), (b, e) => K.Avg3dNhwc(b.X, b.Y, e[0], e[1], e[2], e[3])),
        new FuzzCase<float>("Min1fNhwc3", Pool(Family.Min, 1, W, Win(1, 2), nhwc: true) with { ConstantChannels = 3 }, (b, e) => K.Min1fNhwc3(b.X, b.Y, e[0])),
        new FuzzCase<float>("Lp2fNhwc", Pool(Family.Lp, 2, HWC, Win(2, 2), nhwc: true) with { NormType = 2 }, (b, e) => K.Lp2fNhwc(b.X, b.Y, e[0], e[1], e[2])),

        new FuzzCase<float>("AdaMax1f", Ada(Family.AdaptiveMax, W, new[] { 3 }, Indices.Int64), (b, e) => K.AdaMax1f(b.X, b.Y, b.L, e[0])),
        new FuzzCase<Half>("AdaMax2h", Ada(Family.AdaptiveMax, HW, new[] { 2, -1 }), (b, e) => K.AdaMax2h(b.X, b.Y, e[0], e[1])),
        new FuzzCase<float>("AdaAvg2f", Ada(Family.AdaptiveAvg, HW, new[] { 3, 3 }), (b, e) => K.AdaAvg2f(b.X, b.Y, e[0], e[1])),
        new RoiAlignCase("AlignF", 2, 3, 0.5f, 2, true, (x, b, y, e) => K.AlignF(x, b, y, e[0], e[1], e[2])),
        new RoiAlignCase("AlignAdaptiveF", 3, 2, 1f, 0, false, (x, b, y, e) => K.AlignAdaptiveF(x, b, y, e[0], e[1], e[2])),
        new RoiPoolCase("PoolRoiF", 3, 2, 0.5f, (x, b, y, e) => K.PoolRoiF(x, b, y, e[0], e[1], e[2])),
        new RoiPoolCase("PoolRoiNhwcF", 2, 3, 0.25f, OperatorLayouts.ChannelsLast(2 * 3, (x, b, y, e) => K.PoolRoiNhwcF(x, b, y, e[1], e[2], e[0]))),
        new GridSampleCase("GridF", GridSampleMode.Bilinear, GridPadding.Zeros, false, (x, g, y, e) => K.GridF(x, g, y, e[0], e[1], e[2])),
        new GridSampleCase("GridCubicF", GridSampleMode.Bicubic, GridPadding.Reflection, true, (x, g, y, e) => K.GridCubicF(x, g, y, e[0], e[1], e[2])),
        new GridSampleCase("GridNearestF", GridSampleMode.Nearest, GridPadding.Border, false, (x, g, y, e) => K.GridNearestF(x, g, y, e[0], e[1], e[2])),
        new FuzzCase<float>("GLp2f", new Spec(Family.GlobalLp, 2, HW) { NormType = 2, Absolute = true }, (b, e) => K.GLp2f(b.X, b.Y, e[0], e[1])),
        new FuzzCase<double>("GLp3dP3", new Spec(Family.GlobalLp, 3, DHW) { NormType = 3, Absolute = true }, (b, e) => K.GLp3dP3(b.X, b.Y, e[0], e[1], e[2])),
        new FuzzCase<float>("GLp2fNhwc", new Spec(Family.GlobalLp, 2, HWC, ChannelsLast: true) { NormType = 2, Absolute = true }, (b, e) => K.GLp2fNhwc(b.X, b.Y, e[0], e[1], e[2])),
        new FuzzCase<double>("AdaAvg3d", Ada(Family.AdaptiveAvg, DHW, new[] { 2, 3, 1 }), (b, e) => K.AdaAvg3d(b.X, b.Y, e[0], e[1], e[2])),
        new FuzzCase<float>("GMax3f", Ada(Family.AdaptiveMax, DHW, new[] { 1, 1, 1 }), (b, e) => K.GMax3f(b.X, b.Y, e[0], e[1], e[2])),
        new FuzzCase<float>("GAvg3f", Ada(Family.AdaptiveAvg, DHW, new[] { 1, 1, 1 }), (b, e) => K.GAvg3f(b.X, b.Y, e[0], e[1], e[2])),
        new FuzzCase<double>("GAvg1d", Ada(Family.AdaptiveAvg, W, new[] { 1 }), (b, e) => K.GAvg1d(b.X, b.Y, e[0])),
        new FuzzCase<float>("AdaAvg2fNhwc", Ada(Family.AdaptiveAvg, HWC, new[] { 2, 2 }, nhwc: true), (b, e) => K.AdaAvg2fNhwc(b.X, b.Y, e[0], e[1], e[2])),
        new FuzzCase<double>("AdaMax2dNhwc", Ada(Family.AdaptiveMax, HWC, new[] { 3, 2 }, nhwc: true), (b, e) => K.AdaMax2dNhwc(b.X, b.Y, e[0], e[1], e[2])),
        new FuzzCase<float>("GAvg2fNhwc", Ada(Family.AdaptiveAvg, HWC, new[] { 1, 1 }, nhwc: true), (b, e) => K.GAvg2fNhwc(b.X, b.Y, e[0], e[1], e[2])),

        new FuzzCase<float>("Unpool2fK2", Pool(Family.Unpool, 2, HW, Win(2, 2), Indices.Int64), (b, e) => K.Unpool2fK2(b.X, b.L, b.Y, e[0], e[1])),
        new FuzzCase<float>("Unpool2fNhwc", Pool(Family.Unpool, 2, HWC, Win(2, 2), Indices.Int64, nhwc: true), (b, e) => K.Unpool2fNhwc(b.X, b.L, b.Y, e[0], e[1], e[2])),
        new FuzzCase<float>("Unpool1f", Pool(Family.Unpool, 1, W, Win(1, 2), Indices.Int64), (b, e) => K.Unpool1f(b.X, b.L, b.Y, e[0])),
        new FuzzCase<double>("Unpool2d", Pool(Family.Unpool, 2, HW, Win(2, 3, 2, 1), Indices.Int32), (b, e) => K.Unpool2d(b.X, b.I, b.Y, e[0], e[1])),
        new FuzzCase<float>("Unpool3f", Pool(Family.Unpool, 3, DHW, Win(3, 2), Indices.Int64), (b, e) => K.Unpool3f(b.X, b.L, b.Y, e[0], e[1], e[2])),
        new FuzzCase<byte>("Unpool2bNhwc", Pool(Family.Unpool, 2, HWC, Win(2, 2), Indices.Int64, nhwc: true), (b, e) => K.Unpool2bNhwc(b.X, b.L, b.Y, e[0], e[1], e[2])),

        new FuzzCase<byte>("Near1b", Up(UpsampleMode.Nearest, W, scale: 2), (b, e) => K.Near1b(b.X, b.Y, e[0])),
        new FuzzCase<float>("Near2f", Up(UpsampleMode.Nearest, HW, scale: 1.5), (b, e) => K.Near2f(b.X, b.Y, e[0], e[1])),
        new FuzzCase<float>("NearEx3f", Up(UpsampleMode.NearestExact, DHW, size: new[] { 3, 4, 5 }), (b, e) => K.NearEx3f(b.X, b.Y, e[0], e[1], e[2])),
        new FuzzCase<float>("Lin1f", Up(UpsampleMode.Linear, W, size: new[] { 7 }, align: true), (b, e) => K.Lin1f(b.X, b.Y, e[0])),
        new FuzzCase<float>("Bilin2f", Up(UpsampleMode.Bilinear, HW, scale: 2), (b, e) => K.Bilin2f(b.X, b.Y, e[0], e[1])),
        new FuzzCase<double>("Bilin2d", Up(UpsampleMode.Bilinear, HW, scale: 0.5, align: true), (b, e) => K.Bilin2d(b.X, b.Y, e[0], e[1])),
        new FuzzCase<float>("Bicub2f", Up(UpsampleMode.Bicubic, HW, scale: 2), (b, e) => K.Bicub2f(b.X, b.Y, e[0], e[1])),
        new FuzzCase<Half>("Bicub2h", Up(UpsampleMode.Bicubic, HW, size: new[] { 5, 6 }), (b, e) => K.Bicub2h(b.X, b.Y, e[0], e[1])),
        new FuzzCase<float>("Trilin3f", Up(UpsampleMode.Trilinear, DHW, scale: 2), (b, e) => K.Trilin3f(b.X, b.Y, e[0], e[1], e[2])),
        new FuzzCase<float>("Area2f", Up(UpsampleMode.Area, HW, size: new[] { 3, 2 }), (b, e) => K.Area2f(b.X, b.Y, e[0], e[1])),
        new FuzzCase<byte>("AreaHalf2bNhwc", Up(UpsampleMode.Area, HWC, scale: 0.5, nhwc: true), (b, e) => K.AreaHalf2bNhwc(b.X, b.Y, e[0], e[1], e[2])),
        new FuzzCase<float>("Aa2f", Up(UpsampleMode.Bilinear, HW, size: new[] { 4, 3 }) with { Antialias = true }, (b, e) => K.Aa2f(b.X, b.Y, e[0], e[1])),
        new FuzzCase<int>("Near2iNhwc", Up(UpsampleMode.Nearest, HWC, scale: 2, nhwc: true), (b, e) => K.Near2iNhwc(b.X, b.Y, e[0], e[1], e[2])),
        new FuzzCase<float>("Bilin2fNhwc", Up(UpsampleMode.Bilinear, HWC, scale: 2, nhwc: true), (b, e) => K.Bilin2fNhwc(b.X, b.Y, e[0], e[1], e[2])),
        new FuzzCase<float>("Bicub2fNhwc", Up(UpsampleMode.Bicubic, HWC, scale: 2, nhwc: true), (b, e) => K.Bicub2fNhwc(b.X, b.Y, e[0], e[1], e[2])),
        new FuzzCase<double>("Trilin3dNhwc", Up(UpsampleMode.Trilinear, DHWC, scale: 1.5, nhwc: true), (b, e) => K.Trilin3dNhwc(b.X, b.Y, e[0], e[1], e[2], e[3])),
        new FuzzCase<float>("Lin1fNhwc", Up(UpsampleMode.Linear, WC, scale: 2.5, nhwc: true), (b, e) => K.Lin1fNhwc(b.X, b.Y, e[0], e[1])),
        new FuzzCase<float>("Aa2fNhwc", Up(UpsampleMode.Bilinear, HWC, scale: 0.5, nhwc: true) with { Antialias = true }, (b, e) => K.Aa2fNhwc(b.X, b.Y, e[0], e[1], e[2])),
        new FuzzCase<byte>("Aa2b", Up(UpsampleMode.Bicubic, HW, size: new[] { 5, 3 }) with { Antialias = true }, (b, e) => K.Aa2b(b.X, b.Y, e[0], e[1])),
        new FuzzCase<byte>("Lanczos2bNhwc", Up(UpsampleMode.Lanczos, HWC, scale: 0.7, nhwc: true) with { Antialias = true }, (b, e) => K.Lanczos2bNhwc(b.X, b.Y, e[0], e[1], e[2])),
        new FuzzCase<byte>("Box2b", Up(UpsampleMode.Box, HW, size: new[] { 3, 4 }) with { Antialias = true }, (b, e) => K.Box2b(b.X, b.Y, e[0], e[1])),
        new FusedCase("FusedF", 9, 21, new[] { 0.485f, 0.456f, 0.406f }, new[] { 0.229f, 0.224f, 0.225f }, (x, y, h, w) => K.FusedF(x, y, h, w)),
        new FuzzCase<byte>("BoxHalf2bNhwc", Up(UpsampleMode.Box, HWC, scale: 0.5, nhwc: true) with { Antialias = true }, (b, e) => K.BoxHalf2bNhwc(b.X, b.Y, e[0], e[1], e[2])),
        new FuzzCase<byte>("Aa2bNhwc", Up(UpsampleMode.Bilinear, HWC, scale: 0.5, nhwc: true) with { Antialias = true }, (b, e) => K.Aa2bNhwc(b.X, b.Y, e[0], e[1], e[2])),

        new FuzzCase<float>("Shuffle2f", new Spec(Family.Shuffle, 2, Shuffle) { Factor = 2 }, (b, e) => K.Shuffle2f(b.X, b.Y, e[0], e[1], e[2])),
        new FuzzCase<short>("Unshuffle2s", new Spec(Family.Unshuffle, 2, Shuffle) { Factor = 2 }, (b, e) => K.Unshuffle2s(b.X, b.Y, e[0], e[1], e[2])),
        new FuzzCase<float>("Shuffle2fNhwc", new Spec(Family.Shuffle, 2, Shuffle, true) { Factor = 2 }, (b, e) => K.Shuffle2fNhwc(b.X, b.Y, e[0], e[1], e[2])),
        new FuzzCase<double>("Unshuffle2dNhwc", new Spec(Family.Unshuffle, 2, Shuffle, true) { Factor = 3 }, (b, e) => K.Unshuffle2dNhwc(b.X, b.Y, e[0], e[1], e[2])),

        new FuzzCase<float>("MaxOnnx2f", Pool(Family.Max, 2, HW, new PoolWindow(new[] { 3, 3 }, new[] { 2, 2 }, new[] { 0, 1 }, new[] { 2, 2 }, false, new[] { 2, 2 }), Indices.Int64),
            (b, e) => K.MaxOnnx2f(b.X, b.Y, b.L, e[0], e[1])),
        // SAME_LOWER with stride 1: d·(k − 1) = 4 in all, 2 before and 2 after.
        new FuzzCase<double>("AvgSame2d", Pool(Family.Avg, 2, HW, new PoolWindow(new[] { 3, 3 }, new[] { 1, 1 }, new[] { 2, 2 }, new[] { 2, 2 }, false, new[] { 2, 2 })) with { CountIncludePad = false },
            (b, e) => K.AvgSame2d(b.X, b.Y, e[0], e[1])),
        new FuzzCase<float>("MaxSameStride2f", Pool(Family.Max, 2, HW, Win(2, 3, 2), Indices.Int64) with { Same = AutoPad.SameUpper },
            (b, e) => K.MaxSameStride2f(b.X, b.Y, b.L, e[0], e[1])),
        new FuzzCase<float>("AvgSameStride2fNhwc", Pool(Family.Avg, 2, HWC, Win(2, 3, 2), nhwc: true) with { Same = AutoPad.SameLower },
            (b, e) => K.AvgSameStride2fNhwc(b.X, b.Y, e[0], e[1], e[2])),
        new FuzzCase<float>("LpOnnx2f", Pool(Family.Lp, 2, HW, new PoolWindow(new[] { 2, 2 }, new[] { 2, 2 }, new[] { 1, 0 }, new[] { 1, 1 }, false, new[] { 0, 1 })) with { NormType = 3, Absolute = true },
            (b, e) => K.LpOnnx2f(b.X, b.Y, e[0], e[1])),
        new FuzzCase<float>("AvgOnnx3fNhwc", Pool(Family.Avg, 3, DHWC, new PoolWindow(new[] { 2, 2, 2 }, new[] { 2, 2, 2 }, new[] { 1, 0, 1 }, new[] { 1, 1, 1 }, false, new[] { 1, 1, 0 }), nhwc: true),
            (b, e) => K.AvgOnnx3fNhwc(b.X, b.Y, e[0], e[1], e[2], e[3])),
        new FuzzCase<float>("D2S2f", new Spec(Family.Shuffle, 2, Shuffle) { Factor = 2, BlockFirst = true }, (b, e) => K.D2S2f(b.X, b.Y, e[0], e[1], e[2])),
        new FuzzCase<byte>("S2D3bNhwc", new Spec(Family.Unshuffle, 2, Shuffle, true) { Factor = 3, BlockFirst = true }, (b, e) => K.S2D3bNhwc(b.X, b.Y, e[0], e[1], e[2])),
        new FuzzCase<float>("OnnxNear2f", Up(UpsampleMode.Nearest, HW, scale: 2) with { Onnx = (CoordinateTransformation.HalfPixel, NearestMode.RoundPreferFloor, -0.75, false) },
            (b, e) => K.OnnxNear2f(b.X, b.Y, e[0], e[1])),
        new FuzzCase<float>("OnnxCubic2f", Up(UpsampleMode.Bicubic, HW, scale: 1.5) with { Onnx = (CoordinateTransformation.Asymmetric, NearestMode.Floor, -0.75, true) },
            (b, e) => K.OnnxCubic2f(b.X, b.Y, e[0], e[1])),
        new FuzzCase<double>("OnnxLin1dNhwc", Up(UpsampleMode.Linear, WC, size: new[] { 9 }, nhwc: true) with { Onnx = (CoordinateTransformation.AlignCorners, NearestMode.Floor, -0.75, false) },
            (b, e) => K.OnnxLin1dNhwc(b.X, b.Y, e[0], e[1])),

        new FuzzCase<float>("Max2fPar", Pool(Family.Max, 2, HW, Win(2, 3, 2, 1)), (b, e) => K.Max2fPar(b.X, b.Y, e[0], e[1])),
        new FuzzCase<double>("Max2dPar", Pool(Family.Max, 2, HW, Win(2, 2), Indices.Int64), (b, e) => K.Max2dPar(b.X, b.Y, b.L, e[0], e[1])),
        new FuzzCase<float>("Avg2fNhwcPar", Pool(Family.Avg, 2, HWC, Win(2, 3, 2, 1), nhwc: true), (b, e) => K.Avg2fNhwcPar(b.X, b.Y, e[0], e[1], e[2])),
        new FuzzCase<float>("AdaAvg2fPar", Ada(Family.AdaptiveAvg, HW, new[] { 3, 3 }), (b, e) => K.AdaAvg2fPar(b.X, b.Y, e[0], e[1])),
        new FuzzCase<double>("Unpool2dPar", Pool(Family.Unpool, 2, HW, Win(2, 3, 2, 1), Indices.Int32), (b, e) => K.Unpool2dPar(b.X, b.I, b.Y, e[0], e[1])),
        new FuzzCase<float>("Bilin2fPar", Up(UpsampleMode.Bilinear, HW, scale: 2), (b, e) => K.Bilin2fPar(b.X, b.Y, e[0], e[1])),
        new FuzzCase<float>("Shuffle2fPar", new Spec(Family.Shuffle, 2, Shuffle) { Factor = 2 }, (b, e) => K.Shuffle2fPar(b.X, b.Y, e[0], e[1], e[2])),

        // Backward kernels: x the gradient written (the forward input's shape), y the one read, the indices read.
        new FuzzCase<float>("MaxGrad2f", Pool(Family.Max, 2, HW, Win(2, 3, 2, 1), Indices.Int64) with { Backward = true }, (b, e) => K.MaxGrad2f(b.Y, b.L, b.XData, e[0], e[1])),
        new FuzzCase<double>("MinGrad2d", Pool(Family.Min, 2, HW, Win(2, 2, 1), Indices.Int32) with { Backward = true }, (b, e) => K.MinGrad2d(b.Y, b.I, b.XData, e[0], e[1])),
        new FuzzCase<float>("MaxGrad2fNhwc", Pool(Family.Max, 2, HWC, Win(2, 2, 2), Indices.Int64, nhwc: true) with { Backward = true }, (b, e) => K.MaxGrad2fNhwc(b.Y, b.L, b.XData, e[0], e[1], e[2])),
        new FuzzCase<float>("AvgGrad2f", Pool(Family.Avg, 2, HW, Win(2, 3, 2, 1, 1, true)) with { CountIncludePad = false, Backward = true }, (b, e) => K.AvgGrad2f(b.Y, b.XData, e[0], e[1])),
        new FuzzCase<double>("AvgGrad2dTiled", Pool(Family.Avg, 2, HW, Win(2, 2, 2)) with { Backward = true }, (b, e) => K.AvgGrad2dTiled(b.Y, b.XData, e[0], e[1])),
        new FuzzCase<double>("AvgGrad3d", Pool(Family.Avg, 3, DHW, Win(3, 2, 1)) with { Backward = true }, (b, e) => K.AvgGrad3d(b.Y, b.XData, e[0], e[1], e[2])),
        new FuzzCase<float>("AdaMaxGrad1f", Ada(Family.AdaptiveMax, W, new[] { 3 }, Indices.Int64) with { Backward = true }, (b, e) => K.AdaMaxGrad1f(b.Y, b.L, b.XData, e[0])),
        new FuzzCase<float>("AdaAvgGrad2f", Ada(Family.AdaptiveAvg, HW, new[] { 3, 2 }) with { Backward = true }, (b, e) => K.AdaAvgGrad2f(b.Y, b.XData, e[0], e[1])),
        new FuzzCase<float>("GAvgGrad2fNhwc", Ada(Family.AdaptiveAvg, HWC, new[] { 1, 1 }, nhwc: true) with { Backward = true }, (b, e) => K.GAvgGrad2fNhwc(b.Y, b.XData, e[0], e[1], e[2])),
        new FuzzCase<float>("UnpoolGrad2f", Pool(Family.Unpool, 2, HW, Win(2, 2), Indices.Int64) with { Backward = true }, (b, e) => K.UnpoolGrad2f(b.Y, b.L, b.XData, e[0], e[1])),
        new FuzzCase<float>("NearGrad2f", Up(UpsampleMode.Nearest, HW, scale: 2) with { Backward = true }, (b, e) => K.NearGrad2f(b.Y, b.XData, e[0], e[1])),
        new FuzzCase<double>("NearGrad2d", Up(UpsampleMode.Nearest, HW, scale: 1.5) with { Backward = true }, (b, e) => K.NearGrad2d(b.Y, b.XData, e[0], e[1])),
        new FuzzCase<float>("BilinGrad2f", Up(UpsampleMode.Bilinear, HW, scale: 2) with { Backward = true }, (b, e) => K.BilinGrad2f(b.Y, b.XData, e[0], e[1])),
        new FuzzCase<float>("BicubGrad2f", Up(UpsampleMode.Bicubic, HW, scale: 2) with { Backward = true }, (b, e) => K.BicubGrad2f(b.Y, b.XData, e[0], e[1])),
        new FuzzCase<double>("TrilinGrad3dNhwc", Up(UpsampleMode.Trilinear, DHWC, scale: 1.5, nhwc: true) with { Backward = true }, (b, e) => K.TrilinGrad3dNhwc(b.Y, b.XData, e[0], e[1], e[2], e[3])),
        new FuzzCase<float>("AaGrad2f", Up(UpsampleMode.Bilinear, HW, size: new[] { 4, 3 }) with { Antialias = true, Backward = true }, (b, e) => K.AaGrad2f(b.Y, b.XData, e[0], e[1])),
        new FuzzCase<float>("ShuffleGrad2f", new Spec(Family.Shuffle, 2, Shuffle) { Factor = 2, Backward = true }, (b, e) => K.ShuffleGrad2f(b.Y, b.XData, e[0], e[1], e[2])),
        new FuzzCase<Half>("UnshuffleGrad2h", new Spec(Family.Unshuffle, 2, Shuffle, true) { Factor = 3, Backward = true }, (b, e) => K.UnshuffleGrad2h(b.Y, b.XData, e[0], e[1], e[2])),
    };
}
