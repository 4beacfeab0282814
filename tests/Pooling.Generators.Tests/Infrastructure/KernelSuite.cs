using System.Reflection;

namespace Pooling.Generators.Tests.Infrastructure;

/// <summary>A test case that declares one generated kernel plus an array-taking wrapper <c>NAME_Run(object input,
/// object output, object? indices, int[] size)</c> (spans cannot go through reflection).</summary>
internal interface IKernelCase
{
    string Declaration(string name);
}

/// <summary>Many cases compiled as one source file (methods <c>K0</c>, <c>K1</c>, … of <c>Cases.Suite</c>), so a few
/// hundred configurations cost one compilation.</summary>
internal static class KernelSuite
{
    public static string Source(IEnumerable<IKernelCase> cases) =>
        "using System;\nusing Pooling;\nnamespace Cases;\npublic static partial class Suite\n{\n"
        + string.Concat(cases.Select((c, i) => c.Declaration("K" + i)))
        + "}\n";

    public static void Invoke(Assembly assembly, int caseIndex, Array input, Array output, Array? indices, int[] size)
    {
        var method = assembly.GetType("Cases.Suite")!.GetMethod($"K{caseIndex}_Run")!;
        try
        {
            method.Invoke(null, new object?[] { input, output, indices, size });
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw e.InnerException;
        }
    }

    /// <summary>The wrapper text for a kernel whose parameters are (input, output[, indices], extents…).</summary>
    public static string Wrapper(string name, string element, string? indexType, int rank, bool constantExtents)
    {
        var call = new List<string> { $"({element}[])input", $"({element}[])output" };
        if (indexType is not null) call.Add($"({indexType}[])indices!");
        if (!constantExtents) call.AddRange(Enumerable.Range(0, rank).Select(a => $"size[{a}]"));
        return $"    public static void {name}_Run(object input, object output, object? indices, int[] size) => {name}({string.Join(", ", call)});\n";
    }

    /// <summary>The parameter list for (input, output[, indices], extents…).</summary>
    public static string Parameters(string element, string? indexType, int rank, bool constantExtents)
    {
        var parameters = new List<string> { $"ReadOnlySpan<{element}> input", $"Span<{element}> output" };
        if (indexType is not null) parameters.Add($"Span<{indexType}> indices");
        if (!constantExtents) parameters.AddRange(Enumerable.Range(0, rank).Select(a => $"int extent{a}"));
        return string.Join(", ", parameters);
    }

    public static Type ElementType(string element) => element switch
    {
        "float" => typeof(float),
        "double" => typeof(double),
        "Half" => typeof(Half),
        "byte" => typeof(byte),
        "sbyte" => typeof(sbyte),
        "short" => typeof(short),
        "ushort" => typeof(ushort),
        "int" => typeof(int),
        _ => typeof(long),
    };
}
