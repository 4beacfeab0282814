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

        return MethodEmitter.Emit(method, remarks, (w, driver) =>
        {
            w.Line("// Validate every argument once, up front.");
            if (m.InputSize.IsEmpty)
            {
                string c = MethodEmitter.Identifier(m.ExtentNames[0]), h = MethodEmitter.Identifier(m.ExtentNames[1]), wd = MethodEmitter.Identifier(m.ExtentNames[2]);
                foreach (string extent in new[] { c, h, wd })
                    w.Line($"if ({extent} <= 0) throw new global::System.ArgumentOutOfRangeException({ShapeValidation.NameOf(extent)}, {extent}, \"Channels and spatial extents must be positive.\");");
                w.Line($"int __image = {ShapeValidation.Volume("An image (channels × height × width)", new[] { (c, ShapeValidation.NameOf(c)), (h, ShapeValidation.NameOf(h)), (wd, ShapeValidation.NameOf(wd)) })};");
                w.Line($"int __c = {c}, __h = {h}, __w = {wd};");
            }
            else
            {
                w.Line($"const int __c = {m.InputSize[0]}, __h = {m.InputSize[1]}, __w = {m.InputSize[2]}, __image = {(long)m.InputSize[0] * m.InputSize[1] * m.InputSize[2]};");
            }
            w.Line($"if ({input}.Length == 0 || {input}.Length % __image != 0) throw new global::System.ArgumentException($\"Expected a positive multiple of channels × height × width = {{__image}} elements (images × channels × height × width), but got {{{input}.Length}}.\", {ShapeValidation.NameOf(input)});");
            w.Line($"int __images = {input}.Length / __image;");
            w.Line($"if ({grid}.Length == 0 || {grid}.Length % (2L * __images) != 0) throw new global::System.ArgumentException($\"Expected (x, y) points for each of the {{__images}} images, a positive multiple of {{2L * __images}} values, but got {{{grid}.Length}}.\", {ShapeValidation.NameOf(grid)});");
            w.Line($"long __expected = (long){grid}.Length / 2 * __c;");
            w.Line($"if ({output}.Length != __expected) throw new global::System.ArgumentException($\"Expected images × channels × points = {{__images}} × {{__c}} × {{{grid}.Length / 2 / __images}} = {{__expected}} elements, but got {{{output}.Length}}.\", {ShapeValidation.NameOf(output)});");
            w.Line();
            var (first, end) = driver.WriteSplit(w, "__images", "__expected * 2");
            w.Call($"global::Pooling.Kernels.GridSampleKernel.Sample2D<{element}>", SourceWriter.Arguments(
                $"{input}, __c, __h, __w, {grid}, {output}, global::Pooling.GridSampleMode.{mode}, global::Pooling.GridPadding.{padding}, "
                + $"{(m.AlignCorners ? "true" : "false")}, {first}, {end}"), ";");
        });
    }
}
