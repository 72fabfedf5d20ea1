using System.Data.Common;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace PlatformBot.Data.Storage;

/// <summary>
/// Provider-native bulk upsert inside the caller's transaction: SQLite reuses one prepared statement,
/// PostgreSQL binary-COPYs into a temporary staging table and merges, SQL Server SqlBulkCopy's into a
/// temporary table and merges. EF's change tracker is far too slow for millions of rows.
/// Within one batch a later row for the same key wins, like a re-import.
/// </summary>
public abstract class BulkUpsert : IAsyncDisposable
{
    protected BulkUpsert(BulkTable table) => Table = table;

    public BulkTable Table { get; }

    public long Rows { get; protected set; }

    public static async Task<BulkUpsert> StartAsync(StorageProvider provider, DbConnection connection, DbTransaction transaction, BulkTable table, CancellationToken cancellationToken)
    {
        BulkUpsert writer = provider switch
        {
            StorageProvider.Sqlite => new SqliteBulkUpsert(table, (SqliteConnection)connection, (SqliteTransaction)transaction),
            StorageProvider.Postgres => new PostgresBulkUpsert(table, (NpgsqlConnection)connection, (NpgsqlTransaction)transaction),
            StorageProvider.SqlServer => new SqlServerBulkUpsert(table, (SqlConnection)connection, (SqlTransaction)transaction),
            _ => throw new InvalidOperationException($"Unknown provider {provider}"),
        };
        await writer.StartAsync(cancellationToken);
        return new PipelinedBulkUpsert(writer);
    }

    protected virtual Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Adds one row; values in <see cref="BulkTable.Columns"/> order (null = SQL NULL).</summary>
    public abstract ValueTask WriteAsync(object?[] values, CancellationToken cancellationToken);

    /// <summary>A reusable batch of rows for <see cref="WriteBatchAsync"/>; the pipeline fills it on the parsing thread.</summary>
    internal virtual BulkBatch NewBatch(int rows) => new RowBatch(rows);

    /// <summary>Writes a batch's rows in order (on the pipeline's writing thread).</summary>
    internal virtual async ValueTask WriteBatchAsync(BulkBatch batch, CancellationToken cancellationToken)
    {
        var rows = (RowBatch)batch;
        for (var i = 0; i < rows.Count; i++)
        {
            await WriteAsync(rows[i], cancellationToken);
        }
    }

    /// <summary>Makes every written row visible in the table (still inside the caller's transaction).</summary>
    public abstract Task CompleteAsync(CancellationToken cancellationToken);

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    protected static string Quote(string identifier) => "\"" + identifier + "\"";
}
