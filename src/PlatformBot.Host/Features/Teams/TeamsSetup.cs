using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using PlatformBot.Host.Features.Digests;
using PlatformBot.Host.Features.Health;
using PlatformBot.Host.Features.Teams;
using PlatformBot.Teams;

// In PlatformBot.Host (like MapHealth, SlackSetup) so Program.cs needs no extra using.
namespace PlatformBot.Host;

/// <summary>
/// The Teams surface: <c>POST /api/messages</c> answering /adoption questions with Adaptive Cards.
/// </summary>
public static class TeamsSetup
{
    public const string MessagesPath = "/api/messages";

    public const string NotConfiguredMessage = "Teams is not configured: /api/messages is off";

    public const string LegalPagesMissingMessage =
        "Teams is on but /privacy or /terms answers 404 (the Teams manifest links them): set Legal:PrivacyFile or Legal:PrivacyUrl, and Legal:TermsFile or Legal:TermsUrl";

    /// <summary>
    /// Both Teams:AppId and Teams:AppPassword set: the adapter (validated at start-up) and the bot. Exactly one set:
    /// start-up fails naming the missing key (<see cref="TeamsOptions.Validate"/>). Neither: only the stored
    /// conversation references (so `platformbot subscriptions add --platform teams` can read them on any host) —
    /// <see cref="ConnectorClient"/> is resolvable only when Teams is on — and one log line at start.
    /// </summary>
    public static IServiceCollection AddTeamsFeature(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(TeamsOptions.SectionName);
        var settings = new TeamsOptions();
        section.Bind(settings);
        services.AddSingleton<ConversationReferenceStore>();

        // /privacy and /terms (the manifest's legal links) are served whether or not Teams is on here.
        services.AddOptions<LegalOptions>().Bind(configuration.GetSection(LegalOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<LegalOptions>, LegalOptionsValidator>();
        // Always, like the references: the digest preview renders Teams anywhere, and a send without Teams fails clearly.
        services.AddSingleton<IDigestChannel, TeamsDigestChannel>();
        if (settings.IsConfigured)
        {
            services.AddTeamsAdapter(configuration);
            services.AddSingleton<IConnectorErrorObserver, TeamsErrorMetrics>();
            services.AddSingleton<ActivityDeduplicator>();
            services.AddTransient<TeamsBot>();
            var legal = configuration.GetSection(LegalOptions.Section).Get<LegalOptions>() ?? new LegalOptions();
            var legalPagesMissing = (string.IsNullOrWhiteSpace(legal.PrivacyFile) && legal.PrivacyUrl is null) || (string.IsNullOrWhiteSpace(legal.TermsFile) && legal.TermsUrl is null);
            if (legalPagesMissing)
            {
                services.AddSingleton<IHostedService>(sp => ChatFeatureStartupCheck.Off(sp, LegalPagesMissingMessage));
            }

            services.AddHealthChecks().Add(new HealthCheckRegistration("teams", _ => new TeamsHealthCheck(legalPagesMissing), HealthStatus.Unhealthy, [HealthSetup.ReadyTag]));

            return services;
        }

        // Bound (not validated) without Teams too: a subscription's service URL is checked by the connector's rule.
        services.AddOptions<TeamsOptions>().Bind(section);
        var errors = settings.Validate();
        services.AddSingleton<IHostedService>(sp => errors.Count > 0
            ? ChatFeatureStartupCheck.Failing(sp, string.Join(" ", errors))
            : ChatFeatureStartupCheck.Off(sp, NotConfiguredMessage));
        return services;
    }

    /// <summary>Maps <c>/privacy</c> and <c>/terms</c>, and <c>POST /api/messages</c> only when Teams is configured.</summary>
    public static IEndpointRouteBuilder MapTeams(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapLegalPages();
        if (app.ServiceProvider.GetService<ActivityDeduplicator>() is null)
        {
            return app;
        }

        app.MapTeamsMessages(MessagesPath, static (activity, http, cancellationToken) =>
                http.RequestServices.GetRequiredService<TeamsBot>().HandleAsync(activity, cancellationToken))
            .WithName("TeamsMessages")
            .DisableAntiforgery();
        return app;
    }
}
