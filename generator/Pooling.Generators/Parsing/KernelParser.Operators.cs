using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Pooling.Generators.Diagnostics;
using Pooling.Generators.Model;

namespace Pooling.Generators.Parsing;

// What the operators (RoIAlign, RoIPool, GridSample) check alike before their own parameters and arguments.
internal static partial class KernelParser
{
    private static readonly ElementType[] OperatorElements = { ElementType.Float, ElementType.Double };

    /// <summary>The element of the input, which must be a <c>ReadOnlySpan&lt;T&gt;</c> of at least three parameters
    /// (<paramref name="wrong"/> reports the parameter at fault and null comes back).</summary>
    private static ITypeSymbol? OperatorInput(IMethodSymbol method, Action<int> wrong)
    {
        var ps = method.Parameters;
        if (ps.Length < 3)
        {
            wrong(ps.Length);
            return null;
        }
        if (!IsSpanOf(ps[0], "ReadOnlySpan", null))
        {
            wrong(0);
            return null;
        }
        return SpanElement(ps[0].Type, "ReadOnlySpan");
    }

    /// <summary>The element type (float or double) and whether the layout is channels-last, where the extents carry the
    /// channel count: <c>Channels</c> there is reported with <paramref name="invalid"/> on the argument. False after a
    /// report.</summary>
    private static bool OperatorElementAndLayout(IMethodSymbol method, AttributeArguments args, Reporter reporter, ITypeSymbol elementSymbol,
        DiagnosticDescriptor invalid, out ElementType element, out bool channelsLast)
    {
        (element, channelsLast) = (default, false);
        ElementType? parsed = ElementOf(elementSymbol);
        if (parsed is null || Array.IndexOf(OperatorElements, parsed.Value) < 0)
        {
            reporter.Report(DiagnosticDescriptors.UnsupportedElementType, ParameterLocation(method.Parameters[0]), args.DisplayName,
                elementSymbol.ToDisplayString(), string.Join(", ", OperatorElements.Select(CSharpName)));
            return false;
        }
        element = parsed.Value;
        channelsLast = args.NamedEnum("Layout") == (int)TensorLayout.ChannelsLast;
        if (channelsLast && args.HasNamed("Channels"))
        {
            reporter.Report(invalid, args.NamedLocation("Channels"),
                $"{args.DisplayName} takes its channel count from the extents (height, width, channels) or InputSize, not from Channels");
            return false;
        }
        return true;
    }
}
