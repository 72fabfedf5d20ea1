using static PlatformBot.Data.Import.CsvImporter;

namespace PlatformBot.Data.Import;

/// <summary>
/// The rows an import validates, whatever they come from: a CSV file (<see cref="CsvRecords"/>) or a query's result
/// (<see cref="DataReaderRecords"/>). Each gives its fields as text, so one validation (<see cref="RowWriter"/>) holds
/// every source to the same rules, and numbers its rows for the errors: a CSV file by its physical lines (the header is
/// line 1), a query by its result rows (the first row is 1; the column names are "line" 0).
/// </summary>
internal abstract class ImportRecords
{
    /// <summary>Fields in the current record.</summary>
    public abstract int Count { get; }

    /// <summary>The current record's field as text.</summary>
    public abstract ReadOnlySpan<char> this[int index] { get; }

    /// <summary>True when the current record is printable ASCII only, so no cell needs a look for control characters.</summary>
    public abstract bool IsPrintableAscii { get; }

    /// <summary>The number errors give the header (the column names).</summary>
    public abstract long HeaderLine { get; }

    /// <summary>The number errors give the current record.</summary>
    public abstract long Line { get; }

    /// <summary>The number of the record after the current one (where an unreadable input stopped).</summary>
    public abstract long NextLine { get; }

    /// <summary>How far into the input the reading is, for progress (bytes for a file; 0 when unknown).</summary>
    public virtual long Position => 0;

    /// <summary>Reads the header; false (with the reason reported) when there is none.</summary>
    public abstract ValueTask<bool> ReadHeaderAsync(ErrorList errors, CancellationToken cancellationToken);

    /// <summary>Reads the next record; false at the end.</summary>
    public abstract ValueTask<bool> ReadAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Reports what makes the current record unreadable as a row of the source's format (bad bytes, bad quoting, a
    /// field count unlike the header's); false if it did. <paramref name="schema"/> is null for the header.
    /// </summary>
    public abstract bool Readable(FileSchema? schema, ErrorList errors);

    /// <summary>All fields of the current record as strings (used for the header).</summary>
    public string[] ToArray()
    {
        var fields = new string[Count];
        for (var i = 0; i < Count; i++)
        {
            fields[i] = this[i].ToString();
        }

        return fields;
    }
}
