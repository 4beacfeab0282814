using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Pooling.Generators.Diagnostics;
using Pooling.Generators.Tests.Infrastructure;

namespace Pooling.Generators.Tests;

/// <summary>
/// The generator never throws, never leaves a declaration silently without a body, and never writes code that fails to
/// compile or warns. Seeded random declarations of three kinds are compiled with the generator and the analyzer (at
/// warning level 9999, every warning wave):
/// - chaos: random attribute arguments (0, negative, huge, missing, mistyped), wrong parameters, syntax errors, nested
///   and generic types, half-typed code — each gets a body or a POOL diagnostic (or a C# error in the user's code);
/// - valid declarations of every family, the operators (RoIAlign, RoIPool, GridSample) in every layout and span form
///   included — each must compile with a body and no POOL error;
/// - hostile declarations: parameter names that collide with generated locals, keyword names (@class, nameof),
///   scoped/this/params modifiers, records, structs, ref structs, nested and generic containers, every layout, file
///   types, huge compile-time sizes, planes at or just under int.MaxValue elements, null array arguments and out-of-range
///   enum casts — valid ones must compile with a body, the rest must get the one POOL diagnostic that explains them.
/// In every case no generated file has a diagnostic of warning level or above.
/// </summary>
public class FuzzTests
{
    private const int Seed = 4242;
    private const int Batches = 40;
    private const int DeclarationsPerBatch = 250;   // 10,000 declarations

    public static IEnumerable<object[]> BatchNumbers => Enumerable.Range(0, Batches).Select(b => new object[] { b });

    /// <summary>What a declaration must come to: anything explained (chaos), a body (valid), or one POOL error.</summary>
    private sealed record Expectation(bool Chaos, string? PoolError)
    {
        public static readonly Expectation Anything = new(true, null);
        public static readonly Expectation Body = new(false, null);
        public static Expectation Error(string id) => new(false, id);
    }

    [Theory]
    [MemberData(nameof(BatchNumbers))]
    public async Task Generator_never_crashes_and_every_declaration_gets_a_body_or_an_explanation(int batch)
    {
        int seed = Seed + batch;
        var random = new Random(seed);
        var drawn = Enumerable.Range(0, DeclarationsPerBatch).Select(i => RandomDeclaration(random, $"F{batch}_{i}")).ToArray();
        var sources = drawn.Select(d => d.Source).ToArray();
        var compilation = GeneratorHarness.Compilation(sources);

        var driver = GeneratorHarness.Driver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        var run = driver.GetRunResult().Results.Single();
        Assert.True(run.Exception is null, $"seed {seed}: generator threw {run.Exception}");
        Assert.DoesNotContain(generatorDiagnostics, d => d.Id is "CS8785" or "CS8784");

        var analyzerExceptions = new List<Exception>();
        var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            (exception, _, _) => analyzerExceptions.Add(exception), concurrentAnalysis: false, logAnalyzerExecutionTime: false);
        var analyzerDiagnostics = await output.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new KernelAnalyzer()), options).GetAnalyzerDiagnosticsAsync();
        Assert.True(analyzerExceptions.Count == 0, $"seed {seed}: analyzer threw {analyzerExceptions.FirstOrDefault()}");

        var compilerDiagnostics = output.GetDiagnostics();
        var userTrees = compilation.SyntaxTrees.ToList();
        var generatedTrees = output.SyntaxTrees.Where(t => !userTrees.Contains(t)).ToList();
        int withBody = 0, explained = 0;
        for (int i = 0; i < userTrees.Count; i++)
        {
            var tree = userTrees[i];
            string ns = $"F{batch}_{i}";
            var expectation = drawn[i].Expectation;
            string context = $"seed {seed} declaration {i}:\n{sources[i]}";
            var userErrors = compilerDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error && d.Location.SourceTree == tree && d.Id != "CS8795").ToList();
            var poolDiagnostics = analyzerDiagnostics.Where(d => d.Location.SourceTree == tree && d.Id.StartsWith("POOL", StringComparison.Ordinal)).ToList();
            var mine = generatedTrees.Where(t => t.FilePath.Contains(ns + ".", StringComparison.Ordinal)).ToList();
            var generatedProblems = compilerDiagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning && d.Location.SourceTree is { } t && mine.Contains(t)).ToList();
            bool missingBody = compilerDiagnostics.Any(d => d.Id == "CS8795" && d.Location.SourceTree == tree);
            bool stub = mine.Any(t => t.ToString().Contains("Not generated: the kernel configuration is invalid", StringComparison.Ordinal));
            bool poolError = poolDiagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);

            if (userErrors.Count == 0)
            {
                Assert.True(generatedProblems.Count == 0, $"{context}\nerrors or warnings in generated code: {string.Join("\n", generatedProblems)}");
                Assert.True(!missingBody || poolError, $"{context}\nno body and no POOL diagnostic explains why: {string.Join("\n", poolDiagnostics)}");
                Assert.True(!stub || poolError, $"{context}\na throwing body and no POOL diagnostic explains why");
            }
            if (!expectation.Chaos)
            {
                Assert.True(userErrors.Count == 0, $"{context}\nC# errors in a declaration meant to be sound: {string.Join("\n", userErrors)}");
                if (expectation.PoolError is null)
                    Assert.True(!poolError && !missingBody && !stub, $"{context}\na valid declaration got no kernel: {string.Join("\n", poolDiagnostics)}");
                else
                    Assert.True(poolDiagnostics.Count(d => d.Severity == DiagnosticSeverity.Error) == 1 && poolDiagnostics.Any(d => d.Id == expectation.PoolError),
                        $"{context}\nexpected {expectation.PoolError}, got: {string.Join("\n", poolDiagnostics)}");
            }
            if (userErrors.Count == 0 && !poolError && !missingBody) withBody++;
            else explained++;
        }
        // The generator must produce real kernels for a fair share of the random declarations, or the test proves little.
        Assert.True(withBody >= DeclarationsPerBatch / 3, $"seed {seed}: only {withBody} declarations compiled with a body ({explained} explained)");
    }

    private static readonly string[] Attributes = { "MaxPool", "MinPool", "AvgPool", "MaxPool", "AvgPool", "Upsample", "LpPool", "Bogus" };
    private static readonly string[] Named = { "Padding", "PaddingPerAxis", "Dilation", "DilationPerAxis", "CeilMode", "CountIncludePad", "DivisorOverride", "InputSize", "Layout", "Parallel", "MaxDegreeOfParallelism", "Channels", "Nope" };
    private static readonly string[] Elements = { "float", "float", "double", "Half", "byte", "int", "long", "decimal", "string", "T" };

    private static (string Source, Expectation Expectation) RandomDeclaration(Random r, string ns) => r.Next(3) switch
    {
        0 => (ChaosDeclaration(r, ns), Expectation.Anything),
        1 => (ValidDeclaration(r, ns), Expectation.Body),
        _ => HostileDeclaration(r, ns),
    };

    private static string ChaosDeclaration(Random r, string ns)
    {
        string Int() => r.Next(12) switch
        {
            0 => "0", 1 => "-1", 2 => "int.MaxValue", 3 => "int.MinValue", 4 => "100000", 5 => "1.5", 6 => "\"x\"", 7 => "null",
            _ => r.Next(1, 5).ToString(),
        };
        string Value() => r.Next(4) == 0
            ? $"new[] {{ {string.Join(", ", Enumerable.Range(0, r.Next(0, 5)).Select(_ => Int()))} }}"
            : Int();
        string NamedValue(string name) => name switch
        {
            "CeilMode" or "CountIncludePad" or "Parallel" => r.Next(3) == 0 ? "1" : (r.Next(2) == 0 ? "true" : "false"),
            "Layout" => r.Next(2) == 0 ? "TensorLayout.ChannelsLast" : "TensorLayout.ChannelsFirst",
            "InputSize" or "PaddingPerAxis" or "DilationPerAxis" => $"new[] {{ {string.Join(", ", Enumerable.Range(0, r.Next(0, 5)).Select(_ => r.Next(4) == 0 ? Int() : r.Next(1, 12).ToString()))} }}",
            _ => Int(),
        };

        var args = new List<string>();
        string attribute = Attributes[r.Next(Attributes.Length)];
        if (attribute == "Upsample") args.Add("UpsampleMode.Nearest");
        if (attribute == "LpPool") args.Add("2");
        int positional = r.Next(4);
        for (int i = 0; i < positional; i++) args.Add(r.Next(3) == 0 ? Value() : r.Next(1, 4).ToString());
        foreach (var name in Named.OrderBy(_ => r.Next()).Take(r.Next(0, 4))) args.Add($"{name} = {NamedValue(name)}");

        string element = Elements[r.Next(Elements.Length)];
        var parameters = new List<string>();
        bool sane = r.Next(3) != 0;   // most declarations have the right shape, so real kernels get generated too
        if (sane)
        {
            parameters.Add($"ReadOnlySpan<{element}> input");
            parameters.Add($"Span<{element}> output");
            if (r.Next(4) == 0) parameters.Add(r.Next(2) == 0 ? "Span<long> indices" : "Span<int> indices");
            int rank = r.Next(0, 5);
            string[] names = { "depth", "height", "width", "extra" };
            for (int i = 0; i < rank; i++) parameters.Add("int " + names[i]);
        }
        else
        {
            string[] pool = { $"ReadOnlySpan<{element}> a", $"Span<{element}> b", "Span<long> c", "int d", "long e", "float[] f", "ref int g", "Memory<float> h", "Span<short> k", "out int m", "int @int" };
            parameters.AddRange(pool.OrderBy(_ => r.Next()).Take(r.Next(0, 7)));
        }

        var modifiers = new List<string>();
        if (r.Next(8) != 0) modifiers.Add(new[] { "public", "private", "internal", "protected internal" }[r.Next(4)]);
        if (r.Next(5) != 0) modifiers.Add("static");
        if (r.Next(10) != 0) modifiers.Add("partial");
        string generic = element == "T" || r.Next(15) == 0 ? "<T>" : "";
        string returnType = r.Next(15) == 0 ? "int" : "void";
        string method = $"[{attribute}({string.Join(", ", args)})] {string.Join(" ", modifiers)} {returnType} Kernel{generic}({string.Join(", ", parameters)});";
        if (r.Next(12) == 0) method = $"[MaxPool(2)] {method}";   // two kernel attributes

        string typeKeyword = new[] { "class", "struct", "record", "record struct", "static class" }[r.Next(5)];
        if (typeKeyword == "static class" && !modifiers.Contains("static")) typeKeyword = "class";
        string typePartial = r.Next(10) == 0 ? "" : "partial ";
        string typeGeneric = r.Next(6) == 0 ? "<TItem>" : "";
        var source = new StringBuilder("using System;\nusing Pooling;\n");
        source.Append($"namespace {ns}\n{{\n");
        bool nested = r.Next(4) == 0;
        if (nested) source.Append($"public {(r.Next(8) == 0 ? "" : "partial ")}class Outer\n{{\n");
        source.Append($"public {typePartial}{typeKeyword} Holder{typeGeneric}\n{{\n    {method}\n}}\n");
        if (nested) source.Append("}\n");
        source.Append("}\n");
        string text = source.ToString();
        // Half-typed code, as in an editor: cut the text somewhere inside the declaration.
        if (r.Next(10) == 0)
        {
            int start = text.IndexOf('[');
            text = text.Substring(0, start + r.Next(text.Length - start));
        }
        return text;
    }

    private static string ValidDeclaration(Random r, string ns)
    {
        if (r.Next(2) == 0) return ValidFamilyDeclaration(r, ns);
        string attribute = new[] { "MaxPool", "MinPool", "AvgPool" }[r.Next(3)];
        string element = attribute == "AvgPool" ? new[] { "float", "double", "Half" }[r.Next(3)] : new[] { "float", "double", "Half", "byte", "short", "long" }[r.Next(6)];
        int kernel = r.Next(1, 4);
        var args = new List<string> { kernel.ToString() };
        if (r.Next(2) == 0) args.Add(r.Next(1, 4).ToString());
        if (r.Next(2) == 0) args.Add($"Padding = {r.Next(0, kernel / 2 + 1)}");
        if (r.Next(3) == 0) args.Add("CeilMode = true");
        if (attribute != "AvgPool" && r.Next(3) == 0) args.Add($"Dilation = {r.Next(1, 3)}");
        if (r.Next(3) == 0) args.Add("Parallel = true");
        int rank = r.Next(1, 4);
        var parameters = new List<string> { $"ReadOnlySpan<{element}> input", $"Span<{element}> output" };
        if (attribute != "AvgPool" && r.Next(3) == 0) parameters.Add("Span<long> indices");
        if (r.Next(4) == 0) args.Add($"InputSize = new[] {{ {string.Join(", ", Enumerable.Range(0, rank).Select(_ => r.Next(6, 12)))} }}");
        else parameters.AddRange(new[] { "int depth", "int height", "int width" }.Skip(3 - rank));
        string type = new[] { "class", "struct", "record", "static class" }[r.Next(4)];
        string isStatic = type == "static class" || r.Next(2) == 0 ? "static " : "";
        return $"using System;\nusing Pooling;\nnamespace {ns}\n{{\npublic {(type == "static class" ? "static partial class" : "partial " + type)} Holder\n{{\n    [{attribute}({string.Join(", ", args)})] public {isStatic}partial void Kernel({string.Join(", ", parameters)});\n}}\n}}\n";
    }

    // The other families, valid: adaptive/global pooling, LpPool, unpooling, pixel shuffle and every upsampling mode.
    private static string ValidFamilyDeclaration(Random r, string ns)
    {
        int rank = r.Next(1, 4);
        string element = new[] { "float", "double", "Half" }[r.Next(3)];
        string extents = string.Join(", ", new[] { "int depth", "int height", "int width" }.Skip(3 - rank));
        string io = $"ReadOnlySpan<{element}> input, Span<{element}> output";
        string declaration = r.Next(7) switch
        {
            5 => Operator(),
            0 => $"[AdaptiveMaxPool({string.Join(", ", Enumerable.Range(0, rank).Select(_ => r.Next(4) == 0 ? "OutputAxis.Keep" : r.Next(1, 9).ToString()))})] public static partial void Kernel({io}, Span<long> indices, {extents});",
            1 => $"[{new[] { "AdaptiveAvgPool(3)", "GlobalAvgPool", "GlobalMaxPool", "GlobalLpPool", "GlobalLpPool(3)" }[r.Next(5)]}] public static partial void Kernel({io}, {extents});",
            2 => $"[LpPool({new[] { "1", "2", "3", "1.5" }[r.Next(4)]}, {r.Next(1, 4)}, CeilMode = {(r.Next(2) == 0 ? "true" : "false")})] public static partial void Kernel({io}, {extents});",
            3 => $"[MaxUnpool({r.Next(2, 4)}, {r.Next(1, 4)})] public static partial void Kernel(ReadOnlySpan<{element}> input, ReadOnlySpan<long> indices, Span<{element}> output, {extents});",
            4 => $"[PixelShuffle({r.Next(1, 4)})] public static partial void Kernel({io}, int channels, int height, int width);",
            _ => Upsample(),
        };
        return $"using System;\nusing Pooling;\nnamespace {ns}\n{{\npublic static partial class Holder\n{{\n    {declaration}\n}}\n}}\n";

        // RoIAlign, RoIPool and GridSample in every form: NCHW or channels-last, extents or InputSize (volumes for
        // GridSample), spans or tensor spans, ONNX rois with batch indices, Parallel.
        string Operator()
        {
            string t = r.Next(2) == 0 ? "float" : "double";
            bool nhwc = r.Next(2) == 0, constant = r.Next(2) == 0, tensors = r.Next(2) == 0;
            string parallel = r.Next(3) == 0 ? ", Parallel = true" : "";
            string In(string e) => tensors ? $"System.Numerics.Tensors.ReadOnlyTensorSpan<{e}>" : $"ReadOnlySpan<{e}>";
            string Out(string e) => tensors ? $"System.Numerics.Tensors.TensorSpan<{e}>" : $"Span<{e}>";
            int which = r.Next(3);
            bool volume = which == 2 && r.Next(2) == 0;
            var axes = volume ? new[] { "depth", "height", "width" } : new[] { "height", "width" };
            var order = nhwc ? axes.Append("channels").ToArray() : new[] { "channels" }.Concat(axes).ToArray();
            // Tensor-span volumes take their extents from InputSize (the tensor's rank does not fix the kernel's).
            if (tensors && volume) constant = true;
            string options = (nhwc ? ", Layout = TensorLayout.ChannelsLast" : "") + parallel
                + (constant ? $", InputSize = new[] {{ {string.Join(", ", order.Select(_ => r.Next(1, 9)))} }}" : "");
            string extents = constant || tensors ? "" : string.Join("", order.Select(a => $", int {a}"));
            string mode = which == 2 ? new[] { "Bilinear", "Nearest", "Bicubic" }[volume ? r.Next(2) : r.Next(3)] : "";
            return which switch
            {
                0 when r.Next(2) == 0 => $"[RoiAlign({r.Next(1, 8)}, {r.Next(1, 8)}, SamplingRatio = {r.Next(0, 3)}, Aligned = true{options})] public static partial void Kernel({In(t)} input, {In(t)} rois, {In("long")} batchIndices, {Out(t)} output{extents});",
                0 => $"[RoiAlign({r.Next(1, 8)}, {r.Next(1, 8)}, SpatialScale = 0.0625, Mode = RoiPoolMode.Max{options})] public static partial void Kernel({In(t)} input, {In(t)} boxes, {Out(t)} output{extents});",
                1 => $"[RoiPool({r.Next(1, 8)}, {r.Next(1, 8)}, SpatialScale = 0.5{options})] public static partial void Kernel({In(t)} input, {In(t)} boxes, {Out(t)} output{extents});",
                _ => $"[GridSample(GridSampleMode.{mode}{options})] public static partial void Kernel({In(t)} input, {In(t)} grid, {Out(t)} output{extents});",
            };
        }

        string Upsample()
        {
            string mode = new[] { "Nearest", "NearestExact", "Area", rank == 1 ? "Linear" : rank == 2 ? "Bilinear" : "Trilinear", rank == 2 ? "Bicubic" : "Nearest" }[r.Next(5)];
            bool interpolating = mode is "Linear" or "Bilinear" or "Trilinear" or "Bicubic";
            string args = r.Next(2) == 0 ? $"{new[] { "2", "0.5", "1.5", "3" }[r.Next(4)]}" : $"Size = new[] {{ {string.Join(", ", Enumerable.Range(0, rank).Select(_ => r.Next(1, 9)))} }}";
            string align = interpolating && r.Next(2) == 0 ? ", AlignCorners = true" : "";
            return $"[Upsample(UpsampleMode.{mode}, {args}{align})] public static partial void Kernel({io}, {extents});";
        }
    }

    // Names a user may write that the generated code also uses or that need escaping.
    private static readonly string[] HostileNames =
    {
        "__src", "__dst", "__in", "__out", "__s", "__o", "__k", "__i", "__n", "__plane", "__planes", "__inPlane", "__outPlane", "__idx",
        "__idxs", "__c", "__h", "__w", "__axis", "__sample", "__Kernel", "__nhwc0", "__nhwcC", "__nhwcN", "__g0_x", "__sH", "__inW",
        "@class", "@int", "@event", "@params", "value", "nameof", "var", "input", "output", "x", "y",
    };

    /// <summary>A declaration that is sound but hostile to a generator (and its expected outcome): colliding and keyword
    /// names, modifiers, unusual containers and layouts; or one that only a POOL error can explain (file types, sizes
    /// past int.MaxValue, enum values cast out of range, params).</summary>
    private static (string Source, Expectation Expectation) HostileDeclaration(Random r, string ns)
    {
        var names = HostileNames.OrderBy(_ => r.Next()).Take(8).ToArray();
        string N(int i) => names[i];
        string element = new[] { "float", "double", "Half" }[r.Next(3)];
        int rank = r.Next(1, 4);
        bool nhwc = r.Next(3) == 0;
        bool constant = r.Next(5) == 0;
        string scoped = r.Next(3) == 0 ? "scoped " : "";
        string extents = constant ? "" : string.Join("", Enumerable.Range(0, rank).Select(a => $", int {N(3 + a)}")) + (nhwc ? $", int {N(6)}" : "");
        string parallel = r.Next(2) == 0 ? ", Parallel = true" + (r.Next(2) == 0 ? ", MaxDegreeOfParallelism = 3" : "") : "";
        string layout = (nhwc ? ", Layout = TensorLayout.ChannelsLast" + (constant ? ", Channels = 3" : "") : "") + parallel;
        string size = constant ? $", InputSize = new[] {{ {string.Join(", ", Enumerable.Range(0, rank).Select(_ => r.Next(4, 9)))} }}" : "";
        string io = $"{scoped}ReadOnlySpan<{element}> {N(0)}, {scoped}Span<{element}> {N(1)}";
        string method = new[] { "Kernel", "@class", "@checked", "__Kernel", "value", "nameof", "Run" }[r.Next(7)];
        Expectation expectation = Expectation.Body;

        string signature = r.Next(9) switch
        {
            0 => $"[MaxPool(2, 1, Padding = 1{layout}{size})] $M({io}, Span<long> {N(2)}{extents});",
            1 => $"[AvgPool(3, 2, Padding = 1, CeilMode = true{layout}{size})] $M({io}{extents});",
            2 => $"[LpPool(2, 2{layout}{size})] $M({io}{extents});",
            3 => $"[AdaptiveAvgPool({string.Join(", ", Enumerable.Range(0, rank).Select(_ => r.Next(1, 4)))}{layout}{size})] $M({io}{extents});",
            4 => $"[GlobalMaxPool({layout.TrimStart(',', ' ')}{(layout.Length > 0 ? size : size.TrimStart(',', ' '))})] $M({io}{extents});",
            5 => $"[MaxUnpool(2{layout}{size})] $M({scoped}ReadOnlySpan<{element}> {N(0)}, ReadOnlySpan<long> {N(2)}, Span<{element}> {N(1)}{extents});",
            6 => $"[Upsample(UpsampleMode.Nearest, 2{layout}{size})] $M({io}{extents});",
            7 => rank == 1 && !constant
                ? $"[Upsample(UpsampleMode.Linear, 1.5, AlignCorners = true{layout})] $M({io}{extents});"
                : $"[Upsample(UpsampleMode.Area, 0.5{layout}{size})] $M({io}{extents});",
            _ => $"[{(r.Next(2) == 0 ? "PixelShuffle" : "PixelUnshuffle")}(2{(nhwc ? ", Layout = TensorLayout.ChannelsLast" : "")}{parallel})] $M({io}, int {N(3)}, int {N(4)}, int {N(5)});",
        };
        // Declarations only a POOL error can explain, and valid ones at the limits of the compile-time extents.
        switch (r.Next(14))
        {
            case 4:
            {
                // A plane at or just under int.MaxValue elements: valid, so it must compile (no constant folded past int).
                string plane = new[] { "46340, 46340", "1, 2147483647", "2147483647, 1", "65535, 32768", "1290, 1290, 1290", "1, 46340, 46340", "2147483647, 1, 1", "2147483647" }[r.Next(8)];
                string options = $"InputSize = new[] {{ {plane} }}{(nhwc ? ", Layout = TensorLayout.ChannelsLast, Channels = 1" : "")}{parallel}";
                string family = new[] { "AvgPool(1, ", "MinPool(3, 1, Padding = 1, ", "LpPool(2, 1, ", "AdaptiveAvgPool(7, ", "AdaptiveMaxPool(3, ", "GlobalAvgPool(", "GlobalMaxPool(", "GlobalLpPool(", "GlobalLpPool(3, ", "Upsample(UpsampleMode.Nearest, 1, ", "Upsample(UpsampleMode.NearestExact, 1, ", "MaxUnpool(1, " }[r.Next(12)];
                signature = family.StartsWith("MaxUnpool", StringComparison.Ordinal)
                    ? $"[{family}{options})] $M({scoped}ReadOnlySpan<{element}> {N(0)}, ReadOnlySpan<long> {N(2)}, Span<{element}> {N(1)});"
                    : $"[{family}{options})] $M({io});";
                break;
            }
            case 5:
            {
                // A null array argument, in every layout: POOL0009 on the argument, never a throwing body.
                string nulled = new[] { "MaxPool(null", "AvgPool(new[] { 2 }, null", "LpPool(2, null", "AdaptiveAvgPool(null", "AdaptiveMaxPool(null", "MinPool(2, PaddingPerAxis = null", "MaxUnpool(null", "MaxUnpool(new[] { 2 }, null" }[r.Next(8)];
                signature = nulled.StartsWith("MaxUnpool", StringComparison.Ordinal)
                    ? $"[{nulled}{layout}{size})] $M({scoped}ReadOnlySpan<{element}> {N(0)}, ReadOnlySpan<long> {N(2)}, Span<{element}> {N(1)}{extents});"
                    : $"[{nulled}{layout}{size})] $M({io}{extents});";
                expectation = Expectation.Error("POOL0009");
                break;
            }
            case 0:
                signature = $"[MaxUnpool(63, InputSize = new[] {{ 1000, 1000 }})] $M(ReadOnlySpan<{element}> {N(0)}, ReadOnlySpan<long> {N(2)}, Span<{element}> {N(1)});";
                expectation = Expectation.Error("POOL0015");
                break;
            case 1:
                signature = $"[Upsample(UpsampleMode.Nearest, Size = new[] {{ 100000, 100000 }})] $M({io}, int {N(3)}, int {N(4)});";
                expectation = Expectation.Error("POOL0015");
                break;
            case 2:
                signature = r.Next(2) == 0
                    ? $"[Upsample((UpsampleMode)42, 2)] $M({io}, int {N(3)});"
                    : $"[MaxPool(2, Layout = (TensorLayout)5)] $M({io}, int {N(3)});";
                expectation = Expectation.Error("POOL0016");
                break;
            case 3:
                signature = $"[MaxPool(2)] $M({io}, params int[] {N(3)});";
                expectation = Expectation.Error("POOL0023");
                break;
        }

        // The container: a file type (POOL0029, top level only), or sound and unusual.
        bool nested = r.Next(4) == 0;
        string container = r.Next(8) switch
        {
            0 => "public partial struct H",
            1 => "public readonly partial struct H",
            2 => "internal partial record H",
            3 => "public partial record struct H",
            4 => "public partial class H<TItem> where TItem : struct",
            5 => "public ref partial struct H",
            6 when expectation == Expectation.Body && !nested => "file static partial class H",
            _ => "public static partial class H",
        };
        if (container.StartsWith("file", StringComparison.Ordinal)) expectation = Expectation.Error("POOL0029");
        bool isStatic = container.Contains("static", StringComparison.Ordinal);
        // An extension method needs a top-level, non-generic static class.
        if (isStatic && !nested && r.Next(3) == 0) signature = signature.Replace("$M(", "$M(this ");
        string declaration = signature.Replace("$M", $"{(r.Next(2) == 0 ? "public" : "internal")} static partial void {method}");
        string body = $"{container}\n{{\n    {declaration}\n}}\n";
        if (nested) body = $"public partial class Outer<{(r.Next(2) == 0 ? "T" : "@class")}>\n{{\n{body}}}\n";
        string source = "using System;\nusing Pooling;\n" + (r.Next(3) switch
        {
            0 => $"namespace {ns};\n{body}",
            1 => $"namespace {ns}.@event\n{{\n{body}}}\n",
            _ => $"namespace {ns}\n{{\n{body}}}\n",
        });
        return (source, expectation);
    }
}
