using Microsoft.CodeAnalysis;
using Pooling.Generators.Tests.Infrastructure;

namespace Pooling.Generators.Tests;

/// <summary>The generated source for a representative set of declarations, compared with committed snapshots
/// (Snapshots/*.verified.cs). Each case also asserts that the result compiles without diagnostics.</summary>
public class SnapshotTests
{
    private static string Generate(string declaration, string element = "float")
    {
        string source = $$"""
            using System;
            using Pooling;
            namespace Demo;
            public static partial class Net
            {
                {{declaration.Replace("T>", element + ">")}}
            }
            """;
        var (output, diagnostics, run) = GeneratorHarness.Generate(GeneratorHarness.Compilation(source));
        Assert.Empty(diagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
        string text = Assert.Single(run.Results.Single().GeneratedSources).SourceText.ToString();
        // Readable as a person would write it: lines within 120 characters, no arithmetic left for the reader to fold.
        foreach (string line in text.Split('\n'))
        {
            Assert.True(line.Length <= 120, $"line of {line.Length} characters: {line.Trim()}");
            Assert.DoesNotMatch(@"[-+] 0\b(?!\.)|\* 1\b(?!\.)|while \(", line);
        }
        return text;
    }

    [Fact]
    public void MaxPool2d_backward_from_indices_parallel() => Snapshot.Match(Generate(
        "[MaxPool(3, 2, Padding = 1, Backward = true, Parallel = true)] public static partial void PoolGrad(ReadOnlySpan<T> gradOutput, ReadOnlySpan<long> indices, Span<T> gradInput, int height, int width);"));

    [Fact]
    public void MaxPool2d_k2s2_backward_from_indices() => Snapshot.Match(Generate(
        "[MaxPool(2, 2, Backward = true)] public static partial void PoolGrad(ReadOnlySpan<float> gradOutput, ReadOnlySpan<long> indices, Span<float> gradInput, int height, int width);"));

    [Fact]
    public void MinPool3d_backward_from_input() => Snapshot.Match(Generate(
        "[MinPool(2, Dilation = 2, CeilMode = true, Backward = true)] public static partial void PoolGrad(ReadOnlySpan<T> input, ReadOnlySpan<T> gradOutput, Span<T> gradInput, int depth, int height, int width);"));

    [Fact]
    public void LpPool2d_backward_from_input() => Snapshot.Match(Generate(
        "[LpPool(2, 3, 2, Backward = true)] public static partial void PoolGrad(ReadOnlySpan<T> input, ReadOnlySpan<T> gradOutput, Span<T> gradInput, int height, int width);"));

    [Fact]
    public void AvgPool2d_backward_channels_last() => Snapshot.Match(Generate(
        "[AvgPool(3, 2, Padding = 1, CountIncludePad = false, Backward = true, Layout = TensorLayout.ChannelsLast)] public static partial void PoolGrad(ReadOnlySpan<T> gradOutput, Span<T> gradInput, int height, int width, int channels);"));

    [Fact]
    public void AdaptiveAvgPool2d_backward_constant_extents() => Snapshot.Match(Generate(
        "[AdaptiveAvgPool(7, 7, Backward = true, InputSize = new[] { 14, 14 })] public static partial void PoolGrad(ReadOnlySpan<T> gradOutput, Span<T> gradInput);"));

    [Fact]
    public void Upsample_bilinear_backward() => Snapshot.Match(Generate(
        "[Upsample(UpsampleMode.Bilinear, 2, Backward = true)] public static partial void ResizeGrad(ReadOnlySpan<T> gradOutput, Span<T> gradInput, int height, int width);"));

    [Fact]
    public void Upsample_bicubic_backward_align_corners() => Snapshot.Match(Generate(
        "[Upsample(UpsampleMode.Bicubic, Size = new[] { 9, 11 }, AlignCorners = true, Backward = true)] public static partial void ResizeGrad(ReadOnlySpan<T> gradOutput, Span<T> gradInput, int height, int width);"));

    [Fact]
    public void Upsample_antialias_bicubic_backward() => Snapshot.Match(Generate(
        "[Upsample(UpsampleMode.Bicubic, Size = new[] { 224, 224 }, Antialias = true, Backward = true)] public static partial void ResizeGrad(ReadOnlySpan<T> gradOutput, Span<T> gradInput, int height, int width);"));

    [Fact]
    public void MaxUnpool2d_backward() => Snapshot.Match(Generate(
        "[MaxUnpool(2, Backward = true)] public static partial void UnpoolGrad(ReadOnlySpan<T> gradOutput, ReadOnlySpan<int> indices, Span<T> gradInput, int height, int width);"));

    [Fact]
    public void PixelShuffle_backward() => Snapshot.Match(Generate(
        "[PixelShuffle(2, Backward = true)] public static partial void ShuffleGrad(ReadOnlySpan<T> gradOutput, Span<T> gradInput, int channels, int height, int width);"));

    [Fact]
    public void AvgPool2d_onnx_pads_dilated() => Snapshot.Match(Generate(
        "[AvgPool(3, 1, Pads = new[] { 0, 1, 2, 2 }, Dilation = 2, CountIncludePad = false)] public static partial void Pool(ReadOnlySpan<T> input, Span<T> output, int height, int width);"));

    [Fact]
    public void LpPool2d_onnx_same_upper_constant_extents() => Snapshot.Match(Generate(
        "[LpPool(2, 3, 2, Absolute = true, AutoPad = AutoPad.SameUpper, InputSize = new[] { 7, 8 })] public static partial void Pool(ReadOnlySpan<T> input, Span<T> output);"));

    [Fact]
    public void MaxPool1d_onnx_same_upper_stride_run_time_extents() => Snapshot.Match(Generate(
        "[MaxPool(3, 2, AutoPad = AutoPad.SameUpper)] public static partial void Pool(ReadOnlySpan<T> input, Span<T> output, int width);"));

    [Fact]
    public void Resize_onnx_nearest_half_pixel() => Snapshot.Match(Generate(
        "[Upsample(UpsampleMode.Nearest, 2, CoordinateTransformation = CoordinateTransformation.HalfPixel, NearestMode = NearestMode.RoundPreferFloor)] public static partial void Resize(ReadOnlySpan<T> input, Span<T> output, int height, int width);"));

    [Fact]
    public void DepthToSpace_dcr() => Snapshot.Match(Generate(
        "[DepthToSpace(3)] public static partial void ToSpace(ReadOnlySpan<T> input, Span<T> output, int channels, int height, int width);"));

    [Fact]
    public void RoiAlign_onnx_rois_parallel() => Snapshot.Match(Generate(
        "[RoiAlign(7, 7, SpatialScale = 0.0625, SamplingRatio = 2, Aligned = true, Parallel = true)] public static partial void Align(ReadOnlySpan<T> input, ReadOnlySpan<T> rois, ReadOnlySpan<long> batchIndices, Span<T> output, int channels, int height, int width);"));

    [Fact]
    public void RoiAlign_channels_last() => Snapshot.Match(Generate(
        "[RoiAlign(7, 7, SpatialScale = 0.0625, SamplingRatio = 2, Aligned = true, Layout = TensorLayout.ChannelsLast)] public static partial void Align(ReadOnlySpan<T> input, ReadOnlySpan<T> boxes, Span<T> output, int height, int width, int channels);"));

    [Fact]
    public void RoiPool_channels_last() => Snapshot.Match(Generate(
        "[RoiPool(7, 7, SpatialScale = 0.0625, Layout = TensorLayout.ChannelsLast)] public static partial void Pool(ReadOnlySpan<T> input, ReadOnlySpan<T> boxes, Span<T> output, int height, int width, int channels);"));

    [Fact]
    public void GridSample_bilinear_channels_last() => Snapshot.Match(Generate(
        "[GridSample(GridSampleMode.Bilinear, Layout = TensorLayout.ChannelsLast, Parallel = true)] public static partial void Warp(ReadOnlySpan<T> input, ReadOnlySpan<T> grid, Span<T> output, int height, int width, int channels);"));

    [Fact]
    public void GridSample_channels_last_volume_tensor_spans() => Snapshot.Match(Generate(
        "[GridSample(GridSampleMode.Bilinear, Layout = TensorLayout.ChannelsLast, InputSize = new[] { 4, 8, 8, 16 })] public static partial void Warp(System.Numerics.Tensors.ReadOnlyTensorSpan<T> input, System.Numerics.Tensors.ReadOnlyTensorSpan<T> grid, System.Numerics.Tensors.TensorSpan<T> output);"));

    [Fact]
    public void GridSample_tensor_spans() => Snapshot.Match(Generate(
        "[GridSample(GridSampleMode.Nearest)] public static partial void Warp(System.Numerics.Tensors.ReadOnlyTensorSpan<T> input, System.Numerics.Tensors.ReadOnlyTensorSpan<T> grid, System.Numerics.Tensors.TensorSpan<T> output);"));

    [Fact]
    public void GridSample_bicubic_reflection() => Snapshot.Match(Generate(
        "[GridSample(GridSampleMode.Bicubic, PaddingMode = GridPadding.Reflection, AlignCorners = true)] public static partial void Warp(ReadOnlySpan<T> input, ReadOnlySpan<T> grid, Span<T> output, int channels, int height, int width);"));

    [Fact]
    public void MaxPool2d_k2s2() => Snapshot.Match(Generate(
        "[MaxPool(2, 2)] public static partial void Pool(ReadOnlySpan<T> input, Span<T> output, int height, int width);"));

    [Fact]
    public void MaxPool2d_k2s2_parallel() => Snapshot.Match(Generate(
        "[MaxPool(2, 2, Parallel = true)] public static partial void Pool(ReadOnlySpan<T> input, Span<T> output, Span<long> indices, int height, int width);"));

    [Fact]
    public void MaxPool2d_tensor_spans_with_indices() => Snapshot.Match(Generate(
        "[MaxPool(3, 2, Padding = 1)] public static partial void Pool(System.Numerics.Tensors.ReadOnlyTensorSpan<T> input, System.Numerics.Tensors.TensorSpan<T> output, System.Numerics.Tensors.TensorSpan<long> indices);"));

    [Fact]
    public void MaxPool2d_k3s2p1_constant_extents() => Snapshot.Match(Generate(
        "[MaxPool(3, 2, Padding = 1, InputSize = new[] { 112, 112 })] public static partial void Stem(ReadOnlySpan<T> input, Span<T> output);"));

    [Fact]
    public void MaxPool2d_with_long_indices() => Snapshot.Match(Generate(
        "[MaxPool(2, 2)] public static partial void PoolWithIndices(ReadOnlySpan<T> input, Span<T> output, Span<long> indices, int height, int width);"));

    [Fact]
    public void MaxPool1d_dilated_ceil_with_int_indices_double() => Snapshot.Match(Generate(
        "[MaxPool(3, 2, Padding = 1, Dilation = 2, CeilMode = true)] internal static partial void Dilated(ReadOnlySpan<T> input, Span<T> output, Span<int> indices, int width);", "double"));

    [Fact]
    public void MaxPool3d_per_axis_half() => Snapshot.Match(Generate(
        "[MaxPool(new[] { 1, 2, 2 }, new[] { 1, 2, 1 }, PaddingPerAxis = new[] { 0, 1, 0 })] public static partial void Volume(ReadOnlySpan<T> input, Span<T> output, int depth, int height, int width);", "Half"));

    [Fact]
    public void AvgPool3d_ceil_exclude_pad_double() => Snapshot.Match(Generate(
        "[AvgPool(3, 2, Padding = 1, CountIncludePad = false, CeilMode = true)] public static partial void Smooth(ReadOnlySpan<T> input, Span<T> output, int depth, int height, int width);", "double"));

    [Fact]
    public void AvgPool2d_divisor_override() => Snapshot.Match(Generate(
        "[AvgPool(2, 2, DivisorOverride = 3)] public static partial void Divided(ReadOnlySpan<T> input, Span<T> output, int height, int width);"));

    [Fact]
    public void MinPool1d_byte() => Snapshot.Match(Generate(
        "[MinPool(2)] public static partial void Erode(ReadOnlySpan<T> input, Span<T> output, int width);", "byte"));

    [Fact]
    public void MaxPool2d_window_beyond_unroll_budget() => Snapshot.Match(Generate(
        "[MaxPool(9, 1)] public static partial void Wide(ReadOnlySpan<T> input, Span<T> output, int height, int width);"));

    [Fact]
    public void AdaptiveMaxPool2d_with_indices() => Snapshot.Match(Generate(
        "[AdaptiveMaxPool(32, 32)] public static partial void Fit(ReadOnlySpan<T> input, Span<T> output, Span<long> indices, int height, int width);"));

    [Fact]
    public void AdaptiveAvgPool3d_keep_axis_constant_extents() => Snapshot.Match(Generate(
        "[AdaptiveAvgPool(OutputAxis.Keep, 2, 3, InputSize = new[] { 4, 7, 9 })] public static partial void Bins(ReadOnlySpan<T> input, Span<T> output);", "double"));

    [Fact]
    public void GlobalAvgPool2d() => Snapshot.Match(Generate(
        "[GlobalAvgPool] public static partial void Gap(ReadOnlySpan<T> input, Span<T> output, int height, int width);"));

    [Fact]
    public void GlobalLpPool2d_channels_last() => Snapshot.Match(Generate(
        "[GlobalLpPool(Layout = TensorLayout.ChannelsLast)] public static partial void Norms(ReadOnlySpan<T> input, Span<T> output, int height, int width, int channels);"));

    [Fact]
    public void LpPool2d_p2() => Snapshot.Match(Generate(
        "[LpPool(2, 3, 2)] public static partial void L2(ReadOnlySpan<T> input, Span<T> output, int height, int width);"));

    [Fact]
    public void MaxUnpool2d() => Snapshot.Match(Generate(
        "[MaxUnpool(2, 2)] public static partial void Unpool(ReadOnlySpan<T> input, ReadOnlySpan<long> indices, Span<T> output, int height, int width);"));

    [Fact]
    public void PixelShuffle_by_2() => Snapshot.Match(Generate(
        "[PixelShuffle(2)] public static partial void Shuffle(ReadOnlySpan<T> input, Span<T> output, int channels, int height, int width);"));

    [Fact]
    public void Upsample_bilinear_x2_align_corners() => Snapshot.Match(Generate(
        "[Upsample(UpsampleMode.Bilinear, 2, AlignCorners = true)] public static partial void Smooth(ReadOnlySpan<T> input, Span<T> output, int height, int width);"));

    [Fact]
    public void Upsample_nearest_x2_byte() => Snapshot.Match(Generate(
        "[Upsample(UpsampleMode.Nearest, 2)] public static partial void Up(ReadOnlySpan<T> input, Span<T> output, int height, int width);", "byte"));

    [Fact]
    public void Upsample_bilinear_antialias_byte_Pillow() => Snapshot.Match(Generate(
        "[Upsample(UpsampleMode.Bilinear, Size = new[] { 224, 224 }, Antialias = true)] public static partial void Thumbnail(ReadOnlySpan<T> image, Span<T> output, int height, int width);", "byte"));

    [Fact]
    public void Upsample_fused_preprocessing() => Snapshot.Match(Generate(
        "[Upsample(UpsampleMode.Bilinear, Size = new[] { 224, 224 }, Antialias = true, Layout = TensorLayout.ChannelsLast, Channels = 3, "
        + "Mean = new[] { 0.485, 0.456, 0.406 }, Std = new[] { 0.229, 0.224, 0.225 }, Parallel = true)] "
        + "public static partial void Preprocess(ReadOnlySpan<byte> image, Span<float> input, int height, int width);"));

    [Fact]
    public void Upsample_area_size() => Snapshot.Match(Generate(
        "[Upsample(UpsampleMode.Area, Size = new[] { 7, 7 })] public static partial void Area(ReadOnlySpan<T> input, Span<T> output, int height, int width);"));

    [Fact]
    public void MaxPool2d_channels_last() => Snapshot.Match(Generate(
        "[MaxPool(2, 2, Layout = TensorLayout.ChannelsLast)] public static partial void PoolNhwc(ReadOnlySpan<T> input, Span<T> output, int height, int width, int channels);"));

    [Fact]
    public void AdaptiveAvgPool2d_channels_last() => Snapshot.Match(Generate(
        "[AdaptiveAvgPool(7, 7, Layout = TensorLayout.ChannelsLast)] public static partial void Head(ReadOnlySpan<T> input, Span<T> output, int height, int width, int channels);"));

    [Fact]
    public void Upsample_bicubic_x2_channels_last() => Snapshot.Match(Generate(
        "[Upsample(UpsampleMode.Bicubic, 2, Layout = TensorLayout.ChannelsLast)] public static partial void Up(ReadOnlySpan<T> input, Span<T> output, int height, int width, int channels);"));

    [Fact]
    public void MaxUnpool2d_channels_last_parallel() => Snapshot.Match(Generate(
        "[MaxUnpool(2, 2, Layout = TensorLayout.ChannelsLast, Parallel = true)] public static partial void Unpool(ReadOnlySpan<T> input, ReadOnlySpan<long> indices, Span<T> output, int height, int width, int channels);"));

    // Parallel NCHW adaptive pooling: units are output rows, so one large plane splits; whole planes still go through
    // the plane tiles, and the rows of a plane a chunk cuts one plane at a time.
    [Fact]
    public void AdaptiveAvgPool2d_parallel() => Snapshot.Match(Generate(
        "[AdaptiveAvgPool(7, 7, Parallel = true)] public static partial void Head(ReadOnlySpan<T> input, Span<T> output, int height, int width);"));

    [Fact]
    public void PixelUnshuffle_by_2_channels_last() => Snapshot.Match(Generate(
        "[PixelUnshuffle(2, Layout = TensorLayout.ChannelsLast)] public static partial void Fold(ReadOnlySpan<T> input, Span<T> output, int channels, int height, int width);"));

    [Fact]
    public void Invalid_configuration_gets_a_throwing_body() => Snapshot.Match(GenerateInvalid(
        "[MaxPool(2, 0)] public static partial void Broken(ReadOnlySpan<float> input, Span<float> output, int width);"));

    // The analyzer reports the error; the generator still gives the method a body so no second error appears.
    private static string GenerateInvalid(string declaration)
    {
        string source = $$"""
            using System;
            using Pooling;
            namespace Demo;
            public static partial class Net
            {
                {{declaration}}
            }
            """;
        var (output, _, run) = GeneratorHarness.Generate(GeneratorHarness.Compilation(source));
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        return Assert.Single(run.Results.Single().GeneratedSources).SourceText.ToString();
    }

    [Fact]
    public void Overloads_and_nested_generic_types_get_distinct_hint_names()
    {
        string source = """
            using System;
            using Pooling;
            namespace Demo;
            public partial class Outer<TItem>
            {
                public partial struct Inner
                {
                    [MaxPool(2)] public static partial void Pool(ReadOnlySpan<float> input, Span<float> output, int width);
                    [MaxPool(2)] public static partial void Pool(ReadOnlySpan<double> input, Span<double> output, int width);
                    [MaxPool(2)] public partial void Pool(ReadOnlySpan<float> input, Span<float> output, int height, int width);
                }
            }
            """;
        var (output, diagnostics, run) = GeneratorHarness.Generate(GeneratorHarness.Compilation(source));
        Assert.Empty(diagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
        var hints = run.Results.Single().GeneratedSources.Select(s => s.HintName).ToList();
        Assert.Equal(3, hints.Distinct().Count());
    }
}
