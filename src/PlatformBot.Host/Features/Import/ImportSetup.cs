using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PlatformBot.Data.Import;
using PlatformBot.Host.Features.Access;

namespace PlatformBot.Host.Features.Import;

public static class ImportSetup
{
    public static IServiceCollection AddImport(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<IngestOptions>().Bind(configuration.GetSection(IngestOptions.Section))
            .Validate(o => o.MaxBodyBytes > 0, "Ingest:MaxBodyBytes must be positive.")
            .ValidateOnStart();
        services.TryAddSingleton<CsvImporter>();
        services.AddSingleton<ImportService>();
        return services;
    }

    /// <summary>POST /api/v1/import/{accounts|subscriptions|usage|instance-map}: the CLI importer over HTTP, on the API group (its key and rate limit).</summary>
    public static RouteGroupBuilder MapImport(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapPost("/import/{kind}", IngestAsync)
            .WithName("Ingest")
            .DisableAntiforgery();
        return api;
    }

    private static async Task<IResult> IngestAsync(
        string kind, HttpContext http, ImportService imports, IOptions<IngestOptions> options, CancellationToken cancellationToken,
        bool? replace = null, [FromQuery(Name = "dry_run")] bool? dryRun = null, [FromQuery(Name = "allow_large_replace")] bool? allowLargeReplace = null)
    {
        var settings = options.Value;
        if (!ImportKinds.TryParse(kind, out var importKind))
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown import kind", detail: "Use accounts, subscriptions, usage, instance-map or service-ping.");
        }

        if (replace == true && !ImportKinds.Replaceable(importKind))
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "replace applies to accounts and subscriptions only",
                detail: "A usage file is never the whole truth: usage rows are kept until Retention:UsageDays. An instance map row replaces its own mapping.");
        }

        if (http.Request.ContentType is { } contentType && contentType.TrimStart().StartsWith("multipart/", StringComparison.OrdinalIgnoreCase))
        {
            // A form upload (curl -F) wraps the file in MIME parts; read as CSV its boundary lines would be the "header".
            return Results.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Send the CSV file itself as the request body, not as a form upload",
                detail: $"For example: curl --data-binary @{ImportKinds.Name(importKind)}.csv -H 'Content-Type: text/csv' -H 'X-Api-Key: ...' <host>/api/v1/import/{ImportKinds.Name(importKind)}");
        }

        if (http.Request.ContentLength > settings.MaxBodyBytes)
        {
            return TooLarge(settings.MaxBodyBytes);
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = settings.MaxBodyBytes;
        }

        ImportResult result;
        try
        {
            var mode = new ImportOptions { Replace = replace == true, DryRun = dryRun == true, AllowLargeReplace = allowLargeReplace == true };
            result = await imports.ImportAsync(importKind, http.Request.Body, ApiCaller.Of(http).Actor, "api", mode, null, cancellationToken);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(settings.MaxBodyBytes);
        }

        if (!result.Succeeded)
        {
            return Results.Problem(
                statusCode: StatusCodes.Status422UnprocessableEntity,
                title: $"The {kind} file was rejected; nothing was imported",
                detail: $"{result.TotalErrors} error(s); the first {result.Errors.Count} are listed.",
                extensions: new Dictionary<string, object?>(StringComparer.Ordinal)
                {
                    ["errors"] = result.Errors.Select(e => new { line = e.Line, column = e.Column, column_name = e.ColumnName, message = e.Message }).ToList(),
                    ["total_errors"] = result.TotalErrors,
                });
        }

        if (result.RefusedAsLarge)
        {
            return Results.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "The replace was refused; nothing was imported",
                detail: ImportReport.RefusalText(result.Replace!, "allow_large_replace=true"),
                extensions: new Dictionary<string, object?>(StringComparer.Ordinal) { ["replace"] = ReplaceJson(result.Replace!) });
        }

        return Results.Ok(new
        {
            kind = ImportKinds.Name(importKind), rows_read = result.RowsRead, rows_written = result.RowsWritten, elapsed_ms = (long)result.Elapsed.TotalMilliseconds,
            dry_run = result.DryRun, replace = result.Replace is { } r ? ReplaceJson(r) : null,
        });
    }

    /// <summary>What a replace ended or archived: the count, what was active before, and the ids (the first 1,000).</summary>
    private static Dictionary<string, object?> ReplaceJson(ReplaceOutcome r) => new Dictionary<string, object?>(StringComparer.Ordinal)
    {
        ["action"] = r.Verb,
        ["count"] = r.Count,
        ["active_before"] = r.ActiveBefore,
        ["more_than_half"] = r.Large,
        ["everything"] = r.Everything,
        ["ids"] = r.Ids,
        ["ids_truncated"] = r.Count > r.Ids.Count,
    };

    private static IResult TooLarge(long max) =>
        Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "The file is too large", detail: $"The limit is {max} bytes (Ingest:MaxBodyBytes).");
}
