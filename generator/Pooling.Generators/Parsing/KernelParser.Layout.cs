using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Pooling.Generators.Model;

namespace Pooling.Generators.Parsing;

// Layouts and buffer forms: channels-last extents, tensor spans and the span kernel underneath them.
internal static partial class KernelParser
{
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
            string modifiers = model.Parameters[i].Modifiers.StartsWith("this ", StringComparison.Ordinal) ? "this " : "";
            return new KernelParameter(modifiers, $"global::System.{(readOnly ? "ReadOnlySpan" : "Span")}<{element}>", EscapeIdentifier(p.Name),
                readOnly ? ParameterKind.Input : ParameterKind.Output, element);
        }).ToList();
        var kernelParameters = spans.Concat(names.Select(n => new KernelParameter("", "int", EscapeIdentifier(n)))).ToArray();
        bool channelsLast = args.NamedEnum("Layout") == (int)TensorLayout.ChannelsLast;
        if (op is RoiAlignModel or GridSampleModel)
        {
            // The operators' tensors (input, operands…, output) are checked by their emitters' own adapters, so no pool
            // input dimensions or output-size arguments are derived for them.
            var operands = method.Parameters.Select((p, i) => i == 0 ? TensorRole.Input : p.Type.Name == "TensorSpan" ? TensorRole.Output : TensorRole.Operand).ToArray();
            return model with
            {
                Parameters = kernelParameters,
                Tensors = new TensorModel(model.Parameters, operands, Array.Empty<TensorDimension>(), Array.Empty<string>(), false, channelsLast, op.Rank),
            };
        }
        // (input, output[, indices]) for every family but unpooling's (input, indices, output).
        var roles = op is BackwardModel backward ? BackwardRoles(backward)
            : method.Parameters.Select((_, i) => i == 0 ? TensorRole.Input
                : op is UnpoolModel ? (i == 1 ? TensorRole.IndexInput : TensorRole.Output)
                : i == 1 ? TensorRole.Output : TensorRole.IndexOutput).ToArray();
        if (op is BackwardModel wrapped) op = wrapped.Forward;
        bool shuffle = op is ShuffleModel;
        var constantInput = op.InputSize;
        // The input's trailing dimensions in tensor order: the extents (or InputSize's constants), then channels-last's
        // channel count (a parameter, or Channels = N); pixel shuffle's (channels, height, width) is (height, width,
        // channels) in a channels-last tensor.
        // The extents the kernel's shape depends on, without channels-last's channel parameter (kernel order).
        var extents = constantInput.IsEmpty
            ? names.Where(n => shuffle || !channelsLast || args.HasNamed("Channels") || n != names.Last()).ToList()
            : new List<string>();
        var trailing = constantInput.IsEmpty ? extents.Select(TensorDimension.Parameter).ToList()
            : constantInput.Select(TensorDimension.Constant).ToList();
        if (channelsLast && !shuffle)
            trailing.Add(args.NamedInts("Channels") is { Length: > 0 } c ? TensorDimension.Constant(c[0]) : TensorDimension.Parameter(names.Last()));
        if (channelsLast && shuffle) trailing = new List<TensorDimension> { trailing[1], trailing[2], trailing[0] };
        int outputRank = shuffle ? 3 : op.Rank;
        return model with
        {
            Parameters = kernelParameters,
            Tensors = new TensorModel(model.Parameters, roles, trailing.ToArray(),
                extents.ToArray(),
                shuffle, channelsLast, outputRank),
        };
    }


    // A backward kernel's tensors: the gradient it writes has the forward input's shape and gives the extents;
    // gradOutput and a max pool's indices have the output's, the forward's input and unpooling's indices the input's.
    private static TensorRole[] BackwardRoles(BackwardModel b) => b.Source switch
    {
        GradientSource.None => new[] { TensorRole.OutputShaped, TensorRole.Input },
        GradientSource.Input => new[] { TensorRole.InputShaped, TensorRole.OutputShaped, TensorRole.Input },
        _ => new[] { TensorRole.OutputShaped, b.Forward is UnpoolModel ? TensorRole.InputShaped : TensorRole.OutputShaped, TensorRole.Input },
    };

    // The spatial rank an upsampling mode is defined for (PyTorch: linear 3-D input, bilinear/bicubic 4-D, trilinear 5-D).
    private static int? ModeRank(AttributeArguments args) =>
        args.AttributeClass != UpsampleAttribute ? null : (UpsampleMode)args.ConstructorEnum(0) switch
        {
            UpsampleMode.Linear => 1,
            UpsampleMode.Bilinear or UpsampleMode.Bicubic or UpsampleMode.Box or UpsampleMode.Lanczos => 2,
            UpsampleMode.Trilinear => 3,
            _ => null,
        };

    private static string TensorName(string spanName) => spanName == "Span" ? "TensorSpan" : "ReadOnlyTensorSpan";

    private static bool IsTensor(ITypeSymbol type) =>
        type is INamedTypeSymbol { IsGenericType: true, Name: "TensorSpan" or "ReadOnlyTensorSpan" } named
        && named.ContainingNamespace.ToDisplayString() == "System.Numerics.Tensors";

    /// <summary>
    /// A tensor-span kernel's extents, which the tensors carry: named as the span kernel underneath takes them. The rank
    /// is InputSize's, else the longest per-axis argument's (<c>new[] { 3 }</c> is 1-D, <c>DilationPerAxis = new[] { 1, 2, 2 }</c>
    /// 3-D), else the one an upsampling mode implies (linear 1, bilinear and bicubic 2, trilinear 3), else 2 (images);
    /// pixel shuffles take (channels, height, width); channels-last adds the channel count. A name that a span parameter
    /// already has gets a trailing underscore.
    /// </summary>
    private static List<string> TensorExtentNames(IMethodSymbol method, AttributeArguments args)
    {
        bool shuffle = IsShuffle(args.AttributeClass);
        var taken = new HashSet<string>(method.Parameters.Select(p => p.Name));
        string Free(string n)
        {
            while (taken.Contains(n)) n += "_";
            return n;
        }
        if (args.AttributeClass is RoiAlignAttribute or RoiPoolAttribute or GridSampleAttribute)
        {
            // The operators' feature map or image: (channels, height, width), channels-last (height, width, channels);
            // a volume's extents come from InputSize (the tensor's rank does not fix the kernel's at compile time).
            if (args.NamedInts("InputSize") is not null) return new List<string>();
            var image = args.NamedEnum("Layout") == (int)TensorLayout.ChannelsLast ? new[] { "height", "width", "channels" } : new[] { "channels", "height", "width" };
            return image.Select(Free).ToList();
        }
        int longest = args.LongestPerAxis("InputSize");
        int rank = args.NamedInts("InputSize") is { Length: > 0 } size ? size.Length
            : longest > 0 ? Math.Min(longest, 3)
            : ModeRank(args) ?? 2;
        var names = shuffle ? new List<string> { "channels", "height", "width" } : new[] { "depth", "height", "width" }.Skip(3 - rank).ToList();
        if (args.NamedInts("InputSize") is not null) names.Clear();   // InputSize = null: as if not set
        if (!shuffle && args.NamedEnum("Layout") == (int)TensorLayout.ChannelsLast && !args.HasNamed("Channels")) names.Add("channels");
        return names.Select(Free).ToList();
    }
}
