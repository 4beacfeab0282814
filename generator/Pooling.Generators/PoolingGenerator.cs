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
                    ? request with { Method = request.Method with { ShortNames = NameAliases.AreFree(ctx.SemanticModel, method, ctx.TargetNode.SpanStart) } }
                    : null)
            .WithTrackingName(trackingName)
            .Where(static request => request is not null)
            .WithTrackingName(TrackingNames.Requests);

    private static string Emit(KernelRequest request) => request.Op switch
    {
        WindowPoolModel window when request.Method.ChannelsLast is { } nhwc && ChannelsLastWindowEmitter.Handles(window)
            => ChannelsLastWindowEmitter.Emit(request.Method with { ChannelsLast = null }, window, nhwc, WindowPoolEmitter.Remarks(window, unrollNote: false)),
        WindowPoolModel window => WindowPoolEmitter.Emit(request.Method, window),
        AdaptivePoolModel adaptive when request.Method.ChannelsLast is { } nhwc
            => AdaptivePoolEmitter.Emit(request.Method with { ChannelsLast = null }, adaptive, nhwc),
        AdaptivePoolModel adaptive => AdaptivePoolEmitter.Emit(request.Method, adaptive),
        UnpoolModel unpool when request.Method.ChannelsLast is { } nhwc => UnpoolEmitter.Emit(request.Method with { ChannelsLast = null }, unpool, nhwc),
        UnpoolModel unpool => UnpoolEmitter.Emit(request.Method, unpool),
        ShuffleModel shuffle when request.Method.ChannelsLast is not null
            => ShuffleEmitter.Emit(request.Method with { ChannelsLast = null }, shuffle, channelsLast: true),
        ShuffleModel shuffle => ShuffleEmitter.Emit(request.Method, shuffle),
        UpsampleModel upsample when request.Method.ChannelsLast is { } nhwc && UpsampleEmitter.HandlesChannelsLast(upsample)
            => UpsampleEmitter.Emit(request.Method with { ChannelsLast = null }, upsample, nhwc),
        UpsampleModel upsample => UpsampleEmitter.Emit(request.Method, upsample),
        _ => MethodEmitter.EmitInvalid(request.Method, request.Error ?? "invalid configuration"),
    };
}
