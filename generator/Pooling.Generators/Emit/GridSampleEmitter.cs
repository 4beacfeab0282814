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
            .TrimEnd('.') + ", each point's channels together.";
        return MethodEmitter.Emit(method, remarks, (w, driver) =>
        {
            w.Line("// Validate every argument once, up front.");
            // The extents in the declaration's order: the memory order of one image or volume.
            string[] locals = volume ? new[] { "__c", "__d", "__h", "__w" } : m.ChannelsLast ? new[] { "__h", "__w", "__c" } : new[] { "__c", "__h", "__w" };
            string layout = volume ? "channels × depth × height × width" : m.ChannelsLast ? "height × width × channels" : "channels × height × width";
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
            string extents = volume ? string.Join(", ", locals) : "__c, __h, __w";
            w.Call($"global::Pooling.Kernels.GridSampleKernel.{kernel}<{element}>", SourceWriter.Arguments(
                $"{input}, {extents}, {grid}, {output}, global::Pooling.GridSampleMode.{mode}, global::Pooling.GridPadding.{padding}, "
                + $"{(m.AlignCorners ? "true" : "false")}, {first}, {end}"), ";");
        });
    }
}
