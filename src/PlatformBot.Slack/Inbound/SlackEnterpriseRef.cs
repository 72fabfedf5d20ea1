namespace PlatformBot.Slack;

public sealed record SlackEnterpriseRef
{
    public required string Id { get; init; }

    public string? Name { get; init; }
}
