using PlatformBot.Host.Features.Digests;
using Quartz;

namespace PlatformBot.Host.Features.Retention;

/// <summary>
/// The daily prune (Retention:Schedule, in Scoring:TimeZone). On a server database the job store is clustered and
/// at-least-once: a duplicate fire after a stall or a deploy runs the same fixed-cutoff deletes again and finds nothing.
/// </summary>
public sealed class RetentionJob(RetentionPruner pruner, ILogger<RetentionJob> logger) : IJob
{
    public static readonly JobKey Key = new("retention-prune", DigestScheduler.Group);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await pruner.PruneAsync(dryRun: false, "job:retention", "scheduler", cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Not swallowed: logged as an error and reported to Quartz; the next day's run deletes what this one did not.
            logger.LogError(ex, "Retention prune failed");
            throw new JobExecutionException(ex) { RefireImmediately = false };
        }
    }
}
