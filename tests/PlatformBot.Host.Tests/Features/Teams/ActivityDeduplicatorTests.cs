using Microsoft.Extensions.Time.Testing;
using PlatformBot.Host.Features.Teams;

namespace PlatformBot.Host.Tests.Features.Teams;

public sealed class ActivityDeduplicatorTests
{
    [Fact]
    public void A_repeated_id_is_refused_until_it_expires()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero));
        var dedup = new ActivityDeduplicator(time);

        Assert.True(dedup.TryBegin("c1", "a1"));
        Assert.False(dedup.TryBegin("c1", "a1"));
        Assert.True(dedup.TryBegin("c2", "a1"));

        time.Advance(ActivityDeduplicator.Retention);
        Assert.True(dedup.TryBegin("c1", "a1"));
    }

    [Fact]
    public void The_set_stays_bounded()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero));
        var dedup = new ActivityDeduplicator(time);

        for (var i = 0; i < ActivityDeduplicator.Capacity + 50; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(1));
            Assert.True(dedup.TryBegin("c", i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        Assert.True(dedup.Count <= ActivityDeduplicator.Capacity);
        Assert.False(dedup.TryBegin("c", (ActivityDeduplicator.Capacity + 49).ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void A_forgotten_id_is_handled_again()
    {
        var dedup = new ActivityDeduplicator(new FakeTimeProvider());

        Assert.True(dedup.TryBegin("c", "a"));
        dedup.Forget("c", "a");
        Assert.True(dedup.TryBegin("c", "a"));
    }
}
