using System.Data.Common;
using System.Globalization;
using Microsoft.Extensions.Options;
using PlatformBot.Data.Entities;
using PlatformBot.Data.Import;
using PlatformBot.Host.Features.Audit;
using PlatformBot.Host.Features.Import;
using PlatformBot.Host.Features.Telemetry;

namespace PlatformBot.Host.Features.Sources;

/// <summary>
/// Runs one SQL source (Sources:Sql:NAME): its query's rows stream from the warehouse's reader straight into the
/// import of its kind (<see cref="ImportService"/>), so they meet the rules of a CSV file - all or nothing, errors
/// naming the row and column. Every run is audited (who, the source and its kind; never a value), measured and recorded
/// in source_runs. A warehouse that cannot be reached or a query that fails is one line, never a stack trace; the
/// connection string is never logged (provider messages do not carry it).
/// </summary>
public sealed class SqlSourceRunner(
    IOptions<SqlSourcesOptions> options, ImportService imports, SourceRunLog runs, AuditLog audit, PlatformBotMetrics metrics, TimeProvider time,
    ILogger<SqlSourceRunner> logger)
{
    public static string SourceName(string name) => "sql:" + name;

    /// <summary>The source_runs kind: sql-accounts, sql-usage, ...</summary>
    public static string RunKind(ImportKind kind) => "sql-" + ImportKinds.Name(kind);

    /// <summary>The configured sources' names, in order.</summary>
    public IReadOnlyList<string> Names => options.Value.Sources.Keys.Order(StringComparer.Ordinal).ToList();

    /// <exception cref="InvalidOperationException">No source by that name (the message lists the configured ones).</exception>
    public async Task<SqlSourceRun> RunAsync(string name, string actor, string surface, CancellationToken cancellationToken)
    {
        var sources = options.Value.Sources;
        var canonical = sources.Keys.FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException(sources.Count == 0
                ? $"No SQL source is configured: add {SqlSourcesOptions.Section}:NAME with Kind, Provider, Query and a ConnectionString (docs/configuration.md)."
                : $"No SQL source '{name}' under {SqlSourcesOptions.Section}; configured: {string.Join(", ", Names)}.");
        var settings = sources[canonical];
        _ = ImportKinds.TryParse(settings.Kind, out var kind); // validated at start-up
        var source = SourceName(canonical);
        var subject = $"{source} {ImportKinds.Name(kind)}";
        var started = time.GetUtcNow().UtcDateTime;
        ImportResult? result = null;
        string? error;
        try
        {
            result = await QueryAndImportAsync(settings, kind, subject, actor, surface, cancellationToken);
            error = Problem(result, canonical);
        }
        catch (Exception ex) when (Expected(ex, cancellationToken) is { } reason)
        {
            // The import did not finish, so it audited nothing: the attempt is audited here.
            error = reason;
            await audit.RecordAsync(actor, surface, "import", subject, "failed: " + reason, cancellationToken);
        }

        var outcome = error is null ? SourceRunOutcomes.Ok : result is null ? SourceRunOutcomes.Failed : SourceRunOutcomes.Refused;
        if (error is null)
        {
            logger.LogInformation("SQL source {Source}: imported {Rows} {Kind} row(s)", canonical, result!.RowsRead, ImportKinds.Name(kind));
        }
        else
        {
            metrics.SourceFailed(source, outcome);
            logger.LogWarning("SQL source {Source} {Outcome}: {Reason}", canonical, outcome, error);
        }

        await runs.RecordAsync(source, RunKind(kind), started, error is null ? result!.RowsRead : 0, outcome, error, cancellationToken);
        return new SqlSourceRun(canonical, kind, result, outcome, error);
    }

    private Task<ImportResult> QueryAndImportAsync(
        SqlSourceOptions settings, ImportKind kind, string subject, string actor, string surface, CancellationToken cancellationToken)
    {
        var query = new QuerySource(settings.Provider!.Value, settings.ConnectionString!, settings.Query!, settings.CommandTimeoutSeconds);
        var mode = new ImportOptions { Replace = settings.Replace, AllowLargeReplace = settings.AllowLargeReplace };
        return imports.ImportAsync(kind, subject, query, actor, surface, mode, cancellationToken);
    }

    /// <summary>Why a finished import wrote nothing (rows refused, or a replace too large), in one line; null if it wrote.</summary>
    private static string? Problem(ImportResult result, string name)
    {
        if (!result.Succeeded)
        {
            var more = result.TotalErrors > 1 ? string.Create(CultureInfo.InvariantCulture, $" (and {result.TotalErrors - 1} more)") : string.Empty;
            return "rows refused, nothing imported: " + Describe(result.Errors[0]) + more;
        }

        return result.RefusedAsLarge
            ? ImportReport.RefusalText(result.Replace!, $"{SqlSourcesOptions.Section}:{name}:AllowLargeReplace = true")
            : null;
    }

    /// <summary>An import error as a query's: "row 3, column 2 (name): ..." (row 1 is the first result row), "query column 4 (x): ..." for the columns.</summary>
    public static string Describe(ImportError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var where = error.Line == 0 ? "query" : string.Create(CultureInfo.InvariantCulture, $"row {error.Line}");
        var column = (error.Column, error.ColumnName) switch
        {
            (null, null) => string.Empty,
            (null, { } n) => $", column {n}",
            ({ } c, null) => string.Create(CultureInfo.InvariantCulture, $", column {c}"),
            ({ } c, { } n) => string.Create(CultureInfo.InvariantCulture, $", column {c} ({n})"),
        };
        return $"{where}{column}: {error.Message}";
    }

    /// <summary>The one-line reason for a fault we expect from a warehouse (unreachable, refused login, bad SQL, timeout); null for a bug.</summary>
    private static string? Expected(Exception ex, CancellationToken cancellationToken) => ex switch
    {
        OperationCanceledException when cancellationToken.IsCancellationRequested => null,
        DbException or TimeoutException or IOException or System.Net.Sockets.SocketException => "the query could not be run: " + OneLine(ex),
        _ => null,
    };

    private static string OneLine(Exception ex)
    {
        var text = ex.Message;
        if (ex.InnerException is { } inner && !text.Contains(inner.Message, StringComparison.Ordinal))
        {
            text += ": " + inner.Message;
        }

        return string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }
}
