using Pooling.Fuzz;

// Usage: Pooling.Fuzz [--calls N] [--seed S]. Calls kernels of every family with seeded random, hostile extents and
// buffer sizes; prints one summary line of counts and the first failures; exits 1 if any call failed.
int calls = 12_000, seed = 20261125;
for (int a = 0; a + 1 < args.Length; a += 2)
{
    if (args[a] == "--calls") calls = int.Parse(args[a + 1], System.Globalization.CultureInfo.InvariantCulture);
    else if (args[a] == "--seed") seed = int.Parse(args[a + 1], System.Globalization.CultureInfo.InvariantCulture);
}

// The Parallel = true kernels split even fuzz-sized calls (the split never changes results, only who computes them).
Pooling.Kernels.PlaneScheduler.MinimumElementsPerThread = 1;

var random = new Random(seed);
var counts = Enum.GetValues<Outcome>().ToDictionary(o => o, _ => 0);
var failures = new List<string>();
var cases = Cases.All;
for (int call = 0; call < calls; call++)
{
    var fuzzCase = cases[call % cases.Count];
    var outcome = fuzzCase.Run(random, out string detail);
    counts[outcome]++;
    if (outcome is not (Outcome.Matched or Outcome.Rejected) && failures.Count < 20) failures.Add($"{outcome}: {detail}");
}

// Which vector widths the kernels ran (the test runs this process under DOTNET_EnableAVX512F=0 and the like).
Console.WriteLine($"engine simd512={Pooling.Kernels.Simd512<float>.IsAccelerated} simd256={Pooling.Kernels.Simd256<float>.IsAccelerated} simd128={Pooling.Kernels.Simd128<float>.IsAccelerated} "
    + $"arch={System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture} advsimd={System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported} "
    + $"jit={System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeCompiled}");
Console.WriteLine($"fuzz seed={seed} kernels={cases.Count} calls={calls} "
    + string.Join(" ", counts.Select(p => $"{char.ToLowerInvariant(p.Key.ToString()[0])}{p.Key.ToString()[1..]}={p.Value}")));
foreach (string failure in failures) Console.WriteLine(failure);
return counts[Outcome.Matched] + counts[Outcome.Rejected] == calls ? 0 : 1;
