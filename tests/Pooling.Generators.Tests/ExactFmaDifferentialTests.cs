using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Pooling.Kernels;

namespace Pooling.Generators.Tests;

/// <summary>
/// The float multiply-add emulated through doubles (runtime Kernels/ExactFma, used where x86 has no FMA unit) against
/// .NET's <see cref="MathF.FusedMultiplyAdd"/> (the FMA instruction, or the C library's correctly rounded fmaf), bit for
/// bit: random operands over the whole exponent range, sums that cancel, and sums built to fall exactly half a float unit
/// from a float plus a remainder a double cannot hold (where rounding twice, without rounding to odd, would be wrong).
/// </summary>
public class ExactFmaDifferentialTests
{
    private static IEnumerable<(float A, float B, float C)> Operands()
    {
        var random = new Random(20261205);
        float Any() => BitConverter.Int32BitsToSingle(random.Next() ^ (random.Next(2) << 31));
        float Unit() => (float)(random.NextDouble() * 4 - 2);
        for (int i = 0; i < 20000; i++) yield return (Any(), Any(), Any());
        for (int i = 0; i < 20000; i++) yield return (Unit(), Unit(), Unit());
        for (int i = 0; i < 20000; i++)
        {
            float a = Unit(), b = Unit();
            yield return (a, b, -(a * b));                                     // cancellation
            yield return (a, b, -(a * b) * (1 + float.Epsilon));
        }
        // c = 1, a·b = 2^-24·(1 + k·2^-23): 1 + a·b lies just past the midpoint between 1 and its float successor.
        for (int k = 1; k < 2000; k++)
        {
            float a = 1f / (1 << 12), b = (1f + k * MathF.Pow(2, -23)) / (1 << 12);
            yield return (a, b, 1f);
            yield return (-a, b, -1f);
            yield return (a, -b, 1f);
            yield return (a, b, 1f + MathF.Pow(2, -23));
        }
        // a·b = h·(1 − 2^-46) just under half a unit h of c: to 53 bits the sum rounds onto the midpoint between c and its
        // successor, and a second rounding (ties to even) then goes the wrong way for every c with an odd last bit.
        for (int i = 0; i < 4000; i++)
        {
            float c = BitConverter.Int32BitsToSingle((random.Next(0x0080_0000, 0x7E00_0000) | 1) ^ (random.Next(2) << 31));
            float half = MathF.BitIncrement(MathF.Abs(c)) - MathF.Abs(c);
            int exponent = (int)Math.Log2(half) - 1;   // h = half a unit = 2^exponent
            float a = (1f + MathF.Pow(2, -23)) * MathF.Pow(2, exponent / 2), b = (1f - MathF.Pow(2, -23)) * MathF.Pow(2, exponent - exponent / 2);
            yield return (a, b, c);
            yield return (-a, b, c);
            yield return (a, b, -c);
            yield return (-a, -b, -c);
        }
        float[] special = { 0f, -0f, float.Epsilon, -float.Epsilon, float.MaxValue, float.MinValue, float.PositiveInfinity, float.NegativeInfinity, float.NaN, 1f, -1f, 1e-30f };
        foreach (float a in special) foreach (float b in special) foreach (float c in special) yield return (a, b, c);
    }

    private static bool Same(float expected, float actual) =>
        (float.IsNaN(expected) && float.IsNaN(actual)) || BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(actual);

    [Fact]
    public void Scalar_emulation_is_the_fused_multiply_add()
    {
        foreach (var (a, b, c) in Operands())
        {
            float expected = MathF.FusedMultiplyAdd(a, b, c), actual = ExactFma.Float(a, b, c);
            Assert.True(Same(expected, actual), $"fma({a:R}, {b:R}, {c:R}) = {expected:R}, emulated {actual:R}");
        }
    }

    [Fact]
    public void Vector_emulation_is_the_fused_multiply_add()
    {
        if (!Sse41.IsSupported) return;   // the vector emulation is x86's (ARM64 always has FMA); CI runs x64
        var all = Operands().ToArray();
        for (int i = 0; i + 4 <= all.Length; i += 4)
        {
            var a = Vector128.Create(all[i].A, all[i + 1].A, all[i + 2].A, all[i + 3].A);
            var b = Vector128.Create(all[i].B, all[i + 1].B, all[i + 2].B, all[i + 3].B);
            var c = Vector128.Create(all[i].C, all[i + 1].C, all[i + 2].C, all[i + 3].C);
            var actual = ExactFma.Float(a, b, c);
            for (int lane = 0; lane < 4; lane++)
            {
                var (x, y, z) = all[i + lane];
                float expected = MathF.FusedMultiplyAdd(x, y, z);
                Assert.True(Same(expected, actual[lane]), $"fma({x:R}, {y:R}, {z:R}) = {expected:R}, emulated {actual[lane]:R}");
            }
        }
    }
}
