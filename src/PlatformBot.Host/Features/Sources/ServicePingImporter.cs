using System.Text;
using Microsoft.EntityFrameworkCore;
using PlatformBot.Data;
using PlatformBot.Data.Entities;
using PlatformBot.Data.Import;
using PlatformBot.Host.Features.Import;
using PlatformBot.Scoring;

namespace PlatformBot.Host.Features.Sources;

/// <summary>
/// Imports one Service Ping payload (a file, an HTTP body, a GitLab pull) as one usage row. The row goes through the
/// usage import itself (<see cref="ImportService"/>, as a one-row usage CSV): one owner validates and writes usage, so
/// a payload is held to exactly the rules of a usage file (known subscription, sane date, whole numbers), and
/// refreshes the caches, the same way; it is audited as `import service-ping`. Nothing is written from a refused payload; every payload is a
/// source run.
/// </summary>
public sealed class ServicePingImporter(
    ImportService imports, ScoringModel model, IDbContextFactory<PlatformBotDbContext> contexts, SourceRunLog runs, TimeProvider time)
{
    public const string Kind = "service-ping";

    /// <param name="source">The source_runs name: service-ping:cli, service-ping:api, gitlab:NAME.</param>
    /// <param name="configured">The subscription an operator configured for this source (a GitLab instance's SubscriptionId), if any.</param>
    /// <exception cref="ServicePingException">The payload was refused (nothing written); the message starts with the JSON path.</exception>
    public async Task<ServicePingResult> ImportAsync(
        Stream json, string source, string kind, string actor, string surface, SubscriptionChoice? configured, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow().UtcDateTime;
        try
        {
            var result = await ImportCoreAsync(json, actor, surface, configured, cancellationToken);
            await runs.RecordAsync(source, kind, started, 1, SourceRunOutcomes.Ok, null, cancellationToken);
            return result;
        }
        catch (Exception ex) when (ServicePingException.IsRefusal(ex))
        {
            await runs.RecordAsync(source, kind, started, 0, SourceRunOutcomes.Refused, ex.Message, cancellationToken);
            throw;
        }
    }

    private async Task<ServicePingResult> ImportCoreAsync(Stream json, string actor, string surface, SubscriptionChoice? configured, CancellationToken cancellationToken)
    {
        var mapping = model.ServicePing
            ?? throw new InvalidOperationException($"The scoring model '{model.Version}' has no servicePing section: it cannot read Service Ping payloads (docs/scoring-model-format.md).");
        var payload = await ServicePingReader.ReadAsync(json, mapping, cancellationToken);
        var subscription = configured
            ?? (payload.LicenseSubscriptionId is { } licensed ? new SubscriptionChoice(licensed, "$.license_subscription_id") : null)
            ?? await MappedAsync(payload.InstanceId, cancellationToken)
            ?? throw new ServicePingException("$.license_subscription_id",
                $"the payload names no subscription and instance '{payload.InstanceId}' is not in the instance map (import it with `platformbot import instance-map`)");

        await using var csv = new MemoryStream(UsageCsv(payload, subscription));
        var result = await imports.ImportAsync(ImportKind.Usage, Kind, csv, actor, surface, ImportOptions.Default, null, cancellationToken);
        if (!result.Succeeded)
        {
            var first = result.Errors[0];
            var more = result.TotalErrors > 1 ? $" (and {result.TotalErrors - 1} more)" : string.Empty;
            throw new ServicePingException(PathOf(first.ColumnName, payload, subscription), Problem(first) + more);
        }

        return new ServicePingResult(payload.InstanceId, payload.SnapshotDate, subscription, payload.Version, payload.Values);
    }

    private async Task<SubscriptionChoice?> MappedAsync(string instanceId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var mapped = await db.InstanceMap.AsNoTracking().Where(m => m.InstanceId == instanceId).Select(m => m.SubscriptionId).FirstOrDefaultAsync(cancellationToken);
        return mapped is null ? null : new SubscriptionChoice(mapped, "the instance map");
    }

    /// <summary>The payload as a usage file of one row: header, then the row; an unknown column is an empty cell.</summary>
    private static byte[] UsageCsv(ServicePingPayload payload, SubscriptionChoice subscription)
    {
        var text = new StringBuilder("instance_id,subscription_id,snapshot_date");
        foreach (var value in payload.Values)
        {
            text.Append(',').Append(value.Column);
        }

        text.Append('\n').Append(Quote(payload.InstanceId)).Append(',').Append(Quote(subscription.Id)).Append(',')
            .Append(payload.SnapshotDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        foreach (var value in payload.Values)
        {
            text.Append(',').Append(value.Value?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return Encoding.UTF8.GetBytes(text.Append('\n').ToString());
    }

    private static string Quote(string cell) => "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>Where in the payload (or the configuration) the usage import's complaint points.</summary>
    private static string PathOf(string? column, ServicePingPayload payload, SubscriptionChoice subscription) => column switch
    {
        "instance_id" => "$.uuid",
        "snapshot_date" => "$.recorded_at",
        "subscription_id" => subscription.From,
        null => "$",
        _ => payload.Values.FirstOrDefault(v => v.Column == column)?.Path is { } path ? "$." + path : "$",
    };

    /// <summary>The usage import's message without its column name (the path replaces it); "subscription 'X' ..." for the subscription.</summary>
    private static string Problem(ImportError error) => error.ColumnName switch
    {
        "subscription_id" when error.Message.StartsWith("subscription_id ", StringComparison.Ordinal) => "subscription " + error.Message["subscription_id ".Length..],
        { } name when error.Message.StartsWith(name + " ", StringComparison.Ordinal) => error.Message[(name.Length + 1)..],
        _ => error.Message,
    };
}
