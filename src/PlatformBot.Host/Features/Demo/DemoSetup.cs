using Microsoft.Extensions.DependencyInjection.Extensions;
using PlatformBot.Data.Import;

namespace PlatformBot.Host.Features.Demo;

public static class DemoSetup
{
    public static IServiceCollection AddDemo(this IServiceCollection services)
    {
        // The import feature registers the importer too; whichever comes first wins, and it is the same class.
        services.TryAddSingleton<CsvImporter>();
        services.AddSingleton<DemoSeeder>();
        return services;
    }
}
