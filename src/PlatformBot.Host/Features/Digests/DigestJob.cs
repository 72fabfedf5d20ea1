using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PlatformBot.Data;
using Quartz;

namespace PlatformBot.Host.Features.Digests;

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
            logger.Log(outcome.Level, "Digest job for subscription {Subscription} ended {Status}: {Message}", id, outcome.Status, outcome.Message);
        }
    }
}
