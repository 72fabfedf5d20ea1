using Microsoft.Extensions.Options;
using PlatformBot.Data.Store;
using PlatformBot.Host.Features.Scoring;

namespace PlatformBot.Host.Features.Lookup;

/// <summary>
/// Freshness across processes (ADR 0021): reads the store's change marker every Lookup:StoreChangePollInterval (one
/// primary-key read) and, when another process (the CLI, another node) imported, scored, purged or pruned, drops
/// this host's card cache (<see cref="StoreChanges"/>) and hands the accounts counter to the account directory, which
/// drops itself only if it was loaded before it. An unchanged marker drops nothing. Runs in `serve` only.
/// </summary>
public sealed partial class StoreChangePoller(
    StoreChangeMarker marker,
    StoreChanges changes,
    AccountDirectory directory,
    IOptions<LookupOptions> options,
    TimeProvider time,
    ILogger<StoreChangePoller> logger) : BackgroundService
{
    private long? _seenVersion;
    private bool _failing;

    /// <summary>One poll: reads the marker and drops what it says is out of date. True when something was dropped.</summary>
    public async Task<bool> PollAsync(CancellationToken cancellationToken)
    {
        var mark = await marker.ReadAsync(cancellationToken);
        if (mark is null)
        {
            return false;
        }

        // The first read drops the cache too: a card computed before it may predate a write nobody has told us about.
        var dropped = false;
        if (_seenVersion != mark.Version)
        {
            _seenVersion = mark.Version;
            changes.Changed();
            dropped = true;
        }

        return directory.Observe(mark.AccountsVersion) || dropped;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.StoreChangePollInterval, time);
        do
        {
            try
            {
                await PollAsync(stoppingToken);
                if (_failing)
                {
                    _failing = false;
                    LogRecovered(logger);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The store is down or not migrated yet: /readyz says so; said here once per outage, not every second.
                if (!_failing)
                {
                    _failing = true;
                    LogFailing(logger, ex.Message);
                }
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot read the store's change marker ({Reason}); writes by other processes reach this host only when Lookup:CardCacheFor ends, or after 10 minutes for account names")]
    private static partial void LogFailing(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "The store's change marker is readable again")]
    private static partial void LogRecovered(ILogger logger);
}
