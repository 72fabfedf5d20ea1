using Microsoft.Extensions.Options;

namespace PlatformBot.Host.Features.Lookup;

/// <summary>
/// Loads the account directory in the background when the host starts serving (<see cref="LookupOptions.LoadDirectoryOnStart"/>):
/// otherwise the first /adoption after a restart or a deploy waits for it. Start-up does not wait, and a failure is
/// only logged: the first lookup then loads the directory as it always could. Verbs do not start hosted services.
/// </summary>
internal sealed partial class DirectoryWarmup(AccountDirectory directory, IOptions<LookupOptions> options, ILogger<DirectoryWarmup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.LoadDirectoryOnStart)
        {
            return;
        }

        await Task.Yield();
        try
        {
            await directory.IndexAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down before the load finished: nothing to do.
        }
        catch (Exception ex)
        {
            // A warm-up must never stop the host; the first lookup retries the load and reports its own error.
            LogFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not load the account directory at start; the first lookup will load it")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
