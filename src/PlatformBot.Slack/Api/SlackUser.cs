namespace PlatformBot.Slack;

public sealed record SlackUser
{
    public required string Id { get; init; }

    public string? TeamId { get; init; }

    public string? Name { get; init; }

    public string? RealName { get; init; }

    public bool Deleted { get; init; }

    public bool IsBot { get; init; }

    /// <summary>IANA time zone, e.g. Europe/Berlin.</summary>
    public string? Tz { get; init; }

    public SlackUserProfile? Profile { get; init; }
}
