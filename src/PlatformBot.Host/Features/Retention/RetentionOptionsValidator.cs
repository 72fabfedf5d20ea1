using Microsoft.Extensions.Options;
using PlatformBot.Host.Features.Digests;
using PlatformBot.Scoring;

namespace PlatformBot.Host.Features.Retention;

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

        if (options.SourceRunDays < 1)
        {
            errors.Add($"Retention:SourceRunDays ({options.SourceRunDays}) must be at least 1.");
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
