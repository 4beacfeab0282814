using System.Diagnostics;
using System.Reflection;
using Pooling.Generators.Tests.Infrastructure;

namespace Pooling.Generators.Tests;

/// <summary>
/// The engine axis of the differential tests: every pool, adaptive and upsampling configuration of DifferentialTests,
/// AdaptiveDifferentialTests and UpsampleDifferentialTests (and the vector-select unpooling test, the backward kernels'
/// PyTorch fixtures, whose vector paths must keep PyTorch's bits at every width, and the channels-last kernels, whose
/// channel vectors go four at a time on wide channel counts, and the uint8 area kernels), run again in a child
/// <c>dotnet test</c> of this build with AVX-512, AVX2, AVX or every hardware intrinsic switched off, so the 256-bit,
/// 128-bit and scalar paths are compared with the reference exactly as the widest path is in this process. The child
/// checks that the switch took effect (DifferentialRunner.WidestVector).
/// </summary>
public class EngineAxisTests
{
    [Theory]
    [InlineData("DOTNET_EnableAVX512", 256)]
    [InlineData("DOTNET_EnableAVX2", 128)]
    [InlineData("DOTNET_EnableAVX", 128)]       // 128-bit with no 256-bit instruction at all (e.g. PlaneTiles' 4×4 blocks)
    [InlineData("DOTNET_EnableHWIntrinsic", 0)]
    public async Task Differential_tests_pass_on_narrower_vectors(string disabled, int widest)
    {
        string Metadata(string key) => typeof(EngineAxisTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
        var start = new ProcessStartInfo("dotnet",
            $"test \"{Metadata("ProjectDirectory")}\" --no-build -c {Metadata("Configuration")} --filter \"FullyQualifiedName~DifferentialTests|FullyQualifiedName~UnpoolTests.Windows_of_two|FullyQualifiedName~BackwardFixtureTests|FullyQualifiedName~ChannelsLastTests|FullyQualifiedName~ByteAreaTests\"");
        start.Environment[disabled] = "0";
        start.Environment[DifferentialRunner.WidestVectorVariable] = widest.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var (exitCode, output) = await ChildProcess.RunAsync(start, TimeSpan.FromMinutes(8));
        Assert.True(exitCode is not null, $"{disabled}=0: the differential tests hung\n{output}");
        Assert.True(exitCode == 0, $"{disabled}=0: exit code {exitCode}\n{output}");
        // Every differential test ran (a filter that matched nothing would pass vacuously).
        string summary = output.Split('\n').Single(l => l.TrimStart().StartsWith("Passed!", StringComparison.Ordinal));
        int passed = int.Parse(summary.Split("Passed:")[1].Split(',')[0].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(passed >= 21, summary);
    }
}
