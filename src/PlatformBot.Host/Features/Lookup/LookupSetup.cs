namespace PlatformBot.Host.Features.Lookup;

/// <summary>The lookup feature: the account directory (one index per process) and the service that answers /adoption.</summary>
public static class LookupSetup
{
    public static IServiceCollection AddLookup(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LookupOptions>().Bind(configuration.GetSection(LookupOptions.Section))
            .Validate(o => o.CardCacheFor >= TimeSpan.Zero && o.CardCacheEntries > 0, "Lookup:CardCacheFor must be >= 0 and Lookup:CardCacheEntries > 0.")
            .Validate(o => o.StoreChangePollInterval > TimeSpan.Zero, "Lookup:StoreChangePollInterval must be more than 0 (default 00:00:01).")
            .ValidateOnStart();
        // ARR's currency is part of every answer: a bad code stops the host (and any command) naming the key.
        services.AddOptions<DisplayOptions>().Bind(configuration.GetSection(DisplayOptions.Section))
            .Validate(o => DisplayOptions.IsCurrencyCode(o.Currency),
                $"{DisplayOptions.Section}:{nameof(DisplayOptions.Currency)} must be an ISO 4217 currency code of three capital letters, e.g. USD or EUR.")
            .ValidateOnStart();
        services.AddSingleton<CardCache>();
        services.AddSingleton<AccountDirectory>();
        services.AddSingleton<LookupService>();
        services.AddHostedService<DirectoryWarmup>();
        // Serve only: verbs run no hosted services, and their process ends with the write it made.
        services.AddSingleton<StoreChangePoller>();
        services.AddHostedService(sp => sp.GetRequiredService<StoreChangePoller>());
        return services;
    }
}
