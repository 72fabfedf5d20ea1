using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Npgsql;
using PlatformBot.Data.Storage;
using PlatformBot.Host.Tests.Features.Digests;
using PlatformBot.Host.Tests.Support;

namespace PlatformBot.Host.Tests.Features.Health;

/// <summary>/healthz (liveness) and /readyz (readiness) on the real host, on SQLite and on a real PostgreSQL.</summary>
public sealed class ReadinessTests
{
    private const string ApiKey = "readiness-test-key-0123456789";

    public static TheoryData<StorageProvider> Providers => StoreProviders.All();

    private static async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(HttpClient client, string path, string? remote = null, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (remote is not null)
        {
            request.Headers.Add(ClientAddressFactory.Header, remote);
        }

        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(text);
        return (response.StatusCode, json.RootElement.Clone());
    }

    /// <summary>Quartz starts only once the application has started: the first probes of a new host may see it starting.</summary>
    private static async Task<(HttpStatusCode Status, JsonElement Body)> ReadyAsync(HttpClient client)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var answer = await GetAsync(client, "/readyz");
            if (answer.Status == HttpStatusCode.OK || clock.Elapsed > TimeSpan.FromSeconds(20))
            {
                return answer;
            }

            await Task.Delay(200);
        }
    }

    private static JsonElement Check(JsonElement body, string name) =>
        body.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_host_on_a_healthy_store_is_ready_and_shows_each_check_to_a_loopback_caller(StorageProvider provider)
    {
        await using var store = await CliStore.CreateAsync(provider);
        using var factory = new ClientAddressFactory();
        foreach (var (key, value) in store.HostSettings)
        {
            factory.With(key, value);
        }

        using var client = factory.CreateClient();
        var (status, body) = await ReadyAsync(client);

        Assert.True(status == HttpStatusCode.OK, body.ToString());
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        Assert.Equal("Healthy", Check(body, "store").GetProperty("status").GetString());
        Assert.Equal("no pending migrations", Check(body, "store-migrations").GetProperty("description").GetString());
        // Clustered on a server store (Digests:Clustered defaults to true there), in memory on SQLite.
        Assert.Equal(provider == StorageProvider.Postgres ? "started, clustered" : "started, in memory (one node)",
            Check(body, "scheduler").GetProperty("description").GetString());
    }

    [PostgresClusterFact]
    public async Task Readiness_answers_503_naming_the_store_when_postgres_is_unreachable_and_liveness_still_answers()
    {
        await using var store = await CliStore.CreateAsync(StorageProvider.Postgres);
        var target = new NpgsqlConnectionStringBuilder(store.ConnectionString);
        await using var proxy = new TcpProxy(target.Host!, target.Port);
        var throughProxy = new NpgsqlConnectionStringBuilder(store.ConnectionString) { Host = "127.0.0.1", Port = proxy.Port, Pooling = false }.ToString();
        using var factory = new ClientAddressFactory();
        factory.With("Storage:Provider", "Postgres").With("ConnectionStrings:PlatformBot", throughProxy).With("Digests:SchedulerEnabled", "false");
        using var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await ReadyAsync(client)).Status);

        var port = proxy.Port;
        await proxy.StopAsync(); // nothing listens on the store's port now

        var (status, body) = await GetAsync(client, "/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("Unhealthy", body.GetProperty("status").GetString());
        Assert.Equal("Unhealthy", Check(body, "store").GetProperty("status").GetString());
        var migrations = Check(body, "store-migrations").GetProperty("description").GetString()!;
        Assert.StartsWith($"cannot connect to 127.0.0.1:{port}", migrations, StringComparison.Ordinal);
        Assert.DoesNotContain(target.Password ?? "no password", body.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", body.ToString(), StringComparison.Ordinal);

        var (live, _) = await GetAsync(client, "/healthz");
        Assert.Equal(HttpStatusCode.OK, live);
    }

    [Fact]
    public async Task Readiness_answers_503_naming_the_pending_migration_until_platformbot_migrate_has_run()
    {
        using var factory = new ClientAddressFactory();
        using var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await ReadyAsync(client)).Status);

        // As if this build shipped a migration the store has not had yet (an upgrade started before `migrate`).
        var file = Path.Combine(factory.DataDirectory, "platformbot.db");
        await using (var sqlite = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString()))
        {
            await sqlite.OpenAsync();
            await using var forget = sqlite.CreateCommand();
            forget.CommandText = "DELETE FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" = (SELECT max(\"MigrationId\") FROM \"__EFMigrationsHistory\")";
            Assert.Equal(1, await forget.ExecuteNonQueryAsync());
        }

        var (status, body) = await GetAsync(client, "/readyz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        var check = Check(body, "store-migrations");
        Assert.Equal("Unhealthy", check.GetProperty("status").GetString());
        Assert.Matches("^1 pending migration\\(s\\) \\([0-9]+_[A-Za-z]+\\): run `platformbot migrate`$", check.GetProperty("description").GetString());
        Assert.Equal("Healthy", Check(body, "store").GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_caller_from_elsewhere_sees_only_the_status_unless_it_presents_a_valid_api_key()
    {
        using var factory = new ClientAddressFactory();
        factory.With("Ingest:ApiKeys:0", ApiKey);
        using var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await ReadyAsync(client)).Status);

        var (_, stranger) = await GetAsync(client, "/readyz", remote: "203.0.113.9");
        var (_, wrongKey) = await GetAsync(client, "/readyz", remote: "203.0.113.9", key: "not-the-key-0123456789");
        var (_, keyHolder) = await GetAsync(client, "/readyz", remote: "203.0.113.9", key: ApiKey);

        Assert.Equal(["status"], stranger.EnumerateObject().Select(p => p.Name));
        Assert.Equal("Healthy", stranger.GetProperty("status").GetString());
        Assert.Equal(["status"], wrongKey.EnumerateObject().Select(p => p.Name));
        Assert.Contains(keyHolder.GetProperty("checks").EnumerateArray(), c => c.GetProperty("name").GetString() == "store");
    }
}
