using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using PlatformBot.Data;
using PlatformBot.Data.Entities;
using PlatformBot.Data.Storage;
using PlatformBot.Host.Features.Digests;

namespace PlatformBot.Host.Tests.Features.Digests;

/// <summary>A fact that needs PostgreSQL (PLATFORMBOT_TEST_POSTGRES, an admin connection string); skipped with the reason otherwise.</summary>
public sealed class PostgresClusterFactAttribute : FactAttribute
{
    public const string Variable = "PLATFORMBOT_TEST_POSTGRES";

    public PostgresClusterFactAttribute()
    {
        var required = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(Variable)) && !required)
        {
            Skip = "PostgreSQL is not available: set PLATFORMBOT_TEST_POSTGRES to an admin connection string (bash .ci/run starts a server and sets it).";
        }
    }
}

public sealed class ClusteredDigestTests : IDisposable
{
    private readonly FakeSlack _slack = new();

    public void Dispose() => _slack.Dispose();

    [PostgresClusterFact]
    public async Task Two_host_processes_sharing_one_postgres_database_post_each_digest_exactly_once()
    {
        var admin = Environment.GetEnvironmentVariable(PostgresClusterFactAttribute.Variable)
            ?? throw new InvalidOperationException("PLATFORMBOT_TEST_POSTGRES is required on CI.");
        var database = "pb_digest_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", connection);
            await create.ExecuteNonQueryAsync();
        }

        var cs = new NpgsqlConnectionStringBuilder(admin) { Database = database }.ToString();
        var store = new StoreConnection(StorageProvider.Postgres, cs, 600);
        var processes = new List<Process>();
        try
        {
            var contexts = new Contexts(store);
            using (var initializer = new StoreInitializer(contexts, store, Options.Create(new StorageOptions { Provider = StorageProvider.Postgres }), NullLogger<StoreInitializer>.Instance))
            {
                await initializer.MigrateAsync(CancellationToken.None);
            }

            await SeedAsync(contexts);
            processes.Add(StartHost(cs));
            processes.Add(StartHost(cs));
            await WaitUntilAsync(async () => await ScalarAsync(cs, "SELECT count(*) FROM qrtz_scheduler_state") == 2, TimeSpan.FromSeconds(90), processes);

            // three subscriptions due at the next minute with at least 25 s to spare, added while both nodes run
            var now = TimeProvider.System.GetUtcNow();
            var fire = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero).AddMinutes(now.Second < 35 ? 1 : 2);
            var channels = new[] { "CCLUSTER01", "CCLUSTER02", "CCLUSTER03" };
            await using (var db = contexts.CreateDbContext())
            {
                foreach (var channel in channels)
                {
                    db.DigestSubscriptions.Add(new DigestSubscription
                    {
                        Platform = "slack", ChannelId = channel, Kind = "arr-kpi", Day = fire.DayOfWeek.ToString()[..3].ToLowerInvariant(),
                        Time = fire.ToString("HH:mm", CultureInfo.InvariantCulture), TimeZone = "Etc/UTC", CreatedBy = "U0CLUSTER1",
                        CreatedAtUtc = now.UtcDateTime, UpdatedAtUtc = now.UtcDateTime, Status = DigestStatus.Active,
                    });
                }

                await db.SaveChangesAsync();
            }

            await WaitUntilAsync(async () => await ScalarAsync(cs, "SELECT count(*) FROM digest_deliveries WHERE status <> 'claimed'") == 3,
                fire - TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(60), processes);
            await Task.Delay(TimeSpan.FromSeconds(3)); // a late duplicate fire would show up here

            foreach (var channel in channels)
            {
                Assert.Single(_slack.TopLevel(channel));
            }

            await using var check = contexts.CreateDbContext();
            var deliveries = await check.DigestDeliveries.AsNoTracking().ToListAsync();
            Assert.Equal(3, deliveries.Count);
            Assert.All(deliveries, d => Assert.Equal(DigestStatus.Sent, d.Status));
            Assert.All(deliveries, d => Assert.Equal(DigestSources.Schedule, d.Source));
        }
        finally
        {
            foreach (var process in processes)
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync();
                }

                process.Dispose();
            }

            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(admin);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }

    private Process StartHost(string connectionString)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "platformbot.dll"));
        start.ArgumentList.Add("serve");
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");
        var env = start.Environment;
        env["DOTNET_ENVIRONMENT"] = "Testing";
        env["Storage__Provider"] = "Postgres";
        env["ConnectionStrings__PlatformBot"] = connectionString;
        env["Slack__SigningSecret"] = "cluster-test-secret";
        env["Slack__BotToken"] = "xoxb-cluster-test";
        env["Slack__ApiBaseUrl"] = _slack.Url + "/api/";
        env["Slack__AdditionalAllowedOrigins__0"] = _slack.Url;
        env["Digests__PostSpacing"] = "00:00:00";
        env["Digests__ScoreMissingWeek"] = "false";
        env["Digests__ResyncInterval"] = "00:00:03";
        env["Digests__ScoringSchedule"] = string.Empty;
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task SeedAsync(Contexts contexts)
    {
        var week = DigestSchedule.WeekStart(DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime));
        await using var db = contexts.CreateDbContext();
        foreach (var (id, arr) in new[] { ("C1", 100_000L), ("C2", 300_000L) })
        {
            db.Accounts.Add(new Account { AccountId = id, Name = "Cluster " + id, NameKey = "cluster " + id.ToLowerInvariant(), Segment = "enterprise" });
            foreach (var (date, level) in new[] { (week.AddDays(-7), "2"), (week, "3+") })
            {
                db.ScoreSnapshots.Add(new ScoreSnapshot
                {
                    AccountId = id, AsOf = date, ModelVersion = "m", ArrCents = arr * 100, Level = level, AdoptionScore = level == "2" ? 2 : 3,
                    UseCases = """{"scm":{"color":"green","score":80}}""", ComputedAtUtc = DateTime.UnixEpoch,
                });
            }
        }

        await db.SaveChangesAsync();
    }

    private static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, List<Process> processes)
    {
        var deadline = TimeProvider.System.GetUtcNow() + timeout;
        while (TimeProvider.System.GetUtcNow() < deadline)
        {
            Assert.All(processes, p => Assert.False(p.HasExited, $"a host process exited early with code {(p.HasExited ? p.ExitCode : 0)}"));
            if (await condition())
            {
                return;
            }

            await Task.Delay(500);
        }

        Assert.Fail($"timed out after {timeout}");
    }

    private sealed class Contexts(StoreConnection connection) : IDbContextFactory<PlatformBotDbContext>
    {
        public PlatformBotDbContext CreateDbContext() => new(connection.CreateOptions());
    }
}
