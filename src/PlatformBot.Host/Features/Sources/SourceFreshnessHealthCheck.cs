using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Quartz;

namespace PlatformBot.Host.Features.Sources;

/// <summary>
/// /readyz's "sources" check: every scheduled source (each configured GitLab instance, pulled on
/// Sources:GitLab:Schedule, and each SQL source with a Schedule) must have succeeded within twice its schedule's
/// period, so one missed or failed run is tolerated and the second is reported. A stale source is Degraded, not
/// Unhealthy: the node still answers lookups from the data it has, and taking it out of the load balancer would not
/// fetch a single row. Payloads imported by hand or over HTTP, and SQL sources without a schedule, are not judged.
/// </summary>
internal sealed class SourceFreshnessHealthCheck(IOptions<GitLabOptions> gitlab, IOptions<SqlSourcesOptions> sql, SourceRunLog runs, TimeProvider time) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var scheduled = Scheduled().ToList();
        if (scheduled.Count == 0)
        {
            return HealthCheckResult.Healthy("no scheduled source");
        }

        var stale = new List<string>();
        foreach (var (source, cron) in scheduled)
        {
            var allowed = 2 * SourceSchedules.Period(cron, now);
            var last = await runs.LastSuccessAsync(source, cancellationToken);
            if (last is null)
            {
                stale.Add(source + " never succeeded");
            }
            else if (now - new DateTimeOffset(DateTime.SpecifyKind(last.Value, DateTimeKind.Utc)) > allowed)
            {
                stale.Add(string.Create(CultureInfo.InvariantCulture, $"{source} last succeeded {last.Value:yyyy-MM-dd HH:mm}Z (allowed: {Days(allowed)})"));
            }
        }

        return stale.Count == 0
            ? HealthCheckResult.Healthy($"{scheduled.Count} scheduled source(s) succeeded within twice their schedule")
            : HealthCheckResult.Degraded($"not succeeded within twice the schedule: {string.Join("; ", stale)} (platformbot sources status)");
    }

    /// <summary>Each scheduled source's source_runs name and its schedule, in name order.</summary>
    private IEnumerable<(string Source, CronExpression Cron)> Scheduled()
    {
        var pull = gitlab.Value;
        if (Cron(pull.Schedule) is { } pullCron)
        {
            foreach (var name in pull.Instances.Keys.Order(StringComparer.Ordinal))
            {
                yield return (GitLabPuller.SourceName(name), pullCron);
            }
        }

        foreach (var (name, source) in sql.Value.Sources.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            if (Cron(source.Schedule) is { } cron)
            {
                yield return (SqlSourceRunner.SourceName(name), cron);
            }
        }
    }

    private static CronExpression? Cron(string? schedule) =>
        !string.IsNullOrWhiteSpace(schedule) && CronExpression.TryParse(schedule, out var cron) ? cron : null;

    private static string Days(TimeSpan span) => string.Create(CultureInfo.InvariantCulture, $"{span.TotalDays:0.#} days");
}
