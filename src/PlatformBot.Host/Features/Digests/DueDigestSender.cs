using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PlatformBot.Data;
using PlatformBot.Data.Entities;
using PlatformBot.Data.Storage;

namespace PlatformBot.Host.Features.Digests;

/// <summary>
/// `platformbot digests send --due`: every subscription whose scheduled time fell within a window before a reference
/// time, in one process with one data load. All content is built first from the shared data set (one load per data
/// date, not one per digest), then posted through <see cref="DigestSender.DeliverAsync"/>: the same claim (a period
/// already delivered is not resent), alerts and per-channel pacing as the schedule. Channels are posted to
/// concurrently, each channel's digests one after the other, so one busy channel does not hold up the others.
/// </summary>
public sealed class DueDigestSender(
    IDbContextFactory<PlatformBotDbContext> contexts,
    StoreInitializer initializer,
    DigestSender sender,
    DigestDataLoader loader,
    WeekSnapshotGuard snapshots,
    IOptions<DigestOptions> options,
    TimeProvider time,
    ILogger<DueDigestSender> logger)
{
    /// <summary>
    /// Channels posted to at once. Each channel's lane mostly waits (Digests:PostSpacing between its posts), so many
    /// run together; a bound keeps the HTTP connections and the store's concurrent writers to a sane number.
    /// </summary>
    private const int ConcurrentChannels = 64;

    private sealed record Due(DigestSubscription Subscription, DateOnly AsOf);

    public async Task<DueSendReport> SendDueAsync(DateTimeOffset at, TimeSpan window, CancellationToken cancellationToken)
    {
        await initializer.EnsureReadyAsync(cancellationToken);
        var (due, delivered) = await FindDueAsync(at, window, cancellationToken);

        // One data set per as-of date (several only when zones put the due times on different dates), then every
        // digest's content from it: the batch's data load is shared, whatever the loader's cache would keep.
        var started = time.GetTimestamp();
        var data = new Dictionary<DateOnly, DigestDataSet>();
        foreach (var date in due.Select(d => d.AsOf).Distinct().Order())
        {
            if (options.Value.ScoreMissingWeek)
            {
                await snapshots.EnsureAsync(date, cancellationToken);
            }

            data[date] = await loader.LoadAsync(date, cancellationToken);
        }

        var dataLoaded = time.GetElapsedTime(started);
        started = time.GetTimestamp();
        var built = new Func<CancellationToken, Task<DigestContent>>[due.Count];
        Parallel.For(0, due.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            try
            {
                var (subscription, set) = (due[i].Subscription, data[due[i].AsOf]);
                if (DigestSender.ReadsTheStore(subscription))
                {
                    // A person's book is read when its turn to post comes, not all at once here.
                    built[i] = ct => sender.BuildAsync(subscription, set, ct);
                    return;
                }

                var content = sender.Build(subscription, set);
                built[i] = _ => Task.FromResult(content);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Recorded by the send (claimed, then failed with the reason), like a build failure of a single send.
                var failure = ex;
                built[i] = _ => Task.FromException<DigestContent>(failure);
            }
        });
        var contentBuilt = time.GetElapsedTime(started);
        logger.LogInformation("{Count} due digest(s): data loaded in {Load:0.00} s, content built in {Build:0.00} s; posting",
            due.Count, dataLoaded.TotalSeconds, contentBuilt.TotalSeconds);

        // The busiest channels first: their lanes take longest, so they start before the bound fills up.
        var lanes = Enumerable.Range(0, due.Count)
            .GroupBy(i => $"{due[i].Subscription.Platform}:{due[i].Subscription.ChannelId}", StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ToList();
        var outcomes = new ConcurrentBag<(int Index, SendOutcome Outcome)>();
        await Parallel.ForEachAsync(lanes, new ParallelOptions { MaxDegreeOfParallelism = ConcurrentChannels, CancellationToken = cancellationToken },
            async (lane, ct) =>
            {
                foreach (var i in lane)
                {
                    outcomes.Add((i, await sender.DeliverAsync(due[i].Subscription, due[i].AsOf, DigestSources.Due, retryUnknown: false, built[i], ct)));
                }
            });

        var report = new DueSendReport(at, window, [.. outcomes.OrderBy(o => o.Index).Select(o => o.Outcome)], delivered, dataLoaded, contentBuilt);
        logger.Log(report.Succeeded ? LogLevel.Information : LogLevel.Warning, "{Summary}", report.Summary());
        return report;
    }

    /// <summary>
    /// Active subscriptions whose latest scheduled time is within <paramref name="window"/> before <paramref name="at"/>
    /// (and not before the subscription existed), minus those whose period already has a delivery row other than a
    /// failed one: those are counted, not built. The claim stays the guard; this only spares building what would not go.
    /// </summary>
    private async Task<(List<Due> Due, int Delivered)> FindDueAsync(DateTimeOffset at, TimeSpan window, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var active = await db.DigestSubscriptions.AsNoTracking().Where(s => s.Status == DigestStatus.Active).OrderBy(s => s.Id).ToListAsync(cancellationToken);
        var candidates = new List<Due>();
        foreach (var subscription in active)
        {
            var schedule = DigestSchedule.From(subscription);
            // A second past the reference time: a digest due exactly at it counts (the cron looks strictly before).
            if (schedule.PreviousBefore(at.AddSeconds(1)) is { } scheduled && scheduled > at - window
                && scheduled >= new DateTimeOffset(subscription.CreatedAtUtc, TimeSpan.Zero))
            {
                candidates.Add(new Due(subscription, schedule.LocalDate(scheduled)));
            }
        }

        var ids = candidates.Select(c => c.Subscription.Id).ToList();
        var periods = candidates.Select(c => DigestSchedule.PeriodKey(c.AsOf)).Distinct(StringComparer.Ordinal).ToList();
        var taken = (await db.DigestDeliveries.AsNoTracking()
                .Where(d => ids.Contains(d.SubscriptionId) && periods.Contains(d.PeriodKey) && d.Status != DigestStatus.Failed)
                .Select(d => new { d.SubscriptionId, d.PeriodKey }).ToListAsync(cancellationToken))
            .Select(d => (d.SubscriptionId, d.PeriodKey)).ToHashSet();
        var due = candidates.Where(c => !taken.Contains((c.Subscription.Id, DigestSchedule.PeriodKey(c.AsOf)))).ToList();
        return (due, candidates.Count - due.Count);
    }
}
