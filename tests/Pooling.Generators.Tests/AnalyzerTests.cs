using Microsoft.CodeAnalysis;
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
}
