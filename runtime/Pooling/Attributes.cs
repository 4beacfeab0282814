using System;

namespace Pooling;

// The attributes a user puts on a partial method. Names, parameter order and defaults mirror PyTorch
// (README, "How a declaration reads"). Every integer geometry argument has a scalar form (all axes) and a per-axis form:
// arrays in the constructors, and a `…PerAxis` property beside each scalar property. Per-axis values are
// outermost first ((depth,) height, width) and must have one entry per spatial axis.
// The generator reads these attributes from syntax; at run time they carry no behaviour.

/// <summary>Options every generated kernel takes.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public abstract class KernelAttribute : Attribute
{
    /// <summary>Spatial extents known at compile time, outermost first (e.g. <c>new[] { 112, 112 }</c>). When set, the method
    /// has no trailing int parameters, the whole loop nest is constant and a bad shape is a build error.</summary>
    public int[]? InputSize { get; set; }

    /// <summary>Memory layout: <see cref="TensorLayout.ChannelsFirst"/> (NCHW, default) or <see cref="TensorLayout.ChannelsLast"/> (NHWC).</summary>
    public TensorLayout Layout { get; set; }

    /// <summary>Channel count for <see cref="TensorLayout.ChannelsLast"/> when it is not a trailing int parameter.</summary>
    public int Channels { get; set; }

    /// <summary>Split the work across cores when the call is large enough to pay for it: by planes, and by output rows
    /// within planes for the window pools. Results are bit-identical to the serial kernel; small calls stay serial.</summary>
    public bool Parallel { get; set; }

    /// <summary>With <see cref="Parallel"/>: at most this many threads per call (0, the default: the processor count).</summary>
    public int MaxDegreeOfParallelism { get; set; }

    /// <summary>Generate the gradient with respect to the input instead of the forward pass (docs/semantics.md §12): the
    /// method takes <c>(ReadOnlySpan&lt;T&gt; gradOutput, Span&lt;T&gt; gradInput, extents…)</c> with the forward input's
    /// extents; max and min pooling take the forward's indices between them, or the forward's input first. The same
    /// configuration and validation as the forward; PyTorch 1.13's CPU autograd result, bit for bit.</summary>
    public bool Backward { get; set; }
}

/// <summary>Shared shape of the sliding-window pools (max, min, average, Lp).</summary>
public abstract class WindowPoolAttribute : KernelAttribute
{
    /// <summary>Scalar form: one kernel size for every axis; stride omitted means stride = kernel (PyTorch <c>stride=None</c>).</summary>
    protected WindowPoolAttribute(int kernelSize) => KernelSize = new[] { kernelSize };

    /// <summary>Scalar form with an explicit stride.</summary>
    protected WindowPoolAttribute(int kernelSize, int stride)
    {
        KernelSize = new[] { kernelSize };
        Stride = new[] { stride };
    }

    /// <summary>Per-axis form: one kernel size per spatial axis, outermost first.</summary>
    protected WindowPoolAttribute(int[] kernelSize) => KernelSize = kernelSize;

    /// <summary>Per-axis form with explicit per-axis strides.</summary>
    protected WindowPoolAttribute(int[] kernelSize, int[] stride)
    {
        KernelSize = kernelSize;
        Stride = stride;
    }

    /// <summary>PyTorch <c>kernel_size</c>: one value (all axes) or one per axis.</summary>
    public int[] KernelSize { get; }

    /// <summary>PyTorch <c>stride</c>: one value (all axes) or one per axis; <c>null</c> when omitted (= kernel size).</summary>
    public int[]? Stride { get; }

    /// <summary>PyTorch <c>ceil_mode</c>: use ceil instead of floor for the output size; a last window that would start in
    /// the right padding is dropped.</summary>
    public bool CeilMode { get; set; }

    /// <summary>PyTorch/ONNX <c>dilation(s)</c>: spacing between window taps on every axis (ONNX allows it for average
    /// and Lp pooling too).</summary>
    public int Dilation { get; set; } = 1;

    /// <summary><c>dilation</c> as a tuple, one value per axis.</summary>
    public int[]? DilationPerAxis { get; set; }

    /// <summary>ONNX <c>pads</c>: the padding before every spatial axis, then after every axis
    /// (<c>x1_begin, x2_begin, …, x1_end, x2_end, …</c>), each smaller than the dilated kernel. Instead of
    /// <c>Padding</c>; padded taps count as PyTorch's do (zeros for sums, skipped by max/min).</summary>
    public int[]? Pads { get; set; }

    /// <summary>ONNX <c>auto_pad</c> (TensorFlow's <c>padding='SAME'</c> / <c>'VALID'</c>): the padding that gives
    /// <c>ceil(I / stride)</c> outputs, its odd element at the end (<see cref="Pooling.AutoPad.SameUpper"/>) or the
    /// beginning (<see cref="Pooling.AutoPad.SameLower"/>); <see cref="Pooling.AutoPad.Valid"/> is no padding. The
    /// padding depends on the extent unless the stride is 1: with a larger stride, set <c>InputSize</c>.</summary>
    public AutoPad AutoPad { get; set; }
}

/// <summary>Window pools that take symmetric padding (max, min, average).</summary>
public abstract class PaddedWindowPoolAttribute : WindowPoolAttribute
{
    /// <inheritdoc />
    protected PaddedWindowPoolAttribute(int kernelSize) : base(kernelSize) { }

    /// <inheritdoc />
    protected PaddedWindowPoolAttribute(int kernelSize, int stride) : base(kernelSize, stride) { }

    /// <inheritdoc />
    protected PaddedWindowPoolAttribute(int[] kernelSize) : base(kernelSize) { }

    /// <inheritdoc />
    protected PaddedWindowPoolAttribute(int[] kernelSize, int[] stride) : base(kernelSize, stride) { }

    /// <summary>PyTorch <c>padding</c>: implicit padding on both sides of every axis, at most half the kernel size.</summary>
    public int Padding { get; set; }

    /// <summary>PyTorch <c>padding</c> as a tuple: one value per spatial axis, outermost first.</summary>
    public int[]? PaddingPerAxis { get; set; }
}

/// <summary>PyTorch <c>nn.MaxPool1d/2d/3d</c>. A <c>Span&lt;int&gt;</c> or <c>Span&lt;long&gt;</c> parameter after the output
/// receives plane-relative argmax indices (<c>return_indices=True</c>).</summary>
public sealed class MaxPoolAttribute : PaddedWindowPoolAttribute
{
    /// <summary><c>MaxPool(kernel_size)</c>: stride = kernel size.</summary>
    public MaxPoolAttribute(int kernelSize) : base(kernelSize) { }

    /// <summary><c>MaxPool(kernel_size, stride)</c>.</summary>
    public MaxPoolAttribute(int kernelSize, int stride) : base(kernelSize, stride) { }

    /// <summary>Per-axis kernel size; stride = kernel size.</summary>
    public MaxPoolAttribute(int[] kernelSize) : base(kernelSize) { }

    /// <summary>Per-axis kernel size and stride.</summary>
    public MaxPoolAttribute(int[] kernelSize, int[] stride) : base(kernelSize, stride) { }

    /// <summary>ONNX MaxPool's <c>Indices</c>: flat over the whole input tensor, <c>plane · plane size + position</c>,
    /// instead of within each plane (PyTorch's). Needs a <c>Span&lt;long&gt;</c> of indices; NCHW.</summary>
    public bool TensorIndices { get; set; }

    /// <summary>ONNX MaxPool's <c>storage_order</c>: the position within a plane row-major (default) or column-major.</summary>
    public IndexOrder StorageOrder { get; set; }
}

/// <summary>Min pooling (not a PyTorch op): <c>−maxpool(−x)</c>, with padding as +∞, NaN propagation and first-minimum
/// ties exactly as max pooling. Parameters as <see cref="MaxPoolAttribute"/>.</summary>
public sealed class MinPoolAttribute : PaddedWindowPoolAttribute
{
    /// <summary><c>MinPool(kernel_size)</c>: stride = kernel size.</summary>
    public MinPoolAttribute(int kernelSize) : base(kernelSize) { }

    /// <summary><c>MinPool(kernel_size, stride)</c>.</summary>
    public MinPoolAttribute(int kernelSize, int stride) : base(kernelSize, stride) { }

    /// <summary>Per-axis kernel size; stride = kernel size.</summary>
    public MinPoolAttribute(int[] kernelSize) : base(kernelSize) { }

    /// <summary>Per-axis kernel size and stride.</summary>
    public MinPoolAttribute(int[] kernelSize, int[] stride) : base(kernelSize, stride) { }
}

/// <summary>PyTorch <c>nn.AvgPool1d/2d/3d</c>.</summary>
public sealed class AvgPoolAttribute : PaddedWindowPoolAttribute
{
    /// <summary><c>AvgPool(kernel_size)</c>: stride = kernel size.</summary>
    public AvgPoolAttribute(int kernelSize) : base(kernelSize) { }

    /// <summary><c>AvgPool(kernel_size, stride)</c>.</summary>
    public AvgPoolAttribute(int kernelSize, int stride) : base(kernelSize, stride) { }

    /// <summary>Per-axis kernel size; stride = kernel size.</summary>
    public AvgPoolAttribute(int[] kernelSize) : base(kernelSize) { }

    /// <summary>Per-axis kernel size and stride.</summary>
    public AvgPoolAttribute(int[] kernelSize, int[] stride) : base(kernelSize, stride) { }

    /// <summary>PyTorch <c>count_include_pad</c> (default true): padding taps count in the divisor; ceil-mode overhang never does.</summary>
    public bool CountIncludePad { get; set; } = true;

    /// <summary>PyTorch <c>divisor_override</c> (2-D and 3-D): when set, every window's sum is divided by this value.
    /// Unset means "no override"; setting it to 0 is an error.</summary>
    public int DivisorOverride { get; set; }
}

/// <summary>PyTorch <c>nn.LPPool1d/2d/3d</c>: <c>(Σ x^p)^(1/p)</c> computed as PyTorch's composite (signed sum, ceil-mode rescaling).</summary>
public sealed class LpPoolAttribute : WindowPoolAttribute
{
    /// <summary><c>LPPool(norm_type, kernel_size)</c>.</summary>
    public LpPoolAttribute(double normType, int kernelSize) : base(kernelSize) => NormType = normType;

    /// <summary><c>LPPool(norm_type, kernel_size, stride)</c>.</summary>
    public LpPoolAttribute(double normType, int kernelSize, int stride) : base(kernelSize, stride) => NormType = normType;

    /// <summary>Per-axis kernel size.</summary>
    public LpPoolAttribute(double normType, int[] kernelSize) : base(kernelSize) => NormType = normType;

    /// <summary>Per-axis kernel size and stride.</summary>
    public LpPoolAttribute(double normType, int[] kernelSize, int[] stride) : base(kernelSize, stride) => NormType = normType;

    /// <summary>PyTorch <c>norm_type</c> p.</summary>
    public double NormType { get; }

    /// <summary>ONNX <c>LpPool</c>: each window's p-norm <c>(Σ|x|^p)^(1/p)</c> over its real taps (padding adds nothing,
    /// a partial window is not rescaled), instead of PyTorch's signed composite.</summary>
    public bool Absolute { get; set; }
}

/// <summary>PyTorch <c>nn.AdaptiveMaxPool1d/2d/3d</c>; indices via a <c>Span&lt;int|long&gt;</c> parameter after the output.</summary>
public sealed class AdaptiveMaxPoolAttribute : KernelAttribute
{
    /// <summary>PyTorch <c>output_size</c>: one value (all axes) or one per axis; <see cref="OutputAxis.Keep"/> keeps an axis.</summary>
    public AdaptiveMaxPoolAttribute(params int[] outputSize) => OutputSize = outputSize;

    /// <summary>PyTorch <c>output_size</c>.</summary>
    public int[] OutputSize { get; }
}

/// <summary>PyTorch <c>nn.AdaptiveAvgPool1d/2d/3d</c>.</summary>
public sealed class AdaptiveAvgPoolAttribute : KernelAttribute
{
    /// <summary>PyTorch <c>output_size</c>: one value (all axes) or one per axis; <see cref="OutputAxis.Keep"/> keeps an axis.</summary>
    public AdaptiveAvgPoolAttribute(params int[] outputSize) => OutputSize = outputSize;

    /// <summary>PyTorch <c>output_size</c>.</summary>
    public int[] OutputSize { get; }
}

/// <summary>ONNX <c>GlobalMaxPool</c> (= adaptive max pooling to 1 on every axis).</summary>
public sealed class GlobalMaxPoolAttribute : KernelAttribute
{
}

/// <summary>ONNX <c>GlobalAveragePool</c> (= mean over the spatial axes).</summary>
public sealed class GlobalAvgPoolAttribute : KernelAttribute
{
}

/// <summary>ONNX <c>GlobalLpPool</c>: each plane's p-norm <c>(Σ|x|^p)^(1/p)</c> over the spatial axes, summed in row-major
/// order (docs/semantics.md §6).</summary>
public sealed class GlobalLpPoolAttribute : KernelAttribute
{
    /// <summary>ONNX's default, p = 2.</summary>
    public GlobalLpPoolAttribute() => NormType = 2;

    /// <summary>ONNX's <c>p</c> (any positive, finite value).</summary>
    public GlobalLpPoolAttribute(double normType) => NormType = normType;

    /// <summary>The norm's p.</summary>
    public double NormType { get; }
}

/// <summary>PyTorch <c>nn.MaxUnpool1d/2d/3d</c>: scatters values to their argmax indices in a zero-filled output.</summary>
public sealed class MaxUnpoolAttribute : KernelAttribute
{
    /// <summary><c>MaxUnpool(kernel_size)</c>: stride = kernel size.</summary>
    public MaxUnpoolAttribute(int kernelSize) => KernelSize = new[] { kernelSize };

    /// <summary><c>MaxUnpool(kernel_size, stride)</c>.</summary>
    public MaxUnpoolAttribute(int kernelSize, int stride)
    {
        KernelSize = new[] { kernelSize };
        Stride = new[] { stride };
    }

    /// <summary>Per-axis kernel size.</summary>
    public MaxUnpoolAttribute(int[] kernelSize) => KernelSize = kernelSize;

    /// <summary>Per-axis kernel size and stride.</summary>
    public MaxUnpoolAttribute(int[] kernelSize, int[] stride)
    {
        KernelSize = kernelSize;
        Stride = stride;
    }

    /// <summary>PyTorch <c>kernel_size</c>.</summary>
    public int[] KernelSize { get; }

    /// <summary>PyTorch <c>stride</c>; <c>null</c> when omitted (= kernel size).</summary>
    public int[]? Stride { get; }

    /// <summary>PyTorch <c>padding</c> on every axis.</summary>
    public int Padding { get; set; }

    /// <summary>PyTorch <c>padding</c>, one value per axis.</summary>
    public int[]? PaddingPerAxis { get; set; }

    /// <summary>PyTorch <c>output_size</c>: spatial extents of the output, within one stride of the default size.</summary>
    public int[]? OutputSize { get; set; }

    /// <summary>ONNX MaxUnpool's <c>output_shape</c>: the indices address the default-sized output,
    /// <c>(I − 1)·s + k − 2p</c> per axis, which is then padded with zeros at the end of each axis to
    /// <see cref="OutputSize"/> (at least the default), instead of PyTorch's reading of the indices in the output size.</summary>
    public bool PadToOutputSize { get; set; }
}

/// <summary>PyTorch <c>nn.Upsample</c> / <c>F.interpolate</c>.</summary>
public sealed class UpsampleAttribute : KernelAttribute
{
    /// <summary><c>Upsample(mode, scale_factor)</c>: one scale factor (all axes), one per axis, or none when
    /// <see cref="Size"/> is set.</summary>
    public UpsampleAttribute(UpsampleMode mode, params double[] scaleFactor)
    {
        Mode = mode;
        ScaleFactor = scaleFactor;
    }

    /// <summary>PyTorch <c>mode</c>.</summary>
    public UpsampleMode Mode { get; }

    /// <summary>PyTorch <c>scale_factor</c>.</summary>
    public double[] ScaleFactor { get; }

    /// <summary>PyTorch <c>size</c>: output spatial extents (instead of a scale factor).</summary>
    public int[]? Size { get; set; }

    /// <summary>PyTorch <c>align_corners</c> (linear, bilinear, bicubic, trilinear only).</summary>
    public bool AlignCorners { get; set; }

    /// <summary>PyTorch <c>recompute_scale_factor</c>: interpolate with input/output instead of the given scale factor.</summary>
    public bool RecomputeScaleFactor { get; set; }

    /// <summary>PyTorch <c>antialias</c> (bilinear and bicubic, 2-D).</summary>
    public bool Antialias { get; set; }

    /// <summary>ONNX Resize's <c>coordinate_transformation_mode</c> (nearest, linear, bilinear, trilinear, bicubic). Left at
    /// <see cref="Pooling.CoordinateTransformation.PyTorch"/>, the mode's PyTorch rule.</summary>
    public CoordinateTransformation CoordinateTransformation { get; set; }

    /// <summary>ONNX Resize's <c>nearest_mode</c> (nearest only). Left at <see cref="Pooling.NearestMode.PyTorch"/>, floor.</summary>
    public NearestMode NearestMode { get; set; }

    /// <summary>ONNX Resize's <c>cubic_coeff_a</c> (bicubic only): the A of Keys' cubic kernel, −0.75 by default (PyTorch's
    /// and ONNX's); TensorFlow uses −0.5.</summary>
    public double CubicCoeffA { get; set; } = -0.75;

    /// <summary>ONNX Resize's <c>roi</c> for <see cref="Pooling.CoordinateTransformation.TfCropAndResize"/>: the region's
    /// start on every spatial axis, then its end, as fractions of the input (ONNX's order, spatial axes only).</summary>
    public double[]? RegionOfInterest { get; set; }

    /// <summary>ONNX Resize's <c>extrapolation_value</c> for <see cref="Pooling.CoordinateTransformation.TfCropAndResize"/>:
    /// the output where the region reaches past the input (0 by default).</summary>
    public double ExtrapolationValue { get; set; }

    /// <summary>ONNX Resize's <c>keep_aspect_ratio_policy</c> (with <see cref="Size"/>): <see cref="AspectPolicy.NotLarger"/>
    /// or <see cref="AspectPolicy.NotSmaller"/> resize every axis by one scale, the smallest or largest size / input ratio,
    /// each output extent rounded half up.</summary>
    public AspectPolicy KeepAspectRatioPolicy { get; set; }

    /// <summary>ONNX Resize's <c>exclude_outside</c> (bicubic only): taps outside the input get weight 0 and the others are
    /// renormalised, instead of reading the edge pixel.</summary>
    public bool ExcludeOutside { get; set; }

    /// <summary>Fused preprocessing (a <c>byte</c> image in, <c>float</c> out): torchvision <c>Normalize</c>'s per-channel
    /// mean, subtracted after the resized bytes are scaled to [0, 1] (<c>ToTensor</c>). One value per channel.</summary>
    public double[]? Mean { get; set; }

    /// <summary>Fused preprocessing: torchvision <c>Normalize</c>'s per-channel standard deviation (not 0).</summary>
    public double[]? Std { get; set; }

    /// <summary>Fused preprocessing: the float output's layout, <see cref="TensorLayout.ChannelsFirst"/> (planar NCHW, the
    /// default: what a model takes) or <see cref="TensorLayout.ChannelsLast"/> (NHWC).</summary>
    public TensorLayout OutputLayout { get; set; }

    /// <summary>Fused preprocessing: take the image's channels in reverse order (BGR pixels into an RGB model, or back).
    /// <see cref="Mean"/> and <see cref="Std"/> are in output order.</summary>
    public bool ReverseChannels { get; set; }
}

/// <summary>PyTorch <c>nn.PixelShuffle</c>: (C·r², H, W) → (C, H·r, W·r).</summary>
public sealed class PixelShuffleAttribute : KernelAttribute
{
    /// <summary>PyTorch <c>upscale_factor</c>.</summary>
    public PixelShuffleAttribute(int upscaleFactor) => UpscaleFactor = upscaleFactor;

    /// <summary>PyTorch <c>upscale_factor</c>.</summary>
    public int UpscaleFactor { get; }
}

/// <summary>PyTorch <c>nn.PixelUnshuffle</c>: (C, H·r, W·r) → (C·r², H, W).</summary>
public sealed class PixelUnshuffleAttribute : KernelAttribute
{
    /// <summary>PyTorch <c>downscale_factor</c>.</summary>
    public PixelUnshuffleAttribute(int downscaleFactor) => DownscaleFactor = downscaleFactor;

    /// <summary>PyTorch <c>downscale_factor</c>.</summary>
    public int DownscaleFactor { get; }
}

/// <summary>ONNX <c>DepthToSpace</c>: (C·b², H, W) → (C, H·b, W·b). <see cref="DepthToSpaceMode.Dcr"/> (ONNX's default,
/// TensorFlow's <c>depth_to_space</c>): <c>y[c, h·b+i, w·b+j] = x[(i·b + j)·C + c, h, w]</c>;
/// <see cref="DepthToSpaceMode.Crd"/>: <c>x[c·b² + i·b + j, h, w]</c>, which is <see cref="PixelShuffleAttribute"/>.</summary>
public sealed class DepthToSpaceAttribute : KernelAttribute
{
    /// <summary>ONNX <c>blocksize</c>.</summary>
    public DepthToSpaceAttribute(int blockSize) => BlockSize = blockSize;

    /// <summary>ONNX <c>blocksize</c>.</summary>
    public int BlockSize { get; }

    /// <summary>ONNX <c>mode</c>: the order of the input channels, DCR (default) or CRD.</summary>
    public DepthToSpaceMode Mode { get; set; }
}

/// <summary>ONNX <c>SpaceToDepth</c> (TensorFlow's <c>space_to_depth</c>): (C, H·b, W·b) → (C·b², H, W),
/// <c>y[(i·b + j)·C + c, h, w] = x[c, h·b+i, w·b+j]</c> — the inverse of DCR DepthToSpace (PixelUnshuffle orders the
/// output channels <c>c·b² + i·b + j</c> instead).</summary>
public sealed class SpaceToDepthAttribute : KernelAttribute
{
    /// <summary>ONNX <c>blocksize</c>.</summary>
    public SpaceToDepthAttribute(int blockSize) => BlockSize = blockSize;

    /// <summary>ONNX <c>blocksize</c>.</summary>
    public int BlockSize { get; }
}

/// <summary>
/// RoIAlign: torchvision's <c>ops.roi_align</c> and ONNX's <c>RoiAlign</c> (opset 16). Each box of an NCHW feature map is
/// cut into <c>outputHeight × outputWidth</c> bins, each the mean (or ONNX's max) of bilinearly interpolated sample
/// points. Declared as <c>(ReadOnlySpan&lt;T&gt; input, ReadOnlySpan&lt;T&gt; boxes, Span&lt;T&gt; output, int channels,
/// int height, int width)</c> with torchvision's boxes (batch index, x1, y1, x2, y2), or with ONNX's
/// <c>(…, ReadOnlySpan&lt;T&gt; rois, ReadOnlySpan&lt;long|int&gt; batchIndices, Span&lt;T&gt; output, …)</c>; the output is
/// [boxes, channels, outputHeight, outputWidth].
/// </summary>
public sealed class RoiAlignAttribute : KernelAttribute
{
    /// <summary>torchvision <c>output_size</c>, ONNX <c>output_height</c> and <c>output_width</c>.</summary>
    public RoiAlignAttribute(int outputHeight, int outputWidth)
    {
        OutputHeight = outputHeight;
        OutputWidth = outputWidth;
    }

    /// <summary>Bins per box vertically.</summary>
    public int OutputHeight { get; }

    /// <summary>Bins per box horizontally.</summary>
    public int OutputWidth { get; }

    /// <summary><c>spatial_scale</c>: box coordinates times this are feature-map pixels (1 / the map's stride).</summary>
    public double SpatialScale { get; set; } = 1;

    /// <summary><c>sampling_ratio</c>: sample points per bin along each axis; 0 or less (torchvision's −1, ONNX's 0): the
    /// adaptive <c>ceil(box extent / bins)</c>.</summary>
    public int SamplingRatio { get; set; }

    /// <summary>torchvision <c>aligned</c> / ONNX <c>coordinate_transformation_mode="half_pixel"</c>: shift the box by −0.5
    /// pixel (and let boxes be smaller than a pixel). False is ONNX's <c>"output_half_pixel"</c>.</summary>
    public bool Aligned { get; set; }

    /// <summary>ONNX <c>mode</c>: <see cref="RoiPoolMode.Average"/> (torchvision's only mode) or ONNX's max.</summary>
    public RoiPoolMode Mode { get; set; }
}

/// <summary>
/// PyTorch's <c>F.grid_sample</c> and ONNX's <c>GridSample</c> on 2-D images: each output point reads the input at a
/// position the grid gives in [−1, 1] (x along the width, then y). Declared as <c>(ReadOnlySpan&lt;T&gt; input,
/// ReadOnlySpan&lt;T&gt; grid, Span&lt;T&gt; output, int channels, int height, int width)</c>: the input [N, C, H, W], the grid
/// [N, points, 2] (any output shape with that many points, e.g. H_out × W_out), the output [N, C, points].
/// </summary>
public sealed class GridSampleAttribute : KernelAttribute
{
    /// <summary>PyTorch <c>mode</c>, bilinear by default.</summary>
    public GridSampleAttribute(GridSampleMode mode = GridSampleMode.Bilinear) => Mode = mode;

    /// <summary>PyTorch <c>mode</c>.</summary>
    public GridSampleMode Mode { get; }

    /// <summary>PyTorch <c>padding_mode</c>: zeros, border or reflection.</summary>
    public GridPadding PaddingMode { get; set; }

    /// <summary>PyTorch <c>align_corners</c>: −1 and 1 are the centres of the corner pixels (true) or the image's edges.</summary>
    public bool AlignCorners { get; set; }
}

/// <summary>
/// RoIPool: torchvision's <c>ops.roi_pool</c> and ONNX's <c>MaxRoiPool</c> (Fast R-CNN). Each box, rounded to whole
/// pixels of the NCHW feature map, is cut into <c>outputHeight × outputWidth</c> bins, each the maximum of its pixels.
/// Declared as <c>(ReadOnlySpan&lt;T&gt; input, ReadOnlySpan&lt;T&gt; boxes, Span&lt;T&gt; output, int channels, int height,
/// int width)</c> with boxes of (batch index, x1, y1, x2, y2); the output is [boxes, channels, outputHeight, outputWidth].
/// </summary>
public sealed class RoiPoolAttribute : KernelAttribute
{
    /// <summary>torchvision <c>output_size</c>, ONNX <c>pooled_shape</c>.</summary>
    public RoiPoolAttribute(int outputHeight, int outputWidth)
    {
        OutputHeight = outputHeight;
        OutputWidth = outputWidth;
    }

    /// <summary>Bins per box vertically.</summary>
    public int OutputHeight { get; }

    /// <summary>Bins per box horizontally.</summary>
    public int OutputWidth { get; }

    /// <summary><c>spatial_scale</c>: box coordinates times this are feature-map pixels (1 / the map's stride).</summary>
    public double SpatialScale { get; set; } = 1;
}

