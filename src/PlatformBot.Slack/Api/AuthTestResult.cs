namespace PlatformBot.Slack;

/// <summary>auth.test: who the token belongs to. UserId is the bot's user id (for ignoring our own events).</summary>
public sealed record AuthTestResult
{
    public string? Url { get; init; }

    public string? Team { get; init; }

    public required string TeamId { get; init; }

    public string? User { get; init; }

    public required string UserId { get; init; }

    public string? BotId { get; init; }

    public string? EnterpriseId { get; init; }

    public bool IsEnterpriseInstall { get; init; }
}
