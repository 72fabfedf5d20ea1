namespace PlatformBot.Slack;

public sealed record SlackUserProfile
{
    /// <summary>Only with the users:read.email scope.</summary>
    public string? Email { get; init; }

    public string? DisplayName { get; init; }

    public string? RealName { get; init; }
}
