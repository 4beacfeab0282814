namespace Pooling;

// Linked into the generator too (public in the runtime, internal in the generator), which reads these values from
// attributes: one definition, no magic numbers.

/// <summary>Memory layout of the batch/channel axes relative to the spatial axes.</summary>
#if POOLING_GENERATOR
internal
#else
public
#endif
enum TensorLayout
{
    /// <summary>NCHW (PyTorch's default contiguous format): every plane (one channel of one sample) is contiguous.</summary>
    ChannelsFirst = 0,

    /// <summary>NHWC (<c>torch.channels_last</c>): channels are the innermost axis; the channel count is the last trailing
    /// int parameter or <c>KernelAttribute.Channels</c>.</summary>
    ChannelsLast = 1,
}

/// <summary>Interpolation mode of <c>UpsampleAttribute</c>, named after PyTorch's <c>mode</c> strings.</summary>
#if POOLING_GENERATOR
internal
#else
public
#endif
enum UpsampleMode
{
    /// <summary><c>'nearest'</c>: source index <c>floor(dst · scale)</c>.</summary>
    Nearest,

    /// <summary><c>'nearest-exact'</c>: source index <c>floor((dst + 0.5) · scale)</c>.</summary>
    NearestExact,

    /// <summary><c>'linear'</c> (1-D).</summary>
    Linear,

    /// <summary><c>'bilinear'</c> (2-D).</summary>
    Bilinear,

    /// <summary><c>'bicubic'</c> (2-D, A = −0.75).</summary>
    Bicubic,

    /// <summary><c>'trilinear'</c> (3-D).</summary>
    Trilinear,

    /// <summary><c>'area'</c>: adaptive average pooling to the output size.</summary>
    Area,

    /// <summary>Pillow's BOX filter (2-D, <c>byte</c> only): each output the average of the input pixels its box covers.</summary>
    Box,

    /// <summary>Pillow's LANCZOS filter (2-D, <c>byte</c> only): Lanczos-3, sinc(x)·sinc(x/3) stretched when reducing.</summary>
    Lanczos,
}

/// <summary>ONNX's <c>auto_pad</c> for the window pools (TensorFlow's <c>padding</c> string).</summary>
#if POOLING_GENERATOR
internal
#else
public
#endif
enum AutoPad
{
    /// <summary><c>NOTSET</c>: the explicit <c>Padding</c> or <c>Pads</c> (none by default).</summary>
    NotSet = 0,

    /// <summary><c>SAME_UPPER</c> (TensorFlow <c>'SAME'</c>): <c>ceil(I / stride)</c> outputs, an odd padding's extra
    /// element at the end.</summary>
    SameUpper = 1,

    /// <summary><c>SAME_LOWER</c>: as <see cref="SameUpper"/> with the extra element at the beginning.</summary>
    SameLower = 2,

    /// <summary><c>VALID</c> (TensorFlow <c>'VALID'</c>): no padding.</summary>
    Valid = 3,
}

/// <summary>ONNX <c>DepthToSpace</c>'s <c>mode</c>: how the input channels are ordered.</summary>
#if POOLING_GENERATOR
internal
#else
public
#endif
enum DepthToSpaceMode
{
    /// <summary><c>DCR</c> (depth, column, row; ONNX's default and TensorFlow's): input channel <c>(i·b + j)·C + c</c>.</summary>
    Dcr = 0,

    /// <summary><c>CRD</c> (column, row, depth): input channel <c>c·b² + i·b + j</c>, PyTorch's PixelShuffle.</summary>
    Crd = 1,
}

/// <summary>ONNX Resize's <c>coordinate_transformation_mode</c>: how an output index maps to a position in the input.</summary>
#if POOLING_GENERATOR
internal
#else
public
#endif
enum CoordinateTransformation
{
    /// <summary>The mode's PyTorch rule (nearest: asymmetric; linear, cubic: half_pixel, or align_corners with
    /// <c>AlignCorners</c>).</summary>
    PyTorch = 0,

    /// <summary><c>half_pixel</c>: <c>(x + 0.5) / scale − 0.5</c>.</summary>
    HalfPixel = 1,

    /// <summary><c>half_pixel_symmetric</c>: half_pixel shifted so that the centre of the input maps to the centre of
    /// the output when <c>I · scale</c> is not whole.</summary>
    HalfPixelSymmetric = 2,

    /// <summary><c>pytorch_half_pixel</c>: half_pixel, except that an output of length 1 reads position −0.5.</summary>
    PytorchHalfPixel = 3,

    /// <summary><c>align_corners</c>: <c>x · (I − 1) / (I · scale − 1)</c>, 0 for an output of length 1.</summary>
    AlignCorners = 4,

    /// <summary><c>asymmetric</c>: <c>x / scale</c>.</summary>
    Asymmetric = 5,

    /// <summary><c>tf_crop_and_resize</c>: <c>x</c> spread over the region of interest, <c>roi_start·(I − 1) + x·(roi_end −
    /// roi_start)·(I − 1) / (out − 1)</c>; a position outside the input gives the extrapolation value.</summary>
    TfCropAndResize = 6,
}

/// <summary>ONNX Resize's <c>nearest_mode</c>: which neighbour a nearest resize takes.</summary>
#if POOLING_GENERATOR
internal
#else
public
#endif
enum NearestMode
{
    /// <summary>PyTorch's <c>'nearest'</c>: floor.</summary>
    PyTorch = 0,

    /// <summary><c>round_prefer_floor</c> (ONNX's default): round, halves down.</summary>
    RoundPreferFloor = 1,

    /// <summary><c>round_prefer_ceil</c>: round, halves up.</summary>
    RoundPreferCeil = 2,

    /// <summary><c>floor</c>.</summary>
    Floor = 3,

    /// <summary><c>ceil</c>.</summary>
    Ceil = 4,
}

/// <summary>ONNX RoiAlign's <c>mode</c>: how a bin's sample points combine.</summary>
#if POOLING_GENERATOR
internal
#else
public
#endif
enum RoiPoolMode
{
    /// <summary><c>"avg"</c>: the mean of the bilinearly interpolated samples (torchvision's roi_align).</summary>
    Average = 0,

    /// <summary><c>"max"</c>: ONNX's max, the largest weighted corner <c>w·x</c> over the bin's samples (not the largest
    /// interpolated value), as ONNX Runtime and ONNX's reference compute it.</summary>
    Max = 1,
}

/// <summary>GridSample's interpolation (PyTorch <c>mode</c>, ONNX <c>mode</c>).</summary>
#if POOLING_GENERATOR
internal
#else
public
#endif
enum GridSampleMode
{
    /// <summary><c>'bilinear'</c>: the four pixels around the point.</summary>
    Bilinear = 0,

    /// <summary><c>'nearest'</c>: the nearest pixel, halves to even.</summary>
    Nearest = 1,

    /// <summary><c>'bicubic'</c>: sixteen pixels, Keys' kernel with A = −0.75.</summary>
    Bicubic = 2,
}

/// <summary>GridSample's <c>padding_mode</c>: what a point outside the image reads.</summary>
#if POOLING_GENERATOR
internal
#else
public
#endif
enum GridPadding
{
    /// <summary><c>'zeros'</c>: pixels outside the image are 0.</summary>
    Zeros = 0,

    /// <summary><c>'border'</c>: the point is clamped to the image.</summary>
    Border = 1,

    /// <summary><c>'reflection'</c>: the point is reflected at the image's edges (then clamped).</summary>
    Reflection = 2,
}

/// <summary>ONNX Resize's <c>keep_aspect_ratio_policy</c>: how <c>Size</c> is read.</summary>
#if POOLING_GENERATOR
internal
#else
public
#endif
enum AspectPolicy
{
    /// <summary><c>"stretch"</c>: every axis to its size.</summary>
    Stretch = 0,

    /// <summary><c>"not_larger"</c>: one scale for every axis, the smallest size / input ratio; no axis exceeds its size.</summary>
    NotLarger = 1,

    /// <summary><c>"not_smaller"</c>: one scale for every axis, the largest ratio; no axis falls short of its size.</summary>
    NotSmaller = 2,
}

/// <summary>ONNX MaxPool's <c>storage_order</c>: how a position is flattened into an index.</summary>
#if POOLING_GENERATOR
internal
#else
public
#endif
enum IndexOrder
{
    /// <summary>Row-major (PyTorch's, ONNX's 0): <c>(d·H + h)·W + w</c>.</summary>
    RowMajor = 0,

    /// <summary>Column-major (ONNX's 1): <c>(w·H + h)·D + d</c>.</summary>
    ColumnMajor = 1,
}

/// <summary>Marker values for adaptive output sizes.</summary>
#if POOLING_GENERATOR
internal
#else
public
#endif
static class OutputAxis
{
    /// <summary>Keep this axis's input size (PyTorch <c>None</c> in <c>output_size</c>).</summary>
    public const int Keep = -1;
}
