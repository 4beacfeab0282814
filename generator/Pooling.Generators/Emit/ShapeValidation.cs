using System;
using System.Collections.Generic;
using System.Linq;
using Pooling.Generators.Model;

namespace Pooling.Generators.Emit;

/// <summary>
/// The up-front checks every generated kernel starts with, in one place: extents positive, output extents non-empty,
/// planes whole, output (and indices) of the exact length — each an exception that names the parameter with the
/// expected and actual values. Declares <c>__in{X}</c>, <c>__out{X}</c>, <c>__inPlane</c>, <c>__outPlane</c>,
/// <c>__planes</c> (and optionally <c>__inHW</c> for 3-D): constants when the extents are known at compile time.
/// </summary>
internal sealed record ShapeValidation
{
    /// <summary>Axis letters by rank, outermost first: W; H W; D H W.</summary>
    public static string[] Axes(int rank) => new[] { "D", "H", "W" }.Skip(3 - rank).ToArray();

    /// <summary>The rules of a family's model: its rank, extents and span names (the <see cref="OpModel"/>'s shared
    /// shape) with the family's output extent per axis; the rest is set with <c>with</c>.</summary>
    public static ShapeValidation For(OpModel m, Func<int, long> constantOutput, Func<int, string, string> runtimeOutput) => new()
    {
        Rank = m.Rank,
        ConstantInput = m.InputSize.ToArray(),
        ExtentNames = m.ExtentNames.ToArray(),
        Input = MethodEmitter.Identifier(m.InputName),
        Output = MethodEmitter.Identifier(m.OutputName),
        ConstantOutput = constantOutput,
        RuntimeOutput = runtimeOutput,
    };

    public required int Rank { get; init; }

    /// <summary>Compile-time input extents, or empty for run-time extents.</summary>
    public required int[] ConstantInput { get; init; }

    /// <summary>Names of the trailing int parameters (run-time extents).</summary>
    public required string[] ExtentNames { get; init; }

    public required string Input { get; init; }

    public required string Output { get; init; }

    public string? Indices { get; init; }

    /// <summary>Channels-last kernels: the channel count (a C# expression) and its name expression, or null for a
    /// constant count (Channels = N, no parameter: an overflow then names the first extent). The input is then whole
    /// samples of plane × channels, checked (with the overflow-checked product) before the output.</summary>
    public (string Value, string? Name)? Channels { get; init; }

    /// <summary>Compile-time output extent of an axis for compile-time input extents.</summary>
    public required Func<int, long> ConstantOutput { get; init; }

    /// <summary>C# expression (a long) for the output extent of an axis, given the C# expression of its input extent.</summary>
    public required Func<int, string, string> RuntimeOutput { get; init; }

    /// <summary>Also declare <c>__inHW</c> (the input plane stride of the depth axis) for 3-D kernels that use it.</summary>
    public bool DeclarePlaneStride { get; init; }

    /// <summary>Report an empty output with F.interpolate's message instead of pooling's.</summary>
    public bool UpsampleMessage { get; init; }

    /// <summary>How many output planes the input's planes make (a C# expression over <c>__planes</c>): as many, unless
    /// fused preprocessing drops an alpha channel.</summary>
    public string OutputPlanes { get; init; } = "__planes";

    /// <summary>Extra run-time checks written after the output extents are known (e.g. PyTorch's avg_pool3d rule).</summary>
    public Action<SourceWriter, string[]>? ExtraChecks { get; init; }

    /// <summary>A channels-last kernel's channel count: a positive parameter (checked here) as <c>__c</c>, or the
    /// constant <c>Channels = N</c>; returns the value for <see cref="Channels"/>.</summary>
    public static (string Value, string? Name) WriteChannelCount(SourceWriter w, ChannelsLastModel nhwc)
    {
        if (nhwc.ChannelsName is { } channels)
        {
            string c = MethodEmitter.Identifier(channels);
            w.Line($"if ({c} <= 0) throw new global::System.ArgumentOutOfRangeException({NameOf(c)}, {c}, \"The channel count must be positive.\");");
            w.Line($"int __c = {c};");
            return ("__c", NameOf(c));
        }
        w.Line($"const int __c = {nhwc.ChannelsConstant};");
        return ("__c", null);
    }

    /// <summary>The C# call of <c>PoolingShape.Volume</c> over (value expression, name expression) pairs: the one
    /// overflow-checked extent product every family and layout uses. Names are <see cref="NameOf"/> of a parameter or a
    /// literal for a compile-time role ("Channels").</summary>
    public static string Volume(string what, IEnumerable<(string Value, string Name)> factors) =>
        $"global::Pooling.PoolingShape.Volume({MethodEmitter.Literal(what)}, "
        + string.Join(", ", factors.Select(f => $"{f.Value}, {f.Name}")) + ")";

    /// <summary>
    /// The extents of one image (RoIAlign's feature map, GridSample's image or volume), declared in memory order: each
    /// int parameter checked positive and the overflow-checked element count as <c>__image</c>, or with
    /// <paramref name="inputSize"/> the same as constants; either way the extents land in <paramref name="locals"/>.
    /// </summary>
    public static void WriteImageExtents(SourceWriter w, EquatableArray<string> extentNames, EquatableArray<int> inputSize, string[] locals, string what)
    {
        if (inputSize.IsEmpty)
        {
            var names = extentNames.Select(MethodEmitter.Identifier).ToArray();
            foreach (string extent in names)
                w.Line($"if ({extent} <= 0) throw new global::System.ArgumentOutOfRangeException({NameOf(extent)}, {extent}, \"Channels and spatial extents must be positive.\");");
            w.Line($"int __image = {Volume(what, names.Select(n => (n, NameOf(n))))};");
            w.Line($"int {string.Join(", ", locals.Select((l, i) => $"{l} = {names[i]}"))};");
            return;
        }
        long product = 1;
        foreach (int v in inputSize) product *= v;
        w.Line($"const int {string.Join(", ", locals.Select((l, i) => $"{l} = {inputSize[i]}"))}, __image = {product};");
    }

    /// <summary>
    /// One tensor of an operator's adapter checked to an exact shape (<c>TensorShapes.Exact</c>): its lengths land in
    /// the local <paramref name="dims"/>. <paramref name="required"/> holds, per dimension, a C# int expression or null
    /// for any length; <paramref name="layout"/> names the dimensions for the message.
    /// </summary>
    public static void WriteExactTensor(SourceWriter w, string tensor, string layout, IReadOnlyList<string?> required, string dims)
    {
        w.Line($"global::System.Span<int> {dims} = stackalloc int[{required.Count}];");
        w.Call("global::Pooling.Kernels.TensorShapes.Exact", new[]
        {
            $"{tensor}.Lengths", $"{tensor}.Strides", MethodEmitter.Literal(layout),
            $"stackalloc int[] {{ {string.Join(", ", required.Select(r => r ?? "-1"))} }}", NameOf(tensor), dims,
        });
    }

    /// <summary>A parameter's name as a string literal, from its escaped C# form (<c>@class</c> → <c>"class"</c>). Not
    /// <c>nameof(x)</c>: a user method named <c>nameof</c> would capture that call.</summary>
    public static string NameOf(string parameter) => MethodEmitter.Literal(parameter.TrimStart('@'));

    /// <summary><c>axis == 0 ? "a" : axis == 1 ? "b" : "c"</c>: the parameter of a run-time axis index.</summary>
    public static string NameOfAxis(string axisVariable, IReadOnlyList<string> names)
    {
        string result = NameOf(names[names.Count - 1]);
        for (int a = names.Count - 2; a >= 0; a--) result = $"{axisVariable} == {a} ? {NameOf(names[a])} : {result}";
        return result;
    }

    /// <summary>PyTorch's avg_pool3d rule (every input extent at least the kernel), naming the extent at fault.</summary>
    public static Action<SourceWriter, string[]> AvgPool3dInputCheck(IEnumerable<int> kernel) => (w, names) =>
        w.Line($"{Check}.AvgPool3dInput({ValuesAndNames(names)}, {string.Join(", ", kernel)});");

    // "height, \"height\", width, \"width\"": the extents as Check's methods take them, each with its parameter's name.
    private static string ValuesAndNames(IEnumerable<string> extents) => string.Join(", ", extents.Select(n => $"{n}, {NameOf(n)}"));

    private const string Check = "global::Pooling.Kernels.Check";

    // Run-time extents: each positive, the output extent of each axis as a long (__outXL), the family's extra checks,
    // and each output extent at least 1 — shared by the kernel's checks and its output-size companion.
    private void WriteOutputExtents(SourceWriter w, string[] names)
    {
        var axis = Axes(Rank);
        w.Line($"{Check}.Extents({ValuesAndNames(names)});");
        var outputs = Enumerable.Range(0, Rank).Select(a => RuntimeOutput(a, names[a])).ToList();
        for (int a = 0; a < Rank; a++) w.Line($"long __out{axis[a]}L = {outputs[a]};");
        ExtraChecks?.Invoke(w, names);
        // Output extents fixed by the attribute (adaptive bins, an upsampling Size) are positive already: no check that
        // cannot fail.
        if (outputs.All(o => long.TryParse(o, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long v) && v >= 1)) return;
        string upsample = UpsampleMessage ? "true" : "false";
        w.Line($"{Check}.OutputExtents({upsample}, {string.Join(", ", names.Select((n, a) => $"{n}, __out{axis[a]}L, {NameOf(n)}"))});");
    }

    /// <summary>The input and output plane sizes for compile-time extents (the parser has kept each within an int).</summary>
    public (long In, long Out) ConstantPlanes() =>
        (ConstantInput.Aggregate(1L, (p, v) => p * v), Enumerable.Range(0, Rank).Select(ConstantOutput).Aggregate(1L, (p, v) => p * v));

    /// <param name="outputSize">The kernel's output-size companion (<see cref="PlaneDriver.OutputSize"/>): with run-time
    /// extents the output extents come from it, checked there exactly as written inline otherwise.</param>
    public void Write(SourceWriter w, string? outputSize = null)
    {
        var axis = Axes(Rank);
        w.Line("// Validate every argument once, up front.");
        string planeExtents;   // the input extents, as Check's messages describe a plane
        if (ConstantInput.Length > 0)
        {
            var output = Enumerable.Range(0, Rank).Select(ConstantOutput).ToArray();
            // One constant a line: MethodEmitter drops the ones the kernel never reads (no CS0219 in the user's build).
            for (int a = 0; a < Rank; a++) w.Line($"const int __in{axis[a]} = {ConstantInput[a]};");
            for (int a = 0; a < Rank; a++) w.Line($"const int __out{axis[a]} = {output[a]};");
            var (inPlane, outPlane) = ConstantPlanes();
            w.Line($"const int __inPlane = {inPlane};");
            w.Line($"const int __outPlane = {outPlane};");
            planeExtents = string.Join(", ", ConstantInput);
        }
        else
        {
            var names = ExtentNames.Select(MethodEmitter.Identifier).ToArray();
            if (outputSize is not null)
            {
                string call = $"{outputSize}({string.Join(", ", names)})";
                w.Line($"// Checked by {outputSize.TrimStart('@')}, plane sizes within an int included.");
                w.Line(Rank == 1 ? $"int __outW = {call};" : $"var ({string.Join(", ", axis.Select(x => "__out" + x))}) = {call};");
                w.Line($"int __inPlane = {string.Join(" * ", names)}, __outPlane = {string.Join(" * ", axis.Select(x => "__out" + x))};");
            }
            else
            {
                WriteOutputExtents(w, names);
                // Checked products (PoolingShape.Volume): an extent product that passes int.MaxValue names its extent.
                w.Line($"int __inPlane = {Volume("An input plane", names.Select(n => (n, NameOf(n))))};");
                w.Line($"int __outPlane = {Volume("An output plane", axis.Select((x, a) => ($"__out{x}L", NameOf(names[a]))))};");
                w.Line("int " + string.Join(", ", axis.Select(x => $"__out{x} = (int)__out{x}L")) + ";");
            }
            w.Line("int " + string.Join(", ", Enumerable.Range(0, Rank).Select(a => $"__in{axis[a]} = {names[a]}")) + ";");
            planeExtents = string.Join(", ", names);
        }
        if (Channels is { } channels)
        {
            string first = ExtentNames.Length > 0 ? NameOf(MethodEmitter.Identifier(ExtentNames[0])) : MethodEmitter.Literal("InputSize");
            w.Line($"int __sample = {Volume("A sample (spatial extents × channels)", new[] { ("__inPlane", first), (channels.Value, channels.Name ?? first) })};");
            w.Line($"{Check}.WholeSamples({Input}.Length, __sample, {NameOf(Input)}, {channels.Value}, {planeExtents});");
        }
        else
        {
            w.Line($"{Check}.WholePlanes({Input}.Length, __inPlane, {NameOf(Input)}, {planeExtents});");
        }
        w.Line($"int __planes = {Input}.Length / __inPlane;");
        w.Line($"{Check}.OutputLength({Output}.Length, {OutputPlanes}, __outPlane, {NameOf(Output)}, {string.Join(", ", axis.Select(x => "__out" + x))});");
        if (Indices is not null) w.Line($"{Check}.IndexCount({Indices}.Length, {Output}.Length, {NameOf(Indices)});");
        if (Rank == 3 && DeclarePlaneStride)
        {
            w.Line((ConstantInput.Length > 0 ? "const " : "") + "int __inHW = __inH * __inW;");
        }
        w.Line();
    }

    /// <summary>
    /// The kernel's output-size companion: the output extents for given input extents, computed and checked exactly as
    /// the kernel does (the same exceptions, naming the same parameters), so callers size buffers without restating
    /// PyTorch's formula. Rank 1 returns an int, ranks 2 and 3 a named tuple (Depth, Height, Width).
    /// </summary>
    /// <summary>
    /// The shell of an output-size function: with an accessibility, the public companion (summary, [GeneratedCode],
    /// <paramref name="returnType"/>); with none, the tensor adapter's local function, which takes a
    /// <c>Span&lt;int&gt; __outDims</c> to fill instead of returning.
    /// </summary>
    public static IDisposable CompanionBlock(SourceWriter w, string? accessibility, string returnType, string name, IEnumerable<string> extents, string summary)
    {
        var parameters = extents.Select(n => "int " + n).ToList();
        if (accessibility is null) return w.Block($"static void {name}({string.Join(", ", parameters.Append("global::System.Span<int> __outDims"))})");
        w.Line($"/// <summary>{summary}</summary>");
        w.Line($"[global::System.CodeDom.Compiler.GeneratedCode(\"Pooling.Generators\", \"{MethodEmitter.Version}\")]");
        return w.Block($"{accessibility} static {returnType} {name}({string.Join(", ", parameters)})");
    }

    /// <summary>The output extents leaving an output-size function: returned (one int or a tuple), or stored into
    /// <c>__outDims</c> for the tensor adapter.</summary>
    public static string CompanionReturn(string? accessibility, IReadOnlyList<string> values) => accessibility is null
        ? string.Concat(values.Select((v, a) => (a == 0 ? "" : " ") + $"__outDims[{a}] = {v};"))
        : "return " + (values.Count == 1 ? values[0] : "(" + string.Join(", ", values) + ")") + ";";

    /// <param name="accessibility">The companion's accessibility; null writes the tensor adapter's local function,
    /// which stores the extents into a <c>Span&lt;int&gt; __outDims</c> instead of returning them.</param>
    public void WriteOutputSize(SourceWriter w, string? accessibility, string kernelName, string name)
    {
        var axis = Axes(Rank);
        string[] full = { "Depth", "Height", "Width" };
        string returnType = Rank == 1 ? "int" : "(" + string.Join(", ", axis.Select(x => "int " + full[Array.IndexOf(new[] { "D", "H", "W" }, x)])) + ")";
        var names = ExtentNames.Select(MethodEmitter.Identifier).ToArray();
        string summary = ConstantInput.Length > 0
            ? $"The output extents <c>{kernelName}</c> writes per plane (its input extents are fixed by InputSize)."
            : $"The output extents <c>{kernelName}</c> writes per plane for an input of these extents (PyTorch's formula).";
        string Return(IReadOnlyList<string> values) => CompanionReturn(accessibility, values);
        using (CompanionBlock(w, accessibility, returnType, name, names, summary))
        {
            if (ConstantInput.Length > 0)
            {
                w.Line(Return(Enumerable.Range(0, Rank).Select(a => ConstantOutput(a).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList()));
                return;
            }
            WriteOutputExtents(w, names);
            // Planes past int.MaxValue elements could never be spans: the same overflow checks as the kernel's, in its order.
            w.Line($"_ = {Volume("An input plane", names.Select(n => (n, NameOf(n))))};");
            w.Line($"_ = {Volume("An output plane", axis.Select((x, a) => ($"__out{x}L", NameOf(names[a]))))};");
            w.Line(Return(axis.Select(x => $"(int)__out{x}L").ToList()));
        }
    }
}
