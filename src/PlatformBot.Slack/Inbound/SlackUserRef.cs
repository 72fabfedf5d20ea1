namespace PlatformBot.Slack;

public sealed record SlackUserRef
{
    public required string Id { get; init; }

    public string? Username { get; init; }

    public string? Name { get; init; }

    public string? TeamId { get; init; }
}
