using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace PlatformBot.Data.Import;

/// <summary>
/// Decodes a UTF-8 stream (a byte-order mark is skipped) and remembers where in the decoded text each invalid byte
/// sequence was, so the importer can name the line and column that held it. A decoder that throws fails a whole
/// buffer (64 KiB, many lines) at once and could only name the line the parser had reached; one that silently puts
/// U+FFFD in a name or an id loses data. Here the sequence becomes U+FFFD and its position is kept until the record
/// that holds it claims it (<see cref="TakeInvalidBefore"/>).
/// </summary>
internal sealed class Utf8TextReader(Stream stream) : TextReader
{
    private readonly byte[] _bytes = new byte[1 << 16];
    private readonly Queue<long> _invalid = new();
    private int _start;
    private int _end;
    private bool _endOfStream;
    private bool _started;
    private long _charsRead;
    // The second half of a surrogate pair that did not fit the caller's buffer (one free char left).
    private char? _pending;

    /// <summary>The input starts with a UTF-16 byte-order mark: it is read as empty, and the caller says why.</summary>
    public bool IsUtf16 { get; private set; }

    public override int Read()
    {
        Span<char> one = stackalloc char[1];
        return Read(one) == 0 ? -1 : one[0];
    }

    public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

    public override int Read(Span<char> buffer)
    {
        while (true)
        {
            var written = Decode(buffer);
            if (written > 0 || buffer.IsEmpty || (_endOfStream && _start == _end && _pending is null))
            {
                return written;
            }

            // Nothing decodable is buffered yet (none read, or a sequence continues in bytes not read yet).
            Compact();
            var read = stream.Read(_bytes, _end, _bytes.Length - _end);
            Filled(read);
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<char> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var written = Decode(buffer.Span);
            if (written > 0 || buffer.IsEmpty || (_endOfStream && _start == _end && _pending is null))
            {
                return written;
            }

            Compact();
            var read = await stream.ReadAsync(_bytes.AsMemory(_end), cancellationToken);
            Filled(read);
        }
    }

    /// <summary>How many invalid sequences sit before <paramref name="end"/> (an offset in the decoded text); they are forgotten.</summary>
    /// <param name="first">The offset of the first of them.</param>
    public int TakeInvalidBefore(long end, out long first)
    {
        first = -1;
        var count = 0;
        while (_invalid.TryPeek(out var position) && position < end)
        {
            _invalid.Dequeue();
            if (count++ == 0)
            {
                first = position;
            }
        }

        return count;
    }

    private void Compact()
    {
        if (_start > 0)
        {
            _bytes.AsSpan(_start, _end - _start).CopyTo(_bytes);
            _end -= _start;
            _start = 0;
        }
    }

    private void Filled(int read)
    {
        _end += read;
        _endOfStream = read == 0;
        if (_started || (_end < 3 && !_endOfStream))
        {
            return;
        }

        _started = true;
        var head = _bytes.AsSpan(0, _end);
        if (head.StartsWith("\uFEFF"u8))
        {
            _start = 3;
        }
        else if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            // Read as UTF-8 it would be NULs between letters; the caller reports the file as UTF-16 instead.
            IsUtf16 = true;
            _start = _end;
            _endOfStream = true;
        }
    }

    private int Decode(Span<char> destination)
    {
        if (!_started && !_endOfStream)
        {
            return 0;
        }

        var written = 0;
        if (_pending is { } low && !destination.IsEmpty)
        {
            destination[written++] = low;
            _pending = null;
        }

        while (written < destination.Length && _start < _end)
        {
            var status = Utf8.ToUtf16(_bytes.AsSpan(_start, _end - _start), destination[written..], out var read, out var wrote,
                replaceInvalidSequences: false, isFinalBlock: _endOfStream);
            _start += read;
            written += wrote;
            if (status == OperationStatus.DestinationTooSmall && wrote == 0)
            {
                // One char of room and a surrogate pair next: hand out its first half now and keep the second, or a
                // caller with one free char would be given nothing, again and again.
                Span<char> pair = stackalloc char[2];
                Utf8.ToUtf16(_bytes.AsSpan(_start, _end - _start), pair, out read, out _, replaceInvalidSequences: false, isFinalBlock: _endOfStream);
                _start += read;
                destination[written++] = pair[0];
                _pending = pair[1];
                break;
            }

            if (status != OperationStatus.InvalidData || written == destination.Length)
            {
                // Done, the destination is full, or a sequence continues in bytes not read yet.
                break;
            }

            // One U+FFFD per maximal invalid subsequence, as the standard decoder would put, and its offset kept.
            Rune.DecodeFromUtf8(_bytes.AsSpan(_start, _end - _start), out _, out var invalid);
            _start += Math.Max(invalid, 1);
            _invalid.Enqueue(_charsRead + written);
            destination[written++] = '\uFFFD';
        }

        _charsRead += written;
        return written;
    }
}
