using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PlatformBot.Host.Features.Lookup;
using PlatformBot.Host.Features.Scoring;
using PlatformBot.Scoring;

namespace PlatformBot.Host.Tests.Features.Lookup;

public sealed class CardCacheTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
    private readonly StoreChanges _changes = new();

    private CardCache Cache(TimeSpan? cacheFor = null, int entries = 100) =>
        new(_changes, _time, Options.Create(new LookupOptions { CardCacheFor = cacheFor ?? TimeSpan.FromSeconds(60), CardCacheEntries = entries }));

    private static readonly IReadOnlyList<StoredScore> History = [Fixtures.Snapshot(new DateOnly(2026, 11, 16), 1, "1", "green", "red", "red", "unknown")];

    [Fact]
    public void A_card_is_reused_for_the_same_account_and_day_within_its_age()
    {
        var cache = Cache();
        var score = Fixtures.Score("premium", Fixtures.Today, Fixtures.TwoGreen);
        cache.Set("A-000001", Fixtures.Today, _changes.Version, score, History);
        _time.Advance(TimeSpan.FromSeconds(59));

        Assert.True(cache.TryGet("A-000001", Fixtures.Today, out var cached, out var history));
        Assert.Same(score, cached);
        Assert.Same(History, history);
        Assert.False(cache.TryGet("A-000002", Fixtures.Today, out _, out _));
        Assert.False(cache.TryGet("A-000001", Fixtures.Today.AddDays(1), out _, out _));
    }

    [Fact]
    public void An_import_or_scoring_run_in_this_process_drops_every_card_at_once()
    {
        var cache = Cache();
        cache.Set("A-000001", Fixtures.Today, _changes.Version, Fixtures.Score("premium", Fixtures.Today, Fixtures.TwoGreen), History);

        _changes.Changed();

        Assert.False(cache.TryGet("A-000001", Fixtures.Today, out _, out _));
    }

    [Fact]
    public void A_write_while_the_card_was_computed_leaves_that_card_out_of_date()
    {
        var cache = Cache();
        var versionBeforeLoad = _changes.Version;
        _changes.Changed(); // an import lands while the score is read

        cache.Set("A-000001", Fixtures.Today, versionBeforeLoad, Fixtures.Score("premium", Fixtures.Today, Fixtures.TwoGreen), History);

        Assert.False(cache.TryGet("A-000001", Fixtures.Today, out _, out _));
    }

    [Fact]
    public void Cards_expire_after_their_age_so_writes_by_other_processes_show_up()
    {
        var cache = Cache(TimeSpan.FromSeconds(60));
        cache.Set("A-000001", Fixtures.Today, _changes.Version, Fixtures.Score("premium", Fixtures.Today, Fixtures.TwoGreen), History);
        _time.Advance(TimeSpan.FromSeconds(60));

        Assert.False(cache.TryGet("A-000001", Fixtures.Today, out _, out _));
    }

    [Fact]
    public void A_zero_age_turns_the_cache_off_and_the_entry_limit_bounds_memory()
    {
        var off = Cache(TimeSpan.Zero);
        off.Set("A-000001", Fixtures.Today, _changes.Version, Fixtures.Score("premium", Fixtures.Today, Fixtures.TwoGreen), History);
        Assert.False(off.TryGet("A-000001", Fixtures.Today, out _, out _));

        var small = Cache(entries: 2);
        var score = Fixtures.Score("premium", Fixtures.Today, Fixtures.TwoGreen);
        small.Set("A-1", Fixtures.Today, 0, score, History);
        small.Set("A-2", Fixtures.Today, 0, score, History);
        small.Set("A-3", Fixtures.Today, 0, score, History);
        Assert.False(small.TryGet("A-1", Fixtures.Today, out _, out _));
        Assert.True(small.TryGet("A-3", Fixtures.Today, out _, out _));
    }
}
