using System;
using System.ComponentModel;
using System.Runtime.Intrinsics.X86;

namespace Pooling.Kernels;

/// <summary>
/// Facts about the running CPU that the width dispatch weighs beside what it supports. Read once; the JIT folds them as
/// constants in optimised code, so a branch on one costs nothing.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class CpuTraits
{
    /// <summary>Environment variable: <c>1</c> runs stride-2 windows at 512 bits even where
    /// <see cref="PrefersStrideTwoAt256"/> says otherwise, <c>0</c> runs them at 256 bits on any AVX-512 CPU (so the tests
    /// can run both paths on one machine).</summary>
    public const string StrideTwoVariable = "POOLING_STRIDE_TWO_512";

    /// <summary>
    /// True on AMD family 1Ah (Zen 5) with AVX-512, where pooling windows of stride 2 — each row split into even and odd
    /// columns — ran faster with 256-bit vectors than with 512-bit ones (MaxPool and AvgPool k2 s2 on [1, 64, 112, 112]:
    /// 42 against 48 µs; [8, 64, 56, 56]: 117 against 128 µs; an in-lane 512-bit split instead of the two-source permutes
    /// changed nothing, so the wide loads rather than the permutes are the likely cost). Measured on an EPYC of that
    /// family only: other CPUs keep their widest path.
    /// </summary>
    public static readonly bool PrefersStrideTwoAt256 = Environment.GetEnvironmentVariable(StrideTwoVariable) switch
    {
        "1" => false,
        "0" => true,
        _ => IsAmdFamily(0x1A),
    };

    private static bool IsAmdFamily(int wanted)
    {
        if (!X86Base.IsSupported || !Avx512F.IsSupported) return false;
        var (_, ebx, ecx, edx) = X86Base.CpuId(0, 0);
        bool amd = ebx == 0x68747541 && edx == 0x69746E65 && ecx == 0x444D4163;   // "AuthenticAMD"
        int signature = X86Base.CpuId(1, 0).Eax, family = (signature >> 8) & 0xF;
        if (family == 0xF) family += (signature >> 20) & 0xFF;
        return amd && family == wanted;
    }
}
