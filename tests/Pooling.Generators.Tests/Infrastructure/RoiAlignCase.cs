using System.Globalization;
using System.Reflection;
using Pooling.Reference;

namespace Pooling.Generators.Tests.Infrastructure;

/// <summary>A RoiAlign declaration: torchvision's boxes (batch index, x1, y1, x2, y2), or ONNX's rois with a batch-index
/// span of <see cref="IndexType"/>; a wrapper <c>NAME_Run(object input, object boxes, object? batchIndices, object
/// output, int[] size)</c> with size = (channels, height, width).</summary>
internal sealed record RoiAlignCase(
    string Element,
    int OutputHeight,
    int OutputWidth,
    double SpatialScale = 1,
    int SamplingRatio = 0,
    bool Aligned = false,
    bool Max = false,
    string? IndexType = null,
    int[]? ConstantInputSize = null,
    bool Parallel = false,
    bool Pool = false,                  // Pool: [RoiPool] (only the spatial scale of the options)
    bool ChannelsLast = false) : IKernelCase    // NHWC maps over (height, width, channels); size stays (channels, height, width)
{
    public string Attribute()
    {
        var args = new List<string> { OutputHeight.ToString(CultureInfo.InvariantCulture), OutputWidth.ToString(CultureInfo.InvariantCulture) };
        if (Pool)
        {
            if (SpatialScale != 1) args.Add($"SpatialScale = {SpatialScale.ToString("R", CultureInfo.InvariantCulture)}");
            if (ConstantInputSize is not null)
                args.Add($"InputSize = new[] {{ {string.Join(", ", ChannelsLast ? ConstantInputSize.Skip(1).Append(ConstantInputSize[0]) : ConstantInputSize)} }}");
            if (Parallel) args.Add("Parallel = true");
            if (ChannelsLast) args.Add("Layout = TensorLayout.ChannelsLast");
            return $"[RoiPool({string.Join(", ", args)})]";
        }
        if (SpatialScale != 1) args.Add($"SpatialScale = {SpatialScale.ToString("R", CultureInfo.InvariantCulture)}");
        if (SamplingRatio != 0) args.Add($"SamplingRatio = {SamplingRatio}");
        if (Aligned) args.Add("Aligned = true");
        if (Max) args.Add("Mode = RoiPoolMode.Max");
        if (ConstantInputSize is not null)
            args.Add($"InputSize = new[] {{ {string.Join(", ", ChannelsLast ? ConstantInputSize.Skip(1).Append(ConstantInputSize[0]) : ConstantInputSize)} }}");
        if (Parallel) args.Add("Parallel = true");
        if (ChannelsLast) args.Add("Layout = TensorLayout.ChannelsLast");
        return $"[RoiAlign({string.Join(", ", args)})]";
    }

    public string Declaration(string name)
    {
        var parameters = new List<string> { $"ReadOnlySpan<{Element}> input", $"ReadOnlySpan<{Element}> boxes" };
        var call = new List<string> { $"({Element}[])input", $"({Element}[])boxes" };
        if (IndexType is not null)
        {
            parameters.Add($"ReadOnlySpan<{IndexType}> batchIndices");
            call.Add($"({IndexType}[])batchIndices!");
        }
        parameters.Add($"Span<{Element}> output");
        call.Add($"({Element}[])output");
        if (ConstantInputSize is null)
        {
            parameters.AddRange(ChannelsLast ? new[] { "int height", "int width", "int channels" } : new[] { "int channels", "int height", "int width" });
            call.AddRange(ChannelsLast ? new[] { "size[1]", "size[2]", "size[0]" } : new[] { "size[0]", "size[1]", "size[2]" });
        }
        return $"    {Attribute()}\n    public static partial void {name}({string.Join(", ", parameters)});\n"
            + $"    public static void {name}_Run(object input, object boxes, object? batchIndices, object output, int[] size) => {name}({string.Join(", ", call)});\n";
    }

    public static void Invoke(Assembly assembly, int caseIndex, Array input, Array boxes, Array? batchIndices, Array output, int[] size)
    {
        var method = assembly.GetType("Cases.Suite")!.GetMethod($"K{caseIndex}_Run")!;
        try
        {
            method.Invoke(null, new object?[] { input, boxes, batchIndices, output, size });
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw e.InnerException;
        }
    }

    /// <summary>The reference output for torchvision-style boxes (five values each).</summary>
    public Array Reference(Array input, Array boxes5, int[] size)
    {
        int count = boxes5.Length / 5 * size[0] * OutputHeight * OutputWidth;
        if (Pool)
        {
            if (input is float[] fp)
            {
                var op = new float[count];
                ReferenceRoiPool.RoiPool(fp, size[0], size[1], size[2], (float[])boxes5, OutputHeight, OutputWidth, (float)SpatialScale, op);
                return op;
            }
            var dp = new double[count];
            ReferenceRoiPool.RoiPool((double[])input, size[0], size[1], size[2], (double[])boxes5, OutputHeight, OutputWidth, SpatialScale, dp);
            return dp;
        }
        if (input is float[] f)
        {
            var o = new float[count];
            ReferenceRoiAlign.RoiAlign(f, size[0], size[1], size[2], (float[])boxes5, OutputHeight, OutputWidth, (float)SpatialScale, SamplingRatio, Aligned, Max, o);
            return o;
        }
        var d = new double[count];
        ReferenceRoiAlign.RoiAlign((double[])input, size[0], size[1], size[2], (double[])boxes5, OutputHeight, OutputWidth, SpatialScale, SamplingRatio, Aligned, Max, d);
        return d;
    }

    public override string ToString() => $"{Attribute()} {Element}" + (IndexType is null ? "" : $" batch indices {IndexType}");
}
