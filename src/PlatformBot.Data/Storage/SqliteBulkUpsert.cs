using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
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
