using System.Linq;
using Pooling.Generators.Model;
using Pooling.Generators.Parsing;

namespace Pooling.Generators.Emit;

/// <summary>PixelShuffle / PixelUnshuffle (docs/semantics.md §8.8): <c>y[n, c, h·r+i, w·r+j] = x[n, c·r² + i·r + j, h, w]</c> and
/// its inverse; a pure permutation, written in output order with the factor as a literal.</summary>
internal static class ShuffleEmitter
{
    private const string Unsafe = ElementInfo.Unsafe;

    /// <summary>The extents (channels, height, width of <paramref name="input"/>'s samples) positive and divisible as the
    /// factor needs, <paramref name="input"/> whole samples and <paramref name="output"/> as long; declares <c>__c</c>,
    /// <c>__h</c>, <c>__w</c>, <c>__sample</c> and <c>__batch</c>.</summary>
    /// <summary>The operator's name: PixelShuffle, PixelUnshuffle, DepthToSpace (DCR) or SpaceToDepth.</summary>
    internal static string OpName(ShuffleModel m) =>
        (m.Unshuffle, m.BlockFirst) switch { (true, true) => "SpaceToDepth", (true, false) => "PixelUnshuffle", (false, true) => "DepthToSpace", _ => "PixelShuffle" };

    internal static void WriteValidation(SourceWriter w, ShuffleModel m, string input, string output, bool channelsLast)
    {
        string op = OpName(m);
        w.Line("// Validate every argument once, up front.");
        if (m.InputSize.IsEmpty)
        {
            string c = MethodEmitter.Identifier(m.ExtentNames[0]), h = MethodEmitter.Identifier(m.ExtentNames[1]), wd = MethodEmitter.Identifier(m.ExtentNames[2]);
            WriteExtentChecks(w, m, new[] { c, h, wd }, "int __sample");
            w.Line($"int __c = {c}, __h = {h}, __w = {wd};");
        }
        else
        {
            w.Line($"const int __c = {m.InputSize[0]}, __h = {m.InputSize[1]}, __w = {m.InputSize[2]}, __sample = {(long)m.InputSize[0] * m.InputSize[1] * m.InputSize[2]};");
        }
        string sampleLayout = channelsLast ? "{__h} × {__w} × {__c}" : "{__c} × {__h} × {__w}";
        string layoutNames = channelsLast ? "batch × height × width × channels" : "batch × channels × height × width";
        w.Line($"if ({input}.Length == 0 || {input}.Length % __sample != 0) throw new global::System.ArgumentException($\"Expected a positive multiple of {sampleLayout} = {{__sample}} elements ({layoutNames}), but got {{{input}.Length}}.\", {ShapeValidation.NameOf(input)});");
        w.Line($"if ({output}.Length != {input}.Length) throw new global::System.ArgumentException($\"Expected {{{input}.Length}} elements (a {op} keeps the element count), but got {{{output}.Length}}.\", {ShapeValidation.NameOf(output)});");
        w.Line($"int __batch = {input}.Length / __sample;");
    }

    // Run-time (channels, height, width): each positive, divisible as the factor needs, the sample within int — the
    // kernel's checks and its output-size companion's alike; the sample size goes into 'target'.
private static void WriteExtentChecks(SourceWriter w, ShuffleModel m, string[] names, string target)
    {
        foreach (string name in names)
            w.Line($"if ({name} <= 0) throw new global::System.ArgumentOutOfRangeException({ShapeValidation.NameOf(name)}, {name}, \"Channels and spatial extents must be positive.\");");
        w.Line($"if (global::Pooling.PoolingShape.ValidateShuffle({(m.Unshuffle ? "true" : "false")}, {m.Factor}, {names[0]}, {names[1]}, {names[2]}, out int __axis) is {{ }} __invalid) "
            + $"throw new global::System.ArgumentException(__invalid, {ShapeValidation.NameOfAxis("__axis", names)});");
        w.Line($"{target} = {ShapeValidation.Volume("A sample (channels × height × width)", names.Select(n => (n, ShapeValidation.NameOf(n))))};");
    }

    public static string Emit(MethodModel method, ShuffleModel m, bool channelsLast = false)
    {
        string element = ElementInfo.Of(m.Element).Name;
        string input = MethodEmitter.Identifier(m.InputName), output = MethodEmitter.Identifier(m.OutputName);
        int r = m.Factor;
        bool dcr = m.BlockFirst;
        string remarks = (m.Unshuffle, dcr) switch
        {
            (true, false) => $"PixelUnshuffle by {r}: (C, H·{r}, W·{r}) → (C·{r * r}, H, W), y[n, c·{r * r} + i·{r} + j, h, w] = x[n, c, h·{r}+i, w·{r}+j].",
            (false, false) => $"PixelShuffle by {r}: (C·{r * r}, H, W) → (C, H·{r}, W·{r}), y[n, c, h·{r}+i, w·{r}+j] = x[n, c·{r * r} + i·{r} + j, h, w].",
            (true, true) => $"SpaceToDepth by {r}: (C, H·{r}, W·{r}) → (C·{r * r}, H, W), y[n, (i·{r} + j)·C + c, h, w] = x[n, c, h·{r}+i, w·{r}+j].",
            _ => $"DepthToSpace (DCR) by {r}: (C·{r * r}, H, W) → (C, H·{r}, W·{r}), y[n, c, h·{r}+i, w·{r}+j] = x[n, (i·{r} + j)·C + c, h, w].",
        };
        if (channelsLast) remarks += " Layout: channels-last (NHWC), each output row moved directly (no transposition).";
        return MethodEmitter.Emit(method, remarks, (w, driver) =>
        {
            WriteValidation(w, m, input, output, channelsLast);
            w.Line();
            // Shuffle: the output has C/r² channels of (H·r) × (W·r); unshuffle: C·r² channels of (H/r) × (W/r).
            string outC = m.Unshuffle ? $"__c * {r * r}" : $"__c / {r * r}";
            string outH = m.Unshuffle ? $"__h / {r}" : $"__h * {r}";
            string outW = m.Unshuffle ? $"__w / {r}" : $"__w * {r}";
            if (m.InputSize.IsEmpty)
            {
                w.Line($"int __outC = {outC}, __outH = {outH}, __outW = {outW};");
            }
            else
            {
                // Constants of constants, one a line, so those a layout never reads are dropped (no CS0219).
                w.Line($"const int __outC = {outC};");
                w.Line($"const int __outH = {outH};");
                w.Line($"const int __outW = {outW};");
            }
            if (channelsLast)
            {
                // Channels-last: a unit is one output row of a sample; the runtime moves its pixels' channels.
                var rowUnits = driver.WriteSplit(w, "__batch * __outH", "2L * __batch * __sample");
                var (samples, rowFirst, rowEnd) = driver.PlaneLoop(w, rowUnits, "__batch", "__outH");
                using (samples)
                {
                    w.Line($"global::Pooling.Kernels.ShuffleRows.{(dcr ? "ChannelsLastBlockFirst" : "ChannelsLast")}<{element}>({input}.Slice(__plane * __sample, __sample), "
                        + $"{output}.Slice(__plane * __sample, __sample), {r}, {(m.Unshuffle ? "true" : "false")}, __c, __h, __w, {rowFirst}, {rowEnd});");
                }
                return;
            }
            w.Line($"ref {element} __src = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference({input});");
            w.Line($"ref {element} __dst = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference({output});");
            // Parallel: a unit is one output channel of a sample (a pair of them when unshuffling by 2, written together).
            bool pairs = r == 2 && m.Unshuffle;
            string channelUnits = pairs ? "(__outC / 2)" : "__outC";
            var units = driver.WriteSplit(w, $"__batch * {channelUnits}", "2L * __batch * __sample");
            var (sampleLoop, channelFirst, channelEnd) = driver.PlaneLoop(w, units, "__batch", channelUnits);
            using (sampleLoop)
            {
                w.Line("int __sampleStart = __plane * __sample;");
                // A sample's output has the input's size; this loop's first output channel starts here.
                if (!pairs) w.Line(channelFirst == "0" ? "int __o = __sampleStart;" : $"int __o = __sampleStart + {channelFirst} * __outH * __outW;");
                if (r == 2)
                {
                    // By 2, whole rows move: a shuffled row is two input rows interleaved, an unshuffled row pair the
                    // even and odd elements of one input row (runtime ShuffleRows, vectorised).
                    const string Rows = "global::Pooling.Kernels.ShuffleRows";
                    string pairFirst = channelFirst == "0" ? "0" : $"2 * {channelFirst}";
                    string pairEnd = channelEnd == channelUnits ? "__outC" : $"2 * {channelEnd}";
                    using (w.Block(pairs && !dcr
                        ? $"for (int __oc = {pairFirst}; __oc < {pairEnd}; __oc += 2)"
                        : $"for (int __oc = {channelFirst}; __oc < {channelEnd}; __oc++)"))
                    using (w.Block("for (int __oh = 0; __oh < __outH; __oh++)"))
                    {
                        if (m.Unshuffle && dcr)
                        {
                            // Unit u = i·C + c: output channels (2i)·C + c (even columns) and (2i + 1)·C + c (odd) read input
                            // channel c, row 2·oh + i.
                            w.Line("int __rowStart = __sampleStart + ((__oc % __c) * __h + __oh * 2 + __oc / __c) * __w;");
                            w.Line("int __target = __sampleStart + (((__oc / __c) * 2 * __c + __oc % __c) * __outH + __oh) * __outW;");
                            w.Line($"{Rows}.Deinterleave({input}.Slice(__rowStart, __w), {output}.Slice(__target, __outW), {output}.Slice(__target + __c * __outH * __outW, __outW));");
                        }
                        else if (m.Unshuffle)
                        {
                            // Output channels oc (even columns) and oc + 1 (odd) read input channel oc / 4, row 2·oh + (oc % 4) / 2.
                            w.Line("int __rowStart = __sampleStart + ((__oc / 4) * __h + __oh * 2 + (__oc % 4) / 2) * __w;");
                            w.Line("int __target = __sampleStart + (__oc * __outH + __oh) * __outW;");
                            w.Line($"{Rows}.Deinterleave({input}.Slice(__rowStart, __w), {output}.Slice(__target, __outW), {output}.Slice(__target + __outH * __outW, __outW));");
                        }
                        else if (dcr)
                        {
                            // Output row oh = 2h + i of channel c interleaves input channels 2i·C + c and (2i + 1)·C + c at row h.
                            w.Line("int __channelBase = __sampleStart + ((__oh % 2) * 2 * __outC + __oc) * __h * __w + (__oh / 2) * __w;");
                            w.Line($"{Rows}.Interleave({input}.Slice(__channelBase, __w), {input}.Slice(__channelBase + __outC * __h * __w, __w), {output}.Slice(__o, __outW));");
                            w.Line("__o += __outW;");
                        }
                        else
                        {
                            // Output row oh = 2h + i of channel c interleaves input channels 4c + 2i and 4c + 2i + 1 at row h.
                            w.Line("int __channelBase = __sampleStart + (__oc * 4 + (__oh % 2) * 2) * __h * __w + (__oh / 2) * __w;");
                            w.Line($"{Rows}.Interleave({input}.Slice(__channelBase, __w), {input}.Slice(__channelBase + __h * __w, __w), {output}.Slice(__o, __outW));");
                            w.Line("__o += __outW;");
                        }
                    }
                }
                else
                {
                    using (w.Block($"for (int __oc = {channelFirst}; __oc < {channelEnd}; __oc++)"))
                    using (w.Block("for (int __oh = 0; __oh < __outH; __oh++)"))
                    {
                        if (m.Unshuffle)
                        {
                            // Output channel oc = c·r² + i·r + j (DCR: (i·r + j)·C + c) reads input channel c at row oh·r + i, columns ow·r + j.
                            w.Line(dcr
                                ? $"int __rowStart = __sampleStart + ((__oc % __c) * __h + __oh * {r} + (__oc / __c) / {r}) * __w + (__oc / __c) % {r};"
                                : $"int __rowStart = __sampleStart + ((__oc / {r * r}) * __h + __oh * {r} + (__oc % {r * r}) / {r}) * __w + (__oc % {r});");
                            using (w.Block("for (int __ow = 0; __ow < __outW; __ow++)"))
                            {
                                w.Line($"{Unsafe}.Add(ref __dst, __o++) = {Unsafe}.Add(ref __src, __rowStart + __ow * {r});");
                            }
                        }
                        else
                        {
                            // Output row oh = h·r + i of channel c reads channels c·r² + i·r + j (DCR: (i·r + j)·C + c), j = 0..r−1,
                            // of input row h.
                            w.Line(dcr
                                ? $"int __channelBase = __sampleStart + ((__oh % {r}) * {r} * __outC + __oc) * __h * __w + (__oh / {r}) * __w;"
                                : $"int __channelBase = __sampleStart + (__oc * {r * r} + (__oh % {r}) * {r}) * __h * __w + (__oh / {r}) * __w;");
                            string step = dcr ? "__outC * __h * __w" : "__h * __w";
                            using (w.Block("for (int __iw = 0; __iw < __w; __iw++)"))
                            {
                                for (int j = 0; j < r && j < 16; j++)
                                {
                                    w.Line($"{Unsafe}.Add(ref __dst, __o++) = {Unsafe}.Add(ref __src, __channelBase + {(j == 0 ? "" : j == 1 ? step + " + " : $"{j} * {step} + ")}__iw);");
                                }
                                if (r > 16)
                                {
                                    w.Line($"for (int __j = 16; __j < {r}; __j++) {Unsafe}.Add(ref __dst, __o++) = {Unsafe}.Add(ref __src, __channelBase + __j * {step} + __iw);");
                                }
                            }
                        }
                    }
                }
            }
        }, OutputSize(m));
    }

    /// <summary>The companion output-size function, and for tensor spans the output's expected shape (a backward
    /// kernel's gradOutput): shuffle (C / r², H·r, W·r), unshuffle (C·r², H / r, W / r).</summary>
    internal static MethodEmitter.OutputSizeWriter OutputSize(ShuffleModel m) => (w, accessibility, kernel, name) =>
    {
        int r = m.Factor;
        // Shuffle: (C / r², H·r, W·r); unshuffle: (C·r², H / r, W / r); checked as the kernel checks them.
        string[] names = m.InputSize.IsEmpty ? m.ExtentNames.Select(MethodEmitter.Identifier).ToArray() : System.Array.Empty<string>();
        string Return(string c, string h, string wd) => ShapeValidation.CompanionReturn(accessibility, new[] { c, h, wd });
        using (ShapeValidation.CompanionBlock(w, accessibility, "(int Channels, int Height, int Width)", name, names,
            $"The (channels, height, width) <c>{kernel}</c> writes per sample for an input of these extents."))
        {
            if (!m.InputSize.IsEmpty)
            {
                long c = m.InputSize[0], h = m.InputSize[1], wd = m.InputSize[2];
                w.Line(m.Unshuffle ? Return($"{c * r * r}", $"{h / r}", $"{wd / r}") : Return($"{c / (r * r)}", $"{h * r}", $"{wd * r}"));
                return;
            }
            WriteExtentChecks(w, m, names, "_");
            w.Line(m.Unshuffle
                ? Return($"{names[0]} * {r * r}", $"{names[1]} / {r}", $"{names[2]} / {r}")
                : Return($"{names[0]} / {r * r}", $"{names[1]} * {r}", $"{names[2]} * {r}"));
        }
    };
}
