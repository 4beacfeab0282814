using System.Runtime.CompilerServices;

namespace Pooling.Generators.Tests.Infrastructure;

/// <summary>
/// The tests run every kernel's widest path: on CPUs where stride-2 windows would take 256 bits instead of 512
/// (CpuTraits.PrefersStrideTwoAt256), this process takes 512 so that path is compared with the reference too; the
/// 256-bit path those CPUs run is the one the engine axis's AVX-512-off child compares (EngineAxisTests).
/// </summary>
internal static class WidestPaths
{
    [ModuleInitializer]
    internal static void Choose()
    {
        if (Environment.GetEnvironmentVariable(Pooling.Kernels.CpuTraits.StrideTwoVariable) is null)
            Environment.SetEnvironmentVariable(Pooling.Kernels.CpuTraits.StrideTwoVariable, "1");
    }
}
