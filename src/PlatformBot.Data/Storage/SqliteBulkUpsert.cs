using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace PlatformBot.Data.Storage;

/// <summary>
/// SQLite path: prepared upserts of <see cref="RowsPerStatement"/> rows (and one of a single row for a batch's
/// remainder), bound and stepped through SQLite's C API on the connection's own handle, so they run inside the
/// caller's transaction. Rows arrive as <see cref="SqliteBatch"/>es, already encoded on the parsing thread.
/// Why not ADO.NET, or SQLitePCL's wrappers: their per-call work (a data reader per execution, parameters by name,
/// a UTF-8 copy per string, a SafeHandle add-ref and release per call) cost about as much as SQLite's own insert,
/// and SQLite's fixed cost per executed statement is paid once per <see cref="RowsPerStatement"/> rows here (ADR 0011).
/// </summary>
internal sealed class SqliteBulkUpsert(BulkTable table, SqliteConnection connection, SqliteTransaction transaction) : BulkUpsert(table)
{
    internal const int RowsPerStatement = 32;

    /// <summary>The page cache, in KiB, of a load whose rows arrive out of key order.</summary>
    internal const int LoadCacheKiB = 65_536;
    private long? _cacheBefore;
    private sqlite3_stmt? _many;
    private sqlite3_stmt? _one;

    protected override Task StartAsync(CancellationToken cancellationToken)
    {
        if (!Table.InKeyOrder)
        {
            // Rows out of key order (usage arrives in date order) touch the key index all over: a larger page cache keeps
            // those pages in memory instead of spilling them to the WAL again and again. Rows in key order only append to
            // the index, and the default cache does (ADR 0029). The connection's own size comes back on disposal: a
            // pooled connection would otherwise hold the pages for the rest of a serving host's life.
            _cacheBefore = Pragma("PRAGMA cache_size;");
            Pragma(string.Create(CultureInfo.InvariantCulture, $"PRAGMA cache_size = -{LoadCacheKiB};"));
        }

        var db = connection.Handle ?? throw new InvalidOperationException("The SQLite connection is not open.");
        Check(raw.sqlite3_prepare_v2(db, UpsertSql(RowsPerStatement), out var many), db);
        _many = many;
        Check(raw.sqlite3_prepare_v2(db, UpsertSql(1), out var one), db);
        _one = one;
        return Task.CompletedTask;
    }

    private string UpsertSql(int rows)
    {
        var columns = Table.Columns;
        var sql = new StringBuilder();
        sql.Append("INSERT INTO ").Append(Quote(Table.Name)).Append(" (")
            .AppendJoin(", ", columns.Select(c => Quote(c.Name))).Append(") VALUES ");
        var parameter = 0;
        for (var r = 0; r < rows; r++)
        {
            sql.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < columns.Count; c++)
            {
                sql.Append(c == 0 ? "?" : ", ?").Append((++parameter).ToString(CultureInfo.InvariantCulture));
            }

            sql.Append(')');
        }

        // Rows of one statement are inserted in order, so a later row for the same key still wins.
        sql.Append(" ON CONFLICT (").AppendJoin(", ", Table.Key.Select(Quote)).Append(") DO UPDATE SET ")
            .AppendJoin(", ", Table.NonKey.Select(c => $"{Quote(c.Name)} = excluded.{Quote(c.Name)}"));
        if (Table.OnlyIfNewer is { } newer)
        {
            sql.Append(" WHERE excluded.").Append(Quote(newer)).Append(" >= ").Append(Quote(Table.Name)).Append('.').Append(Quote(newer));
        }

        return sql.ToString();
    }

    internal override BulkBatch NewBatch(int rows) => new SqliteBatch(rows, Table.Columns.Count);

    /// <summary>Rows reach this writer only in batches: <see cref="BulkUpsert.StartAsync(StorageProvider, DbConnection, DbTransaction, BulkTable, CancellationToken)"/> always wraps it in the pipeline.</summary>
    public override ValueTask WriteAsync(object?[] values, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The SQLite bulk writer takes batches (WriteBatchAsync) from PipelinedBulkUpsert.");

    /// <summary>Synchronous on purpose: SQLite has no async I/O, and an async wrapper would cost per row.</summary>
    internal override ValueTask WriteBatchAsync(BulkBatch batch, CancellationToken cancellationToken)
    {
        var rows = (SqliteBatch)batch;
        var row = 0;
        while (rows.Count - row >= RowsPerStatement)
        {
            Execute(_many!, rows, row, RowsPerStatement);
            row += RowsPerStatement;
        }

        for (; row < rows.Count; row++)
        {
            Execute(_one!, rows, row, 1);
        }

        Rows += rows.Count;
        return ValueTask.CompletedTask;
    }

    private void Execute(sqlite3_stmt statement, SqliteBatch rows, int first, int count)
    {
        var handle = statement.DangerousGetHandle();
        var parameter = 1;
        for (var r = first; r < first + count; r++)
        {
            for (var c = 0; c < rows.Columns; c++)
            {
                var rc = rows.Bind(handle, parameter++, r, c);
                if (rc != raw.SQLITE_OK)
                {
                    Check(rc, connection.Handle!);
                }
            }
        }

        var step = SqliteNative.Step(handle);
        SqliteNative.Reset(handle);
        if (step != raw.SQLITE_DONE)
        {
            Check(step, connection.Handle!);
        }
    }

    private static void Check(int rc, sqlite3 db)
    {
        if (rc is not (raw.SQLITE_OK or raw.SQLITE_DONE or raw.SQLITE_ROW))
        {
            throw new SqliteException(raw.sqlite3_errmsg(db).utf8_to_string(), rc, raw.sqlite3_extended_errcode(db));
        }
    }

    public override Task CompleteAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override ValueTask DisposeAsync()
    {
        _many?.Dispose();
        _one?.Dispose();
        if (_cacheBefore is { } before && connection.State == System.Data.ConnectionState.Open)
        {
            // Setting a smaller size frees the cached pages beyond it at once.
            Pragma(string.Create(CultureInfo.InvariantCulture, $"PRAGMA cache_size = {before};"));
            _cacheBefore = null;
        }

        return base.DisposeAsync();
    }

    private long Pragma(string sql)
    {
        using var pragma = connection.CreateCommand();
        // Disposal may come after the caller's commit or rollback: then the command runs outside a transaction.
        pragma.Transaction = transaction.Connection is null ? null : transaction;
        pragma.CommandText = sql;
        return Convert.ToInt64(pragma.ExecuteScalar() ?? 0L, CultureInfo.InvariantCulture);
    }
}
