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

    private static Proto Value(string name, long[] shape)
    {
        var tensorShape = new Proto();
        foreach (long d in shape)
        {
            var dim = new Proto();
            dim.Varint(1, d);
            tensorShape.Message(1, dim);
        }
        var tensor = new Proto();
        tensor.Varint(1, 1);         // TensorProto.FLOAT
        tensor.Message(2, tensorShape);
        var type = new Proto();
        type.Message(1, tensor);
        var value = new Proto();
        value.String(1, name);
        value.Message(2, type);
        return value;
    }

    /// <summary>A protobuf writer for the three wire types a ModelProto needs.</summary>
    private sealed class Proto
    {
        private readonly MemoryStream _bytes = new();

        public void Varint(int field, long value)
        {
            Key(field, 0);
            Raw((ulong)value);
        }

        public void String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

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
