using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using PlatformBot.Data;
using PlatformBot.Data.Entities;
using PlatformBot.Data.Storage;
using PlatformBot.Host.Features.Digests;
using PlatformBot.Host.Tests.Support;

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
        var cs = await PostgresTestDatabase.CreateAsync("pb_digest_");
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

            await PostgresTestDatabase.DropAsync(cs);
        }
    }

    /// <summary>A fresh, migrated and seeded database; dropped by the returned cleanup.</summary>
    private static async Task<(string ConnectionString, Contexts Contexts, Func<Task> Drop)> CreateDatabaseAsync()
    {
        var cs = await PostgresTestDatabase.CreateAsync("pb_digest_");
        var store = new StoreConnection(StorageProvider.Postgres, cs, 600);
        var contexts = new Contexts(store);
        using (var initializer = new StoreInitializer(contexts, store, Options.Create(new StorageOptions { Provider = StorageProvider.Postgres }), NullLogger<StoreInitializer>.Instance))
        {
            await initializer.MigrateAsync(CancellationToken.None);
        }

        await SeedAsync(contexts);
        return (cs, contexts, () => PostgresTestDatabase.DropAsync(cs));
    }

    /// <summary>Subscriptions due at the next whole minute that is at least 25 s away (UTC).</summary>
    private static async Task<DateTimeOffset> SubscribeDueSoonAsync(Contexts contexts, IEnumerable<string> channels, string kind = "arr-kpi")
    {
        var now = TimeProvider.System.GetUtcNow();
        var fire = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero).AddMinutes(now.Second < 35 ? 1 : 2);
        await using var db = contexts.CreateDbContext();
        foreach (var channel in channels)
        {
            db.DigestSubscriptions.Add(new DigestSubscription
            {
                Platform = "slack", ChannelId = channel, Kind = kind, Day = fire.DayOfWeek.ToString()[..3].ToLowerInvariant(),
                Time = fire.ToString("HH:mm", CultureInfo.InvariantCulture), TimeZone = "Etc/UTC", CreatedBy = "U0CLUSTER1",
                CreatedAtUtc = now.UtcDateTime, UpdatedAtUtc = now.UtcDateTime, Status = DigestStatus.Active,
            });
        }

        await db.SaveChangesAsync();
        return fire;
    }

    private static async Task StopAllAsync(List<Process> processes)
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
    }

    /// <summary>SIGKILL: no shutdown hook runs, no claim is completed, as when a machine dies.</summary>
    private static async Task KillAsync(Process process)
    {
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    [PostgresClusterFact]
    public async Task A_digest_due_while_no_node_ran_longer_than_the_catch_up_window_is_recorded_skipped_by_the_job_when_a_node_starts_on_the_clustered_store()
    {
        var (cs, contexts, drop) = await CreateDatabaseAsync();
        var processes = new List<Process>();
        try
        {
            // a window of 0: any fire later than the misfire threshold is too late (the start-up check leaves the clustered
            // store's triggers to Quartz, which fires the missed one once; the job must refuse it)
            var settings = new Dictionary<string, string> { ["Digests__CatchUpWindow"] = "00:00:00", ["Digests__MisfireThreshold"] = "00:00:05" };
            var first = StartHost(cs, settings);
            processes.Add(first);
            await WaitUntilAsync(async () => await ScalarAsync(cs, "SELECT count(*) FROM qrtz_scheduler_state") == 1, TimeSpan.FromSeconds(90), processes);
            var fire = await SubscribeDueSoonAsync(contexts, ["CMISFIRE01"]);
            await WaitUntilAsync(async () => await ScalarAsync(cs, "SELECT count(*) FROM qrtz_triggers WHERE trigger_group = 'digest-subscriptions'") == 1,
                TimeSpan.FromSeconds(20), processes);

            // the only node dies before the fire time, and stays down well past it (and past the misfire threshold)
            await KillAsync(first);
            processes.Clear();
            first.Dispose();
            var downUntil = fire + TimeSpan.FromSeconds(12);
            await Task.Delay(downUntil - TimeProvider.System.GetUtcNow());
            Assert.Equal(0, await ScalarAsync(cs, "SELECT count(*) FROM digest_deliveries"));
            Assert.Empty(_slack.TopLevel("CMISFIRE01"));

            processes.Add(StartHost(cs, settings));
            await WaitUntilAsync(async () => await ScalarAsync(cs, "SELECT count(*) FROM digest_deliveries WHERE status <> 'claimed'") == 1, TimeSpan.FromSeconds(90), processes);
            await Task.Delay(TimeSpan.FromSeconds(5)); // a second fire would show up here

            Assert.Empty(_slack.TopLevel("CMISFIRE01"));
            await using var check = contexts.CreateDbContext();
            var delivery = await check.DigestDeliveries.AsNoTracking().SingleAsync();
            Assert.Equal(DigestStatus.Skipped, delivery.Status);
            Assert.Equal(DigestSources.Schedule, delivery.Source);
            Assert.Equal(DateOnly.FromDateTime(fire.UtcDateTime), delivery.AsOf);
            Assert.StartsWith(string.Create(CultureInfo.InvariantCulture, $"missed: due {fire.UtcDateTime:yyyy-MM-dd HH:mm}Z"), delivery.Error, StringComparison.Ordinal);
            Assert.True(delivery.ClaimedAtUtc > downUntil.UtcDateTime, "recorded by the node that started after the fire time");
        }
        finally
        {
            await StopAllAsync(processes);
            await drop();
        }
    }

    [PostgresClusterFact]
    public async Task When_one_of_two_host_processes_is_killed_mid_send_each_digest_is_posted_once_or_reported_unknown_and_never_resent()
    {
        var (cs, contexts, drop) = await CreateDatabaseAsync();
        var processes = new List<Process>();
        try
        {
            // every post takes 4 s: the window in which a node is killed with its claim taken and the post in flight
            _slack.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath("/api/chat.postMessage").UsingPost()).AtPriority(50)
                .RespondWith(FakeSlack.Ok($$"""{"ok":true,"channel":"CKILL","ts":"{{FakeSlack.Ts}}"}""").WithDelay(TimeSpan.FromSeconds(4)));
            processes.Add(StartHost(cs));
            processes.Add(StartHost(cs));
            await WaitUntilAsync(async () => await ScalarAsync(cs, "SELECT count(*) FROM qrtz_scheduler_state") == 2, TimeSpan.FromSeconds(90), processes);
            var channels = Enumerable.Range(1, 6).Select(i => $"CKILL0000{i}").ToArray();
            var fire = await SubscribeDueSoonAsync(contexts, channels);

            // the first claim taken: kill the process that holds it, a second into its post
            string? claimedBy = null;
            await WaitUntilAsync(async () =>
            {
                await using var db = contexts.CreateDbContext();
                claimedBy = await db.DigestDeliveries.AsNoTracking().Where(d => d.Status == DigestStatus.Claimed).Select(d => d.ClaimedBy).FirstOrDefaultAsync();
                return claimedBy is not null;
            }, fire - TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(60), processes);
            await Task.Delay(TimeSpan.FromSeconds(1));
            var holder = claimedBy ?? throw new InvalidOperationException("no claim seen");
            var pid = int.Parse(holder[(holder.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture);
            var victim = processes.Single(p => p.Id == pid);
            await KillAsync(victim);
            processes.Remove(victim);
            victim.Dispose();
            var survivor = processes.Single();

            // the survivor finishes what it claimed, and by then has had time to notice the dead node (cluster check-in)
            await WaitUntilAsync(async () =>
            {
                await using var db = contexts.CreateDbContext();
                var rows = await db.DigestDeliveries.AsNoTracking().ToListAsync();
                return rows.Count == channels.Length && rows.Where(r => r.ClaimedBy.EndsWith($":{survivor.Id}", StringComparison.Ordinal)).All(r => r.Status != DigestStatus.Claimed);
            }, TimeSpan.FromSeconds(120), processes);
            await Task.Delay(TimeSpan.FromSeconds(45));

            await using var check = contexts.CreateDbContext();
            var deliveries = await check.DigestDeliveries.AsNoTracking().OrderBy(d => d.SubscriptionId).ToListAsync();
            var subscriptions = await check.DigestSubscriptions.AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.ChannelId);
            Assert.Equal(channels.Length, deliveries.Count);
            var killedClaims = deliveries.Where(d => d.ClaimedBy.EndsWith($":{pid}", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(killedClaims);
            foreach (var delivery in deliveries)
            {
                var posts = _slack.TopLevel(subscriptions[delivery.SubscriptionId]).Count;
                if (killedClaims.Contains(delivery))
                {
                    // claimed, then the process died mid-send: at most its one in-flight post, never a second from the survivor
                    Assert.Equal(DigestStatus.Claimed, delivery.Status);
                    Assert.InRange(posts, 0, 1);
                }
                else
                {
                    Assert.Equal(DigestStatus.Sent, delivery.Status);
                    Assert.Equal(1, posts);
                }
            }

            // surfaced: once the claim timeout has passed, the delivery log reports them as unknown, not resent
            var later = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(TimeProvider.System.GetUtcNow() + TimeSpan.FromMinutes(16));
            var store = new StoreConnection(StorageProvider.Postgres, cs, 600);
            using var initializer = new StoreInitializer(contexts, store, Options.Create(new StorageOptions { Provider = StorageProvider.Postgres }), NullLogger<StoreInitializer>.Instance);
            await using var meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
            var ledger = new DeliveryLedger(contexts, initializer, Options.Create(new DigestOptions()), later,
                new PlatformBot.Host.Features.Telemetry.PlatformBotMetrics(meters.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()));
            var log = await ledger.ListAsync(null, null, 100, CancellationToken.None);
            Assert.All(log.Where(v => killedClaims.Any(k => k.Id == v.Id)), v =>
            {
                Assert.Equal("unknown — not resent", v.StatusText);
                Assert.Contains("never completed", v.Error, StringComparison.Ordinal);
            });
            Assert.All(log.Where(v => killedClaims.All(k => k.Id != v.Id)), v => Assert.Equal(DigestStatus.Sent, v.Status));
        }
        finally
        {
            await StopAllAsync(processes);
            await drop();
        }
    }

    private Process StartHost(string connectionString, IReadOnlyDictionary<string, string>? settings = null)
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
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            env[key] = value;
        }

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
