using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace Pooling.Benchmarks;

/// <summary>
/// Tiny ONNX models (one pooling node, float32, opset 17) written as protobuf bytes, so the benchmark needs no model
/// files: a ModelProto is a handful of length-delimited fields (onnx.proto: ModelProto 1 ir_version, 7 graph,
/// 8 opset_import; GraphProto 1 node, 2 name, 11 input, 12 output; NodeProto 1 input, 2 output, 4 op_type, 5 attribute;
/// AttributeProto 1 name, 3 i, 8 ints, 20 type; ValueInfoProto 1 name, 2 type; TypeProto 1 tensor_type;
/// TypeProto.Tensor 1 elem_type, 2 shape; TensorShapeProto 1 dim; Dimension 1 dim_value).
/// </summary>
internal static class OnnxModels
{
    public static byte[] Pool(string opType, long[] inputShape, long[] outputShape, int[]? kernel = null, int[]? strides = null, int[]? pads = null, int? p = null)
    {
        var node = new Proto();
        node.String(1, "x");
        node.String(2, "y");
        node.String(4, opType);
        if (kernel is not null) node.Message(5, Ints("kernel_shape", kernel));
        if (strides is not null) node.Message(5, Ints("strides", strides));
        if (pads is not null) node.Message(5, Ints("pads", pads));
        if (p is { } norm)
        {
            var attribute = new Proto();
            attribute.String(1, "p");
            attribute.Varint(3, norm);
            attribute.Varint(20, 2);   // AttributeType.INT
            node.Message(5, attribute);
        }
        var graph = new Proto();
        graph.Message(1, node);
        graph.String(2, "pool");
        graph.Message(11, Value("x", inputShape));
        graph.Message(12, Value("y", outputShape));
        var opset = new Proto();
        opset.String(1, "");
        opset.Varint(2, 17);
        var model = new Proto();
        model.Varint(1, 8);          // IR version 8
        model.Message(7, graph);
        model.Message(8, opset);
        return model.ToArray();
    }

    /// <summary>A one-node Resize (opset 17) with constant scales, its modes as attributes: nearest with
    /// coordinate_transformation_mode "asymmetric" and nearest_mode "floor" is PyTorch's 'nearest'; linear with
    /// "half_pixel" is its align_corners=False bilinear. (GraphProto 5 initializer; TensorProto 1 dims, 2 data_type,
    /// 4 float_data, 8 name; AttributeProto 4 s for strings.)</summary>
    public static byte[] Resize(long[] inputShape, long[] outputShape, float[] scales, string mode, string coordinates, string? nearestMode)
    {
        var node = new Proto();
        node.String(1, "x");
        node.String(1, "");          // no roi
        node.String(1, "scales");
        node.String(2, "y");
        node.String(4, "Resize");
        node.Message(5, Text("mode", mode));
        node.Message(5, Text("coordinate_transformation_mode", coordinates));
        if (nearestMode is not null) node.Message(5, Text("nearest_mode", nearestMode));
        var initializer = new Proto();
        initializer.Varint(1, scales.Length);
        initializer.Varint(2, 1);    // FLOAT
        var data = new byte[scales.Length * 4];
        for (int i = 0; i < scales.Length; i++) BitConverter.TryWriteBytes(data.AsSpan(4 * i), scales[i]);
        initializer.Packed(4, data);
        initializer.String(8, "scales");
        var graph = new Proto();
        graph.Message(1, node);
        graph.String(2, "resize");
        graph.Message(5, initializer);
        graph.Message(11, Value("x", inputShape));
        graph.Message(12, Value("y", outputShape));
        var opset = new Proto();
        opset.String(1, "");
        opset.Varint(2, 17);
        var model = new Proto();
        model.Varint(1, 8);
        model.Message(7, graph);
        model.Message(8, opset);
        return model.ToArray();
    }

    /// <summary>A one-node DepthToSpace (opset 17) in "CRD" order: PyTorch's PixelShuffle.</summary>
    public static byte[] DepthToSpace(long[] inputShape, long[] outputShape, int blockSize)
    {
        var node = new Proto();
        node.String(1, "x");
        node.String(2, "y");
        node.String(4, "DepthToSpace");
        var block = new Proto();
        block.String(1, "blocksize");
        block.Varint(3, blockSize);
        block.Varint(20, 2);         // AttributeType.INT
        node.Message(5, block);
        node.Message(5, Text("mode", "CRD"));
        var graph = new Proto();
        graph.Message(1, node);
        graph.String(2, "shuffle");
        graph.Message(11, Value("x", inputShape));
        graph.Message(12, Value("y", outputShape));
        var opset = new Proto();
        opset.String(1, "");
        opset.Varint(2, 17);
        var model = new Proto();
        model.Varint(1, 8);
        model.Message(7, graph);
        model.Message(8, opset);
        return model.ToArray();
    }

    /// <summary>A one-node RoiAlign (opset 16): X [1, C, H, W], rois [K, 4], batch_indices [K] (int64) → Y [K, C, h, w].</summary>
    public static byte[] RoiAlign(long[] inputShape, int boxes, int outputHeight, int outputWidth, int samplingRatio, float spatialScale, bool halfPixel)
    {
        var node = new Proto();
        node.String(1, "x");
        node.String(1, "rois");
        node.String(1, "batch_indices");
        node.String(2, "y");
        node.String(4, "RoiAlign");
        node.Message(5, Int("output_height", outputHeight));
        node.Message(5, Int("output_width", outputWidth));
        node.Message(5, Int("sampling_ratio", samplingRatio));
        node.Message(5, Float("spatial_scale", spatialScale));
        node.Message(5, Text("coordinate_transformation_mode", halfPixel ? "half_pixel" : "output_half_pixel"));
        return Model(node, "roi_align", 16, new[] { Value("x", inputShape), Value("rois", new long[] { boxes, 4 }), Value("batch_indices", new long[] { boxes }, elementType: 7) },
            Value("y", new long[] { boxes, inputShape[1], outputHeight, outputWidth }));
    }

    /// <summary>A one-node GridSample (opset 16): X [N, C, H, W], grid [N, h, w, 2] → Y [N, C, h, w].</summary>
    public static byte[] GridSample(long[] inputShape, long[] gridShape, string mode, string padding, bool alignCorners)
    {
        var node = new Proto();
        node.String(1, "x");
        node.String(1, "grid");
        node.String(2, "y");
        node.String(4, "GridSample");
        node.Message(5, Text("mode", mode));
        node.Message(5, Text("padding_mode", padding));
        node.Message(5, Int("align_corners", alignCorners ? 1 : 0));
        return Model(node, "grid_sample", 16, new[] { Value("x", inputShape), Value("grid", gridShape) },
            Value("y", new long[] { inputShape[0], inputShape[1], gridShape[1], gridShape[2] }));
    }

    private static byte[] Model(Proto node, string name, int opsetVersion, Proto[] inputs, Proto output)
    {
        var graph = new Proto();
        graph.Message(1, node);
        graph.String(2, name);
        foreach (var input in inputs) graph.Message(11, input);
        graph.Message(12, output);
        var opset = new Proto();
        opset.String(1, "");
        opset.Varint(2, opsetVersion);
        var model = new Proto();
        model.Varint(1, 8);
        model.Message(7, graph);
        model.Message(8, opset);
        return model.ToArray();
    }

    private static Proto Int(string name, long value)
    {
        var attribute = new Proto();
        attribute.String(1, name);
        attribute.Varint(3, value);
        attribute.Varint(20, 2);     // AttributeType.INT
        return attribute;
    }

    private static Proto Float(string name, float value)
    {
        var attribute = new Proto();
        attribute.String(1, name);
        attribute.Fixed32(2, value);
        attribute.Varint(20, 1);     // AttributeType.FLOAT
        return attribute;
    }

    private static Proto Text(string name, string value)
    {
        var attribute = new Proto();
        attribute.String(1, name);
        attribute.String(4, value);
        attribute.Varint(20, 3);     // AttributeType.STRING
        return attribute;
    }

    private static Proto Ints(string name, int[] values)
    {
        var attribute = new Proto();
        attribute.String(1, name);
        foreach (int v in values) attribute.Varint(8, v);
        attribute.Varint(20, 7);     // AttributeType.INTS
        return attribute;
    }

    private static Proto Value(string name, long[] shape, int elementType = 1)
    {
        var tensorShape = new Proto();
        foreach (long d in shape)
        {
            var dim = new Proto();
            dim.Varint(1, d);
            tensorShape.Message(1, dim);
        }
        var tensor = new Proto();
        tensor.Varint(1, elementType);   // TensorProto.FLOAT (1) or INT64 (7)
        tensor.Message(2, tensorShape);
        var type = new Proto();
        type.Message(1, tensor);
        var value = new Proto();
        value.String(1, name);
        value.Message(2, type);
        return value;
    }

    /// <summary>A protobuf writer for the wire types a ModelProto needs (varint, length-delimited, fixed32).</summary>
    private sealed class Proto
    {
        private readonly MemoryStream _bytes = new();

        public void Varint(int field, long value)
        {
            Key(field, 0);
            Raw((ulong)value);
        }

        public void String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

        public void Fixed32(int field, float value)
        {
            Key(field, 5);
            var bytes = new byte[4];
            BitConverter.TryWriteBytes(bytes, value);
            _bytes.Write(bytes);
        }

        public void Message(int field, Proto message) => Bytes(field, message.ToArray());

        public void Packed(int field, byte[] values) => Bytes(field, values);

        public byte[] ToArray() => _bytes.ToArray();

        private void Bytes(int field, byte[] value)
        {
            Key(field, 2);
            Raw((ulong)value.Length);
            _bytes.Write(value);
        }

        private void Key(int field, int wireType) => Raw((ulong)((field << 3) | wireType));

        private void Raw(ulong value)
        {
            do
            {
                byte b = (byte)(value & 0x7F);
                value >>= 7;
                _bytes.WriteByte(value == 0 ? b : (byte)(b | 0x80));
            }
            while (value != 0);
        }
    }
}
