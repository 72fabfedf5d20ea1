using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PlatformBot.Data;
using Quartz;

namespace PlatformBot.Host.Features.Digests;

/// <summary>
/// Fires one subscription's digest: the as-of date is the scheduled day in the subscription's zone. A fire later than
/// Digests:CatchUpWindow after the cron's time (the clustered store fires a trigger missed while no node ran when a
/// node starts, however late) sends nothing: it is recorded skipped and alerted, as the start-up catch-up does on the
/// in-memory store (ADR 0024).
/// </summary>
public sealed class DigestJob(
    DigestSender sender,
    DigestScheduler scheduler,
    IDbContextFactory<PlatformBotDbContext> contexts,
    IOptions<DigestOptions> options,
    ILogger<DigestJob> logger) : IJob
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

        // A misfired cron trigger's "scheduled" time is the moment Quartz re-planned it (FireAndProceed), not the
        // cron's: the cron's own latest time up to this fire says when the digest was due (a second past the fire, so
        // a fire at exactly that time finds it, not the week before). A fire by hand (TriggerJob) is due when fired.
        var schedule = DigestSchedule.From(subscription);
        var fired = context.FireTimeUtc;
        var due = context.ScheduledFireTimeUtc ?? fired;
        if (context.Trigger is ICronTrigger && schedule.PreviousBefore(fired.AddSeconds(1)) is { } cronTime)
        {
            due = cronTime;
            var settings = options.Value;
            if (fired - due > settings.CatchUpWindow && fired - due > settings.MisfireThreshold)
            {
                await scheduler.RecordMissedAsync(subscription, due, DigestSources.Schedule, cancellationToken);
                return;
            }
        }

        var outcome = await sender.SendAsync(id, schedule.LocalDate(due), DigestSources.Schedule, retryUnknown: false, cancellationToken);
        if (outcome.Succeeded)
        {
            logger.LogInformation("{Outcome}", outcome.Message);
        }
        else
        {
            // Recorded in the delivery log and alerted by the sender; logged here as the job's result too.
            logger.Log(outcome.Level, "Digest job for subscription {Subscription} ended {Status}: {Message}", id, outcome.Status, outcome.Message);
        }
    }
}
