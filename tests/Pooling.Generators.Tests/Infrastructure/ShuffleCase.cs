namespace Pooling.Generators.Tests.Infrastructure;

/// <summary>A PixelShuffle / PixelUnshuffle declaration over (channels, height, width); with <see cref="BlockFirst"/>, ONNX's
/// DepthToSpace (DCR) / SpaceToDepth; <see cref="Layout"/> a TensorLayout member name or null.</summary>
internal sealed record ShuffleCase(bool Unshuffle, string Element, int Factor, int[]? ConstantInputSize, bool BlockFirst = false, string? Layout = null) : IKernelCase
{
    public string Declaration(string name)
    {
        string op = BlockFirst ? (Unshuffle ? "SpaceToDepth" : "DepthToSpace") : Unshuffle ? "PixelUnshuffle" : "PixelShuffle";
        string attribute = op + $"({Factor}"
            + (ConstantInputSize is null ? "" : $", InputSize = new[] {{ {string.Join(", ", ConstantInputSize)} }}")
            + (Layout is null ? "" : $", Layout = TensorLayout.{Layout}") + ")";
        return $"    [{attribute}]\n    public static partial void {name}({KernelSuite.Parameters(Element, null, 3, ConstantInputSize is not null)});\n"
            + KernelSuite.Wrapper(name, Element, null, 3, ConstantInputSize is not null);
    }
}
