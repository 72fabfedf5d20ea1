using Microsoft.Extensions.Options;
using PlatformBot.Scoring;

namespace PlatformBot.Host.Features.Scoring;

public sealed class ScoringOptions
{
    public const string Section = "Scoring";

    /// <summary>A bundled model by name (`platformbot models` lists them); empty = the default, gitlab-current.</summary>
    public string? Model { get; set; }

    /// <summary>A scoring model JSON file of one's own, instead of a bundled model.</summary>
    public string? ModelFile { get; set; }

    /// <summary>IANA time zone that decides what "today" is for `score` and lookups.</summary>
    public string TimeZone { get; set; } = "Etc/UTC";
}

public static class ScoringSetup
{
    public static IServiceCollection AddScoring(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ScoringOptions>()
            .Bind(configuration.GetSection(ScoringOptions.Section))
            .Validate(o => TimeZoneInfo.TryFindSystemTimeZoneById(o.TimeZone, out _), "Scoring:TimeZone is not a known IANA time zone.")
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

/// <summary>"Today" in the configured time zone, from the injected TimeProvider.</summary>
public sealed class BusinessCalendar(TimeProvider time, IOptions<ScoringOptions> options)
{
    public TimeZoneInfo TimeZone { get; } = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);

    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), TimeZone).DateTime);

    /// <summary>The instant (UTC) a business day begins in the configured zone.</summary>
    public DateTime StartOfDayUtc(DateOnly date)
    {
        var local = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        // A few zones move their clocks at midnight: a day that starts in the gap starts when the clocks resume.
        while (TimeZone.IsInvalidTime(local))
        {
            local = local.AddMinutes(30);
        }

        return TimeZoneInfo.ConvertTimeToUtc(local, TimeZone);
    }
}
