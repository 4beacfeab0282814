using System.Diagnostics;
using System.Reflection;

namespace Pooling.Generators.Tests;

/// <summary>
/// Runs tests/Pooling.Fuzz (kernels of every family, rank, element type and layout, built by the real generator) as a
/// child process, so an access violation or a hang is reported here instead of ending the test run. Each call's spans
/// are slices of guarded arrays; extents include 0, negatives, 1, huge values and products that wrap modulo 2^32 and
/// 2^64. Every call must match the reference or throw an ArgumentException naming the parameter at fault.
/// </summary>
public class RuntimeFuzzTests
{
    [Theory]
    [InlineData(20261125)]
    [InlineData(7)]
    public async Task Hostile_calls_never_touch_memory_outside_a_span_and_name_the_parameter_at_fault(int seed)
    {
        string fuzzer = typeof(RuntimeFuzzTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "FuzzAssembly").Value!;
        Assert.True(File.Exists(fuzzer), "the fuzzer was not built: " + fuzzer);
        var start = new ProcessStartInfo("dotnet", $"\"{fuzzer}\" --calls 12000 --seed {seed}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"seed {seed}: the fuzzer hung\n{await stdout}");
        }
        string output = await stdout + await stderr;
        // A crash (segfault, abort) ends the child with a signal's exit code and no summary line.
        Assert.True(process.ExitCode == 0, $"seed {seed}: exit code {process.ExitCode}\n{output}");
        string summary = output.Split('\n').Single(l => l.StartsWith("fuzz ", StringComparison.Ordinal));
        foreach (string zero in new[] { "mismatch=0", "guardViolation=0", "wrongParameter=0", "wrappedAccepted=0", "unexpected=0", "calls=12000" })
            Assert.Contains(zero, summary);
        // The run proves something only if both kinds of call happened in numbers.
        int Count(string key) => int.Parse(summary.Split(' ').Single(p => p.StartsWith(key + "=", StringComparison.Ordinal))[(key.Length + 1)..]);
        Assert.True(Count("matched") > 3000 && Count("rejected") > 3000, summary);
    }
}
