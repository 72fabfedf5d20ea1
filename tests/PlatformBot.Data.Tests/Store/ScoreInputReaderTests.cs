using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PlatformBot.Data.Import;
using PlatformBot.Data.Storage;
using PlatformBot.Data.Store;
using PlatformBot.Data.Tests.Support;
using PlatformBot.Scoring;

namespace PlatformBot.Data.Tests.Store;

public sealed class ScoreInputReaderTests
{
    private static readonly string[] UsageColumns = ["billable_users", "licensed_users"];

    private static readonly DateOnly Today = new(2026, 11, 22);

    private static readonly ScoringModel Model = ScoringModel.Default;

    /// <summary>
    /// Five accounts (A-5 without subscriptions). Instance i-2 reported under A-1's S-1 until 2 November and under A-4's
    /// S-4 from 16 November: as of 9 November its newest row is A-1's, in another batch than its instance's subscription now.
    /// </summary>
    private static async Task SeedAsync(TestStore store)
    {
        await ImportAsync(store, ImportKind.Accounts, """
            account_id,name
            A-1,Acme
            A-2,Bravo
            A-3,Charlie
            A-4,Delta
            A-5,Echo
            """);
        await ImportAsync(store, ImportKind.Subscriptions, """
            subscription_id,account_id,plan,arr,delivery,customer_since
            S-1,A-1,ultimate,1000,saas,2024-01-01
            S-2,A-2,premium,200,saas,2024-01-01
            S-3,A-3,premium,300,saas,2024-01-01
            S-4,A-4,ultimate,400,saas,2024-01-01
            """);
        await ImportAsync(store, ImportKind.Usage, """
            instance_id,subscription_id,instance_type,snapshot_date,billable_users,licensed_users
            i-1,S-1,production,2026-11-09,90,100
            i-1,S-1,production,2026-11-16,95,100
            i-2,S-1,production,2026-11-02,40,50
            i-2,S-4,production,2026-11-16,45,50
            i-3,S-3,production,2026-11-16,7,10
            """);
    }

    private static async Task ImportAsync(TestStore store, ImportKind kind, string csv)
    {
        var importer = new CsvImporter(store.Connection, new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero)), NullLogger<CsvImporter>.Instance);
        var result = await importer.ImportAsync(kind, new MemoryStream(Encoding.UTF8.GetBytes(csv)), UsageColumns, Today, null, CancellationToken.None);
        Assert.True(result.Succeeded, kind + " import failed");
    }

    private static ScoreInputReader Reader(TestStore store) =>
        new(store.Connection, new StoreInitializer(store.Contexts, store.Connection,
            Options.Create(new StorageOptions { Provider = store.Connection.Provider }), NullLogger<StoreInitializer>.Instance));

    private static async Task<List<ScoreInputBatch>> ReadAllAsync(TestStore store, DateOnly asOf, int batchSize)
    {
        var batches = new List<ScoreInputBatch>();
        await foreach (var batch in Reader(store).ReadAllAsync(Model, asOf, batchSize, CancellationToken.None))
        {
            batches.Add(batch);
        }

        return batches;
    }

    /// <summary>An account's inputs as one comparable line: subscriptions, ARR, and each usage row's instance, date and values.</summary>
    private static string Describe(AccountInput input) =>
        input.AccountId + " " + string.Join("; ", input.Subscriptions.Select(s =>
            string.Create(CultureInfo.InvariantCulture, $"{s.SubscriptionId} {s.Plan} {s.Arr} [") +
            string.Join(", ", s.Usage.OrderBy(u => u.InstanceId, StringComparer.Ordinal).Select(u =>
                string.Create(CultureInfo.InvariantCulture, $"{u.InstanceId}@{u.SnapshotDate:yyyy-MM-dd}={Values(u)}"))) + "]"));

    /// <summary>The known values by input column name: "billable_users 90 licensed_users 100".</summary>
    private static string Values(UsageSnapshot row) =>
        string.Join(" ", row.Values.Select((v, i) => v is { } known ? string.Create(CultureInfo.InvariantCulture, $"{Model.InputColumns[i]} {known}") : null).OfType<string>());

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task The_whole_store_comes_in_batches_ordered_by_account_id_with_every_live_account_once(StorageProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await SeedAsync(store);

        var batches = await ReadAllAsync(store, new DateOnly(2026, 11, 16), batchSize: 2);

        Assert.Equal([["A-1", "A-2"], ["A-3", "A-4"], ["A-5"]], batches.Select(b => b.Accounts.Select(a => a.AccountId).ToArray()).ToArray());
        Assert.Empty(Assert.Single(batches[2].Accounts).Subscriptions);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Small_batches_read_the_same_inputs_as_one_batch_today_and_on_a_historical_date(StorageProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await SeedAsync(store);

        foreach (var asOf in new[] { new DateOnly(2026, 11, 16), new DateOnly(2026, 11, 9) })
        {
            var small = (await ReadAllAsync(store, asOf, batchSize: 2)).SelectMany(b => b.Accounts).Select(Describe).ToList();
            var whole = (await ReadAllAsync(store, asOf, batchSize: 1_000)).SelectMany(b => b.Accounts).Select(Describe).ToList();

            Assert.Equal(whole, small);
        }
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task An_instance_counts_on_a_historical_date_under_the_subscription_it_reported_under_then(StorageProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await SeedAsync(store);

        var accounts = (await ReadAllAsync(store, new DateOnly(2026, 11, 9), batchSize: 2)).SelectMany(b => b.Accounts).ToDictionary(a => a.AccountId);

        // i-2 moved to A-4's S-4 on 16 November; on 9 November its newest row is the one under A-1's S-1 (another batch).
        Assert.Equal("A-1 S-1 ultimate 1000 [i-1@2026-11-09=billable_users 90 licensed_users 100, i-2@2026-11-02=billable_users 40 licensed_users 50]",
            Describe(accounts["A-1"]));
        Assert.Empty(Assert.Single(accounts["A-4"].Subscriptions).Usage);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Archived_accounts_are_not_read_even_when_a_whole_page_is_archived(StorageProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await SeedAsync(store);
        // A replace import that no longer lists archives them: with pages of two, the second page has no live account.
        var importer = new CsvImporter(store.Connection, new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero)), NullLogger<CsvImporter>.Instance);
        var replace = await importer.ImportAsync(ImportKind.Accounts, new MemoryStream(Encoding.UTF8.GetBytes("account_id,name\nA-1,Acme\nA-2,Bravo\nA-5,Echo\n")),
            UsageColumns, ImportOptions.Default with { Today = Today, Replace = true }, null, CancellationToken.None);
        Assert.True(replace.Succeeded);

        var batches = await ReadAllAsync(store, new DateOnly(2026, 11, 16), batchSize: 2);

        Assert.Equal([["A-1", "A-2"], ["A-5"]], batches.Select(b => b.Accounts.Select(a => a.AccountId).ToArray()).ToArray());
    }
}
