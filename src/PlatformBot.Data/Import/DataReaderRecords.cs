using System.Data.Common;
using System.Globalization;
using static PlatformBot.Data.Import.CsvImporter;

namespace PlatformBot.Data.Import;

/// <summary>
/// A query's result as import records: the column names are the header, each result row a record, numbered from 1.
/// Rows stream (one row's text held at a time). Every value becomes the text a CSV file would carry, so the usual
/// validation judges it: NULL is an empty cell, a date (or a timestamp at midnight) is yyyy-MM-dd, a number is written
/// invariantly; a timestamp with a time of day stays a timestamp and fails as a date would in a file.
/// </summary>
internal sealed class DataReaderRecords(DbDataReader reader) : ImportRecords
{
    private char[] _buffer = new char[1024];
    private int[] _starts = [];
    private int[] _lengths = [];
    private int _used;
    private long _row;
    private bool _header = true;

    public override int Count => reader.FieldCount;

    public override ReadOnlySpan<char> this[int index] =>
        _header ? reader.GetName(index).AsSpan() : _buffer.AsSpan(_starts[index], _lengths[index]);

    public override bool IsPrintableAscii => !_header && !_buffer.AsSpan(0, _used).ContainsAnyExceptInRange(' ', '~');

    public override long HeaderLine => 0;

    public override long Line => _row;

    public override long NextLine => _row + 1;

    public override ValueTask<bool> ReadHeaderAsync(ErrorList errors, CancellationToken cancellationToken)
    {
        _starts = new int[reader.FieldCount];
        _lengths = new int[reader.FieldCount];
        return ValueTask.FromResult(true);
    }

    public override async ValueTask<bool> ReadAsync(CancellationToken cancellationToken)
    {
        _header = false;
        if (!await reader.ReadAsync(cancellationToken))
        {
            return false;
        }

        _row++;
        _used = 0;
        for (var i = 0; i < reader.FieldCount; i++)
        {
            _starts[i] = _used;
            Append(reader.IsDBNull(i) ? string.Empty : Text(reader.GetValue(i)));
            _lengths[i] = _used - _starts[i];
        }

        return true;
    }

    /// <summary>Every row has the header's columns, and a driver hands out text, not bytes: nothing to report.</summary>
    public override bool Readable(FileSchema? schema, ErrorList errors) => true;

    private void Append(string text)
    {
        if (_used + text.Length > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _used + text.Length));
        }

        text.CopyTo(_buffer.AsSpan(_used));
        _used += text.Length;
    }

    private static string Text(object value) => value switch
    {
        string text => text,
        DateOnly date => Date(date),
        DateTime { TimeOfDay.Ticks: 0 } midnight => Date(DateOnly.FromDateTime(midnight)),
        DateTime instant => instant.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
        DateTimeOffset { TimeOfDay.Ticks: 0 } midnight => Date(DateOnly.FromDateTime(midnight.DateTime)),
        DateTimeOffset instant => instant.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
        bool flag => flag ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
