namespace PlatformBot.Host;

/// <summary>
/// One check for every chat surface (Slack, Teams): fails start-up on a half-done setup naming the missing key,
/// or says once that the surface is off. Registered with AddSingleton&lt;IHostedService&gt;, not AddHostedService:
/// the latter adds a given implementation type only once, and each surface needs its own instance.
/// </summary>
internal sealed partial class ChatFeatureStartupCheck(string? error, string? notice, ILogger<ChatFeatureStartupCheck> logger) : IHostedService
{
    public static ChatFeatureStartupCheck Failing(IServiceProvider services, string error) =>
        new(error, null, services.GetRequiredService<ILogger<ChatFeatureStartupCheck>>());

    public static ChatFeatureStartupCheck Off(IServiceProvider services, string notice) =>
        new(null, notice, services.GetRequiredService<ILogger<ChatFeatureStartupCheck>>());

    public void ThrowIfFailing()
    {
        if (error is not null)
        {
            throw new InvalidOperationException(error);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        ThrowIfFailing();

        if (notice is not null)
        {
            LogNotConfigured(logger, notice);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "{Notice}")]
    private static partial void LogNotConfigured(ILogger logger, string notice);
}
