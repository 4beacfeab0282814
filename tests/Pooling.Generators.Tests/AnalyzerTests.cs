using Microsoft.CodeAnalysis;
using Pooling.Generators.Diagnostics;
using Pooling.Generators.Tests.Infrastructure;

namespace Pooling.Generators.Tests;

/// <summary>The analyzer reports invalid configurations on the argument at fault, with PyTorch's wording, and nothing on
/// valid declarations.</summary>
public class AnalyzerTests
{
    private static async Task<Diagnostic> SingleDiagnosticAsync(string declaration)
    {
        string source = $$"""
            using System;
            using Pooling;
            public static partial class Net
            {
                {{declaration}}
            }
            """;
        var diagnostics = await GeneratorHarness.AnalyzeAsync(source);
        return Assert.Single(diagnostics);
    }

    private static string SpanText(Diagnostic diagnostic) =>
        diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan);

    [Theory]
    [InlineData("[MaxPool(3, 2, Padding = 2)]", "POOL0005", "Padding = 2", "pad should be at most half of kernel size, but got pad=2 and kernel_size=3")]
    [InlineData("[MaxPool(2, 0)]", "POOL0002", "0", "stride should not be zero")]
    [InlineData("[MaxPool(2, -1)]", "POOL0002", "-1", "stride should be greater than zero, but got dH: -1 dW: -1")]
    [InlineData("[MaxPool(0)]", "POOL0001", "0", "stride should not be zero (the stride defaults to the kernel size, 0)")]
    [InlineData("[MaxPool(0, 1)]", "POOL0001", "0", "kernel size should be greater than zero, but got kH: 0 kW: 0")]
    [InlineData("[MaxPool(2, Padding = -1)]", "POOL0004", "Padding = -1", "pad must be non-negative, but got pad: -1")]
    [InlineData("[MaxPool(2, Dilation = 0)]", "POOL0003", "Dilation = 0", "dilation should be greater than zero, but got dilationH: 0 dilationW: 0")]
    [InlineData("[MaxPool(new[] { 2, 3, 4 })]", "POOL0009", "new[] { 2, 3, 4 }", "kernel_size must either be a single int, or a tuple of 2 ints (one per spatial axis), but got 3")]
    [InlineData("[MaxPool(new[] { 2, 0 }, new[] { 1, 1 })]", "POOL0001", "0", "kernel size should be greater than zero, but got kH: 2 kW: 0")]
    [InlineData("[AvgPool(2, DivisorOverride = 0)]", "POOL0008", "DivisorOverride = 0", "divisor must be not zero")]
    [InlineData("[MaxPool(3, 2, PaddingPerAxis = new[] { 1, 2 })]", "POOL0005", "2", "pad should be at most half of kernel size, but got pad=2 and kernel_size=3")]
    public async Task Geometry_errors_sit_on_the_argument_at_fault(string attribute, string id, string span, string message)
    {
        var diagnostic = await SingleDiagnosticAsync(attribute + " public static partial void P(ReadOnlySpan<float> x, Span<float> y, int h, int w);");
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(span, SpanText(diagnostic));
        Assert.Equal(message, diagnostic.GetMessage());
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
    }

    [Theory]
    [InlineData("[MaxPool(3, 1, Pads = new[] { 1, 1 })]", "Pads = new[] { 1, 1 }", "Pads needs 4 values for 2 spatial axes (every axis's begin, then every axis's end), but got 2")]
    [InlineData("[MaxPool(3, 1, Pads = new[] { 1, 1, 1, 1 }, Padding = 1)]", "Pads = new[] { 1, 1, 1, 1 }", "Pads and Padding both set the padding: keep one (Pads is ONNX's begin/end form)")]
    [InlineData("[AvgPool(3, 1, AutoPad = AutoPad.SameUpper, Pads = new[] { 1, 1, 1, 1 })]", "AutoPad = AutoPad.SameUpper", "AutoPad computes the padding, so Pads cannot be set with it (as in ONNX): keep one")]
    [InlineData("[MaxPool(3, 1, Pads = new[] { 0, 3, 0, 0 })]", "Pads = new[] { 0, 3, 0, 0 }", "pads should be smaller than the dilated kernel (3), but got pad=3 and kernel_size=3")]
    [InlineData("[AvgPool(5, 5, AutoPad = AutoPad.SameLower)]", "AutoPad = AutoPad.SameLower", "AutoPad SameLower with strides 5×5 and run-time extents would need a kernel for each of 25 combinations of the extents modulo the strides (at most 16): set InputSize")]
    [InlineData("[MaxPool(3, 1, AutoPad = AutoPad.SameUpper, CeilMode = true)]", "CeilMode = true", "CeilMode has no effect with AutoPad SameUpper or SameLower, whose output is ceil(I / stride) (as in ONNX): remove it")]
    public async Task ONNX_padding_errors_are_POOL0017_on_the_argument_at_fault(string attribute, string span, string message)
        => await OnnxErrorAsync(attribute, "POOL0017", span, message);

    [Theory]
    [InlineData("[MaxPool(2, TensorIndices = true)]", "TensorIndices = true", "TensorIndices describes the indices: add a Span<long> indices parameter after the output")]
    [InlineData("[MaxPool(2, StorageOrder = IndexOrder.ColumnMajor)]", "StorageOrder = IndexOrder.ColumnMajor", "StorageOrder describes the indices: add a Span<long> indices parameter after the output")]
    public async Task ONNX_index_options_without_indices_are_POOL0031(string attribute, string span, string message)
        => await OnnxErrorAsync(attribute, "POOL0031", span, message);

    [Fact]
    public async Task Padding_to_an_output_size_needs_one_at_least_the_default()
    {
        var diagnostic = await SingleDiagnosticAsync("[MaxUnpool(2, PadToOutputSize = true)] public static partial void P(ReadOnlySpan<float> x, ReadOnlySpan<long> i, Span<float> y, int h, int w);");
        Assert.Equal("POOL0012", diagnostic.Id);
        Assert.Equal("PadToOutputSize pads the default output to OutputSize (ONNX's output_shape): set OutputSize", diagnostic.GetMessage());
        diagnostic = await SingleDiagnosticAsync("[MaxUnpool(2, OutputSize = new[] { 3, 9 }, PadToOutputSize = true, InputSize = new[] { 2, 2 })] public static partial void P(ReadOnlySpan<float> x, ReadOnlySpan<long> i, Span<float> y);");
        Assert.Equal("POOL0012", diagnostic.Id);
        Assert.Equal("output_shape \"(3, 9)\" pads the default output: dim 0 must be at least 4", diagnostic.GetMessage());
    }

    [Fact]
    public async Task Tensor_indices_need_long_indices()
    {
        var diagnostic = await SingleDiagnosticAsync("[MaxPool(2, TensorIndices = true)] public static partial void P(ReadOnlySpan<float> x, Span<float> y, Span<int> i, int h, int w);");
        Assert.Equal("POOL0031", diagnostic.Id);
        Assert.Equal("TensorIndices count over the whole tensor: the indices must be a Span<long>", diagnostic.GetMessage());
    }

    private static async Task OnnxErrorAsync(string attribute, string id, string span, string message)
    {
        var diagnostic = await SingleDiagnosticAsync(attribute + " public static partial void P(ReadOnlySpan<float> x, Span<float> y, int h, int w);");
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(span, SpanText(diagnostic));
        Assert.Equal(message, diagnostic.GetMessage());
        Assert.EndsWith($"/docs/diagnostics/{id}.md", diagnostic.Descriptor.HelpLinkUri);
    }

    [Theory]
    [InlineData("[RoiPool(7, 7)] public static partial void P(ReadOnlySpan<float> x, ReadOnlySpan<float> rois, ReadOnlySpan<long> i, Span<float> y, int c, int h, int w);", "POOL0023", "i", null)]
    [InlineData("[RoiAlign(0, 7)] public static partial void P(ReadOnlySpan<float> x, ReadOnlySpan<float> boxes, Span<float> y, int c, int h, int w);", "POOL0018", "0", "output_size must be positive, but got height 0")]
    [InlineData("[RoiAlign(7, 7, SpatialScale = 0)] public static partial void P(ReadOnlySpan<float> x, ReadOnlySpan<float> boxes, Span<float> y, int c, int h, int w);", "POOL0018", "SpatialScale = 0", "SpatialScale must be a finite positive number (1 / the feature map's stride)")]
    [InlineData("[RoiPool(7, 7, Layout = TensorLayout.ChannelsLast, Channels = 64)] public static partial void P(ReadOnlySpan<float> x, ReadOnlySpan<float> boxes, Span<float> y, int h, int w, int c);", "POOL0018", "Channels = 64", "RoiPool takes its channel count from the extents (height, width, channels) or InputSize, not from Channels")]
    [InlineData("[RoiAlign(7, 7, Layout = TensorLayout.ChannelsLast, Channels = 256)] public static partial void P(ReadOnlySpan<float> x, ReadOnlySpan<float> boxes, Span<float> y, int h, int w, int c);", "POOL0018", "Channels = 256", "RoiAlign takes its channel count from the extents (height, width, channels) or InputSize, not from Channels")]
    [InlineData("[RoiAlign(7, 7)] public static partial void P(ReadOnlySpan<float> x, ReadOnlySpan<float> boxes, Span<float> y, int h, int w);", "POOL0025", "P", "[RoiAlign] needs the input's (channels, height, width): 3 int parameters or 3 InputSize entries, but got 2")]
    [InlineData("[RoiAlign(7, 7)] public static partial void P(ReadOnlySpan<Half> x, ReadOnlySpan<Half> boxes, Span<Half> y, int c, int h, int w);", "POOL0024", "x", "[RoiAlign] does not support element type 'System.Half'; supported: float, double")]
    [InlineData("[RoiAlign(7, 7)] public static partial void P(ReadOnlySpan<float> x, ReadOnlySpan<short> i, Span<float> y, int c, int h, int w);", "POOL0023", "i", null)]
    [InlineData("[GridSample((GridSampleMode)7)] public static partial void P(ReadOnlySpan<float> x, ReadOnlySpan<float> g, Span<float> y, int c, int h, int w);", "POOL0016", "(GridSampleMode)7", "mode = 7 is not a defined GridSampleMode value; use one of: Bilinear, Nearest, Bicubic")]
    [InlineData("[GridSample(GridSampleMode.Bicubic, Layout = TensorLayout.ChannelsLast)] public static partial void P(ReadOnlySpan<float> x, ReadOnlySpan<float> g, Span<float> y, int d, int h, int w, int c);", "POOL0019", "GridSampleMode.Bicubic", "grid_sampler(): bicubic interpolation only supports 4D input (images, not volumes)")]
    [InlineData("[GridSample(Layout = TensorLayout.ChannelsLast, Channels = 3)] public static partial void P(ReadOnlySpan<float> x, ReadOnlySpan<float> g, Span<float> y, int h, int w, int c);", "POOL0019", "Channels = 3", "GridSample takes its channel count from the extents (height, width, channels) or InputSize, not from Channels")]
    [InlineData("[GridSample] public static partial void P(ReadOnlySpan<float> x, ReadOnlySpan<float> g, Span<float> y, int n, int d, int c, int h, int w);", "POOL0025", "P", null)]
    [InlineData("[GridSample(GridSampleMode.Bicubic)] public static partial void P(ReadOnlySpan<float> x, ReadOnlySpan<float> g, Span<float> y, int c, int d, int h, int w);", "POOL0019", "GridSampleMode.Bicubic", "grid_sampler(): bicubic interpolation only supports 4D input (images, not volumes)")]
    public async Task RoiAlign_and_GridSample_errors_sit_on_the_argument_at_fault(string declaration, string id, string span, string? message)
    {
        var diagnostic = await SingleDiagnosticAsync(declaration);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(span, SpanText(diagnostic));
        if (message is not null) Assert.Equal(message, diagnostic.GetMessage());
    }

    [Theory]
    [InlineData("[RoiAlign(7, 7, Backward = true)] public static partial void P(ReadOnlySpan<float> g, Span<float> gi, int c, int h, int w);", "POOL0032", "Backward = true", "Backward = true on [RoiAlign]: RoIAlign, RoIPool and GridSample have no backward kernel yet")]
    [InlineData("[LpPool(2, 2, Backward = true)] public static partial void P(ReadOnlySpan<float> g, Span<float> gi, int h, int w);", "POOL0023", "gi", null)]
    [InlineData("[GlobalLpPool(Backward = true)] public static partial void P(ReadOnlySpan<float> g, Span<float> gi, int h, int w);", "POOL0032", "Backward = true", "Backward = true on [GlobalLpPool]: GlobalLpPool has no backward kernel yet")]
    [InlineData("[LpPool(2, 2, Absolute = true, Backward = true)] public static partial void P(ReadOnlySpan<float> x, ReadOnlySpan<float> g, Span<float> gi, int h, int w);", "POOL0032", "Backward = true", "Backward = true on [LpPool]: ONNX's p-norm LpPool (Absolute = true) has no backward kernel yet")]
    [InlineData("[MaxPool(2, Backward = true)] public static partial void P(ReadOnlySpan<Half> g, ReadOnlySpan<long> i, Span<Half> gi, int h, int w);", "POOL0032", "g", "Backward = true on [MaxPool]: gradients are float or double, not 'System.Half' (PyTorch 1.13 defines no CPU gradient for Half or integer pooling and interpolation)")]
    [InlineData("[AvgPool(2, Backward = true)] public static partial void P(ReadOnlySpan<float> g, ReadOnlySpan<long> i, Span<float> gi, int h, int w);", "POOL0023", "i", null)]
    [InlineData("[MaxPool(2, Backward = true)] public static partial void P(ReadOnlySpan<float> g, ReadOnlySpan<short> i, Span<float> gi, int h, int w);", "POOL0023", "i", null)]
    [InlineData("[MaxPool(2, Backward = true)] public static partial void P(ReadOnlySpan<float> g, ReadOnlySpan<long> i, Span<double> gi, int h, int w);", "POOL0023", "gi", null)]
    [InlineData("[MaxPool(2, Backward = true, TensorIndices = true)] public static partial void P(ReadOnlySpan<float> g, ReadOnlySpan<long> i, Span<float> gi, int h, int w);", "POOL0032", "Backward = true", "Backward = true on [MaxPool]: TensorIndices are ONNX's output; the backward kernel reads PyTorch's plane-relative indices")]
    [InlineData("[Upsample(UpsampleMode.Bilinear, 0.5, Antialias = true, Backward = true)] public static partial void P(ReadOnlySpan<byte> g, Span<byte> gi, int h, int w);", "POOL0032", "g", null)]
    [InlineData("[Upsample(UpsampleMode.Bilinear, 2, CoordinateTransformation = CoordinateTransformation.HalfPixel, Backward = true)] public static partial void P(ReadOnlySpan<float> g, Span<float> gi, int h, int w);", "POOL0032", "Backward = true", "Backward = true on [Upsample]: ONNX Resize's options have no backward kernel yet")]
    [InlineData("[MaxPool(new[] { 2, 3, 4 }, Backward = true)] public static partial void P(ReadOnlySpan<float> g, Span<float> gi, int h, int w);", "POOL0009", "new[] { 2, 3, 4 }", null)]
    public async Task Backward_declarations_report_what_has_no_kernel_on_the_argument_at_fault(string declaration, string id, string span, string? message)
    {
        var diagnostic = await SingleDiagnosticAsync(declaration);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(span, SpanText(diagnostic));
        if (message is not null) Assert.Equal(message, diagnostic.GetMessage());
    }

    [Fact]
    public async Task Valid_backward_declarations_have_no_diagnostics()
    {
        var diagnostics = await GeneratorHarness.AnalyzeAsync("""
            using System;
            using Pooling;
            public static partial class Net
            {
                [MaxPool(3, 2, Padding = 1, Backward = true)] public static partial void A(ReadOnlySpan<float> g, ReadOnlySpan<long> i, Span<float> gi, int h, int w);
                [MinPool(3, 2, Backward = true)] public static partial void B(ReadOnlySpan<double> x, ReadOnlySpan<double> g, Span<double> gi, int d, int h, int w);
                [AvgPool(2, Backward = true, Layout = TensorLayout.ChannelsLast, Parallel = true)] public static partial void C(ReadOnlySpan<float> g, Span<float> gi, int h, int w, int c);
                [AdaptiveMaxPool(7, 7, Backward = true)] public static partial void D(ReadOnlySpan<float> g, ReadOnlySpan<int> i, Span<float> gi, int h, int w);
                [GlobalAvgPool(Backward = true, InputSize = new[] { 7, 7 })] public static partial void E(ReadOnlySpan<float> g, Span<float> gi);
                [Upsample(UpsampleMode.Bicubic, 2, AlignCorners = true, Backward = true)] public static partial void F(ReadOnlySpan<float> g, Span<float> gi, int h, int w);
                [Upsample(UpsampleMode.Bilinear, Size = new[] { 224, 224 }, Antialias = true, Backward = true)] public static partial void F2(ReadOnlySpan<float> g, Span<float> gi, int h, int w);
                [LpPool(2, 2, Backward = true)] public static partial void F3(ReadOnlySpan<float> x, ReadOnlySpan<float> g, Span<float> gi, int h, int w);
                [MaxUnpool(2, Backward = true)] public static partial void G(ReadOnlySpan<float> g, ReadOnlySpan<long> i, Span<float> gi, int h, int w);
                [PixelShuffle(2, Backward = true)] public static partial void H(ReadOnlySpan<Half> g, Span<Half> gi, int c, int h, int w);
            }
            """);
        Assert.Empty(diagnostics);
    }

    [Theory]
    [InlineData("[Upsample(UpsampleMode.Area, 2, CoordinateTransformation = CoordinateTransformation.HalfPixel)]", "CoordinateTransformation = CoordinateTransformation.HalfPixel", "CoordinateTransformation is an option of ONNX's Resize modes: nearest, linear, bilinear, trilinear, bicubic")]
    [InlineData("[Upsample(UpsampleMode.Bilinear, 2, NearestMode = NearestMode.Ceil)]", "NearestMode = NearestMode.Ceil", "NearestMode applies to the nearest mode only")]
    [InlineData("[Upsample(UpsampleMode.Bilinear, 2, ExcludeOutside = true)]", "ExcludeOutside = true", "ExcludeOutside applies to the bicubic mode only")]
    [InlineData("[Upsample(UpsampleMode.Bilinear, 2, AlignCorners = true, CoordinateTransformation = CoordinateTransformation.Asymmetric)]", "AlignCorners = true", "with ONNX's options, align corners is CoordinateTransformation = CoordinateTransformation.AlignCorners")]
    [InlineData("[Upsample(UpsampleMode.Bicubic, 2, CubicCoeffA = 0.5)]", "CubicCoeffA = 0.5", "CubicCoeffA must be a finite negative number (Keys' kernel; −0.75 and −0.5 are the usual ones)")]
    public async Task ONNX_resize_options_outside_their_modes_are_POOL0014(string attribute, string span, string message)
    {
        var diagnostic = await SingleDiagnosticAsync(attribute + " public static partial void P(ReadOnlySpan<float> x, Span<float> y, int h, int w);");
        Assert.Equal("POOL0014", diagnostic.Id);
        Assert.Equal(span, SpanText(diagnostic));
        Assert.Equal(message, diagnostic.GetMessage());
    }

    [Theory]
    [InlineData("[Upsample(UpsampleMode.Nearest, 2, CoordinateTransformation = CoordinateTransformation.HalfPixel, NearestMode = NearestMode.RoundPreferFloor)] public static partial void P(ReadOnlySpan<byte> x, Span<byte> y, int h, int w);")]
    [InlineData("[Upsample(UpsampleMode.Bicubic, 0.8, CoordinateTransformation = CoordinateTransformation.AlignCorners, CubicCoeffA = -0.5, ExcludeOutside = true)] public static partial void P(ReadOnlySpan<float> x, Span<float> y, int h, int w);")]
    [InlineData("[MaxPool(3, 1, Pads = new[] { 0, 2, 2, 0 }, Dilation = 2)] public static partial void P(ReadOnlySpan<float> x, Span<float> y, int h, int w);")]
    [InlineData("[AvgPool(3, 2, AutoPad = AutoPad.SameUpper, InputSize = new[] { 7, 8 })] public static partial void P(ReadOnlySpan<float> x, Span<float> y);")]
    [InlineData("[AvgPool(2, 1, AutoPad = AutoPad.SameLower, Dilation = 3, CountIncludePad = false)] public static partial void P(ReadOnlySpan<float> x, Span<float> y, int h, int w);")]
    [InlineData("[MaxPool(3, 2, AutoPad = AutoPad.SameUpper, Layout = TensorLayout.ChannelsLast, Parallel = true)] public static partial void P(ReadOnlySpan<float> x, Span<float> y, int h, int w, int c);")]
    [InlineData("[Upsample(UpsampleMode.Area, 0.5, Layout = TensorLayout.ChannelsLast, Parallel = true)] public static partial void P(ReadOnlySpan<byte> x, Span<byte> y, int h, int w, int c);")]
    [InlineData("[LpPool(3, 2, 1, Absolute = true, AutoPad = AutoPad.Valid)] public static partial void P(ReadOnlySpan<double> x, Span<double> y, int w);")]
    [InlineData("[RoiAlign(7, 7, SpatialScale = 0.0625, SamplingRatio = 2, Aligned = true, Parallel = true)] public static partial void P(ReadOnlySpan<float> x, ReadOnlySpan<float> rois, ReadOnlySpan<long> batchIndices, Span<float> y, int c, int h, int w);")]
    [InlineData("[GridSample(GridSampleMode.Bicubic, PaddingMode = GridPadding.Reflection, AlignCorners = true, Parallel = true)] public static partial void P(ReadOnlySpan<double> x, ReadOnlySpan<double> grid, Span<double> y, int c, int h, int w);")]
    [InlineData("[Upsample(UpsampleMode.Bicubic, 0.5, Antialias = true, CoordinateTransformation = CoordinateTransformation.HalfPixel, ExcludeOutside = true)] public static partial void P(ReadOnlySpan<float> x, Span<float> y, int h, int w);")]
    [InlineData("[GridSample(GridSampleMode.Nearest, PaddingMode = GridPadding.Border)] public static partial void P(ReadOnlySpan<float> x, ReadOnlySpan<float> grid, Span<float> y, int c, int d, int h, int w);")]
    [InlineData("[RoiPool(7, 7, SpatialScale = 0.0625, Parallel = true)] public static partial void P(ReadOnlySpan<float> x, ReadOnlySpan<float> boxes, Span<float> y, int c, int h, int w);")]
    [InlineData("[RoiAlign(7, 7, Mode = RoiPoolMode.Max, InputSize = new[] { 256, 50, 68 })] public static partial void P(ReadOnlySpan<double> x, ReadOnlySpan<double> boxes, Span<double> y);")]
    public async Task Valid_ONNX_padding_has_no_diagnostic(string declaration)
    {
        string source = $$"""
            using System;
            using Pooling;
            public static partial class Net
            {
                {{declaration}}
            }
            """;
        Assert.Empty(await GeneratorHarness.AnalyzeAsync(source));
    }

    [Fact]
    public async Task Empty_output_for_a_constant_input_is_a_build_error_on_InputSize()
    {
        var diagnostic = await SingleDiagnosticAsync("[MaxPool(3, InputSize = new[] { 2, 5 })] public static partial void P(ReadOnlySpan<float> x, Span<float> y);");
        Assert.Equal("POOL0006", diagnostic.Id);
        Assert.Equal("InputSize = new[] { 2, 5 }", SpanText(diagnostic));
        Assert.Equal("Given input size: (2x5). Calculated output size: (0x1). Output size is too small", diagnostic.GetMessage());
    }

    [Fact]
    public async Task Missing_accessibility_is_reported_on_the_method_name()
    {
        var diagnostic = await SingleDiagnosticAsync("[MaxPool(2)] static partial void P(ReadOnlySpan<float> x, Span<float> y, int w);");
        Assert.Equal("POOL0021", diagnostic.Id);
        Assert.Equal("P", SpanText(diagnostic));
    }

    [Fact]
    public async Task Unsupported_element_type_is_reported_on_the_input_parameter()
    {
        var diagnostic = await SingleDiagnosticAsync("[AvgPool(2)] public static partial void P(ReadOnlySpan<int> x, Span<int> y, int w);");
        Assert.Equal("POOL0024", diagnostic.Id);
        Assert.Equal("x", SpanText(diagnostic));
    }

    [Fact]
    public async Task Valid_declarations_get_no_diagnostics()
    {
        string source = """
            using System;
            using Pooling;
            public static partial class Net
            {
                [MaxPool(2, 2)] public static partial void A(ReadOnlySpan<float> x, Span<float> y, int h, int w);
                [AvgPool(3, 2, Padding = 1, CountIncludePad = false, CeilMode = true)] public static partial void B(ReadOnlySpan<double> x, Span<double> y, int d, int h, int w);
                [MaxPool(3, 2, Padding = 1, InputSize = new[] { 112, 112 })] public static partial void C(ReadOnlySpan<float> x, Span<float> y);
                [MinPool(2)] public static partial void D(ReadOnlySpan<byte> x, Span<byte> y, int w);
                [MaxPool(2, 2)] public static partial void E(ReadOnlySpan<Half> x, Span<Half> y, Span<int> i, int h, int w);
            }
            """;
        Assert.Empty(await GeneratorHarness.AnalyzeAsync(source));
    }

    [Theory]
    [InlineData("[AvgPool(3, InputSize = new[] { 2, 5, 5 })] public static partial void P(ReadOnlySpan<float> x, Span<float> y);",
        "POOL0007", "InputSize = new[] { 2, 5, 5 }", "input image (T: 2 H: 5 W: 5) smaller than kernel size (kT: 3 kH: 3 kW: 3)")]
    [InlineData("[AvgPool(2, DivisorOverride = 2)] public static partial void P(ReadOnlySpan<float> x, Span<float> y, int w);",
        "POOL0008", "DivisorOverride = 2", "avg_pool1d has no divisor_override: DivisorOverride applies to 2-D and 3-D average pooling only")]
    [InlineData("[MaxPool(2, Padding = 1, PaddingPerAxis = new[] { 1, 1 })] public static partial void P(ReadOnlySpan<float> x, Span<float> y, int h, int w);",
        "POOL0009", "PaddingPerAxis = new[] { 1, 1 }", "Set either Padding or PaddingPerAxis, not both")]
    [InlineData("[MaxPool(2, DilationPerAxis = new[] { 1, 1, 1 })] public static partial void P(ReadOnlySpan<float> x, Span<float> y, int h, int w);",
        "POOL0009", "DilationPerAxis = new[] { 1, 1, 1 }", "DilationPerAxis must either be a single int, or a tuple of 2 ints (one per spatial axis), but got 3")]
    [InlineData("[MaxPool(2)] public static void P(ReadOnlySpan<float> x, Span<float> y, int w) { }",
        "POOL0020", "P", "Method 'P' carries [MaxPool] but is not partial: the generator can only implement a partial method")]
    [InlineData("[MaxPool(2)] public static partial void P(Span<float> x, ReadOnlySpan<float> y, int w);",
        "POOL0023", "x", "[MaxPool] expects (ReadOnlySpan<T> input, Span<T> output[, Span<int> or Span<long> indices], int extents…) with one int per spatial axis, outermost first, unless InputSize is set (or the same with ReadOnlyTensorSpan<T>/TensorSpan<T> buffers, which carry the extents)")]
    [InlineData("[MaxPool(2)] public static partial void P(ReadOnlySpan<float> x, Span<double> y, int w);",
        "POOL0023", "y", "[MaxPool] expects (ReadOnlySpan<T> input, Span<T> output[, Span<int> or Span<long> indices], int extents…) with one int per spatial axis, outermost first, unless InputSize is set (or the same with ReadOnlyTensorSpan<T>/TensorSpan<T> buffers, which carry the extents)")]
    [InlineData("[AvgPool(2)] public static partial void P(ReadOnlySpan<float> x, Span<float> y, Span<long> i, int w);",
        "POOL0023", "i", "[AvgPool] expects (ReadOnlySpan<T> input, Span<T> output, int extents…) with one int per spatial axis, outermost first, unless InputSize is set (or the same with ReadOnlyTensorSpan<T>/TensorSpan<T> buffers, which carry the extents)")]
    [InlineData("[MaxPool(2)] public static partial void P(ReadOnlySpan<float> x, Span<float> y, Span<short> i, int w);",
        "POOL0023", "i", "[MaxPool] expects (ReadOnlySpan<T> input, Span<T> output[, Span<int> or Span<long> indices], int extents…) with one int per spatial axis, outermost first, unless InputSize is set (or the same with ReadOnlyTensorSpan<T>/TensorSpan<T> buffers, which carry the extents)")]
    [InlineData("[MaxPool(2)] public static partial void P(ReadOnlySpan<float> x, Span<float> y, long w);",
        "POOL0023", "w", "[MaxPool] expects (ReadOnlySpan<T> input, Span<T> output[, Span<int> or Span<long> indices], int extents…) with one int per spatial axis, outermost first, unless InputSize is set (or the same with ReadOnlyTensorSpan<T>/TensorSpan<T> buffers, which carry the extents)")]
    [InlineData("[MaxPool(2)] public static partial void P(ReadOnlySpan<float> x);",
        "POOL0023", "P", "[MaxPool] expects (ReadOnlySpan<T> input, Span<T> output[, Span<int> or Span<long> indices], int extents…) with one int per spatial axis, outermost first, unless InputSize is set (or the same with ReadOnlyTensorSpan<T>/TensorSpan<T> buffers, which carry the extents)")]
    [InlineData("[MaxPool(2)] public static partial void P(ReadOnlySpan<decimal> x, Span<decimal> y, int w);",
        "POOL0024", "x", "[MaxPool] does not support element type 'decimal'; supported: float, double, Half, byte, sbyte, short, ushort, int, long")]
    [InlineData("[MaxPool(2)] public static partial void P(ReadOnlySpan<float> x, Span<float> y);",
        "POOL0025", "P", "[MaxPool] needs 1, 2 or 3 trailing int parameters (the spatial extents, outermost first) or InputSize, but 'P' has 0")]
    [InlineData("[MaxPool(2)] public static partial void P(ReadOnlySpan<float> x, Span<float> y, int a, int b, int c, int d);",
        "POOL0025", "P", "[MaxPool] needs 1, 2 or 3 trailing int parameters (the spatial extents, outermost first) or InputSize, but 'P' has 4")]
    [InlineData("[MaxPool(2, InputSize = new[] { 4, 4 })] public static partial void P(ReadOnlySpan<float> x, Span<float> y, int w);",
        "POOL0025", "InputSize = new[] { 4, 4 }", "InputSize fixes the spatial extents at compile time, so the method must not also take them as int parameters (w)")]
    [InlineData("[MaxPool(2, InputSize = new[] { 4, 0 })] public static partial void P(ReadOnlySpan<float> x, Span<float> y);",
        "POOL0025", "0", "InputSize entries must be positive, but entry 1 is 0")]
    [InlineData("[MaxPool(2, InputSize = new[] { 1, 2, 3, 4 })] public static partial void P(ReadOnlySpan<float> x, Span<float> y);",
        "POOL0025", "InputSize = new[] { 1, 2, 3, 4 }", "InputSize must have 1, 2 or 3 entries (one per spatial axis), but got 4")]
    [InlineData("[MaxPool(2)][AvgPool(2)] public static partial void P(ReadOnlySpan<float> x, Span<float> y, int w);",
        "POOL0026", "P", "Method 'P' carries more than one kernel attribute (MaxPoolAttribute, AvgPoolAttribute); keep one")]
    [InlineData("[MaxPool(2)] public static partial void P<T>(ReadOnlySpan<float> x, Span<float> y, int w);",
        "POOL0027", "P", "Kernel method 'P' must not have type parameters: a kernel is specialised to one element type")]
    [InlineData("[PixelShuffle(2, Layout = TensorLayout.ChannelsLast, Channels = 4)] public static partial void P(ReadOnlySpan<float> x, Span<float> y, int c, int h, int w);",
        "POOL0025", "Channels = 4", "Pixel shuffle takes its channel count as its first extent (channels, height, width), not Channels")]
    [InlineData("[MaxPool(2, Channels = 3)] public static partial void P(ReadOnlySpan<float> x, Span<float> y, int h, int w);",
        "POOL0025", "Channels = 3", "Channels applies only with Layout = ChannelsLast")]
    [InlineData("[MaxPool(2, Layout = TensorLayout.ChannelsLast, InputSize = new[] { 4, 4 })] public static partial void P(ReadOnlySpan<float> x, Span<float> y);",
        "POOL0025", "Layout = TensorLayout.ChannelsLast", "Layout = ChannelsLast needs the channel count: a last int parameter (…, int channels) or Channels = N")]
    [InlineData("[MaxPool(2, Parallel = true, MaxDegreeOfParallelism = -2)] public static partial void P(ReadOnlySpan<float> x, Span<float> y, int h, int w);",
        "POOL0030", "MaxDegreeOfParallelism = -2", "MaxDegreeOfParallelism = -2 on [MaxPool]: use a positive thread count, or 0 for the processor count")]
    [InlineData("[AvgPool(2, MaxDegreeOfParallelism = 4)] public static partial void P(ReadOnlySpan<float> x, Span<float> y, int h, int w);",
        "POOL0030", "MaxDegreeOfParallelism = 4", "MaxDegreeOfParallelism on [AvgPool] has no effect without Parallel = true; add it, or remove MaxDegreeOfParallelism")]
    [InlineData("[Upsample(UpsampleMode.Nearest, 2, AlignCorners = false)] public static partial void P(ReadOnlySpan<float> x, Span<float> y, int h, int w);",
        "POOL0014", "AlignCorners = false", "align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear")]
    [InlineData("[Upsample(UpsampleMode.Bilinear, 2, Size = new[] { 4, 4 })] public static partial void P(ReadOnlySpan<float> x, Span<float> y, int h, int w);",
        "POOL0014", "Size = new[] { 4, 4 }", "only one of size or scale_factor should be defined")]
    [InlineData("[Upsample(UpsampleMode.Bilinear)] public static partial void P(ReadOnlySpan<float> x, Span<float> y, int h, int w);",
        "POOL0014", "Upsample(UpsampleMode.Bilinear)", "either size or scale_factor should be defined")]
    [InlineData("[Upsample(UpsampleMode.Bilinear, Size = new[] { 4, 4 }, RecomputeScaleFactor = true)] public static partial void P(ReadOnlySpan<float> x, Span<float> y, int h, int w);",
        "POOL0014", "RecomputeScaleFactor = true", "recompute_scale_factor is not meaningful with an explicit size.")]
    [InlineData("[Upsample(UpsampleMode.Bilinear, 2)] public static partial void P(ReadOnlySpan<float> x, Span<float> y, int w);",
        "POOL0014", "UpsampleMode.Bilinear", "Got 3D input, but bilinear mode needs 4D input")]
    [InlineData("[Upsample(UpsampleMode.Nearest, 2, Antialias = true)] public static partial void P(ReadOnlySpan<float> x, Span<float> y, int h, int w);",
        "POOL0014", "Antialias = true", "Anti-alias option is restricted to bilinear and bicubic modes and requires a 4-D tensor as input")]
    [InlineData("[Upsample(UpsampleMode.Bilinear, 2, Antialias = true)] public static partial void P(ReadOnlySpan<float> x, Span<float> y, int w);",
        "POOL0014", "UpsampleMode.Bilinear", "Got 3D input, but bilinear mode needs 4D input")]
    [InlineData("[Upsample(UpsampleMode.Nearest, 0.1, InputSize = new[] { 5, 5 })] public static partial void P(ReadOnlySpan<float> x, Span<float> y);",
        "POOL0014", "InputSize = new[] { 5, 5 }", "Input and output sizes should be greater than 0, but got input (H: 5, W: 5) output (H: 0, W: 0)")]
    [InlineData("[Upsample(UpsampleMode.Nearest, 2, -1)] public static partial void P(ReadOnlySpan<float> x, Span<float> y, int h, int w);",
        "POOL0014", "-1", "scale_factor must be greater than 0, but got -1")]
    [InlineData("[Upsample(UpsampleMode.Bicubic, 2, Antialias = true, AlignCorners = true)] public static partial void P(ReadOnlySpan<byte> x, Span<byte> y, int h, int w);",
        "POOL0014", "AlignCorners = true", "byte (uint8) antialiased resize follows Pillow's resampler, which has no align_corners")]
    [InlineData("[Upsample(UpsampleMode.Bilinear, Size = new[] { 4, 4 }, Layout = TensorLayout.ChannelsLast, Mean = new[] { 0.5 })] public static partial void P(ReadOnlySpan<byte> x, Span<float> y, int h, int w, int c);",
        "POOL0014", "Upsample(UpsampleMode.Bilinear, Size = new[] { 4, 4 }, Layout = TensorLayout.ChannelsLast, Mean = new[] { 0.5 })", "fused preprocessing resizes with Pillow's resampler: set Antialias = true")]
    [InlineData("[Upsample(UpsampleMode.Bilinear, Size = new[] { 4, 4 }, Antialias = true, Mean = new[] { 0.5 })] public static partial void P(ReadOnlySpan<float> x, Span<float> y, int h, int w);",
        "POOL0014", "Mean = new[] { 0.5 }", "Mean is an option of fused preprocessing: a byte image in (ReadOnlySpan<byte>), a float or Half model input out (Span<float>, Span<Half>)")]
    [InlineData("[Upsample(UpsampleMode.Bilinear, Size = new[] { 4, 4 }, Antialias = true)] public static partial void P(ReadOnlySpan<byte> x, Span<float> y, int h, int w);",
        "POOL0014", "Upsample(UpsampleMode.Bilinear, Size = new[] { 4, 4 }, Antialias = true)", "fused preprocessing reads interleaved pixels (HWC or NHWC): set Layout = TensorLayout.ChannelsLast")]
    [InlineData("[Upsample(UpsampleMode.Bilinear, Size = new[] { 4, 4 }, Antialias = true, Layout = TensorLayout.ChannelsLast, Channels = 4, Mean = new[] { 0.5, 0.5 })] public static partial void P(ReadOnlySpan<byte> x, Span<float> y, int h, int w);",
        "POOL0014", "Mean = new[] { 0.5, 0.5 }", "Mean has 2 values for 4 channels: one per channel (or one fewer, to drop alpha)")]
    [InlineData("[Upsample(UpsampleMode.Bilinear, Size = new[] { 4, 4 }, Antialias = true, Layout = TensorLayout.ChannelsLast, Std = new[] { 0.2, 0.0, 0.1 })] public static partial void P(ReadOnlySpan<byte> x, Span<float> y, int h, int w, int c);",
        "POOL0014", "0.0", "std evaluated to zero after conversion to float, leading to division by zero (Std[1])")]
    [InlineData("[Upsample(UpsampleMode.Bilinear, Size = new[] { 4, 4 }, Antialias = true, Layout = TensorLayout.ChannelsLast, Mean = new[] { 0.1, 0.2 }, Std = new[] { 0.2, 0.3, 0.1 })] public static partial void P(ReadOnlySpan<byte> x, Span<float> y, int h, int w, int c);",
        "POOL0014", "Std = new[] { 0.2, 0.3, 0.1 }", "Mean has 2 values and Std 3: one of each per channel")]
    [InlineData("[Upsample(UpsampleMode.Nearest, 2)] public static partial void P(ReadOnlySpan<byte> x, Span<float> y, int h, int w);",
        "POOL0023", "y", "[Upsample] expects (ReadOnlySpan<T> input, Span<T> output, int extents…) with one int per spatial axis, outermost first, unless InputSize is set (or the same with ReadOnlyTensorSpan<T>/TensorSpan<T> buffers, which carry the extents)")]
    [InlineData("[Upsample(UpsampleMode.Lanczos, 0.5)] public static partial void P(ReadOnlySpan<float> x, Span<float> y, int h, int w);",
        "POOL0024", "x", "[Upsample] does not support element type 'float'; supported: byte")]
    [InlineData("[Upsample(UpsampleMode.Box, 0.5)] public static partial void P(ReadOnlySpan<byte> x, Span<byte> y, int w);",
        "POOL0014", "UpsampleMode.Box", "Got 3D input, but box mode needs 4D input")]
    [InlineData("[Upsample(UpsampleMode.Trilinear, 2)] public static partial void P(ReadOnlySpan<byte> x, Span<byte> y, int d, int h, int w);",
        "POOL0024", "x", "[Upsample] does not support element type 'byte'; supported: float, double, Half")]
    [InlineData("[AdaptiveAvgPool(3, -2)] public static partial void P(ReadOnlySpan<float> x, Span<float> y, int h, int w);",
        "POOL0010", "-2", "adaptive_avg_pool2d: elements of output_size must be greater than or equal to 1 (or OutputAxis.Keep), but received {3, -2}")]
    [InlineData("[AdaptiveMaxPool(0)] public static partial void P(ReadOnlySpan<float> x, Span<float> y, int w);",
        "POOL0010", "0", "adaptive_max_pool1d: elements of output_size must be greater than or equal to 1 (or OutputAxis.Keep), but received {0}")]
    [InlineData("[AdaptiveAvgPool(2, 2, 2)] public static partial void P(ReadOnlySpan<float> x, Span<float> y, int h, int w);",
        "POOL0009", "AdaptiveAvgPool(2, 2, 2)", "output_size must either be a single int, or a tuple of 2 ints (one per spatial axis), but got 3")]
    [InlineData("[AdaptiveAvgPool(2)] public static partial void P(ReadOnlySpan<byte> x, Span<byte> y, int w);",
        "POOL0024", "x", "[AdaptiveAvgPool] does not support element type 'byte'; supported: float, double, Half")]
    [InlineData("[LpPool(3, 2)] public static partial void P(ReadOnlySpan<float> x, Span<float> y, int w);",
        "POOL0011", "3", "norm_type 3: PyTorch sums x^p with its sign, so a window with a negative sum gives NaN (no |x| is taken)")]
    [InlineData("[LpPool(0, 2)] public static partial void P(ReadOnlySpan<float> x, Span<float> y, int w);",
        "POOL0011", "0", "norm_type 0 ≤ 0 is not a norm: x^0 = 1 gives inf, and negative powers blow up at 0")]
    [InlineData("[LpPool(double.PositiveInfinity, 2)] public static partial void P(ReadOnlySpan<float> x, Span<float> y, int w);",
        "POOL0011", "double.PositiveInfinity", "norm_type ∞: PyTorch computes x^inf then ^0, which is 1 (or NaN), not max pooling")]
    [InlineData("[LpPool(2, 2, CeilMode = true)] public static partial void P(ReadOnlySpan<float> x, Span<float> y, int w);",
        "POOL0011", "CeilMode = true", "ceil_mode: a partial last window is rescaled (its mean is multiplied by the whole kernel size), as PyTorch does")]
    [InlineData("[LpPool(2, 0)] public static partial void P(ReadOnlySpan<float> x, Span<float> y, int w);",
        "POOL0001", "0", "stride should not be zero (the stride defaults to the kernel size, 0)")]
    [InlineData("[MaxUnpool(2, 2, OutputSize = new[] { 5, 5 }, InputSize = new[] { 4, 4 })] public static partial void P(ReadOnlySpan<float> x, ReadOnlySpan<long> i, Span<float> y);",
        "POOL0012", "OutputSize = new[] { 5, 5 }", "invalid output_size \"(5, 5)\" (dim 0 must be between 6 and 10)")]
    [InlineData("[MaxUnpool(2, OutputSize = new[] { 5 })] public static partial void P(ReadOnlySpan<float> x, ReadOnlySpan<long> i, Span<float> y, int h, int w);",
        "POOL0012", "OutputSize = new[] { 5 }", "output_size should have 2 elements (one per spatial axis), but it has 1")]
    [InlineData("[MaxUnpool(2, Padding = 2)] public static partial void P(ReadOnlySpan<float> x, ReadOnlySpan<long> i, Span<float> y, int w);",
        "POOL0005", "Padding = 2", "pad should be at most half of kernel size, but got pad=2 and kernel_size=2")]
    [InlineData("[MaxUnpool(2)] public static partial void P(ReadOnlySpan<float> x, ReadOnlySpan<short> i, Span<float> y, int w);",
        "POOL0023", "i", "[MaxUnpool] expects (ReadOnlySpan<T> input, ReadOnlySpan<long> or ReadOnlySpan<int> indices, Span<T> output, int extents…) with the input's extents, outermost first, unless InputSize is set (or the same with ReadOnlyTensorSpan<T>/TensorSpan<T> buffers, which carry the extents)")]
    [InlineData("[PixelShuffle(2, InputSize = new[] { 3, 4, 4 })] public static partial void P(ReadOnlySpan<float> x, Span<float> y);",
        "POOL0013", "InputSize = new[] { 3, 4, 4 }", "pixel_shuffle expects its input's 'channel' dimension to be divisible by the square of upscale_factor, but input.size(-3)=3 is not divisible by 4")]
    [InlineData("[PixelUnshuffle(0)] public static partial void P(ReadOnlySpan<float> x, Span<float> y, int c, int h, int w);",
        "POOL0013", "0", "pixel_unshuffle expects a positive downscale_factor, but got 0")]
    [InlineData("[PixelShuffle(2)] public static partial void P(ReadOnlySpan<float> x, Span<float> y, int h, int w);",
        "POOL0025", "P", "[PixelShuffle] needs the input's (channels, height, width): 3 int parameters or 3 InputSize entries, but got 2")]
    [InlineData("[MaxPool(9)] public static partial void P(ReadOnlySpan<float> x, Span<float> y, int h, int w);",
        "POOL0040", "MaxPool(9)", "[MaxPool] has 81 taps per window, above the unrolling budget of 64: the generator emits compact loops instead")]
    public async Task Every_rule_has_its_id_message_and_location(string declaration, string id, string span, string message)
    {
        var diagnostic = await SingleDiagnosticAsync(declaration);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(span, SpanText(diagnostic));
        Assert.Equal(message, diagnostic.GetMessage());
        Assert.StartsWith("https://", diagnostic.Descriptor.HelpLinkUri);
        Assert.EndsWith($"/docs/diagnostics/{id}.md", diagnostic.Descriptor.HelpLinkUri);
    }

    [Fact]
    public async Task A_containing_type_that_is_not_partial_is_reported_on_the_method_name()
    {
        var diagnostics = await GeneratorHarness.AnalyzeAsync("""
            using System;
            using Pooling;
            public static class Net
            {
                [MaxPool(2)] public static partial void P(ReadOnlySpan<float> x, Span<float> y, int w);
            }
            """);
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("POOL0022", diagnostic.Id);
        Assert.Equal("P", SpanText(diagnostic));
        Assert.Equal("Type 'Net' contains the kernel method 'P' and must be declared partial", diagnostic.GetMessage());
    }

    [Fact]
    public void Every_descriptor_has_a_documentation_page_and_a_release_entry()
    {
        string root = Path.GetFullPath(Path.Combine(typeof(AnalyzerTests).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>().Single(a => a.Key == "ProjectDirectory").Value!, "..", ".."));
        string releases = File.ReadAllText(Path.Combine(root, "generator", "Pooling.Generators", "AnalyzerReleases.Unshipped.md"));
        string readme = File.ReadAllText(Path.Combine(root, "README.md"));
        foreach (var descriptor in new KernelAnalyzer().SupportedDiagnostics)
        {
            Assert.True(File.Exists(Path.Combine(root, "docs", "diagnostics", descriptor.Id + ".md")), $"no page for {descriptor.Id}");
            Assert.Contains(descriptor.Id + " |", releases);
            Assert.Contains(descriptor.Id, readme);
        }
    }
}
