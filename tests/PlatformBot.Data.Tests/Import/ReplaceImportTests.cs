using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using PlatformBot.Data.Import;
using PlatformBot.Data.Storage;
using PlatformBot.Data.Tests.Support;

namespace PlatformBot.Data.Tests.Import;

/// <summary>end_date in subscriptions.csv and the importer's replace mode, on each store.</summary>
public sealed class ReplaceImportTests
{
    private static readonly DateOnly Today = new(2026, 11, 22);
    private static readonly FakeTimeProvider Time = new(new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero));

    private static Task<ImportResult> Import(TestStore store, ImportKind kind, string csv, ImportOptions? options = null) =>
        new CsvImporter(store.Connection, Time, NullLogger<CsvImporter>.Instance)
            .ImportAsync(kind, new MemoryStream(Encoding.UTF8.GetBytes(csv)), [], options ?? ImportOptions.Default with { Today = Today }, null, CancellationToken.None);

    private const string Accounts = "account_id,name\nA-1,Acme Corp\nA-2,Acme Labs\n";

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task An_end_date_that_is_not_a_date_is_an_error_with_its_line_and_column(StorageProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        Assert.True((await Import(store, ImportKind.Accounts, Accounts)).Succeeded);

        var result = await Import(store, ImportKind.Subscriptions, "subscription_id,account_id,plan,arr,end_date\nS-1,A-1,premium,10,2026-11-31\n");

        Assert.False(result.Succeeded);
        Assert.Equal("line 2, column 5 (end_date): end_date '2026-11-31' is not a date in yyyy-MM-dd form", Assert.Single(result.Errors).ToString());
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_replace_ends_an_absent_subscription_with_a_later_end_date_today_and_leaves_one_that_already_ended(StorageProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        Assert.True((await Import(store, ImportKind.Accounts, Accounts)).Succeeded);
        Assert.True((await Import(store, ImportKind.Subscriptions, """
            subscription_id,account_id,plan,arr,end_date
            S-1,A-1,premium,10,
            S-2,A-1,premium,10,2027-03-31
            S-3,A-2,premium,10,2026-11-01
            S-4,A-2,premium,10,
            """)).Succeeded);

        var dry = await Import(store, ImportKind.Subscriptions, "subscription_id,account_id,plan,arr\nS-1,A-1,premium,10\n",
            new ImportOptions { Replace = true, DryRun = true, Today = Today });
        var run = await Import(store, ImportKind.Subscriptions, "subscription_id,account_id,plan,arr\nS-1,A-1,premium,10\n",
            new ImportOptions { Replace = true, AllowLargeReplace = true, Today = Today });

        // S-2 was due to end next year, so it was active; S-3 had ended already and is not counted.
        Assert.True(dry.DryRun);
        Assert.Equal((2L, 3L), (dry.Replace!.Count, dry.Replace.ActiveBefore));
        Assert.Equal(["S-2", "S-4"], dry.Replace.Ids);
        Assert.True(dry.Replace.Large);
        Assert.False(run.RefusedAsLarge);
        Assert.Equal(["S-2", "S-4"], run.Replace!.Ids);
        await using var db = await store.Contexts.CreateDbContextAsync();
        var ends = await db.Subscriptions.ToDictionaryAsync(s => s.SubscriptionId, s => s.EndDate);
        Assert.Equal(new Dictionary<string, DateOnly?> { ["S-1"] = null, ["S-2"] = Today, ["S-3"] = new DateOnly(2026, 11, 1), ["S-4"] = Today }, ends);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_replace_refused_for_its_size_and_a_dry_run_write_nothing_not_even_the_file_s_own_rows(StorageProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        Assert.True((await Import(store, ImportKind.Accounts, Accounts)).Succeeded);

        var refused = await Import(store, ImportKind.Accounts, "account_id,name\nA-3,Initech\n", new ImportOptions { Replace = true, Today = Today });
        var dry = await Import(store, ImportKind.Accounts, "account_id,name\nA-4,Umbrella\nA-1,Acme Corp\n", new ImportOptions { Replace = true, DryRun = true, Today = Today });

        Assert.True(refused.RefusedAsLarge);
        Assert.True(refused.Replace!.Everything);
        Assert.Equal(0, refused.RowsWritten);
        Assert.Equal(["A-2"], dry.Replace!.Ids);
        await using var db = await store.Contexts.CreateDbContextAsync();
        Assert.Equal(["A-1", "A-2"], await db.Accounts.OrderBy(a => a.AccountId).Select(a => a.AccountId).ToListAsync());
        Assert.Equal(0, await db.Accounts.CountAsync(a => a.ArchivedAtUtc != null));
    }
}
