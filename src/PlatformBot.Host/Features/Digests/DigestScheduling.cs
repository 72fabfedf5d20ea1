using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PlatformBot.Data;
using PlatformBot.Data.Storage;
using PlatformBot.Host.Features.Scoring;
using Quartz;

namespace PlatformBot.Host.Features.Digests;

/// <summary>Asks the scheduler to re-read subscriptions now (after an add or remove in this process).</summary>
public sealed class DigestScheduleSignal : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void RequestSync()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // a sync is already requested
        }
    }

    /// <summary>Waits for a request or the timeout (measured on the injected clock), whichever comes first.</summary>
    internal async Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        using var both = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var signalled = _signal.WaitAsync(both.Token);
        var elapsed = Task.Delay(timeout, time, both.Token);
        await Task.WhenAny(signalled, elapsed);
        await both.CancelAsync();
        foreach (var task in new[] { signalled, elapsed })
        {
            try
            {
                await task;
            }
            catch (OperationCanceledException)
            {
                // the loser of the race
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    public void Dispose() => _signal.Dispose();
}

/// <summary>Fires one subscription's digest: the as-of date is the scheduled day in the subscription's zone.</summary>
public sealed class DigestJob(DigestSender sender, IDbContextFactory<PlatformBotDbContext> contexts, ILogger<DigestJob> logger) : IJob
{
    public static readonly JobKey Key = new("digest-send", DigestScheduler.Group);
    public const string SubscriptionIdKey = "subscriptionId";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!long.TryParse(context.MergedJobDataMap.GetString(SubscriptionIdKey), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            logger.LogError("Digest trigger {Trigger} has no subscription id", context.Trigger.Key);
            return;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var subscription = await db.DigestSubscriptions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (subscription is null)
        {
            logger.LogInformation("Digest subscription {Subscription} was removed; its trigger fired once more and did nothing", id);
            return;
        }

        var scheduled = context.ScheduledFireTimeUtc ?? context.FireTimeUtc;
        var asOf = DigestSchedule.From(subscription).LocalDate(scheduled);
        var outcome = await sender.SendAsync(id, asOf, DigestSources.Schedule, retryUnknown: false, cancellationToken);
        if (outcome.Succeeded)
        {
            logger.LogInformation("{Outcome}", outcome.Message);
        }
        else
        {
            // Recorded in the delivery log and alerted by the sender; logged here as the job's result too.
            logger.LogError("Digest job for subscription {Subscription} ended {Status}: {Message}", id, outcome.Status, outcome.Message);
        }
    }
}

/// <summary>
/// The weekly scoring run: stores this week's snapshot before the digests go out (Digests:ScoringSchedule, in
/// Scoring:TimeZone). Digests do not depend on it having run: a digest whose week has no snapshot scores it first
/// (<see cref="WeekSnapshotGuard"/>), so a late or failed job delays nothing and never yields last week's numbers.
/// </summary>
public sealed class WeeklyScoringJob(WeekSnapshotGuard snapshots, BusinessCalendar calendar, ILogger<WeeklyScoringJob> logger) : IJob
{
    public static readonly JobKey Key = new("weekly-scoring", DigestScheduler.Group);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var summary = await snapshots.ScoreAsync(calendar.Today, cancellationToken);
            logger.LogInformation("Weekly scoring stored {Accounts} snapshots as of {AsOf}", summary.Accounts, summary.AsOf);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Not swallowed: logged as an error and reported to Quartz. The digests score their week themselves.
            logger.LogError(ex, "Weekly scoring failed; digests will score their week when they go out");
            throw new JobExecutionException(ex) { RefireImmediately = false };
        }
    }
}

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

/// <summary>Runs <see cref="DigestScheduler"/> in the server: sync and catch-up at start, then on every change signal or interval.</summary>
public sealed class DigestScheduleService(
    DigestScheduler scheduler,
    DigestScheduleSignal signal,
    IOptions<DigestOptions> options,
    TimeProvider time,
    ILogger<DigestScheduleService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.SchedulerEnabled)
        {
            logger.LogInformation("Digest scheduler is off (Digests:SchedulerEnabled=false)");
            return;
        }

        var first = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await scheduler.SyncAsync(stoppingToken);
                await scheduler.SweepAsync(stoppingToken);
                if (first)
                {
                    await scheduler.CatchUpAsync(stoppingToken);
                    first = false;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Not swallowed silently: logged as an error every round until it is fixed (e.g. an unmigrated database).
                logger.LogError(ex, "Digest schedule sync failed; retrying in {Interval}", options.Value.ResyncInterval);
            }

            try
            {
                await signal.WaitAsync(options.Value.ResyncInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
