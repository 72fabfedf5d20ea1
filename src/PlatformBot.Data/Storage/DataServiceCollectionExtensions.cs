using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PlatformBot.Data.Store;

namespace PlatformBot.Data.Storage;

public static class DataServiceCollectionExtensions
{
    /// <summary>
    /// The store: one EF model, the provider chosen by Storage:Provider, one migrations assembly per provider.
    /// </summary>
    public static IServiceCollection AddPlatformBotData(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>()
            .Bind(configuration.GetSection(StorageOptions.Section))
            .Validate(o => Enum.IsDefined(o.Provider), "Storage:Provider must be Sqlite, SqlServer or Postgres.")
            .Validate(o => o.CommandTimeoutSeconds >= 0, "Storage:CommandTimeoutSeconds must be 0 (no limit) or a number of seconds.")
            .ValidateOnStart();

        services.AddSingleton(sp =>
        {
            // Said here in our words: binding would fail first with the binder's message about a type name.
            var provider = configuration[$"{StorageOptions.Section}:{nameof(StorageOptions.Provider)}"];
            if (!string.IsNullOrWhiteSpace(provider) && !Enum.TryParse<StorageProvider>(provider, ignoreCase: true, out _))
            {
                throw new InvalidOperationException($"Storage:Provider '{provider}' must be Sqlite, SqlServer or Postgres.");
            }

            var options = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            return StoreConnection.Resolve(options, configuration.GetConnectionString(StorageOptions.ConnectionStringName));
        });

        services.AddDbContextFactory<PlatformBotDbContext>((sp, builder) =>
            sp.GetRequiredService<StoreConnection>().Configure(builder));
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<PlatformBotDbContext>>().CreateDbContext());
        services.AddSingleton<StoreInitializer>();
        // The store API: every hand-written statement the host needs (ADR 0017).
        services.AddSingleton<ScoreInputReader>();
        services.AddSingleton<SnapshotStore>();
        services.AddSingleton<DirectoryReader>();
        services.AddSingleton<StoreChangeMarker>();
        return services;
    }
}
