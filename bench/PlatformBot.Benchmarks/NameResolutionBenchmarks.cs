using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using PlatformBot.Host.Features.Demo;
using PlatformBot.Host.Features.Lookup;

namespace PlatformBot.Benchmarks;

/// <summary>
/// Queries of one kind against 100,000 demo account names (the generator behind `platformbot demo seed`, so the
/// same names the end-to-end benchmark looks up): exact name or id, prefix of a name, a piece inside a word,
/// a one-letter typo (fuzzy "did you mean"), and text that matches nothing.
/// </summary>
public static class NameQueries
{
    public const int Accounts = 100_000;
    public const int PerKind = 1_000;

    public static readonly string[] Kinds = ["exact", "prefix", "contains", "fuzzy", "miss"];

    public static NameIndex BuildIndex(out IReadOnlyList<DirectoryEntry> entries)
    {
        var population = DemoPopulation.Create(Accounts, 1, new DateOnly(2026, 11, 23), new Random(20261123));
        entries = population.Accounts.Select(a => DirectoryEntry.Create(a.Id, a.Name, a.Segment, a.Region, a.Owner, a.Csm)).ToList();
        return new NameIndex(entries);
    }

    public static string[] For(string kind, IReadOnlyList<DirectoryEntry> entries)
    {
        // A fixed seed per kind (string.GetHashCode is randomised per process): every run times the same queries.
        var random = new Random(20261201 + Array.IndexOf(Kinds, kind));
        var queries = new List<string>(PerKind);
        while (queries.Count < PerKind)
        {
            var entry = entries[random.Next(entries.Count)];
            var name = entry.Name;
            var words = name.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var longest = words.MaxBy(w => w.Length)!;
            var query = kind switch
            {
                "exact" => random.Next(4) == 0 ? entry.AccountId : name,
                "prefix" => name.Length >= 6 ? name[..Math.Min(name.Length - 1, 3 + random.Next(4))] : null,
                "contains" => longest.Length >= 7 ? longest.Substring(1 + random.Next(longest.Length - 5), 4) : null,
                "fuzzy" => longest.Length >= 7 ? Typo(name, name.IndexOf(longest, StringComparison.Ordinal) + 2 + random.Next(longest.Length - 3)) : null,
                _ => string.Concat(Enumerable.Range(0, 6 + random.Next(6)).Select(_ => (char)('q' + random.Next(3)))) + random.Next(1000).ToString(CultureInfo.InvariantCulture),
            };
            if (query is not null)
            {
                queries.Add(query);
            }
        }

        return [.. queries];
    }

    /// <summary>The letter at <paramref name="at"/> replaced by a neighbour on the alphabet (a typical one-key slip).</summary>
    private static string Typo(string name, int at)
    {
        var chars = name.ToCharArray();
        chars[at] = chars[at] == 'z' ? 'y' : (char)(char.ToLowerInvariant(chars[at]) + 1);
        return new string(chars);
    }
}

/// <summary>BenchmarkDotNet: mean time per lookup for each kind (1,000 different queries per invocation).</summary>
[MemoryDiagnoser]
public class NameResolutionBenchmarks
{
    private NameIndex _index = null!;
    private string[] _queries = [];

    [Params("exact", "prefix", "contains", "fuzzy", "miss")]
    public string Kind { get; set; } = "exact";

    [GlobalSetup]
    public void Setup()
    {
        _index = NameQueries.BuildIndex(out var entries);
        _queries = NameQueries.For(Kind, entries);
    }

    [Benchmark(OperationsPerInvoke = NameQueries.PerKind, Description = "Resolve one query")]
    public int Resolve()
    {
        var found = 0;
        foreach (var query in _queries)
        {
            found += _index.Resolve(query).Candidates.Count;
        }

        return found;
    }
}

/// <summary>
/// Per-call latencies (what a p99 budget is about; BenchmarkDotNet's percentiles are over iterations of many calls):
/// each kind's 1,000 queries, 20 rounds after a warm-up round, every call timed on its own.
/// </summary>
public static class NameLatencyHarness
{
    public static int Run()
    {
        var build = Stopwatch.StartNew();
        var index = NameQueries.BuildIndex(out var entries);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"index over {index.Count:N0} names built in {build.Elapsed.TotalSeconds:F1} s; {Environment.ProcessorCount} cores, load {LoadAverage()}"));
        Console.WriteLine("kind       calls   p50 us   p90 us   p99 us   max us   single / ambiguous / not found");
        var all = new List<double>();
        foreach (var kind in NameQueries.Kinds)
        {
            var queries = NameQueries.For(kind, entries);
            var kinds = new int[3];
            foreach (var q in queries)
            {
                kinds[(int)index.Resolve(q).Kind]++;
            }

            var times = new List<double>(queries.Length * 20);
            for (var round = 0; round < 20; round++)
            {
                foreach (var q in queries)
                {
                    var start = Stopwatch.GetTimestamp();
                    index.Resolve(q);
                    times.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
                }
            }

            all.AddRange(times);
            times.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{kind,-9} {times.Count,6} {P(times, 0.50),8:F1} {P(times, 0.90),8:F1} {P(times, 0.99),8:F1} {times[^1],8:F1}   {kinds[0]} / {kinds[1]} / {kinds[2]}"));
        }

        all.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"all       {all.Count,6} {P(all, 0.50),8:F1} {P(all, 0.90),8:F1} {P(all, 0.99),8:F1} {all[^1],8:F1}"));
        return 0;
    }

    private static double P(List<double> sorted, double q) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
