using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace PlatformBot.Host.Features.Slack;

/// <summary>
/// Slack on this node, for /readyz (registered only when Slack is configured). Ready means: the signing secret and bot
/// token are set (start-up refuses half a configuration) and the work queue has room, so a slash command gets its
/// answer. Slack's own API is not called: a Slack outage would take every node out of rotation at once and mend
/// nothing, and an answer that needs no Slack call (the acknowledgement) still works.
/// </summary>
internal sealed class SlackHealthCheck(SlackBacklog backlog) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var waiting = backlog.Waiting;
        return Task.FromResult(waiting >= SlackBacklog.Capacity
            ? HealthCheckResult.Unhealthy(string.Create(CultureInfo.InvariantCulture, $"the work queue is full ({waiting} waiting): commands are answered \"try again\""))
            : HealthCheckResult.Healthy(string.Create(CultureInfo.InvariantCulture, $"configured; {waiting} of {SlackBacklog.Capacity} queued")));
    }
}
