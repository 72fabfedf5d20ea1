using System.Diagnostics;
using PlatformBot.Host.Features.Telemetry;
using PlatformBot.Slack;

namespace PlatformBot.Host.Features.Slack;

/// <summary>Runs queued Slack work, Slack:Workers items at a time; one failure never stops the worker.</summary>
public sealed partial class SlackWorker(
    SlackBacklog queue, IServiceScopeFactory scopes, Microsoft.Extensions.Options.IOptions<SlackCommandOptions> options, ILogger<SlackWorker> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, options.Value.Workers).Select(_ => RunLoopAsync(stoppingToken)));

    private async Task RunLoopAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var work in queue.Reader.ReadAllAsync(stoppingToken))
            {
                using var span = PlatformBotTracing.Source.StartActivity("slack " + work.Description, ActivityKind.Internal, work.Parent);
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await work.RunAsync(scope.ServiceProvider, stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (SlackApiException ex) when (ex.IsRefusal)
                {
                    // Slack's expected answer (the channel was archived, the person left): Warning, no stack trace.
                    LogRefused(work.Description, ex.Method, ex.Error);
                }
#pragma warning disable CA1031 // a background worker must survive any single failure; it is logged
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    LogFailed(ex, work.Description);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack background work {Work} was refused: {Method} answered {Error}")]
    private partial void LogRefused(string work, string method, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Slack background work failed: {Work}")]
    private partial void LogFailed(Exception exception, string work);
}
