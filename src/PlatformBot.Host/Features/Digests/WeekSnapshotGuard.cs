using PlatformBot.Host.Features.Scoring;

namespace PlatformBot.Host.Features.Digests;

/// <summary>
/// Makes sure the week of a scheduled digest has a stored snapshot before the digest is built: the weekly scoring
/// job normally stored it already; when it did not (or the subscription's zone is ahead), this scores that day
/// once, so the digest never reports last week as this week's news.
/// </summary>
public sealed class WeekSnapshotGuard(ScoreRunner runner, DigestDataLoader loader, BusinessCalendar calendar, ILogger<WeekSnapshotGuard> logger) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>
    /// The weekly scoring job's run, under the same gate as <see cref="EnsureAsync"/>: a digest that finds its week
    /// missing while the job is storing it waits for the job instead of scoring the same day a second time.
    /// </summary>
    public async Task<ScoreRunSummary> ScoreAsync(DateOnly asOf, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var summary = await runner.ScoreAndStoreAsync(asOf, cancellationToken);
            loader.Invalidate();
            return summary;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task EnsureAsync(DateOnly asOf, CancellationToken cancellationToken)
    {
        // A subscription's zone can be a day ahead of Scoring:TimeZone, where no snapshot may be dated after today
        // (ScoreRunner refuses it): such a digest stores today's snapshot instead, once.
        var target = asOf > calendar.Today ? calendar.Today : asOf;
        if (HasWeek(await loader.DatesAsync(cancellationToken), asOf, target))
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            loader.Invalidate();
            if (HasWeek(await loader.DatesAsync(cancellationToken), asOf, target))
            {
                return;
            }

            logger.LogInformation("No snapshot stored for the week of {AsOf} yet; scoring {Target} before the digests go out", asOf, target);
            await runner.ScoreAndStoreAsync(target, cancellationToken);
            loader.Invalidate();
        }
        finally
        {
            _gate.Release();
        }
    }

    private static bool HasWeek(IReadOnlyList<DateOnly> dates, DateOnly asOf, DateOnly target)
    {
        var start = DigestSchedule.WeekStart(asOf);
        return dates.Any(d => (d >= start && d <= asOf) || d == target);
    }

    public void Dispose() => _gate.Dispose();
}
