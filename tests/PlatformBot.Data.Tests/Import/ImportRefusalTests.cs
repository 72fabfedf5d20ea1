using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using PlatformBot.Data.Import;
using PlatformBot.Data.Storage;
using PlatformBot.Data.Tests.Support;

namespace PlatformBot.Data.Tests.Import;

/// <summary>
/// Every file the importer refuses, run on SQLite and on PostgreSQL: the same errors (line, column, message) on both,
/// and nothing written. The validation runs before any row reaches a provider, so a provider that would store a value
/// (SQLite and NUL) or choke on it (PostgreSQL and NUL: a 500 over HTTP) never sees it.
/// </summary>
public sealed class ImportRefusalTests
{
    private static readonly string[] UsageColumns = ["billable_users", "licensed_users"];

    /// <summary>Today as the host would pass it (Scoring:TimeZone): snapshots up to 2026-11-23 are accepted.</summary>
    private static readonly DateOnly Today = new(2026, 11, 22);

    private const string TooLargeCount = "99999999999999999999";

    private sealed record Case(ImportKind Kind, byte[] File, string[] Errors);

    private static byte[] Text(string csv) => Encoding.UTF8.GetBytes(csv);

    private static byte[] Bytes(params object[] parts) =>
        parts.SelectMany(p => p is string s ? Encoding.UTF8.GetBytes(s) : (byte[])p).ToArray();

    private static readonly Dictionary<string, Case> Cases = new(StringComparer.Ordinal)
    {
        ["an account id twice"] = new(ImportKind.Accounts, Text("account_id,name\nA-7,One\nA-8,Two\nA-7,Three\n"),
            ["line 4, column 1 (account_id): account_id 'A-7' appears twice in the file: on line 2 and on line 4 (a file may hold each key once)"]),
        ["a subscription id twice"] = new(ImportKind.Subscriptions, Text("plan,subscription_id,account_id,arr\npremium,S-7,A-1,1\npremium,S-7,A-2,2\n"),
            ["line 3, column 2 (subscription_id): subscription_id 'S-7' appears twice in the file: on line 2 and on line 3 (a file may hold each key once)"]),
        ["a usage key twice"] = new(ImportKind.Usage,
            Text("instance_id,subscription_id,snapshot_date,billable_users\ni-1,S-1,2026-11-16,1\ni-1,S-1,2026-11-09,2\ni-1,S-2,2026-11-16,3\n"),
            ["line 4, column 1 (instance_id): instance_id 'i-1' with snapshot_date 2026-11-16 appears twice in the file: on line 2 and on line 4 (a file may hold each key once)"]),
        ["NUL in a name"] = new(ImportKind.Accounts, Text("account_id,name\nA-7,Ac\0me\n"),
            ["line 2, column 2 (name): name contains the control character U+0000 (a cell may hold no control character but tab)"]),
        ["a control character in a usage id"] = new(ImportKind.Usage, Text("instance_id,subscription_id,snapshot_date\ni-\u00011,S-1,2026-11-16\n"),
            ["line 2, column 1 (instance_id): instance_id contains the control character U+0001 (a cell may hold no control character but tab)"]),
        ["a C1 control character at the end of a cell, where trimming would hide it"] = new(ImportKind.Accounts, Text("account_id,name\nA-7,Acme\u0085\n"),
            ["line 2, column 2 (name): name contains the control character U+0085 (a cell may hold no control character but tab)"]),
        ["a line break inside a quoted name"] = new(ImportKind.Accounts, Text("account_id,name\nA-7,\"Acme\nCorp\"\nA-8,Fine\n"),
            ["line 2, column 2 (name): name contains the control character U+000A (a cell may hold no control character but tab)"]),
        ["invalid UTF-8 on line 3"] = new(ImportKind.Accounts, Bytes("account_id,name\nA-7,Fine\nA-8,M", new byte[] { 0xFC }, "ller\nA-9,Fine\n"),
            ["line 3, column 2 (name): name is not valid UTF-8 (save the file as UTF-8; a byte-order mark is allowed)"]),
        ["invalid UTF-8 in the header"] = new(ImportKind.Accounts, Bytes("account_id,n", new byte[] { 0xC3, 0x28 }, "me\nA-7,Fine\n"),
            ["line 1, column 2: the header is not valid UTF-8 (save the file as UTF-8; a byte-order mark is allowed)"]),
        ["a snapshot more than a day after today"] = new(ImportKind.Usage, Text("instance_id,subscription_id,snapshot_date\ni-1,S-1,2026-11-24\n"),
            ["line 2, column 3 (snapshot_date): snapshot_date '2026-11-24' is more than one day after today (2026-11-22)"]),
        ["a snapshot before 2000"] = new(ImportKind.Usage, Text("instance_id,subscription_id,snapshot_date\ni-1,S-1,1999-12-31\n"),
            ["line 2, column 3 (snapshot_date): snapshot_date '1999-12-31' is before 2000-01-01"]),
        ["a count too large for 64 bits"] = new(ImportKind.Usage, Text($"instance_id,subscription_id,snapshot_date,licensed_users\ni-1,S-1,2026-11-16,{TooLargeCount}\n"),
            [$"line 2, column 4 (licensed_users): licensed_users '{TooLargeCount}' is too large (at most 9223372036854775807)"]),
        ["an ARR too large"] = new(ImportKind.Subscriptions,
            Text("subscription_id,account_id,plan,arr\nS-7,A-1,premium,1000000000000.01\nS-8,A-1,premium,99999999999999999999999999999999.5\n"),
            [
                "line 2, column 4 (arr): arr '1000000000000.01' is too large (at most 1000000000000)",
                "line 3, column 4 (arr): arr '99999999999999999999999999999999.5' is too large (at most 1000000000000)",
            ]),
        ["an unknown subscription in the instance map"] = new(ImportKind.InstanceMap, Text("instance_id,subscription_id\ni-1,S-1\ni-2,S-404\n"),
            ["line 3, column 2 (subscription_id): subscription_id 'S-404' does not exist (import subscriptions first)"]),
        ["an instance twice in the instance map"] = new(ImportKind.InstanceMap, Text("instance_id,subscription_id\ni-1,S-1\ni-1,S-2\n"),
            ["line 3, column 1 (instance_id): instance_id 'i-1' appears twice in the file: on line 2 and on line 3 (a file may hold each key once)"]),
        ["an instance map without its subscription column"] = new(ImportKind.InstanceMap, Text("instance_id\ni-1\n"),
            ["line 1: required column 'subscription_id' is missing from the header"]),
        ["a semicolon-separated header"] = new(ImportKind.Accounts, Text("account_id;name\nA-7;Acme\n"),
            ["line 1: the header looks semicolon-separated; save the file with commas between the columns (comma-separated values)"]),
        ["a tab-separated header"] = new(ImportKind.Usage, Text("instance_id\tsubscription_id\tsnapshot_date\ni-1\tS-1\t2026-11-16\n"),
            ["line 1: the header looks tab-separated; save the file with commas between the columns (comma-separated values)"]),
    };

    public static TheoryData<StorageProvider, string> Refusals()
    {
        var data = new TheoryData<StorageProvider, string>();
        foreach (var provider in Providers.All())
        {
            foreach (var name in Cases.Keys)
            {
                data.Add(provider, name);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_refused_file_gets_the_same_errors_on_every_provider_and_writes_nothing(StorageProvider provider, string refusal)
    {
        var (kind, file, errors) = Cases[refusal];
        await using var store = await SeededStoreAsync(provider);
        var before = await ContentsAsync(store);

        var result = await Import(store, kind, file);

        Assert.False(result.Succeeded);
        Assert.Equal(errors, result.Errors.Select(e => e.ToString()));
        Assert.Equal(0, result.RowsWritten);
        Assert.Equal(before, await ContentsAsync(store));
    }

    /// <summary>The edges of the refusals above are accepted: the day after today, 2000-01-01, a tab, the largest count and ARR.</summary>
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task The_limits_themselves_are_accepted(StorageProvider provider)
    {
        await using var store = await SeededStoreAsync(provider);

        var usage = await Import(store, ImportKind.Usage,
            Text("instance_id,subscription_id,snapshot_date,billable_users\ni-\t7,S-1,2026-11-23,9223372036854775807\ni-8,S-1,2000-01-01,0\n"));
        var subscriptions = await Import(store, ImportKind.Subscriptions, Text("subscription_id,account_id,plan,arr\nS-9,A-1,premium,1000000000000.00\n"));
        var accounts = await Import(store, ImportKind.Accounts, Text("account_id,name\nA-9,\"Tab\tand 😀, \"\"quoted\"\"\"\n"));

        Assert.True(usage.Succeeded, string.Join("; ", usage.Errors));
        Assert.True(subscriptions.Succeeded, string.Join("; ", subscriptions.Errors));
        Assert.True(accounts.Succeeded, string.Join("; ", accounts.Errors));
        await using var db = await store.Contexts.CreateDbContextAsync();
        Assert.Equal("9223372036854775807", (await db.UsageRows.SingleAsync(u => u.InstanceId == "i-\t7")).Metrics);
        Assert.Equal(100_000_000_000_000, (await db.Subscriptions.SingleAsync(s => s.SubscriptionId == "S-9")).ArrCents);
        Assert.Equal("Tab\tand 😀, \"quoted\"", (await db.Accounts.SingleAsync(a => a.AccountId == "A-9")).Name);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task An_instance_map_row_imported_again_replaces_its_mapping(StorageProvider provider)
    {
        await using var store = await SeededStoreAsync(provider);

        var first = await Import(store, ImportKind.InstanceMap, Text("instance_id,subscription_id\ni-1,S-1\ni-2,S-1\n"));
        var second = await Import(store, ImportKind.InstanceMap, Text("instance_id,subscription_id\ni-2,S-2\n"));

        Assert.True(first.Succeeded && second.Succeeded, string.Join("; ", first.Errors.Concat(second.Errors)));
        await using var db = await store.Contexts.CreateDbContextAsync();
        Assert.Equal(["i-1|S-1", "i-2|S-2"], await db.InstanceMap.OrderBy(m => m.InstanceId).Select(m => m.InstanceId + "|" + m.SubscriptionId).ToListAsync());
    }

    private static async Task<TestStore> SeededStoreAsync(StorageProvider provider)
    {
        var store = await TestStore.CreateAsync(provider);
        foreach (var (kind, csv) in new[]
        {
            (ImportKind.Accounts, "account_id,name\nA-1,Acme\nA-2,Globex\n"),
            (ImportKind.Subscriptions, "subscription_id,account_id,plan,arr\nS-1,A-1,ultimate,10\nS-2,A-2,premium,20\n"),
            (ImportKind.Usage, "instance_id,subscription_id,snapshot_date,billable_users\ni-0,S-1,2026-11-09,5\n"),
        })
        {
            var seeded = await Import(store, kind, Text(csv));
            Assert.True(seeded.Succeeded, string.Join("; ", seeded.Errors));
        }

        return store;
    }

    /// <summary>Every row the importer can write, as text: equal before and after means nothing was written.</summary>
    private static async Task<string> ContentsAsync(TestStore store)
    {
        await using var db = await store.Contexts.CreateDbContextAsync();
        var accounts = await db.Accounts.AsNoTracking().Select(a => a.AccountId + "|" + a.Name + "|" + a.UpdatedAtUtc).ToListAsync();
        var subscriptions = await db.Subscriptions.AsNoTracking().Select(s => s.SubscriptionId + "|" + s.AccountId + "|" + s.ArrCents).ToListAsync();
        var usage = await db.UsageRows.AsNoTracking().Select(u => u.InstanceId + "|" + u.SnapshotDate + "|" + u.Metrics).ToListAsync();
        var instances = await db.Instances.AsNoTracking().Select(i => i.InstanceId + "|" + i.LastSnapshotDate).ToListAsync();
        var metrics = await db.MetricColumns.AsNoTracking().Select(m => m.Name + "|" + m.Ordinal).ToListAsync();
        var map = await db.InstanceMap.AsNoTracking().Select(m => m.InstanceId + "|" + m.SubscriptionId).ToListAsync();
        return string.Join("\n", new[] { accounts, subscriptions, usage, instances, metrics, map }.Select(rows => string.Join(";", rows.Order(StringComparer.Ordinal))));
    }

    private static Task<ImportResult> Import(TestStore store, ImportKind kind, byte[] file) =>
        new CsvImporter(store.Connection, new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero)), NullLogger<CsvImporter>.Instance)
            .ImportAsync(kind, new MemoryStream(file), UsageColumns, Today, null, CancellationToken.None);
}
