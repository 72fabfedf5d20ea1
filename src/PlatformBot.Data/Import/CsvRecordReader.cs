namespace PlatformBot.Data.Import;

/// <summary>
/// A strict RFC 4180 record reader that hands out fields as spans over its own buffer, so a million-row
/// import does not allocate a string per cell (CsvHelper's parser does, and on two cores the garbage
/// collector then competes with the database writes). Comma separated, <c>"</c> quoting with <c>""</c> as
/// the escape, records end at CRLF, LF or CR, quoted fields may span lines, empty lines are skipped.
/// A misplaced quote (inside an unquoted field, or text after a closing quote) does not throw: the record is
/// still read to its end and <see cref="BadData"/> says what was wrong, so the importer can report the line
/// and go on validating. A record longer than <see cref="MaxRecordChars"/> stops the read (a quote that is
/// never closed would otherwise buffer the rest of the file).
/// </summary>
internal sealed class CsvRecordReader
{
    public const int MaxRecordChars = 1 << 20;
    private const char Quote = '"';
    private const char Comma = ',';

    private readonly TextReader _reader;
    private char[] _buffer = new char[1 << 16];
    private int _position;
    private int _length;
    // Where the current record's text sits in _buffer (without its line break), for IsPrintableAscii, and how far
    // into the input _buffer[0] is, for offsets in the decoded text (Utf8TextReader's invalid sequences).
    private int _recordStart;
    private int _recordEnd;
    private long _origin;
    private bool _endOfInput;
    private long _nextLine = 1;

    private int[] _starts = new int[32];
    private int[] _lengths = new int[32];
    // Each field's text in _buffer as the file has it (inside its quotes), escaped or not.
    private int[] _rawStarts = new int[32];
    private int[] _rawEnds = new int[32];
    // A field whose text had "" escapes lives unescaped in _scratch.
    private bool[] _inScratch = new bool[32];
    private char[] _scratch = new char[256];
    private int _scratchLength;

    public CsvRecordReader(TextReader reader) => _reader = reader;

    /// <summary>Fields in the current record.</summary>
    public int Count { get; private set; }

    /// <summary>The physical line (1-based) on which the current record starts.</summary>
    public long Line { get; private set; }

    /// <summary>The physical line (1-based) on which the next record starts.</summary>
    public long NextLine => _nextLine;

    /// <summary>Why the current record is not valid RFC 4180, or null when it is.</summary>
    public string? BadData { get; private set; }

    /// <summary>
    /// True when the current record's text is printable ASCII only, as almost every row of a usage file is: the caller
    /// may then skip looking for control characters and invalid UTF-8 cell by cell. One vectorized scan of the row.
    /// </summary>
    public bool IsPrintableAscii => !_buffer.AsSpan(_recordStart, _recordEnd - _recordStart).ContainsAnyExceptInRange(' ', '~');

    /// <summary>The offset in the decoded input just past the current record's text.</summary>
    public long RecordEnd => _origin + _recordEnd;

    /// <summary>The field of the current record that holds the character at an offset in the decoded input.</summary>
    public int FieldAt(long offset)
    {
        var at = offset - _origin;
        for (var i = 0; i < Count - 1; i++)
        {
            if (at < _rawEnds[i] || at < _rawStarts[i + 1])
            {
                return i;
            }
        }

        return Count - 1;
    }

    /// <summary>The current field as it stands in the file, quotes removed and <c>""</c> unescaped.</summary>
    public ReadOnlySpan<char> this[int index] =>
        _inScratch[index] ? _scratch.AsSpan(_starts[index], _lengths[index]) : _buffer.AsSpan(_starts[index], _lengths[index]);

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

    /// <summary>Reads the next record; false at the end of the input.</summary>
    /// <exception cref="InvalidDataException">A record is longer than <see cref="MaxRecordChars"/>.</exception>
    public async ValueTask<bool> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var outcome = TryParseRecord();
            if (outcome == Outcome.Record)
            {
                return true;
            }

            if (outcome == Outcome.BlankLine)
            {
                continue;
            }

            // The record runs past the buffered text: keep its start, read more, parse it again from its start.
            if (_endOfInput)
            {
                if (_position >= _length)
                {
                    return false;
                }

                // Only an unclosed quote leaves text that cannot end a record at the end of the input.
                ParseFinalRecord();
                return true;
            }

            await FillAsync(cancellationToken);
        }
    }

    private enum Outcome
    {
        Record,
        BlankLine,
        NeedMore,
    }

    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        var pending = _length - _position;
        if (pending > 0 && _position > 0)
        {
            Array.Copy(_buffer, _position, _buffer, 0, pending);
        }

        _origin += _position;
        _position = 0;
        _length = pending;
        if (_length == _buffer.Length)
        {
            if (_buffer.Length >= MaxRecordChars)
            {
                throw new InvalidDataException(
                    $"the row starting on line {_nextLine} is longer than {MaxRecordChars:N0} characters (is a quote not closed?)");
            }

            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        var read = await _reader.ReadAsync(_buffer.AsMemory(_length), cancellationToken);
        if (read == 0)
        {
            _endOfInput = true;
        }

        _length += read;
    }

    /// <summary>Parses one record starting at <see cref="_position"/> if it ends within the buffered text.</summary>
    private Outcome TryParseRecord()
    {
        var buffer = _buffer;
        var i = _position;
        var end = _length;
        if (i >= end)
        {
            return Outcome.NeedMore;
        }

        // A line with nothing on it is skipped, as CsvHelper's IgnoreBlankLines did.
        if (buffer[i] is '\n' or '\r')
        {
            var after = SkipNewLine(buffer, i, end);
            if (after < 0)
            {
                return Outcome.NeedMore;
            }

            _position = after;
            _nextLine++;
            return Outcome.BlankLine;
        }

        var lines = 0;
        var count = 0;
        _scratchLength = 0;
        string? bad = null;
        while (true)
        {
            EnsureFieldCapacity(count);
            if (i < end && buffer[i] == Quote)
            {
                // Quoted field: up to the closing quote; "" is a quote; newlines are part of the text.
                var contentStart = i + 1;
                var j = contentStart;
                var escaped = false;
                while (true)
                {
                    if (j >= end)
                    {
                        return Outcome.NeedMore;
                    }

                    var c = buffer[j];
                    if (c == Quote)
                    {
                        if (j + 1 >= end)
                        {
                            return Outcome.NeedMore;
                        }

                        if (buffer[j + 1] == Quote)
                        {
                            escaped = true;
                            j += 2;
                            continue;
                        }

                        break;
                    }

                    if (c == '\n' || (c == '\r' && (j + 1 >= end || buffer[j + 1] != '\n')))
                    {
                        lines++;
                    }

                    j++;
                }

                SetField(count, contentStart, j - contentStart, escaped);
                i = j + 1;
                if (i < end && buffer[i] != Comma && buffer[i] != '\n' && buffer[i] != '\r')
                {
                    bad ??= "text follows a closing quote";
                    // Read the rest of the field as plain text so the record still ends where it should.
                    while (i < end && buffer[i] != Comma && buffer[i] != '\n' && buffer[i] != '\r')
                    {
                        i++;
                    }

                    if (i >= end)
                    {
                        return Outcome.NeedMore;
                    }
                }
            }
            else
            {
                var start = i;
                while (i < end)
                {
                    var c = buffer[i];
                    if (c == Comma || c == '\n' || c == '\r')
                    {
                        break;
                    }

                    if (c == Quote)
                    {
                        bad ??= "a quote stands inside an unquoted field";
                    }

                    i++;
                }

                if (i >= end)
                {
                    return Outcome.NeedMore;
                }

                SetField(count, start, i - start, escaped: false);
            }

            count++;
            if (buffer[i] == Comma)
            {
                i++;
                continue;
            }

            // End of the record: CRLF, LF or CR.
            var next = SkipNewLine(buffer, i, end);
            if (next < 0)
            {
                return Outcome.NeedMore;
            }

            Finish(count, bad, lines + 1, i, next);
            return Outcome.Record;
        }
    }

    /// <summary>The input ended inside the last record: only an unclosed quote can cause that here.</summary>
    private void ParseFinalRecord()
    {
        // Append a virtual line end and parse again; if it still cannot end, a quote was left open.
        if (_length == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length + 1);
        }

        _buffer[_length++] = '\n';
        if (TryParseRecord() == Outcome.Record)
        {
            return;
        }

        // Unclosed quote: report it and consume the rest of the input as one bad record.
        _scratchLength = 0;
        EnsureFieldCapacity(0);
        SetField(0, _position, _length - _position - 1, escaped: false);
        var lines = 0;
        for (var k = _position; k < _length - 1; k++)
        {
            if (_buffer[k] == '\n')
            {
                lines++;
            }
        }

        Finish(1, "a quoted field is not closed before the end of the file", lines + 1, _length - 1, _length);
    }

    private void Finish(int count, string? bad, int physicalLines, int end, int next)
    {
        Count = count;
        BadData = bad;
        _recordStart = _position;
        _recordEnd = end;
        Line = _nextLine;
        _nextLine += physicalLines;
        _position = next;
    }

    /// <summary>Index after the line break at <paramref name="i"/>, or -1 when a CR is the last buffered char (maybe CRLF).</summary>
    private int SkipNewLine(char[] buffer, int i, int end)
    {
        if (buffer[i] == '\n')
        {
            return i + 1;
        }

        if (i + 1 >= end)
        {
            return _endOfInput ? i + 1 : -1;
        }

        return buffer[i + 1] == '\n' ? i + 2 : i + 1;
    }

    private void SetField(int index, int start, int length, bool escaped)
    {
        _rawStarts[index] = start;
        _rawEnds[index] = start + length;
        if (!escaped)
        {
            _starts[index] = start;
            _lengths[index] = length;
            _inScratch[index] = false;
            return;
        }

        // Unescape "" into the scratch buffer.
        if (_scratch.Length < _scratchLength + length)
        {
            Array.Resize(ref _scratch, Math.Max(_scratch.Length * 2, _scratchLength + length));
        }

        var from = _buffer.AsSpan(start, length);
        var to = _scratch.AsSpan(_scratchLength);
        var written = 0;
        for (var k = 0; k < from.Length; k++)
        {
            to[written++] = from[k];
            if (from[k] == Quote)
            {
                k++;
            }
        }

        _starts[index] = _scratchLength;
        _lengths[index] = written;
        _inScratch[index] = true;
        _scratchLength += written;
    }

    private void EnsureFieldCapacity(int index)
    {
        if (index < _starts.Length)
        {
            return;
        }

        var size = _starts.Length * 2;
        Array.Resize(ref _starts, size);
        Array.Resize(ref _lengths, size);
        Array.Resize(ref _rawStarts, size);
        Array.Resize(ref _rawEnds, size);
        Array.Resize(ref _inScratch, size);
    }
}
