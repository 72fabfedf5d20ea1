namespace PlatformBot.Host.Features.Lookup;

/// <summary>The lookup feature: the account directory (one index per process) and the service that answers /adoption.</summary>
public static class LookupSetup
{
    public static IServiceCollection AddLookup(this IServiceCollection services)
    {
        services.AddSingleton<AccountDirectory>();
        services.AddSingleton<LookupService>();
        return services;
    }
}
