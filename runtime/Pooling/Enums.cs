namespace Pooling;

/// <summary>Memory layout of the batch/channel axes relative to the spatial axes.</summary>
public enum TensorLayout
{
    /// <summary>NCHW (PyTorch's default contiguous format): every plane (one channel of one sample) is contiguous.</summary>
    ChannelsFirst = 0,

    /// <summary>NHWC (<c>torch.channels_last</c>): channels are the innermost axis; the channel count is the last trailing
    /// int parameter or <see cref="KernelAttribute.Channels"/>.</summary>
    ChannelsLast = 1,
}

/// <summary>Interpolation mode of <see cref="UpsampleAttribute"/>, named after PyTorch's <c>mode</c> strings.</summary>
public enum UpsampleMode
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
}
