using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PlatformBot.Data.Storage;
using PlatformBot.Host.Features.Demo;
using PlatformBot.Host.Features.Scoring;
using PlatformBot.Host.Features.Telemetry;
using PlatformBot.Host.Tests.Features.Digests;
using PlatformBot.Host.Tests.Support;
using PlatformBot.Scoring;

namespace PlatformBot.Host.Tests.Features.Scoring;

/// <summary>
/// The score runner reads the store with hand-written SQL (newest row per instance by key, a MAX search for
/// historical dates, a one-account variant for lookups). The same demo data must score the same on SQLite and
/// on a real PostgreSQL server, for the newest week and for earlier weeks, for all accounts and for one.
/// </summary>
public sealed class ScoreRunnerStoreTests
{
    private static readonly DateOnly LastSnapshot = new(2026, 11, 16);

    [PostgresClusterFact]
    public async Task Sqlite_and_postgres_score_the_same_data_the_same_for_the_newest_and_for_earlier_weeks()
    {
        await using var sqlite = await SeededStore.CreateSqliteAsync();
        await using var postgres = await SeededStore.CreatePostgresAsync();

        foreach (var asOf in new[] { LastSnapshot, LastSnapshot.AddDays(-21), LastSnapshot.AddDays(-49) })
        {
            var expected = Describe(await sqlite.Runner.ScoreAsync(asOf, null, CancellationToken.None));
            var actual = Describe(await postgres.Runner.ScoreAsync(asOf, null, CancellationToken.None));

            Assert.Equal(120, expected.Count);
            Assert.Equal(expected, actual);
            // Earlier weeks read rows older than each instance's newest: the data date proves which row was used.
            Assert.Contains(expected, line => line.Contains($"data {asOf:yyyy-MM-dd}", StringComparison.Ordinal));
            Assert.DoesNotContain(expected, line => line.Contains("data 2026-11-16", StringComparison.Ordinal) && asOf < LastSnapshot);
        }
    }

    [Fact]
    public async Task Scoring_one_account_gives_exactly_its_line_of_scoring_all_accounts()
    {
        await using var store = await SeededStore.CreateSqliteAsync();
        foreach (var asOf in new[] { LastSnapshot, LastSnapshot.AddDays(-28) })
        {
            var all = await store.Runner.ScoreAsync(asOf, null, CancellationToken.None);
            var withData = all.Where(s => s.DataAsOf is not null).Select(s => s.AccountId).Take(15).ToList();
            Assert.NotEmpty(withData);
            foreach (var id in withData)
            {
                var one = Assert.Single(await store.Runner.ScoreAsync(asOf, id, CancellationToken.None));
                Assert.Equal(Describe([all.Single(s => s.AccountId == id)]), Describe([one]));
            }
        }
    }

    [Fact]
    public async Task A_score_run_in_batches_of_seven_stores_exactly_the_snapshots_of_a_run_in_one_batch_and_bumps_the_marker_once()
    {
        // 120 accounts in batches of 7: 17 full batches and a part one, so every boundary case is crossed.
        await using var small = await SeededStore.CreateSqliteAsync(batchSize: 7);
        await using var whole = await SeededStore.CreateSqliteAsync(batchSize: 10_000);
        foreach (var asOf in new[] { LastSnapshot, LastSnapshot.AddDays(-21) })
        {
            var versionBefore = await small.ScalarAsync("SELECT version FROM store_version");
            var summary = await small.Runner.ScoreAndStoreAsync(asOf, CancellationToken.None);
            await whole.Runner.ScoreAndStoreAsync(asOf, CancellationToken.None);

            Assert.Equal(120, summary.Accounts);
            Assert.Equal(versionBefore + 1, await small.ScalarAsync("SELECT version FROM store_version"));
            var stored = await small.SnapshotRowsAsync(asOf);
            Assert.Equal(120, stored.Count);
            Assert.Equal(await whole.SnapshotRowsAsync(asOf), stored);
        }
    }

    private static List<string> Describe(IEnumerable<AccountScore> scores) =>
        scores.OrderBy(s => s.AccountId, StringComparer.Ordinal).Select(s =>
            FormattableString.Invariant($"{s.AccountId} arr {s.Arr} score {s.AdoptionScore?.ToString(CultureInfo.InvariantCulture) ?? "-"} level {s.Level.Label} data {s.DataAsOf:yyyy-MM-dd} ") +
            string.Join(' ', s.UseCases.Select(u => FormattableString.Invariant($"{u.UseCaseId}={u.Color}:{u.Score:0.####}"))) +
            FormattableString.Invariant($" lu {s.LicenseUtilization.Value:0.######}")).ToList();

    /// <summary>A demo-seeded store on the real registrations (SQLite in a temp folder, or a fresh PostgreSQL database).</summary>
    private sealed class SeededStore : IAsyncDisposable
    {
        private readonly ServiceProvider _services;
        private readonly Func<ValueTask> _cleanup;

        private SeededStore(ServiceProvider services, Func<ValueTask> cleanup)
        {
            _services = services;
            _cleanup = cleanup;
        }

        public ScoreRunner Runner => _services.GetRequiredService<ScoreRunner>();

        /// <summary>Every stored snapshot of a date as one line per account, in id order (all columns but the time it was computed).</summary>
        public async Task<List<string>> SnapshotRowsAsync(DateOnly asOf)
        {
            await using var connection = new SqliteConnection(_services.GetRequiredService<StoreConnection>().ConnectionString);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT account_id, as_of, model_version, arr_cents, adoption_score, level, use_cases, license_utilization, product_usage_score, data_as_of" +
                " FROM score_snapshots WHERE as_of = $asOf ORDER BY account_id";
            command.Parameters.AddWithValue("$asOf", asOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            await using var reader = await command.ExecuteReaderAsync();
            var rows = new List<string>();
            while (await reader.ReadAsync())
            {
                rows.Add(string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))));
            }

            return rows;
        }

        public async Task<long> ScalarAsync(string sql)
        {
            await using var connection = new SqliteConnection(_services.GetRequiredService<StoreConnection>().ConnectionString);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        }

        public static Task<SeededStore> CreateSqliteAsync(int? batchSize = null)
        {
            var directory = Directory.CreateTempSubdirectory("platformbot-score-test-");
            var settings = new Dictionary<string, string?> { ["Storage:DataDirectory"] = directory.FullName };
            if (batchSize is { } size)
            {
                settings["Scoring:BatchSize"] = size.ToString(CultureInfo.InvariantCulture);
            }

            return CreateAsync(settings, () =>
            {
                SqliteConnection.ClearAllPools();
                try
                {
                    directory.Delete(recursive: true);
                }
                catch (IOException)
                {
                    // a pooled handle may outlive the provider for a moment; the temp folder is harmless
                }

                return ValueTask.CompletedTask;
            });
        }

        public static async Task<SeededStore> CreatePostgresAsync()
        {
            var cs = await PostgresTestDatabase.CreateAsync("pb_score_");
            return await CreateAsync(
                new Dictionary<string, string?> { ["Storage:Provider"] = "Postgres", ["ConnectionStrings:PlatformBot"] = cs },
                async () => await PostgresTestDatabase.DropAsync(cs),
                migrate: true);
        }

        private static async Task<SeededStore> CreateAsync(Dictionary<string, string?> settings, Func<ValueTask> cleanup, bool migrate = false)
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
            var services = new ServiceCollection()
                .AddLogging(b => b.SetMinimumLevel(LogLevel.Warning))
                .AddSingleton(TimeProvider.System)
                .AddMetrics()
                .AddTelemetry(configuration)
                .AddPlatformBotData(configuration)
                .AddScoring(configuration)
                .AddDemo()
                .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
            var store = new SeededStore(services, cleanup);
            if (migrate)
            {
                await services.GetRequiredService<StoreInitializer>().MigrateAsync(CancellationToken.None);
            }

            await services.GetRequiredService<DemoSeeder>().SeedAsync(120, 10, LastSnapshot, null, CancellationToken.None);
            return store;
        }

        public async ValueTask DisposeAsync()
        {
            await _services.DisposeAsync();
            await _cleanup();
        }
    }
}
