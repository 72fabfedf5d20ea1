using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace PlatformBot.Host.Features.Teams;

/// <summary>
/// Teams on this node, for /readyz (registered only when Teams is configured). Ready means: app id and password set and
/// the adapter's settings valid (start-up refuses anything less). Degraded, still ready, when /privacy or /terms are not
/// set up (the manifest links them; Teams shows dead links). The Bot Framework's services are not called, for the same
/// reason as Slack's: their outage is every node's, and taking all of them out of rotation mends nothing.
/// </summary>
internal sealed class TeamsHealthCheck(bool legalPagesMissing) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(legalPagesMissing
            ? HealthCheckResult.Degraded("configured; /privacy or /terms is not set up (Legal:*), the manifest's links answer 404")
            : HealthCheckResult.Healthy("configured"));
}
