using PlatformBot.Data.Import;

namespace PlatformBot.Data.Tests.Import;

public sealed class KeyLinesTests
{
    [Fact]
    public void Every_repeated_key_is_found_with_its_first_line_across_many_growths()
    {
        var lines = new KeyLines();
        var keys = new List<long>();
        for (var instance = 1; instance <= 3_000; instance++)
        {
            foreach (var day in new[] { 739_000, 739_007, 739_014 })
            {
                // The importer's shape: instance number in the high half, date in the low half.
                keys.Add(((long)instance << 32) | (uint)day);
            }
        }

        for (var i = 0; i < keys.Count; i++)
        {
            Assert.True(lines.TryAdd(keys[i], i + 2, out _));
        }

        for (var i = keys.Count - 1; i >= 0; i -= 7)
        {
            Assert.False(lines.TryAdd(keys[i], 1_000_000, out var first));
            Assert.Equal(i + 2, first);
        }

        Assert.True(lines.TryAdd(((long)3_001 << 32) | 739_000u, 99, out _));
        Assert.True(lines.TryAdd(long.MinValue, 100, out _));
        Assert.False(lines.TryAdd(long.MinValue, 101, out var again));
        Assert.Equal(100, again);
    }
}
