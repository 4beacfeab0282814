using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/Pooling.CompileTime -- --filter '*' --job short
BenchmarkSwitcher.FromAssembly(typeof(Pooling.CompileTime.GeneratorBenchmarks).Assembly).Run(args);
