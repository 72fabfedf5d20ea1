using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PlatformBot.Data;
using PlatformBot.Data.Storage;
using PlatformBot.Host.Features.Digests;
using PlatformBot.Host.Features.Slack;

namespace PlatformBot.Benchmarks;

/// <summary>
/// Budget: building every digest for 500 subscriptions over 100,000 accounts in at most 10 s, charts included.
/// One timed run end to end, as the Monday 09:00 batch does it: load the data set once (13 weekly snapshots of every
/// account from SQLite), build the 500 digests (three kinds, eight filter shapes), render them for Slack, and draw
/// every chart PNG. Seeding the store is not timed. Run:
/// <c>dotnet run -c Release --project bench/PlatformBot.Benchmarks -- digests [accounts] [subscriptions]</c>.
/// </summary>
public static class DigestBatchBenchmark
{
    private const int Weeks = 13;
    internal static readonly DateOnly Current = new(2026, 11, 23);
    private static readonly string[] UseCaseIds = ["scm", "ci", "cd", "security"];

    public static async Task<int> RunAsync(string[] args)
    {
        var accounts = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
        var subscriptions = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 500;
        await using var host = new BenchHost();
        var services = host.Services;
        var seeding = Stopwatch.StartNew();
        await SeedAsync(services, accounts);
        Console.WriteLine($"seeded {accounts:N0} accounts x {Weeks} weeks in {seeding.Elapsed.TotalSeconds:0.0} s (not timed)");

        var requests = Enumerable.Range(0, subscriptions).Select(i => new DigestRequest(DigestKinds.All[i % 3], FilterShape(i), "Europe/Berlin", ShowArr: i % 2 == 0)).ToList();

        var loader = services.GetRequiredService<DigestDataLoader>();
        var builder = services.GetRequiredService<DigestBuilder>();
        // Two batches: the first in a fresh process (every method compiled on the way), the second as a host that has
        // run before (each weekly batch in a long-running host). Each reloads the data set and redraws every chart.
        foreach (var batch in new[] { "cold (first batch in the process)", "warm (a later week in a running host)" })
        {
            loader.Invalidate();
            var clock = Stopwatch.StartNew();
            var data = await loader.LoadAsync(Current, CancellationToken.None);
            var loaded = clock.Elapsed;
            var contents = new DigestContent[requests.Count];
            Parallel.For(0, requests.Count, i => contents[i] = builder.Build(data, requests[i]));
            var built = clock.Elapsed;
            var slack = contents.Select(SlackDigestRenderer.Render).ToList();
            var rendered = clock.Elapsed;
            var bytes = 0L;
            Parallel.ForEach(contents.Where(c => c.Chart is not null), c => Interlocked.Add(ref bytes, c.Chart!.Png.Length));
            var total = clock.Elapsed;

            var wrong = contents.Count(c => c.Footer.DataDate != Current);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{batch}: {subscriptions} digests over {accounts:N0} accounts: load {loaded.TotalSeconds:0.00} s, build {(built - loaded).TotalSeconds:0.00} s, " +
                $"render {(rendered - built).TotalSeconds:0.00} s, {contents.Count(c => c.Chart is not null)} chart PNGs ({bytes / 1024:N0} KiB) {(total - rendered).TotalSeconds:0.00} s; " +
                $"total {total.TotalSeconds:0.00} s (budget 10 s: {(total <= TimeSpan.FromSeconds(10) ? "met" : "NOT met")}); {slack.Sum(s => s.Thread.Count)} thread messages"));
            if (wrong > 0)
            {
                Console.Error.WriteLine($"{wrong} digests reported another data date than {Current:yyyy-MM-dd}: the figure is not valid.");
                return 1;
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"machine: {Environment.ProcessorCount} cores, load average {LoadAverage()}"));
        return 0;
    }

    /// <summary>Subscription <paramref name="i"/>'s filters: eight shapes, from all accounts to a segment and one use case.</summary>
    internal static DigestFilters FilterShape(int i)
    {
        string[] segments = ["enterprise", "mid-market", "smb", "public-sector"];
        string[] regions = ["emea", "amer", "apac", "latam"];
        string[] plans = ["premium", "ultimate", "free"];
        string[] useCases = ["scm", "ci", "cd", "security"];
        return (i % 8) switch
        {
            0 => DigestFilters.None,
            1 => new DigestFilters(Segment: segments[i % 4]),
            2 => new DigestFilters(Region: regions[(i / 8) % 4]),
            3 => new DigestFilters(Csm: $"csm{i % 50}@example.com"),
            4 => new DigestFilters(Owner: $"owner{i % 100}@example.com"),
            5 => new DigestFilters(Segment: segments[(i / 8) % 4], Region: regions[i % 4]),
            6 => new DigestFilters(Plan: plans[i % 3]),
            _ => new DigestFilters(Segment: segments[i % 4], UseCase: i % 3 == 1 ? null : useCases[(i / 8) % 4]),
        };
    }

    internal static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    /// <summary>The real host's services on a temporary SQLite store; scheduler off, chat platforms off unless given.</summary>
    internal sealed class BenchHost(IReadOnlyDictionary<string, string>? settings = null) : WebApplicationFactory<Program>
    {
        private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("platformbot-digest-bench-");

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            // No appsettings are needed: every setting the batch depends on is given here.
            builder.UseContentRoot(AppContext.BaseDirectory);
            builder.UseEnvironment("Testing");
            builder.UseSetting("Storage:DataDirectory", _directory.FullName);
            builder.UseSetting("Digests:SchedulerEnabled", "false");
            builder.UseSetting("Digests:ScoringSchedule", string.Empty);
            foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            {
                builder.UseSetting(key, value);
            }
        }

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            SqliteConnection.ClearAllPools();
            _directory.Delete(recursive: true);
        }
    }

    internal static async Task SeedAsync(IServiceProvider services, int accounts)
    {
        await services.GetRequiredService<StoreInitializer>().EnsureReadyAsync(CancellationToken.None);
        await using var db = await services.GetRequiredService<IDbContextFactory<PlatformBotDbContext>>().CreateDbContextAsync();
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
        // accounts first, then one date at a time, as the weekly scoring job writes them.
        var arrs = new long[accounts];
        var states = new int[accounts, 4];
        for (var a = 0; a < accounts; a++)
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
            for (var a = 0; a < accounts; a++)
            {
                if (random.Next(10) == 0)
                {
                    states[a, random.Next(4)] = random.Next(4);
                }

                var state = Enumerable.Range(0, 4).Select(u => states[a, u]).ToArray();
                var greens = state.Count(s => s == 0);
                var known = state.Any(s => s != 3);
                var level = !known ? levels[4] : levels[Math.Min(greens, 3)];
                var json = "{" + string.Join(",", UseCaseIds.Select((u, i) => $"\"{u}\":{{\"color\":\"{colors[state[i]]}\",\"score\":50}}")) + "}";
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
