using System.Reflection;
using Pooling.Reference;

namespace Pooling.Generators.Tests.Infrastructure;

/// <summary>A GridSample declaration over (channels, height, width); a wrapper <c>NAME_Run(object input, object grid,
/// object output, int[] size)</c> taking <c>size</c> in that order. ChannelsLast: declared over (height, width, channels)
/// for NHWC data, volumes over (depth, height, width, channels) (the wrapper passes the extents in that order; the caller
/// transposes the data).</summary>
internal sealed record GridSampleCase(string Element, string Mode, string Padding = "Zeros", bool AlignCorners = false, int[]? ConstantInputSize = null,
    bool Parallel = false, bool Volume = false, bool ChannelsLast = false) : IKernelCase    // Volume: (channels, depth, height, width), (x, y, z) points
{
    public string Attribute()
    {
        var args = new List<string> { "GridSampleMode." + Mode };
        if (Padding != "Zeros") args.Add($"PaddingMode = GridPadding.{Padding}");
        if (AlignCorners) args.Add("AlignCorners = true");
        if (ConstantInputSize is not null)
            args.Add($"InputSize = new[] {{ {string.Join(", ", ChannelsLast ? ConstantInputSize.Skip(1).Append(ConstantInputSize[0]) : ConstantInputSize)} }}");
        if (Parallel) args.Add("Parallel = true");
        if (ChannelsLast) args.Add("Layout = TensorLayout.ChannelsLast");
        return $"[GridSample({string.Join(", ", args)})]";
    }

    public string Declaration(string name)
    {
        bool constant = ConstantInputSize is not null;
        string extents = constant ? "" : (Volume, ChannelsLast) switch
        {
            (true, true) => ", int depth, int height, int width, int channels",
            (true, false) => ", int channels, int depth, int height, int width",
            (false, true) => ", int height, int width, int channels",
            _ => ", int channels, int height, int width",
        };
        string call = constant ? "" : (Volume, ChannelsLast) switch
        {
            (true, true) => ", size[1], size[2], size[3], size[0]",
            (true, false) => ", size[0], size[1], size[2], size[3]",
            (false, true) => ", size[1], size[2], size[0]",
            _ => ", size[0], size[1], size[2]",
        };
        return $"    {Attribute()}\n    public static partial void {name}(ReadOnlySpan<{Element}> input, ReadOnlySpan<{Element}> grid, Span<{Element}> output{extents});\n"
            + $"    public static void {name}_Run(object input, object grid, object output, int[] size) => {name}(({Element}[])input, ({Element}[])grid, ({Element}[])output{call});\n";
    }

    public static void Invoke(Assembly assembly, int caseIndex, Array input, Array grid, Array output, int[] size)
    {
        var method = assembly.GetType("Cases.Suite")!.GetMethod($"K{caseIndex}_Run")!;
        try
        {
            method.Invoke(null, new object?[] { input, grid, output, size });
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw e.InnerException;
        }
    }

    public Array Reference(Array input, Array grid, int[] size, int outputLength)
    {
        var mode = Enum.Parse<GridSampleMode>(Mode);
        var padding = Enum.Parse<GridPadding>(Padding);
        if (Volume)
        {
            if (input is float[] fv)
            {
                var ov = new float[outputLength];
                ReferenceGridSample.GridSample3D(fv, size[0], size[1], size[2], size[3], (float[])grid, mode, padding, AlignCorners, ov);
                return ov;
            }
            var dv = new double[outputLength];
            ReferenceGridSample.GridSample3D((double[])input, size[0], size[1], size[2], size[3], (double[])grid, mode, padding, AlignCorners, dv);
            return dv;
        }
        if (input is float[] f)
        {
            var o = new float[outputLength];
            ReferenceGridSample.GridSample(f, size[0], size[1], size[2], (float[])grid, mode, padding, AlignCorners, o);
            return o;
        }
        var d = new double[outputLength];
        ReferenceGridSample.GridSample((double[])input, size[0], size[1], size[2], (double[])grid, mode, padding, AlignCorners, d);
        return d;
    }

    public override string ToString() => $"{Attribute()} {Element}";
}
