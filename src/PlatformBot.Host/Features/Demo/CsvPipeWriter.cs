using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;

namespace PlatformBot.Host.Features.Demo;

/// <summary>
/// Writes RFC 4180 CSV as UTF-8 straight into a pipe that the importer reads from: no file on disk, no string per
/// row, and bounded memory, because the pipe stops the writer while the importer is behind.
/// </summary>
internal sealed class CsvPipeWriter(PipeWriter pipe)
{
    private const int FlushThreshold = 64 * 1024;
    private static readonly SearchValues<char> NeedsQuotes = SearchValues.Create(",\"\r\n");
    private int _unflushed;
    private bool _inRow;

    public ValueTask<bool> HeaderAsync(IEnumerable<string> columns, CancellationToken cancellationToken)
    {
        foreach (var column in columns)
        {
            Field(column);
        }

        return EndRowAsync(cancellationToken);
    }

    public void Field(string? value)
    {
        Separator();
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        if (value.AsSpan().IndexOfAny(NeedsQuotes) < 0)
        {
            Utf8(value);
            return;
        }

        Byte((byte)'"');
        Utf8(value.Replace("\"", "\"\"", StringComparison.Ordinal));
        Byte((byte)'"');
    }

    public void Field(long value)
    {
        Separator();
        Formatted(value, default);
    }

    /// <summary>A plain decimal with at most two places and no thousands separator (the ARR format).</summary>
    public void Field(decimal value)
    {
        Separator();
        Formatted(value, "0.##");
    }

    public void Field(DateOnly value)
    {
        Separator();
        Formatted(value, "yyyy-MM-dd");
    }

    /// <summary>An empty cell (for a usage metric: unknown).</summary>
    public void Empty() => Separator();

    /// <summary>Ends the row; now and then hands the bytes to the reader.</summary>
    /// <returns>False when the reader has stopped reading: write no more.</returns>
    public ValueTask<bool> EndRowAsync(CancellationToken cancellationToken)
    {
        Byte((byte)'\n');
        _inRow = false;
        return _unflushed >= FlushThreshold ? FlushAsync(cancellationToken) : ValueTask.FromResult(true);
    }

    /// <returns>False when the reader has stopped reading: write no more.</returns>
    public async ValueTask<bool> FlushAsync(CancellationToken cancellationToken)
    {
        _unflushed = 0;
        var result = await pipe.FlushAsync(cancellationToken);
        return !result.IsCompleted && !result.IsCanceled;
    }

    private void Separator()
    {
        if (_inRow)
        {
            Byte((byte)',');
        }

        _inRow = true;
    }

    private void Utf8(string text)
    {
        var span = pipe.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        Advance(Encoding.UTF8.GetBytes(text, span));
    }

    private void Byte(byte value)
    {
        pipe.GetSpan(1)[0] = value;
        Advance(1);
    }

    private void Formatted<T>(T value, ReadOnlySpan<char> format)
        where T : IUtf8SpanFormattable
    {
        var span = pipe.GetSpan(64);
        if (!value.TryFormat(span, out var written, format, CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException($"Could not format {value} as CSV.");
        }

        Advance(written);
    }

    private void Advance(int bytes)
    {
        pipe.Advance(bytes);
        _unflushed += bytes;
    }
}
