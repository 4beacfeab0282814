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

namespace Pooling.Generators.CodeFixes;

/// <summary>Fixes for declaration rules with one right answer: add <c>partial</c> to the method (POOL0020), add an
/// accessibility modifier (POOL0021), make the containing types partial (POOL0022).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DeclarationFixes)), Shared]
public sealed class DeclarationFixes : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.MethodNotPartial.Id, DiagnosticDescriptors.MissingAccessibility.Id, DiagnosticDescriptors.TypeNotPartial.Id);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindNode(context.Span).FirstAncestorOrSelf<MethodDeclarationSyntax>() is not { } method) return;
        foreach (var diagnostic in context.Diagnostics)
        {
            if (diagnostic.Id == DiagnosticDescriptors.MethodNotPartial.Id)
            {
                Register(context, diagnostic, "Make the method partial", root, method, (r, m) => r.ReplaceNode(m, AddPartial(m)));
            }
            else if (diagnostic.Id == DiagnosticDescriptors.MissingAccessibility.Id)
            {
                foreach (var keyword in new[] { SyntaxKind.PublicKeyword, SyntaxKind.PrivateKeyword })
                {
                    string text = SyntaxFacts.GetText(keyword);
                    Register(context, diagnostic, $"Make the method {text}", root, method,
                        (r, m) => r.ReplaceNode(m, m.WithModifiers(m.Modifiers.Insert(0, SyntaxFactory.Token(keyword).WithTrailingTrivia(SyntaxFactory.Space)))
                            .WithLeadingTrivia(m.GetLeadingTrivia())), equivalenceKey: text);
            }
            }
            else
            {
                Register(context, diagnostic, "Make the containing types partial", root, method, (r, m) =>
                    r.ReplaceNodes(m.Ancestors().OfType<TypeDeclarationSyntax>().Where(t => !t.Modifiers.Any(SyntaxKind.PartialKeyword)),
                        (_, t) => t.AddModifiers(SyntaxFactory.Token(SyntaxKind.PartialKeyword))));
            }
        }
    }

    // `partial` goes last among the modifiers, right before the return type. A body (or `=> …`) goes: the generator
    // writes the implementation, and a partial method with a body would have no defining declaration (CS0759).
    private static MethodDeclarationSyntax AddPartial(MethodDeclarationSyntax method)
    {
        var withPartial = method.AddModifiers(SyntaxFactory.Token(SyntaxKind.PartialKeyword).WithTrailingTrivia(SyntaxFactory.Space));
        if (withPartial.Body is null && withPartial.ExpressionBody is null) return withPartial;
        var endTrivia = withPartial.GetTrailingTrivia();
        return withPartial
            .WithBody(null)
            .WithExpressionBody(null)
            .WithParameterList(withPartial.ParameterList.WithTrailingTrivia())
            .WithSemicolonToken(SyntaxFactory.Token(SyntaxKind.SemicolonToken).WithTrailingTrivia(endTrivia));
    }

    private static void Register(CodeFixContext context, Diagnostic diagnostic, string title, SyntaxNode root, MethodDeclarationSyntax method,
        System.Func<SyntaxNode, MethodDeclarationSyntax, SyntaxNode> change, string? equivalenceKey = null) =>
        context.RegisterCodeFix(
            CodeAction.Create(title, (CancellationToken _) => Task.FromResult(context.Document.WithSyntaxRoot(change(root, method))), equivalenceKey ?? title),
            diagnostic);
}
