using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using PlatformBot.Data.Import;
using PlatformBot.Host.Features.Digests;
using PlatformBot.Host.Features.Import;
using PlatformBot.Host.Features.Lookup;
using PlatformBot.Host.Features.Scoring;
using PlatformBot.Host.Tests.Support;

namespace PlatformBot.Host.Tests.Features.Scoring;

/// <summary>Churn and "today" in the scoring zone, in the real host with a fake clock.</summary>
public sealed class ChurnStoreTests
{
    private static readonly DateOnly LastWeek = new(2026, 11, 15);
    private static readonly DateOnly Sunday = new(2026, 11, 22);
    private static readonly DateOnly Monday = new(2026, 11, 23);

    private static async Task<ImportResult> ImportAsync(TimedFactory host, ImportKind kind, string csv, ImportOptions? options = null)
    {
        await using var stream = new MemoryStream(Encoding.UTF8.GetBytes(csv));
        var result = await host.Get<ImportService>().ImportAsync(kind, stream, "test", "test", options ?? ImportOptions.Default, null, CancellationToken.None);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        return result;
    }

    [Fact]
    public async Task In_the_scoring_zone_no_snapshot_is_stored_after_today_and_an_account_archived_today_leaves_today_s_kpi_and_digests_but_not_last_week_s()
    {
        // 03:00 UTC on Monday 2026-11-23 is still Sunday 22:00 in New York, the scoring zone.
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 3, 0, 0, TimeSpan.Zero));
        using var host = new TimedFactory().With("Scoring:TimeZone", "America/New_York").With("Digests:SchedulerEnabled", "false").WithTime(time);
        await ImportAsync(host, ImportKind.Accounts, ChurnData.Accounts);
        await ImportAsync(host, ImportKind.Subscriptions, ChurnData.Subscriptions());
        await ImportAsync(host, ImportKind.Usage, ChurnData.UsageOn(new DateOnly(2026, 11, 14)));
        var runner = host.Get<ScoreRunner>();
        await runner.ScoreAndStoreAsync(LastWeek, CancellationToken.None);

        // A Monday digest in a zone already on Monday stores today's snapshot (Sunday in New York), not Monday's.
        await host.Get<WeekSnapshotGuard>().EnsureAsync(Monday, CancellationToken.None);
        var snapshots = host.Get<SnapshotReader>();
        Assert.Equal([LastWeek, Sunday], await snapshots.DatesAsync(CancellationToken.None));

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => runner.ScoreAndStoreAsync(Monday, CancellationToken.None));
        Assert.Equal("Refusing to store snapshots dated 2026-11-23: that is after today (2026-11-22 in Scoring:TimeZone America/New_York).", refused.Message);

        var replaced = await ImportAsync(host, ImportKind.Accounts, "account_id,name\nA-1,Acme Corp\nA-3,Globex\n", new ImportOptions { Replace = true });
        Assert.Equal(["A-2"], replaced.Replace!.Ids);

        // Archived at 22:00 on Sunday in New York: gone from Sunday's KPI and digest data, still there the week before.
        Assert.Equal(2, (await snapshots.KpiAsync(Sunday, CancellationToken.None))!.Levels.Sum(l => l.Accounts));
        Assert.Equal(3, (await snapshots.KpiAsync(LastWeek, CancellationToken.None))!.Levels.Sum(l => l.Accounts));
        Assert.DoesNotContain(await snapshots.ReadDateAsync(Sunday, CancellationToken.None), s => s.AccountId == "A-2");
        var digest = await host.Get<DigestDataLoader>().LoadAsync(Sunday, CancellationToken.None);
        var labs = Array.FindIndex(digest.Accounts, a => a.Id == "A-2");
        Assert.Equal(-1, digest.Current!.Level[labs]);
        Assert.True(digest.Previous!.Level[labs] >= 0);

        // Hidden from the directory behind lookups, pick lists and App Home; its stored history stays.
        var directory = host.Get<AccountDirectory>();
        Assert.Null(await directory.FindAsync("A-2", CancellationToken.None));
        Assert.Empty(await directory.FindByEmailAsync("kim@example.com", CancellationToken.None));
        Assert.Equal(2, (await snapshots.HistoryAsync("A-2", CancellationToken.None)).Count);
    }
}
