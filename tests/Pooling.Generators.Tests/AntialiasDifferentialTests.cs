using System.Text;
using Pooling.Generators.Tests.Infrastructure;
using Pooling.Reference;

namespace Pooling.Generators.Tests;

/// <summary>
/// Antialiased bilinear and bicubic (float, double, Half; planes and channels-last) through generated kernels against
/// <see cref="ReferenceAntialias"/>, the plain loops of docs/semantics.md §8.6, bit for bit: sizes that reduce and
/// enlarge, extents that fill the vector blocks and leave rows and columns over, data with NaN, ±∞ and −0.0. The name
/// puts it on the engine axis (EngineAxisTests), so the 8-row, 4-row and scalar paths all run it.
/// </summary>
public class AntialiasDifferentialTests
{
    private sealed record Kernel(string Name, string Mode, string Element, int[]? Size, double? Scale, bool Align, bool ChannelsLast);

    private static readonly Kernel[] Kernels =
    {
        new("BilinearSize", "Bilinear", "float", new[] { 7, 9 }, null, false, false),
        new("BicubicSize", "Bicubic", "float", new[] { 13, 5 }, null, false, false),
        new("BilinearDown", "Bilinear", "float", null, 0.3, false, false),
        new("BicubicDown", "Bicubic", "float", null, 0.45, false, false),
        new("BilinearUp", "Bilinear", "float", null, 2.5, false, false),
        new("BilinearAligned", "Bilinear", "float", new[] { 6, 11 }, null, true, false),
        new("BicubicDouble", "Bicubic", "double", null, 0.4, false, false),
        new("BilinearHalf", "Bilinear", "Half", new[] { 9, 8 }, null, false, false),
        new("BilinearNhwc", "Bilinear", "float", null, 0.4, false, true),
        new("BicubicNhwc", "Bicubic", "float", new[] { 5, 17 }, null, false, true),
    };

    private static readonly Lazy<Type> Compiled = new(() =>
    {
        var source = new StringBuilder("using System;\nusing Pooling;\nnamespace AntialiasCases;\npublic static partial class K\n{\n");
        foreach (var k in Kernels)
        {
            string how = k.Size is { } s ? $"Size = new[] {{ {s[0]}, {s[1]} }}" : k.Scale!.Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
            string options = (k.Align ? ", AlignCorners = true" : "") + (k.ChannelsLast ? ", Layout = TensorLayout.ChannelsLast" : "");
            string extents = k.ChannelsLast ? "int h, int w, int c" : "int h, int w";
            source.AppendLine($"    [Upsample(UpsampleMode.{k.Mode}, {how}, Antialias = true{options})]");
            source.AppendLine($"    public static partial void {k.Name}(ReadOnlySpan<{k.Element}> x, Span<{k.Element}> y, {extents});");
        }
        source.AppendLine("}");
        return GeneratorHarness.CompileAndLoad(source.ToString()).GetType("AntialiasCases.K")!;
    });

    private delegate void Planes<T>(ReadOnlySpan<T> x, Span<T> y, int h, int w);
    private delegate void Samples<T>(ReadOnlySpan<T> x, Span<T> y, int h, int w, int c);

    [Fact]
    public void Generated_antialias_equals_the_reference_loops()
    {
        var random = new Random(20261205);
        int checkedCalls = 0;
        foreach (var k in Kernels)
        {
            for (int trial = 0; trial < 8; trial++)
            {
                // Small extents, and ones past the 8-row blocks and 8-column transposes with rows and columns left over.
                int h = trial < 3 ? random.Next(1, 9) : random.Next(9, 60), w = trial < 3 ? random.Next(1, 9) : random.Next(9, 90);
                int c = k.ChannelsLast ? random.Next(1, 5) : 1, planes = random.Next(1, 4);
                int outH = k.Size?[0] ?? (int)PoolingShape.UpsampleLength(h, k.Scale!.Value), outW = k.Size?[1] ?? (int)PoolingShape.UpsampleLength(w, k.Scale!.Value);
                if (outH < 1 || outW < 1) continue;
                switch (k.Element)
                {
                    case "float": Check<float, float>(k, random, planes, h, w, c, outH, outW); break;
                    case "double": Check<double, double>(k, random, planes, h, w, c, outH, outW); break;
                    default: Check<Half, float>(k, random, planes, h, w, c, outH, outW); break;
                }
                checkedCalls++;
            }
        }
        Assert.True(checkedCalls >= 60, $"{checkedCalls} calls");
    }

    private static void Check<T, TMath>(Kernel k, Random random, int planes, int h, int w, int c, int outH, int outW)
        where T : System.Numerics.INumber<T>
        where TMath : System.Numerics.IFloatingPoint<TMath>
    {
        var input = new T[planes * h * w * c];
        for (int i = 0; i < input.Length; i++)
        {
            double v = random.Next(40) switch { 0 => double.NaN, 1 => double.PositiveInfinity, 2 => double.NegativeInfinity, 3 => -0.0, _ => random.NextDouble() * 4 - 2 };
            input[i] = T.CreateTruncating(v);
        }
        var actual = new T[planes * outH * outW * c];
        var method = Compiled.Value.GetMethod(k.Name)!;
        if (k.ChannelsLast) method.CreateDelegate<Samples<T>>()(input, actual, h, w, c);
        else method.CreateDelegate<Planes<T>>()(input, actual, h, w);

        // The kernel's scales, as generated code computes them (docs/semantics.md §8.2).
        TMath Scale(int i, int o) => k.Align
            ? (o > 1 ? TMath.CreateTruncating(i - 1) / TMath.CreateTruncating(o - 1) : TMath.Zero)
            : k.Scale is { } sf ? TMath.CreateTruncating(1.0 / sf) : TMath.CreateTruncating(i) / TMath.CreateTruncating(o);
        var expected = new T[actual.Length];
        ReferenceAntialias.Resample<T, TMath>(input, expected, planes, h, w, outH, outW, Scale(h, outH), Scale(w, outW), k.Mode == "Bicubic", c);
        for (int i = 0; i < expected.Length; i++)
        {
            bool same = T.IsNaN(expected[i]) ? T.IsNaN(actual[i]) : expected[i] == actual[i] && T.IsNegative(expected[i]) == T.IsNegative(actual[i]);
            if (!same)
                Assert.Fail($"{k.Name} {planes}×{h}×{w}×{c} → {outH}×{outW}: element {i} is {actual[i]}, the reference gives {expected[i]}");
        }
    }
}
