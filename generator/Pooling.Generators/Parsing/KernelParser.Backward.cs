using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Pooling.Generators.Diagnostics;
using Pooling.Generators.Model;

namespace Pooling.Generators.Parsing;

// Backward = true: the gradient kernels' parameter lists, which families and options have one, and the model around the
// forward's.
internal static partial class KernelParser
{
    private static readonly ElementType[] GradientElements = { ElementType.Float, ElementType.Double };

    private static bool IsBackward(AttributeArguments args) => args.NamedBool("Backward", false);

    /// <summary>Before the family's parser: the families without a backward kernel.</summary>
    private static bool BackwardFamilyBuilt(IMethodSymbol method, string attributeName, AttributeArguments args, Reporter reporter)
    {
        string? missing = attributeName switch
        {
            RoiAlignAttribute or RoiPoolAttribute or GridSampleAttribute => "RoIAlign, RoIPool and GridSample have no backward kernel yet",
            _ => null,
        };
        if (missing is null) return true;
        reporter.Report(DiagnosticDescriptors.BackwardNotBuilt, args.NamedLocation("Backward"), args.DisplayName, missing);
        return false;
    }

    /// <summary>
    /// A backward kernel's parameters: <c>(ReadOnlySpan&lt;T&gt; gradOutput, Span&lt;T&gt; gradInput, extents…)</c>; with
    /// <paramref name="extremum"/> also <c>(gradOutput, ReadOnlySpan&lt;int|long&gt; indices, gradInput, …)</c> (the forward's
    /// indices) and <c>(ReadOnlySpan&lt;T&gt; input, gradOutput, gradInput, …)</c> (the extremum found again). The extents
    /// are the forward input's. Gradients are float or double (PyTorch 1.13 has no CPU gradient for Half pooling or
    /// interpolation), except for shuffles, which only move elements.
    /// </summary>
    private static Signature? ParseBackwardSignature(IMethodSymbol method, AttributeArguments args, Reporter reporter, ElementType[] supported, bool extremum, bool moves,
        bool needsInput = false)
    {
        string name = args.DisplayName;
        string expected = needsInput
            ? "(ReadOnlySpan<T> input, ReadOnlySpan<T> gradOutput, Span<T> gradInput, int extents…): the gradient needs the forward's input; the extents are the forward input's, unless InputSize is set"
            : extremum
            ? "(ReadOnlySpan<T> gradOutput, ReadOnlySpan<int> or ReadOnlySpan<long> indices, Span<T> gradInput, int extents…) with the forward's indices, "
              + "or (ReadOnlySpan<T> input, ReadOnlySpan<T> gradOutput, Span<T> gradInput, int extents…) to find each extremum again; the extents are the forward input's, unless InputSize is set"
            : "(ReadOnlySpan<T> gradOutput, Span<T> gradInput, int extents…) with the forward input's extents, unless InputSize is set";
        var ps = method.Parameters;
        void Wrong(int parameter) => reporter.Report(DiagnosticDescriptors.WrongSignature,
            parameter < ps.Length ? ParameterLocation(ps[parameter]) : method.Locations.FirstOrDefault() ?? Location.None, name, expected);
        if (ps.Length < 2 || !IsSpanOf(ps[0], "ReadOnlySpan", null))
        {
            Wrong(ps.Length < 2 ? ps.Length : 0);
            return null;
        }
        var elementSymbol = SpanElement(ps[0].Type, "ReadOnlySpan")!;
        int next = 1;
        IndexType indices = IndexType.None;
        string? indicesName = null;
        if (needsInput && !(ps.Length > 2 && IsSpanOf(ps[1], "ReadOnlySpan", elementSymbol)))
        {
            Wrong(1);   // the second parameter is not the gradOutput that must follow the input
            return null;
        }
        if ((extremum || needsInput) && ps.Length > 2 && IsSpanOf(ps[1], "ReadOnlySpan", null))
        {
            var second = SpanElement(ps[1].Type, "ReadOnlySpan")!;
            if (!SymbolEqualityComparer.Default.Equals(second, elementSymbol))
            {
                indices = second.SpecialType switch
                {
                    SpecialType.System_Int32 => IndexType.Int32,
                    SpecialType.System_Int64 => IndexType.Int64,
                    _ => IndexType.None,
                };
                if (indices == IndexType.None)
                {
                    Wrong(1);
                    return null;
                }
                indicesName = ps[1].Name;
            }
            next = 2;
        }
        if (next >= ps.Length || !IsSpanOf(ps[next], "Span", elementSymbol))
        {
            Wrong(next);
            return null;
        }
        ElementType? element = ElementOf(elementSymbol);
        var allowed = moves ? supported : supported.Intersect(GradientElements).ToArray();
        if (element is null || Array.IndexOf(allowed, element.Value) < 0)
        {
            reporter.Report(DiagnosticDescriptors.BackwardNotBuilt, ParameterLocation(ps[0]), name,
                $"gradients are {string.Join(" or ", allowed.Select(CSharpName))}, not '{elementSymbol.ToDisplayString()}'"
                + (moves ? "" : " (PyTorch 1.13 defines no CPU gradient for Half or integer pooling and interpolation)"));
            return null;
        }
        if (ParseExtents(method, args, reporter, next + 1, expected) is not var (extentNames, inputSize, rank)) return null;
        return new Signature(element.Value, indices, indicesName, extentNames, inputSize, rank);
    }

    /// <summary>After the family's parser: options without a backward kernel, then the model around the forward's.</summary>
    private static BackwardModel? WrapBackward(IMethodSymbol method, OpModel forward, AttributeArguments args, Reporter reporter)
    {
        string? missing = forward switch
        {
            WindowPoolModel { TensorIndices: true } => "TensorIndices are ONNX's output; the backward kernel reads PyTorch's plane-relative indices",
            WindowPoolModel { Op: WindowOp.Lp, Absolute: true } => "ONNX's p-norm LpPool (Absolute = true) has no backward kernel yet",
            WindowPoolModel { SameAtRunTime: not AutoPad.NotSet } => "AutoPad SAME with a stride and run-time extents has no backward kernel yet: set InputSize",
            WindowPoolModel { Op: WindowOp.Lp, OnnxPadding: true } => "LpPool with ONNX's padding has no backward kernel yet",
            WindowPoolModel { Op: WindowOp.Lp } lp when lp.Dilation.Any(d => d != 1) => "LpPool with dilation has no backward kernel yet",
            UpsampleModel { Onnx: not null } => "ONNX Resize's options have no backward kernel yet",
            UpsampleModel { Antialias: true, Element: ElementType.Byte } => "Pillow's uint8 resampler has no backward kernel",
            UpsampleModel { Mode: Interpolation.Box or Interpolation.Lanczos } => "Pillow's filters have no backward kernel",
            AdaptivePoolModel { LpNorm: not null } => "GlobalLpPool has no backward kernel yet",
            UnpoolModel { PadToOutputSize: true } => "ONNX's padded output (PadToOutputSize) has no backward kernel yet",
            _ => null,
        };
        if (missing is not null)
        {
            reporter.Report(DiagnosticDescriptors.BackwardNotBuilt, args.NamedLocation("Backward"), args.DisplayName, missing);
            return null;
        }
        var ps = method.Parameters;
        if (forward is UnpoolModel unpool)
            return new BackwardModel(forward, unpool.InputName, unpool.OutputName, GradientSource.Indices, unpool.IndicesName);
        if (ps.Length > 2 && IsSpanOf(ps[1], "ReadOnlySpan", null) && IsSpanOf(ps[2], "Span", null))
        {
            bool indices = !SymbolEqualityComparer.Default.Equals(SpanElement(ps[1].Type, "ReadOnlySpan"), SpanElement(ps[0].Type, "ReadOnlySpan"));
            return indices
                ? new BackwardModel(forward, ps[0].Name, ps[2].Name, GradientSource.Indices, ps[1].Name)
                : new BackwardModel(forward, ps[1].Name, ps[2].Name, GradientSource.Input, ps[0].Name);
        }
        return new BackwardModel(forward, ps[0].Name, ps[1].Name, GradientSource.None, null);
    }
}
