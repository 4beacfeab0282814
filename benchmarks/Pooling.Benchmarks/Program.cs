using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/Pooling.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Pooling.Benchmarks.PoolingBenchmarks).Assembly).Run(args);
