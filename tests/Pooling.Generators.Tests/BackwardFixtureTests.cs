using System.Reflection;
using System.Text.Json;
using Pooling.Generators.Tests.Infrastructure;

namespace Pooling.Generators.Tests;

/// <summary>
/// Backward kernels (<c>Backward = true</c>) against PyTorch 1.13's CPU autograd bit for bit: Fixtures/backward.json, made
/// by tools/fixtures/make_backward_fixtures.py from torch.autograd.grad on random configurations of every family with a
/// backward kernel — max and min pooling from indices and from the forward's input (ties, NaN, ±∞, −0.0), average
/// pooling (padding, ceil mode, count_include_pad, divisor_override), adaptive and global pooling, nearest, nearest-exact,
/// linear, bilinear, trilinear, bicubic and area upsampling (sizes and scale factors, align_corners both ways),
/// max-unpooling, pixel shuffle and unshuffle; NCHW and channels-last; float and double.
/// </summary>
public class BackwardFixtureTests
{
    internal sealed record Fixture(string Name, string Attribute, string Form, string Element, string? Index, int[] Extents,
        Array GradOutput, Array GradInput, Array? Indices, Array? Input)
    {
        public string Declaration(string name)
        {
            string t = Element;
            var parameters = Form switch
            {
                "plain" => new List<string> { $"ReadOnlySpan<{t}> gradOutput", $"Span<{t}> gradInput" },
                "input" => new List<string> { $"ReadOnlySpan<{t}> input", $"ReadOnlySpan<{t}> gradOutput", $"Span<{t}> gradInput" },
                _ => new List<string> { $"ReadOnlySpan<{t}> gradOutput", $"ReadOnlySpan<{Index}> indices", $"Span<{t}> gradInput" },
            };
            parameters.AddRange(Extents.Select((_, a) => $"int e{a}"));
            var arguments = Form switch
            {
                "plain" => new List<string> { $"({t}[])a", $"({t}[])gi" },
                "input" => new List<string> { $"({t}[])c!", $"({t}[])a", $"({t}[])gi" },
                _ => new List<string> { $"({t}[])a", $"({Index}[])c!", $"({t}[])gi" },
            };
            arguments.AddRange(Extents.Select((_, a) => $"size[{a}]"));
            return $"    [{Attribute}]\n    public static partial void {name}({string.Join(", ", parameters)});\n"
                + $"    public static void {name}_Run(object a, object? c, object gi, int[] size) => {name}({string.Join(", ", arguments)});\n";
        }

        /// <summary>The kernel's gradient for this case's arrays.</summary>
        public Array Run(Assembly assembly, string name, Array gradOutput, Array? second = null, int? inputLength = null)
        {
            var gradInput = Array.CreateInstance(GradInput.GetType().GetElementType()!, inputLength ?? GradInput.Length);
            var method = assembly.GetType("Cases.Suite")!.GetMethod(name + "_Run")!;
            try
            {
                method.Invoke(null, new object?[] { gradOutput, second ?? Indices ?? Input, gradInput, Extents });
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                throw e.InnerException;
            }
            return gradInput;
        }

        public override string ToString() => $"{Name} [{Attribute}] {Form} extents ({string.Join(", ", Extents)})";
    }

    internal static List<Fixture> Load()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "backward.json")));
        var fixtures = new List<Fixture>();
        foreach (var c in document.RootElement.GetProperty("cases").EnumerateArray())
        {
            string element = c.GetProperty("element").GetString()!;
            string? index = c.TryGetProperty("index", out var i) ? i.GetString() : null;
            Array Values(string property) => Numbers(c.GetProperty(property), element);
            fixtures.Add(new Fixture(c.GetProperty("name").GetString()!, c.GetProperty("attribute").GetString()!, c.GetProperty("form").GetString()!, element, index,
                c.GetProperty("extents").EnumerateArray().Select(e => e.GetInt32()).ToArray(), Values("gradOutput"), Values("gradInput"),
                index is null ? null : Numbers(c.GetProperty("indices"), index), c.TryGetProperty("input", out _) ? Values("input") : null));
        }
        return fixtures;
    }

    private static Array Numbers(JsonElement array, string element)
    {
        static double Parse(JsonElement e) => e.ValueKind == JsonValueKind.String
            ? e.GetString() switch { "NaN" => double.NaN, "Infinity" => double.PositiveInfinity, "-Infinity" => double.NegativeInfinity, _ => -0.0 }
            : e.GetDouble();
        var values = array.EnumerateArray().ToList();
        return element switch
        {
            "float" => values.Select(e => (float)Parse(e)).ToArray(),
            "double" => values.Select(Parse).ToArray(),
            "int" => values.Select(e => e.GetInt32()).ToArray(),
            _ => values.Select(e => e.GetInt64()).ToArray(),
        };
    }

    internal static Assembly Compile(IReadOnlyList<Fixture> fixtures) => GeneratorHarness.CompileAndLoad(
        "using System;\nusing Pooling;\nnamespace Cases;\npublic static partial class Suite\n{\n"
        + string.Concat(fixtures.Select((f, i) => f.Declaration("K" + i))) + "}\n");

    [Fact]
    public void Generated_backward_kernels_equal_PyTorch_autograd()
    {
        var fixtures = Load();
        Assert.True(fixtures.Count >= 400, $"only {fixtures.Count} fixture cases");
        foreach (string family in new[] { "max_pool", "min_pool", "avg_pool", "lp_pool", "Adaptive", "Global", "interpolate_nearest_", "interpolate_nearest-exact", "interpolate_linear",
                     "interpolate_bilinear", "interpolate_trilinear", "interpolate_bicubic", "interpolate_area", "max_unpool", "pixel_shuffle", "pixel_unshuffle" })
            Assert.Contains(fixtures, f => f.Name.StartsWith(family, StringComparison.Ordinal));
        var assembly = Compile(fixtures);
        var failures = new List<string>();
        for (int i = 0; i < fixtures.Count; i++)
        {
            var f = fixtures[i];
            var actual = f.Run(assembly, "K" + i, f.GradOutput);
            // LpPool's gradient goes through powers, which PyTorch computes with SLEEF (within an ulp, not bit-equal).
            double tolerance = !f.Name.StartsWith("lp_pool", StringComparison.Ordinal) ? 0 : f.Element == "float" ? 1e-5 : 1e-12;
            for (int j = 0; j < actual.Length; j++)
            {
                double e = Convert.ToDouble(f.GradInput.GetValue(j)), a = Convert.ToDouble(actual.GetValue(j));
                if (tolerance > 0 ? !(e == a || (double.IsNaN(e) && double.IsNaN(a)) || Math.Abs(e - a) <= tolerance * Math.Max(1, Math.Abs(e)))
                    : !Values.Same(f.GradInput.GetValue(j)!, actual.GetValue(j)!))
                {
                    failures.Add($"case {i} {f}: element {j} expected {f.GradInput.GetValue(j):R} but got {actual.GetValue(j):R}");
                    break;
                }
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {fixtures.Count} cases differ:\n" + string.Join("\n", failures.Take(40)));
    }
}
