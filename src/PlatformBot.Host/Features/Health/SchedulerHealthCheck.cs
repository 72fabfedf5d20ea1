using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using PlatformBot.Data.Storage;
using PlatformBot.Host.Features.Digests;
using Quartz;

namespace PlatformBot.Host.Features.Health;

/// <summary>
/// The digest scheduler: started (Quartz starts once the application has started, so the first probes of a new node
/// say "not started yet"), and on its clustered store where the configuration says so (<see cref="DigestsSetup.IsClustered"/>).
/// Turned off by Digests:SchedulerEnabled=false it is healthy, and says so: that node sends no digests by design.
/// </summary>
internal sealed class SchedulerHealthCheck(ISchedulerFactory schedulers, StoreConnection store, IOptions<DigestOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!options.Value.SchedulerEnabled)
        {
            return HealthCheckResult.Healthy("off (Digests:SchedulerEnabled is false): this node sends no digests");
        }

        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var status = await scheduler.GetStatus(cancellationToken);
        if (status != SchedulerStatus.Running)
        {
            return HealthCheckResult.Unhealthy(status == SchedulerStatus.Created ? "not started yet" : "not running (" + status.ToString().ToLowerInvariant() + ")");
        }

        var meta = await scheduler.GetMetadata(cancellationToken);
        var clustered = DigestsSetup.IsClustered(store.Provider, options.Value);
        if (clustered && !meta.JobStoreClustered)
        {
            return HealthCheckResult.Unhealthy("started, but not clustered although Digests:Clustered asks for it on a server store");
        }

        return HealthCheckResult.Healthy(meta.JobStoreClustered ? "started, clustered" : "started, in memory (one node)");
    }
}
