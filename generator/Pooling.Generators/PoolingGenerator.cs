using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Pooling.Generators.Emit;
using Pooling.Generators.Model;
using Pooling.Generators.Parsing;

namespace Pooling.Generators;

/// <summary>
/// The pipeline: one <c>ForAttributeWithMetadataName</c> per kernel attribute; the transform turns the method into a
/// symbol-free <see cref="KernelRequest"/> at once; emitting is a pure function of that model. Diagnostics come from
/// <see cref="Diagnostics.KernelAnalyzer"/>, which runs the same parser.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class PoolingGenerator : IIncrementalGenerator
{
    /// <summary>Tracking names of the pipeline steps, so tests can assert that an unrelated edit leaves them cached.</summary>
    public static class TrackingNames
    {
        public const string MaxPool = nameof(MaxPool);
        public const string MinPool = nameof(MinPool);
        public const string AvgPool = nameof(AvgPool);
        public const string LpPool = nameof(LpPool);
        public const string AdaptiveMaxPool = nameof(AdaptiveMaxPool);
        public const string AdaptiveAvgPool = nameof(AdaptiveAvgPool);
        public const string GlobalMaxPool = nameof(GlobalMaxPool);
        public const string GlobalAvgPool = nameof(GlobalAvgPool);
        public const string GlobalLpPool = nameof(GlobalLpPool);
        public const string MaxUnpool = nameof(MaxUnpool);
        public const string PixelShuffle = nameof(PixelShuffle);
        public const string Upsample = nameof(Upsample);
        public const string PixelUnshuffle = nameof(PixelUnshuffle);
        public const string DepthToSpace = nameof(DepthToSpace);
        public const string SpaceToDepth = nameof(SpaceToDepth);
        public const string RoiAlign = nameof(RoiAlign);
        public const string GridSample = nameof(GridSample);
        public const string RoiPool = nameof(RoiPool);
        public const string Requests = nameof(Requests);
    }

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        foreach (var family in KernelFamilies.All)
        {
            context.RegisterSourceOutput(Requests(context, family.Attribute, family.TrackingName),
                (output, request) => output.AddSource(request!.Method.HintName, Emit(family, request)));
        }
    }

    private static IncrementalValuesProvider<KernelRequest?> Requests(IncrementalGeneratorInitializationContext context, string attribute, string trackingName) =>
        context.SyntaxProvider
            .ForAttributeWithMetadataName(
                attribute,
                static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax,
                static (ctx, token) => ctx.TargetSymbol is IMethodSymbol method && ctx.Attributes.Length == 1
                    && KernelParser.Parse(method, ctx.Attributes[0], diagnostics: null, token) is { } request
                    ? request with { Method = request.Method with { FreeAliases = NameAliases.FreeAliases(ctx.SemanticModel, method, ctx.TargetNode) } }
                    : null)
            .WithTrackingName(trackingName)
            .Where(static request => request is not null)
            .WithTrackingName(TrackingNames.Requests);

    // The family's emitter for a valid configuration (channels-last kernels natively, from the channel count
    // ChannelsLast carries); a throwing body for an invalid one, whose error the analyzer reports.
    private static string Emit(KernelFamily family, KernelRequest request)
    {
        var nhwc = request.Method.ChannelsLast;
        var method = request.Method with { ChannelsLast = null };
        return request.Op is { } op ? KernelFamilies.Emit(family, method, op, nhwc) : MethodEmitter.EmitInvalid(method, request.Error ?? "invalid configuration");
    }
}
