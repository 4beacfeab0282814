using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Pooling.Generators.Diagnostics;
using Pooling.Generators.Model;

namespace Pooling.Generators.Parsing;

/// <summary>
/// The one place that reads Roslyn symbols: turns an annotated partial method into a symbol-free
/// <see cref="KernelRequest"/>. The generator calls it without a diagnostics list; the analyzer calls the same code with
/// one, so no rule is written twice.
/// </summary>
internal static partial class KernelParser
{
    public const string MaxPoolAttribute = "Pooling.MaxPoolAttribute";
    public const string MinPoolAttribute = "Pooling.MinPoolAttribute";
    public const string AvgPoolAttribute = "Pooling.AvgPoolAttribute";
    public const string LpPoolAttribute = "Pooling.LpPoolAttribute";
    public const string MaxUnpoolAttribute = "Pooling.MaxUnpoolAttribute";
    public const string PixelShuffleAttribute = "Pooling.PixelShuffleAttribute";
    public const string UpsampleAttribute = "Pooling.UpsampleAttribute";
    public const string PixelUnshuffleAttribute = "Pooling.PixelUnshuffleAttribute";
    public const string AdaptiveMaxPoolAttribute = "Pooling.AdaptiveMaxPoolAttribute";
    public const string AdaptiveAvgPoolAttribute = "Pooling.AdaptiveAvgPoolAttribute";
    public const string GlobalMaxPoolAttribute = "Pooling.GlobalMaxPoolAttribute";
    public const string GlobalAvgPoolAttribute = "Pooling.GlobalAvgPoolAttribute";
    public const string GlobalLpPoolAttribute = "Pooling.GlobalLpPoolAttribute";
    public const string DepthToSpaceAttribute = "Pooling.DepthToSpaceAttribute";
    public const string SpaceToDepthAttribute = "Pooling.SpaceToDepthAttribute";
    public const string RoiAlignAttribute = "Pooling.RoiAlignAttribute";
    public const string GridSampleAttribute = "Pooling.GridSampleAttribute";
    public const string RoiPoolAttribute = "Pooling.RoiPoolAttribute";

    /// <summary>The families whose extents are (channels, height, width) in either layout: the channel/space shuffles
    /// (PixelShuffle, PixelUnshuffle, DepthToSpace, SpaceToDepth), RoIAlign, RoIPool and GridSample.</summary>
    public static bool IsShuffle(string attributeClass) =>
        attributeClass is PixelShuffleAttribute or PixelUnshuffleAttribute or DepthToSpaceAttribute or SpaceToDepthAttribute or RoiAlignAttribute
            or RoiPoolAttribute or GridSampleAttribute;

    /// <summary>Above this many taps per window the interior is emitted as compact loops instead of unrolled code.</summary>
    public const int UnrollBudget = 64;

    private static readonly ElementType[] AllElements =
        { ElementType.Float, ElementType.Double, ElementType.Half, ElementType.Byte, ElementType.SByte, ElementType.Int16, ElementType.UInt16, ElementType.Int32, ElementType.Int64 };

    private static readonly ElementType[] FloatingElements = { ElementType.Float, ElementType.Double, ElementType.Half };

    // Bilinear and bicubic: the floating types, and byte for Pillow's uint8 resampler (with Antialias = true).
    private static readonly ElementType[] FloatingAndByteElements = { ElementType.Float, ElementType.Double, ElementType.Half, ElementType.Byte };

    private static readonly SymbolDisplayFormat ParameterTypeFormat =
        SymbolDisplayFormat.FullyQualifiedFormat.AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary>
    /// Parses one kernel attribute on <paramref name="method"/>. Returns null when nothing can be generated for the
    /// declaration itself (not partial, no accessibility, …); returns a request with <see cref="KernelRequest.Error"/> set
    /// when the declaration is sound but the configuration is not (the generator then emits a throwing body, the analyzer
    /// the build error). Problems are added to <paramref name="diagnostics"/> when it is given.
    /// </summary>
    public static KernelRequest? Parse(IMethodSymbol method, AttributeData attribute, List<Diagnostic>? diagnostics, CancellationToken cancellationToken)
    {
        var reporter = new Reporter(diagnostics);
        var declarations = method.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellationToken)).OfType<MethodDeclarationSyntax>().ToList();
        // The bodiless defining declaration; a method with only a body is not partial, which ParseDeclaration reports.
        var declaration = declarations.FirstOrDefault(m => m.Body is null && m.ExpressionBody is null)
            ?? declarations.FirstOrDefault(m => !m.Modifiers.Any(SyntaxKind.PartialKeyword));
        var attributeSyntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
        var arguments = new AttributeArguments(attribute, attributeSyntax);
        if (declaration is null || !arguments.IsBound) return null;

        var method_ = ParseDeclaration(method, declaration, arguments, reporter);
        if (method_ is null) return null;

        string attributeName = attribute.AttributeClass!.ToDisplayString();
        bool backward = IsBackward(arguments);
        OpModel? op = backward && !BackwardFamilyBuilt(method, attributeName, arguments, reporter) ? null
            : KernelFamilies.Find(attributeName)?.Parse(method, attributeName, arguments, reporter);
        if (backward && op is not null && reporter.FirstError is null) op = WrapBackward(method, op, arguments, reporter);
        if (op is not null && reporter.FirstError is null)
        {
            // A compile-time plane over int.MaxValue elements could never be called (and its constants would not compile).
            int channels = arguments.NamedEnum("Layout") == (int)TensorLayout.ChannelsLast ? arguments.NamedInts("Channels")?[0] ?? 1 : 1;
            foreach (var (what, extents, argument) in op.ConstantSizes(channels))
            {
                if (PoolingShape.VolumeOrOverflow(extents) < 0)
                {
                    reporter.Report(DiagnosticDescriptors.SizeTooLarge, argument == "mode" ? arguments.ConstructorLocation(0) : arguments.NamedLocation(argument),
                        $"{what} of {string.Join(" × ", extents)} elements exceeds int.MaxValue ({int.MaxValue}) elements: no span can hold it");
                    op = null;
                    break;
                }
            }
        }
        if (op is not null && reporter.FirstError is null && IsTensor(method.Parameters[0].Type))
            method_ = WithTensorAdapter(method, method_, op, arguments);
        if (op is not null && reporter.FirstError is null && arguments.NamedEnum("Layout") == (int)TensorLayout.ChannelsLast)
        {
            // The channel count: Channels = N, a shuffle's first extent (its (channels, height, width) stay the
            // parameters), or the last int parameter.
            int channelsConstant = arguments.NamedInts("Channels")?[0] ?? 0;
            string? channels = op is ShuffleModel shuffle
                ? (shuffle.InputSize.IsEmpty ? shuffle.ExtentNames[0] : null)
                : channelsConstant > 0 ? null : method_.Parameters[method_.Parameters.Length - 1].Name.TrimStart('@');
            if (op is ShuffleModel s1 && !s1.InputSize.IsEmpty) channelsConstant = s1.InputSize[0];
            method_ = method_ with { ChannelsLast = new ChannelsLastModel(channels, channelsConstant) };
        }
        // A backward kernel gets no …OutputSize companion (its forward's gives gradOutput's extents).
        if (op is not null && reporter.FirstError is null && !backward) method_ = method_ with { OutputSizeName = OutputSizeName(method) };
        return new KernelRequest(method_, reporter.FirstError is null ? op : null, reporter.FirstError);
    }

    private static MethodModel? ParseDeclaration(IMethodSymbol method, MethodDeclarationSyntax declaration, AttributeArguments arguments, Reporter reporter)
    {
        var nameLocation = declaration.Identifier.GetLocation();
        if (!declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
        {
            reporter.Report(DiagnosticDescriptors.MethodNotPartial, nameLocation, method.Name, arguments.DisplayName);
            return null;
        }
        if (!declaration.Modifiers.Any(m => m.IsKind(SyntaxKind.PublicKeyword) || m.IsKind(SyntaxKind.InternalKeyword) || m.IsKind(SyntaxKind.PrivateKeyword) || m.IsKind(SyntaxKind.ProtectedKeyword)))
        {
            reporter.Report(DiagnosticDescriptors.MissingAccessibility, nameLocation, method.Name);
            return null;
        }
        var scope = TypeScopes.GetValue(method.ContainingType, ScopeOf);
        if (scope.Problem is { } problem)
        {
            reporter.Report(problem.Descriptor, nameLocation, problem.TypeName, method.Name);
            return null;
        }
        if (method.IsGenericMethod)
        {
            reporter.Report(DiagnosticDescriptors.GenericMethod, nameLocation, method.Name);
            return null;
        }
        var kernelAttributes = method.GetAttributes().Where(a => IsKernelAttribute(a.AttributeClass)).ToList();
        if (kernelAttributes.Count > 1)
        {
            reporter.Report(DiagnosticDescriptors.MultipleKernelAttributes, nameLocation, method.Name,
                string.Join(", ", kernelAttributes.Select(a => a.AttributeClass!.Name)));
            return null;
        }
        if (!method.ReturnsVoid)
        {
            reporter.Report(DiagnosticDescriptors.WrongSignature, declaration.ReturnType.GetLocation(), arguments.DisplayName, "a method that returns void");
            return null;
        }

        // A parameter whose type does not bind is the compiler's error to report; repeating it in a body would add noise.
        if (method.Parameters.Any(p => ContainsErrorType(p.Type))) return null;

        string modifiers = string.Join(" ", declaration.Modifiers.Where(m => !m.IsKind(SyntaxKind.PartialKeyword)).Select(m => m.ValueText));
        // Every modifier the user wrote (this, ref, in, out, ref readonly, scoped, params): the implementing part must repeat them.
        var parameters = method.Parameters.Select((p, i) => Parameter(ParameterModifiers(declaration, i), p.Type, EscapeIdentifier(p.Name))).ToArray();
        return new MethodModel(scope.Namespace, scope.Types, modifiers, EscapeIdentifier(method.Name), parameters, HintName(method, scope.HintPrefix))
        {
            Parallel = arguments.NamedBool("Parallel", false),
            MaxDegreeOfParallelism = Math.Max(0, arguments.NamedInts("MaxDegreeOfParallelism")?[0] ?? 0),
        };
    }

    /// <summary>A parameter typed for the emitters: a <c>System.ReadOnlySpan&lt;T&gt;</c> is an input, a
    /// <c>System.Span&lt;T&gt;</c> an output (with T as C# source), anything else an extent or other value.</summary>
    private static KernelParameter Parameter(string modifiers, ITypeSymbol type, string name)
    {
        string text = type.ToDisplayString(ParameterTypeFormat);
        if (type is INamedTypeSymbol { IsGenericType: true, Name: "ReadOnlySpan" or "Span" } span && span.ContainingNamespace.ToDisplayString() == "System")
        {
            var kind = span.Name == "ReadOnlySpan" ? ParameterKind.Input : ParameterKind.Output;
            return new KernelParameter(modifiers, text, name, kind, span.TypeArguments[0].ToDisplayString(ParameterTypeFormat));
        }
        return new KernelParameter(modifiers, text, name);
    }

    /// <summary>What every kernel declared in one type shares: the namespace and containing types the generated file
    /// repeats, and the start of its hint name; or the reason a containing type cannot take a generated part.</summary>
    private sealed class TypeScope
    {
        public string? Namespace { get; init; }
        public ContainingType[] Types { get; init; } = Array.Empty<ContainingType>();
        public string HintPrefix { get; init; } = "";
        public (DiagnosticDescriptor Descriptor, string TypeName)? Problem { get; init; }
    }

    // Worked out once per type symbol (a compilation's symbols are new when it changes, so nothing stale is reused):
    // a type with many kernels would otherwise walk its declarations again for each.
    private static readonly ConditionalWeakTable<INamedTypeSymbol, TypeScope> TypeScopes = new();

    private static TypeScope ScopeOf(INamedTypeSymbol containing)
    {
        var containingTypes = new List<ContainingType>();
        for (var type = containing; type is not null; type = type.ContainingType)
        {
            var typeSyntax = type.DeclaringSyntaxReferences.Select(r => r.GetSyntax()).OfType<TypeDeclarationSyntax>().ToList();
            if (typeSyntax.Count == 0 || !typeSyntax.Any(t => t.Modifiers.Any(SyntaxKind.PartialKeyword)))
                return new TypeScope { Problem = (DiagnosticDescriptors.TypeNotPartial, type.Name) };
            // Every part of a file-local type must be in one file; a generator can only add another file.
            if (typeSyntax.Any(t => t.Modifiers.Any(SyntaxKind.FileKeyword)))
                return new TypeScope { Problem = (DiagnosticDescriptors.FileLocalType, type.Name) };
            var first = typeSyntax[0];
            string keyword = first switch
            {
                RecordDeclarationSyntax r => r.ClassOrStructKeyword.IsKind(SyntaxKind.StructKeyword) ? "record struct" : "record",
                _ => first.Keyword.ValueText,
            };
            // Type parameters from the symbol (names escaped, variance kept), without attributes a second part would repeat.
            string typeParameters = type.TypeParameters.Length == 0 ? "" : "<" + string.Join(", ", type.TypeParameters.Select(t =>
                (t.Variance switch { VarianceKind.In => "in ", VarianceKind.Out => "out ", _ => "" }) + EscapeIdentifier(t.Name))) + ">";
            containingTypes.Insert(0, new ContainingType(keyword, EscapeIdentifier(type.Name) + typeParameters));
        }
        string? ns = containing.ContainingNamespace is { IsGlobalNamespace: false } n
            ? string.Join(".", n.ToDisplayParts().Where(part => part.Kind == SymbolDisplayPartKind.NamespaceName).Select(part => EscapeIdentifier(part.ToString())))
            : null;
        return new TypeScope
        {
            Namespace = ns,
            Types = containingTypes.ToArray(),
            HintPrefix = containing.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat).Replace("global::", ""),
        };
    }

    /// <summary>One of the kernel attributes of the family table (<c>Pooling.XAttribute</c>), told by its name and
    /// namespace without formatting it: a method may carry only one of them.</summary>
    public static bool IsKernelAttribute(INamedTypeSymbol? type) =>
        type is { ContainingNamespace: { Name: "Pooling", ContainingNamespace.IsGlobalNamespace: true }, ContainingType: null, Arity: 0 }
        && KernelAttributeNames.Contains(type.Name);

    private static readonly HashSet<string> KernelAttributeNames = new(KernelFamilies.All.Select(f => f.Attribute.Substring("Pooling.".Length)));

    /// <summary>
    /// The name of the kernel's generated output-size companion (<c>PoolOutputSize</c> for <c>Pool</c>), or null when it
    /// would clash: the name is taken by a member of the type or of a base type, or another kernel method has the same
    /// name (overloads would need companions with the same parameters). The README documents the rule.
    /// </summary>
    private static string? OutputSizeName(IMethodSymbol method)
    {
        string name = method.Name + "OutputSize";
        for (var type = method.ContainingType; type is not null; type = type.BaseType)
        {
            if (!type.GetMembers(name).IsEmpty) return null;
        }
        bool overloaded = method.ContainingType.GetMembers(method.Name).OfType<IMethodSymbol>().Count(m =>
            m.GetAttributes().Any(a => IsKernelAttribute(a.AttributeClass))) > 1;
        return overloaded ? null : EscapeIdentifier(name);
    }

    private static string ParameterModifiers(MethodDeclarationSyntax declaration, int index)
    {
        if (index >= declaration.ParameterList.Parameters.Count) return "";
        var modifiers = declaration.ParameterList.Parameters[index].Modifiers;
        if (modifiers.Count == 0) return "";
        var text = new StringBuilder();
        foreach (var modifier in modifiers) text.Append(modifier.ValueText).Append(' ');
        return text.ToString();
    }

    private static string EscapeIdentifier(string name) => Emit.MethodEmitter.Identifier(name);

    // Unique across overloads and nested/generic types: Namespace.Outer.Inner.Method.<parameter types hash>.g.cs
    private static string HintName(IMethodSymbol method, string typeName)
    {
        // The type and method, then a hash of the parameter types (overloads get their own file), as file-name characters.
        uint hash = 2166136261;
        for (int i = 0; i < method.Parameters.Length; i++)
        {
            if (i > 0) hash = unchecked((hash ^ ',') * 16777619);
            foreach (char c in method.Parameters[i].Type.ToDisplayString()) hash = unchecked((hash ^ c) * 16777619);
        }
        var name = new StringBuilder(typeName.Length + method.Name.Length + 16);
        foreach (char c in typeName) name.Append(FileNameChar(c));
        name.Append('.');
        foreach (char c in method.Name) name.Append(FileNameChar(c));
        return name.Append('.').Append(hash.ToString("x8")).Append(".g.cs").ToString();
    }

    private static char FileNameChar(char c) => char.IsLetterOrDigit(c) || c is '.' or '_' ? c : '_';

    /// <summary>Diagnostic property keys the code fixes read.</summary>
    internal static class FixProperties
    {
        /// <summary>On POOL0005: the largest valid padding (kernel / 2) for the axis at fault.</summary>
        public const string ClampedPadding = nameof(ClampedPadding);

        /// <summary>On POOL0023: the input is a Span and the output a ReadOnlySpan; swapping them fixes the signature.</summary>
        public const string SwapSpans = nameof(SwapSpans);
    }

    /// <summary>Collects diagnostics when the analyzer asks for them, and the first error's message either way.</summary>
    internal sealed class Reporter
    {
        private readonly List<Diagnostic>? _diagnostics;

        public Reporter(List<Diagnostic>? diagnostics) => _diagnostics = diagnostics;

        public string? FirstError { get; private set; }

        public void Report(DiagnosticDescriptor descriptor, Location location, params object[] args) =>
            ReportWithFix(descriptor, location, null, args);

        /// <summary>Reports with properties that tell a code fix what to do (see <see cref="FixProperties"/>).</summary>
        public void ReportWithFix(DiagnosticDescriptor descriptor, Location location, ImmutableDictionary<string, string?>? properties, params object[] args)
        {
            if (descriptor.DefaultSeverity == DiagnosticSeverity.Error && FirstError is null)
                FirstError = descriptor.Id + ": " + string.Format(descriptor.MessageFormat.ToString(), args);
            _diagnostics?.Add(Diagnostic.Create(descriptor, location, properties, args));
        }
    }
}
