using System.Globalization;
using System.Text.Json;

namespace Pooling.Generators.Tests.Infrastructure;

/// <summary>
/// An ONNX node (op_type, attributes, inputs) as the declaration a user of this library writes for it — the mapping
/// docs/onnx.md documents — or the reason none expresses it. Only exact equivalents are translated: a setting whose
/// result differs from the attribute's even on some inputs is a reason, never an approximation.
/// </summary>
internal static class OnnxTranslation
{
    /// <summary>A declared kernel and how to call it: the input, the spatial (or channel, height, width) extents, the
    /// indices it reads (MaxUnpool) or writes (MaxPool's second output), and whether the operation is exact.</summary>
    internal sealed record Kernel(IKernelCase Case, Array Input, int[] Size, long[]? IndicesIn, bool IndicesOut, bool Exact, Array? Boxes = null, Array? Grid = null);

    public static (Kernel? Kernel, string? WhyNot) Translate(OnnxNodeTests.NodeTest test)
    {
        try
        {
            return test.OpType switch
            {
                "MaxPool" or "AveragePool" or "LpPool" => WindowPool(test),
                "GlobalAveragePool" or "GlobalMaxPool" => Global(test),
                "MaxUnpool" => Unpool(test),
                "DepthToSpace" or "SpaceToDepth" => Shuffle(test),
                "Resize" => Resize(test),
                "RoiAlign" => RoiAlign(test),
                "GridSample" => GridSample(test),
                _ => (null, $"{test.OpType} is not built yet"),
            };
        }
        catch (NotExpressible e)
        {
            return (null, e.Message);
        }
    }

    private sealed class NotExpressible(string reason) : Exception(reason);

    private static (Kernel?, string?) WindowPool(OnnxNodeTests.NodeTest test)
    {
        var x = test.Inputs[0];
        int rank = x.Shape.Length - 2;
        var a = new Attributes(test);
        int[] kernel = a.Ints("kernel_shape")!;
        int[] strides = a.Ints("strides") ?? Fill(rank, 1);
        int[] pads = a.Ints("pads") ?? Fill(2 * rank, 0);
        int[] dilations = a.Ints("dilations") ?? Fill(rank, 1);
        bool ceil = a.Int("ceil_mode", 0) == 1;
        string autoPad = a.String("auto_pad", "NOTSET");
        string op = test.OpType switch { "MaxPool" => "MaxPool", "AveragePool" => "AvgPool", _ => "LpPool" };
        // ONNX's padding: explicit pads (begin, end) or auto_pad; SAME with a stride above 1 needs the extents.
        string? autoPadMember = autoPad switch { "SAME_UPPER" => "SameUpper", "SAME_LOWER" => "SameLower", "VALID" => "Valid", _ => null };
        int[]? constantSize = autoPadMember is "SameUpper" or "SameLower" && strides.Any(v => v != 1) ? x.Shape[2..] : null;
        double p = a.Int("p", 2);
        bool withIndices = test.Outputs.Count == 2;

        string element = Element(x);
        var pool = new PoolCase(op, element, kernel, strides, autoPadMember is null ? pads[..rank] : Fill(rank, 0), dilations, ceil,
            CountIncludePad: a.Int("count_include_pad", 0) == 1, IndexType: withIndices ? "long" : null, ConstantInputSize: constantSize,
            NormType: p, PaddingEnd: autoPadMember is null ? pads[rank..] : null, AutoPad: autoPadMember, Absolute: op == "LpPool",
            TensorIndices: withIndices, ColumnMajor: withIndices && a.Int("storage_order", 0) == 1);
        return (new Kernel(pool, x.Values, x.Shape[2..], null, withIndices, Exact: op == "MaxPool"), null);
    }

    private static (Kernel?, string?) Global(OnnxNodeTests.NodeTest test)
    {
        var x = test.Inputs[0];
        bool max = test.OpType == "GlobalMaxPool";
        var global = new AdaptiveCase(max ? "GlobalMaxPool" : "GlobalAvgPool", Element(x), x.Shape.Length - 2, Array.Empty<int>());
        return (new Kernel(global, x.Values, x.Shape[2..], null, false, Exact: max), null);
    }

    private static (Kernel?, string?) Unpool(OnnxNodeTests.NodeTest test)
    {
        var x = test.Inputs[0];
        int rank = x.Shape.Length - 2;
        var a = new Attributes(test);
        int[] kernel = a.Ints("kernel_shape")!;
        int[] strides = a.Ints("strides") ?? Fill(rank, 1);
        int[] pads = a.Ints("pads") ?? Fill(2 * rank, 0);
        if (!pads[..rank].SequenceEqual(pads[rank..])) throw new NotExpressible($"asymmetric pads [{string.Join(", ", pads)}]");
        if (x.Shape[0] * x.Shape[1] != 1) throw new NotExpressible("indices over the whole tensor (ONNX) with more than one plane");
        // ONNX's output_shape: the indices address the output of the default size, which is then padded at the end.
        int[]? outputShape = test.Inputs.Count > 2 ? ((long[])test.Inputs[2].Values)[2..].Select(v => (int)v).ToArray() : null;
        var unpool = new UnpoolCase(Element(x), kernel, strides, pads[..rank], outputShape, PadToOutputSize: outputShape is not null);
        return (new Kernel(unpool, x.Values, x.Shape[2..], (long[])test.Inputs[1].Values, false, Exact: true), null);
    }

    private static (Kernel?, string?) Shuffle(OnnxNodeTests.NodeTest test)
    {
        var x = test.Inputs[0];
        var a = new Attributes(test);
        int block = a.Int("blocksize", 0);
        // [SpaceToDepth(b)], [DepthToSpace(b)] (DCR, ONNX's default); CRD is [DepthToSpace(b, Mode = DepthToSpaceMode.Crd)] = [PixelShuffle(b)].
        bool spaceToDepth = test.OpType == "SpaceToDepth";
        bool dcr = spaceToDepth || a.String("mode", "DCR") == "DCR";
        var shuffle = new ShuffleCase(spaceToDepth, Element(x), block, null, BlockFirst: dcr);
        return (new Kernel(shuffle, x.Values, x.Shape[1..], null, false, Exact: true), null);
    }

    private static (Kernel?, string?) Resize(OnnxNodeTests.NodeTest test)
    {
        var x = test.Inputs[0];
        int rank = x.Shape.Length - 2;
        var a = new Attributes(test);
        string mode = a.String("mode", "nearest");
        string transform = a.String("coordinate_transformation_mode", "half_pixel");
        string nearestMode = a.String("nearest_mode", "round_prefer_floor");
        double cubicA = a.Double("cubic_coeff_a", -0.75);
        bool excludeOutside = a.Int("exclude_outside", 0) == 1;
        bool antialias = a.Int("antialias", 0) == 1;
        string policy = a.String("keep_aspect_ratio_policy", "stretch");
        int[] axes = a.Ints("axes") ?? Enumerable.Range(0, rank + 2).ToArray();

        // roi (ignored unless tf_crop_and_resize), scales, sizes: the given ones by name.
        var scales = test.Inputs.FirstOrDefault(i => i.Name == "scales");
        var sizes = test.Inputs.FirstOrDefault(i => i.Name == "sizes");
        // Per spatial axis, outermost first; batch and channel axes must keep their extent.
        double[]? spatialScales = null;
        int[]? spatialSizes = null;
        if (scales is not null && scales.Values.Length > 0)
        {
            var byAxis = Enumerable.Range(0, rank + 2).Select(_ => 1.0).ToArray();
            var given = (float[])scales.Values;
            for (int i = 0; i < axes.Length; i++) byAxis[axes[i]] = given[i];
            if (byAxis[0] != 1 || byAxis[1] != 1) throw new NotExpressible("a scale on the batch or channel axis");
            spatialScales = byAxis[2..];
        }
        else
        {
            var byAxis = x.Shape.ToArray();
            var given = (long[])sizes!.Values;
            for (int i = 0; i < axes.Length; i++) byAxis[axes[i]] = (int)given[i];
            if (byAxis[0] != x.Shape[0] || byAxis[1] != x.Shape[1]) throw new NotExpressible("a size on the batch or channel axis");
            spatialSizes = byAxis[2..];
        }

        if (antialias && (rank != 2 || mode == "nearest")) throw new NotExpressible("antialias outside 2-D linear and cubic");
        string? transformMember = transform switch
        {
            "half_pixel" => "HalfPixel",
            "half_pixel_symmetric" => "HalfPixelSymmetric",
            "pytorch_half_pixel" => "PytorchHalfPixel",
            "align_corners" => "AlignCorners",
            "asymmetric" => "Asymmetric",
            "tf_crop_and_resize" => "TfCropAndResize",
            _ => null,
        };
        if (transformMember is null) throw new NotExpressible($"coordinate_transformation_mode {transform}");
        string upsampleMode = mode switch
        {
            "nearest" => "Nearest",
            "cubic" when rank == 2 => "Bicubic",
            "cubic" => throw new NotExpressible("cubic on other than two spatial axes"),
            _ => rank switch { 1 => "Linear", 2 => "Bilinear", _ => "Trilinear" },
        };
        string? nearestMember = mode != "nearest" ? null : nearestMode switch
        {
            "round_prefer_floor" => "RoundPreferFloor",
            "round_prefer_ceil" => "RoundPreferCeil",
            "floor" => "Floor",
            _ => "Ceil",
        };
        // tf_crop_and_resize: the region of the spatial axes (ONNX's roi holds every axis, or the given axes), starts then ends.
        double[]? roi = null;
        if (transformMember == "TfCropAndResize")
        {
            var given = test.Inputs.First(i => i.Name == "roi").Values;
            double[] values = given is float[] f ? f.Select(v => (double)v).ToArray() : (double[])given;
            var starts = Enumerable.Range(0, rank + 2).Select(_ => 0.0).ToArray();
            var ends = Enumerable.Range(0, rank + 2).Select(_ => 1.0).ToArray();
            for (int i = 0; i < axes.Length; i++)
            {
                starts[axes[i]] = values[i];
                ends[axes[i]] = values[axes.Length + i];
            }
            if (starts[0] != 0 || starts[1] != 0 || ends[0] != 1 || ends[1] != 1) throw new NotExpressible("a region of interest on the batch or channel axis");
            roi = starts[2..].Concat(ends[2..]).ToArray();
        }
        // Every ONNX setting stated, defaults included: the declaration an ONNX user writes.
        var upsample = new UpsampleCase(upsampleMode, Element(x), rank, spatialSizes, spatialScales, Transform: transformMember, NearestMode: nearestMember,
            CubicA: mode == "cubic" ? cubicA : null, ExcludeOutside: mode == "cubic" && excludeOutside,
            Aspect: policy switch { "not_larger" => "NotLarger", "not_smaller" => "NotSmaller", _ => null }, Antialias: antialias,
            Roi: roi, Extrapolation: a.Double("extrapolation_value", 0));
        return (new Kernel(upsample, x.Values, x.Shape[2..], null, false, Exact: mode == "nearest"), null);
    }

    // RoiAlign(X, rois, batch_indices): [RoiAlign(h, w, …)] with ONNX's (input, rois, batchIndices, output, c, h, w) form.
    private static (Kernel?, string?) RoiAlign(OnnxNodeTests.NodeTest test)
    {
        var x = test.Inputs[0];
        var a = new Attributes(test);
        var roi = new RoiAlignCase(Element(x), a.Int("output_height", 1), a.Int("output_width", 1), a.Double("spatial_scale", 1),
            a.Int("sampling_ratio", 0), Aligned: a.String("coordinate_transformation_mode", "half_pixel") == "half_pixel",
            Max: a.String("mode", "avg") == "max", IndexType: "long");
        return (new Kernel(roi, x.Values, x.Shape[1..], (long[])test.Inputs[2].Values, false, Exact: false, Boxes: test.Inputs[1].Values), null);
    }

    // GridSample(X, Grid): [GridSample(mode, PaddingMode, AlignCorners)] over (input, grid, output, c, h, w).
    private static (Kernel?, string?) GridSample(OnnxNodeTests.NodeTest test)
    {
        var x = test.Inputs[0];
        if (x.Shape.Length != 4) throw new NotExpressible("volumetric GridSample");
        var a = new Attributes(test);
        string mode = a.String("mode", "bilinear") switch { "bilinear" or "linear" => "Bilinear", "nearest" => "Nearest", _ => "Bicubic" };
        string padding = a.String("padding_mode", "zeros") switch { "zeros" => "Zeros", "border" => "Border", _ => "Reflection" };
        var grid = new GridSampleCase(Element(x), mode, padding, a.Int("align_corners", 0) == 1);
        return (new Kernel(grid, x.Values, x.Shape[1..], null, false, Exact: mode == "Nearest", Grid: test.Inputs[1].Values), null);
    }

    private static string Element(OnnxNodeTests.NodeArray x) => x.DType switch
    {
        "float32" => "float",
        "float64" => "double",
        "uint8" => "byte",
        _ => throw new NotExpressible($"element type {x.DType}"),
    };

    private static int[] Fill(int count, int value) => Enumerable.Repeat(value, count).ToArray();

    private sealed class Attributes(OnnxNodeTests.NodeTest test)
    {
        public int[]? Ints(string name) => test.Attributes.TryGetValue(name, out var v) ? v.EnumerateArray().Select(e => e.GetInt32()).ToArray() : null;

        public int Int(string name, int fallback) => test.Attributes.TryGetValue(name, out var v) ? v.GetInt32() : fallback;

        public double Double(string name, double fallback) => test.Attributes.TryGetValue(name, out var v) ? v.GetDouble() : fallback;

        public string String(string name, string fallback) => test.Attributes.TryGetValue(name, out var v) ? v.GetString()! : fallback;
    }
}
