using BenchmarkDotNet.Attributes;
using PlatformBot.Scoring;

namespace PlatformBot.Benchmarks;

/// <summary>
/// The engine alone on one core; budget >= 500,000 accounts/s, i.e. &lt;= 2 us per account. The accounts are what the
/// engine meets in production and a little worse: 1-3 subscriptions (mostly 1-2), 1-3 instances each (some not
/// production), 4 weekly snapshots per instance in shuffled order, some stale, a few unknown cells, distinct id
/// strings per row as a database read returns them. OperationsPerInvoke makes the figure read per account.
/// <see cref="Snapshots"/> = 4 is that history; 1 is what the host's score runner passes (each instance's newest row).
/// (Not sealed: BenchmarkDotNet derives from benchmark classes.)
/// </summary>
[MemoryDiagnoser]
public class ScoringEngineBenchmarks
{
    private const int Accounts = 10_000;
    private static readonly DateOnly AsOf = new(2026, 11, 20);
    private static readonly string[] Plans = ["premium", "ultimate", "premium", "ultimate", "free"];
    private static readonly string[] OtherTypes = ["non-production", "geo-secondary", "production"];

    private readonly ScoringEngine _engine = new(ScoringModel.Default);
    private AccountInput[] _inputs = [];

    [Params(4, 1)]
    public int Snapshots { get; set; } = 4;

    [GlobalSetup]
    public void Setup() => _inputs = Generate(ScoringModel.Default, Accounts, seed: 20261120, Snapshots);

    [Benchmark(OperationsPerInvoke = Accounts, Description = "Score one account")]
    public int ScoreAccounts()
    {
        var green = 0;
        foreach (var input in _inputs)
        {
            green += _engine.Score(input, AsOf).AdoptionScore ?? 0;
        }

        return green;
    }

    /// <summary>Deterministic synthetic accounts (same seed, same accounts), public so a test or a profiler can reuse them.</summary>
    public static AccountInput[] Generate(ScoringModel model, int accounts, int seed, int snapshots = 4)
    {
        ArgumentNullException.ThrowIfNull(model);
        var random = new Random(seed);
        var columns = model.InputColumns.Count;
        int Column(string name) => model.IndexOfInput(name);
        var result = new AccountInput[accounts];
        for (var a = 0; a < accounts; a++)
        {
            var subscriptionCount = random.NextDouble() switch { < 0.6 => 1, < 0.9 => 2, _ => 3 };
            var stale = random.NextDouble() < 0.05;
            var subscriptions = new SubscriptionInput[subscriptionCount];
            for (var s = 0; s < subscriptionCount; s++)
            {
                var instanceCount = random.NextDouble() switch { < 0.6 => 1, < 0.9 => 2, _ => 3 };
                var rows = new List<UsageSnapshot>(instanceCount * snapshots);
                for (var i = 0; i < instanceCount; i++)
                {
                    var type = i == 0 ? "production" : OtherTypes[random.Next(OtherTypes.Length)];
                    var billable = 5 + random.Next(3000);
                    var adoption = random.NextDouble();
                    for (var week = 0; week < snapshots; week++)
                    {
                        var values = new double?[columns];
                        values[Column("billable_users")] = billable;
                        values[Column("licensed_users")] = billable + random.Next(billable / 2 + 1);
                        values[Column("active_users_28d")] = Math.Round(billable * (0.3 + (0.7 * random.NextDouble())));
                        values[Column("git_operation_users_28d")] = Math.Round(billable * adoption * random.NextDouble());
                        values[Column("ci_builds_28d")] = Math.Round(billable * 60 * adoption * random.NextDouble());
                        values[Column("deployment_users_28d")] = Math.Round(billable * 0.25 * adoption * random.NextDouble());
                        values[Column("deployments_28d")] = Math.Round(billable * 10 * adoption * random.NextDouble());
                        values[Column("successful_deployments_28d")] = random.Next(1000);
                        values[Column("failed_deployments_28d")] = random.Next(300);
                        values[Column("secure_scanner_users_28d")] = Math.Round(billable * 0.3 * adoption * random.NextDouble());
                        values[Column("ci_internal_pipelines_28d")] = random.Next(5000);
                        foreach (var scan in (ReadOnlySpan<string>)["sast_scans_28d", "dast_scans_28d", "dependency_scanning_scans_28d", "container_scanning_scans_28d", "secret_detection_scans_28d", "coverage_fuzzing_scans_28d", "api_fuzzing_scans_28d"])
                        {
                            values[Column(scan)] = random.NextDouble() < adoption ? random.Next(2000) : 0;
                        }

                        for (var c = 0; c < columns; c++)
                        {
                            if (random.NextDouble() < 0.02)
                            {
                                values[c] = null;
                            }
                        }

                        var age = (week * 7) + random.Next(3) + (stale ? 70 : 0);
                        rows.Add(new UsageSnapshot($"inst-{a}-{s}-{i}", type, AsOf.AddDays(-age), values));
                    }
                }

                // Shuffle: the engine must not rely on rows arriving grouped or sorted.
                for (var r = rows.Count - 1; r > 0; r--)
                {
                    var j = random.Next(r + 1);
                    (rows[r], rows[j]) = (rows[j], rows[r]);
                }

                subscriptions[s] = new SubscriptionInput($"SUB-{a:D6}-{random.Next(100)}", Plans[random.Next(Plans.Length)],
                    random.NextDouble() < 0.05 ? 0 : random.Next(1_000, 500_000), AsOf.AddDays(-random.Next(2000)), rows);
            }

            result[a] = new AccountInput($"ACC-{a:D6}", subscriptions);
        }

        return result;
    }
}
