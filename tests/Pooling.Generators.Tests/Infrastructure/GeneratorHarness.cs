using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Pooling.Generators;
using Pooling.Generators.Diagnostics;

namespace Pooling.Generators.Tests.Infrastructure;

/// <summary>Compiles user code in memory against net10 reference assemblies and the runtime, runs the generator
/// (and optionally the analyzer) the way the compiler does, and loads the result.</summary>
internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    public static readonly ImmutableArray<MetadataReference> References =
        Basic.Reference.Assemblies.Net100.References.All
            .Cast<MetadataReference>()
            .Append(MetadataReference.CreateFromFile(typeof(MaxPoolAttribute).Assembly.Location))
            .Append(MetadataReference.CreateFromFile(typeof(System.Numerics.Tensors.TensorSpan<>).Assembly.Location))
            .ToImmutableArray();

    public static readonly CSharpCompilationOptions CompilationOptions =
        new(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release, nullableContextOptions: NullableContextOptions.Enable,
            warningLevel: 9999);   // every warning wave: generated code must not warn in any user build

    public static CSharpCompilation Compilation(params string[] sources) =>
        CSharpCompilation.Create(
            "UserCode" + Guid.NewGuid().ToString("N"),
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"User{i}.cs")),
            References,
            CompilationOptions);

    public static GeneratorDriver Driver() =>
        CSharpGeneratorDriver.Create(
            new[] { new PoolingGenerator().AsSourceGenerator() },
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator; returns the compilation with the generated files and every diagnostic of the run.</summary>
    public static (Compilation Output, ImmutableArray<Diagnostic> GeneratorDiagnostics, GeneratorDriverRunResult Run) Generate(Compilation compilation)
    {
        var driver = Driver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        return (output, diagnostics, driver.GetRunResult());
    }

    /// <summary>The analyzer's diagnostics on <paramref name="sources"/> (after generation, as in a real build).</summary>
    public static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(params string[] sources)
    {
        var (output, _, _) = Generate(Compilation(sources));
        var withAnalyzers = output.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new KernelAnalyzer()));
        return await withAnalyzers.GetAnalyzerDiagnosticsAsync();
    }

    /// <summary>Generates, compiles and loads <paramref name="sources"/>; fails with every compiler error otherwise.</summary>
    public static Assembly CompileAndLoad(params string[] sources)
    {
        var (output, generatorDiagnostics, _) = Generate(Compilation(sources));
        Assert.Empty(generatorDiagnostics);
        using var stream = new MemoryStream();
        var result = output.Emit(stream);
        var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(result.Success, "Compilation failed:\n" + string.Join("\n", errors.Take(20)));
        stream.Position = 0;
        return new AssemblyLoadContext(null, isCollectible: false).LoadFromStream(stream);
    }
}
