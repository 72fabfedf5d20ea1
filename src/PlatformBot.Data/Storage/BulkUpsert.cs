using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;
using SQLitePCL;

namespace PlatformBot.Data.Storage;

public enum BulkColumnType
{
    Text,
    BigInt,
    SmallNumber,
    Real,
    Date,
    TimestampUtc,
}

public sealed record BulkColumn(string Name, BulkColumnType Type);

/// <summary>
/// A table written in bulk with upsert semantics on its key. <see cref="OnlyIfNewer"/> names a column that
/// must not go backwards (an older row never overwrites a newer one).
/// </summary>
public sealed record BulkTable(string Name, IReadOnlyList<BulkColumn> Columns, IReadOnlyList<string> Key, string? OnlyIfNewer = null)
{
    public IEnumerable<BulkColumn> NonKey => Columns.Where(c => !Key.Contains(c.Name));
}

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

    /// <summary>
    /// Turns a copy of a row into what <see cref="WriteAsync"/> binds fastest. The pipeline calls it on the parsing
    /// thread, so this work leaves the writing thread (the one the import waits for).
    /// </summary>
    internal virtual void Prepare(object?[] values)
    {
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

/// <summary>
/// SQLite path: one prepared upsert, stepped once per row through SQLitePCL's raw API on the connection's own
/// handle (so it is inside the caller's transaction). ADO.NET's per-execution work (a data reader, statement
/// enumeration, parameter lookup by name, a UTF-8 copy per string) cost about as much as SQLite's own insert.
/// </summary>
internal sealed class SqliteBulkUpsert(BulkTable table, SqliteConnection connection, SqliteTransaction transaction) : BulkUpsert(table)
{
    private sqlite3_stmt? _statement;
    // Dates repeat across a file: format each once (used by Prepare only, on the parsing thread).
    private readonly Dictionary<DateOnly, byte[]> _dates = [];

    protected override Task StartAsync(CancellationToken cancellationToken)
    {
        var columns = Table.Columns;
        var sql = new StringBuilder();
        sql.Append("INSERT INTO ").Append(Quote(Table.Name)).Append(" (")
            .AppendJoin(", ", columns.Select(c => Quote(c.Name))).Append(") VALUES (")
            .AppendJoin(", ", columns.Select((_, i) => "?" + (i + 1).ToString(CultureInfo.InvariantCulture))).Append(") ON CONFLICT (")
            .AppendJoin(", ", Table.Key.Select(Quote)).Append(") DO UPDATE SET ")
            .AppendJoin(", ", Table.NonKey.Select(c => $"{Quote(c.Name)} = excluded.{Quote(c.Name)}"));
        if (Table.OnlyIfNewer is { } newer)
        {
            sql.Append(" WHERE excluded.").Append(Quote(newer)).Append(" >= ").Append(Quote(Table.Name)).Append('.').Append(Quote(newer));
        }

        // A bulk load touches the key index all over: a larger page cache keeps those pages in memory
        // instead of spilling them to the WAL again and again (per connection; 128 MiB at most).
        using (var pragma = connection.CreateCommand())
        {
            pragma.Transaction = transaction;
            pragma.CommandText = "PRAGMA cache_size = -131072;";
            pragma.ExecuteNonQuery();
        }

        var db = connection.Handle ?? throw new InvalidOperationException("The SQLite connection is not open.");
        Check(raw.sqlite3_prepare_v2(db, sql.ToString(), out var statement), db);
        _statement = statement;
        return Task.CompletedTask;
    }

    /// <summary>
    /// Text, dates and instants become UTF-8 bytes here, on the parsing thread (<see cref="PipelinedBulkUpsert"/> calls
    /// it before handing the row over), in the text forms EF Core's SQLite provider uses, so EF reads what we write.
    /// Bulk tables have no blob columns (<see cref="BulkColumnType"/>), so a byte[] in a row is always such text.
    /// </summary>
    internal override void Prepare(object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = values[i] switch
            {
                string text => Encoding.UTF8.GetBytes(text),
                DateOnly date => DateText(date),
                DateTime instant => Encoding.UTF8.GetBytes(instant.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture)),
                var other => other,
            };
        }
    }

    public override ValueTask WriteAsync(object?[] values, CancellationToken cancellationToken)
    {
        var statement = _statement!;
        for (var i = 0; i < values.Length; i++)
        {
            var rc = values[i] switch
            {
                null => raw.sqlite3_bind_null(statement, i + 1),
                // SQLite copies the bytes (SQLITE_TRANSIENT).
                byte[] utf8 => raw.sqlite3_bind_text(statement, i + 1, utf8),
                long number => raw.sqlite3_bind_int64(statement, i + 1, number),
                int number => raw.sqlite3_bind_int64(statement, i + 1, number),
                double number => raw.sqlite3_bind_double(statement, i + 1, number),
                var other => throw new InvalidOperationException($"Unsupported bulk value type {other.GetType().Name} (rows reach the writer through Prepare)"),
            };
            Check(rc, connection.Handle!);
        }

        // Synchronous on purpose: SQLite has no async I/O, and an async wrapper would cost per row.
        var step = raw.sqlite3_step(statement);
        raw.sqlite3_reset(statement);
        if (step != raw.SQLITE_DONE)
        {
            Check(step, connection.Handle!);
        }

        Rows++;
        return ValueTask.CompletedTask;
    }

    private byte[] DateText(DateOnly date)
    {
        if (!_dates.TryGetValue(date, out var text))
        {
            text = Encoding.UTF8.GetBytes(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            _dates[date] = text;
        }

        return text;
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
        _statement?.Dispose();
        return base.DisposeAsync();
    }
}

internal sealed class PostgresBulkUpsert(BulkTable table, NpgsqlConnection connection, NpgsqlTransaction transaction) : BulkUpsert(table)
{
    private NpgsqlBinaryImporter? _importer;
    private string Staging => "staging_" + Table.Name;

    protected override async Task StartAsync(CancellationToken cancellationToken)
    {
        await using (var create = new NpgsqlCommand(
            $"CREATE TEMP TABLE {Quote(Staging)} (LIKE {Quote(Table.Name)} INCLUDING DEFAULTS) ON COMMIT DROP; " +
            $"ALTER TABLE {Quote(Staging)} ADD COLUMN staging_seq bigint;", connection, transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        var columns = string.Join(", ", Table.Columns.Select(c => Quote(c.Name)).Append("staging_seq"));
        _importer = await connection.BeginBinaryImportAsync($"COPY {Quote(Staging)} ({columns}) FROM STDIN (FORMAT BINARY)", cancellationToken);
    }

    public override async ValueTask WriteAsync(object?[] values, CancellationToken cancellationToken)
    {
        var importer = _importer!;
        await importer.StartRowAsync(cancellationToken);
        for (var i = 0; i < Table.Columns.Count; i++)
        {
            var value = values[i];
            if (value is null)
            {
                await importer.WriteNullAsync(cancellationToken);
                continue;
            }

            switch (Table.Columns[i].Type)
            {
                case BulkColumnType.Text: await importer.WriteAsync((string)value, NpgsqlDbType.Text, cancellationToken); break;
                case BulkColumnType.BigInt: await importer.WriteAsync(Convert.ToInt64(value, CultureInfo.InvariantCulture), NpgsqlDbType.Bigint, cancellationToken); break;
                case BulkColumnType.SmallNumber: await importer.WriteAsync(Convert.ToInt32(value, CultureInfo.InvariantCulture), NpgsqlDbType.Integer, cancellationToken); break;
                case BulkColumnType.Real: await importer.WriteAsync(Convert.ToDouble(value, CultureInfo.InvariantCulture), NpgsqlDbType.Double, cancellationToken); break;
                case BulkColumnType.Date: await importer.WriteAsync((DateOnly)value, NpgsqlDbType.Date, cancellationToken); break;
                case BulkColumnType.TimestampUtc: await importer.WriteAsync((DateTime)value, NpgsqlDbType.TimestampTz, cancellationToken); break;
                default: throw new InvalidOperationException($"Unsupported column type {Table.Columns[i].Type}");
            }
        }

        await importer.WriteAsync(Rows, NpgsqlDbType.Bigint, cancellationToken);
        Rows++;
    }

    public override async Task CompleteAsync(CancellationToken cancellationToken)
    {
        if (_importer is not null)
        {
            await _importer.CompleteAsync(cancellationToken);
            await _importer.DisposeAsync();
            _importer = null;
        }

        var columns = string.Join(", ", Table.Columns.Select(c => Quote(c.Name)));
        var key = string.Join(", ", Table.Key.Select(Quote));
        var sql = new StringBuilder()
            .Append("INSERT INTO ").Append(Quote(Table.Name)).Append(" (").Append(columns).Append(") ")
            // One row per key: the last one in the file wins, as a re-import would.
            .Append("SELECT DISTINCT ON (").Append(key).Append(") ").Append(columns)
            .Append(" FROM ").Append(Quote(Staging)).Append(" ORDER BY ").Append(key).Append(", staging_seq DESC ")
            .Append("ON CONFLICT (").Append(key).Append(") DO UPDATE SET ")
            .AppendJoin(", ", Table.NonKey.Select(c => $"{Quote(c.Name)} = excluded.{Quote(c.Name)}"));
        if (Table.OnlyIfNewer is { } newer)
        {
            sql.Append(" WHERE excluded.").Append(Quote(newer)).Append(" >= ").Append(Quote(Table.Name)).Append('.').Append(Quote(newer));
        }

        await using var merge = new NpgsqlCommand(sql.ToString(), connection, transaction) { CommandTimeout = 0 };
        await merge.ExecuteNonQueryAsync(cancellationToken);
        await using var drop = new NpgsqlCommand($"DROP TABLE {Quote(Staging)}", connection, transaction);
        await drop.ExecuteNonQueryAsync(cancellationToken);
    }

    public override async ValueTask DisposeAsync()
    {
        if (_importer is not null)
        {
            await _importer.DisposeAsync();
        }

        await base.DisposeAsync();
    }
}

/// <summary>
/// SQL Server path: SqlBulkCopy into a session temp table, then one MERGE. Not exercised against a live
/// server here (none can run on our machines); the DDL is checked through the generated script instead.
/// </summary>
internal sealed class SqlServerBulkUpsert(BulkTable table, SqlConnection connection, SqlTransaction transaction) : BulkUpsert(table)
{
    private const int BatchSize = 50_000;
    private readonly List<object?[]> _buffer = new(BatchSize);
    private string Staging => "#staging_" + Table.Name;

    protected override async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var create = new SqlCommand(
            $"SELECT TOP 0 {string.Join(", ", Table.Columns.Select(c => Bracket(c.Name)))}, CAST(0 AS bigint) AS staging_seq INTO {Staging} FROM {Bracket(Table.Name)};",
            connection, transaction);
        await create.ExecuteNonQueryAsync(cancellationToken);
    }

    public override async ValueTask WriteAsync(object?[] values, CancellationToken cancellationToken)
    {
        var row = new object?[values.Length + 1];
        for (var i = 0; i < values.Length; i++)
        {
            row[i] = values[i] is DateOnly d ? d.ToDateTime(TimeOnly.MinValue) : values[i];
        }

        row[^1] = Rows;
        _buffer.Add(row);
        Rows++;
        if (_buffer.Count >= BatchSize)
        {
            await FlushAsync(cancellationToken);
        }
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_buffer.Count == 0)
        {
            return;
        }

        using var data = new DataTable();
        foreach (var column in Table.Columns)
        {
            data.Columns.Add(column.Name, column.Type switch
            {
                BulkColumnType.Text => typeof(string),
                BulkColumnType.BigInt => typeof(long),
                BulkColumnType.SmallNumber => typeof(int),
                BulkColumnType.Real => typeof(double),
                BulkColumnType.Date or BulkColumnType.TimestampUtc => typeof(DateTime),
                _ => typeof(object),
            });
        }

        data.Columns.Add("staging_seq", typeof(long));
        foreach (var row in _buffer)
        {
            data.Rows.Add(row.Select(v => v ?? DBNull.Value).ToArray());
        }

        using var copy = new SqlBulkCopy(connection, SqlBulkCopyOptions.Default, transaction)
        {
            DestinationTableName = Staging,
            BulkCopyTimeout = 0,
        };
        foreach (DataColumn column in data.Columns)
        {
            copy.ColumnMappings.Add(column.ColumnName, column.ColumnName);
        }

        await copy.WriteToServerAsync(data, cancellationToken);
        _buffer.Clear();
    }

    public override async Task CompleteAsync(CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken);
        var columns = string.Join(", ", Table.Columns.Select(c => Bracket(c.Name)));
        var key = string.Join(", ", Table.Key.Select(Bracket));
        var on = string.Join(" AND ", Table.Key.Select(k => $"t.{Bracket(k)} = s.{Bracket(k)}"));
        var set = string.Join(", ", Table.NonKey.Select(c => $"t.{Bracket(c.Name)} = s.{Bracket(c.Name)}"));
        var newer = Table.OnlyIfNewer is { } n ? $" AND s.{Bracket(n)} >= t.{Bracket(n)}" : string.Empty;
        var sql =
            $"WITH s AS (SELECT {columns}, ROW_NUMBER() OVER (PARTITION BY {key} ORDER BY staging_seq DESC) AS rn FROM {Staging}) " +
            $"MERGE {Bracket(Table.Name)} WITH (HOLDLOCK) AS t USING (SELECT {columns} FROM s WHERE rn = 1) AS s ON {on} " +
            $"WHEN MATCHED{newer} THEN UPDATE SET {set} " +
            $"WHEN NOT MATCHED THEN INSERT ({columns}) VALUES ({string.Join(", ", Table.Columns.Select(c => "s." + Bracket(c.Name)))});" +
            $" DROP TABLE {Staging};";
        await using var merge = new SqlCommand(sql, connection, transaction) { CommandTimeout = 0 };
        await merge.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string Bracket(string identifier) => "[" + identifier + "]";
}

/// <summary>
/// Runs the database writes on their own task so parsing and validating the next rows (the caller) overlaps
/// with writing the previous ones: on two cores this takes most of the parse time off the clock. Batches are
/// bounded, so memory stays flat however long the file is.
/// </summary>
internal sealed class PipelinedBulkUpsert : BulkUpsert
{
    private const int BatchRows = 2048;
    private readonly BulkUpsert _inner;
    private readonly System.Threading.Channels.Channel<object?[][]> _channel =
        System.Threading.Channels.Channel.CreateBounded<object?[][]>(new System.Threading.Channels.BoundedChannelOptions(8) { SingleReader = true, SingleWriter = true });
    private readonly Task _consumer;
    private object?[][] _batch = new object?[BatchRows][];
    private int _count;

    public PipelinedBulkUpsert(BulkUpsert inner) : base(inner.Table)
    {
        _inner = inner;
        _consumer = Task.Run(ConsumeAsync);
    }

    private async Task ConsumeAsync()
    {
        await foreach (var batch in _channel.Reader.ReadAllAsync())
        {
            foreach (var row in batch)
            {
                if (row is null)
                {
                    break;
                }

                await _inner.WriteAsync(row, CancellationToken.None);
            }
        }
    }

    public override async ValueTask WriteAsync(object?[] values, CancellationToken cancellationToken)
    {
        var row = (object?[])values.Clone();
        _inner.Prepare(row);
        _batch[_count++] = row;
        Rows++;
        if (_count == BatchRows)
        {
            await FlushAsync(cancellationToken);
        }
    }

    private async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        if (_count == 0)
        {
            return;
        }

        if (_consumer.IsFaulted)
        {
            await _consumer;
        }

        await _channel.Writer.WriteAsync(_batch, cancellationToken);
        _batch = new object?[BatchRows][];
        _count = 0;
    }

    public override async Task CompleteAsync(CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken);
        _channel.Writer.TryComplete();
        await _consumer;
        await _inner.CompleteAsync(cancellationToken);
    }

    public override async ValueTask DisposeAsync()
    {
        _channel.Writer.TryComplete();
        try
        {
            await _consumer;
        }
        catch (Exception)
        {
            // The failure already surfaced through WriteAsync/CompleteAsync; disposal must not mask it.
        }

        await _inner.DisposeAsync();
        await base.DisposeAsync();
    }
}
