namespace PlatformBot.Teams;

/// <summary>How the connector client retries 429/412/502/503/504.</summary>
public sealed class ConnectorRetryOptions
{
    /// <summary>Total attempts including the first one.</summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>First backoff when the service sends no Retry-After; doubled per attempt, with jitter.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Upper bound for any single wait, including a Retry-After the service asks for.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    internal IEnumerable<string> Validate()
    {
        if (MaxAttempts is < 1 or > 10)
        {
            yield return $"{TeamsOptions.SectionName}:{nameof(TeamsOptions.Retry)}:{nameof(MaxAttempts)} must be between 1 and 10.";
        }

        if (BaseDelay < TimeSpan.Zero || MaxDelay < BaseDelay)
        {
            yield return $"{TeamsOptions.SectionName}:{nameof(TeamsOptions.Retry)}: {nameof(BaseDelay)} must be >= 0 and <= {nameof(MaxDelay)}.";
        }
    }
}
