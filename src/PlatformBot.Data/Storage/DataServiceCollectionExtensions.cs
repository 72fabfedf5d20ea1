using System.Data.Common;
using Microsoft.Data.Sqlite;
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
            .ValidateOnStart();

        services.AddSingleton(sp =>
        {
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
        return services;
    }
}
