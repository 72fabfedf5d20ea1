using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using PlatformBot.Data.Storage;
using PlatformBot.Host.Features.Export;
using PlatformBot.Scoring;

namespace PlatformBot.Host;

/// <summary>Settings that composition itself needs (which scheduler store, which jobs), read before options are validated.</summary>
internal static class CompositionSettings
{
    /// <summary>
    /// The section bound, or the defaults when a value does not convert: composition cannot report an error in one
    /// line, and the same value fails the options' validation at start-up (or in the verb) with the binder's message,
    /// which names the key.
    /// </summary>
    public static T Read<T>(IConfiguration configuration, string section) where T : new()
    {
        try
        {
            return configuration.GetSection(section).Get<T>() ?? new T();
        }
        catch (InvalidOperationException)
        {
            return new T();
        }
    }
}

internal static class HostSetup
{
    /// <summary>
    /// One provider for the binary's folder per process, never disposed: a provider per host would keep a file
    /// watcher (an inotify instance on Linux, 128 per user by default) for every host a process builds, as tests do.
    /// </summary>
    private static readonly Lazy<PhysicalFileProvider> BinaryFolder = new(() => new PhysicalFileProvider(AppContext.BaseDirectory));

    /// <summary>
    /// Configuration never depends on the working directory: appsettings.json and appsettings.{Environment}.json are
    /// read from the binary's folder (ASP.NET Core reads them from the content root, which is the working directory),
    /// and a `--config FILE` is added right after them, so user-secrets, environment variables and the command line
    /// still win over it (docs/configuration.md states the order; ADR 0020).
    /// </summary>
    public static WebApplicationBuilder AddPlatformBotConfiguration(this WebApplicationBuilder builder, string? configFile)
    {
        var sources = builder.Configuration.Sources;
        var binary = BinaryFolder.Value;
        string[] shipped = ["appsettings.json", $"appsettings.{builder.Environment.EnvironmentName}.json"];
        var after = -1;
        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i] is JsonConfigurationSource { Path: { } path } json && shipped.Contains(path, StringComparer.OrdinalIgnoreCase))
            {
                sources[i] = new JsonConfigurationSource { Path = path, Optional = json.Optional, ReloadOnChange = json.ReloadOnChange, FileProvider = binary };
                after = i;
            }
        }

        if (configFile is not null)
        {
            var full = Path.GetFullPath(configFile);
            var file = new JsonConfigurationSource
            {
                Path = Path.GetFileName(full),
                Optional = false,
                ReloadOnChange = false,
                FileProvider = new PhysicalFileProvider(Path.GetDirectoryName(full)!),
            };
            sources.Insert(after + 1, file);
        }

        return builder;
    }

    /// <summary>
    /// Commands keep stdout for their output: logs go to stderr, and only warnings unless asked (--verbose: debug).
    /// A failing EF command is not logged by a verb: the failure reaches the user once, as the verb's one-line error.
    /// </summary>
    public static WebApplicationBuilder AddPlatformBotLogging(this WebApplicationBuilder builder, bool isCommand, bool verbose)
    {
        if (isCommand)
        {
            var level = verbose ? LogLevel.Debug : LogLevel.Warning;
            builder.Logging.ClearProviders();
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
            builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
            builder.Logging.SetMinimumLevel(level);
            builder.Logging.AddFilter(category: null, level);
            builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", verbose ? LogLevel.Information : LogLevel.Error);
            builder.Logging.AddFilter("Microsoft.EntityFrameworkCore.Database.Command", verbose ? LogLevel.Information : LogLevel.None);
        }
        else if (verbose)
        {
            builder.Logging.SetMinimumLevel(LogLevel.Debug);
        }

        // EF logs a connection it could not open as an error, and then throws the same failure: a database that does
        // not exist yet (the first `migrate` creates it) or a server that is down. Whoever meets the exception reports
        // it (a verb's or start-up's one line, a request's or a job's error log), so EF's copy is left out.
        if (!verbose)
        {
            builder.Logging.AddFilter("Microsoft.EntityFrameworkCore.Database.Connection", LogLevel.None);
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
