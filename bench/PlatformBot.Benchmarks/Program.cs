using BenchmarkDotNet.Running;

namespace PlatformBot.Benchmarks;

/// <summary>
/// BenchmarkDotNet for the micro benchmarks (`-- --filter '*ScoringEngine*' --job short`), and one end-to-end mode that
/// is a single timed run by nature (`-- digests`: seeds a store, then builds every digest of a batch once).
/// Not a top-level Program: the host's public Program class is referenced by the digest mode.
/// </summary>
public static class BenchmarkProgram
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "digests")
        {
            return await DigestBatchBenchmark.RunAsync(args[1..]);
        }

        BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
        return 0;
    }
}
