using Microsoft.Extensions.Options;
using PlatformBot.Host.Features.Digests;
using PlatformBot.Scoring;

namespace PlatformBot.Host.Features.Retention;

/// <summary>Bound from the "Retention" section: how long the tables that grow without bound keep their rows.</summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>audit_entries older than this many days are deleted.</summary>
    public int AuditDays { get; set; } = 400;

    /// <summary>digest_deliveries claimed more than this many days ago are deleted.</summary>
    public int DeliveryLogDays { get; set; } = 400;

    /// <summary>usage_rows whose snapshot_date is more than this many days before today are deleted (and instances left without rows).</summary>
    public int UsageDays { get; set; } = 800;

    /// <summary>The daily prune: a Quartz cron expression in Scoring:TimeZone. Empty = no scheduled prune (`platformbot prune` still works).</summary>
    public string Schedule { get; set; } = "0 30 4 * * ?";

    /// <summary>
    /// The delivery row is the never-twice guard of a digest (ADR 0004): a month keeps it for every week a scheduled,
    /// caught-up or hand-sent digest is likely to touch again.
    /// </summary>
    public const int MinDeliveryLogDays = 30;
}

/// <summary>
/// Fails start-up naming the key. Usage must outlive what scoring reads: re-scoring any week a digest's trend shows
/// needs that week's usage and the staleness window before it.
/// </summary>
internal sealed class RetentionOptionsValidator(ScoringModel model, IOptions<DigestOptions> digests) : IValidateOptions<RetentionOptions>
{
    public ValidateOptionsResult Validate(string? name, RetentionOptions options)
    {
        var errors = new List<string>();
        if (options.AuditDays < 1)
        {
            errors.Add($"Retention:AuditDays ({options.AuditDays}) must be at least 1.");
        }

        if (options.DeliveryLogDays < RetentionOptions.MinDeliveryLogDays)
        {
            errors.Add($"Retention:DeliveryLogDays ({options.DeliveryLogDays}) must be at least {RetentionOptions.MinDeliveryLogDays}: the delivery log is what stops a digest being posted twice.");
        }

        var trendWeeks = digests.Value.TrendWeeks;
        var minimum = model.StalenessDays + (7 * trendWeeks);
        if (options.UsageDays < minimum)
        {
            errors.Add($"Retention:UsageDays ({options.UsageDays}) must be at least {minimum}: the scoring model's staleness window ({model.StalenessDays} days) " +
                $"plus Digests:TrendWeeks ({trendWeeks} weeks), or scoring a week the trend shows would find its usage deleted.");
        }

        if (!string.IsNullOrWhiteSpace(options.Schedule) && !Quartz.CronExpression.TryParse(options.Schedule, out _))
        {
            errors.Add($"Retention:Schedule '{options.Schedule}' is not a Quartz cron expression.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
