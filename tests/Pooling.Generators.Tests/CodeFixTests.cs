using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Pooling.Generators.CodeFixes;
using Pooling.Generators.Diagnostics;
using Pooling.Generators.Tests.Infrastructure;

namespace Pooling.Generators.Tests;

/// <summary>Each code fix, before → after, and the diagnostic is gone afterwards.</summary>
public class CodeFixTests
{
    private const string Header = "using System;\nusing Pooling;\n";

    private static async Task<string> ApplyAsync(string source, CodeFixProvider provider, string diagnosticId, int action = 0)
    {
        using var workspace = new AdhocWorkspace();
        var project = workspace.AddProject("User", LanguageNames.CSharp)
            .WithMetadataReferences(GeneratorHarness.References)
            .WithParseOptions(GeneratorHarness.ParseOptions)
            .WithCompilationOptions(GeneratorHarness.CompilationOptions);
        var document = project.AddDocument("User.cs", source);
        var diagnostic = (await DiagnosticsAsync(document.Project)).Single(d => d.Id == diagnosticId);

        var actions = new List<CodeAction>();
        await provider.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (a, _) => actions.Add(a), CancellationToken.None));
        Assert.True(actions.Count > action, $"no code action {action} for {diagnosticId}");
        var operation = (await actions[action].GetOperationsAsync(CancellationToken.None)).OfType<ApplyChangesOperation>().Single();
        var fixedDocument = operation.ChangedSolution.GetDocument(document.Id)!;
        Assert.DoesNotContain(await DiagnosticsAsync(fixedDocument.Project), d => d.Id == diagnosticId);
        return (await fixedDocument.GetTextAsync()).ToString();
    }

    private static async Task<ImmutableArray<Diagnostic>> DiagnosticsAsync(Project project)
    {
        var compilation = (await project.GetCompilationAsync())!;
        return await compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new KernelAnalyzer())).GetAnalyzerDiagnosticsAsync();
    }

    [Fact]
    public async Task Adds_partial_to_the_method()
    {
        string after = await ApplyAsync(Header + "public static partial class N { [MaxPool(2)] public static void P(ReadOnlySpan<float> x, Span<float> y, int w); }",
            new DeclarationFixes(), "POOL0020");
        Assert.Equal(Header + "public static partial class N { [MaxPool(2)] public static partial void P(ReadOnlySpan<float> x, Span<float> y, int w); }", after);
    }

    [Theory]
    [InlineData(0, "public")]
    [InlineData(1, "private")]
    public async Task Adds_an_accessibility_modifier(int action, string keyword)
    {
        string after = await ApplyAsync(Header + "public static partial class N\n{\n    [MaxPool(2)] static partial void P(ReadOnlySpan<float> x, Span<float> y, int w);\n}",
            new DeclarationFixes(), "POOL0021", action);
        Assert.Equal(Header + $"public static partial class N\n{{\n    [MaxPool(2)] {keyword} static partial void P(ReadOnlySpan<float> x, Span<float> y, int w);\n}}", after);
    }

    [Fact]
    public async Task Makes_every_containing_type_partial()
    {
        string after = await ApplyAsync(Header + "public class Outer { public static class N { [MaxPool(2)] public static partial void P(ReadOnlySpan<float> x, Span<float> y, int w); } }",
            new DeclarationFixes(), "POOL0022");
        Assert.Equal(Header + "public partial class Outer { public static partial class N { [MaxPool(2)] public static partial void P(ReadOnlySpan<float> x, Span<float> y, int w); } }", after);
    }

    [Fact]
    public async Task Clamps_padding_to_half_the_kernel()
    {
        string after = await ApplyAsync(Header + "public static partial class N { [MaxPool(3, 2, Padding = 2)] public static partial void P(ReadOnlySpan<float> x, Span<float> y, int h, int w); }",
            new ArgumentFixes(), "POOL0005");
        Assert.Equal(Header + "public static partial class N { [MaxPool(3, 2, Padding = 1)] public static partial void P(ReadOnlySpan<float> x, Span<float> y, int h, int w); }", after);
    }

    [Fact]
    public async Task Clamps_the_per_axis_padding_entry_at_fault()
    {
        string after = await ApplyAsync(Header + "public static partial class N { [AvgPool(new[] { 3, 5 }, PaddingPerAxis = new[] { 1, 4 })] public static partial void P(ReadOnlySpan<float> x, Span<float> y, int h, int w); }",
            new ArgumentFixes(), "POOL0005");
        Assert.Equal(Header + "public static partial class N { [AvgPool(new[] { 3, 5 }, PaddingPerAxis = new[] { 1, 2 })] public static partial void P(ReadOnlySpan<float> x, Span<float> y, int h, int w); }", after);
    }

    [Fact]
    public async Task Swaps_Span_and_ReadOnlySpan()
    {
        string after = await ApplyAsync(Header + "public static partial class N { [MaxPool(2)] public static partial void P(Span<float> x, ReadOnlySpan<float> y, int w); }",
            new ArgumentFixes(), "POOL0023");
        Assert.Equal(Header + "public static partial class N { [MaxPool(2)] public static partial void P(ReadOnlySpan<float> x, Span<float> y, int w); }", after);
    }

    [Fact]
    public async Task Make_partial_on_a_bodied_method_drops_the_body()
    {
        string after = await ApplyAsync(Header + "public static partial class N\n{\n    [MaxPool(2)] public static void P(ReadOnlySpan<float> x, Span<float> y, int w) { }\n}\n",
            new DeclarationFixes(), "POOL0020");
        Assert.Equal(Header + "public static partial class N\n{\n    [MaxPool(2)] public static partial void P(ReadOnlySpan<float> x, Span<float> y, int w);\n}\n", after);
        string expression = await ApplyAsync(Header + "public static partial class N { [MaxPool(2)] public static void P(ReadOnlySpan<float> x, Span<float> y, int w) => throw null!; }",
            new DeclarationFixes(), "POOL0020");
        Assert.Equal(Header + "public static partial class N { [MaxPool(2)] public static partial void P(ReadOnlySpan<float> x, Span<float> y, int w); }", expression);
    }

    /// <summary>Each diagnostic page with a code fix shows a "reported" and a "fixed" line: the fix must turn the one into
    /// the other, exactly, and the result must compile with a generated body (no CS0759, no POOL diagnostic).</summary>
    [Theory]
    [InlineData("POOL0005")]
    [InlineData("POOL0020")]
    [InlineData("POOL0021")]
    [InlineData("POOL0022")]
    [InlineData("POOL0023")]
    public async Task The_fix_turns_the_doc_pages_reported_example_into_its_fixed_one(string id)
    {
        string page = File.ReadAllText(Path.Combine(Snapshot.ProjectDirectory, "..", "..", "docs", "diagnostics", id + ".md"));
        string Line(string marker) => page.Split('\n').SkipWhile(l => !l.StartsWith(marker, StringComparison.Ordinal)).Skip(1).First();
        string Wrap(string line) => Header + (line.StartsWith('[') ? $"public static partial class N {{ {line} }}" : line) + "\n";
        string reported = Wrap(Line("// reported")), expected = Wrap(Line("// fixed"));
        CodeFixProvider provider = id is "POOL0005" or "POOL0023" ? new ArgumentFixes() : new DeclarationFixes();
        var results = new List<string>();
        for (int action = 0; action < 2 && results.All(r => r != expected); action++)
        {
            try { results.Add(await ApplyAsync(reported, provider, id, action)); }
            catch (Xunit.Sdk.XunitException) when (action > 0) { break; }   // no second action
        }
        Assert.Contains(expected, results);
        var (output, _, _) = GeneratorHarness.Generate(GeneratorHarness.Compilation(expected));
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
    }
}
