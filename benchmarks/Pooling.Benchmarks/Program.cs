using System.IO;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/Pooling.Benchmarks -- --filter '*'
// dotnet run -c Release --project benchmarks/Pooling.Benchmarks -- peers        (PeerBenchmarks, then docs/benchmarks.md and its chart)
// dotnet run -c Release --project benchmarks/Pooling.Benchmarks -- peers-chart  (the chart again from the table)
// dotnet run -c Release --project benchmarks/Pooling.Benchmarks -- nhwc         (NhwcBenchmarks, then the channels-last table)
// dotnet run -c Release --project benchmarks/Pooling.Benchmarks -- widths       (PeerBenchmarks' floor, generated and ONNX Runtime at 512, 256 and 128 bits)
// dotnet run -c Release --project benchmarks/Pooling.Benchmarks -- images       (ImageBenchmarks and Pillow, then the image table and chart)
// dotnet run -c Release --project benchmarks/Pooling.Benchmarks -- images-chart (the image chart again from the table)
// dotnet run -c Release --project benchmarks/Pooling.Benchmarks -- operators    (OperatorBenchmarks: RoIAlign and GridSample, floor and ONNX Runtime)
// dotnet run -c Release --project benchmarks/Pooling.Benchmarks -- backward     (BackwardBenchmarks: gradients beside their floor and their forward)
string command = args.Length > 0 ? args[0] : "";
switch (command)
{
    case "peers-chart":
        Pooling.Benchmarks.PeerReport.RedrawChart(Repository());
        break;
    case "peers":
        Pooling.Benchmarks.PeerReport.Write(BenchmarkRunner.Run<Pooling.Benchmarks.PeerBenchmarks>(ShortRun()), Repository());
        break;
    case "nhwc":
        Pooling.Benchmarks.PeerReport.WriteChannelsLast(BenchmarkRunner.Run<Pooling.Benchmarks.NhwcBenchmarks>(ShortRun()), Repository());
        break;
    case "widths":
        Pooling.Benchmarks.PeerReport.WriteWidths(BenchmarkRunner.Run<Pooling.Benchmarks.PeerBenchmarks>(Pooling.Benchmarks.PeerReport.WidthsConfig()), Repository());
        break;
    case "images-chart":
        Pooling.Benchmarks.ImageReport.RedrawChart(Repository());
        break;
    case "operators":
        BenchmarkRunner.Run<Pooling.Benchmarks.OperatorBenchmarks>(ShortRun());
        break;
    case "backward":
        BenchmarkRunner.Run<Pooling.Benchmarks.BackwardBenchmarks>(ShortRun());
        break;
    case "images":
        Pooling.Benchmarks.ImageReport.Write(BenchmarkRunner.Run<Pooling.Benchmarks.ImageBenchmarks>(ShortRun()), Repository());
        break;
    default:
        BenchmarkSwitcher.FromAssembly(typeof(Pooling.Benchmarks.PoolingBenchmarks).Assembly).Run(args);
        break;
}

static IConfig ShortRun() => DefaultConfig.Instance.AddJob(Job.ShortRun);

// The repository root: the nearest folder upwards that holds the solution.
static string Repository()
{
    string root = Directory.GetCurrentDirectory();
    while (!File.Exists(Path.Combine(root, "Pooling.Generators.sln"))) root = Path.GetDirectoryName(root)!;
    return root;
}
