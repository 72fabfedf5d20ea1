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
    public Task<ImportResult> ImportAsync(
        ImportKind kind, Stream csv, string actor, string surface, ImportOptions options, IProgress<ImportProgress>? progress, CancellationToken cancellationToken) =>
        ImportAsync(kind, ImportKinds.Name(kind), csv, actor, surface, options, progress, cancellationToken);

    /// <param name="subject">What the audit entry says was imported: "service-ping" for a payload's usage row, rather than "usage".</param>
    public Task<ImportResult> ImportAsync(
        ImportKind kind, string subject, Stream csv, string actor, string surface, ImportOptions options, IProgress<ImportProgress>? progress, CancellationToken cancellationToken) =>
        RunAsync(kind, subject, actor, surface, options, (o, ct) => importer.ImportAsync(kind, csv, model.InputColumns, o, progress, ct), cancellationToken);

    /// <summary>A query's result (a SQL source), held to the rules of a file of its kind.</summary>
    /// <param name="subject">What the audit entry says was imported: the source and its kind ("sql:crm accounts").</param>
    public Task<ImportResult> ImportAsync(
        ImportKind kind, string subject, QuerySource query, string actor, string surface, ImportOptions options, CancellationToken cancellationToken) =>
        RunAsync(kind, subject, actor, surface, options, (o, ct) => importer.ImportAsync(kind, query, model.InputColumns, o, null, ct), cancellationToken);

    private async Task<ImportResult> RunAsync(
        ImportKind kind, string subject, string actor, string surface, ImportOptions options, Func<ImportOptions, CancellationToken, Task<ImportResult>> import,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        await initializer.EnsureReadyAsync(cancellationToken);
        var result = await import(options with { Today = calendar.Today }, cancellationToken);
        await audit.RecordAsync(actor, surface, "import", subject, ImportReport.AuditDetail(result), cancellationToken);
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
