using Microsoft.EntityFrameworkCore;
using PlatformBot.Data;
using PlatformBot.Data.Entities;
using PlatformBot.Data.Storage;

namespace PlatformBot.Host.Features.Sources;

/// <summary>
/// The source_runs table: one row per pull of a GitLab instance and per Service Ping payload imported. The last row of
/// each source answers `platformbot sources status` (and its last success is what /readyz's <see cref="SourceFreshnessHealthCheck"/> judges).
/// </summary>
public sealed class SourceRunLog(IDbContextFactory<PlatformBotDbContext> contexts, StoreInitializer initializer, TimeProvider time)
{
    public async Task RecordAsync(string source, string kind, DateTime startedUtc, long rows, string outcome, string? error, CancellationToken cancellationToken)
    {
        await initializer.EnsureReadyAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.SourceRuns.Add(new SourceRun
        {
            Source = Limits.Fit(source, Limits.Name),
            Kind = Limits.Fit(kind, Limits.Label),
            StartedAtUtc = startedUtc,
            FinishedAtUtc = time.GetUtcNow().UtcDateTime,
            Rows = rows,
            Outcome = outcome,
            Error = error is null ? null : Limits.Fit(error, Limits.Detail),
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>When the source's last successful run finished (UTC), or null if none did.</summary>
    public async Task<DateTime?> LastSuccessAsync(string source, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.SourceRuns.AsNoTracking()
            .Where(r => r.Source == source && r.Outcome == SourceRunOutcomes.Ok)
            .MaxAsync(r => (DateTime?)r.FinishedAtUtc, cancellationToken);
    }

    /// <summary>The last run of every source that has run, by source name.</summary>
    public async Task<IReadOnlyList<SourceRun>> LastRunsAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.SourceRuns.AsNoTracking()
            .Where(r => r.Id == db.SourceRuns.Where(x => x.Source == r.Source).Max(x => x.Id))
            .OrderBy(r => r.Source)
            .ToListAsync(cancellationToken);
    }
}
