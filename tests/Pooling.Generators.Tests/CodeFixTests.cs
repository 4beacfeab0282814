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
}
