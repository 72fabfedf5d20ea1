using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using PlatformBot.Data.Storage;
using PlatformBot.Host.Features.Lookup;
using PlatformBot.Host.Features.Scoring;
using PlatformBot.Host.Tests.Support;

namespace PlatformBot.Host.Tests.Features.Lookup;

/// <summary>
/// Freshness across processes (ADR 0021): a running host (WebApplicationFactory) and the built `platformbot` binary, a
/// separate OS process, on one store - a SQLite file and a real PostgreSQL database. What the second process imports or
/// scores reaches the running host's account directory and card cache within 5 s, through the store's change marker.
/// </summary>
public sealed class StoreChangeFreshnessTests
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(5);

    public static TheoryData<StorageProvider> Providers => StoreProviders.All();

    private static readonly Viewer Tester = new("test", "test", MaySeeArr: false, null);

    /// <summary>How long until <paramref name="condition"/> holds (polled every 50 ms), or null after twice the budget.</summary>
    private static async Task<TimeSpan?> TimeUntilAsync(Func<Task<bool>> condition)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Budget * 2)
        {
            if (await condition())
            {
                return clock.Elapsed;
            }

            await Task.Delay(50);
        }

        return null;
    }

    private static PlatformBotFactory HostOn(CliStore store)
    {
        var factory = new PlatformBotFactory().With("Digests:SchedulerEnabled", "false");
        foreach (var (key, value) in store.HostSettings)
        {
            factory.With(key, value);
        }

        return factory;
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task An_account_imported_by_another_process_reaches_the_running_hosts_directory_within_5_s(StorageProvider provider)
    {
        await using var store = await CliStore.CreateAsync(provider);
        await store.OkAsync("import", "accounts", store.Write("accounts.csv", SampleData.Accounts));
        using var factory = HostOn(store);
        var directory = factory.Services.GetRequiredService<AccountDirectory>();
        Assert.Null(await directory.FindAsync("A-4", CancellationToken.None)); // loaded, without A-4

        await store.OkAsync("import", "accounts", store.Write("more-accounts.csv", """
            account_id,name,segment,region,csm,owner
            A-4,Initech,smb,emea,,sam@example.com
            """));

        var seen = await TimeUntilAsync(async () => await directory.FindAsync("A-4", CancellationToken.None) is not null);
        Assert.True(seen < Budget, $"the running host saw the new account after {seen?.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) ?? "more than 10"} s");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_score_run_by_another_process_reaches_the_running_hosts_cards_within_5_s(StorageProvider provider)
    {
        await using var store = await CliStore.CreateAsync(provider);
        await store.OkAsync("import", "accounts", store.Write("accounts.csv", SampleData.Accounts));
        await store.OkAsync("import", "subscriptions", store.Write("subscriptions.csv", SampleData.Subscriptions));
        await store.OkAsync("import", "usage", store.Write("usage.csv", SampleData.Usage));
        using var factory = HostOn(store);
        var lookup = factory.Services.GetRequiredService<LookupService>();
        var cards = factory.Services.GetRequiredService<CardCache>();
        var today = factory.Services.GetRequiredService<BusinessCalendar>().Today;
        await lookup.CardAsync("A-1", Tester, CancellationToken.None);
        Assert.True(cards.TryGet("A-1", today, out _, out var before));
        Assert.Empty(before); // no stored score yet

        await store.OkAsync("score", "--as-of", SampleData.SnapshotDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

        var seen = await TimeUntilAsync(async () =>
        {
            await lookup.CardAsync("A-1", Tester, CancellationToken.None);
            return cards.TryGet("A-1", today, out _, out var history) && history.Count == 1;
        });
        Assert.True(seen < Budget, $"the running host's card showed the new score after {seen?.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) ?? "more than 10"} s");
    }

    [Fact]
    public async Task An_unchanged_marker_drops_neither_the_card_cache_nor_the_directory()
    {
        // The background poll waits an hour between reads here: the test polls by hand.
        using var factory = new PlatformBotFactory().With("Lookup:StoreChangePollInterval", "01:00:00").With("Digests:SchedulerEnabled", "false");
        await SampleData.SeedAsync(factory.Services);
        var poller = factory.Services.GetRequiredService<StoreChangePoller>();
        var directory = factory.Services.GetRequiredService<AccountDirectory>();
        var cards = factory.Services.GetRequiredService<CardCache>();
        var today = factory.Services.GetRequiredService<BusinessCalendar>().Today;
        await poller.PollAsync(CancellationToken.None); // takes in the seed's writes
        await factory.Services.GetRequiredService<LookupService>().CardAsync("A-1", Tester, CancellationToken.None);
        var index = await directory.IndexAsync(CancellationToken.None);

        var dropped = await poller.PollAsync(CancellationToken.None);

        Assert.False(dropped);
        Assert.True(cards.TryGet("A-1", today, out _, out _));
        Assert.Same(index, await directory.IndexAsync(CancellationToken.None));
    }
}
