using System.Collections.Generic;
using System.Globalization;
using Pooling.Generators.Model;

namespace Pooling.Generators.Emit;

/// <summary>RoIAlign and RoIPool (docs/semantics.md §10): validates the feature map, boxes and output once, then hands the boxes to
/// the runtime's RoiAlignKernel with the attribute's bins, scale, sampling ratio, alignment and mode as literals;
/// <c>Parallel</c> splits the boxes (each box writes only its own output).</summary>
internal static class RoiAlignEmitter
{
    public static string Emit(MethodModel method, RoiAlignModel m)
    {
        string element = ElementInfo.Of(m.Element).Name;
        string input = MethodEmitter.Identifier(m.InputName), boxes = MethodEmitter.Identifier(m.BoxesName), output = MethodEmitter.Identifier(m.OutputName);
        string? indices = m.IndicesName is null ? null : MethodEmitter.Identifier(m.IndicesName);
        string index = m.IndexType == IndexType.Int32 ? "int" : "long";
        bool onnx = indices is not null;
        string scale = m.SpatialScale.ToString("R", CultureInfo.InvariantCulture);
        string remarks = m.Pool
            ? $"RoIPool to {m.OutputHeight}×{m.OutputWidth} bins, {element}: spatial scale {scale}; boxes (batch index, x1, y1, x2, y2) "
              + "rounded to whole pixels, each bin the maximum of its pixels."
              + (m.ChannelsLast ? " Layout: channels-last maps (height × width × channels), each box's output bins × channels." : "")
            : $"RoIAlign to {m.OutputHeight}×{m.OutputWidth} bins, {element}: spatial scale {scale}, "
              + (m.SamplingRatio > 0 ? $"{m.SamplingRatio}×{m.SamplingRatio} samples a bin" : "adaptive sampling (ceil(box / bins))")
              + (m.Aligned ? ", aligned (half-pixel)" : ", not aligned") + (m.Max ? ", ONNX's max" : ", average")
              + (onnx ? "; ONNX's rois (x1, y1, x2, y2) with batch indices." : "; torchvision's boxes (batch index, x1, y1, x2, y2).")
              + (m.ChannelsLast ? " Layout: channels-last maps (height × width × channels), each box's output bins × channels." : "");
        // The extents in the declaration's order, which is the memory order of an image.
        string layout = m.ChannelsLast ? "height × width × channels" : "channels × height × width";
        string[] locals = m.ChannelsLast ? new[] { "__h", "__w", "__c" } : new[] { "__c", "__h", "__w" };

        return MethodEmitter.Emit(method, remarks, (w, driver) =>
        {
            w.Line("// Validate every argument once, up front.");
            ShapeValidation.WriteImageExtents(w, m.ExtentNames, m.InputSize, locals, $"An image ({layout})");
            w.Line($"if ({input}.Length == 0 || {input}.Length % __image != 0) throw new global::System.ArgumentException($\"Expected a positive multiple of {layout} = {{__image}} elements (images × {layout}), but got {{{input}.Length}}.\", {ShapeValidation.NameOf(input)});");
            if (onnx)
            {
                w.Line($"int __boxes = {indices}.Length;");
                w.Line($"if ({boxes}.Length != 4L * __boxes) throw new global::System.ArgumentException($\"Expected 4 values (x1, y1, x2, y2) for each of the {{__boxes}} batch indices, {{4L * __boxes}} in all, but got {{{boxes}.Length}}.\", {ShapeValidation.NameOf(boxes)});");
            }
            else
            {
                w.Line($"if ({boxes}.Length % 5 != 0) throw new global::System.ArgumentException($\"Expected 5 values a box (batch index, x1, y1, x2, y2), a multiple of 5, but got {{{boxes}.Length}}.\", {ShapeValidation.NameOf(boxes)});");
                w.Line($"int __boxes = {boxes}.Length / 5;");
            }
            w.Line($"long __expected = (long)__boxes * __c * {(long)m.OutputHeight * m.OutputWidth};");
            w.Line(m.ChannelsLast
                ? $"if ({output}.Length != __expected) throw new global::System.ArgumentException($\"Expected boxes × {m.OutputHeight} × {m.OutputWidth} × channels = {{__boxes}} × {m.OutputHeight} × {m.OutputWidth} × {{__c}} = {{__expected}} elements, but got {{{output}.Length}}.\", {ShapeValidation.NameOf(output)});"
                : $"if ({output}.Length != __expected) throw new global::System.ArgumentException($\"Expected boxes × channels × {m.OutputHeight} × {m.OutputWidth} = {{__boxes}} × {{__c}} × {m.OutputHeight} × {m.OutputWidth} = {{__expected}} elements, but got {{{output}.Length}}.\", {ShapeValidation.NameOf(output)});");
            w.Line();
            var (first, end) = driver.WriteSplit(w, "__boxes", "__expected + (long)__boxes * __c * 4");
            if (m.Pool)
            {
                w.Call($"global::Pooling.Kernels.RoiPoolKernel.Forward<{element}>", SourceWriter.Arguments(
                    $"{input}, __c, __h, __w, {boxes}, {output}, {m.OutputHeight}, {m.OutputWidth}, ({element}){scale}, {first}, {end}{(m.ChannelsLast ? ", channelsLast: true" : "")}"), ";");
                return;
            }
            string batchIndices = onnx ? indices! : "global::System.ReadOnlySpan<long>.Empty";
            w.Call($"global::Pooling.Kernels.RoiAlignKernel.Forward<{element}, {(onnx ? index : "long")}>", SourceWriter.Arguments(
                $"{input}, __c, __h, __w, {boxes}, {(onnx ? 4 : 5)}, {batchIndices}, {output}, {m.OutputHeight}, {m.OutputWidth}, ({element}){scale}, "
                + $"{m.SamplingRatio}, {(m.Aligned ? "true" : "false")}, {(m.Max ? "true" : "false")}, {first}, {end}{(m.ChannelsLast ? ", channelsLast: true" : "")}"), ";");
        }, adapter: (w, _) => TensorAdapter(w, m));
    }

    /// <summary>Tensor spans: the feature maps [images, c, h, w] (channels-last [images, h, w, c]), the boxes [boxes, 5]
    /// (ONNX: rois [boxes, 4] and batchIndices [boxes]) and the output [boxes, c, bins] ([boxes, bins, c]), each exactly
    /// that shape, row-major dense; the extents come from the maps.</summary>
    private static IReadOnlyList<string> TensorAdapter(SourceWriter w, RoiAlignModel m)
    {
        string input = MethodEmitter.Identifier(m.InputName), boxes = MethodEmitter.Identifier(m.BoxesName), output = MethodEmitter.Identifier(m.OutputName);
        string[] image = m.ChannelsLast ? new[] { "height", "width", "channels" } : new[] { "channels", "height", "width" };
        string? Fixed(int i) => m.InputSize.IsEmpty ? null : m.InputSize[i].ToString(CultureInfo.InvariantCulture);
        w.Line("// Tensor spans, each exactly its shape and row-major dense; the span kernel below does the work.");
        ShapeValidation.WriteExactTensor(w, input, $"[images, {string.Join(", ", image)}]", new[] { null, Fixed(0), Fixed(1), Fixed(2) }, "__inDims");
        bool onnx = m.IndicesName is not null;
        ShapeValidation.WriteExactTensor(w, boxes, onnx ? "[boxes, 4]" : "[boxes, 5]", new[] { null, onnx ? "4" : "5" }, "__boxDims");
        if (onnx) ShapeValidation.WriteExactTensor(w, MethodEmitter.Identifier(m.IndicesName!), "[boxes]", new[] { "__boxDims[0]" }, "__indexDims");
        string outH = m.OutputHeight.ToString(CultureInfo.InvariantCulture), outW = m.OutputWidth.ToString(CultureInfo.InvariantCulture);
        string channels = m.ChannelsLast ? "__inDims[3]" : "__inDims[1]";
        ShapeValidation.WriteExactTensor(w, output, m.ChannelsLast ? $"[boxes, {outH}, {outW}, channels]" : $"[boxes, channels, {outH}, {outW}]",
            m.ChannelsLast ? new[] { "__boxDims[0]", outH, outW, channels } : new[] { "__boxDims[0]", channels, outH, outW }, "__outDims");
        return m.InputSize.IsEmpty ? new[] { "__inDims[1]", "__inDims[2]", "__inDims[3]" } : System.Array.Empty<string>();
    }
}
