using System.Data.Common;
using System.Globalization;
using PlatformBot.Data.Storage;

namespace PlatformBot.Data.Store;

/// <summary>
/// Small helpers for the store's hand-written statements (EF materialization is too slow for 100k accounts, and a
/// DbContext costs a one-shot command its model build: ADR 0012). The SQL stays portable across the three providers.
/// </summary>
internal static class StoreCommands
{
    /// <summary>
    /// SQL Server has no ON CONFLICT: the claims' conditional inserts (<see cref="DeliveryClaims"/>,
    /// <see cref="ListPostClaims"/>) ask here which form to write.
    /// </summary>
    public static bool IsSqlServer(PlatformBotDbContext db) =>
        db.Database.ProviderName?.EndsWith(".SqlServer", StringComparison.Ordinal) == true;

    /// <summary>An open plain connection to a store that is ready (migrated) for use.</summary>
    public static async Task<DbConnection> OpenAsync(StoreConnection store, StoreInitializer initializer, CancellationToken cancellationToken)
    {
        await initializer.EnsureReadyAsync(cancellationToken);
        var connection = store.CreateDbConnection();
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public static DbCommand Command(DbConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 600;
        foreach (var (name, value) in parameters)
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            p.Value = value ?? DBNull.Value;
            command.Parameters.Add(p);
        }

        StoreTracing.Trace(command, "store");
        return command;
    }

    /// <summary>A date parameter in the form the provider stores dates (SQLite: text, as EF writes it).</summary>
    public static object DateParameter(StorageProvider provider, DateOnly date) =>
        provider == StorageProvider.Sqlite ? date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : date;

    /// <summary>
    /// Leaves out the stored snapshots of accounts archived by the end of the snapshot's own day (ADR 0013): an archived
    /// account is gone from the KPI, exports and digests from the day it was archived on, and earlier dates stay as they
    /// were. NOT IN over the (few, indexed) archived accounts: an IN over every live account tripled the KPI query's
    /// time (SQLite, 10,000 accounts: 20 -> 60 ms). Goes with <see cref="ArchivedByParameter"/>.
    /// </summary>
    public static string ShownOn(string accountIdColumn) =>
        $"{accountIdColumn} NOT IN (SELECT account_id FROM accounts WHERE archived_at_utc < @archivedBy)";

    /// <summary>@archivedBy for <see cref="ShownOn"/>: the instant (UTC) the snapshot's day ends.</summary>
    public static (string Name, object? Value) ArchivedByParameter(StorageProvider provider, DateTime dayEndsUtc) =>
        ("@archivedBy", provider == StorageProvider.Sqlite ? dayEndsUtc.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture) : dayEndsUtc);

    public static DateOnly ReadDate(DbDataReader reader, int ordinal) =>
        reader.GetFieldType(ordinal) == typeof(string)
            ? DateOnly.ParseExact(reader.GetString(ordinal), "yyyy-MM-dd", CultureInfo.InvariantCulture)
            : reader.GetValue(ordinal) switch
            {
                DateOnly d => d,
                DateTime t => DateOnly.FromDateTime(t),
                var other => DateOnly.Parse(Convert.ToString(other, CultureInfo.InvariantCulture)!, CultureInfo.InvariantCulture),
            };

    public static DateOnly? ReadNullableDate(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : ReadDate(reader, ordinal);

    public static string? ReadNullableString(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
