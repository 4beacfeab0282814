using System.Collections.Generic;
using System.Linq;
using Pooling.Generators.Model;

namespace Pooling.Generators.Emit;

/// <summary>GridSample (docs/semantics.md §11): validates the images, grid and output once, then hands the images to the
/// runtime's GridSampleKernel with the mode, padding and align_corners as literals; <c>Parallel</c> splits the images.</summary>
internal static class GridSampleEmitter
{
    public static string Emit(MethodModel method, GridSampleModel m)
    {
        string element = ElementInfo.Of(m.Element).Name;
        string input = MethodEmitter.Identifier(m.InputName), grid = MethodEmitter.Identifier(m.GridName), output = MethodEmitter.Identifier(m.OutputName);
        string mode = ((GridSampleMode)m.Mode).ToString(), padding = ((GridPadding)m.Padding).ToString();
        string remarks = $"GridSample {mode.ToLowerInvariant()}, {padding.ToLowerInvariant()} padding, align_corners {(m.AlignCorners ? "true" : "false")}, {element}: "
            + "images × channels × height × width sampled at the grid's (x, y) points in [−1, 1].";

        bool volume = m.Rank == 3;
        int coordinates = volume ? 3 : 2;
        if (volume) remarks = remarks.Replace("images × channels × height × width", "volumes × channels × depth × height × width").Replace("(x, y)", "(x, y, z)");
        if (m.ChannelsLast) remarks = remarks.Replace("images × channels × height × width", "channels-last images × height × width × channels")
            .Replace("volumes × channels × depth × height × width", "channels-last volumes × depth × height × width × channels")
            .TrimEnd('.') + ", each point's channels together.";
        return MethodEmitter.Emit(method, remarks, (w, driver) =>
        {
            w.Line("// Validate every argument once, up front.");
            // The extents in the declaration's order: the memory order of one image or volume.
            string[] axes = Axes(m);
            string[] locals = axes.Select(a => "__" + a[0]).ToArray();   // __c, __d, __h, __w
            string layout = string.Join(" × ", axes);
            string what = volume ? $"A volume ({layout})" : $"An image ({layout})";
            ShapeValidation.WriteImageExtents(w, m.ExtentNames, m.InputSize, locals, what);
            w.Line($"if ({input}.Length == 0 || {input}.Length % __image != 0) throw new global::System.ArgumentException($\"Expected a positive multiple of {layout} = {{__image}} elements, but got {{{input}.Length}}.\", {ShapeValidation.NameOf(input)});");
            w.Line($"int __images = {input}.Length / __image;");
            string point = volume ? "(x, y, z)" : "(x, y)";
            w.Line($"if ({grid}.Length == 0 || {grid}.Length % ({coordinates}L * __images) != 0) throw new global::System.ArgumentException($\"Expected {point} points for each of the {{__images}} inputs, a positive multiple of {{{coordinates}L * __images}} values, but got {{{grid}.Length}}.\", {ShapeValidation.NameOf(grid)});");
            w.Line($"long __expected = (long){grid}.Length / {coordinates} * __c;");
            w.Line(m.ChannelsLast
                ? $"if ({output}.Length != __expected) throw new global::System.ArgumentException($\"Expected inputs × points × channels = {{__images}} × {{{grid}.Length / {coordinates} / __images}} × {{__c}} = {{__expected}} elements, but got {{{output}.Length}}.\", {ShapeValidation.NameOf(output)});"
                : $"if ({output}.Length != __expected) throw new global::System.ArgumentException($\"Expected inputs × channels × points = {{__images}} × {{__c}} × {{{grid}.Length / {coordinates} / __images}} = {{__expected}} elements, but got {{{output}.Length}}.\", {ShapeValidation.NameOf(output)});");
            w.Line();
            var (first, end) = driver.WriteSplit(w, "__images", "__expected * 2");
            string kernel = volume ? "Sample3D" : m.ChannelsLast ? "Sample2DChannelsLast" : "Sample2D";
            string extents = volume ? "__c, __d, __h, __w" : "__c, __h, __w";
            w.Call($"global::Pooling.Kernels.GridSampleKernel.{kernel}<{element}>", SourceWriter.Arguments(
                $"{input}, {extents}, {grid}, {output}, global::Pooling.GridSampleMode.{mode}, global::Pooling.GridPadding.{padding}, "
                + $"{(m.AlignCorners ? "true" : "false")}, {first}, {end}{(volume && m.ChannelsLast ? ", channelsLast: true" : "")}"), ";");
        }, adapter: (w, _) => TensorAdapter(w, m));
    }

    /// <summary>One image's (or volume's) axes in memory order: the extents as declared.</summary>
    private static string[] Axes(GridSampleModel m)
    {
        string[] spatial = m.Rank == 3 ? new[] { "depth", "height", "width" } : new[] { "height", "width" };
        return m.ChannelsLast ? spatial.Append("channels").ToArray() : spatial.Prepend("channels").ToArray();
    }

    /// <summary>Tensor spans, PyTorch's shapes: input [images, c, h, w] (channels-last [images, h, w, c]; volumes
    /// [images, c, d, h, w]), grid [images, out h, out w, 2] ([images, out d, out h, out w, 3]), output
    /// [images, c, out h, out w] ([images, out h, out w, c]; [images, c, out d, out h, out w]), each exactly that shape,
    /// row-major dense; the extents come from the input.</summary>
    private static IReadOnlyList<string> TensorAdapter(SourceWriter w, GridSampleModel m)
    {
        string input = MethodEmitter.Identifier(m.InputName), grid = MethodEmitter.Identifier(m.GridName), output = MethodEmitter.Identifier(m.OutputName);
        bool volume = m.Rank == 3;
        string[] image = Axes(m);
        string[] points = volume ? new[] { "out depth", "out height", "out width" } : new[] { "out height", "out width" };
        string? Fixed(int i) => m.InputSize.IsEmpty ? null : m.InputSize[i].ToString(System.Globalization.CultureInfo.InvariantCulture);
        w.Line("// Tensor spans, each exactly its shape and row-major dense; the span kernel below does the work.");
        ShapeValidation.WriteExactTensor(w, input, $"[images, {string.Join(", ", image)}]",
            new string?[] { null }.Concat(image.Select((_, i) => Fixed(i))).ToList(), "__inDims");
        ShapeValidation.WriteExactTensor(w, grid, $"[images, {string.Join(", ", points)}, {points.Length}]",
            new[] { "__inDims[0]" }.Concat(points.Select(_ => (string?)null)).Append(points.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList(),
            "__gridDims");
        var pointDims = points.Select((_, i) => $"__gridDims[{i + 1}]").ToList();
        string channels = m.ChannelsLast ? $"__inDims[{image.Length}]" : "__inDims[1]";
        var outShape = m.ChannelsLast ? new[] { "__inDims[0]" }.Concat(pointDims).Append(channels) : new[] { "__inDims[0]", channels }.Concat(pointDims);
        string outLayout = m.ChannelsLast ? $"[images, {string.Join(", ", points)}, channels]" : $"[images, channels, {string.Join(", ", points)}]";
        ShapeValidation.WriteExactTensor(w, output, outLayout, outShape.ToList(), "__outDims");
        return m.InputSize.IsEmpty ? image.Select((_, i) => $"__inDims[{i + 1}]").ToList() : new List<string>();
    }
}
