using PlatformBot.Data.Import;

namespace PlatformBot.Data.Tests.Import;

public sealed class CsvRecordReaderTests
{
    private sealed record Row(long Line, string[] Fields, string? Bad);

    private static async Task<List<Row>> ReadAll(string text, int chunk = int.MaxValue)
    {
        var reader = new CsvRecordReader(new ChunkedReader(text, chunk));
        var rows = new List<Row>();
        while (await reader.ReadAsync(CancellationToken.None))
        {
            rows.Add(new Row(reader.Line, reader.ToArray(), reader.BadData));
        }

        return rows;
    }

    public static TheoryData<int> Chunks => new() { int.MaxValue, 1, 2, 3, 7 };

    [Theory]
    [MemberData(nameof(Chunks))]
    public async Task Reads_fields_and_line_numbers_whatever_the_read_sizes(int chunk)
    {
        var rows = await ReadAll("a,b,c\r\n1,,3\n\n4,5,6", chunk);

        Assert.Equal(3, rows.Count);
        Assert.Equal(new[] { "a", "b", "c" }, rows[0].Fields);
        Assert.Equal(new[] { "1", "", "3" }, rows[1].Fields);
        Assert.Equal(new[] { "4", "5", "6" }, rows[2].Fields);
        Assert.Equal(new long[] { 1, 2, 4 }, rows.Select(r => r.Line));
        Assert.All(rows, r => Assert.Null(r.Bad));
    }

    [Theory]
    [MemberData(nameof(Chunks))]
    public async Task Quoted_fields_keep_commas_newlines_and_escaped_quotes(int chunk)
    {
        var rows = await ReadAll("id,name\nA-1,\"Acme, \"\"the\"\"\nCorp\"\nA-2,\"\"\nA-3,x\n", chunk);

        Assert.Equal(new[] { "A-1", "Acme, \"the\"\nCorp" }, rows[1].Fields);
        Assert.Equal(new[] { "A-2", "" }, rows[2].Fields);
        // A quoted newline is a physical line of its own: A-3 is on line 5.
        Assert.Equal(new long[] { 1, 2, 4, 5 }, rows.Select(r => r.Line));
        Assert.All(rows, r => Assert.Null(r.Bad));
    }

    [Theory]
    [InlineData("a,b\n1,\"x\" y\n2,z\n", "text follows a closing quote")]
    [InlineData("a,b\n1,x\"y\n2,z\n", "a quote stands inside an unquoted field")]
    public async Task A_misplaced_quote_marks_only_its_own_record(string text, string reason)
    {
        var rows = await ReadAll(text);

        Assert.Equal(3, rows.Count);
        Assert.Equal(reason, rows[1].Bad);
        Assert.Null(rows[2].Bad);
        Assert.Equal(new[] { "2", "z" }, rows[2].Fields);
        Assert.Equal(3, rows[2].Line);
    }

    [Fact]
    public async Task A_quote_left_open_at_the_end_is_reported_not_swallowed()
    {
        var rows = await ReadAll("a,b\n1,\"never closed\n2,z\n");

        Assert.Equal(2, rows.Count);
        Assert.Equal("a quoted field is not closed before the end of the file", rows[1].Bad);
        Assert.Equal(2, rows[1].Line);
    }

    [Fact]
    public async Task The_last_record_needs_no_line_break_and_a_lone_cr_ends_a_record()
    {
        var rows = await ReadAll("a,b\r1,2\r3,\"4\"");

        Assert.Equal(new[] { "3", "4" }, rows[2].Fields);
        Assert.Equal(new long[] { 1, 2, 3 }, rows.Select(r => r.Line));
    }

    [Fact]
    public async Task A_record_longer_than_the_limit_stops_the_read_with_a_clear_message()
    {
        var text = "a\n\"" + new string('x', CsvRecordReader.MaxRecordChars + 10) + "\"\n";
        var reader = new CsvRecordReader(new StringReader(text));
        Assert.True(await reader.ReadAsync(CancellationToken.None));

        var error = await Assert.ThrowsAsync<InvalidDataException>(async () => await reader.ReadAsync(CancellationToken.None));
        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("is a quote not closed?", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_input_has_no_records()
    {
        Assert.Empty(await ReadAll(string.Empty));
        Assert.Empty(await ReadAll("\n\r\n"));
    }

    /// <summary>Hands out at most <c>chunk</c> characters per read, to cross every buffer boundary.</summary>
    private sealed class ChunkedReader(string text, int chunk) : TextReader
    {
        private int _position;

        public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

        public override int Read(Span<char> buffer)
        {
            var n = Math.Min(Math.Min(chunk, buffer.Length), text.Length - _position);
            text.AsSpan(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<char> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));
    }
}
