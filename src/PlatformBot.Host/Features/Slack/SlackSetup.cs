using Microsoft.Extensions.Diagnostics.HealthChecks;
using PlatformBot.Host.Features.Digests;
using PlatformBot.Host.Features.Health;
using PlatformBot.Host.Features.Slack;
using PlatformBot.Slack;

// In PlatformBot.Host (like MapHealth) so Program.cs needs no extra using.
namespace PlatformBot.Host;

public static class SlackSetup
{
    public const string NotConfiguredMessage =
        "Slack is not configured: /slack endpoints are off (the local preview and `platformbot ask` still work)";

    /// <summary>
    /// Both Slack:SigningSecret and Slack:BotToken set: the adapter and the background worker (who sees ARR: Features/Access).
    /// Exactly one set: start-up fails naming the missing key. Neither: nothing but one log line at start.
    /// </summary>
    public static IServiceCollection AddSlackFeature(this IServiceCollection services, IConfiguration configuration)
    {
        // Always: the digest preview renders Slack anywhere, and a send without Slack configured fails clearly.
        services.AddSingleton<IDigestChannel, SlackDigestChannel>();
        var hasSecret = !string.IsNullOrWhiteSpace(configuration["Slack:SigningSecret"]);
        var hasToken = !string.IsNullOrWhiteSpace(configuration["Slack:BotToken"]);
        if (hasSecret && hasToken)
        {
            services.AddSlackAdapter(configuration.GetSection(SlackOptions.SectionName));
            services.AddSingleton<ISlackApiErrorObserver, SlackErrorMetrics>();
            services.AddOptions<SlackCommandOptions>().Bind(configuration.GetSection(SlackCommandOptions.Section))
                .Validate(o => !o.Validate().Any(), "Slack:InlineAnswerTimeout must be 0..2.5 s and Slack:Workers 1..64.").ValidateOnStart();
            services.AddSingleton<SlackBacklog>();
            services.AddHostedService<SlackWorker>();
            services.AddHealthChecks().AddCheck<SlackHealthCheck>("slack", HealthStatus.Unhealthy, [HealthSetup.ReadyTag]);
        }
        else if (hasSecret || hasToken)
        {
            var message = hasSecret
                ? "Slack:BotToken is missing while Slack:SigningSecret is set"
                : "Slack:SigningSecret is missing while Slack:BotToken is set";
            services.AddSingleton<IHostedService>(sp => ChatFeatureStartupCheck.Failing(sp, message));
        }
        else
        {
            services.AddSingleton<IHostedService>(sp => ChatFeatureStartupCheck.Off(sp, NotConfiguredMessage));
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
