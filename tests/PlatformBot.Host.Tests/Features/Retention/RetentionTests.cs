using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PlatformBot.Data.Entities;
using PlatformBot.Data.Storage;
using PlatformBot.Host.Features.Retention;
using PlatformBot.Host.Tests.Features.Digests;
using PlatformBot.Host.Tests.Support;
using Quartz;

namespace PlatformBot.Host.Tests.Features.Retention;

public sealed class RetentionTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private static AuditEntry Audit(DateTime at, string actor) => new() { AtUtc = at, Actor = actor, Surface = "cli", Action = "lookup" };

    private static SourceRun Run(DateTime finished, string source) =>
        new() { Source = source, Kind = "sql-accounts", StartedAtUtc = finished.AddMinutes(-1), FinishedAtUtc = finished, Outcome = SourceRunOutcomes.Ok };

    [Fact]
    public void Usage_kept_shorter_than_the_staleness_window_plus_the_trend_weeks_stops_start_up_naming_the_key()
    {
        using var host = new TimedFactory().With("Retention:UsageDays", "199").With("Digests:TrendWeeks", "20");

        var error = Assert.Throws<OptionsValidationException>(() => host.CreateClient());

        Assert.Contains("Retention:UsageDays (199) must be at least 200: the scoring model's staleness window (60 days) plus Digests:TrendWeeks (20 weeks)",
            error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_daily_prune_is_a_quartz_job_in_the_scoring_zone_and_a_second_fire_deletes_nothing()
    {
        var time = new FakeTimeProvider(Now);
        using var host = new TimedFactory().With("Scoring:TimeZone", "Europe/Berlin").With("Digests:SchedulerEnabled", "true")
            .With("Digests:ScoringSchedule", string.Empty).With("Retention:AuditDays", "30").With("Retention:SourceRunDays", "20").WithTime(time);
        await using (var db = await host.DbAsync())
        {
            db.AuditEntries.AddRange(Audit(Now.UtcDateTime.AddDays(-31), "old"), Audit(Now.UtcDateTime.AddDays(-29), "recent"));
            db.SourceRuns.AddRange(Run(Now.UtcDateTime.AddDays(-21), "sql:old"), Run(Now.UtcDateTime.AddDays(-19), "sql:recent"));
            await db.SaveChangesAsync();
        }

        var scheduler = await host.Get<ISchedulerFactory>().GetScheduler();
        var trigger = Assert.IsAssignableFrom<ICronTrigger>(await scheduler.GetTrigger(new TriggerKey("retention-prune", "digests")));
        Assert.Equal("0 30 4 * * ?", trigger.CronExpressionString);
        Assert.Equal("Europe/Berlin", trigger.TimeZone.Id);
        Assert.Equal(RetentionJob.Key, trigger.JobKey);

        // Fired twice, as a clustered store may after a stall: the second run finds nothing left to delete.
        await scheduler.TriggerJob(RetentionJob.Key);
        await WaitForPrunesAsync(host, 1);
        await scheduler.TriggerJob(RetentionJob.Key);
        var prunes = await WaitForPrunesAsync(host, 2);

        Assert.Equal(
            ["deleted audit_entries 1, digest_deliveries 0, usage_rows 0, instances 0, source_runs 1", "deleted audit_entries 0, digest_deliveries 0, usage_rows 0, instances 0, source_runs 0"],
            prunes.Select(p => p.Detail));
        Assert.All(prunes, p => Assert.Equal(("job:retention", "scheduler"), (p.Actor, p.Surface)));
        await using var check = await host.DbAsync();
        Assert.Equal(["recent"], await check.AuditEntries.Where(e => e.Action == "lookup").Select(e => e.Actor).ToListAsync());
        Assert.Equal(["sql:recent"], await check.SourceRuns.Select(r => r.Source).ToListAsync());
    }

    private static async Task<List<AuditEntry>> WaitForPrunesAsync(TimedFactory host, int count)
    {
        for (var i = 0; i < 200; i++)
        {
            await using var db = await host.DbAsync();
            var prunes = await db.AuditEntries.AsNoTracking().Where(e => e.Action == "prune").OrderBy(e => e.Id).ToListAsync();
            if (prunes.Count >= count)
            {
                return prunes;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"The retention job did not record {count} prune(s) within 10 s.");
    }

    [PostgresClusterFact]
    public async Task Two_nodes_pruning_one_postgres_database_at_once_delete_each_row_once_and_neither_fails()
    {
        await using var store = await CliStore.CreateAsync(StorageProvider.Postgres);
        var old = Now.UtcDateTime.AddDays(-500);
        await using (var db = store.Db())
        {
            db.Subscriptions.Add(new Subscription { SubscriptionId = "S-1", AccountId = "A-1", Plan = "premium", Account = new Account { AccountId = "A-1", Name = "Acme", NameKey = "acme" } });
            for (var i = 0; i < 2000; i++)
            {
                db.AuditEntries.Add(Audit(old, "old"));
                db.UsageRows.Add(new UsageRow { InstanceId = $"i-{i}", SnapshotDate = new DateOnly(2024, 1, 1), SubscriptionId = "S-1", InstanceType = "production", Metrics = "1" });
            }

            await db.SaveChangesAsync();
        }

        TimedFactory Node() => new TimedFactory()
            .With("Storage:Provider", "Postgres").With("ConnectionStrings:PlatformBot", store.ConnectionString)
            .With("Digests:SchedulerEnabled", "false").WithTime(new FakeTimeProvider(Now));
        using var first = Node();
        using var second = Node();
        var runs = await Task.WhenAll(
            first.Get<RetentionPruner>().PruneAsync(dryRun: false, "node-1", "test", CancellationToken.None),
            second.Get<RetentionPruner>().PruneAsync(dryRun: false, "node-2", "test", CancellationToken.None));

        Assert.Equal(2000, runs.Sum(r => r.Tables.Single(t => t.Table == "audit_entries").Rows));
        Assert.Equal(2000, runs.Sum(r => r.Tables.Single(t => t.Table == "usage_rows").Rows));
        await using var check = store.Db();
        Assert.Equal(0, await check.UsageRows.CountAsync());
        Assert.Equal(0, await check.AuditEntries.CountAsync(e => e.Actor == "old"));
    }
}
