using Microsoft.CodeAnalysis;
using Pooling.Generators.Tests.Infrastructure;

namespace Pooling.Generators.Tests;

/// <summary>
/// The README's C# blocks compile as a reader would paste them: the first (the quickstart) is a whole Program.cs, built
/// and run against the packed package by the integration tests; every other block is a set of members, compiled here
/// inside a partial class with the generator — no error, no warning, no POOL diagnostic — so the docs cannot rot.
/// </summary>
public class ReadmeTests
{
    public static IEnumerable<object[]> MemberBlocks()
    {
        string readme = File.ReadAllText(Path.Combine(Snapshot.ProjectDirectory, "..", "..", "README.md"));
        var blocks = readme.Split("```csharp\n").Skip(1).Select(b => b[..b.IndexOf("```", StringComparison.Ordinal)]).ToList();
        Assert.True(blocks.Count >= 3, "the README has its quickstart and member blocks");
        return blocks.Skip(1).Select((b, i) => new object[] { i + 2, b });
    }

    [Theory]
    [MemberData(nameof(MemberBlocks))]
    public async Task A_member_block_compiles_without_errors_warnings_or_POOL_diagnostics(int block, string code)
    {
        string source = $"using System;\nusing System.Numerics.Tensors;\nusing Pooling;\npublic static partial class Block{block}\n{{\n{code}}}\n";
        var (output, generatorDiagnostics, _) = GeneratorHarness.Generate(GeneratorHarness.Compilation(source));
        Assert.Empty(generatorDiagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
        Assert.Empty(await GeneratorHarness.AnalyzeAsync(source));
    }
}
