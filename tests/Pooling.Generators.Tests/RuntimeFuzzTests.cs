using System.Diagnostics;
using System.Reflection;
using Pooling.Generators.Tests.Infrastructure;

namespace Pooling.Generators.Tests;

/// <summary>
/// Runs tests/Pooling.Fuzz (kernels of every family, rank, element type and layout, built by the real generator) as a
/// child process, so an access violation or a hang is reported here instead of ending the test run. Each call's spans
/// are slices of guarded arrays; extents include 0, negatives, 1, huge values and products that wrap modulo 2^32 and
/// 2^64. Every call must match the reference or throw an ArgumentException naming the parameter at fault.
/// </summary>
public class RuntimeFuzzTests
{
    /// <summary>The engine axis: the same calls on the widest vector width this machine has, then with AVX-512 (DOTNET_EnableAVX512: .NET 10 ignores the older EnableAVX512F), AVX2 and
    /// every hardware intrinsic switched off in the child process, so 512-, 256-, 128-bit and scalar paths all run and
    /// are compared with the reference on any machine (a width the CPU lacks is simply the next narrower one).</summary>
    [Theory]
    [InlineData(20261125, "")]
    [InlineData(7, "")]
    [InlineData(11, "DOTNET_EnableAVX512")]
    [InlineData(12, "DOTNET_EnableAVX2")]
    [InlineData(13, "DOTNET_EnableHWIntrinsic")]
    public async Task Hostile_calls_never_touch_memory_outside_a_span_and_name_the_parameter_at_fault(int seed, string disabled)
    {
        string fuzzer = typeof(RuntimeFuzzTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "FuzzAssembly").Value!;
        Assert.True(File.Exists(fuzzer), "the fuzzer was not built: " + fuzzer);
        var start = new ProcessStartInfo("dotnet", $"\"{fuzzer}\" --calls 12000 --seed {seed}");
        if (disabled.Length > 0) start.Environment[disabled] = "0";
        var (exitCode, output) = await ChildProcess.RunAsync(start, TimeSpan.FromMinutes(3));
        Assert.True(exitCode is not null, $"seed {seed}: the fuzzer hung\n{output}");
        // A crash (segfault, abort) ends the child with a signal's exit code and no summary line.
        Assert.True(exitCode == 0, $"seed {seed} {disabled}=0: exit code {exitCode}\n{output}");
        string summary = output.Split('\n').Single(l => l.StartsWith("fuzz ", StringComparison.Ordinal));
        string engine = output.Split('\n').Single(l => l.StartsWith("engine ", StringComparison.Ordinal));
        if (disabled is "DOTNET_EnableAVX512" or "DOTNET_EnableAVX2" or "DOTNET_EnableHWIntrinsic") Assert.Contains("simd512=False", engine);
        if (disabled is "DOTNET_EnableAVX2" or "DOTNET_EnableHWIntrinsic") Assert.Contains("simd256=False", engine);
        if (disabled is "DOTNET_EnableHWIntrinsic") Assert.Contains("simd128=False", engine);
        foreach (string zero in new[] { "mismatch=0", "guardViolation=0", "wrongParameter=0", "wrappedAccepted=0", "unexpected=0", "calls=12000" })
            Assert.Contains(zero, summary);
        // The run proves something only if both kinds of call happened in numbers.
        int Count(string key) => int.Parse(summary.Split(' ').Single(p => p.StartsWith(key + "=", StringComparison.Ordinal))[(key.Length + 1)..]);
        Assert.True(Count("matched") > 3000 && Count("rejected") > 3000, summary);
    }
}
