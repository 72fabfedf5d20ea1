using PlatformBot.Host.Features.Preview;

// In PlatformBot.Host (like MapHealth, SlackSetup) so Program.cs needs no extra using.
namespace PlatformBot.Host;

/// <summary>
/// The local preview (ADR 0005): GET /preview, a page where typing a command shows the reply laid out as Slack would,
/// from the very Block Kit JSON the bot would send (<see cref="Features.Slack.SlackReplies"/>). Works with Slack and
/// Teams switched off: it is how a newcomer tries the bot after `serve --demo`.
/// </summary>
public static class PreviewSetup
{
    public static IServiceCollection AddPreview(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);

        // Auto (Preview:Enabled unset): on in Development, and on a host with no chat surface configured (the quickstart);
        // off on a host that serves Slack or Teams, so a production deployment never exposes it by accident.
        var chatConfigured =
            (!string.IsNullOrWhiteSpace(configuration["Slack:SigningSecret"]) && !string.IsNullOrWhiteSpace(configuration["Slack:BotToken"]))
            || (!string.IsNullOrWhiteSpace(configuration["Teams:AppId"]) && !string.IsNullOrWhiteSpace(configuration["Teams:AppPassword"]));
        var autoEnabled = environment.IsDevelopment() || !chatConfigured;
        services.AddOptions<PreviewOptions>()
            .Bind(configuration.GetSection(PreviewOptions.Section))
            .PostConfigure(o => o.IsOn = o.Enabled ?? autoEnabled);
        return services;
    }

    /// <summary>Always mapped; the guard answers 404 when the preview is off or the caller may not use it.</summary>
    public static IEndpointRouteBuilder MapPreview(this IEndpointRouteBuilder app)
    {
        var preview = app.MapGroup(PreviewEndpoints.Path).AddEndpointFilter(PreviewGuard.FilterAsync).DisableAntiforgery();
        preview.MapGet("/", PreviewEndpoints.Page);
        preview.MapGet("/assets/{name}", PreviewEndpoints.Asset);
        preview.MapGet("/api/info", PreviewEndpoints.Info);
        preview.MapPost("/api/command", PreviewEndpoints.CommandAsync);
        preview.MapPost("/api/action", PreviewEndpoints.ActionAsync);
        return app;
    }
}
