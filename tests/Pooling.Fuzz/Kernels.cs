namespace Pooling.Fuzz;

/// <summary>One generated kernel per family × rank × element type × layout that the fuzzer calls (see Cases.cs).</summary>
public static partial class K
{
    // Window pooling, NCHW.
    [MaxPool(2)] public static partial void Max1f(ReadOnlySpan<float> x, Span<float> y, int width);
    [MaxPool(3, 2, Padding = 1)] public static partial void Max2f(ReadOnlySpan<float> x, Span<float> y, int height, int width);
    [MaxPool(2, 1, Dilation = 2, CeilMode = true)] public static partial void Max3f(ReadOnlySpan<float> x, Span<float> y, int depth, int height, int width);
    [MaxPool(2, 2)] public static partial void Max2d(ReadOnlySpan<double> x, Span<double> y, Span<long> i, int height, int width);
    [MaxPool(3, 2, CeilMode = true)] public static partial void Max2h(ReadOnlySpan<Half> x, Span<Half> y, Span<int> i, int height, int width);
    [MaxPool(2)] public static partial void Max2b(ReadOnlySpan<byte> x, Span<byte> y, int height, int width);
    [MaxPool(2)] public static partial void Max1sb(ReadOnlySpan<sbyte> x, Span<sbyte> y, int width);
    [MaxPool(3, 1, Padding = 1)] public static partial void Max2s(ReadOnlySpan<short> x, Span<short> y, int height, int width);
    [MaxPool(2)] public static partial void Max2us(ReadOnlySpan<ushort> x, Span<ushort> y, int height, int width);
    [MaxPool(2)] public static partial void Max3i(ReadOnlySpan<int> x, Span<int> y, int depth, int height, int width);
    [MaxPool(2, 1)] public static partial void Max2l(ReadOnlySpan<long> x, Span<long> y, Span<long> i, int height, int width);
    [MaxPool(3, 2, Padding = 1, InputSize = new[] { 9, 7 })] public static partial void Max2fConst(ReadOnlySpan<float> x, Span<float> y);
    [MinPool(2, 1)] public static partial void Min2f(ReadOnlySpan<float> x, Span<float> y, Span<long> i, int height, int width);
    [MinPool(2, 2)] public static partial void Min2fVec(ReadOnlySpan<float> x, Span<float> y, int height, int width);
    [MinPool(3, 1, Dilation = 2)] public static partial void Min2dVec(ReadOnlySpan<double> x, Span<double> y, int height, int width);
    [AvgPool(2, 2)] public static partial void Avg2dVec(ReadOnlySpan<double> x, Span<double> y, int height, int width);
    [MinPool(3, 2, Padding = 1)] public static partial void Min1b(ReadOnlySpan<byte> x, Span<byte> y, int width);
    [AvgPool(2)] public static partial void Avg1f(ReadOnlySpan<float> x, Span<float> y, int width);
    [AvgPool(3, 2, Padding = 1, CountIncludePad = false, CeilMode = true)] public static partial void Avg2f(ReadOnlySpan<float> x, Span<float> y, int height, int width);
    [AvgPool(2, 1)] public static partial void Avg3d(ReadOnlySpan<double> x, Span<double> y, int depth, int height, int width);
    [AvgPool(2, DivisorOverride = 3)] public static partial void Avg2h(ReadOnlySpan<Half> x, Span<Half> y, int height, int width);
    [LpPool(2, 2)] public static partial void Lp1f(ReadOnlySpan<float> x, Span<float> y, int width);
    [LpPool(2, 3, 2)] public static partial void Lp2d(ReadOnlySpan<double> x, Span<double> y, int height, int width);
    [LpPool(2, 2)] public static partial void Lp3f(ReadOnlySpan<float> x, Span<float> y, int depth, int height, int width);

    // Window pooling, NHWC (channel count last).
    [MaxPool(2, 2, Layout = TensorLayout.ChannelsLast)] public static partial void Max2fNhwc(ReadOnlySpan<float> x, Span<float> y, int height, int width, int channels);
    [MaxPool(3, 2, Padding = 1, Layout = TensorLayout.ChannelsLast)] public static partial void Max2lNhwc(ReadOnlySpan<long> x, Span<long> y, Span<long> i, int height, int width, int channels);
    [AvgPool(3, 2, Padding = 1, Layout = TensorLayout.ChannelsLast)] public static partial void Avg2fNhwc(ReadOnlySpan<float> x, Span<float> y, int height, int width, int channels);
    [AvgPool(2, Layout = TensorLayout.ChannelsLast)] public static partial void Avg3dNhwc(ReadOnlySpan<double> x, Span<double> y, int depth, int height, int width, int channels);
    [MinPool(2, Layout = TensorLayout.ChannelsLast, Channels = 3)] public static partial void Min1fNhwc3(ReadOnlySpan<float> x, Span<float> y, int width);
    [LpPool(2, 2, Layout = TensorLayout.ChannelsLast)] public static partial void Lp2fNhwc(ReadOnlySpan<float> x, Span<float> y, int height, int width, int channels);

    // Adaptive and global pooling.
    [AdaptiveMaxPool(3)] public static partial void AdaMax1f(ReadOnlySpan<float> x, Span<float> y, Span<long> i, int width);
    [AdaptiveMaxPool(2, OutputAxis.Keep)] public static partial void AdaMax2h(ReadOnlySpan<Half> x, Span<Half> y, int height, int width);
    // ONNX operators: the boxes and grids are run-time data (OperatorCases).
    [RoiAlign(2, 3, SpatialScale = 0.5, SamplingRatio = 2, Aligned = true)] public static partial void AlignF(ReadOnlySpan<float> input, ReadOnlySpan<float> boxes, Span<float> output, int channels, int height, int width);
    [RoiAlign(3, 2, Parallel = true)] public static partial void AlignAdaptiveF(ReadOnlySpan<float> input, ReadOnlySpan<float> boxes, Span<float> output, int channels, int height, int width);
    [RoiPool(2, 3, SpatialScale = 0.25, Layout = TensorLayout.ChannelsLast)] public static partial void PoolRoiNhwcF(ReadOnlySpan<float> input, ReadOnlySpan<float> boxes, Span<float> output, int height, int width, int channels);
    [RoiPool(3, 2, SpatialScale = 0.5)] public static partial void PoolRoiF(ReadOnlySpan<float> input, ReadOnlySpan<float> boxes, Span<float> output, int channels, int height, int width);
    [GridSample(GridSampleMode.Bilinear)] public static partial void GridF(ReadOnlySpan<float> input, ReadOnlySpan<float> grid, Span<float> output, int channels, int height, int width);
    [GridSample(GridSampleMode.Bicubic, PaddingMode = GridPadding.Reflection, AlignCorners = true)] public static partial void GridCubicF(ReadOnlySpan<float> input, ReadOnlySpan<float> grid, Span<float> output, int channels, int height, int width);
    [GridSample(GridSampleMode.Nearest, PaddingMode = GridPadding.Border)] public static partial void GridNearestF(ReadOnlySpan<float> input, ReadOnlySpan<float> grid, Span<float> output, int channels, int height, int width);
    [GlobalLpPool] public static partial void GLp2f(ReadOnlySpan<float> x, Span<float> y, int height, int width);
    [GlobalLpPool(3)] public static partial void GLp3dP3(ReadOnlySpan<double> x, Span<double> y, int depth, int height, int width);
    [GlobalLpPool(Layout = TensorLayout.ChannelsLast)] public static partial void GLp2fNhwc(ReadOnlySpan<float> x, Span<float> y, int height, int width, int channels);
    [AdaptiveAvgPool(3)] public static partial void AdaAvg2f(ReadOnlySpan<float> x, Span<float> y, int height, int width);
    [AdaptiveAvgPool(2, 3, 1)] public static partial void AdaAvg3d(ReadOnlySpan<double> x, Span<double> y, int depth, int height, int width);
    [GlobalMaxPool] public static partial void GMax3f(ReadOnlySpan<float> x, Span<float> y, int depth, int height, int width);
    [GlobalAvgPool] public static partial void GAvg3f(ReadOnlySpan<float> x, Span<float> y, int depth, int height, int width);
    [GlobalAvgPool] public static partial void GAvg1d(ReadOnlySpan<double> x, Span<double> y, int width);
    [AdaptiveAvgPool(2, Layout = TensorLayout.ChannelsLast)] public static partial void AdaAvg2fNhwc(ReadOnlySpan<float> x, Span<float> y, int height, int width, int channels);
    [AdaptiveMaxPool(3, 2, Layout = TensorLayout.ChannelsLast)] public static partial void AdaMax2dNhwc(ReadOnlySpan<double> x, Span<double> y, int height, int width, int channels);
    [GlobalAvgPool(Layout = TensorLayout.ChannelsLast)] public static partial void GAvg2fNhwc(ReadOnlySpan<float> x, Span<float> y, int height, int width, int channels);

    // Max-unpooling.
    [MaxUnpool(2, 2, Layout = TensorLayout.ChannelsLast)] public static partial void Unpool2fNhwc(ReadOnlySpan<float> x, ReadOnlySpan<long> i, Span<float> y, int height, int width, int channels);
    [MaxUnpool(2, 2)] public static partial void Unpool2fK2(ReadOnlySpan<float> x, ReadOnlySpan<long> i, Span<float> y, int height, int width);
    [MaxUnpool(2)] public static partial void Unpool1f(ReadOnlySpan<float> x, ReadOnlySpan<long> i, Span<float> y, int width);
    [MaxUnpool(3, 2, Padding = 1)] public static partial void Unpool2d(ReadOnlySpan<double> x, ReadOnlySpan<int> i, Span<double> y, int height, int width);
    [MaxUnpool(2)] public static partial void Unpool3f(ReadOnlySpan<float> x, ReadOnlySpan<long> i, Span<float> y, int depth, int height, int width);
    [MaxUnpool(2, Layout = TensorLayout.ChannelsLast)] public static partial void Unpool2bNhwc(ReadOnlySpan<byte> x, ReadOnlySpan<long> i, Span<byte> y, int height, int width, int channels);

    // Upsampling.
    [Upsample(UpsampleMode.Nearest, 2)] public static partial void Near1b(ReadOnlySpan<byte> x, Span<byte> y, int width);
    [Upsample(UpsampleMode.Nearest, 1.5)] public static partial void Near2f(ReadOnlySpan<float> x, Span<float> y, int height, int width);
    [Upsample(UpsampleMode.NearestExact, Size = new[] { 3, 4, 5 })] public static partial void NearEx3f(ReadOnlySpan<float> x, Span<float> y, int depth, int height, int width);
    [Upsample(UpsampleMode.Linear, Size = new[] { 7 }, AlignCorners = true)] public static partial void Lin1f(ReadOnlySpan<float> x, Span<float> y, int width);
    [Upsample(UpsampleMode.Bilinear, 2)] public static partial void Bilin2f(ReadOnlySpan<float> x, Span<float> y, int height, int width);
    [Upsample(UpsampleMode.Bilinear, 0.5, AlignCorners = true)] public static partial void Bilin2d(ReadOnlySpan<double> x, Span<double> y, int height, int width);
    [Upsample(UpsampleMode.Bicubic, 2)] public static partial void Bicub2f(ReadOnlySpan<float> x, Span<float> y, int height, int width);
    [Upsample(UpsampleMode.Bicubic, Size = new[] { 5, 6 })] public static partial void Bicub2h(ReadOnlySpan<Half> x, Span<Half> y, int height, int width);
    [Upsample(UpsampleMode.Trilinear, 2)] public static partial void Trilin3f(ReadOnlySpan<float> x, Span<float> y, int depth, int height, int width);
    [Upsample(UpsampleMode.Area, Size = new[] { 3, 2 })] public static partial void Area2f(ReadOnlySpan<float> x, Span<float> y, int height, int width);
    [Upsample(UpsampleMode.Area, 0.5, Layout = TensorLayout.ChannelsLast)] public static partial void AreaHalf2bNhwc(ReadOnlySpan<byte> x, Span<byte> y, int height, int width, int channels);
    [Upsample(UpsampleMode.Bilinear, Size = new[] { 4, 3 }, Antialias = true)] public static partial void Aa2f(ReadOnlySpan<float> x, Span<float> y, int height, int width);
    [Upsample(UpsampleMode.Nearest, 2, Layout = TensorLayout.ChannelsLast)] public static partial void Near2iNhwc(ReadOnlySpan<int> x, Span<int> y, int height, int width, int channels);
    [Upsample(UpsampleMode.Bilinear, 2, Layout = TensorLayout.ChannelsLast)] public static partial void Bilin2fNhwc(ReadOnlySpan<float> x, Span<float> y, int height, int width, int channels);
    [Upsample(UpsampleMode.Bicubic, 2, Layout = TensorLayout.ChannelsLast)] public static partial void Bicub2fNhwc(ReadOnlySpan<float> x, Span<float> y, int height, int width, int channels);
    [Upsample(UpsampleMode.Trilinear, 1.5, Layout = TensorLayout.ChannelsLast)] public static partial void Trilin3dNhwc(ReadOnlySpan<double> x, Span<double> y, int depth, int height, int width, int channels);
    [Upsample(UpsampleMode.Linear, 2.5, Layout = TensorLayout.ChannelsLast)] public static partial void Lin1fNhwc(ReadOnlySpan<float> x, Span<float> y, int width, int channels);
    [Upsample(UpsampleMode.Bilinear, 0.5, Antialias = true, Layout = TensorLayout.ChannelsLast)] public static partial void Aa2fNhwc(ReadOnlySpan<float> x, Span<float> y, int height, int width, int channels);
    [Upsample(UpsampleMode.Bicubic, Size = new[] { 5, 3 }, Antialias = true)] public static partial void Aa2b(ReadOnlySpan<byte> x, Span<byte> y, int height, int width);
    [Upsample(UpsampleMode.Lanczos, 0.7, Layout = TensorLayout.ChannelsLast)] public static partial void Lanczos2bNhwc(ReadOnlySpan<byte> x, Span<byte> y, int height, int width, int channels);
    // Fused preprocessing: RGB bytes to a normalised planar float input.
    [Upsample(UpsampleMode.Bilinear, Size = new[] { 9, 21 }, Antialias = true, Layout = TensorLayout.ChannelsLast, Channels = 3, Parallel = true, Mean = new[] { 0.485, 0.456, 0.406 }, Std = new[] { 0.229, 0.224, 0.225 })]
    public static partial void FusedF(ReadOnlySpan<byte> image, Span<float> input, int height, int width);
    // Scale 0.5 with BOX: every output the average of two inputs per axis (the resampler's byte-average path).
    [Upsample(UpsampleMode.Box, 0.5, Layout = TensorLayout.ChannelsLast)] public static partial void BoxHalf2bNhwc(ReadOnlySpan<byte> x, Span<byte> y, int height, int width, int channels);
    [Upsample(UpsampleMode.Box, Size = new[] { 3, 4 })] public static partial void Box2b(ReadOnlySpan<byte> x, Span<byte> y, int height, int width);
    [Upsample(UpsampleMode.Bilinear, 0.5, Antialias = true, Layout = TensorLayout.ChannelsLast, Parallel = true)] public static partial void Aa2bNhwc(ReadOnlySpan<byte> x, Span<byte> y, int height, int width, int channels);

    // Pixel shuffle, (channels, height, width) in both layouts.
    [PixelShuffle(2)] public static partial void Shuffle2f(ReadOnlySpan<float> x, Span<float> y, int channels, int height, int width);
    [PixelUnshuffle(2)] public static partial void Unshuffle2s(ReadOnlySpan<short> x, Span<short> y, int channels, int height, int width);
    [PixelShuffle(2, Layout = TensorLayout.ChannelsLast)] public static partial void Shuffle2fNhwc(ReadOnlySpan<float> x, Span<float> y, int channels, int height, int width);
    [PixelUnshuffle(3, Layout = TensorLayout.ChannelsLast)] public static partial void Unshuffle2dNhwc(ReadOnlySpan<double> x, Span<double> y, int channels, int height, int width);

    // ONNX's forms: padding begin/end and SAME, dilated averages, the p-norm, DCR shuffles, Resize's coordinate modes.
    [MaxPool(3, 2, Pads = new[] { 0, 1, 2, 2 }, Dilation = 2)] public static partial void MaxOnnx2f(ReadOnlySpan<float> x, Span<float> y, Span<long> i, int height, int width);
    [AvgPool(3, 1, AutoPad = AutoPad.SameLower, Dilation = 2, CountIncludePad = false)] public static partial void AvgSame2d(ReadOnlySpan<double> x, Span<double> y, int height, int width);
    [MaxPool(3, 2, AutoPad = AutoPad.SameUpper)] public static partial void MaxSameStride2f(ReadOnlySpan<float> x, Span<float> y, Span<long> i, int height, int width);
    [AvgPool(3, 2, AutoPad = AutoPad.SameLower, Layout = TensorLayout.ChannelsLast)] public static partial void AvgSameStride2fNhwc(ReadOnlySpan<float> x, Span<float> y, int height, int width, int channels);
    [LpPool(3, 2, 2, Absolute = true, Pads = new[] { 1, 0, 0, 1 })] public static partial void LpOnnx2f(ReadOnlySpan<float> x, Span<float> y, int height, int width);
    [AvgPool(2, 2, Pads = new[] { 1, 0, 1, 1, 1, 0 }, Layout = TensorLayout.ChannelsLast)] public static partial void AvgOnnx3fNhwc(ReadOnlySpan<float> x, Span<float> y, int depth, int height, int width, int channels);
    [DepthToSpace(2)] public static partial void D2S2f(ReadOnlySpan<float> x, Span<float> y, int channels, int height, int width);
    [SpaceToDepth(3, Layout = TensorLayout.ChannelsLast)] public static partial void S2D3bNhwc(ReadOnlySpan<byte> x, Span<byte> y, int channels, int height, int width);
    [Upsample(UpsampleMode.Nearest, 2, CoordinateTransformation = CoordinateTransformation.HalfPixel, NearestMode = NearestMode.RoundPreferFloor)] public static partial void OnnxNear2f(ReadOnlySpan<float> x, Span<float> y, int height, int width);
    [Upsample(UpsampleMode.Bicubic, 1.5, CoordinateTransformation = CoordinateTransformation.Asymmetric, ExcludeOutside = true)] public static partial void OnnxCubic2f(ReadOnlySpan<float> x, Span<float> y, int height, int width);
    [Upsample(UpsampleMode.Linear, Size = new[] { 9 }, CoordinateTransformation = CoordinateTransformation.AlignCorners, Layout = TensorLayout.ChannelsLast)] public static partial void OnnxLin1dNhwc(ReadOnlySpan<double> x, Span<double> y, int width, int channels);

    // Parallel = true twins (Program sets the split threshold to one element, so fuzz-sized calls split too).
    [MaxPool(3, 2, Padding = 1, Parallel = true, MaxDegreeOfParallelism = 3)] public static partial void Max2fPar(ReadOnlySpan<float> x, Span<float> y, int height, int width);
    [MaxPool(2, 2, Parallel = true, MaxDegreeOfParallelism = 3)] public static partial void Max2dPar(ReadOnlySpan<double> x, Span<double> y, Span<long> i, int height, int width);
    [AvgPool(3, 2, Padding = 1, Layout = TensorLayout.ChannelsLast, Parallel = true, MaxDegreeOfParallelism = 3)] public static partial void Avg2fNhwcPar(ReadOnlySpan<float> x, Span<float> y, int height, int width, int channels);
    [AdaptiveAvgPool(3, Parallel = true, MaxDegreeOfParallelism = 3)] public static partial void AdaAvg2fPar(ReadOnlySpan<float> x, Span<float> y, int height, int width);
    [MaxUnpool(3, 2, Padding = 1, Parallel = true, MaxDegreeOfParallelism = 3)] public static partial void Unpool2dPar(ReadOnlySpan<double> x, ReadOnlySpan<int> i, Span<double> y, int height, int width);
    [Upsample(UpsampleMode.Bilinear, 2, Parallel = true, MaxDegreeOfParallelism = 3)] public static partial void Bilin2fPar(ReadOnlySpan<float> x, Span<float> y, int height, int width);
    [PixelShuffle(2, Parallel = true, MaxDegreeOfParallelism = 3)] public static partial void Shuffle2fPar(ReadOnlySpan<float> x, Span<float> y, int channels, int height, int width);

    // Backward = true: x is the gradient written (the forward input's shape), y the gradient read, i the forward's indices.
    [MaxPool(3, 2, Padding = 1, Backward = true)] public static partial void MaxGrad2f(ReadOnlySpan<float> y, ReadOnlySpan<long> i, Span<float> x, int height, int width);
    [MinPool(2, 1, Backward = true, Parallel = true, MaxDegreeOfParallelism = 3)] public static partial void MinGrad2d(ReadOnlySpan<double> y, ReadOnlySpan<int> i, Span<double> x, int height, int width);
    [MaxPool(2, 2, Backward = true, Layout = TensorLayout.ChannelsLast)] public static partial void MaxGrad2fNhwc(ReadOnlySpan<float> y, ReadOnlySpan<long> i, Span<float> x, int height, int width, int channels);
    [AvgPool(3, 2, Padding = 1, CountIncludePad = false, CeilMode = true, Backward = true)] public static partial void AvgGrad2f(ReadOnlySpan<float> y, Span<float> x, int height, int width);
    [AvgPool(2, 2, Backward = true, Parallel = true, MaxDegreeOfParallelism = 3)] public static partial void AvgGrad2dTiled(ReadOnlySpan<double> y, Span<double> x, int height, int width);
    [AvgPool(2, 1, Backward = true)] public static partial void AvgGrad3d(ReadOnlySpan<double> y, Span<double> x, int depth, int height, int width);
    [AdaptiveMaxPool(3, Backward = true)] public static partial void AdaMaxGrad1f(ReadOnlySpan<float> y, ReadOnlySpan<long> i, Span<float> x, int width);
    [AdaptiveAvgPool(3, 2, Backward = true)] public static partial void AdaAvgGrad2f(ReadOnlySpan<float> y, Span<float> x, int height, int width);
    [GlobalAvgPool(Backward = true, Layout = TensorLayout.ChannelsLast)] public static partial void GAvgGrad2fNhwc(ReadOnlySpan<float> y, Span<float> x, int height, int width, int channels);
    [MaxUnpool(2, 2, Backward = true)] public static partial void UnpoolGrad2f(ReadOnlySpan<float> y, ReadOnlySpan<long> i, Span<float> x, int height, int width);
    [Upsample(UpsampleMode.Nearest, 2, Backward = true)] public static partial void NearGrad2f(ReadOnlySpan<float> y, Span<float> x, int height, int width);
    [Upsample(UpsampleMode.Nearest, 1.5, Backward = true)] public static partial void NearGrad2d(ReadOnlySpan<double> y, Span<double> x, int height, int width);
    [Upsample(UpsampleMode.Bilinear, 2, Backward = true, Parallel = true, MaxDegreeOfParallelism = 3)] public static partial void BilinGrad2f(ReadOnlySpan<float> y, Span<float> x, int height, int width);
    [Upsample(UpsampleMode.Bicubic, 2, Backward = true)] public static partial void BicubGrad2f(ReadOnlySpan<float> y, Span<float> x, int height, int width);
    [Upsample(UpsampleMode.Trilinear, 1.5, Backward = true, Layout = TensorLayout.ChannelsLast)] public static partial void TrilinGrad3dNhwc(ReadOnlySpan<double> y, Span<double> x, int depth, int height, int width, int channels);
    [Upsample(UpsampleMode.Bilinear, Size = new[] { 4, 3 }, Antialias = true, Backward = true)] public static partial void AaGrad2f(ReadOnlySpan<float> y, Span<float> x, int height, int width);
    [PixelShuffle(2, Backward = true)] public static partial void ShuffleGrad2f(ReadOnlySpan<float> y, Span<float> x, int channels, int height, int width);
    [PixelUnshuffle(3, Backward = true, Layout = TensorLayout.ChannelsLast)] public static partial void UnshuffleGrad2h(ReadOnlySpan<Half> y, Span<Half> x, int channels, int height, int width);
}
