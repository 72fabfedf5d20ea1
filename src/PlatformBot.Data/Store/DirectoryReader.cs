using System.Data.Common;
using PlatformBot.Data.Storage;

namespace PlatformBot.Data.Store;

/// <summary>
/// The account rows the lookup's name index and the digests' filters load into memory. A plain connection (ADR 0012):
/// the first lookup of a process does not wait for EF to build its model.
/// </summary>
public sealed class DirectoryReader(StoreConnection store, StoreInitializer initializer)
{
    private const string Columns = "SELECT account_id, name, name_key, segment, region, owner, csm FROM accounts";

    /// <summary>Live accounts: archived ones (gone from the latest replace import) are offered nowhere.</summary>
    public Task<IReadOnlyList<AccountRow>> LiveAccountsAsync(CancellationToken cancellationToken) =>
        AccountsAsync(Columns + " WHERE archived_at_utc IS NULL", cancellationToken);

    /// <summary>
    /// Every account, archived ones too: the digests read history, and a snapshot date leaves out the accounts archived
    /// by its own end itself.
    /// </summary>
    public Task<IReadOnlyList<AccountRow>> AllAccountsAsync(CancellationToken cancellationToken) =>
        AccountsAsync(Columns, cancellationToken);

    /// <summary>Each account's plans, each named once (case-insensitively), in the order the store returns them.</summary>
    public async Task<IReadOnlyDictionary<string, string[]>> PlansAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = StoreCommands.Command(connection, "SELECT account_id, plan FROM subscriptions");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var plans = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            var account = reader.GetString(0);
            var plan = reader.GetString(1);
            if (!plans.TryGetValue(account, out var list))
            {
                plans[account] = list = new List<string>(1);
            }

            if (!list.Contains(plan, StringComparer.OrdinalIgnoreCase))
            {
                list.Add(plan);
            }
        }

        return plans.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);
    }

    private async Task<IReadOnlyList<AccountRow>> AccountsAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = StoreCommands.Command(connection, sql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<AccountRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new AccountRow(reader.GetString(0), reader.GetString(1), reader.GetString(2),
                StoreCommands.ReadNullableString(reader, 3), StoreCommands.ReadNullableString(reader, 4),
                StoreCommands.ReadNullableString(reader, 5), StoreCommands.ReadNullableString(reader, 6)));
        }

        return rows;
    }

    private Task<DbConnection> OpenAsync(CancellationToken cancellationToken) => StoreCommands.OpenAsync(store, initializer, cancellationToken);
}
