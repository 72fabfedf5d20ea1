using BenchmarkDotNet.Attributes;
using PlatformBot.Scoring;

namespace PlatformBot.Benchmarks;

/// <summary>
/// The engine alone, one core: budget >= 500,000 accounts/s. Accounts are realistic: 1-3 subscriptions,
/// 1-3 instances each, and the newest row per instance (what the store hands the engine).
/// </summary>
[MemoryDiagnoser]
public class ScoringEngineBenchmarks
{
    private const int Accounts = 10_000;
    private readonly ScoringEngine _engine = new(ScoringModel.Default);
    private readonly DateOnly _asOf = new(2026, 11, 20);
    private AccountInput[] _inputs = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(7);
        var model = ScoringModel.Default;
        _inputs = new AccountInput[Accounts];
        for (var a = 0; a < Accounts; a++)
        {
            var subscriptions = new List<SubscriptionInput>();
            var subscriptionCount = random.NextDouble() switch { < 0.8 => 1, < 0.95 => 2, _ => 3 };
            for (var s = 0; s < subscriptionCount; s++)
            {
                var rows = new List<UsageSnapshot>();
                var instances = random.NextDouble() switch { < 0.75 => 1, < 0.93 => 2, _ => 3 };
                for (var i = 0; i < instances; i++)
                {
                    var values = new double?[model.InputColumns.Count];
                    var billable = 20 + random.Next(2000);
                    for (var c = 0; c < values.Length; c++)
                    {
                        values[c] = random.NextDouble() < 0.02 ? null : random.Next(0, billable * 3);
                    }

                    values[model.IndexOfInput("billable_users")] = billable;
                    rows.Add(new UsageSnapshot($"i-{a}-{s}-{i}", i == 2 ? "non-production" : "production", _asOf.AddDays(-random.Next(0, 30)), values));
                }

                subscriptions.Add(new SubscriptionInput($"S-{a}-{s}", random.NextDouble() < 0.4 ? "ultimate" : "premium", random.Next(0, 500_000), new DateOnly(2022, 1, 1), rows));
            }

            _inputs[a] = new AccountInput($"A-{a}", subscriptions);
        }
    }

    [Benchmark(OperationsPerInvoke = Accounts, Description = "Score one account")]
    public int ScoreAccounts()
    {
        var green = 0;
        foreach (var input in _inputs)
        {
            green += _engine.Score(input, _asOf).AdoptionScore ?? 0;
        }

        return green;
    }
}
