using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using PlatformBot.Data.Storage;

namespace PlatformBot.Host.Features.Health;

/// <summary>
/// Ready only when the store has no pending migration: a node started on a new build before `platformbot migrate` ran
/// (an upgrade done in the wrong order) stays out of rotation instead of failing requests. Asks the migrations history
/// on every probe and never migrates.
/// </summary>
internal sealed class StoreMigrationsHealthCheck(StoreInitializer store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var pending = await store.PendingMigrationsAsync(cancellationToken);
            return pending.Count == 0
                ? HealthCheckResult.Healthy("no pending migrations")
                : HealthCheckResult.Unhealthy(string.Create(CultureInfo.InvariantCulture,
                    $"{pending.Count} pending migration(s) ({string.Join(", ", pending)}): run `platformbot migrate`"));
        }
        catch (InvalidOperationException ex)
        {
            // StoreInitializer's one line: "cannot connect to HOST:PORT: reason" (no credentials in it).
            return HealthCheckResult.Unhealthy(ex.Message);
        }
        catch (System.Data.Common.DbException)
        {
            return HealthCheckResult.Unhealthy("cannot read the migrations history");
        }
    }
}
