using Microsoft.Extensions.Options;
using PlatformBot.Data.Storage;
using PlatformBot.Scoring;

namespace PlatformBot.Host;

/// <summary>Fails start-up early and clearly: a bad scoring model or an unmigrated server database stops the host.</summary>
internal sealed class StartupChecks(IServiceProvider services, ILogger<StartupChecks> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var model = services.GetRequiredService<ScoringModel>();
        var store = services.GetRequiredService<StoreInitializer>();
        await store.EnsureReadyAsync(cancellationToken);
        logger.LogInformation("Scoring model {Model}; store {Store}", model.Version, store.Connection.Describe());
    }

    /// <summary>
    /// What `serve` checks before the host starts any hosted service (Quartz validates its tables when it starts, and
    /// its message would hide ours): the store's settings, every option validated at start-up, the scoring model, the
    /// store itself (reachable, migrated) and the chat features' settings. The first failure is the one reported.
    /// </summary>
    public static async Task PreflightAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        _ = services.GetRequiredService<StoreConnection>();
        services.GetService<IStartupValidator>()?.Validate();
        _ = services.GetRequiredService<ScoringModel>();
        await services.GetRequiredService<StoreInitializer>().EnsureReadyAsync(cancellationToken);
        foreach (var check in services.GetServices<IHostedService>().OfType<ChatFeatureStartupCheck>())
        {
            check.ThrowIfFailing();
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
