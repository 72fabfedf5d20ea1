using Microsoft.Extensions.Options;

namespace PlatformBot.Host.Features.Scoring;

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
