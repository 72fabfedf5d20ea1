namespace PlatformBot.Slack;

public sealed record SlackChannelRef
{
    public required string Id { get; init; }

    public string? Name { get; init; }
}
