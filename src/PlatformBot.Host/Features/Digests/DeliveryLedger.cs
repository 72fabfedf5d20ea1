using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PlatformBot.Data;
using PlatformBot.Data.Entities;
using PlatformBot.Data.Storage;
using PlatformBot.Host.Features.Telemetry;
using PlatformBot.Data.Store;

namespace PlatformBot.Host.Features.Digests;

/// <summary>
/// The delivery table: the guard against posting twice (ADR 0004). A digest is claimed by INSERTing its
/// (subscription, period) row before anything is sent; the unique index lets exactly one sender win, across
/// threads, processes and cluster nodes. Only a row that failed with nothing posted may be claimed again.
/// </summary>
public sealed class DeliveryLedger(
    IDbContextFactory<PlatformBotDbContext> contexts,
    StoreInitializer initializer,
    IOptions<DigestOptions> options,
    TimeProvider time,
    PlatformBotMetrics metrics)
{
    private static readonly string Instance = $"{Environment.MachineName}:{Environment.ProcessId}";

    public sealed record ClaimResult(DeliveryTicket? Ticket, DeliveryView? Existing)
    {
        public bool Claimed => Ticket is not null;
    }

    /// <summary>
    /// Claims the period for this sender. Returns the existing row instead when someone else holds it (or it was
    /// already delivered). A failed row (nothing was posted) is re-claimed; an unknown one only when the operator
    /// says so with <paramref name="retryUnknown"/>, after checking the channel.
    /// </summary>
    public async Task<ClaimResult> ClaimAsync(long subscriptionId, DateOnly asOf, string source, bool retryUnknown, CancellationToken cancellationToken)
    {
        await initializer.EnsureReadyAsync(cancellationToken);
        var period = DigestSchedule.PeriodKey(asOf);
        var token = Guid.NewGuid().ToString("N");
        var now = time.GetUtcNow().UtcDateTime;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var row = new DigestDelivery
            {
                SubscriptionId = subscriptionId,
                PeriodKey = period,
                AsOf = asOf,
                Status = DigestStatus.Claimed,
                Source = source,
                ClaimToken = token,
                ClaimedBy = Instance,
                ClaimedAtUtc = now,
                Attempts = 1,
            };
            // A conditional insert, not a caught unique violation: a period already claimed is an expected answer, and EF
            // logs every failed command as an error with a stack trace.
            if (await DeliveryClaims.InsertIfAbsentAsync(db, row, cancellationToken))
            {
                return new ClaimResult(new DeliveryTicket(row.Id, subscriptionId, period, token), null);
            }
        }

        await using var read = await contexts.CreateDbContextAsync(cancellationToken);
        var existing = await read.DigestDeliveries.AsNoTracking()
            .FirstOrDefaultAsync(d => d.SubscriptionId == subscriptionId && d.PeriodKey == period, cancellationToken)
            ?? throw new InvalidOperationException($"Could not claim delivery {subscriptionId}/{period}, and no row holds it.");

        var reclaimable = existing.Status == DigestStatus.Failed || (retryUnknown && existing.Status == DigestStatus.Unknown);
        if (reclaimable)
        {
            // Conditional on the status read: if two senders race for a failed row, one update wins.
            var previousStatus = existing.Status;
            var changed = await read.DigestDeliveries
                .Where(d => d.Id == existing.Id && d.Status == previousStatus && d.ClaimToken == existing.ClaimToken)
                .ExecuteUpdateAsync(u => u
                    .SetProperty(d => d.Status, DigestStatus.Claimed)
                    .SetProperty(d => d.ClaimToken, token)
                    .SetProperty(d => d.ClaimedBy, Instance)
                    .SetProperty(d => d.ClaimedAtUtc, now)
                    .SetProperty(d => d.Source, source)
                    .SetProperty(d => d.AsOf, asOf)
                    .SetProperty(d => d.CompletedAtUtc, (DateTime?)null)
                    .SetProperty(d => d.Attempts, d => d.Attempts + 1)
                    .SetProperty(d => d.Error, Cut("retry after: " + existing.Error)), cancellationToken);
            if (changed == 1)
            {
                return new ClaimResult(new DeliveryTicket(existing.Id, subscriptionId, period, token), null);
            }

            existing = await read.DigestDeliveries.AsNoTracking().FirstAsync(d => d.Id == existing.Id, cancellationToken);
        }

        return new ClaimResult(null, View(existing));
    }

    /// <summary>Marks progress: the top-level message is out (so a crash after this point reads as partial, with its id).</summary>
    public async Task RecordPostedAsync(DeliveryTicket ticket, string messageId, string channel, string mode, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.DigestDeliveries.Where(d => d.Id == ticket.DeliveryId && d.ClaimToken == ticket.Token)
            .ExecuteUpdateAsync(u => u.SetProperty(d => d.MessageId, messageId).SetProperty(d => d.Channel, channel).SetProperty(d => d.Mode, mode),
                CancellationToken.None);
    }

    /// <summary>
    /// Completes the claim with the truth: sent / partial / skipped / failed / unknown. Runs even when the caller is
    /// being cancelled, because a row left "claimed" would later read as unknown.
    /// </summary>
    public async Task CompleteAsync(DeliveryTicket ticket, string status, DateOnly? dataDate, string? messageId, string? channel, string? mode, string? error)
    {
        await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
        var now = time.GetUtcNow().UtcDateTime;
        var cut = error is null ? null : Cut(error);
        var completed = await db.DigestDeliveries.Where(d => d.Id == ticket.DeliveryId && d.ClaimToken == ticket.Token)
            .ExecuteUpdateAsync(u => u
                .SetProperty(d => d.Status, status)
                .SetProperty(d => d.DataDate, dataDate)
                .SetProperty(d => d.MessageId, d => messageId ?? d.MessageId)
                .SetProperty(d => d.Channel, d => channel ?? d.Channel)
                .SetProperty(d => d.Mode, d => mode ?? d.Mode)
                .SetProperty(d => d.Error, cut)
                .SetProperty(d => d.CompletedAtUtc, now), CancellationToken.None);

        // Counted once the row says so: a claim someone else took over in the meantime completes nothing.
        if (completed == 1)
        {
            metrics.DeliveryCompleted(status);
        }
    }

    /// <summary>
    /// Claims older than Digests:ClaimTimeout whose sender never completed them (the process died, the machine
    /// stopped) become "unknown": the digest may or may not have been posted, so it is reported, never resent.
    /// </summary>
    public async Task<IReadOnlyList<DeliveryView>> SweepStaleClaimsAsync(CancellationToken cancellationToken)
    {
        await initializer.EnsureReadyAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var cutoff = time.GetUtcNow().UtcDateTime - options.Value.ClaimTimeout;
        var stale = await db.DigestDeliveries.AsNoTracking()
            .Where(d => d.Status == DigestStatus.Claimed && d.ClaimedAtUtc < cutoff)
            .ToListAsync(cancellationToken);
        var swept = new List<DeliveryView>();
        foreach (var row in stale)
        {
            var why = StaleReason(row);
            var changed = await db.DigestDeliveries
                .Where(d => d.Id == row.Id && d.Status == DigestStatus.Claimed && d.ClaimToken == row.ClaimToken)
                .ExecuteUpdateAsync(u => u.SetProperty(d => d.Status, DigestStatus.Unknown).SetProperty(d => d.Error, Cut(why)), cancellationToken);
            if (changed == 1)
            {
                swept.Add(View(row) with { Status = DigestStatus.Unknown, Error = why });
            }
        }

        return swept;
    }

    /// <summary>
    /// Records a digest whose time passed longer ago than Digests:CatchUpWindow with no delivery (no host ran, or the
    /// subscription was paused then): a <c>skipped</c> row with the reason, so the log shows it and nothing sends it
    /// late. True only for the one caller whose insert made the row: that caller alerts, so two nodes starting at
    /// once alert once.
    /// </summary>
    public async Task<bool> RecordMissedAsync(long subscriptionId, DateOnly asOf, string source, string reason, CancellationToken cancellationToken)
    {
        await initializer.EnsureReadyAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await DeliveryClaims.InsertIfAbsentAsync(db, new DigestDelivery
        {
            SubscriptionId = subscriptionId,
            PeriodKey = DigestSchedule.PeriodKey(asOf),
            AsOf = asOf,
            Status = DigestStatus.Skipped,
            Source = source,
            ClaimToken = Guid.NewGuid().ToString("N"),
            ClaimedBy = Instance,
            ClaimedAtUtc = now,
            CompletedAtUtc = now,
            Attempts = 0,
            Error = Cut(reason),
        }, cancellationToken);
    }

    public async Task<bool> ExistsAsync(long subscriptionId, string periodKey, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.DigestDeliveries.AnyAsync(d => d.SubscriptionId == subscriptionId && d.PeriodKey == periodKey, cancellationToken);
    }

    /// <summary>The delivery log, newest first. Stale claims show as unknown even before the sweeper ran.</summary>
    public async Task<IReadOnlyList<DeliveryView>> ListAsync(long? subscriptionId, string? status, int limit, CancellationToken cancellationToken)
    {
        await initializer.EnsureReadyAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.DigestDeliveries.AsNoTracking();
        if (subscriptionId is { } id)
        {
            query = query.Where(d => d.SubscriptionId == id);
        }

        // The status filter runs in the database (a stale claim counts as unknown, not as claimed), so old rows of a
        // rare status are found however many newer rows there are.
        var cutoff = time.GetUtcNow().UtcDateTime - options.Value.ClaimTimeout;
        if (status?.Trim().ToLowerInvariant() is { } wanted)
        {
            query = wanted switch
            {
                DigestStatus.Unknown => query.Where(d => d.Status == DigestStatus.Unknown || (d.Status == DigestStatus.Claimed && d.ClaimedAtUtc < cutoff)),
                DigestStatus.Claimed => query.Where(d => d.Status == DigestStatus.Claimed && d.ClaimedAtUtc >= cutoff),
                _ => query.Where(d => d.Status == wanted),
            };
        }

        var rows = await query.OrderByDescending(d => d.Id).Take(Math.Clamp(limit, 1, 1000)).ToListAsync(cancellationToken);
        var views = rows.Select(r => r.Status == DigestStatus.Claimed && r.ClaimedAtUtc < cutoff
            ? View(r) with { Status = DigestStatus.Unknown, Error = StaleReason(r) }
            : View(r));
        return [.. views];
    }

    private static string StaleReason(DigestDelivery row) => string.Create(CultureInfo.InvariantCulture,
        $"claimed {row.ClaimedAtUtc:yyyy-MM-dd HH:mm:ss}Z by {row.ClaimedBy} and never completed (the sender stopped mid-send?)" +
        $"{(row.MessageId is null ? string.Empty : $"; the top-level message {row.MessageId} was posted")}: it may or may not have been delivered in full, so it is not resent");

    private static string Cut(string text) => Limits.Fit(text, Limits.Detail);

    internal static DeliveryView View(DigestDelivery r) => new(
        r.Id, r.SubscriptionId, r.PeriodKey, r.AsOf, r.DataDate, r.Status, r.Source, r.ClaimedBy, r.ClaimedAtUtc, r.CompletedAtUtc, r.Attempts,
        r.MessageId, r.Channel, r.Mode, r.Error);
}
