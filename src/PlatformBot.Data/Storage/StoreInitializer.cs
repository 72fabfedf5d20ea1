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
    private bool _mustExist;

    public StoreConnection Connection => connection;

    /// <summary>
    /// From now on a SQLite store that is not there is an error, not a new empty store: a verb that only reads (ask,
    /// export, score, digests ...) run in the wrong folder says so instead of answering from nothing (ADR 0020).
    /// </summary>
    public void RequireExistingStore() => _mustExist = true;

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

            if (connection.SqliteFile is { } file && !File.Exists(file))
            {
                if (_mustExist)
                {
                    throw new InvalidOperationException(
                        $"no store at {file}; run `platformbot import` or `platformbot demo seed` first (Storage:DataDirectory is relative to the working directory).");
                }

                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            }

            if (connection.Provider == StorageProvider.Sqlite && options.Value.AutoMigrateSqlite)
            {
                // Most starts find the store current: say so from the history table, without building EF's model
                // (that alone was most of a CLI verb's start-up, e.g. `export kpi`).
                if (!await SqliteIsCurrentAsync(cancellationToken))
                {
                    await MigrateAsync(cancellationToken);
                }
            }
            else
            {
                await using var db = await contexts.CreateDbContextAsync(cancellationToken);
                var pending = await PendingMigrationsAsync(db, cancellationToken);
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
        if (connection.SqliteFile is { } file)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var pending = await PendingMigrationsAsync(db, cancellationToken);
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

    /// <summary>The migrations not yet applied to the store (readiness asks this on every probe; nothing is migrated).</summary>
    public async Task<IReadOnlyList<string>> PendingMigrationsAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await PendingMigrationsAsync(db, cancellationToken);
    }

    /// <summary>The migrations not yet applied; a server that cannot be reached is named with the reason, in one line.</summary>
    private async Task<List<string>> PendingMigrationsAsync(PlatformBotDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            return (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        }
        catch (System.Data.Common.DbException ex) when (connection.Provider != StorageProvider.Sqlite)
        {
            var reason = ex.InnerException is System.Net.Sockets.SocketException socket ? socket.Message : ex.Message;
            throw new InvalidOperationException($"cannot connect to {connection.ServerAddress()}: {reason}", ex);
        }
    }

    /// <summary>True when the SQLite store's newest applied migration is the newest one we ship (nothing pending).</summary>
    private async Task<bool> SqliteIsCurrentAsync(CancellationToken cancellationToken)
    {
        var newest = NewestShippedMigration(StoreConnection.SqliteMigrations);
        if (newest is null)
        {
            return false;
        }

        await using var sqlite = new SqliteConnection(connection.ConnectionString);
        await sqlite.OpenAsync(cancellationToken);
        await using var command = sqlite.CreateCommand();
        command.CommandText =
            "SELECT (SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '__EFMigrationsHistory') = 1 " +
            "AND EXISTS (SELECT 1 FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" = $newest) " +
            "AND (SELECT count(*) FROM \"__EFMigrationsHistory\") = $count";
        command.Parameters.AddWithValue("$newest", newest.Value.Id);
        command.Parameters.AddWithValue("$count", newest.Value.Count);
        try
        {
            return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) == 1;
        }
        catch (SqliteException)
        {
            // No history table yet (a new store): SQLite resolves names before it evaluates, so the EF path decides.
            return false;
        }
    }

    /// <summary>The newest migration id in a migrations assembly and how many there are (EF's [Migration] attribute).</summary>
    private static (string Id, int Count)? NewestShippedMigration(string assemblyName)
    {
        var assembly = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == assemblyName)
            ?? System.Reflection.Assembly.Load(assemblyName);
        var ids = assembly.GetTypes()
            .Select(t => t.GetCustomAttributes(typeof(Microsoft.EntityFrameworkCore.Migrations.MigrationAttribute), inherit: false).FirstOrDefault())
            .OfType<Microsoft.EntityFrameworkCore.Migrations.MigrationAttribute>()
            .Select(a => a.Id)
            .ToList();
        return ids.Count == 0 ? null : (ids.Max(StringComparer.Ordinal)!, ids.Count);
    }

    public void Dispose() => _gate.Dispose();
}
