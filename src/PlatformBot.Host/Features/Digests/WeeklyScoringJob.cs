using PlatformBot.Host.Features.Scoring;
using Quartz;

namespace PlatformBot.Host.Features.Digests;

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
