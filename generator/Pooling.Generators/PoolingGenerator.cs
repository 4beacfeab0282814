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
        public const string MaxUnpool = nameof(MaxUnpool);
        public const string PixelShuffle = nameof(PixelShuffle);
        public const string Upsample = nameof(Upsample);
        public const string PixelUnshuffle = nameof(PixelUnshuffle);
        public const string Requests = nameof(Requests);
    }

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var max = Requests(context, KernelParser.MaxPoolAttribute, TrackingNames.MaxPool);
        var min = Requests(context, KernelParser.MinPoolAttribute, TrackingNames.MinPool);
        var avg = Requests(context, KernelParser.AvgPoolAttribute, TrackingNames.AvgPool);
        var lp = Requests(context, KernelParser.LpPoolAttribute, TrackingNames.LpPool);
        var adaptiveMax = Requests(context, KernelParser.AdaptiveMaxPoolAttribute, TrackingNames.AdaptiveMaxPool);
        var adaptiveAvg = Requests(context, KernelParser.AdaptiveAvgPoolAttribute, TrackingNames.AdaptiveAvgPool);
        var globalMax = Requests(context, KernelParser.GlobalMaxPoolAttribute, TrackingNames.GlobalMaxPool);
        var globalAvg = Requests(context, KernelParser.GlobalAvgPoolAttribute, TrackingNames.GlobalAvgPool);
        var unpool = Requests(context, KernelParser.MaxUnpoolAttribute, TrackingNames.MaxUnpool);
        var shuffle = Requests(context, KernelParser.PixelShuffleAttribute, TrackingNames.PixelShuffle);
        var unshuffle = Requests(context, KernelParser.PixelUnshuffleAttribute, TrackingNames.PixelUnshuffle);
        var upsample = Requests(context, KernelParser.UpsampleAttribute, TrackingNames.Upsample);
        foreach (var requests in new[] { max, min, avg, lp, adaptiveMax, adaptiveAvg, globalMax, globalAvg, unpool, shuffle, unshuffle, upsample })
        {
            context.RegisterSourceOutput(requests, static (output, request) => output.AddSource(request!.Method.HintName, Emit(request)));
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

    // Channels-last kernels are written natively by each family's emitter, from the channel count ChannelsLast carries.
    private static string Emit(KernelRequest request)
    {
        var nhwc = request.Method.ChannelsLast;
        var method = request.Method with { ChannelsLast = null };
        return request.Op switch
        {
            WindowPoolModel window when nhwc is not null
                => ChannelsLastWindowEmitter.Emit(method, window, nhwc, WindowPoolEmitter.Remarks(window, unrollNote: false)),
            WindowPoolModel window => WindowPoolEmitter.Emit(method, window),
            AdaptivePoolModel adaptive => AdaptivePoolEmitter.Emit(method, adaptive, nhwc),
            UnpoolModel unpool => UnpoolEmitter.Emit(method, unpool, nhwc),
            ShuffleModel shuffle => ShuffleEmitter.Emit(method, shuffle, channelsLast: nhwc is not null),
            UpsampleModel upsample => UpsampleEmitter.Emit(method, upsample, nhwc),
            _ => MethodEmitter.EmitInvalid(method, request.Error ?? "invalid configuration"),
        };
    }
}
