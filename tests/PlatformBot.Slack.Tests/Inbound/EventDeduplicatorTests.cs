using Microsoft.Extensions.Time.Testing;

namespace PlatformBot.Slack.Tests;

public sealed class EventDeduplicatorTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));

    [Fact]
    public void First_delivery_is_new_and_redeliveries_are_not()
    {
        EventDeduplicator dedupe = new(_time, TimeSpan.FromMinutes(15), 100);

        Assert.True(dedupe.TryRegister("Ev1"));
        Assert.False(dedupe.TryRegister("Ev1"));
        _time.Advance(TimeSpan.FromMinutes(5)); // Slack's last retry comes about 5 minutes later
        Assert.False(dedupe.TryRegister("Ev1"));
        Assert.True(dedupe.TryRegister("Ev2"));
    }

    [Fact]
    public void Ids_are_forgotten_after_the_window()
    {
        EventDeduplicator dedupe = new(_time, TimeSpan.FromMinutes(15), 100);
        dedupe.TryRegister("Ev1");

        _time.Advance(TimeSpan.FromMinutes(15));

        Assert.True(dedupe.TryRegister("Ev1"));
        Assert.Equal(1, dedupe.Count);
    }

    [Fact]
    public void Capacity_bounds_memory_by_forgetting_the_oldest()
    {
        EventDeduplicator dedupe = new(_time, TimeSpan.FromHours(1), 3);
        foreach (var id in new[] { "Ev1", "Ev2", "Ev3", "Ev4" })
        {
            Assert.True(dedupe.TryRegister(id));
        }

        Assert.Equal(3, dedupe.Count);
        Assert.True(dedupe.TryRegister("Ev1"));
        Assert.False(dedupe.TryRegister("Ev4"));
    }

    [Fact]
    public void Removed_id_is_let_through_again_so_a_failed_event_can_be_retried()
    {
        EventDeduplicator dedupe = new(_time, TimeSpan.FromMinutes(15), 10);
        dedupe.TryRegister("Ev1");

        dedupe.Remove("Ev1");

        Assert.True(dedupe.TryRegister("Ev1"));
        Assert.False(dedupe.TryRegister("Ev1"));
    }

    [Fact]
    public void Re_registered_id_is_not_forgotten_by_its_stale_first_entry()
    {
        EventDeduplicator dedupe = new(_time, TimeSpan.FromMinutes(10), 10);
        dedupe.TryRegister("Ev1");
        dedupe.Remove("Ev1");
        _time.Advance(TimeSpan.FromMinutes(6));
        dedupe.TryRegister("Ev1");

        _time.Advance(TimeSpan.FromMinutes(6)); // the first entry expires, the second does not

        Assert.False(dedupe.TryRegister("Ev1"));
    }

    [Fact]
    public async Task Concurrent_deliveries_of_one_id_are_admitted_exactly_once()
    {
        EventDeduplicator dedupe = new(_time, TimeSpan.FromMinutes(15), 10_000);
        var admitted = 0;

        await Parallel.ForEachAsync(Enumerable.Range(0, 2_000), (i, _) =>
        {
            if (dedupe.TryRegister($"Ev{i % 100}"))
            {
                Interlocked.Increment(ref admitted);
            }

            return ValueTask.CompletedTask;
        });

        Assert.Equal(100, admitted);
    }
}
