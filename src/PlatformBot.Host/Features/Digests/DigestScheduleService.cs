using Microsoft.Extensions.Options;

namespace PlatformBot.Host.Features.Digests;

/// <summary>Runs <see cref="DigestScheduler"/> in the server: sync and catch-up at start, then on every change signal or interval.</summary>
public sealed class DigestScheduleService(
    DigestScheduler scheduler,
    DigestScheduleSignal signal,
    PersonalDigests personal,
    IOptions<DigestOptions> options,
    TimeProvider time,
    ILogger<DigestScheduleService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.SchedulerEnabled)
        {
            logger.LogInformation("Digest scheduler is off (Digests:SchedulerEnabled=false)");
            return;
        }

        var first = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await personal.EnrolIfDueAsync(stoppingToken);
                await scheduler.SyncAsync(stoppingToken);
                await scheduler.SweepAsync(stoppingToken);
                if (first)
                {
                    await scheduler.CatchUpAsync(stoppingToken);
                    first = false;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Not swallowed silently: logged as an error every round until it is fixed (e.g. an unmigrated database).
                logger.LogError(ex, "Digest schedule sync failed; retrying in {Interval}", options.Value.ResyncInterval);
            }

            try
            {
                await signal.WaitAsync(options.Value.ResyncInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
