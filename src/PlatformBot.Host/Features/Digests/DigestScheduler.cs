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
    /// race with the trigger itself, or with another node, harmless.
    /// </summary>
    public async Task<IReadOnlyList<SendOutcome>> CatchUpAsync(CancellationToken cancellationToken)
    {
        await initializer.EnsureReadyAsync(cancellationToken);
        List<Data.Entities.DigestSubscription> active;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            active = await db.DigestSubscriptions.AsNoTracking().Where(s => s.Status == DigestStatus.Active).OrderBy(s => s.Id).ToListAsync(cancellationToken);
        }

        var now = time.GetUtcNow();
        var outcomes = new List<SendOutcome>();
        foreach (var subscription in active)
        {
            var schedule = DigestSchedule.From(subscription);
            if (schedule.PreviousBefore(now) is not { } missed
                || missed < new DateTimeOffset(subscription.CreatedAtUtc, TimeSpan.Zero)
                || now - missed > options.Value.CatchUpWindow)
            {
                continue;
            }

            var asOf = schedule.LocalDate(missed);
            if (await ledger.ExistsAsync(subscription.Id, DigestSchedule.PeriodKey(asOf), cancellationToken))
            {
                continue;
            }

            logger.LogWarning("Digest subscription {Subscription} missed {Missed} (host down?); sending it now", subscription.Id, missed);
            outcomes.Add(await sender.SendAsync(subscription.Id, asOf, DigestSources.CatchUp, retryUnknown: false, cancellationToken));
        }

        return outcomes;
    }

    /// <summary>Turns claims nobody completed into "unknown — not resent" and says so in the log.</summary>
    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        foreach (var stale in await ledger.SweepStaleClaimsAsync(cancellationToken))
        {
            logger.LogError("Digest delivery {Delivery} (subscription {Subscription}, {Period}) is unknown — not resent: {Reason}",
                stale.Id, stale.SubscriptionId, stale.PeriodKey, stale.Error);
        }
    }
}
