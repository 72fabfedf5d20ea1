using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PlatformBot.Data.Storage;

/// <summary>
/// Brings the store to the current schema. SQLite (the embedded default) migrates itself on first
/// use; server databases are migrated only by the explicit `platformbot migrate` command.
/// </summary>
public sealed class StoreInitializer(
    IDbContextFactory<PlatformBotDbContext> contexts,
    StoreConnection connection,
    IOptions<StorageOptions> options,
    ILogger<StoreInitializer> logger) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _ready;

    public StoreConnection Connection => connection;

    /// <summary>On SQLite: migrate if needed. On a server: fail with a clear message when migrations are pending.</summary>
    public async Task EnsureReadyAsync(CancellationToken cancellationToken)
    {
        if (_ready)
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_ready)
            {
                return;
            }

            if (connection.Provider == StorageProvider.Sqlite && options.Value.AutoMigrateSqlite)
            {
                await MigrateAsync(cancellationToken);
            }
            else
            {
                await using var db = await contexts.CreateDbContextAsync(cancellationToken);
                var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
                if (pending.Count > 0)
                {
                    throw new InvalidOperationException(
                        $"The {connection.Provider} database has {pending.Count} pending migration(s) ({string.Join(", ", pending)}). " +
                        "Run `platformbot migrate` (or apply the idempotent script) first.");
                }
            }

            _ready = true;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            logger.LogInformation("Applying {Count} migration(s) to {Store}", pending.Count, connection.Describe());
            await db.Database.MigrateAsync(cancellationToken);
        }

        if (connection.Provider == StorageProvider.Sqlite)
        {
            // WAL lets the bot answer lookups while an import or a scoring run writes.
            var sqlite = (SqliteConnection)db.Database.GetDbConnection();
            await sqlite.OpenAsync(cancellationToken);
            await using var command = sqlite.CreateCommand();
            command.CommandText = "PRAGMA journal_mode=WAL;";
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        _ready = true;
        return pending;
    }

    public void Dispose() => _gate.Dispose();
}
