using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using PlatformBot.Data.Storage;

namespace PlatformBot.Data.Tests.Support;

/// <summary>A real, migrated, throw-away store on SQLite or PostgreSQL.</summary>
public sealed class TestStore : IAsyncDisposable
{
    private readonly Func<ValueTask> _cleanup;

    private TestStore(StoreConnection connection, Func<ValueTask> cleanup)
    {
        Connection = connection;
        _cleanup = cleanup;
        Contexts = new Factory(connection);
    }

    public StoreConnection Connection { get; }

    public IDbContextFactory<PlatformBotDbContext> Contexts { get; }

    public static async Task<TestStore> CreateAsync(StorageProvider provider)
    {
        TestStore store;
        if (provider == StorageProvider.Sqlite)
        {
            var directory = Directory.CreateTempSubdirectory("platformbot-test-");
            var cs = new SqliteConnectionStringBuilder { DataSource = Path.Combine(directory.FullName, "store.db"), Pooling = false }.ToString();
            store = new TestStore(new StoreConnection(StorageProvider.Sqlite, cs, 600), () =>
            {
                SqliteConnection.ClearAllPools();
                directory.Delete(recursive: true);
                return ValueTask.CompletedTask;
            });
        }
        else
        {
            var server = PostgresServer.ConnectionString
                ?? throw new InvalidOperationException(PostgresServer.MissingMessage);
            var database = "pb_test_" + Guid.NewGuid().ToString("N")[..12];
            await using (var admin = new NpgsqlConnection(server))
            {
                await admin.OpenAsync();
                await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", admin);
                await create.ExecuteNonQueryAsync();
            }

            var cs = new NpgsqlConnectionStringBuilder(server) { Database = database }.ToString();
            store = new TestStore(new StoreConnection(StorageProvider.Postgres, cs, 600), async () =>
            {
                NpgsqlConnection.ClearAllPools();
                await using var admin = new NpgsqlConnection(server);
                await admin.OpenAsync();
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", admin);
                await drop.ExecuteNonQueryAsync();
            });
        }

        var initializer = new StoreInitializer(store.Contexts, store.Connection,
            Options.Create(new StorageOptions { Provider = provider }), NullLogger<StoreInitializer>.Instance);
        await initializer.MigrateAsync(CancellationToken.None);
        initializer.Dispose();
        return store;
    }

    public async ValueTask DisposeAsync() => await _cleanup();

    private sealed class Factory(StoreConnection connection) : IDbContextFactory<PlatformBotDbContext>
    {
        public PlatformBotDbContext CreateDbContext() => new(connection.CreateOptions());
    }
}

/// <summary>
/// The PostgreSQL server tests use: PLATFORMBOT_TEST_POSTGRES holds an admin connection string (.ci/run starts a
/// server on loopback and sets it). Locally, without it, those tests are skipped with a message saying why; on CI
/// (CI=true) a missing server is a failure, not a skip.
/// </summary>
public static class PostgresServer
{
    public const string Variable = "PLATFORMBOT_TEST_POSTGRES";
    public const string MissingMessage =
        "PostgreSQL is not available: set PLATFORMBOT_TEST_POSTGRES to an admin connection string (bash .ci/run starts a server and sets it).";

    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } cs ? cs : null;

    public static bool Required => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
}

/// <summary>A theory over the store providers; the PostgreSQL case is skipped (with the reason) when no server is configured.</summary>
public sealed class StoreTheoryAttribute : TheoryAttribute;

/// <summary>A fact that needs the PostgreSQL server.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (PostgresServer.ConnectionString is null && !PostgresServer.Required)
        {
            Skip = PostgresServer.MissingMessage;
        }
    }
}

public static class Providers
{
    /// <summary>SQLite always; PostgreSQL when a server is configured or CI requires it.</summary>
    public static TheoryData<StorageProvider> All()
    {
        var data = new TheoryData<StorageProvider> { StorageProvider.Sqlite };
        if (PostgresServer.ConnectionString is not null || PostgresServer.Required)
        {
            data.Add(StorageProvider.Postgres);
        }

        return data;
    }
}
