using Microsoft.Extensions.Options;
using PlatformBot.Scoring;

namespace PlatformBot.Host.Features.Scoring;

public static class ScoringSetup
{
    public static IServiceCollection AddScoring(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ScoringOptions>()
            .Bind(configuration.GetSection(ScoringOptions.Section))
            .Validate(o => TimeZoneInfo.TryFindSystemTimeZoneById(o.TimeZone, out _), "Scoring:TimeZone is not a known IANA time zone.")
            .Validate(o => o.BatchSize >= 1, "Scoring:BatchSize must be at least 1.")
            .ValidateOnStart();

        // A bad model name or file stops start-up naming the key and the problem.
        services.AddSingleton(sp => BundledModels.Select(sp.GetRequiredService<IOptions<ScoringOptions>>().Value));
        services.AddSingleton(sp => new ScoringEngine(sp.GetRequiredService<ScoringModel>()));
        services.AddSingleton<BusinessCalendar>();
        services.AddSingleton<StoreChanges>();
        services.AddSingleton<ScoreRunner>();
        services.AddSingleton<SnapshotReader>();
        return services;
    }
}
