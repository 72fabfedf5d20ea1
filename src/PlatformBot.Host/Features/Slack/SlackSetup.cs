using PlatformBot.Host.Features.Slack;
using PlatformBot.Slack;

// In PlatformBot.Host (like MapHealth) so Program.cs needs no extra using.
namespace PlatformBot.Host;

public static class SlackSetup
{
    public const string NotConfiguredMessage =
        "Slack is not configured: /slack endpoints are off (the local preview and `platformbot ask` still work)";

    /// <summary>
    /// Both Slack:SigningSecret and Slack:BotToken set: the adapter, the access policy and the background worker.
    /// Exactly one set: start-up fails naming the missing key. Neither: nothing but one log line at start.
    /// </summary>
    public static IServiceCollection AddSlackFeature(this IServiceCollection services, IConfiguration configuration)
    {
        var hasSecret = !string.IsNullOrWhiteSpace(configuration["Slack:SigningSecret"]);
        var hasToken = !string.IsNullOrWhiteSpace(configuration["Slack:BotToken"]);
        if (hasSecret && hasToken)
        {
            services.AddSlackAdapter(configuration.GetSection(SlackOptions.SectionName));
            services.AddOptions<SlackAccessOptions>().Bind(configuration.GetSection(SlackAccessOptions.Section));
            services.AddSingleton<SlackAccessPolicy>();
            services.AddSingleton<SlackBacklog>();
            services.AddHostedService<SlackWorker>();
        }
        else if (hasSecret || hasToken)
        {
            var message = hasSecret
                ? "Slack:BotToken is missing while Slack:SigningSecret is set"
                : "Slack:SigningSecret is missing while Slack:BotToken is set";
            services.AddHostedService(_ => new SlackStartupCheck(message, null));
        }
        else
        {
            services.AddHostedService(sp => new SlackStartupCheck(null, sp.GetRequiredService<ILoggerFactory>().CreateLogger<SlackStartupCheck>()));
        }

        return services;
    }

    /// <summary>POST /slack/commands, /slack/interactions, /slack/options, /slack/events; only when Slack is configured.</summary>
    public static IEndpointRouteBuilder MapSlack(this IEndpointRouteBuilder app)
    {
        if (app.ServiceProvider.GetService<SlackBacklog>() is null)
        {
            return app;
        }

        var slack = app.MapGroup("/slack").DisableAntiforgery();
        slack.MapPost("/commands", SlackEndpoints.CommandAsync);
        slack.MapPost("/interactions", SlackEndpoints.InteractionAsync);
        slack.MapPost("/options", SlackEndpoints.OptionsAsync);
        slack.MapPost("/events", SlackEndpoints.EventAsync);
        return app;
    }
}

/// <summary>Fails start-up on a half-done Slack setup, or says once that Slack is off.</summary>
internal sealed partial class SlackStartupCheck(string? error, ILogger<SlackStartupCheck>? logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (error is not null)
        {
            throw new InvalidOperationException(error);
        }

        if (logger is not null)
        {
            LogNotConfigured(logger);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = SlackSetup.NotConfiguredMessage)]
    private static partial void LogNotConfigured(ILogger logger);
}
