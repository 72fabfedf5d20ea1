using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace PlatformBot.Data.Storage;

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
