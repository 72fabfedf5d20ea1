using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace PlatformBot.Slack;

public static class SlackServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Slack adapter with options bound from <paramref name="section"/> (usually
    /// <c>configuration.GetSection("Slack")</c>) and validated at start-up.
    /// </summary>
    public static IServiceCollection AddSlackAdapter(this IServiceCollection services, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(section);
        return services.AddSlackAdapterCore(services.AddOptions<SlackOptions>().Bind(section));
    }

    /// <summary>Registers the Slack adapter with options set in code (tests, tools).</summary>
    public static IServiceCollection AddSlackAdapter(this IServiceCollection services, Action<SlackOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        return services.AddSlackAdapterCore(services.AddOptions<SlackOptions>().Configure(configure));
    }

    private static IServiceCollection AddSlackAdapterCore(this IServiceCollection services, OptionsBuilder<SlackOptions> options)
    {
        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SlackOptions>, SlackOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SlackRequestVerifier>();
        services.TryAddSingleton<SlackRequestReader>();
        services.TryAddSingleton(sp => new EventDeduplicator(sp.GetRequiredService<IOptions<SlackOptions>>(), sp.GetRequiredService<TimeProvider>()));

        // Timeouts are per attempt and run on TimeProvider inside the pipeline; HttpClient's own would cut across retries.
        services.AddHttpClient<SlackApiClient>((sp, http) =>
        {
            http.BaseAddress = sp.GetRequiredService<IOptions<SlackOptions>>().Value.ApiBaseUrl;
            http.Timeout = Timeout.InfiniteTimeSpan;
        });
        services.AddHttpClient<ResponseUrlClient>(http => http.Timeout = Timeout.InfiniteTimeSpan);
        return services;
    }
}
