using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading.Channels;
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
    private sqlite3_stmt? _many;
    private sqlite3_stmt? _one;

    protected override Task StartAsync(CancellationToken cancellationToken)
    {
        // A bulk load touches the key index all over: a larger page cache keeps those pages in memory
        // instead of spilling them to the WAL again and again (per connection; 128 MiB at most).
        using (var pragma = connection.CreateCommand())
        {
            pragma.Transaction = transaction;
            pragma.CommandText = "PRAGMA cache_size = -131072;";
            pragma.ExecuteNonQuery();
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
        return base.DisposeAsync();
    }
}

/// <summary>
/// A batch of rows for <see cref="SqliteBulkUpsert"/>: each cell is a tag and a 64-bit value (an integer, a double's
/// bits, or where its UTF-8 text sits in one pinned buffer). Filling it allocates nothing per row, so a million-row
/// import does not feed the garbage collector a million rows; the pipeline reuses batches.
/// Text is bound with SQLITE_STATIC: the buffer is pinned (never moves) and lives as long as the batch, and every
/// statement rebinds all its parameters before each step, so SQLite never reads a stale binding.
/// Text forms are those EF Core's SQLite provider writes (dates yyyy-MM-dd, instants yyyy-MM-dd HH:mm:ss.FFFFFFF),
/// so EF reads what we write.
/// </summary>
internal sealed unsafe class SqliteBatch : BulkBatch
{
    private const byte Null = 0;
    private const byte Integer = 1;
    private const byte Real = 2;
    private const byte Text = 3;
    private readonly byte[] _kinds;
    private readonly long[] _cells;
    private byte[] _text;
    private int _textLength;

    public SqliteBatch(int rows, int columns)
    {
        Columns = columns;
        _kinds = new byte[rows * columns];
        _cells = new long[rows * columns];
        _text = GC.AllocateUninitializedArray<byte>(Math.Max(4096, rows * columns * 24), pinned: true);
    }

    public int Columns { get; }

    public override void Add(object?[] values)
    {
        var cell = Count * Columns;
        for (var c = 0; c < Columns; c++, cell++)
        {
            switch (values[c])
            {
                case null:
                    _kinds[cell] = Null;
                    break;
                case string text:
                    AddText(cell, text.AsSpan());
                    break;
                case BulkText text:
                    AddText(cell, text.Span);
                    break;
                case long number:
                    _kinds[cell] = Integer;
                    _cells[cell] = number;
                    break;
                case int number:
                    _kinds[cell] = Integer;
                    _cells[cell] = number;
                    break;
                case double number:
                    _kinds[cell] = Real;
                    _cells[cell] = BitConverter.DoubleToInt64Bits(number);
                    break;
                case DateOnly date:
                    AddDate(cell, date);
                    break;
                case DateTime instant:
                    AddFormatted(cell, instant, "yyyy-MM-dd HH:mm:ss.FFFFFFF", 27);
                    break;
                case var other:
                    throw new InvalidOperationException($"Unsupported bulk value type {other.GetType().Name}");
            }
        }

        Count++;
    }

    public override void Clear()
    {
        base.Clear();
        _textLength = 0;
    }

    private void AddText(int cell, ReadOnlySpan<char> text)
    {
        var room = Room(Encoding.UTF8.GetMaxByteCount(text.Length));
        var length = Encoding.UTF8.GetBytes(text, room);
        Stored(cell, length);
    }

    /// <summary>yyyy-MM-dd written digit by digit: every usage row has a date, and the general formatter showed in profiles.</summary>
    private void AddDate(int cell, DateOnly date)
    {
        var room = Room(10);
        var (year, month, day) = date;
        room[0] = (byte)('0' + (year / 1000));
        room[1] = (byte)('0' + (year / 100 % 10));
        room[2] = (byte)('0' + (year / 10 % 10));
        room[3] = (byte)('0' + (year % 10));
        room[4] = (byte)'-';
        room[5] = (byte)('0' + (month / 10));
        room[6] = (byte)('0' + (month % 10));
        room[7] = (byte)'-';
        room[8] = (byte)('0' + (day / 10));
        room[9] = (byte)('0' + (day % 10));
        Stored(cell, 10);
    }

    private void AddFormatted<T>(int cell, T value, string format, int maxLength) where T : IUtf8SpanFormattable
    {
        if (!value.TryFormat(Room(maxLength), out var length, format, CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException($"Could not format {value} for SQLite");
        }

        Stored(cell, length);
    }

    private Span<byte> Room(int bytes)
    {
        if (_text.Length - _textLength < bytes)
        {
            // Rare: the buffer starts large enough for typical rows. The old buffer's contents are copied, so the
            // cells already stored keep their offsets.
            var larger = GC.AllocateUninitializedArray<byte>(Math.Max(_text.Length * 2, _textLength + bytes), pinned: true);
            _text.AsSpan(0, _textLength).CopyTo(larger);
            _text = larger;
        }

        return _text.AsSpan(_textLength);
    }

    private void Stored(int cell, int length)
    {
        _kinds[cell] = Text;
        _cells[cell] = ((long)_textLength << 32) | (uint)length;
        _textLength += length;
    }

    /// <summary>Binds one cell to a parameter of a prepared statement (<paramref name="statement"/> is its native handle).</summary>
    public int Bind(nint statement, int parameter, int row, int column)
    {
        var cell = (row * Columns) + column;
        var value = _cells[cell];
        switch (_kinds[cell])
        {
            case Integer:
                return SqliteNative.BindInt64(statement, parameter, value);
            case Real:
                return SqliteNative.BindDouble(statement, parameter, BitConverter.Int64BitsToDouble(value));
            case Text:
                var start = (int)(value >> 32);
                var length = (int)(value & 0xFFFF_FFFF);
                // The array is pinned (pinned object heap), so its address is stable for its lifetime.
                var data = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_text));
                return SqliteNative.BindText(statement, parameter, data + start, length, SqliteNative.Static);
            default:
                return SqliteNative.BindNull(statement, parameter);
        }
    }
}

/// <summary>
/// SQLite's C entry points the bulk writer calls per cell, taken from the very library SQLitePCL loaded (the same
/// name resolved the same way returns the same module), called through function pointers. The bind calls do no
/// I/O, take no lock anyone waits on for long and never call back, so they skip the GC transition; step does I/O
/// and keeps it.
/// </summary>
internal static unsafe class SqliteNative
{
    /// <summary>SQLITE_STATIC: SQLite uses the bytes where they are, without copying.</summary>
    public const nint Static = 0;

    private static readonly nint Library = NativeLibrary.Load("e_sqlite3", typeof(raw).Assembly, null);
    private static readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int, long, int> BindInt64Entry =
        (delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int, long, int>)NativeLibrary.GetExport(Library, "sqlite3_bind_int64");
    private static readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int, double, int> BindDoubleEntry =
        (delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int, double, int>)NativeLibrary.GetExport(Library, "sqlite3_bind_double");
    private static readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int, byte*, int, nint, int> BindTextEntry =
        (delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int, byte*, int, nint, int>)NativeLibrary.GetExport(Library, "sqlite3_bind_text");
    private static readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int, int> BindNullEntry =
        (delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int, int>)NativeLibrary.GetExport(Library, "sqlite3_bind_null");
    private static readonly delegate* unmanaged[Cdecl]<nint, int> StepEntry =
        (delegate* unmanaged[Cdecl]<nint, int>)NativeLibrary.GetExport(Library, "sqlite3_step");
    private static readonly delegate* unmanaged[Cdecl]<nint, int> ResetEntry =
        (delegate* unmanaged[Cdecl]<nint, int>)NativeLibrary.GetExport(Library, "sqlite3_reset");

    public static int BindInt64(nint statement, int parameter, long value) => BindInt64Entry(statement, parameter, value);

    public static int BindDouble(nint statement, int parameter, double value) => BindDoubleEntry(statement, parameter, value);

    public static int BindText(nint statement, int parameter, byte* utf8, int length, nint destructor) => BindTextEntry(statement, parameter, utf8, length, destructor);

    public static int BindNull(nint statement, int parameter) => BindNullEntry(statement, parameter);

    public static int Step(nint statement) => StepEntry(statement);

    public static int Reset(nint statement) => ResetEntry(statement);
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
/// with writing the previous ones: on two cores this takes most of the parse time off the clock. Rows are copied
/// into batches the writer provides (<see cref="BulkUpsert.NewBatch"/>) and written batches come back to be
/// filled again, so memory stays flat however long the file is and a steady import allocates no batches.
/// </summary>
internal sealed class PipelinedBulkUpsert : BulkUpsert
{
    private const int BatchRows = 2048;
    private const int InFlight = 4;
    private readonly BulkUpsert _inner;
    private readonly Channel<BulkBatch> _full = Channel.CreateBounded<BulkBatch>(new BoundedChannelOptions(InFlight) { SingleReader = true, SingleWriter = true });
    private readonly Channel<BulkBatch> _empty = Channel.CreateUnbounded<BulkBatch>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly Task _consumer;
    private BulkBatch _batch;

    public PipelinedBulkUpsert(BulkUpsert inner) : base(inner.Table)
    {
        _inner = inner;
        _batch = inner.NewBatch(BatchRows);
        _consumer = Task.Run(ConsumeAsync);
    }

    private async Task ConsumeAsync()
    {
        await foreach (var batch in _full.Reader.ReadAllAsync())
        {
            await _inner.WriteBatchAsync(batch, CancellationToken.None);
            batch.Clear();
            _empty.Writer.TryWrite(batch);
        }
    }

    public override async ValueTask WriteAsync(object?[] values, CancellationToken cancellationToken)
    {
        _batch.Add(values);
        Rows++;
        if (_batch.Count == BatchRows)
        {
            await FlushAsync(cancellationToken);
        }
    }

    private async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        if (_batch.Count == 0)
        {
            return;
        }

        if (_consumer.IsFaulted)
        {
            await _consumer;
        }

        await _full.Writer.WriteAsync(_batch, cancellationToken);
        _batch = _empty.Reader.TryRead(out var reused) ? reused : _inner.NewBatch(BatchRows);
    }

    public override async Task CompleteAsync(CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken);
        _full.Writer.TryComplete();
        await _consumer;
        await _inner.CompleteAsync(cancellationToken);
    }

    public override async ValueTask DisposeAsync()
    {
        _full.Writer.TryComplete();
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

/// <summary>Rows queued for a writer. <see cref="Add"/> copies the values: the caller reuses its array for the next row.</summary>
internal abstract class BulkBatch
{
    public int Count { get; protected set; }

    public abstract void Add(object?[] values);

    public virtual void Clear() => Count = 0;
}

/// <summary>The general batch: copies of the rows as objects (a <see cref="BulkText"/> becomes its string).</summary>
internal sealed class RowBatch(int capacity) : BulkBatch
{
    private readonly object?[][] _rows = new object?[capacity][];

    public object?[] this[int index] => _rows[index];

    public override void Add(object?[] values)
    {
        var row = (object?[])values.Clone();
        for (var i = 0; i < row.Length; i++)
        {
            if (row[i] is BulkText text)
            {
                row[i] = text.ToString();
            }
        }

        _rows[Count++] = row;
    }

    public override void Clear()
    {
        Array.Clear(_rows, 0, Count);
        base.Clear();
    }
}

/// <summary>
/// A text cell the caller rebuilds for every row in one reused buffer (the usage rows' metric vector), so a row
/// need not allocate a string just to be copied again by the writer. Valid until the caller's next row.
/// </summary>
public sealed class BulkText
{
    private char[] _buffer = new char[256];

    public int Length { get; private set; }

    public ReadOnlySpan<char> Span => _buffer.AsSpan(0, Length);

    /// <summary>Empties the cell for the next row.</summary>
    public void Clear() => Length = 0;

    /// <summary>Appends to the cell.</summary>
    public void Append(ReadOnlySpan<char> text)
    {
        if (_buffer.Length < Length + text.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, Length + text.Length));
        }

        text.CopyTo(_buffer.AsSpan(Length));
        Length += text.Length;
    }

    public void Append(char c)
    {
        if (_buffer.Length == Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        _buffer[Length++] = c;
    }

    public override string ToString() => Span.ToString();
}
