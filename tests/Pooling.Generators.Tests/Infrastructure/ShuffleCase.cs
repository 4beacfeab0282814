namespace Pooling.Generators.Tests.Infrastructure;

/// <summary>A PixelShuffle / PixelUnshuffle declaration over (channels, height, width).</summary>
internal sealed record ShuffleCase(bool Unshuffle, string Element, int Factor, int[]? ConstantInputSize) : IKernelCase
{
    public string Declaration(string name)
    {
        string attribute = (Unshuffle ? "PixelUnshuffle" : "PixelShuffle") + $"({Factor}"
            + (ConstantInputSize is null ? "" : $", InputSize = new[] {{ {string.Join(", ", ConstantInputSize)} }}") + ")";
        return $"    [{attribute}]\n    public static partial void {name}({KernelSuite.Parameters(Element, null, 3, ConstantInputSize is not null)});\n"
            + KernelSuite.Wrapper(name, Element, null, 3, ConstantInputSize is not null);
    }
}
