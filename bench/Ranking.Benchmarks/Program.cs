using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using Ranking.Benchmarks;

// Results go next to this project, not into whatever directory `dotnet run` was started from.
var config = DefaultConfig.Instance.WithArtifactsPath(Path.Combine(RepoPaths.Root, "bench", "Ranking.Benchmarks", "BenchmarkDotNet.Artifacts"));
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
