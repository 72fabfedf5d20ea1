using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

namespace PlatformBot.Benchmarks;

/// <summary>
/// BenchmarkDotNet for the micro benchmarks, and modes that are single timed runs by nature:
/// <code>
/// dotnet run -c Release --project bench/PlatformBot.Benchmarks -- --filter '*ScoringEngine*' --job short
/// dotnet run -c Release --project bench/PlatformBot.Benchmarks -- --filter '*NameResolution*'
/// dotnet run -c Release --project bench/PlatformBot.Benchmarks -- --filter '*ScoreBatch*'      (one streamed batch of 2,000 accounts)
/// dotnet run -c Release --project bench/PlatformBot.Benchmarks -- name-latency   (per-call p50/p90/p99 per query kind)
/// dotnet run -c Release --project bench/PlatformBot.Benchmarks -- digests        (seeds a store, builds every digest of a batch once)
/// dotnet run -c Release --project bench/PlatformBot.Benchmarks -- digests-due    (500 due digests posted to a rate-limiting Slack fake)
/// </code>
/// Not a top-level Program: the host's public Program class is referenced by the digest mode.
/// </summary>
public static class BenchmarkProgram
{
    public static async Task<int> Main(string[] args)
    {
        if (args is ["digests", ..])
        {
            return await DigestBatchBenchmark.RunAsync(args[1..]);
        }

        if (args is ["digests-due", ..])
        {
            return await DigestDueBenchmark.RunAsync(args[1..]);
        }

        if (args is ["name-latency", ..])
        {
            return NameLatencyHarness.Run();
        }

        // BenchmarkDotNet rebuilds the project (with the host) for each run; on a busy 2-core machine that exceeds its default 2 minutes.
        BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly)
            .Run(args, ManualConfig.Create(DefaultConfig.Instance).WithBuildTimeout(TimeSpan.FromMinutes(10)));
        return 0;
    }
}
