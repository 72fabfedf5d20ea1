using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Quartz;

namespace PlatformBot.Host.Features.Sources;

/// <summary>
/// /readyz's "sources" check: every scheduled source (each configured GitLab instance, pulled on
/// Sources:GitLab:Schedule) must have succeeded within twice its schedule's period, so one missed or failed pull is
/// tolerated and the second is reported. A stale source is Degraded, not Unhealthy: the node still answers lookups
/// from the data it has, and taking it out of the load balancer would not fetch a single payload. Payloads imported by
/// hand or over HTTP have no schedule and are not judged.
/// </summary>
internal sealed class SourceFreshnessHealthCheck(IOptions<GitLabOptions> options, SourceRunLog runs, TimeProvider time) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        if (settings.Instances.Count == 0 || string.IsNullOrWhiteSpace(settings.Schedule) || !CronExpression.TryParse(settings.Schedule, out var cron) || cron is null)
        {
            return HealthCheckResult.Healthy("no scheduled source");
        }

        var now = time.GetUtcNow();
        var allowed = 2 * Period(cron, now);
        var stale = new List<string>();
        foreach (var name in settings.Instances.Keys.Order(StringComparer.Ordinal))
        {
            var last = await runs.LastSuccessAsync(GitLabPuller.SourceName(name), cancellationToken);
            if (last is null)
            {
                stale.Add(GitLabPuller.SourceName(name) + " never succeeded");
            }
            else if (now - new DateTimeOffset(DateTime.SpecifyKind(last.Value, DateTimeKind.Utc)) > allowed)
            {
                stale.Add(string.Create(CultureInfo.InvariantCulture, $"{GitLabPuller.SourceName(name)} last succeeded {last.Value:yyyy-MM-dd HH:mm}Z"));
            }
        }

        var window = string.Create(CultureInfo.InvariantCulture, $"{allowed.TotalDays:0.#} days (twice the schedule)");
        return stale.Count == 0
            ? HealthCheckResult.Healthy($"{settings.Instances.Count} scheduled source(s) succeeded within {window}")
            : HealthCheckResult.Degraded($"not succeeded within {window}: {string.Join("; ", stale)} (platformbot sources status)");
    }

    /// <summary>The time between two consecutive fires after now (a week for the default weekly pull).</summary>
    private static TimeSpan Period(CronExpression cron, DateTimeOffset now) =>
        cron.GetNextValidTimeAfter(now) is { } first && cron.GetNextValidTimeAfter(first) is { } second ? second - first : TimeSpan.FromDays(7);
}
