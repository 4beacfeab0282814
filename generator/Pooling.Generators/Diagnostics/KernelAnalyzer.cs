using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Pooling.Generators.Parsing;

namespace Pooling.Generators.Diagnostics;

/// <summary>
/// Reports every problem of a kernel declaration as a build diagnostic on the argument at fault, by running the very
/// parser the generator runs (diagnostics come from an analyzer, so the generator stays cacheable and the IDE shows them while typing).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class KernelAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        typeof(DiagnosticDescriptors).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => f.GetValue(null)).OfType<DiagnosticDescriptor>().ToImmutableArray();

    public override void Initialize(AnalysisContext context)
    {
        // A kernel method's implementation part is generated code; the symbol must still be analysed, so generated code
        // is not excluded here (the parser only reads the user's declaration and attribute).
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze);
        context.EnableConcurrentExecution();
        context.RegisterSymbolAction(AnalyzeMethod, SymbolKind.Method);
    }

    private static void AnalyzeMethod(SymbolAnalysisContext context)
    {
        var method = (IMethodSymbol)context.Symbol;
        // Report once, on the defining declaration (a partial method has two symbols once implemented).
        if (method.PartialDefinitionPart is not null) return;
        foreach (var attribute in method.GetAttributes())
        {
            if (!KernelParser.IsKernelAttribute(attribute.AttributeClass)) continue;
            var diagnostics = new List<Diagnostic>();
            KernelParser.Parse(method, attribute, diagnostics, context.CancellationToken);
            foreach (var diagnostic in diagnostics) context.ReportDiagnostic(diagnostic);
            // One report of a multiple-attribute problem is enough.
            if (diagnostics.Any(d => d.Id == DiagnosticDescriptors.MultipleKernelAttributes.Id)) break;
        }
    }
}
