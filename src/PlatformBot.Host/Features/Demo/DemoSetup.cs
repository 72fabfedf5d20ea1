using System.Globalization;
using System.IO.Pipelines;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PlatformBot.Data;
using PlatformBot.Data.Import;
using PlatformBot.Data.Storage;
using PlatformBot.Scoring;

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
