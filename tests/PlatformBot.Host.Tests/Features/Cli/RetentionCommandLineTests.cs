using Microsoft.EntityFrameworkCore;
using PlatformBot.Data.Entities;
using PlatformBot.Data.Storage;
using PlatformBot.Host.Tests.Support;
using static PlatformBot.Host.Tests.Support.ChurnData;

namespace PlatformBot.Host.Tests.Features.Cli;

/// <summary>`platformbot prune [--dry-run]` end to end, on SQLite and PostgreSQL.</summary>
public sealed class RetentionCommandLineTests
{
    public static TheoryData<StorageProvider> Providers => StoreProviders.All();

    /// <summary>Rows just past each default limit (400, 400, 800 days) and rows just inside them.</summary>
    private static async Task SeedOldRowsAsync(CliStore store)
    {
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        await using var db = store.Db();
        db.AuditEntries.Add(new AuditEntry { AtUtc = now.AddDays(-401), Actor = "cli:old", Surface = "cli", Action = "lookup", Subject = "A-2", Detail = "query: acme labs" });
        db.AuditEntries.Add(new AuditEntry { AtUtc = now.AddDays(-399), Actor = "cli:recent", Surface = "cli", Action = "lookup", Subject = "A-2", Detail = "query: acme labs" });
        db.DigestDeliveries.Add(Delivery("2024-W01", now.AddDays(-401)));
        db.DigestDeliveries.Add(Delivery("2025-W01", now.AddDays(-399)));
        // i-1 has an old row besides its current one; i-9 has only old rows (its instance goes too).
        db.UsageRows.Add(new UsageRow { InstanceId = "i-1", SnapshotDate = Today.AddDays(-801), SubscriptionId = "S-1", InstanceType = "production", Metrics = "1" });
        db.UsageRows.Add(new UsageRow { InstanceId = "i-1", SnapshotDate = Today.AddDays(-799), SubscriptionId = "S-1", InstanceType = "production", Metrics = "1" });
        db.UsageRows.Add(new UsageRow { InstanceId = "i-9", SnapshotDate = Today.AddDays(-900), SubscriptionId = "S-2", InstanceType = "production", Metrics = "1" });
        db.Instances.Add(new Instance { InstanceId = "i-9", SubscriptionId = "S-2", InstanceType = "production", LastSnapshotDate = Today.AddDays(-900) });
        await db.SaveChangesAsync();
    }

    private static DigestDelivery Delivery(string period, DateTime claimed) => new()
    {
        SubscriptionId = 1, PeriodKey = period, AsOf = DateOnly.FromDateTime(claimed), Status = "sent", Source = "schedule",
        ClaimToken = Guid.NewGuid().ToString("N"), ClaimedBy = "test", ClaimedAtUtc = claimed, CompletedAtUtc = claimed,
    };

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Prune_deletes_what_is_past_each_limit_prints_counts_per_table_and_deletes_nothing_more_when_run_again(StorageProvider provider)
    {
        await using var store = await CliStore.CreateAsync(provider);
        await ImportAsync(store, Subscriptions());
        await SeedOldRowsAsync(store);
        (int Audit, int Deliveries, int Usage, int Instances) counts;
        await using (var db = store.Db())
        {
            counts = (await db.AuditEntries.CountAsync(), await db.DigestDeliveries.CountAsync(), await db.UsageRows.CountAsync(), await db.Instances.CountAsync());
        }

        var dry = await store.OkAsync("prune", "--dry-run");
        Assert.StartsWith("Dry run, nothing was deleted. Would delete:", dry.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"audit_entries\s+1\s+at_utc before .* \(Retention:AuditDays = 400\)", dry.Stdout);
        Assert.Matches(@"digest_deliveries\s+1\s+claimed before .* \(Retention:DeliveryLogDays = 400\)", dry.Stdout);
        Assert.Matches($@"usage_rows\s+2\s+snapshot_date before {Text(Today.AddDays(-800))} \(Retention:UsageDays = 800\)", dry.Stdout);
        Assert.Matches(@"instances\s+1\s+no usage row left", dry.Stdout);
        Assert.Matches(@"source_runs\s+0\s+finished before .* \(Retention:SourceRunDays = 90\)", dry.Stdout);
        await using (var db = store.Db())
        {
            Assert.Equal(counts, (await db.AuditEntries.CountAsync(), await db.DigestDeliveries.CountAsync(), await db.UsageRows.CountAsync(), await db.Instances.CountAsync()));
        }

        var run = await store.OkAsync("prune");
        Assert.StartsWith("Deleted:", run.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"usage_rows\s+2\s", run.Stdout);
        await using (var db = store.Db())
        {
            Assert.False(await db.AuditEntries.AnyAsync(e => e.Actor == "cli:old"));
            Assert.True(await db.AuditEntries.AnyAsync(e => e.Actor == "cli:recent"));
            Assert.Equal(["2025-W01"], await db.DigestDeliveries.Select(d => d.PeriodKey).ToListAsync());
            Assert.Equal(
                [("i-1", Today.AddDays(-799)), ("i-1", UsageDate), ("i-2", UsageDate), ("i-3", UsageDate), ("i-4", UsageDate)],
                (await db.UsageRows.Select(u => new { u.InstanceId, u.SnapshotDate }).ToListAsync()).Select(u => (u.InstanceId, u.SnapshotDate)).Order());
            Assert.False(await db.Instances.AnyAsync(i => i.InstanceId == "i-9"));
            var pruned = await db.AuditEntries.SingleAsync(e => e.Action == "prune");
            Assert.Equal("deleted audit_entries 1, digest_deliveries 1, usage_rows 2, instances 1, source_runs 0", pruned.Detail);
        }

        // Safe to run twice (a duplicate fire of the clustered job does the same): nothing more goes.
        var again = await store.OkAsync("prune");
        Assert.Matches(@"audit_entries\s+0\s", again.Stdout);
        Assert.Matches(@"usage_rows\s+0\s", again.Stdout);
    }

    [Fact]
    public async Task Prune_with_usage_kept_shorter_than_scoring_needs_fails_naming_the_key()
    {
        await using var store = await CliStore.CreateAsync(StorageProvider.Sqlite);

        var result = await store.RunWithAsync(new Dictionary<string, string> { ["Retention__UsageDays"] = "100" }, "prune", "--dry-run");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Retention:UsageDays (100) must be at least 144: the scoring model's staleness window (60 days) plus Digests:TrendWeeks (12 weeks)",
            result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }
}
