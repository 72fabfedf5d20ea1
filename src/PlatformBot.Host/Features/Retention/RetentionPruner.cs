using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PlatformBot.Data;
using PlatformBot.Data.Storage;
using PlatformBot.Data.Store;
using PlatformBot.Host.Features.Audit;
using PlatformBot.Host.Features.Scoring;

namespace PlatformBot.Host.Features.Retention;

/// <summary>
/// Deletes what is past the Retention limits: audit rows, digest deliveries, usage rows (with the instances that
/// have none left) and source runs. Each delete is one statement with a fixed cutoff, so running it twice, or on two cluster nodes at
/// once, deletes nothing more the second time. Score snapshots are history and are never pruned.
/// </summary>
public sealed class RetentionPruner(
    IDbContextFactory<PlatformBotDbContext> contexts,
    StoreInitializer initializer,
    IOptions<RetentionOptions> options,
    BusinessCalendar calendar,
    TimeProvider time,
    AuditLog audit,
    StoreChanges changes,
    ILogger<RetentionPruner> logger)
{
    public async Task<PruneResult> PruneAsync(bool dryRun, string actor, string surface, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        var now = time.GetUtcNow().UtcDateTime;
        var auditBefore = now.AddDays(-limits.AuditDays);
        var deliveriesBefore = now.AddDays(-limits.DeliveryLogDays);
        var usageBefore = calendar.Today.AddDays(-limits.UsageDays);
        var sourceRunsBefore = now.AddDays(-limits.SourceRunDays);
        await initializer.EnsureReadyAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var auditRows = db.AuditEntries.Where(e => e.AtUtc < auditBefore);
        var deliveries = db.DigestDeliveries.Where(d => d.ClaimedAtUtc < deliveriesBefore);
        var usage = db.UsageRows.Where(u => u.SnapshotDate < usageBefore);
        // An instance whose newest row is older than the cutoff has no row left once the usage rows are gone.
        var instances = db.Instances.Where(i => i.LastSnapshotDate < usageBefore);
        var sourceRuns = db.SourceRuns.Where(r => r.FinishedAtUtc < sourceRunsBefore);

        var rules = new[]
        {
            ("audit_entries", $"at_utc before {Instant(auditBefore)} (Retention:AuditDays = {limits.AuditDays})"),
            ("digest_deliveries", $"claimed before {Instant(deliveriesBefore)} (Retention:DeliveryLogDays = {limits.DeliveryLogDays})"),
            ("usage_rows", $"snapshot_date before {Date(usageBefore)} (Retention:UsageDays = {limits.UsageDays})"),
            ("instances", $"no usage row left: last_snapshot_date before {Date(usageBefore)}"),
            ("source_runs", $"finished before {Instant(sourceRunsBefore)} (Retention:SourceRunDays = {limits.SourceRunDays})"),
        };
        int[] rows = dryRun
            ?
            [
                await auditRows.CountAsync(cancellationToken), await deliveries.CountAsync(cancellationToken),
                await usage.CountAsync(cancellationToken), await instances.CountAsync(cancellationToken), await sourceRuns.CountAsync(cancellationToken),
            ]
            :
            [
                await auditRows.ExecuteDeleteAsync(cancellationToken), await deliveries.ExecuteDeleteAsync(cancellationToken),
                await usage.ExecuteDeleteAsync(cancellationToken), await instances.ExecuteDeleteAsync(cancellationToken),
                await sourceRuns.ExecuteDeleteAsync(cancellationToken),
            ];
        var tables = rules.Select((r, i) => new PrunedTable(r.Item1, rows[i], r.Item2)).ToList();
        var summary = string.Join(", ", tables.Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Table} {t.Rows}")));
        if (!dryRun)
        {
            if (rows[2] > 0 || rows[3] > 0)
            {
                // Each delete is its own statement (see above), so the marker is bumped right after them, not with
                // them: a prune that fails in between leaves other hosts' cards stale until Lookup:CardCacheFor ends.
                await db.Database.ExecuteSqlRawAsync(StoreChangeMarker.BumpSql(accounts: false), cancellationToken);
                changes.Changed();
            }

            logger.LogInformation("Retention prune deleted: {Summary}", summary);
            await audit.RecordAsync(actor, surface, "prune", null, "deleted " + summary, cancellationToken);
        }

        return new PruneResult(dryRun, tables);
    }

    private static string Instant(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
