using PlatformBot.Data.Import;
using PlatformBot.Host.Features.Audit;
using PlatformBot.Host.Features.Telemetry;
using PlatformBot.Scoring;

namespace PlatformBot.Host.Features.Import;

/// <summary>Runs an import for any surface (CLI, HTTP, demo), then audits it and refreshes what caches account names.</summary>
public sealed class ImportService(
    CsvImporter importer, ScoringModel model, AuditLog audit, Lookup.AccountDirectory directory, PlatformBot.Data.Storage.StoreInitializer initializer,
    Scoring.StoreChanges changes, Scoring.BusinessCalendar calendar, PlatformBotMetrics metrics)
{
    public Task<ImportResult> ImportAsync(ImportKind kind, Stream csv, string actor, string surface, IProgress<ImportProgress>? progress, CancellationToken cancellationToken) =>
        ImportAsync(kind, csv, actor, surface, ImportOptions.Default, progress, cancellationToken);

    /// <param name="options">Replace and dry run; the import date is today in Scoring:TimeZone, whatever the caller set.</param>
    public async Task<ImportResult> ImportAsync(
        ImportKind kind, Stream csv, string actor, string surface, ImportOptions options, IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        await initializer.EnsureReadyAsync(cancellationToken);
        var result = await importer.ImportAsync(kind, csv, model.InputColumns, options with { Today = calendar.Today }, progress, cancellationToken);
        await audit.RecordAsync(actor, surface, "import", ImportKinds.Name(kind), ImportReport.AuditDetail(result), cancellationToken);
        var written = result.Succeeded && !result.DryRun && !result.RefusedAsLarge;
        var outcome = written ? "written" : !result.Succeeded ? "failed" : result.RefusedAsLarge ? "refused" : "dry_run";
        metrics.ImportFinished(kind.ToString().ToLowerInvariant(), outcome, written ? result.RowsWritten : 0, result.Elapsed);
        if (written)
        {
            changes.Changed();
        }

        if (written && kind == ImportKind.Accounts)
        {
            directory.Invalidate();
        }

        return result;
    }
}
