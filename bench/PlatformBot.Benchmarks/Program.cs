using BenchmarkDotNet.Running;
using PlatformBot.Benchmarks;

// dotnet run -c Release --project bench/PlatformBot.Benchmarks -- --filter '*ScoringEngine*' --job short
// dotnet run -c Release --project bench/PlatformBot.Benchmarks -- --filter '*NameResolution*'
// dotnet run -c Release --project bench/PlatformBot.Benchmarks -- name-latency    (per-call p50/p90/p99 per query kind)
if (args is ["name-latency", ..])
{
    return NameLatencyHarness.Run();
}

BenchmarkSwitcher.FromAssembly(typeof(NameResolutionBenchmarks).Assembly).Run(args);
return 0;
