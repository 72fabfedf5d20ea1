using System.Data.Common;
using PlatformBot.Data.Storage;

namespace PlatformBot.Data.Store;

/// <summary>
/// The store's change marker (ADR 0021): the one-row store_version table. Every write that changes what a card or the
/// account directory shows bumps it inside its own transaction (<see cref="BumpSql"/>: the import, the snapshot
/// writer, a purge; a prune right after its deletes), so the bump commits exactly when the change does, whichever
/// process wrote. Running hosts poll <see cref="ReadAsync"/>: one primary-key read.
/// </summary>
public sealed class StoreChangeMarker(StoreConnection store, StoreInitializer initializer)
{
    /// <summary>The same statement on every provider; <paramref name="accounts"/> when accounts changed too.</summary>
    public static string BumpSql(bool accounts) => accounts
        ? "UPDATE store_version SET version = version + 1, accounts_version = accounts_version + 1 WHERE id = 1"
        : "UPDATE store_version SET version = version + 1 WHERE id = 1";

    /// <summary>The counters now; null if the row is missing (a hand-edited store: nothing can be told from it).</summary>
    public async Task<StoreMark?> ReadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await StoreCommands.OpenAsync(store, initializer, cancellationToken);
        await using var command = StoreCommands.Command(connection, "SELECT version, accounts_version FROM store_version WHERE id = 1");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new StoreMark(reader.GetInt64(0), reader.GetInt64(1)) : null;
    }

    /// <summary>Bumps the marker inside a writer's open transaction (hand-written writers: the import, the snapshot writer).</summary>
    internal static async Task BumpAsync(DbConnection connection, DbTransaction transaction, bool accounts, CancellationToken cancellationToken)
    {
        await using var command = StoreCommands.Command(connection, BumpSql(accounts));
        command.Transaction = transaction;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
