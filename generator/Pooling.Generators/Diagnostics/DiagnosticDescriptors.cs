using Microsoft.CodeAnalysis;

namespace Pooling.Generators.Diagnostics;

/// <summary>Every diagnostic the analyzer reports. IDs are stable; each has a page at docs/diagnostics/POOLxxxx.md.</summary>
internal static class DiagnosticDescriptors
{
    private const string Geometry = "Pooling.Geometry";
    private const string Declaration = "Pooling.Declaration";
    private const string Generation = "Pooling.Generation";

    public static readonly DiagnosticDescriptor KernelNotPositive = Error("POOL0001", "Kernel size must be positive", "{0}", Geometry);
    public static readonly DiagnosticDescriptor InvalidStride = Error("POOL0002", "Stride must be positive", "{0}", Geometry);
    public static readonly DiagnosticDescriptor DilationNotPositive = Error("POOL0003", "Dilation must be positive", "{0}", Geometry);
    public static readonly DiagnosticDescriptor PaddingNegative = Error("POOL0004", "Padding must be non-negative", "{0}", Geometry);
    public static readonly DiagnosticDescriptor PaddingTooLarge = Error("POOL0005", "Padding must be at most half the kernel size", "{0}", Geometry);
    public static readonly DiagnosticDescriptor OutputTooSmall = Error("POOL0006", "The output would be empty for the given InputSize", "{0}", Geometry);
    public static readonly DiagnosticDescriptor InputSmallerThanKernel = Error("POOL0007", "3-D average pooling needs an input at least as large as the kernel", "{0}", Geometry);
    public static readonly DiagnosticDescriptor InvalidDivisorOverride = Error("POOL0008", "Invalid divisor override", "{0}", Geometry);
    public static readonly DiagnosticDescriptor PerAxisArity = Error("POOL0009", "A per-axis value needs one entry or one per spatial axis",
        "{0}", Geometry);

    public static readonly DiagnosticDescriptor InvalidOutputSize = Error("POOL0010", "Invalid adaptive output size", "{0}", Geometry);

    public static readonly DiagnosticDescriptor InvalidUnpoolOutputSize = Error("POOL0012", "Invalid MaxUnpool output size", "{0}", Geometry);

    public static readonly DiagnosticDescriptor InvalidShuffleFactor = Error("POOL0013", "Invalid pixel shuffle factor or shape", "{0}", Geometry);

    public static readonly DiagnosticDescriptor InvalidUpsample = Error("POOL0014", "Invalid upsample configuration", "{0}", Geometry);

    public static readonly DiagnosticDescriptor SizeTooLarge = Error("POOL0015", "A compile-time size exceeds int.MaxValue elements", "{0}", Geometry);

    public static readonly DiagnosticDescriptor InvalidOnnxPadding = Error("POOL0017", "Invalid ONNX padding (Pads or AutoPad)", "{0}", Geometry);

    public static readonly DiagnosticDescriptor InvalidRoiAlign = Error("POOL0018", "Invalid RoiAlign configuration", "{0}", Geometry);

    public static readonly DiagnosticDescriptor InvalidGridSample = Error("POOL0019", "Invalid GridSample configuration", "{0}", Geometry);

    public static readonly DiagnosticDescriptor InvalidIndexOption = Error("POOL0031", "Invalid MaxPool indices option", "{0}", Geometry);

    public static readonly DiagnosticDescriptor EnumOutOfRange = Error("POOL0016", "Enum argument outside its defined values",
        "{0} = {1} is not a defined {2} value; use one of: {3}", Geometry);

    public static readonly DiagnosticDescriptor LpNormQuirk = new("POOL0011", "LpPool norm type or ceil mode follows PyTorch's composite, not a true norm",
        "{0}", Geometry, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLink("POOL0011"));

    public static readonly DiagnosticDescriptor MethodNotPartial = Error("POOL0020", "Kernel method must be partial",
        "Method '{0}' carries [{1}] but is not partial: the generator can only implement a partial method", Declaration);
    public static readonly DiagnosticDescriptor MissingAccessibility = Error("POOL0021", "Kernel method needs an explicit accessibility",
        "Partial method '{0}' has no accessibility modifier: calls to it would be silently erased when no body is generated; declare it 'public', 'internal' or 'private'", Declaration);
    public static readonly DiagnosticDescriptor TypeNotPartial = Error("POOL0022", "Containing type must be partial",
        "Type '{0}' contains the kernel method '{1}' and must be declared partial", Declaration);
    public static readonly DiagnosticDescriptor WrongSignature = Error("POOL0023", "Kernel method signature does not match the op",
        "[{0}] expects {1} (or the same with ReadOnlyTensorSpan<T>/TensorSpan<T> buffers, which carry the extents)", Declaration);
    public static readonly DiagnosticDescriptor UnsupportedElementType = Error("POOL0024", "Element type not supported by this op",
        "[{0}] does not support element type '{1}'; supported: {2}", Declaration);
    public static readonly DiagnosticDescriptor RankMismatch = Error("POOL0025", "Number of spatial axes is invalid or inconsistent",
        "{0}", Declaration);
    public static readonly DiagnosticDescriptor MultipleKernelAttributes = Error("POOL0026", "Only one kernel attribute per method",
        "Method '{0}' carries more than one kernel attribute ({1}); keep one", Declaration);
    public static readonly DiagnosticDescriptor GenericMethod = Error("POOL0027", "Kernel methods cannot be generic",
        "Kernel method '{0}' must not have type parameters: a kernel is specialised to one element type", Declaration);
    public static readonly DiagnosticDescriptor InvalidParallelism = Error("POOL0030", "Invalid MaxDegreeOfParallelism",
        "{0}", Declaration);

    public static readonly DiagnosticDescriptor BackwardNotBuilt = Error("POOL0032", "No backward kernel for this configuration",
        "Backward = true on [{0}]: {1}", Declaration);

    public static readonly DiagnosticDescriptor FileLocalType = Error("POOL0029", "Kernel methods cannot live in file-local types",
        "Type '{0}' is file-local ('file'), so the generator cannot add the body of '{1}' in another file; declare the type without 'file' (e.g. 'internal')", Declaration);

    public static readonly DiagnosticDescriptor CompactLoops = new("POOL0040", "Window too large to unroll",
        "[{0}] has {1} taps per window, above the unrolling budget of {2}: the generator emits compact loops instead", Generation,
        DiagnosticSeverity.Info, isEnabledByDefault: true, helpLinkUri: HelpLink("POOL0040"));

    private static DiagnosticDescriptor Error(string id, string title, string message, string category) =>
        new(id, title, message, category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink(id));

    private static string HelpLink(string id) => "https://github.com/pooling-generators/pooling-generators/blob/main/docs/diagnostics/" + id + ".md";
}
