using Quartz;

namespace PlatformBot.Host.Features.Sources;

/// <summary>When scheduled sources run by default, and how long a schedule's period is (what /readyz allows twice).</summary>
public static class SourceSchedules
{
    /// <summary>
    /// Weekly, Monday 04:00 in Scoring:TimeZone: an hour before the default weekly scoring (Digests:ScoringSchedule,
    /// Monday 05:00), so the week's scores see the week's data. The GitLab pull and every SQL source default to it.
    /// </summary>
    public const string BeforeWeeklyScoring = "0 0 4 ? * MON";

    /// <summary>The time between two consecutive fires after now (a week for the default).</summary>
    public static TimeSpan Period(CronExpression cron, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(cron);
        return cron.GetNextValidTimeAfter(now) is { } first && cron.GetNextValidTimeAfter(first) is { } second ? second - first : TimeSpan.FromDays(7);
    }
}
