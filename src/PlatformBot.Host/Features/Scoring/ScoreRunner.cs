using Microsoft.Extensions.Options;
using PlatformBot.Data.Store;
using PlatformBot.Host.Features.Telemetry;
using PlatformBot.Scoring;

namespace PlatformBot.Host.Features.Scoring;

/// <summary>
/// Runs the pure engine over the store: decides what is scored and when (never a date after today), streams the
/// store's inputs through the engine batch by batch and, for `score`, hands each score to the snapshot writer. The
/// statements themselves are the store's (<see cref="ScoreInputReader"/>, <see cref="SnapshotStore"/>).
/// </summary>
public sealed class ScoreRunner(
    ScoreInputReader inputs,
    SnapshotStore snapshots,
    ScoringEngine engine,
    ScoringModel model,
    TimeProvider time,
    StoreChanges changes,
    BusinessCalendar calendar,
    PlatformBotMetrics metrics,
    IOptions<ScoringOptions> options,
    ILogger<ScoreRunner> logger)
{
    private readonly int _batchSize = options.Value.BatchSize;

    /// <summary>Scores every account as of the date and stores the snapshots (replacing that date's earlier ones).</summary>
    public async Task<ScoreRunSummary> ScoreAndStoreAsync(DateOnly asOf, CancellationToken cancellationToken)
    {
        // A snapshot dated after today would become "the latest" for the KPI and digests and hide the real ones.
        var today = calendar.Today;
        if (asOf > today)
        {
            throw new InvalidOperationException(
                $"Refusing to store snapshots dated {asOf:yyyy-MM-dd}: that is after today ({today:yyyy-MM-dd} in Scoring:TimeZone {calendar.TimeZone.Id}).");
        }

        var started = time.GetTimestamp();
        var byLevel = model.LevelLabels.ToDictionary(l => l, _ => 0, StringComparer.Ordinal);
        var unreadable = new List<UnreadableUsageRow>();
        var accounts = 0;
        // One batch of inputs in memory at a time: each is scored and written before the next is read (issue 13). The
        // snapshots still become visible together, when the writer commits.
        await using (var writer = await snapshots.BeginWriteAsync(asOf, time.GetUtcNow().UtcDateTime, cancellationToken))
        {
            await foreach (var batch in inputs.ReadAllAsync(model, asOf, _batchSize, cancellationToken))
            {
                unreadable.AddRange(batch.UnreadableUsageRows);
                foreach (var input in batch.Accounts)
                {
                    var score = engine.Score(input, asOf);
                    byLevel[score.Level.Label]++;
                    await writer.WriteAsync(score, cancellationToken);
                }

                accounts += batch.Accounts.Count;
            }

            await writer.CommitAsync(cancellationToken);
        }

        ReportUnreadable(unreadable);
        changes.Changed();
        var elapsed = time.GetElapsedTime(started);
        metrics.ScoreRunFinished(accounts, elapsed);
        logger.LogInformation("Scored {Accounts} accounts as of {AsOf} with model {Model} in {Elapsed}; {Unreadable} usage row(s) with unreadable metrics",
            accounts, asOf, model.Version, elapsed, unreadable.Count);
        return new ScoreRunSummary(asOf, model.Version, accounts, byLevel, elapsed) { UnreadableUsageRows = unreadable };
    }

    /// <summary>Scores without storing (all accounts in ordinal id order, or one): what lookups and ad-hoc exports use.</summary>
    public async Task<IReadOnlyList<AccountScore>> ScoreAsync(DateOnly asOf, string? accountId, CancellationToken cancellationToken)
    {
        if (accountId is not null)
        {
            var one = await inputs.ReadAccountAsync(model, asOf, accountId, cancellationToken);
            ReportUnreadable(one.UnreadableUsageRows);
            return [.. one.Accounts.Select(input => engine.Score(input, asOf))];
        }

        var scores = new List<AccountScore>();
        var unreadable = new List<UnreadableUsageRow>();
        await foreach (var batch in inputs.ReadAllAsync(model, asOf, _batchSize, cancellationToken))
        {
            unreadable.AddRange(batch.UnreadableUsageRows);
            foreach (var input in batch.Accounts)
            {
                scores.Add(engine.Score(input, asOf));
            }
        }

        ReportUnreadable(unreadable);
        // Batches come in the database's order of ids (a collation on PostgreSQL or SQL Server); callers get ordinal order.
        scores.Sort(static (a, b) => string.CompareOrdinal(a.AccountId, b.AccountId));
        return scores;
    }

    /// <summary>One warning per unreadable row and read (the first ones; a store full of them gets a count, not a flood).</summary>
    private void ReportUnreadable(IReadOnlyList<UnreadableUsageRow> unreadable)
    {
        const int named = 20;
        foreach (var row in unreadable.Take(named))
        {
            logger.LogWarning(
                "Usage row of instance {InstanceId} on {SnapshotDate:yyyy-MM-dd}: {Cells} stored metric cell(s) are not whole numbers and count as unknown (re-import that row to repair it)",
                row.InstanceId, row.SnapshotDate, row.Cells);
        }

        if (unreadable.Count > named)
        {
            logger.LogWarning("{More} more usage row(s) have stored metric cells that are not whole numbers; they count as unknown", unreadable.Count - named);
        }
    }
}
