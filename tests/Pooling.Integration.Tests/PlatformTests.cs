using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Pooling.Integration.Tests;

/// <summary>
/// The platforms the JIT tests on this x64 machine do not reach, run through the run-time fuzzer (tests/Pooling.Fuzz:
/// kernels of every family, element type and layout built by the generator, each valid call compared with the reference
/// loops of runtime/Pooling/Reference exactly, each invalid one required to throw naming its parameter):
/// <list type="bullet">
/// <item>ARM64: published self-contained for linux-arm64 and run under QEMU user-mode emulation, where the 128-bit
/// AdvSimd paths run (not timed: emulation says nothing about speed).</item>
/// <item>NativeAOT: the same fuzzer compiled ahead of time for linux-x64; every call's outcome equals the JIT build's.</item>
/// </list>
/// .ci/run installs what they need (qemu-user-static with arm64 libc, clang and zlib for the AOT linker).
/// </summary>
public class PlatformTests
{
    private const int Seed = 20261205;
    private static string Repository => PackedLibrary.Metadata("RepositoryRoot");
    private static string Configuration => PackedLibrary.Metadata("Configuration");

    [Fact]
    public void The_fuzzer_passes_on_ARM64_under_emulation()
    {
        string qemu = FindOnPath("qemu-aarch64-static")
            ?? throw new Xunit.Sdk.XunitException("qemu-aarch64-static is not installed: .ci/run installs it (apt-get install qemu-user-static libc6:arm64 libstdc++6:arm64)");
        string output = Directory.CreateTempSubdirectory("pooling-arm64-").FullName;
        try
        {
            var (code, log) = Run("dotnet", $"publish tests/Pooling.Fuzz -c {Configuration} -r linux-arm64 --self-contained --no-dependencies -o \"{output}\"", Repository);
            Assert.True(code == 0, "publish for linux-arm64 failed:\n" + log);
            // qemu-user breaks .NET's background GC: the foreground collector only.
            (code, log) = Run(qemu, $"-L / \"{Path.Combine(output, "Pooling.Fuzz")}\" --calls 6000 --seed {Seed}", output, ("DOTNET_gcConcurrent", "0"));
            Assert.True(code == 0, "the fuzzer failed under emulation:\n" + log);
            Assert.Contains("arch=Arm64 advsimd=True", log);
            Assert.Contains("simd128=True", log);
            Assert.Matches(@"mismatch=0 guardViolation=0 wrongParameter=0 wrappedAccepted=0 unexpected=0", log);
            Assert.Matches(@"matched=[1-9]", log);
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [Fact]
    public void The_fuzzer_compiled_with_NativeAOT_gives_the_JIT_builds_outcomes()
    {
        string output = Directory.CreateTempSubdirectory("pooling-aot-").FullName;
        try
        {
            var (code, log) = Run("dotnet", $"publish tests/Pooling.Fuzz -c {Configuration} -r linux-x64 -p:FuzzAot=true --no-dependencies -o \"{output}\"", Repository);
            Assert.True(code == 0, "NativeAOT publish failed:\n" + log);
            string binary = Path.Combine(output, "Pooling.Fuzz");
            string arguments = $"--calls 4000 --seed {Seed}";
            (code, string aot) = Run(binary, arguments, output);
            Assert.True(code == 0, "the NativeAOT fuzzer failed:\n" + aot);
            Assert.Contains("jit=False", aot);
            string jitBuild = Path.Combine(Repository, "tests", "Pooling.Fuzz", "bin", Configuration, "net10.0", "Pooling.Fuzz.dll");
            (code, string jit) = Run("dotnet", $"\"{jitBuild}\" {arguments}", output);
            Assert.True(code == 0, "the JIT fuzzer failed:\n" + jit);
            Assert.Contains("jit=True", jit);
            // Same calls, same outcomes: every valid call equal to the reference in both, every invalid one refused.
            Assert.Equal(Summary(jit), Summary(aot));
            Console.WriteLine($"NativeAOT fuzzer: {new FileInfo(binary).Length:#,0} bytes; {Summary(aot)}");
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    private static string Summary(string log) => Regex.Match(log, "fuzz seed=.*").Value.Trim();

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);

    private static (int Code, string Output) Run(string file, string arguments, string directory, params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo(file, arguments) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(6)))
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"timed out: {file} {arguments}\n{stdout.Result}{stderr.Result}");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
