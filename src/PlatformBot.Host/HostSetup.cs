using Microsoft.Extensions.Logging.Console;
using PlatformBot.Data.Storage;
using PlatformBot.Host.Features.Export;
using PlatformBot.Scoring;

namespace PlatformBot.Host;

internal static class HostArgs
{
    /// <summary>Arguments the web host may read as configuration (e.g. --urls); the verb words are the CLI's.</summary>
    public static string[] ForServer(string[] args) =>
        args.Length > 0 && args[0] == "serve" ? args[1..].Where(a => a != "--demo").ToArray() : args;

    /// <summary>
    /// A verb runs once and exits, so it does not watch its configuration files for changes: the watcher would
    /// otherwise wake for every write under the content root, such as a store's database pages during an import.
    /// </summary>
    public static readonly string[] ForCommand = ["--hostBuilder:reloadConfigOnChange=false"];
}

internal static class HostSetup
{
    /// <summary>Commands keep stdout for their output: logs go to stderr, and only warnings unless asked.</summary>
    public static WebApplicationBuilder AddPlatformBotLogging(this WebApplicationBuilder builder, bool isCommand)
    {
        if (isCommand)
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
            builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Logging.AddFilter(category: null, LogLevel.Warning);
            builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Error);
        }
        else
        {
            builder.Logging.AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.Warning);
        }

        return builder;
    }

    public static IServiceCollection AddExport(this IServiceCollection services) => services.AddSingleton<ScoreExport>();

    public static IServiceCollection AddStartupChecks(this IServiceCollection services) => services.AddHostedService<StartupChecks>();

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", async (StoreInitializer store, CancellationToken ct) =>
        {
            await store.EnsureReadyAsync(ct);
            return Results.Ok(new { status = "ok" });
        });
        return app;
    }
}

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

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

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

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (error is not null)
        {
            throw new InvalidOperationException(error);
        }

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
