using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PlatformBot.Data;
using PlatformBot.Data.Storage;
using Quartz;

namespace PlatformBot.Host.Features.Digests;

/// <summary>
/// Keeps Quartz's triggers equal to the subscriptions (one cron trigger per active subscription, in its IANA zone),
/// catches up digests missed while the host was down, and turns stale claims into "unknown". Changes are picked up
/// at once when made in this process (<see cref="DigestScheduleSignal"/>) and every Digests:ResyncInterval otherwise.
/// </summary>
public sealed class DigestScheduler(
    ISchedulerFactory schedulers,
    IDbContextFactory<PlatformBotDbContext> contexts,
    StoreInitializer initializer,
    DeliveryLedger ledger,
    DigestSender sender,
    DigestAlerts alerts,
    PersonalDigests personal,
    IOptions<DigestOptions> options,
    TimeProvider time,
    ILogger<DigestScheduler> logger)
{
    public const string Group = "digests";
    public const string TriggerGroup = "digest-subscriptions";

    public static TriggerKey TriggerKeyFor(long subscriptionId) => new(string.Create(CultureInfo.InvariantCulture, $"subscription-{subscriptionId}"), TriggerGroup);

    /// <summary>The trigger of one subscription: its cron in its zone; a misfire (all nodes down) fires once when back.</summary>
    public static ITrigger BuildTrigger(long subscriptionId, DigestSchedule schedule, DateTimeOffset startAt, TimeProvider? time = null) =>
        TriggerBuilder.Create(time)
            .WithIdentity(TriggerKeyFor(subscriptionId))
            .ForJob(DigestJob.Key)
            .WithDescription($"{schedule.CronExpressionText} {schedule.Zone.Id}")
            .UsingJobData(DigestJob.SubscriptionIdKey, subscriptionId.ToString(CultureInfo.InvariantCulture))
            .WithSchedule(CronScheduleBuilder.Create(schedule.CronExpressionText)
                .InTimeZone(schedule.Zone)
                .WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed))
            .StartAt(startAt)
            .Build();

    /// <summary>Makes the scheduler's triggers match the active subscriptions. Returns (scheduled, removed).</summary>
    public async Task<(int Scheduled, int Removed)> SyncAsync(CancellationToken cancellationToken)
    {
        await initializer.EnsureReadyAsync(cancellationToken);
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        List<Data.Entities.DigestSubscription> active;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            active = await db.DigestSubscriptions.AsNoTracking().Where(s => s.Status == DigestStatus.Active).ToListAsync(cancellationToken);
        }

        active.RemoveAll(s => !personal.IsOn(s));

        var existing = await scheduler.QueryTriggers(new TriggerQuery { Group = GroupMatcher<TriggerKey>.GroupEquals(TriggerGroup), Take = PagedQuery.All }, cancellationToken);
        var existingKeys = existing.Items.Select(h => h.Key).ToHashSet();
        var wanted = new HashSet<TriggerKey>();
        var scheduled = 0;
        var now = time.GetUtcNow();
        foreach (var subscription in active)
        {
            DigestSchedule schedule;
            try
            {
                schedule = DigestSchedule.From(subscription);
            }
            catch (InvalidOperationException ex)
            {
                logger.LogError(ex, "Digest subscription {Subscription} cannot be scheduled", subscription.Id);
                continue;
            }

            var key = TriggerKeyFor(subscription.Id);
            wanted.Add(key);
            if (existingKeys.Contains(key) && await scheduler.GetTrigger(key, cancellationToken) is ICronTrigger current
                && current.CronExpressionString == schedule.CronExpressionText && current.TimeZone.Id == schedule.Zone.Id)
            {
                continue;
            }

            await scheduler.ScheduleTrigger(BuildTrigger(subscription.Id, schedule, now, time), TriggerConflict.Replace, cancellationToken);
            scheduled++;
        }

        var removed = 0;
        foreach (var key in existingKeys.Where(k => !wanted.Contains(k)))
        {
            if (await scheduler.UnscheduleJob(key, cancellationToken))
            {
                removed++;
            }
        }

        if (scheduled + removed > 0)
        {
            logger.LogInformation("Digest schedule synced: {Scheduled} trigger(s) (re)scheduled, {Removed} removed, {Active} active subscription(s)", scheduled, removed, active.Count);
        }

        return (scheduled, removed);
    }

    /// <summary>
    /// Sends, once, each digest whose latest scheduled time passed while no scheduler was running (within
    /// Digests:CatchUpWindow, not before the subscription existed) and that has no delivery row. The claim makes a
    /// race with the trigger itself, or with another node, harmless. A miss beyond the window is recorded skipped and
    /// alerted (once: the node whose insert made the row), unless Quartz's clustered store will fire it (then the job records it).
    /// </summary>
    public async Task<IReadOnlyList<SendOutcome>> CatchUpAsync(CancellationToken cancellationToken)
    {
        await initializer.EnsureReadyAsync(cancellationToken);
        List<Data.Entities.DigestSubscription> active;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            active = await db.DigestSubscriptions.AsNoTracking().Where(s => s.Status == DigestStatus.Active).OrderBy(s => s.Id).ToListAsync(cancellationToken);
        }

        active.RemoveAll(s => !personal.IsOn(s));

        var now = time.GetUtcNow();
        var window = options.Value.CatchUpWindow;

        // On the clustered store Quartz fires a trigger missed while no node ran once, when a node starts
        // (FireAndProceed), however late: the job itself records a fire beyond the window as skipped (DigestJob), and
        // recording it here too would race that fire. Only the in-memory store (SQLite) forgets a missed trigger.
        var quartzCatchesUp = (await (await schedulers.GetScheduler(cancellationToken)).GetMetadata(cancellationToken)).JobStoreClustered;
        var outcomes = new List<SendOutcome>();
        foreach (var subscription in active)
        {
            var schedule = DigestSchedule.From(subscription);
            if (schedule.PreviousBefore(now) is not { } missed || missed < new DateTimeOffset(subscription.CreatedAtUtc, TimeSpan.Zero))
            {
                continue;
            }

            var asOf = schedule.LocalDate(missed);
            var period = DigestSchedule.PeriodKey(asOf);
            if (await ledger.ExistsAsync(subscription.Id, period, cancellationToken))
            {
                continue;
            }

            if (now - missed > window)
            {
                if (quartzCatchesUp)
                {
                    continue;
                }

                await RecordMissedAsync(subscription, missed, DigestSources.CatchUp, cancellationToken);
                continue;
            }

            logger.LogWarning("Digest subscription {Subscription} missed {Missed} (host down?); sending it now", subscription.Id, missed);
            outcomes.Add(await sender.SendAsync(subscription.Id, asOf, DigestSources.CatchUp, retryUnknown: false, cancellationToken));
        }

        return outcomes;
    }

    /// <summary>
    /// A digest due at <paramref name="missed"/>, more than Digests:CatchUpWindow ago, is too late to be news: recorded
    /// as skipped with the reason, never sent late, and said once (the node whose insert made the row alerts; another
    /// node finding the same miss inserts nothing). Found by the start-up catch-up on the in-memory store, and by
    /// <see cref="DigestJob"/> when the clustered store fires a missed trigger that late (<paramref name="source"/> says which).
    /// </summary>
    public async Task RecordMissedAsync(Data.Entities.DigestSubscription subscription, DateTimeOffset missed, string source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        var schedule = DigestSchedule.From(subscription);
        var asOf = schedule.LocalDate(missed);
        var window = options.Value.CatchUpWindow;
        var reason = string.Create(CultureInfo.InvariantCulture,
            $"missed: due {missed.UtcDateTime:yyyy-MM-dd HH:mm}Z while no host was running (or the subscription was paused), more than Digests:CatchUpWindow ({window:c}) ago; not sent late");
        if (await ledger.RecordMissedAsync(subscription.Id, asOf, source, reason, cancellationToken))
        {
            logger.LogWarning("Digest subscription {Subscription} missed {Missed}, beyond the catch-up window; recorded as skipped", subscription.Id, missed);
            await alerts.MissedAsync(subscription, DigestSchedule.PeriodKey(asOf), missed, window, schedule.NextAfter(time.GetUtcNow()), cancellationToken);
        }
    }

    /// <summary>
    /// Turns claims nobody completed into "unknown — not resent", says so in the log, and alerts the creator and the alert
    /// channels like any unknown delivery. Once per delivery, from whichever node finds it: only the node whose
    /// conditional UPDATE moved the row from claimed to unknown gets it back from the sweep.
    /// </summary>
    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        var swept = await ledger.SweepStaleClaimsAsync(cancellationToken);
        if (swept.Count == 0)
        {
            return;
        }

        var ids = swept.Select(s => s.SubscriptionId).Distinct().ToList();
        Dictionary<long, Data.Entities.DigestSubscription> subscriptions;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            subscriptions = await db.DigestSubscriptions.AsNoTracking().Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, cancellationToken);
        }

        foreach (var stale in swept)
        {
            logger.LogError("Digest delivery {Delivery} (subscription {Subscription}, {Period}) is unknown — not resent: {Reason}",
                stale.Id, stale.SubscriptionId, stale.PeriodKey, stale.Error);
            if (subscriptions.TryGetValue(stale.SubscriptionId, out var subscription))
            {
                await alerts.DeliveryEndedAsync(subscription, stale.PeriodKey, DigestStatus.Unknown, StoppedMidSend(stale), cancellationToken);
            }
        }
    }

    /// <summary>The alert's reason for a swept claim: the instant it was claimed and, if it got that far, the headline's id.</summary>
    private static string StoppedMidSend(DeliveryView stale) => string.Create(CultureInfo.InvariantCulture,
        $"the host sending it stopped mid-send (claimed {stale.ClaimedAtUtc:yyyy-MM-dd HH:mm}Z by {stale.ClaimedBy}, never completed)" +
        $"{(stale.MessageId is null ? string.Empty : $"; the headline {stale.MessageId} was posted")}");
}
