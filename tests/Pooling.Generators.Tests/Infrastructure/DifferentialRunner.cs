namespace Pooling.Generators.Tests.Infrastructure;

/// <summary>A configuration the differential runner can check: its declaration (<see cref="IKernelCase"/>), its element and
/// index types, the output extents an input gets, and the reference result (values, and indices where the kernel writes
/// them).</summary>
internal interface IDifferentialCase : IKernelCase
{
    Type ElementType { get; }

    string? IndexType { get; }

    /// <summary>Compile-time input extents (InputSize), or null when the kernel takes them as arguments.</summary>
    int[]? ConstantInputSize { get; }

    int[] OutputExtents(int[] inputSize);

    (Array Output, long[]? Indices) Expected(Array input, int[] size, int outputLength);
}

/// <summary>
/// The one draw → compile → run → compare loop of the differential tests: every case compiled into one assembly
/// (<see cref="KernelSuite"/>), each run on <c>trials</c> inputs of 1 to <c>maxPlanes</c> planes drawn by
/// <see cref="Values.Random"/> (normal data, ties, NaN/±∞, signed zeros), values and indices compared bit for bit with
/// the case's reference. The kernels run on this process's widest vector width; EngineAxisTests runs the same tests in
/// child processes with AVX-512, AVX2 or every intrinsic switched off (and RuntimeFuzzTests the fuzzer's kernels).
/// </summary>
internal static class DifferentialRunner
{
    /// <summary>The environment variable EngineAxisTests sets in its child processes: the widest vector width (512, 256,
    /// 128, or 0 for scalar) the kernels may take there.</summary>
    public const string WidestVectorVariable = "POOLING_TESTS_WIDEST_VECTOR";

    /// <summary>The widest vector width the kernels take in this process.</summary>
    public static int WidestVector => Pooling.Kernels.Simd512<float>.IsAccelerated ? 512 : Pooling.Kernels.Simd256<float>.IsAccelerated ? 256
        : Pooling.Kernels.Simd128<float>.IsAccelerated ? 128 : 0;

    // In an engine-axis child, the switch must have taken effect: otherwise the run would test the widest path again.
    internal static void CheckEngine()
    {
        if (Environment.GetEnvironmentVariable(WidestVectorVariable) is { } expected)
            Assert.True(WidestVector <= int.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
                $"the kernels run {WidestVector}-bit vectors where at most {expected} were asked for");
    }

    /// <returns>How many inputs were run and compared.</returns>
    public static int Check<TCase>(IReadOnlyList<TCase> cases, Random random, Func<TCase, Random, int, int[]> size, string label,
        int trials = 2, int maxPlanes = 3)
        where TCase : IDifferentialCase
    {
        CheckEngine();
        var assembly = GeneratorHarness.CompileAndLoad(KernelSuite.Source(cases.Cast<IKernelCase>()));
        int runs = 0;
        for (int i = 0; i < cases.Count; i++)
        {
            var c = cases[i];
            for (int trial = 0; trial < trials; trial++)
            {
                int[] extents = c.ConstantInputSize ?? size(c, random, trial);
                int planes = random.Next(1, maxPlanes + 1);
                var input = Values.Random(c.ElementType, planes * extents.Aggregate(1, (p, v) => p * v), random);
                int outputLength = planes * c.OutputExtents(extents).Aggregate(1, (p, v) => p * v);
                var (expected, expectedIndices) = c.Expected(input, extents, outputLength);
                var output = Array.CreateInstance(c.ElementType, outputLength);
                Array? indices = c.IndexType switch
                {
                    "int" => new int[outputLength],
                    "long" => new long[outputLength],
                    _ => null,
                };
                KernelSuite.Invoke(assembly, i, input, output, indices, extents);
                string context = $"{label} case {i} {c} input [{planes}, {string.Join(", ", extents)}]";
                Values.AssertSame(expected, output, context);
                if (indices is not null)
                    Values.AssertSame(expectedIndices!, indices.Cast<object>().Select(Convert.ToInt64).ToArray(), context + " indices");
                runs++;
            }
        }
        return runs;
    }
}
