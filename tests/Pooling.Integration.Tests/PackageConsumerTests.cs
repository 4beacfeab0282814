using System.Diagnostics;
using System.Reflection;

namespace Pooling.Integration.Tests;

/// <summary>Packs Pooling.Generators once (a unique version per run, an isolated package cache: no stale copy can be
/// picked up) into a local folder that a consumer's nuget.config adds to the default source.</summary>
public sealed class PackedLibrary : IDisposable
{
    public PackedLibrary()
    {
        Root = Directory.CreateTempSubdirectory("pooling-integration-").FullName;
        Feed = Path.Combine(Root, "feed");
        Version = "0.1.0-it" + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff");
        string repository = Metadata("RepositoryRoot");
        var (code, output) = Dotnet(repository, $"pack runtime/Pooling/Pooling.csproj -c {Metadata("Configuration")} --no-build -o \"{Feed}\" -p:Version={Version}");
        Assert.True(code == 0, "dotnet pack failed:\n" + output);
        Assert.True(File.Exists(Path.Combine(Feed, $"Pooling.Generators.{Version}.nupkg")), output);
    }

    public string Root { get; }

    public string Feed { get; }

    public string Version { get; }

    /// <summary>Writes a consumer project (csproj, nuget.config, the given source) into a fresh folder.</summary>
    public string Consumer(string name, string source, string targetFramework = "net10.0", string extraProperties = "", string extraItems = "")
    {
        string folder = Path.Combine(Root, name);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, name + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>{targetFramework}</TargetFramework>
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                {extraProperties}
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Pooling.Generators" Version="{Version}" />
                {extraItems}
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(folder, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="local" value="{Feed}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(folder, "Program.cs"), source);
        return folder;
    }

    /// <param name="ownPackages">Restore into this fixture's package folder (the packed library's consumers); false
    /// keeps the user's global packages folder (local tools: the tool resolver cache remembers where a tool was restored,
    /// and must not be left pointing into a folder deleted after the tests).</param>
    public (int Code, string Output) Dotnet(string workingDirectory, string arguments, bool ownPackages = true)
    {
        var start = new ProcessStartInfo("dotnet", arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (ownPackages) start.Environment["NUGET_PACKAGES"] = Path.Combine(Root, "packages");
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            return (-1, "timed out: dotnet " + arguments);
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }

    /// <summary>The version Directory.Packages.props pins for <paramref name="package"/> (consumers live outside the
    /// repository, so they name it themselves).</summary>
    public static string PinnedVersion(string package)
    {
        string props = File.ReadAllText(Path.Combine(Metadata("RepositoryRoot"), "Directory.Packages.props"));
        var match = System.Text.RegularExpressions.Regex.Match(props, $@"<PackageVersion Include=""{System.Text.RegularExpressions.Regex.Escape(package)}"" Version=""([^""]+)""");
        Assert.True(match.Success, package + " is not pinned in Directory.Packages.props");
        return match.Groups[1].Value;
    }

    internal static string Metadata(string key) =>
        typeof(PackedLibrary).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}

public class PackageConsumerTests(PackedLibrary library) : IClassFixture<PackedLibrary>
{
    [Fact]
    public void A_consumer_of_the_package_gets_generated_kernels_that_compute_PyTorchs_values()
    {
        string folder = library.Consumer("GoodConsumer", """
            using System;
            using Pooling;

            var input = new float[] { 1, 2, 5, 6, 3, 4, 7, 8, 9, 10, 13, 14, 11, 12, 15, 16 };
            var pooled = new float[4];
            var indices = new long[4];
            Kernels.Pool(input, pooled, indices, 4, 4);
            Check("max pool", pooled, new float[] { 4, 8, 12, 16 });
            Check("indices", Array.ConvertAll(indices, i => (float)i), new float[] { 5, 7, 13, 15 });

            var up = new float[16];
            Kernels.Up(pooled, up, 2, 2);
            Check("nearest x2", up, new float[] { 4, 4, 8, 8, 4, 4, 8, 8, 12, 12, 16, 16, 12, 12, 16, 16 });

            var mean = new double[1];
            Kernels.Mean(new double[] { 1, 2, 3, 4 }, mean, 2, 2);
            Check("global average", new[] { (float)mean[0] }, new float[] { 2.5f });
            Console.WriteLine("consumer OK");

            static void Check(string what, float[] actual, float[] expected)
            {
                if (!actual.AsSpan().SequenceEqual(expected))
                    throw new Exception($"{what}: expected [{string.Join(", ", expected)}] but got [{string.Join(", ", actual)}]");
            }

            static partial class Kernels
            {
                [MaxPool(2, 2)] public static partial void Pool(ReadOnlySpan<float> x, Span<float> y, Span<long> i, int h, int w);
                [Upsample(UpsampleMode.Nearest, 2)] public static partial void Up(ReadOnlySpan<float> x, Span<float> y, int h, int w);
                [GlobalAvgPool] public static partial void Mean(ReadOnlySpan<double> x, Span<double> y, int h, int w);
            }
            """);
        var (code, output) = library.Dotnet(folder, "run");
        Assert.True(code == 0, output);
        Assert.Contains("consumer OK", output);
    }

    /// <summary>Every snapshot declaration of the generator tests (element type substituted, renamed apart), so each
    /// snapshotted kernel is also built with AnalysisMode=All.</summary>
    private static string SnapshotDeclarations()
    {
        string tests = File.ReadAllText(Path.Combine(PackedLibrary.Metadata("RepositoryRoot"), "tests", "Pooling.Generators.Tests", "SnapshotTests.cs"));
        var matches = System.Text.RegularExpressions.Regex.Matches(tests, @"Snapshot\.Match\(Generate\(\s*""(?<d>[^""]+)""(?:, ""(?<t>\w+)"")?\)\)");
        Assert.True(matches.Count >= 15, "snapshot declarations not found");
        return string.Join("\n", matches.Select((m, i) =>
        {
            string element = m.Groups["t"].Success ? m.Groups["t"].Value : "float";
            string declaration = m.Groups["d"].Value.Replace("T>", element + ">");
            return "        " + System.Text.RegularExpressions.Regex.Replace(declaration, @"partial void \w+\(", $"partial void Snapshot{i}(");
        }));
    }

    [Fact]
    public void A_strict_consumer_builds_every_family_with_AnalysisMode_All_every_warning_wave_and_warnings_as_errors()
    {
        // Every family and layout, compile-time extents, and names that collide with generated locals or need escaping.
        string folder = library.Consumer("StrictConsumer", """
            System.Console.WriteLine(Strict.@event.Check.Run());

            namespace Strict.@event
            {
                using System;
                using Pooling;

                internal static partial class Kernels
                {
                    [MaxPool(3, 2, Padding = 1)] internal static partial void Max(ReadOnlySpan<float> input, Span<float> output, Span<long> indices, int height, int width);
                    [MaxPool(3, 2, Padding = 1, InputSize = new[] { 112, 112 })] internal static partial void Stem(ReadOnlySpan<float> input, Span<float> output);
                    [MinPool(2, Layout = TensorLayout.ChannelsLast)] internal static partial void Erode(ReadOnlySpan<byte> input, Span<byte> output, int width, int channels);
                    [AvgPool(3, 2, Padding = 1, CountIncludePad = false, CeilMode = true)] internal static partial void Smooth(ReadOnlySpan<double> input, Span<double> output, int depth, int height, int width);
                    [LpPool(2, 2)] internal static partial void Lp(ReadOnlySpan<Half> input, Span<Half> output, int height, int width);
                    [AdaptiveAvgPool(1, InputSize = new[] { 7, 7 })] internal static partial void Head(ReadOnlySpan<float> input, Span<float> output);
                    [AdaptiveMaxPool(2, OutputAxis.Keep)] internal static partial void Ada(ReadOnlySpan<float> input, Span<float> output, Span<int> indices, int height, int width);
                    [GlobalAvgPool(Layout = TensorLayout.ChannelsLast)] internal static partial void Gap(ReadOnlySpan<float> input, Span<float> output, int height, int width, int channels);
                    [MaxUnpool(2)] internal static partial void Unpool(ReadOnlySpan<float> input, ReadOnlySpan<long> indices, Span<float> output, int height, int width);
                    [Upsample(UpsampleMode.Bilinear, 2, InputSize = new[] { 4, 5 })] internal static partial void Bilinear(ReadOnlySpan<float> input, Span<float> output);
                    [Upsample(UpsampleMode.Bicubic, Size = new[] { 8, 8 }, Antialias = true)] internal static partial void Bicubic(ReadOnlySpan<float> input, Span<float> output, int height, int width);
                    [Upsample(UpsampleMode.Area, 0.5, InputSize = new[] { 4, 4 })] internal static partial void Area(ReadOnlySpan<float> input, Span<float> output);
                    [Upsample(UpsampleMode.Trilinear, 2, AlignCorners = true)] internal static partial void Trilinear(ReadOnlySpan<float> input, Span<float> output, int depth, int height, int width);
                    [PixelShuffle(2, Layout = TensorLayout.ChannelsLast)] internal static partial void Shuffle(ReadOnlySpan<short> input, Span<short> output, int channels, int height, int width);
                    [MaxPool(2)] internal static partial void @class(ReadOnlySpan<float> __src, Span<float> __dst, int __inW, int @int);
                    [Upsample(UpsampleMode.Nearest, 2)] internal static partial void Collide(this ReadOnlySpan<float> __in, scoped Span<float> __o, int __s, int __k);
                }

                internal static partial class Snapshots
                {
            SNAPSHOTS
                }

                internal static class Check
                {
                    // 112×112 ones max-pooled to 56×56 ones, then ×2 nearest: 112×112 = 12544 ones.
                    public static int Run()
                    {
                        var ones = new float[112 * 112];
                        Array.Fill(ones, 1f);
                        var pooled = new float[56 * 56];
                        Kernels.Stem(ones, pooled);
                        var up = new float[112 * 112];
                        ((ReadOnlySpan<float>)pooled).Collide(up, 56, 56);
                        float sum = 0;
                        foreach (float v in up) sum += v;
                        return (int)sum;
                    }
                }
            }
            """.Replace("SNAPSHOTS", SnapshotDeclarations(), StringComparison.Ordinal), extraProperties: "<AnalysisMode>All</AnalysisMode><WarningLevel>9999</WarningLevel>",
            // The tensor-span snapshot needs the tensor types.
            extraItems: $"<PackageReference Include=\"System.Numerics.Tensors\" Version=\"{PackedLibrary.PinnedVersion("System.Numerics.Tensors")}\" />");
        var (code, output) = library.Dotnet(folder, "run");
        Assert.True(code == 0, output);
        Assert.Contains("12544", output);
    }

    /// <summary>The README's C# blocks: the quickstart is a whole Program.cs; pasted into a new console project it must
    /// build (AnalysisMode=All, warnings as errors) and run. A README edit that breaks it fails here.</summary>
    [Fact]
    public void The_README_quickstart_builds_and_runs_as_pasted()
    {
        string readme = File.ReadAllText(Path.Combine(PackedLibrary.Metadata("RepositoryRoot"), "README.md"));
        var blocks = System.Text.RegularExpressions.Regex.Matches(readme, "```csharp\n(?<code>.*?)```", System.Text.RegularExpressions.RegexOptions.Singleline)
            .Select(m => m.Groups["code"].Value).ToList();
        Assert.NotEmpty(blocks);
        string folder = library.Consumer("ReadmeQuickstart", blocks[0], extraProperties: "<AnalysisMode>All</AnalysisMode>");
        var (code, output) = library.Dotnet(folder, "run");
        Assert.True(code == 0, output);
        Assert.Contains((64 * 56 * 56).ToString(System.Globalization.CultureInfo.InvariantCulture), output);
    }

    [Fact]
    public void A_consumer_with_an_invalid_attribute_fails_to_build_with_the_POOL_diagnostic()
    {
        string folder = library.Consumer("BadConsumer", """
            using System;
            using Pooling;

            Console.WriteLine("never built");

            static partial class Kernels
            {
                [MaxPool(3, 2, Padding = 2)] public static partial void Pool(ReadOnlySpan<float> x, Span<float> y, int h, int w);
            }
            """);
        var (code, output) = library.Dotnet(folder, "build");
        Assert.NotEqual(0, code);
        Assert.Contains("error POOL0005: pad should be at most half of kernel size, but got pad=2 and kernel_size=3", output);
        Assert.DoesNotContain("CS8785", output);
    }

    [Fact]
    public void The_packed_README_has_absolute_links_and_the_package_names_its_repository()
    {
        using var package = System.IO.Compression.ZipFile.OpenRead(Path.Combine(library.Feed, $"Pooling.Generators.{library.Version}.nupkg"));
        string Read(string name)
        {
            using var reader = new StreamReader(package.Entries.Single(e => e.FullName.EndsWith(name, StringComparison.OrdinalIgnoreCase)).Open());
            return reader.ReadToEnd();
        }
        string readme = Read("README.md");
        Assert.DoesNotContain("](docs/", readme, StringComparison.Ordinal);
        Assert.Contains("](https://github.com/pooling-generators/pooling-generators/blob/main/docs/diagnostics/POOL0005.md)", readme, StringComparison.Ordinal);
        Assert.Contains("](https://raw.githubusercontent.com/pooling-generators/pooling-generators/main/docs/images/seed-demo.png)", readme, StringComparison.Ordinal);
        string nuspec = Read(".nuspec");
        Assert.Contains("<projectUrl>https://github.com/pooling-generators/pooling-generators</projectUrl>", nuspec, StringComparison.Ordinal);
        Assert.Contains("repository type=\"git\" url=\"https://github.com/pooling-generators/pooling-generators\"", nuspec, StringComparison.Ordinal);
    }

    [Fact]
    public void A_consumer_on_an_unsupported_framework_gets_NuGets_compatibility_error()
    {
        string folder = library.Consumer("OldConsumer", "System.Console.WriteLine(\"never built\");\n", targetFramework: "net8.0");
        var (code, output) = library.Dotnet(folder, "build");
        Assert.NotEqual(0, code);
        Assert.Contains("NU1202", output);
        Assert.Contains("is not compatible with net8.0", output);
    }
}
