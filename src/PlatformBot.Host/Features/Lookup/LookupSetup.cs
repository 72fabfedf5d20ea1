namespace PlatformBot.Host.Features.Lookup;

/// <summary>The lookup feature: the account directory (one index per process) and the service that answers /adoption.</summary>
public static class LookupSetup
{
    public static IServiceCollection AddLookup(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LookupOptions>().Bind(configuration.GetSection(LookupOptions.Section))
            .Validate(o => o.CardCacheFor >= TimeSpan.Zero && o.CardCacheEntries > 0, "Lookup:CardCacheFor must be >= 0 and Lookup:CardCacheEntries > 0.")
            .ValidateOnStart();
        services.AddSingleton<CardCache>();
        services.AddSingleton<AccountDirectory>();
        services.AddSingleton<LookupService>();
        services.AddHostedService<DirectoryWarmup>();
        return services;
    }
}
