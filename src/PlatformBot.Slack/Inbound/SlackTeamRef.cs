namespace PlatformBot.Slack;

public sealed record SlackTeamRef
{
    public required string Id { get; init; }

    public string? Domain { get; init; }
}
