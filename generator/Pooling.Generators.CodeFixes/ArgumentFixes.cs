using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Pooling.Generators.Diagnostics;
using Pooling.Generators.Parsing;

namespace Pooling.Generators.CodeFixes;

/// <summary>Fixes that rewrite what the analyzer computed: clamp padding to kernel/2 (POOL0005) and swap an input
/// <c>Span</c> with an output <c>ReadOnlySpan</c> (POOL0023). The analyzer puts the answer in the diagnostic's properties.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ArgumentFixes)), Shared]
public sealed class ArgumentFixes : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.PaddingTooLarge.Id, DiagnosticDescriptors.WrongSignature.Id);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null) return;
        foreach (var diagnostic in context.Diagnostics)
        {
            if (diagnostic.Properties.TryGetValue(KernelParser.FixProperties.ClampedPadding, out string? value) && value is not null
                && ClampTarget(root.FindNode(diagnostic.Location.SourceSpan)) is { } literal)
            {
                var replacement = SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(int.Parse(value)))
                    .WithTriviaFrom(literal);
                context.RegisterCodeFix(CodeAction.Create($"Clamp padding to {value} (half the kernel size)",
                    (CancellationToken _) => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(literal, replacement))), nameof(KernelParser.FixProperties.ClampedPadding)),
                    diagnostic);
            }
            else if (diagnostic.Properties.ContainsKey(KernelParser.FixProperties.SwapSpans)
                && root.FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<MethodDeclarationSyntax>() is { ParameterList.Parameters.Count: >= 2 } method)
            {
                var parameters = method.ParameterList.Parameters;
                var input = parameters[0];
                var output = parameters[1];
                var swapped = method.ReplaceNodes(new[] { input, output }, (original, _) =>
                    original == input ? input.WithType(output.Type!.WithTriviaFrom(input.Type!)) : output.WithType(input.Type!.WithTriviaFrom(output.Type!)));
                context.RegisterCodeFix(CodeAction.Create("Swap ReadOnlySpan (input) and Span (output)",
                    (CancellationToken _) => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(method, swapped))), nameof(KernelParser.FixProperties.SwapSpans)),
                    diagnostic);
            }
        }
    }

    // The diagnostic sits on `Padding = 2` or on one element of `PaddingPerAxis = new[] { 1, 2 }`: find the literal.
    private static ExpressionSyntax? ClampTarget(SyntaxNode node) => node switch
    {
        AttributeArgumentSyntax argument => argument.Expression,
        ExpressionSyntax expression => expression,
        _ => null,
    };
}
