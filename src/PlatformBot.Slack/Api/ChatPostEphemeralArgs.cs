namespace PlatformBot.Slack;

internal sealed record ChatPostEphemeralArgs(string Channel, string User)
{
    public string? Text { get; init; }

    public IReadOnlyList<Block>? Blocks { get; init; }

    public string? ThreadTs { get; init; }
}
