using Quartz;

namespace PlatformBot.Host.Features.Sources;

/// <summary>
/// The weekly pull of every GitLab instance (Sources:GitLab:Schedule), before the weekly scoring. A failed instance is
/// not a failed job: it is logged, recorded in source_runs and retried by the next pull. Clustered Quartz may fire it
/// twice; that is harmless, since a payload re-imported replaces its own (instance, date) row.
/// </summary>
[DisallowConcurrentExecution]
public sealed class GitLabPullJob(GitLabPuller puller, ILogger<GitLabPullJob> logger) : IJob
{
    public static readonly JobKey Key = new("gitlab-pull", Digests.DigestScheduler.Group);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var summary = await puller.PullAsync(null, "job:gitlab-pull", "job", cancellationToken);
            logger.Log(summary.Failed == 0 ? LogLevel.Information : LogLevel.Warning, "{Summary}", summary.Line);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Not swallowed: every expected per-instance fault is handled inside the pull; this is something else.
            logger.LogError(ex, "The GitLab pull failed");
            throw new JobExecutionException(ex) { RefireImmediately = false };
        }
    }
}
