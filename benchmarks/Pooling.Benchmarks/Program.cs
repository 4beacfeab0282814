using System;
using System.IO;
using System.Linq;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/Pooling.Benchmarks -- --filter '*'
// dotnet run -c Release --project benchmarks/Pooling.Benchmarks -- peers   (PeerBenchmarks, then docs/benchmarks.md and its chart)
// dotnet run -c Release --project benchmarks/Pooling.Benchmarks -- nhwc    (NhwcBenchmarks, then the channels-last table)
if (args.Length > 0 && args[0] == "peers-chart")
{
    string root = Directory.GetCurrentDirectory();
    while (!File.Exists(Path.Combine(root, "Pooling.Generators.sln"))) root = Path.GetDirectoryName(root)!;
    Pooling.Benchmarks.PeerReport.RedrawChart(root);
    return;
}
if (args.Length > 0 && args[0] == "peers")
{
    var summary = BenchmarkRunner.Run<Pooling.Benchmarks.PeerBenchmarks>(DefaultConfig.Instance.AddJob(Job.ShortRun));
    string repository = Directory.GetCurrentDirectory();
    while (!File.Exists(Path.Combine(repository, "Pooling.Generators.sln"))) repository = Path.GetDirectoryName(repository)!;
    Pooling.Benchmarks.PeerReport.Write(summary, repository);
    return;
}
if (args.Length > 0 && args[0] == "nhwc")
{
    var summary = BenchmarkRunner.Run<Pooling.Benchmarks.NhwcBenchmarks>(DefaultConfig.Instance.AddJob(Job.ShortRun));
    string repository = Directory.GetCurrentDirectory();
    while (!File.Exists(Path.Combine(repository, "Pooling.Generators.sln"))) repository = Path.GetDirectoryName(repository)!;
    Pooling.Benchmarks.PeerReport.WriteChannelsLast(summary, repository);
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(Pooling.Benchmarks.PoolingBenchmarks).Assembly).Run(args);
