using System.Text;
using PlatformBot.Data.Import;

namespace PlatformBot.Data.Tests.Import;

public sealed class Utf8TextReaderTests
{
    /// <summary>A stream that hands out at most <paramref name="chunk"/> bytes per read, to split sequences anywhere.</summary>
    private sealed class TrickleStream(byte[] bytes, int chunk) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunk));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], cancellationToken);
    }

    private static async Task<(string Text, List<long> Invalid)> ReadAll(byte[] bytes, int chunk, int charsPerRead)
    {
        using var reader = new Utf8TextReader(new TrickleStream(bytes, chunk));
        var text = new StringBuilder();
        var buffer = new char[charsPerRead];
        int read;
        while ((read = await reader.ReadAsync(buffer.AsMemory(), CancellationToken.None)) > 0)
        {
            text.Append(buffer, 0, read);
        }

        // Claimed char by char, as records claim theirs.
        var invalid = new List<long>();
        for (var end = 1; end <= text.Length + 1; end++)
        {
            if (reader.TakeInvalidBefore(end, out var first) > 0)
            {
                invalid.Add(first);
            }
        }

        return (text.ToString(), invalid);
    }

    private static byte[] Bytes(params object[] parts) => parts.SelectMany(p => p is string s ? Encoding.UTF8.GetBytes(s) : (byte[])p).ToArray();

    public static TheoryData<int, int> Sizes => new() { { 1 << 16, 1 << 16 }, { 1, 1 }, { 1, 7 }, { 2, 1 }, { 3, 2 }, { 5, 3 } };

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task Text_decodes_whatever_the_read_sizes_and_each_invalid_sequence_is_one_replacement_at_its_offset(int chunk, int charsPerRead)
    {
        // a é 😀 (two chars) then 0xFF (invalid), b, a truncated 3-byte sequence (E2 82), c, and a lone continuation byte.
        var bytes = Bytes("\uFEFFaé😀", new byte[] { 0xFF }, "b", new byte[] { 0xE2, 0x82 }, "c", new byte[] { 0x80 });

        var (text, invalid) = await ReadAll(bytes, chunk, charsPerRead);

        Assert.Equal("aé😀\uFFFDb\uFFFDc\uFFFD", text);
        Assert.Equal([4, 6, 8], invalid);
    }

    [Fact]
    public void The_synchronous_reads_decode_the_same()
    {
        var bytes = Bytes("\uFEFFa,é\n😀", new byte[] { 0xFF }, "z");
        using var reader = new Utf8TextReader(new TrickleStream(bytes, 3));

        Assert.Equal('a', (char)reader.Read());
        Assert.Equal(",é\n😀\uFFFDz", reader.ReadToEnd());
        Assert.Equal(-1, reader.Read());
    }

    [Fact]
    public async Task A_utf16_file_reads_as_empty_and_says_so()
    {
        using var reader = new Utf8TextReader(new MemoryStream(Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("a,b\n")).ToArray()));

        Assert.Equal(0, await reader.ReadAsync(new char[16].AsMemory(), CancellationToken.None));
        Assert.True(reader.IsUtf16);
    }
}
