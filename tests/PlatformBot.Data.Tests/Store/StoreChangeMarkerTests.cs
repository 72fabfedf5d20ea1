using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PlatformBot.Data.Import;
using PlatformBot.Data.Storage;
using PlatformBot.Data.Store;
using PlatformBot.Data.Tests.Support;

namespace PlatformBot.Data.Tests.Store;

/// <summary>The store's change marker (ADR 0021) moves exactly when a write commits, on each store.</summary>
public sealed class StoreChangeMarkerTests
{
    private static readonly DateOnly Today = new(2026, 11, 22);
    private static readonly FakeTimeProvider Time = new(new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero));

    private static Task<ImportResult> Import(TestStore store, ImportKind kind, string csv, bool dryRun = false) =>
        new CsvImporter(store.Connection, Time, NullLogger<CsvImporter>.Instance)
            .ImportAsync(kind, new MemoryStream(Encoding.UTF8.GetBytes(csv)), [], ImportOptions.Default with { Today = Today, DryRun = dryRun }, null, CancellationToken.None);

    private static async Task<(long Version, long Accounts)> MarkAsync(TestStore store)
    {
        using var initializer = new StoreInitializer(store.Contexts, store.Connection, Options.Create(new StorageOptions { Provider = store.Connection.Provider }),
            NullLogger<StoreInitializer>.Instance);
        var mark = await new StoreChangeMarker(store.Connection, initializer).ReadAsync(CancellationToken.None);
        return (mark!.Version, mark.AccountsVersion);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Committed_imports_move_the_marker_and_rejected_imports_and_dry_runs_leave_it(StorageProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        Assert.Equal((0L, 0L), await MarkAsync(store));

        Assert.True((await Import(store, ImportKind.Accounts, "account_id,name\nA-1,Acme Corp\n")).Succeeded);
        Assert.Equal((1L, 1L), await MarkAsync(store));

        Assert.True((await Import(store, ImportKind.Subscriptions, "subscription_id,account_id,plan,arr\nS-1,A-1,premium,10\n")).Succeeded);
        Assert.Equal((2L, 1L), await MarkAsync(store)); // not an accounts change: the directory stays

        Assert.False((await Import(store, ImportKind.Subscriptions, "subscription_id,account_id,plan,arr\nS-2,A-404,premium,10\n")).Succeeded);
        Assert.True((await Import(store, ImportKind.Accounts, "account_id,name\nA-2,Acme Labs\n", dryRun: true)).DryRun);
        Assert.Equal((2L, 1L), await MarkAsync(store));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_committed_score_run_moves_the_marker_and_an_abandoned_one_does_not(StorageProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        using var initializer = new StoreInitializer(store.Contexts, store.Connection, Options.Create(new StorageOptions { Provider = provider }),
            NullLogger<StoreInitializer>.Instance);
        var snapshots = new SnapshotStore(store.Connection, initializer);

        await using (await snapshots.BeginWriteAsync(Today, Time.GetUtcNow().UtcDateTime, CancellationToken.None))
        {
            // abandoned: disposed without CommitAsync
        }

        Assert.Equal((0L, 0L), await MarkAsync(store));
        await using (var writer = await snapshots.BeginWriteAsync(Today, Time.GetUtcNow().UtcDateTime, CancellationToken.None))
        {
            await writer.CommitAsync(CancellationToken.None);
        }

        Assert.Equal((1L, 0L), await MarkAsync(store));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task The_marker_is_one_row_and_the_database_refuses_a_second(StorageProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await using var db = await store.Contexts.CreateDbContextAsync();
        db.StoreVersions.Add(new Entities.StoreVersion { Id = 2 });

        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        await using var fresh = await store.Contexts.CreateDbContextAsync();
        Assert.Equal(Entities.StoreVersion.RowId, (await fresh.StoreVersions.SingleAsync()).Id);
    }
}
