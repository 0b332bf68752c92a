using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Hub.Bench.Micro -- --filter '*'   (BenchmarkDotNet's own options apply)
BenchmarkSwitcher.FromAssembly(typeof(IntegrationHub.Bench.Micro.PairScoringBenchmarks).Assembly).Run(args);
