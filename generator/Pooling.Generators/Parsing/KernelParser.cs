using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
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
internal static class KernelParser
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

    /// <summary>Above this many taps per window the interior is emitted as compact loops instead of unrolled code.</summary>
    public const int UnrollBudget = 64;

    /// <summary>Every kernel attribute of the runtime, implemented or not: a method may carry only one of them.</summary>
    public static readonly HashSet<string> KernelAttributes = new()
    {
        MaxPoolAttribute, MinPoolAttribute, AvgPoolAttribute, LpPoolAttribute, AdaptiveMaxPoolAttribute,
        AdaptiveAvgPoolAttribute, GlobalMaxPoolAttribute, GlobalAvgPoolAttribute,
        MaxUnpoolAttribute, UpsampleAttribute, PixelShuffleAttribute, PixelUnshuffleAttribute,
    };

    private static readonly ElementType[] AllElements =
        { ElementType.Float, ElementType.Double, ElementType.Half, ElementType.Byte, ElementType.SByte, ElementType.Int16, ElementType.UInt16, ElementType.Int32, ElementType.Int64 };

    private static readonly ElementType[] FloatingElements = { ElementType.Float, ElementType.Double, ElementType.Half };

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
        OpModel? op = attributeName switch
        {
            AdaptiveMaxPoolAttribute or AdaptiveAvgPoolAttribute or GlobalMaxPoolAttribute or GlobalAvgPoolAttribute
                => ParseAdaptivePool(method, attributeName, arguments, reporter),
            MaxUnpoolAttribute => ParseUnpool(method, arguments, reporter),
            UpsampleAttribute => ParseUpsample(method, arguments, reporter),
            PixelShuffleAttribute or PixelUnshuffleAttribute => ParseShuffle(method, attributeName == PixelUnshuffleAttribute, arguments, reporter),
            _ => ParseWindowPool(method, attributeName, arguments, reporter),
        };
        if (op is not null && reporter.FirstError is null)
        {
            // A compile-time plane over int.MaxValue elements could never be called (and its constants would not compile).
            int channels = arguments.NamedEnum("Layout") == 1 ? arguments.NamedInts("Channels")?[0] ?? 1 : 1;
            foreach (var (what, extents, argument) in ConstantSizes(op, channels))
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
        if (op is not null && reporter.FirstError is null && arguments.NamedEnum("Layout") == 1)
        {
            // The kernel is emitted for NCHW inside a wrapper that transposes around it (MethodEmitter).
            int channelsConstant = arguments.NamedInts("Channels")?[0] ?? 0;
            var parameters = method_.ParameterDeclarations.Select(d => d.Substring(d.LastIndexOf(' ') + 1).TrimStart('@')).ToList();
            int channelsIndex = channelsConstant > 0 ? -1 : parameters.Count - 1;
            string outputChannels = "__nhwcC";
            if (op is ShuffleModel shuffle)
            {
                // (channels, height, width) stay the kernel's parameters; the channel count changes by r².
                channelsIndex = -1;
                int square = shuffle.Factor * shuffle.Factor;
                outputChannels = shuffle.Unshuffle ? $"__nhwcC * {square}" : $"__nhwcC / {square}";
            }
            method_ = method_ with
            {
                ChannelsLast = new ChannelsLastModel(
                    op is ShuffleModel s0 ? (s0.InputSize.IsEmpty ? s0.ExtentNames[0] : null) : channelsIndex >= 0 ? parameters[channelsIndex] : null,
                    op is ShuffleModel s1 && !s1.InputSize.IsEmpty ? s1.InputSize[0] : channelsConstant,
                    Enumerable.Range(0, parameters.Count).Where(i => i != channelsIndex).Select(i => StripThis(method_.ParameterDeclarations[i])).ToArray(),
                    Enumerable.Range(0, parameters.Count).Where(i => i != channelsIndex).Select(i => EscapeIdentifier(parameters[i])).ToArray(),
                    SpatialSize(op),
                    outputChannels),
            };
        }
        if (op is not null && reporter.FirstError is null) method_ = method_ with { OutputSizeName = OutputSizeName(method) };
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
        var containingTypes = new List<ContainingType>();
        for (var type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            var typeSyntax = type.DeclaringSyntaxReferences.Select(r => r.GetSyntax()).OfType<TypeDeclarationSyntax>().ToList();
            if (typeSyntax.Count == 0 || !typeSyntax.Any(t => t.Modifiers.Any(SyntaxKind.PartialKeyword)))
            {
                reporter.Report(DiagnosticDescriptors.TypeNotPartial, nameLocation, type.Name, method.Name);
                return null;
            }
            if (typeSyntax.Any(t => t.Modifiers.Any(SyntaxKind.FileKeyword)))
            {
                // Every part of a file-local type must be in one file; a generator can only add another file.
                reporter.Report(DiagnosticDescriptors.FileLocalType, nameLocation, type.Name, method.Name);
                return null;
            }
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
        if (method.IsGenericMethod)
        {
            reporter.Report(DiagnosticDescriptors.GenericMethod, nameLocation, method.Name);
            return null;
        }
        var kernelAttributes = method.GetAttributes().Where(a => a.AttributeClass is { } c && KernelAttributes.Contains(c.ToDisplayString())).ToList();
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
        var parameters = method.Parameters.Select((p, i) =>
            ParameterModifiers(declaration, i) + p.Type.ToDisplayString(ParameterTypeFormat) + " " + EscapeIdentifier(p.Name)).ToArray();
        string? ns = method.ContainingNamespace is { IsGlobalNamespace: false } n
            ? string.Join(".", n.ToDisplayParts().Where(part => part.Kind == SymbolDisplayPartKind.NamespaceName).Select(part => EscapeIdentifier(part.ToString())))
            : null;
        return new MethodModel(ns, containingTypes.ToArray(), modifiers, EscapeIdentifier(method.Name), parameters, HintName(method))
        {
            Parallel = arguments.NamedBool("Parallel", false),
            MaxDegreeOfParallelism = Math.Max(0, arguments.NamedInts("MaxDegreeOfParallelism")?[0] ?? 0),
        };
    }

    /// <summary>
    /// A tensor-span kernel as the span kernel underneath sees it: each tensor parameter becomes the span of the same
    /// name and the extents the tensors carry become int parameters (<see cref="TensorExtentNames"/>); the method's own
    /// declarations and the shape rules the adapter checks go into a <see cref="TensorModel"/>.
    /// </summary>
    private static MethodModel WithTensorAdapter(IMethodSymbol method, MethodModel model, OpModel op, AttributeArguments args)
    {
        var names = TensorExtentNames(method, args);
        var spans = method.Parameters.Select((p, i) =>
        {
            var element = ((INamedTypeSymbol)p.Type).TypeArguments[0].ToDisplayString(ParameterTypeFormat);
            bool readOnly = p.Type.Name == "ReadOnlyTensorSpan";
            string declaration = model.ParameterDeclarations[i];
            string modifiers = declaration.StartsWith("this ", StringComparison.Ordinal) ? "this " : "";
            return $"{modifiers}global::System.{(readOnly ? "ReadOnlySpan" : "Span")}<{element}> {EscapeIdentifier(p.Name)}";
        }).ToList();
        // (input, output[, indices]) for every family but unpooling's (input, indices, output).
        var roles = method.Parameters.Select((_, i) => i == 0 ? "in"
            : op is UnpoolModel ? (i == 1 ? "index-in" : "out")
            : i == 1 ? "out" : "index-out").ToArray();
        bool shuffle = op is ShuffleModel;
        bool channelsLast = args.NamedEnum("Layout") == 1;
        var constantInput = op switch
        {
            WindowPoolModel m => m.InputSize,
            AdaptivePoolModel m => m.InputSize,
            UnpoolModel m => m.InputSize,
            ShuffleModel m => m.InputSize,
            UpsampleModel m => m.InputSize,
            _ => default,
        };
        // The input's trailing dimensions in tensor order: the extents (or InputSize's constants), then channels-last's
        // channel count (a parameter, or Channels = N); pixel shuffle's (channels, height, width) is (height, width,
        // channels) in a channels-last tensor.
        var trailing = constantInput.IsEmpty ? names.Where(n => !channelsLast || shuffle || n != names.LastOrDefault() || args.HasNamed("Channels")).ToList()
            : constantInput.Select(v => "=" + v.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        if (channelsLast && !shuffle)
            trailing.Add(args.NamedInts("Channels") is { Length: > 0 } c ? "=" + c[0].ToString(System.Globalization.CultureInfo.InvariantCulture) : names.Last());
        if (channelsLast && shuffle) trailing = new List<string> { trailing[1], trailing[2], trailing[0] };
        int outputRank = shuffle ? 3 : op switch
        {
            WindowPoolModel m => m.Rank,
            AdaptivePoolModel m => m.Rank,
            UnpoolModel m => m.Rank,
            UpsampleModel m => m.Rank,
            _ => 2,
        };
        return model with
        {
            ParameterDeclarations = spans.Concat(names.Select(n => "int " + EscapeIdentifier(n))).ToArray(),
            Tensors = new TensorModel(model.ParameterDeclarations, roles, trailing.ToArray(),
                constantInput.IsEmpty ? names.Where(n => shuffle || !channelsLast || args.HasNamed("Channels") || n != names.Last()).ToArray() : Array.Empty<string>(),
                shuffle, channelsLast, outputRank),
        };
    }

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
            m.GetAttributes().Any(a => a.AttributeClass is { } c && KernelAttributes.Contains(c.ToDisplayString()))) > 1;
        return overloaded ? null : EscapeIdentifier(name);
    }

    /// <summary>The extents each op knows at compile time (input and output planes, samples), with the argument that sets
    /// them ("mode" stands for the first constructor argument).</summary>
    private static IEnumerable<(string What, long[] Extents, string Argument)> ConstantSizes(OpModel op, int channels)
    {
        long[] L(IEnumerable<int> values) => values.Select(v => (long)v).ToArray();
        long[] WithChannels(long[] extents) => channels > 1 ? extents.Append(channels).ToArray() : extents;
        switch (op)
        {
            case WindowPoolModel m when m.HasConstantExtents:
                yield return ("An input plane", WithChannels(L(m.InputSize)), "InputSize");
                yield return ("An output plane", WithChannels(Enumerable.Range(0, m.Rank).Select(a =>
                    PoolingShape.OutputLength(m.InputSize[a], m.Kernel[a], m.Stride[a], m.Padding[a], m.Dilation[a], m.CeilMode)).ToArray()), "InputSize");
                break;
            case AdaptivePoolModel m:
                if (m.HasConstantExtents)
                {
                    yield return ("An input plane", WithChannels(L(m.InputSize)), "InputSize");
                    yield return ("An output plane", WithChannels(Enumerable.Range(0, m.Rank).Select(a => !m.Scale.IsEmpty
                        ? PoolingShape.UpsampleLength(m.InputSize[a], m.Scale[a])
                        : m.OutputSize[a] == OutputAxisKeep ? m.InputSize[a] : m.OutputSize[a]).ToArray()), "InputSize");
                }
                else if (m.Scale.IsEmpty && !m.OutputSize.Contains(OutputAxisKeep))
                {
                    yield return ("An output plane", WithChannels(L(m.OutputSize)), "mode");
                }
                break;
            case UnpoolModel m:
                if (!m.InputSize.IsEmpty) yield return ("An input plane", WithChannels(L(m.InputSize)), "InputSize");
                if (!m.OutputSize.IsEmpty) yield return ("An output plane", WithChannels(L(m.OutputSize)), "OutputSize");
                else if (!m.InputSize.IsEmpty)
                    yield return ("An output plane", WithChannels(Enumerable.Range(0, m.Rank).Select(a =>
                        PoolingShape.UnpoolLength(m.InputSize[a], m.Kernel[a], m.Stride[a], m.Padding[a])).ToArray()), "InputSize");
                break;
            case UpsampleModel m:
                if (!m.InputSize.IsEmpty) yield return ("An input plane", WithChannels(L(m.InputSize)), "InputSize");
                if (!m.Size.IsEmpty) yield return ("An output plane", WithChannels(L(m.Size)), "Size");
                else if (!m.InputSize.IsEmpty)
                    yield return ("An output plane", WithChannels(Enumerable.Range(0, m.Rank).Select(a =>
                        PoolingShape.UpsampleLength(m.InputSize[a], m.ScaleFactor[a])).ToArray()), "InputSize");
                break;
            case ShuffleModel m when !m.InputSize.IsEmpty:
                yield return ("A sample (channels × height × width)", L(m.InputSize), "InputSize");
                break;
        }
    }

    // The NHWC kernel is a local function: an extension method's 'this' stays on the method only.
    private static string StripThis(string declaration) => declaration.StartsWith("this ", StringComparison.Ordinal) ? declaration.Substring(5) : declaration;

    private static string ParameterModifiers(MethodDeclarationSyntax declaration, int index) =>
        index < declaration.ParameterList.Parameters.Count
            ? string.Concat(declaration.ParameterList.Parameters[index].Modifiers.Select(m => m.ValueText + " "))
            : "";

    private static WindowPoolModel? ParseWindowPool(IMethodSymbol method, string attributeName, AttributeArguments args, Reporter reporter)
    {
        WindowOp op = attributeName switch
        {
            MaxPoolAttribute => WindowOp.Max,
            MinPoolAttribute => WindowOp.Min,
            LpPoolAttribute => WindowOp.Lp,
            _ => WindowOp.Avg,
        };
        string name = args.DisplayName;
        bool extremum = op is WindowOp.Max or WindowOp.Min;
        // LpPool(norm_type, kernel_size[, stride]): the geometry arguments start one position later.
        int first = op == WindowOp.Lp ? 1 : 0;
        string expected = extremum
            ? "(ReadOnlySpan<T> input, Span<T> output[, Span<int> or Span<long> indices], int extents…) with one int per spatial axis, outermost first, unless InputSize is set"
            : "(ReadOnlySpan<T> input, Span<T> output, int extents…) with one int per spatial axis, outermost first, unless InputSize is set";

        var signature = ParseSignature(method, args, reporter, extremum ? AllElements : FloatingElements, allowsIndices: extremum, expected);
        if (signature is null) return null;
        var (element, indices, indicesName, extentNames, inputSize, rank) =
            (signature.Element, signature.Indices, signature.IndicesName, signature.ExtentNames, signature.InputSize, signature.Rank);
        var ps = method.Parameters;

        // Geometry: constructor (kernel[, stride]) and named arguments, each expanded to the rank.
        int[]? kernel = Expand(args.ConstructorInts(first), rank, "kernel_size", args.ConstructorLocation(first), reporter);
        bool strideGiven = args.ConstructorArgumentCount > first + 1;
        int[]? stride = strideGiven ? Expand(args.ConstructorInts(first + 1), rank, "stride", args.ConstructorLocation(first + 1), reporter) : kernel;
        int[]? padding = ExpandNamed(args, "Padding", "PaddingPerAxis", 0, rank, reporter);
        int[]? dilation = extremum ? ExpandNamed(args, "Dilation", "DilationPerAxis", 1, rank, reporter) : Fill(rank, 1);
        if (kernel is null || stride is null || padding is null || dilation is null) return null;

        if (!ValidateWindow(args, reporter, first, strideGiven, kernel, stride, padding, dilation)) return null;

        int divisorOverride = 0;
        if (op == WindowOp.Avg && args.HasNamed("DivisorOverride"))
        {
            divisorOverride = args.NamedInts("DivisorOverride")![0];
            if (divisorOverride == 0)
                reporter.Report(DiagnosticDescriptors.InvalidDivisorOverride, args.NamedLocation("DivisorOverride"), "divisor must be not zero");
            else if (rank == 1)
                reporter.Report(DiagnosticDescriptors.InvalidDivisorOverride, args.NamedLocation("DivisorOverride"),
                    "avg_pool1d has no divisor_override: DivisorOverride applies to 2-D and 3-D average pooling only");
        }

        bool ceilMode = args.NamedBool("CeilMode", false);
        double normType = 0;
        if (op == WindowOp.Lp)
        {
            normType = args.ConstructorDouble(0) ?? 0;
            WarnAboutNormType(normType, ceilMode, args, reporter);
        }
        if (inputSize.Length > 0)
        {
            var output = new long[rank];
            for (int a = 0; a < rank; a++) output[a] = PoolingShape.OutputLength(inputSize[a], kernel[a], stride[a], padding[a], dilation[a], ceilMode);
            // PyTorch checks avg_pool3d's input against the kernel before the output size (pool3d_shape_check).
            if (op == WindowOp.Avg && rank == 3 && PoolingShape.ValidateAvgPool3dInput(inputSize.Select(i => (long)i).ToArray(), kernel) is { } tooSmall)
            {
                reporter.Report(DiagnosticDescriptors.InputSmallerThanKernel, args.NamedLocation("InputSize"), tooSmall);
            }
            else if (output.Any(o => o < 1))
            {
                reporter.Report(DiagnosticDescriptors.OutputTooSmall, args.NamedLocation("InputSize"),
                    PoolingShape.OutputTooSmallMessage(inputSize.Select(i => (long)i).ToArray(), output));
            }
        }

        var model = new WindowPoolModel(op, element, rank, kernel, stride, padding, dilation, ceilMode,
            op == WindowOp.Lp || args.NamedBool("CountIncludePad", true), divisorOverride, normType, indices, inputSize,
            ps[0].Name, ps[1].Name, indicesName, extentNames.ToArray());
        if (model.TapCount > UnrollBudget)
            reporter.Report(DiagnosticDescriptors.CompactLoops, args.AttributeLocation, name, model.TapCount, UnrollBudget);
        return model;
    }

    private static AdaptivePoolModel? ParseAdaptivePool(IMethodSymbol method, string attributeName, AttributeArguments args, Reporter reporter)
    {
        bool max = attributeName is AdaptiveMaxPoolAttribute or GlobalMaxPoolAttribute;
        bool global = attributeName is GlobalMaxPoolAttribute or GlobalAvgPoolAttribute;
        string expected = max
            ? "(ReadOnlySpan<T> input, Span<T> output[, Span<int> or Span<long> indices], int extents…) with one int per spatial axis, outermost first, unless InputSize is set"
            : "(ReadOnlySpan<T> input, Span<T> output, int extents…) with one int per spatial axis, outermost first, unless InputSize is set";
        // PyTorch implements adaptive pooling for floating types only (test_adaptive_pooling_no_suppot_input).
        var signature = ParseSignature(method, args, reporter, FloatingElements, allowsIndices: max, expected);
        if (signature is null) return null;
        int rank = signature.Rank;
        int[] output;
        if (global)
        {
            output = Fill(rank, 1);
        }
        else
        {
            string pytorchName = (max ? "adaptive_max_pool" : "adaptive_avg_pool") + rank + "d";
            int[]? values = Expand(args.ConstructorInts(0), rank, "output_size", args.ConstructorLocation(0), reporter);
            if (values is null) return null;
            for (int axis = 0; axis < rank; axis++)
            {
                if (values[axis] < 1 && values[axis] != OutputAxisKeep)
                {
                    reporter.Report(DiagnosticDescriptors.InvalidOutputSize, args.ConstructorLocation(0, values.Length == 1 ? 0 : axis),
                        $"{pytorchName}: elements of output_size must be greater than or equal to 1 (or OutputAxis.Keep), but received {{{string.Join(", ", values)}}}");
                    return null;
                }
            }
            output = values;
        }
        return new AdaptivePoolModel(args.DisplayName, max, signature.Element, rank, output, signature.Indices, signature.InputSize,
            method.Parameters[0].Name, method.Parameters[1].Name, signature.IndicesName, signature.ExtentNames.ToArray());
    }

    private static UnpoolModel? ParseUnpool(IMethodSymbol method, AttributeArguments args, Reporter reporter)
    {
        string name = args.DisplayName;
        const string expected = "(ReadOnlySpan<T> input, ReadOnlySpan<long> or ReadOnlySpan<int> indices, Span<T> output, int extents…) with the input's extents, outermost first, unless InputSize is set";
        var ps = method.Parameters;
        if (ps.Length < 3)
        {
            reporter.Report(DiagnosticDescriptors.WrongSignature, method.Locations.FirstOrDefault() ?? Location.None, name, expected);
            return null;
        }
        if (SpanElement(ps[0].Type, "ReadOnlySpan") is not { } elementSymbol || ps[0].RefKind != RefKind.None)
        {
            reporter.Report(DiagnosticDescriptors.WrongSignature, ParameterLocation(ps[0]), name, expected);
            return null;
        }
        IndexType indexType = SpanElement(ps[1].Type, "ReadOnlySpan")?.SpecialType switch
        {
            SpecialType.System_Int32 => IndexType.Int32,
            SpecialType.System_Int64 => IndexType.Int64,
            _ => IndexType.None,
        };
        if (indexType == IndexType.None || ps[1].RefKind != RefKind.None)
        {
            reporter.Report(DiagnosticDescriptors.WrongSignature, ParameterLocation(ps[1]), name, expected);
            return null;
        }
        if (SpanElement(ps[2].Type, "Span") is not { } outputElement || !SymbolEqualityComparer.Default.Equals(outputElement, elementSymbol) || ps[2].RefKind != RefKind.None)
        {
            reporter.Report(DiagnosticDescriptors.WrongSignature, ParameterLocation(ps[2]), name, expected);
            return null;
        }
        ElementType? element = ElementOf(elementSymbol);
        if (element is null)
        {
            reporter.Report(DiagnosticDescriptors.UnsupportedElementType, ParameterLocation(ps[0]), name, elementSymbol.ToDisplayString(),
                string.Join(", ", AllElements.Select(CSharpName)));
            return null;
        }
        if (ParseExtents(method, args, reporter, 3, expected) is not var (extentNames, inputSize, rank)) return null;

        int[]? kernel = Expand(args.ConstructorInts(0), rank, "kernel_size", args.ConstructorLocation(0), reporter);
        bool strideGiven = args.ConstructorArgumentCount > 1;
        int[]? stride = strideGiven ? Expand(args.ConstructorInts(1), rank, "stride", args.ConstructorLocation(1), reporter) : kernel;
        int[]? padding = ExpandNamed(args, "Padding", "PaddingPerAxis", 0, rank, reporter);
        if (kernel is null || stride is null || padding is null) return null;
        // A stored MaxUnpooling.cpp revision validates kernel, stride and padding like pooling does (SEMANTICS.md §7).
        if (!ValidateWindow(args, reporter, 0, strideGiven, kernel, stride, padding, Fill(rank, 1))) return null;

        if (inputSize.Length > 0 && !args.HasNamed("OutputSize"))
        {
            var output = Enumerable.Range(0, rank).Select(a => PoolingShape.UnpoolLength(inputSize[a], kernel[a], stride[a], padding[a])).ToArray();
            if (output.Any(o => o < 1))
            {
                reporter.Report(DiagnosticDescriptors.OutputTooSmall, args.NamedLocation("InputSize"),
                    PoolingShape.OutputTooSmallMessage(inputSize.Select(i => (long)i).ToArray(), output));
                return null;
            }
        }
        int[] outputSize = Array.Empty<int>();
        if (args.HasNamed("OutputSize"))
        {
            outputSize = args.NamedInts("OutputSize") ?? Array.Empty<int>();
            if (outputSize.Length != rank || outputSize.Any(o => o < 1))
            {
                reporter.Report(DiagnosticDescriptors.InvalidUnpoolOutputSize, args.NamedLocation("OutputSize"),
                    outputSize.Length != rank
                        ? $"output_size should have {rank} elements (one per spatial axis), but it has {outputSize.Length}"
                        : $"output_size entries must be positive, but got ({string.Join(", ", outputSize)})");
                return null;
            }
            if (inputSize.Length > 0)
            {
                var defaults = Enumerable.Range(0, rank).Select(a => PoolingShape.UnpoolLength(inputSize[a], kernel[a], stride[a], padding[a])).ToArray();
                if (PoolingShape.ValidateUnpoolOutputSize(defaults, stride, outputSize) is { } invalid)
                {
                    reporter.Report(DiagnosticDescriptors.InvalidUnpoolOutputSize, args.NamedLocation("OutputSize"), invalid);
                    return null;
                }
            }
        }
        return new UnpoolModel(element.Value, rank, kernel, stride, padding, outputSize, indexType, inputSize,
            ps[0].Name, ps[1].Name, ps[2].Name, extentNames.ToArray());
    }

    private static ShuffleModel? ParseShuffle(IMethodSymbol method, bool unshuffle, AttributeArguments args, Reporter reporter)
    {
        const string expected = "(ReadOnlySpan<T> input, Span<T> output, int channels, int height, int width) with the input's extents, unless InputSize is set";
        var signature = ParseSignature(method, args, reporter, AllElements, allowsIndices: false, expected);
        if (signature is null) return null;
        if (signature.Rank != 3)
        {
            reporter.Report(DiagnosticDescriptors.RankMismatch, signature.InputSize.Length > 0 ? args.NamedLocation("InputSize") : method.Locations.FirstOrDefault() ?? Location.None,
                $"[{args.DisplayName}] needs the input's (channels, height, width): 3 int parameters or 3 InputSize entries, but got {signature.Rank}");
            return null;
        }
        int factor = args.ConstructorInts(0)?[0] ?? 0;
        string what = unshuffle ? "downscale_factor" : "upscale_factor";
        if (factor <= 0)
        {
            reporter.Report(DiagnosticDescriptors.InvalidShuffleFactor, args.ConstructorLocation(0),
                $"{(unshuffle ? "pixel_unshuffle" : "pixel_shuffle")} expects a positive {what}, but got {factor}");
            return null;
        }
        if (signature.InputSize.Length == 3 && PoolingShape.ValidateShuffle(unshuffle, factor, signature.InputSize[0], signature.InputSize[1], signature.InputSize[2]) is { } invalid)
        {
            reporter.Report(DiagnosticDescriptors.InvalidShuffleFactor, args.NamedLocation("InputSize"), invalid);
            return null;
        }
        return new ShuffleModel(unshuffle, signature.Element, factor, signature.InputSize, method.Parameters[0].Name, method.Parameters[1].Name,
            signature.ExtentNames.ToArray());
    }

    // UpsampleMode's values, in declaration order.
    private static readonly string[] ModeNames = { "nearest", "nearest-exact", "linear", "bilinear", "bicubic", "trilinear", "area" };

    private static OpModel? ParseUpsample(IMethodSymbol method, AttributeArguments args, Reporter reporter)
    {
        int mode = args.ConstructorEnum(0);
        if (mode < 0 || mode >= ModeNames.Length)
        {
            reporter.Report(DiagnosticDescriptors.EnumOutOfRange, args.ConstructorLocation(0), "mode", mode, "UpsampleMode",
                "Nearest, NearestExact, Linear, Bilinear, Bicubic, Trilinear, Area");
            return null;
        }
        string modeName = ModeNames[mode];
        bool nearestLike = mode is 0 or 1;
        bool interpolating = mode is 2 or 3 or 4 or 5;
        const string expected = "(ReadOnlySpan<T> input, Span<T> output, int extents…) with one int per spatial axis, outermost first, unless InputSize is set";
        var signature = ParseSignature(method, args, reporter, nearestLike ? AllElements : FloatingElements, allowsIndices: false, expected);
        if (signature is null) return null;
        int rank = signature.Rank;
        var modeLocation = args.ConstructorLocation(0);
        void Fail(Location at, string message) => reporter.Report(DiagnosticDescriptors.InvalidUpsample, at, message);

        // SEMANTICS.md §8.1, in PyTorch's order.
        if (!interpolating && args.HasNamed("AlignCorners"))
        {
            Fail(args.NamedLocation("AlignCorners"), "align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear");
            return null;
        }
        double[] scale = args.ConstructorDoubles(1) ?? Array.Empty<double>();
        bool hasSize = args.HasNamed("Size");
        if (hasSize && scale.Length > 0)
        {
            Fail(args.NamedLocation("Size"), "only one of size or scale_factor should be defined");
            return null;
        }
        int[] size = Array.Empty<int>();
        if (hasSize)
        {
            size = Expand(args.NamedInts("Size"), rank, "size", args.NamedLocation("Size"), reporter) ?? Array.Empty<int>();
            if (size.Length == 0) return null;
        }
        else if (scale.Length == 0)
        {
            Fail(args.AttributeLocation, "either size or scale_factor should be defined");
            return null;
        }
        else if (scale.Length != 1 && scale.Length != rank)
        {
            Fail(args.ConstructorLocation(1), $"Input and scale_factor must have the same number of spatial dimensions, but got input with {rank} spatial dimensions and scale_factor of {scale.Length}");
            return null;
        }
        else
        {
            scale = scale.Length == 1 ? Enumerable.Repeat(scale[0], rank).ToArray() : scale;
        }
        bool recompute = args.NamedBool("RecomputeScaleFactor", false);
        if (recompute && hasSize)
        {
            Fail(args.NamedLocation("RecomputeScaleFactor"), "recompute_scale_factor is not meaningful with an explicit size.");
            return null;
        }
        bool antialias = args.NamedBool("Antialias", false);
        if (antialias && mode is not (3 or 4))
        {
            Fail(args.NamedLocation("Antialias"), "Anti-alias option is restricted to bilinear and bicubic modes and requires a 4-D tensor as input");
            return null;
        }
        int requiredRank = mode switch { 2 => 1, 3 or 4 => 2, 5 => 3, _ => rank };
        if (requiredRank != rank)
        {
            Fail(modeLocation, $"Got {rank + 2}D input, but {modeName} mode needs {requiredRank + 2}D input");
            return null;
        }
        for (int axis = 0; axis < rank; axis++)
        {
            if (hasSize ? size[axis] <= 0 : !(scale[axis] > 0))
            {
                Fail(hasSize ? args.NamedLocation("Size", size.Length == rank ? axis : -1) : args.ConstructorLocation(1, axis),
                    hasSize ? $"Output sizes should be greater than 0, but got size {size[axis]}" : $"scale_factor must be greater than 0, but got {scale[axis].ToString("R", System.Globalization.CultureInfo.InvariantCulture)}");
                return null;
            }
        }
        int[] inputSize = signature.InputSize;
        if (inputSize.Length > 0)
        {
            var output = Enumerable.Range(0, rank).Select(a => hasSize ? size[a] : PoolingShape.UpsampleLength(inputSize[a], scale[a])).ToArray();
            if (output.Any(o => o < 1))
            {
                Fail(args.NamedLocation("InputSize"), PoolingShape.UpsampleSizeMessage(inputSize.Select(i => (long)i).ToArray(), output));
                return null;
            }
        }
        string display = args.DisplayName + "(" + modeName + ")";
        if (mode == 6)
        {
            // 'area' is adaptive average pooling to the output size, with the scale always recomputed (SEMANTICS.md §8.7).
            return new AdaptivePoolModel(display, false, signature.Element, rank, hasSize ? size : Fill(rank, -1), IndexType.None, inputSize,
                method.Parameters[0].Name, method.Parameters[1].Name, null, signature.ExtentNames.ToArray(), hasSize ? default : new EquatableArray<double>(scale));
        }
        var interpolation = mode switch { 0 => Interpolation.Nearest, 1 => Interpolation.NearestExact, 4 => Interpolation.Cubic, _ => Interpolation.Linear };
        return new UpsampleModel(interpolation, modeName, signature.Element, rank, size, hasSize ? Array.Empty<double>() : scale,
            KernelScale: !hasSize && !recompute, AlignCorners: interpolating && args.NamedBool("AlignCorners", false), inputSize,
            method.Parameters[0].Name, method.Parameters[1].Name, signature.ExtentNames.ToArray(), antialias);
    }

    /// <summary><c>Pooling.OutputAxis.Keep</c>: keep the input extent on this axis.</summary>
    private const int OutputAxisKeep = -1;

    /// <summary>What every op's parameter list shares: input, output, optional indices, trailing extents or InputSize.</summary>
    private sealed record Signature(ElementType Element, IndexType Indices, string? IndicesName, List<string> ExtentNames, int[] InputSize, int Rank);

    private static Signature? ParseSignature(IMethodSymbol method, AttributeArguments args, Reporter reporter, ElementType[] supported, bool allowsIndices, string expected)
    {
        string name = args.DisplayName;
        // Parameters: input, output, optional indices, trailing extents.
        var ps = method.Parameters;
        var nameLocation = method.Locations.FirstOrDefault() ?? Location.None;
        if (ps.Length < 2)
        {
            reporter.Report(DiagnosticDescriptors.WrongSignature, nameLocation, name, expected);
            return null;
        }
        if (SpanElement(ps[0].Type, "Span") is { } swappedIn && SpanElement(ps[1].Type, "ReadOnlySpan") is { } swappedOut
            && SymbolEqualityComparer.Default.Equals(swappedIn, swappedOut))
        {
            // Input and output written the wrong way round: a code fix swaps the two span types.
            reporter.ReportWithFix(DiagnosticDescriptors.WrongSignature, ParameterLocation(ps[0]),
                ImmutableDictionary<string, string?>.Empty.Add(FixProperties.SwapSpans, "true"), name, expected);
            return null;
        }
        if (SpanElement(ps[0].Type, "ReadOnlySpan") is not { } elementSymbol || ps[0].RefKind != RefKind.None)
        {
            reporter.Report(DiagnosticDescriptors.WrongSignature, ParameterLocation(ps[0]), name, expected);
            return null;
        }
        if (SpanElement(ps[1].Type, "Span") is not { } outputElement || !SymbolEqualityComparer.Default.Equals(outputElement, elementSymbol) || ps[1].RefKind != RefKind.None)
        {
            reporter.Report(DiagnosticDescriptors.WrongSignature, ParameterLocation(ps[1]), name, expected);
            return null;
        }
        ElementType? element = ElementOf(elementSymbol);
        if (element is null || Array.IndexOf(supported, element.Value) < 0)
        {
            reporter.Report(DiagnosticDescriptors.UnsupportedElementType, ParameterLocation(ps[0]), name, elementSymbol.ToDisplayString(),
                string.Join(", ", supported.Select(CSharpName)));
            return null;
        }
        int next = 2;
        IndexType indices = IndexType.None;
        string? indicesName = null;
        if (ps.Length > 2 && SpanElement(ps[2].Type, "Span") is { } indexElement)
        {
            indices = indexElement.SpecialType switch
            {
                SpecialType.System_Int32 => IndexType.Int32,
                SpecialType.System_Int64 => IndexType.Int64,
                _ => IndexType.None,
            };
            if (!allowsIndices || indices == IndexType.None)
            {
                reporter.Report(DiagnosticDescriptors.WrongSignature, ParameterLocation(ps[2]), name, expected);
                return null;
            }
            indicesName = ps[2].Name;
            next = 3;
        }
        if (ParseExtents(method, args, reporter, next, expected) is not var (extentNames, inputSize, rank)) return null;
        return new Signature(element.Value, indices, indicesName, extentNames, inputSize, rank);
    }

    /// <summary>Reports the first broken sliding-window rule (PyTorch's order) on the argument at fault; false when one is broken.</summary>
    private static bool ValidateWindow(AttributeArguments args, Reporter reporter, int first, bool strideGiven, int[] kernel, int[] stride, int[] padding, int[] dilation)
    {
        var rule = PoolingShape.ValidateWindow(kernel, stride, padding, dilation, out string message, out int axis);
        if (rule == WindowRule.Valid) return true;
        Location Where(string scalar, string perAxis) =>
            args.HasNamed(perAxis) ? args.NamedLocation(perAxis, axis) : args.NamedLocation(scalar);
        Location kernelLocation = args.ConstructorLocation(first, axis);
        switch (rule)
        {
            case WindowRule.StrideZero:
            case WindowRule.StrideNegative:
                if (strideGiven)
                    reporter.Report(DiagnosticDescriptors.InvalidStride, args.ConstructorLocation(first + 1, axis), message);
                else
                    reporter.Report(DiagnosticDescriptors.KernelNotPositive, kernelLocation,
                        message + $" (the stride defaults to the kernel size, {kernel[axis]})");
                break;
            case WindowRule.PaddingNegative:
                reporter.Report(DiagnosticDescriptors.PaddingNegative, Where("Padding", "PaddingPerAxis"), message);
                break;
            case WindowRule.PaddingTooLarge:
                reporter.ReportWithFix(DiagnosticDescriptors.PaddingTooLarge, Where("Padding", "PaddingPerAxis"),
                    ImmutableDictionary<string, string?>.Empty.Add(FixProperties.ClampedPadding, (kernel[axis] / 2).ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    message);
                break;
            case WindowRule.KernelNotPositive:
                reporter.Report(DiagnosticDescriptors.KernelNotPositive, kernelLocation, message);
                break;
            default:
                reporter.Report(DiagnosticDescriptors.DilationNotPositive, Where("Dilation", "DilationPerAxis"), message);
                break;
        }
        return false;
    }

    // SEMANTICS.md §4: PyTorch's LPPool is a signed composite, not a norm, for these cases. The kernel still follows
    // PyTorch; the warning says what the user will get.
    private static void WarnAboutNormType(double p, bool ceilMode, AttributeArguments args, Reporter reporter)
    {
        var at = args.ConstructorLocation(0);
        string text = double.IsPositiveInfinity(p) ? "∞" : double.IsNegativeInfinity(p) ? "-∞" : p.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        if (double.IsPositiveInfinity(p))
            reporter.Report(DiagnosticDescriptors.LpNormQuirk, at, $"norm_type {text}: PyTorch computes x^inf then ^0, which is 1 (or NaN), not max pooling");
        else if (p <= 0 || double.IsNaN(p))
            reporter.Report(DiagnosticDescriptors.LpNormQuirk, at, $"norm_type {text} ≤ 0 is not a norm: x^0 = 1 gives inf, and negative powers blow up at 0");
        else if (p != System.Math.Floor(p) || p % 2 == 1)
            reporter.Report(DiagnosticDescriptors.LpNormQuirk, at, $"norm_type {text}: PyTorch sums x^p with its sign, so a window with a negative sum gives NaN (no |x| is taken)");
        else if (ceilMode)
            reporter.Report(DiagnosticDescriptors.LpNormQuirk, args.NamedLocation("CeilMode"),
                "ceil_mode: a partial last window is rescaled (its mean is multiplied by the whole kernel size), as PyTorch does");
    }

    /// <summary>The trailing int parameters from <paramref name="first"/> on (run-time extents) or <c>InputSize</c>, the rank
    /// they give, and the options every op shares (Layout, Channels, MaxDegreeOfParallelism).</summary>
    private static (List<string> ExtentNames, int[] InputSize, int Rank)? ParseExtents(IMethodSymbol method, AttributeArguments args, Reporter reporter, int next, string expected)
    {
        string name = args.DisplayName;
        var ps = method.Parameters;
        var nameLocation = method.Locations.FirstOrDefault() ?? Location.None;
        var extentNames = new List<string>();
        bool tensors = IsTensor(ps[0].Type);
        for (int i = next; i < ps.Length; i++)
        {
            if (tensors || ps[i].Type.SpecialType != SpecialType.System_Int32 || ps[i].RefKind != RefKind.None)
            {
                reporter.Report(DiagnosticDescriptors.WrongSignature, ParameterLocation(ps[i]), name,
                    tensors ? expected + "; tensor spans carry their extents, so no int parameters follow them" : expected);
                return null;
            }
            extentNames.Add(ps[i].Name);
        }
        if (tensors)
        {
            // Every buffer a tensor span, or none: the adapter reads shapes from all of them.
            var span = ps.Take(next).FirstOrDefault(p => !IsTensor(p.Type));
            if (span is not null)
            {
                reporter.Report(DiagnosticDescriptors.WrongSignature, ParameterLocation(span), name,
                    expected + "; with tensor spans every buffer is a tensor span (ReadOnlyTensorSpan<T> in, TensorSpan<T> out)");
                return null;
            }
            extentNames = TensorExtentNames(method, args);
        }

        if (args.NamedEnum("Layout") is not (0 or 1) and var layout)
        {
            reporter.Report(DiagnosticDescriptors.EnumOutOfRange, args.NamedLocation("Layout"), "Layout", layout, "TensorLayout", "ChannelsFirst, ChannelsLast");
            return null;
        }

        // Channels-last: the channel count is Channels = N, or else the last int parameter (not a spatial extent).
        // (Pixel shuffle names its channel count first, (channels, height, width), whatever the layout.)
        bool channelsLast = args.NamedEnum("Layout") == 1 && args.AttributeClass is not (PixelShuffleAttribute or PixelUnshuffleAttribute);
        if (args.AttributeClass is PixelShuffleAttribute or PixelUnshuffleAttribute && args.HasNamed("Channels"))
        {
            reporter.Report(DiagnosticDescriptors.RankMismatch, args.NamedLocation("Channels"), "Pixel shuffle takes its channel count as its first extent (channels, height, width), not Channels");
            return null;
        }
        if (!channelsLast && args.NamedEnum("Layout") != 1 && args.HasNamed("Channels"))
        {
            reporter.Report(DiagnosticDescriptors.RankMismatch, args.NamedLocation("Channels"), "Channels applies only with Layout = ChannelsLast");
            return null;
        }
        if (channelsLast)
        {
            if (args.HasNamed("Channels"))
            {
                if (!(args.NamedInts("Channels")?[0] > 0))
                {
                    reporter.Report(DiagnosticDescriptors.RankMismatch, args.NamedLocation("Channels"), "Channels must be positive");
                    return null;
                }
            }
            else if (extentNames.Count == 0)
            {
                reporter.Report(DiagnosticDescriptors.RankMismatch, args.NamedLocation("Layout"),
                    "Layout = ChannelsLast needs the channel count: a last int parameter (…, int channels) or Channels = N");
                return null;
            }
            else
            {
                extentNames.RemoveAt(extentNames.Count - 1);
            }
        }

        // Rank: from InputSize, or from the trailing int parameters.
        int[] inputSize = args.NamedInts("InputSize") ?? Array.Empty<int>();
        int rank;
        if (args.HasNamed("InputSize"))
        {
            if (extentNames.Count > 0)
            {
                reporter.Report(DiagnosticDescriptors.RankMismatch, args.NamedLocation("InputSize"),
                    $"InputSize fixes the spatial extents at compile time, so the method must not also take them as int parameters ({string.Join(", ", extentNames)})");
                return null;
            }
            if (inputSize.Length is < 1 or > 3)
            {
                reporter.Report(DiagnosticDescriptors.RankMismatch, args.NamedLocation("InputSize"),
                    $"InputSize must have 1, 2 or 3 entries (one per spatial axis), but got {inputSize.Length}");
                return null;
            }
            for (int entry = 0; entry < inputSize.Length; entry++)
            {
                if (inputSize[entry] <= 0)
                {
                    reporter.Report(DiagnosticDescriptors.RankMismatch, args.NamedLocation("InputSize", entry),
                        $"InputSize entries must be positive, but entry {entry} is {inputSize[entry]}");
                    return null;
                }
            }
            rank = inputSize.Length;
        }
        else
        {
            rank = extentNames.Count;
            if (rank is < 1 or > 3)
            {
                reporter.Report(DiagnosticDescriptors.RankMismatch, nameLocation,
                    $"[{name}] needs 1, 2 or 3 trailing int parameters (the spatial extents, outermost first) or InputSize, but '{method.Name}' has {rank}");
                return null;
            }
        }

        if (args.NamedInts("MaxDegreeOfParallelism") is { Length: 1 } degrees && degrees[0] is var degree)
        {
            if (degree < 0)
                reporter.Report(DiagnosticDescriptors.InvalidParallelism, args.NamedLocation("MaxDegreeOfParallelism"),
                    $"MaxDegreeOfParallelism = {degree} on [{name}]: use a positive thread count, or 0 for the processor count");
            else if (!args.NamedBool("Parallel", false))
                reporter.Report(DiagnosticDescriptors.InvalidParallelism, args.NamedLocation("MaxDegreeOfParallelism"),
                    $"MaxDegreeOfParallelism on [{name}] has no effect without Parallel = true; add it, or remove MaxDegreeOfParallelism");
        }

        return (extentNames, inputSize, rank);
    }

    private static int[]? ExpandNamed(AttributeArguments args, string scalar, string perAxis, int defaultValue, int rank, Reporter reporter)
    {
        if (args.HasNamed(perAxis))
        {
            if (args.HasNamed(scalar))
            {
                reporter.Report(DiagnosticDescriptors.PerAxisArity, args.NamedLocation(perAxis), $"Set either {scalar} or {perAxis}, not both");
                return null;
            }
            return Expand(args.NamedInts(perAxis), rank, perAxis, args.NamedLocation(perAxis), reporter);
        }
        return Fill(rank, args.NamedInts(scalar)?[0] ?? defaultValue);
    }

    private static int[]? Expand(int[]? values, int rank, string what, Location location, Reporter reporter)
    {
        if (values is null) return null;
        if (values.Length == rank) return values;
        if (values.Length == 1) return Fill(rank, values[0]);
        reporter.Report(DiagnosticDescriptors.PerAxisArity, location,
            $"{what} must either be a single int, or a tuple of {rank} ints (one per spatial axis), but got {values.Length}");
        return null;
    }

    // The input's spatial extents of an op: compile-time sizes, or the names of its extent parameters.
    private static EquatableArray<string> SpatialSize(OpModel op) => op switch
    {
        WindowPoolModel m => m.HasConstantExtents ? m.InputSize.Select(v => v.ToString()).ToArray() : m.ExtentNames.Select(EscapeIdentifier).ToArray(),
        AdaptivePoolModel m => m.HasConstantExtents ? m.InputSize.Select(v => v.ToString()).ToArray() : m.ExtentNames.Select(EscapeIdentifier).ToArray(),
        UnpoolModel m => !m.InputSize.IsEmpty ? m.InputSize.Select(v => v.ToString()).ToArray() : m.ExtentNames.Select(EscapeIdentifier).ToArray(),
        UpsampleModel m => !m.InputSize.IsEmpty ? m.InputSize.Select(v => v.ToString()).ToArray() : m.ExtentNames.Select(EscapeIdentifier).ToArray(),
        ShuffleModel m => !m.InputSize.IsEmpty ? m.InputSize.Skip(1).Select(v => v.ToString()).ToArray() : m.ExtentNames.Skip(1).Select(EscapeIdentifier).ToArray(),
        _ => Array.Empty<string>(),
    };

    private static bool ContainsErrorType(ITypeSymbol type) =>
        type.TypeKind == TypeKind.Error || (type is INamedTypeSymbol named && named.TypeArguments.Any(ContainsErrorType));

    private static int[] Fill(int rank, int value) => Enumerable.Repeat(value, rank).ToArray();

    // ReadOnlySpan<T> / Span<T>, or their tensor forms ReadOnlyTensorSpan<T> / TensorSpan<T> (System.Numerics.Tensors).
    private static ITypeSymbol? SpanElement(ITypeSymbol type, string spanName) =>
        type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named
        && ((named.Name == spanName && named.ContainingNamespace.ToDisplayString() == "System") || (IsTensor(named) && named.Name == TensorName(spanName)))
            ? named.TypeArguments[0]
            : null;

    private static string TensorName(string spanName) => spanName == "Span" ? "TensorSpan" : "ReadOnlyTensorSpan";

    private static bool IsTensor(ITypeSymbol type) =>
        type is INamedTypeSymbol { IsGenericType: true, Name: "TensorSpan" or "ReadOnlyTensorSpan" } named
        && named.ContainingNamespace.ToDisplayString() == "System.Numerics.Tensors";

    /// <summary>
    /// A tensor-span kernel's extents, which the tensors carry: named as the span kernel underneath takes them. The rank
    /// is InputSize's, else the longest per-axis argument's (e.g. <c>KernelSizePerAxis = new[] { 2, 2, 2 }</c>), else 2
    /// (images); pixel shuffles take (channels, height, width); channels-last adds the channel count. A name that a
    /// span parameter already has gets a trailing underscore.
    /// </summary>
    private static List<string> TensorExtentNames(IMethodSymbol method, AttributeArguments args)
    {
        bool shuffle = args.AttributeClass is PixelShuffleAttribute or PixelUnshuffleAttribute;
        int longest = args.LongestArray("InputSize");
        int rank = args.NamedInts("InputSize") is { Length: > 0 } size ? size.Length : longest > 1 ? Math.Min(longest, 3) : 2;
        var names = shuffle ? new List<string> { "channels", "height", "width" } : new[] { "depth", "height", "width" }.Skip(3 - rank).ToList();
        if (args.HasNamed("InputSize")) names.Clear();
        if (!shuffle && args.NamedEnum("Layout") == 1 && !args.HasNamed("Channels")) names.Add("channels");
        var taken = new HashSet<string>(method.Parameters.Select(p => p.Name));
        return names.Select(n =>
        {
            while (taken.Contains(n)) n += "_";
            return n;
        }).ToList();
    }

    private static ElementType? ElementOf(ITypeSymbol type) => type.SpecialType switch
    {
        SpecialType.System_Single => ElementType.Float,
        SpecialType.System_Double => ElementType.Double,
        SpecialType.System_Byte => ElementType.Byte,
        SpecialType.System_SByte => ElementType.SByte,
        SpecialType.System_Int16 => ElementType.Int16,
        SpecialType.System_UInt16 => ElementType.UInt16,
        SpecialType.System_Int32 => ElementType.Int32,
        SpecialType.System_Int64 => ElementType.Int64,
        _ => type.ToDisplayString() == "System.Half" ? ElementType.Half : null,
    };

    internal static string CSharpName(ElementType element) => element switch
    {
        ElementType.Float => "float",
        ElementType.Double => "double",
        ElementType.Half => "Half",
        ElementType.Byte => "byte",
        ElementType.SByte => "sbyte",
        ElementType.Int16 => "short",
        ElementType.UInt16 => "ushort",
        ElementType.Int32 => "int",
        _ => "long",
    };

    private static Location ParameterLocation(IParameterSymbol parameter) => parameter.Locations.FirstOrDefault() ?? Location.None;

    private static string EscapeIdentifier(string name) => Emit.MethodEmitter.Identifier(name);

    // Unique across overloads and nested/generic types: Namespace.Outer.Inner.Method.<parameter types hash>.g.cs
    private static string HintName(IMethodSymbol method)
    {
        var builder = new StringBuilder();
        builder.Append(method.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat).Replace("global::", ""));
        builder.Append('.').Append(method.Name);
        string signature = string.Join(",", method.Parameters.Select(p => p.Type.ToDisplayString()));
        uint hash = 2166136261;
        foreach (char c in signature) hash = unchecked((hash ^ c) * 16777619);
        builder.Append('.').Append(hash.ToString("x8")).Append(".g.cs");
        var name = new StringBuilder();
        foreach (char c in builder.ToString()) name.Append(char.IsLetterOrDigit(c) || c is '.' or '_' ? c : '_');
        return name.ToString();
    }

    /// <summary>Diagnostic property keys the code fixes read.</summary>
    internal static class FixProperties
    {
        /// <summary>On POOL0005: the largest valid padding (kernel / 2) for the axis at fault.</summary>
        public const string ClampedPadding = nameof(ClampedPadding);

        /// <summary>On POOL0023: the input is a Span and the output a ReadOnlySpan; swapping them fixes the signature.</summary>
        public const string SwapSpans = nameof(SwapSpans);
    }

    /// <summary>Collects diagnostics when the analyzer asks for them, and the first error's message either way.</summary>
    private sealed class Reporter
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
