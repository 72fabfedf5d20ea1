using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using PlatformBot.Host.Features.Digests;
using Xunit.Abstractions;

namespace PlatformBot.Host.Tests.Features.Digests;

/// <summary>A fact that runs only when PLATFORMBOT_DIGEST_BENCH=1 (it seeds 1.3 million snapshot rows).</summary>
public sealed class DigestBenchmarkFactAttribute : FactAttribute
{
    public DigestBenchmarkFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("PLATFORMBOT_DIGEST_BENCH") != "1")
        {
            Skip = "Digest benchmark: set PLATFORMBOT_DIGEST_BENCH=1 to run it (seeds 100,000 accounts x 13 weeks into SQLite first).";
        }
    }
}

public sealed class DigestBenchmarkTests(ITestOutputHelper output) : IDisposable
{
    private const int Accounts = 100_000;
    private const int Weeks = 13;
    private const int Subscriptions = 500;
    private static readonly DateOnly Current = new(2026, 11, 23);
    private readonly FakeSlack _slack = new();

    public void Dispose() => _slack.Dispose();

    [DigestBenchmarkFact]
    public async Task Building_every_digest_for_500_subscriptions_over_100000_accounts_takes_at_most_10_seconds()
    {
        await using var host = new DigestHost(_slack);
        var seeding = Stopwatch.StartNew();
        await SeedAsync(host);
        output.WriteLine($"seeded {Accounts} accounts x {Weeks} weeks in {seeding.Elapsed.TotalSeconds:0.0} s");

        string[] segments = ["enterprise", "mid-market", "smb", "public-sector"];
        string[] regions = ["emea", "amer", "apac", "latam"];
        string[] plans = ["premium", "ultimate", "free"];
        string[] useCases = ["scm", "ci", "cd", "security"];
        var requests = Enumerable.Range(0, Subscriptions).Select(i => new DigestRequest(DigestKinds.All[i % 3], (i % 8) switch
        {
            0 => DigestFilters.None,
            1 => new DigestFilters(Segment: segments[i % 4]),
            2 => new DigestFilters(Region: regions[(i / 8) % 4]),
            3 => new DigestFilters(Csm: $"csm{i % 50}@example.com"),
            4 => new DigestFilters(Owner: $"owner{i % 100}@example.com"),
            5 => new DigestFilters(Segment: segments[(i / 8) % 4], Region: regions[i % 4]),
            6 => new DigestFilters(Plan: plans[i % 3]),
            _ => new DigestFilters(Segment: segments[i % 4], UseCase: i % 3 == 1 ? null : useCases[(i / 8) % 4]),
        }, "Europe/Berlin")).ToList();

        var loader = host.Get<DigestDataLoader>();
        var builder = host.Get<DigestBuilder>();
        loader.Invalidate();
        var clock = Stopwatch.StartNew();
        var data = await loader.LoadAsync(Current, CancellationToken.None);
        var loaded = clock.Elapsed;
        var contents = new DigestContent[requests.Count];
        Parallel.For(0, requests.Count, i => contents[i] = builder.Build(data, requests[i]));
        var built = clock.Elapsed;
        var slack = contents.Select(SlackDigestRenderer.Render).ToList();
        var total = clock.Elapsed;

        output.WriteLine($"load {loaded.TotalSeconds:0.00} s, build {(built - loaded).TotalSeconds:0.00} s, render {(total - built).TotalSeconds:0.00} s, total {total.TotalSeconds:0.00} s; " +
                         $"{contents.Count(c => c.Chart is not null)} charts, {slack.Sum(s => s.Thread.Count)} thread messages");
        Assert.All(contents, c => Assert.Equal(Current, c.Footer.DataDate));
        Assert.True(total <= TimeSpan.FromSeconds(10), $"building {Subscriptions} digests took {total.TotalSeconds:0.0} s");

        // The PNGs are rendered when a digest is sent (sends are paced by Slack anyway); measured, not asserted.
        var charts = Stopwatch.StartNew();
        var bytes = 0L;
        Parallel.ForEach(contents.Where(c => c.Chart is not null), c => Interlocked.Add(ref bytes, c.Chart!.Png.Length));
        output.WriteLine($"rendering {contents.Count(c => c.Chart is not null)} chart PNGs ({bytes / 1024} KiB): {charts.Elapsed.TotalSeconds:0.00} s");
    }

    private static async Task SeedAsync(DigestHost host)
    {
        await using var db = await host.DbAsync();
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        var random = new Random(42);
        string[] segments = ["enterprise", "mid-market", "smb", "public-sector"];
        string[] regions = ["emea", "amer", "apac", "latam"];
        string[] plans = ["premium", "ultimate", "free"];
        string[] colors = ["green", "yellow", "red", "unknown"];
        string[] levels = ["0", "1", "2", "3+", "no data"];

        await using var account = Command(connection, transaction,
            "INSERT INTO accounts (account_id, name, name_key, segment, region, csm, owner, updated_at_utc) VALUES ($id, $name, $key, $segment, $region, $csm, $owner, '2026-11-23 00:00:00')",
            "$id", "$name", "$key", "$segment", "$region", "$csm", "$owner");
        await using var subscription = Command(connection, transaction,
            "INSERT INTO subscriptions (subscription_id, account_id, plan, arr_cents, updated_at_utc) VALUES ($id, $account, $plan, $arr, '2026-11-23 00:00:00')",
            "$id", "$account", "$plan", "$arr");
        await using var snapshot = Command(connection, transaction,
            "INSERT INTO score_snapshots (account_id, as_of, model_version, arr_cents, adoption_score, level, use_cases, computed_at_utc) " +
            "VALUES ($id, $asOf, 'bench', $arr, $score, $level, $json, '2026-11-23 00:00:00')",
            "$id", "$asOf", "$arr", "$score", "$level", "$json");
        // Accounts first, then one date at a time, as the weekly scoring job writes them.
        var arrs = new long[Accounts];
        var states = new int[Accounts, 4];
        for (var a = 0; a < Accounts; a++)
        {
            var id = Id(a);
            arrs[a] = (long)random.Next(1_000, 2_000_000) * 100;
            Run(account, id, "Account " + a, "account " + a, segments[a % 4], regions[(a / 4) % 4], $"csm{a % 50}@example.com", $"owner{a % 100}@example.com");
            Run(subscription, "S" + id, id, plans[a % 3], arrs[a]);
            for (var u = 0; u < 4; u++)
            {
                states[a, u] = random.Next(4);
            }
        }

        for (var w = Weeks - 1; w >= 0; w--)
        {
            var asOf = Current.AddDays(-7 * w).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            for (var a = 0; a < Accounts; a++)
            {
                if (random.Next(10) == 0)
                {
                    states[a, random.Next(4)] = random.Next(4);
                }

                var state = Enumerable.Range(0, 4).Select(u => states[a, u]).ToArray();
                var greens = state.Count(s => s == 0);
                var known = state.Any(s => s != 3);
                var level = !known ? levels[4] : levels[Math.Min(greens, 3)];
                var json = "{" + string.Join(",", new[] { "scm", "ci", "cd", "security" }.Select((u, i) => $"\"{u}\":{{\"color\":\"{colors[state[i]]}\",\"score\":50}}")) + "}";
                Run(snapshot, Id(a), asOf, arrs[a], known ? greens : null, level, json);
            }
        }

        await transaction.CommitAsync();
    }

    private static string Id(int a) => "A" + a.ToString("000000", CultureInfo.InvariantCulture);

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        return command;
    }

    private static void Run(SqliteCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }

        command.ExecuteNonQuery();
    }
}
