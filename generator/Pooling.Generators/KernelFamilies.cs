using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Pooling.Generators.Emit;
using Pooling.Generators.Model;
using Pooling.Generators.Parsing;

namespace Pooling.Generators;

/// <summary>
/// One kernel attribute: its metadata name, the tracking name of its pipeline step, how its arguments become a model
/// (problems go to the reporter) and how a valid model becomes a file (the method model without its channels-last
/// part, the op model, the channels-last part or null).
/// </summary>
internal sealed record KernelFamily(
    string Attribute,
    string TrackingName,
    Func<IMethodSymbol, string, AttributeArguments, KernelParser.Reporter, OpModel?> Parse,
    Func<MethodModel, OpModel, ChannelsLastModel?, string> Emit);

/// <summary>
/// The registry every part of the generator reads: the pipeline registers one step per row, the parser and the
/// analyzer find an attribute's parser here. A new family is a row, its parser and its emitter.
/// </summary>
internal static class KernelFamilies
{
    public static readonly KernelFamily[] All =
    {
        new(KernelParser.MaxPoolAttribute, PoolingGenerator.TrackingNames.MaxPool, KernelParser.ParseWindowPool, EmitWindowPool),
        new(KernelParser.MinPoolAttribute, PoolingGenerator.TrackingNames.MinPool, KernelParser.ParseWindowPool, EmitWindowPool),
        new(KernelParser.AvgPoolAttribute, PoolingGenerator.TrackingNames.AvgPool, KernelParser.ParseWindowPool, EmitWindowPool),
        new(KernelParser.LpPoolAttribute, PoolingGenerator.TrackingNames.LpPool, KernelParser.ParseWindowPool, EmitWindowPool),
        new(KernelParser.AdaptiveMaxPoolAttribute, PoolingGenerator.TrackingNames.AdaptiveMaxPool, KernelParser.ParseAdaptivePool, EmitAdaptivePool),
        new(KernelParser.AdaptiveAvgPoolAttribute, PoolingGenerator.TrackingNames.AdaptiveAvgPool, KernelParser.ParseAdaptivePool, EmitAdaptivePool),
        new(KernelParser.GlobalMaxPoolAttribute, PoolingGenerator.TrackingNames.GlobalMaxPool, KernelParser.ParseAdaptivePool, EmitAdaptivePool),
        new(KernelParser.GlobalAvgPoolAttribute, PoolingGenerator.TrackingNames.GlobalAvgPool, KernelParser.ParseAdaptivePool, EmitAdaptivePool),
        new(KernelParser.GlobalLpPoolAttribute, PoolingGenerator.TrackingNames.GlobalLpPool, KernelParser.ParseAdaptivePool, EmitAdaptivePool),
        new(KernelParser.MaxUnpoolAttribute, PoolingGenerator.TrackingNames.MaxUnpool,
            (method, _, args, reporter) => KernelParser.ParseUnpool(method, args, reporter),
            (method, op, nhwc) => UnpoolEmitter.Emit(method, (UnpoolModel)op, nhwc)),
        new(KernelParser.PixelShuffleAttribute, PoolingGenerator.TrackingNames.PixelShuffle,
            (method, _, args, reporter) => KernelParser.ParseShuffle(method, unshuffle: false, args, reporter), EmitShuffle),
        new(KernelParser.PixelUnshuffleAttribute, PoolingGenerator.TrackingNames.PixelUnshuffle,
            (method, _, args, reporter) => KernelParser.ParseShuffle(method, unshuffle: true, args, reporter), EmitShuffle),
        new(KernelParser.DepthToSpaceAttribute, PoolingGenerator.TrackingNames.DepthToSpace,
            (method, _, args, reporter) => KernelParser.ParseDepthToSpace(method, spaceToDepth: false, args, reporter), EmitShuffle),
        new(KernelParser.SpaceToDepthAttribute, PoolingGenerator.TrackingNames.SpaceToDepth,
            (method, _, args, reporter) => KernelParser.ParseDepthToSpace(method, spaceToDepth: true, args, reporter), EmitShuffle),
        new(KernelParser.RoiAlignAttribute, PoolingGenerator.TrackingNames.RoiAlign,
            (method, _, args, reporter) => KernelParser.ParseRoiAlign(method, args, reporter),
            (method, op, _) => RoiAlignEmitter.Emit(method, (RoiAlignModel)op)),
        new(KernelParser.RoiPoolAttribute, PoolingGenerator.TrackingNames.RoiPool,
            (method, _, args, reporter) => KernelParser.ParseRoiAlign(method, args, reporter, pool: true),
            (method, op, _) => RoiAlignEmitter.Emit(method, (RoiAlignModel)op)),
        new(KernelParser.GridSampleAttribute, PoolingGenerator.TrackingNames.GridSample,
            (method, _, args, reporter) => KernelParser.ParseGridSample(method, args, reporter),
            (method, op, _) => GridSampleEmitter.Emit(method, (GridSampleModel)op)),
        new(KernelParser.UpsampleAttribute, PoolingGenerator.TrackingNames.Upsample,
            (method, _, args, reporter) => KernelParser.ParseUpsample(method, args, reporter), EmitUpsample),
    };

    private static readonly Dictionary<string, KernelFamily> ByAttribute = All.ToDictionary(f => f.Attribute);

    /// <summary>A valid model as a file: a backward model to <see cref="BackwardEmitter"/>, any other to the family's emitter.</summary>
    public static string Emit(KernelFamily family, MethodModel method, OpModel op, ChannelsLastModel? nhwc) =>
        op is BackwardModel backward ? BackwardEmitter.Emit(method, backward, nhwc) : family.Emit(method, op, nhwc);

    /// <summary>The family of an attribute's metadata name (<c>Pooling.MaxPoolAttribute</c>), or null.</summary>
    public static KernelFamily? Find(string attribute) => ByAttribute.TryGetValue(attribute, out var family) ? family : null;

    private static string EmitWindowPool(MethodModel method, OpModel op, ChannelsLastModel? nhwc) =>
        WindowPoolEmitter.Emit(method, (WindowPoolModel)op, nhwc);

    private static string EmitAdaptivePool(MethodModel method, OpModel op, ChannelsLastModel? nhwc) =>
        AdaptivePoolEmitter.Emit(method, (AdaptivePoolModel)op, nhwc);

    // Area upsampling is adaptive average pooling (PyTorch's own definition), so its parser returns that model.
    private static string EmitUpsample(MethodModel method, OpModel op, ChannelsLastModel? nhwc) => op is AdaptivePoolModel area
        ? AdaptivePoolEmitter.Emit(method, area, nhwc)
        : UpsampleEmitter.Emit(method, (UpsampleModel)op, nhwc);

    private static string EmitShuffle(MethodModel method, OpModel op, ChannelsLastModel? nhwc) =>
        ShuffleEmitter.Emit(method, (ShuffleModel)op, channelsLast: nhwc is not null);
}
