using static PlatformBot.Data.Import.CsvImporter;

namespace PlatformBot.Data.Import;

/// <summary>A CSV file's records (RFC 4180, UTF-8), numbered by the physical line each starts on.</summary>
internal sealed class CsvRecords : ImportRecords, IDisposable
{
    private readonly Stream _input;
    private readonly Utf8TextReader _reader;
    private readonly CsvRecordReader _csv;

    public CsvRecords(Stream input)
    {
        _input = input;
        _reader = new Utf8TextReader(input);
        _csv = new CsvRecordReader(_reader);
    }

    private CsvRecordReader Csv => _csv;

    public override int Count => Csv.Count;

    public override ReadOnlySpan<char> this[int index] => Csv[index];

    public override bool IsPrintableAscii => Csv.IsPrintableAscii;

    public override long HeaderLine => 1;

    public override long Line => Csv.Line;

    public override long NextLine => Csv.NextLine;

    public override long Position => _input.CanSeek ? _input.Position : 0;

    public override async ValueTask<bool> ReadHeaderAsync(ErrorList errors, CancellationToken cancellationToken)
    {
        if (await Csv.ReadAsync(cancellationToken))
        {
            return true;
        }

        errors.Add(new ImportError(1, null, null, _reader.IsUtf16
            ? "the file is UTF-16: save it as UTF-8 (a byte-order mark is allowed)"
            : "the file is empty: expected a header row"));
        return false;
    }

    public override ValueTask<bool> ReadAsync(CancellationToken cancellationToken) => Csv.ReadAsync(cancellationToken);

    public override bool Readable(FileSchema? schema, ErrorList errors)
    {
        var line = schema is null ? HeaderLine : Csv.Line;
        if (HasInvalidUtf8(schema, line, errors))
        {
            return false;
        }

        if (schema is null)
        {
            return true;
        }

        if (Csv.BadData is { } bad)
        {
            // Never guess what a malformed row meant: report it and keep validating the rest.
            errors.Add(new ImportError(line, null, null, $"the row is not valid CSV (RFC 4180): {bad}"));
            return false;
        }

        if (Csv.Count != schema.Header.Count)
        {
            errors.Add(new ImportError(line, null, null, $"expected {schema.Header.Count} fields as in the header, found {Csv.Count}"));
            return false;
        }

        return true;
    }

    public void Dispose() => _reader.Dispose();

    /// <summary>
    /// Reports the cell of the record that held bytes that are not UTF-8 (the first such cell: a file in another encoding
    /// would otherwise list every accented name); true if there was one. Invalid UTF-8 is an error, never a silent U+FFFD
    /// in a name or an id: every record claims its own invalid sequences from the reader, whatever else is wrong with it.
    /// </summary>
    private bool HasInvalidUtf8(FileSchema? schema, long line, ErrorList errors)
    {
        if (_reader.TakeInvalidBefore(Csv.RecordEnd, out var first) == 0)
        {
            return false;
        }

        errors.Add(Cell(schema, line, Csv.FieldAt(first), CellText.InvalidUtf8));
        return true;
    }
}
