namespace PlatformBot.Host.Features.Sources;

/// <summary>Sources:GitLab: the instances whose Service Ping is pulled, and when.</summary>
public sealed class GitLabOptions
{
    public const string Section = "Sources:GitLab";

    /// <summary>
    /// The weekly pull: a Quartz cron expression in Scoring:TimeZone, by default an hour before the default weekly
    /// scoring (<see cref="SourceSchedules.BeforeWeeklyScoring"/>). Empty = no scheduled pull.
    /// </summary>
    public string Schedule { get; set; } = SourceSchedules.BeforeWeeklyScoring;

    /// <summary>How long one request may take (a payload is computed in advance by GitLab; the answer is a file).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Requests per instance and pull, counting the first: 429 and 502-504 are retried, after Retry-After when given.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>The longest Retry-After honoured; an instance asking for longer fails this pull (the next one tries again).</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Without Retry-After, the wait before the second attempt (doubling after that, up to MaxRetryAfter).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    public Dictionary<string, GitLabInstanceOptions> Instances { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
