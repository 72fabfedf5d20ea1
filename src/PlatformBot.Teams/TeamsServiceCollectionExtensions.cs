using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace PlatformBot.Teams;

public static class TeamsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Teams adapter with options bound from the <c>Teams</c> section of <paramref name="configuration"/>
    /// (validated at start-up) and an optional code-side tweak.
    /// </summary>
    public static IServiceCollection AddTeamsAdapter(
        this IServiceCollection services, IConfiguration configuration, Action<TeamsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var builder = services.AddOptions<TeamsOptions>()
            .Bind(configuration.GetSection(TeamsOptions.SectionName));
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        return services.AddTeamsAdapterCore();
    }

    /// <summary>Registers the Teams adapter with options set in code (tests, tools).</summary>
    public static IServiceCollection AddTeamsAdapter(this IServiceCollection services, Action<TeamsOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<TeamsOptions>().Configure(configure);
        return services.AddTeamsAdapterCore();
    }

    private static IServiceCollection AddTeamsAdapterCore(this IServiceCollection services)
    {
        services.AddOptions<TeamsOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TeamsOptions>, TeamsOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        services.AddHttpClient(TeamsHttpClientNames.Metadata, static client =>
        {
            client.Timeout = TimeSpan.FromSeconds(30);
            client.MaxResponseContentBufferSize = 1024 * 1024;
        });
        services.AddHttpClient(TeamsHttpClientNames.Msal, static client => client.Timeout = TimeSpan.FromSeconds(30));

        services.TryAddSingleton<BotFrameworkTokenValidator>();
        services.TryAddSingleton<ConnectorTokenProvider>();
        services.TryAddSingleton<ConversationRateLimiter>();
        services.TryAddTransient<ConnectorAuthHandler>();
        services.AddHttpClient<ConnectorClient>(TeamsHttpClientNames.Connector, static client =>
            {
                client.Timeout = TimeSpan.FromSeconds(60);
                client.MaxResponseContentBufferSize = 1024 * 1024;
            })
            .AddHttpMessageHandler<ConnectorAuthHandler>();
        return services;
    }

    private sealed class TeamsOptionsValidator : IValidateOptions<TeamsOptions>
    {
        public ValidateOptionsResult Validate(string? name, TeamsOptions options)
        {
            var errors = options.Validate();
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}
