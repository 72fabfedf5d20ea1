using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using PlatformBot.Benchmarks;

// dotnet run -c Release --project bench/PlatformBot.Benchmarks -- --filter '*ScoringEngine*' --job short
// dotnet run -c Release --project bench/PlatformBot.Benchmarks -- --filter '*NameResolution*'
// dotnet run -c Release --project bench/PlatformBot.Benchmarks -- name-latency    (per-call p50/p90/p99 per query kind)
if (args is ["name-latency", ..])
{
    return NameLatencyHarness.Run();
}

// BenchmarkDotNet rebuilds the project (with the host) for each run; on a busy 2-core machine that exceeds its default 2 minutes.
BenchmarkSwitcher.FromAssembly(typeof(NameResolutionBenchmarks).Assembly)
    .Run(args, ManualConfig.Create(DefaultConfig.Instance).WithBuildTimeout(TimeSpan.FromMinutes(10)));
return 0;
