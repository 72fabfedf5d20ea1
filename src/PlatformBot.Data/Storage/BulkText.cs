namespace PlatformBot.Data.Storage;

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
